"""fake-join: an activity or event has at most one incoming sequence flow.

Several flows into a task do not wait for each other: the task runs once for
each arriving flow. A joining gateway states the intended behaviour.
"""
from ...catalog import rule


@rule("fake-join")
def check(model, ctx):
    for type_name in ("Activity", "Event"):
        for el in model.all(type_name):
            if len(el.incoming) > 1:
                ctx.report(el, elements=[el, *el.incoming])  # the flows that do not join
