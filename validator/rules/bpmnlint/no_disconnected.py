"""no-disconnected: every task, gateway, sub-process and event is connected
by at least one sequence flow.

A node with no flow in or out is never reached. Event sub-processes,
compensation handlers and activities inside an ad-hoc sub-process are exempt.
(Call activities are not checked, as in bpmnlint.)
"""
from ...catalog import rule
from . import _flows

_CHECKED = frozenset({"Task", "Gateway", "SubProcess", "Event"})


@rule("no-disconnected")
def check(model, ctx):
    for el in model.all("FlowNode"):
        if _CHECKED.isdisjoint(el.types) or _exempt(el):
            continue
        if _flows.incoming(el, ctx) or _flows.outgoing(el, ctx) or _flows.in_landscape(el, model, ctx):
            continue
        ctx.report(el)


# ---------------------------------------------------------------------------

def _exempt(el):
    # bpmn-moddle reads a boolean as true only when it is written exactly "true"
    if "SubProcess" in el.types and el.attrs.get("triggeredByEvent") == "true":
        return True
    if "Activity" in el.types and el.attrs.get("isForCompensation") == "true":
        return True
    if "BoundaryEvent" in el.types and len(el.event_definitions) == 1 \
            and "CompensateEventDefinition" in el.event_definitions[0].types:
        return True
    return el.parent is not None and "AdHocSubProcess" in el.parent.types
