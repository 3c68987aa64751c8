"""Jobs over HTTP: ``POST /api/v1/jobs``, ``GET /api/v1/jobs[/<id>]``,
``POST /api/v1/jobs/<id>/batal`` and the page ``/pekerjaan/<id>`` (a progress bar that
static/pekerjaan.js refreshes from the API, and a "Batalkan" button).

Access is the submissions' rule: an admin sees every job, an OPD user only their OPD's;
a job one may not see answers 404, like one that does not exist. Only the submitter and
admins cancel a job (403 for the rest of its OPD). A job whose row cannot be read (the
database refuses) answers 503 with an Indonesian message, never 500.
"""
from __future__ import annotations

import logging
from typing import Optional

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from pydantic import Field
from sqlalchemy.exc import SQLAlchemyError

from . import jobs, schemas
from .apidoc import operation
from .common import api_headers, api_user, job_links, page_headers, request_param, target_opd, when_text
from .common import upload_from_request as _upload_from_request
from .auth import csrf
from .errors import ApiError
from .models import User

log = logging.getLogger(__name__)

bp_api = Blueprint("jobs_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp_api)   # bearer tokens; session POSTs are checked by api.api_user (X-CSRFToken)
bp_pages = Blueprint("jobs_pages", __name__)

MAX_LIST = 200
UNREADABLE = ("Data pekerjaan tidak dapat dibaca saat ini (basis data tidak menjawab); coba lagi "
              "beberapa saat lagi. Bila terus terjadi, hubungi pengelola.")


def _db():
    return current_app.extensions["ppb_db"]


bp_api.after_request(api_headers)
bp_pages.after_request(page_headers)


def _raise_api(exc: Exception):  # noqa: ANN202
    if isinstance(exc, jobs.JobError):
        raise ApiError(exc.http_status, exc.code, exc.message) from None
    raise exc


def _unreadable(exc: Exception) -> ApiError:
    log.error("jobs: the database refused a read: %s", exc)
    return ApiError(503, "JOB_UNAVAILABLE", UNREADABLE)


class JobParams(schemas.Params):
    kind: str = Field(min_length=1, title="jenis pekerjaan", description=(
        "`validasi-set` (arsip .zip) atau `simulasi` (satu peta .bpmn)"),
        json_schema_extra={"x-error-code": "MISSING_KIND"})
    profile: schemas.Profile = "standar"
    opd: Optional[str] = Field(None, description=(
        "singkatan OPD (hanya admin untuk OPD lain)"))
    cases: Optional[int] = Field(None, title="jumlah kasus", description="simulasi: jumlah kasus")
    replications: Optional[int] = Field(None, title="jumlah replikasi",
                                        description="simulasi: jumlah replikasi")
    seed: Optional[int] = Field(None, title="benih acak", description="simulasi: benih acak")
    warmup: Optional[int] = Field(None, title="kasus pemanasan",
                                  description="simulasi: kasus pemanasan")


@bp_api.post("/jobs")
@operation(
    summary="Memulai pekerjaan panjang (mis. memeriksa arsip ZIP berisi banyak peta)",
    description=(
        "Jenis `validasi-set`: setiap peta dalam arsip diperiksa dan disimpan sebagai "
        "unggahan OPD pemilik token (admin dapat menyebut `opd`), semuanya sekaligus "
        "di akhir (bila satu peta tidak terbaca, arsip ditolak seluruhnya); "
        "kemajuan dan hasilnya dibaca di `GET /jobs/{job_id}` atau halaman "
        "`/pekerjaan/{job_id}`. Arsip yang tidak sah ditolak langsung. Jenis "
        "`simulasi`: satu peta .bpmn disimulasikan dengan `cases`, `replications`, "
        "`seed`, `warmup` (batasnya seperti `/simulate`); hasilnya (waktu dalam menit) "
        "disimpan bersama skenario, hash model, benih dan versi."),
    params=JobParams, urlencoded=True, files={"file": "arsip .zip, atau satu peta .bpmn"},
    responses={202: ("Pekerjaan diterima (header Location: alamat statusnya)", schemas.Job)},
    errors=(400, 401, 403, 404, 413, 415, 422, 429, 500, 503))
def create_job(params: JobParams):
    """Start a job: multipart ``kind`` (validasi-set, simulasi) + ``file`` (.zip, or one .bpmn
    to simulate); optional ``opd`` (admin), ``profile``, and the kind's own fields (simulasi:
    ``cases``, ``replications``, ``seed``, ``warmup``). Answers 202 with the job's id and links;
    429 OPD_QUOTA when the OPD has its quota of jobs waiting or running."""

    user = api_user()
    kind = params.kind
    spec = jobs.KINDS.get(kind)
    if spec is None:
        raise ApiError(400, "UNKNOWN_KIND", f"Jenis pekerjaan '{kind}' tidak dikenal; tersedia: "
                                            f"{', '.join(sorted(jobs.KINDS))}.")
    filename, data = _upload_from_request() if spec.needs_file else (None, None)
    with _db().session() as sess:
        opd = target_opd(sess, user, params.opd) if spec.needs_opd else None
        opd_id = opd.id if opd is not None else None
    values = {"profile": params.profile}
    for name in spec.fields:   # what this kind takes beside the file (e.g. a scenario)
        value = getattr(params, name, None)
        if value is None and name not in JobParams.model_fields:   # a kind's field not declared
            value = request_param(name, urlencoded=True)            # above: as sent
        if value is not None:
            values[name] = value
    try:
        job_id = jobs.submit(kind, values, opd_id=opd_id, owner_id=user.id, filename=filename,
                             data=data)
    except jobs.JobError as exc:
        _raise_api(exc)
    try:
        with _db().session() as sess:
            body = jobs.as_dict(sess.get(jobs.Job, job_id))
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from None
    body["links"] = job_links(job_id)
    resp = jsonify(body)
    resp.status_code = 202
    resp.headers["Location"] = body["links"]["self"]
    return resp


class JobsQuery(schemas.Params):
    limit: int = Field(50, description="berapa banyak, terbaru lebih dulu (1-200; di luar "
                                       "rentang itu dibawa ke batasnya)")


JOB_ID = {"job_id": "id pekerjaan"}


@bp_api.get("/jobs")
@operation(summary="Daftar pekerjaan yang boleh dilihat pemanggil, terbaru lebih dulu (tanpa hasil)",
           query=JobsQuery, responses={200: schemas.JobList}, errors=(400, 401, 500, 503))
def list_jobs(query: JobsQuery):
    """The caller's visible jobs, newest first (without their results)."""

    user = api_user()
    limit = min(max(query.limit, 1), MAX_LIST)
    try:
        with _db().session() as sess:
            items = []
            for job in jobs.visible_jobs(sess, user, limit):
                item = jobs.as_dict(job)
                item.pop("result", None)
                item["links"] = job_links(job.id)
                items.append(item)
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from None
    return jsonify({"jobs": items, "count": len(items)})


@bp_api.get("/jobs/<job_id>")
@operation(summary="Status, kemajuan (0-100) dan hasil satu pekerjaan", path=JOB_ID,
           responses={200: schemas.Job}, errors=(401, 404, 500, 503))
def job(job_id: str):

    user = api_user()
    try:
        with _db().session() as sess:
            found = jobs.get_job(sess, user, job_id)
            if found is None:   # missing and not-yours look the same
                raise ApiError(404, "NOT_FOUND", "Pekerjaan tidak ditemukan.")
            body = jobs.as_dict(found)
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from None
    body["links"] = job_links(job_id)
    return jsonify(body)


def _cancel(user, job_id: str) -> dict:  # noqa: ANN001
    """Cancel for ``user``; the job as the API gives it. JobError/ApiError on refusal."""
    runner = current_app.extensions.get("ppb_jobs")
    try:
        with _db().session() as sess:
            fresh = sess.get(User, user.id)
            found = jobs.cancel(sess, fresh, job_id, runner)
            body = jobs.as_dict(found)
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from None
    return body


@bp_api.post("/jobs/<job_id>/batal")
@operation(summary=("Membatalkan pekerjaan (pengirimnya atau admin): yang menunggu langsung "
                    "`dibatalkan` (200), yang berjalan dihentikan dalam beberapa detik (202)"),
           path=JOB_ID,
           responses={200: ("Pekerjaan dibatalkan", schemas.Job),
                      202: ("Pembatalan diminta", schemas.Job)},
           errors=(401, 403, 404, 409, 500, 503))
def cancel_job(job_id: str):
    """Cancel a job (its submitter or an admin): 200 with the job ended ``dibatalkan`` when it
    was waiting; 202 when it runs (``cancelRequested``; it stops within seconds); 404 for a job
    one may not see, 403 for one of one's OPD that one did not submit, 409 when it has ended."""

    user = api_user()
    try:
        body = _cancel(user, job_id)
    except jobs.JobError as exc:
        _raise_api(exc)
    body["links"] = job_links(job_id)
    resp = jsonify(body)
    resp.status_code = 200 if body["status"] in jobs.FINAL else 202
    return resp


def _unreadable_page():
    from .errors import _page

    return _page(503, UNREADABLE)


@bp_pages.route("/pekerjaan/<job_id>")
@login_required
def job_page(job_id: str):

    try:
        with _db().session() as sess:
            user = sess.get(User, current_user.id)
            found = jobs.get_job(sess, user, job_id) if user is not None else None
            if found is None:
                abort(404)
            info = jobs.as_dict(found)
            info["created"] = when_text(found.created_at)
            info["finished"] = when_text(found.finished_at) if found.finished_at else None
            can_cancel = found.status in jobs.ACTIVE and jobs.may_cancel(user, found) \
                and not found.cancel_requested
            has_output = found.status == jobs.DONE and bool(found.output_name)
    except SQLAlchemyError as exc:
        log.error("jobs: the database refused a read: %s", exc)
        return _unreadable_page()
    charts = {}
    if info["kind"] == "simulasi" and info.get("result"):
        from ..sim.html import charts_for

        charts = charts_for(info["result"])
    # a job that produced a file (a document): documents_web's download of it
    output_url = url_for("documents_api.job_output", job_id=job_id) if has_output else None
    return render_template("pekerjaan.html", job=info, api_url=url_for("jobs_api.job", job_id=job_id),
                           final=info["status"] in jobs.FINAL, charts=charts, can_cancel=can_cancel,
                           cancel_url=url_for("jobs_pages.cancel_page", job_id=job_id),
                           output_url=output_url)


@bp_pages.post("/pekerjaan/<job_id>/batal")
@login_required
def cancel_page(job_id: str):
    """The page's "Batalkan" button (a form with its CSRF token)."""
    try:
        body = _cancel(current_user, job_id)
    except jobs.JobError as exc:
        if exc.http_status == 404:
            abort(404)
        if exc.http_status == 403:
            return _forbidden(exc.message)
        flash(exc.message, "error")
        return redirect(url_for("jobs_pages.job_page", job_id=job_id))
    except ApiError as exc:
        if exc.status == 503:
            return _unreadable_page()
        raise
    if body["status"] in jobs.FINAL:
        flash("Pekerjaan dibatalkan sebelum dimulai.", "info")
    else:
        flash("Pembatalan diminta; pekerjaan dihentikan dalam beberapa detik.", "info")
    return redirect(url_for("jobs_pages.job_page", job_id=job_id))


def _forbidden(message: str):
    from .errors import _page

    return _page(403, message)


