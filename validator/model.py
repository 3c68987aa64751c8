"""The parsed model: plain objects built once by :mod:`validator.parser`.

Every consumer (rules, reports, simulation, web) reads this model; nothing
goes back to the XML. Elements are built during one walk over the document,
references are resolved once at the end, and nothing changes afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .bpmn_types import EMPTY_TYPES

_NO_DICT: dict = {}


class Element:
    """One semantic BPMN element (process, task, lane, sequence flow, ...).

    Collections default to shared empty tuples and are replaced by lists only
    on elements that have them, so the model stays small and quick to build.
    """

    type: str = ""
    types: frozenset = EMPTY_TYPES
    id: str | None = None
    name: str | None = None
    line: int = 0
    parent: "Element | None" = None
    attrs: dict = _NO_DICT          # plain attributes by local name; foreign ones in {ns}name form
    ext: dict = _NO_DICT            # ppb vocabulary, key without prefix: {"kode": "01.02"}
    props: dict = _NO_DICT          # simple child values: timeDuration, script, ...
    documentation: str | None = None
    text: str | None = None         # textAnnotation text

    children: list | tuple = ()
    flow_elements: list | tuple = ()
    artifacts: list | tuple = ()
    lane_sets: list | tuple = ()
    lanes: list | tuple = ()            # on a LaneSet
    child_lane_set: "Element | None" = None
    event_definitions: list | tuple = ()
    participants: list | tuple = ()
    message_flows: list | tuple = ()
    loop: "Element | None" = None

    # references, resolved after the walk
    incoming: list | tuple = ()         # as declared by <incoming> children
    outgoing: list | tuple = ()         # as declared by <outgoing> children
    in_flows: list | tuple = ()         # sequence flows whose targetRef is this node
    out_flows: list | tuple = ()        # sequence flows whose sourceRef is this node
    source: "Element | None" = None
    target: "Element | None" = None
    default: "Element | None" = None
    attached_to: "Element | None" = None
    process: "Element | None" = None    # participant -> process
    flow_node_refs: list | tuple = ()   # lane -> flow nodes
    lane: "Element | None" = None       # flow node -> innermost lane holding it

    has_condition: bool = False
    condition: str | None = None        # condition body text, None when empty

    # raw reference ids as written, kept for reference checks
    ref_ids: dict = _NO_DICT

    # the flows the bpmnlint rules read (declared and drawn, merged), made on first use by
    # validator/rules/bpmnlint/_flows.py
    _flows_in: tuple | None = None
    _flows_out: tuple | None = None

    def __init__(self, type_: str, types: frozenset, line: int, attrs: dict) -> None:
        # validator/cbuild.pyx (_Walk.element) sets the same attributes in the same order
        # without calling this: change both together
        self.type = type_
        self.types = types
        self.line = line
        self.attrs = attrs
        self.id = attrs.get("id")
        self.name = attrs.get("name")

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.type} {self.id!r} {self.name!r}>"

    def is_a(self, type_name: str) -> bool:
        return type_name in self.types

    def flag(self, attr: str, default: bool = False) -> bool:
        """A boolean attribute: true only when written exactly "true", as bpmn-moddle
        (and so Camunda Modeler and bpmn.io) reads it."""
        value = self.attrs.get(attr)
        if value is None:
            return default
        return value == "true"

    @property
    def label(self) -> str:
        """Name for messages: the name, else the id, else the type."""
        name = (self.name or "").strip()
        return name or self.id or self.type

    def ancestors(self) -> Iterator["Element"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def find_parent(self, type_name: str) -> "Element | None":
        for node in self.ancestors():
            if type_name in node.types:
                return node
        return None


@dataclass(eq=False, slots=True)
class Bounds:
    x: float | None
    y: float | None
    width: float | None
    height: float | None

    def is_valid(self) -> bool:
        return None not in (self.x, self.y, self.width, self.height)


@dataclass(eq=False, slots=True)
class Shape:
    id: str | None
    element_id: str | None
    element: Element | None
    bounds: Bounds | None
    line: int
    is_expanded: bool | None = None
    is_horizontal: bool | None = None
    label_bounds: Bounds | None = None


@dataclass(eq=False, slots=True)
class Edge:
    id: str | None
    element_id: str | None
    element: Element | None
    waypoints: list[tuple[float, float]]
    line: int


@dataclass(eq=False)
class Diagram:
    id: str | None
    name: str | None
    line: int
    plane_element_id: str | None = None
    plane_element: Element | None = None
    has_plane: bool = False
    shapes: list[Shape] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Notice:
    """Something the parser had to recover from (becomes a finding)."""
    code: str
    line: int = 0
    element_id: str | None = None
    params: dict = field(default_factory=dict)


@dataclass(eq=False)
class Model:
    path: str
    size: int
    definitions: Element
    elements: list[Element]
    by_id: dict[str, Element]
    by_type: dict[str, list[Element]]
    diagrams: list[Diagram]
    notices: list[Notice]
    duplicate_ids: list[tuple[str, int, str]]   # (id, line, type) of elements not read
    invalid_ids: list[tuple[str, int, str]]     # (id, line, type) not read: id is no XML name
    dangling: list[tuple[Element, str, str]]   # (element, attribute, missing id)
    namespaces: dict[str, str]
    tree: object = None     # the lxml root, only when parsed with keep_tree=True
    # key -> the element ext_holder found: rules ask for the map's type, level, ... of one
    # model dozens of times, and each answer may scan every process and pool
    _holders: dict = field(default_factory=dict, repr=False, compare=False)
    # what a helper works out from the whole model and is asked again by several rules (the
    # process code holders, validator/rules/nmk/_codes.py): made once, kept with the model
    # (a set run's extract carries it back from the worker that made it)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def all(self, type_name: str) -> list[Element]:
        """Every element that is a ``type_name`` (sub types included), in document order."""
        return self.by_type.get(type_name, [])

    def get(self, element_id: str | None) -> Element | None:
        if element_id is None:
            return None
        return self.by_id.get(element_id)

    @property
    def shapes(self) -> Iterator[Shape]:
        for diagram in self.diagrams:
            yield from diagram.shapes

    @property
    def edges(self) -> Iterator[Edge]:
        for diagram in self.diagrams:
            yield from diagram.edges

    def ext(self, key: str) -> str | None:
        """A map-level ppb attribute (jenisPeta, level, instansi, nomorSop, ...).

        Its place is ``bpmn:definitions``; but Camunda Modeler's properties panel cannot
        reach definitions, so a value given on the collaboration, a process or a pool
        (in that order) is read when definitions has none.
        """
        return self.ext_holder(key).ext.get(key)

    def ext_holder(self, key: str) -> Element:
        """The element :meth:`ext` reads ``key`` from (the definitions when none holds a
        value): findings about a map-level attribute point at it."""
        holder = self._holders.get(key)
        if holder is None:
            holder = self._holders[key] = self._find_holder(key)
        return holder

    def _find_holder(self, key: str) -> Element:
        value = self.definitions.ext.get(key)
        if value is not None and value.strip():
            return self.definitions
        for type_name in ("Collaboration", "Process", "Participant"):
            for el in self.by_type.get(type_name, ()):
                value = el.ext.get(key)
                if value is not None and value.strip():
                    return el
        return self.definitions
