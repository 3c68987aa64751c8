"""JSON report. The documented shape is kept; fields are only ever added."""
from __future__ import annotations

import json

from ..engine import Report

try:   # a pinned dependency (pyproject.toml); json writes the same bytes without it
    import orjson
except ImportError:  # pragma: no cover - an installation without it
    orjson = None


def as_dict(report: Report, alignment=None, with_alignment: bool = True) -> dict:
    """The report as plain data. A set run with a plan also gets ``alignment`` (matrix, gaps,
    cascade tree) and ``opd`` (per-OPD progress); ``alignment`` may be passed in when the
    caller has already computed it (:func:`validator.alignment.compute`), and left out
    with ``with_alignment=False``."""
    files = []
    for fr in report.files:
        entry: dict = {"path": fr.path, "status": "ok" if fr.ok else "error"}
        if fr.error is not None:
            entry["error"] = fr.error.as_dict(report.lang)
        entry["findings"] = [f.to_dict() for f in fr.findings]
        entry["summary"] = fr.counts()
        files.append(entry)
    s = report.summary()
    out = {
        "version": report.version,
        "ruleCatalogVersion": report.catalog_version,
        "profile": report.profile,
        "lang": report.lang,
        "files": files,
        "summary": {"error": s["error"], "warning": s["warning"], "info": s["info"],
                    "suppressed": s["suppressed"], "files": s["files"],
                    "unreadable": s["unreadable"]},
    }
    if report.is_set:
        out["set"] = set_section(report)
        if alignment is None and report.plan is not None and with_alignment:
            from ..alignment import compute
            alignment = compute(report)
        if alignment is not None:
            section = alignment.as_dict()
            opd = section.pop("opd")
            out["alignment"] = section
            out["opd"] = opd
    return out


def set_section(report: Report) -> dict:
    """What a set run adds: the plan used, the set's own findings, rules not run."""
    plan = report.plan
    return {
        "plan": None if plan is None else {"pemda": plan.pemda.nama, "rpjmd": plan.rpjmd.id,
                                           "periode": list(plan.rpjmd.periode)},
        "findings": [f.to_dict() for f in report.set_findings],
        "rulesNotRun": list(report.skipped_rules),
    }


def render(report: Report, pretty: bool = False, as_bytes: bool = False,
           **_: object) -> str | bytes:
    """Compact by default, indented for a person at a terminal (``pretty``). ``as_bytes``:
    UTF-8 bytes, for a caller that writes them out as they are (the command line)."""
    if pretty:
        text = json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8") if as_bytes else text
    data = dumps_compact(as_dict(report)) + b"\n"
    return data if as_bytes else data.decode("utf-8")


def dumps_compact(data: object) -> bytes:
    """``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` as UTF-8 bytes, by
    orjson: about seven times faster (6 ms instead of 41 for the 5.5 MB report of the 831
    MIWG files, measured in-process) and the same bytes for what a report holds: strings,
    whole numbers, booleans, lists, dicts with string keys, and percentages (floats between
    0 and 100 with one decimal, which both write the same way; orjson would write an
    exponent without json's '+' and NaN as null, which no report holds). What orjson
    refuses (a number beyond 64 bits, a key that is not a string) goes through json."""
    if orjson is not None:
        try:
            return orjson.dumps(data)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
