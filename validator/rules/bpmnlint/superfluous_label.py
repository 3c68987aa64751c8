"""superfluous-label: an unconditional sequence flow carries no label.

A label says something only on a conditional flow, a default flow, or a
flow leaving a deciding (exclusive or inclusive) gateway that forks.
"""
from ...catalog import rule
from . import _flows


@rule("superfluous-label")
def check(model, ctx):
    for flow in model.all("SequenceFlow"):
        if not _js_trim(flow.name or ""):
            continue
        if flow.has_condition or _is_default(flow) or _leaves_deciding_fork(flow, ctx):
            continue
        ctx.report(flow)


# ---------------------------------------------------------------------------

# what JavaScript's String.prototype.trim removes
_JS_SPACE = ("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
             "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


def _js_trim(text):
    return text.strip(_JS_SPACE)


def _is_default(flow):
    return flow.source is not None and flow.source.default is flow


def _leaves_deciding_fork(flow, ctx):
    source = flow.source
    if source is None:
        return False
    deciding = "ExclusiveGateway" in source.types or "InclusiveGateway" in source.types
    return deciding and len(_flows.outgoing(source, ctx)) > 1
