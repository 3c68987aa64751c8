"""The plugin's JavaScript tests (node:test), run from pytest so that `make test` runs them:

* plugin/bpmnlint-plugin-ppb/test/: the parametric rule types and attribute reading;
* plugin/modeler/test/: the built plugin loaded in a Node ``vm`` with a fake ``window``
  (every registration), and Camunda's ``@camunda/linting`` running our offline rules.

The offline rule config is generated first (as ``make plugin`` does), into the place the
plugin build reads it from.
"""
from __future__ import annotations

import re

from validator import offline_rules

from ._node import LINT_PLUGIN, PLUGIN, run_node

GENERATED = LINT_PLUGIN / "generated" / "offline-rules.json"


def _run(folder: str) -> tuple[int, int]:
    assert offline_rules.main(["-o", str(GENERATED)]) == 0
    out = run_node(["--test", "--test-reporter=tap", folder], cwd=PLUGIN)
    passed = int(re.search(r"^# pass (\d+)$", out, re.M).group(1))
    failed = int(re.search(r"^# fail (\d+)$", out, re.M).group(1))
    return passed, failed


def test_bpmnlint_plugin_node_tests():
    passed, failed = _run("bpmnlint-plugin-ppb/test/")
    assert failed == 0 and passed >= 10


def test_modeler_plugin_bundle_node_tests():
    passed, failed = _run("modeler/test/")
    assert failed == 0 and passed >= 9
