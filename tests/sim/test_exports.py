"""Event log (CSV, XES), XLSX and the polish of the JSON result."""
import csv
import datetime as dt
import json

import pytest
from lxml import etree
from openpyxl import load_workbook

from validator.cli import main
from validator.sim import Scenario, simulate
from validator.sim import eventlog, xlsx
from validator.sim.results import clip01, denoise, denoise_kpi

from .helpers import model

XES = "{http://www.xes-standard.org/}"


@pytest.fixture(scope="module")
def izin():
    return simulate(model("izin-4-lane.bpmn"), Scenario(cases=150, replications=2, seed=3),
                    keep_runs=True)


def _activity_records(result):
    return [rec for run in result.runs for rec in run.log if rec[6] < 2]


def test_csv_has_one_row_per_activity_instance(izin, tmp_path):
    target = tmp_path / "log.csv"
    n = eventlog.write_csv(izin, str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert n == len(rows) == len(_activity_records(izin))
    assert {r["replikasi"] for r in rows} == {"1", "2"}
    assert len({r["id_kasus"] for r in rows}) == 2 * 150
    terima = [r for r in rows if r["id_aktivitas"] == "Task_Terima"]
    assert terima and all(r["nama_aktivitas"] == "Menerima berkas" and
                          r["lane"] == "Petugas Front Office" for r in terima)
    for r in rows:
        enq, start, end = (dt.datetime.fromisoformat(r[k]) for k in
                           ("waktu_masuk_antrean", "waktu_mulai", "waktu_selesai"))
        assert enq <= start <= end
    en = eventlog.csv_text(izin, lang="en").splitlines()[0]
    assert en.startswith("case_id,replication,activity_id")


def test_timestamps_follow_the_start_date_and_the_working_calendar(tmp_path):
    r = simulate(model("mm1.bpmn"), Scenario(cases=30, replications=1, calendar="pemda"),
                 keep_runs=True)
    start = dt.datetime(2025, 3, 3)  # a Monday
    recs = list(eventlog.records(r, start))
    cal = eventlog.calendar_for(r, start)
    first = min(r.runs[0].log, key=lambda rec: rec[4])
    assert recs and min(x.start for x in recs) == cal.to_datetime(first[4])
    for x in recs:  # the office is open 07:30-16:00, Monday to Friday
        assert x.start.weekday() < 5 and dt.time(7, 30) <= x.start.time() <= dt.time(16, 0)
        assert x.start.date() >= start.date()


def test_xes_parses_back_with_the_right_traces_and_events(izin, tmp_path):
    target = tmp_path / "log.xes"
    traces, events = eventlog.write_xes(izin, str(target))
    root = etree.parse(str(target)).getroot()
    assert root.tag == XES + "log" and root.get("xes.version") == "1.0"
    assert {e.get("prefix") for e in root.findall(XES + "extension")} == {"concept", "lifecycle",
                                                                          "time", "org"}
    xml_traces = root.findall(XES + "trace")
    arrived = sum(len(run.arrival) for run in izin.runs)
    assert traces == len(xml_traces) == arrived == 300
    xml_events = root.findall(f"{XES}trace/{XES}event")
    assert events == len(xml_events) == 2 * len(_activity_records(izin))
    for trace in xml_traces[:40]:
        stamps = [e.find(f"{XES}date[@key='time:timestamp']").get("value") for e in trace.findall(XES + "event")]
        assert stamps == sorted(stamps)
        kinds = [e.find(f"{XES}string[@key='lifecycle:transition']").get("value")
                 for e in trace.findall(XES + "event")]
        assert kinds.count("start") == kinds.count("complete") + kinds.count("ate_abort")
    names = {e.find(f"{XES}string[@key='concept:name']").get("value") for e in xml_events}
    assert "Menyerahkan izin" in names
    assert all(e.find(f"{XES}string[@key='org:resource']") is not None for e in xml_events)


def test_cli_eventlog_option(tmp_path, capsys):
    target = tmp_path / "log.xes"
    code = main(["simulate", str(model("mm1.bpmn")), "-n", "40", "-r", "2", "--eventlog",
                 str(target), "--eventlog-mulai", "2025-02-03T08:00", "-f", "json"])
    out = capsys.readouterr()
    assert code == 0 and "log peristiwa" in out.err
    root = etree.parse(str(target)).getroot()
    assert len(root.findall(XES + "trace")) == 80
    stamp = root.find(f"{XES}trace/{XES}event/{XES}date").get("value")
    assert stamp.startswith("2025-02-03")
    code = main(["simulate", str(model("mm1.bpmn")), "--eventlog", str(tmp_path / "log.txt")])
    assert code == 2 and ".csv atau .xes" in capsys.readouterr().err


def test_xlsx_sheets_hold_numbers(izin, tmp_path):
    target = tmp_path / "hasil.xlsx"
    xlsx.write(izin, target)
    wb = load_workbook(target)
    assert wb.sheetnames == ["Ringkasan", "Lane", "Aktivitas", "Histogram", "Catatan"]
    d = izin.as_dict()
    ws = wb["Ringkasan"]
    rows = {row[0]: row for row in ws.iter_rows(values_only=True) if row[0]}
    mean_row = rows["Waktu siklus rata-rata"]
    assert mean_row[1] == pytest.approx(d["cycleTime"]["mean"])
    assert [mean_row[2], mean_row[3]] == pytest.approx(d["cycleTime"]["ci95"])
    assert rows["Kasus memenuhi standar pelayanan"][1] == pytest.approx(d["withinStandard"])
    lanes = list(wb["Lane"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in lanes} == set(d["lanes"])
    assert all(isinstance(r[3], float) and 0 <= r[3] <= 1 for r in lanes)
    tasks = list(wb["Aktivitas"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in tasks} == set(d["tasks"])
    hist = list(wb["Histogram"].iter_rows(min_row=2, values_only=True))
    assert sum(r[2] for r in hist) == len(izin.cycle_times())
    assert wb["Histogram"]._charts
    assert wb["Catatan"].max_row >= 1


def test_cli_xlsx_and_banding(tmp_path, capsys):
    target = tmp_path / "h.xlsx"
    assert main(["simulate", str(model("mm1.bpmn")), "-n", "50", "-r", "2", "-f", "xlsx",
                 "-o", str(target), "--lang", "en"]) == 0
    assert load_workbook(target).sheetnames == ["Summary", "Lanes", "Activities", "Histogram", "Notes"]
    assert main(["simulate", str(model("mm1.bpmn")), "-f", "xlsx"]) == 2
    assert "--output" in capsys.readouterr().err
    target = tmp_path / "b.xlsx"
    assert main(["banding", str(model("mm1.bpmn")), str(model("mm3.bpmn")), "-n", "60", "-r", "3",
                 "-f", "xlsx", "-o", str(target)]) == 0
    rows = list(load_workbook(target)["Banding"].iter_rows(min_row=6, values_only=True))
    assert rows[0][0].startswith("Waktu siklus rata-rata")
    assert rows[0][3] == pytest.approx(rows[0][2] - rows[0][1])


def test_shares_are_clipped_and_noise_is_zero():
    assert clip01({"mean": 1.02, "ci95": [0.97, 1.07]}) == {"mean": 1.0, "ci95": [0.97, 1.0]}
    assert clip01({"mean": 0.01, "ci95": [-0.02, 0.04]})["ci95"] == [0.0, 0.04]
    assert denoise(-2e-15) == 0.0 and denoise(-0.5) == -0.5 and denoise(None) is None
    assert denoise_kpi({"mean": 3e-16, "ci95": [-1e-14, 2.0]}) == {"mean": 0.0, "ci95": [0.0, 2.0]}


def test_json_shares_stay_in_unit_interval(capsys):
    assert main(["simulate", str(model("izin-4-lane.bpmn")), "-n", "60", "-r", "3", "-f", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    for lane in d["lanes"].values():
        assert 0 <= lane["utilisation"] <= 1
        assert all(0 <= v <= 1 for v in lane["utilisationCi95"])
    assert all(0 <= v <= 1 for v in d["withinStandardCi95"])
    # a map whose cases never wait besides queues: other waiting is exactly 0, never -0.0...
    assert d["otherWait"]["mean"] == 0 or abs(d["otherWait"]["mean"]) > 1e-9
