"""One parse, two readers: our model gives the parameters, SpiffWorkflow the semantics.

``load(path_or_model, scenario)`` reads the file once with :mod:`validator.parser`
(keeping the lxml tree), sanitises a copy of the tree (:mod:`.sanitize`), lets
SpiffWorkflow 3.2 build the process spec from it, and reads the parameters from our model.
Whatever SpiffWorkflow raises becomes a :class:`SimulationError` with an Indonesian message.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import BpmnReadError
from ..model import Element, Model
from ..parser import parse_bytes, read_file
from .errors import Finding, SimulationError
from .params import Params, Scenario, build_params
from .sanitize import Sanitized, sanitize

FLOW_NODE_TYPES = ("FlowNode",)


@dataclass
class LoadedMap:
    model: Model
    process: Element
    params: Params
    sanitized: Sanitized
    spec: object                     # SpiffWorkflow BpmnProcessSpec
    subprocess_specs: dict
    findings: list[Finding] = field(default_factory=list)
    model_hash: str = ""
    nodes: list[Element] = field(default_factory=list)   # flow nodes of the process, nested too
    plan: "MessagePlan | None" = None      # the pools simulated together
    cardinality: dict = field(default_factory=dict)      # multi-instance activity -> instances
    main_process: str | None = None        # Spiff id of the main pool's process (several pools)


def read_model(source: str | os.PathLike | bytes | Model, name: str | None = None) -> Model:
    if isinstance(source, Model):
        if source.tree is None:
            raise SimulationError("SIM-READ", detail="model dibaca tanpa keep_tree=True")
        return source
    try:
        if isinstance(source, (bytes, bytearray)):
            return parse_bytes(bytes(source), name or "<bytes>", keep_tree=True)
        return read_file(source, keep_tree=True, display_path=name)
    except BpmnReadError as exc:
        raise SimulationError("SIM-READ", detail=exc.message) from None


def _flow_nodes(container: Element) -> list[Element]:
    out = []
    for el in container.flow_elements:
        if "FlowNode" in el.types:
            out.append(el)
            if "SubProcess" in el.types and el.flow_elements:
                out.extend(_flow_nodes(el))
    return out


def choose_process(model: Model) -> tuple[Element, list[Finding]]:
    """The process to simulate: the one that declares arrivals, else the one with most
    activities. Other pools with processes are reported."""
    candidates = []
    for proc in model.all("Process"):
        nodes = _flow_nodes(proc)
        has_start = any(n.type == "StartEvent" for n in proc.flow_elements)
        if not has_start and not any(not n.in_flows for n in proc.flow_elements
                                     if "FlowNode" in n.types and n.type != "BoundaryEvent"):
            continue   # no start event and no node to start implicitly (see .normalize)
        activities = sum(1 for n in nodes if "Activity" in n.types)
        arrivals = bool(proc.ext.get("kedatangan")) or any(
            n.type == "StartEvent" and n.ext.get("kedatangan") for n in proc.flow_elements) or any(
            p.process is proc and p.ext.get("kedatangan") for p in model.all("Participant"))
        # a process without a start event starts every node without incoming flow (BPMN);
        # one with a start event is preferred, as before
        candidates.append((not arrivals, not has_start, -activities, proc))
    if not candidates:
        if model.all("Process"):
            proc = model.all("Process")[0]
            if not any(_flow_nodes(p) for p in model.all("Process")):
                raise SimulationError("SIM-PROSES-KOSONG", proc.id, process=proc.label)
            raise SimulationError("SIM-NO-START", proc.id, process=proc.label)
        raise SimulationError("SIM-NO-PROCESS")
    candidates.sort(key=lambda c: c[:3])
    chosen = candidates[0][3]
    findings = []
    with_work = [c for c in candidates if c[2] < 0]
    if len(with_work) > 1:
        findings.append(Finding("SIM-POOL-LAIN", "info", chosen.id, count=len(with_work),
                                value=chosen.label))
    return chosen, findings


@dataclass
class MessagePlan:
    """The pools simulated together and the message flows between them."""

    processes: list[Element]                      # main first, then the others it talks to
    receivers: dict[str, str] = field(default_factory=dict)   # receiving element -> its kind
    senders: dict[str, list[str]] = field(default_factory=dict)  # sender -> receiving element ids
    starters: set = field(default_factory=set)    # start events triggered by a message
    findings: list[Finding] = field(default_factory=list)


RECEIVING_TYPES = ("StartEvent", "IntermediateCatchEvent", "BoundaryEvent", "ReceiveTask")
SENDING_EVENT_TYPES = ("IntermediateThrowEvent", "EndEvent")


def message_plan(model: Model, main: Element) -> MessagePlan:
    """Pools connected to ``main`` by message flows between their flow nodes are simulated
    together (a case runs in each of them); a message flow to or from a collapsed pool
    (black box) stays a wait at the receiving event, with that event's ppb:durasi."""
    owner: dict[str, Element] = {}
    for proc in model.all("Process"):
        for n in _flow_nodes(proc):
            if n.id:
                owner.setdefault(n.id, proc)
    links: list[tuple[Element, Element, Element]] = []   # (flow, source node, target node)
    edges: dict[str, set] = {}
    findings: list[Finding] = []
    for mf in model.all("MessageFlow"):
        src, tgt = mf.source, mf.target
        sp = owner.get(src.id) if src is not None and src.id else None
        tp = owner.get(tgt.id) if tgt is not None and tgt.id else None
        if sp is None or tp is None or sp is tp:
            continue  # a black box, a pool border or a flow inside one pool: a plain wait
        links.append((mf, src, tgt))
        edges.setdefault(sp.id, set()).add(tp.id)
        edges.setdefault(tp.id, set()).add(sp.id)
    group = {main.id}
    stack = [main.id]
    while stack:
        for other in edges.get(stack.pop(), ()):
            if other not in group:
                group.add(other)
                stack.append(other)
    procs = [main] + [p for p in model.all("Process") if p.id in group and p is not main]
    plan = MessagePlan(procs, findings=findings)
    if len(procs) == 1:
        return plan
    for mf, src, tgt in links:
        if owner[src.id].id not in group:
            continue
        receiving = next((t for t in RECEIVING_TYPES if t in tgt.types), None)
        if receiving == "BoundaryEvent" and any(
                d.type not in ("MessageEventDefinition", "SignalEventDefinition",
                               "TimerEventDefinition", "ConditionalEventDefinition")
                for d in tgt.event_definitions):
            receiving = None
        sending = "Activity" in src.types or any(t in src.types for t in SENDING_EVENT_TYPES)
        if receiving is None or not sending:
            findings.append(Finding(
                "SIM-PESAN-ABAIKAN", "warning", mf.id, element=mf.label,
                value="pengirimnya harus aktivitas atau peristiwa lempar/akhir dan penerimanya "
                      "peristiwa awal/tangkap/batas atau receive task",
                value_en="its sender must be an activity or a throw/end event and its receiver "
                         "a start, catch or boundary event or a receive task"))
            continue
        plan.receivers[tgt.id] = receiving
        if receiving == "StartEvent":
            plan.starters.add(tgt.id)
        targets = plan.senders.setdefault(src.id, [])
        if tgt.id not in targets:
            targets.append(tgt.id)
    for proc in procs:   # a pool no message starts begins with every case
        starts = [n for n in proc.flow_elements if n.type == "StartEvent"]
        if not starts or not all(n.id in plan.starters for n in starts):
            break
    else:
        raise SimulationError("SIM-PESAN-AWAL", main.id,
                              value=", ".join(p.label for p in procs))
    return plan


def multi_instance(nodes: list[Element]) -> tuple[dict[str, int], list[Finding]]:
    """Number of instances of each multi-instance activity: ``loopCardinality`` when it is a
    number, else ``ppb:jumlahInstans``, else 1 with a warning."""
    out: dict[str, int] = {}
    findings: list[Finding] = []
    for el in nodes:
        loop = el.loop
        if loop is None or loop.type != "MultiInstanceLoopCharacteristics" or not el.id:
            continue
        raw = (loop.props.get("loopCardinality") or "").strip()
        text, source = raw, "loopCardinality"
        if not re.fullmatch(r"[+-]?\d+", text):
            text, source = (el.ext.get("jumlahInstans") or "").strip(), "ppb:jumlahInstans"
        if not text:
            out[el.id] = 1
            findings.append(Finding("SIM-MI-BAWAAN", "warning", el.id, element=el.label,
                                    value=f"loopCardinality '{raw}'" if raw else
                                    "tanpa loopCardinality"))
        else:
            if not re.fullmatch(r"[+-]?\d+", text):
                raise SimulationError("SIM-MI-JUMLAH", el.id, element=el.label,
                                      detail=f"pada {source} '{text}' bukan bilangan bulat",
                                      detail_en=f"in {source} '{text}' is not a whole number")
            n = int(text)
            if n < 1:
                raise SimulationError("SIM-MI-JUMLAH", el.id, element=el.label,
                                      detail=f"pada {source} bernilai {n}; minimal 1",
                                      detail_en=f"in {source} is {n}; at least 1 is needed")
            out[el.id] = n
        sequential = loop.attrs.get("isSequential") == "true"
        findings.append(Finding("SIM-MI", "info", el.id, element=el.label, value=out[el.id],
                                kind="berurutan" if sequential else "paralel",
                                kind_en="sequential" if sequential else "parallel"))
    return out, findings


@dataclass
class _Part:
    """One file taking part in a simulation: the main map or a file of its set."""

    model: Model
    name: str
    processes: list[Element] = field(default_factory=list)


class _SetIndex:
    """Finds the file of a set that defines a process id, reading it (with its tree) once."""

    def __init__(self, set_paths, main: Model) -> None:
        from ..mapset import read_set
        if isinstance(set_paths, (str, os.PathLike)) and not os.path.exists(set_paths):
            raise SimulationError("SIM-READ", detail=f"set peta: folder atau zip '{os.fspath(set_paths)}' "
                                                     "tidak ditemukan")
        try:
            self.mapset = read_set(set_paths)
        except Exception as exc:  # noqa: BLE001 - a broken set must end in a finding
            detail = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            raise SimulationError("SIM-READ", detail=f"set peta: {detail}") from None
        self.main = main
        self.models: dict[str, Model] = {}

    def find(self, process_id: str) -> tuple[Model, str] | None:
        main_path = os.path.realpath(self.main.path) if getattr(self.main, "path", None) else None
        for name in self.mapset.files_of_process_id(process_id):
            f = self.mapset.file(name)
            if f is None or not f.ok:
                continue
            if f.origin and main_path and os.path.realpath(f.origin) == main_path:
                continue
            if name not in self.models:
                source = f.origin if f.origin else f.data
                if source is None:
                    continue
                self.models[name] = read_model(source, name)
            return self.models[name], name
        return None


def load(source: str | os.PathLike | bytes | Model, scenario: Scenario | None = None,
         name: str | None = None, set_paths=None) -> LoadedMap:
    """Read a map for simulation. ``set_paths``: a folder, a zip or a list of files whose
    processes the map's call activities may call (``calledElement`` = process id)."""
    scenario = scenario or Scenario()
    scenario.check()
    model = read_model(source, name)
    process, findings = choose_process(model)
    plan = message_plan(model, process)
    findings += plan.findings
    if len(plan.processes) > 1:
        findings = [f for f in findings if f.code != "SIM-POOL-LAIN"]
        with_work = [p for p in model.all("Process")
                     if any("Activity" in n.types for n in _flow_nodes(p))]
        findings.append(Finding("SIM-POOL", "info", process.id, count=len(plan.processes),
                                value=process.label))
        if len(with_work) > len(plan.processes):
            findings.append(Finding("SIM-POOL-LAIN", "info", process.id, count=len(with_work),
                                    value=", ".join(p.label for p in plan.processes)))
    nodes: list[Element] = []
    for proc in plan.processes:
        nodes.extend(_flow_nodes(proc))
    parts = [_Part(model, name or str(getattr(model, "path", "") or "peta"), list(plan.processes))]
    index = _SetIndex(set_paths, model) if set_paths is not None else None
    called: list[Element] = []
    calls: dict[str, set] = {}        # process id -> process ids it calls (resolved ones)
    owner = {n.id: proc.id for proc in plan.processes for n in _flow_nodes(proc) if n.id}
    i = 0
    while i < len(nodes):  # call activities bring the nodes of the processes they call
        el = nodes[i]
        i += 1
        if "CallActivity" not in el.types:
            continue
        pid = (el.attrs.get("calledElement") or "").strip()
        if not pid:
            continue
        part = next(pt for pt in parts if pt.model is _model_of(el, parts))
        target = part.model.get(pid)
        where = part
        if target is None or target.type != "Process":   # a process of a file already read
            for pt in parts:
                hit_el = pt.model.get(pid)
                if hit_el is not None and hit_el.type == "Process":
                    target, where = hit_el, pt
                    break
        if (target is None or target.type != "Process") and index is not None:
            hit = index.find(pid)
            if hit is not None:
                other, fname = hit
                where = next((pt for pt in parts if pt.model is other), None)
                if where is None:
                    where = _Part(other, fname)
                    parts.append(where)
                target = other.get(pid)
                findings.append(Finding("SIM-CALL-SET", "info", el.id, element=el.label,
                                        value=pid, detail=fname))
        if target is None or target.type != "Process":
            continue
        calls.setdefault(owner.get(el.id, ""), set()).add(pid)
        if target in plan.processes or target in called:
            continue
        called.append(target)
        if target not in where.processes:
            where.processes.append(target)
        for n in _flow_nodes(target):
            if n.id:
                owner.setdefault(n.id, target.id)
            nodes.append(n)
    _check_call_cycles(calls, [p.id for p in plan.processes])
    _check_unique_ids(parts, nodes)
    if called:  # a called process is no other pool
        findings = [f for f in findings
                    if not (f.code == "SIM-POOL-LAIN" and f.params["count"] - len(called) <= 1)]
    cardinality, mi_findings = multi_instance(nodes)
    params = build_params(model, process, scenario, nodes, [*plan.processes[1:], *called])
    if plan.receivers:   # a message from a simulated pool ends the wait, not ppb:durasi
        params.findings[:] = [f for f in params.findings
                              if not (f.code == "SIM-TUNGGU" and f.element_id in plan.receivers)]
    known = frozenset(p.id for pt in parts for p in pt.model.all("Process"))
    sans = []
    try:
        for pt in parts:
            sans.append(sanitize(pt.model.tree, known_processes=known, cardinality=cardinality,
                                 receivers=frozenset(plan.receivers) if pt.model is model else frozenset(),
                                 senders=frozenset(s for s in plan.senders
                                                   if s in owner and pt.model is model)))
    except SimulationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken tree must end in a finding
        raise SimulationError("SIM-SPIFF", detail=f"{type(exc).__name__}: {exc}") from None
    san = sans[0]
    for extra in sans[1:]:
        for k, v in extra.renamed.items():
            san.renamed.setdefault(k, v)
        san.loops += extra.loops
        san.external_calls += extra.external_calls
        san.event_subprocesses += extra.event_subprocesses
        san.activity_conditions += extra.activity_conditions
        san.other_starts += extra.other_starts
        san.multi_instance.update(extra.multi_instance)
        san.implicit_splits += extra.implicit_splits
        san.implicit_starts += extra.implicit_starts
        san.merges += extra.merges
        san.passed_events += extra.passed_events
        san.empty_subprocesses += extra.empty_subprocesses
        san.dangling_flows += extra.dangling_flows
        san.data_elements += extra.data_elements
    san.extra_roots = [x.root for x in sans[1:]]
    for x in sans:
        _end_loose_gateways(x.root)
    spec, subs = spiff_spec(san, san.spiff_id(process.id),
                            [san.spiff_id(p.id) for p in plan.processes] if len(plan.processes) > 1
                            else None)
    for dropped, kept in san.other_starts:
        findings.append(Finding("SIM-START-GANDA", "warning", dropped, element=dropped, value=kept))
    for eid in san.loops:
        el = _get(parts, eid)
        findings.append(Finding("SIM-MULTI-INSTANCE", "info", eid, element=el.label if el else eid))
    for eid, called_id in san.external_calls:
        el = _get(parts, eid)
        findings.append(Finding("SIM-CALL", "info", eid, element=el.label if el else eid,
                                value=called_id or "-"))
    for eid in san.event_subprocesses:
        el = _get(parts, eid)
        findings.append(Finding("SIM-EVENT-SUBPROSES", "warning", eid, element=el.label if el else eid))
    for fid in san.activity_conditions:
        findings.append(Finding("SIM-KONDISI", "info", fid, element=fid))
    findings += assumption_findings(san, parts, nodes)
    return LoadedMap(model, process, params, san, spec, subs,
                     findings + mi_findings + params.findings,
                     model_digest([pt.model.tree for pt in parts]), nodes, plan,
                     cardinality, san.spiff_id(process.id) if len(plan.processes) > 1 else None)


_KINDS = (("SubProcess", "Subproses", "Sub-process"), ("Activity", "Aktivitas", "Activity"),
          ("Event", "Peristiwa", "Event"), ("Process", "Proses", "Process"))


def _kind_of(el: Element | None) -> tuple[str, str]:
    for t, kind, kind_en in _KINDS:
        if el is not None and t in el.types:
            return kind, kind_en
    return "Elemen", "Element"


def assumption_findings(san: Sanitized, parts: list, nodes: list[Element]) -> list[Finding]:
    """One finding per thing :mod:`.normalize` read the BPMN way, naming the element with the
    map's id (the tree Spiff saw may hold a renamed one) and its name."""
    back = {v: k for k, v in san.renamed.items()}
    simulated = {n.id for n in nodes if n.id}
    out: list[Finding] = []

    def element(spiff_id: str) -> tuple[str, Element | None]:
        eid = back.get(spiff_id, spiff_id)
        return eid, _get(parts, eid)

    def label(el: Element | None, eid: str) -> str:
        return el.label if el is not None else eid

    for sid, count in san.implicit_splits:
        eid, el = element(sid)
        if eid not in simulated:
            continue   # a pool that is not simulated
        kind, kind_en = _kind_of(el)
        out.append(Finding("SIM-ASUMSI-PERCABANGAN", "warning", eid, element=label(el, eid),
                           count=count, kind=kind, kind_en=kind_en))
    for sid, count in san.merges:
        eid, el = element(sid)
        if eid not in simulated:
            continue
        kind, kind_en = _kind_of(el)
        out.append(Finding("SIM-ASUMSI-GABUNG", "warning", eid, element=label(el, eid),
                           count=count, kind=kind, kind_en=kind_en))
    simulated_containers = simulated | {p.id for p in parts[0].processes} | {
        p.id for pt in parts for p in pt.processes}
    for sid, started in san.implicit_starts:
        eid, el = element(sid)
        if eid not in simulated_containers:
            continue
        kind, kind_en = _kind_of(el)
        names = []
        for s in started[:10]:
            x, sel = element(s)
            names.append(f"'{label(sel, x)}'")
        value = ", ".join(names) + (f" (+{len(started) - 10})" if len(started) > 10 else "")
        out.append(Finding("SIM-ASUMSI-TANPA-AWAL", "warning", eid, element=label(el, eid),
                           value=value, kind=kind, kind_en=kind_en, count=len(started)))
    for sid in san.empty_subprocesses:
        eid, el = element(sid)
        if eid in simulated:
            out.append(Finding("SIM-ASUMSI-SUBPROSES-KOSONG", "info", eid, element=label(el, eid)))
    for sid, definition in san.passed_events:
        eid, el = element(sid)
        if eid in simulated:
            out.append(Finding("SIM-PERISTIWA-DILEWATI", "warning", eid, element=label(el, eid),
                               value=definition))
    for fid, missing in san.dangling_flows:
        eid, _el = element(fid)
        out.append(Finding("SIM-ALUR-PUTUS", "warning", eid, element=eid,
                           value=back.get(missing, missing)))
    if san.data_elements:
        out.append(Finding("SIM-DATA-DIABAIKAN", "info", None, count=san.data_elements))
    return out


END_PREFIX = "ppb_end__"   # an end event added behind a gateway without outgoing flow


def _end_loose_gateways(root) -> None:  # noqa: ANN001
    """A gateway without an outgoing sequence flow ends its token, as the compiled engine
    reads it; SpiffWorkflow instead stops the case with an error ("At least one output
    required"). An end event is added behind each such gateway in the sanitised tree, so
    both engines run the same thing (an IBM Process Designer export in the MIWG suite has
    a merging gateway that goes nowhere)."""
    from .sanitize import BPMN

    b = "{%s}" % BPMN
    for container in root.iter(b + "process", b + "subProcess", b + "transaction",
                               b + "adHocSubProcess"):
        sources = {f.get("sourceRef") for f in container.findall(b + "sequenceFlow")}
        for gw in list(container):
            if not isinstance(gw.tag, str) or not gw.tag.endswith("Gateway"):
                continue
            gid = gw.get("id")
            if not gid or gid in sources:
                continue
            end = etree.SubElement(container, b + "endEvent", id=END_PREFIX + gid)
            flow_id = END_PREFIX + "flow__" + gid
            etree.SubElement(end, b + "incoming").text = flow_id
            etree.SubElement(gw, b + "outgoing").text = flow_id
            etree.SubElement(container, b + "sequenceFlow", id=flow_id, sourceRef=gid,
                             targetRef=end.get("id"))


def model_digest(trees: list) -> str:
    """SHA-256 over the canonical form of each tree (the map, then the maps it calls).

    Canonical XML 2.0, not 1.0: libxml2's C14N 1.0 refuses a relative namespace URI
    (``xmlns:tns="empty"``, written by several modelling tools) that the parser accepts, and
    the hash must exist for every map the parser reads. C14N 2.0 only writes the tree out;
    it resolves nothing, so nothing is fetched or expanded. Each tree is prefixed with its
    length, so two lists of trees never run together into the same bytes."""
    digest = hashlib.sha256()
    for tree in trees:
        data = etree.tostring(tree, method="c14n2", with_comments=False)
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _model_of(el: Element, parts: list[_Part]) -> Model:
    for pt in parts:
        if pt.model.get(el.id) is el:
            return pt.model
    return parts[0].model


def _get(parts: list[_Part], eid: str) -> Element | None:
    for pt in parts:
        el = pt.model.get(eid)
        if el is not None:
            return el
    return None


def _check_call_cycles(calls: dict[str, set], roots: list[str]) -> None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(pid: str) -> None:
        state[pid] = 1
        path.append(pid)
        for nxt in sorted(calls.get(pid, ())):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise SimulationError("SIM-CALL-SIKLUS", nxt, value=" -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[pid] = 2

    for root in roots:
        if root not in state:
            visit(root)


def _check_unique_ids(parts: list[_Part], nodes: list[Element]) -> None:
    if len(parts) < 2:
        return
    seen: dict[str, str] = {}
    for el in nodes:
        if not el.id or not ("Activity" in el.types or "CatchEvent" in el.types
                             or "Gateway" in el.types):
            continue
        where = next((pt.name for pt in parts if pt.model.get(el.id) is el), "?")
        if el.id in seen and seen[el.id] != where:
            raise SimulationError("SIM-ID-GANDA", el.id, value=el.id,
                                  detail=f"{seen[el.id]}, {where}")
        seen.setdefault(el.id, where)


def spiff_spec(san: Sanitized, process_id: str, pools: list[str] | None = None):
    """The SpiffWorkflow spec of ``process_id`` from the sanitised tree (and the trees of
    the other files of the set). ``pools``: several processes that run together, joined
    the way Spiff joins the participants of a collaboration (a pool whose start event
    catches a message is started by that message)."""
    try:
        from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
    except ImportError:  # pragma: no cover - an installation problem
        raise SimulationError("SIM-SPIFF", detail="paket SpiffWorkflow belum terpasang; "
                              "jalankan 'make install'") from None
    try:
        parser = BpmnParser()
        parser.add_bpmn_xml(san.root, filename="peta.bpmn")
        for k, root in enumerate(getattr(san, "extra_roots", ()) or ()):
            parser.add_bpmn_xml(root, filename=f"set-{k + 1}.bpmn")
        if not pools:
            spec = parser.get_spec(process_id)
            subs = parser.get_subprocess_specs(process_id)
        else:
            spec, subs = _pool_spec(parser, pools)
    except SimulationError:
        raise
    except RecursionError:
        raise SimulationError("SIM-SPIFF", detail="struktur bersarang terlalu dalam") from None
    except Exception as exc:  # noqa: BLE001 - any Spiff error becomes a finding
        # SpiffWorkflow's ValidationException names the element it refused: name it too,
        # with the map's id (the tree Spiff saw may hold a renamed one)
        sid = getattr(exc, "id", "") or ""
        back = {v: k for k, v in san.renamed.items()}
        eid = back.get(sid, sid) or None
        detail = _spiff_detail(exc)
        if eid:
            detail = f"elemen '{getattr(exc, 'name', '') or eid}' ({eid}): {detail}"
        raise SimulationError("SIM-SPIFF", eid, detail=detail) from None
    return spec, subs


def _pool_spec(parser, pools: list[str]):
    """What ``BpmnParser.get_collaboration`` builds, for the pools that talk to each other."""
    from SpiffWorkflow.bpmn.parser.util import full_tag
    from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec

    spec = BpmnProcessSpec("ppb_pools")
    subs: dict = {}
    participant_type = parser._get_parser_class(full_tag("callActivity"))[1]
    for pid in pools:
        sp_spec = parser.get_spec(pid)
        subs[pid] = sp_spec
        subs.update(parser.get_subprocess_specs(pid))
        participant = participant_type(spec, pid, pid)
        spec.start.connect_or_add_trigger(participant, sp_spec)
    return spec, subs


def _spiff_detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text[:300]}" if text else name
