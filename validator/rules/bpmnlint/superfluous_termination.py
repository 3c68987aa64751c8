"""superfluous-termination: a terminate end event that ends the only path is superfluous.

When a scope's single terminate end event is its only end (apart from
interrupting event sub-processes), a plain end event does the same.
"""
from ...catalog import rule
from . import _flows


@rule("superfluous-termination")
def check(model, ctx):
    for type_name in ("Process", "SubProcess"):
        for scope in model.all(type_name):
            ends = [el for el in scope.flow_elements if "FlowNode" in el.types
                    and not _flows.outgoing(el, ctx)]
            terminates = [el for el in ends if _is_terminate_end(el)]
            if len(terminates) != 1:
                continue
            if all(_is_terminate_end(el) or _is_interrupting_event_sub(el) for el in ends):
                ctx.report(terminates[0])


# ---------------------------------------------------------------------------

def _is_terminate_end(el):
    return "EndEvent" in el.types and any(
        "TerminateEventDefinition" in d.types for d in el.event_definitions)


def _is_interrupting_event_sub(el):
    if "SubProcess" not in el.types or el.attrs.get("triggeredByEvent") != "true":
        return False
    # isInterrupting defaults to true; only the exact text "true" reads as true otherwise
    return any("StartEvent" in s.types and s.attrs.get("isInterrupting", "true") == "true"
               for s in el.flow_elements)
