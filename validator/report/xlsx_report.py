"""Spreadsheet report (XLSX) for a Bagian Organisasi's way of working.

Sheets: "Ringkasan" (when, which validator and catalog, counts per file,
severity and rule group), "Temuan" (one row per finding, filterable and
printable) and "Berkas tidak terbaca". Headers and words are Indonesian.
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

from ..engine import Report
from .labels import CONFIDENCE, SEVERITY, SEVERITY_ORDER, group_label

SHEET_SUMMARY = "Ringkasan"
SHEET_FINDINGS = "Temuan"
SHEET_UNREADABLE = "Berkas tidak terbaca"

# (header, width in characters, wrap text)
FINDING_COLUMNS = (
    ("No", 6, False), ("Berkas", 28, True), ("Baris", 7, False), ("Tingkat", 12, False),
    ("Kelompok", 14, False), ("Aturan", 22, False), ("Judul aturan", 30, True),
    ("Elemen", 24, True), ("Nama elemen", 26, True), ("Jenis elemen", 16, False),
    ("Pesan", 60, True), ("Saran perbaikan", 50, True), ("Sumber", 36, True),
    ("Keyakinan", 11, False), ("Diabaikan", 11, False),
)
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
        for f in fr.findings:
            row += 1
            values = [row - 1, fr.path, f.line or None, SEVERITY.get(f.severity, f.severity),
                      f.group, f.rule, f.title, f.element, f.element_name, f.element_type,
                      f.message, f.fix, f.source, CONFIDENCE.get(f.confidence, f.confidence),
                      "Ya" if f.suppressed else "Tidak"]
            for col, value in enumerate(values, start=1):
                cell = _put(ws, row, col, value)
                cell.border = GRID
                cell.alignment = TOP_WRAP if FINDING_COLUMNS[col - 1][2] else TOP
                if f.suppressed:
                    cell.font = SUPPRESSED_FONT
            sev = ws.cell(row, 4)
            if not f.suppressed and f.severity in SEVERITY_FILL:
                sev.fill = SEVERITY_FILL[f.severity]
                sev.font = SEVERITY_FONT[f.severity]
            if f.suppressed and f.suppressed_by:
                ws.cell(row, 15).comment = Comment(_clean(f.suppressed_by), "ppb-validator")
    _finish_table(ws, FINDING_COLUMNS, row)


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


def _header_row(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row, col, name)
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


def _put(ws: Worksheet, row: int, col: int, value: object):
    """Write a cell; text is always text (a name starting with "=" is no formula)."""
    if isinstance(value, str):
        cell = ws.cell(row, col)
        cell.value = _clean(value)
        cell.data_type = "s"
        return cell
    return ws.cell(row, col, value)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)
