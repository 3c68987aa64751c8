"""no-implicit-end: every path ends in an end event, not in a dead-end node.

An activity, event or gateway without outgoing flow (as declared in the
file) silently swallows the token. Exempt, as in bpmnlint: end events,
event sub-processes, link throw events, nodes of an ad-hoc sub-process,
compensation activities and compensation boundary events tied to their
handler by an association.
"""
from ...catalog import rule
from . import _flows


@rule("no-implicit-end")
def check(model, ctx):
    for node in model.all("FlowNode"):
        if _is_checked(node) and not _exempt(node) and not _flows.outgoing(node, ctx) \
                and not _flows.in_landscape(node, model, ctx) and not _flows.is_disconnected(node, ctx):
            ctx.report(node)


# ---------------------------------------------------------------------------

def _is_checked(node):
    types = node.types
    return "Event" in types or "Activity" in types or "Gateway" in types


def _exempt(node):
    types = node.types
    if "SubProcess" in types and node.attrs.get("triggeredByEvent") == "true":
        return True
    if "IntermediateThrowEvent" in types and _only(node, "LinkEventDefinition"):
        return True
    if node.parent is not None and "AdHocSubProcess" in node.parent.types:
        return True
    if "EndEvent" in types:
        return True
    if ("BoundaryEvent" in types and _only(node, "CompensateEventDefinition")
            and _has_compensation_association(node)):
        return True
    return "Activity" in types and node.attrs.get("isForCompensation") == "true"


def _only(event, definition_type):
    """The event has event definitions and all of them are of one type."""
    definitions = event.event_definitions
    return bool(definitions) and all(definition_type in d.types for d in definitions)


def _has_compensation_association(node):
    """An association of the enclosing process (or root) starts at this node."""
    scope = node
    while scope.parent is not None:
        scope = scope.parent
        if "Process" in scope.types:
            break
    return any("Association" in a.types and a.source is not None and a.source.id == node.id
               for a in scope.artifacts)
