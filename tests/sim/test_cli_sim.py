"""``ppb simulate`` and ``ppb banding`` on the command line."""
import json

import pytest

from validator.cli import main

from .helpers import model


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulate_json_shape_in_minutes(capsys):
    code, out, _ = _run(capsys, "simulate", str(model("tandem.bpmn")), "--cases", "400",
                        "--replications", "3", "--seed", "2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"cases", "replications", "seed", "engine", "cycleTime", "queueWait", "withinStandard",
            "lanes", "tasks"} <= set(data)
    assert (data["cases"], data["replications"], data["seed"], data["engine"]) == (400, 3, 2, "compiled")
    assert {"mean", "p50", "p90", "p95", "ci95"} <= set(data["cycleTime"])
    assert data["cycleTime"]["p50"] <= data["cycleTime"]["p90"] <= data["cycleTime"]["p95"]
    assert {"mean", "ci95"} <= set(data["queueWait"])
    lane = data["lanes"]["Verifikator"]
    assert lane["capacity"] == 2 and 0 < lane["utilisation"] < 1 and "mean" in lane["queueWait"]
    assert data["tasks"]["Task_Terima"]["count"] == 400
    assert data["tasks"]["Task_Verifikasi"]["queueWait"]["mean"] >= 0
    # minutes: 8 + 15 minutes of work per case at least
    assert data["cycleTime"]["mean"] > 23


def test_simulate_text_is_indonesian(capsys, tmp_path):
    target = tmp_path / "hasil.txt"
    code, out, _ = _run(capsys, "simulate", str(model("izin-4-lane.bpmn")), "-n", "300", "-r", "2",
                        "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    for phrase in ("Waktu siklus", "rata-rata", "Lane (petugas)", "pemanfaatan",
                   "Memenuhi standar pelayanan (3 jam)", "Aktivitas", "Menerima berkas"):
        assert phrase in text


def test_html_to_stdout_and_xlsx_needs_output(capsys):
    code, out, _ = _run(capsys, "simulate", str(model("mm1.bpmn")), "-n", "50", "-r", "2",
                        "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "<svg" in out
    code, _, err = _run(capsys, "simulate", str(model("mm1.bpmn")), "--format", "xlsx")
    assert code == 2 and "--output" in err


def test_errors_are_clear(capsys, tmp_path):
    code, _, err = _run(capsys, "simulate", str(tmp_path / "tidak-ada.bpmn"))
    assert code == 2 and "tidak ditemukan" in err and "Traceback" not in err
    code, _, err = _run(capsys, "simulate", str(model("mm1.bpmn")), "--cases", "0")
    assert code == 2 and "minimal 1" in err
    bad = tmp_path / "skenario.yaml"
    bad.write_text("kapasitas: [1, 2\n", encoding="utf-8")
    code, _, err = _run(capsys, "simulate", str(model("mm1.bpmn")), "--skenario", str(bad))
    assert code == 2 and "rusak" in err


def test_scenario_file_and_calendar_file(capsys, tmp_path):
    scen = tmp_path / "tambah.yaml"
    scen.write_text("kapasitas:\n  Loket: 2\n", encoding="utf-8")
    code, out, _ = _run(capsys, "simulate", str(model("mm1.bpmn")), "-n", "500", "-r", "2",
                        "--skenario", str(scen), "-f", "json")
    assert code == 0 and json.loads(out)["lanes"]["Loket"]["capacity"] == 2
    cal = tmp_path / "kalender.yaml"
    cal.write_text("nama: pendek\njam:\n  senin: '08:00-12:00'\nlibur: ['2025-01-13']\n",
                   encoding="utf-8")
    code, out, _ = _run(capsys, "simulate", str(model("mm1.bpmn")), "-n", "50", "-r", "1",
                        "--kalender", str(cal), "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["calendar"] == {"name": "pendek", "minutesPerDay": 450.0}


def test_banding_compares_with_paired_confidence_intervals(capsys, tmp_path):
    tobe = tmp_path / "tobe.bpmn"
    tobe.write_text(model("tandem.bpmn").read_text(encoding="utf-8")
                    .replace('name="Verifikator" ppb:kapasitas="2"', 'name="Verifikator" ppb:kapasitas="3"'),
                    encoding="utf-8")
    code, out, _ = _run(capsys, "banding", str(model("tandem.bpmn")), str(tobe), "-n", "1000",
                        "-r", "4", "-f", "json")
    assert code == 0
    data = json.loads(out)
    ct = data["kpis"]["cycleTime"]
    assert ct["difference"] == pytest.approx(ct["tobe"] - ct["asis"])
    assert ct["difference"] < 0 and ct["ci95"][1] < 0   # a third verifier shortens the wait
    assert data["utilisation"]["Verifikator"]["difference"] < 0
    code, out, _ = _run(capsys, "banding", str(model("tandem.bpmn")), str(tobe), "-n", "300", "-r", "2")
    assert code == 0 and "selisih" in out and "Waktu siklus rata-rata" in out
