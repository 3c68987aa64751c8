"""start-event-required: every process and sub-process has a start event.

Ad-hoc sub-processes are exempt: their activities start without one.
"""
from ...catalog import rule
from . import _flows


@rule("start-event-required")
def check(model, ctx):
    for type_name in ("Process", "SubProcess"):
        for scope in model.all(type_name):
            if "AdHocSubProcess" in scope.types or _flows.is_landscape(scope, model, ctx) \
                    or _flows.is_detailed_elsewhere(scope, model, ctx):
                continue
            if not any("StartEvent" in el.types for el in scope.flow_elements):
                ctx.report(scope, "sub_process" if type_name == "SubProcess" else "default")
