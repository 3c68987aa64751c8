"""The simulation result as one self-contained HTML page (no script, no network).

Charts are inline SVG drawn here, on the server: the cycle-time histogram with the
service-standard line, utilisation per lane (bars), work in progress over time (line),
and a heat map on the diagram (the map's BPMNDI shapes coloured by mean waiting time).

``page_view`` builds what the template needs and is what the web server reuses;
``svg_charts`` gives the three charts alone; ``render`` gives the page.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from html import escape
from pathlib import Path

from ..units import format_number
from .results import SimResult

TEMPLATES = Path(__file__).resolve().parent / "templates"

HIST_BINS_MAX = 30
WIP_POINTS = 240

L = {
    "id": {
        "title": "Hasil Simulasi Peta Proses Bisnis", "file": "Berkas", "process": "Proses",
        "scenario": "Skenario", "cases": "kasus", "reps": "replikasi", "seed": "benih",
        "warmup": "pemanasan", "engine": "Mesin", "calendar": "Kalender", "created": "Dibuat",
        "hash": "Sidik model (SHA-256)", "versions": "Versi", "kpis": "Ukuran kinerja",
        "kpi": "Ukuran", "mean": "Rata-rata", "ci": "Selang kepercayaan 95%", "days": "hari kerja",
        "days24": "hari", "cycle": "Waktu siklus", "p50": "Waktu siklus median (p50)",
        "p90": "Waktu siklus p90", "p95": "Waktu siklus p95", "queue": "Tunggu antrean per kasus",
        "processing": "Waktu proses per kasus",
        "other": "Tunggu lain per kasus (timer, pihak lain, sinkronisasi)",
        "within": "Kasus memenuhi standar pelayanan", "standard": "Standar pelayanan",
        "charts": "Grafik", "hist": "Sebaran waktu siklus", "util": "Pemanfaatan petugas per lane",
        "wip": "Kasus dalam proses sepanjang waktu (replikasi 1)", "nowip":
        "Grafik kasus dalam proses memerlukan data jalannya simulasi.",
        "lanes": "Lane (petugas)", "lane": "Lane", "capacity": "Kapasitas",
        "util_short": "Pemanfaatan", "wait": "Tunggu rata-rata (menit)", "qlen": "Panjang antrean",
        "bottlenecks": "Peringkat hambatan", "rank": "Peringkat", "tasks": "Aktivitas",
        "activity": "Aktivitas", "count": "Jumlah per replikasi", "proc": "Proses rata-rata (menit)",
        "heat": "Peta panas: waktu tunggu rata-rata per aktivitas",
        "heat_note": "Warna makin merah makin lama kasus menunggu sebelum aktivitas dikerjakan.",
        "noheat": "Peta ini tidak memuat tata letak diagram (BPMNDI); peta panas ditampilkan "
                  "sebagai tabel.",
        "validation": "Tingkat validasi", "finished": "Kasus selesai",
        "unfinished": "Kasus tidak selesai (buntu)", "never": "Elemen tak pernah dicapai",
        "notes": "Catatan", "none": "tidak ada", "minutes": "menit", "hours": "jam",
        "freq": "jumlah kasus", "time": "waktu", "level": {"error": "GALAT", "warning":
                                                           "PERINGATAN", "info": "CATATAN"},
        "unit_note": "Semua waktu dalam menit waktu kerja kecuali disebut lain.",
    },
    "en": {
        "title": "Business Process Map Simulation Result", "file": "File", "process": "Process",
        "scenario": "Scenario", "cases": "cases", "reps": "replications", "seed": "seed",
        "warmup": "warm-up", "engine": "Engine", "calendar": "Calendar", "created": "Created",
        "hash": "Model hash (SHA-256)", "versions": "Versions", "kpis": "Key figures",
        "kpi": "Measure", "mean": "Mean", "ci": "95% confidence interval", "days": "working days",
        "days24": "days", "cycle": "Cycle time", "p50": "Cycle time median (p50)",
        "p90": "Cycle time p90", "p95": "Cycle time p95", "queue": "Queue wait per case",
        "processing": "Processing per case",
        "other": "Other waiting per case (timers, other parties, synchronisation)",
        "within": "Cases within the service standard", "standard": "Service standard",
        "charts": "Charts", "hist": "Cycle-time distribution", "util": "Staff utilisation per lane",
        "wip": "Cases in progress over time (replication 1)", "nowip":
        "The work-in-progress chart needs the run data of the simulation.",
        "lanes": "Lanes (staff)", "lane": "Lane", "capacity": "Capacity",
        "util_short": "Utilisation", "wait": "Mean wait (minutes)", "qlen": "Queue length",
        "bottlenecks": "Bottleneck ranking", "rank": "Rank", "tasks": "Activities",
        "activity": "Activity", "count": "Count per replication", "proc": "Mean work (minutes)",
        "heat": "Heat map: mean waiting time per activity",
        "heat_note": "The redder, the longer cases wait before the activity is worked on.",
        "noheat": "This map has no diagram layout (BPMNDI); the heat map is shown as a table.",
        "validation": "Validation level", "finished": "Cases finished",
        "unfinished": "Cases unfinished (deadlock)", "never": "Elements never reached",
        "notes": "Notes", "none": "none", "minutes": "minutes", "hours": "hours",
        "freq": "cases", "time": "time", "level": {"error": "ERROR", "warning": "WARNING",
                                                   "info": "NOTE"},
        "unit_note": "All times in minutes of working time unless said otherwise.",
    },
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def _num(v, lang: str, decimals: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return format_number(v, lang, decimals)


def _pct(v, lang: str) -> str:
    return "-" if v is None else f"{format_number(100 * v, lang, 1)}%"


def _ci(ci, lang: str, pct: bool = False) -> str:
    if not ci:
        return "-"
    f = (lambda x: _pct(x, lang)) if pct else (lambda x: _num(x, lang))
    return f"{f(ci[0])} – {f(ci[1])}"


def _x(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


# -- charts ------------------------------------------------------------------------

W, H = 640, 260
PAD_L, PAD_R, PAD_T, PAD_B = 56, 16, 16, 44


def _time_unit(span: float, minutes_per_day: float, lang: str) -> tuple[float, str]:
    """(minutes per unit, unit label) for an axis spanning ``span`` minutes."""
    t = L[_lang(lang)]
    if span <= 180:
        return 1.0, t["minutes"]
    if span <= 3 * minutes_per_day:
        return 60.0, t["hours"]
    return minutes_per_day, t["days"] if minutes_per_day < 1440 else t["days24"]


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def _axes(x_lo, x_hi, y_hi, x_unit: float, x_label: str, y_label: str, lang: str,
          y_pct: bool = False) -> list[str]:
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    parts = [f'<line class="axis" x1="{PAD_L}" y1="{PAD_T + ph}" x2="{PAD_L + pw}" y2="{PAD_T + ph}"/>',
             f'<line class="axis" x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{PAD_T + ph}"/>']
    for v in _nice_ticks(x_lo / x_unit, x_hi / x_unit):
        x = PAD_L + (v * x_unit - x_lo) / (x_hi - x_lo) * pw
        parts.append(f'<line class="tick" x1="{_x(x)}" y1="{PAD_T + ph}" x2="{_x(x)}" y2="{PAD_T + ph + 4}"/>'
                     f'<text class="tick-label" x="{_x(x)}" y="{PAD_T + ph + 16}" '
                     f'text-anchor="middle">{escape(_num(v, lang, 1))}</text>')
    for v in _nice_ticks(0, y_hi, 4):
        y = PAD_T + ph - (v / y_hi) * ph if y_hi > 0 else PAD_T + ph
        label = _pct(v, lang) if y_pct else _num(v, lang, 1)
        parts.append(f'<line class="grid" x1="{PAD_L}" y1="{_x(y)}" x2="{PAD_L + pw}" y2="{_x(y)}"/>'
                     f'<text class="tick-label" x="{PAD_L - 6}" y="{_x(y + 4)}" '
                     f'text-anchor="end">{escape(label)}</text>')
    parts.append(f'<text class="axis-label" x="{PAD_L + pw / 2}" y="{H - 6}" '
                 f'text-anchor="middle">{escape(x_label)}</text>')
    parts.append(f'<text class="axis-label" x="14" y="{PAD_T + ph / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {PAD_T + ph / 2})">{escape(y_label)}</text>')
    return parts


def histogram(values: list[float], standard: float | None) -> dict:
    """Bins of the cycle times: ``lo``, ``hi`` (minutes), ``edges`` and ``counts``. The
    range reaches the service standard when it lies beyond the cases."""
    if not values:
        return {"lo": 0.0, "hi": 1.0, "edges": [0.0, 1.0], "counts": [0]}
    vals = sorted(values)
    lo = 0.0
    hi = vals[-1]
    if standard is not None:
        hi = max(hi, standard * 1.05)
    if hi <= lo:
        hi = lo + 1.0
    bins = max(5, min(HIST_BINS_MAX, int(math.ceil(math.sqrt(len(vals))))))
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in vals:
        i = min(bins - 1, max(0, int((v - lo) / width)))
        counts[i] += 1
    return {"lo": lo, "hi": hi, "edges": [lo + i * width for i in range(bins + 1)],
            "counts": counts}


def histogram_svg(result: SimResult, lang: str = "id") -> str:
    t = L[_lang(lang)]
    std = result.params.standard
    h = histogram(result.cycle_times(), std)
    lo, hi, counts = h["lo"], h["hi"], h["counts"]
    top = max(counts) or 1
    unit, unit_label = _time_unit(hi - lo, result.minutes_per_day, lang)
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-histogram" '
             f'viewBox="0 0 {W} {H}" role="img" aria-label="{escape(t["hist"])}" '
             f'data-x-min="{lo!r}" data-x-max="{hi!r}" data-plot-x="{PAD_L}" data-plot-width="{pw}">',
             f'<title>{escape(t["hist"])}</title>']
    parts += _axes(lo, hi, top, unit, f'{t["cycle"]} ({unit_label})', t["freq"], lang)
    bw = pw / len(counts)
    for i, c in enumerate(counts):
        bh = c / top * ph
        a, b = h["edges"][i], h["edges"][i + 1]
        parts.append(f'<rect class="bar" x="{_x(PAD_L + i * bw + 0.5)}" y="{_x(PAD_T + ph - bh)}" '
                     f'width="{_x(max(bw - 1, 0.5))}" height="{_x(bh)}" data-count="{c}" '
                     f'data-from="{a!r}" data-to="{b!r}"><title>{escape(_num(a, lang))}–'
                     f'{escape(_num(b, lang))} {escape(t["minutes"])}: {c}</title></rect>')
    if std is not None:
        x = PAD_L + (std - lo) / (hi - lo) * pw
        label = f'{t["standard"]} ({result.params.standard_text})'
        parts.append(f'<line class="standard" x1="{_x(x)}" y1="{PAD_T}" x2="{_x(x)}" '
                     f'y2="{PAD_T + ph}" data-minutes="{std!r}"><title>{escape(label)}</title></line>'
                     f'<text class="standard-label" x="{_x(x - 4 if x > PAD_L + pw / 2 else x + 4)}" '
                     f'y="{PAD_T + 12}" text-anchor="{"end" if x > PAD_L + pw / 2 else "start"}">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def utilisation_svg(result: SimResult, lang: str = "id") -> str:
    t = L[_lang(lang)]
    lanes = result.as_dict(lang)["lanes"]
    row = 26
    label_w = 200
    h = PAD_T + row * max(len(lanes), 1) + 30
    bar_w = W - label_w - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-utilisation" '
             f'viewBox="0 0 {W} {h}" role="img" aria-label="{escape(t["util"])}" '
             f'data-bar-x="{label_w}" data-bar-width="{bar_w}">',
             f'<title>{escape(t["util"])}</title>']
    for i, (name, lane) in enumerate(lanes.items()):
        u = lane["utilisation"] or 0.0
        y = PAD_T + i * row
        cls = "bar high" if u >= 0.85 else "bar"
        parts.append(f'<text class="bar-label" x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
                     f'{escape(name[:32])}</text>'
                     f'<rect class="track" x="{label_w}" y="{y + 3}" width="{bar_w}" height="16"/>'
                     f'<rect class="{cls}" x="{label_w}" y="{y + 3}" width="{_x(u * bar_w)}" '
                     f'height="16" data-lane="{escape(lane["id"])}" data-utilisation="{u!r}">'
                     f'<title>{escape(name)}: {escape(_pct(u, lang))}</title></rect>'
                     f'<text class="bar-value" x="{_x(label_w + bar_w + 6)}" y="{y + 15}">'
                     f'{escape(_pct(u, lang))}</text>')
    y = PAD_T + row * max(len(lanes), 1)
    for v in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + v * bar_w
        parts.append(f'<text class="tick-label" x="{_x(x)}" y="{y + 14}" text-anchor="middle">'
                     f'{escape(_pct(v, lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def wip_series(result: SimResult, points: int = WIP_POINTS) -> list[tuple[float, float]]:
    """Cases in progress in replication 1, as a time-weighted mean per interval:
    [(interval end in minutes, mean cases in progress)]. Empty without run data."""
    if not result.runs:
        return []
    run = result.runs[0]
    changes = [(a, 1) for a in run.arrival]
    changes += [(f, -1) for f in run.finish if f is not None]
    if not changes:
        return []
    changes.sort()
    end = max(run.horizon, changes[-1][0])
    if end <= 0:
        return []
    step = end / points
    out = []
    level = 0
    i = 0
    t = 0.0
    for k in range(1, points + 1):
        b = k * step if k < points else end
        area = 0.0
        while i < len(changes) and changes[i][0] <= b:
            ct, d = changes[i]
            area += level * (ct - t)
            t = ct
            level += d
            i += 1
        area += level * (b - t)
        t = b
        out.append((b, area / step if step > 0 else float(level)))
    return out


def wip_svg(result: SimResult, lang: str = "id") -> str:
    t = L[_lang(lang)]
    series = wip_series(result)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-wip" viewBox="0 0 {W} {H}" '
            f'role="img" aria-label="{escape(t["wip"])}" data-points="{len(series)}">'
            f'<title>{escape(t["wip"])}</title>')
    if not series:
        return head + (f'<text class="empty" x="{W / 2}" y="{H / 2}" text-anchor="middle">'
                       f'{escape(t["nowip"])}</text></svg>')
    end = series[-1][0]
    top = max(v for _, v in series) or 1.0
    unit, unit_label = _time_unit(end, result.minutes_per_day, lang)
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    parts = [head] + _axes(0.0, end, top, unit, f'{t["time"]} ({unit_label})', t["cases"], lang)
    pts = [(PAD_L, PAD_T + ph)] + [(PAD_L + x / end * pw, PAD_T + ph - v / top * ph) for x, v in series]
    parts.append('<polyline class="line" fill="none" points="'
                 + " ".join(f"{_x(x)},{_x(y)}" for x, y in pts) + '"/>')
    parts.append("</svg>")
    return "".join(parts)


def svg_charts(result: SimResult, lang: str = "id") -> dict[str, str]:
    """The three charts as SVG text: ``histogram``, ``utilisation``, ``wip``."""
    return {"histogram": histogram_svg(result, lang), "utilisation": utilisation_svg(result, lang),
            "wip": wip_svg(result, lang)}


# -- heat map ----------------------------------------------------------------------

def heat_colour(value: float) -> str:
    """0 (no wait) pale yellow .. 1 (the longest wait) deep red."""
    v = min(1.0, max(0.0, value))
    stops = ((0.0, (255, 247, 214)), (0.5, (245, 166, 35)), (1.0, (192, 57, 43)))
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if v <= b:
            w = (v - a) / (b - a)
            return "#%02x%02x%02x" % tuple(round(x + (y - x) * w) for x, y in zip(ca, cb))
    return "#c0392b"  # pragma: no cover


def heat_data(d: dict) -> dict[str, dict]:
    """Per simulated activity (``as_dict`` tasks): mean wait in minutes, 0..1 scaled by
    the longest mean wait, and its colour."""
    waits = {eid: (task["queueWait"]["mean"] or 0.0) for eid, task in d["tasks"].items()}
    top = max(waits.values(), default=0.0)
    out = {}
    for eid, task in d["tasks"].items():
        value = waits[eid] / top if top > 0 else 0.0
        out[eid] = {"name": task["name"], "lane": task["lane"], "wait": waits[eid],
                    "value": value, "colour": heat_colour(value)}
    return out


def heatmap_svg(model_xml: bytes | None, heat: dict[str, dict], lang: str = "id") -> str | None:
    """The map's diagram (BPMNDI) with each simulated activity filled by its heat colour;
    None when the map has no diagram layout or cannot be read."""
    if not model_xml:
        return None
    from ..errors import BpmnReadError
    from ..parser import parse_bytes
    try:
        model = parse_bytes(model_xml)
    except BpmnReadError:
        return None
    diagram = next((dg for dg in model.diagrams if dg.has_plane and dg.shapes), None)
    if diagram is None:
        return None
    boxes = [s for s in diagram.shapes if s.bounds is not None and s.bounds.is_valid()]
    if not boxes:
        return None
    xs = [s.bounds.x for s in boxes] + [s.bounds.x + s.bounds.width for s in boxes]
    ys = [s.bounds.y for s in boxes] + [s.bounds.y + s.bounds.height for s in boxes]
    for e in diagram.edges:
        xs += [p[0] for p in e.waypoints]
        ys += [p[1] for p in e.waypoints]
    x0, y0, x1, y1 = min(xs) - 10, min(ys) - 10, max(xs) + 10, max(ys) + 10
    t = L[_lang(lang)]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" '
             f'viewBox="{_x(x0)} {_x(y0)} {_x(x1 - x0)} {_x(y1 - y0)}" role="img" '
             f'aria-label="{escape(t["heat"])}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             'class="arrowhead"/></marker></defs>']
    order = sorted(boxes, key=lambda s: 0 if s.element is not None and s.element.type in
                   ("Participant", "Lane") else 1)
    for s in order:
        el = s.element
        b = s.bounds
        kind = el.type if el is not None else ""
        types = el.types if el is not None else frozenset()
        name = el.name if el is not None and el.name else ""
        eid = s.element_id or ""
        if kind in ("Participant", "Lane"):
            parts.append(f'<g class="container {kind.lower()}" data-element-id="{escape(eid)}">'
                         f'<rect x="{_x(b.x)}" y="{_x(b.y)}" width="{_x(b.width)}" '
                         f'height="{_x(b.height)}"/>')
            if name:
                cx, cy = b.x + 15, b.y + b.height / 2
                parts.append(f'<text class="container-label" x="{_x(cx)}" y="{_x(cy)}" '
                             f'text-anchor="middle" transform="rotate(-90 {_x(cx)} {_x(cy)})">'
                             f'{escape(_fit(name, b.height))}</text>')
            parts.append("</g>")
        elif "Activity" in types:
            h = heat.get(eid)
            fill = h["colour"] if h else "#ffffff"
            cls = "activity heat" if h else "activity"
            extra = (f' data-wait="{h["wait"]!r}" data-heat="{h["value"]!r}"' if h else "")
            tip = (f'{name or eid}: {_num(h["wait"], lang)} {t["minutes"]}' if h else name or eid)
            parts.append(f'<g class="{cls}" data-element-id="{escape(eid)}"{extra}>'
                         f'<title>{escape(tip)}</title>'
                         f'<rect x="{_x(b.x)}" y="{_x(b.y)}" width="{_x(b.width)}" '
                         f'height="{_x(b.height)}" rx="8" fill="{fill}"/>')
            parts += _wrapped(name, b)
            parts.append("</g>")
        elif "Event" in types:
            r = min(b.width, b.height) / 2
            parts.append(f'<g class="event {kind[:1].lower() + kind[1:]}" data-element-id="{escape(eid)}">'
                         f'<circle cx="{_x(b.x + b.width / 2)}" cy="{_x(b.y + b.height / 2)}" '
                         f'r="{_x(r)}"/></g>')
        elif "Gateway" in types:
            cx, cy = b.x + b.width / 2, b.y + b.height / 2
            parts.append(f'<g class="gateway" data-element-id="{escape(eid)}"><polygon points="'
                         f'{_x(cx)},{_x(b.y)} {_x(b.x + b.width)},{_x(cy)} {_x(cx)},'
                         f'{_x(b.y + b.height)} {_x(b.x)},{_x(cy)}"/></g>')
        else:
            parts.append(f'<g class="other" data-element-id="{escape(eid)}"><rect x="{_x(b.x)}" '
                         f'y="{_x(b.y)}" width="{_x(b.width)}" height="{_x(b.height)}"/></g>')
    for e in diagram.edges:
        if len(e.waypoints) < 2:
            continue
        kind = e.element.type if e.element is not None else ""
        cls = "flow message" if kind == "MessageFlow" else "flow"
        pts = " ".join(f"{_x(x)},{_x(y)}" for x, y in e.waypoints)
        parts.append(f'<polyline class="{cls}" points="{pts}" fill="none" '
                     f'marker-end="url(#arrow)"/>')
    parts.append("</svg>")
    return "".join(parts)


def _fit(text: str, length: float) -> str:
    """A container's label cut to what its side can hold (about 6.5 units a character)."""
    most = max(3, int(length / 6.5))
    return text if len(text) <= most else text[:most - 1] + "…"


def _wrapped(text: str, b) -> list[str]:
    """The label inside an activity box, on up to four lines."""
    if not text:
        return []
    per_line = max(6, int(b.width / 6.5))
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > per_line:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    lines = lines[:4]
    cx = b.x + b.width / 2
    top = b.y + b.height / 2 - (len(lines) - 1) * 6.5
    return [f'<text class="label" x="{_x(cx)}" y="{_x(top + i * 13 + 4)}" text-anchor="middle">'
            f'{escape(line)}</text>' for i, line in enumerate(lines)]


# -- the page ----------------------------------------------------------------------

def page_view(result: SimResult, model_xml: bytes | None = None, lang: str = "id",
              now: dt.datetime | None = None) -> dict:
    """Everything the result page shows, as plain data and SVG text (the web server's
    simulation page reuses it)."""
    lg = _lang(lang)
    t = L[lg]
    d = result.as_dict(lg)
    days = d["calendar"]["minutesPerDay"]
    day_label = t["days"] if d["calendar"]["name"] != "24jam" else t["days24"]
    ct = d["cycleTime"]

    def row(label, kpi, share=False, in_days=True):
        mean = kpi.get("mean") if isinstance(kpi, dict) else kpi
        ci = kpi.get("ci95") if isinstance(kpi, dict) else None
        if share:
            return {"label": label, "mean": _pct(mean, lg), "ci": _ci(ci, lg, pct=True), "days": ""}
        return {"label": label, "mean": _num(mean, lg), "ci": _ci(ci, lg),
                "days": (f"{_num(mean / days, lg, 2)} {day_label}" if in_days and mean is not None
                         else "")}

    kpis = [row(t["cycle"], {"mean": ct["mean"], "ci95": ct["ci95"]}),
            row(t["p50"], ct["p50"]), row(t["p90"], {"mean": ct["p90"], "ci95": ct["p90ci95"]}),
            row(t["p95"], ct["p95"]), row(t["queue"], d["queueWait"]),
            row(t["processing"], d["processing"]), row(t["other"], d["otherWait"])]
    if d["standard"]:
        kpis.append(row(f'{t["within"]} ({d["standard"]["text"]})',
                        {"mean": d["withinStandard"], "ci95": d["withinStandardCi95"]}, share=True))
    lanes = [{"name": name, "capacity": lane["capacity"], "utilisation": _pct(lane["utilisation"], lg),
              "ci": _ci(lane["utilisationCi95"], lg, pct=True),
              "wait": _num(lane["queueWait"]["mean"], lg), "qlen": _num(lane["queueLength"], lg, 2)}
             for name, lane in d["lanes"].items()]
    bottlenecks = [{"rank": i, "lane": b["lane"], "wait": _num(b["queueWait"], lg),
                    "utilisation": _pct(b["utilisation"], lg)}
                   for i, b in enumerate(d["bottlenecks"], start=1)]
    heat = heat_data(d)
    tasks = [{"id": eid, "name": task["name"], "lane": task["lane"] or "-",
              "count": _num(task["count"], lg, 1), "wait": _num(task["queueWait"]["mean"], lg),
              "processing": _num(task["processing"]["mean"], lg), "colour": heat[eid]["colour"]}
             for eid, task in d["tasks"].items()]
    v = d["validation"]
    names = result.params.names
    share = share_view(d.get("activityShare"), lg)
    return {
        "lang": lg, "L": t,
        "title": t["title"],
        "process": d["process"]["name"] or d["process"]["id"],
        "path": result.path,
        "created": (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M"),
        "scenario": (f'{d["cases"]} {t["cases"]} × {d["replications"]} {t["reps"]}, {t["seed"]} '
                     f'{d["seed"]}, {t["warmup"]} {d["warmup"]} {t["cases"]}'),
        "engine": d["engine"] + (f' ({d["engineReason"]})' if d.get("engineReason") else ""),
        "calendar": f'{d["calendar"]["name"]} ({_num(days / 60, lg, 2)} {t["hours"]}/{day_label[:4]})',
        "model_hash": d["modelHash"],
        "versions": ", ".join(f"{k} {val}" for k, val in d["versions"].items()),
        "kpis": kpis,
        "charts": svg_charts(result, lg),
        "lanes": lanes,
        "bottlenecks": bottlenecks,
        "tasks": tasks,
        "share": share,
        "heat": heat,
        "heatmap_svg": heatmap_svg(model_xml, heat, lg),
        "validation": {"finished": v["casesFinished"], "unfinished": v["casesUnfinished"],
                       "never": [f"{names.get(e, e)} ({e})" for e in v["neverReached"]]},
        "findings": [{**f, "level_label": t["level"].get(f["level"], f["level"])}
                     for f in d["findings"]],
        "standard": d["standard"],
        "completeness": d.get("completeness"),   # cases cut at the step cap: said first
        "warnings": d.get("warnings", []),       # unstable, no durations, ignored: said first
        "bottlenecks_withheld": d.get("bottlenecksWithheld"),
        "precision": (d.get("precision") or {}).get("text"),
        "ci_method": d.get("ciMethod"),
    }


SHARE_L = {
    "id": {"title": "Bagian waktu siklus per aktivitas", "processing": "Proses",
           "personWait": "Tunggu petugas", "outsideHours": "Di luar jam kerja",
           "total": "Jumlah", "other": "Lainnya (timer, pesan, cabang paralel)",
           "cycle": "Waktu siklus kalender", "minutes": "menit"},
    "en": {"title": "Share of the cycle time per activity", "processing": "Processing",
           "personWait": "Waiting for a person", "outsideHours": "Outside office hours",
           "total": "Total", "other": "Other (timers, messages, parallel branches)",
           "cycle": "Calendar cycle time", "minutes": "minutes"},
}
SHARE_PARTS = ("processing", "personWait", "outsideHours", "total")


def share_view(share: dict | None, lang: str = "id") -> dict | None:
    """The per-activity share of the cycle time (``as_dict`` activityShare) as text cells:
    per activity and part, the minutes per case and the share with its 95% interval."""
    if not share or not share.get("activities"):
        return None
    lg = _lang(lang)

    def cell(part: dict) -> dict:
        return {"minutes": _num(part["minutes"].get("mean"), lg),
                "share": _pct(part["share"].get("mean"), lg),
                "ci": _ci(part["share"].get("ci95"), lg, pct=True),
                "value": part["share"].get("mean") or 0.0}

    rows = [{"id": eid, "name": row["name"], "lane": row.get("lane") or "-",
             "parts": [cell(row[k]) for k in SHARE_PARTS]}
            for eid, row in share["activities"].items()]
    ct = share["cycleTime"]
    return {"L": SHARE_L[lg], "heads": [SHARE_L[lg][k] for k in SHARE_PARTS], "rows": rows,
            "other": cell(share["other"]), "note": share["note"],
            "cycle": f'{_num(ct.get("mean"), lg)} {SHARE_L[lg]["minutes"]} {_ci(ct.get("ci95"), lg)}'}


CHART_STYLE = "sim-charts.css"   # the charts' own rules: also served by the web server


def page_style() -> str:
    """The standalone page's stylesheet: the page's rules, then the charts'."""
    return "\n".join((TEMPLATES / name).read_text(encoding="utf-8")
                     for name in ("simulation.css", CHART_STYLE))


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("simulation.html.j2")


def render(result: SimResult, model_xml: bytes | None = None, lang: str = "id",
           now: dt.datetime | None = None) -> str:
    """The result as one HTML page: no script, no network, styles inline."""
    from markupsafe import Markup
    view = page_view(result, model_xml, lang, now)
    view["charts"] = {k: Markup(v) for k, v in view["charts"].items()}
    if view["heatmap_svg"]:
        view["heatmap_svg"] = Markup(view["heatmap_svg"])
    style = Markup(page_style())
    return _template().render(v=view, style=style)


# -- ppb banding -------------------------------------------------------------------

CMP = {
    "id": {"title": "Perbandingan Simulasi As-is dan To-be", "measure": "Ukuran",
           "diff": "Selisih (to-be − as-is)", "ci": "Selang kepercayaan 95%",
           "note": "Kedua peta disimulasikan dengan skenario dan benih yang sama (angka acak "
                   "bersama); selang kepercayaan dihitung dari replikasi berpasangan.",
           "util": "Pemanfaatan lane", "notes": "Catatan",
           "sig_head": "Bermakna?", "sig": {True: "ya", False: "tidak"},
           "act": {"total": "Menit kalender per kasus", "personWait": "Tunggu petugas per kasus (menit)"},
           "rows": {"cycleTime": "Waktu siklus rata-rata (menit)",
                    "cycleTimeP90": "Waktu siklus p90 (menit)",
                    "cycleTimeCalendar": "Waktu siklus kalender (menit)",
                    "queueWait": "Tunggu antrean per kasus (menit)",
                    "processing": "Waktu proses per kasus (menit)",
                    "withinStandard": "Memenuhi standar pelayanan"}},
    "en": {"title": "As-is versus To-be Simulation", "measure": "Measure",
           "diff": "Difference (to-be − as-is)", "ci": "95% confidence interval",
           "note": "Both maps are simulated with the same scenario and seeds (common random "
                   "numbers); confidence intervals come from the paired replications.",
           "util": "Lane utilisation", "notes": "Notes",
           "sig_head": "Significant?", "sig": {True: "yes", False: "no"},
           "act": {"total": "Calendar minutes per case", "personWait": "Waiting for a person per case (minutes)"},
           "rows": {"cycleTime": "Mean cycle time (minutes)", "cycleTimeP90": "Cycle time p90 (minutes)",
                    "cycleTimeCalendar": "Calendar cycle time (minutes)",
                    "queueWait": "Queue wait per case (minutes)",
                    "processing": "Processing per case (minutes)",
                    "withinStandard": "Within the service standard"}},
}


def render_comparison(data: dict, asis: SimResult, tobe: SimResult, lang: str = "id") -> str:
    """``ppb banding`` as one HTML page (tables only; no script, no network)."""
    lg = _lang(lang)
    c = CMP[lg]
    t = L[lg]
    style = page_style()

    def fmt(key, v):
        return _pct(v, lg) if key == "withinStandard" else _num(v, lg)

    def side(key, k, which):  # noqa: ANN001, ANN202 - a mean with its interval under it
        ci = k.get(which + "Ci95")
        small = "" if not ci else f'<br><span class="ci">{fmt(key, ci[0])} – {fmt(key, ci[1])}</span>'
        return f'<td class="num">{fmt(key, k[which])}{small}</td>'

    def sig(k):  # noqa: ANN001, ANN202
        s = k.get("significant")
        return "-" if s is None else escape(c["sig"][bool(s)])

    rows = []
    for key, k in data["kpis"].items():
        ci = "-" if not k["ci95"] else f"{fmt(key, k['ci95'][0])} – {fmt(key, k['ci95'][1])}"
        rows.append(f'<tr data-kpi="{escape(key)}"><th scope="row">{escape(c["rows"].get(key, key))}'
                    f'</th>{side(key, k, "asis")}{side(key, k, "tobe")}<td class="num">'
                    f'{fmt(key, k["difference"])}</td><td class="num">{ci}</td><td>{sig(k)}</td></tr>')
    for name, u in data["utilisation"].items():
        ci = "-" if not u["ci95"] else f"{_pct(u['ci95'][0], lg)} – {_pct(u['ci95'][1], lg)}"
        rows.append(f'<tr data-lane="{escape(name)}"><th scope="row">{escape(c["util"])}: '
                    f'{escape(name)}</th>{side("withinStandard", u, "asis")}'
                    f'{side("withinStandard", u, "tobe")}<td class="num">{_pct(u["difference"], lg)}</td>'
                    f'<td class="num">{ci}</td><td>{sig(u)}</td></tr>')
    for eid, a in (data.get("activities") or {}).items():
        for key in ("total", "personWait"):
            k = a[key]
            ci = "-" if not k["ci95"] else f"{_num(k['ci95'][0], lg)} – {_num(k['ci95'][1], lg)}"
            rows.append(f'<tr data-activity="{escape(eid)}" data-part="{key}"><th scope="row">'
                        f'{escape(c["act"][key])}: {escape(a["name"])}</th>{side(key, k, "asis")}'
                        f'{side(key, k, "tobe")}<td class="num">{_num(k["difference"], lg)}</td>'
                        f'<td class="num">{ci}</td><td>{sig(k)}</td></tr>')
    notes = [f'<li class="level-{escape(f.level)}"><span class="level">'
             f'{escape(t["level"].get(f.level, f.level))}</span> {which}: {escape(f.message(lg))}</li>'
             for which, res in (("as-is", asis), ("to-be", tobe)) for f in res.findings]
    return (f'<!DOCTYPE html>\n<html lang="{lg}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'; img-src data:">\n'
            f'<title>{escape(c["title"])}</title>\n<style>{style}</style>\n</head>\n<body>\n'
            f'<header class="head"><h1>{escape(c["title"])}</h1>\n<dl class="meta">'
            f'<div><dt>As-is</dt><dd>{escape(str(data["asis"]))}</dd></div>'
            f'<div><dt>To-be</dt><dd>{escape(str(data["tobe"]))}</dd></div>'
            f'<div><dt>{escape(t["scenario"])}</dt><dd>{data["cases"]} {escape(t["cases"])} × '
            f'{data["replications"]} {escape(t["reps"])}, {escape(t["seed"])} {data["seed"]}</dd></div>'
            f'</dl></header>\n<main>\n<p class="note">{escape(c["note"])}</p>\n'
            f'<table class="comparison"><thead><tr><th scope="col">{escape(c["measure"])}</th>'
            f'<th scope="col">As-is</th><th scope="col">To-be</th><th scope="col">'
            f'{escape(c["diff"])}</th><th scope="col">{escape(c["ci"])}</th>'
            f'<th scope="col">{escape(c["sig_head"])}</th></tr></thead>\n'
            f'<tbody>\n{"".join(rows)}\n</tbody></table>\n'
            + (f'<h2>{escape(c["notes"])}</h2><ul class="findings">{"".join(notes)}</ul>\n'
               if notes else "")
            + '</main>\n</body>\n</html>\n')


# -- the charts a stored result carries, as the server's job page shows them

CHART_TITLES = {"histogram": "Sebaran waktu siklus (garis: standar pelayanan)",
                "utilisation": "Pemanfaatan petugas per lane",
                "wip": "Kasus dalam proses sepanjang waktu (replikasi pertama)",
                "heatmap": "Peta panas: aktivitas menurut waktu tunggu rata-rata"}


def charts_for(result: dict) -> list[dict]:
    """The stored charts of a result (the SVG drawn when it ran), with their titles, in order."""
    charts = result.get("charts") or {}
    return [{"key": k, "title": CHART_TITLES.get(k, k), "svg": charts[k]}
            for k in CHART_TITLES if charts.get(k)]
