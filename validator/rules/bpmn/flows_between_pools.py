"""PPB-BPMN-006: sequence flows stay in one process, message flows cross pools.

BPMN 2.0 draws a hard line between the order of work inside one process
(sequence flows, which never leave their pool or sub-process) and the
communication between participants (message flows, which always join two
different pools). A lane set splits a process into lanes, so a flow node can
sit in only one lane of a set. Maps from drawing tools that do not enforce
this look fine on screen but say something else to every other tool.
"""
from ...catalog import rule


@rule("PPB-BPMN-006")
def check(model, ctx):
    pools = {p.process: p for p in model.all("Participant") if p.process is not None}
    for flow in model.all("SequenceFlow"):
        src, tgt = flow.source, flow.target
        if src is None or tgt is None or src.parent is tgt.parent:
            continue
        pool_a, pool_b = _pool(src, pools), _pool(tgt, pools)
        if pool_a is not pool_b:
            ctx.report(flow, "crosses_pool", dari=src.label, ke=tgt.label,
                       pool_a=_label(pool_a), pool_b=_label(pool_b))
        else:
            ctx.report(flow, "crosses_subprocess", dari=src.label, ke=tgt.label,
                       sub=_inner_scope(src, tgt).label)
    for flow in model.all("MessageFlow"):
        src, tgt = flow.source, flow.target
        if src is None or tgt is None:
            continue
        pool = _pool(src, pools)
        if pool is not None and pool is _pool(tgt, pools):
            ctx.report(flow, "same_pool", dari=src.label, ke=tgt.label, pool=pool.label)
    for lane_set in model.all("LaneSet"):
        _check_lanes(lane_set, ctx)


# ---------------------------------------------------------------------------

def _pool(el, pools):
    """The participant (else the process) an element belongs to."""
    if "Participant" in el.types:
        return el
    process = el if "Process" in el.types else el.find_parent("Process")
    return pools.get(process, process)


def _label(pool):
    return pool.label if pool is not None else "?"


def _inner_scope(src, tgt):
    """A sub-process whose boundary the flow crosses: the one it leaves, else the one it enters."""
    a, b = src.parent, tgt.parent
    if a is not None and "SubProcess" in a.types and a is not b \
            and (b is None or a not in b.ancestors()):
        return a
    return b if b is not None else a


def _check_lanes(lane_set, ctx):
    first_lane = {}
    reported = set()
    for lane in lane_set.lanes:
        for node in lane.flow_node_refs:
            seen = first_lane.setdefault(node, lane)
            if seen is not lane and node not in reported:
                reported.add(node)
                ctx.report(node, "multi_lane", lane_a=seen.label, lane_b=lane.label)
