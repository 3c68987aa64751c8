"""One truth per report: the JSON, SARIF, XLSX and HTML reports of the same run hold the same
findings — for every sample map alone and for the sample set with its plan (file findings by
file, rule and element; set findings by rule and subject)."""
from __future__ import annotations

import json
import re
from collections import Counter
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from validator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "bpmn_samples").rglob("*.bpmn"))
SET = ROOT / "bpmn_samples" / "pariaman"
PLAN = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"

_LI = re.compile(r'<li[^>]*?\sclass="finding[^"]*"[^>]*?data-file="(\d+)"[^>]*?data-rule="([^"]+)"'
                 r'(?:[^>]*?data-element="([^"]*)")?[^>]*>', re.S)
_SET_LI = re.compile(r'<li class="set-finding[^"]*"[^>]*?data-rule="([^"]+)"[^>]*?data-subject="([^"]*)"[^>]*>',
                     re.S)


def _run(tmp_path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"laporan.{fmt}"
    code = main(["validate", "-q", "-f", fmt, "-o", str(out), *args])
    assert code in (0, 1), f"ppb validate -f {fmt} ended with {code}"
    return out


def _from_json(path: Path) -> tuple[Counter, Counter]:
    data = json.loads(path.read_text(encoding="utf-8"))
    files = Counter((fr["path"], f["rule"], f.get("element") or "")
                    for fr in data["files"] for f in fr.get("findings", []))
    whole = Counter((f["rule"], f.get("subject") or "") for f in (data.get("set") or {}).get("findings", []))
    return files, whole


def _from_sarif(path: Path) -> tuple[Counter, Counter]:
    run = json.loads(path.read_text(encoding="utf-8"))["runs"][0]
    files, whole = Counter(), Counter()
    for r in run["results"]:
        logical = [loc.get("fullyQualifiedName") or loc.get("name", "")
                   for place in r.get("locations", []) for loc in place.get("logicalLocations", [])]
        physical = [place["physicalLocation"]["artifactLocation"]["uri"]
                    for place in r.get("locations", []) if "physicalLocation" in place]
        if physical:
            files[(physical[0], r["ruleId"], logical[0] if logical else "")] += 1
        else:
            whole[(r["ruleId"], logical[0] if logical else "")] += 1
    return files, whole


def _from_xlsx(path: Path) -> tuple[Counter, Counter]:
    wb = openpyxl.load_workbook(path, read_only=True)
    files, whole = Counter(), Counter()
    rows = list(wb["Temuan"].iter_rows(values_only=True))
    head = list(rows[0])
    at = {name: head.index(name) for name in ("Berkas", "Aturan", "Elemen")}
    for row in rows[1:]:
        if row[at["Aturan"]]:
            files[(row[at["Berkas"]], row[at["Aturan"]], row[at["Elemen"]] or "")] += 1
    if "Temuan Set" in wb.sheetnames:
        rows = list(wb["Temuan Set"].iter_rows(values_only=True))
        head = list(rows[0])
        for row in rows[1:]:
            if row[head.index("Aturan")]:
                whole[(row[head.index("Aturan")], row[head.index("Subjek")] or "")] += 1
    return files, whole


def _from_html(path: Path, names: list[str]) -> tuple[Counter, Counter]:
    text = path.read_text(encoding="utf-8")
    files = Counter((names[int(i)], rule, unescape(el or "")) for i, rule, el in _LI.findall(text))
    whole = Counter((rule, unescape(subject)) for rule, subject in _SET_LI.findall(text))
    return files, whole


def _compare(tmp_path, *args: str) -> int:
    base_files, base_whole = _from_json(_run(tmp_path, "json", *args))
    names = [fr["path"] for fr in json.loads((tmp_path / "laporan.json").read_text(encoding="utf-8"))["files"]]
    for fmt, read in (("sarif", _from_sarif), ("xlsx", _from_xlsx),
                      ("html", lambda p: _from_html(p, names))):
        files, whole = read(_run(tmp_path, fmt, *args))
        assert files == base_files, (fmt, (files - base_files), (base_files - files))
        assert whole == base_whole, (fmt, (whole - base_whole), (base_whole - whole))
    return sum(base_files.values()) + sum(base_whole.values())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_format_holds_the_same_findings_for_each_sample(tmp_path, sample):
    _compare(tmp_path, str(sample.relative_to(ROOT)) if sample.is_relative_to(ROOT) else str(sample))


def test_every_format_holds_the_same_findings_for_the_set_with_its_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    counted = _compare(tmp_path, "bpmn_samples/pariaman", "--rencana", "bpmn_samples/rencana-pariaman.yaml")
    assert counted > 0
