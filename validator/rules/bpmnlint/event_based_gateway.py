"""event-based-gateway: an event-based gateway forks into at least two
unconditional flows.

The gateway waits for whichever following event happens first; with one
path there is no choice, and conditions on its flows have no meaning.
"""
from ...catalog import rule
from . import _flows


@rule("event-based-gateway")
def check(model, ctx):
    for gateway in model.all("EventBasedGateway"):
        flows = _flows.outgoing(gateway, ctx)
        if len(flows) < 2:
            ctx.report(gateway, "outgoing")
        for flow in flows:
            if flow.has_condition:
                ctx.report(flow, "conditional")
