"""no-gateway-join-fork: a gateway either joins or forks, never both at once.

A gateway with several incoming and several outgoing flows mixes two
decisions in one symbol; split it into a joining and a forking gateway.
"""
from ...catalog import rule
from . import _flows


@rule("no-gateway-join-fork")
def check(model, ctx):
    for gateway in model.all("Gateway"):
        if len(_flows.incoming(gateway, ctx)) > 1 and len(_flows.outgoing(gateway, ctx)) > 1:
            ctx.report(gateway)
