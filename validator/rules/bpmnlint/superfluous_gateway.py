"""superfluous-gateway: a gateway with one incoming and one outgoing flow does nothing.

It neither splits nor joins; remove it and connect the flows directly.
"""
from ...catalog import rule


@rule("superfluous-gateway")
def check(model, ctx):
    for gateway in model.all("Gateway"):
        if len(gateway.incoming) == 1 and len(gateway.outgoing) == 1:
            ctx.report(gateway)
