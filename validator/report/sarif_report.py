"""SARIF 2.1.0 report, for CI pipelines of teams that keep their maps in git.

One run: ``tool.driver.rules`` describes every rule of the catalog (so a code
scanning page can explain a rule without the validator), ``results`` holds
the findings (suppressed ones carry ``suppressions``), and files that could not
be read are ``toolExecutionNotifications`` of the invocation.

Where a result sits follows the finding's scope: a finding on elements has one location per
element it names (the file, the element's line, the element as a logical location), so a
code-scanning page shows them all; a map-level finding has the file as its only location; a
finding on a plan item has the item as a logical location (beside its file, when it has one).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..catalog import Catalog, RuleSpec, load_catalog
from ..engine import Finding, Report
from ..model import Model
from .places import file_model, named_elements
from .labels import basis_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note", "off": "none"}
TOOL_NAME = "ppb-validator"


def render(report: Report, pretty: bool = False, catalog: Catalog | None = None,
           **_: object) -> str:
    return json.dumps(as_dict(report, catalog), ensure_ascii=False,
                      indent=2 if pretty else None) + "\n"


def as_dict(report: Report, catalog: Catalog | None = None) -> dict:
    catalog = catalog or load_catalog()
    lang = report.lang
    specs = sorted(catalog.rules.values(), key=lambda s: (s.group, s.id))
    rules = [_rule(spec, lang) for spec in specs]
    index = {spec.id: i for i, spec in enumerate(specs)}
    artifacts, artifact_index = [], {}
    results, notifications = [], []

    for fr in report.files:
        uri = artifact_uri(fr.path)
        artifact_index[fr.path] = len(artifacts)
        artifacts.append({"location": {"uri": uri}, "roles": ["analysisTarget"]})
        where = {"uri": uri, "index": artifact_index[fr.path]}
        if fr.error is not None:
            location: dict = {"physicalLocation": {"artifactLocation": where}}
            if fr.error.line:
                location["physicalLocation"]["region"] = {"startLine": fr.error.line}
            notifications.append({
                "level": "error",
                "message": {"text": fr.error.message if lang == "id" else fr.error.message_en},
                "descriptor": {"id": fr.error.code},
                "locations": [location],
            })
            continue
        model = file_model(fr)
        for f in fr.findings:
            if f.rule not in index:  # a finding of a rule the catalog does not list
                index[f.rule] = len(rules)
                rules.append({"id": f.rule, "name": f.rule, "shortDescription": {"text": f.title}})
            results.append(_result(f, fr.path, where, index[f.rule], model))
    # findings about the set or the plan (an unserved sasaran, a broken cascade): no file holds
    # them, so they are placed on their plan item (a logical location) or on the set itself
    for f in report.set_findings or ():
        if f.rule not in index:
            index[f.rule] = len(rules)
            rules.append({"id": f.rule, "name": f.rule, "shortDescription": {"text": f.title}})
        results.append(_set_result(f, index[f.rule]))

    invocation = {"executionSuccessful": all(fr.ok for fr in report.files),
                  "exitCode": report.exit_code}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "fullName": "ppb-validator — Validator Peta Proses Bisnis",
                "version": report.version,
                "semanticVersion": report.version,
                "rules": rules,
            }},
            "language": lang,
            "invocations": [invocation],
            "artifacts": artifacts,
            "results": results,
            "properties": {"ruleCatalogVersion": report.catalog_version, "profile": report.profile},
        }],
    }


def artifact_uri(path: str) -> str:
    """The file as a URI reference: relative paths stay relative (as given), with "/"."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(path.replace(os.sep, "/"), safe="/-._~!$&'()*+,;=:@")


# -----------------------------------------------------------------------------

def _rule(spec: RuleSpec, lang: str) -> dict:
    source_label = "Sumber" if lang == "id" else "Source"
    help_text = spec.text("fix", lang).strip()
    help_text = (help_text + "\n\n" if help_text else "") + \
        f"{source_label}: {spec.source_text} ({basis_text(spec.confidence, lang)})"
    return {
        "id": spec.id,
        "name": _name(spec),
        "shortDescription": {"text": spec.text("title", lang)},
        "fullDescription": {"text": " ".join(spec.text("description", lang).split())
                            or spec.text("title", lang)},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL.get(spec.severity, "warning"),
                                 "enabled": spec.severity != "off"},
        "properties": {"group": spec.group, "confidence": spec.confidence,
                       "source": spec.source_text, "tags": [spec.group]},
    }


def _name(spec: RuleSpec) -> str:
    """A readable PascalCase name from the English title ("Element is missing label" ->
    "ElementIsMissingLabel"); the id when there is no title."""
    words = re.findall(r"[A-Za-z0-9]+", spec.text("title", "en"))
    return "".join(w[:1].upper() + w[1:] for w in words) or spec.id


def _place(where: dict, line: int = 0) -> dict:
    """A location in the file ``where`` (an artifactLocation), at ``line`` when known."""
    physical: dict = {"artifactLocation": dict(where)}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _locations(f: Finding, where: dict, model: Model | None) -> list[dict]:
    """The file (when there is one) and, by scope: each element named, or the plan item."""
    ids = named_elements(f)
    if ids:
        out = []
        for eid in ids:
            el = model.get(eid) if model is not None else None
            line = f.line if eid == f.element else (el.line if el is not None else 0)
            location = _place(where, line) if where else {}
            location["logicalLocations"] = [{"name": eid, "fullyQualifiedName": eid,
                                             "kind": "element"}]
            out.append(location)
        return out
    location = _place(where, f.line) if where else {}
    if f.scope == "rencana":
        location["logicalLocations"] = [{"name": f.subject, "fullyQualifiedName": f.subject,
                                         "kind": "planItem"}]
    return [location] if location else []


def _result(f: Finding, path: str, where: dict, rule_index: int,
            model: Model | None = None) -> dict:
    props = {"group": f.group, "confidence": f.confidence, "source": f.source,
             "scope": f.scope}
    if f.element_type:
        props["elementType"] = f.element_type
    if f.element_name:
        props["elementName"] = f.element_name
    if f.elements:
        props["elements"] = list(f.elements)
    if f.subject:
        props["subject"] = f.subject
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL.get(f.severity, "warning"),
        "kind": "fail",
        "message": {"text": f.message},
        "locations": _locations(f, where, model),
        "partialFingerprints": {"ppbFinding/v1": _fingerprint(f, path)},
        "properties": props,
    }
    if f.suppressed:
        in_source = (f.suppressed_by or "").startswith("ppb:abaikan")
        result["suppressions"] = [{"kind": "inSource" if in_source else "external",
                                   "status": "accepted",
                                   "justification": f.suppressed_by or ""}]
    return result


def _set_result(f: Finding, rule_index: int) -> dict:
    """A finding of the whole set: its plan item (``subject``) or the elements it names as
    logical locations, else the set itself."""
    result = _result(f, "", {}, rule_index)
    if not result["locations"]:
        result["locations"] = [{"logicalLocations": [{"name": "set", "fullyQualifiedName": "set",
                                                      "kind": "module"}]}]
    return result


def _fingerprint(f: Finding, path: str) -> str:
    key = "\x1f".join((f.rule, path.replace(os.sep, "/"), f.element or "", f.message_en))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
