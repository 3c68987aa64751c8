"""Plain-text report for the terminal, Indonesian first."""
from __future__ import annotations

from ..engine import Report
from .labels import basis_text
from .places import named_elements

LABELS = {
    "id": {"error": "KESALAHAN", "warning": "PERINGATAN", "info": "INFO",
           "line": "baris", "fix": "Saran", "source": "Sumber", "suppressed": "diabaikan",
           "clean": "tidak ada temuan", "unreadable": "TIDAK DAPAT DIBACA",
           "summary": "Ringkasan", "files": "berkas", "nfiles_unreadable": "berkas tidak dapat dibaca",
           "set": "Temuan atas set peta secara keseluruhan",
           "map": "seluruh peta", "whole_set": "seluruh set peta", "plan_item": "butir rencana",
           "skipped": "Pemeriksaan yang memerlukan rencana (--rencana) tidak dijalankan untuk aturan",
           "lang": "id"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO",
           "line": "line", "fix": "Fix", "source": "Source", "suppressed": "suppressed",
           "clean": "no findings", "unreadable": "CANNOT BE READ",
           "summary": "Summary", "files": "files", "nfiles_unreadable": "files could not be read",
           "set": "Findings on the map set as a whole",
           "map": "whole map", "whole_set": "whole map set", "plan_item": "plan item",
           "skipped": "Checks that need a plan (--rencana) were not run for rules",
           "lang": "en"},
}


def render(report: Report, color: bool = False, **_: object) -> str:
    L = LABELS.get(report.lang, LABELS["id"])
    colors = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"} if color else {}
    reset = "\033[0m" if color else ""
    dim = "\033[2m" if color else ""
    out: list[str] = []
    for fr in report.files:
        out.append(f"{fr.path}")
        if fr.error is not None:
            out.append(f"  {colors.get('error', '')}{L['unreadable']}{reset} [{fr.error.code}] "
                       + (fr.error.message if report.lang == "id" else fr.error.message_en))
            out.append("")
            continue
        if not fr.findings:
            out.append(f"  {dim}{L['clean']}{reset}")
            out.append("")
            continue
        _findings(out, fr.findings, report.lang, L, colors, reset, dim, L["map"])
        out.append("")
    if report.set_findings:
        out.append(L["set"])
        _findings(out, report.set_findings, report.lang, L, colors, reset, dim, L["whole_set"])
        out.append("")
    if report.skipped_rules:
        out.append(f"{dim}{L['skipped']}: {', '.join(report.skipped_rules)}.{reset}")
        out.append("")
    s = report.summary()
    if report.lang == "id":
        line = (f"{L['summary']}: {s['error']} kesalahan, {s['warning']} peringatan, "
                f"{s['info']} info ({s['suppressed']} diabaikan) pada {s['files']} berkas")
    else:
        line = (f"{L['summary']}: {s['error']} errors, {s['warning']} warnings, "
                f"{s['info']} info ({s['suppressed']} suppressed) in {s['files']} files")
    if s["unreadable"]:
        line += f"; {s['unreadable']} {L['nfiles_unreadable']}"
    out.append(line + ".")
    return "\n".join(out) + "\n"


def place(f, L: dict, whole: str) -> str:
    """Where a finding sits, in a few words: its element ids (all it names), its plan item,
    or ``whole`` ("seluruh peta"; "seluruh set peta" for a finding on the set)."""
    if f.scope == "peta":
        return whole
    if f.scope == "rencana":
        return f"{L['plan_item']} {f.subject}"
    return ", ".join(named_elements(f))


def _findings(out: list[str], findings, lang: str, L: dict, colors: dict, reset: str, dim: str,
              whole: str) -> None:
    # findings on the map as a whole first, then those on an element or a plan item
    for f in sorted(findings, key=lambda f: f.scope != "peta"):
        sev = L[f.severity]
        where = f"{L['line']} {f.line}" if f.line else ""
        tag = f" ({L['suppressed']})" if f.suppressed else ""
        msg = f.message if lang == "id" else f.message_en
        out.append(f"  {where:>10}  {colors.get(f.severity, '')}{sev:<10}{reset} "
                   f"{f.rule:<28} {place(f, L, whole)}{tag}")
        out.append(f"  {'':>10}  {msg}")
        if f.fix and not f.suppressed:
            out.append(f"  {'':>10}  {dim}{L['fix']}: {f.fix}{reset}")
        out.append(f"  {'':>10}  {dim}{L['source']}: {f.source} "
                   f"[{basis_text(f.confidence, L['lang'])}]{reset}")
