"""A page's flowchart drawn once as an image, then cut into the slices of its table cells.

The drawing is made at twice the target resolution and scaled down once per page (smooth
lines without drawing each slice again); each cell's slice is a PNG exactly as large as the
cell, so slices placed in cells with no margins join up into one drawing.
"""
from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from . import flowchart as fc

DPI = 220
_SS = 2                       # supersampling factor
_LINE_MM = 0.3
_FONT_MM = fc.FONT_MM


def px(mm: float, dpi: int = DPI) -> int:
    return int(round(mm / 25.4 * dpi))


@lru_cache(maxsize=8)
def _font(size_px: int):
    # Liberation Sans has Arial's metrics, which the label placement assumes
    for name in ("LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size_px)
        except OSError:
            continue
    return ImageFont.load_default(size=size_px)


def render(drawing: fc.Drawing, dpi: int = DPI) -> Image.Image:
    """The page's drawing as a grayscale image: ink is 255 on 0 (inverted when saved)."""
    scale = dpi * _SS / 25.4
    w, h = max(int(round(drawing.width * scale)), 1), max(int(round(drawing.height * scale)), 1)
    img = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(img)
    lw = max(int(round(_LINE_MM * scale)), 1)
    font = _font(max(int(round(_FONT_MM * scale)), 6))

    def p(x, y):
        return (x * scale, y * scale)

    for shape in drawing.shapes:
        _shape(d, shape, p, lw, font, scale)
    for line in drawing.lines:
        pts = [p(x, y) for x, y in line.points]
        d.line(pts, fill=255, width=lw, joint="curve")
        if line.arrow and len(pts) >= 2:
            _arrow(d, pts[-2], pts[-1], 1.6 * scale)
    for label in drawing.labels:
        x, y = p(label.x, label.y)
        anchor = {"start": "ls", "end": "rs", "middle": "ms"}[label.anchor]
        d.text((x, y), label.text, fill=255, font=font, anchor=anchor)
    return img.reduce(_SS)   # box average of each 2 x 2 block: smooth edges, fast


def slices(drawing: fc.Drawing, dpi: int = DPI) -> dict:
    """(row, column) -> PNG bytes of each cell that has ink; the others stay empty."""
    img = render(drawing, dpi)
    scale = dpi / 25.4
    out = {}
    cols = int(round(drawing.width / drawing.col_width))
    edges_x = [int(round(c * drawing.col_width * scale)) for c in range(cols + 1)]
    tops = list(drawing.row_tops) + [drawing.height]
    edges_y = [int(round(t * scale)) for t in tops]
    for r in range(len(drawing.row_tops)):
        for c in range(cols):
            box = (edges_x[c], edges_y[r], edges_x[c + 1], edges_y[r + 1])
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            cell = img.crop(box)
            if cell.getbbox() is None:
                continue
            out[(r, c)] = _png(cell, dpi)
    return out


def symbol_png(kind: str, text: str = "", dpi: int = DPI) -> bytes:
    """One symbol alone (for the legend of the penjelasan singkat)."""
    w = 22.0 if kind != fc.CONNECTOR else 9.0
    h = fc.SYMBOL_H.get(kind, 4.0) + 2.0
    drawing = fc.Drawing(width=w, height=h, row_tops=[0.0], col_width=w)
    if kind == "arrow":
        drawing.lines.append(fc.Line([(2.0, h / 2), (w - 2.0, h / 2)]))
    else:
        sw = 16.0 if kind != fc.DECISION else 14.0
        drawing.shapes.append(fc.Shape(kind, w / 2, h / 2, sw if kind != fc.CONNECTOR else 6.0,
                                       fc.SYMBOL_H[kind], text))
    return _png(render(drawing, dpi), dpi)


# ---------------------------------------------------------------------------

def _png(ink: Image.Image, dpi: int) -> bytes:
    """Black ink on a transparent ground: the table's borders stay visible under a slice."""
    black = Image.new("L", ink.size, 0)
    buf = io.BytesIO()
    Image.merge("LA", (black, ink)).save(buf, format="PNG", compress_level=6, dpi=(dpi, dpi))
    return buf.getvalue()


def _shape(d, s, p, lw, font, scale):
    x0, y0 = p(s.x - s.w / 2, s.y - s.h / 2)
    x1, y1 = p(s.x + s.w / 2, s.y + s.h / 2)
    if s.kind == fc.TERMINATOR:
        d.rounded_rectangle((x0, y0, x1, y1), radius=(y1 - y0) / 2, outline=255, width=lw)
    elif s.kind == fc.PROCESS:
        d.rectangle((x0, y0, x1, y1), outline=255, width=lw)
    elif s.kind == fc.DECISION:
        cx, cy = p(s.x, s.y)
        pts = [(cx, y0), (x1, cy), (cx, y1), (x0, cy), (cx, y0)]
        d.line(pts, fill=255, width=lw, joint="curve")
    elif s.kind == fc.CONNECTOR:
        # pentagon pointing down: a square top part and a point below
        mid = y0 + (y1 - y0) * 0.55
        cx, _ = p(s.x, s.y)
        pts = [(x0, y0), (x1, y0), (x1, mid), (cx, y1), (x0, mid), (x0, y0)]
        d.line(pts, fill=255, width=lw, joint="curve")
        if s.text:
            d.text((cx, (y0 + mid) / 2 + (y1 - mid) * 0.15), s.text, fill=255, font=font, anchor="mm")


def _arrow(d, a, b, size):
    """A filled arrow head at ``b`` pointing from ``a``."""
    (ax, ay), (bx, by) = a, b
    if abs(bx - ax) >= abs(by - ay):
        sgn = 1 if bx > ax else -1
        pts = [(bx, by), (bx - sgn * size, by - size * 0.45), (bx - sgn * size, by + size * 0.45)]
    else:
        sgn = 1 if by > ay else -1
        pts = [(bx, by), (bx - size * 0.45, by - sgn * size), (bx + size * 0.45, by - sgn * size)]
    d.polygon(pts, fill=255)
