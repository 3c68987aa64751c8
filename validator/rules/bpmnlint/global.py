"""global: messages, signals, errors and escalations are named, used and unique.

These global elements are declared once at the top of the file and referred
to by events, tasks and message flows. An unnamed, unused or duplicated one
is usually a leftover that confuses whoever maintains the map.
"""
from ...catalog import rule

# global type -> (types that may refer to it, the attribute holding the reference)
_REFERRERS = {
    "Error": (("ErrorEventDefinition",), "errorRef"),
    "Escalation": (("EscalationEventDefinition",), "escalationRef"),
    "Message": (("MessageEventDefinition", "MessageFlow", "ReceiveTask", "SendTask"), "messageRef"),
    "Signal": (("SignalEventDefinition",), "signalRef"),
}


@rule("global")
def check(model, ctx):
    globals_ = [el for el in model.definitions.children if el.type in _REFERRERS]
    if not globals_:
        return
    used = _referenced_ids(model)
    names = {}
    for el in globals_:
        names[(el.type, el.name)] = names.get((el.type, el.name), 0) + 1
    for el in globals_:
        # as bpmnlint: a missing name attribute does not count as missing
        if el.name is not None and not el.name.strip():
            ctx.report(el, "unnamed")
        if (el.type, el.id) not in used:
            ctx.report(el, "unused")
        if names[(el.type, el.name)] > 1:
            ctx.report(el, "not_unique")


# ---------------------------------------------------------------------------

def _referenced_ids(model):
    """(global type, id) pairs referred to by events, tasks and message flows.

    A reference that does not resolve counts as a reference to "no id", as in
    bpmnlint, where it then matches a global element without an id.
    """
    used = set()
    for el in _referrers(model.definitions):
        for type_name, (referrer_types, attr) in _REFERRERS.items():
            if el.type in referrer_types:
                ref = el.attrs.get(attr)
                used.add((type_name, ref if model.get(ref) is not None else None))
    return used


def _referrers(definitions):
    todo = list(definitions.children)
    while todo:
        el = todo.pop()
        types = el.types
        if "FlowElementsContainer" in types:
            todo.extend(el.flow_elements)
        if "Event" in types:
            yield from el.event_definitions
        if el.type == "Collaboration":
            todo.extend(el.message_flows)
        if el.type in ("MessageFlow", "ReceiveTask", "SendTask"):
            yield el
