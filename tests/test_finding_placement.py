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
