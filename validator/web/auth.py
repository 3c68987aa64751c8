"""Sign-in, sessions, roles, API tokens and CSRF.

Three roles: ``admin`` (Bagian Organisasi: everything), ``verifikator`` (reads and reviews
the maps of every OPD, reads the plan) and ``opd`` (only its own OPD). Web pages use a
session cookie (Flask-Login) and CSRF-protected forms (Flask-WTF); the API uses
``Authorization: Bearer <token>``, of which only the sha256 is stored.

Sessions live on the server: signing in creates a :class:`~validator.web.models.UserSession`
whose secret travels in the signed cookie; every request looks the row up, so logging out
(which deletes it) ends the session even for a copy of the cookie, and a password, role or
status change (which deletes all of the user's rows, :func:`accounts.end_sessions`) ends
every session of that user. A session ends after :data:`IDLE` without a request and
:data:`ABSOLUTE` after sign-in, whatever happens.

Sign-in is throttled per user name and per address: after ``LOGIN_MAX_FAILURES`` (10)
failures within ``LOGIN_WINDOW_MINUTES`` (15), every attempt (even with the right password)
gets 429 with ``Retry-After`` until the oldest failure leaves the window.
"""
from __future__ import annotations

import hashlib
import math
import secrets
from datetime import timedelta
from functools import wraps
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_login import (AnonymousUserMixin, LoginManager, current_user, login_required,
                         login_user, logout_user)
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from . import accounts, audit, errors
from .db import optional_writes
from .models import ApiToken, LoginFailure, User, UserSession, utcnow

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()

F = TypeVar("F", bound=Callable)

IDLE = timedelta(minutes=60)
ABSOLUTE = timedelta(hours=8)
SEEN_EVERY = timedelta(seconds=60)   # last_seen_at is written at most this often per session
SESSION_KEY = "ppb_sid"

# app.config keys, each overridable by the environment variable PPB_<key>
DEFAULTS = {"LOGIN_MAX_FAILURES": 10, "LOGIN_WINDOW_MINUTES": 15.0,
            "SESSION_IDLE_MINUTES": 60.0, "SESSION_ABSOLUTE_HOURS": 8.0}


# -- the User model as a Flask-Login user (no schema change) ----------------------------------

def _as_login_user(cls: type) -> None:
    cls.is_authenticated = property(lambda self: True)
    cls.is_anonymous = property(lambda self: False)
    cls.is_active = property(lambda self: bool(self.active))
    cls.get_id = lambda self: str(self.id)


_as_login_user(User)


class Anonymous(AnonymousUserMixin):
    is_admin = False
    is_verifikator = False
    sees_all_opd = False
    opd = None
    opd_id = None
    username = None
    role = None
    nama = "Tamu"


def hash_password(password: str) -> str:
    return accounts.hash_password(password)


def check_password(user: User | None, password: str) -> bool:
    if user is None:
        accounts.dummy_verify(password)
        return False
    return accounts.verify_password(user.password_hash, password)[0]


def db():
    return current_app.extensions["ppb_db"]


def _sid_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _cfg(key: str) -> float:
    return float(current_app.config.get(key, DEFAULTS[key]))


def load_user(user_id: str) -> User | None:
    """The signed-in user, if the cookie's server-side session is still alive."""
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        return None
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str) or not secret:
        return None
    sid = _sid_hash(secret)
    now = utcnow()
    with db().session() as sess:
        optional_writes(sess)   # last-seen notes: on read-only storage pages still answer
        row = sess.get(UserSession, sid)
        if row is None or row.user_id != uid:
            return None
        idle = timedelta(minutes=_cfg("SESSION_IDLE_MINUTES"))
        absolute = timedelta(hours=_cfg("SESSION_ABSOLUTE_HOURS"))
        if now - row.last_seen_at > idle or now - row.created_at > absolute:
            sess.delete(row)
            return None
        user = sess.scalar(select(User).options(selectinload(User.opd)).where(User.id == uid))
        if user is None or not user.active:
            return None
        if now - row.last_seen_at > SEEN_EVERY:
            row.last_seen_at = now
    g.ppb_session_id = sid
    return user


def current_session_id() -> str | None:
    return getattr(g, "ppb_session_id", None)


def admin_required(view: F) -> F:
    """Only the admin (Bagian Organisasi) may open the view; others get 403."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    wrapper.ppb_access = "admin"   # read by the access-control test over every route
    return wrapper  # type: ignore[return-value]


def reviewer_required(view: F) -> F:
    """Admins and verifikators (who read every OPD's maps) may open the view; others get 403."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.sees_all_opd:
            abort(403)
        return view(*args, **kwargs)
    wrapper.ppb_access = "reviewer"
    return wrapper  # type: ignore[return-value]


def _unauthorized():
    if errors.is_api_request():
        return errors.json_error(401)
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def init_app(app) -> None:  # noqa: ANN001
    import os

    if "login_manager" in app.extensions or getattr(app, "login_manager", None):
        return
    for key, default in DEFAULTS.items():
        env = os.environ.get(f"PPB_{key}")
        if key not in app.config:
            app.config[key] = type(default)(env) if env not in (None, "") else default
    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
    for key, value in {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=float(app.config["SESSION_ABSOLUTE_HOURS"])),
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

    @app.context_processor
    def _demo_banner() -> dict:
        """The red banner on every admin page while a demo password still works."""
        if getattr(current_user, "is_admin", False):
            try:
                with db().session() as sess:
                    return {"demo_password_active": accounts.demo_password_active(sess)}
            except Exception:  # noqa: BLE001 - never let the banner break a page
                return {"demo_password_active": False}
        return {"demo_password_active": False}


bp.record_once(lambda state: init_app(state.app))


# -- throttling --------------------------------------------------------------------------------

def _throttle_wait(sess, username: str, address: str) -> int:  # noqa: ANN001
    """Seconds until a sign-in may be tried again (0: now)."""
    window = timedelta(minutes=_cfg("LOGIN_WINDOW_MINUTES"))
    limit = int(_cfg("LOGIN_MAX_FAILURES"))
    since = utcnow() - window
    wait = 0.0
    for column, value in ((LoginFailure.username, username), (LoginFailure.address, address)):
        count, oldest = sess.execute(select(func.count(LoginFailure.id), func.min(LoginFailure.at))
                                     .where(column == value, LoginFailure.at > since)).one()
        if count >= limit and oldest is not None:
            if oldest.tzinfo is None:
                from datetime import timezone
                oldest = oldest.replace(tzinfo=timezone.utc)
            # the window frees a slot when enough of the oldest failures have aged out
            rows = list(sess.scalars(select(LoginFailure.at).where(column == value, LoginFailure.at > since)
                                     .order_by(LoginFailure.at).limit(count - limit + 1)))
            last = rows[-1]
            if last.tzinfo is None:
                from datetime import timezone
                last = last.replace(tzinfo=timezone.utc)
            wait = max(wait, (last + window - utcnow()).total_seconds())
    return max(0, math.ceil(wait))


def _note_failure(sess, username: str, address: str) -> None:  # noqa: ANN001
    sess.add(LoginFailure(username=username[:80], address=address[:64], at=utcnow()))
    # failures older than a day say nothing any more
    sess.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1)))


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} menit"


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
    headers: dict = {}
    if request.method == "POST":
        if form.validate_on_submit():
            username = form.username.data.strip().lower()
            address = audit.client_address() or "-"
            with db().session() as sess:
                wait = _throttle_wait(sess, username, address)
                if wait:
                    audit.record(sess, "masuk-ditahan", target=username[:80],
                                 detail=f"ditahan {wait} detik")
            if wait:
                flash(f"Terlalu banyak percobaan masuk yang gagal untuk akun ini atau dari alamat "
                      f"ini. Coba lagi dalam {_minutes(wait)}.", "galat")
                headers["Retry-After"] = str(wait)
                return render_template("login.html", form=form), 429, headers
            with db().session() as sess:
                user = accounts.get_user(sess, username)
                if user is None:
                    accounts.dummy_verify(form.password.data)
                    ok = rehash = False
                else:
                    ok, rehash = accounts.verify_password(user.password_hash, form.password.data)
                ok = ok and user is not None and bool(user.active)
                if ok:
                    if rehash:   # a hash of an earlier version becomes argon2
                        user.password_hash = accounts.hash_password(form.password.data)
                    secret = secrets.token_urlsafe(32)
                    sess.add(UserSession(id=_sid_hash(secret), user_id=user.id, created_at=utcnow(),
                                         last_seen_at=utcnow(), address=address[:64]))
                    audit.record(sess, "masuk", actor=user)
                else:
                    _note_failure(sess, username, address)
                    audit.record(sess, "masuk-gagal", target=username[:80],
                                 detail=("pengguna tidak dikenal" if user is None else
                                         "akun nonaktif" if not user.active else "kata sandi salah"))
            if ok:
                session.clear()           # no state carried over from before sign-in
                session[SESSION_KEY] = secret
                session.permanent = True
                login_user(user)
                flash(f"Selamat datang, {user.nama}.", "sukses")
                if user.demo_password:
                    flash("Akun ini masih memakai kata sandi demo yang diumumkan; gantilah sekarang "
                          "di halaman Kata sandi.", "galat")
                return redirect(_safe_next(request.args.get("next")) or _home())
            flash("Nama pengguna atau kata sandi salah.", "galat")
            status = 401
        else:
            status = 400
    with db().session() as sess:
        no_users = not sess.scalar(select(func.count(User.id)))
    return render_template("login.html", form=form, no_users=no_users), status, headers


@bp.route("/keluar", methods=["POST"])
def logout():
    secret = session.get(SESSION_KEY)
    if isinstance(secret, str) and secret:
        with db().session() as sess:
            row = sess.get(UserSession, _sid_hash(secret))
            if row is not None:
                user = sess.get(User, row.user_id)
                sess.delete(row)
                audit.record(sess, "keluar", actor=user)
    logout_user()
    session.clear()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))


class PasswordForm(FlaskForm):
    current = PasswordField("Kata sandi sekarang",
                            validators=[DataRequired("Kata sandi sekarang wajib diisi."), Length(max=200)])
    new = PasswordField("Kata sandi baru", validators=[DataRequired("Kata sandi baru wajib diisi."),
                                                       Length(max=200)])
    confirm = PasswordField("Ulangi kata sandi baru",
                            validators=[DataRequired("Ulangi kata sandi baru."), Length(max=200)])


@bp.route("/sandi", methods=["GET", "POST"])
@login_required
def password():
    """The signed-in user changes their own password; their other sessions and tokens end."""
    form = PasswordForm()
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            with db().session() as sess:
                user = sess.get(User, current_user.id)
                if not accounts.verify_password(user.password_hash, form.current.data)[0]:
                    problems.append("Kata sandi sekarang salah.")
                elif form.new.data != form.confirm.data:
                    problems.append("Kata sandi baru dan ulangannya tidak sama.")
                else:
                    try:
                        accounts.set_password(sess, user, form.new.data, actor=user,
                                              keep_session=current_session_id())
                    except accounts.AccountError as exc:
                        problems += exc.problems
            if not problems:
                flash("Kata sandi diganti. Sesi lain dan token API Anda telah diakhiri; buat token "
                      "baru bila plugin Modeler masih memerlukannya.", "sukses")
                return redirect(url_for("auth.password"))
            status = 422
        else:
            problems = [e for field in form for e in field.errors]
            status = 400
    return render_template("sandi.html", form=form, problems=problems,
                           min_length=accounts.MIN_LENGTH), status


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
            tok, created = services.create_token(sess, user, form.label.data)
            audit.record(sess, "token-buat", actor=user, target=tok.label)
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
        user = sess.get(User, current_user.id)
        ok = services.revoke_token(sess, user, token_id)
        if ok:
            audit.record(sess, "token-cabut", actor=user, target=str(token_id))
    if not ok:
        abort(404)
    flash("Token dicabut; token itu tidak dapat dipakai lagi.", "info")
    return redirect(url_for("auth.tokens"))


__all__ = ["bp", "login_manager", "csrf", "admin_required", "hash_password", "check_password",
           "ApiToken", "login_required", "current_user", "current_session_id"]
