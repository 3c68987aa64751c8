"""no-bpmndi: every element that is drawn has a shape or edge in the diagram.

An element without diagram information exists in the file but is invisible
in every modeller, so nobody reviewing the map sees it. Data objects are
exempt (their references are drawn instead).

By default the rule gives one finding per file that names how many elements
lack a shape (a map saved without any diagram would otherwise bury the real
findings under one error per element). With ``per_element: true`` (the
``bpmnlint`` and ``bpmnlint-all`` profiles) it reports every element, as bpmnlint does.
"""
from ...catalog import rule

EXAMPLES = 3  # element ids named in the one-per-file message


@rule("no-bpmndi")
def check(model, ctx):
    drawn = _drawn_ids(model)
    missing = [el for el in _visual_elements(model.definitions.children) if el.id not in drawn]
    if not missing:
        return
    if ctx.params.get("per_element"):
        for el in missing:
            ctx.report(el)
        return
    ids = [el.id or el.type for el in missing]
    examples = ", ".join(ids[:EXAMPLES]) + (", …" if len(ids) > EXAMPLES else "")
    has_diagram = any(d.shapes or d.edges for d in model.diagrams)
    ctx.report(None, "summary" if has_diagram else "no_diagram",
               jumlah=len(missing), contoh=examples)


# ---------------------------------------------------------------------------

def _drawn_ids(model):
    # a shape or edge whose element is missing counts as drawing "no id", as in bpmnlint
    drawn = set()
    for diagram in model.diagrams:
        for items in (diagram.shapes, diagram.edges):
            drawn.update([item.element.id if item.element is not None else None
                          for item in items])
    return drawn


def _visual_elements(scopes) -> list:
    """The elements bpmnlint expects to be drawn, scope by scope (processes,
    collaborations, sub-processes, lanes with child lanes), in that order."""
    out: list = []
    _add_visual(scopes, out)
    return out


def _add_visual(scopes, out: list) -> None:
    for scope in scopes:
        lane_set = scope.lane_sets[0] if scope.lane_sets else scope.child_lane_set
        lanes = lane_set.lanes if lane_set is not None else ()
        flow = scope.flow_elements
        out.extend([el for el in flow if el.type != "DataObject"])
        # every sub-process, even an empty one: bpmnlint's other rules have given each
        # its (empty) flowElements list by the time no-bpmndi runs
        inner = [el for el in flow if "FlowElementsContainer" in el.types]
        if inner:
            _add_visual(inner, out)
        out.extend(scope.participants)
        out.extend(scope.artifacts)
        out.extend(lanes)
        nested = [lane for lane in lanes if lane.child_lane_set is not None]
        if nested:
            _add_visual(nested, out)
        out.extend(scope.message_flows)
