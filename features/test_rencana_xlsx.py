"""Step definitions for rencana_xlsx.feature: the Bagian Organisasi checks a plan workbook."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytest_bdd import given, parsers, scenarios, then, when

from validator.plan import load_plan

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"

scenarios("rencana_xlsx.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"tmp": tmp_path}


def _ppb(ctx, *args):
    proc = subprocess.run([sys.executable, "-m", "validator", "rencana", *args],
                          capture_output=True, text=True, timeout=120, cwd=ctx["tmp"])
    ctx["proc"], ctx["out"] = proc, proc.stdout
    return proc


@given(parsers.parse('rencana contoh "{sample}" yang diekspor ke lembar kerja "{name}"'))
def exported_sample(ctx, sample, name):
    ctx["sample"] = SAMPLES / sample
    proc = _ppb(ctx, "ekspor", str(ctx["sample"]), "-o", name)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (ctx["tmp"] / name).is_file()


@given(parsers.parse('templat rencana dari ppb rencana template bernama "{name}"'))
def template(ctx, name):
    proc = _ppb(ctx, "template", "-o", name)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ctx["workbook"] = ctx["tmp"] / name


@given(parsers.parse('peninjau mengisi sel "{header}" indikator "{indikator}" pada lembar '
                     '"{sheet}" dengan "{value}"'))
def fill_cell(ctx, header, indikator, sheet, value):
    """Find the cell as a reviewer would: the column by its header, the row by the indikator."""
    wb = load_workbook(ctx["workbook"])
    ws = wb[sheet]
    header_cell = next(c for row in ws.iter_rows() for c in row if c.value == header)
    id_col = next(c.column for c in ws[header_cell.row]
                  if str(c.value or "").rstrip(" *") == "Id Indikator")
    row = next(r for r in range(header_cell.row + 1, ws.max_row + 1)
               if ws.cell(r, id_col).value == indikator)
    cell = ws.cell(row, header_cell.column)
    assert isinstance(cell.value, (int, float))      # the template holds a number there
    cell.value = value
    wb.save(ctx["workbook"])
    ctx["cell"] = (sheet, row, cell.column_letter, header)


@when(parsers.parse('saya menjalankan ppb rencana periksa pada "{name}"'))
def run_check(ctx, name):
    _ppb(ctx, "periksa", name)


@then(parsers.parse("kode keluar adalah {code:d}"))
def exit_code(ctx, code):
    assert ctx["proc"].returncode == code, ctx["proc"].stdout + ctx["proc"].stderr


@then(parsers.parse('keluaran memuat "{text}"'))
def output_contains(ctx, text):
    assert text in ctx["out"], ctx["out"]


@then("jumlah sasaran, indikator, Renstra dan OPD pada ringkasan sama dengan rencana contoh")
def summary_counts(ctx):
    plan = load_plan(ctx["sample"])
    line = next(l for l in ctx["out"].splitlines() if l.startswith("Jumlah"))
    assert f"{len(plan.all_sasaran)} sasaran (" in line, line
    assert f"{len(plan.all_indikator)} indikator" in line, line
    assert f"{len(plan.renstra)} Renstra, {len(plan.organisasi)} OPD" in line, line


@then("keluaran menyebut lembar, baris dan kolom sel yang diisi peninjau")
def names_the_cell(ctx):
    sheet, row, column, header = ctx["cell"]
    lines = [l for l in ctx["out"].splitlines()
             if l.startswith(f"- Lembar '{sheet}', baris {row}, kolom {column} ({header})")]
    assert len(lines) == 1, ctx["out"]
    assert re.search(r"memuat 1 kesalahan", ctx["out"]), ctx["out"]


@then("tidak ada traceback pada keluaran")
def no_traceback(ctx):
    assert "Traceback" not in ctx["out"] + ctx["proc"].stderr
