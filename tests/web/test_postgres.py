"""DATABASE_URL switches the server to PostgreSQL: a real server started by the tests (pg.py).

Every test of tests/web that uses the ``app`` fixture already runs on SQLite and on
PostgreSQL (see conftest.py); the tests here cover what only PostgreSQL shows: migrations
from an empty database, the setting read from the environment, seeding, a server-side
error in the middle of an upload, concurrent uploads, no SQLite-only SQL, and
``ppb serve`` itself on PostgreSQL.
"""
from __future__ import annotations


import pytest
from sqlalchemy import event, func, inspect, select, text
from sqlalchemy.engine import Engine

from validator.web import create_app, services
from validator.web.models import ApiToken, Opd, Submission, User
from validator.web.seed import seed

from .conftest import bearer, login, make_app, make_token
from .helpers import SAMPLES, flawed_bytes, good_bytes, make_zip
from .processes import ppb_serve

TABLES = {"opd", "user_account", "api_token", "submission", "alembic_version"}


def _alembic_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from validator.web.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _count(db) -> int:
    with db.session() as sess:
        return sess.scalar(select(func.count(Submission.id)))


@pytest.fixture
def app(tmp_path, monkeypatch, postgres_demo_url):
    """Here the seeded demo app runs on PostgreSQL only (this overrides conftest's ``app``)."""
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    application = make_app(tmp_path, DATABASE_URL=postgres_demo_url)
    yield application
    application.extensions["ppb_db"].engine.dispose()


@pytest.fixture
def pg_app(tmp_path, monkeypatch, fresh_postgres_url):
    """An app on a new, empty PostgreSQL database (nothing seeded)."""
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    application = make_app(tmp_path, DATABASE_URL=fresh_postgres_url)
    yield application
    application.extensions["ppb_db"].engine.dispose()


@pytest.fixture
def statements():
    """Every SQL statement sent by any engine while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def test_migrations_from_an_empty_database(pg_app, tmp_path):
    engine = pg_app.extensions["ppb_db"].engine
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
    with engine.connect() as conn:
        assert "PostgreSQL" in conn.execute(text("SELECT version()")).scalar()   # not a mock
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _alembic_head()
    names = set(inspect(engine).get_table_names())
    assert TABLES <= names, names
    uniques = inspect(engine).get_unique_constraints("submission")
    # versions are numbered per map identity (migration 0006), no longer per file name
    assert any(set(u["column_names"]) == {"opd_id", "map_key", "version"} for u in uniques)
    assert not any(set(u["column_names"]) == {"opd_id", "filename", "version"} for u in uniques)
    # starting again on the migrated database changes nothing
    again = make_app(tmp_path, DATABASE_URL=str(engine.url.render_as_string(hide_password=False)))
    with again.extensions["ppb_db"].engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    again.extensions["ppb_db"].engine.dispose()


@pytest.mark.parametrize("scheme", ["postgresql://", "postgres://", "postgresql+psycopg://"])
def test_database_url_from_the_environment(postgres_server, fresh_postgres_url, tmp_path,
                                           monkeypatch, scheme):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", scheme + fresh_postgres_url.split("://", 1)[1])
    app = create_app({"TESTING": True})
    engine = app.extensions["ppb_db"].engine
    try:
        assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
        assert engine.url.port == postgres_server.port
        assert not (tmp_path / "ppb.sqlite3").exists()
    finally:
        engine.dispose()


def test_seed_an_empty_postgresql_database(pg_app):
    db = pg_app.extensions["ppb_db"]
    with db.session() as sess:
        made = seed(sess)
    samples = sorted(SAMPLES.rglob("*.bpmn"))
    assert made["seeded"] and made["submissions"] == len(samples) > 0
    with db.session() as sess:
        assert sess.scalar(select(func.count(Opd.id))) == made["opds"]
        assert {u.username for u in sess.scalars(select(User))} == {"admin", "verifikator", "disdukcapil"}
        stored = {s.filename: bytes(s.content) for s in sess.scalars(select(Submission))}
        assert seed(sess) == {"seeded": False}
    assert stored == {p.name: p.read_bytes() for p in samples}   # bytea keeps every byte


def test_no_sqlite_only_sql_reaches_postgresql(tmp_path, monkeypatch, postgres_server,
                                               fresh_postgres_url, statements):
    """Migrate, seed, store, list and show on PostgreSQL: no SQLite-only statement is sent, and
    the server answers none with an error (the app could swallow one; the server log cannot)."""
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    log_start = postgres_server.log_size()
    app = make_app(tmp_path, DATABASE_URL=fresh_postgres_url)
    try:
        with app.extensions["ppb_db"].session() as sess:
            seed(sess, with_samples=False)
        client = app.test_client()
        token = make_token(app, "disdukcapil")
        r = client.post("/api/v1/validate?simpan=1", data=flawed_bytes(),
                        headers={**bearer(token), "Content-Type": "application/xml"})
        assert r.status_code == 201, r.get_data(as_text=True)
        sid = r.get_json()["submissions"][0]["id"]
        assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
        assert client.get(f"/api/v1/submissions/{sid}/report", headers=bearer(token)).status_code == 200
        login(client, "admin", "admin-ppb-2025")
        for url in ("/dasbor", "/riwayat/DISDUKCAPIL", f"/laporan/{sid}"):
            assert client.get(url).status_code == 200, url
    finally:
        app.extensions["ppb_db"].engine.dispose()
    assert len(statements) > 20
    sqlite_only = [s for s in statements
                   if any(w in s.upper() for w in ("PRAGMA", "SQLITE_MASTER", "AUTOINCREMENT",
                                                   "INSERT OR ", "_ALEMBIC_TMP"))]
    assert not sqlite_only, sqlite_only
    errors = [line for line in postgres_server.log_text(log_start).splitlines()
              if "ERROR:" in line or "FATAL:" in line]
    assert not errors, errors


def test_a_server_error_midway_rolls_the_upload_back(app, db, monkeypatch):
    """PostgreSQL aborts the transaction on an error; the upload leaves nothing and the
    connection is usable again."""
    before = _count(db)
    real = services._add_submission
    calls = []

    def failing(sess, *args, **kwargs):  # noqa: ANN001
        calls.append(1)
        if len(calls) == 2:
            sess.execute(text("SELECT 1 / 0"))   # raised by the server, not by Python
        return real(sess, *args, **kwargs)

    monkeypatch.setattr(services, "_add_submission", failing)
    data = make_zip({"a.bpmn": good_bytes(), "b.bpmn": flawed_bytes(), "c.bpmn": good_bytes()})
    with pytest.raises(Exception) as exc, app.app_context(), db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        services.store_upload(sess, opd=opd, uploader=None, filename="p.zip", data=data)
    assert "division by zero" in str(exc.value)
    assert _count(db) == before
    monkeypatch.setattr(services, "_add_submission", real)
    with app.app_context(), db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        stored = services.store_upload(sess, opd=opd, uploader=None, filename="p.zip", data=data)
    assert len(stored) == 3 and _count(db) == before + 3


def test_through_the_api_a_failed_upload_stores_nothing(app, client, token, monkeypatch):
    """The same over HTTP: a 500 JSON error and no half-stored ZIP."""
    db = app.extensions["ppb_db"]
    before = _count(db)
    real = services._add_submission
    calls = []

    def failing(sess, *args, **kwargs):  # noqa: ANN001
        calls.append(1)
        if len(calls) == 2:
            sess.execute(text("SELECT 1 / 0"))
        return real(sess, *args, **kwargs)

    monkeypatch.setattr(services, "_add_submission", failing)
    data = make_zip({"a.bpmn": good_bytes(), "b.bpmn": flawed_bytes()})
    r = client.post("/api/v1/validate?simpan=1", data=data,
                    headers={**bearer(token), "Content-Type": "application/zip"})
    assert r.status_code == 500
    assert r.get_json()["error"]["code"] == "INTERNAL"
    assert _count(db) == before


def test_tokens_and_access_on_postgresql(app, client, token, other_token, admin_token):
    mine = client.get("/api/v1/submissions", headers=bearer(token)).get_json()["submissions"]
    theirs = client.get("/api/v1/submissions", headers=bearer(other_token)).get_json()["submissions"]
    everyone = client.get("/api/v1/submissions?limit=1000",
                          headers=bearer(admin_token)).get_json()["submissions"]
    assert {s["opd"]["singkatan"] for s in mine} == {"DISDUKCAPIL"}
    assert {s["opd"]["singkatan"] for s in theirs} == {"DPMPTSP"}
    assert {s["id"] for s in mine} | {s["id"] for s in theirs} <= {s["id"] for s in everyone}
    for sub in theirs:
        assert client.get(f"/api/v1/submissions/{sub['id']}", headers=bearer(token)).status_code == 404
    with app.extensions["ppb_db"].session() as sess:
        used = sess.scalars(select(ApiToken).where(ApiToken.last_used_at.is_not(None))).all()
    assert len(used) == 3   # the use of each token was written back to PostgreSQL


def test_ppb_serve_on_postgresql(fresh_postgres_url, tmp_path):
    """`ppb serve` with DATABASE_URL in the environment: migrates and seeds PostgreSQL, serves."""
    with ppb_serve(tmp_path, DATABASE_URL=fresh_postgres_url) as (_base, health, log):
        assert health["status"] == "ok"
        assert "admin-ppb-2025" in log.read_text()
    assert not (tmp_path / "ppb.sqlite3").exists()
    import psycopg

    with psycopg.connect(fresh_postgres_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        stored = conn.execute("SELECT count(*) FROM submission").fetchone()[0]
    assert stored == len(list(SAMPLES.rglob("*.bpmn")))
