"""Shared helpers of the SOP and efficiency rules (PPB-SOP, PPB-EFI).

* which maps a rule applies to (its ``map_types`` parameter, read against the
  declared ``ppb:jenisPeta``);
* the ``ppb`` attributes these rules read, found whatever the case of the key
  ("ppb:mutuwaktu" typed by hand in Camunda Modeler's properties);
* the actor (lane) of a flow node;
* :class:`FlowGraph`: the sequence-flow graph of one process or sub-process,
  with its loops cut (back edges of a depth-first search from the starts), a
  flow order for numbering activities, and the heaviest start-to-end path of
  that acyclic graph. Everything is linear in the size of the scope.
"""
from __future__ import annotations

import heapq
import re
import weakref
from functools import lru_cache

from ...lazy_re import lazy_re
from ...units import HOURS_PER_DAY
from ...vocab import map_type, squashed
from .._events import link_name as _link


# -- parameters ------------------------------------------------------------------

def applies(model, ctx, default=("sop",)) -> bool:
    """True when the map's declared type is one of the rule's ``map_types``."""
    declared = map_type(model)
    if declared is None:
        return False
    wanted = ctx.params.get("map_types", default)
    if isinstance(wanted, str):
        wanted = wanted.replace(",", " ").split()
    try:
        return declared.lower() in _wanted_types(tuple(wanted or ()))
    except TypeError:       # a value that cannot be a cache key (a list in the list)
        return declared.lower() in {str(w).strip().lower() for w in wanted or ()}


@lru_cache(maxsize=256)     # the same few map types for every map a validator checks
def _wanted_types(wanted: tuple) -> frozenset:
    return frozenset(str(w).strip().lower() for w in wanted)


def number_param(ctx, name: str, default: float) -> float:
    """A numeric parameter; "7,5" is read as 7.5; a bad value falls back to the default."""
    raw = ctx.params.get(name, default)
    try:
        value = float(str(raw).strip().replace(",", "."))
    except (TypeError, ValueError):
        return default
    return value if value == value else default  # NaN


def hours_per_day(ctx) -> float:
    value = number_param(ctx, "hours_per_day", HOURS_PER_DAY)
    return value if value > 0 else HOURS_PER_DAY


def flag_param(ctx, name: str, default: bool = False) -> bool:
    raw = ctx.params.get(name, default)
    if isinstance(raw, str):
        return raw.strip().lower() in ("true", "ya", "yes", "1", "on", "aktif")
    return bool(raw)


def list_param(ctx, name: str, default=()) -> list[str]:
    raw = ctx.params.get(name, default)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.split(",")
    return [str(x).strip() for x in raw if str(x).strip()]


# -- ppb attributes ------------------------------------------------------------------

def ext(el, key: str) -> str:
    """A ppb attribute of ``el`` as stripped text ('' when absent), key case-insensitive."""
    if el is None:
        return ""
    attrs = el.ext
    value = attrs.get(key)
    if value is None and attrs:
        low = key.lower()
        for k, v in attrs.items():
            if k.lower() == low:
                value = v
                break
    return (value or "").strip()


def participant_of(model, process):
    for p in model.all("Participant"):
        if p.process is process:
            return p
    return None


def is_external(model, process) -> bool:
    """A pool marked ``ppb:pemangku="eksternal"`` (on the participant or the process)."""
    for el in (participant_of(model, process), process):
        if ext(el, "pemangku").lower() in ("eksternal", "external"):
            return True
    return False


# -- mutu baku written in documentation (issue 17) -----------------------------------------------

# "Waktu: 2 hari kerja", "Output - Berkas", "Mutu baku waktu = 30 menit"; one item a line
_DOC_KEYS = {
    "mutuWaktu": ("waktu", "durasi", "lama", "jangka waktu"),
    "mutuOutput": ("output", "keluaran", "hasil"),
    "mutuKelengkapan": ("kelengkapan", "persyaratan", "input", "masukan"),
    "keterangan": ("keterangan", "catatan"),
}
_DOC_LINE = lazy_re(r"^\s*(?:[-*\u2022]\s*)?(?:mutu\s+baku\s+)?([a-z][a-z ]{1,20}?)\s*[:=\-\u2013]\s*(\S.*?)\s*$",
                       re.I)


def documented(task) -> dict[str, str]:
    """The mutu baku items written as "Waktu: 2 hari kerja" lines in ``task``'s documentation."""
    text = getattr(task, "documentation", None) or ""
    out: dict[str, str] = {}
    for line in re.split(r"[\r\n;]+", text):
        m = _DOC_LINE.match(line)
        if not m:
            continue
        word = " ".join(m.group(1).lower().split())
        for key, words in _DOC_KEYS.items():
            if word in words and key not in out:
                out[key] = m.group(2)
    return out


def mutu(el, key: str) -> str:
    """A mutu baku item: the ppb attribute, else a "Waktu: ..." line of the documentation."""
    return ext(el, key) or documented(el).get(key, "")


def map_attr(model, key: str) -> tuple[str, object]:
    """A map-level ppb attribute: on ``definitions``, else on a process or a pool
    (where Camunda Modeler lets users put properties). Returns (value, element)."""
    value = ext(model.definitions, key)
    if value:
        return value, model.definitions
    for el in model.all("Process") + model.all("Participant"):
        value = ext(el, key)
        if value:
            return value, el
    return "", None


# -- lanes (actors) ------------------------------------------------------------------

def all_lanes(container) -> list:
    """Every lane of a process (nested lanes included), outer lanes first."""
    out = []
    todo = [ls for ls in container.lane_sets]
    while todo:
        lane_set = todo.pop(0)
        for lane in lane_set.lanes:
            out.append(lane)
            if lane.child_lane_set is not None:
                todo.append(lane.child_lane_set)
    return out


def lane_of(node):
    """The innermost lane holding ``node``; for a node inside a sub-process, the lane of
    the sub-process that holds it."""
    n = node
    while n is not None:
        if n.lane is not None:
            return n.lane
        parent = n.parent
        if parent is None or "Process" in parent.types or "FlowElementsContainer" not in parent.types:
            return None
        n = parent
    return None


def actor_key(lane) -> str:
    """Two lanes with the same name are the same actor."""
    return squashed(lane.name) or f"#{lane.id}"


def process_nodes(process) -> list:
    """Flow nodes drawn directly in a process or sub-process (event sub-processes aside)."""
    return [el for el in process.flow_elements
            if "FlowNode" in el.types and not el.flag("triggeredByEvent")]


# -- the flow graph ------------------------------------------------------------------


class FlowGraph:
    """The flow nodes of one scope (process or sub-process) and the edges between them:
    sequence flows, a host to its boundary events, a link throw to its catch."""

    @classmethod
    def of(cls, scope, model):
        """The graph of ``scope`` in ``model``, made once per model: several rules walk the
        same process (the graph is not changed after it is made)."""
        memo = model._memo
        key = ("flow_graph", scope)
        graph = memo.get(key)
        if graph is None:
            graph = memo[key] = cls(scope, model)
        return graph

    def __init__(self, scope, model=None):
        self.scope = scope
        self.nodes = process_nodes(scope)
        members = set(self.nodes)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        catches = {}
        for n in self.nodes:
            name = _link(n, "IntermediateCatchEvent")
            if name is not None:
                catches.setdefault(name, []).append(n)
        self.succ = {n: [] for n in self.nodes}
        for n in self.nodes:
            out = self.succ[n]
            for f in n.out_flows:
                if f.target in members:
                    out.append(f.target)
            if "BoundaryEvent" in n.types and n.attached_to in members:
                self.succ[n.attached_to].append(n)
            name = _link(n, "IntermediateThrowEvent")
            if name is not None:
                out.extend(catches.get(name, ()))
        self.pred = {n: [] for n in self.nodes}
        for n, outs in self.succ.items():
            for m in outs:
                self.pred[m].append(n)
        self.position = positions(model) if model is not None else {}
        self.starts = self._starts()
        self.back = self._back_edges()
        self.order = self._order()

    def _key(self, node):
        pos = self.position.get(node)
        return (pos if pos is not None else (float("inf"), float("inf"))) + (self.index[node],)

    def _starts(self):
        starts = [n for n in self.nodes if "StartEvent" in n.types]
        if not starts:
            starts = [n for n in self.nodes if not self.pred[n]
                      and "BoundaryEvent" not in n.types]
        return sorted(starts, key=self._key)

    def _back_edges(self):
        """Edges closing a loop, found by an iterative depth-first search from the starts
        (then from any node not reached yet, in flow position order)."""
        state = {}  # node -> 1 on the stack, 2 done
        back = set()
        roots = self.starts + sorted(self.nodes, key=self._key)
        for root in roots:
            if root in state:
                continue
            state[root] = 1
            stack = [(root, iter(sorted(self.succ[root], key=self._key)))]
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    state[node] = 2
                    stack.pop()
                    continue
                seen = state.get(nxt)
                if seen == 1:
                    back.add((node, nxt))
                elif seen is None:
                    state[nxt] = 1
                    stack.append((nxt, iter(sorted(self.succ[nxt], key=self._key))))
        return back

    def dag_succ(self, node):
        return [m for m in self.succ[node] if (node, m) not in self.back]

    def _order(self):
        """A topological order of the graph without its back edges; among the nodes that
        are ready, the one drawn first (by position in the diagram, then in the file)."""
        indeg = {n: 0 for n in self.nodes}
        for n in self.nodes:
            for m in self.dag_succ(n):
                indeg[m] += 1
        heap = [(self._key(n), n.id or "", self.index[n]) for n in self.nodes if indeg[n] == 0]
        heapq.heapify(heap)
        order = []
        while heap:
            _, _, i = heapq.heappop(heap)
            node = self.nodes[i]
            order.append(node)
            for m in self.dag_succ(node):
                indeg[m] -= 1
                if indeg[m] == 0:
                    heapq.heappush(heap, (self._key(m), m.id or "", self.index[m]))
        return order

    def numbering(self, keep=lambda n: "Task" in n.types) -> dict:
        """Activity numbers in flow order (1, 2, ...), as the rows of an SOP table."""
        out = {}
        for node in self.order:
            if keep(node):
                out[node] = len(out) + 1
        return out

    def heaviest_path(self, weight):
        """The start-to-end path with the largest total ``weight(node)`` (a number), loops
        cut: (total, nodes on the path). Ends are the end events reached, else the nodes
        reached that lead nowhere. (0, []) when nothing is reached."""
        reached = set(self.starts)
        for node in self.order:  # topological: predecessors come first
            if node in reached:
                reached.update(self.dag_succ(node))
        best = {}
        parent = {}
        for node in self.order:
            if node not in reached:
                continue
            w = weight(node)
            incoming = [p for p in self.pred[node] if p in best and (p, node) not in self.back]
            if incoming:
                p = max(incoming, key=lambda q: best[q])
                best[node] = best[p] + w
                parent[node] = p
            else:
                best[node] = w
        if not best:
            return 0, []
        ends = [n for n in best if "EndEvent" in n.types]
        if not ends:
            ends = [n for n in best if not self.dag_succ(n)] or list(best)
        end = max(ends, key=lambda n: (best[n], -self.index[n]))
        path = [end]
        while path[-1] in parent:
            path.append(parent[path[-1]])
        path.reverse()
        return best[end], path


_POSITIONS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def positions(model) -> dict:
    """(primary, secondary) drawing position of each element with a shape: left to right
    on horizontal lanes/pools (bpmn-js), top to bottom when the map is drawn vertically
    (SOP AP style). Computed once per model."""
    cached = _POSITIONS.get(model)
    if cached is not None:
        return cached
    shapes = {}
    vertical = False
    for shape in model.shapes:
        el = shape.element
        if el is None:
            continue
        if shape.is_horizontal is False and ("Lane" in el.types or "Participant" in el.types):
            vertical = True
        b = shape.bounds
        if b is not None and b.is_valid() and b.x == b.x and b.y == b.y:
            shapes[el] = (b.x, b.y)
    out = {el: ((xy[1], xy[0]) if vertical else xy) for el, xy in shapes.items()}
    _POSITIONS[model] = out
    return out


def join_words(items: list[str], lang: str = "id") -> str:
    """'a', 'a dan b', 'a, b, dan c' (en: 'a and b', 'a, b and c')."""
    word = "dan" if lang == "id" else "and"
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    comma = "," if lang == "id" else ""
    return ", ".join(items[:-1]) + f"{comma} {word} {items[-1]}"
