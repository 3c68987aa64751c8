"""Editions: the Peta Proses Bisnis a Pemda enacts, made of verified map versions.

An admin creates an edition ("Peta Proses Bisnis Kota Pariaman 2025", 2025), adds verified
versions (stage ``diverifikasi``), one per map (OPD and map identity: a newer verified
version of a map replaces the older one), and sees what is still missing: OPDs without a
Level 1 map, Level 0 processes with no lower map, and the findings of the edition checked as
one set (the hierarchy and alignment rules run on exactly its members, with the active
plan). Enacting takes the nomor and tanggal of the Peraturan/Keputusan, moves every member to
``ditetapkan`` (:func:`validator.web.review.tetapkan_versions`) and records the sha256 of the
members; an enacted edition never changes (every change: 409) and every signed-in user reads
it as the official edition. A revision starts as a copy of an enacted edition, and two
editions can be compared (maps added, removed, changed).

Every change is a compare-and-set on ``Edition.revision`` inside the caller's unit of work,
so two admins acting at once cannot both win.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import audit, review
from .errors import ApiError
from .models import Edition, EditionMember, Opd, Submission, User, utcnow

DRAF, DITETAPKAN = "draf", "ditetapkan"
STATUS_LABELS = {DRAF: "Draf", DITETAPKAN: "Ditetapkan"}
MAX_NAME = 200
MAX_NOMOR = 120
YEARS = (2000, 2100)


class EditionError(ApiError):
    """A refused edition action: 403 (role), 404 (not visible), 409 (enacted, stage,
    conflict), 422 (bad input); Indonesian message, stable code."""


# -- access ------------------------------------------------------------------------------------

def may_read(user: User | None, ed: Edition) -> bool:
    """Enacted editions: every signed-in user. Drafts: admin and verifikator."""
    if user is None or not user.active:
        return False
    return ed.status == DITETAPKAN or user.sees_all_opd


def require_admin(user: User | None) -> None:
    if user is None or not user.active or user.role != "admin":
        raise EditionError(403, "FORBIDDEN", "Hanya admin yang dapat mengubah edisi Peta Proses Bisnis.")


def _as_id(value: object) -> int | None:
    """A row id from a request (a whole number within the INTEGER columns), else None."""
    from .http import MAX_ID

    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID and str(number) == str(value).strip() else None


def get_edition(sess: Session, user: User, edition_id: object) -> Edition | None:
    eid = _as_id(edition_id)
    if eid is None:
        return None
    ed = sess.get(Edition, eid)
    if ed is None or not may_read(user, ed):
        return None
    return ed


def visible_editions(sess: Session, user: User) -> list[Edition]:
    rows = sess.scalars(select(Edition).order_by(Edition.tahun.desc(), Edition.id.desc()))
    return [ed for ed in rows if may_read(user, ed)]


def official(sess: Session) -> Edition | None:
    """The newest enacted edition."""
    return sess.scalar(select(Edition).where(Edition.status == DITETAPKAN)
                       .order_by(Edition.enacted_at.desc(), Edition.id.desc()).limit(1))


# -- input -------------------------------------------------------------------------------------

def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EditionError(422, "BAD_NAME", "Nama edisi wajib diisi, misalnya «Peta Proses "
                                            "Bisnis Kota Pariaman 2025».")
    text = " ".join(value.split())
    if len(text) > MAX_NAME:
        raise EditionError(422, "BAD_NAME", f"Nama edisi paling panjang {MAX_NAME} karakter.")
    return text


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        year = 0
    if not YEARS[0] <= year <= YEARS[1] or isinstance(value, bool):
        raise EditionError(422, "BAD_YEAR", f"Tahun edisi harus bilangan bulat antara {YEARS[0]} "
                                            f"dan {YEARS[1]}.")
    return year


def _nomor(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EditionError(422, "BAD_NOMOR", "Nomor Peraturan/Keputusan wajib diisi.")
    text = " ".join(value.split())
    if len(text) > MAX_NOMOR:
        raise EditionError(422, "BAD_NOMOR", f"Nomor paling panjang {MAX_NOMOR} karakter.")
    return text


def _tanggal(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise EditionError(422, "BAD_DATE", "Tanggal penetapan harus berbentuk TTTT-BB-HH, "
                                            "misalnya 2025-12-31.") from None
    return day.isoformat()


# -- changes -----------------------------------------------------------------------------------

def _bump(sess: Session, ed: Edition, **values) -> None:
    """Compare-and-set: change ``ed`` only if nobody changed it since it was read and it is
    still a draft; 409 otherwise."""
    done = sess.execute(update(Edition)
                        .where(Edition.id == ed.id, Edition.revision == ed.revision,
                               Edition.status == DRAF)
                        .values(revision=ed.revision + 1, **values)
                        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise _changed_meanwhile(sess, ed)
    sess.refresh(ed)


def _changed_meanwhile(sess: Session, ed: Edition) -> EditionError:
    sess.refresh(ed)
    if ed.status == DITETAPKAN:
        return _enacted(ed)
    return EditionError(409, "CONFLICT", "Edisi ini baru saja diubah oleh pengguna lain; muat "
                                         "ulang halaman untuk melihat keadaannya sekarang.")


def _enacted(ed: Edition) -> EditionError:
    return EditionError(409, "EDITION_ENACTED",
                        f"Edisi «{ed.nama}» sudah ditetapkan ({ed.nomor}, {ed.tanggal}) dan tidak "
                        "dapat diubah lagi. Buat edisi revisi sebagai salinannya.")


def _writable(ed: Edition) -> None:
    if ed.status == DITETAPKAN:
        raise _enacted(ed)


def create(sess: Session, actor: User, nama: object, tahun: object,
           copy_from: Edition | None = None) -> Edition:
    """A new draft edition, empty or (revision) holding the members of ``copy_from``."""
    require_admin(actor)
    review.begin(sess)
    ed = Edition(nama=_name(nama), tahun=_year(tahun), status=DRAF, created_at=utcnow(),
                 created_by=actor.id, revision=1,
                 copied_from_id=copy_from.id if copy_from is not None else None)
    sess.add(ed)
    sess.flush()
    if copy_from is not None:
        for m in copy_from.members:
            sess.add(EditionMember(edition_id=ed.id, submission_id=m.submission_id,
                                   opd_id=m.opd_id, map_key=m.map_key, sha256=m.sha256,
                                   added_at=utcnow(), added_by=actor.id))
    audit.record(sess, "edisi-buat", actor=actor, target=f"{ed.nama} (#{ed.id})",
                 detail=f"salinan edisi #{copy_from.id}" if copy_from is not None else "")
    sess.flush()
    return ed


def add_version(sess: Session, actor: User, ed: Edition, sub_id: object) -> tuple[EditionMember, Submission | None]:
    """Add a verified version; a member of the same map is replaced (returned second)."""
    require_admin(actor)
    review.begin(sess)
    sess.refresh(ed)
    _writable(ed)
    sid = _as_id(sub_id)
    if sid is None:
        raise EditionError(422, "BAD_SUBMISSION", "Sebutkan id versi peta sebagai bilangan bulat "
                                                  "(«submission»).")
    sub = sess.get(Submission, sid)
    if sub is None:
        raise EditionError(404, "NOT_FOUND", "Versi peta tidak ditemukan.")
    stage = review.stage_of(sess, sub)
    if stage != review.DIVERIFIKASI:
        raise EditionError(409, "NOT_VERIFIED",
                           f"Hanya versi yang sudah diverifikasi yang dapat dimasukkan ke edisi; "
                           f"versi {sub.version} «{review.map_title(sub)}» berada pada tahap "
                           f"«{review.LABELS.get(stage, stage)}».")
    key = review.map_key(sub)
    replaced = None
    for m in list(ed.members):
        if m.opd_id == sub.opd_id and m.map_key == key:
            if m.submission_id == sub.id:
                raise EditionError(409, "ALREADY_MEMBER", "Versi ini sudah ada di edisi.")
            replaced = m.submission
            sess.delete(m)
    sess.flush()
    member = EditionMember(edition_id=ed.id, submission_id=sub.id, opd_id=sub.opd_id, map_key=key,
                           sha256=sub.sha256, added_at=utcnow(), added_by=actor.id)
    sess.add(member)
    _bump(sess, ed)
    audit.record(sess, "edisi-ubah", actor=actor, target=f"{ed.nama} (#{ed.id})",
                 detail=f"tambah {review.map_title(sub)} versi {sub.version} (#{sub.id})"
                 + (f", menggantikan versi {replaced.version}" if replaced is not None else ""))
    sess.flush()
    return member, replaced


def remove_version(sess: Session, actor: User, ed: Edition, sub_id: object) -> None:
    require_admin(actor)
    review.begin(sess)
    sess.refresh(ed)
    _writable(ed)
    member = next((m for m in ed.members if str(m.submission_id) == str(sub_id)), None)
    if member is None:
        raise EditionError(404, "NOT_MEMBER", "Versi ini tidak ada di edisi.")
    sess.delete(member)
    _bump(sess, ed)
    audit.record(sess, "edisi-ubah", actor=actor, target=f"{ed.nama} (#{ed.id})",
                 detail=f"hapus versi #{sub_id}")
    sess.flush()


def members_hash(members: list[EditionMember]) -> str:
    """sha256 over the members' own sha256, in OPD and map order: one number that says the
    enacted edition is these exact bytes."""
    h = hashlib.sha256()
    for m in sorted(members, key=lambda m: (m.opd_id, m.map_key)):
        h.update(f"{m.opd_id}\t{m.map_key}\t{m.sha256}\n".encode("utf-8"))
    return h.hexdigest()


def enact(sess: Session, actor: User, ed: Edition, nomor: object, tanggal: object) -> Edition:
    """Enact: every member moves to ``ditetapkan``, the edition becomes immutable."""
    require_admin(actor)
    review.begin(sess)
    sess.refresh(ed)
    _writable(ed)
    nomor_text, day = _nomor(nomor), _tanggal(tanggal)
    if not ed.members:
        raise EditionError(409, "EMPTY_EDITION", "Edisi tanpa peta tidak dapat ditetapkan.")
    for m in ed.members:
        if m.submission.sha256 != m.sha256:   # never: stored bytes do not change
            raise EditionError(409, "CHANGED_MEMBER", f"Isi versi #{m.submission_id} berubah sejak "
                                                      "dimasukkan ke edisi.")
    review.tetapkan_versions(sess, [m.submission_id for m in ed.members], actor,
                             f"Ditetapkan dalam {ed.nama} ({nomor_text}, {day})")
    _bump(sess, ed, status=DITETAPKAN, nomor=nomor_text, tanggal=day,
          members_sha256=members_hash(list(ed.members)), enacted_at=utcnow(), enacted_by=actor.id)
    audit.record(sess, "edisi-tetapkan", actor=actor, target=f"{ed.nama} (#{ed.id})",
                 detail=f"{nomor_text}, {day}, {len(ed.members)} peta")
    sess.flush()
    return ed


# -- reading -----------------------------------------------------------------------------------

def _opd_label(sess: Session, opd_id: int) -> dict:
    opd = sess.get(Opd, opd_id)
    return {"singkatan": opd.singkatan, "nama": opd.nama} if opd else {"singkatan": "?", "nama": "?"}


def member_dict(sess: Session, m: EditionMember) -> dict:
    sub = m.submission
    return {"submission": m.submission_id, "opd": _opd_label(sess, m.opd_id), "peta": m.map_key,
            "judul": review.map_title(sub), "versi": sub.version, "filename": sub.filename,
            "level": review.map_level(sub), "sha256": m.sha256,
            "tahap": review.stage_of(sess, sub),
            "summary": {"error": sub.errors, "warning": sub.warnings, "info": sub.infos}}


def as_dict(sess: Session, ed: Edition, with_gaps: bool = True) -> dict:
    body = {
        "id": ed.id, "nama": ed.nama, "tahun": ed.tahun, "status": ed.status,
        "nomor": ed.nomor, "tanggal": ed.tanggal, "sha256": ed.members_sha256,
        "createdAt": ed.created_at.isoformat() if ed.created_at else None,
        "enactedAt": ed.enacted_at.isoformat() if ed.enacted_at else None,
        "salinanDari": ed.copied_from_id,
        "peta": [member_dict(sess, m) for m in ed.members],
    }
    if with_gaps:
        body["kekurangan"] = gaps(sess, ed)
    return body


def gaps(sess: Session, ed: Edition) -> dict:
    """What the edition still lacks: OPDs without a Level 1 map, Level 0 processes without a
    lower map, and the findings of its members checked as one set."""
    from .. import vocab
    from ..parser import parse_bytes

    models = []
    for m in ed.members:
        try:
            models.append((m, parse_bytes(bytes(m.submission.content), m.submission.filename)))
        except Exception:  # noqa: BLE001 - an unreadable member is shown by its own report
            continue
    level0 = [(m, mod) for m, mod in models if vocab.map_level(mod) == 0]
    level1_opds = {m.opd_id for m, mod in models if vocab.map_level(mod) == 1}
    pemda_opds = {m.opd_id for m, _ in level0}
    opds_missing = []
    for opd in sess.scalars(select(Opd).order_by(Opd.nama)):
        if opd.id in pemda_opds or opd.id in level1_opds:
            continue
        opds_missing.append({"singkatan": opd.singkatan, "nama": opd.nama})
    parent_codes = {(mod.ext("parentKode") or "").strip() for _, mod in models}
    own_codes = set()
    for _, mod in models:
        for proc in mod.all("Process"):
            code = (proc.ext.get("kode") or "").strip()
            if code:
                own_codes.add(code)
    processes_missing = []
    for _, mod in level0:
        for node in vocab.top_process_nodes(mod):
            code = (node.ext.get("kode") or "").strip()
            if not code:
                continue
            covered = code in parent_codes or any(c.startswith(code + ".") for c in own_codes)
            if not covered:
                processes_missing.append({"kode": code, "nama": (node.name or "").strip() or node.id})
    return {"level0": bool(level0), "opdTanpaLevel1": opds_missing,
            "prosesTanpaPetaTurunan": processes_missing, "temuanSet": set_findings(sess, ed)}


def set_findings(sess: Session, ed: Edition) -> list[dict]:
    """The hierarchy and alignment findings of the members as one set, with the active plan."""
    from ..mapset import from_bytes
    from ..report import json_report
    from . import services

    if not ed.members:
        return []
    files = [(f"{_opd_label(sess, m.opd_id)['singkatan']}/{m.submission.filename}",
              bytes(m.submission.content)) for m in ed.members]
    report = services.validator_for("standar").validate_set(from_bytes(files),
                                                            plan=services.active_plan(sess))
    body = json_report.as_dict(report)
    rules = services.catalog().rules
    out = list((body.get("set") or {}).get("findings") or [])
    # the set rules' findings placed on a member (its element, or the member as a whole)
    for entry in body.get("files") or []:
        for f in entry.get("findings") or []:
            rule = rules.get(f.get("rule"))
            if rule is not None and getattr(rule, "scope", None) == "set" and not f.get("suppressed"):
                out.append({**f, "file": entry.get("path")})
    return out


def compare(sess: Session, a: Edition, b: Edition) -> dict:
    """Maps added, removed and changed (another version) from edition ``a`` to ``b``."""
    old = {(m.opd_id, m.map_key): m for m in a.members}
    new = {(m.opd_id, m.map_key): m for m in b.members}
    return {
        "dari": {"id": a.id, "nama": a.nama}, "ke": {"id": b.id, "nama": b.nama},
        "ditambah": [member_dict(sess, new[k]) for k in new if k not in old],
        "dihapus": [member_dict(sess, old[k]) for k in old if k not in new],
        "diubah": [{"lama": member_dict(sess, old[k]), "baru": member_dict(sess, new[k])}
                   for k in new if k in old and old[k].submission_id != new[k].submission_id],
        "sama": sum(1 for k in new if k in old and old[k].submission_id == new[k].submission_id),
    }


def verified_candidates(sess: Session, ed: Edition) -> list[Submission]:
    """Verified versions not in the edition, newest first (what the admin may add)."""
    from .models import SubmissionStage

    inside = {m.submission_id for m in ed.members}
    rows = sess.scalars(select(Submission).join(SubmissionStage,
                                                SubmissionStage.submission_id == Submission.id)
                        .where(SubmissionStage.tahap == review.DIVERIFIKASI)
                        .order_by(Submission.opd_id, Submission.id.desc()))
    return [s for s in rows if s.id not in inside]
