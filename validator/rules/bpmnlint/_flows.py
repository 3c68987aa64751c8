"""How the bpmnlint rules read flows and which parts of a map are a flow at all.

bpmnlint reads the sequence flows of a node from the ``<incoming>``/``<outgoing>``
children the exporter wrote, and judges every process as a flow. Two things
Pemda maps do that make this misleading, handled here unless the rule's
parameter ``bpmnlint_exact`` is true (profiles ``bpmnlint`` and ``bpmnlint-all``
set it, so that they keep bpmnlint's verdicts exactly):

* exporters other than bpmn.io/Camunda Modeler often leave out
  ``<incoming>``/``<outgoing>``: the flows are then read from the flows'
  ``sourceRef``/``targetRef`` (:func:`incoming`, :func:`outgoing`);
* a Level 0 or Level 1 map is often drawn as a landscape of collapsed process
  boxes without any sequence flow (a value chain in lanes Inti / Pendukung /
  Manajemen): that process is not a flow, so the flow rules leave it alone
  (:func:`is_landscape`), and an empty collapsed sub-process on such a map
  stands for a process detailed by a lower map (:func:`is_detailed_elsewhere`).
"""
from __future__ import annotations

from .. import _map_structure as ms


def exact(ctx) -> bool:
    """True when the rule must give exactly bpmnlint's verdicts."""
    raw = ctx.params.get("bpmnlint_exact", False)
    if raw is False:     # the default: asked for every node by a dozen rules
        return False
    if isinstance(raw, str):
        return raw.strip().lower() in ("true", "ya", "yes", "1")
    return bool(raw)


def incoming(node, ctx) -> tuple:
    """The sequence flows into ``node``: as declared, plus those whose targetRef is it."""
    if exact(ctx):
        return tuple(node.incoming)
    merged = node._flows_in
    if merged is None:
        merged = node._flows_in = _merged(node.incoming, node.in_flows)
    return merged


def outgoing(node, ctx) -> tuple:
    """The sequence flows out of ``node``: as declared, plus those whose sourceRef is it."""
    if exact(ctx):
        return tuple(node.outgoing)
    merged = node._flows_out
    if merged is None:
        merged = node._flows_out = _merged(node.outgoing, node.out_flows)
    return merged


def _merged(declared, actual) -> tuple:
    """Made once per node (the model does not change after parsing) and kept on it: about a
    dozen rules ask for the flows of every node."""
    if not actual:
        return tuple(declared)
    if not declared:
        return tuple(actual)
    extra = [f for f in actual if f not in declared]
    return (*declared, *extra)


# the node types no-disconnected checks (bpmnlint leaves call activities out)
_DISCONNECTED_TYPES = frozenset({"Task", "Gateway", "SubProcess", "Event"})


def is_disconnected(node, ctx) -> bool:
    """``node`` has no sequence flow at all and is of a type no-disconnected reports: outside
    the bpmnlint profiles that is no-disconnected's one finding, which no-implicit-start and
    no-implicit-end (and PPB-BPMN-003) do not repeat."""
    from .no_disconnected import _exempt as exempt_from_disconnected  # (it imports this module)

    if exact(ctx) or _DISCONNECTED_TYPES.isdisjoint(node.types) or exempt_from_disconnected(node):
        return False
    return not incoming(node, ctx) and not outgoing(node, ctx)


def _upper_levels(model) -> bool:
    lv = ms.level(model)
    return lv is not None and lv in (0, 1)


def is_landscape(scope, model, ctx) -> bool:
    """A process of a Level 0/1 map drawn without sequence flows, holding only activities
    (collapsed process boxes; tasks are PPB-LVL-003's concern): not a flow. A sub-process
    is part of the landscape when it, and every scope around it up to the process, is
    drawn the same way (e.g. an expanded group 'Proses Inti' holding process boxes)."""
    if exact(ctx) or scope is None or not _upper_levels(model):
        return False
    while scope is not None:
        if not _no_flow(scope):
            return False
        if "Process" in scope.types:
            return True
        if "SubProcess" not in scope.types or scope.attrs.get("triggeredByEvent") == "true":
            return False
        scope = _scope_of(scope)
    return False


def in_landscape(node, model, ctx) -> bool:
    """``node`` is drawn directly in a landscape scope."""
    if exact(ctx):
        return False
    return is_landscape(_scope_of(node), model, ctx)


def _scope_of(node):
    """The process or sub-process ``node`` is drawn in."""
    parent = node.parent
    while parent is not None and "Process" not in parent.types and "SubProcess" not in parent.types:
        parent = parent.parent
    return parent


def _no_flow(scope) -> bool:
    for el in scope.flow_elements:
        if "SequenceFlow" in el.types:
            return False
        if "FlowNode" in el.types and "Activity" not in el.types:
            return False
    return True


def is_detailed_elsewhere(sub, model, ctx) -> bool:
    """An empty, collapsed sub-process on a Level 0/1 map: a process box whose content is
    drawn on a lower map (what PPB-LVL-003 advises), not a sub-process missing its events."""
    if exact(ctx) or "SubProcess" not in sub.types or sub.flow_elements:
        return False
    if sub.attrs.get("triggeredByEvent") == "true" or not _upper_levels(model):
        return False
    return not any(shape.is_expanded for shape in model.shapes
                   if shape.element is sub)
