"""Editions on the web: the pages (/edisi, /edisi/<id>, /edisi/<a>/beda/<b>) and the API.

API (JSON; errors in the usual ``{"error": {"code", "message"}}`` shape):
``GET /api/v1/edisi`` (list), ``POST /api/v1/edisi`` (``{"nama", "tahun", "salinDari"?}`` -> 201
with ``id``), ``GET /api/v1/edisi/<id>`` (members, what is missing, set findings),
``POST /api/v1/edisi/<id>/peta`` (``{"submission": id}``: only verified versions, else 409),
``DELETE /api/v1/edisi/<id>/peta/<submission_id>``, ``POST /api/v1/edisi/<id>/tetapkan``
(``{"nomor", "tanggal"}``) and ``GET /api/v1/edisi/<id>/beda/<other_id>``.
Wrong role 403, enacted edition or wrong stage 409, what the caller may not see 404, a bad
body 400/422. Everything decided lives in :mod:`validator.web.editions`.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from . import editions, review, schemas
from .apidoc import operation
from .auth import csrf
from .common import ApiError, api_headers, api_user, db, json_object, me, page_headers, when_text

bp_api = Blueprint("editions_api", __name__, url_prefix="/api/v1")
bp_pages = Blueprint("editions", __name__)
csrf.exempt(bp_api)   # bearer tokens; a session POST checks X-CSRFToken in api_user()
bp_api.after_request(api_headers)
bp_pages.after_request(page_headers)


def register(app) -> None:  # noqa: ANN001
    app.register_blueprint(bp_api)
    app.register_blueprint(bp_pages)


def _body() -> dict:
    return json_object('{"nama": "Peta Proses Bisnis Kota Pariaman 2025", "tahun": 2025}')


def _edition_or_404(sess, user, edition_id: int):  # noqa: ANN001, ANN202
    ed = editions.get_edition(sess, user, edition_id)
    if ed is None:
        raise ApiError(404, "NOT_FOUND", "Edisi tidak ditemukan.")
    return ed


# -- API ---------------------------------------------------------------------------------------

@bp_api.get("/edisi")
@operation(summary="Daftar edisi peta proses bisnis", responses={200: schemas.EditionList},
           errors=(401, 500), tags=("edisi",))
def api_list():
    user = api_user()
    with db().session() as sess:
        items = [editions.as_dict(sess, ed, with_gaps=False)
                 for ed in editions.visible_editions(sess, user)]
    return jsonify({"edisi": items, "count": len(items)})


@bp_api.post("/edisi")
@operation(summary="Membuat edisi baru (hanya admin), bisa menyalin anggota edisi lain",
           body=schemas.EditionCreate, check=False,
           responses={201: ("Edisi dibuat", schemas.Edition)},
           errors=(400, 401, 403, 404, 409, 422, 500), tags=("edisi",))
def api_create():
    user = api_user()
    editions.require_admin(user)       # the role first, then the body
    body = _body()
    with db().session() as sess:
        source = None
        if body.get("salinDari") is not None:
            source = _edition_or_404(sess, user, body["salinDari"])
        ed = editions.create(sess, user, body.get("nama"), body.get("tahun"), copy_from=source)
        out = editions.as_dict(sess, ed, with_gaps=False)
    return jsonify(out), 201


@bp_api.get("/edisi/<int:edition_id>")
@operation(summary="Satu edisi: anggotanya, yang belum ada, dan temuan set",
           path={"edition_id": "id edisi"}, responses={200: schemas.Edition},
           errors=(401, 404, 500), tags=("edisi",))
def api_get(edition_id: int):
    user = api_user()
    with db().session() as sess:
        out = editions.as_dict(sess, _edition_or_404(sess, user, edition_id))
    return jsonify(out)


@bp_api.post("/edisi/<int:edition_id>/peta")
@operation(summary="Menambah versi peta yang sudah diverifikasi ke edisi (hanya admin)",
           description="Versi yang belum diverifikasi, atau edisi yang sudah ditetapkan: 409.",
           path={"edition_id": "id edisi"}, body=schemas.EditionAddMap, check=False,
           responses={201: ("Edisi dengan anggota barunya (`ditambah`, `digantikan`)",
                            schemas.Edition)},
           errors=(400, 401, 403, 404, 409, 422, 500), tags=("edisi",))
def api_add(edition_id: int):
    user = api_user()
    with db().session() as sess:
        ed = _edition_or_404(sess, user, edition_id)
        editions.require_admin(user)
        body = _body()
        if "submission" not in body:
            raise ApiError(422, "BAD_SUBMISSION", "Sebutkan versi peta: {\"submission\": id}.")
        member, replaced = editions.add_version(sess, user, ed, body["submission"])
        out = editions.as_dict(sess, ed, with_gaps=False)
        out["ditambah"] = member.submission_id
        out["digantikan"] = replaced.id if replaced is not None else None
    return jsonify(out), 201


@bp_api.delete("/edisi/<int:edition_id>/peta/<int:submission_id>")
@operation(summary="Mengeluarkan versi peta dari edisi (hanya admin)",
           path={"edition_id": "id edisi", "submission_id": "id versi peta"},
           responses={200: ("Edisi tanpa versi itu", schemas.Edition)},
           errors=(401, 403, 404, 409, 500), tags=("edisi",))
def api_remove(edition_id: int, submission_id: int):
    user = api_user()
    with db().session() as sess:
        ed = _edition_or_404(sess, user, edition_id)
        editions.remove_version(sess, user, ed, submission_id)
        out = editions.as_dict(sess, ed, with_gaps=False)
    return jsonify(out)


@bp_api.post("/edisi/<int:edition_id>/tetapkan")
@operation(summary="Menetapkan edisi dengan nomor dan tanggal penetapan (hanya admin)",
           path={"edition_id": "id edisi"}, body=schemas.EditionEnact, check=False,
           responses={200: ("Edisi yang ditetapkan", schemas.Edition)},
           errors=(400, 401, 403, 404, 409, 422, 500), tags=("edisi",))
def api_enact(edition_id: int):
    user = api_user()
    with db().session() as sess:
        ed = _edition_or_404(sess, user, edition_id)
        editions.require_admin(user)
        body = _body()
        editions.enact(sess, user, ed, body.get("nomor"), body.get("tanggal"))
        out = editions.as_dict(sess, ed, with_gaps=False)
    return jsonify(out)


@bp_api.get("/edisi/<int:edition_id>/beda/<int:other_id>")
@operation(summary="Perbedaan dua edisi: peta ditambah, dihapus, dan diganti versinya",
           path={"edition_id": "id edisi", "other_id": "id edisi pembanding"},
           responses={200: schemas.EditionComparison}, errors=(401, 404, 500), tags=("edisi",))
def api_compare(edition_id: int, other_id: int):
    user = api_user()
    with db().session() as sess:
        a = _edition_or_404(sess, user, edition_id)
        b = _edition_or_404(sess, user, other_id)
        out = editions.compare(sess, a, b)
    return jsonify(out)


# -- pages -------------------------------------------------------------------------------------

def _row(sess, ed) -> dict:  # noqa: ANN001
    return {"id": ed.id, "nama": ed.nama, "tahun": ed.tahun, "status": ed.status,
            "status_label": editions.STATUS_LABELS.get(ed.status, ed.status),
            "nomor": ed.nomor, "tanggal": ed.tanggal, "peta": len(ed.members),
            "created": when_text(ed.created_at), "enacted": when_text(ed.enacted_at),
            "sha256": ed.members_sha256, "salinan_dari": ed.copied_from_id}


@bp_pages.get("/edisi")
@login_required
def index():
    with db().session() as sess:
        user = me(sess)
        rows = [_row(sess, ed) for ed in editions.visible_editions(sess, user)]
        enacted = [r for r in rows if r["status"] == editions.DITETAPKAN]
        is_admin = user.is_admin
    return render_template("edisi_daftar.html", rows=rows, enacted=enacted, is_admin=is_admin)


@bp_pages.post("/edisi")
@login_required
def create_page():
    with db().session() as sess:
        user = me(sess)
        source = None
        if request.form.get("salin_dari"):
            source = editions.get_edition(sess, user, request.form.get("salin_dari"))
            if source is None:
                abort(404)
        try:
            ed = editions.create(sess, user, request.form.get("nama"), request.form.get("tahun"),
                                 copy_from=source)
        except ApiError as exc:
            if exc.status == 403:
                abort(403)
            flash(exc.message, "galat")
            return redirect(url_for("editions.index"))
        eid = ed.id
    flash("Edisi dibuat.", "sukses")
    return redirect(url_for("editions.page", edition_id=eid))


@bp_pages.get("/edisi/<int:edition_id>")
@login_required
def page(edition_id: int):
    with db().session() as sess:
        user = me(sess)
        ed = editions.get_edition(sess, user, edition_id)
        if ed is None:
            abort(404)
        body = editions.as_dict(sess, ed)
        row = _row(sess, ed)
        candidates = []
        if user.is_admin and ed.status == editions.DRAF:
            candidates = [{"id": s.id, "judul": review.map_title(s), "versi": s.version,
                           "opd": s.opd.singkatan if s.opd else "", "errors": s.errors}
                          for s in editions.verified_candidates(sess, ed)]
        others = [{"id": o.id, "nama": o.nama} for o in editions.visible_editions(sess, user)
                  if o.id != ed.id]
        visible_ids = {m["submission"] for m in body["peta"]
                       if _sees(sess, user, m["submission"])}
        is_admin = user.is_admin
    return render_template("edisi.html", ed=row, body=body, candidates=candidates, others=others,
                           visible_ids=visible_ids, is_admin=is_admin)


def _sees(sess, user, submission_id: int) -> bool:  # noqa: ANN001
    from . import services

    return services.get_submission(sess, user, submission_id) is not None


def _form_action(edition_id: int, act):  # noqa: ANN001, ANN202
    with db().session() as sess:
        user = me(sess)
        ed = editions.get_edition(sess, user, edition_id)
        if ed is None:
            abort(404)
        try:
            message = act(sess, user, ed)
        except ApiError as exc:
            if exc.status == 403:
                abort(403)
            sess.rollback()
            flash(exc.message, "galat")
            return redirect(url_for("editions.page", edition_id=edition_id))
    flash(message, "sukses")
    return redirect(url_for("editions.page", edition_id=edition_id))


@bp_pages.post("/edisi/<int:edition_id>/peta")
@login_required
def add_page(edition_id: int):
    def act(sess, user, ed):  # noqa: ANN001, ANN202
        member, replaced = editions.add_version(sess, user, ed, request.form.get("submission"))
        return ("Versi dimasukkan ke edisi" +
                (f", menggantikan versi {replaced.version}." if replaced is not None else "."))
    return _form_action(edition_id, act)


@bp_pages.post("/edisi/<int:edition_id>/peta/<int:submission_id>/hapus")
@login_required
def remove_page(edition_id: int, submission_id: int):
    def act(sess, user, ed):  # noqa: ANN001, ANN202
        editions.remove_version(sess, user, ed, submission_id)
        return "Versi dikeluarkan dari edisi."
    return _form_action(edition_id, act)


@bp_pages.post("/edisi/<int:edition_id>/tetapkan")
@login_required
def enact_page(edition_id: int):
    def act(sess, user, ed):  # noqa: ANN001, ANN202
        editions.enact(sess, user, ed, request.form.get("nomor"), request.form.get("tanggal"))
        return f"Edisi ditetapkan: {ed.nomor}, {ed.tanggal}."
    return _form_action(edition_id, act)


@bp_pages.get("/edisi/<int:edition_id>/beda/<int:other_id>")
@login_required
def compare_page(edition_id: int, other_id: int):
    with db().session() as sess:
        user = me(sess)
        a = editions.get_edition(sess, user, edition_id)
        b = editions.get_edition(sess, user, other_id)
        if a is None or b is None:
            abort(404)
        # from the older edition to the newer
        if (b.tahun, b.id) < (a.tahun, a.id):
            a, b = b, a
        body = editions.compare(sess, a, b)
    return render_template("edisi_beda.html", body=body)
