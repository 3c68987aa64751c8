"""Self-contained HTML report: each file's diagram drawn by bpmn-js, findings beside it.

One file that opens from disk with no server and no network: the page comes
from a Jinja2 template, the viewer bundle (bpmn-js, built by ``make assets``)
and all styles are inlined, and the data the viewer needs (the JSON report plus
each file's XML) sits in a ``<script type="application/json">`` block.
"""
from __future__ import annotations

import codecs
import json
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import alignment as alignment_mod
from ..engine import FileResult, Finding, Report
from . import assets, json_report
from .labels import (CONFIDENCE, SEVERITY, SEVERITY_ORDER, SEVERITY_PLURAL, alignment_labels,
                     date_text, group_label, level_text, percent_text)
from .places import file_model, named_elements, scope_of

TEMPLATES = Path(__file__).resolve().parent / "templates"

# states whose diagram the viewer draws: "none" (no BPMNDI) is laid out automatically first
DRAWABLE = ("ok", "none")

NOTES = {
    "none": ("Tata letak dibuat otomatis: berkas ini tidak memuat tata letak diagram (BPMNDI), "
             "sehingga posisi elemen disusun oleh penampil, bukan diambil dari berkas. Simpan "
             "ulang peta dari Camunda Modeler atau bpmn.io agar tata letaknya ikut tersimpan."),
    "unreadable": "Berkas ini tidak dapat dibaca, sehingga diagramnya tidak dapat ditampilkan.",
    "missing": ("Isi berkas tidak dapat dibaca ulang ketika laporan dibuat, sehingga diagramnya "
                "tidak dapat ditampilkan."),
}

_PLANE = re.compile(rb"<(?:[\w.-]+:)?BPMNPlane[\s/>]")
_DRAWN = re.compile(rb"<(?:[\w.-]+:)?BPMN(?:Shape|Edge)[\s/>]")
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def render(report: Report, sources: Mapping[str, bytes] | None = None,
           now: datetime | None = None, **_: object) -> str:
    """The report as one HTML page.

    ``sources`` maps a file's path (as in the report) to its bytes; a file not in it
    is read again from its path to draw its diagram.
    """
    viewer = assets.load()
    created = date_text(now or datetime.now())
    aligned = alignment_mod.compute(report)
    data = json_report.as_dict(report, alignment=aligned)
    # the page shows these as tables; the viewer script does not need them
    data.pop("alignment", None)
    data.pop("opd", None)
    data["created"] = created
    for fr, entry in zip(report.files, data["files"]):
        raw = _source(fr, sources, report)
        model_drawn = None if fr.model is None else any(
            d.has_plane and (d.shapes or d.edges) for d in fr.model.diagrams)
        entry.update(diagram=diagram_state(fr.ok, raw, model_drawn), raw=raw)
        _name_elements(fr, entry)
    page = page_view(data["files"])
    return _template().render(
        report=report,
        created=created,
        summary={**page["summary"], "files": len(report.files)},
        verdict=page["verdict"],
        severities=page["severities"],
        groups=page["groups"],
        files=page["files"],
        set_view=set_view(report, aligned) if report.is_set else None,
        page_style=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        viewer_style=Markup(viewer.style),
        viewer_script=Markup(viewer.script),
        data_json=Markup(script_json({**data, "files": page["script_files"]})),
    )


def _name_elements(fr: FileResult, entry: dict) -> None:
    """Give each finding that names several elements their names (``elementNames``), from
    the file's model, so that the page can say which elements they are."""
    several = [f for f in entry.get("findings") or () if len(f.get("elements") or ()) > 1]
    model = file_model(fr) if several else None
    if model is None:
        return
    for f in several:
        names = {}
        for eid in f["elements"]:
            el = model.get(eid)
            if el is not None and el.name:
                names[eid] = " ".join(el.name.split())
        if names:
            f["elementNames"] = names


def script_json(data: object) -> str:
    """JSON that is safe inside <script>: no "<", ">" or "&" left for HTML to read."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def set_view(report: Report, aligned: "alignment_mod.Alignment | None" = None) -> dict:
    """What the set sections of the template need (set runs): the alignment with the plan
    (None without a plan), the per-OPD rows and the set's own findings, in the report's
    language (:func:`~validator.report.labels.alignment_labels`)."""
    L = alignment_labels(report.lang)
    view: dict = {"L": L, "alignment": None, "opd": [], "vias": alignment_mod.VIA_ORDER,
                  "severities": SEVERITY_ORDER, "skipped": list(report.skipped_rules),
                  "findings": [_set_finding_view(f, L) for f in report.set_findings]}
    if aligned is None:
        aligned = alignment_mod.compute(report)
    if aligned is None:
        return view
    m = aligned.matrix

    def row_view(r: "alignment_mod.MatrixRow") -> dict:
        return {"id": r.sasaran, "teks": r.teks, "served": r.served, "serving": r.serving,
                "level_label": level_text(L, r.is_rpjmd, r.opd),
                "cells": [r.cells.get(i) for i in range(len(m.columns))]}

    rows = [row_view(r) for r in m.rows]
    view["alignment"] = {
        "pemda": aligned.pemda, "rpjmd": aligned.rpjmd, "periode": aligned.periode,
        "columns": [{**c.as_dict(), "title": _column_title(c)} for c in m.columns],
        "rows": rows, "unserved": [r for r in rows if not r["served"]],
        "unaligned": m.unaligned, "tree": aligned.cascade,
    }
    view["opd"] = [_opd_view(o, L) for o in aligned.opd]
    return view


def _column_title(c: "alignment_mod.ProcessRef") -> str:
    parts = [f"{c.kode} {c.name}" if c.kode else c.name, c.file]
    if c.opd_name or c.opd:
        parts.append(c.opd_name or c.opd or "")
    if c.kategori:
        parts.append(c.kategori)
    return " — ".join(parts)


def _opd_view(o: "alignment_mod.OpdRow", L: dict) -> dict:
    if o.kind == alignment_mod.ROW_PEMDA:
        label, note = o.nama, L["row"]["pemda"]
    elif o.kind == alignment_mod.ROW_NO_OPD:
        label, note = L["row"]["noOpd"], ""
    elif o.kind == alignment_mod.ROW_UNKNOWN_OPD:
        label, note = o.nama, L["row"]["unknownOpd"]
    elif o.singkatan and o.singkatan != o.nama:
        label, note = f"{o.singkatan} — {o.nama}", ""
    else:
        label, note = o.nama, ""
    return {"kind": o.kind, "key": o.singkatan or o.kind, "label": label, "note": note,
            "uploaded": o.uploaded, "map_count": len(o.maps), "maps": o.maps,
            "unreadable": o.unreadable, "findings": o.findings, "has_plan": o.has_plan,
            "served": o.sasaran_served, "total": o.sasaran_total,
            "percent": percent_text(o.coverage, L["lang"]), "unserved": o.unserved}


def _set_finding_view(f: Finding, L: dict) -> dict:
    return {"rule": f.rule, "severity": f.severity,
            "severity_label": L["severity_name"].get(f.severity, f.severity),
            "title": f.title, "message": f.message if L["lang"] != "en" else f.message_en,
            "fix": f.fix, "source": f.source, "subject": f.subject,
            "scope": f.scope, "elements": " ".join(named_elements(f)),
            "suppressed": f.suppressed, "suppressed_by": f.suppressed_by}


# -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2")


def _source(fr: FileResult, sources: Mapping[str, bytes] | None,
            report: Report | None = None) -> bytes | None:
    """The bytes of a file of the report: given in ``sources``, else read again from disk
    (a set names its files inside the set: their place on disk is kept by the map set)."""
    if not fr.ok:
        return None
    if sources is not None and fr.path in sources:
        return sources[fr.path]
    path = fr.path
    mapset = getattr(report, "mapset", None)
    if mapset is not None:
        mf = mapset.file(fr.path)
        if mf is not None and mf.data is not None:
            return mf.data
        if mf is None or mf.origin is None:
            return None
        path = mf.origin
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def diagram_state(ok: bool, raw: bytes | None, drawn: bool | None = None) -> str:
    """ok (draw it), none (no BPMNDI: laid out automatically, then drawn), unreadable, or
    missing (bytes not at hand).
    ``drawn`` is what a parsed model says; without a model the bytes are searched."""
    if not ok:
        return "unreadable"
    if raw is None:
        return "missing"
    if drawn is None:
        drawn = _PLANE.search(raw) is not None and _DRAWN.search(raw) is not None
    return "ok" if drawn else "none"


def xml_text(raw: bytes | None) -> str | None:
    """The file as text for bpmn-js: UTF-8, else the declared encoding, else Latin-1."""
    if raw is None:
        return None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.match(raw)
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("latin-1")


def page_view(entries: list[dict]) -> dict:
    """What the report template needs, from JSON report entries (``json_report.as_dict``
    shape) each carrying ``diagram`` (see :func:`diagram_state`) and ``raw`` (the bytes).

    The HTML report and the server's report page both use it, so the viewer bundle
    (window.ppbReport) finds the same sections, list items and filters on both.
    """
    files, script_files = [], []
    for index, entry in enumerate(entries):
        state = entry.get("diagram", "missing")
        files.append(_file_view(index, entry, state))
        script_files.append({**{k: v for k, v in entry.items() if k != "raw"}, "index": index,
                             "diagram": state,
                             "xml": xml_text(entry.get("raw")) if state in DRAWABLE else None})
    findings = [f for e in entries for f in (e.get("findings") or [])]
    summary = {**_counts(findings),
               "unreadable": sum(1 for e in entries if e.get("status", "ok") != "ok")}
    groups = sorted({f.get("group", "") for f in findings}, key=group_label)
    return {
        "files": files, "script_files": script_files, "summary": summary,
        "verdict": _verdict(summary),
        "severities": [{"key": s, "label": SEVERITY[s]} for s in SEVERITY_ORDER],
        "groups": [{"key": g, "label": group_label(g)} for g in groups],
    }


_SEVERITY_RANK = {sev: rank for rank, sev in enumerate(SEVERITY_ORDER)}


def _counts(findings: list[dict]) -> dict[str, int]:
    c = {"error": 0, "warning": 0, "info": 0, "suppressed": 0}
    for f in findings:
        if f.get("suppressed"):
            c["suppressed"] += 1
        elif f.get("severity") in c:
            c[f["severity"]] += 1
    return c


def _verdict(s: dict) -> dict:
    if s["unreadable"]:
        return {"kind": "error", "text": f"{s['unreadable']} berkas tidak dapat dibaca; "
                                         "perbaiki atau simpan ulang berkas tersebut."}
    if s["error"]:
        return {"kind": "error", "text": "Ada temuan tingkat kesalahan yang perlu diperbaiki."}
    if s["warning"]:
        return {"kind": "warning", "text": "Tidak ada kesalahan; ada peringatan yang sebaiknya "
                                           "ditinjau."}
    return {"kind": "ok", "text": "Tidak ada temuan tingkat kesalahan maupun peringatan."}


def is_map_level(f: dict) -> bool:
    """A finding about the map as a whole: on no element and no plan item, or on the
    map's root (``bpmn:definitions``, where the map's ppb attributes live)."""
    return scope_of(f) == "peta"


def _file_view(index: int, entry: dict, state: str) -> dict:
    findings = entry.get("findings") or []
    numbered = list(enumerate(findings, start=1))
    map_level = sorted(((n, f) for n, f in numbered if is_map_level(f)),
                       key=lambda item: (bool(item[1].get("suppressed")),
                                         _SEVERITY_RANK.get(item[1].get("severity"), 9), item[0]))
    numbered = [(n, f) for n, f in numbered if not is_map_level(f)]
    blocks = []
    for sev in SEVERITY_ORDER:
        mine = [(n, f) for n, f in numbered if f.get("severity") == sev]
        if not mine:
            continue
        groups = []
        for group in sorted({f.get("group", "") for _, f in mine}, key=group_label):
            items = sorted(((n, f) for n, f in mine if f.get("group", "") == group),
                           key=lambda item: (bool(item[1].get("suppressed")), item[0]))
            groups.append({"key": group, "label": group_label(group),
                           "findings": [_finding_view(n, f) for n, f in items]})
        active = sum(1 for _, f in mine if not f.get("suppressed"))
        hidden = len(mine) - active
        blocks.append({"severity": sev, "label": SEVERITY[sev], "groups": groups,
                       "count_text": f"({active}" + (f", {hidden} diabaikan)" if hidden else ")")})
    ok = entry.get("status", "ok") == "ok"
    error = entry.get("error")
    return {"index": index, "path": entry.get("path", ""), "ok": ok, "total": len(findings),
            "blocks": blocks, "map_findings": [_finding_view(n, f) for n, f in map_level],
            "error": ({"code": error.get("code", ""), "message": error.get("message", "")}
                      if isinstance(error, dict) else None),
            "diagram": state, "drawable": state in DRAWABLE, "note": NOTES.get(state, ""),
            "counts_text": _counts_text(ok, _counts(findings))}


def _counts_text(ok: bool, c: dict) -> str:
    if not ok:
        return "tidak dapat dibaca"
    if not any(c.values()):
        return "tidak ada temuan"
    parts = [f"{c[s]} {SEVERITY_PLURAL[s]}" for s in SEVERITY_ORDER if c[s]]
    if c["suppressed"]:
        parts.append(f"{c['suppressed']} diabaikan")
    return ", ".join(parts)


def _finding_view(n: int, f: dict) -> dict:
    severity = f.get("severity", "info")
    names = f.get("elementNames") or {}
    named = [{"id": eid, "name": names.get(eid) or (f.get("elementName") if eid == f.get("element")
                                                      else None)}
             for eid in named_elements(f)]
    return {
        "n": n, "rule": f.get("rule", ""), "severity": severity,
        "severity_label": SEVERITY.get(severity, severity), "group": f.get("group", ""),
        "title": f.get("title", ""), "message": f.get("message", ""), "fix": f.get("fix"),
        "source": f.get("source", ""),
        "confidence": CONFIDENCE.get(f.get("confidence", ""), f.get("confidence", "")),
        "element": f.get("element"), "element_name": f.get("elementName"),
        "element_type": f.get("elementType"), "line": f.get("line"),
        "elements": " ".join(f.get("elements") or ()),
        "scope": scope_of(f), "subject": f.get("subject"), "named": named,
        "suppressed": bool(f.get("suppressed")), "suppressed_by": f.get("suppressedBy"),
    }
