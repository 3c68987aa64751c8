"""The server's own rule pages: ``/aturan`` lists the catalog, ``/aturan/<id>`` shows one rule.

Everything comes from the rule catalog (``rules/**/*.yaml`` via :mod:`validator.catalog`):
title, description, level, source, confidence, scope, parameters, the messages a finding
may carry and the fix, in Bahasa Indonesia. The report page, the web modeler's live lint
and the JSON reports link here instead of to an external site, so the links work on a
server without internet access.

The pages are public (no login): they hold nothing but the published rule catalog, which
is part of this open-source project, and a link to them must also work from a report file
opened by someone who has no account on this server.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, render_template

from ..catalog import load_catalog
from ..report.labels import CONFIDENCE, SEVERITY, group_label
from .common import page_headers

bp = Blueprint("rules_web", __name__, url_prefix="/aturan")
bp.after_request(page_headers)

# a rule id: PPB-XXX-000 or a bpmnlint rule name; anything else is not looked up
_RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
SCOPE_LABEL = {"file": "setiap berkas", "set": "seluruh kumpulan peta",
               "file+set": "setiap berkas dan seluruh kumpulan peta"}
SEVERITY_LABEL = dict(SEVERITY, off="Nonaktif")


def _param_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_param_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_param_text(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def _summary(spec) -> dict:
    return {"id": spec.id, "group": spec.group, "group_label": group_label(spec.group),
            "title": spec.text("title"), "severity": spec.severity,
            "severity_label": SEVERITY_LABEL.get(spec.severity, spec.severity),
            "confidence": CONFIDENCE.get(spec.confidence, spec.confidence)}


def rule_view(spec) -> dict:
    """What the rule page shows of one rule, every text in Bahasa Indonesia."""
    view = _summary(spec)
    view.update({
        "description": spec.text("description"),
        "fix": spec.text("fix"),
        "source": spec.source_text or "—",
        "scope": SCOPE_LABEL.get(spec.scope, spec.scope),
        "requires_plan": "rencana" in spec.requires,
        "params": [{"name": k, "value": _param_text(v)} for k, v in sorted(spec.params.items())],
        "messages": [text for text in ((m or {}).get("id") for m in spec.messages.values()) if text],
        "bpmnlint": spec.bpmnlint is not None,
    })
    return view


@bp.route("")
@bp.route("/")
def index():
    catalog = load_catalog()
    groups: dict[str, list[dict]] = {}
    for spec in sorted(catalog.rules.values(), key=lambda s: (s.group, s.id)):
        groups.setdefault(spec.group, []).append(_summary(spec))
    listing = [{"key": key, "label": group_label(key), "rules": rules}
               for key, rules in sorted(groups.items(), key=lambda kv: group_label(kv[0]))]
    return render_template("aturan.html", groups=listing, total=len(catalog.rules),
                           version=catalog.version)


@bp.route("/<rule_id>")
def rule(rule_id: str):
    spec = load_catalog().get(rule_id) if _RULE_ID.match(rule_id) else None
    if spec is None:
        abort(404)
    return render_template("aturan_rinci.html", rule=rule_view(spec))
