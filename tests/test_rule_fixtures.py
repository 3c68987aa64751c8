"""Every rule has a valid and an invalid fixture, and gives exactly the expected findings.

Layout, as bpmnlint's tests: ``tests/rules/<RULE-ID>/valid*.bpmn`` must give no
finding of that rule; each ``invalid*.bpmn`` must give exactly the findings listed
for it in ``expected.yaml``::

    invalid-unnamed-task.bpmn:
      - {element: Task_1}
      - {element: Flow_2, message: "bersyarat"}   # message: a part of the Indonesian text
      - {element: Flow_2, message_en: "Sequence flow is missing condition"}  # exact English text
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from validator.catalog import load_catalog

from .conftest import RULE_FIXTURES, only_rule

CATALOG = load_catalog()
FILE_RULES = sorted(rid for rid, spec in CATALOG.rules.items() if spec.scope == "file")


def _cases():
    for rid in FILE_RULES:
        folder = RULE_FIXTURES / rid
        for path in sorted(folder.glob("*.bpmn")) if folder.is_dir() else []:
            yield pytest.param(rid, path, id=f"{rid}/{path.name}")


@pytest.mark.parametrize("rule_id", FILE_RULES)
def test_rule_has_fixtures_and_expectations(rule_id):
    folder = RULE_FIXTURES / rule_id
    assert folder.is_dir(), f"tests/rules/{rule_id}/ is missing"
    valid = list(folder.glob("valid*.bpmn"))
    invalid = sorted(p.name for p in folder.glob("invalid*.bpmn"))
    assert valid, f"{rule_id}: no valid fixture"
    assert invalid, f"{rule_id}: no invalid fixture"
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    assert sorted(expected) == invalid, f"{rule_id}: expected.yaml must list exactly the invalid fixtures"
    spec = CATALOG.rules[rule_id]
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
    for f in got:  # every finding speaks Indonesian, with its own English text beside it
        assert f.message and f.message_en, (f.rule, f.element)
        assert f.message != f.message_en, ("Indonesian message missing", f.rule, f.message)
