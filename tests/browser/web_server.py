"""A live server for the web pages' browser tests, and pages that may talk only to it.

The application runs in a thread (werkzeug's ``make_server``) on a free port with a
temporary instance folder and SQLite database; the demo accounts come from the
backend's seed module. Every browser request that does not go to that server is
aborted and recorded, so a test can assert that nothing left the server's origin.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "bpmn_samples"
ADMIN = ("admin", "admin-ppb-2025")            # the demo accounts of validator/web/seed.py
OPD_USER = ("disdukcapil", "disdukcapil-2025")
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def seed_demo(app, with_samples: bool = False) -> None:
    """The demo OPDs and accounts (the backend's seed module); without the sample uploads
    unless asked, so that the dashboard shows OPDs that have not uploaded yet."""
    from validator.web import seed

    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        seed.seed(sess, with_samples=with_samples)


class LiveServer:
    def __init__(self, app) -> None:
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("ppb-instance")
    monkeypatch_module.setenv("PPB_INSTANCE_DIR", str(folder))
    monkeypatch_module.delenv("DATABASE_URL", raising=False)
    from validator.report import assets
    try:
        assets.check()
    except assets.AssetsMissing as exc:
        pytest.fail(str(exc))
    from validator.web import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'ppb.sqlite3'}",
                      "PPB_SEED_SAMPLES": False, "SECRET_KEY": "uji-peramban"})
    seed_demo(app)
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


class WebPage:
    """A page of the live server, with what it asked of other origins and its errors."""

    def __init__(self, page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.remote: list[str] = []
        self.errors: list[str] = []

    def __getattr__(self, name):
        return getattr(self.page, name)

    def login(self, username: str, password: str) -> None:
        self.page.goto(self.origin + "/masuk")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        with self.page.expect_navigation():
            self.page.click("form button[type=submit]")

    def wait_for_report(self) -> dict:
        self.page.wait_for_url("**/laporan/*")
        self.page.wait_for_function("() => window.ppbReport !== undefined")
        return self.page.evaluate("window.ppbReport.load(0)")


@pytest.fixture
def web_page(browser, live_server):
    contexts = []

    def open_(width: int = 1280, height: int = 900, mobile: bool = False) -> WebPage:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      is_mobile=mobile, has_touch=mobile, locale="id-ID")
        contexts.append(context)
        page = WebPage(context.new_page(), live_server.url)

        def route(r):
            url = r.request.url
            if url.startswith(LOCAL_SCHEMES) or url.startswith(live_server.url + "/"):
                r.continue_()
            else:
                page.remote.append(url)
                r.abort()

        context.route("**/*", route)
        page.page.on("console", lambda msg: page.errors.append(msg.text)
                     if msg.type == "error" else None)
        page.page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield open_
    for context in contexts:
        context.close()
