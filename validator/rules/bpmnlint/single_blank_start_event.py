"""single-blank-start-event: a process or sub-process has at most one blank start event.

With two blank start events it is unclear where an instance begins.
"""
from ...catalog import rule


@rule("single-blank-start-event")
def check(model, ctx):
    for container in model.all("FlowElementsContainer"):
        blank = [el for el in container.flow_elements
                 if "StartEvent" in el.types and not el.event_definitions]
        if len(blank) > 1:
            ctx.report(container, "sub_process" if "SubProcess" in container.types else "default")
