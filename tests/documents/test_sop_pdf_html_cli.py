"""The SOP document as PDF (LibreOffice headless, read back with pypdf), as an HTML print
view, and through ``ppb dokumen sop``."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from validator.cli import main
from validator.documents import DocumentError, render, sop_document
from validator.documents.html_view import write_html
from validator.documents.pdf import docx_to_pdf, find_soffice
from validator.documents.sop import build_document, build_form
from validator.parser import parse_bytes

from .sopmaps import sop_map

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "bpmn_samples" / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed: `make test` installs "
                                          "libreoffice-writer-nogui")


@pytest.fixture(scope="module")
def sample_pdf():
    doc = sop_document([SAMPLE])
    return doc, PdfReader(io.BytesIO(render(doc, "pdf")))


@needs_soffice
def test_pdf_pages_orientation_and_text(sample_pdf):
    doc, pdf = sample_pdf
    form = doc.forms[0]
    # cover, Keputusan, daftar isi, penjelasan; then the identity page and the procedure pages
    assert len(pdf.pages) == 4 + 1 + len(form.pages)
    front, sop_pages = pdf.pages[:4], pdf.pages[4:]
    for page in front:
        assert page.mediabox.width < page.mediabox.height
    for page in sop_pages:
        assert page.mediabox.width > page.mediabox.height
        assert abs(float(page.mediabox.width) - 297 / 25.4 * 72) < 2   # A4 landscape
    text = " ".join(re.sub(r"\s+", " ", p.extract_text() or "") for p in pdf.pages)
    assert "Penerbitan Surat Izin Praktik Bidan" in text
    assert "800/017/SOP-DPMPTSP/2025" in text
    procedure = " ".join(re.sub(r"\s+", " ", p.extract_text() or "") for p in sop_pages[1:])
    assert "Menyerahkan SIP Bidan kepada pemohon" in procedure
    assert "Kelengkapan" in procedure and "Mutu Baku" in procedure


@needs_soffice
def test_table_of_contents_pages_match_the_pdf(sample_pdf):
    from validator.documents.texts import toc_entries
    doc, pdf = sample_pdf
    entries = toc_entries(doc)
    assert len(entries) == 3
    for _level, title, page in entries:
        text = re.sub(r"\s+", " ", pdf.pages[page - 1].extract_text() or "").lower()
        assert title.lower()[:40] in text, (title, page)


@needs_soffice
def test_pdf_embeds_its_fonts(sample_pdf):
    _, pdf = sample_pdf
    fonts = {}
    for page in pdf.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is not None:
                desc = desc.get_object()
                fonts[font["/BaseFont"]] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


@needs_soffice
def test_f4_paper():
    form = build_form(parse_bytes(sop_map(n=5), "f4.bpmn"), "f4.bpmn", paper="f4")
    pdf = PdfReader(io.BytesIO(render(build_document([form], paper="f4"), "pdf")))
    last = pdf.pages[-1].mediabox
    assert abs(float(last.width) - 330 / 25.4 * 72) < 2 and abs(float(last.height) - 215 / 25.4 * 72) < 2


def test_missing_libreoffice_is_a_clear_indonesian_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PPB_SOFFICE", str(tmp_path / "tidak-ada" / "soffice"))
    with pytest.raises(DocumentError) as err:
        docx_to_pdf(b"PK")
    assert err.value.code == "LIBREOFFICE_TIDAK_ADA"
    assert "libreoffice-writer-nogui" in err.value.message and "LibreOffice tidak ditemukan" in err.value.message


def test_html_view_is_self_contained_and_has_the_table():
    doc = sop_document([SAMPLE])
    html = write_html(doc)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert "Penerbitan Surat Izin Praktik Bidan" in html
    assert html.count("<thead>") == len(doc.forms[0].pages)
    for lane in doc.forms[0].lanes:
        assert f"<th>{lane}</th>" in html
    assert 'id="fc-1-1"' in html and 'href="#fc-1-1"' in html
    assert "DRAF" in html


def test_cli_writes_docx_and_html(tmp_path, capsys):
    out = tmp_path / "sop.docx"
    assert main(["dokumen", "sop", str(SAMPLE), "-f", "docx", "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    err = capsys.readouterr().err
    assert "DOKUMEN_LOGO_KOSONG" in err and "ditulis ke" in err
    # the file exists now: not overwritten without --timpa
    assert main(["dokumen", "sop", str(SAMPLE), "-f", "docx", "-o", str(out)]) == 2
    assert "--timpa" in capsys.readouterr().err
    html = tmp_path / "sop.html"
    assert main(["dokumen", "sop", str(SAMPLE), "-f", "html", "-o", str(html)]) == 0
    assert "<!DOCTYPE html>" in html.read_text(encoding="utf-8")


def test_cli_refuses_a_map_that_is_no_sop(tmp_path, capsys):
    level0 = ROOT / "bpmn_samples" / "pariaman" / "pemda-level0-baik.bpmn"
    assert main(["dokumen", "sop", str(level0), "-f", "docx", "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "DOKUMEN_TANPA_SOP" in err and "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()


def test_cli_folder_gives_one_document_of_every_sop(tmp_path, capsys):
    folder = tmp_path / "opd"
    folder.mkdir()
    (folder / "a.bpmn").write_bytes(SAMPLE.read_bytes())
    (folder / "b.bpmn").write_bytes(sop_map(n=4))
    (folder / "peta-level0.bpmn").write_bytes(
        (ROOT / "bpmn_samples" / "pariaman" / "pemda-level0-baik.bpmn").read_bytes())
    out = tmp_path / "opd.html"
    assert main(["dokumen", "sop", str(folder), "-f", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="sop-1"' in html and 'id="sop-2"' in html and 'id="sop-3"' not in html
    assert "1 peta bukan peta SOP dan dilewati" in capsys.readouterr().err


def test_cli_bad_logo(tmp_path, capsys):
    logo = tmp_path / "logo.png"
    logo.write_text("bukan gambar")
    rc = main(["dokumen", "sop", str(SAMPLE), "--logo", str(logo), "-o", str(tmp_path / "x.docx")])
    err = capsys.readouterr().err
    assert rc == 2 and "LOGO_TIDAK_DIKENAL" in err and "PNG atau JPEG" in err
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)   # a PNG signature, then nothing
    rc = main(["dokumen", "sop", str(SAMPLE), "--logo", str(logo), "-o", str(tmp_path / "y.docx")])
    assert rc == 2 and "LOGO_TIDAK_DIKENAL" in capsys.readouterr().err


def test_cli_unreadable_map_is_an_indonesian_error(tmp_path, capsys):
    broken = tmp_path / "rusak.bpmn"
    broken.write_text("<bpmn:definitions")
    assert main(["dokumen", "sop", str(broken), "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "DOKUMEN_BERKAS_RUSAK" in err and "bukan XML yang utuh" in err and "Traceback" not in err
