"""One truth per report: the JSON, SARIF, XLSX, text and HTML reports of the same run hold the
same findings, placed the same — for every sample map alone and for the sample set with its
plan. A finding is compared by file, rule, where it sits (scope: on elements, on a plan item or
on the whole map) and every element it names; set findings by rule, scope, subject and
elements. Each format is read back from what it shows (locations, columns, attributes,
words), not from a copy of the JSON."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import lxml.html
import openpyxl
import pytest

from validator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "bpmn_samples").rglob("*.bpmn"))

# a finding: (file, rule, scope, subject, element ids); a set finding: file ""
Key = tuple[str, str, str, str, tuple[str, ...]]


def _run(tmp_path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"laporan.{fmt}"
    code = main(["validate", "-q", "-f", fmt, "-o", str(out), *args])
    assert code in (0, 1), f"ppb validate -f {fmt} ended with {code}"
    return out


def _json_key(path: str, f: dict) -> Key:
    scope = f["scope"]
    assert scope in ("elemen", "rencana", "peta"), f
    if scope == "elemen":
        names = f.get("elements") or [f["element"]]
        assert names[0] == f["element"], f          # the list starts with the finding's element
    else:
        names = []
    if scope == "rencana":
        assert f.get("subject") and not f.get("element"), f
    return (path, f["rule"], scope, f.get("subject") or "", tuple(names))


def _from_json(path: Path) -> Counter:
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = Counter(_json_key(fr["path"], f) for fr in data["files"] for f in fr.get("findings", []))
    keys.update(_json_key("", f) for f in (data.get("set") or {}).get("findings", []))
    return keys


def _from_sarif(path: Path) -> Counter:
    """Scope and elements from the locations alone: one location per element named (kind
    "element"), a plan item (kind "planItem"), or just the file for a map-level finding."""
    run = json.loads(path.read_text(encoding="utf-8"))["runs"][0]
    keys = Counter()
    for r in run["results"]:
        places = r["locations"]
        files = {p["physicalLocation"]["artifactLocation"]["uri"] for p in places
                 if "physicalLocation" in p}
        assert len(files) <= 1, r
        file = files.pop() if files else ""
        if file:
            assert all("physicalLocation" in p for p in places), r
        logical = [loc for p in places for loc in p.get("logicalLocations", [])]
        kinds = {loc["kind"] for loc in logical}
        if kinds == {"element"}:
            assert len(logical) == len(places), r      # one location per element
            scope, subject = "elemen", ""
            names = tuple(loc["fullyQualifiedName"] for loc in logical)
        elif kinds == {"planItem"}:
            (loc,) = logical
            scope, subject, names = "rencana", loc["fullyQualifiedName"], ()
        else:
            assert len(places) == 1 and kinds <= {"module"}, r  # the file (or the set) alone
            scope, subject, names = "peta", "", ()
        assert r["properties"]["scope"] == scope, r
        keys[(file, r["ruleId"], scope, subject, names)] += 1
    return keys


XLSX_SCOPE = {"Elemen": "elemen", "Butir rencana": "rencana", "Seluruh peta": "peta",
              "Seluruh set peta": "peta"}
_XLSX_ELEMENT = re.compile(r"([^\s,«»]+)(?: «[^»]*»)?(?:, |$)")


def _xlsx_names(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    names = tuple(m.group(1) for m in _XLSX_ELEMENT.finditer(cell))
    assert ", ".join(names) == re.sub(r" «[^»]*»", "", cell), cell
    return names


def _from_xlsx(path: Path) -> Counter:
    wb = openpyxl.load_workbook(path, read_only=True)
    keys = Counter()
    rows = list(wb["Temuan"].iter_rows(values_only=True))
    at = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        if not row[at["Aturan"]]:
            continue
        scope = XLSX_SCOPE[row[at["Letak"]]]
        names = _xlsx_names(row[at["Elemen disebut"]])
        if names:
            assert row[at["Elemen"]] == names[0], row
        keys[(row[at["Berkas"]], row[at["Aturan"]], scope, row[at["Butir rencana"]] or "",
              names)] += 1
    if "Temuan Set" in wb.sheetnames:
        rows = list(wb["Temuan Set"].iter_rows(values_only=True))
        at = {name: i for i, name in enumerate(rows[0])}
        for row in rows[1:]:
            if row[at["Aturan"]]:
                keys[("", row[at["Aturan"]], XLSX_SCOPE[row[at["Letak"]]],
                      row[at["Subjek"]] or "", _xlsx_names(row[at["Elemen disebut"]]))] += 1
    return keys


_TEXT_HEAD = re.compile(r"^  [ \w]{10}  (?:KESALAHAN|PERINGATAN|INFO) +(\S+) +(.+?)(?: \(diabaikan\))?$")


def _from_text(path: Path) -> Counter:
    """The text report: a file's path, then a head line per finding whose last column says
    where it sits ("seluruh peta", "butir rencana X" or the element ids)."""
    keys = Counter()
    file = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" "):
            file = "" if line.startswith("Temuan atas set peta") else line
            continue
        m = _TEXT_HEAD.match(line)
        if not m:
            continue
        rule, place = m.groups()
        if place in ("seluruh peta", "seluruh set peta"):
            keys[(file, rule, "peta", "", ())] += 1
        elif place.startswith("butir rencana "):
            keys[(file, rule, "rencana", place.removeprefix("butir rencana "), ())] += 1
        else:
            keys[(file, rule, "elemen", "", tuple(place.split(", ")))] += 1
    return keys


def _from_html(path: Path, names: list[str]) -> Counter:
    """List items of the findings (the viewer marks data-elements, else data-element); a
    map-level finding is in its file's "Temuan tingkat peta" box and nowhere else."""
    doc = lxml.html.fromstring(path.read_bytes())
    keys = Counter()
    for li in doc.xpath('//li[contains(concat(" ", @class, " "), " finding ")]'):
        scope = li.get("data-scope")
        boxed = bool(li.xpath('ancestor::section[contains(@class, "map-findings")]'))
        assert boxed == (scope == "peta"), lxml.html.tostring(li)[:300]
        many = (li.get("data-elements") or "").split()
        element = li.get("data-element") or ""
        ids = tuple(many) if many else ((element,) if element and scope == "elemen" else ())
        if many:
            assert many[0] == element
        if scope != "elemen":
            assert not many
        keys[(names[int(li.get("data-file"))], li.get("data-rule"), scope,
              li.get("data-subject") or "", ids)] += 1
    for li in doc.xpath('//li[contains(@class, "set-finding")]'):
        keys[("", li.get("data-rule"), li.get("data-scope"), li.get("data-subject") or "",
              tuple((li.get("data-elements") or "").split()))] += 1
    return keys


def _compare(tmp_path, *args: str) -> Counter:
    base = _from_json(_run(tmp_path, "json", *args))
    names = [fr["path"] for fr in json.loads((tmp_path / "laporan.json").read_text(encoding="utf-8"))["files"]]
    for fmt, read in (("sarif", _from_sarif), ("xlsx", _from_xlsx), ("text", _from_text),
                      ("html", lambda p: _from_html(p, names))):
        got = read(_run(tmp_path, fmt, *args))
        assert got == base, (fmt, got - base, base - got)
    return base


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_format_holds_the_same_findings_for_each_sample(tmp_path, monkeypatch, sample):
    monkeypatch.chdir(ROOT)
    _compare(tmp_path, str(sample.relative_to(ROOT)))


def test_every_format_holds_the_same_findings_for_the_set_with_its_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    counted = _compare(tmp_path, "bpmn_samples/pariaman", "--rencana", "bpmn_samples/rencana-pariaman.yaml")
    assert sum(counted.values()) > 0
    assert any(key[0] == "" and key[2] == "rencana" for key in counted)   # a set finding on a plan item


def test_the_comparison_covers_every_kind_of_place(tmp_path, monkeypatch):
    """The samples hold map-level findings and findings naming several elements, so the
    comparisons above check those too (and a comparison that skipped them would fail here)."""
    monkeypatch.chdir(ROOT)
    got = Counter()
    for sample in ("bpmn_samples/cacat/pemda-level0-cacat.bpmn",
                   "bpmn_samples/cacat/disdukcapil-level1-cacat.bpmn"):
        got.update(_compare(tmp_path, sample))
    assert any(k[2] == "peta" for k in got)
    several = [k for k in got if len(k[4]) > 1]
    assert {k[1] for k in several} >= {"PPB-LVL-003", "PPB-NMK-004", "fake-join"}
