"""A result says when its figures mean nothing (issue 15, Must 3); hand-computed."""
import math

import pytest

from validator.sim import Scenario, simulate
from validator.cli import main as cli_main
from validator.sim.honest import replications_needed
from validator.sim.html import render as render_html
from validator.sim.report import render_text
from validator.sim.results import nonneg, summary

from .helpers import bpmn


def _lane_map(duration: str, arrivals: str, capacity: int = 1, extra: str = "") -> bytes:
    """One lane 'Loket' with one task; 24jam calendar."""
    body = f"""
    <bpmn:laneSet id="LS"><bpmn:lane id="L1" name="Loket" ppb:kapasitas="{capacity}">
      <bpmn:flowNodeRef>T</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S"/>
    <bpmn:task id="T" name="Layani" {duration} {extra}/>
    <bpmn:endEvent id="E"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="T"/>
    <bpmn:sequenceFlow id="f2" sourceRef="T" targetRef="E"/>"""
    return bpmn(body, f'ppb:kalender="24jam" ppb:kedatangan="{arrivals}"')


def test_overloaded_lane_is_named_with_its_rho_and_no_bottleneck():
    # 6/jam arrivals (a case every 10 min), fixed 15 min on one person: rho = 15/10 = 1.5
    res = simulate(_lane_map('ppb:durasi="tetap(15 menit)"', "tetap(10 menit)"),
                   Scenario(cases=200, replications=2, seed=3))
    d = res.as_dict()
    assert d["stable"] is False
    [w] = [w for w in d["warnings"] if w["code"] == "SIM-TIDAK-STABIL"]
    assert w["lane"] == "Loket" and w["rho"] == pytest.approx(1.5)
    assert "1,50" in w["message"] and "bertambah seiring jumlah kasus" in w["message"]
    assert d["bottlenecks"] == [] and "Hambatan utama tidak disebutkan" in d["bottlenecksWithheld"]
    text = render_text(res)
    assert "SIM-TIDAK-STABIL" in text and "Hambatan utama:" not in text
    assert text.index("SIM-TIDAK-STABIL") < text.index("Waktu siklus")
    html = render_html(res)
    assert 'data-code="SIM-TIDAK-STABIL"' in html
    assert html.index("SIM-TIDAK-STABIL") < html.index('id="ukuran"')
    # and the cycle time indeed grows with the number of cases: 15*n - 10*(n-1) for the last
    more = simulate(_lane_map('ppb:durasi="tetap(15 menit)"', "tetap(10 menit)"),
                    Scenario(cases=400, replications=2, seed=3)).as_dict()
    assert more["cycleTime"]["mean"] > 1.8 * d["cycleTime"]["mean"]


def test_stable_lane_has_no_warning_and_names_its_bottleneck():
    # rho = 8/10 = 0.8 on one person (two people: 0.4)
    res = simulate(_lane_map('ppb:durasi="tetap(8 menit)"', "tetap(10 menit)"),
                   Scenario(cases=100, replications=2))
    d = res.as_dict()
    assert d["stable"] is True and d["warnings"] == []
    assert d["bottlenecks"][0]["lane"] == "Loket"


def test_rho_counts_visits_and_capacity():
    # exponential 15 min, 2 staff, arrivals every 10 min (Poisson): rho = 15/(2*10) = 0.75
    from validator.sim.honest import lane_loads
    res = simulate(_lane_map('ppb:durasi="eksponensial(15 menit)"', "6/jam", capacity=2),
                   Scenario(cases=300, replications=2))
    assert lane_loads(res.params, res.reps)["L1"] == pytest.approx(0.75)
    assert res.as_dict()["stable"] is True


def test_no_durations_says_times_are_zero_by_assumption():
    res = simulate(_lane_map("", "6/jam"), Scenario(cases=20, replications=2))
    d = res.as_dict()
    codes = [w["code"] for w in d["warnings"]]
    assert codes == ["SIM-TANPA-DURASI"]
    assert "karena asumsi" in d["warnings"][0]["message"]
    assert d["bottlenecks"] == []
    assert "Hambatan utama:" not in render_text(res)


def test_other_tools_simulation_attributes_are_named_as_ignored():
    xml = _lane_map("", "6/jam", extra='xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
                    'camunda:duration="PT10M" camunda:assignee="x"').decode()
    xml = xml.replace('<bpmn:task id="T" name="Layani"',
                      '<bpmn:task id="T" name="Layani"', 1)
    xml = xml.replace("<bpmn:endEvent id=\"E\"/>", """<bpmn:endEvent id="E"><bpmn:extensionElements>
      <signavio:signavioMetaData xmlns:signavio="http://www.signavio.com" metaKey="durationtime" metaValue="10"/>
      <signavio:signavioMetaData xmlns:signavio="http://www.signavio.com" metaKey="bgcolor" metaValue="#fff"/>
      </bpmn:extensionElements></bpmn:endEvent>""")
    d = simulate(xml.encode(), Scenario(cases=10, replications=1)).as_dict()
    [w] = [w for w in d["warnings"] if w["code"] == "SIM-PARAM-DIABAIKAN"]
    assert "camunda:duration" in w["message"]
    assert "camunda:assignee" not in w["message"]   # not a simulation parameter
    assert "signavio:signavioMetaData (durationtime)" in w["message"]
    assert "bgcolor" not in w["message"]
    assert "2 parameter" in w["message"]


def test_interval_of_a_time_never_goes_below_zero():
    raw = summary([0.0, 100.0])          # t(1) = 12.706: [-585, 685]
    assert raw["ci95"][0] < 0
    cut = nonneg(raw)
    assert cut["ci95"] == [0.0, pytest.approx(50 + 12.706 * 50)]
    res = simulate(_lane_map('ppb:durasi="eksponensial(9 menit)"', "6/jam"),
                   Scenario(cases=20, replications=2, seed=5))
    d = res.as_dict()
    for kpi in (d["cycleTime"], d["queueWait"], d["processing"], d["otherWait"]):
        assert kpi["ci95"] is None or kpi["ci95"][0] >= 0
    assert "dipotong di 0" in d["ciMethod"]


def test_replications_needed_for_five_percent():
    # mean 100, sd sqrt(50) = 7.07: n must satisfy t(n-1)^2 * 2 <= n
    # n = 10: t(9) = 2.262 -> 10.23 > 10, not enough; n = 11: t(10) = 2.228 -> 9.93 <= 11
    assert replications_needed([95.0, 105.0]) == 11
    # sd sqrt(200): t(n-1)^2 * 8 <= n -> n = 34 (t(33) = 2.034 -> 33.1 <= 34; n = 33: 33.1 > 33)
    assert replications_needed([90.0, 110.0]) == 34
    assert replications_needed([5.0]) is None
    res = simulate(_lane_map('ppb:durasi="eksponensial(5 menit)"', "6/jam"),
                   Scenario(cases=50, replications=3))
    prec = res.as_dict()["precision"]
    assert prec["replicationsNeeded"] >= 2 and str(prec["replicationsNeeded"]) in prec["text"]


def test_cli_exits_1_on_an_unstable_map(tmp_path, capsys):
    path = tmp_path / "beban.bpmn"
    path.write_bytes(_lane_map('ppb:durasi="tetap(15 menit)"', "tetap(10 menit)"))
    code = cli_main(["simulate", str(path), "--cases", "50", "--replications", "2"])
    out = capsys.readouterr().out
    assert code == 1
    assert "SIM-TIDAK-STABIL" in out and "Hambatan utama:" not in out


def test_server_page_shows_the_warning_above_the_figures_and_no_bottleneck():
    from pathlib import Path

    import jinja2

    templates = Path(__file__).resolve().parents[2] / "validator" / "web" / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
    res = simulate(_lane_map('ppb:durasi="tetap(15 menit)"', "tetap(10 menit)"),
                   Scenario(cases=60, replications=2))
    html = env.get_template("simulasi_hasil.html").render(r=res.as_dict("id"))
    assert 'data-kode="SIM-TIDAK-STABIL"' in html
    assert html.index("SIM-TIDAK-STABIL") < html.index('id="tabel-kpi"')
    assert 'id="hambatan-ditahan"' in html and "Hambatan utama:" not in html
    assert 'id="ketelitian"' in html


def test_xlsx_summary_starts_with_the_warning():
    from validator.sim import xlsx

    res = simulate(_lane_map('ppb:durasi="tetap(15 menit)"', "tetap(10 menit)"),
                   Scenario(cases=60, replications=2))
    ws = xlsx.workbook(res).worksheets[0]
    assert ws.cell(3, 1).value == "SIM-TIDAK-STABIL"
    assert "rho = 1,50" in ws.cell(3, 2).value
    values = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert any(isinstance(v, str) and "Hambatan utama tidak disebutkan" in v for v in values)
