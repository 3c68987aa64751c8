"""Errors: always ``{"error": {"code", "message"}}`` JSON under /api/, Indonesian pages elsewhere.

Flask's own errors (an unknown URL, a wrong method, a body over MAX_CONTENT_LENGTH)
are turned into the same JSON shape when the path is under /api/.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template_string, request
from markupsafe import escape
from flask.typing import ResponseReturnValue
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException

from .db import StorageUnavailable, storage_problem
from .security import UploadError, human_size

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

# status -> (code, Indonesian message)
STANDARD: dict[int, tuple[str, str]] = {
    400: ("BAD_REQUEST", "Permintaan tidak valid."),
    401: ("UNAUTHORIZED", "Autentikasi diperlukan: kirim header 'Authorization: Bearer <token>' "
                          "atau masuk terlebih dahulu."),
    403: ("FORBIDDEN", "Anda tidak berhak mengakses sumber ini."),
    404: ("NOT_FOUND", "Sumber yang diminta tidak ditemukan."),
    405: ("METHOD_NOT_ALLOWED", "Metode HTTP ini tidak diizinkan untuk alamat ini."),
    413: ("PAYLOAD_TOO_LARGE", "Kiriman terlalu besar."),
    415: ("UNSUPPORTED_MEDIA_TYPE", "Jenis isi kiriman tidak didukung."),
    422: ("UNPROCESSABLE", "Isi kiriman tidak dapat diproses."),
    429: ("TOO_MANY_REQUESTS", "Terlalu banyak permintaan; coba lagi sebentar lagi."),
    500: ("INTERNAL", "Terjadi kesalahan internal pada server; mohon laporkan kepada pengelola."),
    503: ("SERVICE_UNAVAILABLE", "Layanan sedang tidak tersedia; coba lagi sebentar lagi."),
}
STORAGE_RETRY_SECONDS = 60     # Retry-After of a 503 for storage trouble


class ApiError(Exception):
    """An error a view raises to answer with the JSON error shape."""

    def __init__(self, status: int, code: str | None = None, message: str | None = None,
                 details: list[dict] | None = None) -> None:
        default_code, default_message = STANDARD.get(status, ("ERROR", "Terjadi kesalahan."))
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.details = details   # [{"path", "message"}]: every problem of a refused request
        super().__init__(self.message)


def json_error(status: int, code: str | None = None, message: str | None = None,
               details: list[dict] | None = None):
    err = ApiError(status, code, message)
    body = {"code": err.code, "message": err.message}
    if details:
        body["details"] = details
    resp = jsonify({"error": body})
    resp.status_code = status
    if status == 401:
        resp.headers["WWW-Authenticate"] = 'Bearer realm="ppb"'
    return resp


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


_PAGE = """{% extends "base.html" %}
{% block title %}{{ judul }}{% endblock %}
{% block content %}<section class="galat"><h1>{{ judul }}</h1><p>{{ pesan }}</p>
<p><a href="/">Kembali ke halaman utama</a></p></section>{% endblock %}"""

_TITLES = {400: "Permintaan tidak valid", 401: "Perlu masuk", 403: "Akses ditolak",
           404: "Halaman tidak ditemukan", 405: "Metode tidak diizinkan",
           413: "Berkas terlalu besar", 415: "Jenis berkas tidak didukung",
           422: "Berkas tidak dapat diproses", 500: "Kesalahan server",
           503: "Layanan tidak tersedia"}


def _page(status: int, message: str | None = None, title: str | None = None):
    code, default = STANDARD.get(status, ("ERROR", "Terjadi kesalahan."))
    ctx = {"kode": status, "judul": title or _TITLES.get(status, "Terjadi kesalahan"),
           "pesan": message or default}
    try:
        from flask import render_template

        body = render_template("galat.html", **ctx)   # the pages' own error page, when present
    except TemplateNotFound:
        body = render_template_string(_PAGE, **ctx)
    return body, status


def storage_response(exc: StorageUnavailable):
    """503 for storage trouble: JSON ``STORAGE_UNAVAILABLE`` under /api/, else a page. The
    page falls back to plain HTML when even rendering the layout needs the storage."""
    if is_api_request():
        resp = json_error(503, exc.code, exc.message)
    else:
        try:
            body, _status = _page(503, exc.message, "Penyimpanan tidak tersedia")
        except Exception:  # noqa: BLE001 - e.g. the signed-in user cannot be read
            body = ("<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><title>Penyimpanan "
                    f"tidak tersedia</title><h1>Penyimpanan tidak tersedia</h1><p>{escape(exc.message)}"
                    "</p></html>")
        resp = make_response(body, 503)
    resp.headers["Retry-After"] = str(STORAGE_RETRY_SECONDS)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _too_large_message() -> str:
    from flask import current_app

    limit = current_app.config.get("MAX_ZIP_BYTES")
    return (f"Kiriman terlalu besar; batas satu berkas {human_size(current_app.config['MAX_FILE_BYTES'])}"
            f" dan satu arsip ZIP {human_size(limit)}." if limit else STANDARD[413][1])


def init_app(app: Flask) -> None:
    if app.extensions.get("ppb_errors"):
        return
    app.extensions["ppb_errors"] = True

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> ResponseReturnValue:
        if is_api_request():
            return json_error(exc.status, exc.code, exc.message, exc.details)
        return _page(exc.status, exc.message)

    @app.errorhandler(UploadError)
    def _upload_error(exc: UploadError) -> ResponseReturnValue:
        if is_api_request():
            resp = json_error(exc.http_status, exc.code, exc.message_id)
            if exc.problems:   # every refused file of the upload, each with its own code
                body = resp.get_json()
                body["error"]["problems"] = [p.as_dict() for p in exc.problems]
                resp.set_data(jsonify(body).get_data())
            return resp
        return _page(exc.http_status, exc.message_id)

    @app.errorhandler(StorageUnavailable)
    def _storage_error(exc: StorageUnavailable) -> ResponseReturnValue:
        return storage_response(exc)

    from ..plan import PlanError

    @app.errorhandler(PlanError)
    def _plan_error(exc: PlanError) -> ResponseReturnValue:
        status = 413 if exc.code == "TOO_LARGE" else 422
        if is_api_request():
            resp = json_error(status, f"PLAN_{exc.code}", exc.message)
            body = resp.get_json()
            body["error"]["problems"] = [{"code": p.code, "path": p.path, "message": p.message}
                                         for p in exc.problems]
            resp.set_data(jsonify(body).get_data())
            return resp
        return _page(status, exc.message)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        if status < 400:        # redirects raised as exceptions (RequestRedirect) pass through
            return exc
        if is_api_request():
            message = None
            if status == 413:
                message = _too_large_message()
            elif status == 400 and exc.description and "CSRF" in str(exc.description):
                message = "Token CSRF tidak ada atau tidak valid."
            resp = json_error(status, None, message)
            if status == 405 and exc.get_headers():
                for k, v in exc.get_headers():
                    if k.lower() == "allow":
                        resp.headers["Allow"] = v
            return resp
        if status == 400 and "CSRF" in str(exc.description or ""):
            return _page(400, "Formulir kedaluwarsa atau token keamanan (CSRF) tidak valid; "
                              "muat ulang halaman lalu coba lagi.")
        if status == 413:
            return _page(413, _too_large_message())
        return _page(status)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> ResponseReturnValue:
        if isinstance(exc, HTTPException):   # pragma: no cover - handled above
            return _http_error(exc)
        kind = storage_problem(exc)
        if kind is not None:   # a full or read-only disk is no bug: 503, and the pool heals
            db = app.extensions.get("ppb_db")
            if db is not None:
                db.trouble(kind, exc)
            return storage_response(StorageUnavailable(kind, str(exc)))
        log.exception("unhandled error on %s", request.path)
        if app.config.get("PROPAGATE_EXCEPTIONS") and not is_api_request():
            raise exc
        if is_api_request():
            return json_error(500)
        return _page(500)
