"""What every blueprint of the server shares, so that blueprints depend on this module and on
the services, never on one another: the database and the signed-in user, the pages' and the
API's security headers, the API caller (bearer token or session), request parameters and
uploads, the OPD a request works for, and dates in Indonesian."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Response, abort, current_app, g, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..report.labels import MONTHS
from .errors import ApiError
from .models import Opd, User

# Only this server: no CDN, no inline script, no inline style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
RAW_TYPES = {"application/xml", "text/xml", "application/bpmn+xml", "application/octet-stream",
             "application/zip", "application/x-zip-compressed", ""}


def db():
    """The application's :class:`~validator.web.db.Database`."""
    return current_app.extensions["ppb_db"]


def _services():
    from . import services
    return services


def page_headers(resp: Response, csp: str = CSP) -> Response:
    """The security headers of every page (this blueprint's and the other page blueprints')."""
    resp.headers.setdefault("Content-Security-Policy", csp)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    resp.headers.setdefault("X-Frame-Options", "DENY")
    return resp


def me(sess):
    """The signed-in user as an object of this session (with its OPD)."""
    from .models import User
    user = sess.get(User, current_user.id)
    if user is None:
        abort(403)
    return user


def aware(value: datetime) -> datetime:
    """SQLite gives back naive times; they were stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def when_text(value: datetime | None) -> str:
    """'27 November 2026 20.44' in local server time ('—' when there is no time)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year} {value.hour:02d}.{value.minute:02d}"


def short_date(value: datetime | None, with_time: bool = False) -> str:
    """'27 Nov' or, for uploads within a day or two, '27 Nov 20.44'."""
    if not isinstance(value, datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone()
    text = f"{value.day} {MONTHS[value.month - 1][:3]}"
    return f"{text} {value.hour:02d}.{value.minute:02d}" if with_time else text


def api_headers(resp: Response) -> Response:
    """The headers of every API answer (this blueprint's and the other API blueprints')."""
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Cache-Control", "no-store")
    return resp


def api_user() -> User:
    """The caller: the owner of a valid bearer token, or the signed-in session user."""
    if "api_user" in g:
        return g.api_user
    header = request.headers.get("Authorization")
    user = None
    if header is not None:
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(401, "INVALID_TOKEN", "Header Authorization harus berbentuk 'Bearer <token>'.")
        with db().session() as sess:
            # one read, on every API call: no BEGIN/COMMIT round trips around it (the
            # once-a-minute "last used" note is then its own statement)
            sess.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            user = _services().user_for_token(sess, secret.strip())   # its OPD loaded with it
        if user is None:
            raise ApiError(401, "INVALID_TOKEN", "Token tidak dikenal, sudah dicabut, atau pemiliknya "
                                                 "tidak aktif.")
    elif current_user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            from flask_wtf.csrf import ValidationError, validate_csrf

            try:
                validate_csrf(request.headers.get("X-CSRFToken"))
            except ValidationError:
                raise ApiError(403, "CSRF", "Permintaan dengan sesi masuk memerlukan header "
                                            "X-CSRFToken yang sah; atau pakai token API.") from None
        user = current_user._get_current_object()
    else:
        raise ApiError(401)
    g.api_user = user
    return user


def upload_from_request() -> tuple[str, bytes]:
    """(file name, bytes) from a multipart ``file`` field or from the raw body."""
    if request.mimetype == "multipart/form-data":
        f = request.files.get("file")
        if f is None:
            raise ApiError(400, "MISSING_FILE", "Kirim berkas pada bidang multipart 'file' "
                                                "(.bpmn atau .zip).")
        return f.filename or "peta.bpmn", f.read()
    if request.mimetype in RAW_TYPES:
        data = request.get_data(cache=False)
        if not data:
            raise ApiError(400, "EMPTY", "Badan permintaan kosong; kirim XML BPMN atau berkas .zip.")
        default = "peta.zip" if request.mimetype in ("application/zip",
                                                     "application/x-zip-compressed") else "peta.bpmn"
        return request.args.get("filename") or default, data
    raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE",
                   f"Jenis isi '{request.mimetype}' tidak didukung; kirim application/xml "
                   "(XML BPMN), application/zip, atau multipart/form-data dengan bidang 'file'.")


def request_param(name: str, urlencoded: bool = False) -> str | None:
    """A parameter from the form, else the query string. Only a multipart form is read by
    default: /validate takes a raw XML body, which curl sends as urlencoded, and reading it
    as a form would consume it; endpoints without a raw body pass ``urlencoded=True``."""
    forms = ("multipart/form-data", "application/x-www-form-urlencoded") if urlencoded \
        else ("multipart/form-data",)
    value = request.form.get(name) if request.mimetype in forms else None
    return value if value is not None else request.args.get(name)


def target_opd(sess, user: User, singkatan: str | None) -> Opd:  # noqa: ANN001
    """The OPD a request works for: the named one (admins: any; others: their own), else the
    user's own."""
    if singkatan:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == singkatan))
        if opd is None:
            raise ApiError(404, "OPD_NOT_FOUND", f"OPD '{singkatan}' tidak dikenal.")
        if not user.is_admin and opd.id != user.opd_id:
            raise ApiError(403, "FORBIDDEN", "Anda hanya dapat bekerja atas nama OPD Anda sendiri.")
        return opd
    if user.opd_id is None:
        raise ApiError(422, "NO_OPD", "Akun ini tidak terhubung ke OPD mana pun; sebutkan 'opd'.")
    return sess.get(Opd, user.opd_id)


def job_links(job_id: str) -> dict:
    """Where a job is read, shown and cancelled."""
    return {"self": url_for("jobs_api.job", job_id=job_id),
            "page": url_for("jobs_pages.job_page", job_id=job_id),
            "cancel": url_for("jobs_api.cancel_job", job_id=job_id)}


def json_object(example: str) -> dict:
    """The JSON object a request sent ({} for an empty body); 400 ``BAD_JSON`` for anything
    else, the message showing ``example`` (a small JSON object of that endpoint)."""
    if not request.get_data(cache=True):
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "BAD_JSON", f"Badan permintaan harus berupa objek JSON, misalnya {example}.")
    return data
