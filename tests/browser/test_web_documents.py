"""The document buttons in a real browser: on the report page of the sample SOP, "DOCX"
downloads the SOP AP document; "PDF" starts a job whose page, once done, offers the PDF."""
from __future__ import annotations

import io

from .web_server import ADMIN, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SOP = SAMPLES / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"


def _store_sop(app) -> int:
    from sqlalchemy import select

    from validator.web import services
    from validator.web.models import Opd

    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DPMPTSP"))
        stored = services.store_upload(sess, opd=opd, uploader=None, filename=SOP.name,
                                       data=SOP.read_bytes())
        return stored[0].id


def test_docx_and_pdf_buttons_on_the_report_page(web_page, live_server):
    import docx
    from pypdf import PdfReader

    sid = _store_sop(live_server.app)
    page = web_page()
    page.login(*ADMIN)
    page.goto(f"{page.origin}/laporan/{sid}")
    assert "Unduh dokumen" in page.inner_text("#dokumen-unduh")

    with page.expect_download() as info:
        page.click("#dokumen-docx")
    download = info.value
    assert download.suggested_filename.endswith("Penerbitan Surat Izin Praktik Bidan.docx")
    data = open(download.path(), "rb").read()
    document = docx.Document(io.BytesIO(data))
    assert "PENERBITAN SURAT IZIN PRAKTIK BIDAN" in [p.text for p in document.paragraphs]

    # PDF: the job page, which reloads itself when the job is done and offers the file
    with page.expect_navigation():
        page.click("#dokumen-pdf")
    assert "/pekerjaan/" in page.url
    page.wait_for_selector("#unduh-hasil", timeout=120_000)
    with page.expect_download() as info:
        page.click("#unduh-hasil")
    pdf = open(info.value.path(), "rb").read()
    assert info.value.suggested_filename.endswith(".pdf") and pdf[:5] == b"%PDF-"
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "PENERBITAN SURAT IZIN PRAKTIK BIDAN" in text
    assert page.errors == [] and page.remote == []
