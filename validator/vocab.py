"""The ``ppb`` extension vocabulary, read leniently.

People type these attributes by hand (in Camunda Modeler's properties, as
``camunda:property name="ppb:..."``, or with our plugin), so values are
compared without case and surrounding spaces, and the synonyms used in Pemda
practice are accepted ("utama" for "inti", "lainnya" for "manajemen", ...).
Every PPB rule reads the vocabulary through these functions, so they agree on
what a map declares.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Element, Model

NAMESPACE = "urn:ppb:permenpanrb-19-2018:1.0"

MAP_TYPES = ("level0", "subproses", "relasi", "lintasFungsi", "sop")
_MAP_TYPE_ALIASES = {
    "level0": "level0", "level-0": "level0", "level 0": "level0", "peta level 0": "level0",
    "subproses": "subproses", "sub-proses": "subproses", "sub proses": "subproses",
    "petasubproses": "subproses",
    "relasi": "relasi", "petarelasi": "relasi", "peta relasi": "relasi",
    "lintasfungsi": "lintasFungsi", "lintas fungsi": "lintasFungsi", "lintas-fungsi": "lintasFungsi",
    "petalintasfungsi": "lintasFungsi", "peta lintas fungsi": "lintasFungsi", "cfm": "lintasFungsi",
    "crossfunctional": "lintasFungsi",
    "sop": "sop", "sopap": "sop", "sop ap": "sop", "sop-ap": "sop",
}

CATEGORIES = ("inti", "pendukung", "manajemen")
_CATEGORY_ALIASES = {
    "inti": "inti", "utama": "inti", "core": "inti", "proses inti": "inti", "proses utama": "inti",
    "pendukung": "pendukung", "penunjang": "pendukung", "support": "pendukung",
    "proses pendukung": "pendukung",
    "manajemen": "manajemen", "management": "manajemen", "lainnya": "manajemen",
    "proses manajemen": "manajemen", "proses lainnya": "manajemen",
}

# element types that stand for a process in a map (a box that a lower map details)
PROCESS_NODE_TYPES = ("SubProcess", "CallActivity")


@lru_cache(maxsize=1 << 14)     # vocabulary words and lane/pool names, read on every map
def squashed(value: str | None) -> str:
    """``value`` stripped, in lower case, each run of white space one space: how names and
    vocabulary words are compared."""
    return re.sub(r"\s+", " ", (value or "").strip()).lower()


_UNSET = object()


def map_type(model: Model) -> str | None:
    """The declared map type (``ppb:jenisPeta``), normalised; None when absent or unknown.
    Kept with the model: about twenty rules ask for it on every map."""
    hit = model._memo.get("map_type", _UNSET)
    if hit is _UNSET:
        raw = model.ext("jenisPeta")
        hit = model._memo["map_type"] = None if raw is None else _map_type_of(raw)
    return hit


@lru_cache(maxsize=1 << 10)     # rules ask for the type of each map many times
def _map_type_of(raw: str) -> str | None:
    return _MAP_TYPE_ALIASES.get(squashed(raw)) or _MAP_TYPE_ALIASES.get(squashed(raw).replace(" ", ""))


def raw_map_type(model: Model) -> str | None:
    return model.ext("jenisPeta")


def map_level(model: Model) -> int | None:
    """The declared level (``ppb:level``) as an integer; None when absent or not a number."""
    hit = model._memo.get("map_level", _UNSET)
    if hit is _UNSET:
        raw = model.ext("level")
        hit = model._memo["map_level"] = None if raw is None else _level_of(raw)
    return hit


_LEVEL = re.compile(r"(?:level\s*)?(\d{1,2})", re.I)


@lru_cache(maxsize=1 << 10)     # rules ask for the level of each map many times
def _level_of(raw: str) -> int | None:
    m = _LEVEL.fullmatch(raw.strip())
    return int(m.group(1)) if m else None


def category(el: Element) -> str | None:
    """``ppb:kategori`` normalised to inti / pendukung / manajemen; None when absent or unknown."""
    raw = el.ext.get("kategori")
    if raw is None:
        return None
    return _CATEGORY_ALIASES.get(squashed(raw))


def refs(el: Element, key: str) -> list[str]:
    """A space (or comma) separated id list such as ``ppb:sasaranRef``."""
    return [t for t in re.split(r"[\s,;]+", el.ext.get(key) or "") if t]


def text(el: Element, key: str) -> str:
    """A ppb attribute as stripped text ('' when absent)."""
    return (el.ext.get(key) or "").strip()


def map_text(model: Model, key: str) -> str:
    """A map-level ppb attribute as stripped text ('' when absent), read where
    ``Model.ext`` reads it (definitions, else collaboration, process or pool)."""
    memo = model._memo
    hit = memo.get(("map_text", key))
    if hit is None:
        hit = memo[("map_text", key)] = (model.ext(key) or "").strip()
    return hit


def is_process_node(el: Element) -> bool:
    return "SubProcess" in el.types or "CallActivity" in el.types


def top_process_nodes(model: Model) -> list[Element]:
    """Process boxes drawn at the top level of each process (not inside a sub-process):
    what a Level 0/1 map shows."""
    out = []
    for proc in model.all("Process"):
        for el in proc.flow_elements:
            if is_process_node(el) and not el.flag("triggeredByEvent"):
                out.append(el)
    return out


def tasks(model: Model) -> list[Element]:
    """Every task (of any task type)."""
    return model.all("Task")


def lanes(model: Model) -> list[Element]:
    return model.all("Lane")
