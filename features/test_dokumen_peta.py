"""Step definitions for dokumen_peta.feature: the Bagian Organisasi (or an OPD) turns a map
set into the Peta Proses Bisnis document with ``ppb dokumen peta`` and reads it back."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from pytest_bdd import given, parsers, scenarios, then, when

from validator.cli import main
from validator.documents.diagrams import find_chromium
from validator.documents.pdf import find_soffice

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "bpmn_samples" / "pariaman"
PLAN = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"

scenarios("dokumen_peta.feature")


@pytest.fixture(scope="module")
def diagram_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("diagram-cache")


@pytest.fixture
def dok(tmp_path, diagram_cache, monkeypatch):
    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI")
        pytest.skip("Chromium tidak terpasang (make browser-deps memasangnya)")
    monkeypatch.setenv("PPB_DIAGRAM_CACHE", str(diagram_cache))
    return {"tmp": tmp_path, "args": [], "out": None, "rc": None, "err": ""}


@given("set peta contoh Kota Pariaman dan rencana RPJMD 2025-2029")
def with_plan(dok):
    dok["args"] = [str(SET), "--rencana", str(PLAN)]


@given("set peta contoh Kota Pariaman tanpa rencana")
def without_plan(dok):
    dok["args"] = [str(SET)]


def _run(dok, capsys, fmt, *extra):
    if fmt == "pdf" and find_soffice() is None:
        pytest.skip("LibreOffice tidak terpasang (make test memasang libreoffice-writer-nogui)")
    dok["out"] = dok["tmp"] / f"peta.{fmt}"
    dok["rc"] = main(["dokumen", "peta", *dok["args"], "-f", fmt, "-o", str(dok["out"]), *extra])
    dok["err"] = capsys.readouterr().err


@when(parsers.parse('Bagian Organisasi membuat dokumen peta berformat "{fmt}" dengan kaskade'))
def make_cascade(dok, capsys, fmt):
    _run(dok, capsys, fmt, "--kaskade")


@when(parsers.parse('Bagian Organisasi membuat dokumen peta berformat "{fmt}" dengan nomor '
                    '"{nomor}" tanggal "{tanggal}"'))
def make_enacted(dok, capsys, fmt, nomor, tanggal):
    _run(dok, capsys, fmt, "--nomor", nomor, "--tanggal", tanggal)


@when(parsers.parse('operator OPD "{opd}" membuat dokumen peta berformat "{fmt}"'))
def make_opd(dok, capsys, opd, fmt):
    _run(dok, capsys, fmt, "--opd", opd)


def _doc(dok):
    return docx.Document(str(dok["out"]))


def _header(section) -> str:
    return "\n".join(p.text for p in section.header.paragraphs)


def _text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@then("perintah berhasil")
def ok(dok):
    assert dok["rc"] == 0, dok["err"]
    assert dok["out"].is_file() and dok["out"].stat().st_size > 0


@then(parsers.parse('perintah gagal dengan kode "{kode}"'))
def failed(dok, kode):
    assert dok["rc"] == 2
    assert f"[{kode}]" in dok["err"]


@then("tidak ada berkas dokumen yang ditulis")
def nothing(dok):
    assert not dok["out"].exists()


@then(parsers.parse('dokumen diawali tanda "{tanda}" dan judul "{judul}"'))
def starts(dok, tanda, judul):
    paragraphs = [p.text for p in _doc(dok).paragraphs if p.text.strip()]
    assert paragraphs[0] == tanda
    assert paragraphs[1] == judul


@then(parsers.parse('setiap halaman Lampiran berkepala "{kepala}" dengan judul "{judul}"'))
def lampiran(dok, kepala, judul):
    sections = _doc(dok).sections
    assert len(sections) > 2
    for s in sections[1:]:
        text = _header(s)
        assert kepala in text and f"TENTANG\t:\t{judul}" in text


@then("setiap peta dalam set kecuali peta SOP tergambar satu kali")
def drawn(dok):
    maps = [f for f in SET.glob("*.bpmn") if 'ppb:jenisPeta="sop"' not in f.read_text(encoding="utf-8")]
    d = _doc(dok)
    assert len(d.inline_shapes) == len(maps)
    captions = [p.text for p in d.paragraphs if p.text.startswith("Gambar: ")]
    assert len(captions) == len(set(captions)) == len(maps)


@then(parsers.parse('daftar proses Level 0 memuat kode "{kode}" dengan pemilik "{pemilik}"'))
def level0(dok, kode, pemilik):
    table = next(t for t in _doc(dok).tables
                 if len(t.columns) == 9 and t.rows[0].cells[4].text == "Sasaran RPJMD")
    rows = {r.cells[0].text: r.cells[3].text for r in table.rows[1:]}
    assert rows[kode] == pemilik


@then(parsers.parse('ada bab "{bab}"'))
def chapter(dok, bab):
    assert bab in [p.text for p in _doc(dok).paragraphs if p.style.name == "Heading 1"]


@then(parsers.parse('dokumen tidak memuat tanda "{tanda}"'))
def no_mark(dok, tanda):
    d = _doc(dok)
    assert not re.search(rf"\b{tanda}\b", _text(d))
    assert all(tanda not in _header(s) for s in d.sections)


@then(parsers.parse('kepala Lampiran memuat "{a}" "{va}" dan "{b}" "{vb}"'))
def head_values(dok, a, va, b, vb):
    text = _header(_doc(dok).sections[1])
    assert f"{a}\t:\t{va}" in text and f"{b}\t:\t{vb}" in text


@then("hanya peta Dinas Kesehatan yang tergambar")
def only_dinkes(dok):
    captions = [p.text for p in _doc(dok).paragraphs if p.text.startswith("Gambar: ")]
    # the Level 0 (its place in the Pemda map) and the three Dinas Kesehatan maps
    assert len(captions) == 4
    assert [c for c in captions if "Level 0" not in c] == [
        "Gambar: Peta Subproses 02 Pelayanan Kesehatan",
        "Gambar: Peta Lintas Fungsi 02.01 Pembinaan Mutu Fasilitas Pelayanan Kesehatan",
        "Gambar: Peta Lintas Fungsi 02.02 Pengendalian Perizinan Praktik Tenaga Kesehatan"]


def _pdf_texts(dok):
    reader = PdfReader(io.BytesIO(dok["out"].read_bytes()))
    return reader, [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader.pages]


@then(parsers.parse('halaman pertama PDF memuat "{teks}"'))
def pdf_first(dok, teks):
    _, texts = _pdf_texts(dok)
    assert teks in texts[0]


@then(parsers.parse('ada halaman PDF lanskap yang memuat "{teks}"'))
def pdf_landscape(dok, teks):
    reader, texts = _pdf_texts(dok)
    assert any(p.mediabox.width > p.mediabox.height and teks in t
               for p, t in zip(reader.pages, texts))
