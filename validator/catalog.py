"""The rule catalog: rule data from ``rules/**/*.yaml`` joined to check functions.

A rule is data (id, titles, severity, source, confidence, parameters,
messages, fix) plus one small function registered with :func:`rule`. The
engine finds functions by rule id: it imports the modules under
``validator.rules`` and imports no rule by name, so adding a rule touches
nothing but its own files.
"""
from __future__ import annotations

import importlib
import marshal
import os
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable


SEVERITIES = ("error", "warning", "info", "off")
# The basis of a rule ("confidence" in the catalog and in findings), strongest first:
# a regulation's text, a technical standard (ISO/IEC 19510 = BPMN 2.0), secondary sources
# (training material, practice, tools, literature), or our own inference. An inferred rule is
# never an error by default: a Pemda's profile or configuration may make it one.
CONFIDENCES = ("regulation", "standard", "secondary", "inferred")
SCOPES = ("file", "set", "file+set")
DATA_DIR = "data"   # rules/data/: reference data the rules read (not rules)
REQUIREMENTS = ("rencana",)

CheckFn = Callable[..., None]
_REGISTRY: dict[str, CheckFn] = {}
_SET_REGISTRY: dict[str, CheckFn] = {}


def _registrar(registry: dict[str, CheckFn], rule_id: str, what: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if rule_id in registry and registry[rule_id] is not fn:
            raise ValueError(f"{what} of rule {rule_id} registered twice")
        registry[rule_id] = fn
        return fn

    return register


def rule(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn(model, ctx)`` as the check of ``rule_id`` on one file."""
    return _registrar(_REGISTRY, rule_id, "file check")


def set_rule(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn(mapset, ctx)`` as the check of ``rule_id`` over a whole map set.

    A rule may have both: its file check runs on every file (also alone), its set
    check once over the set (see :meth:`validator.engine.Validator.validate_set`).
    """
    return _registrar(_SET_REGISTRY, rule_id, "set check")


def catalog_dir() -> Path:
    env = os.environ.get("PPB_RULES_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_catalog", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    return here.parent / "rules"


@dataclass(frozen=True)
class RuleSpec:
    id: str
    group: str
    title: dict
    description: dict
    severity: str
    source: dict
    confidence: str
    params: dict
    messages: dict
    fix: dict
    bpmnlint: dict | None = None   # {recommended: level, correctness: level} for bpmnlint's set
    requires: tuple[str, ...] = ()  # "rencana": the set check runs only with a plan
    check: CheckFn | None = field(default=None, compare=False, repr=False)
    set_check: CheckFn | None = field(default=None, compare=False, repr=False)

    @property
    def scope(self) -> str:
        """Where the rule looks: "file", "set" or "file+set"."""
        if self.check is not None and self.set_check is not None:
            return "file+set"
        return "set" if self.set_check is not None else "file"

    def text(self, what: str, lang: str = "id") -> str:
        value = getattr(self, what)
        if isinstance(value, dict):
            return value.get(lang) or value.get("id") or value.get("en") or ""
        return str(value or "")

    @property
    def source_text(self) -> str:
        """One line naming where the rule comes from, for reports."""
        parts = [self.source.get("ref", "")]
        if self.source.get("section"):
            parts.append(self.source["section"])
        return ", ".join(p for p in parts if p)

    def message(self, key: str, params: dict, lang: str = "id") -> str:
        templates = self.messages.get(key) or self.messages.get("default") or {}
        template = templates.get(lang) or templates.get("id") or ""
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template


# What a message calls an element, by its BPMN type (most specific first): the words of
# docs/istilah.md. Used for {jenis_elemen}/{element_kind} (element_kinds).
_KINDS = (
    ("Task", "aktivitas", "activity"), ("SubProcess", "subproses", "sub-process"),
    ("CallActivity", "call activity", "call activity"), ("StartEvent", "start event", "start event"),
    ("EndEvent", "end event", "end event"), ("BoundaryEvent", "boundary event", "boundary event"),
    ("Event", "event antara", "intermediate event"), ("Gateway", "gateway", "gateway"),
    ("SequenceFlow", "alur", "sequence flow"), ("MessageFlow", "message flow", "message flow"),
    ("Lane", "lane", "lane"), ("Participant", "pool", "pool"), ("Process", "proses", "process"),
)


def element_kinds(el) -> tuple[str, str]:
    """What a message calls the element in Indonesian and in English."""
    types = getattr(el, "types", ()) or ()
    for type_name, word_id, word_en in _KINDS:
        if type_name in types:
            return word_id, word_en
    return "elemen", "element"


def element_ref(el, lang: str = "id") -> str:  # noqa: ARG001 - the same in both languages
    """How a message names an element: its label, the id only in brackets.

    "'Memeriksa berkas' (Task_3)" when the element has a name, "(Task_3)" when it has none
    (the id is then the only handle, still in brackets after the element's kind).
    """
    name = " ".join((getattr(el, "name", None) or "").split())
    eid = getattr(el, "id", None) or getattr(el, "type", "")
    return f"'{name}' ({eid})" if name else f"({eid})"


@dataclass(frozen=True)
class Profile:
    name: str
    description: dict
    rules: dict  # rule id -> severity or {severity, params}
    extends: tuple[str, ...] = ()


class CatalogError(Exception):
    pass


@dataclass
class Catalog:
    rules: dict[str, RuleSpec]
    profiles: dict[str, Profile]
    version: str

    def get(self, rule_id: str) -> RuleSpec | None:
        return self.rules.get(rule_id)

    def groups(self) -> list[str]:
        return sorted({r.group for r in self.rules.values()})

    def bpmnlint_rules(self) -> list[RuleSpec]:
        return [r for r in self.rules.values() if r.bpmnlint is not None]

    def profile_chain(self, name: str) -> list[Profile]:
        chain: list[Profile] = []
        seen: set[str] = set()

        def visit(pname: str) -> None:
            if pname in seen:
                return
            seen.add(pname)
            prof = self.profiles.get(pname)
            if prof is None:
                raise CatalogError(f"profil '{pname}' tidak dikenal")
            for parent in prof.extends:
                visit(parent)
            chain.append(prof)

        visit(name)
        return chain


def _import_rule_modules() -> None:
    from . import rules as pkg

    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)


def _load_yaml(path: Path) -> object:
    """One catalog file, with libyaml when present (several times faster). yaml is imported
    here: a start that finds the catalog cache current (below) does not need it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, "rb") as fh:
        return yaml.load(fh, Loader=loader)


# The packaged catalog's YAML, read once and kept in the package's __pycache__ as marshal data
# (plain dicts, lists and strings; marshal makes no object of any other kind): every ppb
# process loads the catalog at start, and reading its 82 YAML files took 25-35 ms where the
# cache takes about 3 (measured in-process). The cache holds each file's modification time and size and is used
# only when all of them match; it is rewritten otherwise, and skipped when it cannot be.
_CACHE_FORMAT = 1


def _cache_file() -> Path:
    return Path(__file__).resolve().parent / "__pycache__" / f"catalog.{_CACHE_FORMAT}.marshal"


def _load_all(root: Path, paths: list[Path], cached: bool) -> dict[Path, object]:
    """Every file of ``paths`` (under ``root``) read as YAML; through the cache when
    ``cached`` (the packaged catalog)."""
    if not cached:
        return {p: _load_yaml(p) for p in paths}
    stamps = {}
    for p in paths:
        st = p.stat()
        stamps[p.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size)
    key = (_CACHE_FORMAT, str(root))
    cache = _cache_file()
    try:
        held = marshal.loads(cache.read_bytes())
        if isinstance(held, dict) and held.get("key") == key and held.get("stamps") == stamps:
            data = held["data"]
            return {p: data[p.relative_to(root).as_posix()] for p in paths}
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    out = {p: _load_yaml(p) for p in paths}
    try:
        blob = marshal.dumps({"key": key, "stamps": stamps,
                              "data": {p.relative_to(root).as_posix(): v for p, v in out.items()}})
        cache.parent.mkdir(exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, cache)
    except (OSError, ValueError):  # a value marshal cannot hold, or no place to write
        pass
    return out


def _spec_from(data: dict, path: Path) -> RuleSpec:
    try:
        rid = data["id"]
        severity = data.get("severity", "warning")
        confidence = data.get("confidence", "inferred")
        scope = data.get("scope")
        requires = data.get("requires") or ()
        requires = (requires,) if isinstance(requires, str) else tuple(requires)
        if severity not in SEVERITIES:
            raise CatalogError(f"{path}: severity '{severity}' tidak dikenal")
        if confidence not in CONFIDENCES:
            raise CatalogError(f"{path}: confidence '{confidence}' tidak dikenal")
        if scope is not None and scope not in SCOPES:
            raise CatalogError(f"{path}: scope '{scope}' tidak dikenal")
        for req in requires:
            if req not in REQUIREMENTS:
                raise CatalogError(f"{path}: requires '{req}' tidak dikenal")
        spec = RuleSpec(
            id=rid, group=data.get("group") or path.parent.name,
            title=data.get("title") or {}, description=data.get("description") or {},
            severity=severity, source=data.get("source") or {}, confidence=confidence,
            params=data.get("params") or {}, messages=data.get("messages") or {},
            fix=data.get("fix") or {}, bpmnlint=data.get("bpmnlint"), requires=requires,
            check=_REGISTRY.get(rid), set_check=_SET_REGISTRY.get(rid),
        )
        if scope is not None and spec.scope != scope and (spec.check or spec.set_check):
            raise CatalogError(f"{path}: scope '{scope}' tidak sesuai fungsi pemeriksa ({spec.scope})")
        return spec
    except KeyError as exc:
        raise CatalogError(f"{path}: kunci {exc} wajib ada") from None


@lru_cache(maxsize=4)
def load_catalog(directory: str | None = None) -> Catalog:
    """Load every rule file and profile; cached per directory."""
    _import_rule_modules()
    root = Path(directory) if directory else catalog_dir()
    rules: dict[str, RuleSpec] = {}
    profiles: dict[str, Profile] = {}
    version = "0"
    meta = root / "catalog.yaml"
    paths = sorted(path for path in root.rglob("*.yaml")
                   if path != meta and path.relative_to(root).parts[0] != DATA_DIR)
    texts = _load_all(root, ([meta] if meta.exists() else []) + paths,
                      cached=directory is None and not os.environ.get("PPB_RULES_DIR"))
    if meta.exists():
        data = texts[meta] or {}
        version = str(data.get("version", version))
        for name, pdata in (data.get("profiles") or {}).items():
            ext = pdata.get("extends") or ()
            profiles[name] = Profile(
                name=name, description=pdata.get("description") or {},
                rules=pdata.get("rules") or {},
                extends=tuple([ext] if isinstance(ext, str) else ext),
            )
    for path in paths:
        data = texts[path]
        items = data if isinstance(data, list) else [data]
        for item in items:
            spec = _spec_from(item, path)
            if spec.id in rules:
                raise CatalogError(f"{path}: id aturan {spec.id} ganda")
            rules[spec.id] = spec
    missing = sorted(rid for rid, spec in rules.items()
                     if spec.check is None and spec.set_check is None)
    if missing:
        raise CatalogError("aturan tanpa fungsi pemeriksa: " + ", ".join(missing))
    orphans = sorted((set(_REGISTRY) | set(_SET_REGISTRY)) - set(rules))
    if orphans:
        raise CatalogError("fungsi pemeriksa tanpa entri katalog: " + ", ".join(orphans))
    if "standar" not in profiles:
        profiles["standar"] = Profile("standar", {"id": "Tingkat bawaan setiap aturan",
                                                  "en": "Every rule at its default level"}, {})
    return Catalog(rules=rules, profiles=profiles, version=version)
