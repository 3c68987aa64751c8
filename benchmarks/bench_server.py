"""Benchmark: the validation server under load, as `make run` starts it.

Starts ``ppb serve`` (the command `make run` runs) on a free loopback port with a new
instance folder (temporary SQLite database, demo data seeded), waits for
/api/v1/health, signs in as the demo OPD user and creates an API token on the /token page
(the way a person gets one), then has ``--clients`` concurrent clients (threads, each with
its own keep-alive ``http.client`` connection) POST one map as raw XML to
/api/v1/validate until ``--duration`` seconds have passed (or ``--requests`` requests were
sent, whichever is first), after a warm-up. Every answer must be 200 with the expected
JSON report; anything else counts as an error. Loopback only; the server is stopped at the
end.

Prints requests, errors, validations/s and the p50/p95/p99 latency (ms), which server
``ppb serve`` chose (gunicorn with N worker processes on Linux, waitress with ``--threads``),
and whether the goals of issue 16 (>= 400 validations/s and p95 < 60 ms with 8 clients on 2
cores) are met. Compare with the single-process server: ``--server-arg=--threads=8``. ``--json F`` also
writes the numbers to F.

The default map is bpmn_samples/pariaman/dpmptsp-level1-baik.bpmn (29.2 KB): a real level-1 map
with pools, lanes and diagram shapes, the size of a typical exported map.

    .venv/bin/python benchmarks/bench_server.py [--clients 8] [--duration 20] [--json F]
"""
from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_MAP = ROOT / "bpmn_samples" / "pariaman" / "dpmptsp-level1-baik.bpmn"
OPD_USER = ("disdukcapil", "disdukcapil-2025")   # the demo OPD account (validator/web/seed.py)
GOAL_RATE = 400.0      # validations per second (issue 16: the server on every core)
GOAL_P95_MS = 60.0     # milliseconds
HOST = "127.0.0.1"     # loopback only
MAX_DURATION = 300.0   # seconds: the load loop is always bounded

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_TOKEN = re.compile(r'id="token-baru">([^<]+)<')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="ppb serve under load: validations/s and latency")
    ap.add_argument("--map", default=str(DEFAULT_MAP), help="the BPMN map to POST (default: %(default)s)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of load (default 20)")
    ap.add_argument("--requests", type=int, default=100_000,
                    help="stop earlier after this many requests (default 100000)")
    ap.add_argument("--warmup", type=int, default=100, help="warm-up requests, not counted (default 100)")
    ap.add_argument("--json", metavar="F", help="also write the numbers to F as JSON")
    ap.add_argument("--ppb", help="the ppb command (default: next to this Python)")
    ap.add_argument("--database-url", metavar="URL",
                    help="serve from this database (e.g. postgresql://...; it gets the demo data "
                         "when empty) instead of a temporary SQLite file")
    ap.add_argument("--server-arg", action="append", default=[], metavar="ARG",
                    help="an extra argument for `ppb serve` (repeatable), e.g. --server-arg=--threads=4")
    args = ap.parse_args(argv)
    if args.clients < 1 or args.requests < 1 or args.warmup < 0:
        ap.error("--clients and --requests must be >= 1, --warmup >= 0")
    if not 0 < args.duration <= MAX_DURATION:
        ap.error(f"--duration must be in (0, {MAX_DURATION:g}] seconds")
    ppb = args.ppb or str(Path(sys.executable).with_name("ppb"))
    if not (shutil.which(ppb) or Path(ppb).is_file()):
        ap.error(f"ppb command not found: {ppb} (run `make install`)")
    map_path = Path(args.map)
    if not map_path.is_file():
        ap.error(f"map not found: {map_path}")
    body = map_path.read_bytes()

    with tempfile.TemporaryDirectory(prefix="ppb-bench-server-") as tmp:
        port = free_port()
        server_cmd = [ppb, "serve", "--host", HOST, "--port", str(port), *args.server_arg]
        proc, log = start_server(server_cmd, Path(tmp), args.database_url)
        try:
            base = f"http://{HOST}:{port}"
            health = wait_healthy(base, proc, log)
            token = api_token(base)
            expected = check_once(port, token, body)
            load(port, token, body, args.clients, args.warmup, None, expected)   # warm-up
            server_cpu0, client_cpu0 = process_cpu(proc.pid), time.process_time()
            latencies, errors, elapsed = load(port, token, body, args.clients, args.requests,
                                              args.duration, expected)
            server_cpu = process_cpu(proc.pid) - server_cpu0
            client_cpu = time.process_time() - client_cpu0
        finally:
            stop_server(proc)
        server_log = log.read_text(encoding="utf-8", errors="replace")

    result = summarise(latencies, errors, elapsed)
    chosen = [ln for ln in server_log.splitlines() if ln.startswith("Server: ")]
    result.update(
        map={"path": rel(map_path), "bytes": len(body),
             "findings": expected["summary"]},
        clients=args.clients, duration_s=args.duration, warmup=args.warmup,
        server={"command": ["ppb", *server_cmd[1:3], HOST, "--port", "<free>", *args.server_arg],
                "version": health.get("version"),
                "database": "sqlite" if not args.database_url else args.database_url.split(":")[0],
                "kind": chosen[-1][len("Server: "):].split(". ")[0] if chosen else None,
                "ruleCatalogVersion": health.get("ruleCatalogVersion")},
        env={"python": platform.python_version(), "platform": platform.platform(),
             "cpus": os.cpu_count()},
        # CPU used during the load, in cores (CPU seconds / wall seconds): the server process
        # (and its children, if any; Linux only) and this client process
        cpu_cores={"server": round(server_cpu / elapsed, 2) if server_cpu == server_cpu else None,
                   "client": round(client_cpu / elapsed, 2)},
    )
    print_result(result)
    if errors and result["errors"] and server_log.strip():
        print("\nlast lines of the server log:\n" + "\n".join(server_log.splitlines()[-20:]))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"\nnumbers written to {args.json}")
    return 0


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(cmd: list[str], folder: Path,
                 database_url: str | None = None) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "PPB_INSTANCE_DIR": str(folder), "PPB_SEED_SAMPLES": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)   # the temporary SQLite database, as a fresh `make run`
    if database_url:
        env["DATABASE_URL"] = database_url
    log = folder / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, cwd=ROOT, start_new_session=True)
    return proc, log


def wait_healthy(base: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as r:
                return json.load(r)
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_server(proc)
                raise SystemExit("ppb serve did not start:\n"
                                 + log.read_text(encoding="utf-8", errors="replace")[-3000:])
            time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (its workers, if any), then SIGKILL."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and of its children, from /proc; NaN
    where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick   # utime, stime
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total


def api_token(base: str) -> str:
    """Sign in as the demo OPD user on /masuk and create a token on /token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def form(path: str, fields: dict) -> str:
        with opener.open(base + path, timeout=10) as r:
            page = r.read().decode("utf-8")
        m = _CSRF.search(page)
        if not m:
            raise SystemExit(f"no csrf_token on {path}")
        data = urllib.parse.urlencode({**fields, "csrf_token": m.group(1) or m.group(2)}).encode()
        with opener.open(base + path, data=data, timeout=10) as r:
            return r.read().decode("utf-8")

    form("/masuk", {"username": OPD_USER[0], "password": OPD_USER[1]})
    page = form("/token", {"label": "bench-server"})
    m = _TOKEN.search(page)
    if not m:
        raise SystemExit("could not create an API token on /token (demo login refused?)")
    return m.group(1).strip()


# ---------------------------------------------------------------- the load

def _post(conn: http.client.HTTPConnection, headers: dict, body: bytes) -> tuple[int, bytes]:
    conn.request("POST", "/api/v1/validate", body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def _headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/xml",
            "Connection": "keep-alive"}


def check_once(port: int, token: str, body: bytes) -> dict:
    """One request, checked in full; its report is what every later answer must match."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        status, data = _post(conn, _headers(token), body)
    finally:
        conn.close()
    if status != 200:
        raise SystemExit(f"POST /api/v1/validate answered {status}: {data[:500]!r}")
    report = json.loads(data)
    if "summary" not in report or not report.get("files"):
        raise SystemExit(f"unexpected answer: {data[:500]!r}")
    report["_bytes"] = data
    return report


def load(port: int, token: str, body: bytes, clients: int, max_requests: int,
         duration: float | None, expected: dict) -> tuple[list[float], dict[str, int], float]:
    """``clients`` threads POST ``body`` until ``max_requests`` were sent in all or
    ``duration`` seconds passed. Returns (latencies in s of good answers, errors by kind,
    elapsed s)."""
    headers = _headers(token)
    good = expected["_bytes"]
    lock = threading.Lock()
    sent = 0
    latencies: list[float] = []
    errors: dict[str, int] = {}
    start_gate = threading.Barrier(clients + 1)
    stop_at = [float("inf")]

    def take() -> bool:
        nonlocal sent
        with lock:
            if sent >= max_requests or time.perf_counter() >= stop_at[0]:
                return False
            sent += 1
            return True

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        bad: dict[str, int] = {}
        start_gate.wait()
        try:
            while take():
                t0 = time.perf_counter()
                try:
                    status, data = _post(conn, headers, body)
                except (OSError, http.client.HTTPException) as exc:
                    bad[type(exc).__name__] = bad.get(type(exc).__name__, 0) + 1
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=30)
                    continue
                elapsed = time.perf_counter() - t0
                if status != 200:
                    bad[f"HTTP {status}"] = bad.get(f"HTTP {status}", 0) + 1
                elif data != good:
                    bad["different report"] = bad.get("different report", 0) + 1
                else:
                    mine.append(elapsed)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                for k, n in bad.items():
                    errors[k] = errors.get(k, 0) + n

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    t_start = time.perf_counter()
    if duration is not None:
        stop_at[0] = t_start + duration
    start_gate.wait()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - t_start


# ---------------------------------------------------------------- report

def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summarise(latencies: list[float], errors: dict[str, int], elapsed: float) -> dict:
    lat = sorted(latencies)
    n_err = sum(errors.values())
    rate = len(lat) / elapsed if elapsed > 0 else 0.0
    ms = {f"p{p}": round(percentile(lat, p) * 1000, 2) for p in (50, 95, 99)}
    ms["mean"] = round(statistics.fmean(lat) * 1000, 2) if lat else float("nan")
    ms["max"] = round(lat[-1] * 1000, 2) if lat else float("nan")
    goals = {"rate": rate >= GOAL_RATE, "p95": bool(lat) and ms["p95"] < GOAL_P95_MS,
             "no_errors": n_err == 0}
    return {"requests": len(lat) + n_err, "ok": len(lat), "errors": n_err, "error_kinds": errors,
            "elapsed_s": round(elapsed, 3), "validations_per_s": round(rate, 1),
            "latency_ms": ms, "goals": {"validations_per_s": GOAL_RATE, "p95_ms": GOAL_P95_MS},
            "goals_met": goals, "all_goals_met": all(goals.values())}


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return path.name


def print_result(r: dict) -> None:
    m, lat = r["map"], r["latency_ms"]
    print(f"Server: {' '.join(r['server']['command'])}  (ppb-validator {r['server']['version']}, "
          f"catalog {r['server']['ruleCatalogVersion']})")
    if r["server"].get("kind"):
        print(f"Server kind: {r['server']['kind']}; database {r['server']['database']}")
    print(f"Map: {m['path']} ({m['bytes']:,} bytes; findings {m['findings']})")
    print(f"Load: {r['clients']} concurrent keep-alive clients over loopback, "
          f"{r['elapsed_s']:.1f} s after {r['warmup']} warm-up requests; "
          f"{r['env']['cpus']} CPUs, Python {r['env']['python']}")
    print()
    print(f"  requests         {r['requests']:>9}")
    print(f"  errors           {r['errors']:>9}" + (f"  {r['error_kinds']}" if r["errors"] else ""))
    print(f"  validations/s    {r['validations_per_s']:>9.1f}")
    for key in ("p50", "p95", "p99", "mean", "max"):
        print(f"  {key + ' latency':<16} {lat[key]:>9.2f} ms")
    cpu = r["cpu_cores"]
    if cpu["server"] is not None:
        print(f"  CPU in use       server {cpu['server']:.2f} cores, client {cpu['client']:.2f} cores")
    print()
    g = r["goals_met"]
    word = {True: "met", False: "NOT met"}
    print(f"Goal >= {GOAL_RATE:g} validations/s: {word[g['rate']]}; "
          f"p95 < {GOAL_P95_MS:g} ms: {word[g['p95']]}; no errors: {word[g['no_errors']]}.")


if __name__ == "__main__":
    sys.exit(main())
