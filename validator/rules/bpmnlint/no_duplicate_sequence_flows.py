"""no-duplicate-sequence-flows: no two sequence flows join the same pair of
nodes with the same condition.

A duplicate flow makes the token travel twice; it is usually a leftover of
editing that is hidden behind the first flow in the diagram.
"""
from ...catalog import rule


@rule("no-duplicate-sequence-flows")
def check(model, ctx):
    seen = set()
    sources_reported = set()
    targets_reported = set()
    for flow in model.all("SequenceFlow"):
        key = _key(flow)
        if key not in seen:
            seen.add(key)
            continue
        ctx.report(flow, "duplicate")
        source, target = flow.source, flow.target
        if source is not None and source.id not in sources_reported:
            sources_reported.add(source.id)
            ctx.report(source, "outgoing")
        if target is not None and target.id not in targets_reported:
            targets_reported.add(target.id)
            ctx.report(target, "incoming")


# ---------------------------------------------------------------------------

def _key(flow):
    # as bpmnlint: an unconnected end stands for the flow itself, and an empty
    # condition body is the text "undefined"
    source = flow.source.id if flow.source is not None else flow.id
    target = flow.target.id if flow.target is not None else flow.id
    condition = (flow.condition if flow.condition is not None else "undefined") \
        if flow.has_condition else ""
    return f"{source}#{target}#{condition}"
