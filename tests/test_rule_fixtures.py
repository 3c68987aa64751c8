"""Every rule has a valid and an invalid fixture, and gives exactly the expected findings.

Layout, as bpmnlint's tests: ``tests/rules/<RULE-ID>/valid*.bpmn`` must give no
finding of that rule; each ``invalid*.bpmn`` must give exactly the findings listed
for it in ``expected.yaml``::

    invalid-unnamed-task.bpmn:
      - {element: Task_1}
      - {element: Flow_2, message: "bersyarat"}   # message: a part of the Indonesian text
      - {element: Flow_2, message_en: "Sequence flow is missing condition"}  # exact English text

A rule with a set check has fixture *sets*: folders ``valid*/`` and ``invalid*/``
holding maps (and a ``rencana.yaml`` plan when the rule needs one; a ``rencana.yaml``
beside the folders serves every set of the rule that has none). The whole folder is
validated as one set; its expected findings also name the file, or the plan item for
a finding on the set as a whole::

    invalid-tanpa-sasaran:
      - {file: peta-opd.bpmn, element: Sub_01, message: "belum dikaitkan"}
      - {subject: S4.1, message: "belum didukung proses"}
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from validator.catalog import load_catalog
from validator.plan import load_plan

from .conftest import RULE_FIXTURES, only_rule

CATALOG = load_catalog()
ALL_RULES = sorted(CATALOG.rules)
FILE_RULES = sorted(rid for rid, spec in CATALOG.rules.items() if spec.check is not None)
SET_RULES = sorted(rid for rid, spec in CATALOG.rules.items() if spec.set_check is not None)


def _cases():
    for rid in FILE_RULES:
        folder = RULE_FIXTURES / rid
        for path in sorted(folder.glob("*.bpmn")) if folder.is_dir() else []:
            yield pytest.param(rid, path, id=f"{rid}/{path.name}")


def _fixture_sets(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith(("valid", "invalid")))


def _set_cases():
    for rid in SET_RULES:
        folder = RULE_FIXTURES / rid
        for path in _fixture_sets(folder) if folder.is_dir() else []:
            yield pytest.param(rid, path, id=f"{rid}/{path.name}/")


@pytest.mark.parametrize("rule_id", ALL_RULES)
def test_rule_has_fixtures_and_expectations(rule_id):
    folder = RULE_FIXTURES / rule_id
    spec = CATALOG.rules[rule_id]
    assert folder.is_dir(), f"tests/rules/{rule_id}/ is missing"
    invalid = []
    if spec.check is not None:
        valid = list(folder.glob("valid*.bpmn"))
        files = sorted(p.name for p in folder.glob("invalid*.bpmn"))
        assert valid, f"{rule_id}: no valid fixture"
        assert files, f"{rule_id}: no invalid fixture"
        invalid += files
    if spec.set_check is not None:
        sets = _fixture_sets(folder)
        assert [p for p in sets if p.name.startswith("valid")], f"{rule_id}: no valid fixture set"
        names = [p.name for p in sets if p.name.startswith("invalid")]
        assert names, f"{rule_id}: no invalid fixture set"
        invalid += names
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    assert sorted(expected) == sorted(invalid), \
        f"{rule_id}: expected.yaml must list exactly the invalid fixtures"
    assert spec.text("title", "id") and spec.text("title", "en"), f"{rule_id}: titles"
    assert spec.text("description", "id") and spec.text("fix", "id"), f"{rule_id}: description/fix"
    assert spec.source_text, f"{rule_id}: source"


@pytest.mark.parametrize("rule_id,path", list(_cases()))
def test_fixture(rule_id, path):
    result = only_rule(rule_id).validate_file(path)
    assert result.ok, f"fixture unreadable: {result.error and result.error.message}"
    got = [f for f in result.findings if f.rule == rule_id]
    assert not [f for f in result.findings if f.rule != rule_id]
    if path.name.startswith("valid"):
        assert got == [], [(f.element, f.message) for f in got]
        return
    expected = (yaml.safe_load((path.parent / "expected.yaml").read_text(encoding="utf-8")) or {})[path.name]
    assert Counter(f.element for f in got) == Counter(e["element"] for e in expected), \
        [(f.element, f.message_en) for f in got]
    for exp in expected:
        candidates = [f for f in got if f.element == exp["element"]]
        if "message" in exp:
            assert any(exp["message"] in f.message for f in candidates), (exp, [f.message for f in candidates])
        if "message_en" in exp:
            assert any(exp["message_en"] == f.message_en for f in candidates), \
                (exp, [f.message_en for f in candidates])
        if "elements" in exp:  # a finding about several elements names them all
            assert any(exp["elements"] == f.elements for f in candidates), \
                (exp, [f.elements for f in candidates])
    for f in got:  # every finding speaks Indonesian, with its own English text beside it
        assert f.message and f.message_en, (f.rule, f.element)
        assert f.message != f.message_en, ("Indonesian message missing", f.rule, f.message)


def _plan_for(fixture: Path):
    for candidate in (fixture / "rencana.yaml", fixture.parent / "rencana.yaml"):
        if candidate.is_file():
            return load_plan(candidate)
    return None


@pytest.mark.parametrize("rule_id,folder", list(_set_cases()))
def test_fixture_set(rule_id, folder):
    spec = CATALOG.rules[rule_id]
    plan = _plan_for(folder)
    if "rencana" in spec.requires:
        assert plan is not None, f"{rule_id}: the rule needs a plan; add rencana.yaml"
    report = only_rule(rule_id, severity=spec.severity if spec.severity != "off" else "warning"
                       ).validate_set(folder, plan=plan)
    assert all(fr.ok for fr in report.files), [(fr.path, fr.error.message) for fr in report.files if fr.error]
    assert rule_id not in report.skipped_rules
    got = [(fr.path, f) for fr in report.files for f in fr.findings] + \
          [(None, f) for f in report.set_findings]
    assert not [f for _, f in got if f.rule != rule_id], [(f.rule, f.message) for _, f in got]
    if folder.name.startswith("valid"):
        assert got == [], [(p, f.element, f.subject, f.message) for p, f in got]
        return
    expected = (yaml.safe_load((folder.parent / "expected.yaml").read_text(encoding="utf-8")) or {})[folder.name]

    def key(file, element, subject):
        return (file, element, subject)

    assert Counter(key(p, f.element, f.subject) for p, f in got) == \
        Counter(key(e.get("file"), e.get("element"), e.get("subject")) for e in expected), \
        [(p, f.element, f.subject, f.message_en) for p, f in got]
    for exp in expected:
        candidates = [f for p, f in got
                      if key(p, f.element, f.subject) == key(exp.get("file"), exp.get("element"), exp.get("subject"))]
        if "message" in exp:
            assert any(exp["message"] in f.message for f in candidates), (exp, [f.message for f in candidates])
        if "message_en" in exp:
            assert any(exp["message_en"] == f.message_en for f in candidates), \
                (exp, [f.message_en for f in candidates])
        if "severity" in exp:
            assert any(exp["severity"] == f.severity for f in candidates), (exp, [f.severity for f in candidates])
    for _, f in got:
        assert f.message and f.message_en and f.message != f.message_en, (f.rule, f.message)
