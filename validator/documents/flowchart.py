"""The SOP AP flowchart (PermenPANRB 35/2012) laid out on a grid of rows x pelaksana columns.

One row of the procedure table holds one symbol: a terminator (start/end event), a process
box (task, sub-process) or a decision diamond (an exclusive gateway that splits); a joining
gateway or a plain intermediate event is not drawn, the arrows pass through it. The symbol
sits centred in the cell of its pelaksana (its lane). Arrows are orthogonal: down from the
bottom of a symbol; a decision's first "Ya" branch continues down, the other branches leave
from its side; a loop back goes up a gutter at the edge of a column and enters its target
from the side. A row has one symbol only, so a horizontal segment at a row's mid-height
never crosses another symbol, and a vertical segment along a column's centre is used only
when no symbol stands in that column between its ends.

The table is paginated by row heights (:func:`paginate`); an arrow whose ends fall on two
pages ends in a lettered off-page connector (pentagon) in an extra row at the bottom of the
source page and starts again from a pentagon with the same letter in a row at the top of
the target page.

Everything here is geometry in millimetres, relative to the top-left corner of one page's
block of pelaksana columns; the writers (raster for DOCX, SVG for HTML) draw the
:class:`Drawing` of each page and cut it into the slices of the table cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# symbol kinds
TERMINATOR, PROCESS, DECISION, CONNECTOR = "terminator", "process", "decision", "connector"

# row heights (mm) below which a row of a kind is never drawn
MIN_ROW = {TERMINATOR: 11.0, PROCESS: 13.0, DECISION: 16.0, CONNECTOR: 10.0}
SYMBOL_H = {TERMINATOR: 6.5, PROCESS: 8.0, DECISION: 11.0, CONNECTOR: 6.0}
CONNECTOR_W = 6.0
GUTTER = 1.1    # mm from a column edge to its first gutter track
FONT_MM = 2.0   # height of the branch labels and connector letters
_CHAR_W = 0.56  # average glyph width of a sans font, in font heights
TRACK = 0.9     # mm between gutter tracks

_NO_WORDS = re.compile(r"^\s*(tidak|tdk|belum|bukan|ditolak|tolak|no\b|gagal|kurang)", re.I)


@dataclass
class Row:
    """One row of the procedure table: a symbol in one column, or connector pentagons."""
    kind: str                     # TERMINATOR | PROCESS | DECISION | CONNECTOR
    col: int                      # pelaksana column (-1 for a connector row)
    height: float                 # mm
    key: object = None            # the flow node (None for connector rows)
    connectors: list = field(default_factory=list)   # [(col, letter, x_offset)] in a connector row


@dataclass
class Link:
    """An arrow between two rows' symbols (indices into the rows of one page)."""
    src: int
    dst: int
    label: str = ""
    exit: str = "bottom"          # bottom | right | left
    src_slot: int = 0             # which pentagon of a connector row (source side)
    dst_slot: int = 0


@dataclass
class Shape:
    kind: str
    x: float                      # centre
    y: float
    w: float
    h: float
    text: str = ""


@dataclass
class Line:
    points: list                  # [(x, y), ...] in mm
    arrow: bool = True


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"         # start | end | middle


@dataclass
class Drawing:
    """What is drawn over one page's rows: width x height in mm."""
    width: float
    height: float
    row_tops: list
    col_width: float
    shapes: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    labels: list = field(default_factory=list)


@dataclass
class Page:
    rows: list                    # [Row]
    links: list                   # [Link]
    drawing: Drawing | None = None


# -- classifying decision branches ----------------------------------------------------------

def split_branches(labels: list[str]) -> tuple[int, list[int]]:
    """(index of the branch that continues down, indices of the side branches): the first
    branch not worded as a "no" (Tidak, Belum, Ditolak ...) goes down."""
    yes = next((i for i, t in enumerate(labels) if not _NO_WORDS.match(t or "")), 0)
    return yes, [i for i in range(len(labels)) if i != yes]


# -- pagination -----------------------------------------------------------------------------

def paginate(rows: list[Row], edges: list[tuple[int, int, str, str]], body_height: float,
             col_count: int) -> list[Page]:
    """Cut ``rows`` (all of one SOP, in flow order) into pages of at most ``body_height`` mm,
    adding connector rows where ``edges`` (src, dst, label, exit) cross a page break."""
    conn_h = MIN_ROW[CONNECTOR]
    chunks, current, used = [], [], 0.0
    for i, row in enumerate(rows):
        # room for a bottom connector row, and a top one on every page after the first
        room = body_height - conn_h * (2 if chunks else 1)
        if current and used + row.height > room:
            chunks.append(current)
            current, used = [], 0.0
        current.append(i)
        used += row.height
    if current:
        chunks.append(current)
    page_of = {i: p for p, chunk in enumerate(chunks) for i in chunk}
    pages = [Page(rows=[rows[i] for i in chunk], links=[]) for chunk in chunks]
    local = {i: chunk.index(i) for chunk in chunks for i in chunk}
    tops = [None] * len(pages)
    bottoms = [None] * len(pages)
    letter = 0
    cross = []
    # letters in reading order: by source row, the branch going down first
    ordered = sorted(edges, key=lambda e: (e[0], e[3] != "bottom", e[1]))
    for src, dst, label, exit_ in ordered:
        ps, pd = page_of[src], page_of[dst]
        if ps == pd:
            pages[ps].links.append(Link(local[src], local[dst], label, exit_))
            continue
        cross.append((src, dst, label, exit_, ps, pd, _letter(letter)))
        letter += 1
    for src, dst, label, exit_, ps, pd, mark in cross:
        if bottoms[ps] is None:
            bottoms[ps] = Row(CONNECTOR, -1, conn_h)
        if tops[pd] is None:
            tops[pd] = Row(CONNECTOR, -1, conn_h)
        # below the source; a side branch of a decision already leaves towards its target's column
        s_col = rows[dst].col if exit_ in ("right", "left") else rows[src].col
        s_slot = _add_connector(bottoms[ps], s_col, mark, col_count)
        d_slot = _add_connector(tops[pd], rows[dst].col, mark, col_count)
        pages[ps].links.append(Link(local[src], ("bottom", s_slot), label, exit_))
        pages[pd].links.append(Link(("top", d_slot), local[dst], "", "bottom"))
    for p, page in enumerate(pages):
        offset = 1 if tops[p] is not None else 0
        links = []
        for link in page.links:
            links.append(Link(_resolve(link.src, offset, len(page.rows)),
                              _resolve(link.dst, offset, len(page.rows)),
                              link.label, link.exit,
                              link.src[1] if isinstance(link.src, tuple) else 0,
                              link.dst[1] if isinstance(link.dst, tuple) else 0))
        page.links = links
        page.rows = ([tops[p]] if tops[p] is not None else []) + page.rows + \
                    ([bottoms[p]] if bottoms[p] is not None else [])
    return pages


def _letter(n: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _add_connector(row: Row, col: int, mark: str, col_count: int) -> int:
    same = sum(1 for c, _, _ in row.connectors if c == col)
    offset = (same + 1) // 2 * (CONNECTOR_W + 1.0) * (1 if same % 2 else -1) if same else 0.0
    row.connectors.append((max(col, 0), mark, offset))
    return len(row.connectors) - 1


def _resolve(end, offset: int, count: int) -> int:
    if isinstance(end, tuple):
        return 0 if end[0] == "top" else count + offset
    return end + offset


# -- drawing one page -------------------------------------------------------------------------

def draw_page(page: Page, col_count: int, col_width: float) -> Drawing:
    """Place the symbols of ``page`` and route its arrows."""
    tops, y = [], 0.0
    for row in page.rows:
        tops.append(y)
        y += row.height
    d = Drawing(width=col_count * col_width, height=y, row_tops=tops, col_width=col_width)
    sym_w = min(col_width * 0.72, 26.0)
    centres = {}     # (row, slot) -> (x, y, half_w, half_h)
    occupied = {}    # row -> set of columns holding a symbol
    for r, row in enumerate(page.rows):
        cy = tops[r] + row.height / 2
        if row.kind == CONNECTOR:
            occupied[r] = set()
            for slot, (col, mark, off) in enumerate(row.connectors):
                cx = (col + 0.5) * col_width + off
                d.shapes.append(Shape(CONNECTOR, cx, cy, CONNECTOR_W, SYMBOL_H[CONNECTOR], mark))
                centres[(r, slot)] = (cx, cy, CONNECTOR_W / 2, SYMBOL_H[CONNECTOR] / 2)
                occupied[r].add(col)
            continue
        w = min(sym_w, col_width * 0.56) if row.kind == DECISION else sym_w
        h = SYMBOL_H[row.kind]
        cx = (row.col + 0.5) * col_width
        d.shapes.append(Shape(row.kind, cx, cy, w, h))
        centres[(r, 0)] = (cx, cy, w / 2, h / 2)
        occupied[r] = {row.col}
    router = _Router(page, centres, occupied, col_width, col_count)
    for link in page.links:
        line, label = router.route(link)
        d.lines.append(line)
        if label is not None:
            d.labels.append(label)
    return d


class _Router:
    def __init__(self, page, centres, occupied, col_width, col_count):
        self.page = page
        self.centres = centres
        self.occupied = occupied
        self.cw = col_width
        self.cols = col_count
        self.tracks = {}   # (col, side) -> tracks used

    def _col(self, r, slot):
        row = self.page.rows[r]
        return row.connectors[slot][0] if row.kind == CONNECTOR else row.col

    def _clear(self, col, r1, r2) -> bool:
        lo, hi = sorted((r1, r2))
        return not any(col in self.occupied[r] for r in range(lo + 1, hi))

    def _gutter(self, col, side) -> float:
        k = self.tracks.get((col, side), 0)
        self.tracks[(col, side)] = k + 1
        inset = GUTTER + TRACK * (k % 3)
        return (col + 1) * self.cw - inset if side == "right" else col * self.cw + inset

    def route(self, link: Link):
        sr, dr = link.src, link.dst
        sx, sy, shw, shh = self.centres[(sr, link.src_slot)]
        tx, ty, thw, thh = self.centres[(dr, link.dst_slot)]
        sc, tc = self._col(sr, link.src_slot), self._col(dr, link.dst_slot)
        row_bottom = self.page.rows[sr].height + self._top(sr)
        exit_ = link.exit
        # a side branch leaves towards the inside of the drawing (its label must fit)
        if exit_ == "right" and sc == self.cols - 1 and tc <= sc and self.cols > 1:
            exit_ = "left"
        elif exit_ == "left" and sc == 0 and tc >= sc:
            exit_ = "right"
        elif exit_ in ("right", "left") and tc != sc:
            exit_ = "right" if tc > sc else "left"
        pts = None
        if dr > sr and exit_ == "bottom":
            if sc == tc and abs(sx - tx) < 0.01 and self._clear(sc, sr, dr):
                pts = [(sx, sy + shh), (tx, ty - thh)]
            elif self._clear(tc, sr, dr) and (sc != tc or abs(sx - tx) >= 0.01):
                y_mid = (sy + shh + row_bottom) / 2
                pts = [(sx, sy + shh), (sx, y_mid), (tx, y_mid), (tx, ty - thh)]
            elif self._clear(sc, sr, dr):
                y_mid = (self._top(dr) + ty - thh) / 2
                pts = [(sx, sy + shh), (sx, y_mid), (tx, y_mid), (tx, ty - thh)]
        elif dr > sr and exit_ in ("right", "left") and sc != tc and self._clear(tc, sr, dr):
            side = 1 if tx > sx else -1
            pts = [(sx + side * shw, sy), (tx, sy), (tx, ty - thh)]
        if pts is None:   # up, or no clear column: along a gutter, into the target's side
            side = exit_ if exit_ in ("right", "left") else "right"
            col = max(sc, tc) if side == "right" else min(sc, tc)
            gx = self._gutter(col, side)
            sgn = 1 if side == "right" else -1
            if self.page.rows[sr].kind == CONNECTOR:   # below its neighbours, not through them
                y_lo = (sy + shh + row_bottom) / 2
                head = [(sx, sy + shh), (sx, y_lo), (gx, y_lo)]
            else:
                head = [(sx + sgn * shw, sy), (gx, sy)]
            if self.page.rows[dr].kind == CONNECTOR:
                y_hi = (self._top(dr) + ty - thh) / 2
                tail = [(gx, y_hi), (tx, y_hi), (tx, ty - thh)]
            else:
                tail = [(gx, ty), (tx + sgn * thw, ty)]
            pts = head + tail
        label = None
        if link.label:
            x0, y0 = pts[0]
            if exit_ == "bottom":   # beside the arrow, away from where it turns
                turns_left = len(pts) > 2 and pts[2][0] < x0
                label = Label(x0 + (1.0 if turns_left else -1.0), y0 + 2.4, link.label,
                              "start" if turns_left else "end")
            else:   # above the arrow, or below it when the arrow turns up
                y = y0 + 2.6 if len(pts) > 2 and pts[2][1] < y0 else y0 - 1.0
                if pts[1][0] >= x0:
                    label = Label(x0 + 1.0, y, link.label, "start")
                else:
                    label = Label(x0 - 1.0, y, link.label, "end")
        if label is not None:   # inside its column: a table border must not cut through it
            label = self._inside(label, sc)
        return Line(_simplify(pts)), label

    def _inside(self, label, col):
        width = len(label.text) * FONT_MM * _CHAR_W
        lo, hi = col * self.cw + 0.3, (col + 1) * self.cw - 0.3
        left = label.x if label.anchor == "start" else label.x - width
        left = max(lo, min(left, hi - width))
        return Label(left, label.y, label.text, "start")

    def _top(self, r):
        return sum(row.height for row in self.page.rows[:r])


def _simplify(pts):
    """Drop repeated points and middle points of straight runs."""
    out = []
    for p in pts:
        if out and abs(out[-1][0] - p[0]) < 1e-6 and abs(out[-1][1] - p[1]) < 1e-6:
            continue
        out.append(p)
    i = 1
    while i < len(out) - 1:
        a, b, c = out[i - 1], out[i], out[i + 1]
        if (abs(a[0] - b[0]) < 1e-6 and abs(b[0] - c[0]) < 1e-6) or \
           (abs(a[1] - b[1]) < 1e-6 and abs(b[1] - c[1]) < 1e-6):
            del out[i]
        else:
            i += 1
    return out
