"""Sessions end when they should: logout, password/role/status changes, idle and absolute
timeouts; sign-in throttling; the audit log records it all."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from validator.web.models import ApiToken, AuditEntry, User, UserSession, utcnow

from .conftest import ADMIN, OPD_USER, OTHER_USER, bearer, csrf_token, login, make_token


def _cookie(client) -> str:
    cookie = client.get_cookie("ppb_sesi")
    assert cookie is not None, "no session cookie after sign-in"
    return cookie.value


def _client_with(app, cookie: str):
    other = app.test_client()
    other.set_cookie("ppb_sesi", cookie)
    return other


def _logout(client):
    page = client.get("/token")
    return client.post("/keluar", data={"csrf_token": csrf_token(page.get_data(as_text=True))})


def _audit(app, kind: str) -> list[AuditEntry]:
    with app.extensions["ppb_db"].session() as sess:
        return list(sess.scalars(select(AuditEntry).where(AuditEntry.kind == kind)
                                 .order_by(AuditEntry.id)))


def test_logout_ends_a_copied_cookie(app, client):
    assert login(client, *OPD_USER).status_code == 302
    copied = _cookie(client)
    thief = _client_with(app, copied)
    assert thief.get("/riwayat").status_code == 200          # the copy works while signed in
    assert thief.get("/api/v1/submissions").status_code == 200
    assert _logout(client).status_code == 302
    thief = _client_with(app, copied)
    r = thief.get("/riwayat")
    assert r.status_code == 302 and "/masuk" in r.headers["Location"]
    assert thief.get("/api/v1/submissions").status_code == 401
    assert [e.actor for e in _audit(app, "keluar")][-1] == OPD_USER[0]


def test_idle_and_absolute_timeouts(app, client):
    db = app.extensions["ppb_db"]
    for column, age in (("last_seen_at", timedelta(minutes=61)), ("created_at", timedelta(hours=8, minutes=1))):
        c = app.test_client()
        assert login(c, *OPD_USER).status_code == 302
        assert c.get("/riwayat").status_code == 200
        with db.session() as sess:
            sess.execute(update(UserSession).values(**{column: utcnow() - age}))
        r = c.get("/riwayat")
        assert r.status_code == 302, column
        with db.session() as sess:
            assert sess.scalar(select(UserSession)) is None, "the expired session row stays"
    # just inside both limits still works
    c = app.test_client()
    login(c, *OPD_USER)
    with db.session() as sess:
        sess.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=59),
                                                created_at=utcnow() - timedelta(hours=7, minutes=59)))
    assert c.get("/riwayat").status_code == 200


def test_password_change_ends_other_sessions_and_tokens(app, client):
    token = make_token(app, OPD_USER[0])
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
    other_device = app.test_client()
    login(other_device, *OPD_USER)
    login(client, *OPD_USER)
    page = client.get("/sandi")
    assert page.status_code == 200
    new = "kopi-tubruk-di-pasar-pagi"
    r = client.post("/sandi", data={"current": OPD_USER[1], "new": new, "confirm": new,
                                    "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert r.status_code == 302, r.get_data(as_text=True)
    assert client.get("/riwayat").status_code == 200            # this session goes on
    assert other_device.get("/riwayat").status_code == 302      # the other one ended
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 401
    fresh = app.test_client()
    assert login(fresh, *OPD_USER).status_code == 401           # the old password is gone
    assert login(fresh, OPD_USER[0], new).status_code == 302
    assert _audit(app, "sandi-ubah")[-1].target == OPD_USER[0]


@pytest.mark.parametrize("bad,why", [
    ("pendek-1", "minimal 10"),
    ("password123", "terlalu umum"),
    ("pariaman2025", "terlalu umum"),
    ("1234567890", "terlalu umum"),
    ("aaaaaaaaaaaa", "terlalu umum"),
    ("admin-ppb-2025", "terlalu umum"),       # a published demo password
])
def test_weak_passwords_are_refused(app, client, bad, why):
    login(client, *OPD_USER)
    page = client.get("/sandi")
    r = client.post("/sandi", data={"current": OPD_USER[1], "new": bad, "confirm": bad,
                                    "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert r.status_code == 422
    assert why in r.get_data(as_text=True)
    assert login(app.test_client(), *OPD_USER).status_code == 302   # unchanged


def test_admin_manages_users_and_changes_end_sessions(app, client):
    victim = app.test_client()
    assert login(victim, *OTHER_USER).status_code == 302
    login(client, *ADMIN)
    page = client.get("/pengguna")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    token = csrf_token(html)
    # create a verifikator
    r = client.post("/pengguna", data={"username": "verif.ortala", "nama": "Verifikator Ortala",
                                       "peran": "verifikator", "opd": "", "sandi": "rendang-dan-sate-padang",
                                       "csrf_token": token})
    assert r.status_code == 302, r.get_data(as_text=True)
    v = app.test_client()
    assert login(v, "verif.ortala", "rendang-dan-sate-padang").status_code == 302
    assert v.get("/riwayat/DPMPTSP").status_code == 200        # reads every OPD
    assert v.get("/dasbor").status_code == 200
    assert v.get("/pengguna").status_code == 403                # but manages no one
    # a problem list, all at once
    r = client.post("/pengguna", data={"username": "X", "peran": "opd", "opd": "", "sandi": "abc",
                                       "csrf_token": token})
    assert r.status_code == 422
    body = r.get_data(as_text=True)
    assert "Nama pengguna 2-80" in body and "wajib dikaitkan" in body and "minimal 10" in body
    with app.extensions["ppb_db"].session() as sess:
        uid = sess.scalar(select(User.id).where(User.username == OTHER_USER[0]))
    # role change ends the victim's session
    r = client.post(f"/pengguna/{uid}/peran", data={"peran": "opd", "opd": "DISDUKCAPIL",
                                                    "csrf_token": token})
    assert r.status_code == 302
    assert victim.get("/riwayat").status_code == 302
    login(victim, *OTHER_USER)
    # reset ends it again, and the old password stops working
    r = client.post(f"/pengguna/{uid}/sandi", data={"sandi": "gulai-itik-lado-hijau",
                                                    "csrf_token": token})
    assert r.status_code == 302
    assert victim.get("/riwayat").status_code == 302
    assert login(app.test_client(), *OTHER_USER).status_code == 401
    assert login(victim, OTHER_USER[0], "gulai-itik-lado-hijau").status_code == 302
    # deactivation ends it and refuses sign-in
    r = client.post(f"/pengguna/{uid}/nonaktif", data={"csrf_token": token})
    assert r.status_code == 302
    assert victim.get("/riwayat").status_code == 302
    assert login(app.test_client(), OTHER_USER[0], "gulai-itik-lado-hijau").status_code == 401
    kinds = [e.kind for e in _audit(app, "pengguna-tambah") + _audit(app, "pengguna-peran")
             + _audit(app, "sandi-atur-ulang") + _audit(app, "pengguna-nonaktif")]
    assert kinds == ["pengguna-tambah", "pengguna-peran", "sandi-atur-ulang", "pengguna-nonaktif"]
    # the audit page lists them, newest first, filtered by kind
    audit_page = client.get("/audit?jenis=pengguna-nonaktif").get_data(as_text=True)
    assert 'data-jenis="pengguna-nonaktif"' in audit_page and 'data-jenis="masuk"' not in audit_page


def test_opd_users_get_no_admin_pages(app, client):
    login(client, *OPD_USER)
    for url in ("/pengguna", "/audit", "/dasbor"):
        assert client.get(url).status_code == 403, url


def test_login_is_throttled_per_user_name(app):
    c = app.test_client()
    for _ in range(10):
        assert login(c, ADMIN[0], "salah-sekali-sandinya").status_code == 401
    r = login(c, *ADMIN)                                  # even the right password
    assert r.status_code == 429
    retry = int(r.headers["Retry-After"])
    assert 0 < retry <= 15 * 60
    assert "Coba lagi dalam" in r.get_data(as_text=True)
    # another account from the same address is throttled too (per address)...
    assert login(app.test_client(), *OPD_USER).status_code == 429
    # ...but not from another address
    other = app.test_client()
    page = other.get("/masuk", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    r = other.post("/masuk", data={"username": OPD_USER[0], "password": OPD_USER[1],
                                   "csrf_token": csrf_token(page.get_data(as_text=True))},
                   environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert r.status_code == 302
    assert len(_audit(app, "masuk-gagal")) == 10
    assert _audit(app, "masuk-ditahan")
    # once the window has passed, the right password works again
    from validator.web.models import LoginFailure
    with app.extensions["ppb_db"].session() as sess:
        sess.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=16)))
    admin = app.test_client()
    assert login(admin, *ADMIN).status_code == 302
    # the audit page, filtered by the user name, shows the failures against that account
    page = admin.get("/audit?pengguna=admin&jenis=masuk-gagal").get_data(as_text=True)
    assert page.count('data-jenis="masuk-gagal"') == 10
    assert all(e.actor is None and e.target == ADMIN[0] for e in _audit(app, "masuk-gagal"))


def test_demo_banner_until_demo_passwords_are_changed(app, client):
    login(client, *ADMIN)
    assert b'class="demo-banner"' in client.get("/pengguna").data
    db = app.extensions["ppb_db"]
    from validator.web import accounts
    with db.session() as sess:
        for name in (ADMIN[0], OPD_USER[0]):
            user = sess.scalar(select(User).where(User.username == name))
            accounts.set_password(sess, user, f"lembah-harau-sejuk-{len(name)}")
    login(client, ADMIN[0], f"lembah-harau-sejuk-{len(ADMIN[0])}")
    # the demo verifikator still has its published password: the banner stays
    assert b'class="demo-banner"' in client.get("/pengguna").data
    with db.session() as sess:
        user = sess.scalar(select(User).where(User.username == "verifikator"))
        accounts.set_password(sess, user, "ngarai-sianok-berkabut-pagi")
    assert b'class="demo-banner"' not in client.get("/pengguna").data


def test_tokens_of_a_deactivated_user_stop(app, client):
    token = make_token(app, OTHER_USER[0])
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
    from validator.web import accounts
    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == OTHER_USER[0]))
        accounts.set_active(sess, user, False)
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 401
    with app.extensions["ppb_db"].session() as sess:
        assert all(t.revoked for t in sess.scalars(select(ApiToken)))
