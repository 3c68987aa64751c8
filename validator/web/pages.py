"""Web pages in Bahasa Indonesia: upload, report, history, dashboard.

Views parse the request, call the storage service (``services``) and the
validator library, and render a Jinja2 template. The report page reuses the
HTML report's viewer bundle (bpmn-js, built by ``make assets``), served from
this application under ``/aset/``; every page carries a Content-Security-Policy
that allows nothing but this server.
"""
from __future__ import annotations

from datetime import datetime

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, send_from_directory, url_for)
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..report import assets as viewer_assets
from ..report.html_report import script_json
from .auth import reviewer_required
# page_headers and when_text stay importable from here for older callers
from .common import aware as _aware, db as _db, me as _me, page_headers, short_date, when_text  # noqa: F401
from . import jobs
from .models import Opd, User

bp = Blueprint("pages", __name__)

# the files of the viewer bundle this application serves (nothing else from that folder)
VIEWER_FILES = (viewer_assets.SCRIPT, viewer_assets.STYLE)
UPLOAD_FIELD = "berkas"


bp.after_request(page_headers)


def _services():
    from . import services
    return services


# ----------------------------------------------------------------------------- words

@bp.app_template_filter("waktu")
def _waktu_filter(value):
    return when_text(value)


# ----------------------------------------------------------------------------- routes

@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_admin:
        return redirect(url_for("pages.dashboard"))
    if current_user.is_verifikator:
        return redirect(url_for("pages.dashboard"))
    return redirect(url_for("pages.upload"))


@bp.route("/aset/<name>")
def asset(name: str):
    """The report viewer bundle (bpmn-js) from validator/report/static/."""
    if name not in VIEWER_FILES:
        abort(404)
    try:
        viewer_assets.check()
    except viewer_assets.AssetsMissing:
        abort(404)
    resp = send_from_directory(viewer_assets.STATIC_DIR, name, max_age=3600)
    return resp


@bp.route("/unggah", methods=["GET", "POST"])
@login_required
def upload():
    from .models import Opd
    with _db().session() as sess:
        user = _me(sess)
        opds = sess.query(Opd).order_by(Opd.nama).all() if user.is_admin else []
        chosen = request.form.get("opd", "") if request.method == "POST" else ""
        context = {"opds": [{"singkatan": o.singkatan, "nama": o.nama} for o in opds],
                   "chosen": chosen, "is_admin": user.is_admin,
                   "own_opd": user.opd.nama if user.opd else None,
                   "max_file_mb": current_app.config["MAX_FILE_BYTES"] // (1024 * 1024),
                   "max_zip_mb": current_app.config["MAX_ZIP_BYTES"] // (1024 * 1024)}
        if request.method == "GET":
            return render_template("unggah.html", **context)

        try:
            upload_file = request.files.get(UPLOAD_FIELD)
        except RequestEntityTooLarge:
            return _upload_failed(context, "Kiriman terlalu besar: batasnya "
                                  f"{context['max_file_mb']} MB untuk satu peta dan "
                                  f"{context['max_zip_mb']} MB untuk arsip .zip.", 413)
        if upload_file is None or not upload_file.filename:
            return _upload_failed(context, "Pilih berkas peta (.bpmn) atau arsip .zip terlebih "
                                  "dahulu.", 400)
        if user.is_admin:
            opd = sess.query(Opd).filter_by(singkatan=chosen).one_or_none()
            if opd is None:
                return _upload_failed(context, "Pilih OPD pemilik peta terlebih dahulu.", 400)
        else:
            opd = user.opd
            if opd is None:
                return _upload_failed(context, "Akun Anda belum terhubung ke OPD mana pun; "
                                      "hubungi Bagian Organisasi.", 403)
        data = upload_file.read()
        _flash_skipped(upload_file.filename, data)
        as_job = upload_as_job(context, opd, user, upload_file.filename, data)
        if as_job is not None:
            return as_job
        services = _services()
        set_id = None
        try:
            # validated once as a set (with the active plan), every map stored, and an upload
            # of several maps stored as one set beside them: one unit of work
            report, checked = services.validate_upload(upload_file.filename, data,
                                                       plan=services.active_plan(sess))
            stored = services.store_checked(sess, opd=opd, uploader=user, report=report,
                                            checked=checked)
            if len(stored) > 1:
                from . import sets

                set_id = sets.store_set(sess, opd=opd, uploader=user,
                                        filename=upload_file.filename, report=report,
                                        submissions=stored, data=data).id
        except services.UploadError as exc:
            return _upload_failed(context, exc.message_id, exc.http_status)
        sess.flush()
        ids = [s.id for s in stored]
        names = [s.filename for s in stored]
    if not ids:
        flash("Arsip tidak memuat peta yang dapat diperiksa.", "warning")
        return redirect(url_for("pages.upload"))
    if set_id is not None:
        flash(f"{len(ids)} peta diunggah dan diperiksa sebagai satu set; laporan set "
              "ditampilkan, laporan tiap peta tertaut dari daftar peta.", "sukses")
        return redirect(url_for("sets_web.set_page", set_id=set_id))
    flash(f"Peta {names[0]} diunggah dan diperiksa.", "sukses")
    return redirect(url_for("pages.report", submission_id=ids[0]))


def _flash_skipped(filename: str | None, data: bytes) -> None:
    """Say which entries of an uploaded archive were not checked, and why (never silently)."""
    from .security import skipped_entries

    skipped = skipped_entries(filename, data)
    if skipped:
        flash("Tidak diperiksa dari arsip: " + "; ".join(
            f"{s['berkas']} ({s['alasan']})" for s in skipped[:10])
            + (f"; dan {len(skipped) - 10} berkas lain" if len(skipped) > 10 else "") + ".", "info")


def upload_as_job(context: dict, opd: Opd, user: User, filename: str | None, data: bytes):  # noqa: ANN201
    """For the upload page: a ZIP with more maps than ZIP_JOB_MAPS becomes a validasi-set job
    and the answer is a redirect to its page; None for an upload checked at once as before."""
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
    flash(f"Arsip berisi {count} peta; semuanya diperiksa di latar belakang lalu disimpan sekaligus "
          "sebagai satu set (bila satu peta tidak terbaca, arsip ditolak seluruhnya seperti "
          "unggahan biasa). Kemajuannya tampil di bawah; laporan set tertaut setelah selesai.",
          "info")
    return redirect(url_for("jobs_pages.job_page", job_id=job_id))


def _upload_failed(context: dict, message: str, status: int):
    return render_template("unggah.html", error=message, **context), status


@bp.route("/laporan/<int:submission_id>")
@login_required
def report(submission_id: int):
    services = _services()
    with _db().session() as sess:
        user = _me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            abort(404)
        data = services.report_for(sub)
        raw = services.submission_bytes(sub)
        page = report_view(data, raw, sub.filename)
        meta = {"id": sub.id, "filename": sub.filename, "version": sub.version,
                "opd": sub.opd.nama, "singkatan": sub.opd.singkatan,
                "uploader": sub.uploader.nama if sub.uploader else "—",
                "created": when_text(sub.created_at), "sha256": sub.sha256,
                "validator_version": sub.validator_version,
                "catalog_version": sub.catalog_version, "profile": sub.profile}
        simulations = [{**j, "when": when_text(j["created_at"])}
                       for j in services.simulations_of(sess, [sub.id]).get(sub.id, [])]
        identitas = services.identity_notice(sess, user, sub)   # which map; correct it
    try:
        viewer_assets.check()
        viewer_ready = True
    except viewer_assets.AssetsMissing:
        viewer_ready = False
    return render_template("laporan.html", sub=meta, viewer_ready=viewer_ready,
                           simulations=simulations, identitas=identitas, **page)


@bp.route("/laporan/<int:submission_id>/unduh.<fmt>")
@login_required
def download(submission_id: int, fmt: str):
    """The report of one submission as JSON (as stored), XLSX or a self-contained HTML page."""
    if fmt not in ("json", "xlsx", "html"):
        abort(404)
    services = _services()
    with _db().session() as sess:
        user = _me(sess)
        sub = services.get_submission(sess, user, submission_id)
        if sub is None:
            abort(404)
        stem = sub.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "peta"
        name = f"laporan-{sub.id}-{stem}.{fmt}"
        body = services.render_submission(sub, fmt)
    mimetype = {"json": "application/json", "html": "text/html",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[fmt]
    resp = Response(body, mimetype=mimetype)
    from .http import content_disposition

    resp.headers["Content-Disposition"] = content_disposition(name)   # any Unicode name
    return resp


@bp.route("/riwayat")
@login_required
def history_own():
    with _db().session() as sess:
        user = _me(sess)
        if user.opd is None:
            if user.sees_all_opd:
                return redirect(url_for("pages.dashboard"))
            abort(404)
        return _history_page(sess, user, user.opd)


@bp.route("/riwayat/<singkatan>")
@login_required
def history_of(singkatan: str):
    from .models import Opd
    with _db().session() as sess:
        user = _me(sess)
        opd = sess.query(Opd).filter_by(singkatan=singkatan).one_or_none()
        if opd is None or not (user.sees_all_opd or user.opd_id == opd.id):
            abort(404)
        return _history_page(sess, user, opd)


def _history_page(sess, user, opd):
    """Every upload of the OPD (the table) and one trend per map: its versions' errors and
    warnings, oldest first (a map with one version shows that version's counts)."""
    services = _services()
    subs = list(services.history(sess, opd))
    sims = services.simulations_of(sess, [s.id for s in subs[:HISTORY_ROWS]])
    rows = [{"id": s.id, "filename": s.filename, "version": s.version,
             "created": when_text(s.created_at), "status": s.status, "errors": s.errors,
             "warnings": s.warnings, "infos": s.infos,
             "uploader": s.uploader.nama if s.uploader else "—",
             "title": s.map_title or s.filename, "map_key": s.map_key,
             "simulations": sims.get(s.id, [])} for s in subs[:HISTORY_ROWS]]
    by_map: dict[str, list] = {}
    for s in subs:                     # newest first: the first map seen is the newest active
        by_map.setdefault(s.map_key, []).append(s)
    maps = []
    for n, (key, versions) in enumerate(by_map.items()):
        versions.sort(key=lambda s: s.version)
        newest = versions[-1]
        maps.append({
            "n": n, "key": key, "words": services.map_words(key),
            "title": newest.map_title or newest.filename, "count": len(versions),
            "newest": {"id": newest.id, "version": newest.version, "errors": newest.errors,
                       "warnings": newest.warnings, "created": when_text(newest.created_at)},
            "chart": trend_chart([(s.created_at, s.errors, s.warnings) for s in versions],
                                 width=480, height=150) if len(versions) > 1 else None})
    from . import sets   # the OPD's stored sets: Riwayat shows sets as sets

    return render_template("riwayat.html", opd={"nama": opd.nama, "singkatan": opd.singkatan},
                           rows=rows, total=len(subs), maps=maps, is_admin=user.is_admin,
                           set_rows=sets.sets_of_opd(sess, user, opd))


# the uploads table of Riwayat shows the newest ones; every version is on its map's page
HISTORY_ROWS = 100


@bp.route("/dasbor")
@login_required
@reviewer_required
def dashboard():
    with _db().session() as sess:
        rows = [overview_row(item) for item in _services().opd_overview(sess)]
        aligned = _services().pemda_alignment(sess)
    coverage = coverage_by_opd(aligned)
    for r in rows:
        r["cakupan"] = coverage.get(r["singkatan"].casefold())
    rows.sort(key=lambda r: (not r["belum"], r["nama"].lower()))
    missing = [r for r in rows if r["belum"]]
    unserved = [] if aligned is None else [
        {"id": r.sasaran, "teks": r.teks, "opd": r.opd} for r in aligned.matrix.unserved]
    return render_template("dasbor.html", rows=rows, missing=missing, has_plan=aligned is not None,
                           unserved=unserved)


PEMDA_ROW_KEYS = ("pemko", "pemkab", "pemda", "setda")


def coverage_by_opd(aligned) -> dict[str, dict]:  # noqa: ANN001
    """OPD singkatan (casefolded) -> {served, total, percent} from the alignment's OPD table;
    the Pemda's own row (the RPJMD sasaran) under the keys of the Pemda account."""
    from ..alignment import ROW_PEMDA

    out: dict[str, dict] = {}
    if aligned is None:
        return out
    for row in aligned.opd:
        if not row.sasaran_total:
            continue
        value = {"served": row.sasaran_served, "total": row.sasaran_total,
                 "percent": row.coverage}
        if row.kind == ROW_PEMDA:
            for key in PEMDA_ROW_KEYS:
                out.setdefault(key, value)
        elif row.singkatan:
            out[row.singkatan.casefold()] = value
    return out


def overview_row(item: dict) -> dict:
    """One OPD of ``services.opd_overview`` as the dashboard shows it (and sorts it)."""
    last = item.get("unggahan_terakhir") or {}
    when = last.get("waktu")
    return {"nama": item["nama"], "singkatan": item["singkatan"],
            "jumlah": int(item.get("jumlah_unggahan") or 0),
            "peta": int(item.get("peta") or 0),
            "bermasalah": int(item.get("peta_bermasalah") or 0),
            "bersih": int(item.get("peta_bersih") or 0),
            "tak_terbaca": int(item.get("peta_tak_terbaca") or 0),
            "belum": bool(item.get("belum_mengunggah")),
            "last_time": when_text(when) if when is not None else "—",
            "last_sort": _aware(when).timestamp() if isinstance(when, datetime) else 0,
            "last_id": last.get("id"), "last_file": last.get("filename")}


# ----------------------------------------------------------------------------- report view

def report_view(data: dict, raw: bytes | None, filename: str) -> dict:
    """What the report template needs, from a stored one-file JSON report and the file's
    bytes: the same view the HTML report builds (html_report.page_view)."""
    from ..report.html_report import diagram_state, page_view

    entries = data.get("files") or [{"path": filename, "status": "ok", "findings": []}]
    prepared = [{**e, "path": e.get("path") or filename, "raw": raw,
                 "diagram": diagram_state(e.get("status", "ok") == "ok", raw)} for e in entries]
    page = page_view(prepared)
    return {**page, "data_json": script_json({"files": page["script_files"]})}


# ----------------------------------------------------------------------------- trend chart

def trend_chart(points: list[tuple[datetime | None, int, int]], width: int = 640,
                height: int = 200) -> dict | None:
    """Errors and warnings of each upload, oldest first, as SVG polylines (no chart library)."""
    if not points:
        return None
    left, right, top, bottom = 36, 12, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(e, w) for _, e, w in points) or 1
    step = _nice_step(peak)
    ymax = step * -(-peak // step)
    n = len(points)

    def x(i: int) -> float:
        return round(left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1)), 1)

    def y(v: int) -> float:
        return round(top + plot_h - plot_h * v / ymax, 1)

    def series(k: int) -> dict:
        pts = [(x(i), y(p[k])) for i, p in enumerate(points)]
        return {"points": " ".join(f"{a},{b}" for a, b in pts),
                "dots": [{"x": a, "y": b, "v": p[k], "when": when_text(p[0])}
                         for (a, b), p in zip(pts, points)]}

    ticks = [{"y": y(v), "label": v} for v in range(0, ymax + 1, step)]
    every = max(1, -(-n // 5))
    times = [p[0] for p in points if isinstance(p[0], datetime)]
    one_day = bool(times) and (max(times) - min(times)).total_seconds() < 2 * 86400
    shown = [i for i in range(n) if i % every == 0 or i == n - 1]
    if len(shown) > 1 and shown[-1] - shown[-2] < every:
        shown.pop(-2)   # keep the newest label, drop the one crowding it
    labels = [{"x": x(i), "label": short_date(points[i][0], with_time=one_day),
               "anchor": "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1
               else "middle"} for i in shown]
    return {"width": width, "height": height, "left": left, "right": width - right,
            "top": top, "bottom": top + plot_h, "ticks": ticks, "labels": labels,
            "errors": series(1), "warnings": series(2), "count": n,
            "summary": (f"{n} unggahan; terakhir {points[-1][1]} kesalahan dan "
                        f"{points[-1][2]} peringatan")}


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= 5:
            return step
    return 10 ** len(str(peak))
