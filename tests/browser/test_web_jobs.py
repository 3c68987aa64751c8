"""The job page in a real browser: the progress bar follows the job through the API
(static/pekerjaan.js, under the pages' CSP) and the page shows the end state by itself;
its "Batalkan" button stops a running job."""
from __future__ import annotations

import threading
import time

from validator.web import jobs

from .web_server import OPD_USER, live_server, monkeypatch_module, web_page  # noqa: F401


def test_the_progress_bar_follows_a_running_job(web_page, live_server, monkeypatch):
    steps = [threading.Event(), threading.Event()]

    def run(ctx):
        ctx.progress(30, "Tahap pertama selesai.")
        steps[0].wait(30)
        ctx.progress(70, "Tahap kedua selesai.")
        steps[1].wait(30)
        return {"total": 0}

    monkeypatch.setitem(jobs.KINDS, "uji-bertahap", jobs.JobKind(
        "uji-bertahap", "Pekerjaan uji bertahap", lambda sub: {}, run, needs_file=False, isolate=False))
    app = live_server.app
    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        from validator.web.models import Opd
        opd_id = sess.query(Opd).filter_by(singkatan="DISDUKCAPIL").one().id
    with app.app_context():
        job_id = jobs.submit("uji-bertahap", opd_id=opd_id)
    try:
        page = web_page()
        page.login(*OPD_USER)
        page.goto(f"{page.origin}/pekerjaan/{job_id}")
        assert page.inner_text("h1").startswith("Pekerjaan uji bertahap")
        page.wait_for_function("() => document.getElementById('pekerjaan-persen').textContent === '30%'")
        assert page.evaluate("document.getElementById('pekerjaan-progress').value") == 30
        assert "Tahap pertama" in page.inner_text("#pekerjaan-pesan")
        steps[0].set()
        page.wait_for_function("() => document.getElementById('pekerjaan-persen').textContent === '70%'")
        steps[1].set()
        page.wait_for_function("() => !document.querySelector('script[src*=\"pekerjaan.js\"]')"
                               " && document.getElementById('pekerjaan-persen').textContent === '100%'")
        assert page.inner_text("#pekerjaan-status") == "selesai"
        assert page.errors == [] and page.remote == []
    finally:
        for step in steps:
            step.set()


def test_the_cancel_button_stops_a_running_job(web_page, live_server, monkeypatch):
    def run(ctx):
        for i in range(600):
            ctx.progress(10 + i // 10, "Masih bekerja.")
            time.sleep(0.1)
        return {"total": 0}

    monkeypatch.setitem(jobs.KINDS, "uji-panjang", jobs.JobKind(
        "uji-panjang", "Pekerjaan uji panjang", lambda sub: {}, run, needs_file=False, isolate=False))
    app = live_server.app
    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        from validator.web.models import Opd, User
        opd_id = sess.query(Opd).filter_by(singkatan="DISDUKCAPIL").one().id
        owner_id = sess.query(User).filter_by(username=OPD_USER[0]).one().id
    with app.app_context():
        job_id = jobs.submit("uji-panjang", opd_id=opd_id, owner_id=owner_id)
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/pekerjaan/{job_id}")
    page.wait_for_function("() => document.getElementById('pekerjaan-status').textContent === 'sedang dikerjakan'")
    assert page.is_visible("#tombol-batal")
    with page.expect_navigation():
        page.click("#tombol-batal")
    assert "Pembatalan diminta" in page.inner_text("body")
    # pekerjaan.js follows the job to its end, then the page shows it without the script
    page.wait_for_function("() => !document.querySelector('script[src*=\"pekerjaan.js\"]')"
                           " && document.getElementById('pekerjaan-status').textContent === 'dibatalkan'",
                           timeout=15000)
    assert page.inner_text("#pekerjaan-pesan").startswith(f"Dibatalkan oleh {OPD_USER[0]} ketika sedang berjalan")
    assert not page.is_visible("#tombol-batal")
    assert page.errors == [] and page.remote == []
