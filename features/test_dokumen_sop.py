"""Step definitions for dokumen_sop.feature: an OPD operator turns an SOP map into the SOP AP
document with ``ppb dokumen sop`` and reads it back."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import docx
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from validator.cli import main
from validator.documents.pdf import find_soffice

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "documents"))
from sopmaps import sop_map  # noqa: E402

scenarios("dokumen_sop.feature")


@pytest.fixture
def dok(tmp_path):
    return {"tmp": tmp_path, "src": None, "out": None, "rc": None, "err": ""}


@given(parsers.parse('berkas peta SOP "{berkas}"'))
def sample(dok, berkas):
    dok["src"] = ROOT / "bpmn_samples" / "pariaman" / berkas
    assert dok["src"].is_file()


@given("peta SOP buatan tanpa atribut identitas")
def made_up(dok):
    dok["src"] = dok["tmp"] / "sop-tanpa-identitas.bpmn"
    dok["src"].write_bytes(sop_map(n=5, identity=False))


@when(parsers.parse('operator membuat dokumen SOP berformat "{fmt}"'))
def make(dok, fmt, capsys):
    if fmt == "pdf" and find_soffice() is None:
        pytest.skip("LibreOffice tidak terpasang (make test memasang libreoffice-writer-nogui)")
    dok["out"] = dok["tmp"] / f"sop.{fmt}"
    dok["rc"] = main(["dokumen", "sop", str(dok["src"]), "-f", fmt, "-o", str(dok["out"])])
    dok["err"] = capsys.readouterr().err


def _doc(dok):
    return docx.Document(str(dok["out"]))


def _procedure_rows(d):
    out = []
    for t in d.tables:
        if t.rows and t.rows[0].cells[0].text == "No" and t.rows[0].cells[1].text == "Kegiatan":
            out += [(r.cells[0].text, r.cells[1].text) for r in t.rows[2:] if r.cells[0].text]
    return out


def _identity(d):
    t = next(t for t in d.tables if len(t.rows[0].cells) == 3 and t.rows[0].cells[1].text == "Nomor SOP")
    return {r.cells[1].text: r.cells[2].text for r in t.rows[:6]}, t


@then("perintah berhasil")
def ok(dok):
    assert dok["rc"] == 0, dok["err"]
    assert dok["out"].is_file()


@then("tabel prosedur berkolom No, Kegiatan, satu kolom per pelaksana, Kelengkapan, Waktu, Output dan Keterangan")
def columns(dok):
    lanes = re.findall(r'<bpmn:lane id="[^"]+" name="([^"]+)"', dok["src"].read_text(encoding="utf-8"))
    t = next(t for t in _doc(dok).tables if [c.text for c in t.rows[0].cells[:2]] == ["No", "Kegiatan"])
    head = [c.text for c in t.rows[1].cells]
    assert head == ["No", "Kegiatan", *lanes, "Kelengkapan", "Waktu", "Output", "Keterangan"]


@then(parsers.parse('kegiatan nomor {nomor:d} adalah "{nama}"'))
def activity(dok, nomor, nama):
    assert (str(nomor), nama) in _procedure_rows(_doc(dok))


@then(parsers.parse('halaman identitas memuat "{teks}"'))
def identity_has(dok, teks):
    _, t = _identity(_doc(dok))
    assert any(teks in c.text for r in t.rows for c in r.cells)


@then(parsers.parse('kotak "{label}" pada halaman identitas kosong'))
def empty_box(dok, label):
    values, _ = _identity(_doc(dok))
    assert label in values and values[label] == ""


@then(parsers.parse('ada peringatan "{kode}" yang menyebut "{teks}"'))
def warning(dok, kode, teks):
    line = next(l for l in dok["err"].splitlines() if kode in l)
    assert "peringatan" in line and teks in line


@then(parsers.parse('perintah gagal dengan kode "{kode}"'))
def failed(dok, kode):
    assert dok["rc"] == 2 and kode in dok["err"] and "Traceback" not in dok["err"]


@then("tidak ada berkas dokumen yang ditulis")
def nothing(dok):
    assert not dok["out"].exists()


@then(parsers.parse('halaman terakhir PDF berorientasi lanskap dan memuat "{teks}"'))
def pdf_last(dok, teks):
    from pypdf import PdfReader
    pdf = PdfReader(io.BytesIO(dok["out"].read_bytes()))
    last = pdf.pages[-1]
    assert last.mediabox.width > last.mediabox.height
    assert teks in re.sub(r"\s+", " ", last.extract_text())
