"""REST API v1 (/api/v1): validation, stored submissions and their reports.

Authentication: ``Authorization: Bearer <token>`` (tokens made at /token), or the
session cookie of a signed-in user (then a POST also needs the ``X-CSRFToken``
header). Errors are always ``{"error": {"code", "message"}}`` (see errors.py).
The OpenAPI 3 document is at /api/v1/openapi.json, readable at /api/v1/docs.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from .. import __version__
from ..report import json_report
from . import errors
from .auth import csrf
from .errors import ApiError
from .http import content_disposition
from .common import (api_headers, api_user, db as _db, request_param,  # noqa: F401
                     target_opd, upload_from_request as _upload_from_request)
from .models import Submission, User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)   # the API authenticates with bearer tokens; session POSTs check X-CSRFToken below

REPORT_FORMATS = ("json", "html", "xlsx")
TRUE = {"1", "true", "ya", "yes", "on"}
MAX_LIST = 1000
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
def health():
    """Alive, and which validator and rule catalog answer. No authentication."""
    return jsonify({"status": "ok", "version": __version__,
                    "ruleCatalogVersion": _services().catalog().version})


@bp.get("/rules")
def rules():
    api_user()
    services = _services()
    cat = services.catalog()
    profile = request.args.get("profile") or "standar"
    validator = services.validator_for(profile)
    items = [{
        "id": s.id, "group": s.group, "title": s.text("title", "id"),
        "severity": validator.settings[s.id].severity, "defaultSeverity": s.severity,
        "source": s.source_text, "confidence": s.confidence, "scope": s.scope,
    } for s in sorted(cat.rules.values(), key=lambda s: (s.group, s.id))]
    return jsonify({"ruleCatalogVersion": cat.version, "profile": profile,
                    "profiles": sorted(cat.profiles), "rules": items})


@bp.post("/validate")
def validate():
    """Validate a map (raw XML body, or multipart ``file``: .bpmn or .zip); with ``simpan=1``
    store it as a submission of the caller's OPD."""
    user = api_user()
    services = _services()
    filename, data = _upload_from_request()
    profile = request_param("profile") or "standar"
    save = (request_param("simpan") or "").strip().lower() in TRUE
    if not save:
        with _db().session() as sess:
            plan = services.active_plan(sess)
        report, _ = services.validate_upload(filename, data, profile, plan=plan)
        body = json_report.as_dict(report, with_alignment=_with_alignment(report))
        _note_skipped(body, filename, data)
        return jsonify(body)
    with _db().session() as sess:
        opd = target_opd(sess, user, request_param("opd"))
        report, checked = services.validate_upload(filename, data, profile,
                                                   plan=services.active_plan(sess))
        uploader = sess.get(User, user.id)
        stored = services.store_checked(sess, opd=opd, uploader=uploader, report=report,
                                        checked=checked)
        body = json_report.as_dict(report, with_alignment=_with_alignment(report))
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


def _with_alignment(report) -> bool:  # noqa: ANN001
    """The alignment sections (matrix, cascade tree, OPD table) answer a set: they come with
    an upload of several maps, or with ``keselarasan=1`` for one map."""
    asked = (request_param("keselarasan") or "").strip().lower() in TRUE
    return asked or len(report.files) > 1


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


@bp.get("/submissions")
def submissions():
    """Submissions the caller may see, newest first; ``?opd=SINGKATAN`` narrows the list."""
    user = api_user()
    services = _services()
    try:
        limit = min(max(int(request.args.get("limit", 100)), 1), MAX_LIST)
    except ValueError:
        raise ApiError(400, "BAD_PARAMETER", "Parameter 'limit' harus berupa bilangan bulat.") from None
    singkatan = request.args.get("opd")
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
def submission(submission_id: int):
    user = api_user()
    with _db().session() as sess:
        sub = _visible_or_404(sess, user, submission_id)
        body = _submission_brief(sub)
        body["report"] = _services().report_for(sub)
    return jsonify(body)


@bp.get("/submissions/<int:submission_id>/report")
def submission_report(submission_id: int):
    """The stored report: JSON (default), or ``?format=html`` / ``?format=xlsx``."""
    user = api_user()
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in REPORT_FORMATS:
        raise ApiError(400, "BAD_FORMAT", "Format laporan harus json, html, atau xlsx.")
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
        return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": content_disposition(f"laporan-{stem}.xlsx")})


@bp.get("/rencana")
def rencana():
    """The active plan: its summary and the sasaran and indikator maps may refer to (the
    modeler plugin offers them in a list). ``?format=raw`` gives the stored file (admin)."""
    user = api_user()
    services = _services()
    with _db().session() as sess:
        row = services.active_rencana(sess)
        if row is None:
            raise ApiError(404, "NO_PLAN", "Belum ada rencana (RPJMD/Renstra) yang diunggah.")
        if (request.args.get("format") or "").lower() == "raw":
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


@bp.post("/rencana")
def upload_rencana():
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
    filename, data = _plan_from_request()
    preview = (request.args.get("pratinjau") or "").lower() in ("1", "true", "ya")
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


def _plan_from_request() -> tuple[str, bytes]:
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
    return request.args.get("filename") or default, data


def _rencana_brief(row) -> dict:  # noqa: ANN001
    import json

    return {"id": row.id, "filename": row.filename, "format": row.fmt, "sha256": row.sha256,
            "rpjmd": row.rpjmd_id, "createdAt": row.created_at.isoformat() if row.created_at else None,
            "summary": json.loads(row.summary_json or "{}")}


@bp.get("/rencana/riwayat")
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
def openapi_json():
    from .openapi import spec

    return jsonify(spec())


@bp.get("/docs")
def docs():
    from .openapi import render_docs

    return render_docs()
