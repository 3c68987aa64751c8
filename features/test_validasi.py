"""Step definitions for validasi.feature: the CLI as an OPD staff member uses it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"


def _sample(name: str) -> Path:
    """A sample map by file name: good maps (*-baik) are in bpmn_samples/pariaman/, flawed
    ones (*-cacat) in bpmn_samples/cacat/."""
    return SAMPLES / ("cacat" if name.endswith("-cacat.bpmn") else "pariaman") / name


scenarios("validasi.feature")

# Words that only appear in Indonesian text: a message must carry at least one.
_ID_WORDS = ("belum", "bukan", "tidak", "harus", "sebaiknya", "berkas", "elemen", "tanpa",
             "wajib", "aliran", "alur", "yang", "pada", "memiliki", "diberi")


@pytest.fixture
def ctx(tmp_path):
    return {"tmp": tmp_path, "target": None}


@given(parsers.parse('berkas contoh "{name}"'))
def sample_file(ctx, name):
    dst = ctx["tmp"] / name
    shutil.copy(_sample(name), dst)
    ctx["target"] = dst


@given(parsers.parse('folder berisi berkas contoh "{first}" dan "{second}"'))
def sample_folder(ctx, first, second):
    folder = ctx["tmp"] / "peta"
    (folder / "bidang").mkdir(parents=True)
    shutil.copy(_sample(first), folder / first)
    shutil.copy(_sample(second), folder / "bidang" / second)
    ctx["target"] = folder


@given(parsers.parse('folder itu juga berisi berkas "{name}" yang bukan peta'))
def extra_non_map(ctx, name):
    (ctx["target"] / name).write_text("catatan rapat, bukan peta", encoding="utf-8")


@given(parsers.parse('berkas "{name}" berisi "{content}"'))
def file_with_content(ctx, name, content):
    path = ctx["tmp"] / name
    path.write_text(content, encoding="utf-8")
    ctx["target"] = path


@when(parsers.parse('saya menjalankan ppb validate dengan format "{fmt}"'))
def run_validate(ctx, fmt):
    proc = subprocess.run([sys.executable, "-m", "validator", "validate", "--format", fmt,
                           str(ctx["target"])], capture_output=True, text=True, timeout=120)
    ctx["proc"] = proc
    ctx["out"] = proc.stdout
    if fmt == "json":
        ctx["report"] = json.loads(proc.stdout)


@then(parsers.parse("kode keluar adalah {code:d}"))
def exit_code(ctx, code):
    assert ctx["proc"].returncode == code, ctx["proc"].stdout + ctx["proc"].stderr


@then(parsers.parse('keluaran memuat "{text}"'))
def output_contains(ctx, text):
    assert text in ctx["out"], ctx["out"]


def _findings(ctx):
    return [f for fr in ctx["report"]["files"] for f in fr["findings"]]


@then(parsers.parse('laporan memuat temuan "{rule}" tingkat "{severity}" pada elemen "{element}"'))
def has_finding(ctx, rule, severity, element):
    hits = [f for f in _findings(ctx) if f["rule"] == rule and f["element"] == element]
    assert hits, [(f["rule"], f["element"]) for f in _findings(ctx)]
    assert hits[0]["severity"] == severity
    assert not hits[0]["suppressed"]


@then("setiap temuan memuat pesan berbahasa Indonesia, saran perbaikan, sumber dan tingkat keyakinan")
def findings_complete(ctx):
    findings = _findings(ctx)
    assert findings
    for f in findings:
        assert any(w in f["message"].lower() for w in _ID_WORDS), f["message"]
        assert f["fix"], f
        assert f["source"], f
        assert f["confidence"] in ("regulation", "standard", "secondary", "inferred")


@then(parsers.parse("laporan memuat {count:d} berkas"))
def file_count(ctx, count):
    paths = [fr["path"] for fr in ctx["report"]["files"]]
    assert len(paths) == count, paths
    assert all(p.endswith(".bpmn") for p in paths)


@then(parsers.parse('berkas itu berstatus "{status}" dengan kode "{code}"'))
def file_status(ctx, status, code):
    (entry,) = ctx["report"]["files"]
    assert entry["status"] == status
    assert entry["error"]["code"] == code


@then("pesan kesalahannya berbahasa Indonesia")
def error_in_indonesian(ctx):
    (entry,) = ctx["report"]["files"]
    msg = entry["error"]["message"].lower()
    assert any(w in msg for w in _ID_WORDS), msg


@then("tidak ada traceback pada keluaran")
def no_traceback(ctx):
    both = ctx["proc"].stdout + ctx["proc"].stderr
    assert "Traceback" not in both


@then(parsers.parse('temuan "{rule}" pada elemen "{element}" ditandai diabaikan'))
def suppressed(ctx, rule, element):
    hits = [f for f in _findings(ctx) if f["rule"] == rule and f["element"] == element]
    assert hits and all(f["suppressed"] for f in hits), hits


@then("temuan yang diabaikan tidak dihitung sebagai kesalahan pada ringkasan")
def summary_excludes_suppressed(ctx):
    findings = _findings(ctx)
    live_errors = sum(1 for f in findings if f["severity"] == "error" and not f["suppressed"])
    assert ctx["report"]["summary"]["error"] == live_errors
    assert ctx["report"]["summary"]["suppressed"] == sum(1 for f in findings if f["suppressed"])
    assert ctx["report"]["summary"]["suppressed"] >= 1
