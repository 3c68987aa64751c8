"""event-based-gateway: an event-based gateway forks into at least two
unconditional flows.

The gateway waits for whichever following event happens first; with one
path there is no choice, and conditions on its flows have no meaning.
"""
from ...catalog import rule


@rule("event-based-gateway")
def check(model, ctx):
    for gateway in model.all("EventBasedGateway"):
        if len(gateway.outgoing) < 2:
            ctx.report(gateway, "outgoing")
        for flow in gateway.outgoing:
            if flow.has_condition:
                ctx.report(flow, "conditional")
