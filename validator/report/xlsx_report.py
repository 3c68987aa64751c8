"""Spreadsheet report (XLSX) for a Bagian Organisasi's way of working.

Sheets: "Ringkasan" (when, which validator and catalog, counts per file,
severity and rule group), "Temuan" (one row per finding, filterable and
printable) and "Berkas tidak terbaca". Headers and words are Indonesian.
Every finding says where it sits ("Letak": Elemen / Butir rencana / Seluruh peta) and names
every element it is about ("Elemen disebut": ids with their names).

A set run adds "Temuan Set" (the findings on the set as a whole) and, with a plan,
"Matriks Keselarasan" (sasaran x process, with the gap lists below it), "Pohon Penjenjangan"
(misi -> tujuan -> sasaran -> Renstra sasaran -> processes, grouped with Excel's outline)
and "Progres OPD". Their headers follow the report's language (Indonesian by default).
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import alignment as alignment_mod
from ..spreadsheet import xlsx_cell
from ..engine import Finding, Report
from ..model import Model
from .places import file_model, named_elements
from .labels import (CONFIDENCE, SEVERITY, SEVERITY_ORDER, alignment_labels, group_label,
                     level_text)

SHEET_SUMMARY = "Ringkasan"
SHEET_FINDINGS = "Temuan"
SHEET_UNREADABLE = "Berkas tidak terbaca"
SHEET_MATRIX = "Matriks Keselarasan"
SHEET_TREE = "Pohon Penjenjangan"
SHEET_OPD = "Progres OPD"
SHEET_SET_FINDINGS = "Temuan Set"

# (header, width in characters, wrap text)
FINDING_COLUMNS = (
    ("No", 6, False), ("Berkas", 28, True), ("Baris", 7, False), ("Tingkat", 12, False),
    ("Kelompok", 14, False), ("Aturan", 22, False), ("Judul aturan", 30, True),
    ("Letak", 14, False),
    ("Elemen", 24, True), ("Nama elemen", 26, True), ("Jenis elemen", 16, False),
    ("Elemen disebut", 40, True), ("Butir rencana", 14, False),
    ("Pesan", 60, True), ("Saran perbaikan", 50, True), ("Sumber", 36, True),
    ("Dasar", 14, False), ("Diabaikan", 11, False),
)
# where a finding sits ("Letak"), by Finding.scope; "set" is a map-level finding of a set run,
# which is about the set as a whole
SCOPE_LABELS = {
    "id": {"elemen": "Elemen", "rencana": "Butir rencana", "peta": "Seluruh peta",
           "set": "Seluruh set peta", "head": "Letak", "elements": "Elemen disebut"},
    "en": {"elemen": "Element", "rencana": "Plan item", "peta": "Whole map",
           "set": "Whole map set", "head": "Scope", "elements": "Elements named"},
}
UNREADABLE_COLUMNS = (("No", 6, False), ("Berkas", 40, True), ("Kode galat", 18, False),
                      ("Baris", 7, False), ("Pesan", 90, True))

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
# Excel's own "Bad" / "Neutral" / note colours, familiar to spreadsheet users
SEVERITY_FILL = {"error": PatternFill("solid", fgColor="FFC7CE"),
                 "warning": PatternFill("solid", fgColor="FFEB9C"),
                 "info": PatternFill("solid", fgColor="DDEBF7")}
SEVERITY_FONT = {"error": Font(color="9C0006", bold=True), "warning": Font(color="9C5700", bold=True),
                 "info": Font(color="1F4E78", bold=True)}
SUPPRESSED_FONT = Font(color="808080", italic=True)
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")


def render(report: Report, now: datetime | None = None, **_: object) -> bytes:
    wb = Workbook()
    _summary_sheet(wb.active, report, now or datetime.now())
    _findings_sheet(wb.create_sheet(SHEET_FINDINGS), report)
    _unreadable_sheet(wb.create_sheet(SHEET_UNREADABLE), report)
    if report.is_set:
        L = alignment_labels(report.lang)
        aligned = alignment_mod.compute(report)
        if aligned is not None:
            _matrix_sheet(wb.create_sheet(SHEET_MATRIX), aligned, L)
            _tree_sheet(wb.create_sheet(SHEET_TREE), aligned, L)
            _opd_sheet(wb.create_sheet(SHEET_OPD), aligned, L)
        _set_findings_sheet(wb.create_sheet(SHEET_SET_FINDINGS), report, L)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# -----------------------------------------------------------------------------

def _summary_sheet(ws: Worksheet, report: Report, now: datetime) -> None:
    ws.title = SHEET_SUMMARY
    s = report.summary()
    ws["A1"] = "Laporan Validasi Peta Proses Bisnis"
    ws["A1"].font = TITLE_FONT
    meta = [
        ("Tanggal", now.replace(tzinfo=None, microsecond=0)),
        ("Versi validator", report.version),
        ("Versi katalog aturan", report.catalog_version),
        ("Profil aturan", report.profile),
        ("Jumlah berkas", s["files"]),
        ("Berkas tidak terbaca", s["unreadable"]),
    ]
    row = 3
    for label, value in meta:
        ws.cell(row, 1, label).font = BOLD
        cell = _put(ws, row, 2, value)
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, datetime):
            cell.number_format = "dd/mm/yyyy hh:mm"
        row += 1

    heads = ["Kesalahan", "Peringatan", "Info", "Diabaikan", "Jumlah"]
    row += 1
    row = _table(ws, row, "Temuan per berkas", ["Berkas", "Status"] + heads, [
        [fr.path, "terbaca" if fr.ok else "tidak terbaca", *_count_row(fr.counts())]
        for fr in report.files
    ], total=["Jumlah", ""] + _count_row(s))

    per_group: dict[str, Counter] = {}
    for fr in report.files:
        for f in fr.findings:
            per_group.setdefault(f.group, Counter())["suppressed" if f.suppressed else f.severity] += 1
    row += 1
    _table(ws, row, "Temuan per kelompok aturan", ["Kelompok aturan", "Kode kelompok"] + heads, [
        [group_label(g), g, *_count_row(per_group[g])] for g in sorted(per_group, key=group_label)
    ], total=["Jumlah", ""] + _count_row(s))

    for col, width in enumerate((34, 22, 12, 12, 10, 12, 10), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    _page_setup(ws, landscape=False)


def _count_row(c) -> list[int]:
    values = [c.get(k, 0) for k in (*SEVERITY_ORDER, "suppressed")]
    return values + [sum(values)]


def _table(ws: Worksheet, row: int, title: str, header: list[str], rows: list[list],
           total: list) -> int:
    ws.cell(row, 1, title).font = Font(bold=True, size=12)
    rows = rows or [["(tidak ada)"]]
    row += 1
    _header_row(ws, row, header)
    for values in rows:
        row += 1
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value).border = GRID
    row += 1
    for col, value in enumerate(total, start=1):
        cell = _put(ws, row, col, value)
        cell.font = BOLD
        cell.border = GRID
    return row + 1


def _findings_sheet(ws: Worksheet, report: Report) -> None:
    _header_row(ws, 1, [c[0] for c in FINDING_COLUMNS])
    row = 1
    for fr in report.files:
        model = file_model(fr)
        for f in fr.findings:
            row += 1
            values = [row - 1, fr.path, f.line or None, SEVERITY.get(f.severity, f.severity),
                      f.group, f.rule, f.title, SCOPE_LABELS["id"][f.scope],
                      f.element, f.element_name, f.element_type,
                      elements_text(f, model), f.subject,
                      f.message, f.fix, f.source, CONFIDENCE.get(f.confidence, f.confidence),
                      "Ya" if f.suppressed else "Tidak"]
            _finding_row(ws, row, values, FINDING_COLUMNS, f.suppressed)
            sev = ws.cell(row, 4)
            if not f.suppressed and f.severity in SEVERITY_FILL:
                sev.fill = SEVERITY_FILL[f.severity]
                sev.font = SEVERITY_FONT[f.severity]
            if f.suppressed and f.suppressed_by:
                ws.cell(row, len(FINDING_COLUMNS)).comment = Comment(_clean(f.suppressed_by),
                                                                     "ppb-validator")
    _finish_table(ws, FINDING_COLUMNS, row)


def elements_text(f: Finding, model: Model | None = None) -> str | None:
    """Every element a finding names, "Task_A «Susun RKPD», Flow_1": ids with their names
    (from the file's model; the finding knows the first one's); None when it names none."""
    ids = named_elements(f)
    if not ids:
        return None
    parts = []
    for eid in ids:
        el = model.get(eid) if model is not None else None
        name = el.name if el is not None else (f.element_name if eid == f.element else None)
        name = " ".join(name.split()) if name else ""
        parts.append(f"{eid} «{name}»" if name else eid)
    return ", ".join(parts)


def _unreadable_sheet(ws: Worksheet, report: Report) -> None:
    _header_row(ws, 1, [c[0] for c in UNREADABLE_COLUMNS])
    row = 1
    for fr in report.files:
        if fr.error is None:
            continue
        row += 1
        for col, value in enumerate([row - 1, fr.path, fr.error.code, fr.error.line or None,
                                     fr.error.message], start=1):
            cell = _put(ws, row, col, value)
            cell.border = GRID
            cell.alignment = TOP_WRAP if UNREADABLE_COLUMNS[col - 1][2] else TOP
    if row == 1:
        ws.cell(2, 2, "Semua berkas dapat dibaca.").font = SUPPRESSED_FONT
    _finish_table(ws, UNREADABLE_COLUMNS, max(row, 1))


# -- set runs ---------------------------------------------------------------------------------

MATRIX_LEAD = 4                     # columns before the process columns
MATRIX_HEAD = 4                     # header rows: process code, name, OPD, kategori
MATRIX_MAX_COLUMNS = 16384 - MATRIX_LEAD   # a sheet has 16,384 columns; the JSON has them all
VIA_FILL = {"direct": PatternFill("solid", fgColor="C6EFCE"),
            "indicator": PatternFill("solid", fgColor="DDEBF7"),
            "cascade": PatternFill("solid", fgColor="E4DFEC")}
GAP_FILL = PatternFill("solid", fgColor="FFEB9C")
CENTER = Alignment(horizontal="center", vertical="top")


def _matrix_sheet(ws: Worksheet, a: "alignment_mod.Alignment", L: dict) -> None:
    """Rows 1-4 name the processes (code, name, OPD, kategori; labels in column D); a row per
    sasaran below, a cell "✓ L" / "✓ I" / "✓ C" where a process serves it (text, so it reads
    without colour)."""
    m = a.matrix
    shown = m.columns[:MATRIX_MAX_COLUMNS]
    heads = [(f"{L['kode']} ({L['process']})", [c.kode or "—" for c in shown]),
             (L["process"], [c.name for c in shown]),
             (L["opd"], [c.opd or "" for c in shown]),
             (L["served_by"], [c.kategori or "" for c in shown])]
    for r, (label, values) in enumerate(heads, start=1):
        _header_row(ws, r, ([L["kode"], L["sasaran"], L["note"]] if r == MATRIX_HEAD else ["", "", ""])
                    + [label] + values)
        ws.cell(r, MATRIX_LEAD).alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)
        for i in range(len(values)):
            ws.cell(r, MATRIX_LEAD + 1 + i).alignment = Alignment(vertical="top", wrap_text=True,
                                                                  horizontal="center")
    row = MATRIX_HEAD
    for mr in m.rows:
        row += 1
        level = level_text(L, mr.is_rpjmd, mr.opd)
        values = [mr.sasaran, mr.teks, level if mr.served else f"{level}; {L['not_served']}",
                  mr.serving]
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value)
            cell.border, cell.alignment = GRID, TOP_WRAP
            if not mr.served:
                cell.fill = GAP_FILL
        for i in range(len(shown)):
            via = mr.cells.get(i)
            cell = ws.cell(row, MATRIX_LEAD + 1 + i, f"✓ {L['via_mark'][via]}" if via else None)
            cell.border, cell.alignment = GRID, CENTER
            if via:
                cell.fill = VIA_FILL[via]
                cell.font = BOLD
    if not m.rows:
        row += 1
        ws.cell(row, 2, L["matrix_empty"]).font = SUPPRESSED_FONT
    for col, width in enumerate((12, 48, 20, 10), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for i in range(len(shown)):
        ws.column_dimensions[get_column_letter(MATRIX_LEAD + 1 + i)].width = 16
    ws.freeze_panes = ws.cell(MATRIX_HEAD + 1, MATRIX_LEAD + 1)
    ws.print_title_rows = f"1:{MATRIX_HEAD}"
    _page_setup(ws, landscape=True)

    if len(shown) < len(m.columns):
        row += 2
        ws.cell(row, 2, L["columns_cut"].format(shown=len(shown), total=len(m.columns))).font = BOLD
    row += 2
    ws.cell(row, 1, f"{L['legend']}:").font = BOLD
    for via in alignment_mod.VIA_ORDER:
        row += 1
        ws.cell(row, 1, f"✓ {L['via_mark'][via]}").fill = VIA_FILL[via]
        _put(ws, row, 2, f"{L['via'][via]} — {L['via_help'][via]}")
    row += 2
    ws.cell(row, 1, f"{L['unserved_title']} ({len(m.unserved)})").font = Font(bold=True, size=12)
    row += 1
    _header_row(ws, row, [L["kode"], L["sasaran"], L["note"]])
    for mr in m.unserved:
        row += 1
        level = level_text(L, mr.is_rpjmd, mr.opd)
        for col, value in enumerate((mr.sasaran, mr.teks, level), start=1):
            _put(ws, row, col, value).border = GRID
    if not m.unserved:
        row += 1
        ws.cell(row, 2, L["unserved_none"]).font = SUPPRESSED_FONT
    row += 2
    ws.cell(row, 1, f"{L['unaligned_title']} ({len(m.unaligned)})").font = Font(bold=True, size=12)
    row += 1
    _header_row(ws, row, [L["kode"], L["process"], L["file"], L["opd"]])
    for p in m.unaligned:
        row += 1
        for col, value in enumerate((p.kode or "", p.name, p.file, p.opd or ""), start=1):
            _put(ws, row, col, value).border = GRID
    if not m.unaligned:
        row += 1
        ws.cell(row, 2, L["unaligned_none"]).font = SUPPRESSED_FONT


TREE_COLUMNS = (("kind", 18, False), ("kode", 16, False), ("description", 70, True),
                ("opd", 16, False), ("file", 34, True), ("note", 40, True))


def _tree_sheet(ws: Worksheet, a: "alignment_mod.Alignment", L: dict) -> None:
    """One row per tree node, indented and grouped (Data > Outline) by depth."""
    _header_row(ws, 1, [L["tier" if c[0] == "kind" else c[0]] for c in TREE_COLUMNS])
    rows: list[tuple[int, list, bool]] = []      # (depth, values, is a gap)

    def procs(node: "alignment_mod.TreeSasaran", depth: int) -> None:
        for tp in node.processes:
            p = tp.process
            rows.append((depth, [L["process"], p.kode or "", p.name, p.opd or "", p.file,
                                 L["via"][tp.via]], False))

    def renstra(node: "alignment_mod.TreeSasaran", depth: int) -> None:
        note = []
        if node.broken:
            note.append(L["broken"][node.broken].format(id=node.cascades_from or ""))
        if not node.in_scope:
            note.append(L["out_of_scope"])
        elif not node.processes:
            note.append(L["no_process"])
        gap = bool(node.broken) or (node.in_scope and not node.processes)
        rows.append((depth, [L["sasaran_renstra"], node.id, node.teks, node.opd or "", "",
                             "; ".join(note)], gap))
        procs(node, depth + 1)

    for m in a.cascade.misi:
        rows.append((0, [L["misi"], m.id or "", m.teks or L["no_misi"], "", "", ""], False))
        for t in m.tujuan:
            rows.append((1, [L["tujuan"], t.id or "", t.teks or L["no_tujuan"], "", "", ""], False))
            for s in t.sasaran:
                empty = s.in_scope and not s.processes and not s.children
                note = L["out_of_scope"] if not s.in_scope else (L["no_process"] if empty else "")
                rows.append((2, [L["sasaran_rpjmd"], s.id, s.teks, "", "", note], empty))
                procs(s, 3)
                for r in s.children:
                    renstra(r, 3)
    if a.cascade.broken:
        rows.append((0, [L["broken_title"], "", "", "", "", ""], True))
        for r in a.cascade.broken:
            renstra(r, 1)
    for i, (depth, values, gap) in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = _put(ws, i, col, value)
            cell.border = GRID
            cell.alignment = Alignment(vertical="top", wrap_text=TREE_COLUMNS[col - 1][2],
                                       indent=depth if col == 3 else 0)
            if depth == 0:
                cell.font = BOLD
            if gap and col == 6:
                cell.fill = GAP_FILL
        if depth:
            ws.row_dimensions[i].outline_level = min(depth, 7)
    ws.sheet_properties.outlinePr.summaryBelow = False
    _finish_table(ws, TREE_COLUMNS, len(rows) + 1)


def _opd_sheet(ws: Worksheet, a: "alignment_mod.Alignment", L: dict) -> None:
    sev = L["severity_name"]
    columns = ((L["opd"], 14, False), (L["kode"], 24, False), (L["name"], 44, True),
               (L["status"], 18, False), (L["map_count"], 10, False), (L["maps"], 44, True),
               (sev["error"], 11, False), (sev["warning"], 11, False), (sev["info"], 9, False),
               (L["suppressed"].capitalize(), 11, False),
               (L["served"].capitalize(), 10, False), (L["total"], 9, False),
               (L["coverage"], 12, False), (L["unserved_ids"], 30, True))
    _header_row(ws, 1, [c[0] for c in columns])
    row = 1
    for o in a.opd:
        row += 1
        if o.kind == alignment_mod.ROW_PEMDA:
            name, short = f"{o.nama} ({L['row']['pemda']})", ""
        elif o.kind == alignment_mod.ROW_NO_OPD:
            name, short = L["row"]["noOpd"], ""
        elif o.kind == alignment_mod.ROW_UNKNOWN_OPD:
            name, short = f"{o.nama} ({L['row']['unknownOpd']})", o.singkatan or ""
        else:
            name, short = o.nama, o.singkatan or ""
        maps = "\n".join(o.maps)
        if o.unreadable:
            maps += f"\n({o.unreadable} {L['unreadable']})"
        planned = o.has_plan or o.sasaran_total
        if o.coverage is not None:
            coverage = o.coverage / 100.0
        else:
            coverage = None if planned else L["no_renstra"]
        status = L["uploaded"] if o.uploaded else L["not_uploaded"]
        if o.kind == alignment_mod.ROW_NO_OPD:
            status = "—"
        values = [short, o.kode or "", name, status,
                  len(o.maps), maps, o.findings["error"], o.findings["warning"],
                  o.findings["info"], o.findings["suppressed"],
                  o.sasaran_served if planned else None, o.sasaran_total if planned else None,
                  coverage, ", ".join(o.unserved)]
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value)
            cell.border = GRID
            cell.alignment = TOP_WRAP if columns[col - 1][2] else TOP
        ws.cell(row, 13).number_format = "0.0%"
        if not o.uploaded:
            ws.cell(row, 4).fill = GAP_FILL
            ws.cell(row, 4).font = BOLD
        for col, key in ((7, "error"), (8, "warning")):
            if o.findings[key]:
                ws.cell(row, col).font = SEVERITY_FONT[key]
    _finish_table(ws, columns, row)


def _set_findings_sheet(ws: Worksheet, report: Report, L: dict) -> None:
    sev = L["severity_name"]
    S = SCOPE_LABELS.get(L["lang"], SCOPE_LABELS["id"])
    columns = ((L["no_"], 6, False), (L["severity"], 12, False), (L["group"], 14, False),
               (L["rule"], 16, False), (S["head"], 16, False), (L["subject"], 16, False),
               (S["elements"], 36, True), (L["message"], 70, True),
               (L["fix"], 50, True), (L["source"], 36, True), (L["confidence"], 11, False),
               (L["suppressed"].capitalize(), 11, False))
    _header_row(ws, 1, [c[0] for c in columns])
    row = 1
    en = L["lang"] == "en"
    for f in report.set_findings:
        row += 1
        values = [row - 1, sev.get(f.severity, f.severity), f.group, f.rule,
                  S["set" if f.scope == "peta" else f.scope], f.subject, elements_text(f),
                  f.message_en if en else f.message, f.fix, f.source,
                  f.confidence if en else CONFIDENCE.get(f.confidence, f.confidence),
                  L["yes"] if f.suppressed else L["no"]]
        _finding_row(ws, row, values, columns, f.suppressed)
        if not f.suppressed and f.severity in SEVERITY_FILL:
            ws.cell(row, 2).fill = SEVERITY_FILL[f.severity]
            ws.cell(row, 2).font = SEVERITY_FONT[f.severity]
    if row == 1:
        ws.cell(2, 8, L["set_findings_none"]).font = SUPPRESSED_FONT
    if report.skipped_rules:
        ws.cell(max(row, 2) + 2, 8, f"{L['skipped']}: {', '.join(report.skipped_rules)}").font = \
            SUPPRESSED_FONT
    _finish_table(ws, columns, max(row, 1))


def _header_row(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = _put(ws, row, col, name)   # the matrix heads are process names from the maps
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.border = GRID
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _finish_table(ws: Worksheet, columns: tuple, last_row: int) -> None:
    for col, (_, width, _wrap) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last_row, 2)}"
    ws.print_title_rows = "1:1"
    _page_setup(ws, landscape=True)


def _page_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.oddFooter.center.text = "Halaman &P dari &N"


def _finding_row(ws, row: int, values: list, columns, suppressed: bool) -> None:
    """One finding in a table: grid, wrapping as its column says, greyed when suppressed."""
    for col, value in enumerate(values, start=1):
        cell = _put(ws, row, col, value)
        cell.border = GRID
        cell.alignment = TOP_WRAP if columns[col - 1][2] else TOP
        if suppressed:
            cell.font = SUPPRESSED_FONT


def _put(ws: Worksheet, row: int, col: int, value: object):
    """Write a cell; text is always text: a name starting with "=" (or +, -, @ ...) is no
    formula, neither here nor once the cell is edited (validator.spreadsheet)."""
    if isinstance(value, str):
        cell = ws.cell(row, col)
        cell.value = xlsx_cell(value)
        cell.data_type = "s"
        return cell
    return ws.cell(row, col, value)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)
