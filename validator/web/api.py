"""REST API v1 (/api/v1): validation, stored submissions and their reports.

Authentication: ``Authorization: Bearer <token>`` (tokens made at /token), or the
session cookie of a signed-in user (then a POST also needs the ``X-CSRFToken``
header). Errors are always ``{"error": {"code", "message"}}`` (see errors.py).
The OpenAPI 3 document is at /api/v1/openapi.json, readable at /api/v1/docs: every view
declares itself with :func:`validator.web.apidoc.operation` (request models checked before it
runs, its place in the document), models shared by endpoints live in schemas.py.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from flask import Blueprint, Response, jsonify, request, url_for
from pydantic import BeforeValidator, Field

from .. import __version__
from ..report import json_report
from . import errors, schemas
from .apidoc import operation
from .auth import csrf
from .errors import ApiError
from .http import content_disposition
from .common import (api_headers, api_user, db as _db,  # noqa: F401
                     target_opd, upload_from_request as _upload_from_request)
from .models import Submission, User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)   # the API authenticates with bearer tokens; session POSTs check X-CSRFToken below

REPORT_FORMATS = ("json", "html", "xlsx")
TRUE = schemas.TRUE
MAX_LIST = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUBMISSION_ID = {"submission_id": "id unggahan"}
# The HTML report is one self-contained page (inline viewer script and style): it may load
# nothing and send nothing, and no other site may frame it.
REPORT_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'self'")


def _init(state) -> None:  # noqa: ANN001
    app = state.app
    errors.init_app(app)
    from flask_cors import CORS

    CORS(app, resources={r"/api/*": {"origins": app.config.get("CORS_ORIGINS") or []}},
         allow_headers=["Authorization", "Content-Type", "X-CSRFToken"],
         methods=["GET", "POST", "OPTIONS"], supports_credentials=False, max_age=600,
         expose_headers=["Content-Disposition"])


bp.record_once(_init)


def _services():
    from . import services
    return services


bp.after_request(api_headers)


# -- authentication --------------------------------------------------------------------------

# -- views -----------------------------------------------------------------------------------

@bp.get("/health")
@operation(summary="Status server, versi validator dan versi katalog aturan", auth=False,
           responses={200: schemas.Health}, errors=(500,))
def health():
    """Alive, and which validator and rule catalog answer. No authentication."""
    return jsonify({"status": "ok", "version": __version__,
                    "ruleCatalogVersion": _services().catalog().version})


@bp.get("/rules")
@operation(summary="Daftar aturan dengan tingkatnya menurut profil", query=schemas.ProfileQuery,
           responses={200: schemas.RuleList}, errors=(400, 401, 500))
def rules(query: schemas.ProfileQuery):
    services = _services()
    cat = services.catalog()
    profile = query.profile
    validator = services.validator_for(profile)
    items = [{
        "id": s.id, "group": s.group, "title": s.text("title", "id"),
        "severity": validator.settings[s.id].severity, "defaultSeverity": s.severity,
        "source": s.source_text, "confidence": s.confidence, "scope": s.scope,
    } for s in sorted(cat.rules.values(), key=lambda s: (s.group, s.id))]
    return jsonify({"ruleCatalogVersion": cat.version, "profile": profile,
                    "profiles": sorted(cat.profiles), "rules": items})


class ValidateParams(schemas.Params):
    profile: schemas.Profile = "standar"
    simpan: schemas.Flag = Field(False, description="1 = simpan sebagai unggahan")
    opd: Optional[str] = Field(None, description=(
        "singkatan OPD tujuan (hanya admin untuk OPD lain)"))
    filename: Optional[str] = Field(None, description=(
        "nama berkas untuk badan XML mentah atau ZIP"))
    keselarasan: schemas.Flag = Field(False, description=(
        "1 = sertakan bagian alignment dan opd juga untuk satu peta"))


@bp.post("/validate")
@operation(
    summary="Memeriksa peta BPMN (XML mentah, atau berkas .bpmn/.zip multipart)",
    description=(
        "Badan permintaan: XML BPMN (`application/xml`), arsip ZIP (`application/zip`), "
        "atau `multipart/form-data` dengan bidang `file`; parameter lewat query atau bidang "
        "multipart. Dengan `simpan=1` setiap berkas disimpan sebagai unggahan OPD pemilik "
        "token (admin dapat menyebut `opd`); unggahan beberapa peta disimpan juga sebagai satu "
        "set (`setId`, lihat `/sets/{set_id}`). "
        "Peta-peta satu unggahan diperiksa sebagai satu set terhadap rencana aktif "
        "(aturan antarpeta dan PPB-ALN; bagian `set`). Unggahan beberapa peta juga "
        "mendapat `alignment` (matriks, pohon cascading) dan `opd` (progres per OPD); "
        "untuk satu peta dengan `keselarasan=1`. "
        "Entri arsip yang tidak diperiksa (mis. `rencana.yaml`: peta diperiksa "
        "terhadap rencana aktif) disebut di `diabaikan` beserta alasannya. "
        "Batas: 10 MB per berkas, 50 MB per arsip ZIP (dapat diatur)."),
    params=ValidateParams,
    raw={"application/xml": "XML BPMN", "application/zip": "arsip ZIP berisi peta .bpmn"},
    files={"file": "berkas .bpmn atau .zip"}, files_required=True,
    responses={200: schemas.Report,
               201: ("Laporan JSON, unggahan yang disimpan (`submissions`) dan, untuk beberapa "
                     "peta, `setId`", schemas.Report)},
    errors=(400, 401, 403, 404, 413, 415, 422, 500, 503))
def validate(params: ValidateParams):
    """Validate a map (raw XML body, or multipart ``file``: .bpmn or .zip); with ``simpan=1``
    store it as a submission of the caller's OPD."""
    user = api_user()
    services = _services()
    filename, data = _upload_from_request()
    profile = params.profile
    save = params.simpan
    if not save:
        with _db().session() as sess:
            plan = services.active_plan(sess)
        report, _ = services.validate_upload(filename, data, profile, plan=plan)
        body = json_report.as_dict(report, with_alignment=_with_alignment(report, params))
        _note_skipped(body, filename, data)
        return jsonify(body)
    with _db().session() as sess:
        opd = target_opd(sess, user, params.opd)
        report, checked = services.validate_upload(filename, data, profile,
                                                   plan=services.active_plan(sess))
        uploader = sess.get(User, user.id)
        stored = services.store_checked(sess, opd=opd, uploader=uploader, report=report,
                                        checked=checked)
        body = json_report.as_dict(report, with_alignment=_with_alignment(report, params))
        body["submissions"] = [_submission_brief(s) for s in stored]
        if len(stored) > 1:   # several maps: stored as one set too (/api/v1/sets/<setId>)
            from . import sets

            body["setId"] = sets.store_set(sess, opd=opd, uploader=uploader, filename=filename,
                                           report=report, submissions=stored, data=data).id
    _note_skipped(body, filename, data)
    return jsonify(body), 201


def _note_skipped(body: dict, filename: str | None, data: bytes) -> None:
    """``diabaikan``: the archive's entries that were not checked, each with its reason."""
    from .security import skipped_entries

    skipped = skipped_entries(filename, data)
    if skipped:
        body["diabaikan"] = skipped


def _with_alignment(report, params: ValidateParams) -> bool:  # noqa: ANN001
    """The alignment sections (matrix, cascade tree, OPD table) answer a set: they come with
    an upload of several maps, or with ``keselarasan=1`` for one map."""
    return params.keselarasan or len(report.files) > 1


def _submission_brief(sub: Submission) -> dict:
    return {
        "id": sub.id,
        "opd": {"singkatan": sub.opd.singkatan, "nama": sub.opd.nama} if sub.opd else None,
        "filename": sub.filename, "version": sub.version,
        # the map this version belongs to (validator.web.identity) and its number there
        "peta": {"kunci": sub.map_key, "judul": sub.map_title, "versi": sub.version},
        "createdAt": sub.created_at.isoformat() if sub.created_at else None,
        "size": sub.size, "sha256": sub.sha256, "profile": sub.profile,
        "validatorVersion": sub.validator_version, "ruleCatalogVersion": sub.catalog_version,
        "status": sub.status,
        "summary": {"error": sub.errors, "warning": sub.warnings, "info": sub.infos},
        "links": {"self": url_for("api.submission", submission_id=sub.id),
                  "report": url_for("api.submission_report", submission_id=sub.id)},
    }


class SubmissionsQuery(schemas.ListQuery):
    opd: Optional[str] = Field(None, description="singkatan OPD")


@bp.get("/submissions")
@operation(summary="Daftar unggahan yang boleh dilihat pemanggil, terbaru lebih dulu",
           query=SubmissionsQuery, responses={200: schemas.SubmissionList},
           errors=(400, 401, 403, 404, 500))
def submissions(query: SubmissionsQuery):
    """Submissions the caller may see, newest first; ``?opd=SINGKATAN`` narrows the list."""
    user = api_user()
    services = _services()
    limit = min(max(query.limit, 1), MAX_LIST)
    singkatan = query.opd
    with _db().session() as sess:
        if singkatan:
            opd = services.opd_by_singkatan(sess, singkatan)
            if opd is None:
                raise ApiError(404, "OPD_NOT_FOUND", f"OPD '{singkatan}' tidak dikenal.")
            if not user.is_admin and opd.id != user.opd_id:
                raise ApiError(403, "FORBIDDEN", "Anda hanya dapat melihat unggahan OPD Anda sendiri.")
        rows = services.visible_submissions(sess, user, singkatan, limit=limit)
        items = [_submission_brief(s) for s in rows]
    return jsonify({"submissions": items, "count": len(items)})


def _visible_or_404(sess, user: User, submission_id: int) -> Submission:  # noqa: ANN001
    sub = _services().get_submission(sess, user, submission_id)
    if sub is None:   # missing and not-yours look the same: nothing is revealed
        raise ApiError(404, "NOT_FOUND", "Unggahan tidak ditemukan.")
    return sub


@bp.get("/submissions/<int:submission_id>")
@operation(summary="Satu unggahan beserta laporan JSON-nya", path=SUBMISSION_ID,
           responses={200: schemas.Submission}, errors=(401, 404, 500))
def submission(submission_id: int):
    user = api_user()
    with _db().session() as sess:
        sub = _visible_or_404(sess, user, submission_id)
        body = _submission_brief(sub)
        from . import review   # the review stage and its history ("tahap", "riwayatTahap")

        body.update(review.stage_brief(sess, sub))
        body["report"] = _services().report_for(sub)
    return jsonify(body)


def _lower(value):  # noqa: ANN001, ANN202
    return value.strip().lower() if isinstance(value, str) else value


class ReportQuery(schemas.Params):
    format: Annotated[Literal[REPORT_FORMATS], BeforeValidator(_lower)] = Field(
        "json", title="format laporan", json_schema_extra={"x-error-code": "BAD_FORMAT"})


@bp.get("/submissions/<int:submission_id>/report")
@operation(summary="Laporan satu unggahan: JSON (bawaan), HTML atau XLSX", path=SUBMISSION_ID,
           query=ReportQuery,
           responses={200: {"description": "Laporan", "content": {
               "application/json": {"schema": schemas.Report},
               "text/html": {"schema": {"type": "string"}},
               XLSX: {"schema": {"type": "string", "format": "binary"}}}}},
           errors=(400, 401, 404, 500))
def submission_report(submission_id: int, query: ReportQuery):
    """The stored report: JSON (default), or ``?format=html`` / ``?format=xlsx``."""
    user = api_user()
    fmt = query.format
    services = _services()
    with _db().session() as sess:
        sub = _visible_or_404(sess, user, submission_id)
        if fmt == "json":
            return jsonify(services.report_for(sub))
        stem = sub.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "peta"
        if fmt == "html":
            from ..report.assets import AssetsMissing

            try:
                html = services.render_submission(sub, "html")
            except AssetsMissing:
                raise ApiError(500, "ASSETS_MISSING", "Laporan HTML tidak dapat dibuat: berkas "
                                                      "penampil diagram belum dibangun (make assets).") from None
            return Response(html, mimetype="text/html", headers={
                "Content-Disposition": content_disposition(f"laporan-{stem}.html", inline=True),
                "Content-Security-Policy": REPORT_CSP})
        data = services.render_submission(sub, "xlsx")
        return Response(data, mimetype=XLSX, headers={"Content-Disposition": content_disposition(f"laporan-{stem}.xlsx")})


class RencanaQuery(schemas.Params):
    format: Optional[str] = Field(None, description=(
        "`raw`: berkas rencana seperti diunggah (admin)"))


@bp.get("/rencana")
@operation(summary="Rencana aktif (RPJMD, Renstra, master organisasi): ringkasan, sasaran "
                   "dan indikator yang dapat dirujuk peta, daftar OPD",
           query=RencanaQuery,
           responses={200: {"description": "Rencana aktif (atau berkasnya dengan `format=raw`)",
                            "content": {"application/json": {"schema": schemas.RencanaActive},
                                "application/octet-stream": {"schema": {
                                    "type": "string", "format": "binary"}}}}},
           errors=(401, 403, 404, 500))
def rencana(query: RencanaQuery):
    """The active plan: its summary and the sasaran and indikator maps may refer to (the
    modeler plugin offers them in a list). ``?format=raw`` gives the stored file (admin)."""
    user = api_user()
    services = _services()
    with _db().session() as sess:
        row = services.active_rencana(sess)
        if row is None:
            raise ApiError(404, "NO_PLAN", "Belum ada rencana (RPJMD/Renstra) yang diunggah.")
        if (query.format or "").lower() == "raw":
            if not user.is_admin:
                raise ApiError(403, "FORBIDDEN", "Hanya admin yang dapat mengunduh berkas rencana.")
            return Response(row.content, mimetype="application/octet-stream", headers={
                "Content-Disposition": content_disposition(row.filename)})
        plan = services.active_plan(sess)
        body = _rencana_brief(row)
    if plan is not None:
        body["sasaran"] = [{
            "id": s.id, "teks": s.teks, "tingkat": "rpjmd" if s.is_rpjmd else "renstra",
            "opd": s.opd, "sasaranRpjmd": s.sasaran_rpjmd,
            "indikator": [{"id": i.id, "nama": i.nama, "satuan": i.satuan} for i in s.indikator],
        } for s in plan.all_sasaran]
        body["opd"] = [{"singkatan": o.singkatan, "kode": o.kode, "nama": o.nama,
                        "unit": list(o.unit), "jabatan": list(o.jabatan)} for o in plan.organisasi]
    return jsonify(body)


class PlanUploadQuery(schemas.Params):
    pratinjau: schemas.Flag = Field(False, description=(
        "`1`: periksa dan bandingkan saja, jangan simpan"))
    filename: Optional[str] = Field(None, description=(
        "nama berkas untuk badan mentah (menentukan formatnya: .yaml, .json, .xlsx)"))


@bp.post("/rencana")
@operation(
    summary="Mengunggah rencana baru (YAML, JSON, atau XLSX); hanya admin",
    description=(
        "Badan permintaan: isi berkas (nama lewat `?filename=`), atau multipart "
        "bidang `file`. Rencana diperiksa utuh (misi, tujuan, sasaran, tautan "
        "Renstra, master OPD, target angka dalam periode). Rencana yang memuat "
        "kesalahan ditolak seluruhnya (422) dengan setiap masalah di "
        "`error.details` (`[{path, message}]`; juga `problems` dengan kodenya); "
        "rencana aktif sebelumnya tetap berlaku. Rencana yang diterima menjadi "
        "rencana aktif untuk pemeriksaan keselarasan PPB-ALN (201; peringatan di "
        "`peringatan`). Dengan `?pratinjau=1` rencana hanya diperiksa dan "
        "perbedaannya dengan rencana aktif dijawab, tanpa disimpan."),
    query=PlanUploadQuery,
    raw={"application/x-yaml": "rencana YAML", "application/json": "rencana JSON",
         XLSX: "rencana XLSX"},
    files={"file": "berkas rencana (.yaml, .json, atau .xlsx)"},
    responses={200: schemas.PlanPreview,
               201: ("Rencana disimpan dan aktif", schemas.RencanaBrief)},
    errors=(400, 401, 403, 413, 415, 422, 500, 503))
def upload_rencana(query: PlanUploadQuery):
    """Upload a plan (YAML, JSON or XLSX; raw body with ``?filename=`` or multipart ``file``);
    admins only. The plan is checked whole (shape, references, targets): one with problems is
    refused (422, every problem in ``error.details``) and the active plan stays; otherwise it
    becomes the active plan (201), its warnings in ``peringatan``. ``?pratinjau=1`` only checks
    it and answers what it would change (200), storing nothing."""
    from ..plan import PlanError

    user = api_user()
    if not user.is_admin:
        raise ApiError(403, "FORBIDDEN", "Hanya admin (Bagian Organisasi) yang dapat mengunggah rencana.")
    services = _services()
    filename, data = _plan_from_request(query.filename)
    preview = query.pratinjau
    with _db().session() as sess:
        try:
            if preview:
                _fmt, plan, check = services.check_plan_file(filename, data)
                changes = services.plan_changes(sess, plan)
                return jsonify({"valid": True, "perubahan": changes["diff"].as_dict(),
                                "petaKehilanganTautan": changes["maps"],
                                "peringatan": _problem_list(check.warnings)})
            uploader = sess.get(User, user.id)
            row = services.store_plan(sess, filename=filename, data=data, uploader=uploader)
        except PlanError as exc:
            return _plan_refused(exc)
        body = _rencana_brief(row)
        from ..plan.integrity import check_plan

        body["peringatan"] = _problem_list(check_plan(services.stored_plan(sess, row)).warnings)
    return jsonify(body), 201


def _problem_list(problems) -> list[dict]:  # noqa: ANN001
    return [{"code": p.code, "path": p.path, "message": p.message} for p in problems]


def _plan_refused(exc) -> Response:  # noqa: ANN001
    """422 (413 when too large) naming every problem: ``details`` [{path, message}], and
    ``problems`` (with codes) as older clients read them."""
    status = 413 if exc.code == "TOO_LARGE" else 422
    resp = jsonify({"error": {
        "code": f"PLAN_{exc.code}", "message": exc.message,
        "details": [{"path": p.path, "message": p.message} for p in exc.problems],
        "problems": _problem_list(exc.problems)}})
    resp.status_code = status
    return resp


def _plan_from_request(name: str | None) -> tuple[str, bytes]:
    if request.mimetype == "multipart/form-data":
        f = request.files.get("file")
        if f is None:
            raise ApiError(400, "MISSING_FILE", "Kirim berkas rencana pada bidang multipart 'file' "
                                                "(.yaml, .json, atau .xlsx).")
        return f.filename or "rencana.yaml", f.read()
    data = request.get_data(cache=False)
    if not data:
        raise ApiError(400, "EMPTY", "Badan permintaan kosong; kirim berkas rencana.")
    default = {"application/json": "rencana.json",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "rencana.xlsx"
               }.get(request.mimetype, "rencana.yaml")
    return name or default, data


def _rencana_brief(row) -> dict:  # noqa: ANN001
    import json

    return {"id": row.id, "filename": row.filename, "format": row.fmt, "sha256": row.sha256,
            "rpjmd": row.rpjmd_id, "createdAt": row.created_at.isoformat() if row.created_at else None,
            "summary": json.loads(row.summary_json or "{}")}


@bp.get("/rencana/riwayat")
@operation(summary="Riwayat rencana yang tersimpan, terbaru lebih dulu (admin, verifikator)",
           responses={200: schemas.RencanaList}, errors=(401, 403, 500))
def rencana_history():
    """Stored plans, newest first, the active one marked (admin and verifikator)."""
    user = api_user()
    if not user.sees_all_opd:
        raise ApiError(403, "FORBIDDEN", "Riwayat rencana hanya untuk admin dan verifikator.")
    with _db().session() as sess:
        rows = _services().plan_history(sess, limit=MAX_LIST)
        items = [{**_rencana_brief(row), "active": bool(row.active),
                  "uploader": row.uploader.username if row.uploader else None} for row in rows]
    return jsonify({"rencana": items, "count": len(items)})


@bp.post("/rencana/<int:rencana_id>/aktifkan")
@operation(summary="Mengaktifkan kembali rencana yang tersimpan (rollback); hanya admin",
           description=("Rencana diperiksa utuh lagi lebih dulu; yang tidak lolos ditolak "
                        "(422, `error.details`) dan rencana aktif tetap berlaku. Dicatat "
                        "di log audit."),
           path={"rencana_id": "id rencana"},
           responses={200: ("Rencana yang kini aktif", schemas.RencanaBrief)},
           errors=(401, 403, 404, 422, 500, 503))
def activate_rencana(rencana_id: int):
    """Make a stored plan the active one again (roll back, or activate an unconfirmed upload);
    admins only. The plan is checked whole again first: 422 with ``error.details`` when it no
    longer passes; the active plan stays. Audited as a plan replacement."""
    from ..plan import PlanError

    user = api_user()
    if not user.is_admin:
        raise ApiError(403, "FORBIDDEN", "Hanya admin (Bagian Organisasi) yang dapat mengganti rencana.")
    services = _services()
    try:
        with _db().session() as sess:
            row = services.activate_plan(sess, rencana_id, sess.get(User, user.id))
            body = {**_rencana_brief(row), "active": True}
    except LookupError:
        raise ApiError(404, "NOT_FOUND", "Rencana tidak ditemukan.") from None
    except PlanError as exc:
        return _plan_refused(exc)
    return jsonify(body)


@bp.get("/openapi.json")
@operation(summary="Dokumen OpenAPI ini", auth=False,
           responses={200: ("Dokumen OpenAPI 3.1", {"type": "object"})})
def openapi_json():
    from .openapi import spec

    return jsonify(spec())


@bp.get("/docs")
@operation(summary="Dokumentasi API yang dapat dibaca (HTML)", auth=False,
           responses={200: ("Halaman HTML", {"type": "string"}, "text/html")})
def docs():
    from .openapi import render_docs

    return render_docs()
