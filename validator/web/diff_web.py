"""Two versions of a map compared: the page (/laporan/<id>/beda/<other>) draws both with
bpmn-js-differ's colours and lists the changes; the API (/api/v1/submissions/<id>/beda/<other>)
gives the same list as JSON. The list is :mod:`validator.diff`'s, computed from the stored
bytes; the comparison always runs from the older version to the newer, whichever order the
URL names them in, and says which is which.

``/laporan/<id>/beda/sebelumnya`` opens the comparison with the version before, and
``/laporan/<id>/beda/revisi`` with the newest earlier version that a verifikator sent back
for revision ("apa yang berubah sejak versi yang diminta revisi").
"""
from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import select

from ..diff import compare_bytes
from ..errors import BpmnReadError
from . import review, schemas, services
from .apidoc import operation
from .common import api_headers, api_user, db, me, page_headers, when_text
from .errors import ApiError
from .models import StageEvent, Submission

bp = Blueprint("diff_web", __name__)

BUNDLE = ("beda/diff-viewer.js", "beda/diff-viewer.css")

# Labels of the change kinds and of the attributes a change names.
KINDS = (("added", "ditambah", "Ditambahkan"), ("removed", "dihapus", "Dihapus"),
         ("changed", "diubah", "Diubah"), ("moved", "dipindah", "Hanya dipindah"))
ATTR_LABELS = {
    "name": "nama", "type": "jenis elemen", "documentation": "dokumentasi", "source": "asal alur",
    "target": "tujuan alur", "condition": "kondisi", "lane": "lajur (pelaksana)",
    "attachedTo": "menempel pada", "default": "alur bawaan", "eventDefinitions": "jenis peristiwa",
    "process": "proses", "text": "teks",
}


@bp.after_request
def _headers(resp: Response) -> Response:
    from flask import request

    if request.path.startswith("/api/"):
        return api_headers(resp)
    resp.headers.setdefault("Cache-Control", "no-store")
    return page_headers(resp)


def map_key(sub: Submission) -> str:
    return review.map_key(sub)


def previous_version(sess, sub: Submission) -> Submission | None:
    """The version of the same map stored just before ``sub``."""
    return sess.scalar(select(Submission)
                       .where(review._same_map(sub), Submission.version < sub.version)
                       .order_by(Submission.version.desc()).limit(1))


def revision_version(sess, sub: Submission) -> Submission | None:
    """The newest earlier version of the same map that was sent back for revision
    (stage ``perlu-revisi`` in its history), or None."""
    return sess.scalar(select(Submission)
                       .join(StageEvent, StageEvent.submission_id == Submission.id)
                       .where(review._same_map(sub), Submission.version < sub.version,
                              StageEvent.ke == review.PERLU_REVISI)
                       .order_by(Submission.version.desc()).limit(1))


def _pair(a: Submission, b: Submission) -> tuple[Submission, Submission]:
    """(older, newer) by version within a map, else by upload time."""
    def order(s: Submission):
        return (s.created_at, s.id) if map_key(a) != map_key(b) or a.opd_id != b.opd_id \
            else (s.version, s.id)
    return (a, b) if order(a) <= order(b) else (b, a)


def _brief(sub: Submission) -> dict:
    return {"id": sub.id, "filename": sub.filename, "version": sub.version,
            "createdAt": sub.created_at.isoformat() if sub.created_at else None,
            "opd": sub.opd.singkatan if sub.opd else None, "map": map_key(sub)}


def difference(old: Submission, new: Submission) -> dict:
    """The JSON difference from ``old`` to ``new`` (raises BpmnReadError when a version
    cannot be read as BPMN)."""
    diff = compare_bytes(services.submission_bytes(old), services.submission_bytes(new))
    body = diff.as_dict()
    body["old"] = _brief(old)
    body["new"] = _brief(new)
    body["sameMap"] = old.opd_id == new.opd_id and map_key(old) == map_key(new)
    return body


def _unreadable() -> str:
    return "Salah satu versi tidak dapat dibaca sebagai BPMN, sehingga tidak dapat dibandingkan."


# -- API ----------------------------------------------------------------------------------------

@bp.get("/api/v1/submissions/<int:submission_id>/beda/<int:other_id>")
@operation(summary="Perbedaan dua versi peta yang boleh dilihat pemanggil (elemen ditambah, "
                   "dihapus, diubah, dipindah)",
           path={"submission_id": "id unggahan (satu versi)", "other_id": "id unggahan lain"},
           responses={200: schemas.MapDifference}, errors=(401, 404, 422, 500))
def api_difference(submission_id: int, other_id: int):
    """What changed between two stored versions the caller may see (404 otherwise)."""
    user = api_user()
    with db().session() as sess:
        a = services.get_submission(sess, user, submission_id)
        b = services.get_submission(sess, user, other_id)
        if a is None or b is None:
            raise ApiError(404, "NOT_FOUND", "Unggahan tidak ditemukan.")
        old, new = _pair(a, b)
        try:
            body = difference(old, new)
        except BpmnReadError:
            raise ApiError(422, "UNREADABLE", _unreadable()) from None
    return jsonify(body)


# -- pages --------------------------------------------------------------------------------------

def bundle_ready() -> bool:
    static = Path(current_app.static_folder)
    return all((static / name).is_file() for name in BUNDLE)


def _label(key: str) -> str:
    return key if key.startswith("ppb:") else ATTR_LABELS.get(key, key)


def _show(value) -> str:  # noqa: ANN001
    if value is None or value == "":
        return "—"
    text = str(value)
    return text if len(text) <= 160 else text[:160] + "…"


def _view(body: dict) -> dict:
    groups = []
    for key, css, title in KINDS:
        items = []
        for item in body[key]:
            attrs = [{"label": _label(k), "old": _show(v["old"]), "new": _show(v["new"])}
                     for k, v in (item.get("attrs") or {}).items()]
            items.append({**item, "attrs": attrs})
        groups.append({"key": key, "css": css, "title": title, "items": items})
    map_attrs = [{"label": k, "old": _show(v["old"]), "new": _show(v["new"])}
                 for k, v in body["mapAttrs"].items()]
    return {"groups": groups, "map_attrs": map_attrs}


@bp.get("/laporan/<int:submission_id>/beda/<int:other_id>")
@login_required
def page(submission_id: int, other_id: int):
    with db().session() as sess:
        user = me(sess)
        a = services.get_submission(sess, user, submission_id)
        b = services.get_submission(sess, user, other_id)
        if a is None or b is None:
            abort(404)
        old, new = _pair(a, b)
        try:
            body = difference(old, new)
            problem = None
        except BpmnReadError:
            body, problem = None, _unreadable()
        info = {side: {"id": s.id, "filename": s.filename, "version": s.version,
                       "opd": s.opd.nama if s.opd else "", "created": when_text(s.created_at)}
                for side, s in (("old", old), ("new", new))}
        data = None
        if body is not None:
            data = {"old": {"xml": services.submission_bytes(old).decode("utf-8", "replace")},
                    "new": {"xml": services.submission_bytes(new).decode("utf-8", "replace")}}
        back = new.id
    html = render_template(
        "beda.html", info=info, body=body, view=_view(body) if body else None, problem=problem,
        data_json=json.dumps(data, ensure_ascii=False).replace("</", "<\\/") if data else None,
        ready=bundle_ready(), back=back)
    return Response(html, status=422 if problem else 200)


@bp.get("/laporan/<int:submission_id>/beda/sebelumnya")
@login_required
def previous(submission_id: int):
    return _go(submission_id, previous_version,
               "Ini versi pertama peta ini: belum ada versi sebelumnya untuk dibandingkan.")


@bp.get("/laporan/<int:submission_id>/beda/revisi")
@login_required
def since_revision(submission_id: int):
    return _go(submission_id, revision_version,
               "Belum ada versi sebelumnya dari peta ini yang diminta revisi.")


def _go(submission_id: int, find, message: str):  # noqa: ANN001
    from flask import flash

    with db().session() as sess:
        user = me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            abort(404)
        other = find(sess, sub)
        if other is None or services.get_submission(sess, user, other.id) is None:
            flash(message, "info")
            return redirect(url_for("pages.report", submission_id=sub.id))
        return redirect(url_for("diff_web.page", submission_id=sub.id, other_id=other.id))
