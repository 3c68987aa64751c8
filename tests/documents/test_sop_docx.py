"""The SOP AP document as DOCX, read back with python-docx: the procedure table's columns,
rows in the SOP rules' flow order, identity values, empty boxes and warnings."""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from lxml import etree

from validator.documents import DocumentError, sop_document
from validator.documents import flowchart as fc
from validator.documents.docx_writer import write_docx
from validator.documents.sop import build_document, build_form
from validator.parser import parse_bytes
from validator.rules.sop._common import FlowGraph

from .sopmaps import sop_map

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "bpmn_samples" / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def _docx(doc) -> docx.Document:
    buf = io.BytesIO()
    write_docx(doc, buf)
    buf.seek(0)
    return docx.Document(buf)


def _procedure_tables(d):
    return [t for t in d.tables if t.rows and t.rows[0].cells[0].text == "No"
            and t.rows[0].cells[1].text == "Kegiatan"]


def _identity_table(d):
    return next(t for t in d.tables if len(t.rows[0].cells) == 3 and t.rows[0].cells[1].text == "Nomor SOP")


def _lanes_in_file(path: Path) -> list[str]:
    root = etree.parse(str(path)).getroot()
    return [lane.get("name") for lane in root.iter(f"{BPMN}lane")]


def _tasks_in_file(path: Path) -> list[str]:
    root = etree.parse(str(path)).getroot()
    return [t.get("name") for t in root.iter(f"{BPMN}task")]


@pytest.fixture(scope="module")
def sample():
    doc = sop_document([SAMPLE])
    return doc, _docx(doc)


def test_procedure_columns_are_no_kegiatan_lanes_mutu_keterangan(sample):
    _, d = sample
    tables = _procedure_tables(d)
    assert tables, "no procedure table"
    lanes = _lanes_in_file(SAMPLE)
    assert len(lanes) == 5
    for t in tables:
        top = [c.text for c in t.rows[0].cells]
        sub = [c.text for c in t.rows[1].cells]
        assert top == ["No", "Kegiatan"] + ["Pelaksana"] * len(lanes) + ["Mutu Baku"] * 3 + ["Keterangan"]
        assert sub[2:2 + len(lanes)] == lanes
        assert sub[2 + len(lanes):-1] == ["Kelengkapan", "Waktu", "Output"]


def test_rows_follow_the_sop_rules_numbering(sample):
    doc, d = sample
    model = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    numbering = {}
    for process in model.all("Process"):
        numbering.update(FlowGraph(process, model).numbering())
    expected = [node.name for node, _ in sorted(numbering.items(), key=lambda kv: kv[1])]
    rows = [(r.cells[0].text, r.cells[1].text) for t in _procedure_tables(d) for r in t.rows[2:]
            if r.cells[0].text]
    assert [int(no) for no, _ in rows] == list(range(1, len(expected) + 1))
    assert [kegiatan for _, kegiatan in rows] == expected
    # flow order, not file order: the returned file comes third in the flow, second in the file
    assert expected[:3] == ["Menerima dan memeriksa kelengkapan berkas permohonan",
                            "Meregistrasi permohonan dan menerbitkan tanda terima",
                            "Mengembalikan berkas disertai catatan kekurangan"]
    assert _tasks_in_file(SAMPLE)[1] == "Mengembalikan berkas disertai catatan kekurangan"


def test_each_symbol_is_drawn_in_its_pelaksana_column(sample):
    doc, d = sample
    form = doc.forms[0]
    n = len(form.lanes)
    for t, rows in zip(_procedure_tables(d), form.page_rows):
        for tr, prow in zip(t.rows[2:], rows):
            if prow is None:
                continue
            cells = tr.cells[2:2 + n]
            own = cells[prow.lane]._tc
            assert own.findall(f".//{W}drawing"), f"no drawing for {prow.kegiatan!r} in its column"


def test_header_rows_repeat_and_rows_have_exact_heights(sample):
    _, d = sample
    for t in _procedure_tables(d):
        trs = t._tbl.findall(f"{W}tr")
        for tr in trs[:2]:
            assert tr.find(f"{W}trPr/{W}tblHeader") is not None
        for tr in trs[2:]:
            assert tr.find(f"{W}trPr/{W}trHeight").get(f"{W}hRule") == "exact"


def test_sop_pages_are_landscape_and_headings_make_a_toc(sample):
    _, d = sample
    last = d.sections[-1]
    assert last.page_width > last.page_height
    assert d.sections[0].page_width < d.sections[0].page_height
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "PENJELASAN SINGKAT PENGGUNAAN" in headings
    assert "1. Penerbitan Surat Izin Praktik Bidan" in headings
    xml = d.element.xml
    assert 'TOC \\o "1-2"' in xml


def test_identity_values_come_from_the_map(sample):
    _, d = sample
    t = _identity_table(d)
    text = "\n".join(c.text for r in t.rows for c in r.cells)
    for value in ("800/017/SOP-DPMPTSP/2025", "10 Maret 2025", "1 September 2025", "1 Oktober 2025",
                  "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
                  "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
                  "Register permohonan dan arsip elektronik SIP Bidan",
                  "PEMERINTAH KOTA PARIAMAN"):
        assert value in text


def test_missing_identity_gives_empty_boxes_and_a_warning():
    model = parse_bytes(sop_map(n=6, identity=False), "tanpa-identitas.bpmn")
    form = build_form(model, "tanpa-identitas.bpmn")
    doc = build_document([form])
    d = _docx(doc)
    t = _identity_table(d)
    by_label = {r.cells[1].text: r.cells[2].text for r in t.rows[:6]}
    assert by_label["Nomor SOP"] == ""
    assert by_label["Tanggal Efektif"] == ""
    assert by_label["Nama SOP"] == "Pelayanan Uji Coba Dokumen"   # the process name, as PPB-SOP-008 reads it
    labels = [r.cells[0].text for r in t.rows[6:]]
    assert "Dasar Hukum:" in labels
    values = t.rows[7].cells[0].text
    assert values == ""
    codes = {w.code: w.message for w in doc.warnings}
    assert "DOKUMEN_IDENTITAS_KOSONG" in codes
    assert "Nomor SOP" in codes["DOKUMEN_IDENTITAS_KOSONG"]
    assert "Dasar Hukum" in codes["DOKUMEN_IDENTITAS_KOSONG"]
    assert _procedure_tables(d)


def test_full_identity_gives_no_identity_warning():
    model = parse_bytes(sop_map(n=6), "lengkap.bpmn")
    form = build_form(model, "lengkap.bpmn")
    assert not [w for w in form.warnings if w.code == "DOKUMEN_IDENTITAS_KOSONG"]
    d = _docx(build_document([form]))
    text = "\n".join(c.text for r in _identity_table(d).rows for c in r.cells)
    assert "Drs. Nama Pejabat Uji" in text and "NIP. 197001012000031001" in text


def test_long_sop_breaks_with_lettered_connectors():
    model = parse_bytes(sop_map(n=30, lanes=4), "panjang.bpmn")
    form = build_form(model, "panjang.bpmn")
    assert len(form.pages) >= 3
    outgoing, incoming = [], []
    for p, page in enumerate(form.pages):
        for i, row in enumerate(page.rows):
            if row.kind != fc.CONNECTOR:
                continue
            marks = [m for _, m, _ in row.connectors]
            (outgoing if i == len(page.rows) - 1 else incoming).extend((p, m) for m in marks)
    assert outgoing and sorted(m for _, m in outgoing) == sorted(m for _, m in incoming)
    assert all(re.fullmatch(r"[A-Z]+", m) for _, m in outgoing)
    # every letter leaves one page and arrives on another
    for p, m in outgoing:
        assert any(q != p for q, n in incoming if n == m)
    d = _docx(build_document([form]))
    tables = _procedure_tables(d)
    assert len(tables) == len(form.pages)
    numbers = [int(r.cells[0].text) for t in tables for r in t.rows[2:] if r.cells[0].text]
    assert numbers == list(range(1, 31))


def test_a_map_that_is_no_sop_is_refused():
    level0 = ROOT / "bpmn_samples" / "pariaman" / "pemda-level0-baik.bpmn"
    with pytest.raises(DocumentError) as err:
        sop_document([level0])
    assert err.value.code == "DOKUMEN_TANPA_SOP"
    assert "Tidak ada peta SOP" in err.value.message


def _template(drop_styles=()) -> bytes:
    """A Pemda's template: a kop surat in the header, Times New Roman, some body text."""
    t = docx.Document()
    t.sections[0].header.paragraphs[0].text = "PEMERINTAH KOTA UJI - KOP SURAT"
    t.styles["Normal"].font.name = "Times New Roman"
    t.add_paragraph("Isi contoh templat yang tidak boleh ikut")
    for name in drop_styles:
        el = t.styles[name].element
        el.getparent().remove(el)
    buf = io.BytesIO()
    t.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("drop", [(), ("Heading 1", "Heading 2", "Title", "Table Grid")])
def test_pemda_template_gives_kop_fonts_and_styles(drop):
    model = parse_bytes(sop_map(n=5), "templat.bpmn")
    doc = build_document([build_form(model, "templat.bpmn")])
    buf = io.BytesIO()
    write_docx(doc, buf, template=_template(drop))
    buf.seek(0)
    d = docx.Document(buf)
    assert d.sections[0].header.paragraphs[0].text == "PEMERINTAH KOTA UJI - KOP SURAT"
    assert "KOP SURAT" not in "".join(p.text for p in d.sections[-1].header.paragraphs)
    assert d.styles["Normal"].font.name == "Times New Roman"
    body = "\n".join(p.text for p in d.paragraphs)
    assert "Isi contoh templat" not in body
    assert "PENJELASAN SINGKAT PENGGUNAAN" in [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    h1 = d.styles["Heading 1"].element
    assert h1.find(f".//{W}outlineLvl") is not None or not drop   # the TOC finds headings
    assert _procedure_tables(d) and _procedure_tables(d)[0].style.name == "Table Grid"


def test_a_template_that_is_no_docx_is_refused():
    doc = build_document([build_form(parse_bytes(sop_map(n=3), "x.bpmn"), "x.bpmn")])
    with pytest.raises(DocumentError) as err:
        write_docx(doc, io.BytesIO(), template=b"bukan docx")
    assert err.value.code == "TEMPLAT_DOCX_RUSAK"


def test_shape_ids_are_unique_with_logos_and_several_sops():
    forms = [build_form(parse_bytes(sop_map(n=n), f"s{n}.bpmn"), f"s{n}.bpmn") for n in (6, 25)]
    buf = io.BytesIO()
    from validator.documents.raster import symbol_png
    write_docx(build_document(forms, logo=symbol_png("process")), buf)
    buf.seek(0)
    d = docx.Document(buf)
    ids = [el.get("id") for el in d.element.iter("{http://schemas.openxmlformats.org/"
                                                  "drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(ids) > 50 and len(ids) == len(set(ids))


def test_document_from_maps_already_read_as_the_web_has_them():
    from validator.documents import sop_document_from_files
    from validator.mapset import from_bytes

    map_set = from_bytes([("b.bpmn", sop_map(n=4)), ("a.bpmn", SAMPLE.read_bytes())])
    doc = sop_document_from_files(map_set.files)
    assert [f.source for f in doc.forms] == [f.name for f in map_set.files]
    assert {f.title for f in doc.forms} == {"Pelayanan Uji Coba Dokumen",
                                           "Penerbitan Surat Izin Praktik Bidan"}
