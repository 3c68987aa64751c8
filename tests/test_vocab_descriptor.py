"""One vocabulary: the ``ppb`` moddle descriptor and what the Python side reads agree.

``validator/ppb.moddle.json`` is the single definition of our attributes: the Camunda
Modeler plugin registers it (without it the Modeler drops ``ppb:*`` on save), the
properties panel draws its fields from it, and the wheel ships it. Python reads the
attributes by name (``el.ext["kode"]``); these tests prove that every name the Python
side reads is declared, on the element types it is read from:

* statically: every ``ppb:<name>`` written in rules/ and validator/, every key passed to
  the attribute readers (``el.ext.get("k")``, ``model.ext("k")``, ``vocab.text(el, "k")``,
  ``ext(el, "k")``, ...) and every attribute list in the rules' parameters;
* dynamically: every rule runs over every fixture and sample map with each element's
  ``ext`` replaced by a dict that records which keys are read on which element; each
  (element type, key) must be declared on that type or one of its super types.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from validator import vocab
from validator.bpmn_types import TYPES
from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator
from validator.model import Element
from validator.parser import PPB_NS, parse_bytes

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = ROOT / "validator" / "ppb.moddle.json"
RULES = ROOT / "rules"
CODE = ROOT / "validator"
FIXTURES = ROOT / "tests" / "rules"
SAMPLES = ROOT / "bpmn_samples"

# `ppb:` tokens in code and rule texts that are not attribute names
NOT_ATTRIBUTES = {"permenpanrb", "undeclared"}
# parameters of rules/*.yaml that list attribute names (other parameters hold values)
ATTRIBUTE_PARAMS = {"required", "recommended", "wajib", "tanggal", "dash_allowed", "atribut_misi"}
# functions whose string argument (first or second) is a ppb key
READERS = {"ext", "text", "refs", "map_text", "map_attr", "_map_attr_holder"}
# packages that read other things with functions of those names (plan files, reports, web)
NOT_READING_PPB = ("plan", "report", "web")


def _descriptor() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def _declared() -> dict[str, set[str]]:
    """attribute name -> BPMN types (without prefix) it is declared on."""
    out: dict[str, set[str]] = {}
    for t in _descriptor()["types"]:
        for prop in t.get("properties", ()):
            for ext in t.get("extends", ()):
                out.setdefault(prop["name"], set()).add(ext.split(":", 1)[1])
    return out


def _prop(name: str) -> dict:
    for t in _descriptor()["types"]:
        for prop in t.get("properties", ()):
            if prop["name"] == name:
                return prop
    raise KeyError(name)


def test_descriptor_is_the_ppb_namespace():
    d = _descriptor()
    assert d["prefix"] == "ppb"
    assert d["uri"] == vocab.NAMESPACE == PPB_NS
    assert d["xml"] == {"tagAlias": "lowerCase"}


def test_every_attribute_is_a_lossless_string_attribute_with_labels():
    """String attributes round-trip whatever users type ("Level 1", "0,8"); Integer or
    Real would turn such values into NaN on save."""
    for t in _descriptor()["types"]:
        assert t["name"][:1].isupper() and t.get("isAbstract") is True, t["name"]
        assert t["extends"] and all(e.startswith("bpmn:") and e[5:] in TYPES for e in t["extends"]), t
        for prop in t["properties"]:
            assert prop["isAttr"] is True and prop["type"] == "String", prop["name"]
            label = prop["ppb"]["label"]
            assert label["id"].strip() and label["en"].strip(), prop["name"]


def test_no_attribute_declared_twice_on_one_element_type():
    """moddle refuses a property defined twice on a type (also through a super type)."""
    seen: dict[tuple[str, str], str] = {}
    for t in _descriptor()["types"]:
        for prop in t["properties"]:
            for ext in t["extends"]:
                for other_type, other in list(seen.items()):
                    name, on = other_type
                    if name == prop["name"] and (on in TYPES[ext[5:]] or ext[5:] in TYPES[on]):
                        pytest.fail(f"ppb:{name} on {ext} clashes with {on} (type {other})")
                seen[(prop["name"], ext[5:])] = t["name"]


def test_value_lists_are_the_vocabulary_of_the_rules():
    assert tuple(_prop("jenisPeta")["ppb"]["values"]) == vocab.MAP_TYPES
    assert tuple(_prop("kategori")["ppb"]["values"]) == vocab.CATEGORIES
    assert set(_prop("pemangku")["ppb"]["values"]) <= {"eksternal", "internal"}


# -- static scan ----------------------------------------------------------------------

def _yaml_texts(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _yaml_texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _yaml_texts(v)
    elif isinstance(node, str):
        yield node


def _attribute_params(params, out: set[str]):
    for key, value in (params or {}).items():
        if key in ATTRIBUTE_PARAMS and isinstance(value, list):
            out.update(str(v) for v in value)
        elif key == "aliases" and isinstance(value, dict):
            for synonyms in (value.get("default") or value).values():
                out.update(synonyms)
            out.update((value.get("default") or value).keys())


def _code_keys() -> dict[str, list[str]]:
    """key -> places (file:line) where the Python code reads it."""
    found: dict[str, list[str]] = {}
    for path in sorted(CODE.rglob("*.py")):
        if path.relative_to(CODE).parts[0] in NOT_READING_PPB:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            key = None
            if isinstance(func, ast.Attribute) and func.attr == "get" and \
                    isinstance(func.value, ast.Attribute) and func.value.attr == "ext":
                key = args[0] if args else None          # el.ext.get("k")
            elif isinstance(func, ast.Attribute) and func.attr == "ext":
                key = args[0] if args else None          # model.ext("k")
            else:
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in READERS and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                        and isinstance(node.args[1].value, str):
                    key = node.args[1].value             # vocab.text(el, "k"), ext(el, "k")
            if key:
                found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_attribute_named_in_rules_and_code_is_declared():
    declared = _declared()
    names: dict[str, str] = {}
    for path in sorted(RULES.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for text in _yaml_texts(data):
            for name in re.findall(r"\bppb:([A-Za-z]+)", text):
                names.setdefault(name, str(path.relative_to(ROOT)))
        if isinstance(data, dict):
            params: set[str] = set()
            _attribute_params(data.get("params"), params)
            for name in params:
                names.setdefault(name, f"{path.relative_to(ROOT)} (params)")
    for path in sorted(CODE.rglob("*.py")):
        for name in re.findall(r"\bppb:([A-Za-z]+)", path.read_text(encoding="utf-8")):
            names.setdefault(name, str(path.relative_to(ROOT)))
    for key, places in _code_keys().items():
        names.setdefault(key, places[0])
    missing = {}
    for name, where in names.items():
        if name in NOT_ATTRIBUTES or name in declared:
            continue
        if name.lower() in {d.lower() for d in declared}:
            continue  # a miswritten case shown in a message ("ppb:mutuwaktu"): read case-free
        missing[name] = where
    assert not missing, f"ppb attributes read or named but not declared in {DESCRIPTOR.name}: {missing}"
    # the scan really sees the readers: these keys are read in several ways
    code_keys = _code_keys()
    for key in ("jenisPeta", "kategori", "kode", "mutuWaktu", "abaikan", "pemangku"):
        assert key in code_keys, key


# -- dynamic trace ----------------------------------------------------------------------

class _Recording(dict):
    """An element's ``ext`` that notes every key asked for: (element, key, present)."""

    __slots__ = ("el", "log")

    def __init__(self, el, log):
        super().__init__(el.ext)
        self.el = el
        self.log = log

    def _note(self, key):
        self.log.add((self.el.type, self.el.types, key, dict.__contains__(self, key)))

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


def _maps() -> list[Path]:
    return sorted(FIXTURES.rglob("*.bpmn")) + sorted(SAMPLES.rglob("*.bpmn"))


def test_every_attribute_read_by_the_rules_is_declared_on_that_element_type():
    """Every key a rule reads is declared; and where a map carries the key on an element,
    the descriptor declares it for that element's type (or a super type), so that the
    Modeler's properties panel shows it and bpmn-js reads it as ours. (Rules also probe
    keys on elements that never carry them, e.g. ppb:nomenklatur on every element:
    those reads need a declaration somewhere, not on every type.)"""
    catalog = load_catalog()
    validator = Validator(Config(rules={rid: {"severity": "error"} for rid in catalog.rules}), catalog)
    log: set[tuple[str, frozenset, str, bool]] = set()
    files = 0
    for path in _maps():
        try:
            model = parse_bytes(path.read_bytes(), str(path))
        except Exception:  # unreadable on purpose (PPB-BPMN-001 fixtures)
            continue
        files += 1
        for el in [model.definitions, *model.elements]:
            el.ext = _Recording(el, log)
        validator.check_model(model)
    assert files > 100
    declared = _declared()
    lower = {name.lower(): on for name, on in declared.items()}
    undeclared = sorted({key for _, _, key, _ in log if key not in declared and key.lower() not in lower})
    assert not undeclared, f"read by the rules but not declared: {undeclared}"
    wrong = sorted({(key, type_) for type_, types, key, present in log
                    if present and not (declared.get(key) or lower.get(key.lower(), set())) & types})
    assert not wrong, f"carried by maps on element types the descriptor does not declare: {wrong}"
    keys = {key for _, _, key, _ in log}
    assert {"jenisPeta", "kategori", "mutuWaktu", "abaikan", "nomenklatur"} <= keys  # reads are seen
    assert any(present for *_, present in log)


def test_recording_dict_notices_reads():
    log: set = set()
    el = Element("Task", TYPES["Task"], 1, {"id": "T"})
    el.ext = {"kode": "1"}
    el.ext = _Recording(el, log)
    assert vocab.text(el, "kode") == "1" and vocab.text(el, "pemilik") == ""
    assert ("Task", TYPES["Task"], "kode", True) in log
    assert ("Task", TYPES["Task"], "pemilik", False) in log
