"""conditional-flows: once one outgoing flow is conditional (or a default is set),
every other outgoing flow needs a condition or must be the default flow.

A flow without a condition beside conditional ones is always taken, which is
rarely what the modeller meant.
"""
from ...catalog import rule
from . import _flows

# the node types that have a default flow in BPMN (bpmn-moddle ignores it elsewhere)
_WITH_DEFAULT = frozenset({"Activity", "ExclusiveGateway", "InclusiveGateway", "ComplexGateway"})


@rule("conditional-flows")
def check(model, ctx):
    for node in model.all("FlowNode"):
        default = node.default
        if default is not None and _WITH_DEFAULT.isdisjoint(node.types):
            default = None
        outgoing = _flows.outgoing(node, ctx)
        if default is None:
            for flow in outgoing:
                if flow.has_condition:
                    break
            else:
                continue            # no condition, no default: nothing to ask of the others
        for flow in outgoing:
            if not flow.has_condition and flow is not default:
                ctx.report(flow)
