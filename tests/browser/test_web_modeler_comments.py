"""Review comments in the web modeler, in a real browser: a verifikator's comment on an element
of version 1 shows in the modeler's "Komentar" panel of version 2 (marked "dibuat pada versi
1") and as a speech bubble on that element, unlike the findings' badges; a comment whose
element version 2 no longer has is listed as such and gets no bubble. The OPD user replies
from the modeler and the reply shows on the report page; a new comment on the selected
element is pinned to it; an element drawn but not saved is refused with the server's
Indonesian message; a thread is marked resolved. Headless Debian chromium may talk only to
the live server (tests/browser/web_server.py).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from .web_server import OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLE = SAMPLES / "pariaman" / "disdukcapil-level1-baik.bpmn"
VERIF = ("verif.modeler", "pasar-pariaman-ramai")
TARGET = "Sub_03_01_Dafduk"
GONE = "Sub_03_02_Capil"            # renamed away in version 2
OTHER = "Sub_03_03_PIAK"
COMMENT = "Kode sub kegiatan Dafduk belum sesuai Kepmendagri"
GONE_COMMENT = "Nama subproses pencatatan sipil terlalu umum"
REPLY = "Sudah kami sesuaikan dengan Kepmendagri 050-5889"
NEW = "Output PIAK perlu disebut per jenis dokumen"
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _prepare(app) -> tuple[int, int]:
    """Two versions of the sample for the demo OPD (version 2 renames GONE) and the
    verifikator's comments on version 1; the two version ids."""
    from validator.web import accounts, review, services
    from validator.web.models import User

    data = SAMPLE.read_bytes()
    with app.extensions["ppb_db"].session() as sess:
        verif = sess.scalar(select(User).where(User.username == VERIF[0]))
        if verif is None:
            verif = accounts.create_user(sess, username=VERIF[0], role="verifikator",
                                         password=VERIF[1], nama="Verifikator Modeler")
        user = sess.scalar(select(User).where(User.username == OPD_USER[0]))
        first = services.store_upload(sess, opd=user.opd, uploader=user, filename=SAMPLE.name,
                                      data=data)[0]
        sess.flush()
        review.add_comment(sess, first, verif, COMMENT, TARGET)
        review.add_comment(sess, first, verif, GONE_COMMENT, GONE)
        second = services.store_upload(sess, opd=user.opd, uploader=user, filename=SAMPLE.name,
                                       data=data.replace(GONE.encode(), b"Sub_03_02_Sipil"))[0]
        sess.flush()
        return first.id, second.id


def _thread(page, text: str):
    return page.locator("#modeler-komentar article.komentar-utas", has_text=text)


def test_comments_in_the_web_modeler_bubbles_reply_and_report(web_page, live_server):
    app = live_server.app
    first, second = _prepare(app)
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{second}")
    page.wait_for_selector("#modeler[data-ready='true']")
    page.wait_for_selector("#modeler-komentar[data-state='siap']")

    # both threads listed, made on version 1; the gone element's one says so
    assert page.locator("#modeler-komentar article.komentar-utas").count() == 2
    kept = _thread(page, COMMENT)
    assert kept.get_attribute("data-element") == TARGET
    assert "dibuat pada versi 1" in kept.inner_text()
    assert "elemen tidak ada lagi" not in kept.inner_text()
    gone = _thread(page, GONE_COMMENT)
    assert "dibuat pada versi 1" in gone.inner_text()
    assert "elemen tidak ada lagi di versi ini" in gone.inner_text()
    assert gone.get_attribute("data-present") == "false"

    # one speech bubble, on TARGET (none for the element version 2 lacks)
    bubbles = page.locator("#modeler-canvas .ppb-komentar-badge")
    assert bubbles.count() == 1
    bubble = page.locator(f"#modeler-canvas .ppb-komentar-badge[data-element='{TARGET}']")
    assert bubble.inner_text() == "1"
    assert bubble.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(106, 27, 154)"
    assert bubble.bounding_box()["height"] >= 18
    # Validasi: the findings' badges are another kind of overlay than the bubble
    page.click("#modeler-validasi")
    page.wait_for_selector("#modeler[data-validated]")
    assert page.locator("#modeler-canvas .ppb-komentar-badge").count() == 1   # kept by Validasi
    # a finding on the same element: its round badge and the bubble, each its own
    page.evaluate(f"""() => window.ppbModeler.modeler.get('ppbValidation').show([
        {{ element: '{TARGET}', severity: 'error', rule: 'PPB-UJI', message: 'uji' }}])""")
    badge = page.locator(f"#modeler-canvas .djs-overlays[data-container-id='{TARGET}'] .ppb-lencana")
    assert badge.count() == 1 and bubble.count() == 1
    assert "ppb-komentar-badge" not in badge.get_attribute("class").split()
    assert badge.evaluate("(b) => getComputedStyle(b).backgroundColor") != \
        bubble.evaluate("(b) => getComputedStyle(b).backgroundColor")
    assert badge.bounding_box()["x"] > bubble.bounding_box()["x"] + 20   # right corner vs left

    # a click on the bubble selects the element and shows its thread
    bubble.click()
    selected = "window.ppbModeler.modeler.get('selection').get().map((e) => e.id)"
    page.wait_for_function(f"() => JSON.stringify({selected}) === JSON.stringify(['{TARGET}'])")
    assert "is-current" in kept.get_attribute("class").split()

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "modeler-komentar.png"), full_page=True)

    # a reply from the modeler
    kept.locator("details.komentar-balas summary").click()
    kept.locator("form.form-balas textarea").fill(REPLY)
    kept.locator("form.form-balas button[type=submit]").click()
    page.wait_for_selector(f"#modeler-komentar .komentar-balasan li:has-text('{REPLY}')")
    assert "Balasan disimpan." in page.inner_text("#modeler-komentar .komentar-status")

    # a new comment on the element selected on the canvas
    page.evaluate(f"""() => {{
        const m = window.ppbModeler.modeler;
        m.get('selection').select(m.get('elementRegistry').get('{OTHER}'));
    }}""")
    page.wait_for_function(
        f"() => document.getElementById('komentar-sasaran').dataset.element === '{OTHER}'")
    page.fill("#komentar-teks", NEW)
    page.click("#komentar-kirim")
    page.wait_for_function(f"""() => [...document.querySelectorAll(
        '#modeler-komentar article.komentar-utas')].some((a) => a.dataset.element === '{OTHER}'
        && a.textContent.includes({NEW!r}))""")
    assert page.locator(f"#modeler-canvas .ppb-komentar-badge[data-element='{OTHER}']").count() == 1

    # an element drawn but not saved is not in the stored version: the server's message
    drawn = page.evaluate("""() => {
        const m = window.ppbModeler.modeler;
        const registry = m.get('elementRegistry');
        const parent = registry.get('Sub_03_01_Dafduk').parent;
        const shape = m.get('elementFactory').createShape({ type: 'bpmn:Task' });
        const made = m.get('modeling').createShape(shape, { x: 60, y: 60 }, parent);
        m.get('selection').select(made);
        return made.businessObject.id;
    }""")
    page.fill("#komentar-teks", "Tugas ini perlu pemilik")
    page.click("#komentar-kirim")
    page.wait_for_selector("#modeler-komentar .komentar-status.status-error")
    error = page.inner_text("#modeler-komentar .komentar-status")
    assert f"Elemen '{drawn}' tidak ada pada versi 2 peta ini." == error, error

    # the gone element's thread marked resolved
    gone.locator("button.komentar-selesai").click()
    page.wait_for_function("""() => [...document.querySelectorAll(
        '#modeler-komentar article.komentar-utas.is-selesai')].length === 1""")
    assert "selesai" in _thread(page, GONE_COMMENT).inner_text()
    page.locator("#modeler-komentar").screenshot(path=str(SHOTS / "modeler-komentar-panel.png"))

    # the reply shows on the report page, in its thread
    report = web_page()
    report.login(*OPD_USER)
    report.goto(f"{report.origin}/laporan/{second}")
    report.wait_for_report()
    report.wait_for_selector("#komentar[data-ready='true']")
    on_report = report.locator("#komentar article.komentar-utas", has_text=COMMENT)
    assert REPLY in on_report.inner_text()
    assert NEW in report.inner_text("#komentar")
    assert page.remote == [] and report.remote == []
    # the console logs the refused requests: no active plan (404) and the unsaved element (422)
    expected = {f"Failed to load resource: the server responded with a status of {s}"
                for s in ("404 (NOT FOUND)", "422 (UNPROCESSABLE ENTITY)")}
    assert set(page.errors) <= expected and report.errors == [], (page.errors, report.errors)
