"""The HTML, XLSX and SARIF reports: read back and checked for shape and content."""
from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from validator.cli import main
from validator.engine import Validator
from validator.report import assets, render
from validator.report.html_report import script_json
from validator.report.xlsx_report import FINDING_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "browser" / "fixtures" / "izin-usaha-cacat.bpmn"
NOW = datetime(2026, 11, 27, 9, 30)

NO_DI = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:x">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:startEvent id="S" name="Mulai" />
    <bpmn:task id="T" name="=SUM(1;2)" />
  </bpmn:process>
</bpmn:definitions>
"""

SEVERITY_ID = {"error": "Kesalahan", "warning": "Peringatan", "info": "Info"}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A folder with a flawed map, a map without diagram and a broken file; paths relative."""
    shutil.copy(FIXTURE, tmp_path / "izin.bpmn")
    (tmp_path / "tanpa-diagram.bpmn").write_text(NO_DI, encoding="utf-8")
    (tmp_path / "rusak.bpmn").write_text("<bpmn:definitions", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def report(workdir):
    return Validator().validate_paths(["izin.bpmn", "tanpa-diagram.bpmn", "rusak.bpmn"], jobs=1)


def need_assets():
    """HTML needs the viewer bundle built by `make assets`; in CI it must be there."""
    try:
        assets.check()
    except assets.AssetsMissing as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"viewer bundle not built (make assets): {exc}")


# ----------------------------------------------------------------------------- XLSX

def test_xlsx_sheets_and_one_row_per_finding(report):
    wb = load_workbook(BytesIO(render(report, "xlsx", now=NOW)))
    assert wb.sheetnames == ["Ringkasan", "Temuan", "Berkas tidak terbaca"]

    ws = wb["Temuan"]
    header = [c.value for c in ws[1]]
    assert header == ["No", "Berkas", "Baris", "Tingkat", "Kelompok", "Aturan", "Judul aturan",
                      "Elemen", "Nama elemen", "Jenis elemen", "Pesan", "Saran perbaikan",
                      "Sumber", "Keyakinan", "Diabaikan"]
    assert [c[0] for c in FINDING_COLUMNS] == header
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:O")
    assert ws.page_setup.orientation == "landscape"
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("1F4E78")

    findings = [(fr.path, f) for fr in report.files for f in fr.findings]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(findings) > 0
    for i, (row, (path, f)) in enumerate(zip(rows, findings), start=1):
        values = dict(zip(header, row))
        assert values["No"] == i
        assert values["Berkas"] == path
        assert values["Baris"] == (f.line or None)
        assert values["Tingkat"] == SEVERITY_ID[f.severity]
        assert (values["Kelompok"], values["Aturan"], values["Elemen"]) == (f.group, f.rule, f.element)
        assert values["Pesan"] == f.message and values["Judul aturan"] == f.title
        assert values["Diabaikan"] == ("Ya" if f.suppressed else "Tidak")


def test_xlsx_values_of_known_findings(report):
    ws = load_workbook(BytesIO(render(report, "xlsx", now=NOW)))["Temuan"]
    header = [c.value for c in ws[1]]
    rows = {(r[header.index("Aturan")], r[header.index("Elemen")]): (r, i)
            for i, r in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)}

    row, index = rows[("label-required", "Task_TanpaNama")]
    values = dict(zip(header, row))
    assert values["Tingkat"] == "Kesalahan" and values["Jenis elemen"] == "UserTask"
    assert values["Keyakinan"] == "sekunder" and "bpmnlint" in values["Sumber"]
    assert values["Saran perbaikan"]
    fill = ws.cell(index, header.index("Tingkat") + 1).fill
    assert fill.fgColor.rgb.endswith("FFC7CE")  # error fill

    row, index = rows[("no-disconnected", "Task_Arsip")]
    assert dict(zip(header, row))["Diabaikan"] == "Ya"
    assert ws.cell(index, header.index("Diabaikan") + 1).comment is not None

    # a name that looks like a formula stays text
    cells = [c for r in ws.iter_rows(min_row=2) for c in r if c.value == "=SUM(1;2)"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_xlsx_summary_and_unreadable(report):
    wb = load_workbook(BytesIO(render(report, "xlsx", now=NOW)))
    ws = wb["Ringkasan"]
    cells = {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row[0]}
    assert cells["Tanggal"][0] == NOW
    assert cells["Versi validator"][0] == report.version
    assert cells["Versi katalog aturan"][0] == report.catalog_version
    assert cells["Profil aturan"][0] == report.profile
    for fr in report.files:
        c = fr.counts()
        assert list(cells[fr.path][1:6]) == [c["error"], c["warning"], c["info"], c["suppressed"],
                                             sum(c.values())]
    groups = {f.group for fr in report.files for f in fr.findings}
    codes = [row[1] for row in ws.iter_rows(values_only=True)]
    assert groups <= set(codes)

    bad = wb["Berkas tidak terbaca"]
    assert [c.value for c in bad[1]] == ["No", "Berkas", "Kode galat", "Baris", "Pesan"]
    rows = list(bad.iter_rows(min_row=2, values_only=True))
    assert rows == [(1, "rusak.bpmn", "NOT_WELL_FORMED", rows[0][3], rows[0][4])]
    assert "XML" in rows[0][4]


def test_xlsx_needs_an_output_file(workdir, capsys):
    assert main(["validate", "-f", "xlsx", "izin.bpmn"]) == 2
    assert "hanya dapat ditulis ke berkas" in capsys.readouterr().err
    assert main(["validate", "-q", "-f", "xlsx", "-o", "laporan.xlsx", "izin.bpmn"]) == 1
    assert load_workbook(workdir / "laporan.xlsx")["Temuan"].max_row > 1


# ----------------------------------------------------------------------------- SARIF

def test_sarif_structure(report):
    log = json.loads(render(report, "sarif"))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ppb-validator" and driver["version"] == report.version
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for r in rules:
        assert r["name"] and r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
        assert set(r["properties"]) >= {"group", "confidence", "source"}
    by_id = {r["id"]: r for r in rules}
    assert re.fullmatch(r"[A-Z][A-Za-z0-9]+", by_id["label-required"]["name"])
    assert by_id["label-required"]["defaultConfiguration"]["level"] == "error"

    findings = [(fr.path, f) for fr in report.files for f in fr.findings]
    assert len(run["results"]) == len(findings)
    for result, (path, f) in zip(run["results"], findings):
        assert result["ruleId"] == f.rule == rules[result["ruleIndex"]]["id"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        assert result["message"]["text"] == f.message
        (loc,) = result["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == path          # relative, as given
        assert run["artifacts"][phys["artifactLocation"]["index"]]["location"]["uri"] == path
        if f.line:
            assert phys["region"]["startLine"] == f.line
        if f.element:
            assert loc["logicalLocations"][0]["name"] == f.element
        assert ("suppressions" in result) == f.suppressed
        if f.suppressed:
            assert result["suppressions"][0]["kind"] == "inSource"
            assert "ppb:abaikan" in result["suppressions"][0]["justification"]
    assert run["properties"] == {"ruleCatalogVersion": report.catalog_version,
                                 "profile": report.profile}


def test_sarif_unreadable_files_are_notifications(report):
    run = json.loads(render(report, "sarif"))["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"]["id"] == "NOT_WELL_FORMED"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rusak.bpmn"
    assert not any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rusak.bpmn"
                   for r in run["results"])


def test_sarif_uri_of_odd_paths(workdir):
    (workdir / "peta dinas").mkdir()
    shutil.copy(FIXTURE, workdir / "peta dinas" / "izin #1.bpmn")
    rep = Validator().validate_paths(["peta dinas/izin #1.bpmn"], jobs=1)
    uri = json.loads(render(rep, "sarif"))["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri == "peta%20dinas/izin%20%231.bpmn"
    rep = Validator().validate_paths([str(workdir / "izin.bpmn")], jobs=1)
    uri = json.loads(render(rep, "sarif"))["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/izin.bpmn")


def test_sarif_from_the_command_line(workdir, capsys):
    assert main(["validate", "-q", "-f", "sarif", "izin.bpmn"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["runs"][0]["results"]


# ----------------------------------------------------------------------------- HTML

def _data_block(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="ppb-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    assert "<" not in match.group(1)
    return json.loads(match.group(1))


def test_html_is_self_contained_and_embeds_the_data(report):
    need_assets()
    page = render(report, "html", now=NOW)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
    # nothing is loaded from anywhere: no external script, style, image or font
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    markup = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S)
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", markup, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "default-src 'none'" in page
    # every <script> closes where it should: exactly the two we wrote
    assert len(re.findall(r"<script\b", page, re.I)) == 2
    assert len(re.findall(r"</script", page, re.I)) == 2

    data = _data_block(page)
    assert [f["path"] for f in data["files"]] == ["izin.bpmn", "tanpa-diagram.bpmn", "rusak.bpmn"]
    assert [f["diagram"] for f in data["files"]] == ["ok", "none", "unreadable"]
    izin = data["files"][0]
    assert izin["xml"] == FIXTURE.read_text(encoding="utf-8")
    assert [f["rule"] for f in izin["findings"]] == [f.rule for f in report.files[0].findings]
    assert data["files"][1]["xml"] is None and data["files"][2]["error"]["code"] == "NOT_WELL_FORMED"
    assert data["summary"]["unreadable"] == 1


def test_html_lists_findings_in_indonesian(report):
    need_assets()
    page = render(report, "html", now=NOW)
    assert "Laporan Validasi Peta Proses Bisnis" in page and "27 November 2026 09.30" in page
    assert "tidak memuat tata letak diagram (BPMNDI)" in page
    assert "Berkas ini tidak dapat dibaca" in page and "NOT_WELL_FORMED" in page
    items = re.findall(r'<li class="finding[^"]*"[^>]*>', page)
    assert len(items) == sum(len(fr.findings) for fr in report.files)
    suppressed = [i for i in items if 'data-suppressed="true"' in i]
    assert len(suppressed) == 1 and "is-suppressed" in suppressed[0]
    assert 'data-rule="no-disconnected"' in suppressed[0]
    assert '<span class="suppressed-tag">diabaikan</span>' in page
    for sev in ("Kesalahan", "Peringatan"):
        assert f">{sev}</span>" in page
    # names from the file are escaped, never markup
    assert "Mengarsipkan &lt;salinan&gt; &amp; &#34;berkas&#34; &lt;/script&gt;" in page


def test_html_reads_sources_from_the_mapping(report, workdir):
    need_assets()
    xml = (workdir / "izin.bpmn").read_bytes()
    (workdir / "izin.bpmn").unlink()
    page = render(report, "html", sources={"izin.bpmn": xml})
    assert _data_block(page)["files"][0]["xml"] == xml.decode("utf-8")
    page = render(report, "html")
    assert _data_block(page)["files"][0]["diagram"] == "missing"
    assert "tidak dapat dibaca ulang" in page


def test_html_from_the_command_line(workdir, capsys):
    need_assets()
    assert main(["validate", "-q", "-f", "html", "-o", "laporan.html", "izin.bpmn"]) == 1
    assert 'id="ppb-data"' in (workdir / "laporan.html").read_text(encoding="utf-8")


def test_html_without_bundle_fails_clearly(workdir, capsys, monkeypatch):
    monkeypatch.setattr(assets, "STATIC_DIR", workdir / "tidak-ada")
    assets.load.cache_clear()
    try:
        assert main(["validate", "-f", "html", "-o", "laporan.html", "izin.bpmn"]) == 2
    finally:
        assets.load.cache_clear()
    err = capsys.readouterr().err
    assert "laporan HTML tidak dapat dibuat" in err and "make assets" in err
    assert not (workdir / "laporan.html").exists()


def test_script_json_cannot_close_the_script():
    text = script_json({"a": "</script><!-- <script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- <script> & \u2028"}


def test_inlined_bundle_is_safe_in_a_script_element():
    need_assets()
    viewer = assets.load()
    assert not re.search(r"<(?:/?script|!--)", viewer.script, re.I)
    assert "</style" not in viewer.style.lower()
    assert "bpmn-js" in viewer.style or "djs-container" in viewer.style
