"""PPB-EFI-003: one diagram level holds at most ``max_nodes`` flow nodes.

The seven process modeling guidelines (7PMG, Mendling, Reijers & van der
Aalst 2010) found error rates and misreadings rising sharply beyond about 50
elements in one model: decompose into sub-processes. A "diagram level" is
what one screen shows: each BPMN diagram (bpmn-js draws a collapsed
sub-process on a diagram of its own, an expanded one on its parent's). Files
without diagram information are counted per process and sub-process.
"""
from ...catalog import rule
from ..sop._common import applies, number_param, process_nodes

_ALL_MAPS = ("level0", "subproses", "relasi", "lintasFungsi", "sop")


@rule("PPB-EFI-003")
def check(model, ctx):
    if not applies(model, ctx, _ALL_MAPS):
        return
    limit = number_param(ctx, "max_nodes", 50)
    batas = int(limit) if limit == int(limit) else limit
    if any(d.shapes for d in model.diagrams):
        for diagram in model.diagrams:
            count = sum(1 for s in diagram.shapes if s.element is not None and "FlowNode" in s.element.types)
            if count > limit:
                where = diagram.plane_element or model.definitions
                ctx.report(where, "default", jumlah=count, batas=batas, nama=_name(where))
        return
    for scope in model.all("FlowElementsContainer"):
        count = len(process_nodes(scope))
        if count > limit:
            ctx.report(scope, "default", jumlah=count, batas=batas)


# ---------------------------------------------------------------------------

def _name(el):
    """A diagram's name for people: its element's name, for an unnamed collaboration the
    names of its pools."""
    if (el.name or "").strip() or "Collaboration" not in el.types:
        return el.label
    names = [p.label for p in el.participants]
    return ", ".join(names) or el.label
