"""link-event: link events come in named throw/catch pairs within one scope.

A link throw event jumps to the link catch event of the same name in the same
process or sub-process; without a name, or without its partner, the jump goes
nowhere. Several throws may share one catch, but not the other way round.
"""
from ...catalog import rule


@rule("link-event")
def check(model, ctx):
    for scope in model.all("FlowElementsContainer"):
        groups = {}
        for el in scope.flow_elements:
            name = _link_name(el)
            if name is False:
                continue
            if not name:
                ctx.report(el, "unnamed")
            # as min-dash groupBy: a missing or empty name is grouped under "_"
            groups.setdefault(name or "_", []).append(el)
        for name, events in groups.items():
            _check_group(ctx, name, events)


# ---------------------------------------------------------------------------

def _link_name(el):
    """The name of the event's link definition; False when it is no link event."""
    if "Event" not in el.types:
        return False
    for definition in el.event_definitions:
        if definition.type == "LinkEventDefinition":
            return definition.name
    return False


def _check_group(ctx, name, events):
    if len(events) == 1:
        event = events[0]
        ctx.report(event, "no_catch" if "ThrowEvent" in event.types else "no_throw", link=name)
        return
    catches = [e for e in events if "CatchEvent" in e.types]
    if len(catches) > 1:
        for event in catches:
            ctx.report(event, "duplicate_catch", link=name)
    elif not catches:
        for event in events:
            ctx.report(event, "no_catch", link=name)
