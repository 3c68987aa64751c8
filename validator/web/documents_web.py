"""Documents on the server (issue #14, Must 4 "Where" and Must 5): the SOP AP document of an
SOP map and the Peta Proses Bisnis document of a map, a stored set or an edition, as DOCX,
PDF or the HTML print view.

API (``?format=docx|pdf|html``, ``docx`` by default):

* ``GET /api/v1/submissions/<id>/dokumen``: an SOP map gives its SOP AP document
  (:mod:`validator.documents`); any other map the Peta Proses Bisnis document of that map;
* ``GET /api/v1/sets/<id>/dokumen``: the Peta Proses Bisnis document of a stored set, with
  the plan the set was checked against;
* ``GET /api/v1/edisi/<id>/dokumen``: the Peta Proses Bisnis document of an edition, with
  its nomor and tanggal when enacted, marked "DRAF" otherwise;
* ``GET /api/v1/jobs/<id>/hasil``: the file a ``dokumen`` job produced (409 while it runs).

Pages: ``/laporan/<id>/dokumen.<fmt>``, ``/set/<id>/dokumen.<fmt>``, ``/edisi/<id>/dokumen.<fmt>``
(the buttons of ``_dokumen_unduh.html``).

What the caller may not see answers 404, as the object's own pages do. DOCX and HTML of a
few maps answer at once (200, a download named after the map or edition by
http.content_disposition); a PDF (LibreOffice takes seconds) and any document of more than
``DOKUMEN_INLINE_MAPS`` maps run as a job of kind ``dokumen`` (progress, cancellable, the
jobs' time and memory limits) whose file is stored in the job's ``output`` column; the API
then answers 202 with the job's links and ``hasil``, the page goes to the job page. A
rendered document is kept in a small in-memory LRU keyed by (kind, sha256 of the members,
format, nomor/tanggal, title, plan), and a finished job of the same key is served again
instead of being made twice.

The Peta Proses Bisnis generator (:mod:`validator.documents.peta`) reads a map set from a
path; the members are handed to it as one zip archive (their names kept, none on disk but
a temporary file). Without that module the Peta routes answer 503 ``PETA_BELUM_TERSEDIA``.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import zipfile
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, request,
                   url_for)
from flask_login import login_required
from pydantic import Field
from sqlalchemy import select, update

from . import jobs, schemas
from .apidoc import operation
from .auth import csrf
from .common import api_headers, api_user, db, job_links, me, page_headers
from .errors import ApiError
from .http import content_disposition
from .models import Job, Rencana

bp_api = Blueprint("documents_api", __name__, url_prefix="/api/v1")
bp_pages = Blueprint("documents_pages", __name__)
csrf.exempt(bp_api)   # GETs only; bearer tokens or the session
bp_api.after_request(api_headers)
bp_pages.after_request(page_headers)

KIND = "dokumen"
FORMATS = ("docx", "pdf", "html")
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf", "html": "text/html; charset=utf-8"}
# the HTML print view is self-contained (inline style, data: pictures) and runs no script
HTML_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
INLINE_MAPS = 3           # DOKUMEN_INLINE_MAPS: more maps than this -> a job, whatever the format
CACHE_ITEMS = 12          # documents kept in memory...
CACHE_BYTES = 96 * 1024 * 1024   # ...and at most this many bytes of them
FIND_JOBS = 30            # finished/active dokumen jobs looked at for one already made
PETA_MISSING = ("Dokumen Peta Proses Bisnis belum tersedia pada server ini (modul pembuatnya "
                "belum terpasang); dokumen SOP AP dari peta SOP tetap dapat dibuat.")
BAD_FORMAT = "Format dokumen harus docx, pdf, atau html."


def register(app) -> None:  # noqa: ANN001
    app.register_blueprint(bp_api)
    app.register_blueprint(bp_pages)


# -- what a document is made of ------------------------------------------------------------------

@dataclass
class Source:
    """The maps of one document and everything else that decides its content."""
    kind: str                           # "sop" (SOP AP document) or "peta" (Peta Proses Bisnis)
    members: list[tuple[str, bytes]]    # (name, bytes), names unique
    name: str                           # the download's name, without extension
    title: str = ""
    nomor: str = ""
    tanggal: str = ""
    rencana_id: int | None = None       # the plan (stored row) the Peta document reads
    opd_id: int | None = None           # the job's OPD (the object's, else the caller's)
    submission_id: int | None = None

    def digest(self) -> str:
        h = hashlib.sha256()
        for name, data in self.members:
            h.update(f"{name}\t{hashlib.sha256(data).hexdigest()}\n".encode("utf-8"))
        return h.hexdigest()

    def key(self, fmt: str) -> str:
        """The cache key: kind, members, format, nomor/tanggal, title and plan."""
        parts = [self.kind, self.digest(), fmt, self.nomor, self.tanggal, self.title,
                 str(self.rencana_id or "")]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _map_type(data: bytes, name: str) -> str | None:
    from .. import vocab
    from ..parser import parse_bytes

    try:
        return vocab.map_type(parse_bytes(data, path=name))
    except Exception:  # noqa: BLE001 - an unreadable map is the generator's to report
        return None


def _unique_names(entries: list[tuple[str, str, bytes]]) -> list[tuple[str, bytes]]:
    """(folder, name, bytes) -> (name, bytes) with names made unique by their folder (the
    OPD's singkatan) when two maps share a file name."""
    count: dict[str, int] = {}
    for _folder, name, _data in entries:
        count[name] = count.get(name, 0) + 1
    out, seen = [], set()
    for folder, name, data in entries:
        shown = name if count[name] == 1 else f"{folder}/{name}"
        while shown in seen:
            shown = f"_{shown}"
        seen.add(shown)
        out.append((shown, data))
    return out


def _stem(filename: str) -> str:
    base = filename.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def submission_source(sess, user, submission_id: int) -> Source | None:  # noqa: ANN001
    from . import review, services

    sub = services.get_submission(sess, user, submission_id)
    if sub is None:
        return None
    data = bytes(sub.content)
    title = review.map_title(sub)
    if _map_type(data, sub.filename) == "sop":
        return Source("sop", [(sub.filename, data)], f"SOP AP {title}", opd_id=sub.opd_id,
                      submission_id=sub.id)
    row = services.active_rencana(sess)
    return Source("peta", [(sub.filename, data)], f"Peta Proses Bisnis {title}",
                  rencana_id=row.id if row is not None else None, opd_id=sub.opd_id,
                  submission_id=sub.id)


def set_source(sess, user, set_id: int) -> Source | None:  # noqa: ANN001
    from . import sets

    row = sets.get_set(sess, user, set_id)
    if row is None:
        return None
    entries = sets.set_report(row).get("files") or []
    named = []
    for i, sub in enumerate(sets.members_of(sess, row)):
        path = (entries[i].get("path") if i < len(entries) else None) or sub.filename
        named.append((sub.opd.singkatan if sub.opd else "", path, bytes(sub.content)))
    name = f"Peta Proses Bisnis {_stem(row.filename or 'set')}"
    return Source("peta", _unique_names(named), name,
                  rencana_id=row.rencana_id, opd_id=row.opd_id)


def edition_source(sess, user, edition_id: int) -> Source | None:  # noqa: ANN001
    from . import editions, services

    ed = editions.get_edition(sess, user, edition_id)
    if ed is None:
        return None
    named = []
    for m in ed.members:
        sub = m.submission
        named.append((sub.opd.singkatan if sub.opd else str(m.opd_id), sub.filename,
                       bytes(sub.content)))
    enacted = ed.status == editions.DITETAPKAN
    row = services.active_rencana(sess)
    return Source("peta", _unique_names(named), ed.nama + ("" if enacted else " (DRAF)"),
                  title=ed.nama, nomor=(ed.nomor or "") if enacted else "",
                  tanggal=(ed.tanggal or "") if enacted else "",
                  rencana_id=row.id if row is not None else None, opd_id=user.opd_id)


# -- making a document -------------------------------------------------------------------------

class DokumenError(Exception):
    """A document that cannot be made: a stable code, an Indonesian message, an HTTP status."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


# codes of validator.documents that are the server's trouble, not the maps'
_SERVER_CODES = {"LIBREOFFICE_TIDAK_ADA": 503, "KONVERSI_PDF_LAMA": 503, "KONVERSI_PDF_GAGAL": 503}


def _from_document_error(exc) -> DokumenError:  # noqa: ANN001
    status = _SERVER_CODES.get(exc.code)
    if status is None and exc.code.startswith("CHROMIUM"):
        status = 503
    return DokumenError(exc.code, exc.message, status or 422)


def peta_module():  # noqa: ANN201
    """:mod:`validator.documents.peta` when its entry points are there, else None."""
    try:
        from ..documents import peta
    except ImportError:
        return None
    if not all(callable(getattr(peta, name, None)) for name in ("build_peta", "render_peta")):
        return None
    return peta


@contextmanager
def _address_space_lifted():
    """Chromium cannot start under the address-space limit of a job's process (RLIMIT_AS:
    V8 reserves far more virtual memory than it uses). While the diagram renderer may start
    it, the soft limit is raised to the hard one, then put back: the job's Python work stays
    limited; Chromium, a process of its own, is bounded by the job's time limit."""
    try:
        import resource
    except ImportError:      # not POSIX: no such limit
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == hard:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _Renderer:
    """The diagram renderer as build_peta uses it (``render``), started with the limit lifted;
    ``drawn(n)`` is told after each map (a job's progress, and where a cancelled job stops)."""

    def __init__(self, cache_dir, drawn=None) -> None:  # noqa: ANN001
        from ..documents.diagrams import DiagramRenderer

        self.real = DiagramRenderer(cache_dir=cache_dir)
        self.drawn = drawn
        self.count = 0

    def render(self, data: bytes):  # noqa: ANN201
        with _address_space_lifted():
            diagram = self.real.render(data)
        self.count += 1
        if self.drawn is not None:
            self.drawn(self.count)
        return diagram

    def close(self) -> None:
        with _address_space_lifted():
            self.real.close()


def diagram_cache_dir() -> str | None:
    """``<instance>/cache/diagram`` (PPB_DIAGRAM_CACHE, when set, wins in the renderer)."""
    if os.environ.get("PPB_DIAGRAM_CACHE", "").strip():
        return None
    try:
        from .config import instance_dir

        return str(instance_dir() / "cache" / "diagram")
    except OSError:
        return None


def _plan(sess, rencana_id: int | None):  # noqa: ANN001, ANN202
    if rencana_id is None:
        return None
    from ..plan import PlanError
    from . import services

    row = sess.get(Rencana, rencana_id)
    if row is None:
        return None
    try:
        return services.stored_plan(sess, row)
    except PlanError:
        return None


def make_document(spec: dict, members: list[tuple[str, bytes]], fmt: str, plan=None,  # noqa: ANN001
                  progress=None) -> tuple[bytes, list]:
    """The document's bytes and its warnings [{"code", "message"}]. ``spec``: kind, title,
    nomor, tanggal, cache_dir. Raises :class:`DokumenError`."""
    from ..documents import DocumentError

    step = progress or (lambda _p, _m: None)
    try:
        if spec["kind"] == "sop":
            from ..documents import render, sop_document_from_files
            from ..mapset import from_bytes

            step(10, "Membaca peta SOP.")
            files = from_bytes(members).files
            doc = sop_document_from_files(files, title=spec.get("title") or "",
                                          keputusan_nomor=spec.get("nomor") or "",
                                          keputusan_tanggal=spec.get("tanggal") or "")
            step(40, f"Menulis dokumen SOP AP ({fmt.upper()}).")
            data = render(doc, fmt)
        else:
            peta = peta_module()
            if peta is None:
                raise DokumenError("PETA_BELUM_TERSEDIA", PETA_MISSING, 503)
            step(5, f"Membaca {len(members)} peta.")
            with tempfile.TemporaryDirectory(prefix="ppb-dokumen-") as tmp:
                archive = os.path.join(tmp, "peta.zip")
                with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
                    for name, content in members:
                        zf.writestr(name, content)
                total = len(members)
                renderer = _Renderer(spec.get("cache_dir"), lambda n: step(
                    10 + 50 * min(n, total) / total,
                    f"{n} dari {total} diagram digambar dengan bpmn-js."))
                try:
                    step(10, f"Menggambar diagram {total} peta dengan bpmn-js.")
                    doc = peta.build_peta(archive, plan=plan, title=spec.get("title") or "",
                                          nomor=spec.get("nomor") or "",
                                          tanggal=spec.get("tanggal") or "", renderer=renderer)
                finally:
                    renderer.close()
            step(60, f"Menulis dokumen Peta Proses Bisnis ({fmt.upper()}).")
            data = peta.render_peta(doc, fmt)
    except DocumentError as exc:
        raise _from_document_error(exc) from None
    warnings = [{"code": w.code, "message": w.message} for w in getattr(doc, "warnings", [])]
    return data, warnings


# -- the cache -----------------------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: "OrderedDict[str, tuple[bytes, str]]" = OrderedDict()   # key -> (bytes, file name)


def cached(key: str) -> tuple[bytes, str] | None:
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
        return hit


def keep(key: str, data: bytes, name: str) -> None:
    if len(data) > CACHE_BYTES // 2:
        return
    with _cache_lock:
        _cache[key] = (data, name)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_ITEMS or sum(len(v[0]) for v in _cache.values()) > CACHE_BYTES:
            _cache.popitem(last=False)


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


# -- the job kind ----------------------------------------------------------------------------------

def _pack(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def _unpack(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist() if not info.is_dir()]


def _prepare(sub: jobs.Submitted) -> dict:
    params = dict(sub.params)
    if params.get("format") not in FORMATS:
        raise jobs.JobError("BAD_FORMAT", BAD_FORMAT, 400)
    if params.get("jenis") not in ("sop", "peta"):
        raise jobs.JobError("BAD_PARAMETER", "Jenis dokumen harus sop atau peta.", 400)
    if not sub.data:
        raise jobs.JobError("MISSING_FILE", "Dokumen memerlukan peta.", 400)
    return params


def _run(ctx: jobs.JobContext) -> dict:
    """Make the document and store it with the job's end, in one transaction."""
    p = ctx.params
    fmt = p["format"]
    ctx.progress(2, "Menyiapkan dokumen.")
    members = _unpack(ctx.data or b"")
    with ctx.db.session() as sess:
        plan = _plan(sess, p.get("rencana"))

    def step(percent: float, message: str) -> None:
        ctx.progress(percent, message)

    try:
        spec = {"kind": p["jenis"], "title": p.get("judul") or "", "nomor": p.get("nomor") or "",
                "tanggal": p.get("tanggal") or "", "cache_dir": diagram_cache_dir()}
        data, warnings = make_document(spec, members, fmt, plan, step)
    except DokumenError as exc:    # the job fails with the library's code and Indonesian message
        raise jobs.JobError(exc.code, exc.message, exc.status) from None
    ctx.progress(97, "Menyimpan dokumen.")
    name = f"{p.get('nama') or 'dokumen'}.{fmt}"
    result = {"format": fmt, "filename": name, "size": len(data), "peta": len(members),
              "jenis": p["jenis"], "warnings": warnings,
              "hasil": f"/api/v1/jobs/{ctx.job_id}/hasil"}
    with ctx.db.session() as sess:
        fence = jobs._fence(ctx.job_id, ctx.attempt, not_cancelled=True)
        stored = sess.execute(update(Job).where(*fence).values(
            output=data, output_name=name, output_type=MIME[fmt])).rowcount
        if stored != 1:
            raise jobs.JobStopped(ctx._why(sess))
        what = "SOP AP" if p["jenis"] == "sop" else "Peta Proses Bisnis"
        ctx.finish(sess, result, f"Selesai: dokumen {what} ({fmt.upper()}, "
                                 f"{_size_text(len(data))}) siap diunduh.")
    ctx.finished = True
    ctx.result = result
    return result


def _size_text(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


jobs.register(jobs.JobKind(KIND, "Pembuatan dokumen", _prepare, _run, needs_file=True,
                           needs_opd=False, idempotent=True))


# -- answering -----------------------------------------------------------------------------------

def _inline_maps() -> int:
    raw = current_app.config.get("DOKUMEN_INLINE_MAPS") or os.environ.get("PPB_DOKUMEN_INLINE_MAPS")
    try:
        return max(0, int(raw)) if raw not in (None, "") else INLINE_MAPS
    except (TypeError, ValueError):
        return INLINE_MAPS


def _file_response(data: bytes, name: str, fmt: str) -> Response:
    headers = {"Content-Disposition": content_disposition(name, inline=fmt == "html")}
    if fmt == "html":
        headers["Content-Security-Policy"] = HTML_CSP
    resp = Response(data, mimetype=MIME[fmt].split(";")[0], headers=headers)
    if fmt == "html":
        resp.headers["Content-Type"] = MIME["html"]
    return resp


@dataclass
class Outcome:
    """What a request for a document got: the file, or the job making it."""
    data: bytes | None = None
    filename: str = ""
    job_id: str | None = None


def _same_job(sess, user, key: str) -> Job | None:  # noqa: ANN001
    """A dokumen job of the same document that the caller may see, waiting, running or done
    with its file; the newest."""
    live = jobs.ACTIVE + (jobs.DONE,)
    rows = sess.scalars(select(Job).where(Job.kind == KIND, Job.status.in_(live))
                        .order_by(Job.created_at.desc()).limit(FIND_JOBS))
    for job in rows:
        if not _may_see_job(user, job):
            continue
        params = jobs._loads(job.params_json) or {}
        if params.get("kunci") != key:
            continue
        if job.status == jobs.DONE and not job.output_name:
            continue
        return job
    return None


def _may_see_job(user, job: Job) -> bool:  # noqa: ANN001
    return jobs.may_see(user, job) or (user is not None and getattr(user, "active", False)
                                       and job.owner_id is not None and job.owner_id == user.id)


def obtain(source: Source, fmt: str, user) -> Outcome:  # noqa: ANN001
    """The document for ``user``: from the cache, a job that made it already, made at once
    (DOCX/HTML of a few maps), or a new job (PDF, many maps). Raises :class:`DokumenError`."""
    if fmt not in FORMATS:
        raise DokumenError("BAD_FORMAT", BAD_FORMAT, 400)
    if source.kind == "peta" and peta_module() is None:
        raise DokumenError("PETA_BELUM_TERSEDIA", PETA_MISSING, 503)
    if not source.members:
        raise DokumenError("DOKUMEN_TANPA_PETA", "Belum ada peta untuk dijadikan dokumen.", 422)
    key = source.key(fmt)
    filename = f"{source.name}.{fmt}"
    hit = cached(key)
    if hit is not None:
        return Outcome(hit[0], filename)
    with db().session() as sess:
        job = _same_job(sess, user, key)
        if job is not None and job.status == jobs.DONE:
            data = bytes(job.output or b"")
            if data:
                keep(key, data, filename)
                return Outcome(data, filename)
        elif job is not None:
            return Outcome(job_id=job.id)
        plan = _plan(sess, source.rencana_id) if source.kind == "peta" else None
    as_job = fmt == "pdf" or len(source.members) > _inline_maps()
    if fmt == "pdf":
        _require_libreoffice()
    spec = {"kind": source.kind, "title": source.title, "nomor": source.nomor,
            "tanggal": source.tanggal, "cache_dir": diagram_cache_dir()}
    if not as_job:
        data, _warnings = make_document(spec, source.members, fmt, plan)
        keep(key, data, filename)
        return Outcome(data, filename)
    params = {"format": fmt, "jenis": source.kind, "judul": source.title, "nomor": source.nomor,
              "tanggal": source.tanggal, "rencana": source.rencana_id, "nama": source.name,
              "kunci": key, "peta": len(source.members)}
    try:
        job_id = jobs.submit(KIND, params, opd_id=source.opd_id if source.opd_id is not None
                             else user.opd_id, owner_id=user.id, filename="peta.zip",
                             data=_pack(source.members), submission_id=source.submission_id)
    except jobs.JobError as exc:
        raise DokumenError(exc.code, exc.message, exc.http_status) from None
    return Outcome(job_id=job_id)


def _require_libreoffice() -> None:
    """503 LIBREOFFICE_TIDAK_ADA, with the library's own message, before a PDF job is queued."""
    from ..documents import DocumentError
    from ..documents.pdf import docx_to_pdf, find_soffice

    if find_soffice() is not None:
        return
    try:
        docx_to_pdf(b"")     # without LibreOffice it refuses at once, with its message
    except DocumentError as exc:
        raise _from_document_error(exc) from None
    raise DokumenError("LIBREOFFICE_TIDAK_ADA", "LibreOffice tidak ditemukan.", 503)


def _job_links(job_id: str) -> dict:
    links = job_links(job_id)
    links["hasil"] = url_for("documents_api.job_output", job_id=job_id)
    return links


def _api_answer(source: Source | None, fmt: str, what: str):  # noqa: ANN202
    user = api_user()
    if source is None:
        raise ApiError(404, "NOT_FOUND", f"{what} tidak ditemukan.")
    try:
        out = obtain(source, fmt, user)
    except DokumenError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    if out.job_id is None:
        return _file_response(out.data, out.filename, fmt)
    with db().session() as sess:
        body = jobs.as_dict(sess.get(Job, out.job_id))
    body["links"] = _job_links(out.job_id)
    resp = jsonify(body)
    resp.status_code = 202
    resp.headers["Location"] = body["links"]["self"]
    return resp


# -- API -------------------------------------------------------------------------------------------

class DokumenQuery(schemas.Params):
    format: str = Field("docx", title="format dokumen", description=(
        "`docx` (bawaan), `pdf` (melalui LibreOffice, selalu sebagai pekerjaan) atau `html` "
        "(tampilan cetak)"),
        json_schema_extra={"enum": list(FORMATS), "x-error-code": "BAD_FORMAT"})


_DOC_RESPONSES = {
    200: {"description": "Dokumen (lampiran bernama menurut peta atau edisi)", "content": {
        MIME["docx"]: {"schema": {"type": "string", "format": "binary"}},
        "text/html": {"schema": {"type": "string"}}}},
    202: ("Dokumen dibuat sebagai pekerjaan `dokumen` (PDF, atau banyak peta): `links.self` "
          "untuk kemajuannya, `links.hasil` untuk berkasnya bila selesai", schemas.Job),
}
_DOC_ERRORS = (400, 401, 404, 422, 429, 500, 503)


def _fmt() -> str:
    return (request.args.get("format") or "docx").strip().lower()


@bp_api.get("/submissions/<int:submission_id>/dokumen")
@operation(summary="Dokumen dari satu peta: SOP AP (peta SOP) atau Peta Proses Bisnis (peta lain)",
           description=(
               "Peta SOP (`ppb:jenisPeta=\"sop\"`) menjadi dokumen SOP AP (PermenPANRB 35/2012); "
               "peta lain menjadi dokumen Peta Proses Bisnis berisi peta itu saja (rencana aktif "
               "dipakai untuk periode RPJMD). DOCX dan HTML dijawab langsung; PDF dibuat sebagai "
               "pekerjaan (202). Format lain: 400 `BAD_FORMAT`; LibreOffice tidak terpasang: 503 "
               "`LIBREOFFICE_TIDAK_ADA`."),
           path={"submission_id": "id unggahan (versi peta)"}, query=DokumenQuery, check=False,
           responses=_DOC_RESPONSES, errors=_DOC_ERRORS, tags=("dokumen",))
def api_submission_document(submission_id: int):
    user = api_user()
    with db().session() as sess:
        source = submission_source(sess, user, submission_id)
    return _api_answer(source, _fmt(), "Unggahan")


@bp_api.get("/sets/<int:set_id>/dokumen")
@operation(summary="Dokumen Peta Proses Bisnis dari satu set tersimpan",
           description=("Dengan rencana yang dipakai ketika set diperiksa. Set lebih dari "
                        "beberapa peta, dan setiap PDF, dibuat sebagai pekerjaan (202)."),
           path={"set_id": "id set"}, query=DokumenQuery, check=False,
           responses=_DOC_RESPONSES, errors=_DOC_ERRORS, tags=("dokumen",))
def api_set_document(set_id: int):
    user = api_user()
    with db().session() as sess:
        source = set_source(sess, user, set_id)
    return _api_answer(source, _fmt(), "Set")


@bp_api.get("/edisi/<int:edition_id>/dokumen")
@operation(summary="Dokumen Peta Proses Bisnis dari satu edisi",
           description=("Edisi yang sudah ditetapkan membawa nomor dan tanggal penetapannya; "
                        "edisi draf bertanda DRAF. Edisi lebih dari beberapa peta, dan setiap PDF, "
                        "dibuat sebagai pekerjaan (202)."),
           path={"edition_id": "id edisi"}, query=DokumenQuery, check=False,
           responses=_DOC_RESPONSES, errors=_DOC_ERRORS, tags=("dokumen",))
def api_edition_document(edition_id: int):
    user = api_user()
    with db().session() as sess:
        source = edition_source(sess, user, edition_id)
    return _api_answer(source, _fmt(), "Edisi")


@bp_api.get("/jobs/<job_id>/hasil")
@operation(summary="Berkas hasil pekerjaan (mis. dokumen PDF), bila sudah selesai",
           description=("409 selama pekerjaan masih menunggu atau berjalan, atau bila berakhir "
                        "tanpa berkas (gagal, dibatalkan); 404 untuk pekerjaan yang tidak boleh "
                        "dilihat pemanggil atau yang tidak menghasilkan berkas; 410 bila "
                        "berkasnya sudah dihapus (disimpan PPB_JOB_OUTPUT_HOURS jam, bawaan 168)."),
           path={"job_id": "id pekerjaan"},
           responses={200: {"description": "Berkas hasil", "content": {
               MIME["pdf"]: {"schema": {"type": "string", "format": "binary"}},
               MIME["docx"]: {"schema": {"type": "string", "format": "binary"}},
               "text/html": {"schema": {"type": "string"}}}}},
           errors=(401, 404, 409, 410, 500, 503), tags=("dokumen",))
def job_output(job_id: str):
    user = api_user()
    data, name, fmt = _job_file(user, job_id)
    return _file_response(data, name, fmt)


def _job_file(user, job_id: str) -> tuple[bytes, str, str]:  # noqa: ANN001
    with db().session() as sess:
        job = sess.get(Job, job_id) if isinstance(job_id, str) and len(job_id) <= 32 else None
        if job is None or not _may_see_job(user, job):
            raise ApiError(404, "NOT_FOUND", "Pekerjaan tidak ditemukan.")
        found = jobs.get_job(sess, user, job_id) or job   # sweeps an expired lease first
        if found.status in jobs.ACTIVE:
            raise ApiError(409, "JOB_NOT_DONE",
                           f"Pekerjaan belum selesai ({jobs.STATUS_TEXT[found.status]}); "
                           "berkasnya dapat diunduh setelah selesai.")
        if not found.output_name:
            if found.status != jobs.DONE:
                ended = jobs.STATUS_TEXT.get(found.status, found.status)
                raise ApiError(409, "JOB_NO_OUTPUT",
                               f"Pekerjaan ini berakhir {ended} tanpa berkas hasil.")
            if (jobs._loads(found.params_json) or {}).get("kunci"):
                # a document job whose file was dropped after PPB_JOB_OUTPUT_HOURS
                raise ApiError(410, "OUTPUT_DROPPED", found.message or "Berkas hasilnya sudah dihapus.")
            raise ApiError(404, "NO_OUTPUT", "Pekerjaan ini tidak menghasilkan berkas.")
        data, name = bytes(found.output or b""), found.output_name
        params = jobs._loads(found.params_json) or {}
    fmt = name.rsplit(".", 1)[-1].lower() if "." in name else "docx"
    fmt = fmt if fmt in FORMATS else "docx"
    if params.get("kunci"):
        keep(params["kunci"], data, name)
    return data, name, fmt


# -- pages -----------------------------------------------------------------------------------------

def _page_answer(source: Source | None, fmt: str, back: str):  # noqa: ANN202
    from .errors import _page

    if source is None:
        abort(404)
    if fmt not in FORMATS:
        abort(404)
    from flask_login import current_user

    try:
        out = obtain(source, fmt, current_user)
    except DokumenError as exc:
        if exc.status in (429,):
            flash(f"Dokumen tidak dapat dibuat sekarang: {exc.message}", "error")
            return redirect(back)
        return _page(exc.status if exc.status in (400, 422, 503) else 422,
                     f"Dokumen tidak dapat dibuat: {exc.message} [{exc.code}]")
    if out.job_id is not None:
        return redirect(url_for("jobs_pages.job_page", job_id=out.job_id))
    return _file_response(out.data, out.filename, fmt)


@bp_pages.get("/laporan/<int:submission_id>/dokumen.<fmt>")
@login_required
def report_document(submission_id: int, fmt: str):
    with db().session() as sess:
        source = submission_source(sess, me(sess), submission_id)
    return _page_answer(source, fmt, url_for("pages.report", submission_id=submission_id))


@bp_pages.get("/set/<int:set_id>/dokumen.<fmt>")
@login_required
def set_document(set_id: int, fmt: str):
    with db().session() as sess:
        source = set_source(sess, me(sess), set_id)
    return _page_answer(source, fmt, url_for("sets_web.set_page", set_id=set_id))


@bp_pages.get("/edisi/<int:edition_id>/dokumen.<fmt>")
@login_required
def edition_document(edition_id: int, fmt: str):
    with db().session() as sess:
        source = edition_source(sess, me(sess), edition_id)
    return _page_answer(source, fmt, url_for("editions.page", edition_id=edition_id))


__all__ = ["FORMATS", "KIND", "Source", "make_document", "obtain", "register"]

