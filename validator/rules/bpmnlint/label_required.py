"""label-required: flow nodes, conditional flows, participants and lanes carry a name.

Parallel and event-based gateways, joining gateways and sub-processes are
exempt, as in bpmnlint.
"""
from ...catalog import rule
from . import _flows

_CHECKED = ("FlowNode", "SequenceFlow", "Participant", "Lane")


@rule("label-required")
def check(model, ctx):
    for type_name in _CHECKED:
        for el in model.all(type_name):
            if _exempt(el, ctx):
                continue
            if not (el.name or "").strip():
                ctx.report(el)


# ---------------------------------------------------------------------------

def _exempt(el, ctx):
    types = el.types
    if "ParallelGateway" in types or "EventBasedGateway" in types:
        return True
    if "Gateway" in types and len(_flows.outgoing(el, ctx)) <= 1:
        return True
    if "SubProcess" in types:
        return True
    if "SequenceFlow" in types and not el.has_condition:
        return True
    return False
