"""Fixtures for the server tests: a seeded app per test, a client, and a login helper.

The demo database (Kota Pariaman OPDs, the two demo accounts, every sample map stored)
is built once per test session and copied for each test, so tests may write freely.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ADMIN = ("admin", "admin-ppb-2025")
OPD_USER = ("disdukcapil", "disdukcapil-2025")
# a second OPD account made by the tests: DPMPTSP, which owns sample maps too
OTHER_USER = ("dpmptsp", "dpmptsp-2025")

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no csrf_token in the page"
    return m.group(1) or m.group(2)


def login(client, username: str, password: str):
    """Sign in through the real form (CSRF token included); returns the POST response."""
    page = client.get("/masuk")
    return client.post("/masuk", data={"username": username, "password": password,
                                       "csrf_token": csrf_token(page.get_data(as_text=True))})


def make_app(folder: Path, template_db: Path | None = None, **config):
    """An app on a database in ``folder`` (a copy of ``template_db`` when given)."""
    from validator.web import create_app

    db_file = folder / "ppb.sqlite3"
    if template_db is not None:
        shutil.copyfile(template_db, db_file)
    cfg = {"TESTING": True, "DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "uji-rahasia",
           "PPB_SEED_SAMPLES": False}
    cfg.update(config)
    return create_app(cfg)


def seed_demo(app) -> None:
    from validator.web.auth import hash_password
    from validator.web.models import Opd, User
    from validator.web.seed import seed
    from sqlalchemy import select

    db = app.extensions["ppb_db"]
    with db.session() as sess:
        seed(sess)
        dpmptsp = sess.scalar(select(Opd).where(Opd.singkatan == "DPMPTSP"))
        sess.add(User(username=OTHER_USER[0], nama="Operator DPMPTSP",
                      password_hash=hash_password(OTHER_USER[1]), role="opd", opd_id=dpmptsp.id))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ppb-demo")
    mp = pytest.MonkeyPatch()
    mp.setenv("PPB_INSTANCE_DIR", str(folder))
    try:
        app = make_app(folder)
        seed_demo(app)
        app.extensions["ppb_db"].engine.dispose()
    finally:
        mp.undo()
    return folder / "ppb.sqlite3"


@pytest.fixture
def app(tmp_path, monkeypatch, demo_db):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    application = make_app(tmp_path, demo_db)
    yield application
    application.extensions["ppb_db"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(name="login")
def login_fixture():
    return login


@pytest.fixture
def demo_users():
    return {"admin": ADMIN, "opd": OPD_USER, "other": OTHER_USER}


@pytest.fixture
def db(app):
    return app.extensions["ppb_db"]


def make_token(app, username: str, label: str = "uji") -> str:
    from sqlalchemy import select

    from validator.web import services
    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == username))
        _, secret = services.create_token(sess, user, label)
    return secret


@pytest.fixture
def token(app):
    """A bearer token of the demo OPD user (Disdukcapil)."""
    return make_token(app, OPD_USER[0])


@pytest.fixture
def admin_token(app):
    return make_token(app, ADMIN[0])


@pytest.fixture
def other_token(app):
    return make_token(app, OTHER_USER[0])


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}
