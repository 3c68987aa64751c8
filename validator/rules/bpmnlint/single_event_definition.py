"""single-event-definition: an event carries at most one event definition.

Several definitions on one event (a "multiple" event) are seldom meant and
poorly supported by tools; model one event per trigger.
"""
from ...catalog import rule


@rule("single-event-definition")
def check(model, ctx):
    for event in model.all("Event"):
        if len(event.event_definitions) > 1:
            ctx.report(event)
