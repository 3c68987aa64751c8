"""One word per idea (docs/istilah.md), and messages that name elements by their names.

* Every Indonesian string users read (rule titles, descriptions, messages, fixes and source
  sections in rules/; the web templates; the report templates and labels; the CLI help) is
  scanned for the variants the glossary's "Jangan pakai" column forbids.
* A finding on an element that has a name shows that name; the element's id appears only in
  brackets after it ("'Memeriksa berkas' (Task_3)"), never as if it were the name.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator

from .conftest import RULE_FIXTURES, ROOT, only_rule

GLOSSARY = ROOT / "docs" / "istilah.md"
CATALOG = load_catalog()


# -- the glossary -----------------------------------------------------------------------------

def forbidden_patterns() -> list[tuple[str, str, re.Pattern]]:
    """(istilah, pattern, compiled) for every pattern in the glossary's "Jangan pakai" column."""
    out = []
    in_table = False
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_table = line.strip() == "## Daftar"
            continue
        if not in_table or not line.startswith("|") or set(line) <= set("|- "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] == "Istilah":
            continue
        for pattern in re.findall(r"`([^`]+)`", cells[2]):
            out.append((cells[0], pattern,
                        re.compile(rf"(?<![\w-]){pattern}(?![\w])", re.IGNORECASE)))
    return out


def test_glossary_lists_the_words_and_its_patterns():
    patterns = forbidden_patterns()
    terms = {t for t, _, _ in patterns}
    # the variants issue 17 found are all covered
    for variant in ("antar pelaksana", "antar-lane", "ber-encoding", "ber-level", "berlevel",
                    "yatim", "pakai-ulang", "cascading", "berjenjang", "collapsed",
                    "subproses tertutup", "keyakinan", "kalimat perintah"):
        assert any(rx.search(variant) for _, _, rx in patterns), variant
    assert {"penjenjangan", "dilipat", "pelaksana", "level"} <= terms
    # and the words themselves pass their own check
    for term in ("antarpelaksana", "penjenjangan", "dilipat", "Level 1", "menyatakan encoding",
                 "tanpa induk", "dipakai ulang", "dasar: peraturan", "mengantar berkas"):
        assert not [p for _, p, rx in patterns if rx.search(term)], term


# -- the Indonesian strings -----------------------------------------------------------------

_IDENT = re.compile(r"\b\w*_\w*\b")          # parameter names: yatim_tanpa_induk
_PPB_ATTR = re.compile(r"\bppb:\w+")


def _clean(text: str) -> str:
    return _PPB_ATTR.sub(" ", _IDENT.sub(" ", text))


def _rule_strings():
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "id" not in data:
            continue
        rel = path.relative_to(ROOT)
        for what in ("title", "description", "fix"):
            value = data.get(what)
            if isinstance(value, dict) and value.get("id"):
                yield f"{rel} {what}", value["id"]
        section = (data.get("source") or {}).get("section")
        if section:
            yield f"{rel} source.section", section
        for key, msg in (data.get("messages") or {}).items():
            if isinstance(msg, dict) and msg.get("id"):
                yield f"{rel} messages.{key}", msg["id"]
    catalog = yaml.safe_load((ROOT / "rules" / "catalog.yaml").read_text(encoding="utf-8"))
    for name, profile in (catalog.get("profiles") or {}).items():
        desc = (profile or {}).get("description")
        text = desc.get("id") if isinstance(desc, dict) else desc
        if text:
            yield f"rules/catalog.yaml profiles.{name}", text


_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_BLOCKS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_ATTR_TEXT = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def _template_strings():
    files = sorted((ROOT / "validator" / "web" / "templates").glob("*.html")) + \
        sorted((ROOT / "validator" / "report" / "templates").glob("*.j2"))
    assert files
    for path in files:
        text = _BLOCKS.sub(" ", _JINJA.sub(" ", path.read_text(encoding="utf-8")))
        attrs = " ".join(_ATTR_TEXT.findall(text))
        yield str(path.relative_to(ROOT)), _TAG.sub(" ", text) + " " + attrs


def _strings_of(node) -> list[str]:
    """The string constants under ``node``, dictionary keys left out (they are code)."""
    keys = {id(k) for n in ast.walk(node) if isinstance(n, ast.Dict) for k in n.keys if k is not None}
    return [n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in keys]


def _label_strings():
    """The Indonesian half of validator/report/labels.py: every module-level table that is
    not the English one (``*_EN``), and the ``"id"`` side of tables keyed by language."""
    path = ROOT / "validator" / "report" / "labels.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
            continue
        name = node.targets[0].id
        if name.endswith("_EN"):
            continue
        value = node.value
        if isinstance(value, ast.Dict) and {getattr(k, "value", None) for k in value.keys} >= {"id", "en"}:
            value = value.values[[k.value for k in value.keys].index("id")]
        yield f"validator/report/labels.py {name}", " | ".join(_strings_of(value))


def _cli_strings():
    path = ROOT / "validator" / "cli.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in ("help", "description", "epilog"):
                    found += 1
                    yield f"validator/cli.py:{node.lineno} {kw.arg}", " ".join(_strings_of(kw.value))
    assert found > 10


def _plan_strings():
    """The Indonesian messages of the plan checks: the third argument of every ``add(code,
    path, msg_id, msg_en)`` call in validator/plan/integrity.py."""
    path = ROOT / "validator" / "plan" / "integrity.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = 0
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "add"
                and len(node.args) >= 4):
            found += 1
            yield f"validator/plan/integrity.py:{node.lineno}", " ".join(_strings_of(node.args[2]))
    assert found > 5


def _all_strings():
    yield from _rule_strings()
    yield from _plan_strings()
    yield from _template_strings()
    yield from _label_strings()
    yield from _cli_strings()


def test_every_indonesian_string_keeps_to_the_glossary():
    patterns = forbidden_patterns()
    bad = []
    seen = 0
    for where, text in _all_strings():
        seen += 1
        clean = _clean(text)
        for term, pattern, rx in patterns:
            m = rx.search(clean)
            if m:
                bad.append(f"{where}: '{m.group(0)}' (pakai: {term})")
    assert seen > 300
    assert not bad, "\n".join(bad)


def test_the_scan_would_catch_a_variant():
    """The scan is not vacuous: a message with a forbidden variant is caught."""
    patterns = forbidden_patterns()
    text = _clean("Proses 'X' memiliki 9 perpindahan antar pelaksana (7 antar-lane); "
                  "peta ini berlevel 2, peta yatim, dan sasaran Renstra cascading terputus.")
    hits = {p for _, p, rx in patterns if rx.search(text)}
    assert len(hits) >= 4, hits


# -- element names in messages ------------------------------------------------------------------

def _fixture_files():
    for rid in sorted(CATALOG.rules):
        folder = RULE_FIXTURES / rid
        if folder.is_dir():
            for path in sorted(folder.rglob("invalid*.bpmn")):
                if path.parent == folder:
                    yield rid, path


def _check_names(finding, model_ids) -> list[str]:
    """Problems in how ``finding``'s message names its element."""
    eid = finding.element
    if not eid or eid not in model_ids or not finding.message:
        return []
    problems = []
    name = " ".join((finding.element_name or "").split())
    for m in re.finditer(rf"(?<![\w-]){re.escape(eid)}(?![\w-])", finding.message):
        before = finding.message[:m.start()]
        after = finding.message[m.end():]
        if not (before.endswith("(") and after.startswith(")")):
            problems.append(f"id '{eid}' outside brackets")
    if name and eid in finding.message and name not in " ".join(finding.message.split()):
        problems.append(f"id '{eid}' shown without the name '{name}'")
    return problems


@pytest.mark.parametrize("rule_id,path", list(_fixture_files()),
                         ids=lambda v: v if isinstance(v, str) else v.name)
def test_findings_name_elements_by_their_labels(rule_id, path):
    result = only_rule(rule_id).validate_file(path)
    ids = set(result.model.by_id) if result.model is not None and hasattr(result.model, "by_id") else None
    if ids is None:
        ids = {f.element for f in result.findings}
    bad = [(f.rule, f.message, p) for f in result.findings for p in _check_names(f, ids)]
    assert not bad, bad


def test_an_unnamed_activity_is_shown_by_kind_and_bracketed_id():
    path = RULE_FIXTURES / "label-required" / "invalid-unnamed.bpmn"
    findings = only_rule("label-required").validate_file(path).findings
    assert findings
    for f in findings:
        assert f"({f.element})" in f.message, f.message
        assert f"'{f.element}'" not in f.message


@pytest.mark.parametrize("sample", sorted((ROOT / "bpmn_samples").rglob("*.bpmn")),
                         ids=lambda p: str(p.relative_to(ROOT / "bpmn_samples")))
def test_sample_findings_name_elements_by_their_labels(sample):
    result = Validator(Config(), CATALOG).validate_file(sample)
    if not result.ok:
        return
    ids = {f.element for f in result.findings}
    bad = [(f.rule, f.message, p) for f in result.findings for p in _check_names(f, ids)]
    assert not bad, bad
