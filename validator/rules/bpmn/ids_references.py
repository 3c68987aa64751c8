"""PPB-BPMN-002: every id is unique and every reference points at something.

BPMN ties the file together by ids: a sequence flow names its source and
target, a pool its process, a lane its flow nodes, a diagram shape its
element. An element whose id is already taken is not read at all (as in
bpmn.io), and a reference to a missing id silently drops a connection, so
both are errors. A reference written with a namespace prefix ('bpmn2:Task_1')
whose id exists is a warning: the XML schema allows the QName form, but
bpmn.io and this validator do not follow it, so the connection is lost there.
``calledElement`` is left out on purpose: a call activity usually calls a
process kept in another file.
"""
from ...catalog import rule


@rule("PPB-BPMN-002")
def check(model, ctx):
    for dup_id, line, type_name in model.duplicate_ids:
        first = model.get(dup_id)
        named = {} if first is not None else {"elemen": f"({dup_id})", "jenis_elemen": "elemen"}
        ctx.report(dup_id, "duplicate_id", line=line, dup=dup_id, tag=_tag(type_name), baris=line,
                   **named)
    for el, attr, ref in model.dangling:
        _reference(model, ctx, el, None, _tag(el.type), el.label, attr, ref, "missing_ref")
    for diagram in model.diagrams:
        if diagram.plane_element_id and diagram.plane_element is None:
            _reference(model, ctx, diagram.id, diagram.line, "BPMNPlane",
                       diagram.name or diagram.id or "?", "bpmnElement", diagram.plane_element_id,
                       "missing_plane")
        for tag, items in (("BPMNShape", diagram.shapes), ("BPMNEdge", diagram.edges)):
            for item in items:
                if item.element_id and item.element is None:
                    _reference(model, ctx, item.id, item.line, tag, item.id or "?", "bpmnElement",
                               item.element_id, "missing_di")


# ---------------------------------------------------------------------------

def _reference(model, ctx, where, line, tag, nama, attr, ref, missing_key):
    """Report an unresolved reference: a prefixed one whose id exists, else a missing one."""
    prefix, _, local = ref.strip().rpartition(":")
    if not hasattr(where, "types") and model.get(where) is None:
        ctx_params = {"elemen": f"'{nama}'"}     # a diagram element: no model element to name
    else:
        ctx_params = {}
    if prefix and model.get(local) is not None:
        ctx.report(where, "prefixed_ref", severity="warning", line=line, tag=tag, nama=nama,
                   id=nama, attr=attr, ref=ref, lokal=local, **ctx_params)
    else:
        ctx.report(where, missing_key, line=line, tag=tag, nama=nama, id=nama, attr=attr, ref=ref,
                   **ctx_params)


def _tag(type_name):
    """The element name as the XML writes it: SequenceFlow -> sequenceFlow."""
    if type_name.startswith("BPMN"):
        return type_name
    return type_name[:1].lower() + type_name[1:]
