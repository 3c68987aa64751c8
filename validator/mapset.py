"""A folder or zip of maps read as one set, and the process hierarchy across it.

Each file is parsed once into its :class:`~validator.model.Model` (a file that
cannot be read is kept with its :class:`~validator.errors.BpmnReadError`). The
hierarchy Pemda Level 0 -> OPD maps -> Peta Lintas Fungsi -> SOP is then built
over the whole set:

* **nodes** are the processes of each map: every internal ``bpmn:process`` that
  has a code or draws a flow node, and every sub-process and call activity in it
  (the holders of :func:`validator.rules.nmk._codes.code_holders`);
* **edges** go parent -> child and say how they were found:

  - ``nested``: a sub-process or call activity drawn inside a process or
    sub-process of the same map;
  - ``kode``: a map's ``ppb:parentKode`` (map level, read with ``Model.ext``)
    equals the ``ppb:kode`` of a node elsewhere in the set; the map's top
    processes become that node's children;
  - ``childMap``: a node's ``ppb:childMap`` names a file of the set; that file's
    top processes become the node's children;
  - ``callActivity``: a call activity's ``calledElement`` is the id of a process
    defined in another file of the set.

  One edge found several ways keeps every way, in that order.

Problems of the set (a code used in two files, a cycle, an orphan map, a
``ppb:childMap`` or ``calledElement`` that names nothing in the set) are kept as
plain :class:`SetIssue` records with an Indonesian and an English message; they
are never raised. Rules over the whole set turn them into findings.

Building is linear in the size of the set: every lookup is a dictionary, cycles
are found with one depth-first pass (Tarjan), and all orders are deterministic
(files by name, nodes in document order).
"""
from __future__ import annotations

import gc
import os
import posixpath
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from . import vocab
from .engine import expand_paths
from .errors import BpmnReadError
from .graphs import strongly_connected
from .model import Element, Model
from .parser import DEFAULT_MAX_BYTES, parse_bytes, read_file
from .rules.nmk._codes import code_holders
from .rules.nmk._common import ext

if TYPE_CHECKING:
    from .web.security import Limits

VIA_NESTED = "nested"
VIA_KODE = "kode"
VIA_CHILD_MAP = "childMap"
VIA_CALL = "callActivity"

# issue code -> (Indonesian template, English template)
ISSUE_MESSAGES: dict[str, tuple[str, str]] = {
    "DUPLICATE_KODE": (
        "Kode proses '{kode}' pada '{nama}' sudah dipakai oleh '{nama_lain}' di peta {berkas_lain}; "
        "setiap proses dalam satu set peta harus berkode unik.",
        "Process code '{kode}' on '{nama}' is already used by '{nama_lain}' in map {berkas_lain}; "
        "every process in a map set needs a unique code."),
    "CYCLE": (
        "Hubungan induk-anak antarpeta membentuk lingkaran: {jalur}; sebuah proses tidak boleh "
        "menjadi induk dari induknya sendiri.",
        "The parent-child links between maps form a cycle: {jalur}; a process cannot be the parent "
        "of its own parent."),
    "ORPHAN_MAP": (
        "ppb:parentKode '{kode}' pada peta ini tidak ditemukan sebagai kode proses di peta mana pun "
        "dalam set; peta induknya belum disertakan atau kodenya keliru.",
        "ppb:parentKode '{kode}' of this map is not the code of any process in the set; its parent "
        "map is missing or the code is wrong."),
    "DANGLING_CHILD_MAP": (
        "ppb:childMap '{peta}' pada '{nama}' tidak ditemukan dalam set peta.",
        "ppb:childMap '{peta}' on '{nama}' is not a file of the map set."),
    "AMBIGUOUS_CHILD_MAP": (
        "ppb:childMap '{peta}' pada '{nama}' cocok dengan lebih dari satu berkas ({berkas}); "
        "tuliskan jalurnya lengkap.",
        "ppb:childMap '{peta}' on '{nama}' matches more than one file ({berkas}); write its full path."),
    "UNREADABLE_CHILD_MAP": (
        "ppb:childMap '{peta}' pada '{nama}' menunjuk berkas yang tidak dapat dibaca.",
        "ppb:childMap '{peta}' on '{nama}' names a file that cannot be read."),
    "DANGLING_CALLED_ELEMENT": (
        "Call activity '{nama}' memanggil proses '{proses}' yang tidak didefinisikan di peta mana "
        "pun dalam set.",
        "Call activity '{nama}' calls process '{proses}', which no map of the set defines."),
    "AMBIGUOUS_CALLED_ELEMENT": (
        "Call activity '{nama}' memanggil proses '{proses}' yang didefinisikan di lebih dari satu "
        "peta ({berkas}); beri id proses yang unik.",
        "Call activity '{nama}' calls process '{proses}', which more than one map defines "
        "({berkas}); give the process a unique id."),
}


@dataclass(eq=False)
class SetIssue:
    """A problem of the set as a whole: ``code`` is stable, ``message`` is Indonesian."""
    code: str
    file: str | None
    element: str | None
    params: dict = field(default_factory=dict)
    line: int = 0

    @property
    def message(self) -> str:
        return ISSUE_MESSAGES[self.code][0].format(**self.params)

    @property
    def message_en(self) -> str:
        return ISSUE_MESSAGES[self.code][1].format(**self.params)

    def as_dict(self) -> dict:
        return {"code": self.code, "file": self.file, "element": self.element,
                "message": self.message, "messageEn": self.message_en, "line": self.line}


@dataclass(eq=False)
class MapFile:
    """One file of the set: its model, or the error that kept it from being read."""
    name: str                         # path inside the set, '/'-separated
    model: Model | None = None
    error: BpmnReadError | None = None
    origin: str | None = None         # the file on disk it was read from (None: from bytes)
    shown: str | None = None          # its path as the caller gave it, for reports (else name)
    data: bytes | None = field(default=None, repr=False)   # its bytes, when read from bytes

    @property
    def ok(self) -> bool:
        return self.model is not None

    @property
    def map_type(self) -> str | None:
        return vocab.map_type(self.model) if self.model is not None else None

    @property
    def level(self) -> int | None:
        return vocab.map_level(self.model) if self.model is not None else None

    @property
    def parent_kode(self) -> str:
        return vocab.map_text(self.model, "parentKode") if self.model is not None else ""


@dataclass(eq=False)
class ProcessNode:
    """A process of one map: a ``bpmn:process``, a sub-process or a call activity."""
    index: int                 # position in MapSet.nodes
    file: str
    element: Element           # what a finding points at (a process's pool when it has one)
    scope: Element             # the process, sub-process or call activity itself
    kode: str | None           # ppb:kode as written (stripped), None when absent
    level: int | None          # the declared ppb:level of the map
    kategori: str | None       # inti / pendukung / manajemen, None when absent or unknown
    pemilik: str | None        # ppb:pemilik as written, None when absent
    name: str
    child_map: str = ""        # ppb:childMap as written (stripped), '' when absent
    is_process: bool = False   # the scope is a bpmn:process (not a sub-process or call)
    # the plan ids it names: key ("sasaranRef", "indikatorRef") -> ids (see holder_refs)
    plan_refs: dict = field(default_factory=dict)

    @property
    def element_id(self) -> str | None:
        return self.element.id

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<ProcessNode {self.file}#{self.scope.id} {self.kode!r}>"


@dataclass(eq=False)
class SetEdge:
    parent: ProcessNode
    child: ProcessNode
    via: list[str]             # how the link was found, in the order found


@dataclass(eq=False)
class MapSet:
    files: list[MapFile]
    nodes: list[ProcessNode]
    edges: list[SetEdge]
    issues: list[SetIssue]
    _by_kode: dict = field(default_factory=dict, repr=False)
    _children: dict = field(default_factory=dict, repr=False)
    _parents: dict = field(default_factory=dict, repr=False)
    _by_file: dict = field(default_factory=dict, repr=False)
    _process_files: dict = field(default_factory=dict, repr=False)
    _file_nodes: dict = field(default_factory=dict, repr=False)

    @property
    def models(self) -> dict[str, Model]:
        """file name -> model, readable files only, in set order."""
        return {f.name: f.model for f in self.files if f.model is not None}

    @property
    def errors(self) -> dict[str, BpmnReadError]:
        return {f.name: f.error for f in self.files if f.error is not None}

    def file(self, name: str) -> MapFile | None:
        return self._by_file.get(name)

    def nodes_of(self, file: str) -> list[ProcessNode]:
        return self._file_nodes.get(file, [])

    def by_kode(self, kode: str | None) -> list[ProcessNode]:
        """Every node with this code (spaces ignored), in set order."""
        return self._by_kode.get(_norm_kode(kode), [])

    def children_of(self, node: ProcessNode) -> list[ProcessNode]:
        return [e.child for e in self._children.get(node.index, ())]

    def child_edges(self, node: ProcessNode) -> list[SetEdge]:
        return list(self._children.get(node.index, ()))

    def parents_of(self, node: ProcessNode) -> list[ProcessNode]:
        return [e.parent for e in self._parents.get(node.index, ())]

    def parent_of(self, node: ProcessNode) -> ProcessNode | None:
        """The first parent found (a node has more than one only in a faulty set)."""
        edges = self._parents.get(node.index)
        return edges[0].parent if edges else None

    def edge(self, parent: ProcessNode, child: ProcessNode) -> SetEdge | None:
        for e in self._children.get(parent.index, ()):
            if e.child is child:
                return e
        return None

    def path_to(self, node: ProcessNode) -> list[ProcessNode]:
        """The chain of first parents from a root down to ``node`` (stops at a cycle)."""
        chain = [node]
        seen = {node.index}
        parent = self.parent_of(node)
        while parent is not None and parent.index not in seen:
            chain.append(parent)
            seen.add(parent.index)
            parent = self.parent_of(parent)
        chain.reverse()
        return chain

    def roots(self) -> list[ProcessNode]:
        return [n for n in self.nodes if n.index not in self._parents]

    def map_of_process_id(self, process_id: str) -> str | None:
        """The file defining the process with this id; None when none or several do."""
        files = self._process_files.get(process_id, [])
        return files[0] if len(files) == 1 else None

    def files_of_process_id(self, process_id: str) -> list[str]:
        return list(self._process_files.get(process_id, []))


# -- reading --------------------------------------------------------------------------------

def read_set(source: str | os.PathLike | Iterable[str | os.PathLike],
             limits: Limits | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> MapSet:
    """Read a folder, a zip file, or a list of files as one set.

    A zip refused as a whole (broken, unsafe, too big) raises the
    :class:`~validator.web.security.UploadError` of :func:`~validator.web.security.read_zip`;
    a single file that cannot be read stays in the set with its error.
    """
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        if p.is_dir():
            return read_folder(p, max_bytes)
        if p.suffix.lower() == ".zip":
            return read_zip_set(p.read_bytes(), limits, max_bytes)
        return read_files([p], max_bytes)
    return read_files(list(source), max_bytes)


def read_folder(folder: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> MapSet:
    """Every BPMN file under ``folder``, named by its path relative to the folder; reports
    show it by its path as given (``bpmn_samples/pariaman/x.bpmn``, see ``MapFile.shown``)."""
    with gc_paused():
        files = [_read_one(real, name, max_bytes, shown) for real, name, shown in folder_entries(folder)]
    return build_set(files)


def read_files(paths: list[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES) -> MapSet:
    """Files given one by one, named by their file name (their path when two share a name)."""
    with gc_paused():
        files = [_read_one(real, name, max_bytes, shown) for real, name, shown in file_entries(paths)]
    return build_set(files)


def folder_entries(folder: str | os.PathLike) -> list[tuple[str, str, str]]:
    """(file on disk, name in the set, path as shown) of every BPMN file under ``folder``."""
    base = str(Path(folder))   # as expand_paths walks it: every file found starts with it
    prefix = Path(os.fspath(folder)).as_posix()
    head = "" if prefix in ("", ".") else f"{prefix.rstrip('/')}/"
    out = []
    for real, _shown in expand_paths([base]):
        # the path below the folder (string slicing: a Path per file made listing the 831
        # MIWG files take 10 ms of a run's start)
        name = real[len(base):].lstrip(os.sep)
        if os.sep != "/":
            name = name.replace(os.sep, "/")
        out.append((real, name, head + name))
    return out


def file_entries(paths: list[str | os.PathLike]) -> list[tuple[str, str, str]]:
    """(file on disk, name in the set, path as shown) of files given one by one."""
    base_count: dict[str, int] = {}
    for p in paths:
        base_count[Path(p).name] = base_count.get(Path(p).name, 0) + 1
    out = []
    for p in paths:
        name = Path(p).name if base_count[Path(p).name] == 1 else Path(p).as_posix()
        out.append((os.fspath(p), name, Path(os.fspath(p)).as_posix()))
    return out


def set_entries(source: str | os.PathLike | Iterable[str | os.PathLike]
                ) -> list[tuple[str, str, str]] | None:
    """The files :func:`read_set` reads from ``source`` as (file on disk, name in the set,
    path as shown); None for a zip (read as a whole, see :func:`read_zip_set`)."""
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        if p.is_dir():
            return folder_entries(p)
        if p.suffix.lower() == ".zip":
            return None
        return file_entries([p])
    return file_entries(list(source))


def read_zip_set(data: bytes, limits: Limits | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> MapSet:
    """The BPMN files of a zip archive (read safely by :func:`validator.web.security.read_zip`).
    When every entry sits in one top folder, that folder is left out of the names, so a zip
    of a folder gives the same names as the folder itself."""
    # imported here: the web package loads Flask, which reading a folder does not need
    from .web.security import Limits, read_zip

    entries = read_zip(data, limits or Limits())
    return from_bytes(_strip_common_folder(entries), max_bytes)


def from_bytes(entries: Iterable[tuple[str, bytes]], max_bytes: int = DEFAULT_MAX_BYTES) -> MapSet:
    """A set from (name, content) pairs, e.g. an upload."""
    files = []
    with gc_paused():
        for name, data in entries:
            try:
                files.append(MapFile(name, model=parse_bytes(data, name, max_bytes=max_bytes),
                                      data=data))
            except BpmnReadError as exc:
                files.append(MapFile(name, error=exc, data=data))
    return build_set(files)


@contextmanager
def gc_paused():
    """The cyclic garbage collector paused while models and nodes pile up: each pass would
    walk every object made so far, so a set of thousands of maps would take quadratic time
    (everything made is kept, so there is little to collect meanwhile)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What a long pause made is kept by the caller (the models, the report): the first
            # pass after enabling would walk all of it for nothing (0.36 s for a set of 5,000
            # maps). Freezing and unfreezing moves every object to the oldest generation
            # without walking it; what becomes garbage there goes with the next full pass, as
            # it would after being promoted. Only after a pause that made many objects (the
            # youngest generation's count is kept while paused; get_freeze_count walks the
            # frozen list, milliseconds in a server), and never when something is frozen
            # already (a server's preloaded heap stays frozen).
            if gc.get_count()[0] > _MOVE_OLD_AFTER and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_MOVE_OLD_AFTER = 100_000   # objects made during a pause (a request's map makes a few thousand)


def _read_one(real: str | os.PathLike, name: str, max_bytes: int,
              shown: str | None = None) -> MapFile:
    try:
        return MapFile(name, model=read_file(real, max_bytes=max_bytes, display_path=name),
                       origin=os.fspath(real), shown=shown)
    except BpmnReadError as exc:
        return MapFile(name, error=exc, origin=os.fspath(real), shown=shown)


def _strip_common_folder(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    heads = {name.split("/", 1)[0] if "/" in name else None for name, _ in entries}
    if len(heads) == 1 and None not in heads:
        return [(name.split("/", 1)[1], data) for name, data in entries]
    return entries


# -- building -------------------------------------------------------------------------------

PLAN_REF_KEYS = ("sasaranRef", "indikatorRef")


def holder_refs(scope: Element, element: Element, key: str) -> tuple[str, ...]:
    """The ids a process names in ``ppb:<key>`` (on the process, else on its pool)."""
    seen: list[str] = []
    for el in (scope, element):
        for ref in vocab.refs(el, key):
            if ref not in seen:
                seen.append(ref)
        if seen:
            break
    return tuple(seen)


def node_facts(model: Model) -> list[tuple]:
    """For each code holder of ``model`` (:func:`code_holders`, in its order), what its node
    of the set takes from the map: (kategori, pemilik, name, childMap, plan refs). Worked
    out once per model: a worker process does it beside the file rules, and the extract
    keeps it, so building the set's hierarchy only reads it."""
    memo = model._memo
    facts = memo.get("node_facts")
    if facts is None:
        facts = memo["node_facts"] = [
            (vocab.category(h.scope) or vocab.category(h.element),
             ext(h.scope, "pemilik") or ext(h.element, "pemilik") or None,
             _name(h.scope, h.element),
             ext(h.scope, "childMap") or ext(h.element, "childMap"),
             {key: holder_refs(h.scope, h.element, key) for key in PLAN_REF_KEYS})
            for h in code_holders(model)]
    return facts


def build_set(files: list[MapFile]) -> MapSet:
    """The hierarchy over already-read files (sorted by name for a stable order)."""
    files = sorted(files, key=lambda f: f.name)
    with gc_paused():
        b = _Builder(files)
        b.collect_nodes()
        b.link_nested()
        b.link_parent_kode()
        b.link_child_maps()
        b.link_calls()
        b.find_duplicates()
        b.find_cycles()
        return b.result()


class _Builder:
    def __init__(self, files: list[MapFile]) -> None:
        self.files = files
        self.by_file = {f.name: f for f in files}
        self.by_base: dict[str, list[str]] = {}
        for f in files:
            self.by_base.setdefault(posixpath.basename(f.name).lower(), []).append(f.name)
        self.nodes: list[ProcessNode] = []
        self.file_nodes: dict[str, list[ProcessNode]] = {}
        self.node_of_scope: dict[int, ProcessNode] = {}      # id(scope element) -> node
        self.by_kode: dict[str, list[ProcessNode]] = {}
        self.process_files: dict[str, list[str]] = {}
        self.process_node: dict[tuple[str, str], ProcessNode] = {}
        self.edges: dict[tuple[int, int], SetEdge] = {}
        self.issues: list[SetIssue] = []

    # nodes

    def collect_nodes(self) -> None:
        for f in self.files:
            model = f.model
            if model is None:
                continue
            level = vocab.map_level(model)
            mine = self.file_nodes.setdefault(f.name, [])
            for proc in model.all("Process"):
                if proc.id:
                    files = self.process_files.setdefault(proc.id, [])
                    if not files or files[-1] != f.name:
                        files.append(f.name)
            for h, (kategori, pemilik, name, child_map, refs) in zip(code_holders(model),
                                                                      node_facts(model)):
                node = ProcessNode(
                    index=len(self.nodes), file=f.name, element=h.element, scope=h.scope,
                    kode=h.kode or None, level=level, kategori=kategori, pemilik=pemilik,
                    name=name, child_map=child_map, is_process="Process" in h.scope.types,
                    plan_refs=refs)
                self.nodes.append(node)
                mine.append(node)
                self.node_of_scope[id(h.scope)] = node
                if node.kode:
                    self.by_kode.setdefault(_norm_kode(node.kode), []).append(node)
                if node.is_process and h.scope.id:
                    self.process_node.setdefault((f.name, h.scope.id), node)

    def top_nodes(self, file: str) -> list[ProcessNode]:
        return [n for n in self.file_nodes.get(file, ()) if n.is_process]

    def add_edge(self, parent: ProcessNode, child: ProcessNode, via: str) -> None:
        key = (parent.index, child.index)
        e = self.edges.get(key)
        if e is None:
            self.edges[key] = SetEdge(parent, child, [via])
        elif via not in e.via:
            e.via.append(via)

    # edges

    def link_nested(self) -> None:
        for node in self.nodes:
            if node.is_process:
                continue
            for anc in node.scope.ancestors():
                parent = self.node_of_scope.get(id(anc))
                if parent is not None:
                    self.add_edge(parent, node, VIA_NESTED)
                    break

    def link_parent_kode(self) -> None:
        for f in self.files:
            if f.model is None:
                continue
            kode = f.parent_kode
            if not kode:
                continue
            tops = self.top_nodes(f.name)
            candidates = self.by_kode.get(_norm_kode(kode), [])
            parent = next((n for n in candidates if n.file != f.name), None)
            if parent is None:
                parent = next((n for n in candidates if n not in tops), None)
            if parent is None and candidates:
                parent = candidates[0]            # the map names itself: a cycle, reported below
            if parent is None:
                holder = f.model.ext_holder("parentKode")
                self.issues.append(SetIssue("ORPHAN_MAP", f.name, holder.id, {"kode": kode},
                                            line=holder.line))
                continue
            for top in tops:
                self.add_edge(parent, top, VIA_KODE)

    def link_child_maps(self) -> None:
        for node in self.nodes:
            target = node.child_map
            if not target:
                continue
            params = {"peta": target, "nama": node.name}
            names = self.resolve_file(node.file, target)
            if not names:
                self.issue("DANGLING_CHILD_MAP", node, params)
                continue
            if len(names) > 1:
                self.issue("AMBIGUOUS_CHILD_MAP", node, {**params, "berkas": _some(names)})
                continue
            child_file = self.by_file[names[0]]
            if child_file.model is None:
                self.issue("UNREADABLE_CHILD_MAP", node, params)
                continue
            for top in self.top_nodes(child_file.name):
                if top is not node:
                    self.add_edge(node, top, VIA_CHILD_MAP)

    def resolve_file(self, from_file: str, target: str) -> list[str]:
        """Files a ppb:childMap value names: the path relative to the naming map, the path
        from the set's root, else every file with that file name."""
        ref = target.strip().replace("\\", "/")
        here = posixpath.dirname(from_file)
        for candidate in (posixpath.normpath(posixpath.join(here, ref)), posixpath.normpath(ref)):
            if candidate in self.by_file:
                return [candidate]
        return list(self.by_base.get(posixpath.basename(ref).lower(), []))

    def link_calls(self) -> None:
        for node in self.nodes:
            if "CallActivity" not in node.scope.types:
                continue
            called = (node.scope.attrs.get("calledElement") or "").strip()
            if not called:
                continue
            files = self.process_files.get(called, [])
            if node.file in files:
                continue                           # a process of its own map
            params = {"nama": node.name, "proses": called}
            if not files:
                self.issue("DANGLING_CALLED_ELEMENT", node, params)
            elif len(files) > 1:
                self.issue("AMBIGUOUS_CALLED_ELEMENT", node, {**params, "berkas": _some(files)})
            else:
                target = self.process_node.get((files[0], called))
                if target is not None:
                    self.add_edge(node, target, VIA_CALL)

    # problems

    def find_duplicates(self) -> None:
        """A code used by processes of two different files (within one file the single-file
        rule PPB-NMK-004 reports it). Two nodes linked directly (a call activity and the
        process it calls, a node and the map detailing it) are one process, not a duplicate."""
        for group in self.by_kode.values():
            first = group[0]
            for other in group[1:]:
                if other.file == first.file:
                    continue
                if (first.index, other.index) in self.edges or (other.index, first.index) in self.edges:
                    continue
                self.issue("DUPLICATE_KODE", other, {
                    "kode": other.kode, "nama": other.name, "nama_lain": first.name,
                    "berkas_lain": first.file})

    def find_cycles(self) -> None:
        """One CYCLE issue per strongly connected group of nodes."""
        succ: list[list[int]] = [[] for _ in self.nodes]
        for (p, c) in sorted(self.edges):
            succ[p].append(c)
        for group in strongly_connected(succ):
            if len(group) > 1 or (group[0], group[0]) in self.edges:
                self.report_cycle(sorted(group))

    def report_cycle(self, members: list[int]) -> None:
        nodes = [self.nodes[i] for i in members]
        shown = [f"{n.kode or n.name} ({n.file})" for n in nodes[:8]]
        if len(nodes) > 8:
            shown.append("...")
        jalur = " -> ".join(shown + [shown[0]]) if len(nodes) <= 8 else " -> ".join(shown)
        self.issue("CYCLE", nodes[0], {"jalur": jalur})

    def issue(self, code: str, node: ProcessNode, params: dict) -> None:
        self.issues.append(SetIssue(code, node.file, node.element.id, params, line=node.element.line))

    def result(self) -> MapSet:
        edges = [self.edges[k] for k in sorted(self.edges)]
        children: dict[int, list[SetEdge]] = {}
        parents: dict[int, list[SetEdge]] = {}
        for e in edges:
            children.setdefault(e.parent.index, []).append(e)
            parents.setdefault(e.child.index, []).append(e)
        order = {f.name: i for i, f in enumerate(self.files)}
        issues = sorted(self.issues, key=lambda s: (order.get(s.file, -1), s.line, s.code))
        return MapSet(files=self.files, nodes=self.nodes, edges=edges, issues=issues,
                      _by_kode=self.by_kode, _children=children, _parents=parents,
                      _by_file=self.by_file, _process_files=self.process_files,
                      _file_nodes=self.file_nodes)


def _some(names: list[str], limit: int = 5) -> str:
    """A few names for a message (a message stays short however large the set)."""
    shown = ", ".join(names[:limit])
    return shown + (f", ... (+{len(names) - limit})" if len(names) > limit else "")


def _norm_kode(kode: str | None) -> str:
    return re.sub(r"\s+", "", kode or "")


def _name(*elements: Element) -> str:
    for el in elements:
        if el is not None and (el.name or "").strip():
            return el.name.strip()
    for el in elements:
        if el is not None and el.id:
            return el.id
    return elements[0].type

