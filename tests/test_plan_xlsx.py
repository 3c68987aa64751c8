"""Plan workbooks (validator.plan.xlsx): import, every kind of bad cell, template, export and
the ``ppb rencana`` commands."""
from __future__ import annotations

import io
import json
import pickle
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from validator.cli import main
from validator.plan import (CellProblem, PlanError, build_plan, load_plan, loads_plan,
                            loads_xlsx, plan_to_dict, write_plan, write_template)
from validator.plan import xlsx as xlsx_mod
from validator.plan.cli import dump_yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"

# A well-formed workbook, written here cell by cell (not by the exporter).
T25_HEADER = ["Dokumen", "OPD", "Tujuan", "Id Sasaran", "Sasaran", "Sasaran RPJMD", "Id Indikator",
              "Indikator", "Satuan", "Target 2025", "Target 2026"]
T25_DATA = [
    ["RPJMD", None, "T1", "S1", "Sasaran satu", None, "I1", "Indikator satu", "persen", 10, 20],  # 4
    [None, None, None, None, None, None, "I2", "Opini", "opini", "WTP", "WTP"],                 # 5
    [None, None, "T2", "S2", "Sasaran dua", None, "I3", "Indikator tiga", "indeks", 3.5, "-"],  # 6
    [None, None, None, "S3", "Sasaran tiga"],                                                    # 7
    ["REN-A", None, None, "A-S1", "Sasaran A", "S1", "A-I1", "Ind A", "persen", 1, 2],          # 8
    ["REN-B", "DINB", None, "B-S1", "Sasaran B", "S2", "B-I1", "Ind B", None, None, 5],         # 9
]
GOOD = {
    "Petunjuk": [["Catatan apa saja; lembar ini diabaikan"]],
    "Pemda": [["Nama Pemda", "Kode Wilayah"], ["Pemerintah Kota Uji", "99.01"]],
    "RPJMD": [["Id RPJMD", "Periode Awal", "Periode Akhir", "Visi"],
              ["RPJMD-UJI", 2025, 2029, "Visi uji"]],
    "Misi": [["Id Misi", "Misi"], ["M1", "Misi satu"], ["M2", "Misi dua"]],
    "Tujuan": [["Id Tujuan", "Misi", "Tujuan"], ["T1", "M1", "Tujuan satu"],
               ["T2", "M2", "Tujuan dua"]],
    "Renstra": [["Id Renstra", "OPD", "Periode Awal", "Periode Akhir"],
                ["REN-A", "DINA", 2025, 2029]],
    "T-C.25": [["Tabel T-C.25 uji"], [], T25_HEADER, *T25_DATA],
    "T-C.26": [["Dokumen", "Id Sasaran", "Strategi", "Arah Kebijakan"],
               ["RPJMD", "S1", "Strategi satu", "Arah satu"], [None, None, None, "Arah dua"]],
    "T-C.27": [["Dokumen", "OPD Penanggung Jawab", "Sasaran", "Kode Program", "Program",
                "Kode Kegiatan", "Kegiatan", "Kode Sub Kegiatan", "Sub Kegiatan"],
               ["RPJMD", "DINA, DINB", "S1 S2", "1.01.01", "Program satu"],
               ["REN-A", None, None, "1.01.01", "Program satu", "1.01.01.2.01", "Kegiatan satu",
                "1.01.01.2.01.0001", "Sub satu"],
               [None, None, None, None, None, None, None, "1.01.01.2.01.0002", "Sub dua"],
               [None, None, None, None, None, "1.01.01.2.02", "Kegiatan dua"]],
    "Organisasi": [["Singkatan", "Kode Organisasi", "Nama OPD"], ["DINA", "1.01", "Dinas A"],
                   ["DINB", "1.02", "Dinas B"]],
    "Unit": [["OPD", "Unit"], ["DINA", "Bidang Satu"], [None, "Bidang Dua"], ["DINB", "Bidang B"]],
    "Jabatan": [["OPD", "Jabatan"], ["DINA", "Kepala Dinas"]],
}
# The same plan as YAML: the workbook must give an equal Plan.
GOOD_YAML = """
pemda: {nama: Pemerintah Kota Uji, kode: "99.01"}
rpjmd:
  id: RPJMD-UJI
  periode: [2025, 2029]
  visi: Visi uji
  misi: [{id: M1, teks: Misi satu}, {id: M2, teks: Misi dua}]
  tujuan: [{id: T1, misi: M1, teks: Tujuan satu}, {id: T2, misi: M2, teks: Tujuan dua}]
  sasaran:
    - {id: S1, tujuan: T1, teks: Sasaran satu, indikator: [
        {id: I1, nama: Indikator satu, satuan: persen, target: {2025: 10, 2026: 20}},
        {id: I2, nama: Opini, satuan: opini, target: {2025: WTP, 2026: WTP}}]}
    - {id: S2, tujuan: T2, teks: Sasaran dua, indikator: [
        {id: I3, nama: Indikator tiga, satuan: indeks, target: {2025: 3.5}}]}
    - {id: S3, tujuan: T2, teks: Sasaran tiga}
  program: [{kode: "1.01.01", nama: Program satu, opd: [DINA, DINB], sasaran: [S1, S2]}]
renstra:
  - id: REN-A
    opd: DINA
    periode: [2025, 2029]
    sasaran: [{id: A-S1, sasaranRpjmd: S1, teks: Sasaran A, indikator: [
        {id: A-I1, nama: Ind A, satuan: persen, target: {2025: 1, 2026: 2}}]}]
    program: [{kode: "1.01.01", nama: Program satu, kegiatan: [
        {kode: "1.01.01.2.01", nama: Kegiatan satu, subkegiatan: [
            {kode: "1.01.01.2.01.0001", nama: Sub satu}, {kode: "1.01.01.2.01.0002", nama: Sub dua}]},
        {kode: "1.01.01.2.02", nama: Kegiatan dua}]}]
  - id: REN-B
    opd: DINB
    sasaran: [{id: B-S1, sasaranRpjmd: S2, teks: Sasaran B, indikator: [
        {id: B-I1, nama: Ind B, target: {2026: 5}}]}]
organisasi:
  - {singkatan: DINA, kode: "1.01", nama: Dinas A, unit: [Bidang Satu, Bidang Dua],
     jabatan: [Kepala Dinas]}
  - {singkatan: DINB, kode: "1.02", nama: Dinas B, unit: [Bidang B]}
"""


def _book(sheets: dict | None = None, edits: dict | None = None, merges: dict | None = None,
          drop: tuple = ()) -> bytes:
    """A workbook from rows per sheet; ``edits`` {"Sheet!K4": value} are applied afterwards."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (sheets or GOOD).items():
        if name in drop:
            continue
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    for ref, value in (edits or {}).items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    for sheet, ranges in (merges or {}).items():
        for rng in ranges:
            wb[sheet].merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _key(plan) -> tuple:
    return plan.pemda, plan.rpjmd, plan.renstra, plan.organisasi


def _errors(data: bytes) -> PlanError:
    with pytest.raises(PlanError) as info:
        loads_xlsx(data, source="rencana.xlsx")
    return info.value


@pytest.fixture(scope="module")
def good():
    return loads_xlsx(_book())


# -- a well-formed workbook -----------------------------------------------------------------

def test_well_formed_workbook(good):
    assert good.pemda.nama == "Pemerintah Kota Uji" and good.pemda.kode == "99.01"
    assert good.rpjmd.id == "RPJMD-UJI" and good.rpjmd.periode == (2025, 2029)
    assert [m.id for m in good.rpjmd.misi] == ["M1", "M2"]
    s1 = good.sasaran("S1")
    assert [i.id for i in s1.indikator] == ["I1", "I2"]          # blank sasaran cells continue S1
    assert dict(good.indikator("I1").target) == {2025: 10, 2026: 20}
    assert dict(good.indikator("I2").target) == {2025: "WTP", 2026: "WTP"}   # text targets
    assert dict(good.indikator("I3").target) == {2025: 3.5}      # "-" is no target
    assert good.sasaran("S3").tujuan == "T2" and good.sasaran("S3").indikator == ()
    assert good.sasaran("A-S1").sasaran_rpjmd == "S1" and good.sasaran("A-S1").opd == "DINA"
    # REN-B is declared by its first T-C.25 row, with the OPD cell of that row
    assert [(r.id, r.opd, r.periode) for r in good.renstra] == [
        ("REN-A", "DINA", (2025, 2029)), ("REN-B", "DINB", None)]
    (prog,) = good.rpjmd.program
    assert prog.opd == ("DINA", "DINB") and prog.sasaran == ("S1", "S2")
    (rprog,) = good.renstra_by_id("REN-A").program
    assert [k.kode for k in rprog.kegiatan] == ["1.01.01.2.01", "1.01.01.2.02"]
    assert [s.kode for s in rprog.kegiatan[0].subkegiatan] == ["1.01.01.2.01.0001",
                                                               "1.01.01.2.01.0002"]
    assert good.opd("dina").unit == ("Bidang Satu", "Bidang Dua")
    assert good.opd("DINB").jabatan == ()


def test_workbook_and_yaml_give_the_same_plan(good):
    assert _key(good) == _key(loads_plan(GOOD_YAML))


def test_repeated_sasaran_cells_are_the_same_sasaran(good):
    repeated = _book(edits={"T-C.25!A5": "RPJMD", "T-C.25!C5": "T1", "T-C.25!D5": "S1",
                            "T-C.25!E5": "Sasaran satu"})
    assert _key(loads_xlsx(repeated)) == _key(good)


def test_merged_cells(good):
    blanked = {f"T-C.25!{c}5": None for c in "ACDE"}
    merged = _book(edits={**blanked, "T-C.25!A4": "RPJMD"},
                   merges={"T-C.25": ["A4:A5", "C4:C5", "D4:D5", "E4:E5"],
                           "T-C.27": ["A3:A5", "D3:D5", "E3:E5", "F3:F4", "G3:G4"]})
    assert _key(loads_xlsx(merged)) == _key(good)


def test_printed_two_row_header_with_merged_cells_and_column_numbers(good):
    sheets = dict(GOOD)
    sheets["T-C.25"] = [
        ["TABEL T-C.25"], ["Tujuan, Sasaran, Indikator dan Target Kinerja"],
        ["Dokumen", "OPD", "Tujuan", "Sasaran", None, "Sasaran RPJMD", "Indikator", None,
         "Satuan", "Target Kinerja pada Tahun", None],
        [None, None, None, "Id", "Uraian", None, "Id", "Nama", None, 2025, 2026],
        list(range(1, 12)),
        *T25_DATA]
    data = _book(sheets, merges={"T-C.25": ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4",
                                            "G3:H3", "I3:I4", "J3:K3"]})
    assert _key(loads_xlsx(data)) == _key(good)


def test_header_and_sheet_names_tolerate_case_spacing_and_notes(good):
    sheets = {k: v for k, v in GOOD.items() if k != "T-C.25"}
    header = ["dokumen", "opd", "TUJUAN", "  id   SASARAN ", "Sasaran *", "sasaran rpjmd",
              "Id Indikator (wajib)", "indikator", "Satuan", "TARGET  2025", "Target (2026)"]
    sheets["Tabel T-C.25"] = [["judul"], header, *T25_DATA]
    assert _key(loads_xlsx(_book(sheets))) == _key(good)


def test_columns_in_any_order(good):
    order = [3, 0, 1, 2, 10, 4, 5, 6, 7, 8, 9]
    sheets = dict(GOOD)
    sheets["T-C.25"] = [[row[i] if i < len(row) else None for i in order]
                        for row in [T25_HEADER, *T25_DATA]]
    assert _key(loads_xlsx(_book(sheets))) == _key(good)


# -- every kind of bad cell -----------------------------------------------------------------

BAD_CELLS = [
    # (edits, path, code, text in the Indonesian message)
    ({"T-C.25!K4": "tinggi"}, "T-C.25!K4", "WRONG_TYPE",
     "Lembar 'T-C.25', baris 4, kolom K (Target 2026): nilai 'tinggi' bukan angka."),
    ({"T-C.25!J4": "3,5"}, "T-C.25!J4", "WRONG_TYPE", "format sel sebagai Angka"),
    ({"T-C.25!J6": datetime(2025, 3, 5)}, "T-C.25!J6", "WRONG_TYPE", "tanggal"),
    ({"T-C.25!G4": True}, "T-C.25!G4", "WRONG_TYPE", "nilai logika"),
    ({"T-C.25!D6": 4.1}, "T-C.25!D6", "WRONG_TYPE", "tersimpan sebagai angka 4.1"),
    ({"T-C.25!H4": "#N/A"}, "T-C.25!H4", "WRONG_TYPE", "galat rumus #N/A"),
    ({"RPJMD!B2": "2025/26"}, "RPJMD!B2", "BAD_YEAR", "bukan angka tahun"),
    ({"RPJMD!C2": None}, "RPJMD!C2", "MISSING", "tahun awal dan tahun akhir"),
    ({"RPJMD!B2": 2030}, "RPJMD!B2", "BAD_VALUE", "tahun awal 2030 sesudah tahun akhir 2029"),
    ({"T-C.25!E6": None}, "T-C.25!E6", "MISSING", "kolom E (Sasaran): sel ini wajib diisi"),
    ({"T-C.25!C4": None}, "T-C.25!C4", "MISSING", "kolom C (Tujuan): sel ini wajib diisi"),
    ({"T-C.25!G6": "I1"}, "T-C.25!G6", "DUPLICATE_ID",
     "id indikator 'I1' sudah dipakai di lembar 'T-C.25' baris 4"),
    ({"Misi!A3": "M1"}, "Misi!A3", "DUPLICATE_ID", "sudah dipakai di lembar 'Misi' baris 2"),
    ({"T-C.25!B9": "DINA"}, "T-C.25!B9", "DUPLICATE_ID",
     "Renstra untuk OPD 'DINA' sudah dipakai di lembar 'Renstra' baris 2"),
    ({"T-C.25!D5": "S1", "T-C.25!E5": "Sasaran lain"}, "T-C.25!E5", "BAD_VALUE",
     "berbeda dengan baris 4 ('Sasaran satu')"),
    ({"T-C.25!B4": "DINA"}, "T-C.25!B4", "BAD_VALUE", "kolom OPD hanya untuk baris Renstra"),
    ({"T-C.25!F4": "S9"}, "T-C.25!F4", "BAD_VALUE", "Sasaran RPJMD hanya untuk baris Renstra"),
    ({"T-C.25!B8": "DINX"}, "T-C.25!B8", "BAD_VALUE",
     "OPD 'DINX' berbeda dengan OPD Renstra 'REN-A'"),
    ({"T-C.25!C4": None, "T-C.25!D4": None, "T-C.25!E4": None}, "T-C.25!D4", "MISSING",
     "belum ada sasaran"),
    ({"T-C.27!A3": "REN-X"}, "T-C.27!A3", "BAD_VALUE", "Renstra 'REN-X' belum terdaftar"),
    ({"T-C.27!F3": None, "T-C.27!G3": None}, "T-C.27!F3", "MISSING", "belum ada kegiatan"),
    ({"T-C.27!E2": None}, "T-C.27!E2", "MISSING", "sel ini wajib diisi"),
    ({"T-C.26!C2": None, "T-C.26!D2": None}, "T-C.26!C2", "MISSING", "strategi atau arah"),
    ({"Tujuan!B2": None}, "Tujuan!B2", "MISSING", "sel ini wajib diisi"),
    ({"Unit!A3": "DINX"}, "Unit!A3", "BAD_VALUE", "OPD 'DINX' tidak ada di lembar Organisasi"),
    ({"Unit!A2": None}, "Unit!A2", "MISSING", "sel ini wajib diisi"),
    ({"Organisasi!B3": "1.01"}, "Organisasi!B3", "DUPLICATE_ID", "kode OPD '1.01' sudah dipakai"),
    ({"Pemda!A3": "Kota Lain"}, "Pemda!3:3", "BAD_VALUE", "hanya boleh berisi satu baris"),
    ({"T-C.25!L3": "Target 2026"}, "T-C.25!L3", "BAD_VALUE", "judul kolom ini sudah dipakai"),
]


@pytest.mark.parametrize("edits,path,code,text", BAD_CELLS,
                         ids=[f"{b[1]}-{b[2]}" for b in BAD_CELLS])
def test_bad_cell_names_sheet_row_and_column(edits, path, code, text):
    err = _errors(_book(edits=edits))
    assert err.code == "INVALID"
    hits = [p for p in err.problems if p.path == path and p.code == code]
    assert hits, [(p.path, p.code, str(p)) for p in err.problems]
    (p,) = hits
    assert isinstance(p, CellProblem)
    sheet, _, ref = path.partition("!")
    assert p.sheet == sheet
    assert str(p).startswith(f"Lembar '{sheet}', baris ")
    assert text in str(p)
    assert p.text_en.startswith(f"Sheet '{sheet}', row ")
    assert "Lembar" not in p.text_en and str(p) in err.message


def test_every_problem_is_collected_in_sheet_order():
    err = _errors(_book(edits={"T-C.25!K4": "tinggi", "Misi!B3": None, "Unit!A3": "DINX",
                               "T-C.25!G6": 7.5}))
    paths = [p.path for p in err.problems]
    assert paths == ["Misi!B3", "T-C.25!K4", "T-C.25!G6", "Unit!A3"]
    assert err.message.startswith("Berkas rencana memuat 4 kesalahan.")


def test_an_unknown_opd_is_reported_once_for_the_rows_that_continue_it():
    err = _errors(_book(edits={"Unit!A2": "DINX"}))
    assert [p.path for p in err.problems] == ["Unit!A2"]      # not again for the blank A3


def test_a_bad_cell_is_reported_once():
    err = _errors(_book(edits={"T-C.25!D6": 4.1}))
    assert [p.path for p in err.problems] == ["T-C.25!D6"]   # not again as "wajib diisi"


def test_missing_required_sheet():
    err = _errors(_book(drop=("Misi",)))
    assert [(p.path, p.code) for p in err.problems] == [("Misi", "MISSING")]
    assert str(err.problems[0]) == ("Lembar 'Misi': lembar wajib 'Misi' tidak ada (lihat templat: "
                                    "ppb rencana template).")


def test_sheet_without_data_rows():
    sheets = dict(GOOD, Misi=[["Id Misi", "Misi"]], RPJMD=[GOOD["RPJMD"][0]])
    err = _errors(_book(sheets))
    assert {(p.path, p.code) for p in err.problems} == {("Misi", "MISSING"), ("RPJMD", "MISSING")}
    assert all("belum berisi data" in str(p) for p in err.problems)


def test_missing_required_column_and_missing_header_row():
    sheets = dict(GOOD)
    sheets["T-C.25"] = [["judul"], [], [h if h != "Id Indikator" else "Kode X" for h in T25_HEADER],
                        *T25_DATA]
    sheets["Organisasi"] = [["apa saja"], ["DINA", "1.01", "Dinas A"]]
    err = _errors(_book(sheets))
    by_path = {p.path: str(p) for p in err.problems}
    assert "kolom wajib tidak ditemukan pada baris judul: Id Indikator" in by_path["T-C.25!3:3"]
    assert "baris judul kolom tidak ditemukan" in by_path["Organisasi"]
    # sheets that cannot be read bring no follow-up problems (not even Unit/Jabatan's OPD)
    assert set(by_path) == {"T-C.25!3:3", "Organisasi"}


def test_duplicate_sheet_of_one_kind():
    sheets = dict(GOOD)
    sheets["Tabel T-C.27"] = GOOD["T-C.27"]
    err = _errors(_book(sheets))
    assert [(p.path, p.code) for p in err.problems] == [("Tabel T-C.27", "BAD_VALUE")]


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(xlsx_mod, "MAX_ROWS", 3)
    monkeypatch.setattr(xlsx_mod, "HEADER_SCAN_ROWS", 3)
    err = _errors(_book())
    assert ("T-C.25", "BAD_VALUE") in [(p.path, p.code) for p in err.problems]


# -- files that are not plan workbooks ------------------------------------------------------

def test_not_an_xlsx(tmp_path):
    path = tmp_path / "rencana.xlsx"
    path.write_text("Nama Pemda;Kode\nKota;13.77\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.code == "SYNTAX"
    assert info.value.message.startswith("Berkas rencana bukan XLSX yang sah.")
    assert "bukan arsip zip" in info.value.message


def test_old_xls_or_encrypted_file_gets_a_hint():
    err = pytest.raises(PlanError, loads_xlsx, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert err.value.code == "SYNTAX" and "simpan sebagai .xlsx" in err.value.message


def test_zip_that_is_not_a_workbook_and_damaged_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    err = pytest.raises(PlanError, loads_xlsx, buf.getvalue())
    assert err.value.code == "SYNTAX" and "xl/workbook.xml" in err.value.message
    err = pytest.raises(PlanError, loads_xlsx, _book()[:2000])
    assert err.value.code == "SYNTAX" and "rusak" in err.value.message


def test_damaged_workbook_part():
    buf_in = io.BytesIO(_book())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf_in) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"<worksheet><sheetData><row" if info.filename ==
                         "xl/worksheets/sheet4.xml" else data)
    err = pytest.raises(PlanError, loads_xlsx, buf.getvalue())
    assert err.value.code == "SYNTAX"
    assert "Traceback" not in err.value.message


def test_too_large(tmp_path, monkeypatch):
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(_book())
    with pytest.raises(PlanError) as info:
        load_plan(path, max_bytes=1000)
    assert info.value.code == "TOO_LARGE" and "terlalu besar" in info.value.message
    monkeypatch.setattr(xlsx_mod, "MAX_UNCOMPRESSED", 1000)   # a "zip bomb"
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.code == "TOO_LARGE" and "setelah diekstrak" in info.value.message


def test_missing_and_empty_file(tmp_path):
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "tidak-ada.xlsx")
    assert info.value.code == "FILE_NOT_FOUND"
    (tmp_path / "kosong.xlsx").write_bytes(b"")
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "kosong.xlsx")
    assert info.value.code == "EMPTY"


def test_load_plan_dispatches_on_suffix_and_zip_magic(tmp_path, good):
    (tmp_path / "a.xlsx").write_bytes(_book())
    (tmp_path / "rencana.dat").write_bytes(_book())
    assert _key(load_plan(tmp_path / "a.xlsx")) == _key(good)
    assert _key(load_plan(tmp_path / "rencana.dat")) == _key(good)
    assert _key(loads_plan(_book(), fmt="xlsx")) == _key(good)


def test_problems_survive_pickling():
    err = _errors(_book(edits={"T-C.25!K4": "tinggi"}))
    again = pickle.loads(pickle.dumps(err))
    assert again.problems == err.problems and str(again.problems[0]) == str(err.problems[0])


# -- template and export ---------------------------------------------------------------------

def test_template_loads_back(tmp_path):
    path = tmp_path / "templat.xlsx"
    write_template(path)
    plan = load_plan(path)
    assert "ILUSTRATIF" in plan.pemda.nama and plan.rpjmd.periode == (2025, 2029)
    assert [i.id for i in plan.sasaran("S1.1").indikator] == ["IKU-1.1", "IKU-1.2"]
    assert plan.renstra[0].sasaran[0].sasaran_rpjmd == "S1.1"
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Petunjuk"
    assert set(xlsx_mod.SHEET_NAMES) <= set(wb.sheetnames)
    petunjuk = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "melanjutkan baris di atasnya" in petunjuk and "T-C.27" in petunjuk
    ws = wb["T-C.25"]
    assert ws["A3"].value == "Dokumen" and ws["D3"].value == "Id Sasaran *"
    assert ws["G5"].value == "IKU-1.2" and ws["D5"].value is None      # a continuation row
    assert ws.column_dimensions["E"].width > 20 and ws.freeze_panes == "A4"
    assert wb["T-C.26"].max_row >= 4                                    # an example strategi
    assert wb["RPJMD"].data_validations.dataValidation                 # years only


def test_round_trip_of_the_sample_plan(tmp_path):
    plan = load_plan(SAMPLE)
    path = tmp_path / "rencana.xlsx"
    write_plan(plan, path)
    again = load_plan(path)
    assert _key(again) == _key(plan)
    assert len(again.all_indikator) == len(plan.all_indikator) > 0
    # multi-indikator sasaran and multi-row programs are written as merged cells
    wb = load_workbook(path)
    assert wb["T-C.25"].merged_cells.ranges and wb["T-C.27"].merged_cells.ranges


def test_round_trip_keeps_formula_like_text_and_odd_target_years(tmp_path):
    doc = loads_plan(GOOD_YAML)
    d = plan_to_dict(doc)
    d["rpjmd"]["misi"][0]["teks"] = "=1+1 bukan rumus"
    d["rpjmd"]["sasaran"][0]["indikator"][0]["target"] = {2024: 5, 2031: 9.25}
    plan = build_plan(d)
    path = tmp_path / "r.xlsx"
    write_plan(plan, path)
    again = load_plan(path)
    assert again.misi("M1").teks == "=1+1 bukan rumus"
    assert _key(again) == _key(plan)


def test_yaml_and_json_export_round_trip(good):
    assert _key(loads_plan(dump_yaml(good))) == _key(good)
    text = json.dumps(plan_to_dict(good), ensure_ascii=False)
    assert _key(loads_plan(text, fmt="json")) == _key(good)


# -- ppb rencana ------------------------------------------------------------------------------

def test_cli_template_default_name_and_no_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["rencana", "template"]) == 0
    assert (tmp_path / "rencana-template.xlsx").is_file()
    assert "ppb rencana periksa rencana-template.xlsx" in capsys.readouterr().out
    before = (tmp_path / "rencana-template.xlsx").stat().st_mtime_ns
    assert main(["rencana", "template"]) == 2
    assert "sudah ada" in capsys.readouterr().err
    assert (tmp_path / "rencana-template.xlsx").stat().st_mtime_ns == before
    assert main(["rencana", "template", "--timpa"]) == 0
    assert main(["rencana", "template", "-o", "t.csv"]) == 2


def test_cli_periksa_good_and_bad(tmp_path, capsys):
    good_path, bad_path = tmp_path / "baik.xlsx", tmp_path / "salah.xlsx"
    good_path.write_bytes(_book())
    bad_path.write_bytes(_book(edits={"T-C.25!K4": "tinggi", "Misi!B3": None}))
    assert main(["rencana", "periksa", str(good_path)]) == 0
    out = capsys.readouterr().out
    assert "Rencana sah: baik.xlsx" in out
    assert ("2 misi, 2 tujuan, 5 sasaran (3 RPJMD, 2 Renstra), 5 indikator, 2 program "
            "(1 RPJMD, 1 Renstra), 2 Renstra, 2 OPD") in out
    assert main(["rencana", "periksa", str(bad_path)]) == 2
    out = capsys.readouterr().out
    assert "Rencana TIDAK sah: salah.xlsx" in out and "memuat 2 kesalahan" in out
    assert "- Lembar 'T-C.25', baris 4, kolom K (Target 2026): nilai 'tinggi' bukan angka." in out
    assert "- Lembar 'Misi', baris 3, kolom B (Misi): sel ini wajib diisi." in out
    assert main(["rencana", "periksa", str(bad_path), "--lang", "en"]) == 2
    assert "Sheet 'T-C.25', row 4, column K (Target 2026): value 'tinggi' is not a number." \
        in capsys.readouterr().out
    assert main(["rencana", "periksa", str(tmp_path / "tidak-ada.xlsx")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().out


def test_cli_periksa_yaml(capsys):
    assert main(["rencana", "periksa", str(SAMPLE)]) == 0
    assert "Pemerintah Kota Pariaman (13.77)" in capsys.readouterr().out


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml", ".json"])
def test_cli_ekspor(tmp_path, capsys, suffix):
    out = tmp_path / f"rencana{suffix}"
    assert main(["rencana", "ekspor", str(SAMPLE), "-o", str(out)]) == 0
    assert f"Rencana ditulis ke {out}" in capsys.readouterr().out
    assert _key(load_plan(out)) == _key(load_plan(SAMPLE))
    assert main(["rencana", "ekspor", str(SAMPLE), "-o", str(out)]) == 2     # exists


def test_cli_ekspor_errors(tmp_path, capsys):
    assert main(["rencana", "ekspor", str(SAMPLE), "-o", str(tmp_path / "r.txt")]) == 2
    assert "tidak dikenal" in capsys.readouterr().err
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(_book(edits={"T-C.25!K4": "tinggi"}))
    assert main(["rencana", "ekspor", str(bad), "-o", str(tmp_path / "r.yaml")]) == 2
    assert "nilai 'tinggi' bukan angka" in capsys.readouterr().err
    assert not (tmp_path / "r.yaml").exists()
    assert main(["rencana", "ekspor", str(SAMPLE), "-o", str(tmp_path / "no" / "r.yaml")]) == 2
    assert "tidak dapat menulis" in capsys.readouterr().err


def test_cli_rencana_without_subcommand(capsys):
    assert main(["rencana"]) == 2
    assert "template" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["rencana", "ekspor", str(SAMPLE)])       # -o is required
    assert info.value.code == 2


# -- numbers a plan cannot hold ---------------------------------------------------------------

def _raw_numbers(values: dict[str, str]) -> bytes:
    """The good workbook with T-C.25 cells holding the raw number texts ``values`` ({"J4":
    "999..."}), as a hand-edited or generated file may: openpyxl cannot write them itself."""
    markers = {ref: 7_000_001 + i for i, ref in enumerate(values)}
    data = _book(edits={f"T-C.25!{ref}": marker for ref, marker in markers.items()})
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                for ref, marker in markers.items():
                    part = part.replace(f"<v>{marker}</v>".encode(), f"<v>{values[ref]}</v>".encode())
            dst.writestr(info, part)
    return buf.getvalue()


def test_a_number_too_long_to_read_is_named_at_its_cell(tmp_path, capsys):
    """4,301 digits is past Python's int-string conversion limit: openpyxl cannot read the
    sheet; the cell is found and named, with a stable code (never a crash)."""
    data = _raw_numbers({"J4": "9" * 4301, "K6": "NaN"})
    err = _errors(data)
    assert err.code == "INVALID"
    cells = {p.path: p for p in err.problems}
    assert cells["T-C.25!J4"].code == "NUMBER_TOO_LARGE"
    assert "angka terlalu besar (4301 digit)" in cells["T-C.25!J4"].message
    assert cells["T-C.25!K6"].code == "BAD_NUMBER" and "NaN" in cells["T-C.25!K6"].message
    assert len(err.message) < 2000
    path = tmp_path / "besar.xlsx"
    path.write_bytes(data)
    assert main(["rencana", "periksa", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Rencana TIDAK sah" in out and "Lembar 'T-C.25', baris 4, kolom J" in out
    assert "Traceback" not in out


def test_infinite_and_too_large_targets_are_named_at_their_cells():
    err = _errors(_raw_numbers({"J4": "1e400", "K4": "-1E+999", "J6": "12345678901234567890"}))
    cells = {p.path: p for p in err.problems}
    assert {cells[r].code for r in ("T-C.25!J4", "T-C.25!K4", "T-C.25!J6")} == {"NUMBER_TOO_LARGE"}
    assert "tak hingga" in cells["T-C.25!J4"].message
    assert cells["T-C.25!J4"].header == "Target 2025"
    assert len(err.problems) == 3
