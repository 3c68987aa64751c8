"""end-event-required: every process and sub-process has an end event.

An explicit end event shows where (and with what result) the work finishes.
Ad-hoc sub-processes are exempt: they may not hold end events at all.
"""
from ...catalog import rule
from . import _flows


@rule("end-event-required")
def check(model, ctx):
    for scope in (*model.all("Process"), *model.all("SubProcess")):
        if "AdHocSubProcess" in scope.types or _flows.is_landscape(scope, model, ctx) \
                or _flows.is_detailed_elsewhere(scope, model, ctx):
            continue
        if not any("EndEvent" in el.types for el in scope.flow_elements):
            ctx.report(scope, "subprocess" if "SubProcess" in scope.types else "process")
