"""Every finding says where it sits (element, plan item or the map) and names all its elements."""
from __future__ import annotations

from validator.engine import Finding

from .conftest import RULE_FIXTURES, only_rule


def _finding(**kw) -> Finding:
    base = dict(rule="X", severity="warning", element=None, message="m", message_en="e",
                source="s", confidence="c", group="g", title="t", fix="f")
    base.update(kw)
    return Finding(**base)


def test_scope_follows_the_placement():
    assert _finding(element="Task_1").to_dict()["scope"] == "elemen"
    assert _finding(subject="S4.1").to_dict()["scope"] == "rencana"
    assert _finding().to_dict()["scope"] == "peta"


def test_elements_round_trip_and_are_left_out_when_single():
    one = _finding(element="Task_1").to_dict()
    assert "elements" not in one
    many = _finding(element="A", elements=["A", "B"]).to_dict()
    assert many["elements"] == ["A", "B"] and many["element"] == "A"
    back = Finding.from_dict(many)
    assert back.elements == ["A", "B"] and back.element == "A"
    assert Finding.from_dict(one).elements == []


def test_level0_task_detail_sits_on_the_first_task_and_names_them_all():
    path = RULE_FIXTURES / "PPB-LVL-003" / "invalid-task-gateway.bpmn"
    got = [f for f in only_rule("PPB-LVL-003").validate_file(path).findings if f.rule == "PPB-LVL-003"]
    tasks = next(f for f in got if "task" in f.message_en)
    assert tasks.element == "Task_Daftar"
    assert tasks.elements[0] == "Task_Daftar" and len(tasks.elements) == 4
    assert all(e.startswith("Task_") for e in tasks.elements)
    gateway = next(f for f in got if "gateway" in f.message_en)
    assert gateway.element == "Gw_Rujuk" and gateway.elements == []  # a single one: no list


# --- the report pages: map-level findings in a header box above the diagram ---------------


def _cacat_view():
    from pathlib import Path

    from validator.config import Config
    from validator.engine import Validator
    from validator.report.html_report import page_view
    from validator.report.json_report import as_dict

    path = Path(__file__).resolve().parents[1] / "bpmn_samples" / "cacat" / "pemda-level0-cacat.bpmn"
    report = Validator(Config()).validate_paths([str(path)])
    entries = as_dict(report)["files"]
    for e in entries:
        e["diagram"], e["raw"] = "missing", None
    return entries, page_view(entries)


def test_map_level_findings_go_to_the_header_box_exactly_once():
    entries, view = _cacat_view()
    findings = entries[0]["findings"]
    fv = view["files"][0]
    boxed = {x["n"] for x in fv["map_findings"]}
    listed = {x["n"] for b in fv["blocks"] for g in b["groups"] for x in g["findings"]}
    assert boxed and not boxed & listed
    assert boxed | listed == set(range(1, len(findings) + 1))
    for n in boxed:
        assert findings[n - 1]["scope"] == "peta"
        assert findings[n - 1]["rule"] != "PPB-LVL-003"  # it sits on its tasks now
    for n in listed:
        assert findings[n - 1]["scope"] != "peta"
    assert any(findings[n - 1]["rule"] == "PPB-KLP-007" for n in boxed)
    lvl3 = next(x for b in fv["blocks"] for g in b["groups"] for x in g["findings"]
                if x["rule"] == "PPB-LVL-003")
    assert lvl3["element"] == "Task_SusunRKPD" and len(lvl3["elements"].split()) == 2


def test_a_file_with_only_map_level_findings_has_no_element_blocks():
    from validator.report.html_report import page_view

    def f(**kw):
        return {"rule": "PPB-KLP-007", "severity": "warning", "group": "klp", "message": "m", **kw}

    entry = {"path": "a.bpmn", "status": "ok", "diagram": "missing", "raw": None,
             "findings": [f(element="Defs_1", elementType="Definitions", scope="peta"),
                          f(element=None, scope="peta", severity="error"),
                          f(element=None, subject="S1", scope="rencana")]}
    fv = page_view([entry])["files"][0]
    assert [x["n"] for x in fv["map_findings"]] == [2, 1]      # errors first
    assert [x["n"] for b in fv["blocks"] for g in b["groups"] for x in g["findings"]] == [3]
    # a stored report without "scope" (older JSON) is placed the same way
    old = {**entry, "findings": [{k: v for k, v in x.items() if k != "scope"}
                                 for x in entry["findings"]]}
    assert [x["n"] for x in page_view([old])["files"][0]["map_findings"]] == [2, 1]


# --- every format says where a finding sits --------------------------------------------------

def _placed_report(monkeypatch):
    """The flawed Level 0 sample, run as one file (no model kept, as the CLI does), plus a
    finding on a plan item of that file and a set finding naming two elements."""
    from pathlib import Path

    from validator.engine import Validator

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    report = Validator().validate_paths(["bpmn_samples/cacat/pemda-level0-cacat.bpmn"])
    assert report.files[0].model is None
    report.files[0].findings.append(_finding(rule="PPB-ALN-001", subject="S4.1", line=0))
    return report


def test_text_report_names_every_place_and_puts_the_map_first(monkeypatch):
    from validator.report import render

    report = _placed_report(monkeypatch)
    heads = [line for line in render(report, "text").splitlines()
             if "PERINGATAN" in line or "KESALAHAN" in line or " INFO " in line]
    n_map = sum(1 for f in report.files[0].findings if f.scope == "peta")
    assert n_map and all(h.endswith("seluruh peta") for h in heads[:n_map])
    assert not any(h.endswith("seluruh peta") for h in heads[n_map:])
    assert any(h.endswith("Task_SusunRKPD, Task_BahasKUAPPAS") for h in heads)
    assert any(h.endswith("Sub_06_Trantibum, Sub_05_Pariwisata") for h in heads)
    assert any(h.endswith("butir rencana S4.1") for h in heads)
    assert len(heads) == len(report.files[0].findings)
    report.lang = "en"
    english = render(report, "text")
    assert "whole map" in english and "plan item S4.1" in english


def test_xlsx_says_where_and_names_every_element(monkeypatch):
    from io import BytesIO

    from openpyxl import load_workbook

    from validator.report import render

    report = _placed_report(monkeypatch)
    ws = load_workbook(BytesIO(render(report, "xlsx")))["Temuan"]
    rows = list(ws.iter_rows(values_only=True))
    rows = [dict(zip(rows[0], r)) for r in rows[1:]]
    by_rule = {}
    for r in rows:
        by_rule.setdefault(r["Aturan"], []).append(r)
    assert {r["Letak"] for r in by_rule["PPB-KLP-007"]} == {"Seluruh peta"}
    assert all(r["Elemen disebut"] is None for r in by_rule["PPB-KLP-007"])
    (lvl3,) = by_rule["PPB-LVL-003"]
    assert lvl3["Letak"] == "Elemen"
    # the second element's name comes from the file read again (a one-file run keeps no model)
    assert lvl3["Elemen disebut"] == ("Task_SusunRKPD «Menyusun rancangan RKPD», "
                                      "Task_BahasKUAPPAS «Membahas KUA-PPAS bersama DPRD»")
    (plan,) = by_rule["PPB-ALN-001"]
    assert (plan["Letak"], plan["Butir rencana"], plan["Elemen disebut"]) == ("Butir rencana", "S4.1", None)


def test_sarif_locations_follow_the_scope(monkeypatch):
    import json

    from validator.report import render

    report = _placed_report(monkeypatch)
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    uri = "bpmn_samples/cacat/pemda-level0-cacat.bpmn"
    for r, f in zip(results, report.files[0].findings):
        files = {p["physicalLocation"]["artifactLocation"]["uri"] for p in r["locations"]}
        assert files == {uri}
        if f.scope == "peta":
            (only,) = r["locations"]
            assert "logicalLocations" not in only
    lvl3 = next(r for r in results if r["ruleId"] == "PPB-LVL-003")
    assert [p["logicalLocations"][0]["name"] for p in lvl3["locations"]] == ["Task_SusunRKPD",
                                                                           "Task_BahasKUAPPAS"]
    lines = [p["physicalLocation"]["region"]["startLine"] for p in lvl3["locations"]]
    assert lines[0] < lines[1]            # each element at its own line
    plan = next(r for r in results if r["ruleId"] == "PPB-ALN-001")
    (place,) = plan["locations"]
    assert place["logicalLocations"] == [{"name": "S4.1", "fullyQualifiedName": "S4.1",
                                          "kind": "planItem"}]
    assert plan["properties"]["scope"] == "rencana"


def test_sarif_set_finding_on_elements_and_on_the_set(monkeypatch):
    import json

    from validator.report import render

    report = _placed_report(monkeypatch)
    report.is_set = True
    report.set_findings = [_finding(rule="PPB-ALN-005", element="P1", elements=["P1", "P2"]),
                           _finding(rule="PPB-ALN-006")]
    results = json.loads(render(report, "sarif"))["runs"][0]["results"][-2:]
    assert [p["logicalLocations"][0]["name"] for p in results[0]["locations"]] == ["P1", "P2"]
    assert results[1]["locations"] == [{"logicalLocations": [
        {"name": "set", "fullyQualifiedName": "set", "kind": "module"}]}]


def test_html_report_draws_each_finding_with_its_place(monkeypatch):
    import lxml.html
    import pytest

    from validator.report import assets, render

    try:
        assets.check()
    except assets.AssetsMissing as exc:
        pytest.skip(f"viewer bundle not built (make assets): {exc}")
    report = _placed_report(monkeypatch)
    doc = lxml.html.fromstring(render(report, "html").encode("utf-8"))
    items = doc.xpath('//li[contains(concat(" ", @class, " "), " finding ")]')
    assert len(items) == len(report.files[0].findings)
    boxed = doc.xpath('//section[contains(@class, "map-findings")]//li')
    assert boxed and all(li.get("data-scope") == "peta" for li in boxed)
    assert all(" ".join(li.xpath('.//p[@class="finding-where"]')[0].text_content().split())
               .startswith("Seluruh peta") for li in boxed)
    lvl3 = next(li for li in items if li.get("data-rule") == "PPB-LVL-003")
    assert lvl3.get("data-elements") == "Task_SusunRKPD Task_BahasKUAPPAS"
    where = " ".join(lvl3.xpath('.//p[@class="finding-where"]')[0].text_content().split())
    assert where.startswith("2 elemen: Task_SusunRKPD «Menyusun rancangan RKPD», "
                            "Task_BahasKUAPPAS «Membahas KUA-PPAS bersama DPRD»")
    assert lvl3.get("title") == "Klik untuk menunjukkan 2 elemen pada diagram"
    plan = next(li for li in items if li.get("data-rule") == "PPB-ALN-001")
    assert plan.get("data-scope") == "rencana" and plan.get("data-subject") == "S4.1"
    assert " ".join(plan.xpath('.//p[@class="finding-where"]')[0].text_content().split()) == \
        "Butir rencana S4.1"
