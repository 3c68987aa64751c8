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

``--database postgresql`` (or ``both``, also ``--postgres``: SQLite first, then PostgreSQL)
serves from a throw-away PostgreSQL server started for the run the way the tests start theirs
(tests/web/pg.py: initdb and pg_ctl into a temporary folder, loopback, a free port; fsync and
synchronous commit off, as there), seeded with the demo data by ``ppb serve`` itself, and
removed afterwards. ``--database-url URL`` serves from a database of your own instead.

Prints requests, errors, validations/s and the p50/p95/p99 latency (ms), which server
``ppb serve`` chose (gunicorn with N worker processes on Linux, waitress with ``--threads``),
the CPU used during the load (cores, and CPU milliseconds per validation) by the server, by
the PostgreSQL server it started and by this client, and whether the goals of issue 16
(>= 400 validations/s and p95 < 60 ms with 8 clients on 2 cores, no errors) are met. The
client is light on purpose (threads blocked in socket calls; its own CPU is printed) so that
the server gets the cores. On a machine that other work keeps busy, validations/s and the
latencies say little about the server alone; CPU per validation says more (it is still
inflated by the contention), and the printed ceiling (cores x 1000 / CPU ms per validation of
server, database and client) is what idle cores could serve at that cost. Compare with the single-process server:
``--server-arg=--threads=8``. ``--json F`` also writes the numbers to F (for ``both``: one
object per database and ``all_goals_met``).

The default map is bpmn_samples/pariaman/dpmptsp-level1-baik.bpmn (29.2 KB): a real level-1 map
with pools, lanes and diagram shapes, the size of a typical exported map.

    .venv/bin/python benchmarks/bench_server.py [--clients 8] [--duration 20] [--postgres] [--json F]
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
DATABASES = ("sqlite", "postgresql", "both")

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
    ap.add_argument("--database", choices=DATABASES, default="sqlite",
                    help="sqlite: a temporary SQLite file (as a fresh `make run`); postgresql: a "
                         "throw-away PostgreSQL server started for the run (initdb/pg_ctl, as the "
                         "tests start it); both: one run on each, one after the other "
                         "(default: %(default)s)")
    ap.add_argument("--postgres", dest="database", action="store_const", const="both",
                    help="the same as --database both")
    ap.add_argument("--database-url", metavar="URL",
                    help="serve from this database instead, one run (e.g. postgresql://...; it "
                         "gets the demo data when empty); --database is then ignored")
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

    if args.database_url:   # the database is named: one run on it, whatever --database says
        kinds = ["postgresql" if args.database_url.startswith("postgres") else "sqlite"]
    else:
        kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results: dict[str, dict] = {}
    for n, kind in enumerate(kinds):
        if n:
            print()
        if kind == "postgresql" and not args.database_url:
            pg = start_postgres()
            if isinstance(pg, str):
                print(f"PostgreSQL NOT MEASURED: {pg}")
                results[kind] = {"database": kind, "not_measured": pg, "all_goals_met": False}
                continue
            server, url = pg
            try:
                results[kind] = run_once(args, ppb, map_path, body, url, db_pid=server_pid(server))
            finally:
                server.stop()
        else:
            results[kind] = run_once(args, ppb, map_path, body, args.database_url)
    if len(results) > 1:
        print()
        print("Summary (the goals hold on each database):")
        for kind, r in results.items():
            if "not_measured" in r:
                print(f"  {kind:<11} not measured")
                continue
            print(f"  {kind:<11} {r['validations_per_s']:>7.1f} validations/s, p95 "
                  f"{r['latency_ms']['p95']:.1f} ms, {r['errors']} errors: "
                  + ("goals met" if r["all_goals_met"] else "goals NOT met"))
    if args.json:
        out = (next(iter(results.values())) if len(results) == 1 else
               {**results, "all_goals_met": all(r["all_goals_met"] for r in results.values())})
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"\nnumbers written to {args.json}")
    return 0


def run_once(args: argparse.Namespace, ppb: str, map_path: Path, body: bytes,
             database_url: str | None, db_pid: int | None = None) -> dict:
    """One server, one load; prints and returns the numbers."""
    with tempfile.TemporaryDirectory(prefix="ppb-bench-server-") as tmp:
        port = free_port()
        server_cmd = [ppb, "serve", "--host", HOST, "--port", str(port), *args.server_arg]
        proc, log = start_server(server_cmd, Path(tmp), database_url)
        try:
            base = f"http://{HOST}:{port}"
            health = wait_healthy(base, proc, log)
            token = api_token(base)
            expected = check_once(port, token, body)
            load(port, token, body, args.clients, args.warmup, None, expected)   # warm-up
            server_cpu0, client_cpu0 = process_cpu(proc.pid), time.process_time()
            db_cpu0 = process_cpu(db_pid, tree=True) if db_pid else float("nan")
            latencies, errors, elapsed = load(port, token, body, args.clients, args.requests,
                                              args.duration, expected)
            server_cpu = process_cpu(proc.pid) - server_cpu0
            client_cpu = time.process_time() - client_cpu0
            db_cpu = process_cpu(db_pid, tree=True) - db_cpu0 if db_pid else float("nan")
        finally:
            stop_server(proc)
        server_log = log.read_text(encoding="utf-8", errors="replace")

    result = summarise(latencies, errors, elapsed)
    chosen = [ln for ln in server_log.splitlines() if ln.startswith("Server: ")]
    ok = max(1, result["ok"])

    def cores(cpu: float) -> float | None:
        return round(cpu / elapsed, 2) if cpu == cpu else None   # NaN: not measurable here

    def per_validation(cpu: float) -> float | None:
        return round(cpu / ok * 1000, 3) if cpu == cpu else None

    result.update(
        map={"path": rel(map_path), "bytes": len(body),
             "findings": expected["summary"]},
        clients=args.clients, duration_s=args.duration, warmup=args.warmup,
        server={"command": ["ppb", *server_cmd[1:3], HOST, "--port", "<free>", *args.server_arg],
                "version": health.get("version"),
                "database": "sqlite" if not database_url else database_url.split(":")[0].split("+")[0],
                "kind": chosen[-1][len("Server: "):].split(". ")[0] if chosen else None,
                "ruleCatalogVersion": health.get("ruleCatalogVersion")},
        env={"python": platform.python_version(), "platform": platform.platform(),
             "cpus": os.cpu_count(), "loadavg_1min": _loadavg()},
        # CPU used during the load, in cores (CPU seconds / wall seconds): the server process
        # and its workers (Linux only), the PostgreSQL server's processes (when this benchmark
        # started it) and this client process
        cpu_cores={"server": cores(server_cpu), "database": cores(db_cpu),
                   "client": cores(client_cpu)},
        # the same, in CPU milliseconds per good answer: what one validation costs, which
        # depends far less on what else the machine runs than validations/s does
        cpu_ms_per_validation={"server": per_validation(server_cpu),
                               "database": per_validation(db_cpu),
                               "client": per_validation(client_cpu)},
    )
    per = [v for v in result["cpu_ms_per_validation"].values() if v]
    if per and result["ok"] and result["cpu_ms_per_validation"]["server"]:
        # what the cores could serve if they did nothing else: an upper bound, from the CPU
        # one validation cost here (server, database and client together)
        result["ceiling_validations_per_s"] = round(cpu_cores_available() * 1000 / sum(per), 1)
    print_result(result)
    if errors and result["errors"] and server_log.strip():
        print("\nlast lines of the server log:\n" + "\n".join(server_log.splitlines()[-20:]))
    return result


def cpu_cores_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


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


def process_cpu(pid: int, tree: bool = False) -> float:
    """CPU seconds (user + system) of a process and of its children (with ``tree``, of all
    its descendants), from /proc; NaN where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    todo, seen = [pid], set()
    try:
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            try:
                children = [int(c) for c in
                            Path(f"/proc/{p}/task/{p}/children").read_text().split()]
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                if p == pid:
                    raise
                continue   # a child that ended meanwhile
            total += (int(fields[11]) + int(fields[12])) / tick   # utime, stime
            if p == pid or tree:
                todo += children
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total


def start_postgres():  # noqa: ANN201 - (server, url), or why not (a str)
    """A throw-away PostgreSQL server with an empty database, started as the tests start
    theirs (tests/web/pg.py: initdb/pg_ctl into a temporary folder, loopback, a free port,
    fsync and synchronous commit off); ``server.stop()`` removes it. A str says why not."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        from tests.web import pg
    except ImportError as exc:
        return f"the test helpers cannot be imported ({exc}); run `make install`"
    bindir = pg.find_bindir()
    if bindir is None:
        return "initdb/pg_ctl not found; `make postgres-deps` installs them"
    server = pg.PostgresServer(bindir)
    try:
        server.start()
        url = server.url(server.create_database(prefix="ppb_bench"))
    except BaseException:
        server.stop()
        raise
    return server, url


def server_pid(server) -> int | None:  # noqa: ANN001 - tests.web.pg.PostgresServer
    """The PostgreSQL postmaster's pid (its processes' CPU is counted too)."""
    try:
        return int((server.data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


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


class BadAnswer(Exception):
    """An answer the light client cannot frame (no Content-Length, a closed connection)."""


class LightClient:
    """One keep-alive connection that POSTs the same request again and again, as cheaply as
    a Python client can: the request's bytes are built once, and the answer is framed by its
    status line and Content-Length only (http.client parses every header with the email
    package, which cost this benchmark about as much CPU as the server's HTTP layer). Only
    the load uses it; the first answer is checked in full with http.client (check_once)."""

    def __init__(self, port: int, request: bytes) -> None:
        self.port, self.request = port, request
        self.sock: socket.socket | None = None
        self.buf = b""

    def post(self) -> tuple[int, bytes]:
        if self.sock is None:
            self.sock = socket.create_connection((HOST, self.port), timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buf = b""
        self.sock.sendall(self.request)
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        try:
            status = int(lines[0].split(b" ", 2)[1])
        except (IndexError, ValueError):
            raise BadAnswer("status line") from None
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            elif name.strip().lower() == b"connection" and value.strip().lower() == b"close":
                self.close()   # answered, then closed: the next request reconnects
                raise BadAnswer("connection closed by the server")
        if length is None:
            raise BadAnswer("no Content-Length")
        while len(self.buf) < length:
            self._more()
        data, self.buf = self.buf[:length], self.buf[length:]
        return status, data

    def _more(self) -> None:
        chunk = self.sock.recv(262144) if self.sock is not None else b""
        if not chunk:
            self.close()
            raise BadAnswer("connection closed")
        self.buf += chunk

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def raw_request(port: int, token: str, body: bytes) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in _headers(token).items())
    return (f"POST /api/v1/validate HTTP/1.1\r\nHost: {HOST}:{port}\r\n{head}"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1") + body


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
    request = raw_request(port, token, body)
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
        conn = LightClient(port, request)
        mine: list[float] = []
        bad: dict[str, int] = {}
        start_gate.wait()
        try:
            while take():
                t0 = time.perf_counter()
                try:
                    status, data = conn.post()
                except (OSError, BadAnswer) as exc:
                    kind = f"{type(exc).__name__}: {exc}" if isinstance(exc, BadAnswer) \
                        else type(exc).__name__
                    bad[kind] = bad.get(kind, 0) + 1
                    conn.close()
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
    cpu, per = r["cpu_cores"], r["cpu_ms_per_validation"]
    if cpu["server"] is not None:
        parts = [f"server {cpu['server']:.2f}"]
        if cpu.get("database") is not None:
            parts.append(f"PostgreSQL {cpu['database']:.2f}")
        parts.append(f"client {cpu['client']:.2f}")
        print(f"  CPU in use       {', '.join(parts)} cores"
              f" (1-min load average {r['env']['loadavg_1min']})")
        parts = [f"server {per['server']:.2f}"]
        if per.get("database") is not None:
            parts.append(f"PostgreSQL {per['database']:.2f}")
        parts.append(f"client {per['client']:.2f}")
        print(f"  CPU/validation   {', '.join(parts)} ms")
    if r.get("ceiling_validations_per_s"):
        print(f"  ceiling          {r['ceiling_validations_per_s']:>9.1f} validations/s if the "
              f"{cpu_cores_available()} cores did nothing else (from the CPU per validation "
              "above, which other work on the machine inflates)")
    print()
    g = r["goals_met"]
    word = {True: "met", False: "NOT met"}
    print(f"Goal >= {GOAL_RATE:g} validations/s: {word[g['rate']]}; "
          f"p95 < {GOAL_P95_MS:g} ms: {word[g['p95']]}; no errors: {word[g['no_errors']]}.")


if __name__ == "__main__":
    sys.exit(main())
