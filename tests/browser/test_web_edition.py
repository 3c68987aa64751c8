"""An edition in a real browser: the admin creates it, adds verified versions, sees what is
missing, enacts it; an OPD user then reads it as the official edition."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from .web_server import ADMIN, OPD_USER, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLES = Path(__file__).resolve().parents[2] / "bpmn_samples" / "pariaman"


def _verified(app, name: str, opd: str) -> int:
    from validator.web import review, services
    from validator.web.models import Opd, User

    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        review.begin(sess)
        owner = sess.scalar(select(Opd).where(Opd.singkatan == opd))
        admin = sess.scalar(select(User).where(User.username == ADMIN[0]))
        sub = services.store_upload(sess, opd=owner, uploader=admin, filename=name,
                                    data=(SAMPLES / name).read_bytes())[0]
        review.ajukan(sess, sub, admin)
        review.verifikasi(sess, sub, admin)
        return sub.id


def test_admin_enacts_an_edition_that_opd_users_read(live_server, web_page, tmp_path):
    level0 = _verified(live_server.app, "pemda-level0-baik.bpmn", "PEMKO")
    level1 = _verified(live_server.app, "disdukcapil-level1-baik.bpmn", "DISDUKCAPIL")

    page = web_page(width=1280, height=1000)
    page.login(*ADMIN)
    page.goto(page.origin + "/edisi")
    page.fill("#nama", "Peta Proses Bisnis Kota Pariaman 2025")
    page.fill("#tahun", "2025")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    assert "/edisi/" in page.url
    for sid in (level0, level1):
        page.select_option("#submission", str(sid))
        with page.expect_navigation():
            page.click("form[action$='/peta'] button[type=submit]")
    assert page.locator("#peta-edisi tr[data-submission]").count() == 2
    missing = page.inner_text("#daftar-kekurangan")
    assert "DINKES" in missing and "DISDUKCAPIL" not in missing
    page.screenshot(path=str(tmp_path / "edisi-draf.png"), full_page=True)

    page.fill("#nomor", "188.45/321/KPTS/2025")
    page.fill("#tanggal", "2025-12-01")
    with page.expect_navigation():
        page.click("#form-tetapkan button[type=submit]")
    status = page.inner_text("#status-edisi")
    assert "Ditetapkan" in status and "188.45/321/KPTS/2025" in status
    assert page.locator("#form-tetapkan").count() == 0        # nothing left to change
    page.screenshot(path=str(tmp_path / "edisi-tetap.png"), full_page=True)
    edition_url = page.url

    reader = web_page()
    reader.login(*OPD_USER)
    reader.goto(reader.origin + "/edisi")
    assert "Edisi resmi terbaru" in reader.inner_text("#edisi-resmi")
    reader.goto(edition_url)
    assert reader.locator("#peta-edisi tr[data-submission]").count() == 2
    assert not page.remote and not reader.remote
