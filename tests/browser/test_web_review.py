"""The review cycle in a real browser: the OPD user submits a map from its report page, a
verifikator clicks an element on the diagram (the comment form picks it), comments on it and
asks for revision; the OPD user then sees the comment in its queue and on the report, beside
the findings, with a speech-bubble marker on that element. Headless Debian chromium may talk
only to the live server (tests/browser/web_server.py); the pages' CSP stays strict.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from .web_server import OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLE = SAMPLES / "pariaman" / "disdukcapil-level1-baik.bpmn"
VERIF = ("verif.peramban", "lubuk-minturun-hijau")
TARGET = "Sub_03_01_Dafduk"
COMMENT = "Kode sub kegiatan Dafduk belum sesuai Kepmendagri"
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _prepare(app) -> int:
    from validator.web import accounts, services
    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        if sess.scalar(select(User).where(User.username == VERIF[0])) is None:
            accounts.create_user(sess, username=VERIF[0], role="verifikator", password=VERIF[1],
                                 nama="Verifikator Peramban")
        user = sess.scalar(select(User).where(User.username == OPD_USER[0]))
        stored = services.store_upload(sess, opd=user.opd, uploader=user, filename=SAMPLE.name,
                                       data=SAMPLE.read_bytes())
        sess.flush()
        return stored[0].id


def _stage(app, sid: int) -> str:
    from validator.web import review

    with app.extensions["ppb_db"].session() as sess:
        return review.stage_of(sess, sid)


def test_submit_comment_on_an_element_ask_revision_and_the_opd_sees_it(web_page, live_server):
    app = live_server.app
    sid = _prepare(app)

    opd = web_page()
    opd.login(*OPD_USER)
    opd.goto(f"{opd.origin}/laporan/{sid}")
    opd.wait_for_report()
    assert opd.inner_text("#tahap-sekarang") == "Draf"
    with opd.expect_navigation():
        opd.click("#tombol-ajukan")
    assert opd.inner_text("#tahap-sekarang") == "Diajukan"
    assert _stage(app, sid) == "diajukan"

    verif = web_page()
    verif.login(*VERIF)
    verif.goto(f"{verif.origin}/antrian")
    with verif.expect_navigation():
        verif.click(f"#tabel-antrian tr[data-submission='{sid}'] a")
    assert verif.wait_for_report()["ok"]
    verif.wait_for_selector("#komentar[data-ready='true']")
    # the comments sit beside the findings, in the findings column
    assert verif.locator("section.file[data-file='0'] .findings > #komentar").count() == 1
    shape = verif.locator(f"section.file .djs-shape[data-element-id='{TARGET}']")
    box = shape.bounding_box()
    verif.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 8)
    verif.wait_for_function(f"() => document.getElementById('komentar-elemen').value === '{TARGET}'")
    verif.fill("#komentar-teks", COMMENT)
    with verif.expect_navigation():
        verif.click("#kirim-komentar")
    verif.wait_for_selector("#komentar[data-ready='true']")
    thread = verif.locator("article.komentar-utas", has_text=COMMENT)
    assert thread.get_attribute("data-element") == TARGET
    SHOTS.mkdir(parents=True, exist_ok=True)
    verif.locator("#tinjauan").screenshot(path=str(SHOTS / "tinjauan-verifikator.png"))
    verif.fill("#catatan-revisi", "Perbaiki kode sub kegiatan lalu ajukan lagi")
    with verif.expect_navigation():
        verif.click("#tombol-minta-revisi")
    assert verif.inner_text("#tahap-sekarang") == "Perlu revisi"
    assert _stage(app, sid) == "perlu-revisi"

    # the OPD user: a notice in the header, the map in its queue with the open comment
    opd.goto(f"{opd.origin}/antrian")
    assert opd.locator("#nav-pemberitahuan .nav-badge").count() == 1
    queued = opd.locator(f"#revisi-{sid}")
    assert COMMENT in queued.inner_text() and "Perbaiki kode sub kegiatan" in queued.inner_text()
    with opd.expect_navigation():
        queued.locator(".antrian-komentar a").first.click()
    assert opd.wait_for_report()["ok"]
    opd.wait_for_selector("#komentar[data-ready='true']")
    assert COMMENT in opd.inner_text("#komentar")
    # the comment's own marker on the element: a speech bubble, not a findings badge
    bubble = opd.locator(f".ppb-komentar-badge[data-element='{TARGET}']")
    bubble.wait_for()
    assert bubble.inner_text() == "1"
    assert "ppb-badge" not in bubble.get_attribute("class").split()
    assert bubble.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(106, 27, 154)"
    assert bubble.bounding_box()["height"] >= 18        # readable on the whole diagram
    bubble.scroll_into_view_if_needed()
    bubble.click()
    assert "is-current" in opd.locator("article.komentar-utas", has_text=COMMENT).get_attribute("class")
    opd.mouse.move(1, 1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    opd.screenshot(path=str(SHOTS / "tinjauan-opd.png"), full_page=False)
    assert opd.remote == [] and verif.remote == []
    assert opd.errors == [] and verif.errors == [], (opd.errors, verif.errors)
