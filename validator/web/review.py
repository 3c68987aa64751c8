"""The review cycle of a stored map version: its stage, comments on its elements, notices.

Stages: ``draf`` -> ``diajukan`` -> ``perlu-revisi`` or ``diverifikasi`` -> ``ditetapkan``.
The OPD user submits (:func:`ajukan`) the newest version of its own map; a verifikator or
an admin asks for revision with a note (:func:`minta_revisi`) or verifies (:func:`verifikasi`);
an admin enacts verified versions when an edition holding them is enacted
(:func:`tetapkan_versions`). A version without a :class:`SubmissionStage` row is a draf,
so a new upload (also of a map under review) is simply a new draf version.

Every transition is a compare-and-set on the stage row (``UPDATE ... WHERE tahap = expected
AND revision = n``; the first one an INSERT guarded by the unique submission id), so of two
reviewers acting on one version at once exactly one wins and the other gets 409. Each is
recorded (:class:`StageEvent`: who, when, from, to, note), audited, and noticed to the other
side. Rules stay advice: a map with errors can be submitted unless the server setting
``PPB_REVIEW_REFUSE_ERRORS`` is on.

Comments belong to the version they were made on, pinned to one element or to the whole
map; a later version of the same map shows them too, marked with the version they were
made on and, when their element is gone, "elemen tidak ada lagi di versi ini".

Views call these functions inside one unit of work (``db.session()``) and turn
:class:`ReviewError` (an :class:`~validator.web.errors.ApiError`) into the JSON error shape
or a message on the page.
"""
from __future__ import annotations

import logging
import re
import smtplib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import event, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from . import audit
from .errors import ApiError
from .models import (Comment, Notice, NoticeAddress, StageEvent, Submission,
                     SubmissionStage, User, utcnow)

log = logging.getLogger(__name__)

DRAF, DIAJUKAN, PERLU_REVISI, DIVERIFIKASI, DITETAPKAN = (
    "draf", "diajukan", "perlu-revisi", "diverifikasi", "ditetapkan")
STAGES = (DRAF, DIAJUKAN, PERLU_REVISI, DIVERIFIKASI, DITETAPKAN)
LABELS = {DRAF: "Draf", DIAJUKAN: "Diajukan", PERLU_REVISI: "Perlu revisi",
          DIVERIFIKASI: "Diverifikasi", DITETAPKAN: "Ditetapkan"}
ROLE_LABELS = {"admin": "Admin", "verifikator": "Verifikator", "opd": "OPD"}

MAX_NOTE = 2000
MAX_TEXT = 4000
SMTP_TIMEOUT = 5.0          # seconds; a slow mail server never holds a request
GONE = "elemen tidak ada lagi di versi ini"

# app.config keys, each overridable by the environment variable PPB_<key>
SETTINGS = {"REVIEW_REFUSE_ERRORS": False, "SMTP_URL": ""}


class ReviewError(ApiError):
    """A refused review action: 403 (role), 404 (not visible), 409 (stage, conflict),
    422 (bad input); the message is Indonesian, the code stable."""


# -- maps and versions -------------------------------------------------------------------------

def map_key(sub: Submission) -> str:
    """The identity of the map a version belongs to, within its OPD (validator.web.identity)."""
    return sub.map_key


def _same_map(sub: Submission):  # noqa: ANN202 - a SQL condition
    return (Submission.opd_id == sub.opd_id) & (Submission.map_key == sub.map_key)


def map_versions(sess: Session, sub: Submission) -> list[Submission]:
    """Every version of the map ``sub`` belongs to, oldest first."""
    return list(sess.scalars(select(Submission).where(_same_map(sub))
                             .order_by(Submission.version, Submission.id)))


def newest_version(sess: Session, sub: Submission) -> Submission:
    return sess.scalars(select(Submission).where(_same_map(sub))
                        .order_by(Submission.version.desc(), Submission.id.desc()).limit(1)).one()


def map_title(sub: Submission) -> str:
    return sub.map_title or sub.filename


# -- stages ------------------------------------------------------------------------------------

def _stage_row(sess: Session, submission_id: int) -> SubmissionStage | None:
    """The stage row as the database has it now (not as this session saw it earlier)."""
    return sess.scalars(select(SubmissionStage).where(SubmissionStage.submission_id == submission_id)
                        .execution_options(populate_existing=True)).first()


def stage_of(sess: Session, sub: Submission | int) -> str:
    sid = sub if isinstance(sub, int) else sub.id
    row = _stage_row(sess, sid)
    return row.tahap if row is not None else DRAF


def stages_of(sess: Session, submission_ids) -> dict[int, str]:  # noqa: ANN001
    """{submission id: stage} for many versions (draf for those without a row)."""
    ids = list(submission_ids)
    out = {i: DRAF for i in ids}
    if ids:
        for sid, tahap in sess.execute(select(SubmissionStage.submission_id, SubmissionStage.tahap)
                                       .where(SubmissionStage.submission_id.in_(ids))):
            out[sid] = tahap
    return out


def stage_history(sess: Session, sub: Submission) -> list[StageEvent]:
    """The transitions of one version, oldest first."""
    return list(sess.scalars(select(StageEvent).options(joinedload(StageEvent.actor_user))
                             .where(StageEvent.submission_id == sub.id)
                             .order_by(StageEvent.at, StageEvent.id)))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def event_dict(ev: StageEvent) -> dict:
    who = ev.actor_user
    return {"dari": ev.dari, "ke": ev.ke, "pada": _iso(ev.at), "catatan": ev.catatan or "",
            "oleh": {"username": ev.actor, "nama": who.nama if who is not None else ev.actor,
                     "peran": who.role if who is not None else None}}


def stage_brief(sess: Session, sub: Submission) -> dict:
    """``{"tahap": ..., "riwayatTahap": [...]}`` of a version, for GET /api/v1/submissions/<id>
    and the map's page."""
    return {"tahap": stage_of(sess, sub),
            "riwayatTahap": [event_dict(ev) for ev in stage_history(sess, sub)]}


def _write_lock(sess: Session) -> None:
    """SQLite: take the write lock before the first read (BEGIN IMMEDIATE), so that a second
    reviewer waits for the first and then reads the stage the first one left; a deferred
    transaction that read first could not write after another committed."""
    from .services import _take_write_lock

    _take_write_lock(sess)


def begin(sess: Session) -> None:
    """Call first in a unit of work that will change a stage or a comment."""
    _write_lock(sess)


def _compare_and_set(sess: Session, sub: Submission, row: SubmissionStage | None, current: str,
                     to: str) -> None:
    """Move the stage from (current, row.revision) to ``to``, or raise 409 when someone else
    changed it since it was read."""
    now = utcnow()
    if row is None:
        try:
            with sess.begin_nested():
                sess.execute(insert(SubmissionStage).values(submission_id=sub.id, tahap=to,
                                                            updated_at=now, revision=1))
        except IntegrityError:
            raise _conflict() from None
        return
    done = sess.execute(update(SubmissionStage)
                        .where(SubmissionStage.id == row.id, SubmissionStage.tahap == current,
                               SubmissionStage.revision == row.revision)
                        .values(tahap=to, revision=row.revision + 1, updated_at=now)
                        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise _conflict()


def _conflict() -> ReviewError:
    return ReviewError(409, "CONFLICT", "Tahap versi ini baru saja diubah oleh pengguna lain; "
                                        "muat ulang halaman untuk melihat keadaannya sekarang.")


def _transition(sess: Session, sub: Submission, actor: User, allowed: tuple[str, ...], to: str,
                catatan: str, kind: str) -> StageEvent:
    row = _stage_row(sess, sub.id)
    current = row.tahap if row is not None else DRAF
    if current not in allowed:
        raise ReviewError(409, "WRONG_STAGE",
                          f"Versi ini berada pada tahap «{LABELS.get(current, current)}»; tindakan "
                          f"ini hanya untuk versi pada tahap "
                          f"{' atau '.join('«' + LABELS[s] + '»' for s in allowed)}.")
    _compare_and_set(sess, sub, row, current, to)
    ev = StageEvent(submission_id=sub.id, dari=current, ke=to, actor_id=actor.id,
                    actor=(actor.username or "")[:80], at=utcnow(), catatan=catatan)
    sess.add(ev)
    audit.record(sess, kind, actor=actor, target=_target(sub),
                 detail=f"{current} -> {to}" + (f": {catatan}" if catatan else ""))
    sess.flush()
    return ev


def _target(sub: Submission) -> str:
    return f"{sub.opd.singkatan if sub.opd else sub.opd_id}/{map_title(sub)} versi {sub.version} (#{sub.id})"


def _note(catatan: str | None, required: bool = False) -> str:
    text = (catatan or "").strip() if isinstance(catatan, str) or catatan is None else None
    if text is None:
        raise ReviewError(422, "BAD_NOTE", "Catatan harus berupa teks.")
    if required and not text:
        raise ReviewError(422, "NOTE_REQUIRED", "Tuliskan catatan: apa yang perlu direvisi oleh OPD.")
    if len(text) > MAX_NOTE:
        raise ReviewError(422, "NOTE_TOO_LONG", f"Catatan terlalu panjang; paling banyak {MAX_NOTE} "
                                                "karakter.")
    return text


def _active(user: User | None) -> bool:
    return user is not None and bool(getattr(user, "active", False))


def may_submit(user: User, sub: Submission) -> bool:
    """The OPD user of the version's OPD, or an admin."""
    return _active(user) and (user.role == "admin" or (user.role == "opd" and user.opd_id == sub.opd_id))


def may_review(user: User) -> bool:
    return _active(user) and user.role in ("admin", "verifikator")


def ajukan(sess: Session, sub: Submission, actor: User, catatan: str | None = None, *,
           refuse_errors: bool = False) -> StageEvent:
    """Submit a version for review (from draf or perlu-revisi). Only the newest version of a
    map, and only while no other version of it waits for review. With ``refuse_errors`` (the
    server setting) a version with errors is refused (409)."""
    if not may_submit(actor, sub):
        raise ReviewError(403, "FORBIDDEN", "Hanya pengguna OPD pemilik peta ini atau admin yang "
                                            "dapat mengajukannya.")
    note = _note(catatan)
    if sess.get_bind().dialect.name != "sqlite":
        # PostgreSQL: submissions of one map take their turn (SQLite: begin() already did),
        # so two versions of it cannot both wait for review
        sess.execute(select(Submission.id).where(_same_map(sub)).with_for_update())
    if sub.status != "ok":
        raise ReviewError(409, "UNREADABLE", "Berkas versi ini tidak terbaca sebagai peta BPMN, "
                                             "sehingga tidak dapat diajukan.")
    newest = newest_version(sess, sub)
    if newest.id != sub.id:
        raise ReviewError(409, "NOT_NEWEST", f"Versi {sub.version} bukan versi terbaru peta ini; "
                                             f"ajukan versi {newest.version}.")
    if refuse_errors and sub.errors:
        raise ReviewError(409, "HAS_ERRORS",
                          f"Peta ini masih memuat {sub.errors} kesalahan; server ini menolak "
                          "pengajuan selama kesalahan belum diperbaiki. Perbaiki petanya lalu "
                          "unggah versi baru.")
    waiting = [v for v in map_versions(sess, sub) if v.id != sub.id]
    stages = stages_of(sess, [v.id for v in waiting])
    pending = [v for v in waiting if stages[v.id] == DIAJUKAN]
    if pending:
        raise ReviewError(409, "ALREADY_SUBMITTED",
                          f"Versi {pending[0].version} peta ini masih menunggu verifikasi; "
                          "tunggu hasilnya sebelum mengajukan versi lain.")
    ev = _transition(sess, sub, actor, (DRAF, PERLU_REVISI), DIAJUKAN, note, "tahap-ajukan")
    extra = f" ({sub.errors} kesalahan)" if sub.errors else ""
    notify(sess, reviewers(sess, exclude=actor),
           f"{_opd_name(sub)} mengajukan peta «{map_title(sub)}» versi {sub.version}{extra} "
           "untuk diverifikasi.", report_link(sub))
    return ev


def verifikasi(sess: Session, sub: Submission, actor: User, catatan: str | None = None) -> StageEvent:
    """Verify a submitted version (verifikator or admin; only from diajukan)."""
    if not may_review(actor):
        raise ReviewError(403, "FORBIDDEN", "Hanya verifikator atau admin yang dapat memverifikasi peta.")
    note = _note(catatan)
    ev = _transition(sess, sub, actor, (DIAJUKAN,), DIVERIFIKASI, note, "tahap-verifikasi")
    notify(sess, opd_users(sess, sub.opd_id, exclude=actor),
           f"Peta «{map_title(sub)}» versi {sub.version} telah diverifikasi oleh {actor.nama}."
           + (f" Catatan: {note}" if note else ""), report_link(sub))
    return ev


def minta_revisi(sess: Session, sub: Submission, actor: User, catatan: str | None) -> StageEvent:
    """Ask the OPD to revise a submitted version (verifikator or admin; only from diajukan;
    the note says what to revise)."""
    if not may_review(actor):
        raise ReviewError(403, "FORBIDDEN", "Hanya verifikator atau admin yang dapat meminta revisi.")
    note = _note(catatan, required=True)
    ev = _transition(sess, sub, actor, (DIAJUKAN,), PERLU_REVISI, note, "tahap-minta-revisi")
    notify(sess, opd_users(sess, sub.opd_id, exclude=actor),
           f"Peta «{map_title(sub)}» versi {sub.version} perlu direvisi ({actor.nama}): {note}",
           report_link(sub))
    return ev


def tetapkan_versions(sess: Session, submission_ids, actor: User, catatan: str = "") -> list[StageEvent]:  # noqa: ANN001
    """Enact verified versions (for an edition being enacted): each moves from diverifikasi to
    ditetapkan, all or nothing (raise, and the caller's unit of work rolls back). Admin only;
    404 for an id that does not exist, 409 for a version not verified (or changed meanwhile)."""
    if not (_active(actor) and actor.role == "admin"):
        raise ReviewError(403, "FORBIDDEN", "Hanya admin yang dapat menetapkan peta.")
    note = _note(catatan)
    events = []
    for sid in submission_ids:
        sub = sess.get(Submission, int(sid))
        if sub is None:
            raise ReviewError(404, "NOT_FOUND", f"Versi peta #{sid} tidak ditemukan.")
        events.append(_transition(sess, sub, actor, (DIVERIFIKASI,), DITETAPKAN, note,
                                  "tahap-tetapkan"))
        notify(sess, opd_users(sess, sub.opd_id, exclude=actor),
               f"Peta «{map_title(sub)}» versi {sub.version} telah ditetapkan."
               + (f" {note}" if note else ""), report_link(sub))
    return events


def allowed_actions(sess: Session, user: User, sub: Submission, stage: str | None = None) -> list[str]:
    """The transitions ``user`` may try on ``sub`` now: "ajukan", "minta-revisi", "verifikasi"."""
    stage = stage or stage_of(sess, sub)
    out = []
    if stage in (DRAF, PERLU_REVISI) and may_submit(user, sub) and sub.status == "ok" \
            and newest_version(sess, sub).id == sub.id:
        out.append("ajukan")
    if stage == DIAJUKAN and may_review(user):
        out += ["minta-revisi", "verifikasi"]
    return out


# -- comments ----------------------------------------------------------------------------------

def may_comment(user: User, sub: Submission) -> bool:
    """Verifikators and admins on any version; OPD users on their OPD's versions."""
    if not _active(user):
        return False
    if user.role in ("admin", "verifikator"):
        return True
    return user.role == "opd" and user.opd_id is not None and user.opd_id == sub.opd_id


@dataclass(frozen=True)
class Drawn:
    """What a version's file says for the review: its elements ({id: {"nama", "jenis"}}, in
    document order) and its map-level ``ppb:level``."""
    elements: dict
    level: str | None


_drawn: "OrderedDict[str, Drawn]" = OrderedDict()   # sha256 of the file -> Drawn
_drawn_lock = threading.Lock()
_DRAWN_KEPT = 64
_SKIP_TYPES = {"Definitions", "LaneSet", "Documentation", "ExtensionElements"}


def drawn(sub: Submission) -> Drawn:
    """The elements and level of a version (its file read once per content, then kept)."""
    with _drawn_lock:
        if sub.sha256 in _drawn:
            _drawn.move_to_end(sub.sha256)
            return _drawn[sub.sha256]
    from ..parser import parse_bytes

    found: dict[str, dict] = {}
    level = None
    try:
        model = parse_bytes(bytes(sub.content), path=sub.filename)
    except Exception:  # noqa: BLE001 - an unreadable version has no elements to pin to
        model = None
    if model is not None:
        level = model.ext("level")
        for el in model.elements:
            if el.id and el.type not in _SKIP_TYPES and el.id not in found:
                found[el.id] = {"nama": (el.name or el.text or "").strip() or None, "jenis": el.type}
    result = Drawn(found, level)
    with _drawn_lock:
        _drawn[sub.sha256] = result
        while len(_drawn) > _DRAWN_KEPT:
            _drawn.popitem(last=False)
    return result


def element_ids(sub: Submission) -> dict[str, dict]:
    """{element id: {"nama", "jenis"}} of a version's diagram elements."""
    return drawn(sub).elements


def map_level(sub: Submission) -> str | None:
    """The map's ``ppb:level`` (as written), or None."""
    return drawn(sub).level


def _text(teks) -> str:  # noqa: ANN001
    if not isinstance(teks, str):
        raise ReviewError(422, "BAD_TEXT", "Isi komentar ('teks') wajib diisi dan berupa teks.")
    text = teks.strip()
    if not text:
        raise ReviewError(422, "EMPTY_TEXT", "Isi komentar tidak boleh kosong.")
    if len(text) > MAX_TEXT:
        raise ReviewError(422, "TEXT_TOO_LONG", f"Komentar terlalu panjang; paling banyak {MAX_TEXT} "
                                                "karakter.")
    return text


def add_comment(sess: Session, sub: Submission, author: User, teks, elemen=None,  # noqa: ANN001
                balasan=None) -> Comment:
    """A comment on version ``sub``: on element ``elemen`` (an id of this version's diagram)
    or on the whole map (None); or, with ``balasan`` (a comment id), a reply in that thread
    (a comment on this map, made on this version or an earlier one)."""
    if not may_comment(author, sub):
        raise ReviewError(403, "FORBIDDEN", "Anda tidak dapat mengomentari peta ini.")
    text = _text(teks)
    parent = None
    if balasan is not None:
        if isinstance(balasan, bool) or not isinstance(balasan, int):
            raise ReviewError(422, "BAD_PARENT", "'balasan' harus berupa nomor komentar atau null.")
        from .http import MAX_ID

        parent = sess.get(Comment, balasan) if 0 < balasan <= MAX_ID else None
        if parent is not None and parent.parent_id is not None:
            parent = sess.get(Comment, parent.parent_id)    # threads are one level deep
        if parent is None or not _thread_visible_from(sess, parent, sub):
            raise ReviewError(422, "BAD_PARENT", "Komentar yang dibalas tidak ada pada peta ini.")
        element = parent.element_id
    else:
        if elemen is not None and not isinstance(elemen, str):
            raise ReviewError(422, "BAD_ELEMENT", "'elemen' harus berupa id elemen atau null.")
        element = (elemen or "").strip() or None
        if element is not None and element not in element_ids(sub):
            raise ReviewError(422, "UNKNOWN_ELEMENT", f"Elemen '{element[:100]}' tidak ada pada "
                                                      f"versi {sub.version} peta ini.")
    comment = Comment(submission_id=sub.id, element_id=element, parent_id=parent.id if parent else None,
                      author_id=author.id, teks=text, created_at=utcnow())
    sess.add(comment)
    sess.flush()
    where = f" pada elemen {element}" if element else ""
    short = text if len(text) <= 140 else text[:137] + "..."
    if author.role == "opd":
        to = reviewers(sess, exclude=author)
    else:
        to = opd_users(sess, sub.opd_id, exclude=author)
    verb = "membalas komentar" if parent else "berkomentar"
    notify(sess, to, f"{author.nama} {verb} pada peta «{map_title(sub)}» versi {sub.version}{where}: "
                     f"{short}", report_link(sub, f"komentar-{parent.id if parent else comment.id}"))
    return comment


def _thread_visible_from(sess: Session, root: Comment, sub: Submission) -> bool:
    """Whether a thread shows on version ``sub``: made on this map, on it or an earlier version."""
    made_on = sess.get(Submission, root.submission_id)
    return (made_on is not None and made_on.opd_id == sub.opd_id and map_key(made_on) == map_key(sub)
            and made_on.version <= sub.version)


def get_comment(sess: Session, user: User, comment_id: int) -> Comment | None:
    """The comment, or None when it does not exist or ``user`` may not see its version."""
    comment = sess.get(Comment, comment_id)
    if comment is None:
        return None
    sub = sess.get(Submission, comment.submission_id)
    if sub is None or not may_comment(user, sub):
        return None
    return comment


def resolve_comment(sess: Session, comment: Comment, user: User) -> Comment:
    """Mark a thread resolved (given any comment of it). 409 when it already is."""
    root = sess.get(Comment, comment.parent_id) if comment.parent_id else comment
    sub = sess.get(Submission, root.submission_id)
    if not may_comment(user, sub):
        raise ReviewError(403, "FORBIDDEN", "Anda tidak dapat menandai komentar ini selesai.")
    now = utcnow()
    done = sess.execute(update(Comment).where(Comment.id == root.id, Comment.resolved_at.is_(None))
                        .values(resolved_at=now, resolved_by=user.id)
                        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise ReviewError(409, "ALREADY_RESOLVED", "Komentar ini sudah ditandai selesai.")
    sess.expire(root)
    sess.flush()
    return root


def comment_threads(sess: Session, sub: Submission) -> list[dict]:
    """The threads to show on version ``sub``: those made on it and on earlier versions of the
    same map, oldest first, each with its replies. A thread from an earlier version says so
    ("dibuat pada versi N") and, when its element is not in ``sub``, is marked
    "elemen tidak ada lagi di versi ini"."""
    versions = {v.id: v for v in map_versions(sess, sub) if v.version <= sub.version}
    if not versions:
        return []
    rows = list(sess.scalars(select(Comment)
                             .options(joinedload(Comment.author), joinedload(Comment.resolver))
                             .where(Comment.submission_id.in_(list(versions)))
                             .order_by(Comment.created_at, Comment.id)))
    roots = [c for c in rows if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for c in rows:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    here = element_ids(sub)
    out = []
    for root in roots:
        made_on = versions[root.submission_id]
        item = comment_dict(root, made_on)
        earlier = made_on.id != sub.id
        present = None if root.element_id is None else root.element_id in here
        if root.element_id and not present:
            item["namaElemen"] = element_ids(made_on).get(root.element_id, {}).get("nama")
        elif root.element_id:
            item["namaElemen"] = here[root.element_id]["nama"]
        item.update({
            "dariVersiSebelumnya": earlier,
            "catatanVersi": f"dibuat pada versi {made_on.version}" if earlier else None,
            "elemenAda": present,
            "tanda": GONE if present is False else None,
            "balasan": [comment_dict(r, versions.get(r.submission_id)) for r in replies.get(root.id, [])],
        })
        out.append(item)
    return out


def _person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"username": user.username, "nama": user.nama, "peran": user.role}


def comment_dict(c: Comment, made_on: Submission | None = None) -> dict:
    return {"id": c.id, "submission": c.submission_id,
            "versi": made_on.version if made_on is not None else None,
            "elemen": c.element_id, "teks": c.teks, "penulis": _person(c.author),
            "dibuatPada": _iso(c.created_at), "balasanUntuk": c.parent_id,
            "selesai": c.resolved_at is not None, "diselesaikanPada": _iso(c.resolved_at),
            "diselesaikanOleh": _person(c.resolver)}


def open_comment_counts(sess: Session, subs: list[Submission]) -> dict[int, int]:
    """{version id: open threads showing on it} (its own and its map's earlier versions')."""
    out: dict[int, int] = {}
    for sub in subs:
        ids = [v.id for v in map_versions(sess, sub) if v.version <= sub.version]
        out[sub.id] = int(sess.scalar(select(func.count(Comment.id)).where(
            Comment.submission_id.in_(ids), Comment.parent_id.is_(None),
            Comment.resolved_at.is_(None))) or 0)
    return out


# -- queues ------------------------------------------------------------------------------------

def _age_days(since: datetime | None, now: datetime) -> int:
    if since is None:
        return 0
    if since.tzinfo is None:
        from datetime import timezone
        since = since.replace(tzinfo=timezone.utc)
    return max(0, (now - since).days)


def _queue_row(sess: Session, sub: Submission, row: SubmissionStage, now: datetime,
               open_count: int) -> dict:
    return {"id": sub.id, "opd": sub.opd.nama if sub.opd else "", "singkatan": sub.opd.singkatan
            if sub.opd else "", "peta": map_title(sub), "filename": sub.filename,
            "versi": sub.version, "level": map_level(sub), "tahap": row.tahap,
            "sejak": row.updated_at, "umur": _age_days(row.updated_at, now),
            "errors": sub.errors, "warnings": sub.warnings, "infos": sub.infos,
            "komentarTerbuka": open_count}


def reviewer_queue(sess: Session) -> list[dict]:
    """Submitted versions, oldest submission first: OPD, map, version, level, findings, age
    in days and open comments."""
    rows = list(sess.execute(select(Submission, SubmissionStage)
                             .join(SubmissionStage, SubmissionStage.submission_id == Submission.id)
                             .options(joinedload(Submission.opd))
                             .where(SubmissionStage.tahap == DIAJUKAN)
                             .order_by(SubmissionStage.updated_at, Submission.id)).all())
    counts = open_comment_counts(sess, [s for s, _ in rows])
    now = utcnow()
    return [_queue_row(sess, s, r, now, counts[s.id]) for s, r in rows]


def opd_queue(sess: Session, opd_id: int | None) -> dict:
    """An OPD's versions needing revision (each with its open comment threads) and those
    waiting for verification."""
    if opd_id is None:
        return {"revisi": [], "menunggu": []}
    rows = list(sess.execute(select(Submission, SubmissionStage)
                             .join(SubmissionStage, SubmissionStage.submission_id == Submission.id)
                             .options(joinedload(Submission.opd))
                             .where(Submission.opd_id == opd_id,
                                    SubmissionStage.tahap.in_((PERLU_REVISI, DIAJUKAN)))
                             .order_by(SubmissionStage.updated_at, Submission.id)).all())
    now = utcnow()
    revisi, menunggu = [], []
    for sub, row in rows:
        if row.tahap == PERLU_REVISI:
            threads = [t for t in comment_threads(sess, sub) if not t["selesai"]]
            item = _queue_row(sess, sub, row, now, len(threads))
            item["komentar"] = threads
            newest = newest_version(sess, sub)
            item["versiBaru"] = newest.id if newest.id != sub.id else None
            item["catatan"] = next((ev.catatan for ev in reversed(stage_history(sess, sub))
                                    if ev.ke == PERLU_REVISI), "")
            revisi.append(item)
        else:
            menunggu.append(_queue_row(sess, sub, row, now, 0))
    return {"revisi": revisi, "menunggu": menunggu}


# -- notices -----------------------------------------------------------------------------------

def report_link(sub: Submission, anchor: str = "tinjauan") -> str:
    return f"/laporan/{sub.id}#{anchor}"


def _opd_name(sub: Submission) -> str:
    return sub.opd.nama if sub.opd is not None else "OPD"


def reviewers(sess: Session, exclude: User | None = None) -> list[User]:
    """Every active verifikator and admin."""
    users = sess.scalars(select(User).where(User.role.in_(("verifikator", "admin")),
                                            User.active.is_(True)).order_by(User.id))
    return [u for u in users if exclude is None or u.id != exclude.id]


def opd_users(sess: Session, opd_id: int, exclude: User | None = None) -> list[User]:
    users = sess.scalars(select(User).where(User.role == "opd", User.opd_id == opd_id,
                                            User.active.is_(True)).order_by(User.id))
    return [u for u in users if exclude is None or u.id != exclude.id]


def notify(sess: Session, users: list[User], text: str, link: str = "") -> list[Notice]:
    """One in-app notice per user (committed with the caller's unit of work); with
    PPB_SMTP_URL set, an e-mail too to those who gave an address, sent after the commit."""
    now = utcnow()
    notices = [Notice(user_id=u.id, text=text[:2000], link=link[:300], created_at=now) for u in users]
    sess.add_all(notices)
    _mail_after_commit(sess, [u.id for u in users], text, link)
    return notices


def unread_count(sess: Session, user: User) -> int:
    return int(sess.scalar(select(func.count(Notice.id)).where(Notice.user_id == user.id,
                                                               Notice.read_at.is_(None))) or 0)


def notices_of(sess: Session, user: User, limit: int = 200) -> list[Notice]:
    return list(sess.scalars(select(Notice).where(Notice.user_id == user.id)
                             .order_by(Notice.created_at.desc(), Notice.id.desc()).limit(limit)))


def get_notice(sess: Session, user: User, notice_id: int) -> Notice | None:
    """One of ``user``'s notices, or None (another user's notices do not exist for them)."""
    row = sess.get(Notice, notice_id)
    return row if row is not None and row.user_id == user.id else None


def mark_read(sess: Session, user: User, notice_id: int | None = None) -> int:
    """Mark one notice (or all) of ``user`` read; how many changed."""
    q = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        q = q.where(Notice.id == notice_id)
    return sess.execute(q.values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount


EMAIL_RE = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+\Z")


def set_address(sess: Session, user: User, email: str | None) -> str | None:
    """The user's e-mail address for notices (empty: none). 422 when it is not an address."""
    email = (email or "").strip()
    row = sess.get(NoticeAddress, user.id)
    if not email:
        if row is not None:
            sess.delete(row)
        return None
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise ReviewError(422, "BAD_EMAIL", "Alamat surel tidak valid (contoh: nama@pariamankota.go.id).")
    if row is None:
        sess.add(NoticeAddress(user_id=user.id, email=email, updated_at=utcnow()))
    else:
        row.email, row.updated_at = email, utcnow()
    return email


def address_of(sess: Session, user: User) -> str | None:
    row = sess.get(NoticeAddress, user.id)
    return row.email if row is not None else None


# -- e-mail ------------------------------------------------------------------------------------

def setting(key: str):  # noqa: ANN201
    """A review setting: app.config[key] when set, else PPB_<key> from the environment."""
    import os

    default = SETTINGS[key]
    value = None
    try:
        from flask import current_app, has_app_context

        if has_app_context():
            value = current_app.config.get(key)
    except ImportError:  # pragma: no cover
        pass
    if value is None:
        value = os.environ.get(f"PPB_{key}")
    if value is None or value == "":
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else \
            str(value).strip().lower() not in ("0", "false", "no", "tidak", "off", "")
    return str(value)


_MAIL_KEY = "ppb_review_mail"


def _mail_after_commit(sess: Session, user_ids: list[int], text: str, link: str) -> None:
    url = setting("SMTP_URL")
    if not url or not user_ids:
        return
    addresses = list(sess.scalars(select(NoticeAddress.email).where(NoticeAddress.user_id.in_(user_ids))))
    if not addresses:
        return
    pending = sess.info.get(_MAIL_KEY)
    if pending is None:
        pending = sess.info[_MAIL_KEY] = []
        event.listen(sess, "after_commit", _send_pending, once=True)
        event.listen(sess, "after_soft_rollback", lambda s, _tx: s.info.pop(_MAIL_KEY, None),
                     once=True)
    pending.append((url, addresses, text, link))


def _send_pending(sess: Session) -> None:
    for url, addresses, text, link in sess.info.pop(_MAIL_KEY, None) or []:
        threading.Thread(target=send_mail, args=(url, addresses, text, link), daemon=True,
                         name="ppb-surel").start()


def send_mail(url: str, addresses: list[str], text: str, link: str = "") -> bool:
    """Send one notice by e-mail through ``url`` (smtp://[user:pass@]host[:port][?from=addr&
    starttls=1] or smtps://...). Failures are logged, never raised; True when sent."""
    try:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        sender = (query.get("from") or ["ppb-validator@localhost"])[0]
        msg = EmailMessage()
        msg["Subject"] = "Pemberitahuan Validator Peta Proses Bisnis"
        msg["From"] = sender
        msg["To"] = ", ".join(addresses)
        msg.set_content(text + (f"\n\nBuka: {link}" if link else "") +
                        "\n\nSurel ini dikirim otomatis oleh Validator Peta Proses Bisnis.")
        secure = parts.scheme == "smtps"
        cls = smtplib.SMTP_SSL if secure else smtplib.SMTP
        with cls(parts.hostname or "localhost", parts.port or (465 if secure else 25),
                 timeout=SMTP_TIMEOUT) as smtp:
            if not secure and (query.get("starttls") or ["0"])[0] in ("1", "true", "ya"):
                smtp.starttls()
            if parts.username:
                smtp.login(unquote(parts.username), unquote(parts.password or ""))
            smtp.send_message(msg)
        return True
    except Exception as exc:  # noqa: BLE001 - a notice by e-mail is a courtesy, never an error
        log.warning("notice e-mail to %d address(es) not sent: %s", len(addresses), exc)
        return False


__all__ = ["STAGES", "LABELS", "ReviewError", "ajukan", "verifikasi", "minta_revisi",
           "tetapkan_versions", "stage_of", "stages_of", "stage_brief", "stage_history",
           "allowed_actions", "add_comment", "resolve_comment", "comment_threads", "get_comment",
           "reviewer_queue", "opd_queue", "notify", "unread_count", "notices_of", "mark_read",
           "map_versions", "map_key", "begin"]
