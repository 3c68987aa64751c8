"""Make a government map acceptable to SpiffWorkflow, on a copy of its XML tree.

SpiffWorkflow defines the semantics of the simulation (which tokens move where), but its
stock parser refuses or misreads what OPDs draw. This pass rewrites a *copy* of the tree
that :mod:`validator.parser` read, so that:

* every process is executable (``isExecutable="false"`` is refused by Spiff);
* ids that clash with Spiff's internal task names (``Start``, ``End``, ``Root``) are renamed
  everywhere they are referenced (else the start event silently disappears);
* every activity is a ``bpmn:manualTask``: plain, user, script, service, send, receive and
  business-rule tasks all take a person's (or a system's) time in the simulation, and a
  call activity whose process is not in the file stands for one activity;
* the outgoing flows of a splitting exclusive/inclusive gateway get a condition that asks
  the simulation which branch this case takes (``ppb:peluang``), so flows labelled only
  "Ya"/"Tidak" work; conditions elsewhere are dropped;
* every catching event that waits (timer, message, signal, condition) becomes a message
  catch event named after it: the simulation sends that message when the simulated wait is
  over, so timers run in simulated time instead of on the wall clock, and a message from
  another pool becomes a wait; throwing events throw nothing; start events are plain;
* link events (SOP off-page connectors) become sequence flows; data associations, I/O
  specifications, extension elements, event sub-processes and the diagram are removed;
  lanes with the same name get distinct names.

Maps with several pools (see :mod:`.loader`): a message flow between two simulated pools
becomes a message Spiff can route: the receiving start event, catch event, boundary event
or receive task (which becomes a catch event) catches ``ppb_msg__<its id>``, a sending
throw or end event throws ``ppb_send__<its id>`` (the engine forwards it to the receivers
of its message flows) and a sending activity is forwarded by the engine when it ends.
A multi-instance activity keeps its ``multiInstanceLoopCharacteristics`` with the number
of instances the loader resolved written as its ``loopCardinality`` (data inputs,
outputs and completion conditions are dropped); a standard loop runs once. An ad-hoc
sub-process is refused (SIM-ADHOC): SpiffWorkflow ends one by evaluating its completion
condition.

Elements are never added to or removed from the flow, except link events, event
sub-processes and what :mod:`.normalize` writes out (implicit splits and starts, boundary
events that cannot fire; synthetic ids start with ``ppb_``), so element ids in Spiff's spec are the ids of our model, except ids that
clash with Spiff's names or that are not plain names (quotes, spaces...): those are
renamed (:attr:`Sanitized.renamed`) so that every id Spiff sees is a plain name.

Security: nothing a map says is ever executed. SpiffWorkflow evaluates expressions with
Python's ``eval``/``exec`` (conditions, scripts, correlation retrieval expressions, timer
expressions, multi-instance cardinalities and completion conditions, data assignments,
extension scripts...). The last step of :func:`sanitize` therefore *rebuilds* the tree
from an allow-list (:data:`STRUCTURE`): only the BPMN elements the simulation needs, each
with only the attributes it needs, and text only where the simulator wrote it (element
ids in ``incoming``/``outgoing``/``flowNodeRef``, its own branch calls in
``conditionExpression``, whole numbers in ``loopCardinality``). Every other element,
attribute, comment, namespace and text is left out: expressions, scripts, extension
elements, any ``camunda:``/``zeebe:``/``spiffworkflow:`` or other foreign attribute,
messages other than the sanitiser's own, correlation properties and keys, data,
documentation. The script engine the
simulator gives SpiffWorkflow (:mod:`.reference`) then refuses everything except those
branch calls and whole numbers, without ``eval``.
"""
from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field

from lxml import etree

from .errors import SimulationError
from .normalize import normalize

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_B = "{%s}" % BPMN
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"

RESERVED_IDS = frozenset({"Start", "End", "Root"})
WAIT_PREFIX = "ppb_wait__"
MSG_PREFIX = "ppb_msg__"      # a message from another pool to this receiver
SEND_PREFIX = "ppb_send__"    # a throw/end event sending along its message flows
MI_KEEP = ("loopCardinality",)
ROUTE_FUNCTION = "ppb_route"
# an id Spiff may see: a plain name (letters, digits, _ . -), never quotes, spaces or ':'
SAFE_ID = re.compile(r"[^\W\d][\w.\-]*")
# the only condition text the simulator writes and the only one its engines accept
ROUTE_RE = re.compile(r"ppb_route\('([^\W\d][\w.\-]*)', '([^\W\d][\w.\-]*)'\)")
# the only loopCardinality text: the number of instances the loader resolved
CARDINALITY_RE = re.compile(r"[1-9][0-9]{0,5}")

ACTIVITY_TAGS = ("task", "userTask", "manualTask", "scriptTask", "serviceTask", "sendTask",
                 "receiveTask", "businessRuleTask")
CATCH_DEFS = ("timerEventDefinition", "messageEventDefinition", "signalEventDefinition",
              "conditionalEventDefinition")
DROP_TAGS = ("dataInputAssociation", "dataOutputAssociation", "ioSpecification",
             "property", "extensionElements", "dataObjectReference", "dataStoreReference",
             "dataObject", "script")

FLOW_NODE_TAGS = (*ACTIVITY_TAGS, "callActivity", "subProcess", "transaction", "adHocSubProcess",
                  "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                  "boundaryEvent", "exclusiveGateway", "inclusiveGateway", "parallelGateway",
                  "eventBasedGateway", "complexGateway")
# data the map draws: it never changes which way a token goes (one info finding)
DATA_TAGS = ("dataObject", "dataObjectReference", "dataStore", "dataStoreReference")


@dataclass
class Sanitized:
    root: etree._Element
    renamed: dict[str, str] = field(default_factory=dict)    # our id -> id in Spiff
    waits: list[str] = field(default_factory=list)            # catch events turned into waits
    loops: list[str] = field(default_factory=list)            # loop / multi-instance activities
    event_subprocesses: list[str] = field(default_factory=list)
    external_calls: list[tuple[str, str]] = field(default_factory=list)  # (call activity, process)
    activity_conditions: list[str] = field(default_factory=list)        # flow ids
    other_starts: list[tuple[str, str]] = field(default_factory=list)   # (dropped, kept) start ids
    multi_instance: dict[str, tuple[int, bool]] = field(default_factory=dict)  # id -> (n, sequential)
    receivers: list[str] = field(default_factory=list)   # ids catching ppb_msg__<id>
    extra_roots: list = field(default_factory=list)      # sanitised trees of other set files
    # what BPMN says a drawn shortcut means (see .normalize), with the tree's (Spiff's) ids
    implicit_splits: list[tuple[str, int]] = field(default_factory=list)   # (node, flows)
    implicit_starts: list[tuple[str, list[str]]] = field(default_factory=list)  # (container, started)
    merges: list[tuple[str, int]] = field(default_factory=list)            # (node, incoming flows)
    passed_events: list[tuple[str, str]] = field(default_factory=list)     # (boundary, definition)
    empty_subprocesses: list[str] = field(default_factory=list)   # and empty called processes
    dangling_flows: list[tuple[str, str]] = field(default_factory=list)   # (flow, missing end)
    data_elements: int = 0      # data objects, stores and their associations left out

    def spiff_id(self, our_id: str) -> str:
        return self.renamed.get(our_id, our_id)


def route_expression(gateway_id: str, flow_id: str) -> str:
    """The condition written on a splitting gateway's flow (ids are plain names, see
    :data:`SAFE_ID`; :func:`parse_route` reads it back)."""
    text = f"{ROUTE_FUNCTION}('{gateway_id}', '{flow_id}')"
    if ROUTE_RE.fullmatch(text) is None:   # pragma: no cover - ids were made plain first
        raise ValueError(f"id tidak dapat dipakai dalam simulasi: {gateway_id!r}, {flow_id!r}")
    return text


def parse_route(text) -> tuple[str, str] | None:  # noqa: ANN001
    """(gateway id, flow id) of a branch call the simulator wrote, else None. A regular
    expression, never ``eval``/``ast``: the text is the only thing Spiff hands back."""
    m = ROUTE_RE.fullmatch(text) if isinstance(text, str) else None
    return (m.group(1), m.group(2)) if m else None


def sanitize(tree_root: etree._Element, renamed_ok: bool = True, *,
             known_processes: frozenset | set | None = None,
             cardinality: dict[str, int] | None = None,
             receivers: frozenset | set = frozenset(),
             senders: frozenset | set = frozenset()) -> Sanitized:
    """``known_processes``: process ids a call activity may call (those of this file and of
    the other files of the set); ``cardinality``: multi-instance activity id -> number of
    instances; ``receivers``/``senders``: ids of the elements at the ends of the message
    flows that are simulated (receiving events and receive tasks; sending throw/end events)."""
    root = copy.deepcopy(tree_root)
    out = Sanitized(root)
    cardinality = cardinality or {}
    _single_start(root, out)
    # the diagram and anything Spiff would try to evaluate or validate
    for di in root.findall("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNDiagram"):
        root.remove(di)
    out.data_elements = sum(1 for _ in root.iter(*(_B + t for t in DATA_TAGS)))
    for tag in DROP_TAGS:
        for node in list(root.iter(_B + tag)):
            node.getparent().remove(node)
    for node in list(root.iter("{*}extensionElements")):
        node.getparent().remove(node)
    _rename_reserved(root, out)
    if out.renamed:  # the ids the caller gave are ours; the tree now holds Spiff's
        receivers = {out.spiff_id(x) for x in receivers}
        senders = {out.spiff_id(x) for x in senders}
        cardinality = {out.spiff_id(k): v for k, v in cardinality.items()}
    process_ids = {p.get("id") for p in root.iter(_B + "process")} | {
        k if SAFE_ID.fullmatch(k) else _plain_id(k) for k in (known_processes or ())}
    for proc in root.iter(_B + "process"):
        proc.set("isExecutable", "true")
    _event_subprocesses(root, out)
    for node in root.iter(_B + "adHocSubProcess"):
        # SpiffWorkflow ends one by evaluating its completion condition: never done here
        raise SimulationError("SIM-ADHOC", node.get("id"), element=node.get("name") or node.get("id"))
    _links(root)
    by_id = {n.get("id"): n for n in root.iter() if isinstance(n.tag, str) and n.get("id")}
    # a receive task that waits for another pool's message is a catch event
    for node in list(root.iter(_B + "receiveTask")):
        if node.get("id") in receivers:
            _retag(node, "intermediateCatchEvent")
            for loop in list(node):
                if isinstance(loop.tag, str) and loop.tag.endswith("LoopCharacteristics"):
                    node.remove(loop)
    # activities
    for tag in ACTIVITY_TAGS:
        for node in list(root.iter(_B + tag)):
            _retag(node, "manualTask")
    empty_processes = {p.get("id") for p in root.iter(_B + "process")
                       if not any(isinstance(c.tag, str) and c.tag.startswith(_B)
                                  and etree.QName(c).localname in FLOW_NODE_TAGS for c in p)}
    for node in list(root.iter(_B + "callActivity")):
        called = (node.get("calledElement") or "").strip()
        if called in empty_processes:   # a process with nothing in it: one activity
            out.empty_subprocesses.append(node.get("id"))
            _retag(node, "manualTask")
            node.attrib.pop("calledElement", None)
            continue
        if called not in process_ids:
            out.external_calls.append((node.get("id"), called))
            _retag(node, "manualTask")
            node.attrib.pop("calledElement", None)
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            continue
        loop = node.find(_B + "multiInstanceLoopCharacteristics")
        if loop is not None and node.get("id") in cardinality:
            n = cardinality[node.get("id")]
            sequential = loop.get("isSequential") == "true"
            for child in list(loop):
                loop.remove(child)
            for attr in list(loop.attrib):
                if attr not in ("id", "isSequential"):
                    del loop.attrib[attr]
            etree.SubElement(loop, _B + "loopCardinality").text = str(n)
            out.multi_instance[node.get("id")] = (n, sequential)
            continue
        if loop is None:
            loop = node.find(_B + "standardLoopCharacteristics")
        if loop is not None:
            node.remove(loop)
            out.loops.append(node.get("id"))
    # events
    messages: list[str] = []
    for node in list(root.iter(_B + "startEvent")):
        for d in list(node):
            if isinstance(d.tag, str) and (d.tag.endswith("EventDefinition")
                                           or d.tag == _B + "eventDefinitionRef"):
                node.remove(d)
        if node.get("id") in receivers:
            name = MSG_PREFIX + node.get("id")
            etree.SubElement(node, _B + "messageEventDefinition", messageRef=name)
            messages.append(name)
            out.receivers.append(node.get("id"))
    for tag in ("intermediateThrowEvent", "endEvent"):
        for node in root.iter(_B + tag):
            defs = [d for d in node if isinstance(d.tag, str) and d.tag.endswith("EventDefinition")]
            for d in defs:
                if not d.tag.endswith(("errorEventDefinition", "terminateEventDefinition",
                                       "escalationEventDefinition")):
                    node.remove(d)
            if node.get("id") in senders and not any(
                    d.tag.endswith(("errorEventDefinition", "terminateEventDefinition",
                                    "escalationEventDefinition")) for d in defs):
                name = SEND_PREFIX + node.get("id")
                etree.SubElement(node, _B + "messageEventDefinition", messageRef=name)
                messages.append(name)
    for tag in ("intermediateCatchEvent", "boundaryEvent"):
        for node in root.iter(_B + tag):
            defs = [d for d in node if isinstance(d.tag, str) and d.tag.endswith("EventDefinition")]
            if tag == "boundaryEvent" and any(not d.tag.endswith(CATCH_DEFS) for d in defs):
                continue  # error/escalation/compensation boundaries: Spiff's own semantics
            if tag == "boundaryEvent" and not defs:
                continue
            for d in defs:
                node.remove(d)
            if node.get("id") in receivers:
                name = MSG_PREFIX + node.get("id")
                out.receivers.append(node.get("id"))
            else:
                name = WAIT_PREFIX + node.get("id")
            etree.SubElement(node, _B + "messageEventDefinition", messageRef=name)
            messages.append(name)
            out.waits.append(node.get("id"))
    for m in list(root.iter(_B + "message")):
        root.remove(m) if m.getparent() is root else None
    first_process = next(root.iter(_B + "process"), None)
    for name in messages:
        msg = etree.Element(_B + "message", id=name, name=name)
        if first_process is not None:
            first_process.addprevious(msg)
        else:
            root.append(msg)
    # message flows refer to removed messages: drop them (the receiving event waits instead)
    for mf in list(root.iter(_B + "messageFlow")):
        mf.getparent().remove(mf)
    for node in list(root.iter(_B + "eventDefinitionRef")):
        node.getparent().remove(node)
    _conditions(root, by_id, out)
    normalize(root, out)
    _lane_names(root)
    out.root = rebuild(root, frozenset(messages))
    return out


def _declares_arrivals(node: etree._Element) -> bool:
    if any(etree.QName(k).localname == "kedatangan" and k.startswith("{urn:ppb:")
           for k in node.attrib if k.startswith("{")):
        return True
    return any((p.get("name") or "") == "ppb:kedatangan" for p in node.iter("{*}property"))


def _single_start(root: etree._Element, out: Sanitized) -> None:
    """A case starts at one start event: the one with ``ppb:kedatangan``, else the first.
    SpiffWorkflow would start every none start event of a process at once."""
    for container in root.iter(_B + "process", _B + "subProcess"):
        starts = [n for n in container if n.tag == _B + "startEvent"]
        if len(starts) < 2:
            continue
        keep = next((n for n in starts if _declares_arrivals(n)), starts[0])
        for node in starts:
            if node is keep:
                continue
            out.other_starts.append((node.get("id"), keep.get("id")))
            for flow in [f for f in container if f.tag == _B + "sequenceFlow"
                         and f.get("sourceRef") == node.get("id")]:
                container.remove(flow)
            container.remove(node)


def _retag(node: etree._Element, local: str) -> None:
    node.tag = _B + local
    for attr in ("scriptFormat", "implementation", "messageRef", "operationRef", "instantiate"):
        node.attrib.pop(attr, None)


def _plain_id(old: str) -> str:
    """A plain name for an id that is not one; the same in every file of a set."""
    return "ppb_id_" + hashlib.sha256(old.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _rename_reserved(root: etree._Element, out: Sanitized) -> None:
    """Ids Spiff must not see as they are: its own task names (``Start``, ``End``,
    ``Root``) and ids that are not plain names (they would end up inside the branch calls
    and inside SpiffWorkflow's XPath queries)."""
    ids = {n.get("id") for n in root.iter() if isinstance(n.tag, str) and n.get("id")}
    for old in sorted(RESERVED_IDS & ids):
        new = old + "_ppb"
        while new in ids:
            new += "_"
        out.renamed[old] = new
    for old in sorted(i for i in ids if SAFE_ID.fullmatch(i) is None):
        out.renamed[old] = _plain_id(old)
    # Spiff's task names are bpmn ids; an id that is only spelled differently in case is fine
    if not out.renamed:
        return
    ref_attrs = ("id", "sourceRef", "targetRef", "default", "attachedToRef", "processRef",
                 "bpmnElement", "calledElement", "errorRef", "escalationRef", "activityRef")
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in ref_attrs:
            value = node.get(attr)
            if value in out.renamed:
                node.set(attr, out.renamed[value])
        if node.tag in (_B + "incoming", _B + "outgoing", _B + "flowNodeRef", _B + "sourceRef",
                        _B + "targetRef") and (node.text or "").strip() in out.renamed:
            node.text = out.renamed[node.text.strip()]


def _event_subprocesses(root: etree._Element, out: Sanitized) -> None:
    for node in list(root.iter(_B + "subProcess")):
        if node.get("triggeredByEvent") == "true":
            out.event_subprocesses.append(node.get("id"))
            parent = node.getparent()
            if parent is not None:
                parent.remove(node)


def _links(root: etree._Element) -> None:
    """Link throw -> catch with the same name (or target) becomes a sequence flow."""
    for container in list(root.iter(_B + "process", _B + "subProcess")):
        throws, catches = [], {}
        for node in container:
            if node.find(_B + "linkEventDefinition") is None:
                continue
            name = (node.find(_B + "linkEventDefinition").get("name") or node.get("name") or "").strip()
            if node.tag == _B + "intermediateThrowEvent":
                throws.append((node, name))
            elif node.tag == _B + "intermediateCatchEvent":
                catches.setdefault(name, node)
        for node, name in throws:
            target = catches.get(name)
            node.remove(node.find(_B + "linkEventDefinition"))
            if target is None:
                continue
            fid = f"ppb_link__{node.get('id')}"
            etree.SubElement(container, _B + "sequenceFlow", id=fid, sourceRef=node.get("id"),
                             targetRef=target.get("id"))
            etree.SubElement(node, _B + "outgoing").text = fid
            target.insert(0, etree.Element(_B + "incoming"))
            target[0].text = fid
        for node in catches.values():
            link = node.find(_B + "linkEventDefinition")
            if link is not None:
                node.remove(link)


def _conditions(root: etree._Element, by_id: dict, out: Sanitized) -> None:
    outgoing: dict[str, list[etree._Element]] = {}
    for flow in root.iter(_B + "sequenceFlow"):
        outgoing.setdefault(flow.get("sourceRef"), []).append(flow)
    for flow in root.iter(_B + "sequenceFlow"):
        had_condition = False
        for cond in flow.findall(_B + "conditionExpression"):
            flow.remove(cond)
            had_condition = True
        source = by_id.get(flow.get("sourceRef"))
        if source is None:
            continue
        kind = etree.QName(source).localname
        splitting = kind in ("exclusiveGateway", "inclusiveGateway") \
            and len(outgoing.get(flow.get("sourceRef"), ())) > 1
        if splitting:
            cond = etree.SubElement(flow, _B + "conditionExpression")
            cond.set(XSI_TYPE, "bpmn:tFormalExpression")
            cond.text = route_expression(source.get("id"), flow.get("id"))
        elif flow.get("id") and kind not in ("exclusiveGateway", "inclusiveGateway",
                                             "parallelGateway", "eventBasedGateway") \
                and had_condition:
            out.activity_conditions.append(flow.get("id"))
    for gw in root.iter(_B + "exclusiveGateway", _B + "inclusiveGateway"):
        gw.attrib.pop("default", None)


def _lane_names(root: etree._Element) -> None:
    seen: dict[str, int] = {}
    for lane in root.iter(_B + "lane"):
        name = (lane.get("name") or "").strip()
        if not name:
            continue
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            lane.set("name", f"{name} ({seen[name]})")


# -- the allow-list ----------------------------------------------------------------------

_FLOW_NODES = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
               "boundaryEvent", "manualTask", "callActivity", "subProcess", "transaction",
               "exclusiveGateway", "inclusiveGateway", "parallelGateway",
               "eventBasedGateway", "complexGateway")
_CONTAINER = (*_FLOW_NODES, "sequenceFlow", "laneSet")
_ENDS = ("incoming", "outgoing")
_ID = ("id", "name")
_THROW_DEFS = ("messageEventDefinition", "errorEventDefinition", "escalationEventDefinition",
               "terminateEventDefinition", "cancelEventDefinition")
_BOUNDARY_DEFS = ("messageEventDefinition", "errorEventDefinition", "escalationEventDefinition",
                  "cancelEventDefinition")

# tag -> (attributes kept, child tags kept). Everything else is left out of the tree
# SpiffWorkflow parses; text is kept only as _TEXT says.
STRUCTURE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "definitions": (("id", "targetNamespace"), ("process", "message", "error", "escalation")),
    "process": (("id", "name", "isExecutable"), _CONTAINER),
    "subProcess": (_ID, (*_CONTAINER, *_ENDS, "multiInstanceLoopCharacteristics")),
    "transaction": (_ID, (*_CONTAINER, *_ENDS, "multiInstanceLoopCharacteristics")),
    "laneSet": (_ID, ("lane",)),
    "lane": (_ID, ("flowNodeRef", "childLaneSet")),
    "childLaneSet": (("id",), ("lane",)),
    "flowNodeRef": ((), ()),
    "sequenceFlow": (("id", "name", "sourceRef", "targetRef"), ("conditionExpression",)),
    "conditionExpression": ((), ()),
    "incoming": ((), ()),
    "outgoing": ((), ()),
    "startEvent": (_ID, (*_ENDS, "messageEventDefinition")),
    "endEvent": (_ID, (*_ENDS, *_THROW_DEFS)),
    "intermediateThrowEvent": (_ID, (*_ENDS, *_THROW_DEFS)),
    "intermediateCatchEvent": (_ID, (*_ENDS, "messageEventDefinition")),
    "boundaryEvent": (("id", "name", "attachedToRef", "cancelActivity"), (*_ENDS, *_BOUNDARY_DEFS)),
    "manualTask": (_ID, (*_ENDS, "multiInstanceLoopCharacteristics")),
    "callActivity": (("id", "name", "calledElement"), (*_ENDS, "multiInstanceLoopCharacteristics")),
    "exclusiveGateway": (_ID, _ENDS),
    "inclusiveGateway": (_ID, _ENDS),
    "parallelGateway": (_ID, _ENDS),
    "eventBasedGateway": (_ID, _ENDS),
    "complexGateway": (_ID, _ENDS),
    "multiInstanceLoopCharacteristics": (("id", "isSequential"), ("loopCardinality",)),
    "loopCardinality": ((), ()),
    "messageEventDefinition": (("id", "messageRef"), ()),
    "errorEventDefinition": (("id", "errorRef"), ()),
    "escalationEventDefinition": (("id", "escalationRef"), ()),
    "terminateEventDefinition": (("id",), ()),
    "cancelEventDefinition": (("id",), ()),
    "message": (("id", "name"), ()),
    "error": (("id", "name", "errorCode"), ()),
    "escalation": (("id", "name", "escalationCode"), ()),
}
_MESSAGE_PREFIXES = (WAIT_PREFIX, MSG_PREFIX, SEND_PREFIX)


def _text_ok(local: str, text: str | None) -> str | None:
    """The text an element keeps (None: the element is left out)."""
    text = (text or "").strip()
    if local in ("incoming", "outgoing", "flowNodeRef"):
        return text if SAFE_ID.fullmatch(text) else None
    if local == "conditionExpression":
        return text if parse_route(text) is not None else None
    if local == "loopCardinality":
        return text if CARDINALITY_RE.fullmatch(text) else None
    return ""


def rebuild(root: etree._Element, messages: frozenset = frozenset()) -> etree._Element:
    """A new tree holding only what :data:`STRUCTURE` allows from ``root`` (a
    ``bpmn:definitions``): BPMN elements by tag, their allowed attributes by name (never an
    attribute in another namespace), the text :func:`_text_ok` allows. ``messages``: the
    message ids the sanitiser created; no other message, and no ``messageRef`` to any other,
    survives."""
    nsmap = {"bpmn": BPMN}
    if etree.QName(root).localname != "definitions" or etree.QName(root).namespace != BPMN:
        return etree.Element(_B + "definitions", nsmap=nsmap)

    def copy_into(src: etree._Element, parent: etree._Element | None) -> etree._Element | None:
        local = etree.QName(src).localname
        attrs, children = STRUCTURE[local]
        if local == "message" and (src.get("id") not in messages or src.get("name") != src.get("id")):
            return None
        text = _text_ok(local, src.text)
        if text is None:
            return None
        node = etree.Element(_B + local, nsmap=nsmap) if parent is None else \
            etree.SubElement(parent, _B + local)
        for name in attrs:
            value = src.get(name)   # plain (no-namespace) attributes only
            if value is None:
                continue
            if name == "messageRef" and value not in messages:
                continue
            node.set(name, value)
        if text:
            node.text = text
        for child in src:
            if not isinstance(child.tag, str) or not child.tag.startswith(_B):
                continue   # comments, processing instructions, other namespaces
            child_local = child.tag[len(_B):]
            if child_local in children and child_local in STRUCTURE:
                copy_into(child, node)
        return node

    return copy_into(root, None)
