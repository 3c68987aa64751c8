"""One parse, two readers: our model gives the parameters, SpiffWorkflow the semantics.

``load(path_or_model, scenario)`` reads the file once with :mod:`validator.parser`
(keeping the lxml tree), sanitises a copy of the tree (:mod:`.sanitize`), lets
SpiffWorkflow 3.2 build the process spec from it, and reads the parameters from our model.
Whatever SpiffWorkflow raises becomes a :class:`SimulationError` with an Indonesian message.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

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
        if not any(n.type == "StartEvent" for n in proc.flow_elements):
            continue
        activities = sum(1 for n in nodes if "Activity" in n.types)
        arrivals = bool(proc.ext.get("kedatangan")) or any(
            n.type == "StartEvent" and n.ext.get("kedatangan") for n in proc.flow_elements) or any(
            p.process is proc and p.ext.get("kedatangan") for p in model.all("Participant"))
        candidates.append((not arrivals, -activities, proc))
    if not candidates:
        if model.all("Process"):
            proc = model.all("Process")[0]
            raise SimulationError("SIM-NO-START", proc.id, process=proc.label)
        raise SimulationError("SIM-NO-PROCESS")
    candidates.sort(key=lambda c: (c[0], c[1]))
    chosen = candidates[0][2]
    findings = []
    with_work = [c for c in candidates if c[1] < 0]
    if len(with_work) > 1:
        findings.append(Finding("SIM-POOL-LAIN", "info", chosen.id, count=len(with_work),
                                value=chosen.label))
    return chosen, findings


def load(source: str | os.PathLike | bytes | Model, scenario: Scenario | None = None,
         name: str | None = None) -> LoadedMap:
    scenario = scenario or Scenario()
    scenario.check()
    model = read_model(source, name)
    process, findings = choose_process(model)
    nodes = _flow_nodes(process)
    called: list[Element] = []
    i = 0
    while i < len(nodes):  # call activities to processes of the same file bring their nodes
        el = nodes[i]
        i += 1
        target = model.get((el.attrs.get("calledElement") or "").strip()) \
            if "CallActivity" in el.types else None
        if target is not None and target.type == "Process" and target is not process \
                and target not in called:
            called.append(target)
            nodes.extend(_flow_nodes(target))
    if called:  # a called process is no other pool
        findings = [f for f in findings
                    if not (f.code == "SIM-POOL-LAIN" and f.params["count"] - len(called) <= 1)]
    params = build_params(model, process, scenario, nodes, called)
    try:
        san = sanitize(model.tree)
    except Exception as exc:  # noqa: BLE001 - a broken tree must end in a finding
        raise SimulationError("SIM-SPIFF", detail=f"{type(exc).__name__}: {exc}") from None
    spec, subs = spiff_spec(san, san.spiff_id(process.id))
    for dropped, kept in san.other_starts:
        findings.append(Finding("SIM-START-GANDA", "warning", dropped, element=dropped, value=kept))
    for eid in san.loops:
        el = model.get(eid)
        findings.append(Finding("SIM-MULTI-INSTANCE", "info", eid, element=el.label if el else eid))
    for eid, called in san.external_calls:
        el = model.get(eid)
        findings.append(Finding("SIM-CALL", "info", eid, element=el.label if el else eid,
                                value=called or "-"))
    for eid in san.event_subprocesses:
        el = model.get(eid)
        findings.append(Finding("SIM-EVENT-SUBPROSES", "warning", eid, element=el.label if el else eid))
    for fid in san.activity_conditions:
        findings.append(Finding("SIM-KONDISI", "info", fid, element=fid))
    digest = hashlib.sha256()
    from lxml import etree
    digest.update(etree.tostring(model.tree, method="c14n"))
    return LoadedMap(model, process, params, san, spec, subs, findings + params.findings,
                     digest.hexdigest(), nodes)


def spiff_spec(san: Sanitized, process_id: str):
    """The SpiffWorkflow spec of ``process_id`` from the sanitised tree."""
    try:
        from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
    except ImportError:  # pragma: no cover - an installation problem
        raise SimulationError("SIM-SPIFF", detail="paket SpiffWorkflow belum terpasang; "
                              "jalankan 'make install'") from None
    try:
        parser = BpmnParser()
        parser.add_bpmn_xml(san.root, filename="peta.bpmn")
        spec = parser.get_spec(process_id)
        subs = parser.get_subprocess_specs(process_id)
    except SimulationError:
        raise
    except RecursionError:
        raise SimulationError("SIM-SPIFF", detail="struktur bersarang terlalu dalam") from None
    except Exception as exc:  # noqa: BLE001 - any Spiff error becomes a finding
        raise SimulationError("SIM-SPIFF", detail=_spiff_detail(exc)) from None
    return spec, subs


def _spiff_detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text[:300]}" if text else name
