"""Running the plugin's JavaScript from the tests: Node.js and plugin/node_modules
(installed by `make plugin-deps`, part of `make install`), and the offline rule config
generated for a test."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PLUGIN = ROOT / "plugin"
LINT_PLUGIN = PLUGIN / "bpmnlint-plugin-ppb"
MODELER = PLUGIN / "modeler"
NODE_TIMEOUT_S = 300


def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        pytest.fail("Node.js (>= 20) is not installed; the plugin tests need it")
    for pkg in ("bpmnlint", "bpmn-moddle", "esbuild", "@camunda/linting"):
        if not (PLUGIN / "node_modules" / pkg / "package.json").is_file():
            pytest.fail(f"{pkg} is not installed in plugin/; run `make plugin-deps`")
    return exe


def run_node(args: list[str], cwd: Path = PLUGIN, stdin: str | None = None) -> str:
    proc = subprocess.run([node(), *args], cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=NODE_TIMEOUT_S)
    assert proc.returncode == 0, f"node {' '.join(args[:2])} failed:\n{proc.stderr[-3000:]}"
    return proc.stdout


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
