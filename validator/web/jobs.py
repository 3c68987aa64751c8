"""Long work off the request path: jobs that cannot starve, stall or lie.

A job is a row of :class:`~validator.web.models.Job`. Its life:

Submission (:func:`submit`)
    The kind's ``prepare`` checks the input; the job is stored ``antri`` with its input and
    handed to a runner. Two quotas are checked under a write lock, in the transaction that
    stores the job: at most ``JOB_OPD_QUEUED`` jobs of one OPD waiting or running (else 429
    ``OPD_QUOTA``) and at most ``JOB_QUEUE_MAX`` in all (else 503 ``QUEUE_FULL``).

Runners
    In-process (the default): a few threads in the server. They pick the next job fairly,
    round-robin across OPDs, and never run more than ``JOB_OPD_RUNNING`` jobs of one OPD at
    a time, so one OPD's queue cannot occupy every thread. Celery over Redis when
    ``PPB_BROKER_URL`` is set: workers started with ``celery -A validator.web.worker worker``.
    Both call :func:`execute`.

Claim, lease, heartbeat (:func:`execute`)
    A job is claimed by one conditional UPDATE (``antri`` -> ``berjalan``; ``attempts`` + 1,
    ``worker`` = host:pid, ``lease_until`` = now + ``JOB_LEASE_SECONDS``), and only when its
    OPD runs fewer than ``JOB_OPD_RUNNING`` jobs with a live lease (else the job waits). While
    it runs, a heartbeat renews the lease every quarter lease and looks at
    ``cancel_requested`` every second. Every write of a running job (progress, result, end) is
    fenced by its attempt number: a worker that lost its lease can no longer write anything,
    so a job is never run twice at once nor ended twice (Celery's late acknowledgement may
    deliver a job again: it is claimed only when ``antri``, or ``berjalan`` with an expired
    lease).

Child process with limits
    The work of ``validasi-set`` and ``simulasi`` runs in a child process (``forkserver`` on
    Linux, ``spawn`` elsewhere; never a plain fork of the threaded server) that opens its own
    database connection, with ``JOB_TIMEOUT_SECONDS`` of wall time and, on Linux,
    ``JOB_MEMORY_MB`` of address space (``RLIMIT_AS``). The parent holds the lease, kills the
    child on time-out or cancellation and records why ("melebihi batas waktu 1800 detik",
    "melebihi batas memori 2048 MB"). A child whose parent died stops by itself. (As in any
    program using multiprocessing, a script that builds the app itself must keep its main code
    under ``if __name__ == "__main__"``: the child imports the main module; ``ppb serve``,
    Celery and WSGI servers are fine.) Kinds whose ``run`` is not a module-level function
    (``isolate=False``) run in a thread instead, stopping only at their progress points.

Cancellation (:func:`cancel`)
    The submitter and admins cancel a job: a waiting one ends at once as ``dibatalkan``; a
    running one is marked ``cancel_requested``, its heartbeat sees it within a second and its
    child is terminated. Each cancellation is written to the audit log.

Abandoned jobs: the sweep (:func:`sweep`)
    A daemon thread started by :func:`init_app` (every ``JOB_SWEEP_SECONDS``), a pass at start
    and a look at every job read end the jobs whose lease expired; no server touches a job
    whose lease is alive, so restarting one server never ends another server's live job.
    What we decided for a job whose holder died: a job a **web server ran in-process**
    (``worker`` = ``server@host:pid``) ends with its server: when that server stopped or was
    restarted while it ran, the job ends ``gagal`` with that reason and is **not run again
    unasked** (the OPD sends it again if it still wants it). A job of a **Celery worker** that
    died (killed, machine gone) is **retried once** when its kind is idempotent
    (``validasi-set``, which stores whole or nothing at its end, and ``simulasi``,
    deterministic from its seed) — back to ``antri`` with a message saying so — and otherwise,
    or on its second death, ended as ``gagal`` with the cause ("pekerjanya berhenti (proses
    mati atau server dimulai ulang)").
    A cancelled job whose worker died ends as ``dibatalkan``. Waiting jobs of an in-process
    server are leased too (renewed by that server); when it stops they are taken over by a
    live server once their lease expires, since they never ran.

Whole or nothing (``validasi-set``)
    A ZIP that becomes a job is **refused whole** when any map in it cannot be read, exactly as
    the inline upload refuses it (the same error codes, e.g. ``NOT_BPMN``); the job ends
    ``gagal`` with every unreadable file listed in its message and result, and nothing is
    stored. Otherwise all its maps are stored in **one transaction at the end**, together with
    the job's end, so a job killed mid-way leaves nothing half-stored and its retry is safe.

Failure recording
    When even recording a job's end fails (disk full, database read-only), the job is left
    ``berjalan`` with a lease nobody renews; the sweep ends it once the lease has expired.

Kinds are registered in :data:`KINDS` with :func:`register`: a ``prepare`` that checks the
input at submission and a ``run`` that does the work with a :class:`JobContext`.
"""
from __future__ import annotations

import atexit
import io
import json
import logging
import os
import socket
import sys
import threading
import time
import uuid
import weakref
import zipfile
import multiprocessing.util  # noqa: F401 - its exit handler is registered before ours (below)
from collections import deque
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from .models import Job, Opd, User, utcnow

# Set when this process exits. multiprocessing's own exit handler (registered before this
# one, so run after it) terminates the jobs' processes, which are daemonic: a job ended
# that way is not its failure. It is left running in the database, and the sweep of the
# next server ends it with the cause (see _run_child).
_exiting = threading.Event()
atexit.register(_exiting.set)
from .security import FileProblem, Limits, UploadError, is_bpmn_name, is_zip, read_upload, safe_name

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "antri", "berjalan", "selesai", "gagal", "dibatalkan"
STATUSES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
ACTIVE = (QUEUED, RUNNING)
FINAL = (DONE, FAILED, CANCELLED)
STATUS_TEXT = {QUEUED: "menunggu giliran", RUNNING: "sedang dikerjakan", DONE: "selesai",
               FAILED: "gagal", CANCELLED: "dibatalkan"}
DEFERRED = "ditunda"     # execute(): the job's OPD already runs JOB_OPD_RUNNING jobs; later
LEFT = "dibiarkan"       # execute(): its end could not be recorded; the sweep ends it later
TASK_NAME = "ppb.jobs.execute"
QUEUE_NAME = "ppb"
STORE_ATTEMPTS = 3       # a map whose version number was taken at the same moment is stored again
MAX_ATTEMPTS = 2         # a job whose worker died is started at most this often in all
# kinds that may run again from the start after their worker died: validasi-set stores whole or
# nothing at its end; simulasi (registered in simulation.py) is deterministic from its seed
RETRYABLE = frozenset({"validasi-set", "simulasi"})
MEMORY_EXIT = 71         # a child's exit code: MemoryError under JOB_MEMORY_MB, end not recorded
PARENT_GONE_EXIT = 72    # a child's exit code: its parent (the lease holder) died
DEFER_SECONDS = 1.0      # an OPD at its running quota (seen in the database) is looked at again
IDLE_SECONDS = 30.0      # an in-process worker thread with nothing to do for this long ends

# app.config keys, each overridable by the environment variable of the same name with PPB_
DEFAULTS: dict[str, Any] = {
    "BROKER_URL": "",          # PPB_BROKER_URL: redis://host:6379/0 -> Celery workers
    "JOB_THREADS": 2,          # PPB_JOB_THREADS: in-process worker threads
    "JOB_QUEUE_MAX": 50,       # PPB_JOB_QUEUE_MAX: jobs waiting or running at most (all OPDs)
    "JOB_OPD_RUNNING": 1,      # PPB_JOB_OPD_RUNNING: jobs of one OPD running at the same time
    "JOB_OPD_QUEUED": 5,       # PPB_JOB_OPD_QUEUED: jobs of one OPD waiting or running
    "ZIP_JOB_MAPS": 20,        # PPB_ZIP_JOB_MAPS: the upload page makes a job of a ZIP with more maps
    "JOB_LEASE_SECONDS": 60.0,     # PPB_JOB_LEASE_SECONDS: a lease not renewed this long has expired
    "JOB_SWEEP_SECONDS": 15.0,     # PPB_JOB_SWEEP_SECONDS: how often expired leases are looked for
    "JOB_TIMEOUT_SECONDS": 1800.0,  # PPB_JOB_TIMEOUT_SECONDS: wall time of one job's run at most
    "JOB_MEMORY_MB": 2048,     # PPB_JOB_MEMORY_MB: address space of a job's process (Linux; 0: none)
    "JOB_ISOLATE": True,       # PPB_JOB_ISOLATE: heavy kinds run in a child process (0: in a thread)
    "JOB_OUTPUT_HOURS": 168.0,  # PPB_JOB_OUTPUT_HOURS: a finished job's file (a document) is kept this long
}
# JOB_RECOVER (app.config only, default True): on start, a server sweeps once (see sweep()).


def _coerce(default: Any, raw: Any) -> Any:
    if isinstance(default, bool):
        return str(raw).strip().lower() not in ("0", "false", "no", "tidak", "off", "")
    return type(default)(raw)


def config_value(key: str, config: Mapping | None = None) -> Any:
    """A job setting: ``config[key]`` when set, else ``PPB_<key>`` from the environment, else
    the default."""
    default = DEFAULTS[key]
    if config is not None and config.get(key) is not None:
        return _coerce(default, config[key])
    env = os.environ.get(f"PPB_{key}")
    return _coerce(default, env) if env not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    """The job settings a runner, a worker and the sweep use (see DEFAULTS)."""
    threads: int = 2
    queue_max: int = 50
    opd_running: int = 1
    opd_queued: int = 5
    lease: float = 60.0
    sweep: float = 15.0
    timeout: float = 1800.0
    memory_mb: int = 2048
    isolate: bool = True
    output_hours: float = 168.0
    role: str = ""          # "server" for the in-process runner (not a setting: set by it)

    KEYS = {"threads": "JOB_THREADS", "queue_max": "JOB_QUEUE_MAX",
            "opd_running": "JOB_OPD_RUNNING", "opd_queued": "JOB_OPD_QUEUED",
            "lease": "JOB_LEASE_SECONDS", "sweep": "JOB_SWEEP_SECONDS",
            "timeout": "JOB_TIMEOUT_SECONDS", "memory_mb": "JOB_MEMORY_MB",
            "isolate": "JOB_ISOLATE", "output_hours": "JOB_OUTPUT_HOURS"}

    @classmethod
    def from_config(cls, config: Mapping | None = None) -> "Settings":
        values = {f.name: config_value(cls.KEYS[f.name], config) for f in fields(cls)
                  if f.name in cls.KEYS}
        values["threads"] = max(1, values["threads"])
        values["queue_max"] = max(1, values["queue_max"])
        values["opd_running"] = max(1, values["opd_running"])
        values["opd_queued"] = max(1, values["opd_queued"])
        values["lease"] = max(0.2, values["lease"])
        values["timeout"] = max(0.1, values["timeout"])
        values["memory_mb"] = max(0, values["memory_mb"])
        values["output_hours"] = max(0.0, values["output_hours"])
        return cls(**values)


SERVER_ROLE = "server"


def worker_id(role: str = "") -> str:
    """Who holds a lease: host name and process id, after ``server@`` when the holder is the
    in-process runner of a web server (whose jobs die with it: see :func:`_abandon`)."""
    return f"{role + '@' if role else ''}{socket.gethostname()[:100]}:{os.getpid()}"


def _held_by_server(worker: str | None) -> bool:
    return bool(worker) and worker.startswith(SERVER_ROLE + "@")


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class JobError(Exception):
    """Bad input or a refusal, with a stable code, an Indonesian message and an HTTP status;
    ``result`` (optional) is stored as the failed job's result."""

    def __init__(self, code: str, message: str, http_status: int = 422,
                 result: dict | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.result = result


class JobStopped(Exception):
    """Raised inside a running job that must stop: ``reason`` is ``cancel`` (cancelled),
    ``lost`` (its lease is no longer this worker's) or ``timeout``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- kinds -------------------------------------------------------------------------------------

@dataclass
class Submitted:
    """What a kind's ``prepare`` is given at submission."""
    filename: str | None
    data: bytes | None
    params: dict
    limits: Limits


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str                                   # Indonesian, for the page
    prepare: Callable[[Submitted], dict]         # checks the input; returns the params to store
    run: Callable[["JobContext"], dict]          # does the work; returns the result
    needs_file: bool = True
    needs_opd: bool = True
    fields: tuple[str, ...] = ()                 # request fields passed on to ``prepare``
    # run in a child process with the time and memory limits (``run`` must then be a
    # module-level function: the child imports it by name)
    isolate: bool = True
    idempotent: bool = False                     # may run again from the start (see RETRYABLE)


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


def retryable(kind_name: str) -> bool:
    kind = KINDS.get(kind_name)
    return kind_name in RETRYABLE or bool(kind is not None and kind.idempotent)


def _fence(job_id: str, attempt: int, *, not_cancelled: bool = False) -> tuple:
    """The WHERE of a write by the holder of attempt ``attempt`` of a running job."""
    cond = (Job.id == job_id, Job.status == RUNNING, Job.attempts == attempt)
    if not_cancelled:
        cond += (Job.cancel_requested == False,)  # noqa: E712 - SQL, not Python
    return cond


@dataclass
class JobContext:
    """What a running job sees: its params and input, and a way to report progress."""
    db: Any
    job_id: str
    kind: str
    params: dict
    data: bytes | None
    opd_id: int | None
    owner_id: int | None
    result: dict | None = field(default=None)
    attempt: int = 0
    deadline: float | None = None                          # time.monotonic(); in-thread runs
    stop: Callable[[], str | None] | None = None           # the heartbeat's reason to stop
    finished: bool = False                                 # finish() committed the job's end

    def check(self) -> None:
        """Raise :class:`JobStopped` when the job must stop (cancelled, lease lost, time up)."""
        reason = self.stop() if self.stop is not None else None
        if reason:
            raise JobStopped(reason)
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise JobStopped("timeout")

    def progress(self, percent: float, message: str | None = None, result: dict | None = None,
                 sess=None) -> None:  # noqa: ANN001
        """Write progress (0-100), a message and the result so far, in a short transaction
        (or in ``sess``, the caller's). Raises :class:`JobStopped` when the job was cancelled
        or is no longer this worker's: progress points are where a job stops."""
        self.check()
        values: dict = {"progress": max(0, min(100, int(percent))), "updated_at": utcnow()}
        if message is not None:
            # a retry says so while it runs: its first worker stopped
            values["message"] = message if self.attempt < 2 else \
                f"Percobaan ke-{self.attempt} (pekerja sebelumnya berhenti): {message}"
        if result is not None:
            values["result_json"] = _dump(result)
        stmt = update(Job).where(*_fence(self.job_id, self.attempt, not_cancelled=True)).values(**values)
        if sess is not None:
            if sess.execute(stmt).rowcount != 1:
                raise JobStopped(self._why(sess))
            return
        with self.db.session() as own:
            if own.execute(stmt).rowcount != 1:
                raise JobStopped(self._why(own))
        if result is not None:
            self.result = result

    def finish(self, sess, result: dict, message: str | None = None) -> None:  # noqa: ANN001
        """Record the job's end as ``selesai`` in the caller's transaction, so that the work
        it stores and the end commit together (or not at all)."""
        values = _end_values(DONE, message or _done_message(self.kind, result), result)
        stmt = update(Job).where(*_fence(self.job_id, self.attempt, not_cancelled=True)).values(**values)
        if sess.execute(stmt).rowcount != 1:
            raise JobStopped(self._why(sess))

    def _why(self, sess) -> str:  # noqa: ANN001
        row = sess.execute(select(Job.cancel_requested).where(Job.id == self.job_id)).first()
        return "cancel" if row is not None and row.cancel_requested else "lost"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _loads(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        log.warning("a job's stored JSON cannot be read")
        return None
    return value if isinstance(value, dict) else None


def _end_values(status: str, message: str, result: dict | None = None) -> dict:
    now = utcnow()
    values: dict = {"status": status, "message": message, "finished_at": now, "updated_at": now,
                    "lease_until": None, "input": None}
    if status == DONE:
        values["progress"] = 100
    if result is not None:
        values["result_json"] = _dump(result)
    return values


# -- validasi-set ------------------------------------------------------------------------------

def count_maps(filename: str | None, data: bytes) -> int:
    """How many BPMN entries a ZIP holds (1 for a single file; 0 when it cannot be opened).
    Cheap: nothing is inflated; the safe reading happens later."""
    if not is_zip(safe_name(filename), data):
        return 1
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return sum(1 for i in zf.infolist() if not i.is_dir() and is_bpmn_name(i.filename)
                       and not i.filename.startswith("__MACOSX/"))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return 0


def _prepare_set(sub: Submitted) -> dict:
    if not sub.data:
        raise JobError("MISSING_FILE", "Kirim arsip .zip berisi peta (atau satu berkas .bpmn).", 400)
    from . import services

    profile = str(sub.params.get("profile") or "standar")
    services.validator_for(profile)          # an unknown profile is refused now, not later
    files = read_upload(sub.filename, sub.data, sub.limits)   # a bad archive is refused now
    return {"filename": safe_name(sub.filename), "profile": profile, "total": len(files),
            "limits": {"max_file_bytes": sub.limits.max_file_bytes,
                       "max_zip_bytes": sub.limits.max_zip_bytes,
                       "max_zip_entries": sub.limits.max_zip_entries,
                       "max_zip_uncompressed_bytes": sub.limits.max_zip_uncompressed_bytes}}


def _refusal(total: int, problems: list) -> JobError:
    """A set with unreadable maps is refused whole, exactly as the inline upload refuses it
    (:func:`~validator.web.security.refuse`: one problem keeps its code, several give
    ``UPLOAD_FILES_REFUSED``); every problem is listed in the message and the result."""
    from .security import refuse

    err = refuse(problems)
    listed = [p.as_dict() for p in problems]
    result = {"total": total, "processed": 0, "stored": 0, "unreadable": len(problems),
              "refused": True, "summary": {"error": 0, "warning": 0, "info": 0},
              "problems": listed,
              "files": [{"filename": p.name, "status": "error",
                         "error": {"code": p.code, "message": p.message}} for p in problems]}
    return JobError(err.code, err.message_id, err.http_status, result=result)


def _run_set(ctx: JobContext) -> dict:
    """Read every map (a set with an unreadable map is refused whole), validate them as one
    set (file rules on each, set and alignment rules over all, against the active plan), then
    store every map as a submission of the job's OPD in one transaction with the job's end."""
    from ..mapset import from_bytes
    from ..report.json_report import set_section
    from . import services

    params = ctx.params
    limits = Limits(**params.get("limits", {}))
    profile = params.get("profile", "standar")
    files = read_upload(params.get("filename"), ctx.data or b"", limits)
    validator = services.validator_for(profile, limits.max_file_bytes)
    total = len(files)
    ctx.progress(1, f"Membaca {total} peta.")
    step = max(1, total // 20)

    def reading():
        for i, entry in enumerate(files):
            if i and i % step == 0:
                ctx.progress(1 + 29 * i / total, f"{i} dari {total} peta dibaca.")
            yield entry

    mapset = from_bytes(reading(), max_bytes=limits.max_file_bytes)
    # each unreadable map is a problem worded as services.validate_upload words it inline
    problems = [FileProblem(mf.name, mf.error.code, f"'{mf.name}': {mf.error.message}",
                            413 if mf.error.code == "TOO_LARGE" else 422)
                for mf in mapset.files if mf.error is not None]
    if problems:
        raise _refusal(total, problems)
    with ctx.db.session() as sess:
        plan = services.active_plan(sess)

    def checking(i: int, n: int, _name: str) -> None:
        if i % step == 0 and i < n:
            ctx.progress(30 + 60 * i / n, f"{i} dari {n} peta diperiksa.")

    report = validator.validate_set(mapset, plan=plan, progress=checking)
    by_name = {fr.path: fr for fr in report.files}
    checked = [services.Checked(name, content, by_name[name]) for name, content in files]
    ctx.progress(90, f"{total} peta diperiksa; menyimpan semuanya sekaligus.")
    set_info = set_section(report)
    for attempt in range(STORE_ATTEMPTS):
        try:
            result = _store_all(ctx, report, checked, set_info)
            break
        except IntegrityError:
            # another upload of the same file name took the same version number at the same
            # moment (UNIQUE(opd_id, filename, version)): the transaction is tried again
            if attempt == STORE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    ctx.finished = True
    ctx.result = result
    return result


def _store_all(ctx: JobContext, report, checked: list, set_info: dict) -> dict:  # noqa: ANN001
    """Every map as a submission and the job's end, in one transaction: all or nothing."""
    from . import services

    with ctx.db.session() as sess:
        # first the job's row (the fence: still this worker's, not cancelled) ...
        stmt = update(Job).where(*_fence(ctx.job_id, ctx.attempt, not_cancelled=True)) \
            .values(updated_at=utcnow())
        if sess.execute(stmt).rowcount != 1:
            raise JobStopped(ctx._why(sess))
        # ... then every map, then the end
        opd = sess.get(Opd, ctx.opd_id)
        uploader = sess.get(User, ctx.owner_id) if ctx.owner_id is not None else None
        stored = services.store_checked(sess, opd=opd, uploader=uploader, report=report,
                                        checked=checked)
        set_id = None
        if len(stored) > 1:   # the maps of one archive are one set, stored with them
            from . import sets

            set_id = sets.store_set(sess, opd=opd, uploader=uploader,
                                    filename=ctx.params.get("filename"), report=report,
                                    submissions=stored, data=ctx.data).id
        summary = {"error": 0, "warning": 0, "info": 0}
        entries = []
        for c, sub in zip(checked, stored):
            counts = c.result.counts()
            entries.append({"filename": c.name, "status": "ok", "submissionId": sub.id,
                            "version": sub.version,
                            "summary": {k: counts[k] for k in ("error", "warning", "info")}})
            for k in summary:
                summary[k] += counts[k]
        result = {"total": len(checked), "processed": len(checked), "stored": len(stored),
                  "unreadable": 0, "summary": summary, "files": entries, "set": set_info}
        if set_id is not None:
            result["setId"] = set_id
        ctx.finish(sess, result)
    return result


register(JobKind("validasi-set", "Pemeriksaan sekumpulan peta", _prepare_set, _run_set,
                 idempotent=True))


def _done_message(kind: str, result: dict) -> str:
    if kind == "simulasi":
        cycle = (result.get("cycleTime") or {}).get("mean")
        text = (f"Selesai: {result.get('cases', 0)} kasus x {result.get('replications', 0)} "
                f"replikasi disimulasikan")
        if cycle is not None:
            text += f"; waktu siklus rata-rata {cycle:.1f} menit".replace(".", ",")
        return text + "."
    if kind == "validasi-set":
        return (f"Selesai: {result.get('processed', 0)} peta diperiksa, "
                f"{result.get('stored', 0)} disimpan sebagai unggahan.")
    return "Selesai."


# -- running -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Claim:
    """One attempt at a job, held by this process."""
    job_id: str
    kind: str
    attempt: int


def _write_lock(sess, opd_id: int | None) -> None:  # noqa: ANN001
    """Serialise quota checks with the writes they guard: SQLite takes the database write
    lock (BEGIN IMMEDIATE), PostgreSQL locks the OPD's row."""
    conn = sess.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif opd_id is not None:
        sess.execute(select(Opd.id).where(Opd.id == opd_id).with_for_update())


def _running_of(sess, opd_id: int | None, now: datetime, but: str | None = None) -> int:  # noqa: ANN001
    """Jobs of the OPD running with a live lease."""
    q = select(func.count()).select_from(Job).where(
        Job.opd_id.is_(None) if opd_id is None else Job.opd_id == opd_id,
        Job.status == RUNNING, Job.lease_until > now)
    if but is not None:
        q = q.where(Job.id != but)
    return int(sess.scalar(q) or 0)


def _claim(db, job_id: str, settings: Settings) -> Claim | str:  # noqa: ANN001
    """Take the job for this process, or say why not (its status, DEFERRED or 'tidak-ada')."""
    now = utcnow()
    with db.session() as sess:
        job = sess.get(Job, job_id)
    if job is None:
        log.warning("job %s does not exist", job_id)
        return "tidak-ada"
    if job.status == RUNNING and job.lease_until is not None and job.lease_until < now:
        # delivered again (Celery) after its worker died: the sweep's rule decides
        outcome = _abandon(db, job, now, settings, runner=None)
        if outcome != QUEUED:
            return outcome or RUNNING
        with db.session() as sess:
            job = sess.get(Job, job_id)
    if job.status != QUEUED:
        return job.status
    with db.session() as sess:
        _write_lock(sess, job.opd_id)
        now = utcnow()   # after the lock: the start is when the claim holds, not when it queued
        if job.opd_id is not None and _running_of(sess, job.opd_id, now, but=job_id) >= settings.opd_running:
            return DEFERRED
        attempt = (job.attempts or 0) + 1
        message = ("Sedang dikerjakan." if attempt == 1 else
                   f"Sedang dikerjakan ulang (percobaan ke-{attempt} dari {MAX_ATTEMPTS}) karena "
                   "pekerja sebelumnya berhenti.")
        claimed = sess.execute(update(Job).where(
            Job.id == job_id, Job.status == QUEUED, Job.attempts == (job.attempts or 0),
            Job.cancel_requested == False).values(  # noqa: E712
            status=RUNNING, started_at=now, updated_at=now, message=message, attempts=attempt,
            worker=worker_id(settings.role), lease_until=now + timedelta(seconds=settings.lease))).rowcount
    if not claimed:
        with db.session() as sess:
            status = sess.scalar(select(Job.status).where(Job.id == job_id))
        return status or "tidak-ada"
    return Claim(job_id, job.kind, attempt)


class _Heartbeat:
    """Renews a running job's lease every quarter lease and looks at ``cancel_requested``
    every second (or every quarter lease when shorter); ``reason()`` says why the work must
    stop: ``cancel``, or ``lost`` when the lease is no longer ours or cannot be renewed."""

    def __init__(self, db, claim: Claim, settings: Settings) -> None:  # noqa: ANN001
        self.db, self.claim, self.settings = db, claim, settings
        self._reason: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True,
                                        name=f"ppb-job-lease-{claim.job_id[:8]}")

    def start(self) -> "_Heartbeat":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def reason(self) -> str | None:
        return self._reason

    def _loop(self) -> None:
        lease = self.settings.lease
        every = lease / 4
        tick = min(1.0, every)
        renewed = time.monotonic()
        while not self._stop.wait(tick):
            now = time.monotonic()
            try:
                with self.db.session() as sess:
                    if now - renewed >= every:
                        rc = sess.execute(update(Job).where(*_fence(self.claim.job_id, self.claim.attempt))
                                          .values(lease_until=utcnow() + timedelta(seconds=lease))).rowcount
                        if rc != 1:
                            self._reason = self._reason or "lost"
                            return
                        renewed = now
                    cancel = sess.scalar(select(Job.cancel_requested).where(Job.id == self.claim.job_id))
                if cancel and self._reason is None:
                    self._reason = "cancel"
            except Exception as exc:  # noqa: BLE001 - the database may be gone for a while
                log.warning("job %s: lease not renewed: %s", self.claim.job_id, exc)
                if time.monotonic() - renewed > lease * 0.75:
                    # the lease runs out before we can renew it: others may take the job over
                    self._reason = self._reason or "lost"


def execute(db, job_id: str, settings: Settings | None = None) -> str:  # noqa: ANN001
    """Run one job to its end in this process (its work in a child process when its kind is
    isolated); returns its final status, DEFERRED (the OPD runs its quota already: try
    later) or LEFT (its end could not be recorded; the sweep ends it). A job that is not
    waiting (taken by another worker, or finished) is left alone."""
    settings = settings or Settings.from_config()
    claim = _claim(db, job_id, settings)
    if not isinstance(claim, Claim):
        return claim
    kind = KINDS.get(claim.kind)
    if kind is None:
        ok = _record_end(db, claim, FAILED, f"Pekerjaan gagal: jenis pekerjaan '{claim.kind}' "
                                            "tidak dikenal oleh pekerja ini.")
        return FAILED if ok else LEFT
    beat = _Heartbeat(db, claim, settings).start()
    try:
        if settings.isolate and kind.isolate:
            reason, code = _run_child(db, claim, kind, settings, beat)
        else:
            reason, code = _run_here(db, claim, kind, settings, beat)
    finally:
        beat.stop()
    return _settle(db, claim, settings, reason, code)


def _run_here(db, claim: Claim, kind: JobKind, settings: Settings, beat: _Heartbeat):  # noqa: ANN001, ANN202
    """In a thread of this process: the limits apply at the job's progress points."""
    outcome = _perform(db, claim, kind.run, stop=beat.reason,
                       deadline=time.monotonic() + settings.timeout)
    return outcome, 0


def _perform(db, claim: Claim, run, *, stop=None, deadline: float | None = None,  # noqa: ANN001
             memory_mb: int = 0) -> str:
    """Run the kind and record its end. Returns the recorded status, or the reason it
    stopped without recording it (``cancel``, ``lost``, ``timeout``, ``unrecorded``)."""
    with db.session() as sess:
        job = sess.get(Job, claim.job_id)
        if job is None or job.status != RUNNING or job.attempts != claim.attempt:
            return "lost"
        ctx = JobContext(db=db, job_id=job.id, kind=job.kind, params=_loads(job.params_json) or {},
                         data=job.input, opd_id=job.opd_id, owner_id=job.owner_id,
                         attempt=claim.attempt, deadline=deadline, stop=stop)
    out_of_memory = False
    try:
        result = run(ctx)
    except JobStopped as exc:
        return exc.reason
    except MemoryError:
        out_of_memory = True     # recorded below, once the exception has let its frames go
    except Exception as exc:  # noqa: BLE001 - any failure ends the job as gagal, with a message
        return FAILED if _fail(db, ctx, exc) else "unrecorded"
    if out_of_memory:
        ctx.result = None
        ok = _record_end(db, claim, FAILED, _memory_message(memory_mb))
        return FAILED if ok else "memory"
    if ctx.finished:
        return DONE
    if _record_end(db, claim, DONE, _done_message(ctx.kind, result), result, not_cancelled=True):
        return DONE
    return "unrecorded"


def _record_end(db, claim, status: str, message: str, result: dict | None = None,  # noqa: ANN001
                *, not_cancelled: bool = False) -> bool:
    """End attempt ``claim.attempt`` of the job; False when it is no longer ours or the
    database refused (then the lease expires and the sweep ends the job)."""
    try:
        with db.session() as sess:
            rc = sess.execute(update(Job).where(
                *_fence(claim.job_id, claim.attempt, not_cancelled=not_cancelled))
                .values(**_end_values(status, message, result))).rowcount
        return rc == 1
    except Exception:  # noqa: BLE001 - disk full, database read-only or gone
        log.exception("job %s: its end (%s) could not be recorded; the sweep will end it once its "
                      "lease expires", claim.job_id, status)
        return False


def _fail(db, ctx: JobContext, exc: Exception) -> bool:  # noqa: ANN001
    result = None
    if isinstance(exc, (JobError, UploadError)):
        reason = exc.message if isinstance(exc, JobError) else exc.message_id
        result = dict(getattr(exc, "result", None) or ctx.result or {})
        result["error"] = {"code": exc.code, "message": reason}
    else:
        log.exception("job %s (%s) failed", ctx.job_id, ctx.kind)
        reason = f"terjadi kesalahan tak terduga ({type(exc).__name__}); mohon laporkan kepada pengelola"
    message = f"Pekerjaan gagal: {reason.rstrip('.')}."
    return _record_end(db, ctx, FAILED, message, result)


def _memory_message(memory_mb: int) -> str:
    limit = f"batas memori {memory_mb} MB" if memory_mb else "memori yang tersedia"
    return (f"Pekerjaan gagal: melebihi {limit} (pengaturan PPB_JOB_MEMORY_MB); prosesnya "
            "dihentikan. Perkecil pekerjaannya (lebih sedikit peta, kasus atau replikasi) atau minta "
            "pengelola menaikkan batasnya.")


def _timeout_message(seconds: float) -> str:
    return (f"Pekerjaan gagal: melebihi batas waktu {_number(seconds)} detik (pengaturan "
            "PPB_JOB_TIMEOUT_SECONDS); prosesnya dihentikan. Perkecil pekerjaannya (lebih sedikit "
            "peta, kasus atau replikasi) atau minta pengelola menaikkan batasnya.")


def _cancelled_message(db, job_id: str, running: bool) -> str:  # noqa: ANN001
    who = None
    try:
        with db.session() as sess:
            params = _loads(sess.scalar(select(Job.params_json).where(Job.id == job_id))) or {}
        who = params.get("_dibatalkanOleh")
    except Exception:  # noqa: BLE001
        pass
    by = f" oleh {who}" if who else ""
    if running:
        return f"Dibatalkan{by} ketika sedang berjalan; prosesnya dihentikan dan tidak ada hasil yang disimpan."
    return f"Dibatalkan{by} sebelum dimulai."


def _settle(db, claim: Claim, settings: Settings, reason: str | None, code: int | None) -> str:  # noqa: ANN001
    """After the work stopped: its end as recorded, or recorded now from ``reason``."""
    try:
        with db.session() as sess:
            row = sess.execute(select(Job.status, Job.attempts, Job.cancel_requested)
                               .where(Job.id == claim.job_id)).first()
    except Exception:  # noqa: BLE001
        log.exception("job %s: its state cannot be read", claim.job_id)
        return LEFT
    if row is None:
        return "tidak-ada"
    if row.status != RUNNING or row.attempts != claim.attempt:
        return row.status   # recorded by the work itself, or no longer ours
    if reason in (DONE, FAILED, CANCELLED):
        reason = None
    if row.cancel_requested:
        reason = "cancel"      # whatever else happened, it was asked to stop
    if reason == "cancel":
        status, message = CANCELLED, _cancelled_message(db, claim.job_id, running=True)
    elif reason == "timeout":
        status, message = FAILED, _timeout_message(settings.timeout)
    elif reason == "memory":
        status, message = FAILED, _memory_message(settings.memory_mb)
    elif reason == "exit":
        status, message = FAILED, ("Pekerjaan gagal: proses pekerjaannya berhenti tiba-tiba "
                                   f"(kode keluar {code}); mohon laporkan kepada pengelola.")
    else:
        # "lost" (the lease went to the sweep), "unrecorded" (the database refused the end) or
        # "shutdown" (this server is exiting):
        # leave the job to the sweep, which ends or retries it once its lease expires
        return LEFT
    return status if _record_end(db, claim, status, message) else LEFT


# -- the child process ---------------------------------------------------------------------------

_mp_lock = threading.Lock()
_mp_context = None
PRELOAD = ["validator.web.jobs", "validator.web.simulation", "validator.web.services",
           "validator.mapset", "validator.engine"]


def _processes():  # noqa: ANN202
    """The multiprocessing context of job processes: forkserver (Linux) or spawn; never a
    plain fork of a threaded server."""
    global _mp_context
    import multiprocessing

    with _mp_lock:
        if _mp_context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(PRELOAD)
            else:
                ctx = multiprocessing.get_context("spawn")
            _mp_context = ctx
        return _mp_context


def _limit_memory(memory_mb: int) -> None:
    if not memory_mb or not sys.platform.startswith("linux"):
        return
    import resource

    limit = int(memory_mb) * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _exit_with_parent(alive) -> None:  # noqa: ANN001
    """In the child: the parent holds the other end of ``alive``; when it dies, so do we."""
    try:
        alive.recv()
    except (EOFError, OSError):
        pass
    os._exit(PARENT_GONE_EXIT)


def _child_main(url: str, claim: Claim, run, memory_mb: int, alive) -> None:  # noqa: ANN001
    """A job's process: its own database connection, the memory limit, the kind's run."""
    _limit_memory(memory_mb)
    threading.Thread(target=_exit_with_parent, args=(alive,), daemon=True,
                     name="ppb-job-parent").start()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING,
                            format="%(asctime)s %(levelname)s [job %(process)d] %(name)s: %(message)s")
    from .db import Database

    db = Database(url)
    try:
        outcome = _perform(db, claim, run, memory_mb=memory_mb)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    finally:
        try:
            db.engine.dispose()
        except Exception:  # noqa: BLE001
            pass
    if outcome == "memory":
        os._exit(MEMORY_EXIT)


def _database_url(db) -> str:  # noqa: ANN001
    return db.engine.url.render_as_string(hide_password=False)


def _run_child(db, claim: Claim, kind: JobKind, settings: Settings,  # noqa: ANN001, ANN202
               beat: _Heartbeat):
    """Run the kind in a child process and wait: kill it on time-out, cancellation or a
    lost lease. Returns (reason it was stopped or died, exit code); reason None when it
    ended by itself (then it recorded its end)."""
    from multiprocessing.connection import wait

    mp = _processes()
    keep, alive = mp.Pipe(duplex=False)   # the child holds ``keep``; ``alive`` closes with us
    proc = mp.Process(target=_child_main, name=f"ppb-job-{claim.job_id[:8]}", daemon=True,
                      args=(_database_url(db), claim, kind.run, settings.memory_mb, keep))
    try:
        _start_process(proc)
    except Exception as exc:  # noqa: BLE001 - no process could be started (limits of the host)
        log.exception("job %s: no process could be started", claim.job_id)
        _record_end(db, claim, FAILED, "Pekerjaan gagal: proses pekerjaan tidak dapat dimulai "
                                       f"({type(exc).__name__}); mohon laporkan kepada pengelola.")
        keep.close()
        alive.close()
        return None, None
    keep.close()
    deadline = time.monotonic() + settings.timeout
    reason = None
    try:
        while proc.exitcode is None:
            wait([proc.sentinel], timeout=0.25)
            if proc.exitcode is not None:
                break
            reason = beat.reason() or ("timeout" if time.monotonic() > deadline else None)
            if reason:
                _stop(proc)
                break
        proc.join()
    finally:
        alive.close()
    code = proc.exitcode
    if reason is None:
        if _exiting.is_set() and code not in (0, None):
            reason = "shutdown"      # stopped by this server's own exit: left to the sweep
        elif code == MEMORY_EXIT or code == -9:   # MemoryError, or killed by the kernel's OOM killer
            reason = "memory"
        elif code not in (0, None):
            reason = "exit"
    return reason, code


def _start_process(proc) -> None:  # noqa: ANN001
    """Start ``proc``, also from a daemonic process. A Celery prefork pool marks its pool
    processes daemonic, and multiprocessing refuses children to a daemonic process so that
    none outlives it; ours cannot (a job's process ends when the pipe to its parent closes),
    so the mark is lifted while the child starts (pool processes run one task at a time). Its
    key is billiard's type there, which cannot be pickled: the same key is passed as bytes."""
    import multiprocessing

    me = multiprocessing.current_process()
    if not me.daemon:
        proc.start()
        return
    saved = dict(me._config)        # noqa: SLF001 - see above
    me._config["daemon"] = False    # noqa: SLF001
    # the same key, as multiprocessing's own type (it is pickled for the child)
    key = bytes(me.authkey)
    me._config["authkey"] = multiprocessing.process.AuthenticationString(key)  # noqa: SLF001
    proc.authkey = key
    try:
        proc.start()
    finally:
        me._config.clear()          # noqa: SLF001
        me._config.update(saved)    # noqa: SLF001


def _stop(proc) -> None:  # noqa: ANN001
    proc.terminate()
    proc.join(3)
    if proc.exitcode is None:
        proc.kill()
        proc.join(5)


# -- the sweep -----------------------------------------------------------------------------------

def _holder_state(worker: str | None) -> str:
    """``gone`` when the lease holder was a process of this machine that no longer exists,
    ``alive`` when that process still runs, else ``unknown`` (another machine, Windows)."""
    if not worker or ":" not in worker or os.name != "posix":
        return "unknown"  # (on Windows os.kill(pid, 0) would end the process, not probe it)
    host, _, pid = worker.rpartition("@")[2].rpartition(":")
    if host != socket.gethostname()[:100] or not pid.isdigit():
        return "unknown"
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return "gone"
    except OSError:
        return "alive"    # exists, owned by someone else
    try:   # a zombie (an orphaned gunicorn worker an init that does not reap left behind) is gone
        with open(f"/proc/{int(pid)}/stat", encoding="ascii", errors="replace") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return "gone"
    except (OSError, IndexError):
        pass
    return "alive"


def _holder_gone(worker: str | None) -> bool:
    """Whether the lease holder was a process of this machine that no longer exists."""
    return _holder_state(worker) == "gone"


def _abandon(db, job: Job, now: datetime, settings: Settings, runner=None) -> str | None:  # noqa: ANN001
    """A job whose lease expired: a running one is retried (QUEUED, dispatched to ``runner``
    when given) or ended (FAILED, CANCELLED); a waiting one is taken over by ``runner``.
    Returns its new status, or None when another server handled it first or nothing was done."""
    fence = (Job.id == job.id, Job.status == job.status, Job.attempts == job.attempts,
             Job.worker.is_(None) if job.worker is None else Job.worker == job.worker,
             Job.lease_until < now)
    if job.status == QUEUED:
        if runner is None or not runner.has_room():
            return None
        with db.session() as sess:
            took = sess.execute(update(Job).where(*fence).values(
                updated_at=now, message="Menunggu giliran (diambil alih dari server yang berhenti).",
                **runner.lease_fields(now))).rowcount
        if took:
            log.warning("job %s: waiting on a server that stopped (%s); taken over", job.id, job.worker)
            return _dispatch_again(db, runner, job)
        return None
    since = job.lease_until - timedelta(seconds=settings.lease) if job.lease_until else job.updated_at
    when = f"{since:%d-%m-%Y %H.%M.%S} UTC" if since else "waktu yang tidak diketahui"
    gone = _holder_gone(job.worker)
    cause = ("pekerjanya berhenti (proses mati atau server dimulai ulang)"
             + (f"; prosesnya {job.worker} sudah tidak ada" if gone else "")
             + f" dan tidak memberi kabar sejak {when}")
    if job.cancel_requested:
        status, values = CANCELLED, _end_values(CANCELLED, _cancelled_message(db, job.id, True))
    elif _held_by_server(job.worker):
        # the web server that ran it in-process stopped or was restarted: the job ends with
        # its server and is not run again unasked
        status = FAILED
        holder = job.worker.partition("@")[2]
        if _holder_state(job.worker) == "alive":   # the server lives on: its end was not recorded
            why = (f"server yang menjalankannya ({holder}) tidak dapat mencatat akhir pekerjaan "
                   "(mis. penyimpanan penuh atau hanya-baca)")
        else:
            why = (f"server yang menjalankannya ({holder}) berhenti atau dimulai ulang ketika "
                   "pekerjaan berjalan" + ("; prosesnya sudah tidak ada" if gone else ""))
        values = _end_values(FAILED, (
            f"Pekerjaan gagal: {why} (tidak ada kabar sejak {when}). Tidak ada hasil yang "
            "disimpan; kirim ulang bila masih diperlukan."))
    elif retryable(job.kind) and (job.attempts or 0) < MAX_ATTEMPTS:
        status = QUEUED
        values = {"status": QUEUED, "progress": 0, "updated_at": now, "result_json": None,
                  "message": (f"Pekerjaan diulang otomatis (percobaan ke-{(job.attempts or 0) + 1} dari "
                              f"{MAX_ATTEMPTS}) karena {cause}."),
                  **(runner.lease_fields(now) if runner is not None else
                     {"worker": None, "lease_until": None})}
    else:
        status = FAILED
        tried = f" setelah {job.attempts} kali dicoba" if (job.attempts or 0) > 1 else ""
        values = _end_values(FAILED, f"Pekerjaan gagal{tried}: {cause}. Tidak ada hasil yang "
                                     "disimpan; kirim ulang bila masih diperlukan.")
    with db.session() as sess:
        done = sess.execute(update(Job).where(*fence).values(**values)).rowcount
    if not done:
        return None
    log.warning("job %s (%s, attempt %s, worker %s): lease expired -> %s", job.id, job.kind,
                job.attempts, job.worker, status)
    if status == QUEUED and runner is not None:
        return _dispatch_again(db, runner, job)
    return status


def _dispatch_again(db, runner, job: Job) -> str:  # noqa: ANN001
    try:
        runner.dispatch(job.id, job.opd_id)
        return QUEUED
    except JobError as exc:
        with db.session() as sess:
            sess.execute(update(Job).where(Job.id == job.id, Job.status == QUEUED).values(
                **_end_values(FAILED, f"Pekerjaan tidak dapat dilanjutkan: {exc.message}")))
        return FAILED


def sweep(db, runner=None, settings: Settings | None = None,  # noqa: ANN001
          job_ids: list[str] | None = None) -> dict:
    """End, retry or take over the jobs whose lease expired (all, or those of ``job_ids``);
    a job whose lease is alive is never touched. Returns how many of each."""
    settings = settings or getattr(runner, "settings", None) or Settings.from_config()
    now = utcnow()
    with db.session() as sess:
        q = select(Job).where(Job.status.in_(ACTIVE), Job.lease_until.is_not(None),
                              Job.lease_until < now)
        if job_ids is not None:
            q = q.where(Job.id.in_(list(job_ids)))
        expired = list(sess.scalars(q.order_by(Job.created_at).limit(500)))
    counts = {QUEUED: 0, FAILED: 0, CANCELLED: 0}
    for job in expired:
        try:
            outcome = _abandon(db, job, now, settings, runner)
        except Exception:  # noqa: BLE001 - one job must not stop the sweep of the others
            log.exception("job %s: the sweep could not end it", job.id)
            continue
        if outcome in counts:
            counts[outcome] += 1
    dropped = drop_old_outputs(db, settings, now) if job_ids is None else 0
    return {"requeued": counts[QUEUED], "failed": counts[FAILED], "cancelled": counts[CANCELLED],
            "outputsDropped": dropped}


OUTPUT_DROPPED = "Berkas hasilnya sudah dihapus setelah {hours} jam (pengaturan PPB_JOB_OUTPUT_HOURS); buat ulang bila perlu."


def drop_old_outputs(db, settings: Settings, now: datetime | None = None) -> int:  # noqa: ANN001
    """Forget the files (documents) of jobs that finished more than ``settings.output_hours``
    ago, so that the database does not keep every document ever made; the job stays listed
    with a message saying so. Returns how many files were dropped."""
    now = now or utcnow()
    cutoff = now - timedelta(hours=settings.output_hours)
    with db.session() as sess:
        ids = list(sess.scalars(select(Job.id).where(
            Job.status.in_(FINAL), Job.output_name.is_not(None), Job.finished_at < cutoff).limit(500)))
        if not ids:
            return 0
        message = OUTPUT_DROPPED.format(hours=_number(settings.output_hours))
        return sess.execute(update(Job).where(Job.id.in_(ids), Job.output_name.is_not(None)).values(
            output=None, output_name=None, output_type=None, message=message),
            execution_options={"synchronize_session": False}).rowcount


def sweep_quietly(job_ids: list[str] | None = None) -> None:
    """The sweep on a read (the current app's): errors are logged, never raised."""
    try:
        from flask import current_app

        sweep(current_app.extensions["ppb_db"], current_app.extensions.get("ppb_jobs"),
              job_ids=job_ids)
    except Exception as exc:  # noqa: BLE001 - a read must answer even when writing fails
        log.warning("jobs: sweep on read failed: %s", exc)


def recover(db, runner) -> dict:  # noqa: ANN001
    """On start: the sweep, once (kept under this name for the start-up path)."""
    return sweep(db, runner)


def _start_sweeper(db, runner, settings: Settings) -> threading.Event | None:  # noqa: ANN001
    """A daemon thread sweeping every ``settings.sweep`` seconds; it ends when the engine is
    disposed or the database and runner are gone."""
    if settings.sweep <= 0:
        return None
    from sqlalchemy import event

    stop = threading.Event()
    db_ref, runner_ref = weakref.ref(db), weakref.ref(runner)
    event.listen(db.engine, "engine_disposed", lambda _engine: stop.set())

    def loop() -> None:
        while not stop.wait(settings.sweep):
            d, r = db_ref(), runner_ref()
            if d is None or r is None:
                return
            try:
                sweep(d, r, settings)
            except Exception as exc:  # noqa: BLE001
                log.warning("jobs: sweep failed: %s", exc)
            del d, r

    threading.Thread(target=loop, name="ppb-job-sweep", daemon=True).start()
    return stop


# -- runners -------------------------------------------------------------------------------------

_LOOKUP = object()


class InProcessRunner:
    """Threads in the server process; at most ``max_pending`` jobs wait or run here.

    The next job is picked round-robin across OPDs, skipping an OPD that already runs
    ``settings.opd_running`` jobs, so one OPD's queue never occupies every thread. Waiting
    jobs are leased to this process too (renewed every quarter lease), so that another server
    takes them over only when this one has stopped.
    """

    name = "in-process"

    def __init__(self, db, threads: int = 2, max_pending: int = 50,  # noqa: ANN001
                 settings: Settings | None = None) -> None:
        self.db = db
        self.settings = replace(settings or Settings.from_config(), role=SERVER_ROLE)
        self.threads = max(1, int(threads))
        self.max_pending = max(1, int(max_pending))
        self._cond = threading.Condition()
        self._queues: dict[Any, deque] = {}   # OPD -> its waiting jobs, oldest first
        self._served: dict[Any, int] = {}     # OPD -> when it was last given a thread (a ticket)
        self._ticket = 0
        self._running: dict[Any, int] = {}
        self._held: dict[str, Any] = {}       # job id -> OPD, waiting or running here
        self._blocked: dict[Any, float] = {}  # OPD -> monotonic time until which it is skipped
        self._workers: list[threading.Thread] = []
        self._beat: threading.Thread | None = None
        self._stopping = False
        self._drain = True

    # what submit() and the sweep ask
    def lease_fields(self, now: datetime) -> dict:
        return {"worker": worker_id(self.settings.role),
                "lease_until": now + timedelta(seconds=self.settings.lease)}

    def has_room(self) -> bool:
        with self._cond:
            return not self._stopping and len(self._held) < self.max_pending

    def dispatch(self, job_id: str, opd_id: Any = _LOOKUP) -> None:
        if opd_id is _LOOKUP:
            with self.db.session() as sess:
                opd_id = sess.scalar(select(Job.opd_id).where(Job.id == job_id))
        with self._cond:
            if job_id in self._held:
                return
            if self._stopping or len(self._held) >= self.max_pending:
                raise JobError("QUEUE_FULL", "Antrean pekerjaan sedang penuh; coba lagi beberapa saat lagi.", 503)
            self._held[job_id] = opd_id
            self._queues.setdefault(opd_id, deque()).append(job_id)
            self._start_threads()
            self._cond.notify_all()

    def discard(self, job_id: str) -> None:
        """A waiting job that was cancelled: out of the queue at once."""
        with self._cond:
            opd = self._held.get(job_id, _LOOKUP)
            queue = self._queues.get(opd) if opd is not _LOOKUP else None
            if queue is not None and job_id in queue:
                queue.remove(job_id)
                del self._held[job_id]
                self._cond.notify_all()

    def pending(self) -> dict:
        """Waiting and running here, for tests and the log: {"waiting": n, "running": n}."""
        with self._cond:
            return {"waiting": sum(len(q) for q in self._queues.values()),
                    "running": sum(self._running.values())}

    def _start_threads(self) -> None:
        self._workers = [t for t in self._workers if t.is_alive()]
        while len(self._workers) < self.threads:
            t = threading.Thread(target=self._work, daemon=True,
                                 name=f"ppb-job-{len(self._workers) + 1}")
            self._workers.append(t)
            t.start()
        if self._beat is None or not self._beat.is_alive():
            self._beat = threading.Thread(target=self._renew_waiting, daemon=True, name="ppb-job-queue")
            self._beat.start()

    def _pick(self) -> tuple[Any, str] | None:
        now = time.monotonic()
        ready = [opd for opd, queue in self._queues.items()
                 if queue and self._running.get(opd, 0) < self.settings.opd_running
                 and self._blocked.get(opd, 0) <= now]
        if not ready:
            return None
        # round-robin: the OPD served longest ago (or never) first; ties in order of arrival
        opd = min(ready, key=lambda k: self._served.get(k, 0))
        self._ticket += 1
        self._served[opd] = self._ticket
        return opd, self._queues[opd].popleft()

    def _waiting(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def _work(self) -> None:
        me = threading.current_thread()
        idle = time.monotonic()
        while True:
            with self._cond:
                while True:
                    if self._stopping and (not self._drain or not self._waiting()):
                        self._workers = [t for t in self._workers if t is not me]
                        self._cond.notify_all()
                        return
                    pick = self._pick()
                    if pick is not None:
                        break
                    if not self._waiting() and time.monotonic() - idle > IDLE_SECONDS:
                        self._workers = [t for t in self._workers if t is not me]
                        return
                    self._cond.wait(0.5)
                opd, job_id = pick
                self._running[opd] = self._running.get(opd, 0) + 1
            status = None
            try:
                status = execute(self.db, job_id, self.settings)
            except Exception:  # noqa: BLE001 - a thread would swallow it silently
                log.exception("job %s could not be run", job_id)
            finally:
                with self._cond:
                    self._running[opd] -= 1
                    if status == DEFERRED and not self._stopping:
                        # the OPD runs its quota on another server: look again shortly
                        self._queues.setdefault(opd, deque()).appendleft(job_id)
                        self._blocked[opd] = time.monotonic() + DEFER_SECONDS
                    else:
                        self._held.pop(job_id, None)
                    for key in [k for k, q in self._queues.items()
                                if not q and not self._running.get(k)]:
                        del self._queues[key]
                        self._running.pop(key, None)
                        self._blocked.pop(key, None)
                    self._cond.notify_all()
                idle = time.monotonic()

    def _renew_waiting(self) -> None:
        """The lease of the jobs waiting here, renewed every quarter lease."""
        every = self.settings.lease / 4
        while True:
            time.sleep(every)
            with self._cond:
                if self._stopping and not self._drain:
                    return
                waiting = [j for q in self._queues.values() for j in q]
                if not waiting and not self._held:
                    self._beat = None
                    return
            if not waiting:
                continue
            try:
                now = utcnow()
                with self.db.session() as sess:
                    sess.execute(update(Job).where(Job.id.in_(waiting), Job.status == QUEUED,
                                                   Job.worker == worker_id(self.settings.role))
                                 .values(lease_until=now + timedelta(seconds=self.settings.lease)))
            except Exception as exc:  # noqa: BLE001
                log.warning("jobs: leases of waiting jobs not renewed: %s", exc)

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait`` finish those waiting and running here first.
        Without it, waiting jobs stay ``antri``: a server takes them over when their lease
        expires."""
        with self._cond:
            self._stopping = True
            self._drain = wait
            self._cond.notify_all()
            workers = list(self._workers)
        if wait:
            for t in workers:
                t.join()


def make_celery(broker_url: str):  # noqa: ANN201
    """The Celery app of the server and of the workers (messages carry only the job id)."""
    from celery import Celery

    app = Celery("ppb", broker=broker_url)
    app.conf.update(
        task_ignore_result=True,           # results live in the job's row
        task_acks_late=True,               # a job whose worker died may be delivered again...
        task_reject_on_worker_lost=True,   # ...and execute() claims it only when antri, or
                                           # berjalan with an expired lease (the sweep's rule)
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE_NAME,
        task_serializer="json", accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        worker_hijack_root_logger=False,
    )
    return app


class CeleryRunner:
    name = "celery"

    def __init__(self, broker_url: str, settings: Settings | None = None) -> None:
        self.broker_url = broker_url
        self.settings = settings or Settings.from_config()
        self.celery = make_celery(broker_url)

    def lease_fields(self, now: datetime) -> dict:  # noqa: ARG002 - waiting jobs live in the broker
        return {"worker": None, "lease_until": None}

    def has_room(self) -> bool:
        return True

    def dispatch(self, job_id: str, opd_id: Any = None, countdown: float | None = None) -> None:  # noqa: ARG002
        try:
            self.celery.send_task(TASK_NAME, args=[job_id], queue=QUEUE_NAME, countdown=countdown)
        except Exception as exc:  # noqa: BLE001 - kombu's errors for a broker that cannot be reached
            log.error("cannot send job %s to the broker: %s", job_id, exc)
            raise JobError("BROKER_UNAVAILABLE", "Antrean pekerjaan (Redis) tidak dapat dihubungi; "
                                                 "coba lagi nanti atau hubungi pengelola.", 503) from None

    def discard(self, job_id: str) -> None:  # noqa: ARG002 - the worker finds it dibatalkan
        pass

    def shutdown(self, wait: bool = True) -> None:  # noqa: ARG002
        pass


# -- the application's side ----------------------------------------------------------------------

def init_app(app) -> None:  # noqa: ANN001
    """Settings, the runner (in-process, or Celery when BROKER_URL is set), a sweep at start
    and the sweeping thread."""
    for key in DEFAULTS:
        app.config[key] = config_value(key, app.config)
    settings = Settings.from_config(app.config)
    db = app.extensions["ppb_db"]
    broker = app.config.get("BROKER_URL") or ""
    if broker:
        runner = CeleryRunner(broker, settings)
    else:
        runner = InProcessRunner(db, settings.threads, settings.queue_max, settings)
    app.extensions["ppb_jobs"] = runner
    if app.config.get("JOB_RECOVER", True):
        try:
            found = sweep(db, runner, settings)
            if any(found.values()):
                log.warning("jobs found without a live worker at start: %s", found)
        except Exception as exc:  # noqa: BLE001 - the server must start even so
            log.warning("jobs: the sweep at start failed: %s", exc)
    app.extensions["ppb_jobs_sweep"] = _start_sweeper(db, runner, settings)


def runner_of(app):  # noqa: ANN001, ANN201
    return app.extensions["ppb_jobs"]


def _quota(sess, settings: Settings, opd_id: int | None) -> None:  # noqa: ANN001
    """Refuse a job over the OPD's quota (429) or over the whole queue's (503)."""
    active = (QUEUED, RUNNING)
    mine = int(sess.scalar(select(func.count()).select_from(Job).where(
        Job.opd_id.is_(None) if opd_id is None else Job.opd_id == opd_id,
        Job.status.in_(active))) or 0)
    if mine >= settings.opd_queued:
        raise JobError("OPD_QUOTA", (
            f"OPD ini sudah memiliki {mine} pekerjaan yang menunggu atau berjalan; batasnya "
            f"{settings.opd_queued} pekerjaan per OPD, dengan paling banyak {settings.opd_running} "
            "berjalan bersamaan. Tunggu salah satunya selesai atau batalkan yang tidak diperlukan, "
            "lalu kirim lagi."), 429)
    total = int(sess.scalar(select(func.count()).select_from(Job).where(Job.status.in_(active))) or 0)
    if total >= settings.queue_max:
        raise JobError("QUEUE_FULL", "Antrean pekerjaan sedang penuh; coba lagi beberapa saat lagi.", 503)


def submit(kind: str, params: dict | None = None, *, db=None, runner=None,  # noqa: ANN001
           opd_id: int | None = None, owner_id: int | None = None, filename: str | None = None,
           data: bytes | None = None, limits: Limits | None = None,
           submission_id: int | None = None) -> str:
    """Check the input and the quotas, store the job (``antri``) and hand it to the runner;
    returns its id. ``submission_id``: the stored map version the job works on (a simulation
    started from a report), listed with that version's report and history.

    Without ``db``/``runner`` the current Flask app's are used. Raises :class:`JobError` or
    :class:`~validator.web.security.UploadError` for input that cannot be taken.
    """
    if db is None or runner is None or limits is None:
        from flask import current_app

        db = db or current_app.extensions["ppb_db"]
        runner = runner or current_app.extensions["ppb_jobs"]
        limits = limits or Limits.from_config(current_app.config)
    settings = getattr(runner, "settings", None) or Settings.from_config()
    spec = KINDS.get(kind)
    if spec is None:
        raise JobError("UNKNOWN_KIND", f"Jenis pekerjaan '{kind}' tidak dikenal; tersedia: "
                                       f"{', '.join(sorted(KINDS))}.", 400)
    if spec.needs_opd and opd_id is None:
        raise JobError("NO_OPD", "Pekerjaan ini memerlukan OPD pemilik.", 422)
    with db.session() as sess:   # before the (possibly costly) check of the input
        _quota(sess, settings, opd_id)
    stored = spec.prepare(Submitted(filename, data, dict(params or {}), limits))
    job_id = uuid.uuid4().hex
    now = utcnow()
    lease = runner.lease_fields(now) if hasattr(runner, "lease_fields") else {}
    with db.session() as sess:
        _write_lock(sess, opd_id)
        _quota(sess, settings, opd_id)   # again, under the lock that the insert holds too
        sess.add(Job(id=job_id, kind=kind, opd_id=opd_id, owner_id=owner_id, status=QUEUED,
                     progress=0, message="Menunggu giliran.", params_json=_dump(stored),
                     input=data if spec.needs_file else None, created_at=now, updated_at=now,
                     attempts=0, cancel_requested=False, submission_id=submission_id, **lease))
    try:
        runner.dispatch(job_id, opd_id)
    except JobError as exc:
        with db.session() as sess:
            sess.execute(update(Job).where(Job.id == job_id).values(
                **_end_values(FAILED, f"Pekerjaan tidak dapat dimulai: {exc.message}")))
        raise
    return job_id


# -- access --------------------------------------------------------------------------------------

def may_see(user, job: Job) -> bool:  # noqa: ANN001
    """As for submissions: an admin sees every job, an OPD user only their OPD's; and whoever
    submitted it (a verifikator without an OPD making a document)."""
    if user is None or not getattr(user, "active", False):
        return False
    if user.is_admin or (job.owner_id is not None and job.owner_id == user.id):
        return True
    return user.opd_id is not None and job.opd_id == user.opd_id


def may_cancel(user, job: Job) -> bool:  # noqa: ANN001
    """The one who submitted it, and admins."""
    if not may_see(user, job):
        return False
    return bool(user.is_admin or (job.owner_id is not None and job.owner_id == user.id))


def _expired(job: Job, now: datetime) -> bool:
    return job.status in ACTIVE and job.lease_until is not None and job.lease_until < now


def get_job(sess, user, job_id: str) -> Job | None:  # noqa: ANN001
    """The job, or None when it does not exist or the user may not see it. A job whose
    lease expired is swept first (errors in that are logged, never raised)."""
    if not isinstance(job_id, str) or len(job_id) > 32:
        return None
    job = sess.get(Job, job_id)
    if job is None or not may_see(user, job):
        return None
    if _expired(job, utcnow()):
        sweep_quietly([job.id])
        sess.refresh(job)
    return job


def visible_jobs(sess, user, limit: int = 100) -> list[Job]:  # noqa: ANN001
    if user is None or not user.active:
        return []
    q = select(Job).order_by(Job.created_at.desc())
    if not user.is_admin:
        # as may_see: the OPD's jobs, and whatever the user submitted (a verifikator without
        # an OPD making a document)
        mine = Job.owner_id == user.id
        q = q.where(mine if user.opd_id is None else or_(Job.opd_id == user.opd_id, mine))
    found = list(sess.scalars(q.limit(limit)))
    now = utcnow()
    stale = [job.id for job in found if _expired(job, now)]
    if stale:
        sweep_quietly(stale)
        for job in found:
            if job.id in stale:
                sess.refresh(job)
    return found


def cancel(sess, user, job_id: str, runner=None) -> Job:  # noqa: ANN001
    """Cancel a job for ``user`` in ``sess`` (with its audit entry): a waiting job ends at
    once as dibatalkan; a running one is asked to stop (its worker ends it within seconds).
    Raises JobError: 404 not visible, 403 not the submitter nor an admin, 409 already ended."""
    from . import audit
    from .services import _take_write_lock

    # SQLite: the write lock first, so that the status read below is the one the UPDATE
    # sees (a runner claiming the job meanwhile waits, or has already committed its claim)
    _take_write_lock(sess)
    job = get_job(sess, user, job_id)
    if job is None:
        raise JobError("NOT_FOUND", "Pekerjaan tidak ditemukan.", 404)
    if not may_cancel(user, job):
        raise JobError("FORBIDDEN", "Hanya pengirim pekerjaan ini atau admin yang dapat "
                                    "membatalkannya.", 403)
    if job.status in FINAL:
        raise JobError("JOB_ENDED", f"Pekerjaan ini sudah berakhir ({STATUS_TEXT[job.status]}); "
                                    "tidak ada yang dibatalkan.", 409)
    who = user.username
    before = job.status
    params = _loads(job.params_json) or {}
    params["_dibatalkanOleh"] = who
    now = utcnow()
    ended = 0
    # synchronize_session=False: the ORM must not copy the new values onto ``job`` when the
    # UPDATE matched no row (a runner claimed the job after the read above; PostgreSQL's
    # READ COMMITTED lets that happen): the object is refreshed from the row instead
    no_sync = {"synchronize_session": False}
    if job.status == QUEUED:
        ended = sess.execute(update(Job).where(Job.id == job.id, Job.status == QUEUED).values(
            cancel_requested=True, params_json=_dump(params),
            **_end_values(CANCELLED, f"Dibatalkan oleh {who} sebelum dimulai.")),
            execution_options=no_sync).rowcount
    if not ended:
        sess.refresh(job)
        if job.status in FINAL:
            raise JobError("JOB_ENDED", f"Pekerjaan ini sudah berakhir ({STATUS_TEXT[job.status]}); "
                                        "tidak ada yang dibatalkan.", 409)
        if job.cancel_requested:
            return job       # asked already; its worker is stopping it
        asked = sess.execute(update(Job).where(Job.id == job.id, Job.status.in_(ACTIVE)).values(
            cancel_requested=True, params_json=_dump(params), updated_at=now,
            message=f"Pembatalan diminta oleh {who}; pekerjaan sedang dihentikan."),
            execution_options=no_sync).rowcount
        if not asked:
            sess.refresh(job)
            raise JobError("JOB_ENDED", f"Pekerjaan ini sudah berakhir ({STATUS_TEXT.get(job.status, job.status)}); "
                                        "tidak ada yang dibatalkan.", 409)
    opd = job.opd.singkatan if job.opd is not None else "-"
    audit.record(sess, "pekerjaan-batal", actor=user, target=job.id,
                 detail=f"{job.kind} milik {opd}; status sebelumnya {before}"
                        + ("" if ended else "; proses yang berjalan dihentikan"))
    sess.flush()
    sess.refresh(job)
    if ended and runner is not None:
        runner.discard(job.id)
    return job


def as_dict(job: Job) -> dict:
    """The job as the API gives it."""
    def iso(value):  # noqa: ANN001, ANN202
        return value.isoformat() if value is not None else None

    kind = KINDS.get(job.kind)
    result = _loads(job.result_json)
    body = {
        "id": job.id, "kind": job.kind, "title": kind.title if kind else job.kind,
        "status": job.status, "statusText": STATUS_TEXT.get(job.status, job.status),
        "progress": job.progress, "message": job.message,
        "opd": {"singkatan": job.opd.singkatan, "nama": job.opd.nama} if job.opd else None,
        "createdAt": iso(job.created_at), "startedAt": iso(job.started_at),
        "finishedAt": iso(job.finished_at),
        "attempts": job.attempts or 0, "cancelRequested": bool(job.cancel_requested),
        "result": result,
    }
    if job.submission_id is not None and job.submission is not None:
        sub = job.submission
        body["submission"] = {"id": sub.id, "filename": sub.filename, "version": sub.version,
                              "report": f"/laporan/{sub.id}"}
    if job.status == FAILED and result and isinstance(result.get("error"), dict):
        body["error"] = result["error"]
    return body
