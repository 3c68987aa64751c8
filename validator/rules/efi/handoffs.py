"""PPB-EFI-001: how often the work changes hands.

Every handoff between actors is a queue, a transport and a chance to lose a
file; fewer handoffs is the first thing an efficiency review looks for. Per
process: the sequence flows whose two ends lie in different lanes (by lane
name: two lanes of the same name are one actor; a node inside a sub-process
has the lane of the sub-process) plus the message flows to or from another
pool. Flows that leave a start event or reach an end event are not work
changing hands and are left out. Above ``max_handoffs``: information.
"""
from ...catalog import rule
from ..sop._common import actor_key, applies, lane_of, number_param


@rule("PPB-EFI-001")
def check(model, ctx):
    if not applies(model, ctx, ("lintasFungsi", "sop")):
        return
    limit = number_param(ctx, "max_handoffs", 6)
    lanes = {}
    for flow in model.all("SequenceFlow"):
        src, tgt = flow.source, flow.target
        if src is None or tgt is None or "StartEvent" in src.types or "EndEvent" in tgt.types:
            continue
        a, b = lane_of(src), lane_of(tgt)
        if a is not None and b is not None and actor_key(a) != actor_key(b):
            process = flow.find_parent("Process")
            lanes[process] = lanes.get(process, 0) + 1
    messages = {}
    for flow in model.all("MessageFlow"):
        ends = {_process(flow.source), _process(flow.target)}
        if len(ends) == 2:
            for process in ends - {None}:
                messages[process] = messages.get(process, 0) + 1
    for process in model.all("Process"):
        n_lanes, n_msgs = lanes.get(process, 0), messages.get(process, 0)
        if n_lanes + n_msgs > limit:
            ctx.report(process, "default", jumlah=n_lanes + n_msgs, lane=n_lanes, pesan=n_msgs,
                       batas=int(limit) if limit == int(limit) else limit)


# ---------------------------------------------------------------------------

def _process(el):
    if el is None:
        return None
    if "Participant" in el.types:
        return el.process
    if "Process" in el.types:
        return el
    return el.find_parent("Process")
