"""Step definitions for keselarasan.feature: a set of maps checked against its plan through
the CLI (``ppb validate FOLDER --rencana PLAN -f json``), on the small sets in
tests/data/sets/ (each folder holds its maps and its ``rencana.yaml``)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "sets"

scenarios("keselarasan.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"tmp": tmp_path}


@given(parsers.parse('set peta uji "{name}" beserta rencananya'))
def a_test_set(ctx, name):
    folder = ctx["tmp"] / name
    shutil.copytree(SETS / name, folder)
    ctx["folder"] = folder
    ctx["plan"] = folder / "rencana.yaml"


def _run(ctx, *extra):
    proc = subprocess.run([sys.executable, "-m", "validator", "validate", str(ctx["folder"]),
                           "-f", "json", *extra], capture_output=True, text=True, timeout=120)
    ctx["proc"] = proc
    assert proc.stdout.strip(), proc.stderr
    ctx["report"] = json.loads(proc.stdout)


@when("saya menjalankan ppb validate atas set itu dengan rencananya")
def run_with_plan(ctx):
    _run(ctx, "--rencana", str(ctx["plan"]))


@when("saya menjalankan ppb validate atas set itu tanpa rencana")
def run_without_plan(ctx):
    _run(ctx)


def _aln(ctx):
    """Every alignment finding: (file or None, finding)."""
    report = ctx["report"]
    out = [(fr["path"], f) for fr in report["files"] for f in fr["findings"]]
    out += [(None, f) for f in (report.get("set") or {}).get("findings", [])]
    return [(p, f) for p, f in out if f["rule"].startswith("PPB-ALN")]


def _show(found):
    return [(p, f["rule"], f["severity"], f.get("element"), f.get("subject"), f["message"]) for p, f in found]


@then(parsers.parse("kode keluar adalah {code:d}"))
def exit_code(ctx, code):
    assert ctx["proc"].returncode == code, ctx["proc"].stderr


@then(parsers.parse("laporan memuat {count:d} berkas"))
def file_count(ctx, count):
    assert len(ctx["report"]["files"]) == count
    assert all(fr.get("error") is None for fr in ctx["report"]["files"])


@then("tidak ada temuan keselarasan sama sekali")
def no_alignment_findings(ctx):
    assert _aln(ctx) == [], _show(_aln(ctx))


@then(parsers.parse("hanya ada {count:d} temuan keselarasan"))
def alignment_count(ctx, count):
    assert len(_aln(ctx)) == count, _show(_aln(ctx))


@then("tidak ada aturan keselarasan yang dilewati")
def nothing_skipped(ctx):
    skipped = (ctx["report"].get("set") or {}).get("rulesNotRun", [])
    assert not [r for r in skipped if r.startswith("PPB-ALN")], skipped


@then(parsers.parse('laporan menyebut aturan "{rule}" tidak dijalankan'))
def rule_skipped(ctx, rule):
    assert rule in ctx["report"]["set"]["rulesNotRun"], ctx["report"]["set"]


@then(parsers.parse('berkas "{name}" memuat temuan "{rule}" tingkat "{severity}" pada elemen "{element}"'))
def file_finding(ctx, name, rule, severity, element):
    # the command line names each file by its path as given: the set's folder, then the name
    hits = [f for p, f in _aln(ctx) if p is not None and Path(p).name == name
            and f["rule"] == rule and f["element"] == element]
    assert hits, _show(_aln(ctx))
    assert hits[0]["severity"] == severity
    ctx["finding"] = hits[0]


@then(parsers.parse('set memuat temuan "{rule}" tingkat "{severity}" untuk "{subject}"'))
def set_finding(ctx, rule, severity, subject):
    hits = [f for p, f in _aln(ctx) if p is None and f["rule"] == rule and f.get("subject") == subject]
    assert hits, _show(_aln(ctx))
    assert hits[0]["severity"] == severity
    ctx["finding"] = hits[0]


@then(parsers.parse('pesannya memuat "{text}"'))
def message_contains(ctx, text):
    assert text in ctx["finding"]["message"], ctx["finding"]["message"]
