"""Simulation results as text for people (Indonesian first, English available). A result
whose cases were cut at the per-case step cap says so at the top, before any number."""
from __future__ import annotations

from ..units import format_number
from .results import SimResult

_LEVEL = {"id": {"error": "GALAT", "warning": "PERINGATAN", "info": "CATATAN"},
          "en": {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}}


# the engine's name in Indonesian text (the JSON keeps "compiled" / "reference")
_ENGINE_ID = {"compiled": "terkompilasi", "reference": "referensi"}


def _num(v, lang: str, decimals: int = 1) -> str:
    if v is None:
        return "-"
    return format_number(v, lang, decimals)


def _ci(ci, lang: str) -> str:
    if not ci:
        return ""
    return f" [{_num(ci[0], lang)} – {_num(ci[1], lang)}]"


def _pct(v, lang: str) -> str:
    return "-" if v is None else f"{format_number(100 * v, lang, 1)}%"


def render_text(result: SimResult, lang: str = "id") -> str:
    d = result.as_dict(lang)
    id_ = lang == "id"
    days = d["calendar"]["minutesPerDay"]
    unit_day = "hari kerja" if id_ and d["calendar"]["name"] != "24jam" else ("hari" if id_ else "days")
    ct = d["cycleTime"]
    lines = [
        (f"Simulasi: {d['process']['name']} ({result.path})" if id_ else
         f"Simulation: {d['process']['name']} ({result.path})"),
        (f"{d['cases']} kasus x {d['replications']} replikasi, benih {d['seed']}, pemanasan "
         f"{d['warmup']} kasus, mesin {_ENGINE_ID.get(d['engine'], d['engine'])}, "
         f"kalender {d['calendar']['name']}" if id_ else
         f"{d['cases']} cases x {d['replications']} replications, seed {d['seed']}, warm-up "
         f"{d['warmup']} cases, engine {d['engine']}, calendar {d['calendar']['name']}"),
        *([f"!! {d['completeness']}"] if d.get("completeness") else []),
        *[f"!! [{w['code']}] {w['message']}" for w in d.get("warnings", ())],
        "",
        ("Waktu siklus (menit; rata-rata dan selang kepercayaan 95%):" if id_ else
         "Cycle time (minutes; mean and 95% confidence interval):"),
        f"  {'rata-rata' if id_ else 'mean':<11} {_num(ct['mean'], lang)}{_ci(ct['ci95'], lang)}"
        + (f"  = {_num(ct['mean'] / days, lang, 2)} {unit_day}" if ct["mean"] is not None else ""),
        f"  {'median':<11} {_num(ct['p50'], lang)}",
        f"  {'p90':<11} {_num(ct['p90'], lang)}",
        f"  {'p95':<11} {_num(ct['p95'], lang)}",
        (f"Waktu tunggu antrean per kasus: {_num(d['queueWait']['mean'], lang)}"
         f"{_ci(d['queueWait']['ci95'], lang)} menit" if id_ else
         f"Queue wait per case: {_num(d['queueWait']['mean'], lang)}"
         f"{_ci(d['queueWait']['ci95'], lang)} minutes"),
        (f"Waktu proses per kasus: {_num(d['processing']['mean'], lang)} menit; tunggu lain "
         f"(timer, pihak lain, sinkronisasi): {_num(d['otherWait']['mean'], lang)} menit" if id_ else
         f"Processing per case: {_num(d['processing']['mean'], lang)} minutes; other waiting "
         f"(timers, other parties, synchronisation): {_num(d['otherWait']['mean'], lang)} minutes"),
    ]
    if d["standard"]:
        lines.append((f"Memenuhi standar pelayanan ({d['standard']['text']}): "
                      f"{_pct(d['withinStandard'], lang)} kasus" if id_ else
                      f"Within the service standard ({d['standard']['text']}): "
                      f"{_pct(d['withinStandard'], lang)} of cases"))
    lines += ["", "Lane (petugas):" if id_ else "Lanes (staff):"]
    width = max([len(n) for n in d["lanes"]] + [10])
    lines.append(f"  {'lane':<{width}}  {'kapasitas' if id_ else 'capacity':>9}  "
                 f"{'pemanfaatan' if id_ else 'utilisation':>11}  {'tunggu (mnt)' if id_ else 'wait (min)':>12}")
    for name, lane in d["lanes"].items():
        lines.append(f"  {name:<{width}}  {lane['capacity']:>9}  {_pct(lane['utilisation'], lang):>11}  "
                     f"{_num(lane['queueWait']['mean'], lang):>12}")
    if d["bottlenecks"]:
        top = d["bottlenecks"][0]
        if (top["queueWait"] or 0) > 0:
            lines.append((f"Hambatan utama: {top['lane']} (tunggu rata-rata "
                          f"{_num(top['queueWait'], lang)} menit)" if id_ else
                          f"Main bottleneck: {top['lane']} (mean wait {_num(top['queueWait'], lang)} minutes)"))
    if d.get("bottlenecksWithheld"):
        lines.append(d["bottlenecksWithheld"])
    lines += ["", "Aktivitas:" if id_ else "Activities:"]
    for eid, task in d["tasks"].items():
        count = "-" if task["count"] is None else f"{task['count']:,.0f}".replace(",", ".")
        lines.append(f"  {task['name'][:48]:<48}  {count:>7} x  "
                     f"{'tunggu' if id_ else 'wait'} {_num(task['queueWait']['mean'], lang):>8}  "
                     f"{'proses' if id_ else 'work'} {_num(task['processing']['mean'], lang):>8}")
    lines += share_lines(d.get("activityShare"), lang)
    v = d["validation"]
    lines += ["", (f"Validasi: {v['casesFinished']} kasus selesai, {v['casesUnfinished']} tidak selesai"
                   if id_ else f"Validation: {v['casesFinished']} cases finished, "
                   f"{v['casesUnfinished']} unfinished")
              + ((f", {v['casesCut']} dihentikan pada batas {v['maxStepsPerCase']} langkah" if id_ else
                  f", {v['casesCut']} stopped at the limit of {v['maxStepsPerCase']} steps")
                 if v.get("casesCut") else "")]
    if d.get("precision"):
        lines += ["", d["precision"]["text"], d["ciMethod"]]
    if d["findings"]:
        lines += ["", "Catatan:" if id_ else "Notes:"]
        for f in d["findings"]:
            lines.append(f"  [{_LEVEL[lang].get(f['level'], f['level'])}] {f['message']}")
    return "\n".join(lines) + "\n"


def _share(part: dict, lang: str) -> str:
    share = part["share"]
    ci = share.get("ci95")
    text = _pct(share.get("mean"), lang)
    if ci:
        text += f" [{_pct(ci[0], lang)} – {_pct(ci[1], lang)}]"
    return text


def share_lines(share: dict | None, lang: str = "id") -> list[str]:
    """The per-activity share of the cycle time (``as_dict`` activityShare) as text lines."""
    if not share or not share.get("activities"):
        return []
    id_ = lang == "id"
    ct = share["cycleTime"]
    lines = ["", ("Bagian waktu siklus per aktivitas (waktu siklus kalender "
                  f"{_num(ct['mean'], lang)}{_ci(ct['ci95'], lang)} menit; persen dan selang "
                  "95%):" if id_ else
                  "Share of the cycle time per activity (calendar cycle time "
                  f"{_num(ct['mean'], lang)}{_ci(ct['ci95'], lang)} minutes; percent and 95% "
                  "interval):")]
    heads = (("proses", "tunggu petugas", "di luar jam kerja") if id_ else
             ("processing", "waiting for a person", "outside office hours"))
    for eid, row in share["activities"].items():
        lines.append(f"  {row['name'][:48]}" + (f" ({row['lane']})" if row.get("lane") else ""))
        for head, key in zip(heads, ("processing", "personWait", "outsideHours")):
            part = row[key]
            lines.append(f"    {head:<22} {_num(part['minutes']['mean'], lang):>9} "
                         f"{'menit' if id_ else 'min'}  {_share(part, lang)}")
    other = share["other"]
    lines.append(f"  {'lainnya (timer, pesan, cabang paralel)' if id_ else 'other (timers, messages, parallel branches)'}"
                 f" {_num(other['minutes']['mean'], lang)} {'menit' if id_ else 'min'}  "
                 f"{_pct(other['share']['mean'], lang)}")
    lines.append("  " + share["note"])
    return lines


def _significant(kpi: dict, lang: str) -> str:
    sig = kpi.get("significant")
    if sig is None:
        return ""
    if lang == "id":
        return "  bermakna" if sig else "  tidak bermakna"
    return "  significant" if sig else "  not significant"


def render_comparison(data: dict, asis: SimResult, tobe: SimResult, lang: str = "id") -> str:
    id_ = lang == "id"
    names = {
        "cycleTime": ("Waktu siklus rata-rata (menit)", "Mean cycle time (minutes)"),
        "cycleTimeP90": ("Waktu siklus p90 (menit)", "Cycle time p90 (minutes)"),
        "cycleTimeCalendar": ("Waktu siklus kalender (menit)", "Calendar cycle time (minutes)"),
        "queueWait": ("Tunggu antrean per kasus (menit)", "Queue wait per case (minutes)"),
        "processing": ("Waktu proses per kasus (menit)", "Processing per case (minutes)"),
        "withinStandard": ("Memenuhi standar (proporsi)", "Within standard (share)"),
    }
    lines = [
        (f"Perbandingan as-is {asis.path} dengan to-be {tobe.path}" if id_ else
         f"Comparison of as-is {asis.path} and to-be {tobe.path}"),
        (f"{data['cases']} kasus x {data['replications']} replikasi, benih {data['seed']} (angka acak "
         "bersama); selisih = to-be dikurangi as-is, dengan selang kepercayaan 95%" if id_ else
         f"{data['cases']} cases x {data['replications']} replications, seed {data['seed']} (common "
         "random numbers); difference = to-be minus as-is, with 95% confidence interval"),
        "",
        f"  {'indikator' if id_ else 'indicator':<34} {'as-is':>10} {'to-be':>10} {'selisih' if id_ else 'difference':>10}",
    ]
    for key, kpi in data["kpis"].items():
        dec = 3 if key == "withinStandard" else 1
        label = names.get(key, (key, key))[0 if id_ else 1]
        lines.append(f"  {label:<34} {_num(kpi['asis'], lang, dec):>10} "
                     f"{_num(kpi['tobe'], lang, dec):>10} {_num(kpi['difference'], lang, dec):>10}"
                     f"{_ci(kpi['ci95'], lang)}{_significant(kpi, lang)}")
    if data["utilisation"]:
        lines += ["", "Pemanfaatan lane:" if id_ else "Lane utilisation:"]
        for name, u in data["utilisation"].items():
            lines.append(f"  {name[:34]:<34} {_pct(u['asis'], lang):>10} {_pct(u['tobe'], lang):>10} "
                         f"{_pct(u['difference'], lang):>10}{_significant(u, lang)}")
    if data.get("activities"):
        lines += ["", "Per aktivitas (menit kalender per kasus; di dalamnya tunggu petugas):" if id_
                  else "Per activity (calendar minutes per case; of which waiting for a person):"]
        for a in data["activities"].values():
            for key, head in (("total", a["name"][:30]),
                              ("personWait", "  tunggu petugas" if id_ else "  waiting for a person")):
                k = a[key]
                lines.append(f"  {head:<34} {_num(k['asis'], lang):>10} {_num(k['tobe'], lang):>10} "
                             f"{_num(k['difference'], lang):>10}{_ci(k['ci95'], lang)}"
                             f"{_significant(k, lang)}")
    return "\n".join(lines) + "\n"
