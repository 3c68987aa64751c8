"""PPB-KLP-009: a Peta Relasi shows the parties of a process and how they relate.

PermenPANRB 19/2018 (read through training modules) describes the Peta Relasi as the map of
which internal and external units take part in a process and what passes between them. In
BPMN the parties are pools (or, inside one pool, lanes) and what passes between them are
message flows (or sequence flows from one lane to another). A map of type ``relasi``:

* with fewer than ``min_pihak`` parties (2 by default): one finding on the map;
* with parties but no relation at all between them: one finding on the map;
* otherwise each party that takes part in no relation: one finding on that party.
"""
from ...catalog import rule
from ..sop._common import all_lanes, lane_of, number_param
from ...vocab import map_type


@rule("PPB-KLP-009")
def check(model, ctx):
    if (map_type(model) or "").lower() != "relasi":
        return
    minimum = int(number_param(ctx, "min_pihak", 2))
    pools = list(model.all("Participant"))
    lanes = [ln for process in model.all("Process") for ln in all_lanes(process)
             if getattr(ln, "child_lane_set", None) is None or not ln.child_lane_set.lanes]
    parties = pools if len(pools) >= 2 or not lanes else lanes
    if len(parties) < minimum:
        ctx.report(model.definitions, "few" if parties else "empty", jumlah=len(parties),
                   minimum=minimum)
        return
    linked = set()
    for flow in model.all("MessageFlow"):
        for end in (flow.source, flow.target):
            party = _party(end, parties)
            if party is not None:
                linked.add(party)
    if parties is lanes:
        for flow in model.all("SequenceFlow"):
            a, b = lane_of(flow.source) if flow.source else None, lane_of(flow.target) if flow.target else None
            if a is not None and b is not None and a is not b:
                linked.update((a, b))
    if not linked:
        ctx.report(model.definitions, "none", jumlah=len(parties))
        return
    for party in parties:
        if party not in linked:
            ctx.report(party, "isolated")


def _party(el, parties):
    """The party (pool or lane) an end of a message flow belongs to."""
    if el is None:
        return None
    if el in parties:
        return el
    if "Participant" in el.types:
        return None
    lane = lane_of(el)
    if lane is not None and lane in parties:
        return lane
    process = el if "Process" in el.types else el.find_parent("Process")
    for p in parties:
        if getattr(p, "process", None) is process and process is not None:
            return p
    return None
