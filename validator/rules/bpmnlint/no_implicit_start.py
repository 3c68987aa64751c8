"""no-implicit-start: every path starts at a start event, not at a node without input.

An activity, event or gateway without incoming flow (as declared in the
file) creates tokens out of nothing. Exempt, as in bpmnlint: start and
boundary events, event sub-processes, link catch events, nodes of an ad-hoc
sub-process and compensation activities.
"""
from ...catalog import rule
from . import _flows


@rule("no-implicit-start")
def check(model, ctx):
    for node in model.all("FlowNode"):
        if _is_checked(node) and not _exempt(node) and not _flows.incoming(node, ctx) \
                and not _flows.in_landscape(node, model, ctx) and not _flows.is_disconnected(node, ctx):
            ctx.report(node)


# ---------------------------------------------------------------------------

def _is_checked(node):
    types = node.types
    return "Event" in types or "Activity" in types or "Gateway" in types


def _exempt(node):
    types = node.types
    if "Activity" in types and node.attrs.get("isForCompensation") == "true":
        return True
    if node.parent is not None and "AdHocSubProcess" in node.parent.types:
        return True
    if "SubProcess" in types and node.attrs.get("triggeredByEvent") == "true":
        return True
    if "IntermediateCatchEvent" in types and _only_links(node):
        return True
    return "StartEvent" in types or "BoundaryEvent" in types


def _only_links(event):
    definitions = event.event_definitions
    return bool(definitions) and all("LinkEventDefinition" in d.types for d in definitions)
