"""sub-process-blank-start-event: a start event inside a sub-process is blank.

A normal sub-process is started by its parent flow, so its start event
takes no trigger (message, timer, ...). Event sub-processes are exempt.
"""
from ...catalog import rule


@rule("sub-process-blank-start-event")
def check(model, ctx):
    for sub in model.all("SubProcess"):
        if sub.attrs.get("triggeredByEvent") == "true":
            continue
        for el in sub.flow_elements:
            if "StartEvent" in el.types and el.event_definitions:
                ctx.report(el)
