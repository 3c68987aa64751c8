"""`ppb serve` starts for real: migrates, seeds, prints the demo logins, answers over HTTP."""
from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request

import pytest

from .processes import ppb_serve


@pytest.fixture
def server(tmp_path):
    with ppb_serve(tmp_path) as running:
        yield running


def test_ppb_serve(server):
    base, health, log = server
    assert health["status"] == "ok" and health["ruleCatalogVersion"]
    printed = log.read_text()
    assert "Server validasi berjalan di http://127.0.0.1:" in printed
    assert "admin-ppb-2025" in printed and "disdukcapil-2025" in printed
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/masuk", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "disdukcapil", "password": "disdukcapil-2025",
                                   "csrf_token": token}).encode()
    opener.open(base + "/masuk", data=form, timeout=10).read()
    with opener.open(base + "/api/v1/submissions", timeout=10) as r:
        subs = json.load(r)["submissions"]
    assert subs and {s["opd"]["singkatan"] for s in subs} == {"DISDUKCAPIL"}


# -- which server `ppb serve` runs: gunicorn with worker processes on Linux, waitress with
#    --threads (issue 16, Must 3)

def _start(tmp_path, *args: str, env_extra: dict | None = None):
    """`ppb serve ARGS` on a free port (demo data, answers naming the worker's pid);
    returns (process, base url, log)."""
    import os
    import subprocess
    import sys
    import time

    from .processes import free_port, stop

    port = free_port()
    env = {**os.environ, "PPB_INSTANCE_DIR": str(tmp_path), "PPB_SEED_SAMPLES": "1",
           "PYTHONUNBUFFERED": "1", "PPB_SERVE_PID_HEADER": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("PPB_WORKERS", None)
    env.update(env_extra or {})
    log = tmp_path / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "validator", "serve", "--port", str(port),
                                 *args], stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2):
                return proc, base, log
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop(proc)
                pytest.fail("ppb serve did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)


def _health(base: str) -> tuple[int, str, dict]:
    with urllib.request.urlopen(base + "/api/v1/health", timeout=10) as r:
        return int(r.headers["X-PPB-Worker"]), r.headers.get("Server", ""), json.load(r)


def _children(pid: int) -> set[int]:
    from pathlib import Path

    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="gunicorn: Linux")
@pytest.mark.parametrize("how", ["option", "env"])
def test_serve_runs_gunicorn_worker_processes(tmp_path, how):
    from concurrent.futures import ThreadPoolExecutor
    import time

    from .processes import stop

    args, env = (("--workers", "3"), None) if how == "option" else ((), {"PPB_WORKERS": "3"})
    proc, base, log = _start(tmp_path, *args, env_extra=env)
    try:
        assert "Server: gunicorn, 3 proses pekerja." in log.read_text()
        deadline = time.monotonic() + 30
        while len(_children(proc.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)                        # the first worker answers before the others
        time.sleep(0.5)
        workers = _children(proc.pid)
        assert len(workers) == 3, workers          # the master forked exactly 3 workers
        seen: set[int] = set()
        deadline = time.monotonic() + 30
        with ThreadPoolExecutor(8) as pool:          # concurrent requests spread over workers
            while len(seen) < 2 and time.monotonic() < deadline:
                for pid, server, health in pool.map(lambda _: _health(base), range(16)):
                    assert health["status"] == "ok" and "gunicorn" in server.lower()
                    seen.add(pid)
        assert len(seen) >= 2, seen                  # answered by more than one process...
        assert seen <= workers and proc.pid not in seen   # ...all of them the forked workers
        # the demo logins still work on every worker (one secret key, sessions in cookies)
        test_ppb_serve((base, _health(base)[2], log))
    finally:
        stop(proc)
    assert proc.returncode == 0                       # SIGTERM: a graceful stop
    assert "Server dihentikan." in log.read_text()


def test_serve_with_threads_keeps_waitress(tmp_path):
    from .processes import stop

    proc, base, log = _start(tmp_path, "--threads", "4")
    try:
        assert "Server: waitress, satu proses dengan 4 thread." in log.read_text()
        pids = {_health(base)[0] for _ in range(10)}
        assert pids == {proc.pid}                    # one process: the one we started
        assert "gunicorn" not in _health(base)[1].lower()
    finally:
        stop(proc)


@pytest.mark.parametrize("args, env, message", [
    (["--workers", "0"], {}, "--workers harus antara 1 dan 64"),
    (["--workers", "2", "--threads", "2"], {}, "pilih salah satu"),
    ([], {"PPB_WORKERS": "banyak"}, "PPB_WORKERS harus bilangan bulat positif"),
])
def test_serve_refuses_bad_worker_settings(tmp_path, monkeypatch, capsys, args, env, message):
    from validator.cli import main

    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["serve", "--port", "1", "--no-seed", *args]) == 2
    assert message in capsys.readouterr().err


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    import uuid

    boundary = uuid.uuid4().hex
    out = b""
    for name, value in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    for name, (filename, data) in files.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: application/zip\r\n\r\n").encode()
        out += data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="gunicorn: Linux")
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_jobs_run_once_across_gunicorn_workers(tmp_path, request, database):
    """Jobs sent to a server with 2 worker processes: each is claimed and run exactly once, by
    a worker (its lease names that worker's pid), and the OPD's running quota of 1 holds
    across the processes (the claim is a conditional UPDATE under the database's lock)."""
    import importlib.util
    import io
    import time
    import zipfile
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from .processes import stop

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("bench_server", root / "benchmarks" / "bench_server.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted((root / "bpmn_samples" / "pariaman").glob("*-baik.bpmn"))[:3]:
            z.write(f, f.name)
    from sqlalchemy import create_engine, text

    url = (request.getfixturevalue("fresh_postgres_url") if database == "postgresql"
           else f"sqlite:///{tmp_path / 'ppb.sqlite3'}")
    proc, base, log = _start(tmp_path, "--workers", "2", env_extra={
        "PPB_JOB_OPD_RUNNING": "1", "PPB_JOB_OPD_QUEUED": "5", "DATABASE_URL": url})
    try:
        token = bench.api_token(base)
        workers = _children(proc.pid)

        def send(_i: int) -> tuple[int, str]:
            body, ctype = _multipart({"kind": "validasi-set"}, {"file": ("set.zip", buf.getvalue())})
            req = urllib.request.Request(base + "/api/v1/jobs", data=body, method="POST", headers={
                "Authorization": f"Bearer {token}", "Content-Type": ctype})
            with urllib.request.urlopen(req, timeout=30) as r:
                return int(r.headers["X-PPB-Worker"]), json.load(r)["id"]

        with ThreadPoolExecutor(5) as pool:
            sent = list(pool.map(send, range(5)))
        ids = [job_id for _pid, job_id in sent]
        deadline = time.monotonic() + 120
        while True:
            with urllib.request.urlopen(urllib.request.Request(
                    base + "/api/v1/jobs", headers={"Authorization": f"Bearer {token}"}), timeout=10) as r:
                listed = {j["id"]: j for j in json.load(r)["jobs"]}
            if all(listed.get(i, {}).get("status") in ("selesai", "gagal", "dibatalkan") for i in ids):
                break
            assert time.monotonic() < deadline, listed
            time.sleep(0.3)
        assert {listed[i]["status"] for i in ids} == {"selesai"}, [listed[i]["message"] for i in ids]
    finally:
        stop(proc)
    engine = create_engine(url)
    with engine.connect() as con:
        rows = [tuple(r) for r in con.execute(text(
            "SELECT id, attempts, worker, started_at, finished_at FROM job "
            "WHERE id IN (" + ",".join(f":i{n}" for n in range(len(ids))) + ") ORDER BY started_at"),
            {f"i{n}": i for n, i in enumerate(ids)})]
    engine.dispose()
    assert len(rows) == 5
    assert all(attempts == 1 for _id, attempts, *_ in rows)       # claimed and run once each
    pids = {int(worker.rpartition(":")[2]) for _id, _a, worker, *_ in rows}
    assert all(worker.startswith("server@") for _id, _a, worker, *_ in rows)
    assert pids <= workers, (pids, workers)                      # run by the forked workers
    assert pids == {pid for pid, _ in sent}                      # ... by the one that took it
    for (_i, _a, _w, _s, end), (_i2, _a2, _w2, start, _e) in zip(rows, rows[1:]):
        assert end <= start    # one OPD, at most 1 running: never two at once, across processes
