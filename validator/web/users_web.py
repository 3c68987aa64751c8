"""Admin pages: accounts (/pengguna) and the audit log (/audit).

Thin views over :mod:`validator.web.accounts`; every form is CSRF-protected by the app's
CSRFProtect, and every change is written to the audit log by the accounts module.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from . import accounts, audit
from .auth import admin_required
from .models import AuditEntry, Opd, User

bp = Blueprint("users", __name__)

AUDIT_PAGE = 100


def _db():
    return current_app.extensions["ppb_db"]


def _opds(sess) -> list[Opd]:  # noqa: ANN001
    return list(sess.scalars(select(Opd).order_by(Opd.singkatan)))


def _user_or_404(sess, user_id: int) -> User:  # noqa: ANN001
    user = sess.scalar(select(User).options(selectinload(User.opd)).where(User.id == user_id))
    if user is None:
        abort(404)
    return user


def _render(problems: list[str] | None = None, form: dict | None = None, status: int = 200):
    with _db().session() as sess:
        users = accounts.list_users(sess)
        opds = _opds(sess)
        demo = accounts.demo_password_active(sess)
    return render_template("pengguna.html", users=users, opds=opds, roles=accounts.ROLES,
                           role_text=accounts.ROLE_TEXT, problems=problems or [],
                           form=form or {}, min_length=accounts.MIN_LENGTH, demo=demo), status


@bp.route("/pengguna", methods=["GET", "POST"])
@admin_required
def index():
    if request.method == "GET":
        return _render()
    form = {k: (request.form.get(k) or "").strip() for k in ("username", "nama", "peran", "opd")}
    password = request.form.get("sandi") or ""
    try:
        with _db().session() as sess:
            actor = sess.get(User, current_user.id)
            user = accounts.create_user(sess, username=form["username"], role=form["peran"],
                                        password=password, nama=form["nama"],
                                        opd=form["opd"] or None, actor=actor)
            made = user.username
    except accounts.AccountError as exc:
        return _render(exc.problems, form, 422)
    flash(f"Pengguna '{made}' dibuat. Sampaikan kata sandinya secara pribadi; pengguna dapat "
          "menggantinya sendiri di halaman Kata sandi.", "sukses")
    return redirect(url_for("users.index"))


@bp.post("/pengguna/<int:user_id>/peran")
@admin_required
def role(user_id: int):
    try:
        with _db().session() as sess:
            user = _user_or_404(sess, user_id)
            actor = sess.get(User, current_user.id)
            changed = accounts.set_role(sess, user, (request.form.get("peran") or "").strip(),
                                        (request.form.get("opd") or "").strip() or None, actor=actor)
            name = user.username
    except accounts.AccountError as exc:
        return _render(exc.problems, status=422)
    flash(f"Peran '{name}' diubah; semua sesinya diakhiri." if changed
          else f"Peran '{name}' tidak berubah.", "sukses" if changed else "info")
    return redirect(url_for("users.index"))


@bp.post("/pengguna/<int:user_id>/sandi")
@admin_required
def reset_password(user_id: int):
    try:
        with _db().session() as sess:
            user = _user_or_404(sess, user_id)
            actor = sess.get(User, current_user.id)
            accounts.set_password(sess, user, request.form.get("sandi") or "", actor=actor)
            name = user.username
    except accounts.AccountError as exc:
        return _render(exc.problems, status=422)
    flash(f"Kata sandi '{name}' diatur ulang; semua sesi dan token API-nya diakhiri.", "sukses")
    return redirect(url_for("users.index"))


@bp.post("/pengguna/<int:user_id>/nonaktif")
@admin_required
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/pengguna/<int:user_id>/aktif")
@admin_required
def activate(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    try:
        with _db().session() as sess:
            user = _user_or_404(sess, user_id)
            actor = sess.get(User, current_user.id)
            changed = accounts.set_active(sess, user, active, actor=actor)
            name = user.username
    except accounts.AccountError as exc:
        return _render(exc.problems, status=422)
    if changed:
        flash(f"Pengguna '{name}' " + ("diaktifkan kembali." if active else
                                      "dinonaktifkan; semua sesi dan token API-nya diakhiri."), "sukses")
    return redirect(url_for("users.index"))


@bp.get("/audit")
@admin_required
def audit_log():
    who = (request.args.get("pengguna") or "").strip()[:80]
    kind = (request.args.get("jenis") or "").strip()
    try:
        page = max(1, min(10_000, int(request.args.get("halaman") or 1)))
    except ValueError:
        page = 1
    q = select(AuditEntry)
    if who:   # what the user did, and what was done to their account (failed sign-ins)
        q = q.where(or_(func.lower(AuditEntry.actor) == who.lower(),
                        func.lower(AuditEntry.target) == who.lower()))
    if kind in audit.KINDS:
        q = q.where(AuditEntry.kind == kind)
    else:
        kind = ""
    with _db().session() as sess:
        total = sess.scalar(select(func.count()).select_from(q.subquery())) or 0
        rows = list(sess.scalars(q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                 .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)))
        actors = list(sess.scalars(select(AuditEntry.actor).where(AuditEntry.actor.is_not(None))
                                   .distinct().order_by(AuditEntry.actor).limit(500)))
    pages = max(1, -(-total // AUDIT_PAGE))
    return render_template("audit.html", rows=rows, kinds=audit.KINDS, who=who, kind=kind,
                           actors=actors, page=page, pages=pages, total=total)
