"""event-sub-process-typed-start-event: the start event of an event
sub-process has a trigger (message, timer, error, ...).

An event sub-process starts only when its trigger happens; a blank start
event never fires.
"""
from ...catalog import rule


@rule("event-sub-process-typed-start-event")
def check(model, ctx):
    for sub in model.all("SubProcess"):
        if sub.attrs.get("triggeredByEvent") != "true":  # bpmn-moddle: exactly "true"
            continue
        for el in sub.flow_elements:
            if "StartEvent" in el.types and not el.event_definitions:
                ctx.report(el)
