"""The web modeler: draw or correct a map in the browser, check it, store a new version.

``/modeler/<id>`` opens a stored submission (same access rule as its report: an OPD user
only their OPD's submissions), ``/modeler/baru`` an empty diagram. The page itself holds
no script: the bundle built by ``make assets`` (plugin/web-modeler -> static/modeler/)
reads the URLs it needs from data-* attributes, loads the XML from ``/modeler/<id>/xml``,
and validates and saves through the REST API (POST /api/v1/validate, with ``simpan=1``
for a new version) with the session and its CSRF token.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, url_for
from flask_login import login_required

from .common import db as _db, me as _me, page_headers

bp = Blueprint("modeler", __name__, url_prefix="/modeler")

BUNDLE = ("modeler/modeler.js", "modeler/modeler.css")
# As the other pages (pages.CSP), plus data: images: the properties panel's stylesheet draws
# its small arrows as inline SVG images.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


@bp.after_request
def _security_headers(resp: Response) -> Response:
    resp.headers.setdefault("Cache-Control", "no-store")   # the page carries the user's map
    return page_headers(resp, CSP)


def bundle_ready() -> bool:
    """Whether ``make assets`` has built the modeler bundle."""
    static = Path(current_app.static_folder)
    return all((static / name).is_file() for name in BUNDLE)


def _visible(sess, user, submission_id: int):
    from . import services

    sub = services.get_submission(sess, user, submission_id)
    if sub is None:   # missing and not-yours look the same
        abort(404)
    return sub


def _opd_choices(sess, user) -> list[dict]:
    from .models import Opd

    if not user.is_admin:
        return []
    return [{"singkatan": o.singkatan, "nama": o.nama}
            for o in sess.query(Opd).order_by(Opd.nama).all()]


@bp.route("/<int:submission_id>")
@login_required
def page(submission_id: int):
    with _db().session() as sess:
        user = _me(sess)
        sub = _visible(sess, user, submission_id)
        meta = {"id": sub.id, "filename": sub.filename, "version": sub.version,
                "opd": sub.opd.nama, "singkatan": sub.opd.singkatan,
                "xml_url": url_for("modeler.xml", submission_id=sub.id)}
    return render_template("modeler.html", sub=meta, opds=[], is_admin=False,
                           own_opd=None, ready=bundle_ready())


@bp.route("/baru")
@login_required
def new():
    with _db().session() as sess:
        user = _me(sess)
        opds = _opd_choices(sess, user)
        own = {"nama": user.opd.nama, "singkatan": user.opd.singkatan} if user.opd else None
        is_admin = user.is_admin
    return render_template("modeler.html", sub=None, opds=opds, is_admin=is_admin,
                           own_opd=own, ready=bundle_ready())


@bp.route("/<int:submission_id>/xml")
@login_required
def xml(submission_id: int):
    """The stored bytes of a submission, as uploaded (the modeler opens them)."""
    from . import services

    with _db().session() as sess:
        sub = _visible(sess, _me(sess), submission_id)
        data = services.submission_bytes(sub)
        name = sub.filename
    from .http import content_disposition

    return Response(data, mimetype="application/xml", headers={
        "Content-Disposition": content_disposition(name, inline=True)})
