"""Benchmark: the server stays responsive while hostile or heavy requests run.

Starts ``ppb serve`` as `make run` does (free loopback port, temporary instance folder with
the demo data), makes an API token for the demo OPD user directly in its database, then,
while one thread asks ``GET /api/v1/health`` every 20 ms, sends these requests one after
another (each with its own connection), ``--rounds`` times, then keeps asking for
``--after`` seconds while the jobs they made run:

- ``atribut``: a 1 MB map with 100,000 attributes on one element (POST /api/v1/validate);
- ``namespace``: a map with 50,000 namespace declarations (POST /api/v1/validate);
- ``dalam``: 100,000 nested elements (POST /api/v1/validate);
- ``besar``: a valid map of 2,000 tasks in one lane (POST /api/v1/validate);
- ``loop``: a map whose loop is taken with probability 0.999, 20,000 cases
  (POST /api/v1/simulate): refused, cut or made a job by the simulation budget.

Prints, per request kind, the status and the seconds it took; and for health the number of
answers, p50/p95/max latency in ms, and whether the goals hold (every hostile map answered
in < 1 s; health max < 200 ms). Loopback only, bounded in time; the server is stopped at
the end.

    .venv/bin/python benchmarks/bench_responsive.py [--rounds 3] [--json F]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
GOAL_HOSTILE_S = 1.0
GOAL_HEALTH_MS = 200.0
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _definitions(body: str, extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="{BPMN}" '
            f'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="D" targetNamespace="urn:x"{extra}>'
            f'{body}</bpmn:definitions>').encode()


def many_attributes(n: int = 100_000) -> bytes:
    attrs = " ".join(f'a{i}="x"' for i in range(n))
    return _definitions(f'<bpmn:process id="P"><bpmn:task id="T" {attrs}/></bpmn:process>')


def many_namespaces(n: int = 50_000) -> bytes:
    decls = "".join(f' xmlns:n{i}="urn:n{i}"' for i in range(n))
    return _definitions('<bpmn:process id="P"><bpmn:task id="T"/></bpmn:process>', decls)


def deep(n: int = 100_000) -> bytes:
    return _definitions('<bpmn:process id="P">' + "<x>" * n + "</x>" * n + "</bpmn:process>")


def big_valid(n: int = 2_000) -> bytes:
    nodes = ['<bpmn:startEvent id="S" name="Mulai"/>']
    flows = []
    prev = "S"
    for i in range(n):
        nodes.append(f'<bpmn:task id="T{i}" name="Kegiatan {i}"/>')
        flows.append(f'<bpmn:sequenceFlow id="F{i}" sourceRef="{prev}" targetRef="T{i}"/>')
        prev = f"T{i}"
    nodes.append('<bpmn:endEvent id="E" name="Selesai"/>')
    flows.append(f'<bpmn:sequenceFlow id="F{n}" sourceRef="{prev}" targetRef="E"/>')
    return _definitions(f'<bpmn:process id="P" isExecutable="false">{"".join(nodes + flows)}</bpmn:process>')


def looping() -> bytes:
    return _definitions(
        '<bpmn:process id="P" isExecutable="false">'
        '<bpmn:startEvent id="S" ppb:kedatangan="exp(10 menit)"/>'
        '<bpmn:task id="A" name="Periksa" ppb:durasi="exp(1 menit)"/>'
        '<bpmn:exclusiveGateway id="G" name="Ulang?"/>'
        '<bpmn:endEvent id="E"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="G"/>'
        '<bpmn:sequenceFlow id="f3" name="Ya" sourceRef="G" targetRef="A" ppb:peluang="0.999"/>'
        '<bpmn:sequenceFlow id="f4" name="Tidak" sourceRef="G" targetRef="E" ppb:peluang="0.001"/>'
        '</bpmn:process>')


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes | None = None,
             headers: dict | None = None, timeout: float = 300) -> tuple[int, float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.perf_counter() - started
    finally:
        conn.close()


def _token(folder: Path) -> str:
    sys.path.insert(0, str(ROOT))
    os.environ["PPB_INSTANCE_DIR"] = str(folder)
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from validator.web import services
    from validator.web.models import User

    engine = create_engine(f"sqlite:///{folder / 'ppb.sqlite3'}")
    with Session(engine) as sess:
        user = sess.scalar(select(User).where(User.username == "disdukcapil"))
        _, secret = services.create_token(sess, user, "bench-responsive")
        sess.commit()
    engine.dispose()
    return secret


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="health latency while hostile/heavy requests run")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--after", type=float, default=10.0,
                    help="seconds to keep polling health after the last request, while the "
                         "jobs it made run (default 10)")
    ap.add_argument("--json", metavar="F")
    args = ap.parse_args(argv)
    if not 1 <= args.rounds <= 20:
        ap.error("--rounds must be 1..20")
    ppb = str(Path(sys.executable).with_name("ppb"))
    folder = Path(tempfile.mkdtemp(prefix="ppb-bench-responsive-"))
    port = _free_port()
    env = {**os.environ, "PPB_INSTANCE_DIR": str(folder), "PPB_SEED_SAMPLES": "1"}
    env.pop("DATABASE_URL", None)
    log = open(folder / "server.log", "wb")
    proc = subprocess.Popen([ppb, "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env=env)
    latencies: list[float] = []
    failures = 0
    results: dict[str, list[tuple[int, float]]] = {}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _request(port, "GET", "/api/v1/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    print((folder / "server.log").read_text(errors="replace"), file=sys.stderr)
                    return 1
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {_token(folder)}", "Content-Type": "application/xml"}
        stop = threading.Event()

        def poll() -> None:
            nonlocal failures
            while not stop.is_set():
                try:
                    status, took = _request(port, "GET", "/api/v1/health", timeout=10)
                    latencies.append(took * 1000)
                    if status != 200:
                        failures += 1
                except OSError:
                    failures += 1
                stop.wait(0.02)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        cases = [("atribut", "/api/v1/validate", many_attributes()),
                 ("namespace", "/api/v1/validate", many_namespaces()),
                 ("dalam", "/api/v1/validate", deep()),
                 ("besar", "/api/v1/validate", big_valid()),
                 ("loop", "/api/v1/simulate?cases=20000&replications=1", looping())]
        for _ in range(args.rounds):
            for name, path, body in cases:
                status, took = _request(port, "POST", path, body, auth)
                results.setdefault(name, []).append((status, took))
        time.sleep(max(0.5, min(args.after, 120.0)))
        stop.set()
        poller.join(15)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
    hostile_ok = all(took < GOAL_HOSTILE_S for name in ("atribut", "namespace", "dalam")
                     for _, took in results.get(name, []))
    lat = sorted(latencies)
    p = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]) if lat else (lambda q: float("nan"))
    summary = {
        "requests": {name: [{"status": s, "seconds": round(t, 3)} for s, t in rows]
                     for name, rows in results.items()},
        "health": {"answers": len(lat), "failures": failures, "p50_ms": round(p(0.5), 1),
                   "p95_ms": round(p(0.95), 1), "max_ms": round(lat[-1], 1) if lat else None,
                   "mean_ms": round(statistics.fmean(lat), 1) if lat else None},
        "goals": {"hostile_under_1s": hostile_ok,
                  "health_max_under_200ms": bool(lat) and lat[-1] < GOAL_HEALTH_MS and not failures},
    }
    for name, rows in results.items():
        shown = ", ".join(f"{s} in {t:.3f} s" for s, t in rows)
        print(f"{name:<10} {shown}")
    h = summary["health"]
    print(f"health     {h['answers']} answers, {h['failures']} failures; p50 {h['p50_ms']} ms, "
          f"p95 {h['p95_ms']} ms, max {h['max_ms']} ms")
    print(f"goals      hostile maps < {GOAL_HOSTILE_S:g} s: {'ya' if hostile_ok else 'TIDAK'}; "
          f"health max < {GOAL_HEALTH_MS:g} ms: {'ya' if summary['goals']['health_max_under_200ms'] else 'TIDAK'}")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
