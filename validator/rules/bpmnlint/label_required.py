"""label-required: flow nodes, conditional flows, participants and lanes carry a name.

Parallel and event-based gateways, joining gateways and sub-processes are
exempt, as in bpmnlint. Outside the bpmnlint profiles this is the one finding
on an unnamed element (PPB-NMK-001 adds only what this rule leaves out), so
its Indonesian message names the PPB rules that cannot judge the element
without a name; the English message stays bpmnlint's.
"""
from ... import vocab
from ...catalog import rule
from . import _flows

# (element type, rule that reads the name and what it checks there, map types it applies to;
# None: every declared type)
_NEEDS_NAME = (("Task", "PPB-NMK-002 (kata kerja aktif)", ("sop",)),
               ("EndEvent", "PPB-KLP-005 (hasil akhir)", ("lintasFungsi",)),
               ("ExclusiveGateway", "PPB-NMK-003 (keputusan sebagai pertanyaan)", None),
               ("Lane", "PPB-NMK-008 (nama jabatan pelaksana)", None))

_CHECKED = ("FlowNode", "SequenceFlow", "Participant", "Lane")


@rule("label-required")
def check(model, ctx):
    kind = vocab.map_type(model)
    for type_name in _CHECKED:
        for el in model.all(type_name):
            if _exempt(el, ctx):
                continue
            if not (el.name or "").strip():
                blocked = [] if _flows.exact(ctx) else _blocked(el, kind)
                if blocked:
                    ctx.report(el, "blocks", aturan=" dan ".join(blocked))
                else:
                    ctx.report(el)


# ---------------------------------------------------------------------------

def _blocked(el, kind):
    """The PPB rules that cannot judge ``el`` while it has no name (on a map of ``kind``)."""
    if kind is None:
        return []
    return [rid for type_name, rid, kinds in _NEEDS_NAME
            if type_name in el.types and (kinds is None or kind in kinds)]


def _exempt(el, ctx):
    types = el.types
    if "ParallelGateway" in types or "EventBasedGateway" in types:
        return True
    if "Gateway" in types and len(_flows.outgoing(el, ctx)) <= 1:
        return True
    if "SubProcess" in types:
        return True
    if "SequenceFlow" in types and not el.has_condition:
        return True
    return False
