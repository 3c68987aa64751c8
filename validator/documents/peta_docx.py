"""The Peta Proses Bisnis document as DOCX (python-docx).

Word and LibreOffice edit it normally: the Keputusan/Peraturan is text and borderless clause
tables, the Lampiran has real tables and the heading styles "Heading 1-3" (so the daftar
isi is a TOC field either program updates), and every map is a picture (PNG drawn by bpmn-js,
:mod:`.diagrams`) scaled to its page. Every section of the Lampiran carries the heading
"LAMPIRAN KEPUTUSAN/PERATURAN ... NOMOR ... TANGGAL ... TENTANG ..." in its page header; a
wide map gets a landscape section of its own.

The daftar isi's first result is written with page numbers: our own estimate of the
pagination, or the pages LibreOffice really gave (``page_map``, filled by the PDF path
after a first conversion), so the PDF's daftar isi is exact.
"""
from __future__ import annotations

import io
import math

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from . import docx_writer as dw
from .peta import BLANK, MM_PER_PX, PetaDocument, headings, instrument_texts

MARGIN = 20.0           # side and bottom margins, mm
LAMPIRAN_TOP = 38.0     # top margin of the Lampiran pages: room for the header, mm
HEADER_DIST = 8.0
TABLE_PT = 8.5
RED = (0xC0, 0, 0)


def write_peta_docx(doc: PetaDocument, out, template: bytes | None = None) -> None:
    """Write ``doc`` to ``out`` (a path or a binary stream).

    ``template``: a Pemda's own DOCX (kop surat in its header, logo, fonts, styles). Its body
    is left out; its styles are kept (the headings the daftar isi needs are added when it
    lacks them) and its header and margins stay on the pages of the Keputusan/Peraturan,
    while the Lampiran pages carry the Lampiran header."""
    w = _Writer(doc, template)
    w.build()
    w.d.save(out)


class _Writer:
    def __init__(self, doc: PetaDocument, template: bytes | None = None) -> None:
        self.doc = doc
        self.template = template is not None
        if template is None:
            self.d = Document()
            dw._styles(self.d)
        else:
            self.d = dw._from_template(template)
            _ensure_heading3(self.d)
        self.heads = iter(headings(doc))
        self.pages = dict(doc.page_map) or estimate_pages(doc)
        if template is not None:
            return   # the Pemda's own fonts and styles
        h3 = self.d.styles["Heading 3"]
        h3.font.name = dw.FONT
        h3.font.size = Pt(10.5)
        h3.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = h3.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(dw.qn(attr), dw.FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(dw.qn(attr)) is not None:
                del rfonts.attrib[dw.qn(attr)]

    # -- sections -----------------------------------------------------------------------

    def _setup(self, section, landscape: bool, lampiran: bool, keep_template: bool = False):
        """Page size, margins, header and footer of a section. ``keep_template``: the first
        section of a Pemda's template keeps its own margins and header (kop surat)."""
        pw, ph = self.doc.page_size
        if keep_template:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(pw), Mm(ph)
            fp = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
            if not "".join(p.text for p in section.footer.paragraphs).strip() and not fp.runs:
                fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                dw._field(fp, "PAGE", "1", size=8)
            return section
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(ph), Mm(pw)) if landscape else (Mm(pw), Mm(ph))
        section.left_margin = section.right_margin = section.bottom_margin = Mm(MARGIN)
        section.top_margin = Mm(LAMPIRAN_TOP if lampiran else MARGIN)
        section.header_distance = Mm(HEADER_DIST)
        section.footer_distance = Mm(8)
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        for p in section.header.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        section.header.paragraphs[0].text = ""
        if lampiran:
            self._lampiran_header(section, landscape)
        fp = section.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not fp.runs:
            dw._field(fp, "PAGE", "1", size=8)
        return section

    def _usable(self, landscape: bool) -> tuple[float, float]:
        pw, ph = self.doc.page_size
        if landscape:
            pw, ph = ph, pw
        return pw - 2 * MARGIN, ph - LAMPIRAN_TOP - MARGIN

    def _lampiran_header(self, section, landscape: bool):
        width = self._usable(landscape)[0]
        indent = max(width - 100.0, 0)
        header = section.header
        first = True
        if self.doc.draft:
            p = header.paragraphs[0]
            first = False
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            r = p.add_run("DRAF")
            r.bold, r.font.size = True, Pt(10)
            r.font.color.rgb = RGBColor(*RED)
            p.paragraph_format.space_after = Pt(0)
        for label, value in self.doc.lampiran_head:
            p = header.paragraphs[0] if first else header.add_paragraph()
            first = False
            pf = p.paragraph_format
            pf.space_after = Pt(0)
            pf.space_before = Pt(0)
            pf.line_spacing = 1.0
            if value:
                pf.left_indent = Mm(indent + 22)
                pf.first_line_indent = Mm(-22)
                pf.tab_stops.add_tab_stop(Mm(indent + 18))
                pf.tab_stops.add_tab_stop(Mm(indent + 22))
                text = f"{label}\t:\t{value}"
            else:
                pf.left_indent = Mm(indent)
                text = label
            r = p.add_run(text)
            r.font.size = Pt(8)

    def _new_section(self, landscape: bool):
        sec = self.d.add_section(WD_SECTION.NEW_PAGE)
        return self._setup(sec, landscape, lampiran=True)

    # -- headings -----------------------------------------------------------------------

    def _heading(self, expect_level: int | None = None):
        level, text = next(self.heads)
        if expect_level is not None:
            assert level == expect_level, (level, text)
        p = self.d.add_paragraph(style=f"Heading {level}")
        p.add_run(text)
        if level == 1:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        return p

    # -- the whole ----------------------------------------------------------------------

    def build(self):
        doc = self.doc
        self._setup(self.d.sections[0], landscape=False, lampiran=False,
                    keep_template=self.template)
        self._instrument()
        self._new_section(False)
        self._toc()
        dw._page_break(self.d)
        self._pendahuluan()
        if doc.scope == "pemda" or doc.level0 is not None:
            self._level0()
        self._opds()
        self._new_section(False)
        self._sop_list()
        dw._page_break(self.d)
        self._codes()
        if doc.cascade is not None:
            dw._page_break(self.d)
            self._cascade()
        dw._page_break(self.d)
        self._closing()

    # -- the instrument -----------------------------------------------------------------

    def _instrument(self):
        d, doc = self.d, self.doc
        k = instrument_texts(doc)
        if doc.draft:
            dw._para(d, "DRAF", size=14, bold=True, align="right", color=RED)
        h = d.add_paragraph()
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = h.add_run(k["judul"])
        r.bold, r.font.size = True, Pt(13)
        for line in (k["nomor"], "TENTANG", k["tentang"]):
            dw._para(d, line, bold=True, align="center", size=10.5, after=1)
        if k.get("pembuka"):
            dw._para(d, k["pembuka"], bold=True, align="center", before=6, size=10.5)
        dw._para(d, k["penetap"], bold=True, align="center", before=6, size=10.5)
        dw._clauses(d, "Menimbang", k["menimbang"])
        dw._clauses(d, "Mengingat", k["mengingat"])
        dw._para(d, "MEMUTUSKAN:", bold=True, align="center", before=4, size=10.5)
        dw._clauses(d, "Menetapkan", [k["menetapkan"]], numbered=False)
        if doc.instrumen == "peraturan":
            for title, items in k["pasal"]:
                dw._para(d, title, bold=True, align="center", before=6, size=10.5)
                for i, text in enumerate(items, 1):
                    prefix = f"({i}) " if len(items) > 1 and title != "Pasal 1" else ""
                    if title == "Pasal 1" and i > 1:
                        prefix = f"{i - 1}. "
                    dw._para(d, prefix + text, align="justify", size=10.5, after=2)
        else:
            for label, text in k["diktum"]:
                dw._clauses(d, label, [text], numbered=False)
        self._signature(k, before=8)
        if doc.instrumen == "peraturan":
            for line in k["diundangkan"]:
                dw._para(d, line, size=10.5, after=0)
            dw._para(d, k["berita"], bold=True, size=10.5, before=10)

    def _signature(self, k, before=0):
        d = self.d
        lines = [f"Ditetapkan di {k['tempat']}", f"pada tanggal {k['tanggal']}"] + k["ttd"]
        for i, line in enumerate(lines):
            p = dw._para(d, line, size=10.5, after=0, indent=95, before=before if i == 0 else 0)
            p.paragraph_format.keep_with_next = i < len(lines) - 1   # the block stays together

    # -- Lampiran -----------------------------------------------------------------------

    def _toc(self):
        d = self.d
        dw._para(d, "DAFTAR ISI", bold=True, size=13, align="center", after=10)
        width = self._usable(False)[0]
        p = d.add_paragraph()
        dw._fld_char(p, "begin")
        dw._instr(p, ' TOC \\o "1-3" \\h \\z \\u ')
        dw._fld_char(p, "separate")
        entries = headings(self.doc)
        for i, (level, title) in enumerate(entries):
            q = p if i == 0 else d.add_paragraph()
            q.paragraph_format.left_indent = Mm(6 * (level - 1))
            q.paragraph_format.space_after = Pt(1)
            q.paragraph_format.tab_stops.add_tab_stop(Mm(width), alignment=2, leader=1)
            page = self.pages.get(title)
            r = q.add_run(f"{title}\t{page if page else ''}")
            r.font.size = Pt(10)
        dw._fld_char(d.add_paragraph(), "end")

    def _pendahuluan(self):
        d, info = self.d, self.doc.pendahuluan
        self._heading(1)
        self._heading(2)
        dw._para(d, "Penyusunan Peta Proses Bisnis ini berpedoman pada:", size=10.5)
        for i, text in enumerate(info["dasar_hukum"], 1):
            _numbered(d, f"{i}.", text.rstrip(";.") + (";" if i < len(info["dasar_hukum"]) else "."))
        self._heading(2)
        for text in info["maksud"]:
            dw._para(d, text, size=10.5, align="justify")
        dw._para(d, "Tujuan penyusunan Peta Proses Bisnis ini adalah:", size=10.5)
        for i, text in enumerate(info["tujuan"]):
            _numbered(d, f"{chr(97 + i)}.", text)
        self._heading(2)
        for text in info["ruang_lingkup"]:
            dw._para(d, text, size=10.5, align="justify")

    def _level0(self):
        doc = self.doc
        entry = doc.level0
        landscape = True
        self._new_section(landscape)
        self._heading(1)
        self._heading(2)
        if entry is not None:
            self._map_meta(entry)
            self._picture(entry, landscape, reserve=22)
        else:
            dw._para(self.d, "Peta Level 0 tidak termuat dalam set peta ini.", size=10)
        dw._page_break(self.d)
        self._heading(2)
        heads = ("Kode", "Nama Proses", "Kategori", "Pemilik", "Sasaran RPJMD", "Pemasok",
                 "Masukan", "Keluaran", "Pelanggan")
        widths = [12, 34, 22, 33, 38, 29, 32, 32, 26]
        rows = [(r.kode, r.nama, r.kategori, r.pemilik, "\n".join(r.sasaran), "\n".join(r.pemasok),
                 "\n".join(r.masukan), "\n".join(r.keluaran), "\n".join(r.pelanggan))
                for r in doc.level0_rows]
        if rows:
            self._table(heads, widths, rows, self._usable(landscape)[0])
            dw._para(self.d, "Kategori: Inti (proses utama yang melayani pemangku kepentingan "
                             "eksternal), Pendukung, Manajemen. Pemasok, masukan, keluaran dan "
                             "pelanggan (SIPOC) dibaca dari aliran pesan dan objek data peta.",
                     size=8, before=3)
        else:
            dw._para(self.d, "Belum ada proses Level 0 yang tercantum.", size=10)

    def _opds(self):
        doc = self.doc
        pending = [next(self.heads)]        # BAB ... heading
        if not doc.opds:
            self._new_section(False)
            self._emit(pending)
            dw._para(self.d, "Belum ada peta perangkat daerah dalam set ini.", size=10)
            return
        for part in doc.opds:
            if doc.scope == "pemda":
                pending.append(next(self.heads))
            for entry in part.maps:
                pending.append(next(self.heads))
                self._new_section(entry.landscape)
                self._emit(pending)
                pending = []
                self._map_meta(entry)
                reserve = 14 + 7 * (len(entry.sops) + 1) if entry.sops else 14
                self._picture(entry, entry.landscape, reserve=reserve + 6 * len(self._emitted))
                self._sops_of(entry)

    def _emit(self, pending):
        self._emitted = pending
        for level, text in pending:
            p = self.d.add_paragraph(style=f"Heading {level}")
            p.add_run(text)
            p.paragraph_format.keep_with_next = True
            if level == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _emitted: list = []

    def _map_meta(self, entry):
        bits = [f"Berkas: {entry.shown}"]
        if entry.level is not None:
            bits.append(f"Level {entry.level}")
        if entry.instansi:
            bits.append(entry.instansi)
        if entry.errors:
            bits.append(f"catatan validasi: {entry.errors} galat")
        if entry.penetapan:
            bits.append(entry.penetapan)
        dw._para(self.d, " | ".join(bits), size=8, after=2)

    def _picture(self, entry, landscape: bool, reserve: float = 20.0):
        d = self.d
        diagram = entry.diagram
        if diagram is None or not diagram.ok:
            why = diagram.error if diagram is not None else "tidak digambar"
            dw._para(d, f"Diagram peta ini tidak dapat digambar oleh bpmn-js ({why}).", size=9,
                     color=RED)
            return
        max_w, body_h = self._usable(landscape)
        max_h = body_h - reserve - 14
        w = min(max_w, diagram.width * MM_PER_PX)
        h = w * diagram.height / max(diagram.width, 1)
        if h > max_h:
            h = max_h
            w = h * diagram.width / max(diagram.height, 1)
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(2)
        p.add_run().add_picture(io.BytesIO(diagram.png), width=Mm(w), height=Mm(h))
        cap = "Gambar: " + entry.heading + (" (tata letak otomatis)" if diagram.auto_layout else "")
        dw._para(d, cap, size=8, align="center", after=4)

    def _sops_of(self, entry):
        d = self.d
        if not entry.sops:
            dw._para(d, "SOP yang diturunkan dari peta ini: belum ada.", size=9)
            return
        dw._para(d, "SOP yang diturunkan dari peta ini:", size=9, bold=True, after=2)
        usable = self._usable(entry.landscape)[0]
        self._table(("No", "Nomor SOP", "Nama SOP", "Kode", "Status"), [10, 45, 65, 22, 40],
                    [(str(i), s.nomor or "-", s.judul, s.kode, s.status)
                     for i, s in enumerate(entry.sops, 1)], usable)

    def _sop_list(self):
        self._heading(1)
        rows = [(str(i), s.nomor or "-", s.judul, s.pemilik, s.kode, s.status)
                for i, s in enumerate(self.doc.sops, 1)]
        if not rows:
            dw._para(self.d, "Belum ada peta SOP dalam set ini.", size=10)
            return
        self._table(("No", "Nomor SOP", "Judul SOP", "Pemilik", "Kode Proses", "Status"),
                    [9, 34, 45, 40, 18, 24], rows, self._usable(False)[0])

    def _codes(self):
        self._heading(1)
        rows = [(c.kode, c.nama, c.jenis, c.pemilik, c.peta) for c in self.doc.codes]
        self._table(("Kode", "Nama Proses", "Jenis Peta", "Pemilik", "Berkas Peta"),
                    [20, 50, 30, 35, 35], rows, self._usable(False)[0])

    def _cascade(self):
        self._heading(1)
        rows = [(c.misi, c.sasaran_rpjmd, c.sasaran_renstra or "(langsung)", c.opd,
                 "\n".join(c.proses) or "BELUM ADA PROSES")
                for c in self.doc.cascade]
        self._table(("Misi RPJMD", "Sasaran RPJMD", "Sasaran Renstra", "OPD", "Proses"),
                    [34, 34, 36, 24, 42], rows, self._usable(False)[0], merge_first=2)

    def _closing(self):
        d, doc = self.d, self.doc
        self._heading(1)
        dw._para(d, f"Peta Proses Bisnis ini menjadi acuan bersama dalam penyelenggaraan "
                    f"pemerintahan dan pelayanan publik di lingkungan "
                    f"{doc.opd_name or ('Pemerintah ' + doc.pemda if doc.pemda else 'Pemerintah Daerah')}"
                    f", dan dievaluasi secara berkala agar tetap selaras dengan rencana "
                    f"pembangunan dan organisasi.", size=10.5, align="justify")
        k = instrument_texts(doc)
        self._signature(k, before=14)

    # -- tables -------------------------------------------------------------------------

    def _table(self, heads, widths, rows, usable: float, merge_first: int = 0):
        scale = usable / sum(widths)
        widths = [w * scale for w in widths] if scale < 1 else widths
        t = self.d.add_table(rows=1 + len(rows), cols=len(heads))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        dw._fixed(t, widths)
        for c, head in enumerate(heads):
            dw._cell_text(t.rows[0].cells[c], head, bold=True, size=TABLE_PT, shade="D9D9D9")
        dw._header(t.rows[0])
        previous = [None] * merge_first
        for i, values in enumerate(rows, 1):
            cells = t.rows[i].cells
            for c, v in enumerate(values):
                if c < merge_first and v == previous[c] and all(
                        values[k] == previous[k] for k in range(c)):
                    continue    # same misi/sasaran as the row above: written once
                dw._cell_text(cells[c], v, size=TABLE_PT)
            previous = list(values[:merge_first])
        return t


def _numbered(d, mark: str, text: str):
    p = d.add_paragraph()
    pf = p.paragraph_format
    pf.left_indent = Mm(8)
    pf.first_line_indent = Mm(-8)
    pf.space_after = Pt(2)
    pf.tab_stops.add_tab_stop(Mm(8))
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    r = p.add_run(f"{mark}\t{text}")
    r.font.size = Pt(10.5)


# -- pagination estimate ------------------------------------------------------------------

def estimate_pages(doc: PetaDocument) -> dict[str, int]:
    """heading text -> the page it is expected on, from the document's own structure (each
    map on its own page, tables by their rows). The PDF path replaces it with the pages
    LibreOffice gave."""
    k = instrument_texts(doc)
    # the clause column holds about 72 characters a line, a page about 56 lines
    clauses = k["menimbang"] + k["mengingat"] + [k["menetapkan"]]
    clauses += [text for _label, text in k.get("diktum", [])]
    lines = 9 + math.ceil(len(k["tentang"]) / 70) + sum(math.ceil(len(t) / 72) + 0.3 for t in clauses)
    lines += 9      # MEMUTUSKAN and the signature block
    if doc.instrumen == "peraturan":
        lines += 14 + sum(math.ceil(len(t) / 90) + 0.4 for _p, items in k["pasal"] for t in items)
    page = 1 + math.ceil(lines / 56)             # the Lampiran starts here
    heads = headings(doc)
    page += math.ceil(len(heads) / 38)           # daftar isi
    out: dict[str, int] = {}
    it = iter(heads)

    def take(n=1, at=None):
        for _ in range(n):
            _level, text = next(it)
            out[text] = at if at is not None else page

    info = doc.pendahuluan
    take(4)
    body = sum(math.ceil(len(t) / 90) + 1 for key in info for t in info[key]) + 14
    page += math.ceil(body / 46)
    if doc.scope == "pemda" or doc.level0 is not None:
        take(2)
        page += 1
        take(1)
        rows = sum(max(2, math.ceil(max(len(r.nama), len("; ".join(r.sasaran)) / 1.1,
                                        len("; ".join(r.keluaran))) / 22)) for r in doc.level0_rows)
        page += max(1, math.ceil((rows + 2) / 36))
    take(1)
    for part in doc.opds:
        if doc.scope == "pemda":
            take(1)
        for m in part.maps:
            take(1)
            page += 1 + (1 if len(m.sops) > 8 else 0)
    if not doc.opds:
        page += 1
    take(1)
    page += max(1, math.ceil((len(doc.sops) * 2 + 2) / 40))
    take(1)
    page += max(1, math.ceil((len(doc.codes) * 1.6 + 2) / 44))
    if doc.cascade is not None:
        take(1)
        lines = sum(max(3, math.ceil(len("; ".join(c.proses)) / 28)) for c in doc.cascade)
        page += max(1, math.ceil(lines / 44))
    take(1)
    return out


__all__ = ["write_peta_docx", "estimate_pages", "BLANK"]


def _ensure_heading3(d) -> None:
    """Heading 3 (outline level 3, for the daftar isi) in a template that lacks it."""
    from docx.enum.style import WD_STYLE_TYPE

    if "Heading 3" in {s.name for s in d.styles}:
        return
    st = d.styles.add_style("Heading 3", WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = d.styles["Normal"]
    st.font.bold = True
    st.font.size = Pt(10.5)
    outline = dw.OxmlElement("w:outlineLvl")
    outline.set(dw.qn("w:val"), "2")
    st.element.get_or_add_pPr().append(outline)
