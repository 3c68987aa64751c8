"""superfluous-gateway: a gateway with one incoming and one outgoing flow does nothing.

It neither splits nor joins; remove it and connect the flows directly.
"""
from ...catalog import rule
from . import _flows


@rule("superfluous-gateway")
def check(model, ctx):
    for gateway in model.all("Gateway"):
        if len(_flows.incoming(gateway, ctx)) == 1 and len(_flows.outgoing(gateway, ctx)) == 1:
            ctx.report(gateway)
