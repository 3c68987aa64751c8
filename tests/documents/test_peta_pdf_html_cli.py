"""The Peta Proses Bisnis document as PDF (LibreOffice headless, read back with pypdf), as
an HTML print view, and through ``ppb dokumen peta``."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from validator.cli import main
from validator.documents.diagrams import find_chromium
from validator.documents.pdf import find_soffice
from validator.documents.peta import build_peta, headings, pdf_heading_pages, render_peta
from validator.plan.loader import load_plan

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "bpmn_samples" / "pariaman"
PLAN = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed: `make test` installs "
                                          "libreoffice-writer-nogui")


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI")
        pytest.skip("Chromium is missing (make browser-deps installs it)")
    return tmp_path_factory.mktemp("diagram-cache")


@pytest.fixture(scope="module")
def doc(cache):
    return build_peta([SET], plan=load_plan(PLAN), kaskade=True, cache_dir=cache)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text or "")


@pytest.fixture(scope="module")
def pdf(doc):
    return render_peta(doc, "pdf")


@needs_soffice
def test_pdf_pages_text_and_daftar_isi(doc, pdf):
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    # the Keputusan, the daftar isi, the Pendahuluan, the Level 0 (diagram, table), one page
    # per map at least, the SOP list, the code index, the cascade, the closing
    assert len(pages) >= 1 + 1 + 1 + 2 + 13 + 4
    texts = [_flat(p.extract_text()) for p in pages]
    first = texts[0]
    assert "KEPUTUSAN WALI KOTA PARIAMAN" in first
    assert "PETA PROSES BISNIS PEMERINTAH KOTA PARIAMAN TAHUN 2025-2029" in first
    assert "DRAF" in first
    for t in texts[1:]:       # every Lampiran page carries its heading
        assert "LAMPIRAN KEPUTUSAN WALI KOTA PARIAMAN" in t
        assert "TAHUN 2025-2029" in t
    portrait = [p for p in pages if p.mediabox.width < p.mediabox.height]
    landscape = [p for p in pages if p.mediabox.width > p.mediabox.height]
    assert portrait and landscape
    assert abs(float(landscape[0].mediabox.width) - 297 / 25.4 * 72) < 2      # A4 landscape
    # the daftar isi names each heading with the page the PDF really put it on
    outline = pdf_heading_pages(pdf)
    titles = [t for _, t in headings(doc)]
    assert set(titles) <= set(outline)
    toc = texts[1]
    assert "DAFTAR ISI" in toc
    for title in ("BAB II PETA PROSES BISNIS LEVEL 0", "BAB V INDEKS KODE PROSES",
                  "BAB VII PENUTUP"):
        assert re.search(re.escape(title) + r"[ .]*" + str(outline[title]) + r"\b", toc), title
    # each map's picture is in the PDF (pages may share one resource dictionary: count the
    # distinct pictures)
    drawn = set()
    for p in pages:     # the image objects, without decoding them
        for ref in (p["/Resources"].get("/XObject") or {}).values():
            if ref.get_object().get("/Subtype") == "/Image":
                drawn.add(ref.idnum)
    assert len(drawn) == len(doc.maps)
    # no path of this machine in the document, only the map's name in the set
    assert str(ROOT) not in " ".join(texts)


@needs_soffice
def test_pdf_embeds_its_fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages[:3]:
        res = page["/Resources"]
        for name, ref in (res.get("/Font") or {}).items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        desc = font.get("/FontDescriptor")
        if desc is None and "/DescendantFonts" in font:
            desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        desc = desc.get_object()
        assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


def test_html_print_view_is_self_contained(doc):
    html = render_peta(doc, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert html.count('src="data:image/png;base64,') == len(doc.maps)
    assert html.count("LAMPIRAN KEPUTUSAN WALI KOTA PARIAMAN") >= 6
    assert "@page land" in html and 'class="land"' in html
    assert '<p class="draf">DRAF</p>' in html
    for level, title in headings(doc):
        assert f">{title}</h{level}>" in html.replace("&amp;", "&")
    assert "S2.1 Meningkatnya akses dan mutu pelayanan kesehatan" in html


def test_cli_writes_the_document_and_refuses_bad_input(cache, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PPB_DIAGRAM_CACHE", str(cache))
    out = tmp_path / "peta.docx"
    rc = main(["dokumen", "peta", str(SET), "--rencana", str(PLAN), "-f", "docx", "-o", str(out),
               "--judul", "Peta Proses Bisnis Kota Pariaman 2025-2029", "--opd", "DPMPTSP"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert out.read_bytes()[:2] == b"PK"
    assert "DOKUMEN_DRAF" in err and "ditulis ke" in err
    import docx
    d = docx.Document(str(out))
    assert "KEPUTUSAN KEPALA DINAS PENANAMAN MODAL" in "\n".join(p.text for p in d.paragraphs)
    assert "TENTANG\t:\tPETA PROSES BISNIS KOTA PARIAMAN 2025-2029" in "\n".join(
        p.text for p in d.sections[1].header.paragraphs)
    # the file exists: refused without --timpa
    assert main(["dokumen", "peta", str(SET), "-o", str(out)]) == 2
    assert "--timpa" in capsys.readouterr().err
    # a plan that cannot be read, a folder that does not exist, kaskade without a plan
    bad = tmp_path / "rencana.yaml"
    bad.write_text("pemda: [\n", encoding="utf-8")
    assert main(["dokumen", "peta", str(SET), "--rencana", str(bad), "-o", str(tmp_path / "a.docx")]) == 2
    assert "rencana" in capsys.readouterr().err
    assert main(["dokumen", "peta", str(tmp_path / "tidak-ada"), "-o", str(tmp_path / "b.docx")]) == 2
    assert "DOKUMEN_BERKAS_TIDAK_ADA" in capsys.readouterr().err
    assert main(["dokumen", "peta", str(SET), "--kaskade", "-o", str(tmp_path / "c.docx")]) == 2
    assert "DOKUMEN_KASKADE_TANPA_RENCANA" in capsys.readouterr().err
    assert not (tmp_path / "c.docx").exists()
