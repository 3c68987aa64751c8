"""What BPMN says a drawn shortcut means, written out for SpiffWorkflow (issue 15, Must 1).

Modelling tools let people draw maps that BPMN 2.0 gives a meaning to but SpiffWorkflow's
parser refuses. This pass runs inside :func:`.sanitize.sanitize`, on the sanitiser's copy
of the tree (after link events became flows and conditions were rewritten, before the
allow-list rebuild), so that both engines (the reference engine runs Spiff's spec, the
compiled engine compiles it) see the same normalised model. Each rewrite is recorded on
:class:`.sanitize.Sanitized` and becomes a finding naming the element as the map names
it (never a synthetic id):

* **Flows where they belong**: a sequence flow written outside the sub-process that holds
  both its ends is moved into it, a boundary event written inside the sub-process it is
  attached to is moved beside it (no finding: the map means the same).
* **Implicit parallel split** (BPMN 2.0, 10.2.1 "Sequence Flow"): an activity or event
  with several outgoing sequence flows sends a token along each of them. A parallel
  gateway ``ppb_split__<id>`` is put behind the element and the flows leave from it.
  ``SIM-ASUMSI-PERCABANGAN``.
* **Implicit start** (BPMN 2.0, 10.5.2 "Start Event"): a process or sub-process without a
  start event starts every flow node that has no incoming sequence flow (boundary events
  and compensation activities excepted). A none start event ``ppb_start__<id>`` is added
  with a flow to that node, or to a parallel gateway ``ppb_startsplit__<id>`` that starts
  each of them. A sub-process with no flow node at all is one activity.
  ``SIM-ASUMSI-TANPA-AWAL``.
* **Uncontrolled merge** (BPMN 2.0, 10.5.1): several incoming sequence flows on an
  activity or intermediate event are no join: each token that arrives runs the element
  once more. SpiffWorkflow already reads it so (each incoming token makes a task of its
  own) and so does the compiled engine; nothing is rewritten, the assumption is only
  stated (``SIM-ASUMSI-GABUNG``). An end event with several incoming flows is not named:
  every token ends there, whichever way it came.
* **Implicit end**: a sub-process without an end event gets one behind every node without
  an outgoing flow (SpiffWorkflow needs one; BPMN ends the token there anyway).
* **Broken references**: a sequence flow whose source or target is not in the map is left
  out (``SIM-ALUR-PUTUS``); an error/escalation reference to nothing is dropped (the event
  then catches or throws any error/escalation).
* **Events passed through**: a boundary event with no event definition SpiffWorkflow can
  catch (none, compensation, multiple...) never fires in the simulation; it is left out
  with its outgoing flows (``SIM-PERISTIWA-DILEWATI``). What follows it may then never be
  reached, which the result says (``SIM-TAK-TERJANGKAU``).

Nothing read from the map is evaluated; synthetic ids are made from ids the sanitiser has
already made plain (:data:`.sanitize.SAFE_ID`).
"""
from __future__ import annotations

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_B = "{%s}" % BPMN

SPLIT_PREFIX = "ppb_split__"
START_PREFIX = "ppb_start__"
STARTSPLIT_PREFIX = "ppb_startsplit__"
END_PREFIX = "ppb_implicitend__"
SYNTHETIC_PREFIXES = (SPLIT_PREFIX, START_PREFIX, STARTSPLIT_PREFIX, END_PREFIX)

CONTAINERS = ("process", "subProcess", "transaction")
GATEWAYS = ("exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway",
            "complexGateway")
ACTIVITIES = ("task", "userTask", "manualTask", "scriptTask", "serviceTask", "sendTask",
              "receiveTask", "businessRuleTask", "callActivity", "subProcess", "transaction")
EVENTS = ("startEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
          "endEvent")
FLOW_NODES = (*ACTIVITIES, *EVENTS, *GATEWAYS)
# the event definitions a boundary event keeps that SpiffWorkflow can catch (the
# sanitiser turns timer/message/signal/conditional ones into messages)
CATCHABLE = ("messageEventDefinition", "errorEventDefinition", "escalationEventDefinition",
             "cancelEventDefinition", "timerEventDefinition", "signalEventDefinition",
             "conditionalEventDefinition")
# most nodes given an implicit start in one container: a drawing, not a map, beyond it
MAX_IMPLICIT_STARTS = 200


def _local(node) -> str:  # noqa: ANN001
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _flows(container) -> list:  # noqa: ANN001
    return [f for f in container if isinstance(f.tag, str) and f.tag == _B + "sequenceFlow"]


def _nodes(container) -> list:  # noqa: ANN001
    return [n for n in container if isinstance(n.tag, str) and n.tag.startswith(_B)
            and _local(n) in FLOW_NODES and n.get("id")]


def _unique(base: str, ids: set) -> str:
    new = base
    while new in ids:
        new += "_"
    ids.add(new)
    return new


def _set_ends(node, kind: str, flow_ids: list[str]) -> None:  # noqa: ANN001
    """Replace the ``incoming``/``outgoing`` children of ``node`` (Spiff reads the flows'
    ``sourceRef``/``targetRef``; the children are kept in step for any other reader)."""
    for child in node.findall(_B + kind):
        node.remove(child)
    for fid in flow_ids:
        child = etree.Element(_B + kind)
        child.text = fid
        if kind == "incoming":
            node.insert(0, child)
        else:
            node.append(child)


def _add_flow(container, ids: set, source: str, target: str) -> str:  # noqa: ANN001
    fid = _unique(f"ppb_flow__{source}__{target}", ids)
    etree.SubElement(container, _B + "sequenceFlow", id=fid, sourceRef=source, targetRef=target)
    return fid


def normalize(root, out) -> None:  # noqa: ANN001
    """Rewrite ``root`` (the sanitiser's copy, ids already plain) in place; record what was
    assumed on ``out`` (a :class:`.sanitize.Sanitized`), with the tree's (Spiff's) ids."""
    ids = {n.get("id") for n in root.iter() if isinstance(n.tag, str) and n.get("id")}
    containers = [c for c in root.iter(*(_B + t for t in CONTAINERS))]
    _dangling(root, ids, out)
    _misplaced_boundaries(containers)
    _misplaced_flows(containers)
    for container in containers:   # on the flows as drawn, boundary flows included
        _implicit_start(container, ids, out)
    for container in containers:
        _pass_through_boundaries(container, out)
    for container in containers:
        _implicit_splits(container, ids, out)
        _merges(container, out)
    for container in containers:
        _implicit_end(container, ids)


def _dangling(root, ids: set, out) -> None:  # noqa: ANN001
    """A sequence flow whose source or target is not in the map is left out (and named);
    an error or escalation event whose ``errorRef``/``escalationRef`` names nothing in the
    map catches (or throws) any error/escalation, as one without a reference does."""
    nodes = {n.get("id") for n in root.iter() if isinstance(n.tag, str)
             and _local(n) in FLOW_NODES}
    for flow in list(root.iter(_B + "sequenceFlow")):
        for end in ("sourceRef", "targetRef"):
            if flow.get(end) not in nodes:
                out.dangling_flows.append((flow.get("id"), flow.get(end) or "-"))
                for node in root.iter(_B + "incoming", _B + "outgoing"):
                    if (node.text or "").strip() == flow.get("id"):
                        node.getparent().remove(node)
                flow.getparent().remove(flow)
                break
    for kind in ("error", "escalation"):
        known = {n.get("id") for n in root.iter(_B + kind)}
        for d in root.iter(_B + kind + "EventDefinition"):
            if d.get(kind + "Ref") and d.get(kind + "Ref") not in known:
                del d.attrib[kind + "Ref"]


def _implicit_end(container, ids: set) -> None:  # noqa: ANN001
    """A sub-process without an end event ends where its tokens stop (BPMN: an implicit
    end). SpiffWorkflow needs an end event; one ``ppb_end__<id>`` is added behind every
    node without an outgoing flow. The figures do not change, so nothing is reported."""
    if _local(container) not in ("subProcess", "transaction"):
        return
    nodes = _nodes(container)
    if not nodes or any(_local(n) == "endEvent" for n in nodes):
        return
    sources = {f.get("sourceRef") for f in _flows(container)}
    loose = [n for n in nodes if n.get("id") not in sources
             and n.get("isForCompensation") != "true" and _local(n) != "boundaryEvent"]
    end_id = _unique(END_PREFIX + (container.get("id") or "subproses"), ids)
    end = etree.SubElement(container, _B + "endEvent", id=end_id)
    ins = []
    for n in loose:
        fid = _add_flow(container, ids, n.get("id"), end_id)
        ins.append(fid)
        etree.SubElement(n, _B + "outgoing").text = fid
    _set_ends(end, "incoming", ins)


def _misplaced_boundaries(containers: list) -> None:
    """A boundary event written inside the sub-process it is attached to (Visual Paradigm
    does so) belongs beside it, in the container of the activity it is attached to."""
    home: dict[str, object] = {}
    for container in containers:
        for node in _nodes(container):
            home[node.get("id")] = container
    for container in containers:
        for node in list(container):
            if not isinstance(node.tag, str) or node.tag != _B + "boundaryEvent":
                continue
            attached = home.get(node.get("attachedToRef"))
            if attached is None and node.get("attachedToRef") == container.get("id"):
                attached = container.getparent()
            if attached is not None and attached is not container and \
                    _local(attached) in CONTAINERS:
                container.remove(node)
                attached.append(node)


def _misplaced_flows(containers: list) -> None:
    """A sequence flow written outside the (sub-)process holding both its ends (some tools,
    e.g. Enterprise Explorer, write a sub-process's flows at process level) is moved into
    it: that is where SpiffWorkflow looks for a node's flows, and where BPMN puts them."""
    home: dict[str, object] = {}
    for container in containers:
        for node in _nodes(container):
            home[node.get("id")] = container
    for container in containers:
        for flow in _flows(container):
            src, tgt = home.get(flow.get("sourceRef")), home.get(flow.get("targetRef"))
            if src is not None and src is tgt and src is not container:
                container.remove(flow)
                src.append(flow)


def _pass_through_boundaries(container, out) -> None:  # noqa: ANN001
    for node in list(container):
        if not isinstance(node.tag, str) or node.tag != _B + "boundaryEvent":
            continue
        defs = [_local(d) for d in node if _local(d).endswith("EventDefinition")]
        if len(defs) == 1 and defs[0] in CATCHABLE:
            continue
        if len(defs) > 1 and all(d in CATCHABLE for d in defs):
            continue   # several: the sanitiser keeps Spiff's reading of them
        kind = defs[0] if len(defs) == 1 else ("tanpa definisi" if not defs else "ganda")
        out.passed_events.append((node.get("id"), kind))
        for flow in _flows(container):
            if flow.get("targetRef") == node.get("id"):   # drawn into it: not BPMN, dropped
                container.remove(flow)
                continue
            if flow.get("sourceRef") == node.get("id"):
                target = next((n for n in container if n.get("id") == flow.get("targetRef")), None)
                if target is not None:
                    for inc in target.findall(_B + "incoming"):
                        if (inc.text or "").strip() == flow.get("id"):
                            target.remove(inc)
                container.remove(flow)
        container.remove(node)


def _implicit_start(container, ids: set, out) -> None:  # noqa: ANN001
    local = _local(container)
    if local != "process" and container.get("triggeredByEvent") == "true":
        return
    nodes = _nodes(container)
    if any(_local(n) == "startEvent" for n in nodes):
        return
    if not nodes:
        if local in ("subProcess", "transaction"):
            # nothing inside: the sub-process is one activity
            for child in list(container):
                if isinstance(child.tag, str) and _local(child) not in (
                        "incoming", "outgoing", "multiInstanceLoopCharacteristics"):
                    container.remove(child)
            container.tag = _B + "manualTask"
            out.empty_subprocesses.append(container.get("id"))
        return
    targets = {f.get("targetRef") for f in _flows(container)}
    starts = [n for n in nodes if n.get("id") not in targets
              and _local(n) != "boundaryEvent" and n.get("isForCompensation") != "true"]
    if not starts or len(starts) > MAX_IMPLICIT_STARTS:
        return   # every node has an incoming flow (a loop only): Spiff names the problem
    cid = container.get("id") or "proses"
    start_id = _unique(START_PREFIX + cid, ids)
    start = etree.Element(_B + "startEvent", id=start_id)
    first = next((i for i, c in enumerate(container) if isinstance(c.tag, str)
                  and _local(c) in FLOW_NODES), len(container))
    container.insert(first, start)
    if len(starts) == 1:
        fid = _add_flow(container, ids, start_id, starts[0].get("id"))
        _set_ends(start, "outgoing", [fid])
        starts[0].insert(0, etree.Element(_B + "incoming"))
        starts[0][0].text = fid
    else:
        split_id = _unique(STARTSPLIT_PREFIX + cid, ids)
        split = etree.Element(_B + "parallelGateway", id=split_id)
        container.insert(first + 1, split)
        fid = _add_flow(container, ids, start_id, split_id)
        _set_ends(start, "outgoing", [fid])
        _set_ends(split, "incoming", [fid])
        outs = []
        for n in starts:
            f = _add_flow(container, ids, split_id, n.get("id"))
            outs.append(f)
            n.insert(0, etree.Element(_B + "incoming"))
            n[0].text = f
        _set_ends(split, "outgoing", outs)
    out.implicit_starts.append((cid, [n.get("id") for n in starts]))


def _implicit_splits(container, ids: set, out) -> None:  # noqa: ANN001
    flows = _flows(container)
    outgoing: dict[str, list] = {}
    for f in flows:
        outgoing.setdefault(f.get("sourceRef"), []).append(f)
    for node in _nodes(container):
        nid = node.get("id")
        if _local(node) in GATEWAYS or len(outgoing.get(nid, ())) < 2:
            continue
        if nid.startswith(SYNTHETIC_PREFIXES):
            continue
        split_id = _unique(SPLIT_PREFIX + nid, ids)
        split = etree.Element(_B + "parallelGateway", id=split_id)
        node.addnext(split)
        leaving = outgoing[nid]
        for f in leaving:
            f.set("sourceRef", split_id)
            for c in f.findall(_B + "conditionExpression"):
                f.remove(c)
        fid = _add_flow(container, ids, nid, split_id)
        _set_ends(node, "outgoing", [fid])
        _set_ends(split, "incoming", [fid])
        _set_ends(split, "outgoing", [f.get("id") for f in leaving])
        node.attrib.pop("default", None)
        out.implicit_splits.append((nid, len(leaving)))


def _merges(container, out) -> None:  # noqa: ANN001
    incoming: dict[str, int] = {}
    for f in _flows(container):
        incoming[f.get("targetRef")] = incoming.get(f.get("targetRef"), 0) + 1
    for node in _nodes(container):
        local = _local(node)
        if local in GATEWAYS or local == "endEvent" or incoming.get(node.get("id"), 0) < 2:
            continue
        out.merges.append((node.get("id"), incoming[node.get("id")]))
