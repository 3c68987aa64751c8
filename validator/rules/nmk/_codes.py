"""Process codes (``ppb:kode``) and planning codes (``ppb:nomenklatur``).

Everything a code rule needs to read and compare codes lives here, so that the
single-file checks (PPB-NMK-004/005/006/007) and the later checks over an
uploaded map set or a nomenclature master read codes the same way:

* :class:`CodeFormat` parses a process code with the configured pattern
  (dotted two-digit segments by default, an optional OPD prefix such as
  ``DINKES-``), suggests a zero-padded spelling ("1.3" -> "01.03") and
  answers whether one code is the direct child of another;
* :func:`code_holders` lists the elements that carry a process code in a
  map (sub-processes, call activities, processes or their pools);
* :func:`parent_code` finds the code a process node must extend;
* :func:`duplicates` finds codes used by two different processes;
* :func:`nomenklatur_tokens` and :func:`classify_nomenklatur` read planning
  codes (urusan X, bidang X.XX, program X.XX.XX, kegiatan X.XX.XX.N.XX,
  sub kegiatan X.XX.XX.N.XX.XXXX).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._common import ext, is_external, pools_by_process

PROCESS_NODE_TYPES = ("SubProcess", "CallActivity")


# -- process codes -------------------------------------------------------------------

@dataclass(frozen=True)
class Code:
    raw: str                       # as written (stripped)
    prefix: str                    # OPD prefix as written ('' when none)
    segments: tuple[str, ...]      # ("01", "03", "02")

    @property
    def body(self) -> str:
        return ".".join(self.segments)

    def is_child_of(self, parent: "Code") -> bool:
        """One segment longer than ``parent`` and starting with it ("01.03" -> "01.03.NN")."""
        n = len(parent.segments)
        return len(self.segments) == n + 1 and self.segments[:n] == parent.segments

    def sort_key(self) -> tuple:
        return tuple((int(s), s) if s.isdigit() else (float("inf"), s) for s in self.segments)


class CodeFormat:
    """The configured shape of a process code: ``pattern`` for the code itself (anchors
    optional), ``prefix`` for an optional OPD prefix before it, ``separator`` between
    segments."""

    def __init__(self, pattern: str, prefix: str = "", separator: str = ".") -> None:
        core = pattern.strip()
        if core.startswith("^"):
            core = core[1:]
        if core.endswith("$") and not core.endswith("\\$"):
            core = core[:-1]
        pre = f"(?P<prefix>{prefix})?" if prefix else "(?P<prefix>)"
        self.regex = re.compile(f"^{pre}(?P<body>{core})$")
        self.separator = separator or "."

    def parse(self, raw: str | None) -> Code | None:
        text = (raw or "").strip()
        if not text:
            return None
        m = self.regex.match(text)
        if m is None:
            return None
        return Code(text, m.group("prefix") or "", tuple(m.group("body").split(self.separator)))

    def suggest(self, raw: str) -> str | None:
        """A zero-padded spelling of a mistyped code ("1.3" -> "01.03", "01-03" -> "01.03")
        when that spelling fits the pattern; None otherwise."""
        text = (raw or "").strip()
        m = re.match(r"^(.*?)(\d[\d.\-/\s]*)$", text)
        if m is None:
            return None
        head, tail = m.groups()
        parts = [p for p in re.split(r"[.\-/\s]+", tail) if p]
        if not parts or any(len(p) > 2 for p in parts):
            return None
        guess = head + self.separator.join(p.zfill(2) for p in parts)
        return guess if guess != text and self.parse(guess) is not None else None


@lru_cache(maxsize=16)
def code_format(pattern: str, prefix: str, separator: str) -> CodeFormat:
    return CodeFormat(pattern, prefix, separator)


def format_from(ctx) -> CodeFormat:
    """The process-code format of a rule's parameters (``code_pattern``, ``prefix_pattern``,
    ``separator``)."""
    p = ctx.params
    return code_format(str(p.get("code_pattern") or r"^\d{2}(\.\d{2})*$"),
                       str(p.get("prefix_pattern") or ""), str(p.get("separator") or "."))


def kode(el) -> str:
    """The ``ppb:kode`` of an element ('' when absent)."""
    return ext(el, "kode")


@dataclass(frozen=True)
class Holder:
    """An element that stands for a process and may carry its code."""
    element: object        # what a finding points at: the node, or the pool of a process
    scope: object          # the process node or bpmn:process itself
    kode: str              # '' when no code is written

    @property
    def is_process(self) -> bool:
        return "Process" in self.scope.types


def process_code(process, pools) -> tuple[object, str]:
    """A process's code and the element to point at: the process's own ``ppb:kode``,
    else its pool's (Camunda Modeler shows a pool's properties, not the process's)."""
    pool = pools.get(process)
    own = kode(process)
    if own:
        return (pool if pool is not None else process), own
    if pool is not None and kode(pool):
        return pool, kode(pool)
    return (pool if pool is not None else process), ""


def code_holders(model, external_values=("eksternal",), require_process: bool = True) -> list[Holder]:
    """What carries a process code in a map, in document order: every process that has a
    code (or, when ``require_process``, that draws any flow node) and every sub-process and
    call activity (event sub-processes only when they have a code). External stakeholders'
    pools and what they hold are left out. Made once per model and arguments (three file
    rules and the set's hierarchy ask for them)."""
    key = ("code_holders", tuple(external_values), require_process)
    memo = model._memo
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _code_holders(model, external_values, require_process)
    return list(hit)


def _code_holders(model, external_values, require_process: bool) -> list[Holder]:
    pools = pools_by_process(model)
    out: list[Holder] = []
    for proc in model.all("Process"):
        if is_external(proc, pools, external_values):
            continue
        el, k = process_code(proc, pools)
        if k or (require_process and any("FlowNode" in f.types for f in proc.flow_elements)):
            out.append(Holder(el, proc, k))
        for node in _nodes_under(proc):
            k = kode(node)
            if k or not node.flag("triggeredByEvent"):
                out.append(Holder(node, node, k))
    return out


def _nodes_under(container):
    """Sub-processes and call activities inside ``container``, at any depth, in document order."""
    todo = list(reversed(container.flow_elements))
    while todo:
        el = todo.pop()
        if "SubProcess" in el.types or "CallActivity" in el.types:
            yield el
        if "SubProcess" in el.types:
            todo.extend(reversed(el.flow_elements))


def parent_code(node, pools, definitions) -> tuple[object, str] | None:
    """The code a process node extends and the element holding it: the nearest enclosing
    sub-process that has a code, else the enclosing process (or its pool), else the map's
    ``ppb:parentKode`` (on ``definitions``). None when nothing above it has a code."""
    for anc in node.ancestors():
        if "SubProcess" in anc.types:
            k = kode(anc)
            if k:
                return anc, k
        elif "Process" in anc.types:
            el, k = process_code(anc, pools)
            if k:
                return el, k
            break
    k = ext(definitions, "parentKode")
    return (definitions, k) if k else None


def _identity(holder: Holder):
    """Two holders are the same process when they are one element, or call activities
    calling the same process."""
    el = holder.scope
    if "CallActivity" in el.types:
        called = (el.attrs.get("calledElement") or "").strip()
        if called:
            return ("call", called)
    return el


def duplicates(holders, normalise=lambda k: re.sub(r"\s+", "", k)) -> list[tuple[Holder, Holder]]:
    """(holder, first holder) for every holder whose code an earlier, different process
    already uses. Works on holders from one map or from a whole set."""
    first: dict[str, Holder] = {}
    out = []
    for h in holders:
        key = normalise(h.kode)
        if not key:
            continue
        seen = first.get(key)
        if seen is None:
            first[key] = h
        elif _identity(seen) != _identity(h):
            out.append((h, seen))
    return out


# -- planning codes (Permendagri 90/2019) -----------------------------------------------

_LABEL = re.compile(r"^[^\W\d_][\w\s-]*[:=]\s*")
_SPLIT = re.compile(r"[\s,;|]+")


def nomenklatur_tokens(raw: str) -> list[str]:
    """The codes written in a ``ppb:nomenklatur`` value: split at spaces, commas and
    semicolons; a label before a colon ("program: 1.02.02") and words without a digit
    ("program", "sub kegiatan") are left out."""
    if not raw:
        return []        # most elements of a map: no ppb:nomenklatur at all
    out = []
    for token in _SPLIT.split(raw):
        token = _LABEL.sub("", token.strip())
        if token and any(c.isdigit() for c in token):
            out.append(token)
    return out


def classify_nomenklatur(token: str, shapes: dict, old_shapes: dict) -> tuple[str | None, str]:
    """(kind, status) of a planning code: status "ok" when it fits a shape of ``shapes``
    ({kind: regex}), "old" when it fits one of ``old_shapes`` only, "bad" otherwise; kind
    is the matched shape, or for a bad code the kind its number of segments suggests."""
    for kind, pattern in shapes.items():
        if _compiled(pattern).match(token):
            return kind, "ok"
    for kind, pattern in (old_shapes or {}).items():
        if _compiled(pattern).match(token):
            return kind, "old"
    return guess_kind(token, shapes), "bad"


def guess_kind(token: str, shapes: dict) -> str | None:
    """The shape a malformed code was meant to have, by its number of dot-separated
    segments (a shape's segments are counted in its pattern: one more than its ``\\.``)."""
    count = len(token.split(".")) if token else 0
    for kind, pattern in shapes.items():
        if str(pattern).count("\\.") + 1 == count:
            return kind
    return None


@lru_cache(maxsize=64)
def _compiled(pattern: str):
    return re.compile(pattern)
