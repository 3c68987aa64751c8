"""The SOP AP document model (PermenPANRB 35/2012), built from parsed SOP maps.

:func:`build_form` turns one SOP map (``ppb:jenisPeta="sop"``) into a :class:`SopForm`:

* the identity part, from the map's ``ppb:`` attributes (read as the identity rule
  PPB-SOP-008 reads them, synonyms included). A value that is missing stays an empty box
  and adds a warning to :attr:`SopForm.warnings`; no text is ever made up.
* the procedure rows in flow order: the rows of the activities carry the numbers of the
  SOP rules (:meth:`FlowGraph.numbering`, the numbering PPB-SOP-003 reports), terminators
  and decisions have rows of their own without a number;
* the flowchart (:mod:`.flowchart`): the rows cut into pages, each with its drawing.

:func:`build_document` puts one or more forms into a :class:`SopDocument` with what
surrounds them (cover, Keputusan, daftar isi, penjelasan singkat penggunaan). The writers
(:mod:`.docx_writer`, :mod:`.html_view`) only read these objects.
"""
from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field

from ..rules.sop._common import FlowGraph, ext, map_attr, process_nodes
from ..rules.sop.identity_block import parse_date
from ..vocab import map_type
from . import flowchart as fc

# paper sizes (width, height) in mm, landscape
PAPERS = {"a4": (297.0, 210.0), "f4": (330.0, 215.0)}
MARGIN = 12.0           # page margins, mm
HEADING_H = 12.0        # the title line above the procedure table, mm
SAFETY_H = 6.0          # what Word and LibreOffice may add (borders, rounding), mm

# fixed columns of the procedure table (mm): No, Kegiatan, Kelengkapan, Waktu, Output, Keterangan
FIXED_COLS = {"no": 9.0, "kegiatan": 52.0, "kelengkapan": 34.0, "waktu": 17.0, "output": 30.0,
              "keterangan": 22.0}
MIN_LANE_W = 16.0
TEXT_PT = 7.5           # body text of the procedure table, points
HEADER_PT = 7.5

# identity items: (key, label, ppb attributes read in turn)
IDENTITY = (
    ("nomor", "Nomor SOP", ("nomorSop",)),
    ("tgl_pembuatan", "Tanggal Pembuatan", ("tglPembuatan",)),
    ("tgl_revisi", "Tanggal Revisi", ("tglRevisi",)),
    ("tgl_efektif", "Tanggal Efektif", ("tglEfektif",)),
    ("disahkan_jabatan", "Disahkan oleh", ("disahkanOleh",)),
    ("disahkan_nama", "Nama pejabat pengesah", ("disahkanNama",)),
    ("disahkan_nip", "NIP pejabat pengesah", ("disahkanNip",)),
    ("nama", "Nama SOP", ("judul", "judulSop", "namaSop")),
    ("dasar_hukum", "Dasar Hukum", ("dasarHukum",)),
    ("kualifikasi", "Kualifikasi Pelaksana", ("kualifikasiPelaksana",)),
    ("keterkaitan", "Keterkaitan", ("keterkaitan",)),
    ("peralatan", "Peralatan/Perlengkapan", ("peralatan",)),
    ("peringatan", "Peringatan", ("peringatan",)),
    ("pencatatan", "Pencatatan dan Pendataan", ("pencatatan",)),
    ("instansi", "Instansi", ("instansi",)),
    ("unit", "Unit", ("unit", "unitKerja")),
)
LABELS = {key: label for key, label, _ in IDENTITY}
_DATE_KEYS = ("tgl_pembuatan", "tgl_revisi", "tgl_efektif")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")
_PEMDA_RE = re.compile(r"\b((?:Pemerintah\s+)?(?:Kota|Kabupaten|Provinsi)\s+[A-Z][\w.' -]*)$")


class DocumentError(Exception):
    """A document that cannot be made: ``code`` is stable, the message Indonesian."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Warning_:
    code: str
    message: str
    sop: str = ""


@dataclass
class ProcRow:
    """One row of the procedure table."""
    kind: str                       # flowchart symbol kind
    number: int | None              # the SOP rules' activity number (tasks only)
    kegiatan: str
    lane: int
    kelengkapan: str = ""
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    node_id: str | None = None


@dataclass
class Layout:
    paper: str
    page_w: float
    page_h: float
    col_widths: list                # mm: No, Kegiatan, lanes..., Kelengkapan, Waktu, Output, Ket.
    lane_w: float
    header_h: tuple                 # heights of the two header rows, mm


@dataclass
class SopForm:
    source: str
    identity: dict                  # key -> text ('' when missing)
    pemda: str
    lanes: list[str]
    rows: list[ProcRow]
    pages: list                     # [flowchart.Page] with drawings; rows index into ``page_rows``
    page_rows: list                 # per page: [ProcRow | None] (None: a connector row)
    layout: Layout
    warnings: list[Warning_] = field(default_factory=list)
    penetapan: tuple = ("", "")     # (ppb:nomorPenetapan, ppb:tanggalPenetapan) as written

    @property
    def title(self) -> str:
        return self.identity.get("nama") or ""


@dataclass
class SopDocument:
    forms: list[SopForm]
    title: str
    instansi: str
    pemda: str
    year: str
    paper: str
    keputusan_nomor: str = ""
    keputusan_tanggal: str = ""
    logo: bytes | None = None
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return not self.keputusan_nomor


# -- building ---------------------------------------------------------------------------------

def build_form(model, source: str = "", paper: str = "a4") -> SopForm:
    """The SOP AP form of one parsed SOP map. Raises :class:`DocumentError` when the map is
    no SOP map or holds no flow to draw."""
    if map_type(model) != "sop":
        raise DocumentError("DOKUMEN_BUKAN_SOP",
                            f"Peta '{source}' bukan peta SOP (ppb:jenisPeta=\"sop\"); "
                            "dokumen SOP AP hanya dibuat dari peta SOP.")
    process = _main_process(model)
    if process is None:
        raise DocumentError("DOKUMEN_SOP_KOSONG",
                            f"Peta SOP '{source}' tidak memuat aktivitas yang dapat digambar.")
    identity = _identity(model, process)
    warnings = []
    missing = [LABELS[k] for k, _, _ in IDENTITY if not identity[k] and k not in ("unit",)]
    name = identity["nama"] or source
    if missing:
        warnings.append(Warning_("DOKUMEN_IDENTITAS_KOSONG",
                                 f"Identitas SOP '{name}' belum lengkap; kotak berikut dibiarkan "
                                 f"kosong: {', '.join(missing)}.", name))
    lanes, lane_of = _lanes(process)
    graph = FlowGraph(process, model)
    numbers = graph.numbering()
    visible = [n for n in graph.order if _kind(n, graph) is not None]
    rows = []
    for node in visible:
        rows.append(_proc_row(node, _kind(node, graph), numbers.get(node), lane_of))
    if any(r.lane < 0 for r in rows):
        lanes.append("(tanpa pelaksana)")
        for r in rows:
            if r.lane < 0:
                r.lane = len(lanes) - 1
        warnings.append(Warning_("DOKUMEN_TANPA_PELAKSANA",
                                 f"Ada simbol pada SOP '{name}' yang tidak berada di lane mana pun; "
                                 "digambar pada kolom '(tanpa pelaksana)'.", name))
    if not lanes:
        lanes = ["(tanpa pelaksana)"]
    no_mutu = [str(r.number) for r in rows if r.number and not (r.waktu and r.output)]
    if no_mutu:
        warnings.append(Warning_("DOKUMEN_MUTU_BAKU_KOSONG",
                                 f"Mutu baku (waktu/output) SOP '{name}' belum diisi pada kegiatan "
                                 f"nomor {', '.join(no_mutu)}; kotaknya dibiarkan kosong.", name))
    layout = _layout(paper, lanes)
    edges = _edges(visible, graph)
    grid = [fc.Row(r.kind, r.lane, _row_height(r, layout), key=i) for i, r in enumerate(rows)]
    body = layout.page_h - 2 * MARGIN - HEADING_H - sum(layout.header_h) - SAFETY_H
    pages = fc.paginate(grid, edges, body, len(lanes))
    page_rows = []
    for page in pages:
        page.drawing = fc.draw_page(page, len(lanes), layout.lane_w)
        page_rows.append([rows[g.key] if g.key is not None else None for g in page.rows])
    penetapan = tuple(_stated(map_attr(model, key)[0]) for key in ("nomorPenetapan", "tanggalPenetapan"))
    return SopForm(source=source, identity=identity, pemda=_pemda(identity), lanes=lanes,
                   rows=rows, pages=pages, page_rows=page_rows, layout=layout, warnings=warnings,
                   penetapan=penetapan)


def build_document(forms: list[SopForm], *, title: str = "", instansi: str = "", year: str = "",
                   paper: str = "a4", keputusan_nomor: str = "", keputusan_tanggal: str = "",
                   logo: bytes | None = None) -> SopDocument:
    """One document around ``forms`` (one SOP, or all SOPs of an OPD)."""
    if not forms:
        raise DocumentError("DOKUMEN_TANPA_SOP", "Tidak ada peta SOP untuk dijadikan dokumen.")
    instansi = instansi or next((f.identity["instansi"] for f in forms if f.identity["instansi"]), "")
    pemda = next((f.pemda for f in forms if f.pemda), "")
    if not title:
        title = forms[0].title if len(forms) == 1 else ""
    if not year:
        years = [d.year for f in forms for d in [_parse(f.identity["tgl_pembuatan"])] if d]
        year = str(max(years)) if years else ""
    warnings = [w for f in forms for w in f.warnings]
    if logo is not None:
        _check_logo(logo)
    if logo is None:
        warnings.append(Warning_("DOKUMEN_LOGO_KOSONG",
                                 "Logo instansi tidak diberikan (--logo); kotak logo dibiarkan kosong."))
    nomor, tanggal = _decree(forms, keputusan_nomor.strip(), keputusan_tanggal.strip(), warnings)
    return SopDocument(forms=forms, title=title, instansi=instansi, pemda=pemda, year=year,
                       paper=paper, keputusan_nomor=nomor,
                       keputusan_tanggal=tanggal, logo=logo, warnings=warnings)


def _decree(forms, nomor: str, tanggal: str, warnings: list) -> tuple[str, str]:
    """The number and date of the decree the document prints. Given by the caller, they are
    kept (a warning names the SOPs whose own ppb:nomorPenetapan differs). Not given, they are
    the SOP maps' own ppb:nomorPenetapan and ppb:tanggalPenetapan when every SOP states the
    same number and date (one decree adopted them all); otherwise the document stays a
    draft, with a warning when some SOP states an adoption."""
    stated = [f.penetapan for f in forms]
    if nomor or tanggal:
        other = [f.title or f.source for f in forms if f.penetapan[0] and f.penetapan[0] != nomor]
        if other:
            warnings.append(Warning_("DOKUMEN_PENETAPAN_BERBEDA",
                                     (f"Nomor keputusan '{nomor}' berbeda dengan" if nomor else
                                      "Nomor keputusan belum diberikan, sedangkan ada")
                                     + " nomor penetapan yang tercantum pada peta SOP (ppb:nomorPenetapan): "
                                     f"{', '.join(other[:5])}{' dan lainnya' if len(other) > 5 else ''}."))
        return nomor, tanggal
    pairs = set(stated)
    if len(pairs) == 1 and all(stated[0]):
        nomor, tanggal = stated[0]
        warnings.append(Warning_("DOKUMEN_PENETAPAN_DARI_PETA",
                                 f"Nomor dan tanggal keputusan diambil dari peta SOP (ppb:nomorPenetapan, "
                                 f"ppb:tanggalPenetapan): Nomor {nomor} tanggal {format_date(tanggal)}."))
        return nomor, format_date(tanggal)
    if any(any(p) for p in stated):
        shown = [f"{f.title or f.source} ({f.penetapan[0] or 'tanpa nomor'}, "
                 f"{format_date(f.penetapan[1]) if f.penetapan[1] else 'tanpa tanggal'})"
                 for f in forms if any(f.penetapan)]
        warnings.append(Warning_("DOKUMEN_PENETAPAN_TIDAK_SERAGAM",
                                 "Peta SOP dalam dokumen ini tidak menyebut satu keputusan penetapan yang "
                                 "sama, sehingga dokumen bertanda DRAF; berikan --nomor-keputusan dan "
                                 f"--tanggal-keputusan. Penetapan pada peta: {'; '.join(shown[:5])}"
                                 f"{'; dan lainnya' if len(shown) > 5 else ''}."))
    return "", ""


def _stated(text: str) -> str:
    """A value as written, '' for a dash (a box left empty on purpose)."""
    return "" if text in ("-", "\u2013", "\u2014", "--") else text


def _check_logo(data: bytes) -> None:
    """A logo must be a PNG or JPEG that can be decoded (Word and LibreOffice show both)."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in ("PNG", "JPEG"):
        raise DocumentError("LOGO_TIDAK_DIKENAL",
                            "Logo harus berupa gambar PNG atau JPEG yang utuh.")


def format_date(text: str) -> str:
    """'2025-03-10' -> '10 Maret 2025'; text that is no date stays as written."""
    d = _parse(text)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if d else text


# -- helpers ----------------------------------------------------------------------------------

def _parse(text: str) -> datetime.date | None:
    return parse_date(text) if text and text.strip() not in ("-", "–", "—") else None


def _main_process(model):
    """The process of the SOP: the one with the most flow nodes."""
    best, count = None, 0
    for process in model.all("Process"):
        n = len(process_nodes(process))
        if n > count:
            best, count = process, n
    return best


def _identity(model, process) -> dict:
    out = {}
    for key, _, attrs in IDENTITY:
        value = ""
        for attr in attrs:
            value, _host = map_attr(model, attr)
            if value:
                break
        if key == "nama" and not value:
            value = (process.name or "").strip()
        if key in _DATE_KEYS and value:
            value = format_date(value)
        out[key] = value
    return out


def _pemda(identity: dict) -> str:
    m = _PEMDA_RE.search(identity.get("instansi") or "")
    if not m:
        return ""
    text = m.group(1).strip()
    return text if text.lower().startswith("pemerintah") else f"Pemerintah {text}"


def _lanes(process) -> tuple[list[str], dict]:
    """Leaf lanes in lane order (depth first), and each flow node's column."""
    names, lane_of = [], {}

    def walk(lane_set):
        for lane in lane_set.lanes:
            if lane.child_lane_set is not None and lane.child_lane_set.lanes:
                walk(lane.child_lane_set)
                continue
            col = len(names)
            names.append((lane.name or "").strip() or lane.id or f"Pelaksana {col + 1}")
            for node in lane.flow_node_refs:
                lane_of[node] = col

    for lane_set in process.lane_sets:
        walk(lane_set)
    return names, lane_of


def _kind(node, graph) -> str | None:
    types = node.types
    if "StartEvent" in types or "EndEvent" in types:
        return fc.TERMINATOR
    if "Gateway" in types:
        # a choice is a decision; a parallel split is no P35 symbol (PPB-SOP-001 says so):
        # its arrows leave straight from the symbol before it
        if "ParallelGateway" in types:
            return None
        return fc.DECISION if len(graph.dag_succ(node)) + _back_count(node, graph) > 1 else None
    if "Activity" in types:
        return fc.PROCESS
    return None


def _back_count(node, graph) -> int:
    return sum(1 for m in graph.succ[node] if (node, m) in graph.back)


def _proc_row(node, kind, number, lane_of) -> ProcRow:
    name = re.sub(r"\s+", " ", (node.name or "").strip())
    if kind == fc.TERMINATOR:
        word = "Mulai" if "StartEvent" in node.types else "Selesai"
        name = f"{word}: {name}" if name else word
    lane = lane_of.get(node, -1)
    if lane < 0 and node.lane is not None:
        lane = lane_of.get(next(iter(node.lane.flow_node_refs), None), -1)
    return ProcRow(kind=kind, number=number, kegiatan=name, lane=lane,
                   kelengkapan=ext(node, "mutuKelengkapan"), waktu=ext(node, "mutuWaktu"),
                   output=ext(node, "mutuOutput"), keterangan=ext(node, "keterangan"),
                   node_id=node.id)


def _edges(visible, graph) -> list:
    """(src row, dst row, label, exit) of the arrows between drawn rows; arrows through an
    undrawn node (a join, a plain intermediate event) go on to the next drawn node."""
    index = {n: i for i, n in enumerate(visible)}
    out = []
    for node in visible:
        flows = _out_flows(node, graph)
        targets = []
        for label, nxt in flows:
            for t in _drawn_targets(nxt, index, graph):
                targets.append((label, t))
        if _kind(node, graph) == fc.DECISION and len(targets) > 1:
            labels = [lbl for lbl, _ in targets]
            yes, side = split_branches_labels(labels)
            for j, (label, t) in enumerate(targets):
                exit_ = "bottom" if j == yes else ("right" if side.index(j) % 2 == 0 else "left")
                out.append((index[node], index[t], label or ("Ya" if j == yes else "Tidak"), exit_))
        else:
            for label, t in targets:
                out.append((index[node], index[t], "", "bottom"))
    return out


def split_branches_labels(labels):
    return fc.split_branches(labels)


def _out_flows(node, graph):
    """(label, next node) of each arrow leaving ``node`` inside the graph."""
    out = []
    members = graph.index
    for f in node.out_flows:
        if f.target in members:
            out.append(((f.name or "").strip(), f.target))
    seen = {t for _, t in out}
    for m in graph.succ[node]:   # link throw -> catch, host -> boundary event
        if m not in seen:
            out.append(("", m))
    return out


def _drawn_targets(node, index, graph, seen=None) -> list:
    if node in index:
        return [node]
    seen = seen or set()
    if node in seen:
        return []
    seen.add(node)
    out = []
    for m in graph.succ.get(node, ()):
        for t in _drawn_targets(m, index, graph, seen):
            if t not in out:
                out.append(t)
    return out


def _layout(paper: str, lanes: list[str]) -> Layout:
    page_w, page_h = PAPERS.get(paper, PAPERS["a4"])
    usable = page_w - 2 * MARGIN
    fixed = dict(FIXED_COLS)
    lane_w = (usable - sum(fixed.values())) / max(len(lanes), 1)
    if lane_w < MIN_LANE_W:   # many pelaksana: narrow the text columns, down to a floor
        need = MIN_LANE_W * len(lanes) - (usable - sum(fixed.values()))
        for key, floor in (("kegiatan", 36.0), ("kelengkapan", 24.0), ("output", 22.0),
                           ("keterangan", 14.0)):
            take = min(need, fixed[key] - floor)
            fixed[key] -= take
            need -= take
        lane_w = max((usable - sum(fixed.values())) / max(len(lanes), 1), 9.0)
    cols = [fixed["no"], fixed["kegiatan"], *([lane_w] * len(lanes)), fixed["kelengkapan"],
            fixed["waktu"], fixed["output"], fixed["keterangan"]]
    lane_lines = max(text_lines(n, lane_w, HEADER_PT) for n in lanes) if lanes else 1
    return Layout(paper=paper, page_w=page_w, page_h=page_h, col_widths=cols, lane_w=lane_w,
                  header_h=(7.0, max(7.0, lane_lines * line_height(HEADER_PT) + 2.0)))


def line_height(pt: float) -> float:
    """mm of one line of text at ``pt`` points (single spacing)."""
    return pt * 0.3528 * 1.2


def text_lines(text: str, width_mm: float, pt: float, padding: float = 2.2) -> int:
    """A generous estimate of the lines ``text`` takes in a column ``width_mm`` wide."""
    char_w = pt * 0.3528 * 0.56          # average glyph width of a sans font, mm
    per_line = max(int((width_mm - padding) / char_w), 4)
    lines = 0
    for para in (text or "").split("\n"):
        words, n, cur = para.split(), 1, 0
        for w in words:
            if cur and cur + 1 + len(w) > per_line:
                n += 1
                cur = len(w)
            else:
                cur += (1 if cur else 0) + len(w)
            n += max(0, math.ceil(len(w) / per_line) - 1)
        lines += n
    return max(lines, 1)


def _row_height(row: ProcRow, layout: Layout) -> float:
    cols = layout.col_widths
    k = len(cols)
    texts = ((row.kegiatan, cols[1]), (row.kelengkapan, cols[k - 4]), (row.waktu, cols[k - 3]),
             (row.output, cols[k - 2]), (row.keterangan, cols[k - 1]))
    lines = max(text_lines(t, w, TEXT_PT) for t, w in texts)
    return max(fc.MIN_ROW[row.kind], round(lines * line_height(TEXT_PT) + 2.5, 1))
