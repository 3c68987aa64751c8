"""Storage and access: the only place that decides who sees which submission.

Views call these functions with the request's session (``app.db.session()``)
and the signed-in user; validation itself is the library's
(:class:`validator.engine.Validator`), reports are :mod:`validator.report`'s.
"""
from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, joinedload

from .. import __version__
from ..catalog import Catalog, load_catalog
from ..config import Config
from ..engine import FileResult, Report, Validator
from ..mapset import from_bytes
from ..plan import Plan, PlanError, load_plan, loads_plan
from ..report import json_report
from .db import optional_writes
from .models import ApiToken, Opd, Rencana, Submission, User, utcnow
from .security import (FileProblem, Limits, UploadError, fit_name, new_token, read_upload_all,
                       refuse, safe_name, sha256, token_hash)

__all__ = ["UploadError", "store_upload", "validate_upload", "visible_submissions",
           "get_submission", "opd_overview", "history", "report_for", "submission_bytes",
           "render_submission", "store_checked", "opd_by_singkatan", "create_token", "revoke_token", "user_for_token",
           "catalog", "validator_for", "active_plan", "active_rencana", "store_plan", "plan_summary",
           "check_plan_file", "activate_plan", "plan_history", "plan_preview", "plan_changes",
           "maps_losing_links", "stored_plan"]

# Read errors of the validator that mean "too big" rather than "not BPMN".
_TOO_LARGE_CODES = {"TOO_LARGE"}

_lock = threading.Lock()
_catalog: Catalog | None = None
_validators: dict[str, Validator] = {}


def catalog() -> Catalog:
    global _catalog
    with _lock:
        if _catalog is None:
            _catalog = load_catalog()
        return _catalog


def validator_for(profile: str = "standar", max_bytes: int | None = None) -> Validator:
    """One configured validator per profile, shared by all requests (it keeps no state)."""
    cat = catalog()
    if profile not in cat.profiles:
        raise UploadError("UNKNOWN_PROFILE",
                          f"Profil '{profile}' tidak dikenal; tersedia: {', '.join(sorted(cat.profiles))}.",
                          400)
    key = f"{profile}:{max_bytes}"
    with _lock:
        v = _validators.get(key)
        if v is None:
            v = Validator(Config(profile=profile, max_bytes=max_bytes), cat)
            _validators[key] = v
        return v


def _limits(limits: Limits | None) -> Limits:
    if limits is not None:
        return limits
    try:
        from flask import current_app, has_app_context

        if has_app_context():
            return Limits.from_config(current_app.config)
    except ImportError:  # pragma: no cover
        pass
    return Limits()


@dataclass
class Checked:
    """One file of an upload after validation."""
    name: str
    data: bytes
    result: FileResult


def validate_upload(filename: str | None, data: bytes, profile: str = "standar",
                    limits: Limits | None = None, plan: Plan | None = None
                    ) -> tuple[Report, list[Checked]]:
    """Read an upload safely and validate it once as a set of maps (one file or the maps of
    a zip): the file rules on each map, the set rules over all of them, and with ``plan``
    the alignment rules. Raises :class:`UploadError` when the upload cannot be read or a
    file in it is not a readable BPMN map."""
    lim = _limits(limits)
    files, problems = read_upload_all(filename, data, lim)   # whole or nothing: every problem
    validator = validator_for(profile, lim.max_file_bytes)
    mapset = from_bytes(files, max_bytes=lim.max_file_bytes)
    for mf in mapset.files:
        err = mf.error
        if err is not None:
            status = 413 if err.code in _TOO_LARGE_CODES else 422
            where = f"'{mf.name}': " if len(files) > 1 or is_zip_name(filename) else ""
            problems.append(FileProblem(mf.name, err.code, where + err.message, status))
    if problems:
        raise refuse(problems)
    report = validator.validate_set(mapset, plan=plan)
    by_name = {fr.path: fr for fr in report.files}
    checked = [Checked(name, content, by_name[name]) for name, content in files]
    return report, checked


def is_zip_name(filename: str | None) -> bool:
    return bool(filename) and str(filename).lower().endswith(".zip")


def store_upload(sess: Session, *, opd: Opd, uploader: User | None, filename: str | None,
                 data: bytes, profile: str = "standar",
                 limits: Limits | None = None) -> list[Submission]:
    """Validate an upload (a BPMN file or a ZIP of maps) and store each file with its report.

    Everything is added to ``sess`` and flushed; the caller's unit of work commits it
    once. Any error (bad input raises :class:`UploadError`) leaves nothing written
    when the unit of work rolls back — and this function rolls back what it added
    itself before re-raising.
    """
    report, checked = validate_upload(filename, data, profile, limits, plan=active_plan(sess))
    return store_checked(sess, opd=opd, uploader=uploader, report=report, checked=checked)


def store_checked(sess: Session, *, opd: Opd, uploader: User | None, report: Report,
                  checked: list[Checked]) -> list[Submission]:
    """Store files already read and validated by :func:`validate_upload`, all or nothing."""
    stored: list[Submission] = []
    _take_write_lock(sess)
    try:
        for c in checked:
            stored.append(_add_submission(sess, opd, uploader, c, report))
    except BaseException:
        sess.rollback()   # one upload, one transaction: nothing of it stays
        raise
    return stored


def _take_write_lock(sess: Session) -> None:
    """SQLite: take the database write lock before reading the next version number.

    A deferred SQLite transaction that read first cannot write once another upload has
    committed ("database is locked"); BEGIN IMMEDIATE waits (busy timeout) for its turn
    instead. PostgreSQL locks the OPD row in :func:`_add_submission`.
    """
    conn = sess.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _add_submission(sess: Session, opd: Opd, uploader: User | None, c: Checked,
                    report: Report) -> Submission:
    one = Report(files=[c.result], catalog_version=report.catalog_version, profile=report.profile,
                 lang=report.lang, version=report.version)
    counts = c.result.counts()
    if sess.get_bind().dialect.name != "sqlite":
        # PostgreSQL: uploads of one OPD take their version numbers one after another
        sess.execute(select(Opd.id).where(Opd.id == opd.id).with_for_update())
    for attempt in range(_VERSION_TRIES):
        try:
            with sess.begin_nested():  # a savepoint: a lost race on the version is retried
                sub = _new_submission(sess, opd, uploader, c, report, one, counts)
                sess.add(sub)
                sess.flush()
            return sub
        except IntegrityError:
            if attempt == _VERSION_TRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


_VERSION_TRIES = 5


def _new_submission(sess: Session, opd: Opd, uploader: User | None, c: Checked, report: Report,
                    one: Report, counts: dict) -> Submission:
    """The next version of the map ``c`` is (its identity key within the OPD, from its
    ppb:kode, process or definitions id, else its file name), whatever its file name."""
    from .identity import identify

    ident = identify(c.data, c.name, model=c.result.model)
    version = _next_version(sess, opd.id, ident.key)
    sess.info.pop(_MAPS_CACHE, None)
    return Submission(
        opd_id=opd.id, uploader_id=uploader.id if uploader is not None else None,
        filename=c.name, version=version, map_key=ident.key, map_title=ident.title,
        content=c.data, sha256=sha256(c.data),
        size=len(c.data), created_at=utcnow(), validator_version=__version__,
        catalog_version=report.catalog_version, profile=report.profile,
        status="ok" if c.result.ok else "error", errors=counts["error"],
        warnings=counts["warning"], infos=counts["info"],
        report_json=json.dumps(json_report.as_dict(one), ensure_ascii=False, separators=(",", ":")),
    )


def _next_version(sess: Session, opd_id: int, map_key: str) -> int:
    return (sess.scalar(select(func.max(Submission.version))
                        .where(Submission.opd_id == opd_id, Submission.map_key == map_key)) or 0) + 1


# -- access ------------------------------------------------------------------------------------

def _may_see(user: User | None, sub: Submission) -> bool:
    if user is None or not getattr(user, "active", False):
        return False
    if user.sees_all_opd:   # admin and verifikator read every OPD's maps
        return True
    return user.opd_id is not None and sub.opd_id == user.opd_id


def visible_submissions(sess: Session, user: User, opd: Opd | str | None = None,
                        limit: int | None = None) -> list[Submission]:
    """Submissions the user may see, newest first; ``opd`` (an Opd or its singkatan) narrows
    the list. An OPD user sees only their own OPD whatever ``opd`` says."""
    q = select(Submission).order_by(Submission.created_at.desc(), Submission.id.desc())
    if user is None or not user.active:
        return []
    if not user.sees_all_opd:
        if user.opd_id is None:
            return []
        q = q.where(Submission.opd_id == user.opd_id)
    if opd is not None:
        opd_id = opd.id if isinstance(opd, Opd) else sess.scalar(select(Opd.id).where(Opd.singkatan == opd))
        if opd_id is None:
            return []
        q = q.where(Submission.opd_id == opd_id)
    if limit:
        q = q.limit(limit)
    return list(sess.scalars(q))


def get_submission(sess: Session, user: User, submission_id: int) -> Submission | None:
    """The submission, or None when it does not exist or the user may not see it."""
    try:
        sid = int(submission_id)
    except (TypeError, ValueError):
        return None
    sub = sess.get(Submission, sid)
    if sub is None or not _may_see(user, sub):
        return None
    return sub


def opd_by_singkatan(sess: Session, singkatan: str) -> Opd | None:
    return sess.scalar(select(Opd).where(Opd.singkatan == singkatan))


def _newest_versions(ok_only: bool = False):  # noqa: ANN202 - a select of Submission
    """The newest version (highest number) of every map: one row per (OPD, map key)."""
    group = select(Submission.opd_id, Submission.map_key,
                   func.max(Submission.version).label("newest"))
    if ok_only:
        group = group.where(Submission.status == "ok")
    newest = group.group_by(Submission.opd_id, Submission.map_key).subquery()
    return select(Submission).join(newest, and_(Submission.opd_id == newest.c.opd_id,
                                                Submission.map_key == newest.c.map_key,
                                                Submission.version == newest.c.newest))


def opd_overview(sess: Session) -> list[dict]:
    """Per OPD, counted from the **newest version of every map** (a map is one identity key
    of the OPD: its ppb:kode, else process or definitions id, else file name): how many
    maps, how many of them have errors or could not be read, how many are clean, how many
    versions in all, and the newest activity (the latest upload, with its own counts). Keys:
    nama, singkatan, peta, peta_bermasalah, peta_bersih, peta_tak_terbaca, jumlah_unggahan
    (versions), unggahan_terakhir, belum_mengunggah."""
    newest = _newest_versions().subquery()
    maps: dict[int, dict] = {}
    for opd_id, status, errors in sess.execute(
            select(newest.c.opd_id, newest.c.status, newest.c.errors)):
        m = maps.setdefault(opd_id, {"peta": 0, "peta_bermasalah": 0, "peta_bersih": 0,
                                     "peta_tak_terbaca": 0})
        m["peta"] += 1
        if status != "ok":
            m["peta_tak_terbaca"] += 1
        elif errors:
            m["peta_bermasalah"] += 1
        else:
            m["peta_bersih"] += 1
    counts = dict(sess.execute(select(Submission.opd_id, func.count(Submission.id))
                               .group_by(Submission.opd_id)).all())
    latest_ids = [i for _, i in sess.execute(select(Submission.opd_id, func.max(Submission.id))
                                             .group_by(Submission.opd_id)).all()]
    latest = {sub.opd_id: sub for sub in sess.scalars(
        select(Submission).where(Submission.id.in_(latest_ids)))} if latest_ids else {}
    out = []
    for opd in sess.scalars(select(Opd).order_by(Opd.nama)):
        last = latest.get(opd.id)
        out.append({
            "id": opd.id, "nama": opd.nama, "singkatan": opd.singkatan,
            **maps.get(opd.id, {"peta": 0, "peta_bermasalah": 0, "peta_bersih": 0,
                                "peta_tak_terbaca": 0}),
            "jumlah_unggahan": counts.get(opd.id, 0),
            "unggahan_terakhir": None if last is None else {
                "id": last.id, "waktu": last.created_at, "filename": last.filename,
                "errors": last.errors, "warnings": last.warnings, "infos": last.infos},
            "belum_mengunggah": opd.id not in counts,
        })
    return out


WHATIF_KEY = "andaikan"      # a what-if's change in a job's parameters and its result


def simulations_of(sess: Session, submission_ids: list[int]) -> dict[int, list[dict]]:
    """The simulation jobs started from each of these stored map versions, newest first:
    id, status, when, cases x replications, mean cycle time (minutes) when done."""
    from .models import Job

    out: dict[int, list[dict]] = {}
    if not submission_ids:
        return out
    rows = sess.scalars(select(Job).where(Job.submission_id.in_(list(submission_ids)),
                                          Job.kind == "simulasi")
                        .order_by(Job.created_at.desc()))
    for job in rows:
        params = json.loads(job.params_json or "{}")
        result = json.loads(job.result_json) if job.result_json else {}
        if not isinstance(result, dict):
            result = {}
        cycle = (result.get("cycleTime") or {}).get("mean")
        # a what-if run from a finished simulation: its change in words once it has run
        whatif = (result.get(WHATIF_KEY) or {}).get("description") or (
            "andaikan" if params.get(WHATIF_KEY) else None)
        out.setdefault(job.submission_id, []).append({
            "id": job.id, "status": job.status, "created_at": job.created_at,
            "cases": params.get("cases"), "replications": params.get("replications"),
            "cycle_mean": cycle, "whatif": whatif, "complete": result.get("complete", True)})
    return out


# lists of versions read neither their bytes nor their reports (loaded when touched)
_LIGHT = (defer(Submission.content), defer(Submission.report_json))


def history(sess: Session, opd: Opd, map_key: str | None = None) -> list[Submission]:
    """An OPD's submissions (with ``map_key``: the versions of one map), newest first, their
    uploaders loaded. Callers check access first."""
    q = (select(Submission).options(joinedload(Submission.uploader), *_LIGHT)
         .where(Submission.opd_id == opd.id))
    if map_key is not None:
        q = q.where(Submission.map_key == map_key)
    return list(sess.scalars(q.order_by(Submission.created_at.desc(), Submission.id.desc())))


# -- map identity: which map a version is, and correcting it -----------------------------------

class MapMoveError(Exception):
    """A version cannot be moved to the map asked for; ``message`` is for the user."""

    def __init__(self, code: str, message: str, http_status: int) -> None:
        super().__init__(message)
        self.code, self.message, self.http_status = code, message, http_status


def may_write_opd(user: User | None, opd_id: int) -> bool:
    """Whether ``user`` may change the stored maps of the OPD: its own OPD users, admins."""
    if user is None or not getattr(user, "active", False):
        return False
    return user.is_admin or (user.role == "opd" and user.opd_id == opd_id)


def opd_maps(sess: Session, opd_id: int) -> list[dict]:
    """The maps of an OPD, newest activity first: key, words, title (of the newest version),
    number of versions, newest version (number and submission id)."""
    from .identity import describe

    counts = dict(sess.execute(select(Submission.map_key, func.count(Submission.id))
                               .where(Submission.opd_id == opd_id)
                               .group_by(Submission.map_key)).all())
    rows = sess.scalars(_newest_versions().options(*_LIGHT).where(Submission.opd_id == opd_id)
                        .order_by(Submission.id.desc()))
    return [{"key": s.map_key, "words": describe(s.map_key),
             "title": s.map_title or s.filename, "versions": counts.get(s.map_key, 0),
             "newest": s.version, "newest_id": s.id, "filename": s.filename,
             "errors": s.errors, "warnings": s.warnings, "created_at": s.created_at}
            for s in rows]


_MAPS_CACHE = "ppb_opd_maps"   # sess.info: OPD id -> opd_maps(), dropped by every store or move


def map_match(sess: Session, sub: Submission) -> dict:
    """What the report page says about the map a version was matched to: its key (and the
    key in words), title, this version's number, whether earlier versions exist (else it is
    a new map), how many versions the map has, and the OPD's other maps to move it to."""
    from .identity import describe

    versions = list(sess.execute(select(Submission.id, Submission.version)
                                 .where(Submission.opd_id == sub.opd_id,
                                        Submission.map_key == sub.map_key)
                                 .order_by(Submission.version)).all())
    newest_title = sess.scalar(select(Submission.map_title)
                               .where(Submission.opd_id == sub.opd_id,
                                      Submission.map_key == sub.map_key)
                               .order_by(Submission.version.desc()).limit(1))
    # one list per OPD and unit of work: a set page asks for each of its maps
    cache = sess.info.setdefault(_MAPS_CACHE, {})
    if sub.opd_id not in cache:
        cache[sub.opd_id] = opd_maps(sess, sub.opd_id)
    others = [m for m in cache[sub.opd_id] if m["key"] != sub.map_key]
    return {"key": sub.map_key, "words": describe(sub.map_key),
            "title": newest_title or sub.map_title or sub.filename, "version": sub.version,
            "earlier": sum(1 for _, v in versions if v < sub.version),
            "versions": len(versions), "others": others}


def map_words(key: str | None) -> str:
    """A map key in Indonesian words ('kode proses 03.01.03')."""
    from .identity import describe

    return describe(key)


def identity_notice(sess: Session, user: User, sub: Submission) -> dict:
    """The context ``identitas`` of the partial ``_identitas.html`` for one stored version:
    :func:`map_match` with the version's id, its OPD and whether ``user`` may move it."""
    return {**map_match(sess, sub), "sub_id": sub.id, "singkatan": sub.opd.singkatan,
            "may_write": may_write_opd(user, sub.opd_id)}


def move_to_map(sess: Session, user: User, sub: Submission, target: str,
                expected_key: str | None = None) -> Submission:
    """Make ``sub`` the next version of the OPD's map ``target`` (a map key of the same OPD),
    or with ``target`` == "baru" a map of its own. ``expected_key``: the key the user saw
    (a move made meanwhile by someone else answers 409). Recorded in the audit log.
    Raises MapMoveError (403 not allowed, 400 bad target, 409 lost race)."""
    from . import audit
    from .identity import describe, identify, split_key

    if not may_write_opd(user, sub.opd_id):
        raise MapMoveError("FORBIDDEN", "Hanya operator OPD pemilik peta atau admin yang dapat "
                                        "mengubah peta tempat versi ini tercatat.", 403)
    target = (target or "").strip()
    if not target:
        raise MapMoveError("NO_TARGET", "Pilih peta tujuan, atau jadikan versi ini peta baru.", 400)
    # moves and uploads of one OPD take their version numbers in turn; then read the version
    # again, as it is now
    if sess.get_bind().dialect.name != "sqlite":
        sess.execute(select(Opd.id).where(Opd.id == sub.opd_id).with_for_update())
    else:
        _take_write_lock(sess)
    sess.refresh(sub)
    if expected_key is not None and expected_key != sub.map_key:
        raise MapMoveError("CONFLICT", "Versi ini baru saja dipindahkan oleh pengguna lain; muat "
                                       "ulang halaman laporan lalu periksa kembali.", 409)
    old_key, old_version = sub.map_key, sub.version
    sess.info.pop(_MAPS_CACHE, None)
    if target == "baru":
        if sub.version == 1 and not sess.scalar(
                select(func.count(Submission.id)).where(Submission.opd_id == sub.opd_id,
                                                        Submission.map_key == sub.map_key,
                                                        Submission.id != sub.id)):
            raise MapMoveError("SAME_MAP", "Versi ini sudah menjadi peta tersendiri.", 400)
        new_key = split_key(sub.id)
    else:
        if target == sub.map_key:
            raise MapMoveError("SAME_MAP", "Versi ini sudah tercatat pada peta tersebut.", 400)
        exists = sess.scalar(select(func.count(Submission.id))
                             .where(Submission.opd_id == sub.opd_id, Submission.map_key == target))
        if not exists:
            raise MapMoveError("UNKNOWN_MAP", "Peta tujuan tidak ditemukan di antara peta OPD ini; "
                                              "pilih salah satu peta dari daftar.", 400)
        new_key = target
    try:
        with sess.begin_nested():
            if target == "baru":   # a map of its own, named as its bytes name it
                version, title = 1, identify(sub.content, sub.filename).title
            else:   # the version takes the map's name: the user said it is that map
                version = _next_version(sess, sub.opd_id, new_key)
                title = sess.scalar(select(Submission.map_title)
                                    .where(Submission.opd_id == sub.opd_id,
                                           Submission.map_key == new_key)
                                    .order_by(Submission.version.desc()).limit(1)) or sub.map_title
            sub.map_key, sub.version, sub.map_title = new_key, version, title
            sess.flush()
    except IntegrityError:
        raise MapMoveError("CONFLICT", "Peta tujuan baru saja berubah (versi lain masuk lebih "
                                       "dulu); muat ulang halaman lalu coba lagi.", 409) from None
    audit.record(sess, "peta-pindah", actor=user,
                 target=f"{sub.opd.singkatan}/{sub.filename} (#{sub.id})",
                 detail=f"dari {describe(old_key)} versi {old_version} ke "
                        f"{describe(new_key)} versi {sub.version}")
    return sub


def report_for(sub: Submission) -> dict:
    """The stored one-file JSON report (the shape of ``ppb validate --format json``)."""
    return json.loads(sub.report_json)


def submission_bytes(sub: Submission) -> bytes:
    return bytes(sub.content)


def render_submission(sub: Submission, fmt: str) -> str | bytes:
    """The submission's report as ``json`` (stored), ``html`` or ``xlsx``: the stored findings
    (the same the page shows, including those the set and plan checks gave when it was
    uploaded), drawn on the model read again from the stored bytes."""
    if fmt == "json":
        return json.dumps(report_for(sub), ensure_ascii=False, indent=2) + "\n"
    from ..engine import Finding
    from ..report import render

    validator = validator_for(sub.profile if sub.profile in catalog().profiles else "standar")
    data = submission_bytes(sub)
    result = validator.validate_bytes(data, path=sub.filename)
    stored = (report_for(sub).get("files") or [{}])[0]
    if result.ok and "findings" in stored:
        result.findings = [Finding.from_dict(f) for f in stored["findings"]]
    report = Report(files=[result], catalog_version=validator.catalog.version, profile=sub.profile)
    if fmt == "html":
        return render(report, "html", sources={sub.filename: data})
    return render(report, "xlsx")


# -- API tokens --------------------------------------------------------------------------------

def create_token(sess: Session, user: User, label: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned once and only its sha256 is stored."""
    secret = new_token()
    tok = ApiToken(user_id=user.id, label=(label or "token").strip()[:120] or "token",
                   token_hash=token_hash(secret), created_at=utcnow(), revoked=False)
    sess.add(tok)
    sess.flush()
    return tok, secret


def revoke_token(sess: Session, user: User, token_id: int) -> bool:
    tok = sess.get(ApiToken, token_id)
    if tok is None or (tok.user_id != user.id and not user.is_admin):
        return False
    tok.revoked = True
    return True


def user_tokens(sess: Session, user: User) -> list[ApiToken]:
    return list(sess.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                             .order_by(ApiToken.created_at.desc())))


# "Last used" is noted at most this often per token: writing it on every API call would make
# each validation a write transaction (SQLite serialises those), for a time the /token page
# shows to the minute.
LAST_USED_EVERY = timedelta(seconds=60)
# The token with its owner and the owner's OPD, built once with a bound parameter: every API
# call runs it, and building the statement and its cache key anew on each call was a third to
# a half of the lookup's CPU (measured in-process, SQLite).
_TOKEN_OWNER = (select(ApiToken).options(joinedload(ApiToken.user).joinedload(User.opd))
                .where(ApiToken.token_hash == bindparam("token_hash")))


def user_for_token(sess: Session, secret: str) -> User | None:
    """The active owner of a valid, unrevoked token (its OPD loaded too, and its use noted),
    else None. One query; checked on every call, so a revoked token fails at once."""
    if not secret or len(secret) > 200:
        return None
    tok = sess.scalar(_TOKEN_OWNER, {"token_hash": token_hash(secret)})
    if tok is None or tok.revoked or tok.user is None or not tok.user.active:
        return None
    now: datetime = utcnow()
    last = tok.last_used_at
    if last is not None and last.tzinfo is None:   # SQLite gives back naive UTC
        last = last.replace(tzinfo=timezone.utc)
    if last is None or not timedelta(0) <= now - last < LAST_USED_EVERY:
        tok.last_used_at = now
        optional_writes(sess)   # read-only storage: the call still answers, unnoted
    return tok.user


# -- the plan (RPJMD, Renstra, organisation master) ---------------------------------------------

PLAN_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
_plans: dict[str, Plan] = {}   # sha256 of the stored file -> the plan read from it


def parse_plan(filename: str | None, data: bytes) -> tuple[str, Plan]:
    """(format, plan) of an uploaded plan file; raises PlanError with every problem found."""
    name = safe_name(filename) if filename else "rencana.yaml"
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    fmt = PLAN_FORMATS.get(suffix)
    if fmt is None and data[:2] == b"PK":
        fmt = "xlsx"
    if fmt is None:
        raise UploadError("UNSUPPORTED_TYPE",
                          f"Berkas rencana '{name}' harus berformat .yaml, .json, atau .xlsx.", 415)
    if fmt != "xlsx":
        return fmt, loads_plan(data, fmt=fmt, source=name)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ppb-rencana-") as tmp:
        path = f"{tmp}/rencana.xlsx"
        with open(path, "wb") as fh:
            fh.write(data)
        return fmt, load_plan(path)


def plan_summary(plan: Plan) -> dict:
    return {
        "pemda": plan.pemda.nama, "rpjmd": plan.rpjmd.id, "periode": list(plan.rpjmd.periode),
        "misi": len(plan.rpjmd.misi), "tujuan": len(plan.rpjmd.tujuan),
        "sasaranRpjmd": len(plan.rpjmd.sasaran), "renstra": len(plan.renstra),
        "sasaran": len(plan.all_sasaran), "indikator": len(plan.all_indikator),
        "opd": len(plan.organisasi),
    }


def check_plan_file(filename: str | None, data: bytes):
    """(format, plan, check) of an uploaded plan file, checked whole: its shape (the loader)
    and its references and targets (validator.plan.integrity; for a YAML/JSON file with shape
    problems, of the parts that could be built). Raises PlanError INVALID with every error
    found; ``check.warnings`` do not refuse the plan."""
    from ..plan.integrity import check_plan, with_reference_problems

    try:
        fmt, plan = parse_plan(filename, data)
    except PlanError as exc:
        whole = with_reference_problems(exc)
        if whole is exc:
            raise
        raise whole from None
    check = check_plan(plan)
    if check.errors:
        raise PlanError("INVALID", check.errors, "", safe_name(filename) if filename else "rencana")
    return fmt, plan, check


def store_plan(sess: Session, *, filename: str | None, data: bytes, uploader: User | None,
               activate: bool = True) -> Rencana:
    """Read and check a plan file and store it: as the active plan (the earlier ones stay,
    inactive), or with ``activate=False`` as a candidate to be reviewed and activated with
    :func:`activate_plan` (the same file stored before is reused). A plan with any problem
    raises PlanError and changes nothing."""
    fmt, plan, _check = check_plan_file(filename, data)
    digest = sha256(data)
    if not activate:
        same = sess.scalar(select(Rencana).where(Rencana.sha256 == digest)
                           .order_by(Rencana.id.desc()).limit(1))
        if same is not None:
            return same
    row = Rencana(filename=safe_name(filename) if filename else f"rencana.{fmt}", fmt=fmt, content=data,
                  sha256=digest, rpjmd_id=fit_name(plan.rpjmd.id, 120),   # the column's length
                  summary_json=json.dumps(plan_summary(plan), ensure_ascii=False),
                  uploader_id=uploader.id if uploader is not None else None,
                  created_at=utcnow(), active=False)
    sess.add(row)
    sess.flush()
    with _lock:
        _plans[digest] = plan
    if activate:
        _make_active(sess, row, uploader)
    return row


def _make_active(sess: Session, row: Rencana, actor: User | None, again: bool = False) -> None:
    from . import audit

    replaced = []
    for old in sess.scalars(select(Rencana).where(Rencana.active.is_(True))):
        if old.id != row.id:
            old.active = False
            replaced.append(f"{old.filename} (#{old.id})")
    row.active = True
    sess.flush()
    detail = ("menggantikan " + ", ".join(replaced)) if replaced else "rencana pertama"
    if again:
        detail = "diaktifkan kembali; " + detail
    audit.record(sess, "rencana-ganti", actor=actor, target=f"{row.filename} (#{row.id})",
                 detail=detail)
    with _lock:
        _active.pop(sess.get_bind(), None)   # this process sees the new plan at once


def activate_plan(sess: Session, rencana_id: int, actor: User | None) -> Rencana:
    """Make the stored plan ``rencana_id`` the active one (a reviewed candidate, or an earlier
    plan rolled back to). It is read and checked whole again first: PlanError if it no longer
    passes, LookupError if there is no such plan."""
    row = sess.get(Rencana, rencana_id)
    if row is None:
        raise LookupError(rencana_id)
    if not row.active:
        check_plan_file(row.filename, row.content)
        _make_active(sess, row, actor, again=_was_active(sess, row))
    return row


def _was_active(sess: Session, row: Rencana) -> bool:
    from .models import AuditEntry

    return sess.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.kind == "rencana-ganti", AuditEntry.target == f"{row.filename} (#{row.id})")) > 0


def plan_history(sess: Session, limit: int = 50) -> list[Rencana]:
    """Stored plans, newest first (the active one among them)."""
    return list(sess.scalars(select(Rencana).options(joinedload(Rencana.uploader))
                             .order_by(Rencana.created_at.desc(), Rencana.id.desc()).limit(limit)))


def stored_plan(sess: Session, row: Rencana) -> Plan:
    """The plan of a stored row (read once, then kept by its sha256). Raises PlanError."""
    with _lock:
        plan = _plans.get(row.sha256)
    if plan is None:
        _fmt, plan = parse_plan(row.filename, row.content)
        with _lock:
            _plans[row.sha256] = plan
    return plan


def maps_losing_links(sess: Session, old: Plan | None, new: Plan) -> list[dict]:
    """The newest stored maps with a ``ppb:sasaranRef`` / ``ppb:indikatorRef`` that resolves
    in ``old`` but not in ``new``: [{"opd", "file", "lost": [ids]}], in storage order."""
    from ..planlinks import node_refs

    if old is None:
        return []
    subs = latest_submissions(sess)
    if not subs:
        return []
    names = dict(set_names(subs))   # two maps of one OPD may share a file name
    mapset = from_bytes([(name, s.content) for name, s in names.items()])
    lost: dict[str, list[str]] = {}
    for node in mapset.nodes:
        for ref in node_refs(node, "sasaranRef"):
            if old.sasaran(ref) is not None and new.sasaran(ref) is None:
                ids = lost.setdefault(node.file, [])
                if ref not in ids:
                    ids.append(ref)
        for ref in node_refs(node, "indikatorRef"):
            if old.indikator(ref) is not None and new.indikator(ref) is None:
                ids = lost.setdefault(node.file, [])
                if ref not in ids:
                    ids.append(ref)
    return [{"opd": names[f].opd.singkatan, "file": names[f].filename, "submission": names[f].id,
             "lost": ids} for f, ids in lost.items()]


def plan_changes(sess: Session, new: Plan, row: Rencana | None = None) -> dict:
    """What making ``new`` (stored as ``row``, or not stored yet) the active plan would change:
    the sasaran added/removed/changed against the active plan (``diff``), the stored maps that
    would lose a link (``maps``), and the active row (``current``)."""
    from ..plan.diff import diff_plans

    current = active_rencana(sess)
    old = None
    if current is not None:
        if row is not None and current.id == row.id:
            old = new
        else:
            try:
                old = stored_plan(sess, current)
            except PlanError:   # an active plan a newer reader refuses: compare with nothing
                old = None
    return {"diff": diff_plans(old, new), "maps": maps_losing_links(sess, old, new),
            "current": current}


def plan_preview(sess: Session, row: Rencana) -> dict:
    """:func:`plan_changes` of the stored plan ``row`` with its ``plan`` and ``check`` (errors
    refuse it, warnings do not). Raises PlanError when the file cannot be read."""
    from ..plan.integrity import check_plan

    new = stored_plan(sess, row)
    return {"plan": new, "check": check_plan(new), **plan_changes(sess, new, row)}


def active_rencana(sess: Session) -> Rencana | None:
    return sess.scalar(select(Rencana).where(Rencana.active.is_(True))
                       .order_by(Rencana.created_at.desc(), Rencana.id.desc()).limit(1))


PLAN_RECHECK_SECONDS = 2.0   # how long a process trusts its idea of the active plan
_active: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # engine -> (time, sha256|None)


def active_plan(sess: Session) -> Plan | None:
    """The plan uploads are checked against: the newest active one (read once, then cached).
    Which plan is active is asked of the database at most every PLAN_RECHECK_SECONDS (a plan
    stored through this process is seen at once; one stored by another process within that
    time), so that a busy server does not ask it on every request."""
    import time

    engine = sess.get_bind()
    now = time.monotonic()
    with _lock:
        seen = _active.get(engine)
    if seen is not None and now - seen[0] < PLAN_RECHECK_SECONDS:
        digest = seen[1]
    else:
        row = sess.execute(select(Rencana.sha256).where(Rencana.active.is_(True))
                           .order_by(Rencana.created_at.desc(), Rencana.id.desc()).limit(1)).first()
        digest = row.sha256 if row is not None else None
        with _lock:
            _active[engine] = (now, digest)
    if digest is None:
        return None
    with _lock:
        plan = _plans.get(digest)
    if plan is None:
        stored = sess.scalar(select(Rencana).where(Rencana.sha256 == digest).limit(1))
        if stored is None:
            return None
        try:
            _fmt, plan = parse_plan(stored.filename, stored.content)
        except PlanError:   # stored plans were read once already; a newer reader may refuse one
            return None
        with _lock:
            _plans[digest] = plan
    return plan


# -- alignment of everything stored ------------------------------------------------------------

_alignments: dict[tuple, object] = {}   # (plan hash, latest submission ids) -> Alignment


def latest_submissions(sess: Session) -> list[Submission]:
    """The newest readable version of every map stored (one per OPD and map identity)."""
    return list(sess.scalars(_newest_versions(ok_only=True).options(joinedload(Submission.opd))
                             .order_by(Submission.id)))


def set_names(subs: list[Submission]) -> list[tuple[str, Submission]]:
    """Names for stored versions read as one set: each OPD's maps in a folder of its own
    (``OPD/file.bpmn``); two maps of one OPD stored under the same file name are told apart
    by a folder of their id (``OPD/<id>/file.bpmn``), which keeps the file name itself."""
    out, seen = [], set()
    for s in subs:
        name = f"{s.opd.singkatan}/{s.filename}"
        if name in seen:
            name = f"{s.opd.singkatan}/{s.id}/{s.filename}"
        seen.add(name)
        out.append((name, s))
    return out


def pemda_alignment(sess: Session):
    """The alignment (validator.alignment.Alignment) of the newest version of every stored
    map, as one set, with the active plan; None without a plan. Computed once per state
    (plan and set of newest versions) and then kept."""
    from .. import alignment

    row = sess.execute(select(Rencana.sha256).where(Rencana.active.is_(True))
                       .order_by(Rencana.created_at.desc(), Rencana.id.desc()).limit(1)).first()
    if row is None:
        return None
    subs = latest_submissions(sess)
    key = (row.sha256, tuple(s.id for s in subs))
    with _lock:
        if key in _alignments:
            return _alignments[key]
    plan = active_plan(sess)
    if plan is None:
        return None
    mapset = from_bytes([(name, s.content) for name, s in set_names(subs)])
    report = validator_for("standar").validate_set(mapset, plan=plan)
    result = alignment.compute(report)
    with _lock:
        if len(_alignments) > 8:
            _alignments.clear()
        _alignments[key] = result
    return result
