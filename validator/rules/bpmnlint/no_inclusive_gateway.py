"""no-inclusive-gateway: the inclusive (OR) gateway is discouraged.

Its join semantics are hard to read and to simulate; exclusive and
parallel gateways usually express the same more clearly.
"""
from ...catalog import rule


@rule("no-inclusive-gateway")
def check(model, ctx):
    for gateway in model.all("InclusiveGateway"):
        ctx.report(gateway)
