"""What the set rules need of one map, made small enough to send between processes.

A set run over many files (``ppb validate FOLDER``) parses and checks the files in worker
processes (:meth:`validator.engine.Validator.validate_set` with ``jobs`` > 1). A worker
sends back each file's findings and this extract of its model, not the whole model: the
set rules (:mod:`validator.mapset`, :mod:`validator.alignment`, :mod:`validator.planlinks`
and the ``check_set`` functions of the rules) then run on the extracts in the main process.

The extract is the same :class:`~validator.model.Model` trimmed in place:

* kept: every element of the process structure with its attributes, ppb vocabulary,
  names, lines and tree links (definitions, collaborations, pools, processes,
  sub-processes, call activities, tasks, events, gateways, lanes and their
  ``flowNodeRef`` links, data objects, annotations);
* dropped: the diagram interchange (shapes, edges), the lxml tree, sequence flows,
  message flows, associations and data associations, event definitions, input/output
  specifications with their data inputs and outputs, messages, signals, errors,
  escalations, item definitions, interfaces, properties and resources, the flow links between nodes
  (``incoming``/``outgoing``, ``in_flows``/``out_flows``, ``source``/``target``,
  ``default``), the raw reference ids these were resolved from (``ref_ids``), and the
  parser's notices (the file rules have read them already).

The links that are dropped are the ones that chain element to element across a whole
diagram: without them, serialising a model never recurses deeper than its nesting.
No set rule reads any of them; a new set rule that needs one must keep it here, and
``tests/test_parallel_sets.py`` compares the serial and the parallel run to catch it.
"""
from __future__ import annotations

from .bpmn_types import TYPES
from .model import Element, Model

# elements the extract leaves out: the flows and the links of the diagram, and what only
# the file rules read (event definitions, the data a task takes and gives, the messages,
# signals, errors and item definitions a map declares): about a third of a typical
# exported map's elements, and so of what a worker sends back
DROPPED_TYPES = frozenset({
    "SequenceFlow", "MessageFlow", "Association", "DataAssociation",
    "EventDefinition", "InputOutputSpecification", "DataInput", "DataOutput", "InputSet",
    "OutputSet", "ItemDefinition", "Message", "Signal", "Error", "Escalation", "Interface",
    "Property", "CorrelationProperty", "Resource"})
# per-element links between flow nodes, the raw reference ids the parser resolved them
# from (read by nothing after parsing), and the event definitions: reset to the class
# default (empty / None)
_FLOW_LINKS = ("incoming", "outgoing", "in_flows", "out_flows", "source", "target", "default",
               "ref_ids", "_flows_in", "_flows_out", "event_definitions")
_FLOW_LINK_SET = frozenset(_FLOW_LINKS)
# lists of an element that may hold a dropped element
_LISTS = ("children", "flow_elements", "artifacts", "message_flows")
_LIST_SET = frozenset(_LISTS)
# the entries of Model._memo the extract keeps
_MEMO_KEPT = frozenset({"map_type", "map_level", "map_text", "code_holders", "owned_processes",
                        "node_facts"})
# the types whose by_type list may hold a dropped element: every type of a dropped one
_MAY_HOLD_DROPPED = frozenset().union(*(types for types in TYPES.values()
                                        if not types.isdisjoint(DROPPED_TYPES)))


def extract(model: Model) -> Model:
    """Trim ``model`` in place to what the set rules read, and return it."""
    dropped = DROPPED_TYPES
    kept: list[Element] = []
    for el in model.elements:
        if el.types.isdisjoint(dropped):
            kept.append(el)
            d = el.__dict__
            for name in _FLOW_LINK_SET.intersection(d):
                del d[name]
            for name in _LIST_SET.intersection(d):
                items = d[name]
                if items and any(not c.types.isdisjoint(dropped) for c in items):
                    d[name] = [c for c in items if c.types.isdisjoint(dropped)]
    if len(kept) != len(model.elements):
        model.by_id = {k: v for k, v in model.by_id.items() if v.types.isdisjoint(dropped)}
        by_type = {}
        for t, els in model.by_type.items():
            if t in dropped:
                continue
            if t in _MAY_HOLD_DROPPED:   # a super type of a dropped one (FlowElement, ...)
                els = [e for e in els if e.types.isdisjoint(dropped)]
            if els:
                by_type[t] = els
        model.by_type = by_type
        model.elements = kept
    # what the set rules read again (map type, level and texts, the process code holders,
    # the processes that need an owner) stays worked out; what only file rules made (flow graphs, ...) goes
    model._memo = {k: v for k, v in model._memo.items()
                   if (k if isinstance(k, str) else k[0]) in _MEMO_KEPT}
    model.diagrams = []
    model.notices = []
    model.dangling = []
    model.tree = None
    return model
