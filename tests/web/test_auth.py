"""Login, logout, roles, CSRF on forms, session cookie settings, API token pages."""
from __future__ import annotations

import re

from flask import Blueprint

from validator.web.auth import admin_required

from .conftest import bearer, csrf_token, login, make_app


def test_login_page_is_indonesian(client):
    r = client.get("/masuk")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'lang="id"' in html and "Nama pengguna" in html and "Kata sandi" in html
    assert 'name="csrf_token"' in html


def test_login_and_logout(client):
    r = login(client, "disdukcapil", "disdukcapil-2025")
    assert r.status_code == 302
    assert client.get("/api/v1/submissions").status_code == 200
    # logout is a POST with the CSRF token
    assert client.get("/keluar").status_code == 405
    token = csrf_token(client.get("/token").get_data(as_text=True))
    r = client.post("/keluar", data={"csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"].endswith("/masuk")
    assert client.get("/api/v1/submissions").status_code == 401


def test_wrong_password(client):
    r = login(client, "disdukcapil", "salah")
    assert r.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in r.get_data(as_text=True)
    r = login(client, "tidak-ada", "salah")
    assert r.status_code == 401
    assert client.get("/api/v1/submissions").status_code == 401


def test_secure_cookie_setting(tmp_path, monkeypatch, demo_db):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = make_app(tmp_path, demo_db, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    r = login(client, "admin", "admin-ppb-2025")
    (cookie,) = [c for c in r.headers.getlist("Set-Cookie") if c.startswith("ppb_sesi=")]
    assert "Secure" in cookie
    app.extensions["ppb_db"].engine.dispose()


def test_passwords_are_hashed(db):
    from sqlalchemy import select

    from validator.web.models import User

    with db.session() as sess:
        for user in sess.scalars(select(User)):
            assert user.password_hash.startswith("$argon2id$")
            # the demo passwords never appear in what is stored (a short substring such as a
            # year could appear in a random salt by chance; a whole password cannot)
            assert not any(pw in user.password_hash
                           for pw in ("admin-ppb-2025", "disdukcapil-2025"))


def test_admin_required(tmp_path, monkeypatch, demo_db):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    from validator.web import create_app

    bp = Blueprint("uji_admin", __name__)

    @bp.get("/uji-admin")
    @admin_required
    def only_admin():
        return "ok"

    import shutil
    shutil.copyfile(demo_db, tmp_path / "ppb.sqlite3")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'ppb.sqlite3'}",
                      "SECRET_KEY": "x"})
    app.register_blueprint(bp)
    c = app.test_client()
    r = c.get("/uji-admin")
    assert r.status_code == 302 and "/masuk" in r.headers["Location"]
    login(c, "disdukcapil", "disdukcapil-2025")
    assert c.get("/uji-admin").status_code == 403
    c2 = app.test_client()
    login(c2, "admin", "admin-ppb-2025")
    assert c2.get("/uji-admin").get_data(as_text=True) == "ok"
    app.extensions["ppb_db"].engine.dispose()


def test_token_page_creates_and_revokes(client):
    assert client.get("/token").status_code == 302   # sign in first
    login(client, "disdukcapil", "disdukcapil-2025")
    page = client.get("/token").get_data(as_text=True)
    assert "Token API" in page
    r = client.post("/token", data={"label": "Camunda Modeler", "csrf_token": csrf_token(page)})
    html = r.get_data(as_text=True)
    secret = re.search(r'id="token-baru">([^<]+)<', html).group(1)
    assert "tidak akan ditampilkan lagi" in html
    api = client.application.test_client()    # no session: the token alone
    assert api.get("/api/v1/submissions", headers=bearer(secret)).status_code == 200
    token_id = re.search(r'/token/(\d+)/cabut', html).group(1)
    # revoking needs the CSRF token too
    assert client.post(f"/token/{token_id}/cabut").status_code == 400
    r = client.post(f"/token/{token_id}/cabut", data={"csrf_token": csrf_token(html)})
    assert r.status_code == 302
    assert api.get("/api/v1/submissions", headers=bearer(secret)).status_code == 401
    assert "dicabut" in client.get("/token").get_data(as_text=True)


def test_cannot_revoke_someone_elses_token(app, client, admin_token):
    from sqlalchemy import select

    from validator.web.models import ApiToken
    from validator.web.security import token_hash

    with app.extensions["ppb_db"].session() as sess:
        tid = sess.scalar(select(ApiToken.id).where(ApiToken.token_hash == token_hash(admin_token)))
    login(client, "disdukcapil", "disdukcapil-2025")
    html = client.get("/token").get_data(as_text=True)
    assert client.post(f"/token/{tid}/cabut", data={"csrf_token": csrf_token(html)}).status_code == 404
    assert client.get("/api/v1/submissions", headers=bearer(admin_token)).status_code == 200
