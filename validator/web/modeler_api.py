"""Which stored map a diagram is, for an editor that holds only the file: the Camunda Modeler
plugin knows the BPMN XML of its open tab, never a submission id.

``POST /api/v1/peta/cari`` takes the XML as the raw body (or a multipart ``file``), read with
the same limits and the same safe parser as ``/api/v1/validate``, computes the map's identity
(:mod:`validator.web.identity`: its ``ppb:kode``, else process id, definitions id, file name)
and answers the stored map of that identity the caller may see: its OPD, its versions (newest
first, with their stage) and the comment threads of the newest visible version (earlier
versions' threads marked as :func:`validator.web.review.comment_threads` marks them). An OPD
user is matched against its own OPD only, so another OPD's map is never revealed; a reviewer
(admin, verifikator) against every OPD, its own OPD first, else the OPD named by ``opd``, else
the one whose map changed last. No stored map: ``{"peta": null}`` with 200.
"""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, Flask, current_app, jsonify, url_for
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from . import identity, review, services
from .apidoc import operation
from .common import ApiError, api_headers, api_user, db, upload_from_request
from .schemas import Params

bp = Blueprint("modeler_api", __name__, url_prefix="/api/v1")
bp.after_request(api_headers)


def _exempt_from_csrf(state) -> None:  # noqa: ANN001
    """Bearer tokens need no CSRF token; a session POST is checked in api_user()."""
    protect = state.app.extensions.get("csrf")
    if protect is not None:
        protect.exempt(bp)


bp.record_once(_exempt_from_csrf)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


class FindParams(Params):
    filename: Optional[str] = Field(None, description=(
        "nama berkas peta (dipakai bila peta tidak menulis kode, id proses, atau id definisi)"))
    opd: Optional[str] = Field(None, description=(
        "singkatan OPD yang dicari lebih dulu (admin dan verifikator; pengguna OPD selalu "
        "OPD-nya sendiri)"))


class OpdOut(BaseModel):
    singkatan: str
    nama: str


class VersionOut(BaseModel):
    id: int
    version: int
    tahap: str = Field(description="draf | diajukan | perlu-revisi | diverifikasi | ditetapkan")
    createdAt: Optional[str] = None
    filename: str


class MapOut(BaseModel):
    """Peta tersimpan yang cocok"""
    model_config = ConfigDict(extra="allow")
    kunci: str = Field(description="identitas peta dalam OPD-nya, mis. kode:03.01")
    judul: Optional[str] = None
    opd: OpdOut
    versi: list[VersionOut] = Field(description="versi yang boleh dilihat pemanggil, terbaru dulu")
    submission: int = Field(description="id versi terbaru (komentar baru dikirim ke versi ini)")
    tahap: str
    bolehKomentar: bool = Field(description="apakah pemanggil boleh berkomentar pada versi ini")


class FindOut(BaseModel):
    """Identitas diagram yang dikirim dan peta tersimpan yang cocok"""
    model_config = ConfigDict(extra="allow")
    kunci: str = Field(description="identitas diagram yang dikirim")
    judul: Optional[str] = None
    uraian: str = Field(description="identitas dalam kata-kata, mis. 'kode proses 03.01'")
    peta: Optional[MapOut] = Field(None, description="null: tidak ada peta tersimpan yang cocok")
    komentar: list[dict] = Field(description="utas komentar versi terbaru (lihat .../komentar)")
    count: int


def _read_map(filename: str, data: bytes):  # noqa: ANN202 - a validator Model
    """The one BPMN map of the body, read as /validate reads an upload: the same limits
    (413 FILE_TOO_LARGE), the same parser refusing DTDs, entity bombs and malformed XML (422
    with the parser's code); an archive is refused (415), a search takes one map."""
    from ..errors import BpmnReadError
    from ..parser import parse_bytes
    from .security import FileProblem, Limits, is_zip, read_upload, refuse, safe_name

    name = safe_name(filename)
    if is_zip(name, data):
        raise ApiError(415, "UNSUPPORTED_TYPE", "Pencarian peta menerima satu peta BPMN (XML), "
                                                "bukan arsip .zip.")
    limits = Limits.from_config(current_app.config)
    ((name, content),) = read_upload(name, data, limits)
    try:
        return name, parse_bytes(content, name, max_bytes=limits.max_file_bytes)
    except BpmnReadError as exc:
        status = 413 if exc.code == "TOO_LARGE" else 422
        raise refuse([FileProblem(name, exc.code, exc.message, status)]) from None


def _candidates(sess, user, key: str, wanted_opd: str | None):  # noqa: ANN001, ANN202
    """The versions of map ``key`` the caller may see, grouped by OPD, the chosen OPD's."""
    from .models import Opd, Submission

    if user is None or not user.active:
        return []
    q = select(Submission).where(Submission.map_key == key)
    if not user.sees_all_opd:
        if user.opd_id is None:
            return []
        q = q.where(Submission.opd_id == user.opd_id)
    rows = [s for s in sess.scalars(q.order_by(Submission.version.desc(), Submission.id.desc()))
            if services.get_submission(sess, user, s.id) is not None]
    if not rows:
        return []
    by_opd: dict[int, list] = {}
    for s in rows:
        by_opd.setdefault(s.opd_id, []).append(s)
    if user.opd_id in by_opd:
        return by_opd[user.opd_id]
    if wanted_opd:
        opd_id = sess.scalar(select(Opd.id).where(Opd.singkatan == wanted_opd))
        if opd_id in by_opd:
            return by_opd[opd_id]
    # the OPD whose map changed last
    return max(by_opd.values(), key=lambda vs: max((v.created_at, v.id) for v in vs))


def _iso(value) -> str | None:  # noqa: ANN001
    return value.isoformat() if value is not None else None


@bp.post("/peta/cari")
@operation(
    summary="Cari peta tersimpan dari XML BPMN: identitasnya, versinya, dan komentarnya",
    description=(
        "Untuk editor yang hanya memegang berkasnya (plugin Camunda Modeler). Badan: XML BPMN "
        "mentah (`application/xml`) atau `multipart/form-data` dengan bidang `file`; dibaca "
        "dengan batas dan pengurai yang sama seperti `/validate`. Identitas peta: `ppb:kode`, "
        "lalu id proses utama, id definisi, nama berkas. Pengguna OPD hanya dicocokkan dengan "
        "peta OPD-nya sendiri. Tanpa peta tersimpan yang cocok: `{\"peta\": null}` (200). "
        "Komentar baru dikirim ke `POST /submissions/{peta.submission}/komentar`."),
    params=FindParams, raw={"application/xml": "XML BPMN satu peta"},
    files={"file": "berkas .bpmn"}, responses={200: FindOut},
    errors=(400, 401, 413, 415, 422, 500), tags=("tinjauan",))
def find_map(params: FindParams):
    """The stored map the posted diagram is (by its identity), its versions and comments."""
    user = api_user()
    filename, data = upload_from_request()
    name, model = _read_map(params.filename or filename, data)
    ident = identity.identify_model(model, name)
    out = {"kunci": ident.key, "judul": ident.title, "uraian": identity.describe(ident.key),
           "peta": None, "komentar": [], "count": 0}
    with db().session() as sess:
        versions = _candidates(sess, user, ident.key, params.opd)
        if not versions:
            return jsonify(out)
        newest = versions[0]
        stages = review.stages_of(sess, [v.id for v in versions])
        threads = review.comment_threads(sess, newest)
        out["peta"] = {
            "kunci": newest.map_key, "judul": review.map_title(newest),
            "opd": {"singkatan": newest.opd.singkatan, "nama": newest.opd.nama},
            "versi": [{"id": v.id, "version": v.version, "tahap": stages[v.id],
                       "createdAt": _iso(v.created_at), "filename": v.filename} for v in versions],
            "submission": newest.id, "tahap": stages[newest.id],
            "bolehKomentar": review.may_comment(user, newest),
            "links": {"komentar": url_for("review_api.api_comments", submission_id=newest.id),
                      "laporan": url_for("pages.report", submission_id=newest.id),
                      "modeler": url_for("modeler.page", submission_id=newest.id)},
        }
        out["komentar"] = threads
        out["count"] = len(threads)
    return jsonify(out)
