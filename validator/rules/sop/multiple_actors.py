"""PPB-SOP-007: an SOP AP involves more than one actor.

PermenPANRB 35/2012 tells SOP administrasi (several pelaksana) from SOP
teknis (one pelaksana). An SOP map whose activities all sit with one actor is
a technical SOP: worth saying, not wrong. Actors are the innermost lanes that
hold a flow node (lanes of the same name are one actor) and the pools without
lanes that hold flow nodes. A map without any lane is PPB-SOP-002's finding.
"""
from ...catalog import rule
from ._common import actor_key, all_lanes, applies, process_nodes


@rule("PPB-SOP-007")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    actors = {}
    lanes_seen = False
    for process in model.all("Process"):
        nodes = process_nodes(process)
        if not nodes:
            continue
        lanes = all_lanes(process)
        lanes_seen = lanes_seen or bool(lanes)
        if not lanes:
            actors.setdefault(f"#pool:{process.id}", process)
            continue
        for lane in lanes:
            if _leaf(lane) and lane.flow_node_refs:
                actors.setdefault(actor_key(lane), lane)
    if lanes_seen and len(actors) == 1:
        only = next(iter(actors.values()))
        ctx.report(only, "single")


# ---------------------------------------------------------------------------

def _leaf(lane):
    return lane.child_lane_set is None or not lane.child_lane_set.lanes
