"""The simulation result as an XLSX workbook (openpyxl): numbers stay numbers.

Sheets: Ringkasan (scenario and KPIs with their 95% confidence intervals), Lane,
Aktivitas, Histogram (cycle-time bins with a bar chart) and Catatan (findings); English
names with ``lang="en"``. ``write_comparison`` writes ``ppb banding`` (sheet Banding).
"""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..spreadsheet import xlsx_cell
from .html import histogram
from .results import SimResult

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)

SHEETS = {"id": ("Ringkasan", "Lane", "Aktivitas", "Histogram", "Catatan"),
          "en": ("Summary", "Lanes", "Activities", "Histogram", "Notes")}
T = {
    "id": {
        "title": "Hasil simulasi", "process": "Proses", "file": "Berkas", "cases": "Kasus per replikasi",
        "reps": "Replikasi", "seed": "Benih", "warmup": "Kasus pemanasan", "engine": "Mesin",
        "calendar": "Kalender", "mpd": "Menit kerja per hari", "hash": "Sidik model (SHA-256)",
        "standard": "Standar pelayanan",
        "kpi": ("Ukuran", "Rata-rata", "SK 95% bawah", "SK 95% atas", "Satuan"),
        "min": "menit", "share": "proporsi",
        "rows": {"cycle": "Waktu siklus rata-rata", "p50": "Waktu siklus median (p50)",
                 "p90": "Waktu siklus p90", "p95": "Waktu siklus p95",
                 "queue": "Tunggu antrean per kasus", "processing": "Waktu proses per kasus",
                 "other": "Tunggu lain per kasus", "within": "Kasus memenuhi standar pelayanan",
                 "clock": "Waktu siklus kalender (waktu dinding)",
                 "share_other": "Bagian waktu siklus kalender tanpa aktivitas (timer, pesan, "
                                "cabang paralel)",
                 "finished": "Kasus selesai (semua replikasi)",
                 "unfinished": "Kasus tidak selesai (semua replikasi)"},
        "count": "kasus",
        "lane": ("Lane", "ID lane", "Kapasitas", "Pemanfaatan", "SK 95% bawah", "SK 95% atas",
                 "Tunggu rata-rata (menit)", "Panjang antrean rata-rata", "Biaya per jam",
                 "Peringkat hambatan"),
        "task": ("ID elemen", "Aktivitas", "Lane", "Jumlah per replikasi",
                 "Tunggu rata-rata (menit)", "SK 95% bawah", "SK 95% atas",
                 "Proses rata-rata (menit)",
                 *[f"{part}: {what}" for part in ("Proses", "Tunggu petugas", "Di luar jam kerja",
                                                  "Jumlah")
                   for what in ("menit per kasus", "bagian waktu siklus kalender",
                                "SK 95% bawah", "SK 95% atas")]),
        "hist": ("Dari (menit)", "Sampai (menit)", "Jumlah kasus"),
        "hist_title": "Sebaran waktu siklus (semua replikasi)",
        "note": ("Tingkat", "Kode", "Pesan", "Elemen"),
        "never": "Elemen tak pernah dicapai",
        "cmp": ("Ukuran", "As-is", "To-be", "Selisih (to-be − as-is)", "SK 95% bawah",
                "SK 95% atas", "Bermakna?"),
        "sig": {True: "ya", False: "tidak"},
        "act": {"total": "Menit kalender per kasus", "personWait": "Tunggu petugas per kasus (menit)"},
        "cmp_rows": {"cycleTime": "Waktu siklus rata-rata (menit)",
                     "cycleTimeCalendar": "Waktu siklus kalender (menit)",
                     "cycleTimeP90": "Waktu siklus p90 (menit)",
                     "queueWait": "Tunggu antrean per kasus (menit)",
                     "processing": "Waktu proses per kasus (menit)",
                     "withinStandard": "Memenuhi standar (proporsi)"},
        "util": "Pemanfaatan",
    },
    "en": {
        "title": "Simulation result", "process": "Process", "file": "File", "cases": "Cases per replication",
        "reps": "Replications", "seed": "Seed", "warmup": "Warm-up cases", "engine": "Engine",
        "calendar": "Calendar", "mpd": "Working minutes per day", "hash": "Model hash (SHA-256)",
        "standard": "Service standard",
        "kpi": ("Measure", "Mean", "95% CI low", "95% CI high", "Unit"),
        "min": "minutes", "share": "share",
        "rows": {"cycle": "Mean cycle time", "p50": "Cycle time median (p50)",
                 "p90": "Cycle time p90", "p95": "Cycle time p95",
                 "queue": "Queue wait per case", "processing": "Processing per case",
                 "other": "Other waiting per case", "within": "Cases within the service standard",
                 "clock": "Calendar cycle time (wall clock)",
                 "share_other": "Share of the calendar cycle time in no activity (timers, "
                                "messages, parallel branches)",
                 "finished": "Cases finished (all replications)",
                 "unfinished": "Cases unfinished (all replications)"},
        "count": "cases",
        "lane": ("Lane", "Lane id", "Capacity", "Utilisation", "95% CI low", "95% CI high",
                 "Mean wait (minutes)", "Mean queue length", "Cost per hour", "Bottleneck rank"),
        "task": ("Element id", "Activity", "Lane", "Count per replication", "Mean wait (minutes)",
                 "95% CI low", "95% CI high", "Mean work (minutes)",
                 *[f"{part}: {what}" for part in ("Processing", "Waiting for a person",
                                                  "Outside office hours", "Total")
                   for what in ("minutes per case", "share of calendar cycle time",
                                "95% CI low", "95% CI high")]),
        "hist": ("From (minutes)", "To (minutes)", "Cases"),
        "hist_title": "Cycle-time distribution (all replications)",
        "note": ("Level", "Code", "Message", "Element"),
        "never": "Elements never reached",
        "cmp": ("Measure", "As-is", "To-be", "Difference (to-be − as-is)", "95% CI low",
                "95% CI high", "Significant?"),
        "sig": {True: "yes", False: "no"},
        "act": {"total": "Calendar minutes per case", "personWait": "Waiting for a person per case (minutes)"},
        "cmp_rows": {"cycleTime": "Mean cycle time (minutes)", "cycleTimeP90": "Cycle time p90 (minutes)",
                     "cycleTimeCalendar": "Calendar cycle time (minutes)",
                     "queueWait": "Queue wait per case (minutes)",
                     "processing": "Processing per case (minutes)",
                     "withinStandard": "Within standard (share)"},
        "util": "Utilisation",
    },
}


def _cell(ws, row: int, column: int, value):
    """Write one cell: numbers stay numbers, text is never a formula (validator.spreadsheet)."""
    return ws.cell(row=row, column=column, value=xlsx_cell(value))


def _header(ws, row: int, names, widths=None) -> None:
    for col, name in enumerate(names, start=1):
        c = _cell(ws, row, col, name)
        c.fill, c.font = HEADER_FILL, HEADER_FONT
    if widths:
        for col, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _ci(ci, i):
    return ci[i] if ci else None


def workbook(result: SimResult, lang: str = "id") -> Workbook:
    lg = "en" if lang == "en" else "id"
    t = T[lg]
    d = result.as_dict(lg)
    wb = Workbook()
    s_sum, s_lane, s_task, s_hist, s_note = SHEETS[lg]

    ws = wb.active
    ws.title = s_sum
    ws["A1"] = xlsx_cell(f'{t["title"]}: {d["process"]["name"] or d["process"]["id"]}')
    ws["A1"].font = TITLE_FONT
    meta = [(t["file"], result.path), (t["cases"], d["cases"]), (t["reps"], d["replications"]),
            (t["seed"], d["seed"]), (t["warmup"], d["warmup"]), (t["engine"], d["engine"]),
            (t["calendar"], d["calendar"]["name"]), (t["mpd"], d["calendar"]["minutesPerDay"]),
            (t["standard"], d["standard"]["text"] if d["standard"] else None),
            (t["hash"], d["modelHash"])]
    # warnings that qualify every figure come first, right under the title
    meta[:0] = [(w["code"], w["message"]) for w in d.get("warnings", ())]
    if d.get("bottlenecksWithheld"):
        meta.insert(len(d.get("warnings", ())), ("-", d["bottlenecksWithheld"]))
    if d.get("precision"):
        meta += [("+-5%", d["precision"]["text"]), ("95%", d["ciMethod"])]
    for i, (k, v) in enumerate(meta, start=3):
        _cell(ws, i, 1, k).font = BOLD
        _cell(ws, i, 2, v)
    start = 3 + len(meta) + 1
    ct = d["cycleTime"]
    R = t["rows"]
    rows = [(R["cycle"], ct["mean"], ct["ci95"], t["min"]), (R["p50"], ct["p50"], None, t["min"]),
            (R["p90"], ct["p90"], ct["p90ci95"], t["min"]), (R["p95"], ct["p95"], None, t["min"]),
            (R["queue"], d["queueWait"]["mean"], d["queueWait"]["ci95"], t["min"]),
            (R["processing"], d["processing"]["mean"], d["processing"]["ci95"], t["min"]),
            (R["other"], d["otherWait"]["mean"], d["otherWait"]["ci95"], t["min"])]
    share = d.get("activityShare")
    if share:
        rows += [(R["clock"], share["cycleTime"]["mean"], share["cycleTime"]["ci95"], t["min"]),
                 (R["share_other"], share["other"]["share"]["mean"], share["other"]["share"]["ci95"],
                  t["share"])]
    if d["standard"]:
        rows.append((R["within"], d["withinStandard"], d["withinStandardCi95"], t["share"]))
    rows += [(R["finished"], d["validation"]["casesFinished"], None, t["count"]),
             (R["unfinished"], d["validation"]["casesUnfinished"], None, t["count"])]
    _header(ws, start, t["kpi"], (44, 16, 14, 14, 12))
    ws.freeze_panes = None
    for i, (label, mean, ci, unit) in enumerate(rows, start=start + 1):
        _cell(ws, i, 1, label)
        for col, v in ((2, mean), (3, _ci(ci, 0)), (4, _ci(ci, 1))):
            c = _cell(ws, i, col, v)
            c.number_format = "0.0%" if unit == t["share"] else "#,##0.00"
        _cell(ws, i, 5, unit)
    ws.column_dimensions["B"].width = 70 if len(result.path) > 16 else 16

    ws = wb.create_sheet(s_lane)
    _header(ws, 1, t["lane"], (34, 18, 10, 12, 12, 12, 20, 20, 14, 16))
    rank = {b["lane"]: i for i, b in enumerate(d["bottlenecks"], start=1)}
    for r, (name, lane) in enumerate(d["lanes"].items(), start=2):
        vals = (name, lane["id"], lane["capacity"], lane["utilisation"],
                _ci(lane["utilisationCi95"], 0), _ci(lane["utilisationCi95"], 1),
                lane["queueWait"]["mean"], lane["queueLength"], lane["costPerHour"], rank.get(name))
        for col, v in enumerate(vals, start=1):
            c = _cell(ws, r, col, v)
            if col in (4, 5, 6):
                c.number_format = "0.0%"
            elif col in (7, 8):
                c.number_format = "#,##0.00"

    ws = wb.create_sheet(s_task)
    _header(ws, 1, t["task"], (22, 40, 30, 20, 22, 14, 14, 22) + (18,) * 16)
    shares = (share or {}).get("activities", {})
    for r, (eid, task) in enumerate(d["tasks"].items(), start=2):
        vals = [eid, task["name"], task["lane"], task["count"], task["queueWait"]["mean"],
                _ci(task["queueWait"]["ci95"], 0), _ci(task["queueWait"]["ci95"], 1),
                task["processing"]["mean"]]
        row = shares.get(eid)
        for part in ("processing", "personWait", "outsideHours", "total"):
            if row is None:
                vals += [None] * 4
                continue
            vals += [row[part]["minutes"]["mean"], row[part]["share"]["mean"],
                     _ci(row[part]["share"]["ci95"], 0), _ci(row[part]["share"]["ci95"], 1)]
        for col, v in enumerate(vals, start=1):
            c = _cell(ws, r, col, v)
            if col >= 9 and (col - 9) % 4:
                c.number_format = "0.0%"
            elif col >= 4:
                c.number_format = "#,##0.00"

    ws = wb.create_sheet(s_hist)
    h = histogram(result.cycle_times(), result.params.standard)
    _header(ws, 1, t["hist"], (16, 16, 14))
    for i, count in enumerate(h["counts"]):
        _cell(ws, i + 2, 1, round(h["edges"][i], 4))
        _cell(ws, i + 2, 2, round(h["edges"][i + 1], 4))
        _cell(ws, i + 2, 3, count)
    if h["counts"]:
        chart = BarChart()
        chart.title = t["hist_title"]
        chart.y_axis.title = t["hist"][2]
        chart.x_axis.title = t["hist"][1]
        chart.gapWidth = 10
        n = len(h["counts"])
        chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=n + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=n + 1))
        chart.legend = None
        chart.width, chart.height = 22, 10
        ws.add_chart(chart, "E2")

    ws = wb.create_sheet(s_note)
    _header(ws, 1, t["note"], (14, 24, 100, 24))
    r = 2
    for f in d["findings"]:
        for col, v in enumerate((f["level"], f["code"], f["message"], f.get("elementId")), start=1):
            _cell(ws, r, col, v)
        r += 1
    if d["validation"]["neverReached"]:
        _cell(ws, r, 1, "info")
        _cell(ws, r, 3, f'{t["never"]}: ' + ", ".join(d["validation"]["neverReached"]))
    return wb


def _sig(kpi: dict, t: dict):  # noqa: ANN202
    sig = kpi.get("significant")
    return None if sig is None else t["sig"][bool(sig)]


def write(result: SimResult, path, lang: str = "id") -> None:
    workbook(result, lang).save(path)


def write_comparison(data: dict, path, lang: str = "id") -> None:
    """``ppb banding``: each KPI as-is, to-be, the difference and its 95% CI."""
    lg = "en" if lang == "en" else "id"
    t = T[lg]
    wb = Workbook()
    ws = wb.active
    ws.title = "Banding" if lg == "id" else "Comparison"
    ws["A1"] = xlsx_cell(f'As-is: {data["asis"]}')
    ws["A2"] = xlsx_cell(f'To-be: {data["tobe"]}')
    ws["A3"] = (f'{data["cases"]} {t["count"]} × {data["replications"]} '
                f'{t["reps"].lower()}, {t["seed"].lower()} {data["seed"]}')
    _header(ws, 5, t["cmp"], (40, 14, 14, 24, 14, 14, 12))
    rows = [(t["cmp_rows"].get(key, key), kpi, "0.0%" if key == "withinStandard" else "#,##0.00")
            for key, kpi in data["kpis"].items()]
    rows += [(f'{t["util"]}: {name}', u, "0.0%") for name, u in data["utilisation"].items()]
    rows += [(f'{t["act"][key]}: {a["name"]}', a[key], "#,##0.00")
             for a in (data.get("activities") or {}).values() for key in ("total", "personWait")]
    for r, (label, k, fmt) in enumerate(rows, start=6):
        vals = (label, k["asis"], k["tobe"], k["difference"], _ci(k["ci95"], 0), _ci(k["ci95"], 1),
                _sig(k, t))
        for col, v in enumerate(vals, start=1):
            c = _cell(ws, r, col, v)
            if 1 < col < 7:
                c.number_format = fmt
    wb.save(path)
