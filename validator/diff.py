"""What changed between two versions of a map: elements added, removed, changed, moved.

The reviewer's question is "apa yang berubah sejak versi yang diminta revisi": this module
answers it from the two parsed models, in the terms bpmn-js-differ uses on the diagram
(added, removed, changed, layout changed), so that the list the server gives and the colours
the viewer draws agree. Elements are matched by id, as bpmn-js-differ matches them; an
element whose id changed is one removed and one added.

A change is a semantic difference that a reader of the map cares about: the type, the
name, the documentation, a ``ppb:`` attribute, where a flow comes from or goes to, the
condition of a flow, the lane a node sits in, the boundary event's host, the default flow,
the kind of event. A move is a change of the diagram only (shape bounds, edge waypoints).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .model import Element, Model

__all__ = ["ElementChange", "Difference", "compare", "compare_bytes"]

# Structural containers that bpmn-js-differ does not report on their own.
_SKIPPED_TYPES = frozenset({"LaneSet"})
# DI coordinates are compared after rounding to this many pixels: exporters write
# 100.0 / 100 / 100.00001 for one position.
_TOLERANCE = 0.5


@dataclass(frozen=True)
class ElementChange:
    """One element of the comparison: its id, type and name (in the newer version when it
    still exists), and for changed elements the attributes that differ as
    ``{key: (old, new)}``; keys are ``name``, ``type``, ``documentation``, ``ppb:<attr>``,
    ``source``, ``target``, ``condition``, ``lane``, ``attachedTo``, ``default``,
    ``eventDefinitions``, ``process`` and other plain attributes by their local name."""
    id: str
    type: str
    name: str | None
    attrs: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {"id": self.id, "type": self.type, "name": self.name}
        if self.attrs:
            out["attrs"] = {k: {"old": old, "new": new} for k, (old, new) in self.attrs.items()}
        return out


@dataclass
class Difference:
    added: list[ElementChange] = field(default_factory=list)
    removed: list[ElementChange] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)
    moved: list[ElementChange] = field(default_factory=list)
    # map-level ppb attributes (``Model.ext``: jenisPeta, level, kode ...), old -> new
    map_attrs: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved or self.map_attrs)

    def summary(self) -> dict:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "moved": len(self.moved),
                "mapAttrs": len(self.map_attrs)}

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "added": [c.as_dict() for c in self.added],
            "removed": [c.as_dict() for c in self.removed],
            "changed": [c.as_dict() for c in self.changed],
            "moved": [c.as_dict() for c in self.moved],
            "mapAttrs": {k: {"old": old, "new": new} for k, (old, new) in self.map_attrs.items()},
        }


def compare_bytes(old: bytes, new: bytes) -> Difference:
    """Parse both versions (with the parser's limits) and compare them. Raises
    :class:`validator.errors.BpmnReadError` when either cannot be read."""
    from .parser import parse_bytes

    return compare(parse_bytes(old, "lama.bpmn"), parse_bytes(new, "baru.bpmn"))


def compare(old: Model, new: Model) -> Difference:
    """The difference from ``old`` to ``new``, each list in the document order of the
    version the elements belong to (added/changed/moved: ``new``; removed: ``old``)."""
    diff = Difference()
    old_by_id = _elements(old)
    new_by_id = _elements(new)
    for el_id, el in new_by_id.items():
        before = old_by_id.get(el_id)
        if before is None:
            diff.added.append(_brief(el))
            continue
        attrs = _changed_attrs(before, el)
        if attrs:
            diff.changed.append(_brief(el, attrs))
    for el_id, el in old_by_id.items():
        if el_id not in new_by_id:
            diff.removed.append(_brief(el))
    old_layout, new_layout = _layout(old), _layout(new)
    for el_id, el in new_by_id.items():
        if el_id in old_by_id and el_id in old_layout and el_id in new_layout \
                and old_layout[el_id] != new_layout[el_id]:
            diff.moved.append(_brief(el))
    keys = sorted(set(_map_attrs(old)) | set(_map_attrs(new)))
    old_map, new_map = _map_attrs(old), _map_attrs(new)
    for key in keys:
        if old_map.get(key) != new_map.get(key):
            diff.map_attrs[f"ppb:{key}"] = (old_map.get(key), new_map.get(key))
    return diff


# -- internals ------------------------------------------------------------------------------

def _elements(model: Model) -> dict[str, Element]:
    out: dict[str, Element] = {}
    for el in model.elements:
        if el.id and el.type not in _SKIPPED_TYPES and el is not model.definitions:
            out.setdefault(el.id, el)
    return out


def _brief(el: Element, attrs: dict | None = None) -> ElementChange:
    return ElementChange(id=el.id or "", type=el.type, name=_clean(el.name), attrs=attrs or {})


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _ref(el: Element | None) -> str | None:
    return None if el is None else el.id


def _event_kinds(el: Element) -> str | None:
    kinds = sorted(d.type for d in el.event_definitions)
    return ", ".join(kinds) or None


# plain attributes compared as written; ids and references are compared through the model
_IGNORED_ATTRS = frozenset({"id", "name", "sourceRef", "targetRef", "attachedToRef", "default",
                            "processRef"})


def _semantic(el: Element) -> dict:
    out: dict = {
        "type": el.type,
        "name": _clean(el.name),
        "documentation": _clean(el.documentation),
        "source": _ref(el.source),
        "target": _ref(el.target),
        "condition": _clean(el.condition),
        "lane": _ref(el.lane),
        "attachedTo": _ref(el.attached_to),
        "default": _ref(el.default),
        "eventDefinitions": _event_kinds(el),
        "process": _ref(el.process),
        "text": _clean(el.text),
    }
    for key, value in el.ext.items():
        out[f"ppb:{key}"] = _clean(value) if isinstance(value, str) else value
    for key, value in el.attrs.items():
        if key in _IGNORED_ATTRS or key.startswith("{"):
            continue   # foreign attributes other than ppb (exporters' own) are not the map's
        out[key] = value
    return out


def _changed_attrs(old: Element, new: Element) -> dict:
    a, b = _semantic(old), _semantic(new)
    changed = {}
    for key in list(a) + [k for k in b if k not in a]:
        if a.get(key) != b.get(key):
            changed[key] = (a.get(key), b.get(key))
    return changed


def _round(values: Iterable[float | None]) -> tuple:
    return tuple(None if v is None else round(v / _TOLERANCE) for v in values)


def _layout(model: Model) -> dict[str, tuple]:
    """Per element id, where the diagram draws it: every shape's bounds and every edge's
    waypoints (an element drawn on two diagrams keeps both)."""
    out: dict[str, list] = {}
    for shape in model.shapes:
        if shape.element_id and shape.bounds is not None:
            b = shape.bounds
            out.setdefault(shape.element_id, []).append(_round((b.x, b.y, b.width, b.height)))
    for edge in model.edges:
        if edge.element_id:
            points = tuple(_round(p) for p in edge.waypoints)
            out.setdefault(edge.element_id, []).append(points)
    return {k: tuple(v) for k, v in out.items()}


def _map_keys() -> tuple[str, ...]:
    """The map-level attribute names of the ppb vocabulary (type ``Peta`` of the moddle
    descriptor the modelers use), plus ``kode``."""
    import json
    from pathlib import Path

    descriptor = json.loads((Path(__file__).with_name("ppb.moddle.json")).read_text("utf-8"))
    names = [p["name"] for t in descriptor["types"] if t["name"] == "Peta"
             for p in t.get("properties", ())]
    return tuple(names) + ("kode",)


_MAP_KEYS = _map_keys()


def _map_attrs(model: Model) -> dict:
    """The map-level ppb attributes as :meth:`Model.ext` reads them (definitions, else the
    collaboration, a process or a pool), plus whatever else definitions carries."""
    out = {}
    for key in set(_MAP_KEYS) | set(model.definitions.ext):
        value = model.ext(key)
        if value is not None and str(value).strip():
            out[key] = _clean(value) if isinstance(value, str) else value
    return out
