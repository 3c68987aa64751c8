"""The Peta Proses Bisnis document as one self-contained HTML page for printing.

The same model and wording as the DOCX (:mod:`.peta_docx`); the diagrams are the same PNG
pictures drawn by bpmn-js, embedded as ``data:`` URLs, so the page needs nothing from the
network. Print CSS: the instrument and the appendices on portrait pages, the Level 0 and
every wide map on landscape pages (a named ``@page``); each Lampiran page starts with the
"LAMPIRAN ... NOMOR ... TANGGAL ... TENTANG ..." block.
"""
from __future__ import annotations

import base64
from html import escape

from .peta import MM_PER_PX, PetaDocument, headings, instrument_texts

_CSS = """
@page { size: %(pw)smm %(ph)smm; margin: 18mm 20mm; }
@page land { size: %(ph)smm %(pw)smm; margin: 15mm 20mm; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 10.5pt; color: #000;
       margin: 0 auto; max-width: %(ph)smm; }
section { break-after: page; page-break-after: always; padding: 2mm 0; }
section.land { page: land; }
h1 { font-size: 13pt; text-align: center; margin: 4mm 0; }
h2 { font-size: 11.5pt; margin: 4mm 0 2mm; }
h3 { font-size: 10.5pt; margin: 3mm 0 2mm; }
.draf { color: #c00000; font-weight: bold; text-align: right; font-size: 14pt; }
.c { text-align: center; } .b { font-weight: bold; } .j { text-align: justify; }
.lamp { margin-left: auto; width: 100mm; font-size: 8pt; border-collapse: collapse; margin-bottom: 4mm; }
.lamp td { padding: 0 1mm; vertical-align: top; }
table.clauses { width: 100%%; border-collapse: collapse; }
table.clauses td { vertical-align: top; padding: 0.6mm 1mm; }
table.clauses td.lab { width: 28mm; } table.clauses td.colon { width: 4mm; }
table.grid { border-collapse: collapse; width: 100%%; font-size: 8.5pt; }
table.grid th, table.grid td { border: 0.5pt solid #000; padding: 0.8mm 1.2mm; vertical-align: top; }
table.grid th { background: #d9d9d9; text-align: left; }
table.grid tr { break-inside: avoid; }
.sign { margin-left: 95mm; margin-top: 8mm; }
.sign p { margin: 0; }
figure { margin: 2mm 0; text-align: center; }
figure img { max-width: 100%%; }
figcaption { font-size: 8pt; }
.meta { font-size: 8pt; color: #333; }
.toc { list-style: none; padding: 0; }
.toc li { margin: 0.6mm 0; } .toc .l2 { padding-left: 6mm; } .toc .l3 { padding-left: 12mm; }
.toc a { color: #000; text-decoration: none; }
.warn { border: 1px solid #c00000; padding: 2mm; margin: 2mm 0; font-size: 9pt; }
.err { color: #c00000; }
@media screen { section { border-bottom: 1px dashed #999; margin-bottom: 8mm; } }
@media print { .warn { display: none; } }
"""


def write_peta_html(doc: PetaDocument) -> str:
    pw, ph = doc.page_size
    css = _CSS % {"pw": pw, "ph": ph}
    w = _Html(doc)
    parts = ["<!DOCTYPE html>", '<html lang="id"><head><meta charset="utf-8">',
             f"<title>{escape(doc.title)}</title><style>{css}</style></head><body>"]
    if doc.warnings:
        parts.append('<div class="warn"><b>Catatan pembuatan dokumen (tidak ikut tercetak):</b><ul>')
        parts += [f"<li>{escape(x.message)}</li>" for x in doc.warnings]
        parts.append("</ul></div>")
    parts += w.build()
    parts.append("</body></html>")
    return "\n".join(parts)


def _e(text) -> str:
    return escape(str(text or ""))


def _lines(items) -> str:
    return "<br>".join(_e(i) for i in items)


class _Html:
    def __init__(self, doc: PetaDocument) -> None:
        self.doc = doc
        self.heads = list(headings(doc))
        self.i = 0

    def h(self) -> str:
        level, text = self.heads[self.i]
        self.i += 1
        return f'<h{level} id="h{self.i}">{_e(text)}</h{level}>'

    def lamp(self) -> str:
        rows = []
        if self.doc.draft:
            rows.append('<tr><td colspan="3" class="draf">DRAF</td></tr>')
        for label, value in self.doc.lampiran_head:
            if value:
                rows.append(f"<tr><td>{_e(label)}</td><td>:</td><td>{_e(value)}</td></tr>")
            else:
                rows.append(f'<tr><td colspan="3">{_e(label)}</td></tr>')
        return f'<table class="lamp">{"".join(rows)}</table>'

    def section(self, body: list[str], land=False) -> str:
        cls = ' class="land"' if land else ""
        return f"<section{cls}>{self.lamp()}{''.join(body)}</section>"

    def build(self) -> list[str]:
        doc = self.doc
        out = [self.instrument()]
        toc = ['<p class="c b">DAFTAR ISI</p><ul class="toc">']
        for n, (level, text) in enumerate(self.heads, 1):
            toc.append(f'<li class="l{level}"><a href="#h{n}">{_e(text)}</a></li>')
        toc.append("</ul>")
        out.append(self.section(toc))
        out.append(self.section(self.pendahuluan()))
        if doc.scope == "pemda" or doc.level0 is not None:
            out.append(self.section(self.level0(), land=True))
            out.append(self.section(self.level0_table(), land=True))
        out += self.opds()
        out.append(self.section([self.h(), self.sop_table()]))
        out.append(self.section([self.h(), self.codes()]))
        if doc.cascade is not None:
            out.append(self.section([self.h(), self.cascade()]))
        out.append(self.section([self.h(), self.closing()]))
        return out

    def instrument(self) -> str:
        doc = self.doc
        k = instrument_texts(doc)
        p = []
        if doc.draft:
            p.append('<p class="draf">DRAF</p>')
        p.append(f'<p class="c b" style="font-size:13pt">{_e(k["judul"])}</p>')
        p += [f'<p class="c b">{_e(x)}</p>' for x in (k["nomor"], "TENTANG", k["tentang"])]
        if k.get("pembuka"):
            p.append(f'<p class="c b">{_e(k["pembuka"])}</p>')
        p.append(f'<p class="c b">{_e(k["penetap"])}</p>')
        p.append(_clauses("Menimbang", [f"{chr(97 + i)}. {t}" for i, t in enumerate(k["menimbang"])]))
        p.append(_clauses("Mengingat", [f"{i}. {t}" for i, t in enumerate(k["mengingat"], 1)]))
        p.append('<p class="c b">MEMUTUSKAN:</p>')
        p.append(_clauses("Menetapkan", [k["menetapkan"]]))
        if doc.instrumen == "peraturan":
            for title, items in k["pasal"]:
                p.append(f'<p class="c b">{_e(title)}</p>')
                p += [f'<p class="j">{_e(t)}</p>' for t in items]
        else:
            for label, text in k["diktum"]:
                p.append(_clauses(label, [text]))
        p.append(_sign(k))
        if doc.instrumen == "peraturan":
            p.append('<div class="sign">' + "".join(f"<p>{_e(x) or '&nbsp;'}</p>"
                                                    for x in k["diundangkan"]) + "</div>")
            p.append(f'<p class="b">{_e(k["berita"])}</p>')
        return f"<section>{''.join(p)}</section>"

    def pendahuluan(self) -> list[str]:
        info = self.doc.pendahuluan
        out = [self.h(), self.h(), "<p>Penyusunan Peta Proses Bisnis ini berpedoman pada:</p><ol>"]
        out += [f"<li>{_e(t)}</li>" for t in info["dasar_hukum"]]
        out += ["</ol>", self.h()]
        out += [f'<p class="j">{_e(t)}</p>' for t in info["maksud"]]
        out.append('<p>Tujuan penyusunan Peta Proses Bisnis ini adalah:</p><ol type="a">')
        out += [f"<li>{_e(t)}</li>" for t in info["tujuan"]]
        out += ["</ol>", self.h()]
        out += [f'<p class="j">{_e(t)}</p>' for t in info["ruang_lingkup"]]
        return out

    def level0(self) -> list[str]:
        out = [self.h(), self.h()]
        if self.doc.level0 is not None:
            out += [_meta(self.doc.level0), _figure(self.doc.level0)]
        else:
            out.append("<p>Peta Level 0 tidak termuat dalam set peta ini.</p>")
        return out

    def level0_table(self) -> list[str]:
        rows = [(r.kode, r.nama, r.kategori, r.pemilik, r.sasaran, r.pemasok, r.masukan,
                 r.keluaran, r.pelanggan) for r in self.doc.level0_rows]
        heads = ("Kode", "Nama Proses", "Kategori", "Pemilik", "Sasaran RPJMD", "Pemasok",
                 "Masukan", "Keluaran", "Pelanggan")
        return [self.h(), _table(heads, rows) if rows else
                "<p>Belum ada proses Level 0 yang tercantum.</p>"]

    def opds(self) -> list[str]:
        doc = self.doc
        pending = [self.h()]
        out = []
        if not doc.opds:
            return [self.section(pending + ["<p>Belum ada peta perangkat daerah dalam set ini.</p>"])]
        for part in doc.opds:
            if doc.scope == "pemda":
                pending.append(self.h())
            for m in part.maps:
                pending.append(self.h())
                body = pending + [_meta(m), _figure(m), _sops_of(m)]
                pending = []
                out.append(self.section(body, land=m.landscape))
        return out

    def sop_table(self) -> str:
        rows = [(str(i), s.nomor or "-", s.judul, s.pemilik, s.kode, s.status)
                for i, s in enumerate(self.doc.sops, 1)]
        if not rows:
            return "<p>Belum ada peta SOP dalam set ini.</p>"
        return _table(("No", "Nomor SOP", "Judul SOP", "Pemilik", "Kode Proses", "Status"), rows)

    def codes(self) -> str:
        return _table(("Kode", "Nama Proses", "Jenis Peta", "Pemilik", "Berkas Peta"),
                      [(c.kode, c.nama, c.jenis, c.pemilik, c.peta) for c in self.doc.codes])

    def cascade(self) -> str:
        return _table(("Misi RPJMD", "Sasaran RPJMD", "Sasaran Renstra", "OPD", "Proses"),
                      [(c.misi, c.sasaran_rpjmd, c.sasaran_renstra or "(langsung)", c.opd,
                        c.proses or ["BELUM ADA PROSES"]) for c in self.doc.cascade])

    def closing(self) -> str:
        doc = self.doc
        who = doc.opd_name or (f"Pemerintah {doc.pemda}" if doc.pemda else "Pemerintah Daerah")
        return (f'<p class="j">Peta Proses Bisnis ini menjadi acuan bersama dalam penyelenggaraan '
                f"pemerintahan dan pelayanan publik di lingkungan {_e(who)}, dan dievaluasi "
                "secara berkala agar tetap selaras dengan rencana pembangunan dan organisasi.</p>"
                + _sign(instrument_texts(doc)))


def _clauses(label: str, items: list[str]) -> str:
    rows = []
    for i, text in enumerate(items):
        lab = _e(label) if i == 0 else ""
        colon = ":" if i == 0 else ""
        rows.append(f'<tr><td class="lab">{lab}</td><td class="colon">{colon}</td>'
                    f'<td class="j">{_e(text)}</td></tr>')
    return f'<table class="clauses">{"".join(rows)}</table>'


def _sign(k) -> str:
    lines = [f"Ditetapkan di {k['tempat']}", f"pada tanggal {k['tanggal']}"] + k["ttd"]
    return '<div class="sign">' + "".join(f"<p>{_e(x) or '&nbsp;'}</p>" for x in lines) + "</div>"


def _table(heads, rows) -> str:
    out = ['<table class="grid"><thead><tr>']
    out += [f"<th>{_e(h)}</th>" for h in heads]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = [_lines(v) if isinstance(v, list) else _e(v) for v in row]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _meta(m) -> str:
    bits = [f"Berkas: {m.shown}"]
    if m.level is not None:
        bits.append(f"Level {m.level}")
    if m.instansi:
        bits.append(m.instansi)
    if m.errors:
        bits.append(f"catatan validasi: {m.errors} galat")
    if m.penetapan:
        bits.append(m.penetapan)
    return f'<p class="meta">{_e(" | ".join(bits))}</p>'


def _figure(m) -> str:
    d = m.diagram
    if d is None or not d.ok:
        why = d.error if d is not None else "tidak digambar"
        return f'<p class="err">Diagram peta ini tidak dapat digambar oleh bpmn-js ({_e(why)}).</p>'
    data = base64.b64encode(d.png).decode("ascii")
    width = d.width * MM_PER_PX
    cap = "Gambar: " + m.heading + (" (tata letak otomatis)" if d.auto_layout else "")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{_e(m.heading)}" '
            f'style="width:{width:.0f}mm"><figcaption>{_e(cap)}</figcaption></figure>')


def _sops_of(m) -> str:
    if not m.sops:
        return "<p>SOP yang diturunkan dari peta ini: belum ada.</p>"
    return ('<p class="b">SOP yang diturunkan dari peta ini:</p>'
            + _table(("No", "Nomor SOP", "Nama SOP", "Kode", "Status"),
                     [(str(i), s.nomor or "-", s.judul, s.kode, s.status)
                      for i, s in enumerate(m.sops, 1)]))


__all__ = ["write_peta_html"]
