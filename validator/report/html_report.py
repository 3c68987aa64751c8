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

from ..engine import FileResult, Finding, Report
from . import assets, json_report
from .labels import CONFIDENCE, SEVERITY, SEVERITY_ORDER, SEVERITY_PLURAL, date_text, group_label

TEMPLATES = Path(__file__).resolve().parent / "templates"

NOTES = {
    "none": ("Berkas ini tidak memuat tata letak diagram (BPMNDI), sehingga petanya tidak dapat "
             "digambar. Temuan tetap dicantumkan. Simpan ulang peta dari Camunda Modeler atau "
             "bpmn.io agar tata letaknya ikut tersimpan."),
    "unreadable": "Berkas ini tidak dapat dibaca, sehingga diagramnya tidak dapat ditampilkan.",
    "missing": ("Isi berkas tidak dapat dibaca ulang ketika laporan dibuat, sehingga diagramnya "
                "tidak dapat ditampilkan."),
}

_PLANE = re.compile(rb"<(?:[\w.-]+:)?BPMNPlane[\s/>]")
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def render(report: Report, sources: Mapping[str, bytes] | None = None,
           now: datetime | None = None, **_: object) -> str:
    """The report as one HTML page.

    ``sources`` maps a file's path (as in the report) to its bytes; a file not in it
    is read again from its path to draw its diagram.
    """
    viewer = assets.load()
    created = date_text(now or datetime.now())
    data = json_report.as_dict(report)
    data["created"] = created
    files = []
    for index, (fr, entry) in enumerate(zip(report.files, data["files"])):
        raw = _source(fr, sources)
        state = _diagram_state(fr, raw)
        files.append(_file_view(index, fr, state))
        entry.update(index=index, diagram=state, xml=_xml_text(raw) if state == "ok" else None)

    groups = sorted({f.group for fr in report.files for f in fr.findings}, key=group_label)
    return _template().render(
        report=report,
        created=created,
        summary=report.summary(),
        verdict=_verdict(report),
        severities=[{"key": s, "label": SEVERITY[s]} for s in SEVERITY_ORDER],
        groups=[{"key": g, "label": group_label(g)} for g in groups],
        files=files,
        page_style=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        viewer_style=Markup(viewer.style),
        viewer_script=Markup(viewer.script),
        data_json=Markup(script_json(data)),
    )


def script_json(data: object) -> str:
    """JSON that is safe inside <script>: no "<", ">" or "&" left for HTML to read."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2")


def _source(fr: FileResult, sources: Mapping[str, bytes] | None) -> bytes | None:
    if not fr.ok:
        return None
    if sources is not None and fr.path in sources:
        return sources[fr.path]
    try:
        return Path(fr.path).read_bytes()
    except OSError:
        return None


def _diagram_state(fr: FileResult, raw: bytes | None) -> str:
    if not fr.ok:
        return "unreadable"
    if raw is None:
        return "missing"
    if fr.model is not None:
        drawn = any(d.has_plane for d in fr.model.diagrams)
    else:
        drawn = _PLANE.search(raw) is not None
    return "ok" if drawn else "none"


def _xml_text(raw: bytes | None) -> str | None:
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


def _verdict(report: Report) -> dict:
    s = report.summary()
    if s["unreadable"]:
        return {"kind": "error", "text": f"{s['unreadable']} berkas tidak dapat dibaca; "
                                         "perbaiki atau simpan ulang berkas tersebut."}
    if s["error"]:
        return {"kind": "error", "text": "Ada temuan tingkat kesalahan yang perlu diperbaiki."}
    if s["warning"]:
        return {"kind": "warning", "text": "Tidak ada kesalahan; ada peringatan yang sebaiknya "
                                           "ditinjau."}
    return {"kind": "ok", "text": "Tidak ada temuan tingkat kesalahan maupun peringatan."}


def _file_view(index: int, fr: FileResult, state: str) -> dict:
    counts = fr.counts()
    total = sum(counts.values())
    numbered = list(enumerate(fr.findings, start=1))
    blocks = []
    for sev in SEVERITY_ORDER:
        mine = [(n, f) for n, f in numbered if f.severity == sev]
        if not mine:
            continue
        groups = []
        for group in sorted({f.group for _, f in mine}, key=group_label):
            items = sorted(((n, f) for n, f in mine if f.group == group),
                           key=lambda item: (item[1].suppressed, item[0]))
            groups.append({"key": group, "label": group_label(group),
                           "findings": [_finding_view(n, f) for n, f in items]})
        active = sum(1 for _, f in mine if not f.suppressed)
        hidden = len(mine) - active
        blocks.append({"severity": sev, "label": SEVERITY[sev], "groups": groups,
                       "count_text": f"({active}" + (f", {hidden} diabaikan)" if hidden else ")")})
    return {
        "index": index, "path": fr.path, "ok": fr.ok, "total": total, "blocks": blocks,
        "error": ({"code": fr.error.code, "message": fr.error.message} if fr.error else None),
        "diagram": state, "note": NOTES.get(state, ""), "counts_text": _counts_text(fr),
    }


def _counts_text(fr: FileResult) -> str:
    if not fr.ok:
        return "tidak dapat dibaca"
    c = fr.counts()
    if not any(c.values()):
        return "tidak ada temuan"
    parts = [f"{c[s]} {SEVERITY_PLURAL[s]}" for s in SEVERITY_ORDER if c[s]]
    if c["suppressed"]:
        parts.append(f"{c['suppressed']} diabaikan")
    return ", ".join(parts)


def _finding_view(n: int, f: Finding) -> dict:
    return {
        "n": n, "rule": f.rule, "severity": f.severity, "severity_label": SEVERITY.get(f.severity, f.severity),
        "group": f.group, "title": f.title, "message": f.message, "fix": f.fix, "source": f.source,
        "confidence": CONFIDENCE.get(f.confidence, f.confidence), "element": f.element,
        "element_name": f.element_name, "element_type": f.element_type, "line": f.line,
        "suppressed": f.suppressed, "suppressed_by": f.suppressed_by,
    }
