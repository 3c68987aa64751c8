"""Map identity on the web: which map a stored version is, and correcting it.

``POST /laporan/<id>/peta`` moves a version to another map of its OPD (as that map's next
version) or makes it a map of its own; ``GET /peta/<OPD>/<map>`` lists every version of one
map. The notice that offers the move is the partial ``_identitas.html`` (the report page
includes it; its context comes from :func:`services.identity_notice`). Thin views over
:mod:`validator.web.services`.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from . import services
from .common import db, me, page_headers, when_text

bp = Blueprint("maps", __name__)
bp.after_request(page_headers)


def _back(default: str) -> str:
    """Where to go after a move: a path of this server given by the form, else ``default``."""
    target = (request.form.get("kembali") or "").strip()
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def _refused(status: int, message: str, sid: int):  # noqa: ANN202
    titles = {400: "Peta tujuan tidak valid", 403: "Akses ditolak",
              409: "Versi ini berubah sementara Anda memilih"}
    return render_template("galat.html", kode=status, judul=titles.get(status, "Tidak dapat dipindah"),
                           pesan=message, kembali=url_for("pages.report", submission_id=sid)), status


@bp.route("/laporan/<int:submission_id>/peta", methods=["POST"])
@login_required
def move(submission_id: int):
    """Record this version as the next version of another map of its OPD (``tujuan``: that
    map's key), or as a map of its own (``tujuan=baru``). ``dari``: the key the user saw."""
    with db().session() as sess:
        user = me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            abort(404)
        try:
            services.move_to_map(sess, user, sub, request.form.get("tujuan", ""),
                                 expected_key=request.form.get("dari"))
        except services.MapMoveError as exc:
            sess.rollback()
            return _refused(exc.http_status, exc.message, submission_id)
        match = services.map_match(sess, sub)
        words = "peta tersendiri" if match["earlier"] == 0 and match["versions"] == 1 else \
            f"versi {sub.version} dari peta {match['title']}"
        flash(f"Versi ini kini tercatat sebagai {words} ({match['words']}).", "sukses")
    return redirect(_back(url_for("pages.report", submission_id=submission_id)), 303)


@bp.route("/peta/<singkatan>/<path:peta>")
@login_required
def map_page(singkatan: str, peta: str):
    """Every version of one map of an OPD, newest first, with its counts and links. ``peta``
    is the map's key (as in its links) or the id of any of its versions."""
    if "\x00" in singkatan + peta or len(peta) > 1000:   # no name of ours (PostgreSQL refuses NUL)
        abort(404)
    with db().session() as sess:
        user = me(sess)
        opd = services.opd_by_singkatan(sess, singkatan)
        if opd is None or not (user.sees_all_opd or user.opd_id == opd.id):
            abort(404)
        key = peta
        if peta.isascii() and peta.isdigit():   # the id of one of its versions
            if len(peta) > 10 or int(peta) > 2**31 - 1:
                abort(404)
            sub = services.get_submission(sess, user, int(peta))
            if sub is None or sub.opd_id != opd.id:
                abort(404)
            key = sub.map_key
        versions = services.history(sess, opd, map_key=key)
        if not versions:
            abort(404)
        sims = services.simulations_of(sess, [s.id for s in versions])
        rows = [{"id": s.id, "version": s.version, "filename": s.filename,
                 "title": s.map_title or s.filename, "created": when_text(s.created_at),
                 "status": s.status, "errors": s.errors, "warnings": s.warnings,
                 "infos": s.infos, "uploader": s.uploader.nama if s.uploader else "—",
                 "simulations": len(sims.get(s.id, []))}
                for s in sorted(versions, key=lambda s: s.version, reverse=True)]
        newest = rows[0]
        context = {"opd": {"nama": opd.nama, "singkatan": opd.singkatan},
                   "key": key, "words": services.map_words(key), "title": newest["title"],
                   "rows": rows, "newest": newest,
                   "files": sorted({r["filename"] for r in rows})}
    return render_template("peta.html", **context)
