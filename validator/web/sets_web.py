"""Stored sets on the web: the set page (/set/<id>), its downloads, the admin's re-check
against the active plan, and the API resource (/api/v1/sets). Built on the sets service
(:mod:`validator.web.sets`); the set sections are the command line's own template."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect,
                   render_template, request, url_for)
from flask_login import login_required
from jinja2 import TemplateNotFound
from markupsafe import Markup

from . import sets
from . import schemas
from .apidoc import operation
from .auth import admin_required, csrf
from .common import api_headers, api_user, db, me, page_headers, when_text
from .errors import ApiError
from .http import content_disposition

bp = Blueprint("sets_web", __name__)

# the self-contained HTML report: inline viewer script and style, nothing loaded or sent
REPORT_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'self'")
MAX_LIST = 1000
IDENTITY_PARTIAL = "_identitas.html"   # a map's identity, shown when that partial exists
SET_CSS_MARK = "/* set runs"


@bp.after_request
def _headers(resp: Response) -> Response:
    if request.path.startswith("/api/"):
        return api_headers(resp)
    return page_headers(resp)


def _has_template(name: str) -> bool:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return False
    return True


# -- pages -----------------------------------------------------------------------------------

@bp.route("/set/gaya.css")
@login_required
def set_style():
    """The set sections' styles of the HTML report (report.css from its set part on), so
    the page draws the matrix, tree and tables as the command line's report does."""
    from ..report.html_report import TEMPLATES

    text = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    at = text.find(SET_CSS_MARK)
    resp = Response(text[at:] if at >= 0 else text, mimetype="text/css")
    resp.headers["Cache-Control"] = "private, max-age=3600"
    return resp


@bp.route("/set/<int:set_id>")
@login_required
def set_page(set_id: int):
    with db().session() as sess:
        user = me(sess)
        row = sets.get_set(sess, user, set_id)
        if row is None:
            abort(404)
        data = sets.set_report(row)
        members = sets.members_of(sess, row)
        entries = data.get("files") or []
        from . import services

        identity = getattr(services, "identity_notice", None) \
            if _has_template(IDENTITY_PARTIAL) else None
        maps = []
        for i, entry in enumerate(entries):
            sub = members[i] if i < len(members) else None
            counts = entry.get("summary") or {}
            maps.append({"path": entry.get("path"), "status": entry.get("status", "ok"),
                         "sub": sub, "counts": counts,
                         "findings": entry.get("findings") or [],
                         "identitas": identity(sess, user, sub) if identity and sub else None,
                         "report_url": url_for("pages.report", submission_id=sub.id) if sub else None})
        try:
            sections = Markup(sets.set_sections_html(sess, row))
        except Exception:  # noqa: BLE001 - the page still shows the stored counts and findings
            current_app.logger.exception("set %s: set sections could not be drawn", row.id)
            sections = None
        original = None
        if row.rechecked_from_id is not None:
            original = sets.get_set(sess, user, row.rechecked_from_id)
        info = {"id": row.id, "filename": row.filename, "created": when_text(row.created_at),
                "opd": row.opd.nama, "singkatan": row.opd.singkatan,
                "uploader": row.uploader.nama if row.uploader else "—",
                "profile": row.profile, "plan_note": row.plan_note, "maps": row.maps,
                "errors": row.errors, "warnings": row.warnings,
                "set_findings": row.set_findings,
                "rechecked_from": original.id if original is not None else None,
                "validator_version": data.get("version"),
                "catalog_version": data.get("ruleCatalogVersion")}
        rechecks = [s for s in sets.visible_sets(sess, user, row.opd)
                    if s.rechecked_from_id == row.id]
        return render_template(
            "set.html", s=info, summary=data.get("summary") or {}, maps=maps,
            set_findings=(data.get("set") or {}).get("findings") or [],
            has_alignment="alignment" in data, sections=sections,
            rechecks=[{"id": r.id, "created": when_text(r.created_at)} for r in rechecks],
            is_admin=user.is_admin, has_identity=identity is not None,
            formats=sets.FORMATS)


@bp.route("/set/<int:set_id>/unduh.<fmt>")
@login_required
def set_download(set_id: int, fmt: str):
    """The stored set's report as HTML (the command line's set page), XLSX, JSON or SARIF."""
    if fmt not in sets.FORMATS:
        abort(404)
    with db().session() as sess:
        user = me(sess)
        row = sets.get_set(sess, user, set_id)
        if row is None:
            abort(404)
        body = _render(sess, row, fmt, page=True)
        name = _attachment_name(row, fmt)
    resp = Response(body, mimetype=sets.MIME[fmt])
    resp.headers["Content-Disposition"] = content_disposition(name)
    if fmt == "html":
        resp.headers["Content-Security-Policy"] = REPORT_CSP
    return resp


@bp.route("/set/<int:set_id>/periksa-ulang", methods=["POST"])
@login_required
@admin_required
def set_recheck(set_id: int):
    """Check the stored set again against the active plan (admin); shows the new set."""
    with db().session() as sess:
        user = me(sess)
        row = sets.get_set(sess, user, set_id)
        if row is None:
            abort(404)
        new = sets.recheck(sess, row, user)
        new_id = new.id
    flash(f"Set diperiksa ulang terhadap rencana aktif; hasilnya disimpan sebagai set #{new_id}.",
          "sukses")
    return redirect(url_for("sets_web.set_page", set_id=new_id))


def _attachment_name(row, fmt: str) -> str:  # noqa: ANN001
    stem = row.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "set"
    return f"laporan-set-{row.id}-{stem}.{fmt}"


def _render(sess, row, fmt: str, page: bool = False):  # noqa: ANN001, ANN202
    from ..report.assets import AssetsMissing

    try:
        return sets.render_set(sess, row, fmt)
    except AssetsMissing:
        message = ("Laporan HTML tidak dapat dibuat: berkas penampil diagram belum dibangun "
                   "(make assets).")
        if page:
            abort(503, message)
        raise ApiError(503, "ASSETS_MISSING", message) from None


# -- API -------------------------------------------------------------------------------------

def _visible_or_404(sess, user, set_id: int):  # noqa: ANN001, ANN202
    row = sets.get_set(sess, user, set_id)
    if row is None:   # missing and not-yours look the same
        raise ApiError(404, "NOT_FOUND", "Set tidak ditemukan.")
    return row


@bp.get("/api/v1/sets")
@operation(summary="Daftar set yang boleh dilihat pemanggil, terbaru lebih dulu",
           query=schemas.OpdListQuery, responses={200: schemas.SetList},
           errors=(400, 401, 403, 404, 500), tags=("set",))
def api_sets():
    """Stored sets the caller may see, newest first; ``?opd=SINGKATAN`` narrows the list."""
    user = api_user()
    try:
        limit = min(max(int(request.args.get("limit", 100)), 1), MAX_LIST)
    except ValueError:
        raise ApiError(400, "BAD_PARAMETER", "Parameter 'limit' harus berupa bilangan bulat.") from None
    singkatan = request.args.get("opd")
    with db().session() as sess:
        if singkatan:
            from . import services

            opd = services.opd_by_singkatan(sess, singkatan)
            if opd is None:
                raise ApiError(404, "OPD_NOT_FOUND", f"OPD '{singkatan}' tidak dikenal.")
            if not user.sees_all_opd and opd.id != user.opd_id:
                raise ApiError(403, "FORBIDDEN", "Anda hanya dapat melihat set OPD Anda sendiri.")
        items = [sets.brief(s) for s in sets.visible_sets(sess, user, singkatan, limit=limit)]
    return jsonify({"sets": items, "count": len(items)})


@bp.get("/api/v1/sets/<int:set_id>")
@operation(summary="Laporan JSON satu set (bentuk `ppb validate` untuk set: `set`, "
                   "`alignment`, `opd`) dengan pemilik, waktu dan anggotanya",
           path={"set_id": "id set"}, responses={200: schemas.SetDetail}, errors=(401, 404, 500),
           tags=("set",))
def api_set(set_id: int):
    """The set's stored JSON report (``ppb validate``'s shape for a set: ``set``,
    ``alignment``, ``opd``) with ``id``, ``createdAt``, ``ownerOpd`` and ``members``."""
    user = api_user()
    with db().session() as sess:
        row = _visible_or_404(sess, user, set_id)
        body = sets.detail(sess, row)
    return jsonify(body)


@bp.get("/api/v1/sets/<int:set_id>/report")
@operation(summary="Laporan satu set: JSON (bawaan), HTML, XLSX atau SARIF",
           path={"set_id": "id set"}, query=schemas.SetReportQuery,
           responses={200: {"description": "Laporan set", "content": {
               "application/json": {"schema": schemas.SetDetail},
               "text/html": {"schema": {"type": "string"}},
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                   "schema": {"type": "string", "format": "binary"}},
               "application/sarif+json": {"schema": {"type": "object"}}}}},
           errors=(400, 401, 404, 500), tags=("set",))
def api_set_report(set_id: int):
    """The set's report: ``?format=json`` (default, as stored), ``html``, ``xlsx``, ``sarif``."""
    user = api_user()
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in sets.FORMATS:
        raise ApiError(400, "BAD_FORMAT", "Format laporan set harus html, xlsx, json, atau sarif.")
    with db().session() as sess:
        row = _visible_or_404(sess, user, set_id)
        body = _render(sess, row, fmt)
        name = _attachment_name(row, fmt)
    headers = {"Content-Disposition": content_disposition(name, inline=fmt in ("json", "html"))}
    if fmt == "html":
        headers["Content-Security-Policy"] = REPORT_CSP
    return Response(body, mimetype=sets.MIME[fmt], headers=headers)


@bp.post("/api/v1/sets/<int:set_id>/periksa-ulang")
@operation(summary="Memeriksa ulang set tersimpan terhadap rencana aktif (hanya admin)",
           description="Set baru dibuat (201) dan menunjuk set asalnya (`recheckedFromId`).",
           path={"set_id": "id set"}, responses={201: ("Set baru hasil pemeriksaan ulang",
                                                      schemas.SetBrief)},
           errors=(401, 403, 404, 500, 503), tags=("set",))
@csrf.exempt
def api_set_recheck(set_id: int):
    """Check a stored set again against the active plan (admins only): 201 with the new set."""
    user = api_user()
    if not user.is_admin:
        raise ApiError(403, "FORBIDDEN", "Hanya admin (Bagian Organisasi) yang dapat memeriksa "
                                         "ulang set terhadap rencana aktif.")
    with db().session() as sess:
        actor = me_for(sess, user)
        row = _visible_or_404(sess, actor, set_id)
        new = sets.recheck(sess, row, actor)
        body = sets.brief(new)
    return jsonify(body), 201


def me_for(sess, user):  # noqa: ANN001, ANN201
    """The caller as an object of this session."""
    from .models import User

    found = sess.get(User, user.id)
    if found is None:
        raise ApiError(401)
    return found
