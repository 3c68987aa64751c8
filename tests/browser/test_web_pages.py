"""The server's pages in a real browser: log in, upload, read the marked diagram, dashboard.

A live server (tests/browser/web_server.py) runs the application with a temporary
database and the demo accounts; headless Debian chromium (as in conftest.py) may
talk to that server only.
"""
from __future__ import annotations

import re

from .web_server import ADMIN, OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

FLAWED = SAMPLES / "cacat" / "ktp-el-lintas-fungsi-cacat.bpmn"
GOOD = SAMPLES / "pariaman" / "ktp-el-lintas-fungsi-baik.bpmn"

ELEMENT_JS = """(id) => {
  const g = document.querySelector(
    `.diagram-canvas .djs-element[data-element-id="${CSS.escape(id)}"]`);
  const badges = document.querySelectorAll(
    `.djs-overlays[data-container-id="${CSS.escape(id)}"] .ppb-badge`);
  return { classes: g ? [...g.classList] : null, badges: [...badges].map((b) => b.textContent) };
}"""

FINDING_ELEMENTS_JS = """() => [...document.querySelectorAll('li.finding')]
  .map((li) => li.dataset.element).filter(Boolean)"""

SELECTED_JS = "window.ppbReport.view(0).viewer.get('selection').get().map((e) => e.id)"


def _marks(page, element_id: str) -> list[str]:
    seen = page.evaluate(ELEMENT_JS, element_id)
    assert seen["classes"] is not None, f"{element_id} is not drawn"
    return [c for c in seen["classes"] if c.startswith("ppb-mark-")]


def _upload(page, path) -> dict:
    page.goto(page.origin + "/unggah")
    page.set_input_files("#berkas", str(path))
    assert path.name in page.inner_text("#dropzone-file")
    page.click("#kirim")
    return page.wait_for_report()


def test_opd_user_uploads_a_flawed_map_and_sees_it_marked(web_page):
    page = web_page()
    page.login(*OPD_USER)
    assert page.url.endswith("/unggah"), "an OPD user lands on the upload page"
    assert page.evaluate("document.documentElement.lang") == "id"

    result = _upload(page, FLAWED)
    assert result == {"ok": True, "warnings": [], "error": None}
    assert re.search(r"/laporan/\d+$", page.url)
    csp = page.evaluate("fetch(location.href).then((r) => r.headers.get('content-security-policy'))")
    assert "default-src 'self'" in csp and "unsafe" not in csp and "http" not in csp
    assert "kesalahan" in page.inner_text("#verdict").lower()

    # markers on the elements with findings, none on a clean one
    assert _marks(page, "Task_KembalikanBerkas") == ["ppb-mark-error"]
    assert _marks(page, "Task_CetakKTP") == ["ppb-mark-error"]
    with_findings = set(page.evaluate(FINDING_ELEMENTS_JS))
    drawn = page.evaluate("""() => [...document.querySelectorAll(
        '.diagram-canvas .djs-shape[data-element-id]')].map((g) => g.dataset.elementId)""")
    clean = [i for i in drawn if i not in with_findings and not i.endswith("_label")]
    assert "StartEvent_1" in clean or clean, "the map has elements without findings"
    for element_id in clean:
        assert _marks(page, element_id) == [], element_id
        assert page.evaluate(ELEMENT_JS, element_id)["badges"] == []

    # a click on a finding selects its element and brings it into view
    item = page.locator('li.finding[data-rule="no-implicit-split"][data-element="Task_CetakKTP"]')
    item.click()
    assert page.evaluate(SELECTED_JS) == ["Task_CetakKTP"]
    assert "selected" in page.evaluate(ELEMENT_JS, "Task_CetakKTP")["classes"]
    assert "is-current" in item.get_attribute("class")
    canvas = page.locator(".diagram-canvas").bounding_box()
    shape = page.locator('.diagram-canvas .djs-element[data-element-id="Task_CetakKTP"]') \
        .bounding_box()
    assert canvas["x"] <= shape["x"] and shape["x"] + shape["width"] <= canvas["x"] + canvas["width"]
    assert canvas["y"] <= shape["y"] and shape["y"] + shape["height"] <= canvas["y"] + canvas["height"]
    assert "Task_CetakKTP" in page.inner_text(".diagram-status")

    # filters: without errors, an element with only error findings loses its marker
    page.uncheck('input[data-filter="severity"][value="error"]')
    assert page.locator('li.finding[data-severity="error"]:not([hidden])').count() == 0
    assert _marks(page, "Task_CetakKTP") == []
    page.click('form.filters button[type="reset"]')
    page.wait_for_function("() => !document.querySelector('li.finding[hidden]')")
    # and by rule group
    groups = page.eval_on_selector_all('input[data-filter="group"]', "els => els.map(e => e.value)")
    assert "bpmnlint" in groups
    page.uncheck('input[data-filter="group"][value="bpmnlint"]')
    assert page.locator('li.finding[data-group="bpmnlint"]:not([hidden])').count() == 0
    assert page.locator('li.finding:not([data-group="bpmnlint"]):not([hidden])').count() > 0

    # the downloads are links of this server
    for fmt in ("html", "xlsx", "json"):
        href = page.get_attribute(f'.downloads a[href$="unduh.{fmt}"]', "href")
        assert href.startswith("/laporan/")

    # the history lists the upload; once the corrected map is uploaded as its next version,
    # the map has a trend chart (errors and warnings, one line each)
    page.goto(page.origin + "/riwayat")
    assert FLAWED.name in page.inner_text("#tabel-riwayat")
    _upload(page, GOOD)
    page.goto(page.origin + "/riwayat")
    assert GOOD.name in page.inner_text("#tabel-riwayat")
    assert page.locator("#trend-chart polyline").count() == 2

    assert page.remote == [], "no request may leave the server's origin"
    assert page.errors == [], page.errors


DROP_JS = """([name, text]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, { type: 'application/xml' }));
  const zone = document.getElementById('dropzone');
  zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  const over = zone.classList.contains('is-over');
  zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  return over;
}"""


def test_a_good_map_dropped_on_the_drop_zone_gets_a_clean_report(web_page):
    page = web_page()
    page.login(*OPD_USER)
    assert page.evaluate(DROP_JS, [GOOD.name, GOOD.read_text(encoding="utf-8")])
    assert GOOD.name in page.inner_text("#dropzone-file")
    assert "has-file" in page.get_attribute("#dropzone", "class")
    page.click("#kirim")
    assert page.wait_for_report()["ok"]
    assert "tidak ada temuan tingkat kesalahan" in page.inner_text("#verdict").lower()
    assert page.locator('li.finding[data-severity="error"]').count() == 0
    assert page.remote == [] and page.errors == [], page.errors


def test_a_non_bpmn_file_is_refused_in_indonesian(web_page, tmp_path):
    page = web_page()
    page.login(*OPD_USER)
    note = tmp_path / "catatan.txt"
    note.write_text("catatan rapat, bukan peta", encoding="utf-8")
    page.goto(page.origin + "/unggah")
    page.set_input_files("#berkas", str(note))
    assert "tidak didukung" in page.inner_text("#dropzone-file")
    with page.expect_navigation():
        page.click("#kirim")
    assert "tidak didukung" in page.inner_text("#upload-error")
    assert page.remote == []


def test_admin_dashboard_lists_opds_and_those_without_uploads(web_page):
    page = web_page()
    page.login(*ADMIN)
    assert page.url.endswith("/dasbor"), "the admin lands on the dashboard"
    rows = page.locator("#tabel-opd tbody tr")
    assert rows.count() >= 3
    names = page.inner_text("#tabel-opd")
    assert "Dinas Kependudukan dan Pencatatan Sipil" in names
    missing = page.locator("#tabel-opd tbody tr.is-missing")
    assert missing.count() >= 1
    assert "Belum mengunggah" in missing.first.inner_text()
    assert not page.locator('#tabel-opd tr[data-singkatan="DISDUKCAPIL"]') \
        .get_attribute("class").strip(), "Disdukcapil has uploaded in the first test"
    assert "Belum mengunggah peta" in page.inner_text("#belum-mengunggah")

    # sortable: by number of maps, most first after two clicks
    header = page.locator('#tabel-opd th:nth-child(2) button')
    header.click()
    header.click()
    counts = [int(c) for c in page.eval_on_selector_all(
        "#tabel-opd tbody tr td:nth-child(2)", "tds => tds.map(td => td.dataset.value)")]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1

    # the admin uploads for an OPD picked from the list
    page.goto(page.origin + "/unggah")
    page.select_option("#opd", "DINKES")
    page.set_input_files("#berkas", str(GOOD))
    page.click("#kirim")
    assert page.wait_for_report()["ok"]
    assert "Dinas Kesehatan" in page.inner_text(".report-head .meta")
    page.goto(page.origin + "/dasbor")
    assert not page.get_attribute('#tabel-opd tr[data-singkatan="DINKES"]', "class").strip()

    # the admin may open any OPD's history and report
    page.click('#tabel-opd tr[data-singkatan="DISDUKCAPIL"] td:first-child a')
    page.wait_for_url("**/riwayat/DISDUKCAPIL")
    page.click("#tabel-riwayat tbody tr:first-child a[href^='/laporan/']")
    assert page.wait_for_report()["ok"]
    assert page.remote == [] and page.errors == [], page.errors


def test_pages_fit_a_phone(web_page):
    page = web_page(width=390, height=844, mobile=True)
    page.login(*OPD_USER)
    overflow = "() => document.documentElement.scrollWidth - window.innerWidth"
    assert page.evaluate(overflow) <= 0, "the upload page scrolls sideways on a phone"
    assert page.locator("#dropzone").is_visible() and page.locator("#kirim").is_visible()
    assert _upload(page, FLAWED)["ok"]
    assert page.evaluate(overflow) <= 0, "the report scrolls sideways on a phone"
    canvas = page.locator(".diagram-canvas").bounding_box()
    assert canvas["width"] >= 300 and canvas["height"] >= 250
    first = page.locator("li.finding").first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.goto(page.origin + "/riwayat")
    assert page.evaluate(overflow) <= 0, "the history scrolls sideways on a phone"
    assert page.remote == [] and page.errors == [], page.errors


def test_another_opds_report_is_not_found(web_page, live_server):
    from validator.web import services
    from validator.web.models import Opd

    with live_server.app.app_context():
        with live_server.app.extensions["ppb_db"].session() as sess:
            other = sess.query(Opd).filter(Opd.singkatan != "DISDUKCAPIL").first()
            (sub,) = services.store_upload(sess, opd=other, uploader=None, filename=GOOD.name,
                                           data=GOOD.read_bytes())
            other_id = sub.id
    page = web_page()
    page.login(*OPD_USER)
    response = page.goto(f"{page.origin}/laporan/{other_id}")
    assert response.status == 404
    assert "tidak ditemukan" in page.inner_text("main").lower()
