"""Storage trouble: a full or read-only database answers 503 with a message that says so,
stores nothing of the refused request, and heals by itself once writable (no restart); a
server started on a read-only database still starts. The instance folder is 0700, the
database and key files 0600.

The tests run as root, where chmod does not stop writes, so read-only storage is made the
way SQLite itself makes it when it may not write a file: each new connection is opened
read-only (``mode=ro``), while the connections opened before stay as they were. A full disk
is SQLite's real SQLITE_FULL ("database or disk is full"), through ``max_page_count``. On
PostgreSQL the database itself is made read-only (``default_transaction_read_only``).
"""
from __future__ import annotations

import errno
import io
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError

import validator.web.db as db_mod
from validator.web.db import FULL, IO, READONLY, UNREACHABLE, storage_problem
from tests.web.conftest import OPD_USER, bearer, csrf_token, login, make_app, make_token
from tests.web.helpers import good_bytes

MESSAGE = "Penyimpanan server penuh atau hanya-baca; data Anda tidak tersimpan."


class Storage:
    """Switches for the SQLite storage of an app made after :func:`switchable`."""

    def __init__(self) -> None:
        self.readonly = False
        self.full = False


@pytest.fixture
def storage(monkeypatch) -> Storage:
    """Engines made from now on open each new connection as the switches say."""
    switches = Storage()
    original = db_mod.make_engine

    def make(url: str):
        engine = original(url)

        @event.listens_for(engine, "do_connect")
        def _readonly(dialect, rec, cargs, cparams):  # noqa: ANN001
            if switches.readonly:      # what SQLite does with a file it may not write
                cargs[0] = f"file:{cargs[0]}?mode=ro"
                cparams["uri"] = True

        @event.listens_for(engine, "connect")
        def _full(dbapi_conn, rec):  # noqa: ANN001
            if switches.full:          # the disk has no page left for this database
                pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
                dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

        return engine

    monkeypatch.setattr(db_mod, "make_engine", make)
    return switches


def _count(db_file: Path, table: str = "submission") -> int:
    with sqlite3.connect(db_file) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _upload(client, token: str, name: str = "baru.bpmn"):
    return client.post(f"/api/v1/validate?simpan=1&filename={name}", data=good_bytes(),
                       headers={**bearer(token), "Content-Type": "application/xml"})


def _refused(resp, word: str = "hanya-baca") -> None:
    assert resp.status_code == 503, resp.get_data(as_text=True)[:300]
    err = resp.get_json()["error"]
    assert err["code"] == "STORAGE_UNAVAILABLE"
    assert MESSAGE in err["message"] and word in err["message"]
    assert resp.headers["Retry-After"].isdigit()


# -- SQLite ------------------------------------------------------------------------------------

def test_started_on_a_read_only_database_answers_reads_refuses_writes_and_heals(
        tmp_path, monkeypatch, demo_db, storage):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    first = make_app(tmp_path, demo_db)
    token = make_token(first, OPD_USER[0])
    visible = first.test_client().get("/api/v1/submissions", headers=bearer(token)).get_json()["count"]
    first.extensions["ppb_db"].engine.dispose()
    db_file = tmp_path / "ppb.sqlite3"
    before = _count(db_file)

    storage.readonly = True                       # the server restarts on read-only storage
    app = make_app(tmp_path)
    assert app.extensions["ppb_db"].degraded and app.config["JOB_RECOVER"] is False
    client = app.test_client()
    assert client.get("/api/v1/health").status_code == 200
    listed = client.get("/api/v1/submissions", headers=bearer(token))   # a read, with a token
    assert listed.status_code == 200 and listed.get_json()["count"] == visible > 0
    _refused(_upload(client, token))
    assert _count(db_file) == before               # nothing half-stored
    for _ in range(3):                             # reads meanwhile open read-only connections
        assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200

    storage.readonly = False                       # the administrator restores write access
    healed = _upload(client, token)
    assert healed.status_code == 201, healed.get_data(as_text=True)[:300]
    assert _upload(client, token, "lagi.bpmn").status_code == 201
    assert _count(db_file) == before + 2
    assert not app.extensions["ppb_db"].degraded
    app.extensions["ppb_db"].engine.dispose()


def test_disk_full_answers_503_on_api_and_pages_and_heals(tmp_path, monkeypatch, demo_db, storage):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    db_file = tmp_path / "ppb.sqlite3"
    db_file.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(db_file) as conn:        # no free page left to reuse: an upload grows
        conn.execute("VACUUM")                     # the file, which a full disk refuses
    app = make_app(tmp_path)
    token = make_token(app, OPD_USER[0])
    client, browser = app.test_client(), app.test_client()
    login(browser, *OPD_USER)
    before = _count(db_file)

    storage.full = True                            # the disk fills up
    app.extensions["ppb_db"].engine.dispose()
    resp = _upload(client, token)
    _refused(resp, word="penuh")
    assert _count(db_file) == before
    form = browser.get("/unggah")
    assert form.status_code == 200                 # pages that only read still answer
    page = browser.post("/unggah", data={"csrf_token": csrf_token(form.get_data(as_text=True)),
                                         "berkas": (io.BytesIO(good_bytes()), "peta.bpmn")},
                        content_type="multipart/form-data")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert MESSAGE in html and "kesalahan internal" not in html
    assert _count(db_file) == before

    storage.full = False                           # room is freed
    assert _upload(client, token).status_code == 201
    again = browser.post("/unggah", data={"csrf_token": csrf_token(browser.get("/unggah").get_data(as_text=True)),
                                          "berkas": (io.BytesIO(good_bytes()), "peta2.bpmn")},
                         content_type="multipart/form-data")
    assert again.status_code == 302 and "/laporan/" in again.headers["Location"]
    assert _count(db_file) == before + 2
    app.extensions["ppb_db"].engine.dispose()


def test_a_plan_upload_on_full_storage_answers_503_and_keeps_the_old_plan(
        tmp_path, monkeypatch, demo_db, storage):
    from tests.web.conftest import ADMIN

    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    db_file = tmp_path / "ppb.sqlite3"
    db_file.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(db_file) as conn:
        conn.execute("VACUUM")
    app = make_app(tmp_path)
    admin = make_token(app, ADMIN[0])
    plan = (Path(__file__).resolve().parents[2] / "bpmn_samples" / "rencana-pariaman.yaml").read_bytes()
    before = _count(db_file, "rencana")
    storage.full = True
    app.extensions["ppb_db"].engine.dispose()
    resp = app.test_client().post("/api/v1/rencana?filename=rencana.yaml", data=plan,
                                  headers={**bearer(admin), "Content-Type": "application/x-yaml"})
    _refused(resp, word="penuh")
    assert _count(db_file, "rencana") == before
    storage.full = False
    resp = app.test_client().post("/api/v1/rencana?filename=rencana.yaml", data=plan,
                                  headers={**bearer(admin), "Content-Type": "application/x-yaml"})
    assert resp.status_code == 201
    app.extensions["ppb_db"].engine.dispose()


# -- PostgreSQL --------------------------------------------------------------------------------

def test_postgres_read_only_database_answers_503_and_heals(tmp_path, monkeypatch, postgres_server,
                                                           postgres_demo_url):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    url = postgres_demo_url
    dbname = url.rsplit("/", 1)[1]
    first = make_app(tmp_path, DATABASE_URL=url)
    token = make_token(first, OPD_USER[0])
    first.extensions["ppb_db"].engine.dispose()
    import psycopg

    def count() -> int:
        with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="ppb",
                             dbname=dbname) as conn:
            return conn.execute("SELECT count(*) FROM submission").fetchone()[0]

    before = count()
    postgres_server._admin(f'ALTER DATABASE "{dbname}" SET default_transaction_read_only = on')
    app = None
    try:
        app = make_app(tmp_path, DATABASE_URL=url)     # restarted on a read-only database
        assert app.extensions["ppb_db"].degraded
        client = app.test_client()
        assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
        _refused(_upload(client, token))
        assert count() == before
        postgres_server._admin(f'ALTER DATABASE "{dbname}" RESET default_transaction_read_only')
        healed = _upload(client, token)
        assert healed.status_code == 201, healed.get_data(as_text=True)[:300]
        assert count() == before + 1
    finally:
        postgres_server._admin(f'ALTER DATABASE "{dbname}" RESET default_transaction_read_only')
        if app is not None:
            app.extensions["ppb_db"].engine.dispose()


# -- which errors are storage trouble ------------------------------------------------------------

def _sqlite_error(tmp_path: Path, kind: str) -> sqlite3.Error:
    db_file = tmp_path / f"{kind}.db"
    with sqlite3.connect(db_file) as conn:
        conn.execute("CREATE TABLE t (x)")
    if kind == "readonly":
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        statement = "INSERT INTO t VALUES (1)"
    else:
        conn = sqlite3.connect(db_file)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        statement = "INSERT INTO t VALUES (randomblob(100000))"
    try:
        conn.execute(statement)
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("no error")


def test_storage_errors_are_recognised(tmp_path):
    import psycopg.errors

    readonly, full = _sqlite_error(tmp_path, "readonly"), _sqlite_error(tmp_path, "full")
    assert "readonly database" in str(readonly) and "disk is full" in str(full)
    assert storage_problem(readonly) == READONLY and storage_problem(full) == FULL
    wrapped = OperationalError("INSERT ...", {}, full)     # as SQLAlchemy raises it
    assert storage_problem(wrapped) == FULL
    for text_, kind in (("disk I/O error", IO), ("unable to open database file", IO)):
        assert storage_problem(sqlite3.OperationalError(text_)) == kind
    assert storage_problem(psycopg.errors.DiskFull("could not extend file")) == FULL
    assert storage_problem(psycopg.errors.ReadOnlySqlTransaction("read-only")) == READONLY
    assert storage_problem(psycopg.errors.AdminShutdown("terminating")) == UNREACHABLE
    assert storage_problem(psycopg.OperationalError("connection refused")) == UNREACHABLE
    assert storage_problem(OSError(errno.ENOSPC, "No space left on device")) == FULL
    assert storage_problem(OSError(errno.EROFS, "Read-only file system")) == READONLY
    # not storage trouble: bad data, a busy database, a missing file, a bug
    assert storage_problem(IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE"))) is None
    assert storage_problem(sqlite3.OperationalError("database is locked")) is None
    assert storage_problem(psycopg.errors.UniqueViolation("duplicate key")) is None
    assert storage_problem(FileNotFoundError(errno.ENOENT, "x")) is None
    assert storage_problem(ValueError("bug")) is None


def test_an_unexpected_storage_error_anywhere_answers_503(app, token, monkeypatch):
    """A storage error raised outside a unit of work (here: while rendering) is still 503."""
    from validator.web import api

    def broken(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(api.json_report, "as_dict", broken)
    resp = app.test_client().post("/api/v1/validate", data=good_bytes(),
                                  headers={**bearer(token), "Content-Type": "application/xml"})
    _refused(resp, word="penuh")
    assert app.extensions["ppb_db"].degraded


# -- private files -----------------------------------------------------------------------------

def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_folder_database_and_key_are_private(tmp_path, monkeypatch):
    from validator.web import create_app

    folder = tmp_path / "instance"
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PPB_SECRET_KEY", raising=False)
    old = os.umask(0)                       # the modes must not depend on the umask
    try:
        app = create_app({"TESTING": True, "PPB_SEED_SAMPLES": False})
        token = make_token_for_new_user(app)
        assert app.test_client().get("/api/v1/rules", headers=bearer(token)).status_code == 200
    finally:
        os.umask(old)
    db_file = folder / "ppb.sqlite3"
    assert _mode(folder) == 0o700
    assert _mode(folder / "secret_key") == 0o600
    assert _mode(db_file) == 0o600
    for companion in (Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        assert companion.exists() and _mode(companion) == 0o600
    app.extensions["ppb_db"].engine.dispose()


def test_existing_open_instance_files_are_tightened(tmp_path, monkeypatch):
    from validator.web import create_app

    folder = tmp_path / "instance"
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PPB_SECRET_KEY", raising=False)
    first = create_app({"TESTING": True, "PPB_SEED_SAMPLES": False})
    first.extensions["ppb_db"].engine.dispose()
    db_file = folder / "ppb.sqlite3"
    for path, mode in ((folder, 0o755), (folder / "secret_key", 0o644), (db_file, 0o644)):
        path.chmod(mode)                    # as an older version or a copy left them
    key = (folder / "secret_key").read_text()
    app = create_app({"TESTING": True, "PPB_SEED_SAMPLES": False})
    make_token_for_new_user(app)
    assert _mode(folder) == 0o700 and _mode(folder / "secret_key") == 0o600
    assert _mode(db_file) == 0o600
    assert (folder / "secret_key").read_text() == key     # the same key: sessions survive
    app.extensions["ppb_db"].engine.dispose()


def test_a_shared_sticky_folder_is_not_tightened(tmp_path, monkeypatch):
    shared = tmp_path / "bersama"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(shared))
    from validator.web.config import instance_dir

    assert instance_dir() == shared and _mode(shared) == 0o1777


def make_token_for_new_user(app) -> str:
    """A user and a token in an empty database (one write, so the WAL files exist)."""
    from validator.web import services
    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        user = User(username="uji", nama="Uji", password_hash="-", role="admin")
        sess.add(user)
        sess.flush()
        _, secret = services.create_token(sess, user, "uji")
    return secret
