"""no-implicit-split: an activity or event does not fork on its own.

Two or more unconditional, non-default outgoing flows from a task or event
split the token implicitly; a parallel gateway says the same explicitly.
"""
from ...catalog import rule
from . import _flows


@rule("no-implicit-split")
def check(model, ctx):
    for type_name in ("Activity", "Event"):
        for node in model.all(type_name):
            plain = [f for f in _flows.outgoing(node, ctx) if not f.has_condition and f is not node.default]
            if len(plain) > 1:
                ctx.report(node)
