"""Jobs through a real broker: a Redis server (Debian's redis-server, `make redis-deps`) on a
free loopback port and a Celery worker process, sharing a temporary SQLite database with the
app under test. The job is submitted through the API with PPB_BROKER_URL set."""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import bearer, make_app, make_token, OPD_USER
from .helpers import ROOT, flawed_bytes, good_bytes, make_zip
from .processes import free_port, stop

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
TIMEOUT = 90


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the Celery test cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    if not os.access(REDIS, os.X_OK):
        _unavailable(f"{REDIS} is missing (make redis-deps installs Debian's redis-server)")
    import redis

    folder = Path(tempfile.mkdtemp(prefix="ppb-redis-"))
    port = free_port()
    log = open(folder / "redis.log", "wb")
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                             "--save", "", "--appendonly", "no", "--daemonize", "no"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if redis.Redis.from_url(url, socket_timeout=1).ping():
                    break
            except redis.exceptions.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start:\n"
                                   + (folder / "redis.log").read_text(errors="replace"))
            time.sleep(0.05)
        yield url
    finally:
        stop(proc, 20)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


LEASE = 2.0
JOB_ENV = {"PPB_JOB_LEASE_SECONDS": str(LEASE), "PPB_JOB_SWEEP_SECONDS": "0.5"}


def start_worker(redis_url: str, db_url: str, folder: Path, name: str,
                 pool: str = "solo", lease: float = LEASE) -> tuple[subprocess.Popen, Path]:
    """A Celery worker process on the database ``db_url`` holding leases of ``lease`` seconds
    (short where a test kills it; longer where a busy machine must not make a healthy worker
    look dead); returns it and its log's path."""
    worker_dir = folder / f"worker-{name}"
    worker_dir.mkdir()
    env = {**os.environ, "PPB_BROKER_URL": redis_url, "DATABASE_URL": db_url,
           "PPB_INSTANCE_DIR": str(worker_dir), "PPB_SECRET_KEY": "uji-rahasia",
           "PPB_SEED_SAMPLES": "0", **JOB_ENV, "PPB_JOB_LEASE_SECONDS": str(lease)}
    log_path = folder / f"worker-{name}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "validator.web.worker", "worker",
                                 *([f"--pool={pool}"] if pool else []), "--concurrency=1",
                                 "--loglevel=INFO", "-Q", "ppb",
                                 "--without-gossip", "--without-mingle", "--without-heartbeat",
                                 "-n", f"uji-{name}-{os.getpid()}@localhost"],
                                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    return proc, log_path


def _worker_on_demo_copy(redis_url, tmp_path, demo_db, lease: float = LEASE):
    """A worker process on a copy of the demo database; yields (database url, log path, process)."""
    db_file = tmp_path / "ppb.sqlite3"
    shutil.copyfile(demo_db, db_file)
    db_url = f"sqlite:///{db_file}"
    proc, log_path = start_worker(redis_url, db_url, tmp_path, "satu", lease=lease)
    try:
        yield db_url, log_path, proc
    finally:
        stop(proc, 20)


@pytest.fixture
def celery_worker(redis_url, tmp_path, demo_db):
    """A worker with the short lease of the tests that kill it."""
    yield from _worker_on_demo_copy(redis_url, tmp_path, demo_db)


@pytest.fixture
def steady_celery_worker(redis_url, tmp_path, demo_db):
    """A worker whose lease is long enough that a busy machine cannot make it look dead."""
    yield from _worker_on_demo_copy(redis_url, tmp_path, demo_db, lease=30.0)


def test_a_set_job_runs_on_a_celery_worker_over_redis(steady_celery_worker, redis_url, tmp_path, monkeypatch):
    db_url, log_path, proc = steady_celery_worker
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("PPB_BROKER_URL", redis_url)
    app = make_app(tmp_path, None, DATABASE_URL=db_url)   # the same database as the worker
    try:
        assert app.extensions["ppb_jobs"].name == "celery"
        client = app.test_client()
        token = make_token(app, OPD_USER[0])
        entries = {f"kota/peta-{i:02d}.bpmn": (good_bytes() if i % 2 else flawed_bytes()) for i in range(6)}
        resp = client.post("/api/v1/jobs", headers=bearer(token), content_type="multipart/form-data",
                           data={"kind": "validasi-set", "file": (io.BytesIO(make_zip(entries)), "kota.zip")})
        assert resp.status_code == 202, resp.get_json()
        job_id = resp.get_json()["id"]

        deadline = time.monotonic() + TIMEOUT
        body = None
        while time.monotonic() < deadline:
            body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
            if body["status"] in ("selesai", "gagal") or proc.poll() is not None:
                break
            time.sleep(0.1)
        log = log_path.read_text(errors="replace")
        assert body and body["status"] == "selesai", f"{body}\n--- worker log ---\n{log}"
        assert body["progress"] == 100
        result = body["result"]
        assert (result["total"], result["stored"], result["unreadable"]) == (6, 6, 0)
        assert body["attempts"] == 1
        for f in result["files"]:
            if f["status"] == "ok":
                sub = client.get(f"/api/v1/submissions/{f['submissionId']}", headers=bearer(token))
                assert sub.status_code == 200 and sub.get_json()["filename"] == f["filename"]
        # the job is recorded as done before Celery logs the task's end: wait for that line
        until = time.monotonic() + 10
        while "succeeded" not in log and time.monotonic() < until:
            time.sleep(0.1)
            log = log_path.read_text(errors="replace")
        assert "ppb.jobs.execute" in log and "succeeded" in log, log
    finally:
        app.extensions["ppb_db"].engine.dispose()


def test_an_unreachable_broker_answers_503_and_the_job_is_marked_failed(tmp_path, demo_db, monkeypatch):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = make_app(tmp_path, demo_db, BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    try:
        client = app.test_client()
        token = make_token(app, OPD_USER[0])
        started = time.monotonic()
        resp = client.post("/api/v1/jobs", headers=bearer(token), content_type="multipart/form-data",
                           data={"kind": "validasi-set",
                                 "file": (io.BytesIO(make_zip({"a.bpmn": good_bytes()})), "a.zip")})
        assert time.monotonic() - started < 30
        assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "BROKER_UNAVAILABLE"
        from validator.web.models import Job
        with app.extensions["ppb_db"].session() as sess:
            job = sess.query(Job).one()
            assert job.status == "gagal" and job.input is None
            assert job.message.startswith("Pekerjaan tidak dapat dimulai: Antrean pekerjaan (Redis)")
    finally:
        app.extensions["ppb_db"].engine.dispose()


def _job_processes(pid: int) -> set[int]:
    """The job processes a worker started: children of its forkserver."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    servers = {p for p, pp in parents.items() if pp == pid}
    return {p for p, pp in parents.items() if pp in servers
            and b"forkserver" in Path(f"/proc/{pp}/cmdline").read_bytes()}


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_job_whose_worker_is_killed_is_retried_once_then_ended_with_the_cause(
        celery_worker, redis_url, tmp_path, monkeypatch):
    """SIGKILL of the Celery worker mid-job: within the lease (2 s here) the job is back in the
    queue, retried once (simulasi is deterministic from its seed) by the next worker; killed
    again, it is ended as gagal naming the cause. The killed worker's job process ends too."""
    db_url, log_path, proc = celery_worker
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("PPB_BROKER_URL", redis_url)
    app = make_app(tmp_path, None, DATABASE_URL=db_url, JOB_LEASE_SECONDS=LEASE, JOB_SWEEP_SECONDS=0.5)
    second = None
    try:
        client = app.test_client()
        token = make_token(app, OPD_USER[0])
        sim = (ROOT / "tests" / "sim" / "models" / "izin-4-lane.bpmn").read_bytes()
        resp = client.post("/api/v1/jobs", headers=bearer(token), content_type="multipart/form-data",
                           data={"kind": "simulasi", "cases": "200000", "replications": "20", "seed": "3",
                                 "file": (io.BytesIO(sim), "izin.bpmn")})
        assert resp.status_code == 202, resp.get_json()
        job_id = resp.get_json()["id"]

        def until(check, timeout: float, what: str) -> dict:
            deadline = time.monotonic() + timeout
            body = None
            while time.monotonic() < deadline:
                body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
                if check(body):
                    return body
                time.sleep(0.1)
            logs = "\n".join(p.read_text(errors="replace") for p in tmp_path.glob("worker-*.log"))
            raise AssertionError(f"{what}: {body}\n--- worker logs ---\n{logs}")

        until(lambda b: b["status"] == "berjalan" and b["progress"] >= 1, TIMEOUT, "not started")
        children = _job_processes(proc.pid)
        assert len(children) == 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        killed = time.monotonic()
        retry = until(lambda b: b["status"] != "berjalan", LEASE + 5, "not put back within the lease")
        assert time.monotonic() - killed < LEASE + 3
        assert retry["status"] == "antri", retry
        assert retry["message"].startswith("Pekerjaan diulang otomatis (percobaan ke-2 dari 2) karena "
                                           "pekerjanya berhenti (proses mati atau server dimulai ulang)")
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in children if _alive(p)], "the job process outlived its worker"

        second, _log = start_worker(redis_url, db_url, tmp_path, "dua")
        again = until(lambda b: b["status"] == "berjalan" and b["attempts"] == 2 and b["progress"] >= 1,
                      TIMEOUT, "not retried by the next worker")
        assert again["message"].startswith("Percobaan ke-2")
        second.send_signal(signal.SIGKILL)
        second.wait(10)
        ended = until(lambda b: b["status"] != "berjalan", LEASE + 5, "not ended within the lease")
        assert ended["status"] == "gagal" and ended["attempts"] == 2
        assert ended["message"].startswith("Pekerjaan gagal setelah 2 kali dicoba: pekerjanya berhenti")
        assert f":{second.pid} sudah tidak ada" in ended["message"]
    finally:
        if second is not None:
            stop(second, 20)
        app.extensions["ppb_db"].engine.dispose()


@pytest.mark.parametrize("pool", ["prefork", "threads"])
def test_jobs_run_in_a_prefork_pool_and_in_a_thread_pool(redis_url, tmp_path, demo_db, monkeypatch, pool):
    """A prefork pool's processes (Celery's default) are daemonic, and multiprocessing refuses
    children to those: the job still gets its own child process. A thread pool works too."""
    db_file = tmp_path / "ppb.sqlite3"
    shutil.copyfile(demo_db, db_file)
    db_url = f"sqlite:///{db_file}"
    proc, log_path = start_worker(redis_url, db_url, tmp_path, pool, pool=pool)
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("PPB_BROKER_URL", redis_url)
    app = make_app(tmp_path, None, DATABASE_URL=db_url)
    try:
        client = app.test_client()
        token = make_token(app, OPD_USER[0])
        data = make_zip({f"kota/peta-{i}.bpmn": good_bytes() for i in range(3)})
        resp = client.post("/api/v1/jobs", headers=bearer(token), content_type="multipart/form-data",
                           data={"kind": "validasi-set", "file": (io.BytesIO(data), "kota.zip")})
        job_id = resp.get_json()["id"]
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
            if body["status"] not in ("antri", "berjalan"):
                break
            time.sleep(0.1)
        log = log_path.read_text(errors="replace")
        assert body["status"] == "selesai" and body["result"]["stored"] == 3, f"{body}\n{log}"
        assert f"({'thread' if pool == 'threads' else pool})" in log
    finally:
        stop(proc, 20)
        app.extensions["ppb_db"].engine.dispose()
