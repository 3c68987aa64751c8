"""The Peta Proses Bisnis document (``ppb dokumen peta``) as DOCX, read back with python-docx:
headings in order, the Level 0 process table against the Level 0 map, one picture per map
drawn by bpmn-js, the Lampiran header on every section, DRAF, Peraturan, one OPD's document,
the Pendahuluan file, the diagram cache and the errors."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

from validator.documents.diagrams import DiagramRenderer, find_chromium
from validator.documents.peta import build_peta, headings, load_pendahuluan, render_peta
from validator.documents.sop import DocumentError
from validator.parser import parse_bytes
from validator.plan.loader import load_plan

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "bpmn_samples" / "pariaman"
PLAN = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"
LEVEL0 = SET / "pemda-level0-baik.bpmn"
TITLE = "Peta Proses Bisnis Pemerintah Kota Pariaman Tahun 2025-2029"


def _no_browser(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"the document test cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    if find_chromium() is None:
        _no_browser("Chromium is missing (make browser-deps installs it)")
    return tmp_path_factory.mktemp("diagram-cache")


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def sample(cache, plan):
    """The Pariaman set with its plan, as the Wali Kota's draft Keputusan, and its DOCX."""
    doc = build_peta([SET], plan=plan, kaskade=True, cache_dir=cache)
    return doc, docx.Document(io.BytesIO(render_peta(doc, "docx")))


def _headings(d):
    return [(int(p.style.name.split()[-1]), p.text) for p in d.paragraphs
            if p.style.name.startswith("Heading ")]


def _header_text(section) -> str:
    return "\n".join(p.text for p in section.header.paragraphs)


def _all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _level0_nodes():
    """(kode, name, pemilik) of the process boxes the Level 0 map draws, read directly."""
    model = parse_bytes(LEVEL0.read_bytes(), LEVEL0.name)
    out = []
    for el in model.all("SubProcess") + model.all("CallActivity"):
        if el.parent is not None and "Process" in el.parent.types:
            out.append((el.ext.get("kode"), el.name, el.ext.get("pemilik")))
    return sorted(out)


def test_headings_in_order_with_heading_styles(sample):
    doc, d = sample
    found = _headings(d)
    assert found == headings(doc)
    texts = [t for _, t in found]
    assert texts[0] == "BAB I PENDAHULUAN"
    assert texts.index("BAB II PETA PROSES BISNIS LEVEL 0") < texts.index(
        "BAB III PETA PROSES BISNIS PERANGKAT DAERAH") < texts.index(
        "BAB IV DAFTAR STANDAR OPERASIONAL PROSEDUR")
    assert "BAB VI KASKADE SASARAN KE PROSES" in texts
    # every OPD of the set is a level-2 heading, each of its maps a level-3 heading
    opds = [t for lv, t in found if lv == 2 and re.match(r"^[A-Z]\. Dinas ", t)]
    assert [o.split(". ", 1)[1] for o in opds] == [
        "Dinas Kesehatan", "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"]
    maps = [t for lv, t in found if lv == 3]
    assert len(maps) == 13       # 15 maps: the Level 0 has its own chapter, the SOP is listed
    assert "A.1. Peta Subproses 02 Pelayanan Kesehatan" in maps
    # the daftar isi is a TOC field over the heading styles
    body = d.element.body.xml
    assert 'TOC \\o "1-3"' in body


def test_level0_table_rows_are_the_level0_process_boxes(sample):
    _, d = sample
    table = next(t for t in d.tables
                 if [c.text for c in t.rows[0].cells][:4] == ["Kode", "Nama Proses", "Kategori", "Pemilik"]
                 and t.rows[0].cells[4].text == "Sasaran RPJMD")
    heads = [c.text for c in table.rows[0].cells]
    assert heads == ["Kode", "Nama Proses", "Kategori", "Pemilik", "Sasaran RPJMD", "Pemasok",
                     "Masukan", "Keluaran", "Pelanggan"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert sorted((r[0], r[1], r[3]) for r in rows) == _level0_nodes()
    by_kode = {r[0]: r for r in rows}
    assert by_kode["01"][2] == "Inti" and by_kode["07"][2] == "Pendukung" and by_kode["10"][2] == "Manajemen"
    # sasaran RPJMD with its text from the plan; SIPOC from the message flows
    assert by_kode["02"][4] == "S2.1 Meningkatnya akses dan mutu pelayanan kesehatan"
    assert by_kode["02"][5] == "Masyarakat Kota Pariaman"
    assert by_kode["02"][6] == "Kebutuhan layanan kesehatan"
    assert by_kode["10"][5].split("\n") == ["DPRD Kota Pariaman", "Pemerintah Provinsi Sumatera Barat"]
    assert by_kode["13"][8].split("\n") == ["DPRD Kota Pariaman", "Pemerintah Provinsi Sumatera Barat"]
    assert by_kode["01"][4] == ""      # the sample plan's deliberate gap: no sasaran for 01


def test_one_picture_per_map_and_wide_maps_on_landscape_sections(sample):
    doc, d = sample
    maps = doc.maps
    assert len(maps) == 14                       # every map of the set except the SOP map
    assert all(m.diagram is not None and m.diagram.ok for m in maps)
    assert len(d.inline_shapes) == len(maps)
    for shape in d.inline_shapes:
        assert shape.width > 0 and shape.height > 0
    # the pictures are the PNGs drawn by bpmn-js, in document order
    blips = re.findall(r'r:embed="(rId\d+)"', d.element.body.xml)
    assert len(blips) == len(maps)
    rels = d.part.rels
    pngs = [rels[r].target_part.blob for r in blips]
    assert all(p.startswith(b"\x89PNG") for p in pngs)
    assert pngs[0] == maps[0].diagram.png        # the Level 0 first
    # the Level 0 (wide) and every wide map sit on landscape sections; none narrower than tall
    land = [s for s in d.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert land and all(s.page_width > s.page_height for s in land)
    assert len(land) == 1 + sum(1 for m in maps[1:] if m.landscape)
    assert abs(d.sections[0].page_width.mm - 210) < 0.5 and abs(d.sections[0].page_height.mm - 297) < 0.5


def test_lampiran_header_on_every_section_and_draft_mark(sample):
    doc, d = sample
    assert doc.draft
    assert "DRAF" in d.paragraphs[0].text
    assert _header_text(d.sections[0]).strip() == ""      # the Keputusan itself has no header
    for s in d.sections[1:]:
        text = _header_text(s)
        assert "LAMPIRAN KEPUTUSAN WALI KOTA PARIAMAN" in text
        assert "NOMOR\t:\t" in text and "TANGGAL\t:\t" in text
        assert f"TENTANG\t:\t{TITLE.upper()}" in text
        assert "DRAF" in text
    body = _all_text(d)
    assert "KEPUTUSAN WALI KOTA PARIAMAN" in body
    assert "KESATU" in body and "KEDUA" in body
    assert "sebagaimana tercantum dalam Lampiran" in body
    assert TITLE.upper() in body


def test_enacted_document_has_nomor_and_tanggal_and_no_draft(cache, plan):
    doc = build_peta([SET], plan=plan, nomor="100.3.3.2/245/2025", tanggal="2025-12-15",
                     cache_dir=cache)
    assert not doc.draft
    d = docx.Document(io.BytesIO(render_peta(doc, "docx")))
    body = _all_text(d)
    assert "DRAF" not in body
    assert "NOMOR 100.3.3.2/245/2025" in body
    assert "pada tanggal 15 Desember 2025" in body
    for s in d.sections[1:]:
        text = _header_text(s)
        assert "DRAF" not in text
        assert "NOMOR\t:\t100.3.3.2/245/2025" in text and "TANGGAL\t:\t15 Desember 2025" in text
    # no kaskade asked: no cascade chapter
    assert not any("KASKADE" in t for _, t in _headings(d))


def test_peraturan_has_menimbang_mengingat_pasal_and_berita_daerah(cache, plan):
    doc = build_peta([SET], plan=plan, instrumen="peraturan", cache_dir=cache)
    d = docx.Document(io.BytesIO(render_peta(doc, "docx")))
    body = _all_text(d)
    for words in ("PERATURAN WALI KOTA PARIAMAN", "DENGAN RAHMAT TUHAN YANG MAHA ESA", "Menimbang",
                  "Mengingat", "Pasal 1", "Pasal 4", "Ditetapkan di Pariaman",
                  "Diundangkan di Pariaman", "BERITA DAERAH KOTA PARIAMAN"):
        assert words in body, words
    assert "KESATU" not in body
    assert "LAMPIRAN PERATURAN WALI KOTA PARIAMAN" in _header_text(d.sections[1])


def test_one_opd_document_is_enacted_by_its_head(cache, plan):
    doc = build_peta([SET], plan=plan, opd="DINKES", cache_dir=cache)
    assert doc.scope == "opd" and doc.penetap == "Kepala Dinas Kesehatan Kota Pariaman"
    assert [p.nama for p in doc.opds] == ["Dinas Kesehatan"]
    assert {m.file for m in doc.opds[0].maps} == {
        "dinkes-level1-baik.bpmn", "dinkes-pendampingan-akreditasi-lintas-fungsi-baik.bpmn",
        "dinkes-rekomendasi-sip-lintas-fungsi-baik.bpmn"}
    assert [r.kode for r in doc.level0_rows] == ["02"]     # its own Level 0 process only
    assert doc.title == "Peta Proses Bisnis Dinas Kesehatan Tahun 2025-2029"
    d = docx.Document(io.BytesIO(render_peta(doc, "docx")))
    assert "KEPUTUSAN KEPALA DINAS KESEHATAN KOTA PARIAMAN" in _all_text(d)
    assert "LAMPIRAN KEPUTUSAN KEPALA DINAS KESEHATAN KOTA PARIAMAN" in _header_text(d.sections[1])


def test_sop_list_and_code_index(sample):
    doc, d = sample
    sop_table = next(t for t in d.tables if [c.text for c in t.rows[0].cells][:3] == ["No", "Nomor SOP", "Judul SOP"])
    rows = [[c.text for c in r.cells] for r in sop_table.rows[1:]]
    assert rows == [["1", "800/017/SOP-DPMPTSP/2025", "Penerbitan Surat Izin Praktik Bidan",
                     rows[0][3], "04.02.01", "Berlaku sejak 1 Oktober 2025"]]
    assert "Dinas Penanaman Modal" in rows[0][3]
    # the SOP is listed under the maps it derives from (its Peta Lintas Fungsi and Level 1)
    holders = [m.file for m in doc.maps if m.sops]
    assert set(holders) == {"sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn", "dpmptsp-level1-baik.bpmn"}
    codes = next(t for t in d.tables if [c.text for c in t.rows[0].cells] ==
                 ["Kode", "Nama Proses", "Jenis Peta", "Pemilik", "Berkas Peta"])
    kode = [r.cells[0].text for r in codes.rows[1:]]
    assert "01" in kode and "04.02.01.01" in kode and "03.01.03" in kode
    assert kode == sorted(kode, key=lambda k: [int(x) for x in k.split(".")])


def test_pendahuluan_from_the_pemdas_file(cache, plan, tmp_path):
    own = tmp_path / "pendahuluan.yaml"
    own.write_text("dasar_hukum:\n  - Peraturan Daerah {pemda} Nomor 7 Tahun 2025 tentang RPJMD\n"
                   "maksud: Dokumen ini disusun untuk {instansi}.\n", encoding="utf-8")
    doc = build_peta([SET], plan=plan, pendahuluan=load_pendahuluan(own), cache_dir=cache)
    assert doc.pendahuluan["dasar_hukum"] == [
        "Peraturan Daerah Kota Pariaman Nomor 7 Tahun 2025 tentang RPJMD"]
    assert doc.pendahuluan["maksud"] == ["Dokumen ini disusun untuk Pemerintah Kota Pariaman."]
    assert doc.pendahuluan["tujuan"]          # left out: our default wording stays
    body = _all_text(docx.Document(io.BytesIO(render_peta(doc, "docx"))))
    assert "Peraturan Daerah Kota Pariaman Nomor 7 Tahun 2025 tentang RPJMD" in body
    bad = tmp_path / "salah.yaml"
    bad.write_text("latar: x\n", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        load_pendahuluan(bad)
    assert exc.value.code == "PENDAHULUAN_TIDAK_SAH" and "latar" in exc.value.message


def test_f4_paper(cache):
    doc = build_peta([SET], paper="f4", cache_dir=cache)
    assert doc.periode == "" and doc.title == "Peta Proses Bisnis Pemerintah Kota Pariaman Tahun 2025"
    d = docx.Document(io.BytesIO(render_peta(doc, "docx")))
    first = d.sections[0]
    assert abs(first.page_width.mm - 215) < 0.5 and abs(first.page_height.mm - 330) < 0.5
    land = [s for s in d.sections if s.orientation == WD_ORIENT.LANDSCAPE][0]
    assert abs(land.page_width.mm - 330) < 0.5


def test_diagrams_are_cached_by_model_hash(cache, tmp_path):
    with DiagramRenderer(cache_dir=cache) as r:
        build_peta([SET], renderer=r)
        assert r.rendered == 0 and r.from_cache == 14     # the module's first build drew them
    changed = tmp_path / "set"
    changed.mkdir()
    for f in SET.glob("*.bpmn"):
        (changed / f.name).write_bytes(f.read_bytes())
    target = changed / "ktp-el-lintas-fungsi-baik.bpmn"
    target.write_bytes(target.read_bytes() + b"\n<!-- versi baru -->\n")
    with DiagramRenderer(cache_dir=cache) as r:
        build_peta([changed], renderer=r)
        assert r.rendered == 1 and r.from_cache == 13     # only the changed map is drawn again


def test_map_without_diagram_interchange_is_laid_out_automatically(cache):
    data = (SET / "ktp-el-lintas-fungsi-baik.bpmn").read_text(encoding="utf-8")
    bare = re.sub(r"<bpmndi:BPMNDiagram.*</bpmndi:BPMNDiagram>", "", data, flags=re.S)
    assert "BPMNShape" not in bare
    with DiagramRenderer(cache_dir=cache) as r:
        drawn = r.render(bare.encode("utf-8"))
    assert drawn.ok and drawn.auto_layout
    assert drawn.width > 200 and drawn.png.startswith(b"\x89PNG")


def test_a_map_bpmn_js_cannot_draw_gives_a_note_not_a_crash(cache):
    with DiagramRenderer(cache_dir=cache) as r:
        drawn = r.render(b"<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'/>")
    assert not drawn.ok and drawn.error


def test_errors_are_indonesian_with_codes(cache, monkeypatch, tmp_path):
    with pytest.raises(DocumentError) as exc:
        build_peta([SET], kaskade=True, cache_dir=cache)
    assert exc.value.code == "DOKUMEN_KASKADE_TANPA_RENCANA"
    with pytest.raises(DocumentError) as exc:
        build_peta([SET], opd="DINAS-TIDAK-ADA", cache_dir=cache)
    assert exc.value.code == "DOKUMEN_OPD_TIDAK_DIKENAL" and "Dinas Kesehatan" in exc.value.message
    with pytest.raises(DocumentError) as exc:
        build_peta([SET], instrumen="instruksi", cache_dir=cache)
    assert exc.value.code == "DOKUMEN_INSTRUMEN_TIDAK_DIKENAL"
    broken = tmp_path / "rusak.bpmn"
    broken.write_text("bukan xml", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        build_peta([broken], cache_dir=cache)
    assert exc.value.code == "DOKUMEN_TANPA_PETA" and "rusak.bpmn" in exc.value.message
    # one unreadable map among readable ones: a warning, the rest is written
    doc = build_peta([broken, SET / "ktp-el-lintas-fungsi-baik.bpmn"], cache_dir=cache)
    assert [m.file for m in doc.maps] == ["ktp-el-lintas-fungsi-baik.bpmn"]
    assert {"DOKUMEN_PETA_TIDAK_TERBACA", "DOKUMEN_TANPA_LEVEL0"} <= {w.code for w in doc.warnings}
    # no browser: a clear message, not a traceback
    monkeypatch.setenv("PPB_CHROMIUM", str(tmp_path / "tidak-ada-chromium"))
    with pytest.raises(DocumentError) as exc:
        build_peta([SET], cache_dir=tmp_path / "kosong")
    assert exc.value.code == "CHROMIUM_TIDAK_ADA" and "Chromium" in exc.value.message


def test_relation_maps_sit_between_level1_and_cross_functional_maps(cache, tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    for name in ("pemda-level0-baik.bpmn", "dinkes-level1-baik.bpmn",
                 "dinkes-rekomendasi-sip-lintas-fungsi-baik.bpmn"):
        (folder / name).write_bytes((SET / name).read_bytes())
    relasi = (SET / "dinkes-level1-baik.bpmn").read_text(encoding="utf-8")
    relasi = relasi.replace('ppb:jenisPeta="subproses"', 'ppb:jenisPeta="relasi"')
    relasi = re.sub(r'ppb:kode="02\.0(\d)"', r'ppb:kode="02.9\1"', relasi)
    (folder / "dinkes-relasi.bpmn").write_text(relasi, encoding="utf-8")
    doc = build_peta([folder], cache_dir=cache)
    assert [m.jenis for m in doc.opds[0].maps] == ["subproses", "relasi", "lintasFungsi"]
    d = docx.Document(io.BytesIO(render_peta(doc, "docx")))
    level3 = [t for lv, t in _headings(d) if lv == 3]
    assert level3[1] == "A.2. Peta Relasi 02 Pelayanan Kesehatan"
    assert len(d.inline_shapes) == 4


def test_a_set_read_from_bytes_gives_the_same_document(cache, plan):
    from validator.mapset import from_bytes

    mapset = from_bytes([(f.name, f.read_bytes()) for f in sorted(SET.glob("*.bpmn"))])
    doc = build_peta(mapset, plan=plan, cache_dir=cache)
    again = build_peta([SET], plan=plan, cache_dir=cache)
    assert headings(doc) == headings(again)
    assert [m.diagram.png for m in doc.maps] == [m.diagram.png for m in again.maps]


def test_cache_folder_setting(monkeypatch, tmp_path):
    from flask import Flask

    from validator.documents.diagrams import default_cache_dir

    monkeypatch.delenv("PPB_DIAGRAM_CACHE", raising=False)
    assert default_cache_dir().parts[-2:] == ("ppb-validator", "diagram")
    app = Flask("t", instance_path=str(tmp_path / "instance"))
    with app.app_context():
        assert default_cache_dir() == tmp_path / "instance" / "cache" / "diagram"
    monkeypatch.setenv("PPB_DIAGRAM_CACHE", str(tmp_path / "di-sini"))
    with app.app_context():
        assert default_cache_dir() == tmp_path / "di-sini"


def test_an_sop_with_validation_errors_is_listed_as_needing_repair(cache, tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    for name in ("dpmptsp-level1-baik.bpmn", "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn"):
        (folder / name).write_bytes((SET / name).read_bytes())
    flawed = ROOT / "bpmn_samples" / "cacat" / "sop-penerbitan-sip-bidan-cacat.bpmn"
    (folder / flawed.name).write_bytes(flawed.read_bytes())
    doc = build_peta([folder], cache_dir=cache)
    (sop,) = doc.sops
    assert re.fullmatch(r"Perlu perbaikan \(\d+ galat validasi\)", sop.status)
    assert int(re.search(r"\d+", sop.status).group()) > 0
    assert [m.file for m in doc.maps if m.sops] == ["dpmptsp-level1-baik.bpmn",
                                                    "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn"]


@pytest.mark.parametrize("drop", [(), ("Heading 1", "Heading 2", "Heading 3", "Title", "Table Grid")])
def test_pemda_template_keeps_its_kop_on_the_instrument_and_lampiran_headers_after(sample, drop):
    doc, plain = sample
    t = docx.Document()
    t.sections[0].header.paragraphs[0].text = "PEMERINTAH KOTA UJI - KOP SURAT"
    t.styles["Normal"].font.name = "Times New Roman"
    t.add_paragraph("Isi contoh templat yang tidak boleh ikut")
    for name in drop:
        el = t.styles[name].element
        el.getparent().remove(el)
    buf = io.BytesIO()
    t.save(buf)
    d = docx.Document(io.BytesIO(render_peta(doc, "docx", template=buf.getvalue())))
    assert _header_text(d.sections[0]) == "PEMERINTAH KOTA UJI - KOP SURAT"
    assert d.styles["Normal"].font.name == "Times New Roman"
    assert "Isi contoh templat" not in _all_text(d)
    # the Lampiran pages carry the Lampiran header, not the kop, as without a template
    later = [_header_text(s) for s in d.sections[1:]]
    assert later and all("LAMPIRAN" in h and "KOP SURAT" not in h for h in later)
    # the same headings (the daftar isi finds them) and the same pictures as without a template
    assert _headings(d) == _headings(plain)
    assert len(d.inline_shapes) == len(plain.inline_shapes)
