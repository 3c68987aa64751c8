"""A throw-away PostgreSQL server for the server tests (a real one, never a mock).

``postgres_server`` (session scope) runs ``initdb`` into a new temporary folder and
``pg_ctl start`` on a free loopback port, with its unix socket in that folder too, and
stops the cluster and removes the folder when the test session ends. PostgreSQL refuses
to run as root: as root the cluster is run by the ``postgres`` system user (made by
Debian's package), otherwise by the current user. ``make postgres-deps`` installs
Debian's ``postgresql`` package when the binaries are missing; only when they are truly
absent are the PostgreSQL tests skipped, with a warning that says so.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import pytest

from .processes import free_port

SUPERUSER = "ppb"
MISSING = ("PostgreSQL NOT TESTED: initdb/pg_ctl not found (PATH or "
           "/usr/lib/postgresql/<version>/bin); `make postgres-deps` installs them")


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's newest version first, then PATH."""
    def version(path: str) -> tuple[int, ...]:
        m = re.search(r"/postgresql/([\d.]+)/bin", path)
        return tuple(int(p) for p in m.group(1).split(".") if p) if m else ()

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version, reverse=True)
    for pg_ctl in found:
        folder = Path(pg_ctl).parent
        if os.access(folder / "initdb", os.X_OK) and os.access(pg_ctl, os.X_OK):
            return folder
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(os.path.realpath(pg_ctl)).parent
    return None


def _temp_base(as_postgres: bool) -> str:
    """The system temporary folder, or /tmp when the ``postgres`` user could not reach it or
    the unix socket path would be too long (about 107 bytes at most)."""
    base = tempfile.gettempdir()
    if len(base) > 60:
        return "/tmp"
    if as_postgres:
        for folder in [Path(base), *Path(base).parents]:
            if not folder.stat().st_mode & 0o001:   # others may not pass through
                return "/tmp"
    return base


class PostgresServer:
    """One running cluster; databases are made and dropped through the ``postgres`` database."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_postgres = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="ppb-pg-", dir=_temp_base(self.as_postgres)))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.started = False
        if self.as_postgres:
            owner = pwd.getpwnam("postgres")   # the system user of Debian's package
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        os.chmod(self.folder, 0o700)

    def _run(self, *args: str, timeout: float = 120) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = (["runuser", "-u", "postgres", "--", *cmd] if shutil.which("runuser")
                   else ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(map(_quote, cmd))])
        proc = subprocess.run(cmd, cwd=self.folder, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n"
                               f"{proc.stderr}\n{log}")

    def start(self) -> "PostgresServer":
        # trust authentication is fine here: loopback only, a random port, a folder only the
        # cluster's owner may enter, and it is deleted when the tests end
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--no-locale", "--no-sync")
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-F -c full_page_writes=off -c synchronous_commit=off -c max_connections=100")
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", options)
        self.started = True
        return self

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w",
                          timeout=60)
                self.started = False
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def log_text(self, since: int = 0) -> str:
        """The server's log from byte ``since`` on (every error the server answered is in it)."""
        with open(self.log, "rb") as f:
            f.seek(since)
            return f.read().decode("utf-8", errors="replace")

    def log_size(self) -> int:
        return self.log.stat().st_size

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def create_database(self, template: str | None = None, prefix: str = "ppb") -> str:
        """A new empty database (or a copy of ``template``); returns its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Snapshot:
    """The rows of every table of one database (but alembic_version) and its sequences, kept in
    a schema of that database and put back by :meth:`restore` — much faster than a new
    ``CREATE DATABASE ... TEMPLATE`` per test (about 0.3 s each)."""

    SCHEMA = "ppb_snapshot"

    def __init__(self, server: PostgresServer, dbname: str) -> None:
        self.server, self.dbname = server, dbname
        self.tables: list[str] = []
        self.sequences: list[tuple[str, int, bool]] = []

    def _connect(self):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.server.port, user=SUPERUSER,
                               dbname=self.dbname, connect_timeout=10)

    def save(self) -> "Snapshot":
        with self._connect() as conn:
            self.tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename")]
            conn.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")
            conn.execute(f"CREATE SCHEMA {self.SCHEMA}")
            for table in self.tables:
                conn.execute(f'CREATE TABLE {self.SCHEMA}."{table}" AS TABLE public."{table}"')
            self.sequences = []
            for (seq,) in conn.execute("SELECT sequencename FROM pg_sequences "
                                       "WHERE schemaname = 'public' ORDER BY 1").fetchall():
                last, called = conn.execute(f'SELECT last_value, is_called FROM public."{seq}"').fetchone()
                self.sequences.append((seq, last, called))
        return self

    def restore(self) -> None:
        """Put the saved rows back in one transaction (foreign keys are checked by triggers,
        which ``session_replication_role = replica`` leaves out while copying)."""
        if not self.tables:
            return
        with self._connect() as conn:
            conn.execute("SET LOCAL lock_timeout = '20s'")   # a leaked connection fails, not hangs
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute("TRUNCATE " + ", ".join(f'public."{t}"' for t in self.tables)
                         + " RESTART IDENTITY CASCADE")
            for table in self.tables:
                conn.execute(f'INSERT INTO public."{table}" SELECT * FROM {self.SCHEMA}."{table}"')
            for seq, last, called in self.sequences:
                conn.execute("SELECT setval(%s, %s, %s)", (f'public."{seq}"', last, called))


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


@pytest.fixture(scope="session")
def postgres_server():
    """The running throw-away PostgreSQL server of this test session."""
    bindir = find_bindir()
    if bindir is None:
        warnings.warn(MISSING, pytest.PytestWarning, stacklevel=1)
        pytest.skip(MISSING)
    server = PostgresServer(bindir)
    started = time.monotonic()
    try:
        server.start()
        server.startup_seconds = time.monotonic() - started
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:
    """DATABASE_URL of the session's database on the throw-away server (conftest seeds the
    demo data into it; see ``postgres_demo_url``)."""
    return postgres_server.url(postgres_server.create_database(prefix="ppb_demo"))


@pytest.fixture
def fresh_postgres_url(postgres_server):
    """DATABASE_URL of an empty database made for one test and dropped after it."""
    name = postgres_server.create_database(prefix="ppb_uji")
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
