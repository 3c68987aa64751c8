"""Accounts in a real browser: the admin sees the demo banner, creates a verifikator, the
verifikator signs in and changes their password; logout really ends the session."""
from __future__ import annotations

from .web_server import ADMIN, live_server, monkeypatch_module, web_page  # noqa: F401


def test_admin_creates_a_user_who_changes_their_password(web_page, tmp_path):
    page = web_page()
    page.login(*ADMIN)
    page.goto(page.origin + "/pengguna")
    banner = page.locator(".demo-banner")
    assert banner.is_visible() and "kata sandi" in banner.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.demo-banner')).backgroundColor") \
        == "rgb(179, 38, 30)"
    page.fill("#username", "verif.browser")
    page.fill("#nama", "Verifikator Peramban")
    page.select_option("#peran", "verifikator")
    page.fill("#sandi", "pasar-ateh-bukittinggi")
    with page.expect_navigation():
        page.click("fieldset button[type=submit]")
    assert "dibuat" in page.inner_text("main")
    assert page.locator('tr[data-pengguna="verif.browser"]').count() == 1
    page.screenshot(path=str(tmp_path / "pengguna.png"), full_page=True)

    # a too-weak password is refused with the reason, on the page
    page.fill("#username", "lemah")
    page.select_option("#peran", "verifikator")
    page.fill("#sandi", "password1")
    with page.expect_navigation():
        page.click("fieldset button[type=submit]")
    problems = page.inner_text("ul.masalah")
    assert "minimal 10" in problems and "terlalu umum" in problems

    other = web_page()
    other.login("verif.browser", "pasar-ateh-bukittinggi")
    assert other.url.endswith("/dasbor"), other.url          # a verifikator lands on the dashboard
    other.goto(other.origin + "/sandi")
    other.fill("#current", "pasar-ateh-bukittinggi")
    other.fill("#new", "jam-gadang-tengah-kota")
    other.fill("#confirm", "jam-gadang-tengah-kota")
    with other.expect_navigation():
        other.click("main form button[type=submit]")
    assert "Kata sandi diganti" in other.inner_text("main")
    assert other.goto(other.origin + "/pengguna").status == 403

    # logout ends the session on the server: the cookie kept from before is refused
    cookies = other.context.cookies()
    with other.expect_navigation():
        other.click("form.logout button")
    third = web_page()
    third.context.add_cookies(cookies)
    third.goto(third.origin + "/dasbor")
    assert "/masuk" in third.url
    # the only console lines are the statuses this test asked for (422 weak password, 403)
    for errors in (page.errors, other.errors):
        assert all("status of 422" in e or "status of 403" in e for e in errors), errors
    assert not page.remote and not other.remote
