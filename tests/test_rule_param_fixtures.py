"""Fixtures run at rule parameters, and the severity of each finding.

test_rule_fixtures.py runs every rule at its default parameters and does not
look at severities. Two additions, for rules with parameters and two levels:

* ``tests/rules/<RULE-ID>/<case>/params.yaml`` holds parameters for the rule
  (e.g. ``konvensi: misi-urusan``); the ``valid*``/``invalid*`` fixtures and the
  ``expected.yaml`` in that folder work as in test_rule_fixtures.py, with the
  rule run at these parameters.
* an entry in any ``expected.yaml`` may give ``severity:``; it is checked with
  the rule at its default level, so the lower level of an E/W rule shows.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from validator.catalog import load_catalog

from .conftest import RULE_FIXTURES, only_rule

CATALOG = load_catalog()


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _param_cases():
    for rid in sorted(CATALOG.rules):
        folder = RULE_FIXTURES / rid
        if not folder.is_dir():
            continue
        for case in sorted(p for p in folder.iterdir() if (p / "params.yaml").is_file()):
            for path in sorted(case.glob("*.bpmn")):
                yield pytest.param(rid, path, id=f"{rid}/{case.name}/{path.name}")


def _severity_cases():
    for rid in sorted(CATALOG.rules):
        folder = RULE_FIXTURES / rid
        if not (folder / "expected.yaml").is_file():
            continue
        expected = _load(folder / "expected.yaml")
        for name, entries in expected.items():
            if any("severity" in e for e in entries or ()):
                yield pytest.param(rid, folder / name, id=f"{rid}/{name}")


def _run(rule_id, path, params=None):
    spec = CATALOG.rules[rule_id]
    level = spec.severity if spec.severity != "off" else "error"
    result = only_rule(rule_id, severity=level, params=params).validate_file(path)
    assert result.ok, f"fixture unreadable: {result.error and result.error.message}"
    return [f for f in result.findings if f.rule == rule_id]


def _match(got, expected):
    assert Counter(f.element for f in got) == Counter(e["element"] for e in expected), \
        [(f.element, f.severity, f.message_en) for f in got]
    unused = list(got)
    for exp in expected:
        hit = next((f for f in unused if f.element == exp["element"]
                    and ("message" not in exp or exp["message"] in f.message)
                    and ("message_en" not in exp or exp["message_en"] == f.message_en)
                    and ("severity" not in exp or exp["severity"] == f.severity)), None)
        assert hit is not None, (exp, [(f.element, f.severity, f.message) for f in unused])
        unused.remove(hit)


@pytest.mark.parametrize("rule_id,path", list(_param_cases()))
def test_fixture_with_params(rule_id, path):
    params = _load(path.parent / "params.yaml")
    unknown = set(params) - set(CATALOG.rules[rule_id].params)
    assert not unknown, f"{rule_id}: unknown parameters {unknown}"
    got = _run(rule_id, path, params)
    if path.name.startswith("valid"):
        assert got == [], [(f.element, f.message) for f in got]
        return
    expected = _load(path.parent / "expected.yaml")
    assert path.name in expected, f"{path.parent / 'expected.yaml'} must list {path.name}"
    _match(got, expected[path.name])


@pytest.mark.parametrize("rule_id,path", list(_severity_cases()))
def test_fixture_severities(rule_id, path):
    _match(_run(rule_id, path), _load(path.parent / "expected.yaml")[path.name])
