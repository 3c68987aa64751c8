"""The SOP flowchart's geometry: symbols centred in their pelaksana's column, orthogonal
arrows that cross no symbol, "Ya" down and "Tidak" sideways, pages within the paper."""
from __future__ import annotations

from pathlib import Path

import pytest

from validator.documents import flowchart as fc
from validator.documents.sop import MARGIN, build_form
from validator.parser import parse_bytes

from .sopmaps import sop_map

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "bpmn_samples" / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"
EPS = 1e-6


def _forms():
    yield build_form(parse_bytes(SAMPLE.read_bytes(), SAMPLE.name), SAMPLE.name)
    for n, lanes in ((8, 3), (30, 4), (20, 7)):
        yield build_form(parse_bytes(sop_map(n=n, lanes=lanes), f"uji-{n}.bpmn"), f"uji-{n}.bpmn")


FORMS = list(_forms())


def _crosses(a, b, shape, pad=0.2) -> bool:
    """Does the segment a-b pass through the inside of ``shape``'s box?"""
    x0, x1 = shape.x - shape.w / 2 + pad, shape.x + shape.w / 2 - pad
    y0, y1 = shape.y - shape.h / 2 + pad, shape.y + shape.h / 2 - pad
    if abs(a[0] - b[0]) < EPS:   # vertical
        lo, hi = sorted((a[1], b[1]))
        return x0 < a[0] < x1 and lo < y1 and hi > y0
    lo, hi = sorted((a[0], b[0]))
    return y0 < a[1] < y1 and lo < x1 and hi > x0


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.source)
def test_arrows_are_orthogonal_and_cross_no_symbol(form):
    for page in form.pages:
        d = page.drawing
        for line in d.lines:
            pts = line.points
            assert len(pts) >= 2
            for a, b in zip(pts, pts[1:]):
                assert abs(a[0] - b[0]) < EPS or abs(a[1] - b[1]) < EPS, pts
                for shape in d.shapes:
                    assert not _crosses(a, b, shape), (form.source, pts, shape)
            for x, y in pts:
                assert -EPS <= x <= d.width + EPS and -EPS <= y <= d.height + EPS


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.source)
def test_symbols_sit_centred_in_their_pelaksana_column(form):
    for page, rows in zip(form.pages, form.page_rows):
        d = page.drawing
        shapes = [s for s in d.shapes if s.kind != fc.CONNECTOR]
        drawn = [r for r in rows if r is not None]
        assert len(shapes) == len(drawn)
        for shape, row, top, grid in zip(shapes, drawn, [t for t, r in zip(d.row_tops, rows) if r],
                                         [g for g, r in zip(page.rows, rows) if r]):
            assert shape.kind == row.kind
            assert abs(shape.x - (row.lane + 0.5) * d.col_width) < EPS
            assert abs(shape.y - (top + grid.height / 2)) < EPS


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.source)
def test_pages_fit_on_the_paper(form):
    lay = form.layout
    assert abs(sum(lay.col_widths) - (lay.page_w - 2 * MARGIN)) < 0.01
    for page in form.pages:
        assert sum(r.height for r in page.rows) + sum(lay.header_h) < lay.page_h - 2 * MARGIN


def test_ya_goes_down_and_tidak_sideways():
    form = FORMS[0]
    labels, decisions = [], 0
    for page in form.pages:
        d = page.drawing
        labels += [lb.text for lb in d.labels]
        for shape in d.shapes:
            if shape.kind != fc.DECISION:
                continue
            decisions += 1
            bottom = (shape.x, shape.y + shape.h / 2)
            sides = [(shape.x - shape.w / 2, shape.y), (shape.x + shape.w / 2, shape.y)]
            down = [ln for ln in d.lines if _same(ln.points[0], bottom)]
            side = [ln for ln in d.lines if any(_same(ln.points[0], p) for p in sides)]
            assert len(down) == 1 and len(side) == 1
            (x0, y0), (x1, y1) = down[0].points[:2]
            assert abs(x0 - x1) < EPS and y1 > y0            # "Ya" continues down
            (x0, y0), (x1, y1) = side[0].points[:2]
            assert abs(y0 - y1) < EPS and abs(x1 - x0) > EPS  # "Tidak" leaves sideways
    assert decisions == 2
    assert sorted(labels) == ["Tidak", "Tidak", "Ya", "Ya"]


def _same(p, q):
    return abs(p[0] - q[0]) < EPS and abs(p[1] - q[1]) < EPS


def test_branch_words():
    assert fc.split_branches(["Tidak", "Ya"]) == (1, [0])
    assert fc.split_branches(["Belum lengkap", "Lengkap"]) == (1, [0])
    assert fc.split_branches(["Sesuai", "Tidak sesuai"]) == (0, [1])
    assert fc.split_branches(["", ""]) == (0, [1])


@pytest.mark.parametrize("n,lanes,every", [(n, lanes, every) for n in (3, 11, 26, 45)
                                           for lanes in (1, 2, 5, 8) for every in (0, 2, 3)])
def test_many_shapes_of_sop_route_cleanly(n, lanes, every):
    form = build_form(parse_bytes(sop_map(n=n, lanes=lanes, decide_every=every), "x.bpmn"), "x.bpmn")
    numbers = [r.number for rows in form.page_rows for r in rows if r is not None and r.number]
    assert numbers == list(range(1, n + 1))
    for page in form.pages:
        d = page.drawing
        for line in d.lines:
            for a, b in zip(line.points, line.points[1:]):
                assert abs(a[0] - b[0]) < EPS or abs(a[1] - b[1]) < EPS
                assert not any(_crosses(a, b, s) for s in d.shapes), (n, lanes, every, line.points)


def test_a_parallel_split_is_no_decision():
    """The flawed sample forks with a parallel gateway: no diamond and no Ya/Tidak for it."""
    path = ROOT / "bpmn_samples" / "cacat" / "sop-penerbitan-sip-bidan-cacat.bpmn"
    form = build_form(parse_bytes(path.read_bytes(), path.name), path.name)
    decisions = [r.kegiatan for r in form.rows if r.kind == fc.DECISION]
    assert decisions == ["Berkas lengkap?", "Memenuhi persyaratan teknis?"]
    labels = [lb.text for p in form.pages for lb in p.drawing.labels]
    assert labels.count("Ya") == 2 and labels.count("Tidak") == 2
    assert "(tanpa pelaksana)" in form.lanes
    assert {w.code for w in form.warnings} >= {"DOKUMEN_TANPA_PELAKSANA", "DOKUMEN_IDENTITAS_KOSONG"}
