"""PPB-BPMN-003: every flow node is reachable from a start and can reach an end.

Reachability on the graph the sequence flows really draw (``in_flows`` /
``out_flows``, not the declared ``<incoming>``/``<outgoing>``), per scope:
each process and each sub-process is analysed alone, its inside invisible to
its parent. Two breadth-first searches per scope, so the rule is linear in
the size of the file.

Forward, from the starts: start events; where a scope has no start event,
the nodes without an incoming sequence flow (the implicit start of BPMN 2.0
§10.5.2); receive tasks and event-based gateways with ``instantiate="true"``.
A boundary event is reached when its host is, a link catch event when a
link throw event of the same link name in the scope is (the name of the link
event definition; the event's own name when the definition has none, as some
tools write it). Event sub-processes are scopes of their own, entered through
their start event; compensation activities and the children of ad-hoc
sub-processes are exempt. A node that is not reached is reported as such and
not also as unable to reach an end.

Backward, from the ends: end events. A scope without any end event ends
implicitly wherever a node has no outgoing sequence flow (§10.5.3); once a
scope uses end events, only they end a path, so a dead end or a loop with no
way out is reported. A link throw event without a matching catch, and a
compensation boundary event, count as ends here: the link-event rule and the
compensation association cover them. Token semantics (a join waiting for a
branch that never comes) are out of scope.

A node with no sequence flow at all is no-disconnected's finding; with
``skip_disconnected`` (the default) this rule does not repeat it (one problem,
one finding).
"""
from ...catalog import rule
from .._events import link_name as _link
from ..bpmnlint.no_disconnected import _CHECKED as _DISCONNECTED_TYPES
from ..bpmnlint.no_disconnected import _exempt as _exempt_from_disconnected


@rule("PPB-BPMN-003")
def check(model, ctx):
    skip_disconnected = ctx.params.get("skip_disconnected", True) not in (False, "false", "0")
    for scope in model.all("FlowElementsContainer"):
        if "AdHocSubProcess" in scope.types:
            continue
        nodes = [el for el in scope.flow_elements if "FlowNode" in el.types and not _exempt(el)]
        if not nodes:
            continue
        graph = _Scope(nodes)
        reached, ends = graph.reached(), graph.ending()
        if len(reached) == len(ends) == len(nodes):
            continue        # every node reached and reaching an end: nothing to say
        where = _where(scope)
        for el in nodes:
            if skip_disconnected and _disconnected(el):
                continue  # no-disconnected says so
            if el not in reached:
                key = "unreachable_implicit" if graph.implicit_start else "unreachable"
            elif el not in ends:
                key = "no_end_implicit" if graph.implicit_end else "no_end"
            else:
                continue
            jenis, kind = _kind(el)
            ctx.report(el, key, jenis=jenis, kind=kind, **where)


# ---------------------------------------------------------------------------

def _disconnected(el):
    """No sequence flow at all, and a node no-disconnected reports (not a call activity)."""
    return (not el.in_flows and not el.out_flows and not _DISCONNECTED_TYPES.isdisjoint(el.types)
            and not _exempt_from_disconnected(el))


def _exempt(el):
    attrs = el.attrs
    if attrs.get("isForCompensation") == "true":
        return True
    return "SubProcess" in el.types and attrs.get("triggeredByEvent") == "true"


class _Scope:
    """The flow nodes of one process or sub-process and the edges between them: forward
    (``succ``: sequence flows, a host to its boundary events, a link throw to the catches
    of its name) and backward (``pred``: sequence flows, a link catch to the throws)."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.members = set(nodes)
        self.catches = catches = {}
        self.throws = throws = {}
        for n in nodes:
            if n.event_definitions:       # a link event has its definition
                for links, kind in ((catches, "IntermediateCatchEvent"),
                                    (throws, "IntermediateThrowEvent")):
                    name = _link(n, kind)
                    if name is not None:
                        links.setdefault(name, []).append(n)
        succ = self.succ = {n: [f.target for f in n.out_flows] for n in nodes}
        pred = self.pred = {n: [f.source for f in n.in_flows] for n in nodes}
        starts = ends = False
        for n in nodes:
            types = n.types
            if "BoundaryEvent" in types:
                host = succ.get(n.attached_to)
                if host is not None:
                    host.append(n)
            elif "StartEvent" in types:
                starts = True
            elif "EndEvent" in types:
                ends = True
        for name, throwing in throws.items():
            caught = catches.get(name)
            if caught:
                for n in throwing:
                    succ[n].extend(caught)
                for n in caught:
                    pred[n].extend(throwing)
        self.implicit_start = not starts
        self.implicit_end = not ends

    def reached(self):
        members = self.members
        starts = [n for n in self.nodes if "StartEvent" in n.types or _instantiates(n)]
        if self.implicit_start:
            starts += [n for n in self.nodes if not any(f.source in members for f in n.in_flows)
                       and "BoundaryEvent" not in n.types
                       and not (n.event_definitions and _link(n, "IntermediateCatchEvent"))]
        return _search(starts, members, self.succ)

    def ending(self):
        members = self.members
        ends = []
        for n in self.nodes:
            if "EndEvent" in n.types or _is_compensation_boundary(n):
                ends.append(n)
            elif n.event_definitions and _link(n, "IntermediateThrowEvent") is not None:
                if _link(n, "IntermediateThrowEvent") not in self.catches:
                    ends.append(n)  # an unpaired link is the link-event rule's finding
            elif self.implicit_end and not any(f.target in members for f in n.out_flows):
                ends.append(n)
        return _search(ends, members, self.pred)


def _search(seeds, members, edges):
    seen = set(seeds)
    todo = list(seeds)
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen and nxt in members:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _instantiates(node):
    return ("ReceiveTask" in node.types or "EventBasedGateway" in node.types) \
        and node.flag("instantiate")


def _is_compensation_boundary(node):
    return "BoundaryEvent" in node.types and any(
        "CompensateEventDefinition" in d.types for d in node.event_definitions)


_KINDS = (
    ("StartEvent", "Start event", "Start event"),
    ("EndEvent", "End event", "End event"),
    ("BoundaryEvent", "Boundary event", "Boundary event"),
    ("Event", "Event antara", "Intermediate event"),
    ("Gateway", "Gateway", "Gateway"),
    ("SubProcess", "Subproses", "Sub-process"),
    ("Activity", "Aktivitas", "Activity"),
)


def _kind(el):
    for type_name, jenis, kind in _KINDS:
        if type_name in el.types:
            return jenis, kind
    return "Elemen", "Element"


def _where(scope):
    if "SubProcess" not in scope.types:
        return {"dalam": "", "inside": ""}
    if scope.flag("triggeredByEvent"):
        return {"dalam": f" di dalam event subproses '{scope.label}'",
                "inside": f" inside event sub-process '{scope.label}'"}
    return {"dalam": f" di dalam subproses '{scope.label}'",
            "inside": f" inside sub-process '{scope.label}'"}
