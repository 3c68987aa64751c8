"""fake-join: an activity or event has at most one incoming sequence flow.

Several flows into a task do not wait for each other: the task runs once for
each arriving flow. A joining gateway states the intended behaviour.
"""
from ...catalog import rule
from . import _flows


@rule("fake-join")
def check(model, ctx):
    for type_name in ("Activity", "Event"):
        for el in model.all(type_name):
            flows = _flows.incoming(el, ctx)
            if len(flows) > 1:
                ctx.report(el, elements=[el, *flows])  # the flows that do not join
