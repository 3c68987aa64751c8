"""Fixtures run at rule parameters, and the severity of each finding.

test_rule_fixtures.py runs every rule at its default parameters and does not
look at severities. Two additions, for rules with parameters and two levels:

* ``tests/rules/<RULE-ID>/<case>/params.yaml`` holds parameters for the rule
  (e.g. ``konvensi: misi-urusan``); the ``valid*``/``invalid*`` fixtures and the
  ``expected.yaml`` in that folder work as in test_rule_fixtures.py, with the
  rule run at these parameters.
* an entry in any ``expected.yaml`` may give ``severity:``; it is checked with
  the rule at its default level, so the lower level of an E/W rule shows.
* a parameter case of a rule with a set check may also hold fixture *sets*
  (``valid*/`` and ``invalid*/`` folders, as in test_rule_fixtures.py; a
  ``rencana.yaml`` in the set or the case folder, or beside the case, is its
  plan); their expected findings name the file (or plan item) as well. The
  severities of set fixtures at default parameters are checked in
  test_rule_fixtures.py.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from validator.catalog import load_catalog
from validator.plan import load_plan

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
            if (folder / name).is_dir():
                continue        # a fixture set: test_rule_fixtures.test_fixture_set checks severities
            if any("severity" in e for e in entries or ()):
                yield pytest.param(rid, folder / name, id=f"{rid}/{name}")


def _param_set_cases():
    for rid in sorted(CATALOG.rules):
        folder = RULE_FIXTURES / rid
        if not folder.is_dir() or CATALOG.rules[rid].set_check is None:
            continue
        for case in sorted(p for p in folder.iterdir() if (p / "params.yaml").is_file()):
            for sub in sorted(p for p in case.iterdir()
                              if p.is_dir() and p.name.startswith(("valid", "invalid"))):
                yield pytest.param(rid, sub, id=f"{rid}/{case.name}/{sub.name}/")


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


@pytest.mark.parametrize("rule_id,folder", list(_param_set_cases()))
def test_fixture_set_with_params(rule_id, folder):
    case = folder.parent
    params = _load(case / "params.yaml")
    spec = CATALOG.rules[rule_id]
    unknown = set(params) - set(spec.params)
    assert not unknown, f"{rule_id}: unknown parameters {unknown}"
    plan_file = next((p for p in (folder / "rencana.yaml", case / "rencana.yaml",
                                  case.parent / "rencana.yaml") if p.is_file()), None)
    plan = load_plan(plan_file) if plan_file else None
    level = spec.severity if spec.severity != "off" else "warning"
    report = only_rule(rule_id, severity=level, params=params).validate_set(folder, plan=plan)
    assert rule_id not in report.skipped_rules
    got = [(fr.path, f) for fr in report.files for f in fr.findings if f.rule == rule_id] + \
          [(None, f) for f in report.set_findings if f.rule == rule_id]
    if folder.name.startswith("valid"):
        assert got == [], [(p, f.element, f.message) for p, f in got]
        return
    expected = _load(case / "expected.yaml")
    assert folder.name in expected, f"{case / 'expected.yaml'} must list {folder.name}"
    want = expected[folder.name]
    assert Counter((p, f.element, f.subject) for p, f in got) == \
        Counter((e.get("file"), e.get("element"), e.get("subject")) for e in want), \
        [(p, f.element, f.severity, f.message_en) for p, f in got]
    for exp in want:
        hits = [f for p, f in got if (p, f.element, f.subject) ==
                (exp.get("file"), exp.get("element"), exp.get("subject"))]
        assert any(("message" not in exp or exp["message"] in f.message)
                   and ("severity" not in exp or exp["severity"] == f.severity) for f in hits), \
            (exp, [(f.severity, f.message) for f in hits])


def test_nomenclature_master_is_well_formed_and_sourced():
    """The master PPB-NMK-007 ships (its default parameters) loads, and every entry in it
    has a well-formed code under its parent and names a source listed in the file."""
    import re

    from validator.rules.nmk._master import load_master, resolve

    params = CATALOG.rules["PPB-NMK-007"].params
    master = load_master(params["master_file"], params["master_version"])
    data = yaml.safe_load(resolve(params["master_file"]).read_text(encoding="utf-8"))
    version = data["versi"][params["master_version"]]
    sources = set(version["sumber"])
    assert set(master.urusan) == {str(u) for u in range(1, 9)}
    for kode, entry in version["urusan"].items():
        assert re.fullmatch(r"\d", kode) and entry["nama"] and entry["sumber"] in sources, kode
    for kode, entry in version["bidang"].items():
        assert re.fullmatch(r"\d\.\d{2}", kode), kode
        assert kode.split(".")[0] in version["urusan"], kode
        assert entry["nama"] and entry["sumber"] in sources, kode
    assert version["program_penunjang"]["sumber"] in sources
    for bidang, entry in version["program"].items():
        assert bidang in version["bidang"] and entry["sumber"] in sources, bidang
        for kode, nama in entry["daftar"].items():
            assert re.fullmatch(re.escape(bidang) + r"\.\d{2}", kode) and nama, kode
            assert master.problem(kode, "program") is None, kode
    # a support programme and a bidang without a programme list are never questioned;
    # a programme outside a complete list is
    assert master.problem("3.26.01", "program") is None
    assert master.problem("3.26.77", "program") is None
    assert master.problem("2.12.06", "program")[0] == "master_program"
