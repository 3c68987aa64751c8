"""PPB-SOP-001: an SOP AP map uses only the five symbols of PermenPANRB 35/2012.

The SOP AP flowchart knows a terminator, a process box, a decision, an arrow
and an off-page connector. In BPMN that is: start and end events without an
event definition, tasks (any task type), exclusive gateways, sequence flows,
link intermediate events, and lanes for the pelaksana (pools hold the lanes).
Anything else (other gateways, timer/message/... events, boundary events,
sub-processes and call activities, data objects and stores, message flows)
cannot be drawn in the SOP table and is reported, one finding per element.
Parameter ``strict`` (profile sop-ketat): the findings become errors, and
text annotations and groups, which the SOP table has no symbol for either
(its "Keterangan" column is ``ppb:keterangan``), are reported too.
"""
from ...catalog import rule
from ._common import applies, flag_param


@rule("PPB-SOP-001")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    strict = flag_param(ctx, "strict")
    severity = "error" if strict else None
    referenced = {el.attrs.get("dataObjectRef") for el in model.all("DataObjectReference")}
    for el in model.elements:
        key = _offence(el, strict, referenced)
        if key is not None:
            ctx.report(el, key, severity=severity, tipe=_type_name(el))


# ---------------------------------------------------------------------------

def _offence(el, strict, referenced):
    """The message key for an element outside the five symbols, else None."""
    types = el.types
    if "Gateway" in types:
        return None if "ExclusiveGateway" in types else "gateway"
    if "BoundaryEvent" in types:
        return "boundary"
    if "StartEvent" in types or "EndEvent" in types:
        return "event" if el.event_definitions else None
    if "Event" in types:
        defs = el.event_definitions
        if defs and all("LinkEventDefinition" in d.types for d in defs):
            return None
        return "event"
    if "SubProcess" in types or "CallActivity" in types:
        return "subprocess"
    if "DataObjectReference" in types or "DataStoreReference" in types:
        return "data"
    if el.type == "DataObject":
        return None if el.id in referenced else "data"
    if "MessageFlow" in types:
        return "message_flow"
    if strict and ("TextAnnotation" in types or "Group" in types):
        return "artifact"
    return None


def _type_name(el):
    """The BPMN element name as in the XML ("parallelGateway"), with the event kind."""
    name = el.type[:1].lower() + el.type[1:]
    kinds = [d.type.replace("EventDefinition", "").lower() for d in el.event_definitions]
    if kinds:
        name += f" ({', '.join(kinds)})"
    return name
