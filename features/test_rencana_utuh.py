"""Step definitions for rencana_utuh.feature: a plan is checked whole (references, targets)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pytest_bdd import given, parsers, scenarios, then, when

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"

scenarios("rencana_utuh.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"tmp": tmp_path}


def _set(doc, path: str, value: str) -> None:
    """Set ``rpjmd.sasaran[0].indikator[0].target.2026`` style paths in a parsed plan."""
    parts = [p for p in re.split(r"\.|\[(\d+)\]", path) if p]
    node = doc
    for i, part in enumerate(parts):
        key = int(part) if part.isdigit() else part
        if i == len(parts) - 1:
            node[key] = value
        else:
            node = node[key]


@given(parsers.parse('rencana contoh "{sample}" yang diubah menjadi "{name}":'),
       target_fixture="changes")
def changed_sample(ctx, sample, name, datatable):
    doc = yaml.safe_load((SAMPLES / sample).read_text(encoding="utf-8"))
    rows = datatable[1:]
    for path, value in rows:
        _set(doc, path, value)
    (ctx["tmp"] / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return [path for path, _ in rows]


@when(parsers.parse('saya menjalankan ppb rencana periksa pada "{name}"'))
def run_check(ctx, name):
    proc = subprocess.run([sys.executable, "-m", "validator", "rencana", "periksa", name],
                          capture_output=True, text=True, timeout=120, cwd=ctx["tmp"])
    ctx["proc"], ctx["out"] = proc, proc.stdout


@then(parsers.parse("kode keluar adalah {code:d}"))
def exit_code(ctx, code):
    assert ctx["proc"].returncode == code, ctx["proc"].stdout + ctx["proc"].stderr


@then(parsers.parse('keluaran memuat "{text}"'))
def output_contains(ctx, text):
    assert text in ctx["out"], ctx["out"]


@then("keluaran menyebut setiap bagian yang diubah")
def every_place_named(ctx, changes):
    named = re.findall(r"^- (\S+): ", ctx["out"], re.M)
    assert sorted(named) == sorted(changes), ctx["out"]


@then("tidak ada traceback pada keluaran")
def no_traceback(ctx):
    assert "Traceback" not in ctx["out"] + ctx["proc"].stderr
