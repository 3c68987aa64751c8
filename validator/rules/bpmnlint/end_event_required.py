"""end-event-required: every process and sub-process has an end event.

An explicit end event shows where (and with what result) the work finishes.
Ad-hoc sub-processes are exempt: they may not hold end events at all.
"""
from ...catalog import rule


@rule("end-event-required")
def check(model, ctx):
    for scope in (*model.all("Process"), *model.all("SubProcess")):
        if "AdHocSubProcess" in scope.types:
            continue
        if not any("EndEvent" in el.types for el in scope.flow_elements):
            ctx.report(scope, "subprocess" if "SubProcess" in scope.types else "process")
