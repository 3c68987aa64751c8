"""Headless Debian chromium driven by Playwright, for the HTML report.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(``make browser-deps`` installs it) with the flags that keep it off the network.
Every page records the requests it makes; any that is not file:// or data:
is aborted and kept, so a test can assert there were none.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (make browser-deps installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (make install)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Page:
    """A page plus what it asked the network for and what it logged as an error."""

    def __init__(self, page) -> None:
        self.page = page
        self.remote: list[str] = []
        self.errors: list[str] = []

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(url: str, width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = Page(context.new_page())

        def route(r):
            if r.request.url.startswith(LOCAL_SCHEMES):
                r.continue_()
            else:
                page.remote.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda req: None if req.url.startswith(LOCAL_SCHEMES)
                else page.remote.append(req.url))
        page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(url)
        page.wait_for_function("() => window.ppbReport !== undefined")
        return page

    yield open_
    for context in contexts:
        context.close()
