"""The SOP AP document as DOCX (python-docx): real tables, heading styles, page sections.

Why the flowchart is drawn as image slices and not as DrawingML shapes: shapes anchored in
table cells are positioned differently by Word and by LibreOffice (anchoring, wrapping and
the cell's own margins are interpreted in their own ways), so arrows between cells would
miss each other in one of them. Instead the whole flowchart of a page is laid out on one
grid (:mod:`.flowchart`), drawn once (:mod:`.raster`), and each cell of a pelaksana column
receives the slice of the drawing that belongs to it, as an inline picture exactly as large
as the cell: the rows have exact heights, those cells have zero margins, so the slices join
into one drawing in both programs, and the table stays a real, editable table. Each page of
the procedure is its own table with the header rows (marked ``w:tblHeader`` as well), so
page breaks fall where the off-page connectors say and nowhere else.
"""
from __future__ import annotations

import io
import itertools

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Mm, Pt, RGBColor

from . import flowchart as fc
from . import raster
from .sop import HEADING_H, MARGIN, PAPERS, TEXT_PT, SopDocument, SopForm, format_date
from . import texts

FONT = "Arial"


def write_docx(doc: SopDocument, out, template: bytes | None = None) -> None:
    """Write ``doc`` to ``out`` (a path or a binary stream).

    ``template``: a Pemda's own DOCX (kop surat in its header, logo, fonts, styles). Its body
    is left out; its styles, headers and footers and page margins are kept, and the styles
    the document needs (Title, Heading 1-2, Table Grid) are added when it lacks them."""
    if template is None:
        d = Document()
        _styles(d)
    else:
        d = _from_template(template)
    portrait = _portrait(d.sections[0], doc.paper, keep_margins=template is not None)
    _cover(d, doc)
    _page_break(d)
    _keputusan(d, doc)
    _page_break(d)
    _toc(d, doc)
    _page_break(d)
    _penjelasan(d, doc)
    for i, form in enumerate(doc.forms, 1):
        sec = d.add_section(WD_SECTION.NEW_PAGE)
        _landscape(sec, doc.paper)
        if i == 1:   # a template's kop surat stays on the portrait pages: the form has its own
            sec.header.is_linked_to_previous = False
        _identity_page(d, doc, form, i)
        _procedure(d, form, i)
    if template is None or not any(p.text.strip() for p in portrait.footer.paragraphs):
        _footer(portrait)
    d.save(out)


# -- page setup -----------------------------------------------------------------------------

def _portrait(section, paper, keep_margins=False):
    w, h = PAPERS.get(paper, PAPERS["a4"])
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(h), Mm(w)
    if not keep_margins:
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
    return section


def _from_template(data: bytes):
    """A Pemda's DOCX as the base: body emptied (its last section's settings kept)."""
    from .sop import DocumentError

    try:
        d = Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a file that is no DOCX
        raise DocumentError("TEMPLAT_DOCX_RUSAK",
                            "Templat bukan berkas DOCX yang dapat dibaca (simpan ulang sebagai "
                            "Dokumen Word .docx).") from None
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _ensure_styles(d)
    return d


def _ensure_styles(d):
    """Title, Heading 1-2 (with outline levels, for the table of contents) and Table Grid,
    added to a template that lacks them, in the template's own fonts."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {s.name for s in d.styles}
    for name, level, size in (("Title", None, 20), ("Heading 1", 0, 13), ("Heading 2", 1, 11.5)):
        if name in names:
            continue
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = d.styles["Normal"]
        st.font.bold = True
        st.font.size = Pt(size)
        if level is not None:
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level))
            st.element.get_or_add_pPr().append(outline)
    if "Table Grid" not in names:
        st = d.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        tblPr = OxmlElement("w:tblPr")
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = OxmlElement(f"w:{side}")
            for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto")):
                b.set(qn(k), v)
            borders.append(b)
        tblPr.append(borders)
        st.element.append(tblPr)


def _landscape(section, paper):
    w, h = PAPERS.get(paper, PAPERS["a4"])
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(w), Mm(h)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN))
    section.footer_distance = Mm(5)
    section.header_distance = Mm(5)


def _styles(d):
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    pf = normal.paragraph_format
    pf.space_after = Pt(3)
    for name, size in (("Title", 20), ("Heading 1", 13), ("Heading 2", 11.5)):
        st = d.styles[name]
        st.font.name = FONT
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = st.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
        st.paragraph_format.space_before = Pt(6)
        st.paragraph_format.space_after = Pt(6)


def _footer(section):
    """Page numbers in the footer (every later section links to it)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(p, "PAGE", "1", size=8)


# -- front matter -----------------------------------------------------------------------------

def _cover(d, doc: SopDocument):
    for _ in range(5):
        d.add_paragraph()
    if doc.logo:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(io.BytesIO(doc.logo), height=Mm(30))
    p = d.add_paragraph(style="Title")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("STANDAR OPERASIONAL PROSEDUR\nADMINISTRASI PEMERINTAHAN")
    if doc.title:
        _para(d, doc.title.upper(), size=15, bold=True, align="center", before=18)
    elif len(doc.forms) > 1:
        _para(d, f"({len(doc.forms)} SOP)", size=13, align="center", before=18)
    for _ in range(6):
        d.add_paragraph()
    for text in (doc.instansi.upper(), doc.pemda.upper(), doc.year):
        if text:
            _para(d, text, size=13, bold=True, align="center")


def _keputusan(d, doc: SopDocument):
    k = texts.keputusan(doc)
    if doc.draft:
        _para(d, "DRAF", size=14, bold=True, align="right", color=(0xC0, 0, 0))
    h = d.add_paragraph(style="Heading 1")
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h.add_run(k["judul"])
    for line in k["kepala"]:
        _para(d, line, bold=True, align="center", size=10.5, after=1)
    _para(d, k["penetap"].upper() + ",", bold=True, align="center", before=6, size=10.5)
    for label, items in (("Menimbang", k["menimbang"]), ("Mengingat", k["mengingat"])):
        _clauses(d, label, items)
    _para(d, "MEMUTUSKAN:", bold=True, align="center", before=4, size=10.5)
    _clauses(d, "Menetapkan", [k["menetapkan"]], numbered=False)
    for label, text in k["diktum"]:
        _clauses(d, label, [text], numbered=False)
    for line in k["penutup"]:
        _para(d, line, align="left", indent=95, size=10.5, after=0)


def _clauses(d, label, items, numbered=True):
    t = d.add_table(rows=len(items), cols=3)
    _fixed(t, [32, 5, 133])
    for i, text in enumerate(items):
        cells = t.rows[i].cells
        if i == 0:
            cells[0].paragraphs[0].add_run(label)
            cells[1].paragraphs[0].add_run(":")
        mark = f"{chr(97 + i)}. " if numbered and label == "Menimbang" else (
            f"{i + 1}. " if numbered else "")
        run = cells[2].paragraphs[0].add_run(mark + text)
        cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for c in cells:
            c.paragraphs[0].paragraph_format.space_after = Pt(1)
            for r in c.paragraphs[0].runs:
                r.font.size = Pt(10.5)
        run.font.size = Pt(10.5)


def _toc(d, doc: SopDocument):
    _para(d, "DAFTAR ISI", bold=True, size=13, align="center", after=10)
    p = d.add_paragraph()
    entries = texts.toc_entries(doc)
    # a TOC field Word and LibreOffice update ("Perbarui bidang"); its first result is
    # written here with the page numbers of our own pagination
    begin = _fld_char(p, "begin")
    _instr(p, ' TOC \\o "1-2" \\h \\z \\u ')
    _fld_char(p, "separate")
    first = True
    for level, title, page in entries:
        q = p if first else d.add_paragraph()
        first = False
        q.paragraph_format.left_indent = Mm(6 * (level - 1))
        q.paragraph_format.tab_stops.add_tab_stop(Mm(170), alignment=2, leader=1)  # right, dots
        q.add_run(f"{title}\t{page}")
    end_p = d.add_paragraph() if entries else p
    _fld_char(end_p, "end")
    del begin


def _penjelasan(d, doc: SopDocument):
    h = d.add_paragraph(style="Heading 1")
    h.add_run("PENJELASAN SINGKAT PENGGUNAAN")
    info = texts.penjelasan(doc)
    d.add_paragraph("A. Ruang Lingkup", style="Heading 2")
    for text in info["ruang_lingkup"]:
        _para(d, text, align="justify", size=11)
    d.add_paragraph("B. Ringkasan", style="Heading 2")
    t = d.add_table(rows=1 + len(doc.forms), cols=5)
    t.style = "Table Grid"
    _fixed(t, [10, 42, 62, 22, 34])
    for c, head in enumerate(("No", "Nomor SOP", "Nama SOP", "Jumlah kegiatan", "Pelaksana")):
        _cell_text(t.rows[0].cells[c], head, bold=True, size=9, shade="D9D9D9")
    _header(t.rows[0])
    for i, form in enumerate(doc.forms, 1):
        cells = t.rows[i].cells
        values = (str(i), form.identity["nomor"], form.title,
                  str(sum(1 for r in form.rows if r.number)), ", ".join(form.lanes))
        for c, v in enumerate(values):
            _cell_text(cells[c], v, size=9)
    d.add_paragraph("C. Definisi", style="Heading 2")
    for term, text in info["definisi"]:
        p = d.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        r = p.add_run(term + ": ")
        r.bold = True
        p.add_run(text)
        for run in p.runs:
            run.font.size = Pt(10)
    _para(d, "Simbol bagan alir SOP AP:", bold=True, size=10, before=4)
    symbols = info["simbol"]
    t = d.add_table(rows=1 + len(symbols), cols=3)
    t.style = "Table Grid"
    _fixed(t, [28, 40, 102])
    for c, head in enumerate(("Simbol", "Nama", "Arti")):
        _cell_text(t.rows[0].cells[c], head, bold=True, size=9, shade="D9D9D9")
    for i, (kind, name, meaning) in enumerate(symbols, 1):
        cells = t.rows[i].cells
        p = cells[0].paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(io.BytesIO(raster.symbol_png(kind, "A" if kind == fc.CONNECTOR else "")),
                                height=Mm(7))
        _cell_text(cells[1], name, size=9)
        _cell_text(cells[2], meaning, size=9)


# -- one SOP --------------------------------------------------------------------------------

def _identity_page(d, doc: SopDocument, form: SopForm, index: int):
    h = d.add_paragraph(style="Heading 1")
    h.add_run(f"{index}. {form.title or '(Nama SOP belum diisi)'}")
    usable = form.layout.page_w - 2 * MARGIN
    left, lab = usable * 0.48, 42.0
    val = usable - left - lab
    ident = form.identity
    top = [("Nomor SOP", ident["nomor"]), ("Tanggal Pembuatan", ident["tgl_pembuatan"]),
           ("Tanggal Revisi", ident["tgl_revisi"]), ("Tanggal Efektif", ident["tgl_efektif"]),
           ("Disahkan oleh", None), ("Nama SOP", ident["nama"])]
    bottom = [("Dasar Hukum", ident["dasar_hukum"], "Kualifikasi Pelaksana", ident["kualifikasi"]),
              ("Keterkaitan", ident["keterkaitan"], "Peralatan/Perlengkapan", ident["peralatan"]),
              ("Peringatan", ident["peringatan"], "Pencatatan dan Pendataan", ident["pencatatan"])]
    t = d.add_table(rows=len(top) + 2 * len(bottom), cols=3)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(t, [left, lab, val])
    for r, (label, value) in enumerate(top):
        cells = t.rows[r].cells
        _cell_text(cells[1], label, bold=True, size=10)
        if value is None:
            _signature(cells[2], ident)
        else:
            _cell_text(cells[2], value, size=10, bold=(label == "Nama SOP"))
        t.rows[r].height = Mm(8 if value is not None else 30)
        t.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    head = t.cell(0, 0).merge(t.cell(len(top) - 1, 0))
    _unit_block(head, doc, form)
    for i, (l1, v1, l2, v2) in enumerate(bottom):
        r = len(top) + 2 * i
        labels, values = t.rows[r], t.rows[r + 1]
        a = labels.cells[1].merge(labels.cells[2])
        _cell_text(labels.cells[0], l1 + ":", bold=True, size=10, shade="EDEDED")
        _cell_text(a, l2 + ":", bold=True, size=10, shade="EDEDED")
        b = values.cells[1].merge(values.cells[2])
        _cell_items(values.cells[0], v1)
        _cell_items(b, v2)
        values.height = Mm(17)
        values.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _unit_block(cell, doc, form):
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.logo:
        p.add_run().add_picture(io.BytesIO(doc.logo), height=Mm(24))
    else:   # the logo's place, left visibly empty
        box = cell.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        box.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed(box, [24])
        box.rows[0].height = Mm(24)
        box.rows[0].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        _cell_text(box.rows[0].cells[0], "", size=8)
    for text, size in ((form.pemda.upper(), 12), (form.identity["instansi"].upper(), 12),
                       (form.identity["unit"].upper(), 11)):
        if text:
            q = cell.add_paragraph()
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = q.add_run(text)
            r.bold, r.font.size = True, Pt(size)


def _signature(cell, ident):
    p = cell.paragraphs[0]
    r = p.add_run(ident["disahkan_jabatan"])
    r.font.size = Pt(10)
    for _ in range(3):
        cell.add_paragraph()
    for label, key in (("", "disahkan_nama"), ("NIP. ", "disahkan_nip")):
        q = cell.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        value = ident[key]
        run = q.add_run(label + value if value else label)
        run.font.size = Pt(10)
        run.bold = key == "disahkan_nama"
        run.underline = key == "disahkan_nama" and bool(value)


def _cell_items(cell, value):
    items = texts.items(value)
    if len(items) <= 1:
        _cell_text(cell, value, size=10)
        return
    for i, item in enumerate(items):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        p.paragraph_format.left_indent = Mm(5)
        p.paragraph_format.first_line_indent = Mm(-5)
        r = p.add_run(f"{i + 1}.\t{item}")
        r.font.size = Pt(10)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(5))


def _procedure(d, form: SopForm, index: int):
    lay = form.layout
    n_lanes = len(form.lanes)
    widths = lay.col_widths
    total = len(form.pages)
    for p_no, (page, rows) in enumerate(zip(form.pages, form.page_rows), 1):
        _page_break(d)
        cap = d.add_paragraph()
        cap.paragraph_format.space_after = Pt(2)
        r = cap.add_run(f"Prosedur {index}. {form.title}" + (f" (halaman {p_no}/{total})" if total > 1 else ""))
        r.bold, r.font.size = True, Pt(10)
        cap.paragraph_format.line_spacing = Mm(HEADING_H - 4)
        slices = raster.slices(page.drawing)
        ids = itertools.count(d.part.next_id)   # the first free shape id, found once a page
        t = d.add_table(rows=2 + len(rows), cols=len(widths))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed(t, widths)
        _zero_cell_margins(t)
        _proc_header(t, form, lay)
        last = len(widths)
        for r_i, (grid_row, prow) in enumerate(zip(page.rows, rows)):
            row = t.rows[2 + r_i]
            row.height = Mm(grid_row.height)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            _cant_split(row)
            cells = row.cells
            if prow is not None:
                texts_ = [str(prow.number) if prow.number else "", prow.kegiatan]
                for c, text in enumerate(texts_):
                    _cell_text(cells[c], text, size=TEXT_PT, align="center" if c == 0 else "left",
                               italic=prow.number is None and c == 1, pad=1.2)
                for c, text in enumerate((prow.kelengkapan, prow.waktu, prow.output, prow.keterangan)):
                    _cell_text(cells[last - 4 + c], text, size=TEXT_PT,
                               align="center" if c == 1 else "left", pad=1.2)
            for lane in range(n_lanes):
                cell = cells[2 + lane]
                _no_margins(cell)
                p = cell.paragraphs[0]
                _tight(p)
                png = slices.get((r_i, lane))
                if png is not None:
                    _slice_picture(d, p, png, Mm(lay.lane_w), Mm(grid_row.height), ids)


def _proc_header(t, form, lay):
    n = len(form.lanes)
    last = 2 + n + 4
    h1, h2 = t.rows[0], t.rows[1]
    for row, height in ((h1, lay.header_h[0]), (h2, lay.header_h[1])):
        row.height = Mm(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        _header(row)
        _cant_split(row)
    top, sub = h1.cells, h2.cells   # read once: python-docx walks the grid at every cell()
    no, kegiatan, ket = (top[c].merge(sub[c]) for c in (0, 1, last - 1))
    pel = top[2].merge(top[1 + n]) if n > 1 else top[2]
    mutu = top[2 + n].merge(top[4 + n])
    for cell, text in ((no, "No"), (kegiatan, "Kegiatan"), (pel, "Pelaksana"),
                       (mutu, "Mutu Baku"), (ket, "Keterangan")):
        _cell_text(cell, text, bold=True, size=8, align="center", shade="D9D9D9", pad=0.8)
    for i, name in enumerate(form.lanes):
        _cell_text(sub[2 + i], name, bold=True, size=7.5, align="center", shade="D9D9D9", pad=0.8)
    for i, name in enumerate(("Kelengkapan", "Waktu", "Output")):
        _cell_text(sub[2 + n + i], name, bold=True, size=7.5, align="center", shade="D9D9D9",
                   pad=0.8)


# -- low-level helpers ----------------------------------------------------------------------

def _para(d, text, size=11, bold=False, align="left", before=0, after=3, color=None, indent=0):
    p = d.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.left_indent = Mm(indent)
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)
    if color:
        r.font.color.rgb = RGBColor(*color)
    return p


def _page_break(d):
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cell_text(cell, text, size=9, bold=False, align="left", shade=None, italic=False, pad=0.0):
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(1.5 if pad else 0)
    if pad:
        p.paragraph_format.left_indent = Mm(pad)
        p.paragraph_format.right_indent = Mm(pad)
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    if text:
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.bold = bold
        r.italic = italic
    if shade:
        tcPr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), shade)
        _tcpr_insert(tcPr, shd)
    if align == "center":
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# children of w:tcPr that come after w:shd / w:tcMar in the schema's order
_TCPR_AFTER = {"shd": ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"),
               "tcMar": ("textDirection", "tcFitText", "vAlign", "hideMark")}


def _tcpr_insert(tcPr, el):
    """Put ``el`` where the schema wants it (Word refuses some files whose order is wrong)."""
    local = el.tag.split("}")[1]
    for name in _TCPR_AFTER[local]:
        nxt = tcPr.find(qn(f"w:{name}"))
        if nxt is not None:
            nxt.addprevious(el)
            return
    tcPr.append(el)


def _fixed(t, widths_mm):
    """Fixed layout with these column widths (grid and every cell)."""
    t.autofit = False   # w:tblLayout type="fixed"
    for col, w in zip(t.columns, widths_mm):
        col.width = Mm(w)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _zero_cell_margins(t):
    """No cell margins in the whole table (LibreOffice reads margins per table, not per
    cell): the slices fill their cells; text cells indent their paragraphs instead."""
    tblPr = t._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "0")
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    look = tblPr.find(qn("w:tblLook"))
    if look is not None:   # schema order: ... tblLayout, tblCellMar, tblLook
        look.addprevious(mar)
    else:
        tblPr.append(mar)


def _header(row):
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _cant_split(row):
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trPr.insert(0, el)


def _no_margins(cell):
    tcPr = cell._tc.get_or_add_tcPr()
    mar = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "0")
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    _tcpr_insert(tcPr, mar)


def _slice_picture(d, p, png, cx, cy, ids):
    """An inline picture as ``run.add_picture`` makes it, with the next of ``ids`` as its
    shape id (python-docx searches the whole document for a free id at every picture, which
    makes a long table quadratic; ``ids`` starts once per page at the first free id) and no
    wrap distance (LibreOffice gives an inline picture without distL/distR a 3 mm side
    margin)."""
    r_id, image = d.part.get_or_add_image(io.BytesIO(png))
    inline = CT_Inline.new_pic_inline(next(ids), r_id, image.filename, cx, cy)
    for attr in ("distT", "distB", "distL", "distR"):
        inline.set(attr, "0")
    p.add_run()._r.add_drawing(inline)


def _tight(p):
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    # the paragraph mark as small as possible, so it adds no height below the picture
    rPr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "2")
    mark.append(sz)
    rPr.append(mark)


def _fld_char(p, kind):
    r = p.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    r._r.append(el)
    return r


def _instr(p, text):
    r = p.add_run()
    el = OxmlElement("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = text
    r._r.append(el)


def _field(p, code, shown, size=9):
    _fld_char(p, "begin")
    _instr(p, f" {code} ")
    _fld_char(p, "separate")
    r = p.add_run(shown)
    r.font.size = Pt(size)
    _fld_char(p, "end")


__all__ = ["write_docx", "format_date"]
