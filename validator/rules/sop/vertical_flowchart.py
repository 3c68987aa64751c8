"""PPB-SOP-011: an SOP drawn in PermenPANRB 35/2012's vertical form reads top to bottom.

The SOP AP flowchart of PermenPANRB 35/2012 is vertical: one column per pelaksana,
the activities from top to bottom. The SOP document (``ppb dokumen sop``) draws that
form from any map, in flow order, whatever the map's own layout; so a map drawn with
horizontal lanes (bpmn-js's default) is not a defect of the SOP and gets no finding,
unless the Pemda asks for its BPMN maps themselves to be vertical (parameter
``wajib_tegak``). What a reader of the map itself is misled by is a map drawn in the
vertical form (lanes and pools with ``isHorizontal="false"``) whose flow goes upward:
a sequence flow whose target is drawn above its source. Flows that close a loop
(``FlowGraph``'s back edges, e.g. "berkas dikembalikan" to an earlier step) go up by
nature and are left out. One finding per process lists the upward flows.

Geometry: a flow goes up when the centre of its target lies above the top edge of its
source (a side branch at the same height, into another pelaksana's column, is fine).
"""
from ...catalog import rule
from ._common import FlowGraph, all_lanes, applies, flag_param, join_words, participant_of, process_nodes

_SHOW = 5


@rule("PPB-SOP-011")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    bounds, horizontal = {}, {}
    for shape in model.shapes:
        el = shape.element
        if el is None or shape.bounds is None or not shape.bounds.is_valid():
            continue
        bounds[el] = shape.bounds
        if "Lane" in el.types or "Participant" in el.types:
            horizontal[el] = shape.is_horizontal is not False
    for process in model.all("Process"):
        if not any("Activity" in n.types for n in process_nodes(process)):
            continue
        pool = participant_of(model, process)
        holder = pool or process
        # the process's own pool and lanes: an applicant's pool drawn as a band does not count
        drawn = [horizontal[el] for el in (pool, *all_lanes(process)) if el in horizontal]
        if not drawn:
            continue    # no pelaksana columns drawn: PPB-SOP-002 asks for lanes
        if any(drawn):
            if flag_param(ctx, "wajib_tegak", False):
                ctx.report(holder, "horizontal")
            continue
        graph = FlowGraph.of(process, model)
        upward = []
        for node in graph.order:
            src = bounds.get(node)
            if src is None:
                continue
            for flow in node.out_flows:
                target = flow.target
                dst = bounds.get(target)
                if dst is None or target not in graph.index or (node, target) in graph.back:
                    continue
                if dst.y + dst.height / 2 < src.y:
                    upward.append((flow, node, target))
        if not upward:
            continue
        shown = [f"'{a.label}' \u2192 '{b.label}'" for _, a, b in upward[:_SHOW]]
        more = len(upward) - _SHOW
        ctx.report(holder, "upward", elements=[holder] + [f for f, _, _ in upward],
                   jumlah=len(upward),
                   daftar=join_words(shown + ([f"{more} alur lainnya"] if more > 0 else []), "id"),
                   items=join_words(shown + ([f"{more} more flows"] if more > 0 else []), "en"))
