"""PPB-SOP-002: every activity and decision has exactly one actor (lane).

PermenPANRB 35/2012 draws the pelaksana as columns: each activity sits in
the column of the one who does it. In BPMN the pelaksana is a lane, and a
flow node belongs to the lanes that list it in ``flowNodeRef``. Nested lanes
list their nodes in the outer lane too (bpmn-js writes both), so only the
innermost lanes count. A process with activities but no lane at all gets one
finding; a pool marked ``ppb:pemangku="eksternal"`` is its own actor (the
applicant drawn as a separate pool) and needs no lanes.
"""
from ...catalog import rule
from ._common import all_lanes, applies, is_external, process_nodes


@rule("PPB-SOP-002")
def check(model, ctx):
    if not applies(model, ctx, ("sop", "lintasFungsi")):
        return
    for process in model.all("Process"):
        nodes = [n for n in process_nodes(process) if "Activity" in n.types or "Gateway" in n.types]
        if not nodes:
            continue
        lanes = all_lanes(process)
        if not lanes:
            if not is_external(model, process):
                ctx.report(process, "no_lanes", jumlah=len(nodes))
            continue
        held = {}
        for lane in lanes:
            for node in lane.flow_node_refs:
                held.setdefault(node, []).append(lane)
        for node in nodes:
            inner = _innermost(held.get(node, ()))
            jenis, kind = ("Keputusan", "Decision") if "Gateway" in node.types else ("Aktivitas", "Activity")
            if not inner:
                ctx.report(node, "missing", jenis=jenis, kind=kind)
            elif len(inner) > 1:
                names = ", ".join(f"'{lane.label}'" for lane in inner)
                ctx.report(node, "several", jenis=jenis, kind=kind, lanes=names)


# ---------------------------------------------------------------------------

def _innermost(lanes):
    """The lanes that are not an outer lane of another lane in the list."""
    outer = set()
    for lane in lanes:
        outer.update(a for a in lane.ancestors() if "Lane" in a.types)
    return [lane for lane in lanes if lane not in outer]
