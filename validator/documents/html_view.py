"""The SOP AP document as one self-contained HTML page for printing (nothing from a CDN).

The same model as the DOCX: the flowchart of each procedure page is one SVG group (from
:mod:`.flowchart`), defined once; each pelaksana cell shows its slice of it through an
``<svg viewBox>`` that ``<use>``-s the group, so lines join across cells as in the DOCX.
Print CSS: the front matter on portrait pages, every SOP on landscape pages, the table
header repeated by the browser (``thead``).
"""
from __future__ import annotations

import base64
from html import escape

from . import flowchart as fc
from . import texts
from .sop import MARGIN, PAPERS, SopDocument, SopForm

_CSS = """
@page { size: %(pw)smm %(ph)smm; margin: 18mm; }
@page land { size: %(lw)smm %(lh)smm; margin: %(m)smm %(mx)smm; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 10.5pt; color: #000;
       margin: 0 auto; max-width: %(lw)smm; }
section { page-break-after: always; break-after: page; padding: 4mm 0; }
section.land { page: land; }
h1 { font-size: 13pt; margin: 2mm 0 3mm; }
h2 { font-size: 11.5pt; margin: 3mm 0 2mm; }
.cover { text-align: center; padding-top: 40mm; }
.cover .judul { font-size: 20pt; font-weight: bold; margin: 10mm 0; }
.cover .inst { font-size: 13pt; font-weight: bold; margin-top: 50mm; }
.draf { color: #c00000; font-weight: bold; text-align: right; font-size: 14pt; }
.c { text-align: center; } .b { font-weight: bold; }
table { border-collapse: collapse; }
table.grid td, table.grid th { border: 0.5pt solid #000; vertical-align: top; }
table.clauses td { vertical-align: top; padding: 1mm 1.5mm; }
table.ident { width: 99%%; font-size: 10pt; }
table.ident td { padding: 1mm 1.5mm; }
table.ident .lab { font-weight: bold; background: #ededed; }
.logo { width: 24mm; height: 24mm; border: 0.5pt solid #000; margin: 0 auto 3mm; }
table.proc { table-layout: fixed; font-size: 7.5pt; }
table.proc th { background: #d9d9d9; padding: 0.6mm; font-size: 7.5pt; vertical-align: middle; }
table.proc td { padding: 0.6mm 1.2mm; overflow: hidden; }
table.proc td.lane { padding: 0; }
table.proc td.lane svg { display: block; }
table.proc td.no { text-align: center; vertical-align: middle; }
table.proc td.ev { font-style: italic; }
table.proc tr { break-inside: avoid; }
.toc a { color: #000; text-decoration: none; }
.warn { border: 1px solid #c00000; padding: 2mm; margin: 2mm 0; font-size: 9pt; }
@media screen { section { border-bottom: 1px dashed #999; margin-bottom: 8mm; } .warn { display: block; } }
@media print { .warn { display: none; } }
"""


def write_html(doc: SopDocument) -> str:
    pw, ph = PAPERS.get(doc.paper, PAPERS["a4"])
    css = _CSS % {"pw": ph, "ph": pw, "lw": pw, "lh": ph, "m": MARGIN, "mx": MARGIN - 2}
    parts = ["<!DOCTYPE html>", '<html lang="id"><head><meta charset="utf-8">',
             f"<title>{escape(_title(doc))}</title><style>{css}</style></head><body>"]
    if doc.warnings:
        parts.append('<div class="warn"><b>Catatan pembuatan dokumen (tidak ikut tercetak):</b><ul>')
        parts += [f"<li>{escape(w.message)}</li>" for w in doc.warnings]
        parts.append("</ul></div>")
    parts.append(_cover(doc))
    parts.append(_keputusan(doc))
    parts.append(_toc(doc))
    parts.append(_penjelasan(doc))
    for i, form in enumerate(doc.forms, 1):
        parts.append(_identity(doc, form, i))
        parts.append(_procedure(form, i))
    parts.append("</body></html>")
    return "\n".join(parts)


def _title(doc):
    return "SOP AP" + (f" - {doc.title}" if doc.title else "") + (f" - {doc.instansi}" if doc.instansi else "")


def _logo(doc, height="30mm"):
    if doc.logo:
        kind = "png" if doc.logo[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
        data = base64.b64encode(doc.logo).decode("ascii")
        return f'<img alt="logo" style="height:{height}" src="data:image/{kind};base64,{data}">'
    return '<div class="logo"></div>'


def _cover(doc):
    out = ['<section class="cover">']
    if doc.logo:
        out.append(_logo(doc))
    out.append('<div class="judul">STANDAR OPERASIONAL PROSEDUR<br>ADMINISTRASI PEMERINTAHAN</div>')
    if doc.title:
        out.append(f'<div class="b" style="font-size:15pt">{escape(doc.title.upper())}</div>')
    out.append('<div class="inst">' + "<br>".join(escape(t) for t in
               (doc.instansi.upper(), doc.pemda.upper(), doc.year) if t) + "</div></section>")
    return "".join(out)


def _keputusan(doc):
    k = texts.keputusan(doc)
    out = ["<section>"]
    if doc.draft:
        out.append('<div class="draf">DRAF</div>')
    out.append(f'<h1 id="keputusan" class="c">{escape(k["judul"])}</h1>')
    out += [f'<div class="c b">{escape(line)}</div>' for line in k["kepala"]]
    out.append(f'<p class="c b">{escape(k["penetap"].upper())},</p><table class="clauses">')
    for label, items in (("Menimbang", k["menimbang"]), ("Mengingat", k["mengingat"])):
        for j, text in enumerate(items):
            mark = f"{chr(97 + j)}." if label == "Menimbang" else f"{j + 1}."
            out.append(f"<tr><td>{label if j == 0 else ''}</td><td>{':' if j == 0 else ''}</td>"
                       f"<td>{mark} {escape(text)}</td></tr>")
    out.append('</table><p class="c b">MEMUTUSKAN:</p><table class="clauses">')
    out.append(f"<tr><td>Menetapkan</td><td>:</td><td>{escape(k['menetapkan'])}</td></tr>")
    out += [f"<tr><td>{label}</td><td>:</td><td>{escape(text)}</td></tr>" for label, text in k["diktum"]]
    out.append('</table><div style="margin-left:55%">')
    out += [f"<div>{escape(line) or '&nbsp;'}</div>" for line in k["penutup"]]
    out.append("</div></section>")
    return "".join(out)


def _toc(doc):
    out = ['<section class="toc"><h2 class="c">DAFTAR ISI</h2><ol style="list-style:none">',
           '<li><a href="#keputusan">Keputusan</a></li>',
           '<li><a href="#penjelasan">Penjelasan Singkat Penggunaan</a></li>']
    for i, form in enumerate(doc.forms, 1):
        out.append(f'<li><a href="#sop-{i}">{i}. {escape(form.title or "(Nama SOP belum diisi)")}</a></li>')
    out.append("</ol></section>")
    return "".join(out)


def _penjelasan(doc):
    info = texts.penjelasan(doc)
    out = ['<section><h1 id="penjelasan">PENJELASAN SINGKAT PENGGUNAAN</h1><h2>A. Ruang Lingkup</h2>']
    out += [f"<p>{escape(t)}</p>" for t in info["ruang_lingkup"]]
    out.append('<h2>B. Ringkasan</h2><table class="grid" style="width:100%;font-size:9pt"><tr>'
               + "".join(f"<th>{h}</th>" for h in ("No", "Nomor SOP", "Nama SOP", "Jumlah kegiatan",
                                                   "Pelaksana")) + "</tr>")
    for i, f in enumerate(doc.forms, 1):
        cells = (str(i), f.identity["nomor"], f.title, str(sum(1 for r in f.rows if r.number)),
                 ", ".join(f.lanes))
        out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    out.append("</table><h2>C. Definisi</h2>")
    out += [f"<p><b>{escape(t)}:</b> {escape(x)}</p>" for t, x in info["definisi"]]
    out.append('<table class="grid" style="font-size:9pt"><tr><th>Simbol</th><th>Nama</th><th>Arti</th></tr>')
    for kind, name, meaning in info["simbol"]:
        out.append(f"<tr><td class='c'>{_symbol_svg(kind)}</td><td>{escape(name)}</td>"
                   f"<td>{escape(meaning)}</td></tr>")
    out.append("</table></section>")
    return "".join(out)


def _identity(doc, form: SopForm, index: int):
    ident = form.identity
    blocks = "".join(f'<div class="b" style="font-size:12pt">{escape(t.upper())}</div>'
                     for t in (form.pemda, ident["instansi"], ident["unit"]) if t)
    sign = (f"{escape(ident['disahkan_jabatan'])}<br><br><br><br>"
            f"<b><u>{escape(ident['disahkan_nama'])}</u></b><br>NIP. {escape(ident['disahkan_nip'])}")
    top = [("Nomor SOP", escape(ident["nomor"])), ("Tanggal Pembuatan", escape(ident["tgl_pembuatan"])),
           ("Tanggal Revisi", escape(ident["tgl_revisi"])), ("Tanggal Efektif", escape(ident["tgl_efektif"])),
           ("Disahkan oleh", sign), ("Nama SOP", f"<b>{escape(ident['nama'])}</b>")]
    out = [f'<section class="land"><h1 id="sop-{index}">{index}. '
           f'{escape(form.title or "(Nama SOP belum diisi)")}</h1><table class="grid ident">']
    for j, (label, value) in enumerate(top):
        first = (f'<td rowspan="{len(top)}" class="c" style="width:48%;vertical-align:middle">'
                 f"{_logo(doc, '24mm')}{blocks}</td>") if j == 0 else ""
        height = ' style="height:30mm"' if label == "Disahkan oleh" else ' style="height:8mm"'
        out.append(f'<tr{height}>{first}<td class="b" style="width:15%">{label}</td><td>{value}</td></tr>')
    for l1, k1, l2, k2 in (("Dasar Hukum", "dasar_hukum", "Kualifikasi Pelaksana", "kualifikasi"),
                           ("Keterkaitan", "keterkaitan", "Peralatan/Perlengkapan", "peralatan"),
                           ("Peringatan", "peringatan", "Pencatatan dan Pendataan", "pencatatan")):
        out.append(f'<tr><td class="lab">{l1}:</td><td class="lab" colspan="2">{l2}:</td></tr>')
        out.append(f'<tr style="height:17mm"><td>{_items(ident[k1])}</td>'
                   f'<td colspan="2">{_items(ident[k2])}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _items(value):
    items = texts.items(value)
    if len(items) <= 1:
        return escape(value)
    return "<ol style='margin:0;padding-left:5mm'>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>"


def _procedure(form: SopForm, index: int):
    lay = form.layout
    n = len(form.lanes)
    widths = lay.col_widths
    out = []
    total = len(form.pages)
    for p_no, (page, rows) in enumerate(zip(form.pages, form.page_rows), 1):
        gid = f"fc-{index}-{p_no}"
        dr = page.drawing
        out.append(f'<section class="land"><div class="b">Prosedur {index}. {escape(form.title)}'
                   + (f" (halaman {p_no}/{total})" if total > 1 else "") + "</div>")
        out.append(f'<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
                   f'<g id="{gid}">{_svg_drawing(dr)}</g></defs></svg>')
        out.append('<table class="grid proc" style="width:%.1fmm"><colgroup>%s</colgroup><thead>'
                   % (sum(widths), "".join(f'<col style="width:{w:.2f}mm">' for w in widths)))
        out.append(f'<tr style="height:{lay.header_h[0]}mm"><th rowspan="2">No</th><th rowspan="2">Kegiatan</th>'
                   f'<th colspan="{n}">Pelaksana</th><th colspan="3">Mutu Baku</th>'
                   f'<th rowspan="2">Keterangan</th></tr><tr style="height:{lay.header_h[1]}mm">'
                   + "".join(f"<th>{escape(name)}</th>" for name in form.lanes)
                   + "<th>Kelengkapan</th><th>Waktu</th><th>Output</th></tr></thead><tbody>")
        for r, (grid_row, prow) in enumerate(zip(page.rows, rows)):
            y = dr.row_tops[r]
            out.append(f'<tr style="height:{grid_row.height}mm">')
            if prow is None:
                out.append("<td></td><td></td>")
            else:
                ev = ' class="ev"' if prow.number is None else ""
                out.append(f'<td class="no">{prow.number or ""}</td><td{ev}>{escape(prow.kegiatan)}</td>')
            for c in range(n):
                x = c * dr.col_width
                out.append(f'<td class="lane"><svg width="{dr.col_width:.2f}mm" height="{grid_row.height}mm" '
                           f'viewBox="{x:.2f} {y:.2f} {dr.col_width:.2f} {grid_row.height}">'
                           f'<use href="#{gid}"/></svg></td>')
            if prow is None:
                out.append("<td></td>" * 4)
            else:
                values = (prow.kelengkapan, prow.waktu, prow.output, prow.keterangan)
                out.append("".join(("<td class='c'>" if j == 1 else "<td>") + f"{escape(v)}</td>"
                                   for j, v in enumerate(values)))
            out.append("</tr>")
        out.append("</tbody></table></section>")
    return "".join(out)


def _svg_drawing(d: fc.Drawing) -> str:
    out = ['<g fill="none" stroke="#000" stroke-width="0.3" stroke-linejoin="round">']
    for s in d.shapes:
        x0, y0 = s.x - s.w / 2, s.y - s.h / 2
        if s.kind == fc.TERMINATOR:
            out.append(f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{s.w:.2f}" height="{s.h:.2f}" '
                       f'rx="{s.h / 2:.2f}"/>')
        elif s.kind == fc.PROCESS:
            out.append(f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{s.w:.2f}" height="{s.h:.2f}"/>')
        elif s.kind == fc.DECISION:
            out.append(f'<polygon points="{s.x:.2f},{y0:.2f} {x0 + s.w:.2f},{s.y:.2f} '
                       f'{s.x:.2f},{y0 + s.h:.2f} {x0:.2f},{s.y:.2f}"/>')
        elif s.kind == fc.CONNECTOR:
            mid = y0 + s.h * 0.55
            out.append(f'<polygon points="{x0:.2f},{y0:.2f} {x0 + s.w:.2f},{y0:.2f} {x0 + s.w:.2f},{mid:.2f} '
                       f'{s.x:.2f},{y0 + s.h:.2f} {x0:.2f},{mid:.2f}"/>')
    for line in d.lines:
        pts = " ".join(f"{x:.2f},{y:.2f}" for x, y in line.points)
        out.append(f'<polyline points="{pts}"/>')
        if line.arrow and len(line.points) >= 2:
            out.append(_arrow_svg(line.points[-2], line.points[-1]))
    out.append(f'</g><g font-size="{fc.FONT_MM}" font-family="Arial, \'Liberation Sans\', sans-serif" '
               'fill="#000">')
    for s in d.shapes:
        if s.kind == fc.CONNECTOR and s.text:
            out.append(f'<text x="{s.x:.2f}" y="{s.y + 0.2:.2f}" text-anchor="middle">{escape(s.text)}</text>')
    for lb in d.labels:
        out.append(f'<text x="{lb.x:.2f}" y="{lb.y:.2f}" text-anchor="{lb.anchor}">{escape(lb.text)}</text>')
    out.append("</g>")
    return "".join(out)


def _arrow_svg(a, b, size=1.6):
    (ax, ay), (bx, by) = a, b
    if abs(bx - ax) >= abs(by - ay):
        s = 1 if bx > ax else -1
        pts = [(bx, by), (bx - s * size, by - size * 0.45), (bx - s * size, by + size * 0.45)]
    else:
        s = 1 if by > ay else -1
        pts = [(bx, by), (bx - size * 0.45, by - s * size), (bx + size * 0.45, by - s * size)]
    return '<polygon fill="#000" stroke="none" points="%s"/>' % " ".join(f"{x:.2f},{y:.2f}" for x, y in pts)


def _symbol_svg(kind):
    w, h = 22.0, 10.0
    d = fc.Drawing(width=w, height=h, row_tops=[0.0], col_width=w)
    if kind == "arrow":
        d.lines.append(fc.Line([(2.0, h / 2), (w - 2.0, h / 2)]))
    else:
        sw = {fc.CONNECTOR: 6.0, fc.DECISION: 14.0}.get(kind, 16.0)
        d.shapes.append(fc.Shape(kind, w / 2, h / 2, sw, fc.SYMBOL_H[kind], "A" if kind == fc.CONNECTOR else ""))
    return f'<svg width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">{_svg_drawing(d)}</svg>'
