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
                      "Letak", "Elemen", "Nama elemen", "Jenis elemen", "Elemen disebut",
                      "Butir rencana", "Pesan", "Saran perbaikan", "Sumber", "Dasar",
                      "Diabaikan"]
    assert [c[0] for c in FINDING_COLUMNS] == header
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:R")
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
    assert values["Dasar"] == "sumber sekunder" and "bpmnlint" in values["Sumber"]
    assert values["Saran perbaikan"]
    fill = ws.cell(index, header.index("Tingkat") + 1).fill
    assert fill.fgColor.rgb.endswith("FFC7CE")  # error fill

    row, index = rows[("no-disconnected", "Task_Arsip")]
    assert dict(zip(header, row))["Diabaikan"] == "Ya"
    assert ws.cell(index, header.index("Diabaikan") + 1).comment is not None

    # a name that looks like a formula stays text, quoted so that editing the cell keeps it so
    cells = [c for r in ws.iter_rows(min_row=2) for c in r if c.value == "'=SUM(1;2)"]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" or str(c.value).startswith("=")
                   for r in ws.iter_rows() for c in r if c.value is not None)


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
        named = f.elements or ([f.element] if f.scope == "elemen" else [])
        assert len(result["locations"]) == max(len(named), 1)
        loc = result["locations"][0]
        for place in result["locations"]:
            phys = place["physicalLocation"]
            assert phys["artifactLocation"]["uri"] == path          # relative, as given
            assert run["artifacts"][phys["artifactLocation"]["index"]]["location"]["uri"] == path
        if f.line:
            assert loc["physicalLocation"]["region"]["startLine"] == f.line
        assert [place["logicalLocations"][0]["name"] for place in result["locations"]
                if "logicalLocations" in place] == named
        assert result["properties"]["scope"] == f.scope
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
    # a file without BPMNDI carries its XML too: the viewer lays it out automatically
    assert "<bpmn:task" in data["files"][1]["xml"] and data["files"][2]["xml"] is None
    assert data["files"][2]["error"]["code"] == "NOT_WELL_FORMED"
    assert data["summary"]["unreadable"] == 1


def test_html_lists_findings_in_indonesian(report):
    need_assets()
    page = render(report, "html", now=NOW)
    assert "Laporan Validasi Peta Proses Bisnis" in page and "27 November 2026 09.30" in page
    markup = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S)
    assert "Tata letak dibuat otomatis: berkas ini tidak memuat tata letak diagram (BPMNDI)" in markup
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


# ----------------------------------------------------------------------------- set runs

ALIGN_DATA = ROOT / "tests" / "data" / "alignment"


@pytest.fixture(scope="module")
def set_report():
    """A set run with a plan (tests/data/alignment, described in tests/test_alignment.py),
    plus one finding on the set as a whole so that its list is not empty."""
    from validator.engine import Finding
    from validator.plan import load_plan

    rep = Validator().validate_set(ALIGN_DATA / "set", plan=load_plan(ALIGN_DATA / "rencana.yaml"))
    rep.set_findings.append(Finding(
        rule="PPB-ALN-003", severity="warning", element=None,
        message="Sasaran S5 <contoh> belum didukung proses apa pun.",
        message_en="Sasaran S5 <example> is served by no process.",
        source="uji", confidence="inferred", group="aln", title="Setiap sasaran didukung proses",
        fix="Kaitkan proses.", subject="S5"))
    return rep


def _page_tree(page: str):
    import lxml.html
    return lxml.html.fromstring(page.encode("utf-8"))


def _text(el) -> str:
    return " ".join(el.text_content().split())


def test_html_set_sections(set_report):
    need_assets()
    page = render(set_report, "html", now=NOW)
    doc = _page_tree(page)
    (section,) = doc.xpath('//section[@id="set"]')
    assert _text(section.xpath("./h2")[0]) == "Keselarasan dengan RPJMD/Renstra"
    assert section.get("lang") == "id"
    assert "RPJMD-CONTOH-2025-2029" in _text(section.xpath('.//p[@class="set-plan"]')[0])

    # matrix: one header cell per process column, one row per sasaran in scope
    (table,) = section.xpath('.//table[@class="matrix"]')
    heads = table.xpath("./thead/tr/th")
    kodes = [_text(th.xpath("./code")[0]) for th in heads[2:]]
    assert sorted(kodes) == sorted(["01", "02", "03", "04", "01.01", "01.02", "01.03",
                                    "01.01.01", "B.01", "L.01"])
    rows = table.xpath("./tbody/tr")
    assert [r.get("data-sasaran") for r in rows] == ["S1", "S4", "S5", "S9", "DA-S1", "DA-S2",
                                                     "DA-S3", "DB-S1"]
    s1 = rows[0]
    cells = s1.xpath("./td")[1:]
    assert len(cells) == len(kodes)
    marked = {kodes[i]: c for i, c in enumerate(cells) if c.get("class") != "cell"}
    assert set(marked) == {"02", "01.01", "01.02"}
    # a mark is text (visible letter + words for screen readers), not colour only
    assert "via-indicator" in marked["02"].get("class")
    assert _text(marked["02"].xpath('.//span[@class="vh"]')[0]) == "dilayani melalui indikator"
    assert _text(marked["02"].xpath('.//span[@aria-hidden="true"]')[0]) == "✓ I"
    assert _text(marked["01.01"].xpath('.//span[@class="vh"]')[0]) == "dilayani melalui penjenjangan"
    assert "belum dilayani" in _text(rows[2].xpath("./td")[0])

    gaps = section.xpath('.//div[@id="set-sasaran-kosong"]//li/code/text()')
    assert gaps == ["S5", "S9", "DA-S2", "DA-S3"]
    loose = section.xpath('.//div[@id="set-proses-lepas"]//li/code/text()')
    assert loose == ["03", "01.03", "L.01"]

    # cascade tree: collapsible levels, Renstra children under S1, broken links apart
    tree = section.xpath('.//section[@id="set-pohon"]')[0]
    assert len(tree.xpath(".//details")) >= 10
    s1_node = [li for li in tree.xpath('.//li[contains(@class,"tree-sasaran")]')
               if li.xpath("./details/summary/code/text()") == ["S1"]][0]
    assert s1_node.xpath('.//li[contains(@class,"tree-renstra")]/details/summary/code/text()') == [
        "DA-S1", "DC-S1"]
    broken = tree.xpath('.//div[@id="set-terputus"]//li[contains(@class,"is-broken")]')
    assert [b.xpath("./details/summary/code/text()")[0] for b in broken] == ["DA-S3", "DB-S1"]
    assert "S404" in _text(broken[1])

    # per-OPD table
    opd_rows = {tr.get("data-opd"): tr for tr in section.xpath('.//table[@class="opd-table"]/tbody/tr')}
    assert list(opd_rows) == ["pemda", "DINA", "DINB", "DINC", "DIND", "9.99.0.00.0.00.01.0000", "noOpd"]
    assert "belum mengunggah" in _text(opd_rows["DINC"]) and "is-missing" in opd_rows["DINC"].get("class")
    assert "belum mengunggah" not in _text(opd_rows["DINA"])
    dina = [_text(td) for td in opd_rows["DINA"].xpath("./td")]
    assert dina[1].startswith("3") and dina[-2] == "1/3 (33,3%)" and dina[-1] == "DA-S2, DA-S3"
    counts = {"error": 0, "warning": 0, "info": 0}
    for fr in set_report.files:
        if fr.path in ("dina-level1.bpmn", "dina-lintas-fungsi.bpmn", "dina-sop.bpmn"):
            for k in counts:
                counts[k] += fr.counts()[k]
    assert [int(v) for v in dina[2:5]] == [counts["error"], counts["warning"], counts["info"]]

    # the set's own findings, escaped, not the file findings' list items (the viewer's)
    items = section.xpath('.//li[contains(@class,"set-finding")]')
    assert len(items) == len(set_report.set_findings) >= 1
    assert "Sasaran S5 <contoh>" in _text(items[-1]) and items[-1].get("data-subject") == "S5"
    assert "&lt;contoh&gt;" in page
    assert not section.xpath('.//li[contains(concat(" ", @class, " "), " finding ")]')
    # the page still names and links the set section; the script data stays lean
    assert doc.xpath('//nav[@class="toc"]//a[@href="#set"]')
    data = _data_block(page)
    assert "alignment" not in data and "set" in data


def test_html_set_sections_in_english(set_report, monkeypatch):
    need_assets()
    monkeypatch.setattr(set_report, "lang", "en")
    doc = _page_tree(render(set_report, "html", now=NOW))
    (section,) = doc.xpath('//section[@id="set"]')
    assert section.get("lang") == "en"
    assert _text(section.xpath("./h2")[0]) == "Alignment with the RPJMD/Renstra"
    assert "not uploaded yet" in _text(section.xpath('.//tr[@data-opd="DINC"]')[0])
    assert "Sasaran S5 <example>" in _text(section.xpath('.//li[contains(@class,"set-finding")]')[-1])


def test_html_set_without_plan_and_single_file_report(report):
    need_assets()
    rep = Validator().validate_set(ALIGN_DATA / "set")
    doc = _page_tree(render(rep, "html", now=NOW))
    (section,) = doc.xpath('//section[@id="set"]')
    assert _text(section.xpath("./h2")[0]) == "Set peta"
    assert "rencana tidak diberikan" in _text(section)
    assert not section.xpath('.//table')
    # a report on single files has no set section at all
    assert not _page_tree(render(report, "html", now=NOW)).xpath('//section[@id="set"]')


def test_xlsx_set_sheets(set_report):
    wb = load_workbook(BytesIO(render(set_report, "xlsx", now=NOW)))
    assert wb.sheetnames == ["Ringkasan", "Temuan", "Berkas tidak terbaca", "Matriks Keselarasan",
                             "Pohon Penjenjangan", "Progres OPD", "Temuan Set"]

    ws = wb["Matriks Keselarasan"]
    kodes = [c.value for c in ws[1]][4:]
    assert sorted(kodes) == sorted(["01", "02", "03", "04", "01.01", "01.02", "01.03",
                                    "01.01.01", "B.01", "L.01"])
    assert ws.freeze_panes == "E5"
    body = {r[0]: r for r in ws.iter_rows(min_row=5, max_row=12, values_only=True)}
    assert list(body) == ["S1", "S4", "S5", "S9", "DA-S1", "DA-S2", "DA-S3", "DB-S1"]
    s1 = {kodes[i]: v for i, v in enumerate(body["S1"][4:]) if v}
    assert s1 == {"02": "✓ I", "01.01": "✓ C", "01.02": "✓ C"}
    assert body["S1"][3] == 3 and body["S5"][3] == 0 and "belum dilayani" in body["S5"][2]
    col = {v: i for i, v in enumerate(kodes)}
    assert ws.cell(5, 5 + col["02"]).fill.fgColor.rgb.endswith("DDEBF7")
    below = [r[0] for r in ws.iter_rows(min_row=13, values_only=True) if r[0]]
    assert "Sasaran yang belum didukung proses (4)" in below
    assert "Proses inti yang belum melayani sasaran (3)" in below

    tree = [r for r in wb["Pohon Penjenjangan"].iter_rows(min_row=2, values_only=True)]
    kinds = [(r[0], r[1]) for r in tree]
    assert kinds[:3] == [("Misi", "M1"), ("Tujuan", "T1"), ("Sasaran RPJMD", "S1")]
    assert ("Sasaran Renstra", "DA-S1") in kinds and ("Proses", "01.01") in kinds
    broken = [r for r in tree if r[1] == "DB-S1"][0]
    assert "S404" in broken[5]
    ws = wb["Pohon Penjenjangan"]
    proc_row = next(i for i, r in enumerate(tree, start=2) if r[1] == "01.01")
    assert ws.row_dimensions[proc_row].outline_level == 4

    ws = wb["Progres OPD"]
    header = [c.value for c in ws[1]]
    rows = {r[0] or r[2]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    dina = rows["DINA"]
    assert dina["Status"] == "sudah mengunggah" and dina["Jumlah peta"] == 3
    assert dina["Peta"].split("\n") == ["dina-level1.bpmn", "dina-lintas-fungsi.bpmn", "dina-sop.bpmn"]
    assert (dina["Dilayani"], dina["Jumlah"]) == (1, 3)
    assert dina["Cakupan sasaran"] == pytest.approx(0.333)
    assert rows["DINC"]["Status"] == "belum mengunggah" and rows["DINC"]["Cakupan sasaran"] == 0
    assert rows["DIND"]["Cakupan sasaran"] == "Renstra tidak ada dalam rencana"

    ws = wb["Temuan Set"]
    header = [c.value for c in ws[1]]
    found = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(found) == len(set_report.set_findings)
    assert found[-1]["Subjek"] == "S5" and found[-1]["Aturan"] == "PPB-ALN-003"
    assert found[-1]["Tingkat"] == "Peringatan"
    assert found[-1]["Letak"] == "Butir rencana" and found[-1]["Elemen disebut"] is None


def test_xlsx_set_findings_in_english_say_where(set_report, monkeypatch):
    from validator.engine import Finding

    monkeypatch.setattr(set_report, "lang", "en")
    monkeypatch.setattr(set_report, "set_findings", set_report.set_findings + [Finding(
        rule="PPB-ALN-005", severity="info", element="P_A", elements=["P_A", "P_B"],
        message="m", message_en="two processes", source="uji", confidence="inferred",
        group="aln", title="t", fix="f")])
    ws = load_workbook(BytesIO(render(set_report, "xlsx", now=NOW)))["Temuan Set"]
    header = [c.value for c in ws[1]]
    found = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert (found[-2]["Scope"], found[-2]["Subject"]) == ("Plan item", "S5")
    assert (found[-1]["Scope"], found[-1]["Elements named"]) == ("Element", "P_A, P_B")


def test_xlsx_set_without_plan_has_only_the_set_findings():
    rep = Validator().validate_set(ALIGN_DATA / "set")
    wb = load_workbook(BytesIO(render(rep, "xlsx", now=NOW)))
    assert wb.sheetnames == ["Ringkasan", "Temuan", "Berkas tidak terbaca", "Temuan Set"]
    texts = [c for r in wb["Temuan Set"].iter_rows(values_only=True) for c in r if c]
    assert any("PPB-ALN" in str(t) for t in texts)       # the plan rules not run are named


def test_xlsx_matrix_keeps_to_the_column_limit(set_report, monkeypatch):
    from validator.report import xlsx_report

    monkeypatch.setattr(xlsx_report, "MATRIX_MAX_COLUMNS", 3)
    ws = load_workbook(BytesIO(render(set_report, "xlsx", now=NOW)))["Matriks Keselarasan"]
    assert ws.max_column == xlsx_report.MATRIX_LEAD + 3
    texts = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any("3 dari 10 proses" in t for t in texts)
