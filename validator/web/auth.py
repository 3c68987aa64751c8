"""Accounts, roles, sessions, API tokens and CSRF.

Two roles: ``admin`` (Bagian Organisasi: sees every OPD) and ``opd`` (sees only
its own OPD). Web pages use a session cookie (Flask-Login) and CSRF-protected
forms (Flask-WTF); the API uses ``Authorization: Bearer <token>``, of which only
the sha256 is stored.
"""
from __future__ import annotations

from datetime import timedelta
from functools import wraps
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import (AnonymousUserMixin, LoginManager, current_user, login_required,
                         login_user, logout_user)
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from . import errors
from .models import ApiToken, User

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()

F = TypeVar("F", bound=Callable)

# A hash to compare against when the user does not exist, so both cases take as long.
_DUMMY_HASH = generate_password_hash("ppb-tidak-ada-pengguna")


# -- the User model as a Flask-Login user (no schema change) ----------------------------------

def _as_login_user(cls: type) -> None:
    cls.is_authenticated = property(lambda self: True)
    cls.is_anonymous = property(lambda self: False)
    cls.is_active = property(lambda self: bool(self.active))
    cls.get_id = lambda self: str(self.id)


_as_login_user(User)


class Anonymous(AnonymousUserMixin):
    is_admin = False
    opd = None
    opd_id = None
    username = None
    nama = "Tamu"


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # werkzeug's scrypt


def check_password(user: User | None, password: str) -> bool:
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def db():
    return current_app.extensions["ppb_db"]


def load_user(user_id: str) -> User | None:
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        return None
    with db().session() as sess:
        user = sess.scalar(select(User).options(selectinload(User.opd)).where(User.id == uid))
        if user is None or not user.active:
            return None
        return user


def admin_required(view: F) -> F:
    """Only the admin (Bagian Organisasi) may open the view; others get 403."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def _unauthorized():
    if errors.is_api_request():
        return errors.json_error(401)
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def init_app(app) -> None:  # noqa: ANN001
    if "login_manager" in app.extensions or getattr(app, "login_manager", None):
        return
    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
    for key, value in {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
    }.items():
        app.config.setdefault(key, value)
    if app.config.get("SESSION_COOKIE_NAME") in (None, "session"):   # Flask's default name
        app.config["SESSION_COOKIE_NAME"] = "ppb_sesi"
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
    login_manager.session_protection = "strong"
    login_manager.anonymous_user = Anonymous
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)
    csrf.init_app(app)
    errors.init_app(app)


bp.record_once(lambda state: init_app(state.app))


# -- forms and routes -------------------------------------------------------------------------

class LoginForm(FlaskForm):
    username = StringField("Nama pengguna", validators=[DataRequired("Nama pengguna wajib diisi."),
                                                        Length(max=80)])
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi."),
                                                       Length(max=200)])


class TokenForm(FlaskForm):
    label = StringField("Keterangan token", validators=[DataRequired("Keterangan wajib diisi."),
                                                        Length(max=120)])


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no '//')."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def _home() -> str:
    try:
        return url_for("pages.index")
    except Exception:  # the pages blueprint may not have its index yet
        return "/"


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")) or _home())
    form = LoginForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            with db().session() as sess:
                user = sess.scalar(select(User).options(selectinload(User.opd))
                                   .where(User.username == form.username.data.strip()))
                ok = check_password(user, form.password.data) and user is not None and user.active
            if ok:
                login_user(user)
                flash(f"Selamat datang, {user.nama}.", "sukses")
                return redirect(_safe_next(request.args.get("next")) or _home())
            flash("Nama pengguna atau kata sandi salah.", "galat")
            status = 401
        else:
            status = 400
    return render_template("login.html", form=form), status


@bp.route("/keluar", methods=["POST"])
def logout():
    logout_user()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/token", methods=["GET", "POST"])
@login_required
def tokens():
    """The signed-in user's API tokens: create (shown once) and list."""
    from . import services

    form = TokenForm()
    created = None
    if request.method == "POST" and form.validate_on_submit():
        with db().session() as sess:
            user = sess.get(User, current_user.id)
            _, created = services.create_token(sess, user, form.label.data)
        flash("Token dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi.", "sukses")
    with db().session() as sess:
        rows = [{"id": t.id, "label": t.label, "created_at": t.created_at,
                 "last_used_at": t.last_used_at, "revoked": t.revoked}
                for t in services.user_tokens(sess, sess.get(User, current_user.id))]
    return render_template("token.html", form=form, created=created, tokens=rows)


@bp.route("/token/<int:token_id>/cabut", methods=["POST"])
@login_required
def revoke(token_id: int):
    from . import services

    with db().session() as sess:
        ok = services.revoke_token(sess, sess.get(User, current_user.id), token_id)
    if not ok:
        abort(404)
    flash("Token dicabut; token itu tidak dapat dipakai lagi.", "info")
    return redirect(url_for("auth.tokens"))


__all__ = ["bp", "login_manager", "csrf", "admin_required", "hash_password", "check_password",
           "ApiToken", "login_required", "current_user"]
