"""The plan pages: the active plan (/rencana), a stored plan reviewed before it becomes the
active one (/rencana/<id>/tinjau), its activation (/rencana/<id>/aktifkan) and the plan
history with rollback.

A plan replaces nothing until an admin has seen it checked whole: an upload is read and
checked (shape, references, targets; every problem listed with its place), stored as a
candidate, and shown against the active plan — sasaran added, removed and changed, and the
stored maps that would lose a link. Only the confirmation makes it active. Re-activating an
earlier stored plan (rollback) goes through the same review. Thin views over the plan
functions of :mod:`validator.web.services`.
"""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from flask_login import login_required

from .auth import admin_required, reviewer_required
from .common import page_headers, when_text

bp = Blueprint("plans", __name__)
bp.after_request(page_headers)

UPLOAD_FIELD = "berkas"


def _services():
    from . import services
    return services


def _db():
    return current_app.extensions["ppb_db"]


def _me(sess):  # noqa: ANN001
    from .models import User
    user = sess.get(User, current_user.id)
    if user is None:
        abort(403)
    return user


def problem_rows(problems) -> list[dict]:  # noqa: ANN001
    """Problems as the pages list them: place and message apart (a workbook cell is named as
    sheet, row and column)."""
    return [{"path": p.path or "(berkas)", "message": p.message, "code": p.code,
             "place": p.where() if callable(getattr(p, "where", None)) else (p.path or "berkas")}
            for p in problems]


@bp.route("/rencana", methods=["GET", "POST"])
@login_required
@reviewer_required
def plan():
    """GET/POST /rencana: the active plan (verifikators read it) and, for admins,
    the upload form and the plan history. An upload is checked whole; a plan with problems is
    refused with every problem, a sound one goes to its review page."""
    from ..plan import PlanError

    services = _services()
    error, problems, status = None, [], 200
    if request.method == "POST" and not current_user.is_admin:
        abort(403)
    if request.method == "POST":
        try:
            upload_file = request.files.get(UPLOAD_FIELD)
        except RequestEntityTooLarge:
            upload_file, error, status = None, "Berkas rencana terlalu besar.", 413
        if error is None and (upload_file is None or not upload_file.filename):
            error, status = "Pilih berkas rencana (.yaml, .json, atau .xlsx) terlebih dahulu.", 400
        if error is None:
            try:
                with _db().session() as sess:
                    row = services.store_plan(sess, filename=upload_file.filename,
                                              data=upload_file.read(), uploader=_me(sess),
                                              activate=False)
                    row_id = row.id
                return redirect(url_for("plans.review", rencana_id=row_id))
            except PlanError as exc:
                error = (f"Rencana tidak disimpan: {len(exc.problems)} kesalahan ditemukan; "
                         "rencana sebelumnya tetap berlaku." if exc.code == "INVALID" else
                         "Rencana tidak disimpan; rencana sebelumnya tetap berlaku.")
                problems = problem_rows(exc.problems) or [{"path": "(berkas)", "message": exc.message,
                                                          "code": exc.code, "place": "berkas"}]
                status = 413 if exc.code == "TOO_LARGE" else 422
            except services.UploadError as exc:
                error, status = exc.message_id, exc.http_status
    with _db().session() as sess:
        row = services.active_rencana(sess)
        plan_obj = services.active_plan(sess) if row is not None else None
        current = _row_view(row) if row is not None else None
        history = ([_row_view(r) for r in services.plan_history(sess)]
                   if current_user.is_admin else [])
    view = plan_view(plan_obj) if plan_obj is not None else None
    return render_template("rencana.html", current=current, plan=view, error=error,
                           problems=problems, history=history), status


def _row_view(row) -> dict:  # noqa: ANN001
    import json

    summary = json.loads(row.summary_json or "{}")
    return {"id": row.id, "filename": row.filename, "rpjmd": row.rpjmd_id,
            "format": row.fmt.upper(), "waktu": when_text(row.created_at),
            "oleh": row.uploader.nama if row.uploader else "—", "active": bool(row.active),
            "sha256": row.sha256[:12], "sasaran": summary.get("sasaran"),
            "renstra": summary.get("renstra")}


@bp.get("/rencana/<int:rencana_id>/tinjau")
@admin_required
def review(rencana_id: int):
    """A stored plan against the active one, with the confirmation form."""
    from ..plan import PlanError

    services = _services()
    with _db().session() as sess:
        from .models import Rencana

        row = sess.get(Rencana, rencana_id)
        if row is None:
            abort(404)
        candidate = _row_view(row)
        try:
            preview = services.plan_preview(sess, row)
        except PlanError as exc:   # stored before today's reader: it cannot be activated
            return render_template("rencana_tinjau.html", candidate=candidate, current=None,
                                   errors=problem_rows(exc.problems), warnings=[], diff=None,
                                   maps=[]), 422
        current = _row_view(preview["current"]) if preview["current"] is not None else None
    check = preview["check"]
    return render_template("rencana_tinjau.html", candidate=candidate, current=current,
                           errors=problem_rows(check.errors), warnings=problem_rows(check.warnings),
                           diff=preview["diff"], maps=preview["maps"]), 422 if check.errors else 200


@bp.post("/rencana/<int:rencana_id>/aktifkan")
@admin_required
def activate(rencana_id: int):
    """Make the reviewed plan the active one. The form carries the id of the plan that was
    active when the review was shown: if another plan became active since, the admin reviews
    again (409) rather than confirming a difference that is no longer true."""
    from ..plan import PlanError

    services = _services()
    with _db().session() as sess:
        current = services.active_rencana(sess)
        seen = (request.form.get("aktif") or "").strip()
        if seen != (str(current.id) if current is not None else ""):
            flash("Rencana aktif sudah berubah sejak peninjauan; tinjau lagi perbedaannya "
                  "sebelum mengonfirmasi.", "error")
            return redirect(url_for("plans.review", rencana_id=rencana_id), 303)
        try:
            row = services.activate_plan(sess, rencana_id, _me(sess))
        except LookupError:
            abort(404)
        except PlanError:
            flash("Rencana ini tidak lolos pemeriksaan dan tidak dapat diaktifkan.", "error")
            return redirect(url_for("plans.review", rencana_id=rencana_id), 303)
        name = f"{row.filename} (#{row.id})"
    flash(f"Rencana {name} sekarang aktif dan menjadi acuan pemeriksaan keselarasan.", "sukses")
    return redirect(url_for("plans.plan"), 303)


def plan_view(plan) -> dict:  # noqa: ANN001
    """The plan as the page lists it: RPJMD sasaran with their Renstra cascade."""
    rpjmd = plan.rpjmd
    tujuan = {t.id: t for t in rpjmd.tujuan}
    rows = []
    for s in rpjmd.sasaran:
        t = tujuan.get(s.tujuan or "")
        rows.append({"id": s.id, "teks": s.teks, "misi": t.misi if t else None,
                     "indikator": [f"{i.id} {i.nama}" + (f" ({i.satuan})" if i.satuan else "")
                                   for i in s.indikator],
                     "renstra": [{"id": c.id, "teks": c.teks, "opd": c.opd}
                                 for c in plan.cascade_children(s.id)]})
    rpjmd_ids = {s.id for s in rpjmd.sasaran}
    loose = [{"id": c.id, "teks": c.teks, "opd": c.opd, "induk": c.sasaran_rpjmd}
             for r in plan.renstra for c in r.sasaran if c.sasaran_rpjmd not in rpjmd_ids]
    return {"pemda": plan.pemda.nama, "rpjmd": rpjmd.id,
            "periode": f"{rpjmd.periode[0]}–{rpjmd.periode[1]}", "visi": rpjmd.visi,
            "misi": [{"id": m.id, "teks": m.teks} for m in rpjmd.misi],
            "sasaran": rows, "terputus": loose,
            "renstra": [{"id": r.id, "opd": r.opd, "sasaran": len(r.sasaran)} for r in plan.renstra],
            "opd": len(plan.organisasi)}
