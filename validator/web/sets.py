"""Stored sets: an upload of several maps kept as one set, with its set report.

A ZIP of maps is validated once as a set (file rules on each map, set rules over all of
them, alignment with the active plan); :func:`services.store_checked` stores every map as a
submission, and :func:`store_set` stores, in the same unit of work, the set itself: its JSON
report exactly as ``ppb validate`` gives it for a set (``set``, ``alignment``, ``opd``), the
plan it was checked against (or why none), its counts and its members.

Every view of a stored set is made from that stored report: the JSON is the stored text;
HTML, XLSX and SARIF are drawn by :mod:`validator.report` on the members' stored bytes read
again, carrying the stored findings (as :func:`services.render_submission` does for one map),
so the page and every download hold the same findings. An admin may check a stored set again
against the plan active now (:func:`recheck`): a new set naming the one it re-checked, with
the same map versions as members.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..engine import Finding, Report
from ..report import json_report
from . import services
from .models import Opd, Rencana, Submission, SubmissionSet, SubmissionSetMember, User, utcnow
from .security import PLAN_IGNORED, fit_name, safe_name, skipped_entries

__all__ = ["store_set", "plan_note", "get_set", "visible_sets", "sets_of_opd", "set_report",
           "members_of", "render_set", "rebuilt", "recheck", "brief", "detail", "FORMATS",
           "MIME", "row_view"]

FORMATS = ("html", "xlsx", "json", "sarif")
MIME = {"json": "application/json", "html": "text/html",
        "sarif": "application/sarif+json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

NO_PLAN = ("Tidak ada rencana aktif ketika set ini diperiksa: keselarasan dengan RPJMD/Renstra "
           "(matriks, pohon kaskade, tabel per OPD) tidak diperiksa.")


# -- storing ---------------------------------------------------------------------------------

def plan_note(rencana: Rencana | None, filename: str | None = None, data: bytes | None = None,
              recheck_of: int | None = None) -> str:
    """Which plan checked the set, or that none did; and every plan file found in the
    uploaded archive, named as not used with the reason (never dropped silently)."""
    if rencana is not None:
        text = (f"Diperiksa {'ulang ' if recheck_of else ''}terhadap rencana aktif "
                f"{rencana.filename} (#{rencana.id}, {rencana.rpjmd_id}).")
    else:
        text = NO_PLAN
    if recheck_of:
        text += f" Pemeriksaan ulang atas set #{recheck_of}; petanya versi yang sama."
    if filename is not None and data is not None:
        plans = [s["berkas"] for s in skipped_entries(filename, data) if s["alasan"] == PLAN_IGNORED]
        if plans:
            text += (f" Berkas rencana dalam arsip tidak dipakai: {', '.join(plans[:10])}"
                     f"{' dan lainnya' if len(plans) > 10 else ''} ({PLAN_IGNORED}).")
    return text


def store_set(sess: Session, *, opd: Opd, uploader: User | None, filename: str | None,
              report: Report, submissions: list[Submission], rencana: Rencana | None = None,
              note: str | None = None, rechecked_from: SubmissionSet | None = None,
              data: bytes | None = None) -> SubmissionSet:
    """Store a set validated as ``report`` whose maps are ``submissions`` (in the order of
    ``report.files``), in the caller's unit of work (after :func:`services.store_checked`:
    the maps and the set are kept together or not at all). ``rencana`` is the stored plan
    the report was checked against (None without one); ``data`` the uploaded archive, whose
    plan files are named in the note as not used."""
    if len(submissions) != len(report.files):
        raise ValueError("a set's members are its report's files")
    body = json_report.as_dict(report, with_alignment=True)
    if rencana is None and report.plan is not None:
        rencana = _rencana_of(sess, report.plan)
    summary = body["summary"]
    row = SubmissionSet(
        opd_id=opd.id, uploader_id=uploader.id if uploader is not None else None,
        filename=fit_name(safe_name(filename) if filename else "set.zip", 255),
        created_at=utcnow(), profile=report.profile,
        report_json=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        rencana_id=rencana.id if rencana is not None and report.plan is not None else None,
        plan_note=note if note is not None else plan_note(
            rencana if report.plan is not None else None, filename, data,
            rechecked_from.id if rechecked_from is not None else None),
        maps=len(report.files), errors=int(summary["error"]), warnings=int(summary["warning"]),
        set_findings=len(report.set_findings),
        rechecked_from_id=rechecked_from.id if rechecked_from is not None else None)
    sess.add(row)
    sess.flush()
    for position, sub in enumerate(submissions):
        sess.add(SubmissionSetMember(set_id=row.id, submission_id=sub.id, position=position))
    sess.flush()
    return row


def _rencana_of(sess: Session, plan) -> Rencana | None:  # noqa: ANN001
    """The stored plan row a report was checked against: the row whose file was read into
    ``plan`` (the services keep plans by their file's sha256), else the active one."""
    with services._lock:
        digest = next((d for d, p in services._plans.items() if p is plan), None)
    if digest is not None:
        row = sess.scalar(select(Rencana).where(Rencana.sha256 == digest)
                          .order_by(Rencana.active.desc(), Rencana.id.desc()).limit(1))
        if row is not None:
            return row
    return services.active_rencana(sess)


# -- access ----------------------------------------------------------------------------------

def _may_see(user: User | None, row: SubmissionSet) -> bool:
    """The same rule as for a stored map version: its OPD's users, admins and verifikators."""
    return services._may_see(user, row)


def get_set(sess: Session, user: User, set_id: object) -> SubmissionSet | None:
    """The set, or None when it does not exist or the user may not see it (the same answer)."""
    try:
        sid = int(set_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    from .http import MAX_ID

    if not 0 < sid <= MAX_ID:
        return None
    row = sess.get(SubmissionSet, sid)
    if row is None or not _may_see(user, row):
        return None
    return row


def visible_sets(sess: Session, user: User, opd: Opd | str | None = None,
                 limit: int | None = None) -> list[SubmissionSet]:
    """Sets the user may see, newest first; ``opd`` (an Opd or its singkatan) narrows them.
    An OPD user sees only their own OPD's sets whatever ``opd`` says."""
    if user is None or not user.active:
        return []
    q = (select(SubmissionSet).options(joinedload(SubmissionSet.opd))
         .order_by(SubmissionSet.created_at.desc(), SubmissionSet.id.desc()))
    if not user.sees_all_opd:
        if user.opd_id is None:
            return []
        q = q.where(SubmissionSet.opd_id == user.opd_id)
    if opd is not None:
        opd_id = opd.id if isinstance(opd, Opd) else sess.scalar(select(Opd.id).where(Opd.singkatan == opd))
        if opd_id is None:
            return []
        q = q.where(SubmissionSet.opd_id == opd_id)
    if limit:
        q = q.limit(limit)
    return list(sess.scalars(q))


def sets_of_opd(sess: Session, user: User, opd: Opd, limit: int = 50) -> list[dict]:
    """An OPD's sets as the Riwayat partial ``_set_daftar.html`` lists them (``rows``)."""
    return [row_view(s) for s in visible_sets(sess, user, opd, limit=limit)]


def row_view(s: SubmissionSet) -> dict:
    from .common import when_text

    return {"id": s.id, "filename": s.filename, "created": when_text(s.created_at),
            "maps": s.maps, "errors": s.errors, "warnings": s.warnings,
            "set_findings": s.set_findings, "rechecked_from": s.rechecked_from_id,
            "plan": s.rencana_id is not None}


def members_of(sess: Session, row: SubmissionSet) -> list[Submission]:
    """The set's stored map versions, in the order of its report's files."""
    return list(sess.scalars(
        select(Submission).join(SubmissionSetMember, SubmissionSetMember.submission_id == Submission.id)
        .where(SubmissionSetMember.set_id == row.id).order_by(SubmissionSetMember.position)))


def set_report(row: SubmissionSet) -> dict:
    """The stored JSON report (the shape of ``ppb validate --format json`` for a set)."""
    return json.loads(row.report_json)


# -- views of a stored set -------------------------------------------------------------------

@dataclass
class Rebuilt:
    """A stored set as a :class:`Report` again: the members' models read from their stored
    bytes, the plan it was checked against, and the stored findings."""
    report: Report
    sources: dict[str, bytes]


_cache_lock = threading.Lock()
_cache: "OrderedDict[tuple, Rebuilt]" = OrderedDict()
CACHE_SIZE = 4


def _plan_of(sess: Session, row: SubmissionSet):  # noqa: ANN202
    if row.rencana_id is None:
        return None
    stored = sess.get(Rencana, row.rencana_id)
    if stored is None:
        return None
    from ..plan import PlanError

    try:
        return services.stored_plan(sess, stored)
    except PlanError:   # a plan a newer reader refuses: drawn without the alignment sections
        return None


def rebuilt(sess: Session, row: SubmissionSet) -> Rebuilt:
    """The stored set as a report (cached per set: a stored set never changes). The files'
    and the set's findings are the stored ones, so every format shows what the JSON holds."""
    from ..mapset import from_bytes

    key = (row.id, services.sha256(row.report_json.encode("utf-8")))
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    data = set_report(row)
    entries = data.get("files") or []
    subs = members_of(sess, row)
    files = [(entry.get("path") or sub.filename, bytes(sub.content)) for entry, sub in zip(entries, subs)]
    limits = services._limits(None)
    profile = row.profile if row.profile in services.catalog().profiles else "standar"
    validator = services.validator_for(profile, limits.max_file_bytes)
    report = validator.validate_set(from_bytes(files, max_bytes=limits.max_file_bytes),
                                    plan=_plan_of(sess, row))
    by_path = {e.get("path"): e for e in entries}
    for fr in report.files:
        stored = by_path.get(fr.path)
        if fr.ok and stored is not None and "findings" in stored:
            fr.findings = [Finding.from_dict(f) for f in stored["findings"]]
    section = data.get("set") or {}
    report.set_findings = [Finding.from_dict(f) for f in section.get("findings") or ()]
    report.skipped_rules = list(section.get("rulesNotRun") or ())
    result = Rebuilt(report, dict(files))
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def render_set(sess: Session, row: SubmissionSet, fmt: str) -> str | bytes:
    """The stored set's report as ``json`` (the stored text), ``html`` (the command line's
    set page), ``xlsx`` or ``sarif``. Raises ValueError for another format."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if fmt == "json":
        return json.dumps(set_report(row), ensure_ascii=False, indent=2) + "\n"
    from ..report import render

    made = rebuilt(sess, row)
    if fmt == "html":
        return render(made.report, "html", sources=made.sources)
    if fmt == "sarif":
        return render(made.report, "sarif", pretty=True, catalog=services.catalog())
    return render(made.report, "xlsx")


def set_sections_html(sess: Session, row: SubmissionSet) -> str:
    """The set sections of the command line's HTML report (alignment matrix with gaps,
    cascade tree, per-OPD table, set findings) for the stored set: the same template,
    rendered with the same escaping as the HTML report."""
    from ..report.html_report import set_view

    view = set_view(rebuilt(sess, row).report)
    return _sections_env().get_template("set_sections.html.j2").render(s=view)


@lru_cache(maxsize=1)
def _sections_env():  # noqa: ANN202
    """A Jinja environment on the report's templates, configured as the HTML report's."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ..report.html_report import TEMPLATES

    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(["j2"]), trim_blocks=True, lstrip_blocks=True)


# -- re-check --------------------------------------------------------------------------------

def recheck(sess: Session, row: SubmissionSet, actor: User) -> SubmissionSet:
    """Validate the members' stored bytes again as one set against the plan active now and
    store the result as a new set (``rechecked_from_id``) with the same members. Admins only
    (PermissionError otherwise); the members' own reports are not touched."""
    from ..mapset import from_bytes

    if actor is None or not actor.is_admin:
        raise PermissionError("admin")
    data = set_report(row)
    subs = members_of(sess, row)
    entries = data.get("files") or []
    files = [(entry.get("path") or sub.filename, bytes(sub.content)) for entry, sub in zip(entries, subs)]
    limits = services._limits(None)
    profile = row.profile if row.profile in services.catalog().profiles else "standar"
    plan = services.active_plan(sess)
    report = services.validator_for(profile, limits.max_file_bytes).validate_set(
        from_bytes(files, max_bytes=limits.max_file_bytes), plan=plan)
    order = {path: i for i, (path, _) in enumerate(files)}
    report.files.sort(key=lambda fr: order.get(fr.path, len(order)))
    rencana = _rencana_of(sess, plan) if plan is not None else None
    opd = sess.get(Opd, row.opd_id)
    return store_set(sess, opd=opd, uploader=actor, filename=row.filename, report=report,
                     submissions=subs, rencana=rencana, rechecked_from=row,
                     note=plan_note(rencana, recheck_of=row.id))


# -- API shapes ------------------------------------------------------------------------------

def brief(row: SubmissionSet) -> dict:
    """A set as the API lists it."""
    from flask import url_for

    return {"id": row.id, "filename": row.filename,
            "createdAt": row.created_at.isoformat() if row.created_at else None,
            "ownerOpd": {"singkatan": row.opd.singkatan, "nama": row.opd.nama} if row.opd else None,
            "profile": row.profile, "maps": row.maps,
            "summary": {"error": row.errors, "warning": row.warnings,
                        "setFindings": row.set_findings},
            "rencanaId": row.rencana_id, "planNote": row.plan_note,
            "recheckedFromId": row.rechecked_from_id,
            "links": {"self": url_for("sets_web.api_set", set_id=row.id),
                      "report": url_for("sets_web.api_set_report", set_id=row.id),
                      "page": url_for("sets_web.set_page", set_id=row.id)}}


def detail(sess: Session, row: SubmissionSet) -> dict:
    """The stored JSON report of the set with who, when and its members. The report's own
    ``opd`` (the per-OPD table) stays as ``ppb validate`` gives it; the OPD that owns the set
    is ``ownerOpd``."""
    body = set_report(row)
    paths = [e.get("path") for e in body.get("files") or ()]
    members = [{"position": i, "submissionId": sub.id, "filename": sub.filename,
                "version": sub.version, "path": paths[i] if i < len(paths) else sub.filename}
               for i, sub in enumerate(members_of(sess, row))]
    out = {**body, **brief(row), "members": members}
    out["summary"] = body["summary"]     # the report's own summary, as ppb validate gives it
    out["setSummary"] = brief(row)["summary"]
    return out
