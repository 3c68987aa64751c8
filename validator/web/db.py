"""Database access: one SQLAlchemy engine per app, a session per request.

SQLite (WAL mode, foreign keys on) by default; PostgreSQL through DATABASE_URL.
The schema is created and upgraded by Alembic (validator/web/migrations).

Storage trouble (a full disk, a read-only file or file system, a database that cannot be
reached) is no bug of ours: :func:`storage_problem` recognises it, :class:`Database` turns
it into :class:`StorageUnavailable` (the server answers 503 with a message saying so) and
heals by itself once the storage is writable again. A connection opened while the storage
was read-only stays read-only for its whole life (SQLite opens a file it may not write
read-only, PostgreSQL keeps ``default_transaction_read_only``), so after trouble no
connection is used twice until a write has succeeded again: each request opens a fresh one
that sees the storage as it is now. A server started on a read-only database starts
anyway when its schema is current: it answers reads, refuses writes with 503 and works
once the storage is writable.

The SQLite file (and its -wal and -shm files, which SQLite creates with the database
file's permissions) is made readable by its owner only (0600).
"""
from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, exc as sa_exc, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FILE_MODE = 0o600

log = logging.getLogger(__name__)

# -- storage trouble ---------------------------------------------------------------------------

FULL, READONLY, IO, UNREACHABLE = "penuh", "hanya-baca", "galat-io", "tak-terhubung"
MESSAGES = {
    FULL: ("Penyimpanan server penuh atau hanya-baca; data Anda tidak tersimpan. Coba lagi "
           "setelah pengelola membebaskan ruang."),
    READONLY: ("Penyimpanan server penuh atau hanya-baca; data Anda tidak tersimpan. Coba lagi "
               "setelah pengelola membebaskan ruang atau memulihkan izin tulis."),
    IO: ("Penyimpanan server mengalami galat baca/tulis (disk bermasalah, penuh atau hanya-baca); "
         "data Anda tidak tersimpan. Coba lagi nanti dan beri tahu pengelola."),
    UNREACHABLE: ("Basis data server tidak dapat dihubungi; data Anda tidak tersimpan. Coba lagi "
                  "sebentar lagi atau beri tahu pengelola."),
}

# SQLite primary result codes (extended codes carry them in their low byte)
# (14 CANTOPEN: the file or its folder cannot be opened for writing; 26 NOTADB: damaged)
_SQLITE = {8: READONLY, 13: FULL, 10: IO, 14: IO, 26: IO}
_SQLITE_TEXT = (("readonly database", READONLY), ("disk is full", FULL),
                ("disk i/o error", IO), ("unable to open database file", IO))
_ERRNO = {errno.ENOSPC: FULL, errno.EDQUOT: FULL, errno.EROFS: READONLY, errno.EIO: IO}
# PostgreSQL SQLSTATE: 53xxx insufficient resources (53100 disk full), 25006 read-only
# transaction, 08xxx connection exceptions, 57P01-57P03 server shutting down / starting
_PG_EXACT = {"53100": FULL, "25006": READONLY, "58030": IO, "57P01": UNREACHABLE,
             "57P02": UNREACHABLE, "57P03": UNREACHABLE}
_PG_CLASS = {"53": FULL, "08": UNREACHABLE}


class StorageUnavailable(Exception):
    """The database or the disk cannot take the request's data (or cannot be reached).
    Nothing of the request was stored; the server answers 503 ``STORAGE_UNAVAILABLE``."""

    code = "STORAGE_UNAVAILABLE"
    http_status = 503

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"storage unavailable ({kind}): {detail}")

    @property
    def message(self) -> str:
        return MESSAGES.get(self.kind, MESSAGES[IO])


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the driver error SQLAlchemy wraps, and their causes (a few levels)."""
    seen: set[int] = set()
    todo = [exc]
    while todo and len(seen) < 12:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def storage_problem(exc: BaseException) -> str | None:
    """The kind of storage trouble ``exc`` is (FULL, READONLY, IO, UNREACHABLE), or None
    when it is something else (a bug, bad input, a busy database)."""
    for e in _chain(exc):
        if isinstance(e, StorageUnavailable):
            return e.kind
        if isinstance(e, sqlite3.Error):
            code = getattr(e, "sqlite_errorcode", None)
            if code is not None and (code & 0xFF) in _SQLITE:
                return _SQLITE[code & 0xFF]
            low = str(e).lower()
            for needle, kind in _SQLITE_TEXT:
                if needle in low:
                    return kind
            continue
        state = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
        if isinstance(state, str) and len(state) == 5:
            kind = _PG_EXACT.get(state) or _PG_CLASS.get(state[:2])
            if kind:
                return kind
            continue
        if type(e).__module__.startswith("psycopg") and type(e).__name__ == "OperationalError":
            return UNREACHABLE          # no SQLSTATE: the server could not be reached at all
        if isinstance(e, sa_exc.DBAPIError) and e.connection_invalidated:
            return UNREACHABLE
        if isinstance(e, OSError) and e.errno in _ERRNO:
            return _ERRNO[e.errno]
    return None


# -- engine ------------------------------------------------------------------------------------

def sqlite_path(url) -> Path | None:  # noqa: ANN001 - a sqlalchemy URL
    """The database file of a SQLite URL (None for memory databases)."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database or ""
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 when missing (SQLite takes an empty file as an
    empty database, and makes its -wal/-shm files with the same mode); tighten it and its
    -wal/-shm/-journal companions when others may read them."""
    from .config import owned

    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError:
        return          # a folder we cannot write: SQLite says so when it connects
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            st = p.stat()
            if st.st_mode & 0o077 and owned(st):
                p.chmod(FILE_MODE)
        except OSError:
            pass


def make_engine(url: str) -> Engine:
    if url.startswith("postgres://"):  # the scheme some hosts hand out
        url = "postgresql://" + url[len("postgres://"):]
    kwargs: dict = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        # a server's connection may be dropped (a restart, an idle timeout): test it before
        # use. A SQLite connection is a file opened in this process and never goes stale, so
        # it is not tested ("SELECT 1" on each of the two sessions of every API call)
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        path = sqlite_path(engine.url)
        if path is not None:
            private_file(path)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            if path is not None:
                private_file(path)      # a -wal file made by an older version or by hand
            cur = dbapi_conn.cursor()
            try:
                cur.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:   # a read-only file that is not WAL yet
                if storage_problem(exc) is None:
                    raise
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return engine


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest Alembic revision."""
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _alembic_config():
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def schema_is_current(engine: Engine) -> bool:
    """Whether the database's schema is the newest revision (read only)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head


def writable(engine: Engine) -> bool:
    """Whether the database takes writes now: a row is updated to itself and rolled back
    (nothing is written). False when the storage is read-only; a full disk shows only when
    a write needs new room."""
    try:
        with engine.connect() as conn:
            with conn.begin() as tx:
                conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
                tx.rollback()
        return True
    except sa_exc.DBAPIError as exc:
        if storage_problem(exc) is None:
            raise
        return False


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)
        self._lock = threading.Lock()
        self.degraded = False       # storage trouble seen; cleared by the next good write
        self.trouble_kind: str | None = None
        event.listen(self.engine, "connect", self._on_connect)     # pool events: they stay
        event.listen(self.engine, "checkout", self._on_checkout)   # with the pool after dispose()
        event.listen(self.sessions, "after_flush", _note_write)

    # -- storage trouble and healing -----------------------------------------------------------
    @staticmethod
    def _on_connect(_dbapi_conn, record) -> None:  # noqa: ANN001
        record.info["ppb_used"] = False

    def _on_checkout(self, _dbapi_conn, record, _proxy) -> None:  # noqa: ANN001
        """While in trouble, a connection already used is replaced by a fresh one (it may
        have been opened read-only)."""
        if self.degraded and record.info.get("ppb_used"):
            raise sa_exc.DisconnectionError("storage trouble: open a fresh connection")
        record.info["ppb_used"] = True

    def trouble(self, kind: str, exc: BaseException | None = None) -> None:
        """Storage trouble was seen: drop the pooled connections, use fresh ones from now on."""
        with self._lock:
            first = not self.degraded
            self.degraded, self.trouble_kind = True, kind
        if first:
            log.error("storage unavailable (%s): %s", kind, exc)
        try:
            self.engine.dispose()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            log.debug("dispose after storage trouble failed", exc_info=True)

    def healed(self) -> None:
        """A write succeeded after trouble: connections are pooled again, and those opened
        while the storage was still read-only are dropped."""
        if self.degraded:
            with self._lock:
                was, self.degraded, self.trouble_kind = self.degraded, False, None
            if was:
                log.warning("storage writable again")
                self.engine.dispose()

    def start(self, config) -> None:  # noqa: ANN001 - the Flask app's config
        """Migrate the schema at startup. On a read-only (or full) database whose schema is
        already current the server starts anyway, in trouble mode: reads work, writes answer
        503, and it heals once the storage is writable. Jobs are then not recovered at this
        start (``JOB_RECOVER`` off): that would write."""
        try:
            upgrade(self.engine)
        except Exception as exc:  # noqa: BLE001 - re-raised unless it is storage trouble
            kind = storage_problem(exc)
            if kind is None or not schema_is_current(self.engine):
                raise
            self.trouble(kind, exc)
        if not self.degraded and not writable(self.engine):
            self.trouble(READONLY, "the database does not take writes at startup")
        if self.degraded:
            log.warning("database read-only or full at startup: the server answers reads, "
                        "refuses writes (503) and heals once the storage is writable; "
                        "unfinished jobs are not recovered at this start")
            config["JOB_RECOVER"] = False
        self.engine.dispose()       # no connection opened during startup is kept

    def _write_notes(self, sess: Session) -> None:
        """Flush a session whose writes are optional notes. On storage trouble the notes are
        dropped: the rollback would expire everything the session read, so what was loaded
        is put back as it was, and the read goes on as if the notes had been written."""
        from sqlalchemy import inspect
        from sqlalchemy.orm.attributes import set_committed_value

        loaded = [(obj, dict(inspect(obj).dict)) for obj in list(sess.identity_map.values())]
        try:
            sess.flush()
        except Exception as exc:  # noqa: BLE001 - re-raised unless it is storage trouble
            kind = storage_problem(exc)
            if kind is None:
                raise
            sess.rollback()
            for obj, values in loaded:
                if inspect(obj).session is not sess:
                    continue
                for key, value in values.items():
                    if not key.startswith("_"):
                        set_committed_value(obj, key, value)
            self.trouble(kind, exc)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.
        Storage trouble raises :class:`StorageUnavailable` (nothing of the unit is kept)."""
        sess = self.sessions()
        try:
            yield sess
            if sess.info.get(OPTIONAL) and (sess.new or sess.dirty or sess.deleted):
                self._write_notes(sess)
            sess.commit()
            if self.degraded and sess.info.get("ppb_wrote"):
                self.healed()
        except BaseException as exc:
            try:
                sess.rollback()
            except Exception:  # noqa: BLE001 - the connection may be gone with the storage
                log.debug("rollback failed", exc_info=True)
            kind = storage_problem(exc) if isinstance(exc, Exception) else None
            if kind is not None and not isinstance(exc, StorageUnavailable):
                self.trouble(kind, exc)
                raise StorageUnavailable(kind, str(exc).splitlines()[0] if str(exc) else "") from exc
            raise
        finally:
            sess.close()


def _note_write(sess: Session, _ctx) -> None:  # noqa: ANN001
    sess.info["ppb_wrote"] = True


OPTIONAL = "ppb_optional_writes"


def optional_writes(sess: Session) -> None:
    """Mark what ``sess`` writes as a note that may be lost (a token's or a session's
    last-use time): on read-only or full storage the unit of work then ends without it
    instead of failing the request that only reads."""
    sess.info[OPTIONAL] = True
