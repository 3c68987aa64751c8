"""The command line as scripts and people use it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from validator.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"
GOOD = SAMPLES / "pariaman" / "ktp-el-lintas-fungsi-baik.bpmn"
BAD = SAMPLES / "cacat" / "ktp-el-lintas-fungsi-cacat.bpmn"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_exit_codes(capsys, tmp_path):
    assert run(capsys, "validate", str(GOOD))[0] == 0
    assert run(capsys, "validate", str(BAD))[0] == 1
    broken = tmp_path / "rusak.bpmn"
    broken.write_text("<bpmn:definitions", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(GOOD), str(broken))
    assert code == 2
    assert "TIDAK DAPAT DIBACA" in out and "NOT_WELL_FORMED" in out


def test_json_shape_and_paths_as_given(capsys, monkeypatch, tmp_path):
    shutil.copy(BAD, tmp_path / "b.bpmn")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", "--format", "json", "b.bpmn", "tidak-ada.bpmn")
    data = json.loads(out)
    assert code == 2
    assert set(data) >= {"version", "files", "summary"}
    assert [f["path"] for f in data["files"]] == ["b.bpmn", "tidak-ada.bpmn"]
    ok, missing = data["files"]
    assert ok["status"] == "ok" and "error" not in ok
    assert missing["status"] == "error" and missing["error"]["code"] == "FILE_NOT_FOUND"
    assert missing["findings"] == []
    for f in ok["findings"]:
        assert set(f) >= {"rule", "severity", "element", "message", "source", "confidence", "suppressed"}
        assert f["severity"] in ("error", "warning", "info")
    assert set(data["summary"]) >= {"error", "warning", "info"}
    assert data["summary"]["error"] == sum(1 for f in ok["findings"]
                                           if f["severity"] == "error" and not f["suppressed"])


def test_output_file_and_english(capsys, tmp_path):
    target = tmp_path / "laporan.json"
    code, out, _ = run(capsys, "validate", "-f", "json", "-o", str(target), "--lang", "en", str(BAD))
    assert code == 1 and out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    msgs = [f["message"] for f in data["files"][0]["findings"] if f["rule"] == "label-required"]
    assert msgs == ["Element is missing label/name"]


def test_folder_is_walked_sorted(capsys, tmp_path):
    (tmp_path / "b").mkdir()
    shutil.copy(GOOD, tmp_path / "b" / "z.bpmn")
    shutil.copy(GOOD, tmp_path / "a.bpmn")
    (tmp_path / "readme.txt").write_text("x", encoding="utf-8")
    code, out, _ = run(capsys, "validate", "-f", "json", str(tmp_path))
    data = json.loads(out)
    # a folder is one set, its files reported by their paths as given (the folder, then the
    # path inside it), and the same map twice repeats its codes
    assert [f["path"] for f in data["files"]] == [f"{tmp_path.as_posix()}/a.bpmn",
                                                  f"{tmp_path.as_posix()}/b/z.bpmn"]
    # the repeated codes are a warning (PPB-NMK-004 is an inference, never an error by default)
    assert code == 0 and "set" in data
    assert any(f["rule"] == "PPB-NMK-004" and f["severity"] == "warning"
               for f in data["files"][1]["findings"])
    code, out, _ = run(capsys, "validate", "-f", "json", "--no-set", str(tmp_path))
    data = json.loads(out)
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in data["files"]]
    assert paths == ["a.bpmn", "b/z.bpmn"] and code == 0 and "set" not in data


def test_rules_and_explain(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "label-required" in out and "Elemen wajib diberi label" in out
    code, out, _ = run(capsys, "rules", "--format", "json")
    rules = json.loads(out)
    assert any(r["id"] == "label-required" and r["severity"] == "error" for r in rules)
    code, out, _ = run(capsys, "explain", "label-required")
    assert code == 0 and "Sumber: bpmnlint 11.15" in out and "ppb:abaikan" in out
    code, _, err = run(capsys, "explain", "label")
    assert code == 2 and "tidak dikenal" in err and "label-required" in err


@pytest.mark.parametrize("args", [
    ["validate"], ["frobnicate"], ["validate", "--format", "pdf", "x.bpmn"],
])
def test_bad_usage_exits_2_in_indonesian(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "galat" in capsys.readouterr().err


def test_bad_config_exits_2_without_traceback(capsys, tmp_path):
    cfg = tmp_path / "ppb.yaml"
    cfg.write_text("aturan:\n  ATURAN-X: error\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", "--config", str(cfg), str(GOOD))
    assert code == 2 and "konfigurasi tidak valid" in err and "ATURAN-X" in err
    code, _, err = run(capsys, "validate", "--profile", "tidak-ada", str(GOOD))
    assert code == 2 and "profil" in err


def test_console_script_runs():
    ppb = Path(sys.executable).parent / "ppb"
    proc = subprocess.run([str(ppb), "validate", str(GOOD)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Ringkasan" in proc.stdout


def test_set_reports_name_files_as_given(capsys):
    """`ppb validate bpmn_samples/pariaman/` reports bpmn_samples/pariaman/x.bpmn in JSON and
    SARIF, so that code-scanning tools find the files (set findings still land on them)."""
    import os

    here = os.getcwd()
    os.chdir(Path(__file__).resolve().parents[1])
    try:
        _code, out, _ = run(capsys, "validate", "-f", "json", "bpmn_samples/pariaman/")
        paths = [f["path"] for f in json.loads(out)["files"]]
        _code, out, _ = run(capsys, "validate", "-f", "sarif", "bpmn_samples/pariaman/")
        sarif = json.loads(out)["runs"][0]
    finally:
        os.chdir(here)
    assert paths and all(p.startswith("bpmn_samples/pariaman/") for p in paths)
    assert all(Path(p).is_file() for p in [Path(__file__).resolve().parents[1] / p for p in paths])
    uris = {a["location"]["uri"] for a in sarif["artifacts"]}
    assert uris == set(paths)
    located = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["results"]]
    assert located and set(located) <= uris
