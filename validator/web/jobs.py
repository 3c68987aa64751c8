"""Long work off the request path: jobs with progress and stored results.

A job is a row of :class:`~validator.web.models.Job`. :func:`submit` checks the input,
stores it with the job (status ``antri``) and hands the job's id to a runner:

- in-process (the default): a small, bounded thread pool inside the server;
- Celery over Redis when ``PPB_BROKER_URL`` is set (``redis://...``): workers started with
  ``celery -A validator.web.worker worker`` on any machine that reaches the same database.

Both call :func:`execute`, which claims the job (``antri`` -> ``berjalan``), runs its kind
and writes progress to the database in short transactions, then ``selesai`` or ``gagal``
with an Indonesian message. What a kind stored before a failure stays stored.

Kinds are registered in :data:`KINDS` with :func:`register`: ``validasi-set`` (validate a
ZIP of many maps, each stored as a submission) is the first; a ``simulasi`` kind plugs in
the same way: a ``prepare`` that checks the input at submission and a ``run`` that does the
work with a :class:`JobContext`.
"""
from __future__ import annotations

import copy
from datetime import datetime, timedelta
import io
import json
import logging
import threading
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .models import Job, Opd, User, utcnow
from .security import Limits, UploadError, is_bpmn_name, is_zip, read_upload, safe_name

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "antri", "berjalan", "selesai", "gagal"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)
STATUS_TEXT = {QUEUED: "menunggu giliran", RUNNING: "sedang dikerjakan", DONE: "selesai",
               FAILED: "gagal"}
TASK_NAME = "ppb.jobs.execute"
QUEUE_NAME = "ppb"
STORE_ATTEMPTS = 3   # a map whose version number was taken at the same moment is stored again

# app.config keys, each overridable by the environment variable of the same name with PPB_
DEFAULTS = {
    "BROKER_URL": "",          # PPB_BROKER_URL: redis://host:6379/0 -> Celery workers
    "JOB_THREADS": 2,          # PPB_JOB_THREADS: in-process worker threads
    "JOB_QUEUE_MAX": 50,       # PPB_JOB_QUEUE_MAX: jobs waiting or running in-process at most
    "ZIP_JOB_MAPS": 20,        # PPB_ZIP_JOB_MAPS: the upload page makes a job of a ZIP with more maps
    "JOB_STALE_MINUTES": 30,   # PPB_JOB_STALE_MINUTES: a running job silent this long has died
}
# JOB_RECOVER (app.config only, default True): on start, an in-process server ends the jobs that
# were running when it stopped and queues again those still waiting (see recover()).


class JobError(Exception):
    """Bad input or a refusal, with a stable code, an Indonesian message and an HTTP status."""

    def __init__(self, code: str, message: str, http_status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status


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


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


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

    def progress(self, percent: float, message: str | None = None, result: dict | None = None,
                 sess=None) -> None:  # noqa: ANN001
        """Write progress (0-100), a message and the result so far, in a short transaction
        (or in ``sess``, the caller's, so that stored work and its progress commit together)."""
        if result is not None and sess is None:
            self.result = result   # with ``sess`` the caller sets it once its transaction commits
        values: dict = {"progress": max(0, min(100, int(percent))), "updated_at": utcnow()}
        if message is not None:
            values["message"] = message
        if result is not None:
            values["result_json"] = _dump(result)
        stmt = update(Job).where(Job.id == self.job_id).values(**values)
        if sess is not None:
            sess.execute(stmt)
            return
        with self.db.session() as own:
            own.execute(stmt)


def _dump(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


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


def _run_set(ctx: JobContext) -> dict:
    """Validate the maps as one set (file rules on each, set and alignment rules over all,
    against the active plan), then store each map as a submission of the job's OPD, one
    short transaction per map (the submission and the job's progress together)."""
    from ..mapset import from_bytes
    from ..report.json_report import set_section
    from . import services

    params = ctx.params
    limits = Limits(**params.get("limits", {}))
    profile = params.get("profile", "standar")
    files = read_upload(params.get("filename"), ctx.data or b"", limits)
    validator = services.validator_for(profile, limits.max_file_bytes)
    total = len(files)
    result = {"total": total, "processed": 0, "stored": 0, "unreadable": 0,
              "summary": {"error": 0, "warning": 0, "info": 0}, "files": []}
    ctx.progress(0, f"Membaca {total} peta.", result)
    with ctx.db.session() as sess:
        plan = services.active_plan(sess)
    step = max(1, total // 20)

    def checking(i: int, n: int, _name: str) -> None:
        if i % step == 0 and i < n:
            ctx.progress(50 * i / n, f"{i} dari {n} peta diperiksa.")

    report = validator.validate_set(from_bytes(files, max_bytes=limits.max_file_bytes),
                                    plan=plan, progress=checking)
    by_name = {fr.path: fr for fr in report.files}
    result["set"] = set_section(report)
    for n, (name, content) in enumerate(files, start=1):
        checked = by_name[name]
        for attempt in range(STORE_ATTEMPTS):
            try:
                result = ctx.result = _store_one(ctx, validator, profile, name, content, checked,
                                                 result, n, total)
                break
            except IntegrityError:
                # another upload of the same file name took the same version number at the
                # same moment (UNIQUE(opd_id, filename, version)): read the versions again
                if attempt == STORE_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
    return result


def _store_one(ctx: JobContext, validator, profile: str, name: str, content: bytes,  # noqa: ANN001
               checked, result: dict, n: int, total: int) -> dict:  # noqa: ANN001
    """One map: its submission and the job's progress in one transaction; the new result."""
    from ..engine import Report
    from . import services

    entry: dict = {"filename": name}
    nxt = copy.deepcopy(result)   # becomes the result once this transaction commits
    with ctx.db.session() as sess:
        if checked.error is not None:
            entry.update(status="error", error={"code": checked.error.code,
                                                "message": checked.error.message})
            nxt["unreadable"] += 1
        else:
            opd = sess.get(Opd, ctx.opd_id)
            uploader = sess.get(User, ctx.owner_id) if ctx.owner_id is not None else None
            report = Report(files=[checked], catalog_version=validator.catalog.version,
                            profile=profile, lang="id")
            [stored] = services.store_checked(
                sess, opd=opd, uploader=uploader, report=report,
                checked=[services.Checked(name, content, checked)])
            counts = checked.counts()
            entry.update(status="ok", submissionId=stored.id, version=stored.version,
                         summary={k: counts[k] for k in ("error", "warning", "info")})
            for k in ("error", "warning", "info"):
                nxt["summary"][k] += counts[k]
            nxt["stored"] += 1
        nxt["files"].append(entry)
        nxt["processed"] = n
        ctx.progress(50 + 50 * n / total if n < total else 99,
                     f"{n} dari {total} peta disimpan.", nxt, sess=sess)
    return nxt


register(JobKind("validasi-set", "Pemeriksaan sekumpulan peta", _prepare_set, _run_set))


def _done_message(kind: str, result: dict) -> str:
    if kind == "simulasi":
        cycle = (result.get("cycleTime") or {}).get("mean")
        text = (f"Selesai: {result.get('cases', 0)} kasus x {result.get('replications', 0)} "
                f"replikasi disimulasikan")
        if cycle is not None:
            text += f"; waktu siklus rata-rata {cycle:.1f} menit".replace(".", ",")
        return text + "."
    if kind == "validasi-set":
        text = (f"Selesai: {result.get('processed', 0)} peta diperiksa, "
                f"{result.get('stored', 0)} disimpan sebagai unggahan")
        if result.get("unreadable"):
            text += f"; {result['unreadable']} berkas tidak dapat dibaca"
        return text + "."
    return "Selesai."


# -- running -----------------------------------------------------------------------------------

def execute(db, job_id: str) -> str:  # noqa: ANN001
    """Run one job to its end in this process; returns its final status. A job that is not
    waiting (already taken by another worker, or finished) is left alone."""
    with db.session() as sess:
        claimed = sess.execute(update(Job).where(Job.id == job_id, Job.status == QUEUED)
                               .values(status=RUNNING, started_at=utcnow(), updated_at=utcnow(),
                                       message="Sedang dikerjakan.")).rowcount
    with db.session() as sess:
        job = sess.get(Job, job_id)
        if job is None:
            log.warning("job %s does not exist", job_id)
            return "tidak-ada"
        if not claimed:
            return job.status
        ctx = JobContext(db=db, job_id=job.id, kind=job.kind, params=json.loads(job.params_json or "{}"),
                         data=job.input, opd_id=job.opd_id, owner_id=job.owner_id)
    kind = KINDS.get(ctx.kind)
    try:
        if kind is None:
            raise JobError("UNKNOWN_KIND", f"Jenis pekerjaan '{ctx.kind}' tidak dikenal oleh pekerja ini.")
        result = kind.run(ctx)
    except Exception as exc:  # noqa: BLE001 - any failure ends the job as gagal, with a message
        _fail(db, ctx, exc)
        return FAILED
    with db.session() as sess:
        sess.execute(update(Job).where(Job.id == job_id).values(
            status=DONE, progress=100, result_json=_dump(result), input=None,
            message=_done_message(ctx.kind, result), finished_at=utcnow(), updated_at=utcnow()))
    return DONE


def _fail(db, ctx: JobContext, exc: Exception) -> None:  # noqa: ANN001
    if isinstance(exc, (JobError, UploadError)):
        reason = exc.message if isinstance(exc, JobError) else exc.message_id
    else:
        log.exception("job %s (%s) failed", ctx.job_id, ctx.kind)
        reason = f"terjadi kesalahan tak terduga ({type(exc).__name__}); mohon laporkan kepada pengelola"
    message = f"Pekerjaan gagal: {reason.rstrip('.')}."
    stored = (ctx.result or {}).get("stored")
    if stored:
        message += f" {stored} peta yang sudah diperiksa tetap tersimpan."
    values: dict = {"status": FAILED, "message": message, "finished_at": utcnow(),
                    "updated_at": utcnow()}
    if ctx.result is not None:
        values["result_json"] = _dump(ctx.result)
    try:
        with db.session() as sess:
            sess.execute(update(Job).where(Job.id == ctx.job_id).values(**values))
    except Exception:  # noqa: BLE001 - the database itself is gone; nothing more to do
        log.exception("could not mark job %s as failed", ctx.job_id)


class InProcessRunner:
    """A small thread pool in the server process; at most ``max_pending`` jobs wait or run."""

    name = "in-process"

    def __init__(self, db, threads: int = 2, max_pending: int = 50) -> None:  # noqa: ANN001
        self.db = db
        self.threads = max(1, int(threads))
        self._slots = threading.BoundedSemaphore(max(1, int(max_pending)))
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def dispatch(self, job_id: str) -> None:
        if not self._slots.acquire(blocking=False):
            raise JobError("QUEUE_FULL", "Antrean pekerjaan sedang penuh; coba lagi beberapa saat lagi.", 503)
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="ppb-job")
            pool = self._pool
        try:
            pool.submit(self._run, job_id)
        except BaseException:
            self._slots.release()
            raise

    def _run(self, job_id: str) -> None:
        try:
            execute(self.db, job_id)
        except Exception:  # noqa: BLE001 - a pool thread would swallow it silently
            log.exception("job %s could not be run", job_id)
        finally:
            self._slots.release()

    def shutdown(self, wait: bool = True) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=not wait)


def make_celery(broker_url: str):  # noqa: ANN201
    """The Celery app of the server and of the workers (messages carry only the job id)."""
    from celery import Celery

    app = Celery("ppb", broker=broker_url)
    app.conf.update(
        task_ignore_result=True,           # results live in the job's row
        task_acks_late=True,               # a job whose worker died is delivered again...
        task_reject_on_worker_lost=True,   # ...and execute() runs it only if still waiting
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

    def __init__(self, broker_url: str) -> None:
        self.broker_url = broker_url
        self.celery = make_celery(broker_url)

    def dispatch(self, job_id: str) -> None:
        try:
            self.celery.send_task(TASK_NAME, args=[job_id], queue=QUEUE_NAME)
        except Exception as exc:  # noqa: BLE001 - kombu's errors for a broker that cannot be reached
            log.error("cannot send job %s to the broker: %s", job_id, exc)
            raise JobError("BROKER_UNAVAILABLE", "Antrean pekerjaan (Redis) tidak dapat dihubungi; "
                                                 "coba lagi nanti atau hubungi pengelola.", 503) from None

    def shutdown(self, wait: bool = True) -> None:  # noqa: ARG002
        pass


# -- the application's side ----------------------------------------------------------------------

def init_app(app) -> None:  # noqa: ANN001
    """Settings and the runner: in-process, or Celery when BROKER_URL (PPB_BROKER_URL) is set."""
    import os

    for key, default in DEFAULTS.items():
        env = os.environ.get(f"PPB_{key}")
        if key not in app.config:
            app.config[key] = type(default)(env) if env not in (None, "") else default
    db = app.extensions["ppb_db"]
    broker = app.config.get("BROKER_URL") or ""
    if broker:
        runner = CeleryRunner(broker)
    else:
        runner = InProcessRunner(db, app.config["JOB_THREADS"], app.config["JOB_QUEUE_MAX"])
    app.extensions["ppb_jobs"] = runner
    if isinstance(runner, InProcessRunner) and app.config.get("JOB_RECOVER", True):
        recover(db, runner)
    from . import jobs_web, simulation   # simulation registers the "simulasi" kind

    app.register_blueprint(jobs_web.bp_api)
    app.register_blueprint(jobs_web.bp_pages)
    app.register_blueprint(simulation.bp_api)
    app.register_blueprint(simulation.bp_pages)


def recover(db, runner: InProcessRunner) -> dict:  # noqa: ANN001
    """After a restart of an in-process server: jobs that were running are ended as gagal
    (their stored maps stay), jobs still waiting are queued again."""
    with db.session() as sess:
        running = list(sess.scalars(select(Job).where(Job.status == RUNNING)))
        for job in running:
            stored = (json.loads(job.result_json) if job.result_json else {}).get("stored")
            job.status, job.finished_at, job.updated_at = FAILED, utcnow(), utcnow()
            job.message = ("Pekerjaan terhenti karena server dimulai ulang ketika pekerjaan berjalan"
                           + (f"; {stored} peta yang sudah diperiksa tetap tersimpan" if stored else "")
                           + ". Unggah ulang arsipnya untuk memeriksa sisanya.")
        waiting = list(sess.scalars(select(Job.id).where(Job.status == QUEUED)
                                    .order_by(Job.created_at)))
    requeued = 0
    for job_id in waiting:
        try:
            runner.dispatch(job_id)
            requeued += 1
        except JobError:
            break   # the queue is full; the rest wait for the next start
    if running or waiting:
        log.warning("jobs after restart: %d ended as gagal, %d queued again", len(running), requeued)
    return {"failed": len(running), "requeued": requeued}


def runner_of(app):  # noqa: ANN001, ANN201
    return app.extensions["ppb_jobs"]


def submit(kind: str, params: dict | None = None, *, db=None, runner=None,  # noqa: ANN001
           opd_id: int | None = None, owner_id: int | None = None, filename: str | None = None,
           data: bytes | None = None, limits: Limits | None = None) -> str:
    """Check the input, store the job (``antri``) and hand it to the runner; returns its id.

    Without ``db``/``runner`` the current Flask app's are used. Raises :class:`JobError` or
    :class:`~validator.web.security.UploadError` for input that cannot be taken.
    """
    if db is None or runner is None or limits is None:
        from flask import current_app

        db = db or current_app.extensions["ppb_db"]
        runner = runner or current_app.extensions["ppb_jobs"]
        limits = limits or Limits.from_config(current_app.config)
    spec = KINDS.get(kind)
    if spec is None:
        raise JobError("UNKNOWN_KIND", f"Jenis pekerjaan '{kind}' tidak dikenal; tersedia: "
                                       f"{', '.join(sorted(KINDS))}.", 400)
    if spec.needs_opd and opd_id is None:
        raise JobError("NO_OPD", "Pekerjaan ini memerlukan OPD pemilik.", 422)
    stored = spec.prepare(Submitted(filename, data, dict(params or {}), limits))
    job_id = uuid.uuid4().hex
    with db.session() as sess:
        sess.add(Job(id=job_id, kind=kind, opd_id=opd_id, owner_id=owner_id, status=QUEUED,
                     progress=0, message="Menunggu giliran.", params_json=_dump(stored),
                     input=data if spec.needs_file else None, created_at=utcnow(),
                     updated_at=utcnow()))
    try:
        runner.dispatch(job_id)
    except JobError as exc:
        with db.session() as sess:
            sess.execute(update(Job).where(Job.id == job_id).values(
                status=FAILED, message=f"Pekerjaan tidak dapat dimulai: {exc.message}",
                finished_at=utcnow(), input=None))
        raise
    return job_id


# -- access --------------------------------------------------------------------------------------

def may_see(user, job: Job) -> bool:  # noqa: ANN001
    """As for submissions: an admin sees every job, an OPD user only their OPD's."""
    if user is None or not getattr(user, "active", False):
        return False
    if user.is_admin:
        return True
    return user.opd_id is not None and job.opd_id == user.opd_id


def get_job(sess, user, job_id: str) -> Job | None:  # noqa: ANN001
    """The job, or None when it does not exist or the user may not see it."""
    if not isinstance(job_id, str) or len(job_id) > 32:
        return None
    job = sess.get(Job, job_id)
    if job is None or not may_see(user, job):
        return None
    expire_if_stale(job)
    return job


def stale_after() -> timedelta:
    minutes = DEFAULTS["JOB_STALE_MINUTES"]
    try:
        from flask import current_app, has_app_context

        if has_app_context():
            minutes = current_app.config.get("JOB_STALE_MINUTES", minutes)
    except ImportError:  # pragma: no cover
        pass
    return timedelta(minutes=float(minutes))


def expire_if_stale(job: Job, now: datetime | None = None) -> bool:
    """A job still 'berjalan' that has written no progress for JOB_STALE_MINUTES has lost its
    worker (a Celery worker killed, a machine gone): it is ended as gagal, keeping what it
    stored, so that nobody waits on it forever. Every job writes its progress at least once
    per map or per replication."""
    if job.status != RUNNING:
        return False
    now = now or utcnow()
    last = job.updated_at or job.started_at or job.created_at
    if last is None or now - last < stale_after():
        return False
    stored = (json.loads(job.result_json) if job.result_json else {}).get("stored")
    job.status, job.finished_at, job.updated_at, job.input = FAILED, now, now, None
    job.message = (f"Pekerjaan tidak memberi kabar sejak {last:%d-%m-%Y %H.%M} UTC; pekerjanya "
                   "dianggap berhenti" + (f" ({stored} peta yang sudah diperiksa tetap tersimpan)"
                                           if stored else "") + ". Kirim ulang bila masih diperlukan.")
    log.warning("job %s had no progress since %s: ended as gagal", job.id, last)
    return True


def visible_jobs(sess, user, limit: int = 100) -> list[Job]:  # noqa: ANN001
    if user is None or not user.active:
        return []
    q = select(Job).order_by(Job.created_at.desc())
    if not user.is_admin:
        if user.opd_id is None:
            return []
        q = q.where(Job.opd_id == user.opd_id)
    found = list(sess.scalars(q.limit(limit)))
    now = utcnow()
    for job in found:
        expire_if_stale(job, now)
    return found


def as_dict(job: Job) -> dict:
    """The job as the API gives it."""
    def iso(value):  # noqa: ANN001, ANN202
        return value.isoformat() if value is not None else None

    kind = KINDS.get(job.kind)
    return {
        "id": job.id, "kind": job.kind, "title": kind.title if kind else job.kind,
        "status": job.status, "statusText": STATUS_TEXT.get(job.status, job.status),
        "progress": job.progress, "message": job.message,
        "opd": {"singkatan": job.opd.singkatan, "nama": job.opd.nama} if job.opd else None,
        "createdAt": iso(job.created_at), "startedAt": iso(job.started_at),
        "finishedAt": iso(job.finished_at),
        "result": json.loads(job.result_json) if job.result_json else None,
    }
