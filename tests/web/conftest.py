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


# The same demo data on the throw-away PostgreSQL server (tests/web/pg.py): seeded once into
# one database, whose rows are put back before each test that uses it.
from .pg import Snapshot, fresh_postgres_url, postgres_server, postgres_url  # noqa: E402,F401


@pytest.fixture(scope="session")
def postgres_demo_db(postgres_server, postgres_url, tmp_path_factory) -> tuple[str, Snapshot]:
    folder = tmp_path_factory.mktemp("ppb-demo-pg")
    mp = pytest.MonkeyPatch()
    mp.setenv("PPB_INSTANCE_DIR", str(folder))
    try:
        app = make_app(folder, DATABASE_URL=postgres_url)
        seed_demo(app)
        app.extensions["ppb_db"].engine.dispose()
    finally:
        mp.undo()
    return postgres_url, Snapshot(postgres_server, postgres_url.rsplit("/", 1)[1]).save()


@pytest.fixture
def postgres_demo_url(postgres_demo_db) -> str:
    """DATABASE_URL of the seeded demo database on PostgreSQL, as it was after seeding."""
    url, snapshot = postgres_demo_db
    snapshot.restore()
    return url


# Every test using `app` runs on SQLite (the default) and on a real PostgreSQL server.
@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, monkeypatch):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    if request.param == "postgresql":
        application = make_app(tmp_path, DATABASE_URL=request.getfixturevalue("postgres_demo_url"))
    else:
        application = make_app(tmp_path, request.getfixturevalue("demo_db"))
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
