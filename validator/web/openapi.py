"""The OpenAPI 3 document of API v1, and a plain HTML page that reads it (no CDN, no swagger-ui)."""
from __future__ import annotations

import re

from flask import render_template_string
from markupsafe import Markup, escape

from .. import __version__

ERROR = {"$ref": "#/components/responses/Error"}


def _errors(*codes: int) -> dict:
    return {str(c): ERROR for c in codes}


def _ok(description: str, schema: dict | None = None, content_type: str = "application/json") -> dict:
    body: dict = {"description": description}
    if schema is not None:
        body["content"] = {content_type: {"schema": schema}}
    return body


SUBMISSION_ID = {"name": "submission_id", "in": "path", "required": True,
                 "description": "id unggahan", "schema": {"type": "integer"}}


def spec() -> dict:
    report = {"$ref": "#/components/schemas/Report"}
    sub = {"$ref": "#/components/schemas/Submission"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "API Validator Peta Proses Bisnis",
            "version": __version__,
            "description": (
                "Memeriksa Peta Proses Bisnis (PermenPANRB 19/2018) dan SOP AP (PermenPANRB 35/2012) "
                "dalam BPMN 2.0, menyimpan unggahan OPD, dan memberikan laporannya. Autentikasi: "
                "header `Authorization: Bearer <token>` (token dibuat di halaman /token). Setiap "
                "galat berbentuk `{\"error\": {\"code\": ..., \"message\": ...}}` dengan pesan "
                "berbahasa Indonesia. Penyimpanan server yang penuh atau hanya-baca dijawab "
                "`503 STORAGE_UNAVAILABLE` dengan `Retry-After`; tidak ada yang tersimpan "
                "sebagian. Batas-batas (ukuran, kerumitan berkas, pekerjaan per OPD, biaya "
                "simulasi) ada di docs/batas.md."),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/health": {"get": {
                "summary": "Status server, versi validator dan versi katalog aturan",
                "security": [],
                "responses": {"200": _ok("Server berjalan", {"$ref": "#/components/schemas/Health"}),
                              **_errors(500)},
            }},
            "/rules": {"get": {
                "summary": "Daftar aturan dengan tingkatnya menurut profil",
                "parameters": [{"name": "profile", "in": "query", "required": False,
                                "description": "profil aturan (bawaan: standar)",
                                "schema": {"type": "string"}}],
                "responses": {"200": _ok("Daftar aturan", {"type": "object"}), **_errors(400, 401, 500)},
            }},
            "/validate": {"post": {
                "summary": "Memeriksa peta BPMN (XML mentah, atau berkas .bpmn/.zip multipart)",
                "description": (
                    "Badan permintaan: XML BPMN (`application/xml`), arsip ZIP (`application/zip`), "
                    "atau `multipart/form-data` dengan bidang `file`. Dengan `simpan=1` setiap berkas "
                    "disimpan sebagai unggahan OPD pemilik token (admin dapat menyebut `opd`). "
                    "Peta-peta satu unggahan diperiksa sebagai satu set terhadap rencana aktif "
                    "(aturan antarpeta dan PPB-ALN; bagian `set`). Unggahan beberapa peta juga "
                    "mendapat `alignment` (matriks, pohon cascading) dan `opd` (progres per OPD); "
                    "untuk satu peta dengan `keselarasan=1`. "
                    "Entri arsip yang tidak diperiksa (mis. `rencana.yaml`: peta diperiksa "
                    "terhadap rencana aktif) disebut di `diabaikan` beserta alasannya. "
                    "Batas: 10 MB per berkas, 50 MB per arsip ZIP (dapat diatur)."),
                "parameters": [
                    {"name": "profile", "in": "query", "required": False,
                     "schema": {"type": "string"}, "description": "profil aturan (bawaan: standar)"},
                    {"name": "simpan", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["0", "1"]},
                     "description": "1 = simpan sebagai unggahan"},
                    {"name": "opd", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "singkatan OPD tujuan (hanya admin untuk OPD lain)"},
                    {"name": "filename", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "nama berkas untuk badan XML mentah"},
                    {"name": "keselarasan", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["0", "1"]},
                     "description": "1 = sertakan bagian alignment dan opd juga untuk satu peta"},
                ],
                "requestBody": {"required": True, "content": {
                    "application/xml": {"schema": {"type": "string"}},
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "profile": {"type": "string"}, "simpan": {"type": "string"},
                        "opd": {"type": "string"}}}},
                }},
                "responses": {"200": _ok("Laporan JSON (bentuk `ppb validate --format json`)", report),
                              "201": _ok("Laporan JSON, dan unggahan yang disimpan (`submissions`)", report),
                              **_errors(400, 401, 403, 404, 413, 415, 422, 500, 503)},
            }},
            "/submissions": {"get": {
                "summary": "Daftar unggahan yang boleh dilihat pemanggil, terbaru lebih dulu",
                "parameters": [
                    {"name": "opd", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "singkatan OPD"},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                ],
                "responses": {"200": _ok("Daftar unggahan", {"type": "object", "properties": {
                    "submissions": {"type": "array", "items": sub}, "count": {"type": "integer"}}}),
                    **_errors(400, 401, 403, 404, 500)},
            }},
            "/submissions/{submission_id}": {"get": {
                "summary": "Satu unggahan beserta laporan JSON-nya",
                "parameters": [SUBMISSION_ID],
                "responses": {"200": _ok("Unggahan", sub), **_errors(401, 404, 500)},
            }},
            "/submissions/{submission_id}/report": {"get": {
                "summary": "Laporan satu unggahan: JSON (bawaan), HTML atau XLSX",
                "parameters": [SUBMISSION_ID,
                               {"name": "format", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["json", "html", "xlsx"],
                                           "default": "json"}}],
                "responses": {"200": {"description": "Laporan", "content": {
                    "application/json": {"schema": report},
                    "text/html": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                        {"schema": {"type": "string", "format": "binary"}}}},
                    **_errors(400, 401, 404, 500)},
            }},
            "/jobs": {
                "post": {
                    "summary": "Memulai pekerjaan panjang (mis. memeriksa arsip ZIP berisi banyak peta)",
                    "description": (
                        "Jenis `validasi-set`: setiap peta dalam arsip diperiksa dan disimpan sebagai "
                        "unggahan OPD pemilik token (admin dapat menyebut `opd`), semuanya sekaligus "
                        "di akhir (bila satu peta tidak terbaca, arsip ditolak seluruhnya); "
                        "kemajuan dan hasilnya dibaca di `GET /jobs/{job_id}` atau halaman "
                        "`/pekerjaan/{job_id}`. Arsip yang tidak sah ditolak langsung. Jenis "
                        "`simulasi`: satu peta .bpmn disimulasikan dengan `cases`, `replications`, "
                        "`seed`, `warmup`; hasilnya (waktu dalam menit) disimpan bersama skenario, "
                        "hash model, benih dan versi."),
                    "requestBody": {"required": True, "content": {
                        "multipart/form-data": {"schema": {"type": "object", "required": ["kind", "file"],
                                                           "properties": {
                            "kind": {"type": "string", "enum": ["validasi-set", "simulasi"]},
                            "file": {"type": "string", "format": "binary"},
                            "profile": {"type": "string"}, "opd": {"type": "string"},
                            "cases": {"type": "integer"}, "replications": {"type": "integer"},
                            "seed": {"type": "integer"}, "warmup": {"type": "integer"}}}}}},
                    "responses": {"202": _ok("Pekerjaan diterima (header Location: alamat statusnya)",
                                             {"$ref": "#/components/schemas/Job"}),
                                  **_errors(400, 401, 403, 404, 413, 415, 422, 429, 500, 503)},
                },
                "get": {
                    "summary": "Daftar pekerjaan yang boleh dilihat pemanggil, terbaru lebih dulu (tanpa hasil)",
                    "parameters": [{"name": "limit", "in": "query", "required": False,
                                    "schema": {"type": "integer", "minimum": 1, "maximum": 200,
                                               "default": 50}}],
                    "responses": {"200": _ok("Daftar pekerjaan", {"type": "object", "properties": {
                        "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
                        "count": {"type": "integer"}}}), **_errors(400, 401, 500)},
                },
            },
            "/jobs/{job_id}": {"get": {
                "summary": "Status, kemajuan (0-100) dan hasil satu pekerjaan",
                "parameters": [{"name": "job_id", "in": "path", "required": True,
                                "description": "id pekerjaan", "schema": {"type": "string"}}],
                "responses": {"200": _ok("Pekerjaan", {"$ref": "#/components/schemas/Job"}),
                              **_errors(401, 404, 500, 503)},
            }},
            "/jobs/{job_id}/batal": {"post": {
                "summary": ("Membatalkan pekerjaan (pengirimnya atau admin): yang menunggu langsung "
                            "`dibatalkan` (200), yang berjalan dihentikan dalam beberapa detik (202)"),
                "parameters": [{"name": "job_id", "in": "path", "required": True,
                                "description": "id pekerjaan", "schema": {"type": "string"}}],
                "responses": {"200": _ok("Pekerjaan dibatalkan", {"$ref": "#/components/schemas/Job"}),
                              "202": _ok("Pembatalan diminta", {"$ref": "#/components/schemas/Job"}),
                              **_errors(401, 403, 404, 409, 503)},
            }},
            "/simulate": {"post": {
                "summary": "Mensimulasikan peta layanan (XML mentah atau berkas .bpmn multipart)",
                "description": (
                    "Parameter (query atau multipart): `cases` (bawaan 1000), `replications` (5), "
                    "`seed` (1), `warmup` (0), `job=1` untuk selalu memakai pekerjaan. Simulasi kecil "
                    "(kasus x replikasi <= 20.000) dijawab langsung (200) dengan hasil dalam menit "
                    "(`cycleTime`, `queueWait`, `withinStandard`, `lanes`, `tasks`, ...) serta peta "
                    "panas `panas` (id elemen -> 0..1 menurut waktu tunggu rata-rata) dan "
                    "`keterangan`; yang lebih besar dijawab 202 dengan pekerjaan `simulasi`."),
                "requestBody": {"required": True, "content": {
                    "application/xml": {"schema": {"type": "string"}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {
                        "file": {"type": "string", "format": "binary"}}}}}},
                "responses": {"200": _ok("Hasil simulasi", {"type": "object"}),
                              "202": _ok("Pekerjaan simulasi diterima", {"$ref": "#/components/schemas/Job"}),
                              **_errors(400, 401, 413, 415, 422, 500, 503)},
            }},
            "/rencana": {
                "get": {
                    "summary": "Rencana aktif (RPJMD, Renstra, master organisasi): ringkasan, sasaran "
                               "dan indikator yang dapat dirujuk peta, daftar OPD",
                    "parameters": [{"name": "format", "in": "query", "required": False,
                                    "description": "`raw`: berkas rencana seperti diunggah (admin)",
                                    "schema": {"type": "string", "enum": ["raw"]}}],
                    "responses": {"200": _ok("Rencana aktif", {"type": "object"}),
                                  **_errors(401, 403, 404, 500)},
                },
                "post": {
                    "summary": "Mengunggah rencana baru (YAML, JSON, atau XLSX); hanya admin",
                    "description": (
                        "Badan permintaan: isi berkas (nama lewat `?filename=`), atau multipart "
                        "bidang `file`. Rencana diperiksa utuh (misi, tujuan, sasaran, tautan "
                        "Renstra, master OPD, target angka dalam periode). Rencana yang memuat "
                        "kesalahan ditolak seluruhnya (422) dengan setiap masalah di "
                        "`error.details` (`[{path, message}]`; juga `problems` dengan kodenya); "
                        "rencana aktif sebelumnya tetap berlaku. Rencana yang diterima menjadi "
                        "rencana aktif untuk pemeriksaan keselarasan PPB-ALN (201; peringatan di "
                        "`peringatan`). Dengan `?pratinjau=1` rencana hanya diperiksa dan "
                        "perbedaannya dengan rencana aktif dijawab, tanpa disimpan."),
                    "parameters": [{"name": "pratinjau", "in": "query", "required": False,
                                    "description": "`1`: periksa dan bandingkan saja, jangan simpan",
                                    "schema": {"type": "string", "enum": ["0", "1"]}}],
                    "requestBody": {"required": True, "content": {
                        "application/x-yaml": {"schema": {"type": "string"}},
                        "application/json": {"schema": {"type": "object"}},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                            {"schema": {"type": "string", "format": "binary"}},
                        "multipart/form-data": {"schema": {"type": "object", "properties": {
                            "file": {"type": "string", "format": "binary"}}}}}},
                    "responses": {"200": _ok("Pratinjau: hasil pemeriksaan dan perbedaan", {"type": "object"}),
                                  "201": _ok("Rencana disimpan dan aktif", {"type": "object"}),
                                  **_errors(400, 401, 403, 413, 415, 422, 500, 503)},
                },
            },
            "/rencana/riwayat": {"get": {
                "summary": "Riwayat rencana yang tersimpan, terbaru lebih dulu (admin, verifikator)",
                "responses": {"200": _ok("Daftar rencana (`rencana`, yang aktif bertanda `active`)",
                                         {"type": "object"}),
                              **_errors(401, 403, 500)},
            }},
            "/rencana/{rencana_id}/aktifkan": {"post": {
                "summary": "Mengaktifkan kembali rencana yang tersimpan (rollback); hanya admin",
                "description": ("Rencana diperiksa utuh lagi lebih dulu; yang tidak lolos ditolak "
                                "(422, `error.details`) dan rencana aktif tetap berlaku. Dicatat "
                                "di log audit."),
                "parameters": [{"name": "rencana_id", "in": "path", "required": True,
                                "description": "id rencana", "schema": {"type": "integer"}}],
                "responses": {"200": _ok("Rencana yang kini aktif", {"type": "object"}),
                              **_errors(401, 403, 404, 422, 500, 503)},
            }},
            "/openapi.json": {"get": {
                "summary": "Dokumen OpenAPI ini", "security": [],
                "responses": {"200": _ok("Dokumen OpenAPI 3", {"type": "object"})},
            }},
            "/docs": {"get": {
                "summary": "Dokumentasi API yang dapat dibaca (HTML)", "security": [],
                "responses": {"200": _ok("Halaman HTML", {"type": "string"}, "text/html")},
            }},
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "token API dari halaman /token"}},
            "responses": {"Error": {"description": "Galat", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"], "properties": {
                        "code": {"type": "string", "example": "NOT_BPMN"},
                        "message": {"type": "string"},
                        "details": {"type": "array", "description": (
                            "setiap masalah rencana dengan tempatnya (`PLAN_INVALID`)"),
                            "items": {"type": "object", "properties": {
                                "path": {"type": "string"}, "message": {"type": "string"}}}},
                        "problems": {"type": "array", "description": (
                            "setiap masalah bila kiriman ditolak seluruhnya karena beberapa "
                            "berkas atau isian (`UPLOAD_FILES_REFUSED`, `PLAN_INVALID`)"),
                            "items": {"type": "object"}},
                        "limit": {"type": "object", "description": (
                            "batas yang dilewati (`TOO_COMPLEX`): nama dan nilainya"),
                            "properties": {"name": {"type": "string"},
                                           "value": {"type": "integer"}}}}}}},
                "Health": {"type": "object", "properties": {
                    "status": {"type": "string", "example": "ok"}, "version": {"type": "string"},
                    "ruleCatalogVersion": {"type": "string"}}},
                "Finding": {"type": "object", "properties": {
                    k: {"type": t} for k, t in (("rule", "string"), ("severity", "string"),
                                                ("element", "string"), ("message", "string"),
                                                ("source", "string"), ("confidence", "string"),
                                                ("suppressed", "boolean"), ("fix", "string"),
                                                ("line", "integer"))}},
                "Report": {"type": "object", "properties": {
                    "version": {"type": "string"}, "ruleCatalogVersion": {"type": "string"},
                    "profile": {"type": "string"}, "lang": {"type": "string"},
                    "files": {"type": "array", "items": {"type": "object", "properties": {
                        "path": {"type": "string"}, "status": {"type": "string", "enum": ["ok", "error"]},
                        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                        "summary": {"type": "object"}}}},
                    "summary": {"type": "object"},
                    "submissions": {"type": "array", "items": {"$ref": "#/components/schemas/Submission"}}}},
                "Job": {"type": "object", "properties": {
                    "id": {"type": "string"}, "kind": {"type": "string", "example": "validasi-set"},
                    "title": {"type": "string"},
                    "status": {"type": "string", "enum": ["antri", "berjalan", "selesai", "gagal", "dibatalkan"]},
                    "attempts": {"type": "integer"}, "cancelRequested": {"type": "boolean"},
                    "statusText": {"type": "string"},
                    "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                    "message": {"type": "string"}, "opd": {"type": "object", "nullable": True},
                    "createdAt": {"type": "string", "format": "date-time"},
                    "startedAt": {"type": "string", "format": "date-time", "nullable": True},
                    "finishedAt": {"type": "string", "format": "date-time", "nullable": True},
                    "result": {"type": "object", "nullable": True, "description": (
                        "validasi-set: total, processed, stored, unreadable, summary, dan files "
                        "(filename, status, submissionId, version, summary, atau error)")},
                    "links": {"type": "object"}}},
                "Submission": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "opd": {"type": "object"}, "filename": {"type": "string"},
                    "version": {"type": "integer"}, "createdAt": {"type": "string", "format": "date-time"},
                    "size": {"type": "integer"}, "sha256": {"type": "string"},
                    "profile": {"type": "string"}, "validatorVersion": {"type": "string"},
                    "ruleCatalogVersion": {"type": "string"}, "status": {"type": "string"},
                    "summary": {"type": "object"}, "links": {"type": "object"},
                    "report": report}},
            },
        },
    }


_DOCS = """{% extends "base.html" %}
{% block title %}Dokumentasi API{% endblock %}
{% block content %}
<section class="api-docs">
  <h1>{{ s.info.title }} <small>versi {{ s.info.version }}</small></h1>
  <p>{{ md(s.info.description) }}</p>
  <p>Dokumen mesin (OpenAPI 3): <a href="{{ url_for('api.openapi_json') }}">openapi.json</a>.
     Alamat dasar: <code>{{ s.servers[0].url }}</code>.</p>
  <ul class="api-daftar">
  {% for path, ops in s.paths.items() %}{% for method, op in ops.items() %}
    <li id="{{ method }}-{{ path | replace('/', '-') | replace('{', '') | replace('}', '') }}">
      <h2><code>{{ method | upper }} {{ s.servers[0].url }}{{ path }}</code></h2>
      <p>{{ md(op.summary) }}{% if op.security == [] %} (tanpa autentikasi){% endif %}</p>
      {% if op.description %}<p>{{ md(op.description) }}</p>{% endif %}
      {% if op.parameters %}<p>Parameter:</p><ul>
        {% for p in op.parameters %}<li><code>{{ p.name }}</code> ({{ p['in'] }}{% if p.required %}, wajib{% endif %}){% if p.description %}: {{ md(p.description) }}{% endif %}</li>{% endfor %}
      </ul>{% endif %}
      {% if op.requestBody %}<p>Isi permintaan: {% for ct in op.requestBody.content %}<code>{{ ct }}</code>{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
      <p>Jawaban: {% for code, r in op.responses.items() %}<code>{{ code }}</code>{% if not loop.last %}, {% endif %}{% endfor %}</p>
    </li>
  {% endfor %}{% endfor %}
  </ul>
</section>
{% endblock %}"""


# The spec's descriptions use a little Markdown: `code`, **bold** and [text](link). The
# docs page renders just these, on text escaped first, so nothing else becomes markup.
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SAFE_HREF = re.compile(r"^(/|#|https?://)")


def markdown_inline(text) -> Markup:
    """`code`, **bold** and [text](url) of ``text`` as HTML; everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in _MD_CODE.finditer(str(text or "")):   # code spans first: nothing inside them is markup
        out.append(_md_text(m.string[pos:m.start()]))
        out.append(f"<code>{escape(m.group(1))}</code>")
        pos = m.end()
    out.append(_md_text(str(text or "")[pos:]))
    return Markup("".join(out))


def _md_text(text: str) -> str:
    def link(m: re.Match) -> str:
        href = m.group(2)
        if not _SAFE_HREF.match(href):   # javascript:, data: ... stay plain text
            return str(escape(m.group(0)))
        return f'<a href="{escape(href)}">{escape(m.group(1))}</a>'

    parts: list[str] = []
    pos = 0
    for m in _MD_LINK.finditer(text):
        parts.append(_md_bold(text[pos:m.start()]))
        parts.append(link(m))
        pos = m.end()
    parts.append(_md_bold(text[pos:]))
    return "".join(parts)


def _md_bold(text: str) -> str:
    return _MD_BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", str(escape(text)))


def render_docs() -> str:
    return render_template_string(_DOCS, s=spec(), md=markdown_inline)
