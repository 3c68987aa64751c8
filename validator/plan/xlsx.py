"""Plan workbooks (XLSX): import, template and export.

The importer reads a workbook laid out like the Renstra tables of Permendagri 86/2017 into the
same dict shape the YAML loader reads, then builds the Plan with the loader's own builder
(``loader._Reader``), so every shape check (required values, unique ids and codes, years) is
shared and a workbook and a YAML file with the same content give an equal Plan. Every problem
names the sheet, row and column of the cell (:class:`CellProblem`, path like ``T-C.25!K7``);
all of them are collected into one ``PlanError("INVALID")``.

Layout (one sheet per table; sheet names and column headers are matched ignoring case, spaces
and punctuation, e.g. "T-C.25", "TC25" and "Tabel T-C.25" are the same sheet; a title block
above the header row is allowed: the header row is found by its labels; headers printed on two
rows with merged cells, e.g. "Target Kinerja" over "2025 ... 2029", are understood; a row of
column numbers 1, 2, 3 ... right under the header is skipped). ``*`` = required sheet/column.

- ``Pemda``*      Nama Pemda*, Kode Wilayah* — one row.
- ``RPJMD``*      Id RPJMD*, Periode Awal*, Periode Akhir*, Visi* — one row.
- ``Misi``*       Id Misi*, Misi* (the text).
- ``Tujuan``      Dokumen, Id Tujuan*, Misi*, Tujuan* (the text). Dokumen empty = RPJMD, or a
                  Renstra id for that Renstra's own tujuan.
- ``Renstra``     Id Renstra*, OPD*, Periode Awal, Periode Akhir.
- ``T-C.25``*     Dokumen, OPD, Tujuan*, Id Sasaran*, Sasaran*, Sasaran RPJMD, Id Indikator*,
                  Indikator*, Satuan, Target <tahun> ... (one column per year, any years).
                  One row per indikator. Dokumen is "RPJMD" (or the RPJMD id) or a Renstra
                  id; OPD and Sasaran RPJMD are for Renstra rows only. A Renstra id not listed
                  on the Renstra sheet is declared by its first row here (then OPD is needed).
- ``T-C.26``      Dokumen, Id Sasaran*, Strategi, Arah Kebijakan. The model has no place for
                  strategi and arah kebijakan: the sheet is read and its cells checked (types,
                  a sasaran id and at least one of the two texts per row), then ignored; the
                  exporter writes the header only.
- ``T-C.27``      Dokumen, OPD Penanggung Jawab, Sasaran, Kode Program*, Program*,
                  Kode Kegiatan, Kegiatan, Kode Sub Kegiatan, Sub Kegiatan. One row per sub
                  kegiatan (or per kegiatan / program without children). OPD and Sasaran hold
                  one or more ids separated by commas (or spaces).
- ``Organisasi``  Singkatan*, Kode Organisasi*, Nama OPD*.
- ``Unit``        OPD*, Unit*.            ``Jabatan``  OPD*, Jabatan*.
- ``Petunjuk`` and any other sheet are ignored.

Blank cells continue the row above, the way printed tables merge cells: a blank Dokumen is the
Dokumen above (the first one: RPJMD); a row whose sasaran cells (Tujuan, Id Sasaran, Sasaran,
Sasaran RPJMD) are all blank adds its indikator to the sasaran above; a repeated Id Sasaran is
the same sasaran (its other cells, when filled, must agree). A new RPJMD sasaran with a blank
Tujuan takes the Tujuan of the RPJMD sasaran above. T-C.27 works the same way for program
(Kode Program, Program, OPD, Sasaran) and kegiatan (Kode Kegiatan, Kegiatan). Openpyxl's
read-only mode gives None for merged followers, which is exactly a blank cell here.

Cells: ids and codes must be text (a whole number is accepted; a decimal number is refused,
since Excel drops trailing zeros: "4.10" would become 4.1). Targets are numbers, or text when
every target of that indikator is text (e.g. "WTP"); "-" means no target that year. Dates,
TRUE/FALSE and formula errors (#N/A ...) are refused. Formulas are read as their cached values.

Safety: the file size is checked first (``max_bytes``), then the zip directory (at most
:data:`MAX_UNCOMPRESSED` bytes unpacked, :data:`MAX_ENTRIES` members) before openpyxl opens
it; at most :data:`MAX_COLUMNS` columns and :data:`MAX_ROWS` filled rows per sheet are read.

Problem codes (besides the loader's): MISSING (sheet, column or cell), WRONG_TYPE (a cell of
the wrong kind), BAD_VALUE (a row that disagrees with the row it continues, an OPD cell on an
RPJMD row, an unknown Renstra id, a duplicate sheet or column), BAD_YEAR (a year cell).
"""
from __future__ import annotations

import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterable

from ..spreadsheet import unescape_cell, xlsx_cell
from .errors import PlanError, Problem
from .loader import (DEFAULT_MAX_BYTES, MAX_LITERAL, _file_problem, _human, _Reader, _too_large,
                     _unreadable, number_problem)
from .model import Plan

MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_COLUMNS = 80
MAX_ROWS = 20_000
HEADER_SCAN_ROWS = 30
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                   "#SPILL!", "#CALC!", "#GETTING_DATA"}
_RPJMD = "RPJMD"     # the Dokumen key of RPJMD rows (Renstra rows use the Renstra's index)


# ---------------------------------------------------------------------------------------------
# problems

@dataclass(frozen=True, slots=True)
class CellProblem(Problem):
    """A problem at a cell (or row, or whole sheet) of a plan workbook.

    ``path`` is ``Sheet!F7`` (cell), ``Sheet!7:7`` (row) or ``Sheet`` (sheet); ``message`` is
    without the location, ``str()`` gives e.g. "Lembar 'T-C.25', baris 7, kolom F
    (Target 2026): nilai 'tinggi' bukan angka."
    """
    sheet: str = ""
    row: int | None = None
    column: str | None = None      # column letter
    header: str | None = None      # the header of that column as written in the sheet

    def where(self, lang: str = "id") -> str:
        en = lang == "en"
        parts = [f"{'Sheet' if en else 'Lembar'} '{self.sheet}'"]
        if self.row:
            parts.append(f"{'row' if en else 'baris'} {self.row}")
        if self.column:
            col = f"{'column' if en else 'kolom'} {self.column}"
            parts.append(f"{col} ({self.header})" if self.header else col)
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where('id')}: {_sentence(self.message)}"

    @property
    def text_en(self) -> str:
        return f"{self.where('en')}: {_sentence(self.message_en)}"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


# ---------------------------------------------------------------------------------------------
# the layout

def _norm(text: Any) -> str:
    """A header or sheet name for matching: lower case, letters and digits only; a
    parenthesised note without digits, e.g. "(wajib)", is dropped."""
    s = re.sub(r"\([^)0-9]*\)", "", _label(text).casefold())
    return re.sub(r"[^0-9a-z]", "", s)


def _shown(text: str) -> str:
    """A header as shown in messages: without the required marker "*"."""
    return re.sub(r"\s*\*+\s*$", "", text) or text


def _label(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_YEAR_HEADER = re.compile(r"^(?:target[a-z]*?)?(?:tahun)?(?:ke)?(\d{4})$")


@dataclass(frozen=True)
class _Col:
    key: str
    label: str                   # written by the template and the exporter
    aliases: frozenset           # normalised
    required: bool = False
    width: int = 14
    code: bool = False           # ids and codes: cells formatted as text
    note: str = ""               # for the Petunjuk sheet


def _c(key: str, label: str, *aliases: str, required: bool = False, width: int = 14,
       code: bool = False, note: str = "") -> _Col:
    return _Col(key, label, frozenset({_norm(label), *(_norm(a) for a in aliases)}), required,
                width, code, note)


@dataclass(frozen=True)
class _Sheet:
    key: str
    name: str
    aliases: frozenset
    cols: tuple[_Col, ...]
    required: bool
    title: str
    note: str
    years: bool = False          # target year columns (T-C.25)

    def col(self, key: str) -> _Col:
        return next(c for c in self.cols if c.key == key)


def _s(key: str, name: str, aliases: Iterable[str], cols: tuple[_Col, ...], required: bool,
       title: str, note: str, years: bool = False) -> _Sheet:
    return _Sheet(key, name, frozenset({_norm(name), *(_norm(a) for a in aliases)}), cols,
                  required, title, note, years)


_DOKUMEN = ("Dokumen", "dokumen", "id dokumen", "kode dokumen", "rpjmd/renstra")
_PERIODE_AWAL = ("Periode Awal", "tahun awal", "awal", "periode mulai", "tahun mulai")
_PERIODE_AKHIR = ("Periode Akhir", "tahun akhir", "akhir", "periode selesai", "tahun selesai")

SHEETS: tuple[_Sheet, ...] = (
    _s("pemda", "Pemda", ("pemerintah daerah",), (
        _c("nama", "Nama Pemda", "nama", "nama pemerintah daerah", "pemerintah daerah",
           required=True, width=40),
        _c("kode", "Kode Wilayah", "kode", "kode pemda", "kode daerah", required=True,
           code=True, note="kode wilayah Kemendagri, mis. 13.77")),
       True, "Pemerintah daerah", "Satu baris."),
    _s("rpjmd", "RPJMD", (), (
        _c("id", "Id RPJMD", "id", "kode rpjmd", "kode", required=True, width=26, code=True,
           note="sama dengan ppb:dokumenAcuan peta Level 0"),
        _c("awal", *_PERIODE_AWAL, required=True, width=13),
        _c("akhir", *_PERIODE_AKHIR, required=True, width=13),
        _c("visi", "Visi", required=True, width=70)),
       True, "RPJMD", "Satu baris."),
    _s("misi", "Misi", (), (
        _c("id", "Id Misi", "id", "kode misi", "no misi", "nomor misi", required=True,
           width=10, code=True),
        _c("teks", "Misi", "teks", "uraian", "uraian misi", "teks misi", required=True,
           width=80)),
       True, "Misi RPJMD", "Satu baris per misi."),
    _s("tujuan", "Tujuan", (), (
        _c("dokumen", *_DOKUMEN, width=26, code=True,
           note="kosong = RPJMD; id Renstra untuk tujuan Renstra"),
        _c("id", "Id Tujuan", "id", "kode tujuan", required=True, width=12, code=True),
        _c("misi", "Misi", "id misi", "kode misi", required=True, width=10, code=True,
           note="id misi; wajib untuk tujuan RPJMD"),
        _c("teks", "Tujuan", "teks", "uraian", "uraian tujuan", "teks tujuan", required=True,
           width=70)),
       False, "Tujuan RPJMD dan Renstra", "Satu baris per tujuan."),
    _s("renstra", "Renstra", (), (
        _c("id", "Id Renstra", "id", "kode renstra", "dokumen", required=True, width=28,
           code=True, note="sama dengan ppb:dokumenAcuan peta OPD"),
        _c("opd", "OPD", "singkatan opd", "perangkat daerah", required=True, width=16,
           code=True, note="singkatan pada lembar Organisasi"),
        _c("awal", *_PERIODE_AWAL, width=13),
        _c("akhir", *_PERIODE_AKHIR, width=13)),
       False, "Renstra perangkat daerah", "Satu baris per Renstra."),
    _s("tc25", "T-C.25", ("tabel t-c.25", "tujuan sasaran", "sasaran"), (
        _c("dokumen", *_DOKUMEN, width=26, code=True,
           note="RPJMD atau id Renstra; kosong = sama dengan baris di atas"),
        _c("opd", "OPD", "perangkat daerah", "singkatan opd", width=14, code=True,
           note="hanya untuk baris Renstra"),
        _c("tujuan", "Tujuan", "id tujuan", "kode tujuan", required=True, width=10, code=True,
           note="id tujuan; wajib untuk sasaran RPJMD"),
        _c("sasaran_id", "Id Sasaran", "kode sasaran", "sasaran id", "sasaran kode",
           required=True, width=12, code=True),
        _c("sasaran", "Sasaran", "uraian sasaran", "sasaran uraian", "teks sasaran",
           "sasaran teks", required=True, width=48),
        _c("sasaran_rpjmd", "Sasaran RPJMD", "id sasaran rpjmd", "kode sasaran rpjmd",
           width=14, code=True, note="hanya untuk sasaran Renstra: sasaran RPJMD yang dijabarkan"),
        _c("indikator_id", "Id Indikator", "kode indikator", "indikator id", "indikator kode",
           required=True, width=14, code=True),
        _c("indikator", "Indikator", "nama indikator", "indikator nama", "indikator kinerja",
           "uraian indikator", "indikator uraian", required=True, width=44),
        _c("satuan", "Satuan", width=12)),
       True, "Tabel T-C.25 Tujuan, sasaran, indikator dan target kinerja",
       "Satu baris per indikator. Sel sasaran yang kosong = sasaran baris di atas.", years=True),
    _s("tc26", "T-C.26", ("tabel t-c.26", "strategi", "strategi dan arah kebijakan"), (
        _c("dokumen", *_DOKUMEN, width=26, code=True, note="RPJMD atau id Renstra"),
        _c("sasaran_id", "Id Sasaran", "sasaran", "kode sasaran", required=True, width=12,
           code=True),
        _c("strategi", "Strategi", width=60),
        _c("arah", "Arah Kebijakan", "kebijakan", width=60)),
       False, "Tabel T-C.26 Strategi dan arah kebijakan",
       "Dibaca dan diperiksa, tetapi belum dipakai oleh validator."),
    _s("tc27", "T-C.27", ("tabel t-c.27", "program kegiatan", "program"), (
        _c("dokumen", *_DOKUMEN, width=26, code=True, note="RPJMD atau id Renstra"),
        _c("opd", "OPD Penanggung Jawab", "opd", "perangkat daerah",
           "perangkat daerah penanggung jawab", width=16, code=True,
           note="singkatan OPD, dipisah koma"),
        _c("sasaran", "Sasaran", "id sasaran", "sasaran dilayani", width=14, code=True,
           note="id sasaran yang dilayani, dipisah koma"),
        _c("program_kode", "Kode Program", "program kode", required=True, width=12, code=True),
        _c("program", "Program", "nama program", "program nama", required=True, width=44),
        _c("kegiatan_kode", "Kode Kegiatan", "kegiatan kode", width=14, code=True),
        _c("kegiatan", "Kegiatan", "nama kegiatan", "kegiatan nama", width=44),
        _c("sub_kode", "Kode Sub Kegiatan", "kode subkegiatan", "sub kegiatan kode", width=20,
           code=True),
        _c("sub", "Sub Kegiatan", "nama sub kegiatan", "sub kegiatan nama", width=44)),
       False, "Tabel T-C.27 Program, kegiatan dan sub kegiatan",
       "Satu baris per sub kegiatan (atau kegiatan/program tanpa rincian)."),
    _s("organisasi", "Organisasi", ("opd", "perangkat daerah"), (
        _c("singkatan", "Singkatan", "singkatan opd", "opd", required=True, width=16, code=True),
        _c("kode", "Kode Organisasi", "kode", "kode opd", "kode perangkat daerah",
           required=True, width=26, code=True, note="sama dengan ppb:kodeOrganisasi pada peta"),
        _c("nama", "Nama OPD", "nama", "nama organisasi", "nama perangkat daerah",
           required=True, width=50)),
       False, "Master organisasi (OPD)", "Satu baris per OPD."),
    _s("unit", "Unit", ("unit kerja",), (
        _c("opd", "OPD", "singkatan", "singkatan opd", required=True, width=16, code=True,
           note="kosong = OPD baris di atas"),
        _c("nama", "Unit", "nama unit", "nama", "unit kerja", required=True, width=50)),
       False, "Unit kerja per OPD", "Satu baris per unit."),
    _s("jabatan", "Jabatan", (), (
        _c("opd", "OPD", "singkatan", "singkatan opd", required=True, width=16, code=True,
           note="kosong = OPD baris di atas"),
        _c("nama", "Jabatan", "nama jabatan", "nama", required=True, width=50)),
       False, "Jabatan per OPD", "Satu baris per jabatan."),
)
SHEET = {s.key: s for s in SHEETS}
SHEET_NAMES = tuple(s.name for s in SHEETS)
INSTRUCTIONS_SHEET = "Petunjuk"


# ---------------------------------------------------------------------------------------------
# reading the workbook into tables

@dataclass
class _Table:
    spec: _Sheet
    title: str                               # the sheet name as written
    order: int                               # its position in the workbook
    header_row: int = 0
    cols: dict[str, int] = field(default_factory=dict)      # key -> 0-based column
    headers: dict[int, str] = field(default_factory=dict)   # column -> header as written
    years: dict[int, int] = field(default_factory=dict)     # year -> column
    rows: list[tuple[int, tuple]] = field(default_factory=list)

    def letter(self, col: int) -> str:
        from openpyxl.utils import get_column_letter
        return get_column_letter(col + 1)


def load_xlsx(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    """Load a plan workbook (.xlsx). Raises PlanError."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise PlanError("FILE_NOT_FOUND", _file_problem("FILE_NOT_FOUND", name), name,
                        name) from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if size > max_bytes:
        raise _too_large(name, size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _unreadable(name, exc) from None
    return loads_xlsx(data, source=name, max_bytes=max_bytes)


def loads_xlsx(data: bytes, source: str = "<rencana.xlsx>",
               max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    """Load a plan workbook from bytes. Raises PlanError."""
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    if not data:
        raise PlanError("EMPTY", _file_problem("EMPTY", ""), "", source)
    _check_container(data, source)
    tables, problems, dead = _read_workbook(data, source)
    importer = _Importer(tables, problems, dead)
    doc = importer.build()
    reader = _CellReader(importer)
    plan = reader.plan(doc)
    found = importer.problems + reader.problems
    if found:
        raise PlanError("INVALID", sorted(found, key=importer.sort_key), "", source)
    assert plan is not None
    return plan


def _syntax(source: str, msg_id: str, msg_en: str) -> PlanError:
    return PlanError("SYNTAX", [Problem("SYNTAX", "", msg_id, msg_en)], "XLSX", source)


def _check_container(data: bytes, source: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise _syntax(source, "berkas ini format Excel lama (.xls) atau terenkripsi; buka di "
                      "Excel/LibreOffice lalu simpan sebagai .xlsx tanpa kata sandi",
                      "this is an old Excel file (.xls) or an encrypted one; save it as .xlsx "
                      "without a password")
    if not data.startswith(_ZIP_MAGIC):
        raise _syntax(source, "berkas ini bukan lembar kerja .xlsx (bukan arsip zip)",
                      "this file is not an .xlsx workbook (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _syntax(source, "arsip zip .xlsx rusak", "the .xlsx zip archive is damaged") from None
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ENTRIES or total > MAX_UNCOMPRESSED:
        detail = f"{_human(total)} setelah diekstrak, {len(infos)} bagian"
        lim = f"{_human(MAX_UNCOMPRESSED)} dan {MAX_ENTRIES} bagian"
        raise PlanError("TOO_LARGE", _file_problem("TOO_LARGE", detail, limit=lim), detail,
                        source, limit=lim)
    if "xl/workbook.xml" not in names:
        raise _syntax(source, "arsip zip ini bukan lembar kerja .xlsx (tidak ada xl/workbook.xml); "
                      "simpan sebagai Buku Kerja Excel (.xlsx)",
                      "this zip archive is not an .xlsx workbook (no xl/workbook.xml)")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # the exporter quotes text a spreadsheet would take for a formula: "'-" is "-"
        value = unescape_cell(value.replace("\u00a0", " ").strip()).strip()
        return value or None
    return value


def _read_workbook(data: bytes, source: str) -> tuple[dict[str, _Table], list[CellProblem], set]:
    from openpyxl import load_workbook

    problems: list[CellProblem] = []
    dead: set[str] = set()            # sheet keys whose problems are already reported
    tables: dict[str, _Table] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of a foreign file is the file's
        raise _syntax(source, f"lembar kerja tidak dapat dibuka ({type(exc).__name__})",
                      f"the workbook cannot be opened ({type(exc).__name__})") from None
    try:
        for order, ws in enumerate(wb.worksheets):
            spec = next((s for s in SHEETS if _norm(ws.title) in s.aliases), None)
            if spec is None:
                continue
            if spec.key in tables:
                problems.append(CellProblem(
                    "BAD_VALUE", ws.title,
                    f"lembar ini sejenis dengan lembar '{tables[spec.key].title}' ({spec.name}); "
                    "gabungkan isinya ke satu lembar",
                    f"this sheet is of the same kind as sheet '{tables[spec.key].title}' "
                    f"({spec.name}); merge them into one", sheet=ws.title))
                continue
            table = _Table(spec, ws.title, order)
            tables[spec.key] = table
            try:
                rows = _sheet_rows(ws)
            except _TooManyRows:
                problems.append(CellProblem(
                    "BAD_VALUE", ws.title, f"lembar ini memuat lebih dari {MAX_ROWS} baris terisi",
                    f"this sheet has more than {MAX_ROWS} filled rows", sheet=ws.title))
                dead.add(spec.key)
                continue
            except ValueError as exc:   # a number cell too long to convert (> 4,300 digits)
                found = _bad_numbers(data, ws.title)
                if not found:
                    raise _syntax(source, f"lembar '{ws.title}' rusak ({type(exc).__name__})",
                                  f"sheet '{ws.title}' is damaged ({type(exc).__name__})") from None
                for ref, code, msg_id, msg_en in found:   # each cell named; the sheet unread
                    letters = ref.rstrip("0123456789")
                    problems.append(CellProblem(code, f"{ws.title}!{ref}", msg_id, msg_en,
                                                sheet=ws.title, row=int(ref[len(letters):]),
                                                column=letters))
                dead.add(spec.key)
                continue
            except Exception as exc:  # noqa: BLE001 - a damaged sheet part
                raise _syntax(source, f"lembar '{ws.title}' rusak ({type(exc).__name__})",
                              f"sheet '{ws.title}' is damaged ({type(exc).__name__})") from None
            if not _find_header(table, rows, problems):
                dead.add(spec.key)
    finally:
        wb.close()
    for spec in SHEETS:
        if spec.required and spec.key not in tables:
            problems.append(CellProblem(
                "MISSING", spec.name,
                f"lembar wajib '{spec.name}' tidak ada (lihat templat: ppb rencana template)",
                f"the required sheet '{spec.name}' is missing (see the template: ppb rencana "
                "template)", sheet=spec.name))
            dead.add(spec.key)
    return tables, problems, dead


class _TooManyRows(Exception):
    pass


_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(r'\br="([A-Z]{1,3}[0-9]{1,7})"')
_CELL_TYPE = re.compile(r'\bt="(\w+)"')
_VALUE = re.compile(r"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _bad_numbers(data: bytes, title: str, limit: int = 50) -> list[tuple[str, str, str, str]]:
    """The number cells of sheet ``title`` that cannot be read, as (ref, code, Indonesian,
    English): a number too long to convert (Python refuses integers of more than 4,300
    digits) or a value that is no number ("NaN"). Only called when openpyxl failed on the
    sheet: its XML part is found through the workbook's relationships and scanned for number
    cells (no type, or ``t="n"``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            rid = None
            for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
                name = re.search(r'\bname="([^"]*)"', m.group(1))
                if name and _xml_text(name.group(1)) == title:
                    rid = re.search(r'\br:id="([^"]*)"|\bid="([^"]*)"', m.group(1))
                    break
            if rid is None:
                return []
            rid_value = rid.group(1) or rid.group(2)
            target = None
            for m in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
                if re.search(r'\bId="%s"' % re.escape(rid_value), m.group(1)):
                    t = re.search(r'\bTarget="([^"]*)"', m.group(1))
                    target = t.group(1) if t else None
                    break
            if not target:
                return []
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            xml = zf.read(part).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return []
    found = []
    for m in _CELL.finditer(xml):
        kind = _CELL_TYPE.search(m.group(1))
        value = _VALUE.search(m.group(2) or "")
        ref = _CELL_REF.search(m.group(1))
        if (kind and kind.group(1) != "n") or value is None or ref is None:
            continue
        text_value = value.group(1).strip()
        digits = len(text_value.lstrip("+-"))
        if re.fullmatch(r"[-+]?\d+", text_value) and digits > MAX_LITERAL:
            found.append((ref.group(1), "NUMBER_TOO_LARGE",
                          f"angka terlalu besar ({digits} digit); batasnya 1.000.000.000.000.000 "
                          "(10^15)", f"number too large ({digits} digits); the limit is 10^15"))
        elif not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text_value):
            shown = text_value if len(text_value) <= 24 else text_value[:21] + "…"
            found.append((ref.group(1), "BAD_NUMBER",
                          f"sel angka berisi '{shown}', yang bukan angka yang sah",
                          f"the number cell holds '{shown}', which is not a valid number"))
        if len(found) >= limit:
            break
    return found


def _xml_text(text: str) -> str:
    import html

    return html.unescape(text)


def _sheet_rows(ws) -> list[tuple[int, tuple]]:
    """The non-empty rows of a sheet as (row number, values)."""
    ws.reset_dimensions()      # some writers store a wrong <dimension>
    out = []
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        cleaned = tuple(_clean(v) for v in values)
        if any(v is not None for v in cleaned):
            out.append((number, cleaned))
            if len(out) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _TooManyRows
    return out


@dataclass
class _Match:
    cols: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    dups: list[tuple[int, str]] = field(default_factory=list)   # (column, header)

    @property
    def score(self) -> int:
        return len(self.cols) + len(self.years)

    def used(self) -> set[int]:
        return set(self.cols.values()) | set(self.years.values())


def _match(spec: _Sheet, top: tuple, sub: tuple | None = None) -> _Match:
    """Assign the sheet's columns (and target years) to the columns of a header row, or of a
    two-row header (``top`` with merged cells over ``sub``)."""
    width = max(len(top), len(sub or ()))
    cands: list[list[str]] = []
    last_top = None
    for c in range(width):
        t = top[c] if c < len(top) else None
        s = sub[c] if sub is not None and c < len(sub) else None
        if t is not None:
            last_top = t
        elif s is not None:
            t = last_top          # a merged header cell spans this column
        if sub is None:
            cands.append([_label(t)] if t is not None else [])
        elif t is not None and s is not None:
            cands.append([f"{_label(t)} {_label(s)}", f"{_label(s)} {_label(t)}", _label(s),
                          _label(t)])
        else:
            cands.append([_label(x) for x in (s, t) if x is not None])
    m = _Match()
    by_alias = {a: col.key for col in spec.cols for a in col.aliases}
    for rank in range(4):
        for c, labels in enumerate(cands):
            if c in m.headers or rank >= len(labels):
                continue
            text = labels[rank]
            norm = _norm(text)
            year = _YEAR_HEADER.match(norm) if spec.years else None
            if year:
                y = int(year.group(1))
                if y in m.years:
                    m.dups.append((c, text))
                else:
                    m.years[y] = c
                    m.headers[c] = _shown(text)
            elif norm in by_alias:
                key = by_alias[norm]
                if key in m.cols:
                    if rank == 0:
                        m.dups.append((c, text))
                else:
                    m.cols[key] = c
                    m.headers[c] = _shown(text)
    return m


def _is_numbering(values: tuple) -> bool:
    """A row of column numbers (1, 2, 3 ...) as printed tables have under the header."""
    filled = [v for v in values if v is not None]
    if len(filled) < 2:
        return False
    nums = []
    for v in filled:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer():
            nums.append(int(v))
        elif isinstance(v, str) and re.fullmatch(r"\(?\d+\)?", v):
            nums.append(int(v.strip("()")))
        else:
            return False
    return nums == list(range(nums[0], nums[0] + len(nums))) and nums[0] in (0, 1)


def _find_header(table: _Table, rows: list[tuple[int, tuple]], problems: list) -> bool:
    spec = table.spec
    required = {c.key for c in spec.cols if c.required}
    best: tuple[int, int, _Match] | None = None      # (score, row number, match)
    for i, (number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        single = _match(spec, values)
        chosen, used_rows = None, 1
        nxt = rows[i + 1] if i + 1 < len(rows) and rows[i + 1][0] == number + 1 else None
        double = _match(spec, values, nxt[1]) if nxt else None
        single_ok = required <= single.cols.keys()
        if double is not None and required <= double.cols.keys():
            taken = single.used()
            sub_fills_gaps = all(c not in taken for c, v in enumerate(nxt[1]) if v is not None)
            if not single_ok or (double.score > single.score and sub_fills_gaps):
                chosen, used_rows = double, 2
        if chosen is None and single_ok:
            chosen = single
        if chosen is not None:
            table.header_row = number
            table.cols, table.years, table.headers = chosen.cols, chosen.years, chosen.headers
            for c, text in chosen.dups:
                problems.append(CellProblem(
                    "BAD_VALUE", f"{table.title}!{table.letter(c)}{number}",
                    "judul kolom ini sudah dipakai kolom lain; hapus atau ganti judulnya",
                    "this column header is already used by another column; remove or rename it",
                    sheet=table.title, row=number, column=table.letter(c), header=_shown(text)))
            rest = rows[i + used_rows:]
            if rest and rest[0][0] == number + used_rows and _is_numbering(rest[0][1]):
                rest = rest[1:]
            table.rows = rest
            return True
        if single.score and (best is None or single.score > best[0]):
            best = (single.score, number, single)
    labels = [c.label for c in spec.cols if c.required]
    if best is None:
        problems.append(CellProblem(
            "MISSING", table.title,
            "baris judul kolom tidak ditemukan; judul yang diperlukan: " + ", ".join(labels),
            "no header row found; the required headers are: " + ", ".join(labels),
            sheet=table.title))
    else:
        _, number, m = best
        missing = [c.label for c in spec.cols if c.required and c.key not in m.cols]
        problems.append(CellProblem(
            "MISSING", f"{table.title}!{number}:{number}",
            "kolom wajib tidak ditemukan pada baris judul: " + ", ".join(missing),
            "required columns not found in the header row: " + ", ".join(missing),
            sheet=table.title, row=number))
    return False


# ---------------------------------------------------------------------------------------------
# from tables to the loader's dict shape

@dataclass
class _Node:
    """Where a dict the builder reads came from: one row of one table."""
    table: _Table
    row: int
    keys: dict[str, str]       # dict key -> column key of the table


@dataclass
class _Item:
    """An open group while rows continue it (a sasaran, program or kegiatan)."""
    data: dict
    path: str
    row: int
    keys: dict[str, str]        # dict key -> column key
    kind: tuple[str, str]       # (Indonesian, English) name for messages

    def __post_init__(self) -> None:
        self.attrs = {c: self.data.get(d) for d, c in self.keys.items()}


_SASARAN_KEYS = {"id": "sasaran_id", "teks": "sasaran", "tujuan": "tujuan",
                 "sasaranRpjmd": "sasaran_rpjmd"}
_INDIKATOR_KEYS = {"id": "indikator_id", "nama": "indikator", "satuan": "satuan"}
_PROGRAM_KEYS = {"kode": "program_kode", "nama": "program", "opd": "opd", "sasaran": "sasaran"}
_KEGIATAN_KEYS = {"kode": "kegiatan_kode", "nama": "kegiatan"}
_SUB_KEYS = {"kode": "sub_kode", "nama": "sub"}


class _Importer:
    def __init__(self, tables: dict[str, _Table], problems: list[CellProblem], dead: set) -> None:
        self.tables = tables
        self.problems: list[Problem] = list(problems)
        self.dead = dead                                   # sheet keys
        self.reported: set[tuple[str, int, int]] = set()   # (sheet key, row, column)
        self.reported_keys: set[tuple[str, str]] = set()   # (dict path, dict key)
        self.nodes: dict[str, _Node] = {}
        self.rpjmd_id: str | None = None
        self.renstra: list[dict] = []
        self.renstra_index: dict[str, int] = {}
        self.renstra_opd_cell: dict[int, tuple[_Table, int]] = {}

    # -- reporting ------------------------------------------------------------------------
    def report(self, table: _Table, row: int, key: str | None, code: str, msg_id: str,
               msg_en: str) -> None:
        col = table.cols.get(key) if key else None
        if col is not None:
            if (table.spec.key, row, col) in self.reported:
                return
            self.reported.add((table.spec.key, row, col))
            letter = table.letter(col)
            self.problems.append(CellProblem(code, f"{table.title}!{letter}{row}", msg_id, msg_en,
                                             sheet=table.title, row=row, column=letter,
                                             header=table.headers.get(col)))
        else:
            self.problems.append(CellProblem(code, f"{table.title}!{row}:{row}", msg_id, msg_en,
                                             sheet=table.title, row=row))

    def sort_key(self, p: Problem) -> tuple:
        if not isinstance(p, CellProblem):
            return (10**6, 0, 0)
        order = next((t.order for t in self.tables.values() if t.title == p.sheet), -1)
        from openpyxl.utils import column_index_from_string
        return (order, p.row or 0, column_index_from_string(p.column) if p.column else 0)

    def node(self, path: str, table: _Table, row: int, keys: dict[str, str]) -> None:
        self.nodes[path] = _Node(table, row, keys)

    # -- the document -----------------------------------------------------------------------
    def build(self) -> dict:
        doc: dict[str, Any] = {}
        pemda = self._single("pemda")
        if pemda is not None:
            table, row = pemda
            doc["pemda"] = self._put({}, row, {"nama": "nama", "kode": "kode"})
            self.node("pemda", table, row.number, {"nama": "nama", "kode": "kode"})
        rpjmd: dict[str, Any] = {}
        found = self._single("rpjmd")
        if found is not None:
            table, row = found
            self._put(rpjmd, row, {"id": "id", "visi": "visi"})
            self.rpjmd_id = rpjmd.get("id")
            periode = self._periode(row, "rpjmd", required=True)
            if periode:
                rpjmd["periode"] = periode
            self.node("rpjmd", table, row.number, {"id": "id", "visi": "visi", "periode": "awal"})
        elif "rpjmd" not in self.dead:
            table = self.tables["rpjmd"]
            self.problems.append(CellProblem("MISSING", table.title, "lembar ini belum berisi data",
                                             "this sheet has no data rows", sheet=table.title))
            self.dead.add("rpjmd")
        rpjmd["misi"] = self._flat("misi", "rpjmd.misi", {"id": "id", "teks": "teks"})
        rpjmd["sasaran"], rpjmd["program"], rpjmd["tujuan"] = [], [], []
        self._renstra_sheet()
        self._tc25(rpjmd)
        self._tujuan(rpjmd)
        self._tc26()
        self._tc27(rpjmd)
        for key in ("misi", "sasaran"):       # required: absent, so the builder reports it
            if not rpjmd[key]:
                del rpjmd[key]
        doc["rpjmd"] = rpjmd
        doc["renstra"] = self.renstra
        doc["organisasi"] = self._organisasi()
        return doc

    def _rows(self, key: str) -> list[_Row]:
        table = self.tables.get(key)
        if table is None or key in self.dead:
            return []
        return [_Row(self, table, number, values) for number, values in table.rows]

    def _single(self, key: str) -> tuple[_Table, _Row] | None:
        rows = self._rows(key)
        if not rows:
            return None
        for extra in rows[1:]:
            self.report(extra.table, extra.number, None, "BAD_VALUE",
                        "lembar ini hanya boleh berisi satu baris data; hapus baris ini",
                        "this sheet takes one data row only; delete this row")
        return rows[0].table, rows[0]

    def _put(self, out: dict, row: _Row, keys: dict[str, str]) -> dict:
        for dict_key, col_key in keys.items():
            col = row.table.spec.col(col_key)
            value = row.text(col_key, code=col.code)
            if value is not None:
                out[dict_key] = value
        return out

    def _periode(self, row: _Row, path: str, required: bool) -> list[int] | None:
        awal, akhir = row.year("awal"), row.year("akhir")
        blank_awal, blank_akhir = row.blank("awal"), row.blank("akhir")
        if blank_awal and blank_akhir and not required:
            return None
        if awal is not None and akhir is not None:
            return [awal, akhir]
        for key, blank in (("awal", blank_awal), ("akhir", blank_akhir)):
            if blank and (required or not (blank_awal and blank_akhir)):
                self.report(row.table, row.number, key, "MISSING",
                            "isi tahun awal dan tahun akhir periode, mis. 2025 dan 2029",
                            "give both the first and the last year, e.g. 2025 and 2029")
        self.reported_keys.add((path, "periode"))
        return None

    def _flat(self, key: str, path: str, keys: dict[str, str]) -> list[dict]:
        out = []
        for row in self._rows(key):
            item_path = f"{path}[{len(out)}]"
            out.append(self._put({}, row, keys))
            self.node(item_path, row.table, row.number, keys)
        return out

    # -- Dokumen ----------------------------------------------------------------------------
    def _dokumen(self, row: _Row, current: Any) -> Any:
        """The Dokumen of a row: _RPJMD, a Renstra index, or None (bad cell, reported)."""
        if row.blank("dokumen"):
            return current
        value = row.text("dokumen", code=True)
        if value is None:
            return None
        if value.casefold() == "rpjmd" or value == self.rpjmd_id:
            return _RPJMD
        if value in self.renstra_index:
            return self.renstra_index[value]
        return value          # an undeclared Renstra id: the caller decides

    def _declare_renstra(self, rid: str, row: _Row) -> int:
        k = len(self.renstra)
        entry: dict[str, Any] = {"id": rid, "sasaran": [], "program": [], "tujuan": []}
        self.renstra.append(entry)
        self.renstra_index[rid] = k
        self.node(f"renstra[{k}]", row.table, row.number, {"id": "dokumen", "opd": "opd"})
        return k

    def _renstra_sheet(self) -> None:
        for row in self._rows("renstra"):
            rid = row.text("id", code=True)
            k = len(self.renstra)
            entry = self._put({}, row, {"id": "id", "opd": "opd"})
            periode = self._periode(row, f"renstra[{k}]", required=False)
            if periode:
                entry["periode"] = periode
            entry.update(sasaran=[], program=[], tujuan=[])
            self.renstra.append(entry)
            if rid is not None:
                self.renstra_index.setdefault(rid, k)
            self.node(f"renstra[{k}]", row.table, row.number,
                      {"id": "id", "opd": "opd", "periode": "awal"})
            self.renstra_opd_cell[k] = (row.table, row.number)

    def _renstra_opd(self, row: _Row, k: int) -> None:
        """An OPD cell on a Renstra row of T-C.25: it must agree with the Renstra's OPD."""
        if row.blank("opd"):
            return
        opd = row.text("opd", code=True)
        entry = self.renstra[k]
        if opd is None:
            return
        if "opd" not in entry:
            entry["opd"] = opd
            self.renstra_opd_cell[k] = (row.table, row.number)
        elif entry["opd"].casefold() != opd.casefold():
            table, number = self.renstra_opd_cell[k]
            where = f"lembar '{table.title}' baris {number}"
            self.report(row.table, row.number, "opd", "BAD_VALUE",
                        f"OPD '{opd}' berbeda dengan OPD Renstra '{entry['id']}' "
                        f"('{entry['opd']}', {where})",
                        f"OPD '{opd}' differs from the OPD of Renstra '{entry['id']}' "
                        f"('{entry['opd']}', sheet '{table.title}' row {number})")

    def _unknown_renstra(self, row: _Row, rid: str) -> None:
        self.report(row.table, row.number, "dokumen", "BAD_VALUE",
                    f"Renstra '{rid}' belum terdaftar; daftarkan di lembar Renstra (atau di "
                    "lembar T-C.25), atau tulis RPJMD",
                    f"Renstra '{rid}' is not declared; add it to the Renstra sheet (or to "
                    "T-C.25), or write RPJMD")

    # -- continuing groups ------------------------------------------------------------------
    def _continue(self, row: _Row, item: _Item, keys: Iterable[str], names: bool = False) -> None:
        """Cells of a row that continues ``item``: filled cells must agree with it."""
        for key in keys:
            if row.blank(key):
                continue
            value = row.names(key) if names and key in ("opd", "sasaran") else \
                row.text(key, code=row.table.spec.col(key).code)
            if value is None or value == []:
                continue
            first = item.attrs.get(key)
            if first in (None, []):
                item.attrs[key] = value
                item.data[next(d for d, c in item.keys.items() if c == key)] = value
            elif _fold(first) != _fold(value):
                self.report(row.table, row.number, key, "BAD_VALUE",
                            f"berbeda dengan baris {item.row} ('{_show(first)}') untuk "
                            f"{item.kind[0]} yang sama; kosongkan sel ini atau samakan isinya",
                            f"differs from row {item.row} ('{_show(first)}') of the same "
                            f"{item.kind[1]}; leave this cell blank or make them agree")

    # -- T-C.25 -----------------------------------------------------------------------------
    def _tc25(self, rpjmd: dict) -> None:
        dok: Any = _RPJMD
        sasaran: _Item | None = None
        last_tujuan: str | None = None
        s_cols = ("tujuan", "sasaran_id", "sasaran", "sasaran_rpjmd")
        for row in self._rows("tc25"):
            new = self._dokumen(row, dok)
            if new is None:
                continue
            if isinstance(new, str) and new != _RPJMD:
                new = self._declare_renstra(new, row)
            if new != dok:
                dok, sasaran, last_tujuan = new, None, None
            if dok == _RPJMD:
                for key, what in (("opd", "OPD"), ("sasaran_rpjmd", "Sasaran RPJMD")):
                    if not row.blank(key):
                        self.report(row.table, row.number, key, "BAD_VALUE",
                                    f"kolom {what} hanya untuk baris Renstra; kosongkan untuk "
                                    "baris RPJMD (atau isi Dokumen dengan id Renstra)",
                                    f"the {what} column is for Renstra rows only; leave it "
                                    "blank on RPJMD rows (or put the Renstra id in Dokumen)")
            else:
                self._renstra_opd(row, dok)
            ind_cols = ("indikator_id", "indikator", "satuan")
            has_indikator = not row.blank(*ind_cols) or any(
                row.raw_col(c) not in (None, "-") for c in row.table.years.values())
            if row.blank(*s_cols):
                if sasaran is None:
                    if has_indikator:
                        self.report(row.table, row.number, "sasaran_id", "MISSING",
                                    "baris ini berisi indikator, tetapi belum ada sasaran "
                                    "(di baris ini atau di atasnya)",
                                    "this row holds an indikator but no sasaran (here or above)")
                    continue
            else:
                sid = row.text("sasaran_id", code=True)
                if _continues(sasaran, "sasaran_id", sid):
                    self._continue(row, sasaran, ("tujuan", "sasaran", "sasaran_rpjmd"))
                else:
                    sasaran = self._new_sasaran(row, dok, rpjmd, last_tujuan)
                    if dok == _RPJMD and sasaran.attrs.get("tujuan"):
                        last_tujuan = sasaran.attrs["tujuan"]
            if has_indikator:
                self._indikator(row, sasaran)

    def _new_sasaran(self, row: _Row, dok: Any, rpjmd: dict, last_tujuan: str | None) -> _Item:
        keys = dict(_SASARAN_KEYS)
        if dok == _RPJMD:
            del keys["sasaranRpjmd"]
            owner, prefix = rpjmd["sasaran"], "rpjmd"
        else:
            owner, prefix = self.renstra[dok]["sasaran"], f"renstra[{dok}]"
        data = self._put({}, row, keys)
        if dok == _RPJMD and "tujuan" not in data and row.blank("tujuan") and last_tujuan:
            data["tujuan"] = last_tujuan
        data["indikator"] = []
        path = f"{prefix}.sasaran[{len(owner)}]"
        owner.append(data)
        self.node(path, row.table, row.number, keys)
        return _Item(data, path, row.number, keys, ("sasaran", "sasaran"))

    def _indikator(self, row: _Row, sasaran: _Item) -> None:
        ind = self._put({}, row, _INDIKATOR_KEYS)
        path = f"{sasaran.path}.indikator[{len(sasaran.data['indikator'])}]"
        target = self._targets(row)
        if target:
            ind["target"] = target
        sasaran.data["indikator"].append(ind)
        keys = dict(_INDIKATOR_KEYS)
        self.node(path, row.table, row.number, keys)

    def _targets(self, row: _Row) -> dict[int, Any]:
        cells: list[tuple[int, str, Any]] = []      # (year, column key, value)
        for year, col in sorted(row.table.years.items(), key=lambda yc: yc[1]):
            value = row.raw_col(col)
            if value is None or value in ("-", "\u2013", "\u2014"):
                continue
            key = f"@{col}"
            if isinstance(value, str) and value in _FORMULA_ERRORS:
                row.bad_cell(key, value)
                continue
            if isinstance(value, bool) or isinstance(value, (datetime, date, time, timedelta)):
                row.bad_cell(key, value, "target")
                continue
            bad = number_problem(value) if isinstance(value, (int, float)) else None
            if bad is not None:   # NaN, infinite, or beyond MAX_NUMBER: named at its cell
                row.report_col(key, bad[0], bad[1], bad[2])
                continue
            cells.append((year, key, value))
        numeric = any(isinstance(v, (int, float)) for _, _, v in cells)
        out: dict[int, Any] = {}
        for year, key, value in cells:
            if numeric and isinstance(value, str):
                looks = re.fullmatch(r"[+-]?\d+([.,]\d+)?\s*%?", value) is not None
                hint_id = ("; sel tersimpan sebagai teks, format sel sebagai Angka lalu ketik "
                           "ulang") if looks else ""
                hint_en = ("; the cell is stored as text, format it as Number and type it "
                           "again") if looks else ""
                row.report_col(key, "WRONG_TYPE", f"nilai '{value}' bukan angka{hint_id}",
                               f"value '{value}' is not a number{hint_en}")
                continue
            out[year] = value
        return out

    # -- Tujuan, T-C.26 ---------------------------------------------------------------------
    def _tujuan(self, rpjmd: dict) -> None:
        dok: Any = _RPJMD
        keys = {"id": "id", "misi": "misi", "teks": "teks"}
        for row in self._rows("tujuan"):
            new = self._dokumen(row, dok)
            if new is None:
                continue
            if isinstance(new, str) and new != _RPJMD:
                self._unknown_renstra(row, new)
                continue
            dok = new
            owner, prefix = (rpjmd["tujuan"], "rpjmd") if dok == _RPJMD else \
                (self.renstra[dok]["tujuan"], f"renstra[{dok}]")
            self.node(f"{prefix}.tujuan[{len(owner)}]", row.table, row.number, keys)
            owner.append(self._put({}, row, keys))

    def _tc26(self) -> None:
        """Strategi and arah kebijakan: checked, then ignored (the model has no place)."""
        table = self.tables.get("tc26")
        if table is not None and "tc26" not in self.dead and \
                not {"strategi", "arah"} & table.cols.keys():
            self.report(table, table.header_row, None, "MISSING",
                        "kolom Strategi atau Arah Kebijakan tidak ditemukan pada baris judul",
                        "neither a Strategi nor an Arah Kebijakan column in the header row")
            return
        have_sasaran = False
        for row in self._rows("tc26"):
            if not row.blank("dokumen"):
                row.text("dokumen", code=True)
            if not row.blank("sasaran_id"):
                have_sasaran = row.text("sasaran_id", code=True) is not None or have_sasaran
            elif not have_sasaran:
                self.report(row.table, row.number, "sasaran_id", "MISSING",
                            "sel ini wajib diisi", "this cell must be filled in")
            for key in ("strategi", "arah"):
                row.text(key)
            if row.blank("strategi", "arah"):
                key = "strategi" if "strategi" in row.table.cols else "arah"
                self.report(row.table, row.number, key, "MISSING",
                            "isi strategi atau arah kebijakan",
                            "give a strategi or an arah kebijakan")

    # -- T-C.27 -----------------------------------------------------------------------------
    def _tc27(self, rpjmd: dict) -> None:
        dok: Any = _RPJMD
        program: _Item | None = None
        kegiatan: _Item | None = None
        p_cols, k_cols, s_cols = ("program_kode", "program", "opd", "sasaran"), \
            ("kegiatan_kode", "kegiatan"), ("sub_kode", "sub")
        for row in self._rows("tc27"):
            new = self._dokumen(row, dok)
            if new is None:
                continue
            if isinstance(new, str) and new != _RPJMD:
                self._unknown_renstra(row, new)
                continue
            if new != dok:
                dok, program, kegiatan = new, None, None
            if row.blank(*p_cols):
                if program is None:
                    if not row.blank(*k_cols, *s_cols):
                        self.report(row.table, row.number, "program_kode", "MISSING",
                                    "baris ini berisi kegiatan, tetapi belum ada program "
                                    "(di baris ini atau di atasnya)",
                                    "this row holds a kegiatan but no program (here or above)")
                    continue
            else:
                kode = row.text("program_kode", code=True)
                if _continues(program, "program_kode", kode):
                    self._continue(row, program, ("program", "opd", "sasaran"), names=True)
                else:
                    owner, prefix = (rpjmd["program"], "rpjmd") if dok == _RPJMD else \
                        (self.renstra[dok]["program"], f"renstra[{dok}]")
                    data = self._put({}, row, {"kode": "program_kode", "nama": "program"})
                    for key in ("opd", "sasaran"):
                        if not row.blank(key):
                            data[key] = row.names(key)
                    data["kegiatan"] = []
                    path = f"{prefix}.program[{len(owner)}]"
                    owner.append(data)
                    self.node(path, row.table, row.number, _PROGRAM_KEYS)
                    program = _Item(data, path, row.number, _PROGRAM_KEYS, ("program", "program"))
                    kegiatan = None
            if row.blank(*k_cols):
                if kegiatan is None:
                    if not row.blank(*s_cols):
                        self.report(row.table, row.number, "kegiatan_kode", "MISSING",
                                    "baris ini berisi sub kegiatan, tetapi belum ada kegiatan "
                                    "(di baris ini atau di atasnya)",
                                    "this row holds a sub kegiatan but no kegiatan (here or above)")
                    continue
            else:
                kode = row.text("kegiatan_kode", code=True)
                if _continues(kegiatan, "kegiatan_kode", kode):
                    self._continue(row, kegiatan, ("kegiatan",))
                else:
                    data = self._put({}, row, _KEGIATAN_KEYS)
                    data["subkegiatan"] = []
                    path = f"{program.path}.kegiatan[{len(program.data['kegiatan'])}]"
                    program.data["kegiatan"].append(data)
                    self.node(path, row.table, row.number, _KEGIATAN_KEYS)
                    kegiatan = _Item(data, path, row.number, _KEGIATAN_KEYS,
                                     ("kegiatan", "kegiatan"))
            if not row.blank(*s_cols):
                subs = kegiatan.data["subkegiatan"]
                self.node(f"{kegiatan.path}.subkegiatan[{len(subs)}]", row.table, row.number,
                          _SUB_KEYS)
                subs.append(self._put({}, row, _SUB_KEYS))

    # -- organisation -----------------------------------------------------------------------
    def _organisasi(self) -> list[dict]:
        keys = {"singkatan": "singkatan", "kode": "kode", "nama": "nama"}
        orgs = self._flat("organisasi", "organisasi", keys)
        by_name = {}
        for o in orgs:
            o["unit"], o["jabatan"] = [], []
            if isinstance(o.get("singkatan"), str):
                by_name.setdefault(o["singkatan"].casefold(), o)
        for key in ("unit", "jabatan"):
            table = self.tables.get(key)
            if table is None or key in self.dead or "organisasi" in self.dead:
                continue         # nothing to read, or its problem is reported already
            if "organisasi" not in self.tables:
                self.report(table, table.header_row, None, "MISSING",
                            "lembar Organisasi tidak ada, jadi OPD di lembar ini tidak dikenal",
                            "there is no Organisasi sheet, so the OPD of this sheet are unknown")
                continue
            opd: str | None = None
            unknown: str | None = None       # reported once for the rows that repeat it
            for row in self._rows(key):
                if not row.blank("opd"):
                    opd = row.text("opd", code=True)
                    if opd is None:
                        continue
                    if opd.casefold() not in by_name:
                        if opd != unknown:
                            self.report(row.table, row.number, "opd", "BAD_VALUE",
                                        f"OPD '{opd}' tidak ada di lembar Organisasi",
                                        f"OPD '{opd}' is not on the Organisasi sheet")
                        unknown = opd
                        continue
                    unknown = None
                elif unknown is not None:
                    continue
                elif opd is None:
                    self.report(row.table, row.number, "opd", "MISSING",
                                "sel ini wajib diisi", "this cell must be filled in")
                    continue
                if row.blank("nama"):
                    self.report(row.table, row.number, "nama", "MISSING",
                                "sel ini wajib diisi", "this cell must be filled in")
                    continue
                name = row.text("nama")
                if name is not None:
                    by_name[opd.casefold()][key].append(name)
        return orgs


def _continues(item: _Item | None, key: str, value: str | None) -> bool:
    """Whether a row whose id/code cell holds ``value`` continues the open ``item``."""
    return item is not None and value is not None and value == item.attrs.get(key)


def _fold(value: Any) -> Any:
    if isinstance(value, list):
        return [v.casefold() for v in value]
    return value.casefold() if isinstance(value, str) else value


def _show(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


class _Row:
    """One data row with typed access to its cells; bad cells are reported once."""

    def __init__(self, imp: _Importer, table: _Table, number: int, values: tuple) -> None:
        self.imp, self.table, self.number, self.values = imp, table, number, values

    def raw(self, key: str) -> Any:
        col = self.table.cols.get(key)
        return self.raw_col(col) if col is not None else None

    def raw_col(self, col: int) -> Any:
        return self.values[col] if col < len(self.values) else None

    def blank(self, *keys: str) -> bool:
        return all(self.raw(k) is None for k in keys)

    def report_col(self, key: str, code: str, msg_id: str, msg_en: str) -> None:
        """``key`` is a column key or ``@<index>`` for a target year column."""
        if key.startswith("@"):
            col = int(key[1:])
            table = self.table
            if (table.spec.key, self.number, col) in self.imp.reported:
                return
            self.imp.reported.add((table.spec.key, self.number, col))
            letter = table.letter(col)
            self.imp.problems.append(CellProblem(
                code, f"{table.title}!{letter}{self.number}", msg_id, msg_en, sheet=table.title,
                row=self.number, column=letter, header=table.headers.get(col)))
        else:
            self.imp.report(self.table, self.number, key, code, msg_id, msg_en)

    def bad_cell(self, key: str, value: Any, want: str = "text") -> None:
        if isinstance(value, str) and value in _FORMULA_ERRORS:
            self.report_col(key, "WRONG_TYPE", f"sel berisi galat rumus {value}; perbaiki rumusnya "
                            "atau ketik nilainya", f"the cell holds the formula error {value}")
        elif isinstance(value, bool):
            self.report_col(key, "WRONG_TYPE", "sel berisi nilai logika (TRUE/FALSE), bukan "
                            + ("angka atau teks" if want == "target" else "teks"),
                            "the cell holds a logical value (TRUE/FALSE), not "
                            + ("a number or text" if want == "target" else "text"))
        elif isinstance(value, (datetime, date, time, timedelta)):
            self.report_col(key, "WRONG_TYPE", "sel berisi tanggal/waktu; format sel sebagai "
                            + ("Angka" if want == "target" else "Teks") + " lalu ketik ulang",
                            "the cell holds a date/time; format it as "
                            + ("Number" if want == "target" else "Text") + " and type it again")
        else:
            self.report_col(key, "WRONG_TYPE", f"isi sel tidak dikenali ({type(value).__name__})",
                            f"unrecognised cell content ({type(value).__name__})")

    def text(self, key: str, code: bool = False) -> str | None:
        """A text cell (None when blank or bad). ``code``: an id or code, where a decimal
        number is refused because Excel has already dropped its trailing zeros."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str):
            if value in _FORMULA_ERRORS:
                self.bad_cell(key, value)
                return None
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.bad_cell(key, value)
            return None
        if isinstance(value, int) or value.is_integer():
            return str(int(value))
        if code:
            self.report_col(key, "WRONG_TYPE",
                            f"id/kode tersimpan sebagai angka {value!r}; format sel sebagai Teks "
                            "lalu ketik ulang (angka nol di belakang bisa hilang)",
                            f"the id/code is stored as the number {value!r}; format the cell as "
                            "Text and type it again (trailing zeros may be lost)")
            return None
        return repr(value)

    def names(self, key: str) -> list[str]:
        """One or more ids: separated by commas/semicolons/new lines, or else by spaces."""
        text = self.text(key, code=True)
        if text is None:
            return []
        parts = re.split(r"[,;\n]", text) if re.search(r"[,;\n]", text) else text.split()
        return [p.strip() for p in parts if p.strip()]

    def year(self, key: str) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        year = None
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and float(value).is_integer():
            year = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\d{4}", value):
            year = int(value)
        if year is not None and 1000 <= year <= 9999:
            return year
        self.report_col(key, "BAD_YEAR", f"'{_show(value)}' bukan angka tahun (empat digit), "
                        "mis. 2025", f"'{_show(value)}' is not a four-digit year, e.g. 2025")
        return None


# ---------------------------------------------------------------------------------------------
# the shared builder, with problems placed at cells

_LIST_SHEETS = {("", "pemda"): "pemda", ("", "rpjmd"): "rpjmd", ("rpjmd", "misi"): "misi",
                ("rpjmd", "sasaran"): "tc25"}
_TOP_SHEET = {"pemda": "pemda", "rpjmd": "rpjmd", "renstra": "renstra",
              "organisasi": "organisasi"}
_UNIQUE_KEY = {"Renstra of OPD": "opd", "OPD singkatan": "singkatan", "OPD kode": "kode"}
_PATH_IN_TEXT = re.compile(r"\b(?:pemda|rpjmd|renstra|organisasi)(?:\[\d+\]|\.[A-Za-z]+)"
                           r"(?:\[\d+\]|\.[A-Za-z]+)*")


class _CellReader(_Reader):
    """The loader's builder, reporting each problem at the cell the value came from."""

    def __init__(self, importer: _Importer) -> None:
        super().__init__()
        self.imp = importer
        self._key: str | None = None

    def missing(self, path: str, key: str) -> None:
        self._key = key
        try:
            if (path, key) in _LIST_SHEETS:
                self.add("MISSING", path, "lembar ini belum berisi data",
                         "this sheet has no data rows")
            else:
                self.add("MISSING", path, "sel ini wajib diisi", "this cell must be filled in")
        finally:
            self._key = None

    def unique(self, kind: str, label_id: str, value: str | None, path: str,
               fold: bool = False) -> None:
        self._key = _UNIQUE_KEY.get(kind) or ("kode" if "program" in kind else "id")
        try:
            _Reader.unique(self, kind, label_id, value, path, fold)
        finally:
            self._key = None

    def add(self, code: str, path: str, msg_id: str, msg_en: str) -> None:
        imp = self.imp
        sheet_key = _LIST_SHEETS.get((path, self._key or ""))
        if sheet_key is not None:
            if sheet_key in imp.dead:
                return
            table = imp.tables.get(sheet_key)
            title = table.title if table else SHEET[sheet_key].name
            self.problems.append(CellProblem(code, title, msg_id, msg_en, sheet=title))
            return
        node_path, key = path, self._key
        while node_path and node_path not in imp.nodes:
            cut = max(node_path.rfind("."), node_path.rfind("["))
            rest = node_path[cut:].lstrip(".")
            node_path = node_path[:cut] if cut > 0 else ""
            if not rest.startswith("["):
                key = rest.split("[")[0]
        if not node_path:
            sheet_key = _TOP_SHEET.get(re.split(r"[.\[]", path)[0]) if path else None
            if sheet_key in imp.dead:
                return       # the sheet's own problem is reported already
            self.problems.append(Problem(code, path, msg_id, msg_en))
            return
        node = imp.nodes[node_path]
        table = node.table
        if table.spec.key in imp.dead or (node_path, key) in imp.reported_keys:
            return
        msg_id = _PATH_IN_TEXT.sub(lambda m: self._where(m.group(0), "id"), msg_id)
        msg_en = _PATH_IN_TEXT.sub(lambda m: self._where(m.group(0), "en"), msg_en)
        col_key = node.keys.get(key) if key else None
        col = table.cols.get(col_key) if col_key else None
        if col_key and col is None:
            label = table.spec.col(col_key).label
            msg_id, msg_en = f"kolom '{label}': {msg_id}", f"column '{label}': {msg_en}"
        if col is not None:
            if (table.spec.key, node.row, col) in imp.reported:
                return
            imp.reported.add((table.spec.key, node.row, col))
            letter = table.letter(col)
            self.problems.append(CellProblem(code, f"{table.title}!{letter}{node.row}", msg_id,
                                             msg_en, sheet=table.title, row=node.row,
                                             column=letter, header=table.headers.get(col)))
        else:
            self.problems.append(CellProblem(code, f"{table.title}!{node.row}:{node.row}", msg_id,
                                             msg_en, sheet=table.title, row=node.row))

    def _where(self, path: str, lang: str) -> str:
        node = self.imp.nodes.get(path)
        if node is None:
            return path
        if lang == "en":
            return f"sheet '{node.table.title}' row {node.row}"
        return f"lembar '{node.table.title}' baris {node.row}"


# ---------------------------------------------------------------------------------------------
# writing: the template and the exporter

_TEMPLATE_PLAN = {
    "pemda": {"nama": "Pemerintah Kota Contoh [ILUSTRATIF]", "kode": "99.99"},
    "rpjmd": {
        "id": "RPJMD-9999-2025-2029", "periode": [2025, 2029],
        "visi": "[ILUSTRATIF] Terwujudnya kota yang maju, mandiri dan berbudaya",
        "misi": [{"id": "M1", "teks": "[ILUSTRATIF] Mewujudkan tata kelola pemerintahan yang "
                                      "baik dan pelayanan publik yang prima"}],
        "tujuan": [{"id": "T1.1", "misi": "M1",
                    "teks": "[ILUSTRATIF] Meningkatkan kualitas pelayanan publik"}],
        "sasaran": [{"id": "S1.1", "tujuan": "T1.1",
                     "teks": "[ILUSTRATIF] Meningkatnya kualitas pelayanan publik",
                     "indikator": [
                         {"id": "IKU-1.1", "nama": "Indeks Pelayanan Publik", "satuan": "indeks",
                          "target": {2025: 3.5, 2026: 3.6, 2027: 3.7, 2028: 3.8, 2029: 4.0}},
                         {"id": "IKU-1.2", "nama": "Opini BPK atas Laporan Keuangan",
                          "satuan": "opini", "target": {y: "WTP" for y in range(2025, 2030)}}]}],
        "program": [{"kode": "2.12.02", "nama": "Program Pendaftaran Penduduk",
                     "opd": ["DISDUKCAPIL"], "sasaran": ["S1.1"]}],
    },
    "renstra": [{
        "id": "RENSTRA-DISDUKCAPIL-2025-2029", "opd": "DISDUKCAPIL", "periode": [2025, 2029],
        "sasaran": [{"id": "DUK-S1", "sasaranRpjmd": "S1.1",
                     "teks": "[ILUSTRATIF] Meningkatnya kualitas pelayanan administrasi "
                             "kependudukan",
                     "indikator": [{"id": "DUK-I1.1", "nama": "Persentase penduduk ber-KTP-el",
                                    "satuan": "persen",
                                    "target": {2025: 97, 2026: 97.5, 2027: 98, 2028: 98.5,
                                               2029: 99}}]}],
        "program": [{"kode": "2.12.02", "nama": "Program Pendaftaran Penduduk", "kegiatan": [
            {"kode": "2.12.02.2.01", "nama": "Pelayanan Pendaftaran Penduduk", "subkegiatan": [
                {"kode": "2.12.02.2.01.0001", "nama": "Penyelenggaraan Pendaftaran Penduduk"}]}]}],
    }],
    "organisasi": [{"singkatan": "DISDUKCAPIL", "kode": "2.12.0.00.0.00.01.0000",
                    "nama": "Dinas Kependudukan dan Pencatatan Sipil",
                    "unit": ["Bidang Pelayanan Pendaftaran Penduduk"],
                    "jabatan": ["Kepala Dinas", "Petugas Loket Pelayanan"]}],
}
_TEMPLATE_STRATEGI = [
    ("RPJMD", "S1.1", "[ILUSTRATIF] Digitalisasi layanan publik",
     "[ILUSTRATIF] Perluasan layanan daring terintegrasi"),
]
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3


def template_plan() -> Plan:
    """The ILUSTRATIF example plan the template is filled with."""
    from .loader import build_plan
    return build_plan(_TEMPLATE_PLAN, "templat")


def write_template(path: str | os.PathLike) -> None:
    """Write the plan workbook template: headers, ILUSTRATIF example rows, a Petunjuk sheet."""
    Path(path).write_bytes(template_bytes())


def template_bytes() -> bytes:
    return _save(_workbook(template_plan(), strategi=_TEMPLATE_STRATEGI, merge=False))


def write_plan(plan: Plan, path: str | os.PathLike) -> None:
    """Write a plan as a workbook the importer reads back into an equal plan."""
    Path(path).write_bytes(plan_bytes(plan))


def plan_bytes(plan: Plan) -> bytes:
    return _save(_workbook(plan, strategi=(), merge=True))


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _years(plan: Plan) -> list[int]:
    years = set(range(plan.rpjmd.periode[0], plan.rpjmd.periode[1] + 1))
    for r in plan.renstra:
        if r.periode:
            years.update(range(r.periode[0], r.periode[1] + 1))
    for ind in plan.all_indikator:
        years.update(ind.target)
    return sorted(years)


def _workbook(plan: Plan, strategi: Iterable[tuple], merge: bool):
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb.active)
    years = _years(plan)
    renstra = plan.renstra
    tables: dict[str, tuple[list[list], list[tuple[int, int, int]]]] = {
        "pemda": ([[plan.pemda.nama, plan.pemda.kode]], []),
        "rpjmd": ([[plan.rpjmd.id, plan.rpjmd.periode[0], plan.rpjmd.periode[1],
                    plan.rpjmd.visi]], []),
        "misi": ([[m.id, m.teks] for m in plan.rpjmd.misi], []),
        "tujuan": ([[_RPJMD, t.id, t.misi, t.teks] for t in plan.rpjmd.tujuan]
                   + [[r.id, t.id, t.misi, t.teks] for r in renstra for t in r.tujuan], []),
        "renstra": ([[r.id, r.opd, *(r.periode or (None, None))] for r in renstra], []),
        "tc25": _tc25_rows(plan, years),
        "tc26": ([list(s) for s in strategi], []),
        "tc27": _tc27_rows(plan),
        "organisasi": ([[o.singkatan, o.kode, o.nama] for o in plan.organisasi], []),
        "unit": ([[o.singkatan, u] for o in plan.organisasi for u in o.unit], []),
        "jabatan": ([[o.singkatan, j] for o in plan.organisasi for j in o.jabatan], []),
    }
    for spec in SHEETS:
        rows, merges = tables[spec.key]
        _write_table(wb.create_sheet(spec.name), spec, rows, merges if merge else [],
                     years if spec.years else [])
    return wb


def _tc25_rows(plan: Plan, years: list[int]) -> tuple[list[list], list[tuple[int, int, int]]]:
    rows: list[list] = []
    merges: list[tuple[int, int, int]] = []     # (column, first row index, last row index)
    blocks = [(_RPJMD, None, s) for s in plan.rpjmd.sasaran] + \
        [(r.id, r.opd, s) for r in plan.renstra for s in r.sasaran]
    for dok, opd, s in blocks:
        first = len(rows)
        head = [dok, opd, s.tujuan, s.id, s.teks, s.sasaran_rpjmd]
        for i, ind in enumerate(s.indikator or (None,)):
            cells = [None, None, None] if ind is None else [ind.id, ind.nama, ind.satuan]
            targets = [None if ind is None else ind.target.get(y) for y in years]
            rows.append((head if i == 0 else [None] * len(head)) + cells + targets)
        if len(rows) - first > 1:
            merges += [(c, first, len(rows) - 1) for c in range(len(head))]
    return rows, merges


def _tc27_rows(plan: Plan) -> tuple[list[list], list[tuple[int, int, int]]]:
    rows: list[list] = []
    merges: list[tuple[int, int, int]] = []
    blocks = [(_RPJMD, p) for p in plan.rpjmd.program] + \
        [(r.id, p) for r in plan.renstra for p in r.program]
    for dok, p in blocks:
        first = len(rows)
        head = [dok, ", ".join(p.opd) or None, ", ".join(p.sasaran) or None, p.kode, p.nama]
        leaves: list[tuple] = []
        for k in p.kegiatan:
            kfirst = len(leaves)
            for j, sub in enumerate(k.subkegiatan or (None,)):
                kcells = [k.kode, k.nama] if j == 0 else [None, None]
                leaves.append(kcells + ([None, None] if sub is None else [sub.kode, sub.nama]))
            if len(leaves) - kfirst > 1:
                merges += [(c, first + kfirst, first + len(leaves) - 1) for c in (5, 6)]
        for i, leaf in enumerate(leaves or [[None] * 4]):
            rows.append((head if i == 0 else [None] * len(head)) + list(leaf))
        if len(rows) - first > 1:
            merges += [(c, first, len(rows) - 1) for c in range(len(head))]
    return rows, merges


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    return {"header_fill": PatternFill("solid", fgColor="1F4E78"),
            "header_font": Font(bold=True, color="FFFFFF"),
            "title_font": Font(bold=True, size=13),
            "note_font": Font(italic=True, color="595959"),
            "grid": Border(left=thin, right=thin, top=thin, bottom=thin),
            "wrap": Alignment(vertical="top", wrap_text=True),
            "center": Alignment(horizontal="center", vertical="center", wrap_text=True)}


def _set(cell, value: Any) -> None:
    """Write one cell: text is never a formula, not even once edited (a leading ``'`` before
    ``=``, ``+``, ``-``, ``@`` ..., which the importer takes off again)."""
    cell.value = xlsx_cell(value)


def _write_table(ws, spec: _Sheet, rows: list[list], merges: list[tuple[int, int, int]],
                 years: list[int]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    columns = [(c.label, c.width, c.code, c.key) for c in spec.cols] + \
        [(f"Target {y}", 11, False, f"target{y}") for y in years]
    ws.cell(TITLE_ROW, 1, spec.title).font = st["title_font"]
    ws.cell(NOTE_ROW, 1, spec.note + " Kolom bertanda * wajib ada.").font = st["note_font"]
    required = {c.key for c in spec.cols if c.required}
    for j, (label, width, code, key) in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, j, label + (" *" if key in required else ""))
        cell.fill, cell.font, cell.alignment, cell.border = (st["header_fill"], st["header_font"],
                                                             st["center"], st["grid"])
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = width
        if code:
            ws.column_dimensions[letter].number_format = "@"
    for i, values in enumerate(rows):
        for j, value in enumerate(values, start=1):
            cell = ws.cell(HEADER_ROW + 1 + i, j)
            _set(cell, value)
            cell.border, cell.alignment = st["grid"], st["wrap"]
            if columns[j - 1][2]:
                cell.number_format = "@"
    for col, first, last in merges:
        ws.merge_cells(start_row=HEADER_ROW + 1 + first, start_column=col + 1,
                       end_row=HEADER_ROW + 1 + last, end_column=col + 1)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    keys = [c[3] for c in columns]
    for key in ("awal", "akhir"):
        if key in keys:
            letter = get_column_letter(keys.index(key) + 1)
            dv = DataValidation(type="whole", operator="between", formula1="1900",
                                formula2="2200", allow_blank=True, showErrorMessage=True,
                                errorTitle="Tahun", error="Isi tahun empat digit, mis. 2025.")
            dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + 200}")
            ws.add_data_validation(dv)


_INSTRUCTIONS = [
    "Petunjuk pengisian rencana (RPJMD, Renstra, organisasi) untuk ppb-validator",
    "English: plan workbook for ppb-validator; one sheet per table, headers in row 3, data "
    "below. Check it with: ppb rencana periksa FILE.xlsx",
    "",
    "1. Satu lembar untuk satu tabel. Judul kolom ada di baris 3; data mulai baris 4. Baris judul "
    "boleh dipindah atau ditulis dua baris (sel gabung), urutan kolom bebas.",
    "2. Baris bertanda [ILUSTRATIF] hanyalah contoh: ganti atau hapus sebelum dipakai.",
    "3. Id dan kode (Id Sasaran, Kode Program, Kode Wilayah ...) ditulis sebagai teks; kolomnya "
    "sudah berformat Teks agar 2.12.02 atau 4.10 tidak diubah Excel menjadi angka.",
    "4. Sel yang dikosongkan melanjutkan baris di atasnya, seperti sel gabung pada tabel cetak: "
    "Dokumen kosong = Dokumen di atasnya; sel sasaran (Tujuan, Id Sasaran, Sasaran, Sasaran RPJMD) "
    "yang semuanya kosong = indikator tambahan untuk sasaran di atasnya; demikian juga program "
    "dan kegiatan di T-C.27.",
    "5. Dokumen berisi RPJMD (atau id RPJMD) atau id Renstra pada lembar Renstra.",
    "6. Target berupa angka; teks (mis. WTP) hanya bila semua target indikator itu teks. Tanda - "
    "berarti tidak ada target pada tahun itu. Tambah kolom 'Target <tahun>' bila perlu.",
    "7. Periksa lembar kerja dengan perintah: ppb rencana periksa NAMA.xlsx — setiap kesalahan "
    "disebut dengan lembar, baris dan kolomnya.",
    "",
]


def _instructions(ws) -> None:
    st = _styles()
    ws.title = INSTRUCTIONS_SHEET
    for i, text in enumerate(_INSTRUCTIONS, start=1):
        cell = ws.cell(i, 1, text)
        cell.alignment = st["wrap"]
        if i == 1:
            cell.font = st["title_font"]
        elif i == 2:
            cell.font = st["note_font"]
    start = len(_INSTRUCTIONS) + 1
    for j, label in enumerate(("Lembar", "Wajib", "Isi", "Kolom (* = wajib)"), start=1):
        cell = ws.cell(start, j, label)
        cell.fill, cell.font, cell.border = st["header_fill"], st["header_font"], st["grid"]
    for i, spec in enumerate(SHEETS, start=start + 1):
        cols = "; ".join(c.label + (" *" if c.required else "") + (f" ({c.note})" if c.note else "")
                         for c in spec.cols)
        if spec.years:
            cols += "; Target <tahun> (satu kolom per tahun)"
        for j, value in enumerate((spec.name, "ya" if spec.required else "tidak",
                                   f"{spec.title}. {spec.note}", cols), start=1):
            cell = ws.cell(i, j, value)
            cell.alignment, cell.border = st["wrap"], st["grid"]
    for letter, width in zip("ABCD", (12, 8, 50, 100)):
        ws.column_dimensions[letter].width = width
