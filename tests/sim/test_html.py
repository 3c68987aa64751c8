"""The HTML result page: self-contained, charts as inline SVG, heat map on the diagram."""
import re

import lxml.html
import pytest

from validator.cli import main
from validator.sim import Scenario, simulate
from validator.sim import html as sim_html

from .helpers import model, sample

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ktp():
    path = sample("ktp-el-lintas-fungsi-baik.bpmn")
    result = simulate(path, Scenario(cases=200, replications=3), keep_runs=True)
    return result, path.read_bytes()


@pytest.fixture(scope="module")
def izin():
    return simulate(model("izin-4-lane.bpmn"), Scenario(cases=200, replications=3), keep_runs=True)


def _doc(text):
    return lxml.html.document_fromstring(text)


def _svg(doc, cls):
    hits = doc.xpath(f"//svg[contains(concat(' ', @class, ' '), ' {cls} ')]")
    assert len(hits) == 1, cls
    return hits[0]


def test_page_is_self_contained(ktp):
    text = sim_html.render(*ktp)
    doc = _doc(text)
    assert not doc.xpath("//script")
    for el in doc.iter():
        for attr in ("src", "href", "{http://www.w3.org/1999/xlink}href"):
            value = el.get(attr) or ""
            assert not value.startswith(("http://", "https://", "//")), value
    assert "default-src 'none'" in doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert not re.search(r"(src|href)\s*=\s*[\"']https?://", text)
    assert doc.get("lang") == "id" and "Hasil Simulasi" in text


def test_histogram_bars_and_standard_line(izin):
    doc = _doc(sim_html.render(izin, None))
    svg = _svg(doc, "chart-histogram")
    bars = svg.xpath(".//rect[contains(@class, 'bar')]")
    h = sim_html.histogram(izin.cycle_times(), izin.params.standard)
    assert len(bars) == len(h["counts"]) >= 5
    assert sum(int(b.get("data-count")) for b in bars) == len(izin.cycle_times()) == 600
    line = svg.xpath(".//line[@class='standard']")[0]
    assert float(line.get("data-minutes")) == izin.params.standard == 180
    lo, hi = float(svg.get("data-x-min")), float(svg.get("data-x-max"))
    x0, width = float(svg.get("data-plot-x")), float(svg.get("data-plot-width"))
    assert float(line.get("x1")) == pytest.approx(x0 + (180 - lo) / (hi - lo) * width, abs=0.01)
    # the bars left of the line hold the cases within the standard
    left = sum(int(b.get("data-count")) for b in bars if float(b.get("data-to")) <= 180 + 1e-9)
    right = sum(int(b.get("data-count")) for b in bars if float(b.get("data-from")) >= 180 - 1e-9)
    within = sum(1 for c in izin.cycle_times() if c <= 180)
    assert left <= within <= len(izin.cycle_times()) - right


def test_utilisation_bars_match_the_result(izin):
    svg = _svg(_doc(sim_html.render(izin, None)), "chart-utilisation")
    d = izin.as_dict()
    bars = {b.get("data-lane"): b for b in svg.xpath(".//rect[@data-lane]")}
    assert set(bars) == {lane["id"] for lane in d["lanes"].values()}
    full = float(svg.get("data-bar-width"))
    for lane in d["lanes"].values():
        assert float(bars[lane["id"]].get("width")) == pytest.approx(lane["utilisation"] * full, abs=0.01)


def test_wip_line_follows_arrivals_and_finishes(izin):
    series = sim_html.wip_series(izin)
    assert len(series) == sim_html.WIP_POINTS
    run = izin.runs[0]
    # the time-weighted mean over the whole run equals total time in system / horizon
    total = sum((f if f is not None else run.horizon) - a for a, f in zip(run.arrival, run.finish))
    step = series[0][0]
    assert sum(v * step for _, v in series) == pytest.approx(total, rel=1e-6)
    svg = _svg(_doc(sim_html.render(izin, None)), "chart-wip")
    points = svg.xpath(".//polyline")[0].get("points").split()
    assert len(points) == len(series) + 1


def test_heat_map_covers_every_simulated_task(ktp):
    result, xml = ktp
    view = sim_html.page_view(result, xml)
    tasks = set(result.as_dict()["tasks"])
    assert set(view["heat"]) == tasks and tasks
    top = max(h["wait"] for h in view["heat"].values())
    assert any(h["value"] == 1.0 for h in view["heat"].values()) or top == 0
    doc = _doc(sim_html.render(result, xml))
    svg = _svg(doc, "heatmap")
    drawn = {g.get("data-element-id"): g for g in svg.xpath(".//g[contains(@class, 'heat')]")}
    assert set(drawn) == tasks
    hottest = max(view["heat"], key=lambda e: view["heat"][e]["wait"])
    assert drawn[hottest].xpath("./rect")[0].get("fill") == sim_html.heat_colour(1.0)
    assert float(drawn[hottest].get("data-wait")) == pytest.approx(view["heat"][hottest]["wait"])


def test_without_diagram_layout_the_heat_map_is_a_table(izin):
    doc = _doc(sim_html.render(izin, model("izin-4-lane.bpmn").read_bytes()))
    assert not doc.xpath("//svg[contains(@class, 'heatmap')]")
    assert "tidak memuat tata letak diagram" in doc.text_content()
    rows = doc.xpath("//table[@class='tasks']/tbody/tr/@data-element-id")
    assert set(rows) == set(izin.as_dict()["tasks"])


def test_kpis_validation_notes_and_english(izin):
    doc = _doc(sim_html.render(izin, None))
    text = doc.text_content()
    for phrase in ("Waktu siklus", "Selang kepercayaan 95%", "Peringkat hambatan", "Tingkat validasi",
                   "Catatan", "Kasus memenuhi standar pelayanan (3 jam)"):
        assert phrase in text
    ranking = doc.xpath("//ol[@class='bottlenecks']/li/@data-lane")
    assert ranking == [b["lane"] for b in izin.as_dict()["bottlenecks"]]
    en = _doc(sim_html.render(izin, None, "en"))
    assert en.get("lang") == "en" and "Bottleneck ranking" in en.text_content()


def test_svg_charts_for_the_server(izin):
    charts = sim_html.svg_charts(izin)
    assert set(charts) == {"histogram", "utilisation", "wip"}
    assert all(v.startswith("<svg") and v.endswith("</svg>") for v in charts.values())


def test_cli_html_and_banding_html(tmp_path, capsys):
    target = tmp_path / "hasil.html"
    # exit 1: at the default 40/hari arrivals the sample's Loket is overloaded (rho 1,54)
    assert main(["simulate", str(sample("ktp-el-lintas-fungsi-baik.bpmn")), "-n", "80", "-r", "2",
                 "-f", "html", "-o", str(target)]) == 1
    doc = _doc(target.read_text(encoding="utf-8"))
    assert doc.xpath("//p[@data-code='SIM-TIDAK-STABIL']")
    assert doc.xpath("//svg[contains(@class, 'heatmap')]")
    assert main(["banding", str(model("mm1.bpmn")), str(model("mm3.bpmn")), "-n", "60", "-r", "3",
                 "-f", "html"]) == 0
    doc = _doc(capsys.readouterr().out)
    assert doc.xpath("//tr[@data-kpi='cycleTime']") and not doc.xpath("//script")
