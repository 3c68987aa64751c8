"""The decree that adopted a map: its number printed next to its date (issue 17).

* An SOP document whose SOP maps state one adoption (``ppb:nomorPenetapan`` and
  ``ppb:tanggalPenetapan``) prints that Keputusan's number and date; maps that disagree leave
  the document a draft with a warning; a number given by the caller wins, with a warning
  when a map states another.
* The Peta Proses Bisnis document prints, under each map, the number and date of the decree
  that adopted that map.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx

from validator.documents.docx_writer import write_docx
from validator.documents.html_view import write_html
from validator.documents.peta import build_peta, render_peta
from validator.documents.sop import build_document, build_form
from validator.parser import parse_bytes

from .sopmaps import sop_map

ROOT = Path(__file__).resolve().parents[2]
DINKES = ROOT / "bpmn_samples" / "pariaman" / "dinkes-level1-baik.bpmn"
ADOPTED = {"nomorPenetapan": "800/045/SOP-UJI/2025", "tanggalPenetapan": "2025-03-12"}


def _form(extra=None, name="uji.bpmn"):
    return build_form(parse_bytes(sop_map(n=4, extra=extra)), name)


def _docx_text(doc) -> str:
    buf = io.BytesIO()
    write_docx(doc, buf)
    d = docx.Document(io.BytesIO(buf.getvalue()))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


def test_sop_document_prints_the_decree_the_maps_state():
    doc = build_document([_form(ADOPTED)])
    assert (doc.keputusan_nomor, doc.keputusan_tanggal) == ("800/045/SOP-UJI/2025", "12 Maret 2025")
    assert not doc.draft
    assert "DOKUMEN_PENETAPAN_DARI_PETA" in {w.code for w in doc.warnings}
    text = _docx_text(doc)
    assert "800/045/SOP-UJI/2025" in text and "12 Maret 2025" in text
    html = write_html(doc)
    assert "800/045/SOP-UJI/2025" in html and "12 Maret 2025" in html


def test_sop_maps_without_one_shared_decree_leave_a_draft():
    other = dict(ADOPTED, nomorPenetapan="800/046/SOP-UJI/2025")
    doc = build_document([_form(ADOPTED, "a.bpmn"), _form(other, "b.bpmn")])
    assert doc.draft and doc.keputusan_nomor == "" and doc.keputusan_tanggal == ""
    warning = next(w for w in doc.warnings if w.code == "DOKUMEN_PENETAPAN_TIDAK_SERAGAM")
    assert "800/045/SOP-UJI/2025" in warning.message and "800/046/SOP-UJI/2025" in warning.message
    # one adopted SOP beside one that is not: no shared decree either
    doc = build_document([_form(ADOPTED, "a.bpmn"), _form(None, "b.bpmn")])
    assert doc.draft
    # none adopted: a draft, and nothing to warn about
    doc = build_document([_form(None)])
    assert doc.draft and not [w for w in doc.warnings if w.code.startswith("DOKUMEN_PENETAPAN")]


def test_the_callers_decree_wins_and_a_different_map_number_is_named():
    doc = build_document([_form(ADOPTED)], keputusan_nomor="800/050/2026", keputusan_tanggal="2 Januari 2026")
    assert (doc.keputusan_nomor, doc.keputusan_tanggal) == ("800/050/2026", "2 Januari 2026")
    assert "DOKUMEN_PENETAPAN_BERBEDA" in {w.code for w in doc.warnings}
    same = build_document([_form(ADOPTED)], keputusan_nomor="800/045/SOP-UJI/2025")
    assert "DOKUMEN_PENETAPAN_BERBEDA" not in {w.code for w in same.warnings}


class _NoDiagrams:
    """The map pictures are not what is checked here: no browser needed."""

    def render(self, data):
        return None


def test_peta_document_prints_each_maps_decree_number_and_date():
    doc = build_peta([DINKES], renderer=_NoDiagrams())
    entry = next(m for m in doc.maps if m.file.endswith("dinkes-level1-baik.bpmn"))
    want = "ditetapkan dengan Nomor 400.7/087/DINKES/2025 tanggal 1 Desember 2025"
    assert entry.penetapan == want
    html = render_peta(doc, "html").decode("utf-8")
    assert want in html
    d = docx.Document(io.BytesIO(render_peta(doc, "docx")))
    assert any(want in p.text for p in d.paragraphs)


def test_a_map_with_half_an_adoption_says_what_is_missing(tmp_path):
    src = DINKES.read_text(encoding="utf-8")
    assert 'ppb:nomorPenetapan="400.7/087/DINKES/2025"' in src
    path = tmp_path / "dinkes.bpmn"
    path.write_text(src.replace('ppb:nomorPenetapan="400.7/087/DINKES/2025"', 'ppb:nomorPenetapan="-"'),
                    encoding="utf-8")
    doc = build_peta([path], renderer=_NoDiagrams())
    assert doc.maps[0].penetapan == "ditetapkan tanggal 1 Desember 2025 (nomor penetapan belum diisi)"
