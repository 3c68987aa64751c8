"""Parity: the offline rules in JavaScript give exactly the Python engine's findings.

The rules with an ``offline:`` section run in Camunda Modeler through the bpmnlint
plugin (plugin/bpmnlint-plugin-ppb) with the config that ``validator.offline_rules``
generates. Over every rule fixture and sample map, the multiset of (rule id, element
id, Indonesian message) of those rules must be the same in the plugin as in the Python
engine (findings suppressed with ``ppb:abaikan`` are left out on both sides), and the
English messages and the severities too. The plugin runs with the files read four
ways: our descriptor registered (as in Camunda Modeler with the plugin), with it and
the Camunda 7 or Camunda 8 descriptor, and with no extension at all (as when
@camunda/linting lints a string).

Fixture folders with a ``params.yaml`` run at those parameters, on both sides, through
the generated config: a Pemda's parameters reach the plugin as they reach the engine.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from validator import offline_rules
from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator

from ..conftest import RULE_FIXTURES
from ._node import LINT_PLUGIN, ROOT, run_node, write_json

CATALOG = load_catalog()
OFFLINE = offline_rules.offline_rule_ids()
SAMPLES = ROOT / "bpmn_samples"
MODDLES = ("ppb", "plain", "camunda", "zeebe")
SHOW = 20


def _config(params_by_rule: dict[str, dict] | None = None) -> Config:
    rules = {rid: {"severity": "off"} for rid in CATALOG.rules if rid not in OFFLINE}
    for rid, params in (params_by_rule or {}).items():
        rules[rid] = {"params": params}
    return Config(rules=rules)


def _groups() -> list[tuple[str, Config, list[Path]]]:
    """(name, config, files): every fixture and sample at default parameters, and each
    params.yaml folder of an offline rule at its parameters."""
    everything = sorted(RULE_FIXTURES.rglob("*.bpmn")) + sorted(SAMPLES.rglob("*.bpmn"))
    groups = [("bawaan", _config(), everything)]
    for rid in OFFLINE:
        folder = RULE_FIXTURES / rid
        for case in sorted(p for p in folder.iterdir() if (p / "params.yaml").is_file()) if folder.is_dir() else []:
            params = yaml.safe_load((case / "params.yaml").read_text(encoding="utf-8")) or {}
            groups.append((f"{rid}/{case.name}", _config({rid: params}), sorted(case.glob("*.bpmn"))))
    return groups


def _python(config: Config, files: list[Path]) -> dict[str, Counter | None]:
    validator = Validator(config, CATALOG)
    out = {}
    for path in files:
        result = validator.validate_file(path, keep_model=False)
        out[str(path)] = None if result.error else Counter(
            (f.rule, f.element, f.message, f.message_en, f.severity)
            for f in result.findings if f.rule in OFFLINE and not f.suppressed)
    return out


def _plugin(config: Config, files: list[Path], tmp: Path, moddle: str) -> dict[str, Counter | None]:
    cfg = write_json(tmp / f"offline-{moddle}.json", offline_rules.build(CATALOG, config))
    listing = [str(p) for p in files]
    raw = json.loads(run_node(["cli.js", "--config", str(cfg), "--moddle", moddle, *listing], cwd=LINT_PLUGIN))
    out = {}
    for path in listing:
        got = raw[path]
        out[path] = None if isinstance(got, dict) else Counter(
            (r["rule"], r["id"], r["message"], r["messageEn"], r["severity"]) for r in got)
    return out


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> list[tuple[str, str, dict, dict]]:
    tmp = tmp_path_factory.mktemp("offline")
    out = []
    for name, config, files in _groups():
        ours = _python(config, files)
        for moddle in MODDLES:
            out.append((name, moddle, ours, _plugin(config, files, tmp, moddle)))
    return out


def test_there_are_offline_rules_and_they_have_fixtures():
    assert {"PPB-KLP-007", "PPB-NMK-001", "PPB-NMK-003"} <= set(OFFLINE)
    for rid in OFFLINE:
        assert list((RULE_FIXTURES / rid).glob("invalid*.bpmn")), rid


@pytest.mark.parametrize("moddle", MODDLES)
def test_plugin_and_engine_give_the_same_findings(outcomes, moddle):
    mismatches = []
    compared = findings = 0
    for name, m, ours, theirs in outcomes:
        if m != moddle:
            continue
        for path, our in ours.items():
            their = theirs[path]
            if our is None or their is None:
                continue
            compared += 1
            findings += sum(our.values())
            shown = f"{name}: {Path(path).relative_to(ROOT)}"
            mismatches += [f"MISSING {shown}: {f}" for f in our - their]
            mismatches += [f"EXTRA   {shown}: {f}" for f in their - our]
    assert compared > 200
    assert findings > 20  # the fixtures do exercise the offline rules
    assert not mismatches, f"{len(mismatches)} differences:\n" + "\n".join(mismatches[:SHOW])


def test_every_offline_rule_reports_on_its_invalid_fixtures(outcomes):
    """Not only agreement: each offline rule finds something on each of its invalid fixtures."""
    _, _, _, theirs = next(o for o in outcomes if o[0] == "bawaan" and o[1] == "ppb")
    for rid in OFFLINE:
        for path in sorted((RULE_FIXTURES / rid).glob("invalid*.bpmn")):
            got = theirs[str(path)]
            assert got is not None and any(f[0] == rid for f in got), f"{rid}: nothing on {path.name}"


def test_the_plugin_reads_what_the_engine_reads(outcomes):
    """A file the engine reads is read by bpmn-moddle too (except the broken-XML fixtures
    of PPB-BPMN-001/002, which bpmn-moddle cannot read)."""
    unread = set()
    for name, moddle, ours, theirs in outcomes:
        for path, our in ours.items():
            if our is not None and theirs[path] is None:
                unread.add(Path(path).relative_to(ROOT).as_posix())
    assert all("/PPB-BPMN-00" in p for p in unread), sorted(unread)
