"""The review cycle on the web: stage transitions and comments through the API and from the
report page, the queues (/antrian) and the in-app notices (/pemberitahuan).

API (JSON; errors in the usual ``{"error": {"code", "message"}}`` shape):
``POST /api/v1/submissions/<id>/ajukan``, ``/verifikasi``, ``/minta-revisi`` (``{"catatan"}``),
``GET /api/v1/submissions/<id>/tahap``, ``GET|POST /api/v1/submissions/<id>/komentar``
(``{"elemen", "teks", "balasan"}`` -> 201) and ``POST /api/v1/komentar/<id>/selesai``.
Wrong role 403, wrong stage 409, what the caller may not see 404, a bad body 400/422.

The report page shows the review box through ``templates/_tinjauan.html`` (its data from the
``tinjauan_for`` template function registered here), so the report view itself knows nothing
of the review. Everything decided lives in :mod:`validator.web.review`.
"""
from __future__ import annotations

from flask import (Blueprint, Flask, abort, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required
from pydantic import BaseModel, ConfigDict, Field

from . import review, services
from .apidoc import operation
from .auth import csrf, reviewer_required
from .common import ApiError, api_headers, api_user, db, json_object, me, page_headers, when_text
from .schemas import Body

bp_api = Blueprint("review_api", __name__, url_prefix="/api/v1")
bp_pages = Blueprint("review", __name__)
csrf.exempt(bp_api)   # bearer tokens; a session POST checks X-CSRFToken in api_user()
bp_api.after_request(api_headers)
bp_pages.after_request(page_headers)

TRANSITIONS = {"ajukan": "ajukan", "verifikasi": "verifikasi", "minta-revisi": "minta_revisi"}
DONE = {"ajukan": "Peta diajukan untuk diverifikasi.",
        "verifikasi": "Peta diverifikasi.",
        "minta-revisi": "Permintaan revisi dikirim kepada OPD."}


def register(app: Flask) -> None:
    """Both blueprints and the settings (``PPB_REVIEW_REFUSE_ERRORS``, ``PPB_SMTP_URL``)."""
    for key in review.SETTINGS:
        app.config[key] = _setting_in(app, key)
    app.register_blueprint(bp_api)
    app.register_blueprint(bp_pages)


def _setting_in(app: Flask, key: str):  # noqa: ANN202
    with app.app_context():
        return review.setting(key)


# -- API: what the OpenAPI document says -------------------------------------------------------

SUBMISSION_ID = {"submission_id": "id unggahan (versi peta)"}
COMMENT_ID = {"comment_id": "id komentar (utas mana pun ditandai lewat komentar pertamanya)"}
Stage = Field(description="draf | diajukan | perlu-revisi | diverifikasi | ditetapkan")


class NoteBody(Body):
    """Catatan tindakan tahap"""
    catatan: str | None = Field(None, max_length=review.MAX_NOTE, description=(
        "catatan; wajib untuk minta-revisi (apa yang perlu diperbaiki OPD)"))


class CommentBody(Body):
    """Komentar baru atau balasan"""
    elemen: str | None = Field(None, description="id elemen diagram versi ini; null: seluruh peta")
    teks: str = Field(min_length=1, max_length=review.MAX_TEXT, description="isi komentar")
    balasan: int | None = Field(None, description="id komentar yang dibalas (utas yang sama)")


class Person(BaseModel):
    username: str | None = None
    nama: str | None = None
    peran: str | None = Field(None, description="admin | verifikator | opd")


class StageEventOut(BaseModel):
    dari: str
    ke: str
    pada: str | None = Field(None, description="waktu ISO 8601")
    catatan: str = ""
    oleh: Person


class StageOut(BaseModel):
    """Tahap versi dan riwayatnya"""
    model_config = ConfigDict(extra="allow")
    id: int
    tahap: str = Stage
    riwayatTahap: list[StageEventOut]
    tindakan: list[str] | None = Field(None, description=(
        "tindakan yang boleh dicoba pemanggil sekarang: ajukan, minta-revisi, verifikasi"))


class CommentOut(BaseModel):
    """Satu komentar"""
    model_config = ConfigDict(extra="allow")
    id: int
    submission: int = Field(description="versi tempat komentar dibuat")
    versi: int | None = None
    elemen: str | None = None
    teks: str
    penulis: Person | None = None
    dibuatPada: str | None = None
    balasanUntuk: int | None = None
    selesai: bool
    diselesaikanPada: str | None = None
    diselesaikanOleh: Person | None = None


class ThreadOut(CommentOut):
    dariVersiSebelumnya: bool = False
    catatanVersi: str | None = Field(None, description="'dibuat pada versi N' untuk utas versi lama")
    elemenAda: bool | None = Field(None, description="apakah elemennya masih ada di versi ini")
    tanda: str | None = Field(None, description="'elemen tidak ada lagi di versi ini'")
    namaElemen: str | None = None
    balasan: list[CommentOut] = []


class ThreadList(BaseModel):
    """Utas komentar yang tampil pada satu versi"""
    submission: int
    versi: int
    tahap: str = Stage
    komentar: list[ThreadOut]
    count: int


TRANSITION_ERRORS = (400, 401, 403, 404, 409, 422, 500)


# -- API ---------------------------------------------------------------------------------------

def _visible(sess, user, submission_id: int):  # noqa: ANN001, ANN202
    sub = services.get_submission(sess, user, submission_id)
    if sub is None:   # missing and not-yours look the same
        raise ApiError(404, "NOT_FOUND", "Unggahan tidak ditemukan.")
    return sub


def _body() -> dict:
    """The JSON object sent ({} for an empty body); 400 for anything else."""
    return json_object('{"catatan": "..."}')


def _act(submission_id: int, action: str):  # noqa: ANN202
    user = api_user()
    with db().session() as sess:
        review.begin(sess)
        sub = _visible(sess, user, submission_id)
        body = _body()
        _run(sess, sub, user, action, body.get("catatan"))
        out = {"id": sub.id, **review.stage_brief(sess, sub)}
    return jsonify(out)


def _run(sess, sub, user, action: str, catatan):  # noqa: ANN001, ANN202
    fn = getattr(review, TRANSITIONS[action])
    if action == "ajukan":
        return fn(sess, sub, user, catatan, refuse_errors=review.setting("REVIEW_REFUSE_ERRORS"))
    return fn(sess, sub, user, catatan)


@bp_api.post("/submissions/<int:submission_id>/ajukan")
@operation(summary="Ajukan versi peta untuk diverifikasi (pengguna OPD pemiliknya atau admin)",
           description="Hanya versi terbaru sebuah peta, dari tahap draf atau perlu-revisi. "
                       "Dengan pengaturan server `PPB_REVIEW_REFUSE_ERRORS` versi yang masih "
                       "memuat kesalahan ditolak (409 `HAS_ERRORS`).",
           path=SUBMISSION_ID, body=NoteBody, responses={200: StageOut},
           errors=TRANSITION_ERRORS, tags=("tinjauan",), check=False)
def api_submit(submission_id: int):
    """Submit a version for review (its OPD's users, or an admin)."""
    return _act(submission_id, "ajukan")


@bp_api.post("/submissions/<int:submission_id>/verifikasi")
@operation(summary="Verifikasi versi yang diajukan (verifikator atau admin)", path=SUBMISSION_ID,
           body=NoteBody, responses={200: StageOut}, errors=TRANSITION_ERRORS, tags=("tinjauan",),
           description="Dua verifikator yang bertindak bersamaan: satu berhasil, yang lain "
                       "mendapat 409 `CONFLICT`.", check=False)
def api_verify(submission_id: int):
    """Verify a submitted version (verifikator or admin)."""
    return _act(submission_id, "verifikasi")


@bp_api.post("/submissions/<int:submission_id>/minta-revisi")
@operation(summary="Minta revisi versi yang diajukan, dengan catatan (verifikator atau admin)",
           path=SUBMISSION_ID, body=NoteBody, responses={200: StageOut},
           errors=TRANSITION_ERRORS, tags=("tinjauan",), check=False)
def api_ask_revision(submission_id: int):
    """Ask for revision of a submitted version, with a note (verifikator or admin)."""
    return _act(submission_id, "minta-revisi")


@bp_api.get("/submissions/<int:submission_id>/tahap")
@operation(summary="Tahap versi, riwayatnya, dan tindakan yang boleh dicoba pemanggil",
           path=SUBMISSION_ID, responses={200: StageOut}, errors=(401, 404, 500),
           tags=("tinjauan",), check=False)
def api_stage(submission_id: int):
    """The version's stage, its history, and what the caller may do now."""
    user = api_user()
    with db().session() as sess:
        sub = _visible(sess, user, submission_id)
        out = {"id": sub.id, **review.stage_brief(sess, sub),
               "tindakan": review.allowed_actions(sess, user, sub)}
    return jsonify(out)


# one rule for both methods: werkzeug answers a too-large id with 405 instead of 404 when
# two rules share a path and differ only by method
@bp_api.route("/submissions/<int:submission_id>/komentar", methods=["GET", "POST"])
@operation(summary="Utas komentar pada versi ini dan versi sebelumnya dari peta yang sama",
           method="get", path=SUBMISSION_ID, responses={200: ThreadList}, errors=(401, 404, 500),
           tags=("tinjauan",), check=False)
@operation(summary="Komentar pada elemen atau seluruh peta, atau balasan dalam utas",
           method="post", path=SUBMISSION_ID, body=CommentBody, responses={201: CommentOut},
           errors=(400, 401, 403, 404, 422, 500), tags=("tinjauan",), check=False)
def api_comments(submission_id: int):
    """GET: the comment threads showing on this version (its own and its map's earlier
    versions'). POST: a comment on an element (``elemen``) or on the whole map (null), or a
    reply (``balasan``); 201 with the comment."""
    if request.method == "POST":
        return _add_comment(submission_id)
    user = api_user()
    with db().session() as sess:
        sub = _visible(sess, user, submission_id)
        threads = review.comment_threads(sess, sub)
        out = {"submission": sub.id, "versi": sub.version, "tahap": review.stage_of(sess, sub),
               "komentar": threads, "count": len(threads)}
    return jsonify(out)


def _add_comment(submission_id: int):  # noqa: ANN202
    user = api_user()
    with db().session() as sess:
        review.begin(sess)
        sub = _visible(sess, user, submission_id)
        body = _body()
        comment = review.add_comment(sess, sub, user, body.get("teks"), body.get("elemen"),
                                     body.get("balasan"))
        out = review.comment_dict(comment, sub)
    return jsonify(out), 201


@bp_api.post("/komentar/<int:comment_id>/selesai")
@operation(summary="Tandai utas komentar selesai", path=COMMENT_ID, responses={200: CommentOut},
           errors=(401, 403, 404, 409, 500), tags=("tinjauan",), check=False)
def api_resolve(comment_id: int):
    """Mark a thread resolved (any comment of it names it); 409 when it already is."""
    user = api_user()
    with db().session() as sess:
        review.begin(sess)
        comment = review.get_comment(sess, user, comment_id)
        if comment is None:
            raise ApiError(404, "NOT_FOUND", "Komentar tidak ditemukan.")
        root = review.resolve_comment(sess, comment, user)
        out = review.comment_dict(root, root.submission)
    return jsonify(out)


# -- the report page's review box --------------------------------------------------------------

@bp_pages.app_context_processor
def _template_functions() -> dict:
    return {"tinjauan_for": tinjauan_for, "tinjauan_peta": tinjauan_peta,
            "unread_notices": unread_notices,
            "tahap_label": lambda t: review.LABELS.get(t, t)}


def unread_notices() -> int:
    """For the header: the signed-in user's unread notices (0 when signed out)."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    try:
        with db().session() as sess:
            return review.unread_count(sess, me(sess))
    except Exception:  # noqa: BLE001 - a count in the header never breaks a page
        return 0


def tinjauan_for(submission_id: int) -> dict | None:
    """What _tinjauan.html shows on the report of ``submission_id`` (None: nothing)."""
    with db().session() as sess:
        user = me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            return None
        stage = review.stage_of(sess, sub)
        findings = ((services.report_for(sub).get("files") or [{}])[0].get("findings") or [])
        errors = [f for f in findings if f.get("severity") == "error" and not f.get("suppressed")]
        elements = review.element_ids(sub)
        versions = review.map_versions(sess, sub)
        stages = review.stages_of(sess, [v.id for v in versions])
        return {
            "id": sub.id, "versi": sub.version, "tahap": stage, "label": review.LABELS[stage],
            "riwayat": [{**review.event_dict(ev), "waktu": when_text(ev.at),
                         "dari_label": review.LABELS.get(ev.dari, ev.dari),
                         "ke_label": review.LABELS.get(ev.ke, ev.ke)}
                        for ev in review.stage_history(sess, sub)],
            "tindakan": review.allowed_actions(sess, user, sub, stage),
            "errors": sub.errors, "warnings": sub.warnings, "kesalahan": errors[:10],
            "refuse_errors": bool(review.setting("REVIEW_REFUSE_ERRORS")),
            "may_comment": review.may_comment(user, sub),
            "threads": [{**t, "waktu": when_text(t["dibuatPada"]),
                         "balasan": [{**r, "waktu": when_text(r["dibuatPada"])} for r in t["balasan"]]}
                        for t in review.comment_threads(sess, sub)],
            "elements": sorted(({"id": k, **v} for k, v in elements.items()),
                               key=lambda e: (e["jenis"] or "", (e["nama"] or e["id"]).lower())),
            "versions": [{"id": v.id, "versi": v.version, "tahap": review.LABELS[stages[v.id]],
                          "current": v.id == sub.id} for v in versions],
            "newer": next(({"id": v.id, "versi": v.version} for v in reversed(versions)
                           if v.version > sub.version), None),
        }


def tinjauan_peta(submission_ids) -> list[dict]:  # noqa: ANN001
    """For the map's page (_tinjauan_peta.html): each version's stage and its transitions
    (who, when, note), newest version first; versions the user may not see are left out."""
    with db().session() as sess:
        user = me(sess)
        out = []
        for sid in submission_ids:
            sub = services.get_submission(sess, user, sid)
            if sub is None:
                continue
            stage = review.stage_of(sess, sub)
            out.append({"id": sub.id, "versi": sub.version, "tahap": stage,
                        "label": review.LABELS[stage],
                        "riwayat": [{**review.event_dict(ev), "waktu": when_text(ev.at),
                                     "ke_label": review.LABELS.get(ev.ke, ev.ke)}
                                    for ev in review.stage_history(sess, sub)]})
        return sorted(out, key=lambda v: -v["versi"])


def _back(submission_id: int, anchor: str = "tinjauan"):  # noqa: ANN202
    return redirect(url_for("pages.report", submission_id=submission_id, _anchor=anchor), code=303)


def _page_refusal(exc: ApiError, submission_id: int):  # noqa: ANN202
    if exc.status in (403, 404):
        abort(exc.status)
    flash(exc.message, "galat")
    return _back(submission_id)


def _page_act(submission_id: int, action: str):  # noqa: ANN202
    with db().session() as sess:
        review.begin(sess)
        user = me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            abort(404)
        try:
            _run(sess, sub, user, action, request.form.get("catatan"))
        except ApiError as exc:
            sess.rollback()
            return _page_refusal(exc, submission_id)
    flash(DONE[action], "sukses")
    return _back(submission_id)


@bp_pages.post("/tinjauan/<int:submission_id>/ajukan")
@login_required
def submit_page(submission_id: int):
    return _page_act(submission_id, "ajukan")


@bp_pages.post("/tinjauan/<int:submission_id>/verifikasi")
@login_required
@reviewer_required
def verify_page(submission_id: int):
    return _page_act(submission_id, "verifikasi")


@bp_pages.post("/tinjauan/<int:submission_id>/minta-revisi")
@login_required
@reviewer_required
def ask_revision_page(submission_id: int):
    return _page_act(submission_id, "minta-revisi")


@bp_pages.post("/tinjauan/<int:submission_id>/komentar")
@login_required
def comment_page(submission_id: int):
    parent = (request.form.get("balasan") or "").strip()
    with db().session() as sess:
        review.begin(sess)
        user = me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            abort(404)
        try:
            balasan = int(parent) if parent else None
        except ValueError:
            balasan = -1
        try:
            comment = review.add_comment(sess, sub, user, request.form.get("teks"),
                                         request.form.get("elemen") or None, balasan)
        except ApiError as exc:
            sess.rollback()
            return _page_refusal(exc, submission_id)
        anchor = f"komentar-{comment.parent_id or comment.id}"
    flash("Balasan disimpan." if balasan else "Komentar disimpan.", "sukses")
    return _back(submission_id, anchor)


@bp_pages.post("/tinjauan/komentar/<int:comment_id>/selesai")
@login_required
def resolve_page(comment_id: int):
    with db().session() as sess:
        review.begin(sess)
        user = me(sess)
        comment = review.get_comment(sess, user, comment_id)
        if comment is None:
            abort(404)
        back = comment.submission_id
        wanted = request.form.get("kembali", "")
        if wanted.isdigit() and services.get_submission(sess, user, int(wanted)) is not None:
            back = int(wanted)
        try:
            root = review.resolve_comment(sess, comment, user)
        except ApiError as exc:
            sess.rollback()
            return _page_refusal(exc, back)
        anchor = f"komentar-{root.id}"
    flash("Komentar ditandai selesai.", "sukses")
    return _back(back, anchor)


# -- queues and notices ------------------------------------------------------------------------

@bp_pages.get("/antrian")
@login_required
def queue():
    """Verifikators and admins: submitted versions, oldest first. OPD users: their versions
    needing revision with the open comments, and those waiting for verification."""
    with db().session() as sess:
        user = me(sess)
        if user.sees_all_opd:
            rows = review.reviewer_queue(sess)
            for r in rows:
                r["sejak_teks"] = when_text(r["sejak"])
            return render_template("antrian.html", reviewer=True, rows=rows)
        mine = review.opd_queue(sess, user.opd_id)
        for group in mine.values():
            for r in group:
                r["sejak_teks"] = when_text(r["sejak"])
        return render_template("antrian.html", reviewer=False, opd=user.opd.nama if user.opd else None,
                               **mine)


@bp_pages.get("/pemberitahuan")
@login_required
def notices():
    with db().session() as sess:
        user = me(sess)
        rows = [{"id": n.id, "text": n.text, "link": n.link, "waktu": when_text(n.created_at),
                 "unread": n.read_at is None} for n in review.notices_of(sess, user)]
        address = review.address_of(sess, user)
    return render_template("pemberitahuan.html", rows=rows, address=address,
                           mail_on=bool(review.setting("SMTP_URL")),
                           unread=sum(1 for r in rows if r["unread"]))


@bp_pages.post("/pemberitahuan/baca")
@login_required
def notices_read():
    with db().session() as sess:
        count = review.mark_read(sess, me(sess))
    flash(f"{count} pemberitahuan ditandai sudah dibaca." if count else
          "Tidak ada pemberitahuan yang belum dibaca.", "info")
    return redirect(url_for("review.notices"), code=303)


@bp_pages.get("/pemberitahuan/<int:notice_id>/buka")
@login_required
def notice_open(notice_id: int):
    """Open what a notice is about (it is marked read); only the user's own notices."""
    with db().session() as sess:
        user = me(sess)
        row = review.get_notice(sess, user, notice_id)
        if row is None:
            abort(404)
        review.mark_read(sess, user, notice_id)
        link = row.link if row.link.startswith("/") and not row.link.startswith("//") else ""
    return redirect(link or url_for("review.notices"), code=303)


@bp_pages.post("/pemberitahuan/surel")
@login_required
def notice_address():
    with db().session() as sess:
        try:
            address = review.set_address(sess, me(sess), request.form.get("surel"))
        except ApiError as exc:
            sess.rollback()
            flash(exc.message, "galat")
            return redirect(url_for("review.notices"), code=303)
    flash(f"Pemberitahuan juga dikirim ke {address}." if address else
          "Pemberitahuan tidak dikirim lewat surel.", "sukses")
    return redirect(url_for("review.notices"), code=303)
