"""Jobs over HTTP: ``POST /api/v1/jobs``, ``GET /api/v1/jobs[/<id>]`` and the page
``/pekerjaan/<id>`` (a progress bar that static/pekerjaan.js refreshes from the API).

Access is the submissions' rule: an admin sees every job, an OPD user only their OPD's;
a job one may not see answers 404, like one that does not exist.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from . import jobs
from .api import api_headers, request_param, target_opd
from .auth import csrf
from .errors import ApiError
from .pages import page_headers
from .models import Opd, User

bp_api = Blueprint("jobs_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp_api)   # bearer tokens; session POSTs are checked by api.api_user (X-CSRFToken)
bp_pages = Blueprint("jobs_pages", __name__)

MAX_LIST = 200


def _db():
    return current_app.extensions["ppb_db"]


bp_api.after_request(api_headers)
bp_pages.after_request(page_headers)


def _links(job_id: str) -> dict:
    return {"self": url_for("jobs_api.job", job_id=job_id),
            "page": url_for("jobs_pages.job_page", job_id=job_id)}


def _raise_api(exc: Exception):  # noqa: ANN202
    if isinstance(exc, jobs.JobError):
        raise ApiError(exc.http_status, exc.code, exc.message) from None
    raise exc


@bp_api.post("/jobs")
def create_job():
    """Start a job: multipart ``kind`` (validasi-set, simulasi) + ``file`` (.zip, or one .bpmn
    to simulate); optional ``opd`` (admin), ``profile``, and the kind's own fields (simulasi:
    ``cases``, ``replications``, ``seed``, ``warmup``). Answers 202 with the job's id and links."""
    from .api import _upload_from_request, api_user

    user = api_user()
    kind = (request_param("kind", urlencoded=True) or "").strip()
    if not kind:
        raise ApiError(400, "MISSING_KIND", "Sebutkan jenis pekerjaan pada bidang 'kind' "
                                            f"({', '.join(sorted(jobs.KINDS))}).")
    spec = jobs.KINDS.get(kind)
    if spec is None:
        raise ApiError(400, "UNKNOWN_KIND", f"Jenis pekerjaan '{kind}' tidak dikenal; tersedia: "
                                            f"{', '.join(sorted(jobs.KINDS))}.")
    filename, data = _upload_from_request() if spec.needs_file else (None, None)
    with _db().session() as sess:
        opd = target_opd(sess, user, request_param("opd", urlencoded=True)) if spec.needs_opd else None
        opd_id = opd.id if opd is not None else None
    params = {"profile": request_param("profile", urlencoded=True) or "standar"}
    for name in spec.fields:   # what this kind takes beside the file (e.g. a scenario)
        value = request_param(name, urlencoded=True)
        if value is not None:
            params[name] = value
    try:
        job_id = jobs.submit(kind, params, opd_id=opd_id, owner_id=user.id, filename=filename,
                             data=data)
    except jobs.JobError as exc:
        _raise_api(exc)
    with _db().session() as sess:
        body = jobs.as_dict(sess.get(jobs.Job, job_id))
    body["links"] = _links(job_id)
    resp = jsonify(body)
    resp.status_code = 202
    resp.headers["Location"] = body["links"]["self"]
    return resp


@bp_api.get("/jobs")
def list_jobs():
    """The caller's visible jobs, newest first (without their results)."""
    from .api import api_user

    user = api_user()
    try:
        limit = min(max(int(request.args.get("limit", 50)), 1), MAX_LIST)
    except ValueError:
        raise ApiError(400, "BAD_PARAMETER", "Parameter 'limit' harus berupa bilangan bulat.") from None
    with _db().session() as sess:
        items = []
        for job in jobs.visible_jobs(sess, user, limit):
            item = jobs.as_dict(job)
            item.pop("result", None)
            item["links"] = _links(job.id)
            items.append(item)
    return jsonify({"jobs": items, "count": len(items)})


@bp_api.get("/jobs/<job_id>")
def job(job_id: str):
    from .api import api_user

    user = api_user()
    with _db().session() as sess:
        found = jobs.get_job(sess, user, job_id)
        if found is None:   # missing and not-yours look the same
            raise ApiError(404, "NOT_FOUND", "Pekerjaan tidak ditemukan.")
        body = jobs.as_dict(found)
    body["links"] = _links(job_id)
    return jsonify(body)


@bp_pages.route("/pekerjaan/<job_id>")
@login_required
def job_page(job_id: str):
    from .pages import when_text

    with _db().session() as sess:
        user = sess.get(User, current_user.id)
        found = jobs.get_job(sess, user, job_id) if user is not None else None
        if found is None:
            abort(404)
        info = jobs.as_dict(found)
        info["created"] = when_text(found.created_at)
        info["finished"] = when_text(found.finished_at) if found.finished_at else None
    charts = {}
    if info["kind"] == "simulasi" and info.get("result"):
        from .simulation import charts_for

        charts = charts_for(info["result"])
    return render_template("pekerjaan.html", job=info, api_url=url_for("jobs_api.job", job_id=job_id),
                           final=info["status"] in (jobs.DONE, jobs.FAILED), charts=charts)


def upload_as_job(context: dict, opd: Opd, user: User, filename: str | None, data: bytes):  # noqa: ANN201
    """For the upload page: a ZIP with more maps than ZIP_JOB_MAPS becomes a validasi-set job
    and the answer is a redirect to its page; None for an upload checked at once as before."""
    from flask import flash, redirect

    from .pages import _upload_failed
    from .security import UploadError

    limit = int(current_app.config.get("ZIP_JOB_MAPS", jobs.DEFAULTS["ZIP_JOB_MAPS"]))
    count = jobs.count_maps(filename, data)
    if count <= limit:
        return None
    try:
        job_id = jobs.submit("validasi-set", {"profile": "standar"}, opd_id=opd.id,
                             owner_id=user.id, filename=filename, data=data)
    except jobs.JobError as exc:
        return _upload_failed(context, exc.message, exc.http_status)
    except UploadError as exc:
        return _upload_failed(context, exc.message_id, exc.http_status)
    flash(f"Arsip berisi {count} peta; peta diperiksa satu per satu di latar belakang. Kemajuannya "
          "tampil di bawah; setiap peta tersimpan di Riwayat begitu selesai diperiksa.", "info")
    return redirect(url_for("jobs_pages.job_page", job_id=job_id))
