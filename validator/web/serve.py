"""How `ppb serve` serves the app: gunicorn on Linux and other Unixes, waitress elsewhere.

On POSIX systems the server is gunicorn, pre-forking: one master process that builds the
app once (``preload_app``: migrations, seeding and the rule catalog are done before the
fork, and the workers share those pages of memory) and ``workers`` worker processes
(default: the CPU cores this process may use; ``--workers N`` or ``PPB_WORKERS``), each
with a few threads (``gthread``: keep-alive connections, a slow client does not hold a
whole worker). Validation is CPU-bound Python, so processes are what use every core.

Waitress (one process, threads) stays for Windows, where gunicorn does not run, and when
``--threads N`` is given explicitly.

Jobs with several workers: every worker has its own in-process job runner, built after the
fork. A job is handed to the runner of the worker that received it; claiming it is one
conditional UPDATE in the database (``antri`` -> ``berjalan`` when its status and attempt
number are still the ones read, under SQLite's write lock or PostgreSQL's row lock), so two
processes can never both run it, and its lease names the worker's own pid
(``server@host:pid``). The master runs no jobs: its sweeping thread is stopped before the
fork, and the start-up sweep runs in each worker (the takeover of an abandoned job is the
same conditional UPDATE, so only one worker gets it). A worker that dies (killed, timed
out) is a server that stopped: the other workers' sweeps end its running jobs once their
lease expires, and take over its waiting ones.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable

WORKER_THREADS = 4        # threads per gunicorn worker (I/O waits, keep-alive, slow clients)
GRACEFUL_SECONDS = 30     # on stop/restart: requests in flight get this long to finish
WORKER_TIMEOUT = 120      # a worker whose main loop is silent this long is restarted
KEEPALIVE_SECONDS = 5
PID_HEADER_ENV = "PPB_SERVE_PID_HEADER"   # tests only: answer with the worker's pid
PID_HEADER = "X-PPB-Worker"


class ServeError(Exception):
    """A setting `ppb serve` cannot use; the message is for the user (Indonesian)."""


def cpu_cores() -> int:
    """The cores this process may run on (the affinity mask on Linux), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(option: int | None, environ: dict | None = None) -> int:
    """``--workers``, else ``PPB_WORKERS``, else the CPU cores."""
    environ = os.environ if environ is None else environ
    if option is not None:
        value, source = option, "--workers"
    elif (environ.get("PPB_WORKERS") or "").strip():
        raw = environ["PPB_WORKERS"].strip()
        if not raw.isdigit():
            raise ServeError(f"PPB_WORKERS harus bilangan bulat positif, bukan '{raw}'.")
        value, source = int(raw), "PPB_WORKERS"
    else:
        return cpu_cores()
    if not 1 <= value <= 64:
        raise ServeError(f"{source} harus antara 1 dan 64 (diberikan {value}).")
    return value


def gunicorn_available() -> bool:
    """gunicorn runs on POSIX systems only; on Windows ``ppb serve`` uses waitress."""
    if os.name != "posix":
        return False
    import importlib.util

    return importlib.util.find_spec("gunicorn") is not None


def _with_pid_header(wsgi: Callable) -> Callable:
    """Tests only (``PPB_SERVE_PID_HEADER=1``): every answer names the worker process."""
    def app(environ: dict, start_response: Callable) -> Any:
        def start(status: str, headers: list, exc_info: Any = None) -> Any:
            return start_response(status, [*headers, (PID_HEADER, str(os.getpid()))], exc_info)
        return wsgi(environ, start)
    return app


# A tiny map validated once before serving (see :func:`warm`): nothing is stored.
WARM_MAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_warm"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_warm" name="Pemanasan" isExecutable="false">
    <bpmn:startEvent id="Start_warm" name="Mulai"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_warm" name="Memeriksa berkas"><bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="End_warm" name="Selesai"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_warm" targetRef="Task_warm"/>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_warm" targetRef="End_warm"/>
  </bpmn:process>
</bpmn:definitions>
"""


def warm(app) -> list[str]:  # noqa: ANN001
    """Build, before serving, what every validation request uses: the rule catalog, one
    validator per profile (with the app's file size limit, as requests build them), the active
    plan read from the database, and the rules' lazy imports and compiled patterns (one tiny
    map validated per profile; nothing is stored). Done in gunicorn's master before the fork,
    this is built once and its memory shared by the workers, instead of once per worker on its
    first request. Returns the profiles warmed; a failure is reported and serving goes on
    (each request then builds what it needs, as before)."""
    from . import services

    done: list[str] = []
    try:
        with app.app_context():
            db = app.extensions["ppb_db"]
            for profile in sorted(services.catalog().profiles):
                with db.session() as sess:
                    plan = services.active_plan(sess)
                services.validate_upload("pemanasan.bpmn", WARM_MAP, profile, plan=plan)
                done.append(profile)
    except Exception as exc:  # noqa: BLE001 - a warm-up must never stop the server
        print(f"ppb: pemanasan validator sebelum melayani gagal ({type(exc).__name__}: {exc}); "
              "server tetap berjalan.", file=sys.stderr)
    return done


def freeze_heap() -> None:
    """Move everything alive now (the app, the catalog, the validators: what lives as long as
    the server) out of the garbage collector's generations: collections during requests then
    no longer walk it, and the forked workers do not write to those pages (copy-on-write),
    so they stay shared. New objects are collected as before."""
    import gc

    gc.collect()
    gc.freeze()


def before_fork(app) -> None:  # noqa: ANN001
    """In the master, before the workers are forked: no job thread, no open connection."""
    stop = app.extensions.get("ppb_jobs_sweep")
    if stop is not None:
        stop.set()          # the master's sweeping thread ends; each worker starts its own
    runner = app.extensions.get("ppb_jobs")
    if runner is not None and hasattr(runner, "shutdown"):
        runner.shutdown(wait=False)   # the master takes no job
    app.extensions["ppb_db"].engine.dispose()
    freeze_heap()   # last: what the master built is shared by the workers as it is


def after_fork(app) -> None:  # noqa: ANN001
    """In a new worker: its own connections, its own job runner and sweeper, a sweep."""
    from . import jobs

    db = app.extensions["ppb_db"]
    db.engine.dispose(close=False)    # the master's pooled connections are not ours
    old = app.extensions.get("ppb_jobs")
    if isinstance(old, jobs.InProcessRunner):
        runner = jobs.InProcessRunner(db, old.threads, old.max_pending, old.settings)
    else:
        runner = old    # Celery: the broker holds the waiting jobs
    app.extensions["ppb_jobs"] = runner
    settings = getattr(runner, "settings", None) or jobs.Settings.from_config(app.config)
    if app.config.get("JOB_RECOVER", True):
        try:
            jobs.sweep(db, runner, settings)
        except Exception as exc:  # noqa: BLE001 - the worker must start even so
            print(f"ppb: pemeriksaan pekerjaan saat mulai gagal: {exc}", file=sys.stderr)
    app.extensions["ppb_jobs_sweep"] = jobs._start_sweeper(db, runner, settings)  # noqa: SLF001


def run_gunicorn(app, host: str, port: int, workers: int) -> None:  # noqa: ANN001
    """Serve ``app`` (already built: preloaded) with gunicorn until stopped (SIGINT/SIGTERM)."""
    from gunicorn.app.base import BaseApplication

    wsgi = _with_pid_header(app) if os.environ.get(PID_HEADER_ENV) == "1" else app
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": [bind], "workers": workers, "worker_class": "gthread",
        "threads": WORKER_THREADS, "preload_app": True, "timeout": WORKER_TIMEOUT,
        "graceful_timeout": GRACEFUL_SECONDS, "keepalive": KEEPALIVE_SECONDS,
        "proc_name": "ppb-validator", "accesslog": None, "errorlog": "-", "loglevel": "warning",
        # the limits waitress had too: the request line and header sizes
        "limit_request_line": 8190, "limit_request_fields": 100,
        "post_fork": lambda _server, _worker: after_fork(app),
    }

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Callable:
            return wsgi

    server = _Server()
    warm(app)
    before_fork(app)
    server.run()


def run_waitress(app, host: str, port: int, threads: int) -> None:  # noqa: ANN001
    import waitress

    wsgi = _with_pid_header(app) if os.environ.get(PID_HEADER_ENV) == "1" else app
    warm(app)
    freeze_heap()
    waitress.serve(wsgi, host=host, port=port, threads=threads, ident="ppb-validator")


def check_port(host: str, port: int) -> None:
    """Raise OSError now when ``host:port`` cannot be listened on (gunicorn would retry for
    seconds and then exit with an English message)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port))
