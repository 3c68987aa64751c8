"""ad-hoc-sub-process: an ad-hoc sub-process holds no start and no end event.

Its activities run in any order, as the performer decides, so the BPMN
specification forbids start and end events inside it.
"""
from ...catalog import rule


@rule("ad-hoc-sub-process")
def check(model, ctx):
    for sub in model.all("AdHocSubProcess"):
        for el in sub.flow_elements:
            if "StartEvent" in el.types:
                ctx.report(el, "start")
            if "EndEvent" in el.types:
                ctx.report(el, "end")
