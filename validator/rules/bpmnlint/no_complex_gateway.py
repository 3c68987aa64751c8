"""no-complex-gateway: complex gateways are discouraged.

Their behaviour lives in a free-text condition few readers and tools
understand; exclusive, inclusive or parallel gateways say it plainly.
"""
from ...catalog import rule


@rule("no-complex-gateway")
def check(model, ctx):
    for gateway in model.all("ComplexGateway"):
        ctx.report(gateway)
