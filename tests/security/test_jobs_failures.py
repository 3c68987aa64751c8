"""Jobs do not lie when things break: killed servers, servers sharing a database, a database
that refuses to record a job's end, and rows that cannot be read.

The process tests start ``ppb serve`` for real (a short lease: PPB_JOB_LEASE_SECONDS=2,
swept every half second) and kill it with SIGKILL while a simulation job runs in its child
process. What we decided and check here: a job run in-process by a server that died ends
``gagal`` naming the cause ("server ... berhenti atau dimulai ulang") once its lease expires,
and is not run again unasked (a job of a killed Celery worker is retried once instead: see
tests/web/test_jobs_celery.py); a server never touches a job whose lease another live server
holds.
"""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.web.conftest import make_app
from tests.web.processes import start_serve, stop
from tests.web.test_jobs import wait, with_settings
from validator.web import jobs
from validator.web.db import StorageUnavailable
from validator.web.models import Job, User, utcnow

from .conftest import OPD_USER, bearer, login, make_token

ROOT = Path(__file__).resolve().parents[2]
SIM_MAP = (ROOT / "tests" / "sim" / "models" / "izin-4-lane.bpmn").read_bytes()
LEASE = 2.0
# a simulation that runs for minutes (about 4 s per replication), killed long before its end
LONG_SIM = {"kind": "simulasi", "cases": "200000", "replications": "20", "seed": "7"}
# one gunicorn worker process (`ppb serve` on Linux): the jobs run in that worker, a child of
# the process started
JOB_ENV = {"PPB_JOB_LEASE_SECONDS": str(LEASE), "PPB_JOB_SWEEP_SECONDS": "0.5", "PPB_WORKERS": "1"}


# -- processes -----------------------------------------------------------------------------------

def _start(folder: Path, env_extra: dict) -> tuple[subprocess.Popen, str]:
    return start_serve(folder, {**JOB_ENV, **env_extra})


def _worker(server_pid: int) -> int:
    """The server's one worker process (gunicorn's; the server itself under waitress)."""
    kids = [p for p, pp in _parents().items() if pp == server_pid and "forkserver" not in _cmdline(p)]
    assert len(kids) <= 1, kids
    return kids[0] if kids else server_pid


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (the forkserver, its resource tracker, the jobs' processes)."""
    parents = _parents()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def _job_processes(server_pid: int) -> set[int]:
    """The jobs' child processes of a server: those its forkserver forked."""
    parents = _parents()
    servers = {p for p, pp in parents.items() if pp == server_pid and "forkserver" in _cmdline(p)}
    return {p for p, pp in parents.items() if pp in servers}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill(proc: subprocess.Popen) -> set[int]:
    """SIGKILL the server; its children must end by themselves within seconds."""
    children = _descendants(proc.pid)
    assert _job_processes(_worker(proc.pid)), "no job process to outlive the server"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in children if _alive(p)], "a job process outlived its killed server"
    return children


def _token(url: str) -> str:
    from validator.web import services

    engine = create_engine(url)
    try:
        with Session(engine) as sess:
            user = sess.scalar(select(User).where(User.username == OPD_USER[0]))
            _, secret = services.create_token(sess, user, "uji-pekerjaan")
            sess.commit()
        return secret
    finally:
        engine.dispose()


def _row(url: str, job_id: str) -> Job:
    engine = create_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as sess:
            job = sess.get(Job, job_id)
            sess.expunge(job)
            return job
    finally:
        engine.dispose()


def _call(base: str, token: str, path: str, method: str = "GET", data: bytes | None = None,
          content_type: str | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def _submit_long(base: str, token: str) -> str:
    boundary = "----uji-pekerjaan"
    parts = []
    for name, value in LONG_SIM.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="izin.bpmn"\r\n'
                 "Content-Type: application/xml\r\n\r\n".encode() + SIM_MAP + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    status, body = _call(base, token, "/api/v1/jobs", "POST", b"".join(parts),
                         f"multipart/form-data; boundary={boundary}")
    assert status == 202, body
    return body["id"]


def _until(base: str, token: str, job_id: str, check, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        status, body = _call(base, token, f"/api/v1/jobs/{job_id}")
        assert status == 200, body
        if check(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not as expected within {timeout} s: {body}")


def _running(body: dict) -> bool:
    return body["status"] == "berjalan" and body["progress"] >= 1   # its child has started


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
        return url, {"DATABASE_URL": url}
    url = f"sqlite:///{tmp_path / 'a' / 'ppb.sqlite3'}"
    return url, {"DATABASE_URL": url}


# -- servers killed for real -------------------------------------------------------------------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@linux_only
def test_a_job_of_a_restarted_server_ends_with_the_cause_and_is_not_run_again(tmp_path, database):
    url, env = database
    folder = tmp_path / "a"
    proc, base = _start(folder, env)
    try:
        token = _token(url)
        job_id = _submit_long(base, token)
        _until(base, token, job_id, _running)
        first_worker = _row(url, job_id).worker
        first_pid = _worker(proc.pid)
        assert first_worker == f"server@{socket.gethostname()}:{first_pid}"
        _kill(proc)
        left = _row(url, job_id)
        assert (left.status, left.attempts) == ("berjalan", 1), left.message   # nobody ended it yet

        # the restarted server ends it within the lease, naming the cause, and does not run it
        proc, base = _start(folder, env)
        started = time.monotonic()
        ended = _until(base, token, job_id, lambda b: b["status"] != "berjalan", timeout=LEASE * 5 + 10)
        assert time.monotonic() - started < LEASE + 5      # within the lease (and a sweep or two)
        assert ended["status"] == "gagal", ended
        assert ended["attempts"] == 1
        message = ended["message"]
        assert message.startswith(f"Pekerjaan gagal: server yang menjalankannya "
                                  f"({socket.gethostname()}:{first_pid}) berhenti atau dimulai ulang")
        assert "prosesnya sudah tidak ada" in message and "kirim ulang" in message
        time.sleep(LEASE * 2)
        again = _call(base, token, f"/api/v1/jobs/{job_id}")[1]
        assert (again["status"], again["attempts"]) == ("gagal", 1)     # not run again unasked
        assert not _job_processes(_worker(proc.pid))
    finally:
        stop(proc)


@linux_only
def test_restarting_one_server_leaves_the_other_servers_live_job_alone(tmp_path, database):
    url, env = database
    proc_a, base_a = _start(tmp_path / "a", env)
    proc_b, base_b = _start(tmp_path / "b", env)
    try:
        token = _token(url)
        job_id = _submit_long(base_a, token)
        _until(base_a, token, job_id, _running)
        children = _job_processes(_worker(proc_a.pid))
        assert len(children) == 1 and all(_alive(p) for p in children)
        holder = f"server@{socket.gethostname()}:{_worker(proc_a.pid)}"
        assert _row(url, job_id).worker == holder

        # B restarts (its start-up sweep runs) and is read from for several leases
        stop(proc_b)
        proc_b, base_b = _start(tmp_path / "b", env)
        watch_until = time.monotonic() + LEASE * 3
        while time.monotonic() < watch_until:
            status, body = _call(base_b, token, f"/api/v1/jobs/{job_id}")
            assert status == 200 and body["status"] == "berjalan" and body["attempts"] == 1, body
            time.sleep(0.2)
        row = _row(url, job_id)
        assert row.worker == holder and row.lease_until > utcnow()   # A still renews its lease

        # cancelled through B: A's heartbeat sees it and stops its child within seconds
        status, body = _call(base_b, token, f"/api/v1/jobs/{job_id}/batal", "POST")
        assert status == 202 and body["cancelRequested"] is True
        ended = _until(base_b, token, job_id, lambda b: b["status"] != "berjalan", timeout=10)
        assert ended["status"] == "dibatalkan", ended
        assert ended["message"].startswith(f"Dibatalkan oleh {OPD_USER[0]} ketika sedang berjalan")
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in children if _alive(p)]
        assert proc_a.poll() is None     # A itself is unharmed
    finally:
        stop(proc_a)
        stop(proc_b)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


# -- a database that refuses --------------------------------------------------------------------

@pytest.fixture
def sqlite_app(tmp_path, demo_db, monkeypatch):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = make_app(tmp_path, demo_db)
    yield app
    jobs.runner_of(app).shutdown(wait=True)
    app.extensions["ppb_db"].engine.dispose()


def test_a_job_whose_failure_cannot_be_recorded_is_ended_by_the_sweep(sqlite_app, monkeypatch):
    """A full disk (SQLite's max_page_count: every write that needs a new page fails with
    'database or disk is full') refuses the job's long failure message. The job is not left
    'berjalan' forever: its lease expires and the sweep ends it; its page never answers 500."""
    import threading

    app = sqlite_app
    disk_full = threading.Event()

    def explode(ctx):
        ctx.progress(10, "Menunggu disk penuh.")
        disk_full.wait(30)
        raise jobs.JobError("UJI_GAGAL", "gagal yang pesannya amat panjang: " + "x" * 2_000_000)

    monkeypatch.setitem(jobs.KINDS, "uji-meledak", jobs.JobKind(
        "uji-meledak", "Uji meledak", lambda sub: {}, explode, needs_file=False, isolate=False))
    runner = with_settings(app, lease=1.0)
    db = app.extensions["ppb_db"]
    token = make_token(app, OPD_USER[0])
    page_client = app.test_client()
    login(page_client, *OPD_USER)
    client = app.test_client()
    resp = client.post("/api/v1/jobs", headers=bearer(token), data={"kind": "uji-meledak"})
    assert resp.status_code == 202, resp.get_json()
    job_id = resp.get_json()["id"]
    wait(client, token, job_id, 20, until=("berjalan",))

    def full(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA max_page_count = 1")   # clamped to the pages in use now

    event.listen(db.engine, "connect", full)
    db.engine.dispose()      # every connection from now on sees a full disk
    try:
        disk_full.set()
        deadline = time.monotonic() + 20
        while runner.pending()["running"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        with db.session() as sess:
            stuck = sess.get(Job, job_id)
            assert stuck.status == "berjalan" and stuck.lease_until is not None   # not recorded
            assert len(stuck.message) < 1000
        with pytest.raises(StorageUnavailable, match="penuh"):   # the disk is really full
            with db.session() as sess:
                sess.execute(Job.__table__.update().where(Job.id == job_id).values(message="y" * 2_000_000))
        assert page_client.get(f"/pekerjaan/{job_id}").status_code == 200

        time.sleep(1.2)    # the lease (1 s) expires; nobody renews it
        body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
        assert body["status"] == "gagal", body
        assert "tidak dapat mencatat akhir pekerjaan" in body["message"]
        page = page_client.get(f"/pekerjaan/{job_id}")
        assert page.status_code == 200 and "status-gagal" in page.get_data(as_text=True)
    finally:
        event.remove(db.engine, "connect", full)
        runner.shutdown(wait=True)


def test_a_job_row_that_cannot_be_read_answers_503_never_500(app, token, monkeypatch):
    db = app.extensions["ppb_db"]
    client = app.test_client()
    page_client = app.test_client()
    login(page_client, *OPD_USER)
    with db.session() as sess:
        opd_id = sess.scalar(select(User.opd_id).where(User.username == OPD_USER[0]))
        sess.add(Job(id="f" * 32, kind="validasi-set", opd_id=opd_id, status="selesai", progress=100,
                     message="Selesai.", params_json="{rusak", result_json="[[[ bukan json",
                     created_at=utcnow(), updated_at=utcnow(), attempts=1, cancel_requested=False))
    # stored JSON that cannot be read: the job is still shown
    body = client.get("/api/v1/jobs/" + "f" * 32, headers=bearer(token)).get_json()
    assert body["status"] == "selesai" and body["result"] is None
    assert page_client.get("/pekerjaan/" + "f" * 32).status_code == 200

    def refuse(*args, **kwargs):
        raise OperationalError("SELECT job", {}, Exception("disk I/O error"))

    monkeypatch.setattr(jobs, "get_job", refuse)
    monkeypatch.setattr(jobs, "visible_jobs", refuse)
    for path in ("/api/v1/jobs/" + "f" * 32, "/api/v1/jobs"):
        resp = client.get(path, headers=bearer(token))
        assert resp.status_code == 503, path
        err = resp.get_json()["error"]
        assert err["code"] == "JOB_UNAVAILABLE" and "tidak dapat dibaca" in err["message"]
    resp = client.post("/api/v1/jobs/" + "f" * 32 + "/batal", headers=bearer(token))
    assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "JOB_UNAVAILABLE"
    page = page_client.get("/pekerjaan/" + "f" * 32)
    assert page.status_code == 503 and "Data pekerjaan tidak dapat dibaca" in page.get_data(as_text=True)

    # storage trouble (a disk I/O error) is the server's 503 STORAGE_UNAVAILABLE
    import sqlite3

    def broken_disk(*args, **kwargs):
        raise OperationalError("SELECT job", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(jobs, "get_job", broken_disk)
    resp = client.get("/api/v1/jobs/" + "f" * 32, headers=bearer(token))
    assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "STORAGE_UNAVAILABLE"
    page = page_client.get("/pekerjaan/" + "f" * 32)
    assert page.status_code == 503 and "Penyimpanan server" in page.get_data(as_text=True)
