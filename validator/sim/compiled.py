"""The compiled engine: the Spiff spec compiled once into arrays, tokens moved by hand.

SpiffWorkflow's parsed spec (after :mod:`.sanitize`) is walked once and every task spec
becomes a node with a kind, its outputs and, for gateways, the target of each outgoing
flow. A case is then a few counters (live items per scope, tokens parked at joins), and a
step is a loop over a small stack: no task tree. The semantics follow SpiffWorkflow's for
the constructs compiled here, which the differential tests check case by case against the
reference engine (same seed, same trajectories):

start and end events, activities, intermediate catch events (waits), exclusive gateways
(with ``ppb:peluang``), parallel split and join, inclusive split and join, embedded
sub-processes, call activities (to a process of the same file or of the set), boundary
waits (timer, message...) on activities, interrupting or not, and multi-instance tasks
(parallel: every instance queues on the lane at once; sequential: one after another; the
activity completes when the last instance does).

Several pools that send each other messages: each pool's process is compiled on its own;
the pools whose start event is plain start with every case, the others when a message
reaches their start event; sending activities and throw/end events forward their
messages to the receivers through a :class:`~validator.sim.kernel.Mailbox`, in the same
order as the reference engine.

Anything else raises :class:`Unsupported`; the caller then runs the reference engine and
says why in the result.

Every flow node a token enters is a step of its case; a case past ``max_steps`` steps
raises :class:`~validator.sim.kernel.CaseCut` (a loop whose ``ppb:peluang`` keeps it
going, or one that never ends), and :meth:`CompiledSemantics.drop` forgets it. Branch
conditions are read with :func:`~validator.sim.sanitize.parse_route` (a regular
expression): this engine never evaluates text from a map.
"""
from __future__ import annotations

import math
from array import array
from collections import deque
from math import log as _log

from .budget import max_steps_per_case
from .kernel import CaseCut, Item, Mailbox, Router, elapsed_adder
from .loader import LoadedMap
from .sanitize import MSG_PREFIX, SEND_PREFIX, WAIT_PREFIX, parse_route

(K_PASS, K_END, K_TASK, K_WAIT, K_XOR, K_AND, K_OR, K_SUB, K_BSPLIT, K_BOUNDARY,
 K_SINK, K_EVGW, K_MI) = range(13)


class Unsupported(Exception):
    """A construct the compiled engine does not cover (the reason is Indonesian)."""


class Graph:
    """One process or sub-process spec as arrays indexed by node number."""

    def __init__(self) -> None:
        self.kind: list[int] = []
        self.eid: list[str | None] = []
        self.outs: list[tuple[int, ...]] = []
        self.ins: list[tuple[int, ...]] = []
        self.flow_target: list[dict | None] = []   # gateway: flow id -> node
        self.sub: list["Graph | None"] = []
        self.task_of: list[int] = []                # boundary split -> the activity node
        self.bounds: list[tuple[int, ...]] = []     # boundary split -> boundary nodes
        self.cancel: list[bool] = []                # boundary: interrupting?
        self.start = 0
        self.or_joins: list[int] = []
        self.upstream: dict[int, frozenset] = {}    # inclusive join -> nodes that can reach it
        self.multi_in: list[bool] = []
        self.succ: list[tuple] = []                 # (next node, this node), reversed, no sinks
        self.mi: dict[int, tuple[int, bool]] = {}   # multi-instance node -> (instances, sequential)
        self.msg: dict[int, str] = {}               # message wait node -> message name
        self.sends: set[int] = set()                # throw/end events that send messages
        self.trigger: str | None = None             # the message that starts this pool
        self.pools: list | None = None              # main graph of several pools: (id, graph, trigger)


def compile_map(loaded: LoadedMap) -> Graph:
    reason = incomplete_flow(loaded)
    if reason is not None:
        raise Unsupported(reason)
    back = {v: k for k, v in loaded.sanitized.renamed.items()}
    if loaded.main_process is None:
        return _compile(loaded.spec, loaded.subprocess_specs, back, 0)
    pools = []
    for proc in loaded.plan.processes:
        pid = loaded.sanitized.spiff_id(proc.id)
        spec = loaded.subprocess_specs.get(pid)
        if spec is None:  # pragma: no cover - the loader built the specs of every pool
            raise Unsupported(f"pool '{proc.label}' tanpa proses")
        g = _compile(spec, loaded.subprocess_specs, back, 0)
        pools.append((pid, g, g.trigger))
    main = pools[0][1]
    main.pools = pools
    return main


_KIND = {"ExclusiveGateway": "gerbang", "ParallelGateway": "gerbang", "InclusiveGateway": "gerbang",
         "EventBasedGateway": "gerbang", "ComplexGateway": "gerbang",
         "IntermediateCatchEvent": "peristiwa antara", "IntermediateThrowEvent": "peristiwa antara",
         "BoundaryEvent": "peristiwa batas", "SubProcess": "sub-proses"}


def _kind(el) -> str:  # noqa: ANN001
    return _KIND.get(el.type, "aktivitas" if "Activity" in el.types else "elemen")


def incomplete_flow(loaded: LoadedMap) -> str | None:
    """Why the map's flow is incomplete in a way the two engines read differently, or None.

    Only when several pools are simulated together (each pool then runs as a sub-workflow
    of SpiffWorkflow, whose end waits on every end event of the pool): a flow node without
    an incoming sequence flow in a (sub-)process that has a start event (start and boundary
    events, link catch events, compensation activities and the contents of event
    sub-processes excepted), or an activity or event other than an end event without an
    outgoing flow (link throw events excepted). There SpiffWorkflow leaves cases unfinished
    where this engine lets the token end (the MIWG suite: a Bonita export whose flows run
    backwards, 13 of 30 cases finished against 30; an Enterprise Explorer map with a catch
    event on its own, 0 against 30). With one pool the engines agree on both (tested).
    A gateway without an outgoing flow is left out: the loader puts an end event behind it
    (see :func:`~validator.sim.loader.load`), so both engines end the token there.

    Rather than give two answers, such maps run on the reference engine, and the reason,
    which names the element, reaches the user (so it is Indonesian)."""
    if loaded.main_process is None or loaded.plan is None:
        return None
    from .loader import _flow_nodes

    for proc in loaded.plan.processes:
        for el in _flow_nodes(proc):
            parent = el.parent
            if parent is not None and parent.attrs.get("triggeredByEvent") == "true":
                continue
            if el.attrs.get("isForCompensation") == "true":
                continue
            link = any(d.type == "LinkEventDefinition" for d in el.event_definitions)
            if (not el.in_flows and not link and el.type not in ("StartEvent", "BoundaryEvent")
                    and parent is not None
                    and any(x.type == "StartEvent" for x in parent.flow_elements)):
                return (f"{_kind(el)} '{el.label}' tidak punya alur masuk (peta belum lengkap: "
                        f"elemen ini tidak pernah tercapai dari peristiwa awal), dan peta ini "
                        f"memuat beberapa pool")
            if (not el.out_flows and not link and el.type != "EndEvent"
                    and "Gateway" not in el.types):
                return (f"{_kind(el)} '{el.label}' tidak punya alur keluar dan bukan peristiwa "
                        f"akhir (peta belum lengkap: alurnya berhenti di situ), dan peta ini "
                        f"memuat beberapa pool")
    return None


def _cls(spec) -> set[str]:
    return {c.__name__ for c in type(spec).__mro__}


def _compile(spec, subs: dict, back: dict, depth: int) -> Graph:
    if depth > 20:
        raise Unsupported("sub-proses bersarang terlalu dalam")
    g = Graph()
    names = list(spec.task_specs)
    index = {name: i for i, name in enumerate(names)}
    evgw_msgs: dict[str, str] = {}    # catch event behind an event-based gateway -> message
    for name in names:
        ts = spec.task_specs[name]
        classes = _cls(ts)
        bpmn_id = getattr(ts, "bpmn_id", None)
        eid = back.get(bpmn_id, bpmn_id)
        kind = None
        flow_target = None
        sub = None
        task_of = -1
        bounds: tuple[int, ...] = ()
        cancel = False
        ed = getattr(ts, "event_definition", None)
        ed_name = getattr(ed, "name", "") or ""
        if "BpmnStartTask" in classes or "StartEvent" in classes:
            if "StartEvent" in classes and depth == 0 and ed_name.startswith(MSG_PREFIX):
                g.trigger = ed_name   # a pool started by a message from another pool
            elif "StartEvent" in classes and type(ed).__name__ != "NoneEventDefinition":
                raise Unsupported(f"peristiwa awal bertipe khusus '{eid}'")
            kind = K_PASS
        elif "_EndJoin" in classes or name == "End" or "BoundaryEventJoin" in classes:
            kind = K_SINK
        elif "EndEvent" in classes:
            if ed_name.startswith(SEND_PREFIX):
                g.sends.add(len(g.kind))
            elif type(ed).__name__ != "NoneEventDefinition":
                raise Unsupported(f"peristiwa akhir '{eid}' ({type(ed).__name__})")
            kind = K_END
        elif "IntermediateThrowEvent" in classes:
            if ed_name.startswith(SEND_PREFIX):
                g.sends.add(len(g.kind))
            elif type(ed).__name__ != "NoneEventDefinition":
                raise Unsupported(f"peristiwa lempar '{eid}' ({type(ed).__name__})")
            kind = K_PASS
        elif "BoundaryEventSplit" in classes:
            kind = K_BSPLIT
        elif "BoundaryEvent" in classes:
            if not ed_name.startswith((WAIT_PREFIX, MSG_PREFIX)):
                raise Unsupported(f"peristiwa batas '{eid}' ({type(ed).__name__})")
            if ed_name.startswith(MSG_PREFIX):
                g.msg[len(g.kind)] = ed_name
            kind = K_BOUNDARY
            cancel = bool(getattr(ts, "cancel_activity", True))
        elif "IntermediateCatchEvent" in classes:
            if type(ed).__name__ == "NoneEventDefinition":
                kind = K_PASS  # behind an event-based gateway, which waits for it
            elif not ed_name.startswith((WAIT_PREFIX, MSG_PREFIX)):
                raise Unsupported(f"peristiwa tangkap '{eid}' ({type(ed).__name__})")
            else:
                if ed_name.startswith(MSG_PREFIX):
                    g.msg[len(g.kind)] = ed_name
                kind = K_WAIT
        elif "EventBasedGateway" in classes:
            defs = getattr(ed, "event_definitions", ())
            if not defs or any(not (getattr(d, "name", "") or "").startswith((WAIT_PREFIX, MSG_PREFIX))
                               for d in defs):
                raise Unsupported(f"gerbang berbasis peristiwa '{eid}'")
            kind = K_EVGW
            for d in defs:
                if d.name.startswith(MSG_PREFIX):
                    for out in ts.outputs:
                        if MSG_PREFIX + (getattr(out, "bpmn_id", "") or "") == d.name:
                            evgw_msgs[out.name] = d.name
        elif "ExclusiveGateway" in classes:
            kind = K_XOR
        elif "InclusiveGateway" in classes:
            kind = K_OR
        elif "ParallelGateway" in classes:
            kind = K_AND
        elif "TransactionSubprocess" in classes:
            raise Unsupported(f"transaksi '{eid}'")
        elif "MultiInstanceTask" in classes:
            child = spec.task_specs.get(getattr(ts, "task_spec", None) or "")
            card = str(getattr(ts, "cardinality", "") or "").strip()
            if child is None or not getattr(child, "manual", False) or not card.isdigit():
                raise Unsupported(f"aktivitas berulang '{eid}' selain tugas biasa")
            kind = K_MI
            mi = (int(card), "Sequential" in type(ts).__name__)
        elif "SubWorkflowTask" in classes:
            kind = K_SUB
            sub_spec = subs.get(ts.spec)
            if sub_spec is None:
                raise Unsupported(f"sub-proses '{eid}' tanpa isi")
            sub = _compile(sub_spec, subs, back, depth + 1)
        elif "MultiInstanceTask" in classes or "LoopTask" in classes:
            raise Unsupported(f"aktivitas berulang '{eid}'")
        elif getattr(ts, "manual", False):
            kind = K_TASK
        else:
            raise Unsupported(f"elemen '{eid or name}' ({type(ts).__name__})")
        if kind in (K_XOR, K_OR) and len(ts.outputs) > 1:
            flow_target = {}
            for cond, target in getattr(ts, "cond_task_specs", ()) or ():
                expr = getattr(cond, "args", [None])[0] if cond is not None else None
                route = parse_route(expr)     # a regular expression; nothing is evaluated
                if route is None:
                    raise Unsupported(f"kondisi gerbang '{eid}'")
                flow = route[1]
                flow_target[back.get(flow, flow)] = index[target]
            if getattr(ts, "default_task_spec", None):
                raise Unsupported(f"alur bawaan gerbang '{eid}'")
        if kind == K_MI:
            g.mi[len(g.kind)] = mi
        g.kind.append(kind)
        g.eid.append(eid)
        g.flow_target.append(flow_target)
        g.sub.append(sub)
        g.task_of.append(task_of)
        g.bounds.append(bounds)
        g.cancel.append(cancel)
    for i, name in enumerate(names):
        ts = spec.task_specs[name]
        g.outs.append(tuple(index[o.name] for o in ts.outputs))
        g.ins.append(tuple(index[x.name] for x in ts.inputs))
    for i in range(len(names)):
        if g.kind[i] == K_BSPLIT:
            outs = g.outs[i]
            tasks = [o for o in outs if g.kind[o] in (K_TASK,)]
            if len(tasks) != 1 or any(g.kind[o] not in (K_TASK, K_BOUNDARY) for o in outs):
                raise Unsupported("peristiwa batas pada sub-proses atau elemen selain aktivitas")
            g.task_of[i] = tasks[0]
            g.bounds[i] = tuple(o for o in outs if g.kind[o] == K_BOUNDARY)
        if g.kind[i] == K_TASK and len([o for o in g.outs[i] if g.kind[o] != K_SINK]) > 1:
            raise Unsupported(f"aktivitas '{g.eid[i]}' dengan beberapa alur keluar")
        if g.kind[i] == K_EVGW:
            g.bounds[i] = g.outs[i]
    for name, msg in evgw_msgs.items():
        g.msg[index[name]] = msg
    g.multi_in = [len(x) > 1 for x in g.ins]
    g.succ = [tuple((o, i) for o in reversed(g.outs[i]) if g.kind[o] != K_SINK)
              for i in range(len(names))]
    g.start = index["Start"]
    g.or_joins = [i for i in range(len(names)) if g.kind[i] == K_OR and g.multi_in[i]]
    for j in g.or_joins:
        seen: set[int] = set()
        stack = [p for p in g.ins[j]]
        while stack:
            n = stack.pop()
            if n in seen or n == j:
                continue
            seen.add(n)
            stack.extend(g.ins[n])
        g.upstream[j] = frozenset(seen)
    return g


class _Scope:
    """One running (sub-)process of a case."""

    __slots__ = ("graph", "live", "parked", "parent", "node", "items", "pos")

    def __init__(self, graph: Graph, parent: "_Scope | None", node: int) -> None:
        self.graph = graph
        self.live = 0            # pending items and running child scopes
        self.parked = None       # join node -> list of token counts per input
        self.parent = parent
        self.node = node         # the sub-process node in the parent graph
        self.items = None        # live items and child scopes by node (only with OR joins)
        self.pos = None


class CompiledSemantics:
    """Case semantics of the compiled engine (see :mod:`validator.sim.kernel`)."""

    name = "compiled"

    def __init__(self, loaded: LoadedMap, seed: int, graph: Graph | None = None,
                 max_steps: int | None = None, meter=None) -> None:  # noqa: ANN001
        self.graph = graph or compile_map(loaded)
        self.max_steps = max_steps if max_steps is not None else max_steps_per_case()
        self.steps: dict[int, int] = {}    # running case -> flow nodes it activated so far
        self.done_steps = 0                # steps of the cases that finished (a measure)
        self.meter = meter                 # budget.Meter of the whole run, or None
        self.params = loaded.params
        self.lane_of = loaded.params.lane_of
        self.router = Router(loaded.params, seed)
        self.router.inclusive = {n.id for n in loaded.nodes if n.type == "InclusiveGateway"}
        self.order = {n.id: i for i, n in enumerate(loaded.nodes)}
        self.roots: dict[int, _Scope] = {}
        self.pools = self.graph.pools
        self._sent: list = []
        if self.pools is not None:
            plan = loaded.plan
            self.senders = plan.senders
            self.starters = plan.starters
            self.spiff_id = loaded.sanitized.spiff_id
            self.trigger_graph = {trig: g for _, g, trig in self.pools if trig}
            self.mailbox = Mailbox()
            self.open: dict[int, int] = {}      # case -> pool instances still running
            self.finished: set[int] = set()

    def run_fast(self, params, cases: int, seed: int, max_events_per_case: int,  # noqa: ANN001
                 keep_log: bool, warmup: int):
        """The kernel's run in one specialised loop (see :func:`run_fast`), or None."""
        return run_fast(self, params, cases, seed, max_events_per_case, keep_log, warmup)

    def lingering(self) -> int:
        """Cases whose main pool finished while another pool still waits."""
        if self.pools is None:
            return 0
        return sum(1 for c in self.open if c in self.finished)

    # -- semantics API -----------------------------------------------------------
    def new_case(self, case: int, t: float):
        if self.pools is not None:
            return self._pools_new_case(case)
        return self._new_case(case, t)

    def complete(self, item: Item, t: float):
        if self.pools is None:
            return self._complete(item, t)
        self._sent = []
        new, cancelled, done = self._complete(item, t)
        last = item.extra is None or not any(item.extra)
        sent = [item.eid] if last and item.eid in self.senders else []
        return self._after(item.case, list(new), list(cancelled), done, sent)

    def fire(self, item: Item, t: float):
        if self.pools is None:
            return self._fire(item, t)
        self._sent = []
        new, cancelled, done = self._fire(item, t)
        return self._after(item.case, new, cancelled, done, [])

    # -- several pools ---------------------------------------------------------------
    def _pools_new_case(self, case: int):
        self._sent = []
        new: list[Item] = []
        cancelled: list[Item] = []
        touched: list = []
        self.open[case] = 0
        for _, g, trigger in self.pools:
            if trigger is None:
                root = _Scope(g, None, -1)
                self.open[case] += 1
                touched.append(root)
                self._flow(case, root, [(g.start, -1)], new, touched)
        done = self._settle(case, touched, new, cancelled)
        return self._after(case, new, cancelled, done, [])

    def _sorted_sent(self) -> list:
        out = sorted(self._sent, key=lambda e: self.order.get(e, 1 << 30))
        self._sent = []
        return out

    def _after(self, case: int, new: list, cancelled: list, done: bool, sent: list):
        """Forward this step's messages (as the reference engine does: starts first come
        from the order of sending), then let new message waits take kept messages."""
        queue = sent + self._sorted_sent()
        triggered: list[Item] = []
        while queue:
            sender = queue.pop(0)
            for target in self.senders.get(sender, ()):
                name = MSG_PREFIX + self.spiff_id(target)
                if target in self.starters:
                    g = self.trigger_graph.get(name)
                    if g is None:  # pragma: no cover - the loader pairs starters and pools
                        continue
                    root = _Scope(g, None, -1)
                    self.open[case] = self.open.get(case, 0) + 1
                    touched = [root]
                    self._flow(case, root, [(g.start, -1)], new, touched)
                    if self._settle(case, touched, new, cancelled):
                        done = True
                    queue.extend(self._sorted_sent())
                    continue
                hit = self.mailbox.post(case, name)
                if hit is not None:
                    triggered.append(hit)
        for item in cancelled:
            if item.msg is not None:
                self.mailbox.drop(item)
        for item in sorted((i for i in new if i.msg is not None), key=lambda i: i.order):
            if self.mailbox.wait(item):
                triggered.append(item)
        if not self.open.get(case, 0):
            self.open.pop(case, None)
            self.done_steps += self.steps.pop(case, 0)
            self.mailbox.forget(case)
            self.finished.discard(case)
        return new, cancelled, done, triggered

    def _root_done(self, case: int, scope: _Scope) -> bool:
        self.open[case] = self.open.get(case, 1) - 1
        if scope.graph is self.graph and case not in self.finished:
            self.finished.add(case)
            return True
        return False

    def _new_case(self, case: int, t: float):
        root = _Scope(self.graph, None, -1)
        self.roots[case] = root
        new: list[Item] = []
        cancelled: list[Item] = []
        touched = [root]
        self._flow(case, root, [(root.graph.start, -1)], new, touched)
        return new, cancelled, self._settle(case, touched, new, cancelled)

    def _complete(self, item: Item, t: float):
        scope, node, boundary_items = item.ref
        new: list[Item] = []
        g = scope.graph
        if item.extra is not None:  # one instance of a multi-instance task
            state = item.extra
            state[1] -= 1
            if state[0] > 0:
                state[0] -= 1
                state[1] += 1
                nxt = Item(item.case, item.eid, item.lane, False, item.order, item.ref)
                nxt.extra = state
                return [nxt], (), False
            if state[1] > 0:
                return new, (), False
        if boundary_items is None and scope.pos is None and scope.parent is None \
                and self.pools is None:
            # the common case: an activity of the top process, nothing to cancel
            scope.live -= 1
            touched = [scope]
            self._flow(item.case, scope, list(g.succ[node]), new, touched)
            if len(touched) == 1 and not g.or_joins:
                if scope.live == 0 and not scope.parked:
                    del self.roots[item.case]
                    self.done_steps += self.steps.pop(item.case, 0)
                    return new, (), True
                return new, (), False
            return new, (), self._settle(item.case, touched, new, [])
        cancelled: list[Item] = []
        self._leave(scope, node)
        if boundary_items:
            for b in boundary_items:
                if b.alive:
                    cancelled.append(b)
                    self._leave(scope, b.ref[1])
        touched = [scope]
        self._flow(item.case, scope, list(g.succ[node]), new, touched)
        return new, cancelled, self._settle(item.case, touched, new, cancelled)

    def _fire(self, item: Item, t: float):
        scope, node, task_item = item.ref
        new: list[Item] = []
        cancelled: list[Item] = []
        self._leave(scope, node)
        g = scope.graph
        if item.extra is not None:  # one event of an event-based gateway: the others are off
            for other in item.extra:
                if other is not item and other.alive:
                    cancelled.append(other)
                    self._leave(scope, other.ref[1])
        elif task_item is not None and g.kind[node] == K_BOUNDARY and g.cancel[node] and task_item.alive:
            cancelled.append(task_item)
            self._leave(scope, task_item.ref[1])
            for b in task_item.ref[2] or ():
                if b is not item and b.alive:
                    cancelled.append(b)
                    self._leave(scope, b.ref[1])
        touched = [scope]
        self._flow(item.case, scope, list(g.succ[node]), new, touched)
        return new, cancelled, self._settle(item.case, touched, new, cancelled)

    # -- token game ----------------------------------------------------------------
    def _enter(self, scope: _Scope, node: int) -> None:
        scope.live += 1
        if scope.graph.or_joins:
            pos = scope.pos
            if pos is None:
                pos = scope.pos = {}
            pos[node] = pos.get(node, 0) + 1

    def _leave(self, scope: _Scope, node: int) -> None:
        scope.live -= 1
        if scope.pos is not None:
            pos = scope.pos
            count = pos.get(node, 0) - 1
            if count > 0:
                pos[node] = count
            else:
                pos.pop(node, None)

    def drop(self, case: int) -> None:
        """Forget a case the kernel stopped at the step cap."""
        self.roots.pop(case, None)
        self.steps.pop(case, None)
        if self.pools is not None:
            self.open.pop(case, None)
            self.mailbox.forget(case)
            self.finished.discard(case)

    def _flow(self, case: int, scope: _Scope, stack: list, new: list, touched: list) -> None:
        g = scope.graph
        kinds = g.kind
        outs = g.outs
        or_joins = g.or_joins
        lane_of = self.lane_of
        order = self.order
        steps = self.steps
        cap = self.max_steps
        left = cap - steps.get(case, 0)    # each node taken is a step; past the cap: cut
        mark = left
        meter = self.meter
        while stack:
            node, source = stack.pop()
            left -= 1
            if left < 0:
                raise CaseCut(case, cap)
            kind = kinds[node]
            if kind == K_PASS:
                if node in g.sends:
                    self._sent.append(g.eid[node])
                stack.extend((o, node) for o in reversed(outs[node]))
            elif kind == K_TASK:
                eid = g.eid[node]
                item = Item(case, eid, lane_of.get(eid), False, order.get(eid, 1 << 30))
                item.ref = (scope, node, None)
                if or_joins:
                    self._enter(scope, node)
                else:
                    scope.live += 1
                new.append(item)
            elif kind == K_MI:
                n, sequential = g.mi[node]
                eid = g.eid[node]
                first = 1 if sequential else n
                state = [n - first, first]     # instances still to start, instances running
                if or_joins:
                    self._enter(scope, node)
                else:
                    scope.live += 1
                lane = lane_of.get(eid)
                at = order.get(eid, 1 << 30)
                for _ in range(first):
                    item = Item(case, eid, lane, False, at, (scope, node, None))
                    item.extra = state
                    new.append(item)
            elif kind == K_XOR:
                targets = g.flow_target[node]
                if targets is None:
                    stack.extend((o, node) for o in reversed(outs[node]))
                else:
                    flow = self.router.choose(g.eid[node])[0]
                    stack.append((targets[flow], node))
            elif kind == K_END or kind == K_SINK:
                if node in g.sends:
                    self._sent.append(g.eid[node])
                continue
            elif kind == K_WAIT:
                eid = g.eid[node]
                item = Item(case, eid, None, True, self.order.get(eid, 1 << 30))
                item.ref = (scope, node, None)
                item.msg = g.msg.get(node)
                self._enter(scope, node)
                new.append(item)
            elif kind == K_AND or kind == K_OR:
                if g.multi_in[node]:
                    parked = scope.parked
                    if parked is None:
                        parked = scope.parked = {}
                    counts = parked.get(node)
                    if counts is None:
                        counts = parked[node] = [0] * len(g.ins[node])
                    counts[g.ins[node].index(source)] += 1
                    if kind == K_AND:
                        if all(counts):
                            for k in range(len(counts)):
                                counts[k] -= 1
                            if not any(counts):
                                del parked[node]
                            self._split(scope, node, stack)
                    # inclusive joins are fired by _settle once nothing upstream is live
                else:
                    self._split(scope, node, stack)
            elif kind == K_SUB:
                child = _Scope(g.sub[node], scope, node)
                self._enter(scope, node)
                touched.append(child)
                steps[case] = cap - left
                if meter is not None:
                    meter.spend(mark - left)
                self._flow(case, child, [(child.graph.start, -1)], new, touched)
                left = mark = cap - steps[case]
            elif kind == K_BSPLIT:
                task_node = g.task_of[node]
                eid = g.eid[task_node]
                task = Item(case, eid, self.lane_of.get(eid), False, self.order.get(eid, 1 << 30))
                self._enter(scope, task_node)
                bnds = []
                for b in g.bounds[node]:
                    beid = g.eid[b]
                    w = Item(case, beid, None, True, self.order.get(beid, 1 << 30))
                    w.ref = (scope, b, task)
                    w.msg = g.msg.get(b)
                    self._enter(scope, b)
                    bnds.append(w)
                task.ref = (scope, task_node, bnds)
                new.append(task)
                new.extend(bnds)
            elif kind == K_EVGW:
                group: list = []
                for c in g.bounds[node]:
                    ceid = g.eid[c]
                    w = Item(case, ceid, None, True, self.order.get(ceid, 1 << 30))
                    w.ref = (scope, c, None)
                    w.extra = group
                    w.msg = g.msg.get(c)
                    self._enter(scope, c)
                    group.append(w)
                new.extend(group)
            elif kind == K_BOUNDARY:  # pragma: no cover - reached only through K_BSPLIT
                continue
        steps[case] = cap - left
        if meter is not None:
            meter.spend(mark - left)

    def _split(self, scope: _Scope, node: int, stack: list) -> None:
        g = scope.graph
        targets = g.flow_target[node]
        if targets is None:
            stack.extend((o, node) for o in reversed(g.outs[node]))
        else:
            chosen = self.router.choose(g.eid[node])
            order = {o: k for k, o in enumerate(g.outs[node])}
            picked = sorted((targets[f] for f in chosen), key=order.get)
            stack.extend((o, node) for o in reversed(picked))

    def _settle(self, case: int, touched: list, new: list, cancelled: list) -> bool:
        """Fire inclusive joins that nothing live can still reach; finish scopes that have
        nothing left; True when the case is finished."""
        i = 0
        done = False
        while i < len(touched):
            scope = touched[i]
            i += 1
            g = scope.graph
            if g.or_joins and scope.parked:
                fired = True
                while fired:
                    fired = False
                    for j in g.or_joins:
                        counts = scope.parked.get(j) if scope.parked else None
                        if not counts or not any(counts):
                            continue
                        up = g.upstream[j]
                        if any(n in up for n in (scope.pos or ())) or any(
                                n in up and n != j and any(c) for n, c in scope.parked.items()):
                            continue
                        for k in range(len(counts)):
                            if counts[k]:
                                counts[k] -= 1
                        if not any(counts):
                            del scope.parked[j]
                        stack: list = []
                        self._split(scope, j, stack)
                        self._flow(case, scope, stack, new, touched)
                        fired = True
            if scope.live == 0 and not scope.parked:
                parent = scope.parent
                if parent is None:
                    if self.pools is None:
                        self.roots.pop(case, None)
                        self.done_steps += self.steps.pop(case, 0)
                        return True
                    if scope.live != -1:
                        scope.live = -1
                        done = self._root_done(case, scope) or done
                    continue
                if scope.node >= 0:
                    scope.live = -1  # finished: never again
                    self._leave(parent, scope.node)
                    pg = parent.graph
                    self._flow(case, parent, [(o, scope.node) for o in pg.outs[scope.node]
                                              if pg.kind[o] != K_SINK], new, touched)
                    if parent not in touched[i:]:
                        touched.append(parent)
        return done


# -- the specialised loop ------------------------------------------------------------
_FAST_KINDS = frozenset((K_PASS, K_END, K_SINK, K_TASK, K_WAIT, K_XOR, K_AND))


def _fast_plan(sem: CompiledSemantics, params) -> dict | None:  # noqa: ANN001
    """What :func:`run_fast` needs of a map it covers, or None: one pool, no sub-process,
    no boundary event, no inclusive gateway, no multi-instance activity, no message.
    Exclusive gateways must have their ``ppb:peluang`` for every outgoing flow (otherwise
    the general loop raises what it raises)."""
    g = sem.graph
    if sem.pools is not None or g.msg or g.sends or g.or_joins:
        return None
    if any(k not in _FAST_KINDS for k in g.kind):
        return None
    xor: dict[int, tuple] = {}
    for node, kind in enumerate(g.kind):
        if kind == K_TASK:
            lane = sem.lane_of.get(g.eid[node])
            if lane is not None and lane not in params.lanes:
                return None
        elif kind == K_XOR and g.flow_target[node] is not None:
            options = params.branch.get(g.eid[node])
            targets = g.flow_target[node]
            if not options or any(fid not in targets for fid, _ in options):
                return None
            acc = 0.0
            table = []
            for fid, p in options:      # the cumulative sums of Router.choose, in its order
                acc += p
                table.append((acc, targets[fid]))
            xor[node] = (tuple(table), targets[options[-1][0]])
    return {"xor": xor}


def _draw(dist, rng, on_clock: bool) -> tuple:  # noqa: ANN001
    """How the loop draws one duration: ``(code, a, b, rng.random, sampler, rng, on the
    clock?)``; code 1: the fixed value ``a``; 2: exponential of rate ``a``; 3: uniform
    ``a + b * u``; 4: normal of mean ``a`` and deviation ``b`` cut at 0; 0: ``sampler(rng)``. The inline forms repeat the arithmetic of
    :mod:`random` and are used only when they give the sampler's numbers bit for bit on a
    probe stream (so a change in :meth:`~validator.sim.params.Dist.sampler` falls back to
    calling it)."""
    import random

    sampler = dist.sampler() if dist is not None else (lambda r: 0.0)
    general = (0, 0.0, 0.0, None, sampler, rng, on_clock)
    if dist is None or rng is None:
        return (1, 0.0, 0.0, None, sampler, rng, on_clock)
    a = dist.args
    if dist.kind == "fixed":
        form = (1, a[0], 0.0)
    elif dist.kind == "exponential" and a[0] > 0:
        form = (2, 1.0 / a[0], 0.0)
    elif dist.kind == "uniform":
        form = (3, a[0], a[1] - a[0])
    elif dist.kind == "normal":
        form = (4, a[0], a[1])
    else:
        return general
    probe_a, probe_b = random.Random(20241207), random.Random(20241207)
    for _ in range(8):
        want = sampler(probe_a)
        code, x, y = form
        if code == 4:
            got = max(0.0, probe_b.normalvariate(x, y))
        else:
            got = x if code == 1 else (-_log(1.0 - probe_b.random()) / x if code == 2
                                       else x + y * probe_b.random())
        if got != want:
            return general
    return (form[0], form[1], form[2], rng.normalvariate if form[0] == 4 else rng.random,
            sampler, rng, on_clock)


GROUPS = 5       # run_fast: a case's list holds its groups of sums from here
STEPS = 3        # ... its flow nodes activated so far (the step cap's count)
LIVE = 4         # ... its tokens still running


def run_fast(sem: CompiledSemantics, params, cases: int, seed: int, max_events_per_case: int,  # noqa: ANN001
             keep_log: bool, warmup: int):
    """:func:`~validator.sim.kernel.run` for the maps :func:`_fast_plan` covers, in one
    loop: no :class:`~validator.sim.kernel.Item` objects, no result tuples, per-node
    tables instead of look-ups by element id, and the token game between two activities
    worked out once per node when it does not depend on the case (a chain of flow nodes
    up to the next activities, an exclusive gateway's branch). It draws the same random
    numbers from the same streams in the same order, schedules events with the same
    sequence numbers and records the same records in the same order as the general kernel
    with :class:`CompiledSemantics` (the differential tests compare it case by case with
    the reference engine, which runs the general kernel). Returns None when the map is
    not covered (the caller then runs the general kernel)."""
    plan = _fast_plan(sem, params)
    if plan is None:
        return None
    from heapq import heappop, heappush

    from .errors import SimulationError
    from .kernel import RunLog
    from .results import Tally
    from .rng import stream

    g = sem.graph
    kinds = g.kind
    n_nodes = len(kinds)
    calendar = params.calendar
    arrivals = params.arrivals.sampler()
    arrival_rng = stream(seed, "arrival", params.process_id)
    add_elapsed = elapsed_adder(calendar)
    task_draw: dict[str, tuple] = {}
    for eid, dist in params.durations.items():
        task_draw[eid] = _draw(dist, stream(seed, "task", eid),
                               dist.calendar and not calendar.continuous)
    wait_draw: dict[str, tuple] = {}
    for eid, (dist, calendar_time) in params.waits.items():
        wait_draw[eid] = _draw(dist, stream(seed, "wait", eid), calendar_time)
    zero = _draw(None, None, False)
    arrival_calendar = params.arrivals.calendar and not calendar.continuous

    lane_ids = list(params.lanes)
    lane_index = {lid: k for k, lid in enumerate(lane_ids)}
    capacity = [params.lanes[lid].capacity for lid in lane_ids]
    busy = [0] * len(lane_ids)
    queues = [deque() for _ in lane_ids]

    order = sem.order
    eid_of = g.eid
    # per node: how its duration is drawn, lane index (-1: none), lane id, document order
    draw: list = [zero] * n_nodes
    lane_no = [-1] * n_nodes
    lane_id: list = [None] * n_nodes
    doc = [1 << 30] * n_nodes
    is_wait = [False] * n_nodes
    for node, kind in enumerate(kinds):
        eid = eid_of[node]
        if kind == K_TASK:
            draw[node] = task_draw.get(eid, zero)
            lane = sem.lane_of.get(eid)
            lane_id[node] = lane
            lane_no[node] = lane_index[lane] if lane is not None else -1
            doc[node] = order.get(eid, 1 << 30)
        elif kind == K_WAIT:
            draw[node] = wait_draw.get(eid, zero)
            is_wait[node] = True
            doc[node] = order.get(eid, 1 << 30)
    xor = plan["xor"]
    router = sem.router
    xor_rng: dict[int, object] = {}
    for node in xor:       # the gateway's stream, shared with Router.choose
        gid = eid_of[node]
        rng = router.streams.get(gid)
        if rng is None:
            rng = router.streams[gid] = stream(router.seed, "gateway", gid)
        xor_rng[node] = rng.random
    outs_rev = [tuple(reversed(o)) for o in g.outs]
    succ = [tuple(o for o, _ in s) for s in g.succ]      # already reversed, sinks left out
    multi_in = g.multi_in
    ins = g.ins
    start_node = g.start

    def static(stack: list):
        """The token game from ``stack`` when it does not depend on the case: ``(steps,
        new nodes in document order, -1)``; ``(steps, (), gateway)`` when it ends at an
        exclusive gateway with probabilities, nothing else pending; None otherwise."""
        stack = list(stack)
        new: list = []
        n = 0
        while stack:
            node, _source = stack.pop()
            n += 1
            if n > 1000:
                return None
            kind = kinds[node]
            if kind == K_TASK or kind == K_WAIT:
                new.append(node)
            elif kind == K_XOR and node in xor:
                if stack or new:
                    return None
                return (n, (), node)
            elif kind == K_XOR or kind == K_PASS or (kind == K_AND and not multi_in[node]):
                stack.extend((o, node) for o in outs_rev[node])
            elif kind == K_AND:
                return None
        new.sort(key=doc.__getitem__)
        return (n, tuple(new), -1)

    succ_stack = [tuple((o, node) for o in succ[node]) for node in range(n_nodes)]
    after = [static([(o, node) for o in succ[node]]) if kinds[node] in (K_TASK, K_WAIT) else None
             for node in range(n_nodes)]
    at_start = static([(start_node, -1)])
    branch = {node: (tuple((acc, target, static([(target, node)])) for acc, target in table),
                     (last, static([(last, node)])))
              for node, (table, last) in xor.items()}

    out = RunLog(max_steps=sem.max_steps)
    arrival_t = out.arrival
    finish = out.finish
    tally = out.tally = Tally(params, warmup, arrival_t, finish)
    log_append = out.log.append if keep_log else None
    # The tally kept here (handed over by Tally.take at the end), the same sums in the same
    # order as Tally.record / Tally.finished: a running case has one flat list ``[queue,
    # processing, touched groups, steps, live tokens, groups...]`` (carried in its events;
    # the sums are kept for counted cases only); a group is four numbers: per task
    # element (count, wait, processing, outside office hours), per lane (count, wait, 0, 0).
    # When the case finishes its touched groups join the totals, in the order they were first
    # touched. A lane with a single task element needs no group of its own: its waits are
    # that element's waits, added in the same order, so its sums are the element's.
    elem_of: dict[str, int] = {}
    elem_base = [0] * n_nodes
    lane_elems: list[set] = [set() for _ in lane_ids]
    for node, kind in enumerate(kinds):
        if kind == K_TASK:
            b = elem_of.get(eid_of[node])
            if b is None:
                b = elem_of[eid_of[node]] = GROUPS + 4 * len(elem_of)
            elem_base[node] = b
            if lane_no[node] >= 0:
                lane_elems[lane_no[node]].add(b)
    width = GROUPS + 4 * len(elem_of)
    lane_group = []              # per lane: its own group, or (negative) its single element's
    for k in range(len(lane_ids)):
        if len(lane_elems[k]) == 1:
            lane_group.append(-next(iter(lane_elems[k])))
        else:
            lane_group.append(width)
            width += 4
    lane_base = [0] * n_nodes    # per task node: its lane's own group (0: none)
    for node in range(n_nodes):
        if kinds[node] == K_TASK and lane_no[node] >= 0 and lane_group[lane_no[node]] > 0:
            lane_base[node] = lane_group[lane_no[node]]
    base_eid = {b: eid for eid, b in elem_of.items()}
    template = [0.0, 0.0, None, 0, 0] + [0, 0.0, 0.0, 0.0] * ((width - GROUPS) // 4)
    totals = list(template)
    first_counted: list[int] = []      # groups in the order they were first counted
    lane_busy = [0.0] * len(lane_ids)
    hit = [False] * n_nodes
    t0 = math.inf                      # arrival of the first counted case, once known
    queue_case = array("d", [0.0]) * cases
    proc_case = array("d", [0.0]) * cases
    closed = tally.closed_time
    p_lo, p_hi = tally.period

    n_groups = (width - GROUPS) // 4
    uncounted = [n_groups]           # groups not yet counted

    def case_done(case: int, acc: list) -> None:
        """The case ended (``finish[case]`` set): its sums join the totals."""
        if uncounted[0]:
            for b in acc[2]:
                if not totals[b]:
                    first_counted.append(b)
                    uncounted[0] -= 1
                totals[b] += acc[b]
                totals[b + 1] += acc[b + 1]
                totals[b + 2] += acc[b + 2]
                totals[b + 3] += acc[b + 3]
        else:
            for b in acc[2]:
                totals[b] += acc[b]
                totals[b + 1] += acc[b + 1]
                totals[b + 2] += acc[b + 2]
                totals[b + 3] += acc[b + 3]
        queue_case[case] = acc[0]
        proc_case[case] = acc[1]

    def tally_totals() -> tuple[dict, dict]:
        """Per lane [wait sum, count]; per task element [count, wait, processing, outside
        office hours], in the order first counted."""
        waits = {}
        for k, lid in enumerate(lane_ids):
            g = abs(lane_group[k])
            waits[lid] = [totals[g + 1], totals[g]]
        tasks = {base_eid[b]: totals[b:b + 4] for b in first_counted if b in base_eid}
        return waits, tasks
    cap = sem.max_steps
    meter = sem.meter
    start_fixed = at_start is not None and at_start[2] < 0 and meter is None and at_start[0] <= cap
    # per node after an activity: (steps, the activities that always follow) when the token
    # game from there does not depend on the case, else None
    fixed_n = [oc[0] if oc is not None and oc[2] < 0 and meter is None else 0 for oc in after]
    fixed_new = [oc[1] if oc is not None else None for oc in after]
    # per node after an activity that leads to an exclusive gateway whose every branch is
    # then fixed: (steps of the longest way, the gateway's draw, per branch (cumulative
    # probability, steps, activities), the last branch (steps, activities)); else None
    # (the C loop takes these with a meter too: it spends each step as walk() would)
    gate_any: list = [None] * n_nodes
    for node, oc in enumerate(after):
        if oc is None or oc[2] < 0:
            continue
        table, (_, last) = branch[oc[2]]
        ways = [o for _, _, o in table] + [last]
        if all(o is not None and o[2] < 0 for o in ways):
            gate_any[node] = (oc[0] + max(o[0] for o in ways), xor_rng[oc[2]],
                              tuple((p, oc[0] + o[0], o[1]) for p, _, o in table),
                              (oc[0] + last[0], last[1]))
    gate_after = gate_any if meter is None else [None] * n_nodes
    parked: dict[int, dict] = {}
    cut: set = set()
    heap: list = []
    seq = 0
    limit = max_events_per_case * cases + 1000
    events = 0
    done_steps = 0

    def walk(case: int, state: list, stack: list) -> list:
        """The token game of :meth:`CompiledSemantics._flow` for the kinds covered here:
        the nodes of the new activities and waits, in document order (``state``: the
        case's list, its steps so far at STEPS)."""
        new = []
        left = cap - state[STEPS]
        mark = left
        while stack:
            node, source = stack.pop()
            left -= 1
            if left < 0:
                raise CaseCut(case, cap)
            kind = kinds[node]
            if kind == K_TASK or kind == K_WAIT:
                new.append(node)
            elif kind == K_XOR:
                choice = xor.get(node)
                if choice is None:
                    stack.extend([(o, node) for o in outs_rev[node]])
                else:
                    u = xor_rng[node]()
                    table, last = choice
                    for acc, target in table:
                        if u < acc:
                            break
                    else:
                        target = last
                    stack.append((target, node))
            elif kind == K_PASS:
                stack.extend([(o, node) for o in outs_rev[node]])
            elif kind == K_AND:
                if multi_in[node]:
                    joins = parked.get(case)
                    if joins is None:
                        joins = parked[case] = {}
                    counts = joins.get(node)
                    if counts is None:
                        counts = joins[node] = [0] * len(ins[node])
                    counts[ins[node].index(source)] += 1
                    if all(counts):
                        for k in range(len(counts)):
                            counts[k] -= 1
                        if not any(counts):
                            del joins[node]
                            if not joins:
                                del parked[case]
                        stack.extend([(o, node) for o in outs_rev[node]])
                else:
                    stack.extend([(o, node) for o in outs_rev[node]])
            # K_END, K_SINK: the token ends
        state[STEPS] = cap - left
        if meter is not None:
            meter.spend(mark - left)
        if len(new) > 1:
            new.sort(key=doc.__getitem__)
        return new

    def advance(case: int, state: list, oc, stack: list):
        """The token game with the precomputed outcome ``oc`` of ``stack`` (the general
        walk where the outcome depends on the case, or where the step cap may be hit)."""
        if oc is None or meter is not None:
            return walk(case, state, stack)
        left = cap - state[STEPS]
        while True:
            n, new, gateway = oc
            if n > left:
                state[STEPS] = cap - left
                return walk(case, state, stack)      # raises CaseCut where the general loop does
            left -= n
            if gateway < 0:
                state[STEPS] = cap - left
                return new
            u = xor_rng[gateway]()
            table, last = branch[gateway]
            for acc, target, oc in table:
                if u < acc:
                    break
            else:
                target, oc = last
            stack = [(target, gateway)]
            if oc is None:
                state[STEPS] = cap - left
                return walk(case, state, stack)

    def drop(case: int) -> None:
        cut.add(case)
        parked.pop(case, None)

    log = _log
    a_code, a_a, a_b, a_rnd, _, _, _ = _draw(params.arrivals, arrival_rng, False)
    if a_code == 2:
        def next_gap() -> float:
            return -log(1.0 - a_rnd()) / a_a
    elif a_code == 1:
        def next_gap() -> float:
            return a_a
    elif a_code == 3:
        def next_gap() -> float:
            return a_a + a_b * a_rnd()
    else:
        def next_gap() -> float:
            return arrivals(arrival_rng)
    # The C loop (with a meter too: it spends each activation's steps as walk() does)
    cloop = _c_loop() if log_append is None and at_start is not None and at_start[2] < 0 \
        and at_start[0] <= cap else None
    c_calendar = None if calendar.continuous else _c_calendar(calendar)
    if cloop is not None and c_calendar is not False and all(
            after[node] is not None and after[node][2] < 0 or gate_any[node] is not None
            for node in range(n_nodes) if kinds[node] in (K_TASK, K_WAIT)):
        streams = [arrival_rng] + [d[5] for d in draw if d[5] is not None] + \
            [f.__self__ for f in xor_rng.values()]
        states = [rng.getstate() for rng in streams]
        spent = meter.spent if meter is not None else 0
        # C integers: a count no run can reach stands for any larger one (a lane never has
        # more people busy than cases, a case never more steps than the cap...)
        big = 1 << 62
        ran = cloop.run({
            "n_nodes": n_nodes, "cases": cases, "warmup": min(warmup, big), "cap": min(cap, big),
            "limit": min(limit, big), "groups_at": GROUPS, "width": width,
            "capacity": [min(c, cases + 1) for c in capacity], "draw": draw,
            "lane_no": lane_no, "is_wait": is_wait, "elem_base": elem_base,
            "lane_base": lane_base, "closed": closed, "p_lo": p_lo, "p_hi": p_hi,
            "fixed": [(after[node][0], after[node][1]) if after[node] is not None
                      and after[node][2] < 0 else None for node in range(n_nodes)],
            "gate": gate_any, "start": (at_start[0], at_start[1]), "meter": meter,
            "too_many": _too_many, "arrivals": arrivals, "arrival_rng": arrival_rng,
            "a_rnd": a_rnd, "a_code": a_code, "a_a": a_a, "a_b": a_b,
            "arrival_calendar": arrival_calendar, "calendar": c_calendar,
        }, queue_case, proc_case)
        if ran is not None:
            arrival_t.extend(ran["arrival"])
            finish.extend(ran["finish"])
            totals[:] = ran["totals"]
            first_counted[:] = ran["first_counted"]
            lane_busy[:] = ran["lane_busy"]
            hit[:] = ran["hit"]
            sem.done_steps += ran["done_steps"]
            t0 = ran["t0"]
            tally.period = (ran["p_lo"], ran["p_hi"])
            return _finish_fast(out, tally, ran["t"], ran["events"], [], finish, eid_of, hit,
                                lane_ids, lane_busy, tally_totals, queue_case, proc_case, t0)
        for rng, state in zip(streams, states):     # a case reached the step cap: the
            rng.setstate(state)                     # Python loop runs from the start
        if meter is not None:
            meter.spent = spent
        for k in range(len(proc_case)):
            queue_case[k] = proc_case[k] = 0.0
    heappush(heap, (next_gap() if not arrival_calendar
                    else add_elapsed(0.0, next_gap()), 0, -1, 0, 0.0, 0.0, None))
    t = 0.0
    fifo: deque = deque()    # waits of a fixed duration, in (time, seq) order (see below)
    while True:
        if fifo and (not heap or fifo[0] < heap[0]):
            t, _, node, case, enq, start, acc = fifo.popleft()
        elif heap:
            t, _, node, case, enq, start, acc = heappop(heap)
        else:
            break
        events += 1
        if events > limit:
            raise SimulationError("SIM-RUNTIME", case=str(case),
                                  detail="terlalu banyak peristiwa; periksa putaran (loop) "
                                         "tanpa akhir pada peta atau ppb:peluang-nya")
        if node >= 0:
            k = lane_no[node]
            if cut and case in cut:
                if k < 0:
                    continue
            elif is_wait[node]:
                hit[node] = True
                if log_append is not None:
                    log_append((case, eid_of[node], None, enq, enq, t, 2))
            else:                     # Tally.record of a finished activity, inline
                hit[node] = True
                if log_append is not None:
                    log_append((case, eid_of[node], lane_id[node], enq, start, t, 0))
                proc = t - start
                if k >= 0:
                    if warmup:
                        lo = start if start > t0 else t0
                        if t > lo:
                            lane_busy[k] += t - lo
                    else:   # every start is at or after the first arrival: lo is start
                        lane_busy[k] += proc
                if case >= warmup:
                    wait = start - enq
                    acc[0] += wait
                    acc[1] += proc
                    b = lane_base[node]
                    if b:
                        if not acc[b]:
                            acc[2].append(b)
                        acc[b] += 1
                        acc[b + 1] += wait
                    b = elem_base[node]
                    if not acc[b]:
                        acc[2].append(b)
                    acc[b] += 1
                    acc[b + 1] += wait
                    acc[b + 2] += proc
                    if closed is not None and not (p_lo < enq and t <= p_hi):
                        out_h, p_lo, p_hi = closed(enq, t)
                        acc[b + 3] += out_h
            if k >= 0:
                queue = queues[k]     # the lane takes its next activity (FIFO)
                while queue:
                    c2, n2, e2, acc2 = queue.popleft()
                    if not (cut and c2 in cut):
                        code, a, b, rnd, sampler, rng, on_clock = draw[n2]
                        seq += 1
                        d = (-log(1.0 - rnd()) / a if code == 2 else a if code == 1
                             else a + b * rnd() if code == 3
                             else max(0.0, rnd(a, b)) if code == 4 else sampler(rng))
                        heappush(heap, (add_elapsed(t, d) if on_clock else t + d, seq, n2,
                                        c2, e2, t, acc2))
                        break
                else:
                    busy[k] -= 1
                if cut and case in cut:
                    continue
            n_fixed = fixed_n[node]
            if n_fixed and acc[STEPS] + n_fixed <= cap:
                acc[STEPS] += n_fixed   # the usual step: the same activities follow every time
                new = fixed_new[node]
            elif gate_after[node] is not None and acc[STEPS] + gate_after[node][0] <= cap:
                _, draw_u, ways, (n_fixed, new) = gate_after[node]   # advance() inline
                u = draw_u()
                for p_way, n_way, new_way in ways:
                    if u < p_way:
                        n_fixed, new = n_way, new_way
                        break
                acc[STEPS] += n_fixed
            else:
                try:
                    new = advance(case, acc, after[node], list(succ_stack[node]))
                except CaseCut:
                    drop(case)
                    continue
            n_new = len(new)
            if n_new != 1:
                rest = acc[LIVE] - 1 + n_new
                if not rest and case not in parked:
                    done_steps += acc[STEPS]
                    finish[case] = t
                    if case >= warmup:
                        case_done(case, acc)
                    continue
                acc[LIVE] = rest
        else:
            arrival_t.append(t)
            finish.append(None)
            if case == warmup:
                t0 = t
            acc = template.copy()
            acc[2] = []
            if case + 1 < cases:
                seq += 1
                gap = -log(1.0 - a_rnd()) / a_a if a_code == 2 else next_gap()
                heappush(heap, (add_elapsed(t, gap) if arrival_calendar else t + gap, seq, -1,
                                case + 1, 0.0, 0.0, None))
            if start_fixed:
                acc[STEPS] = at_start[0]
                new = at_start[1]
            else:
                try:
                    new = advance(case, acc, at_start, [(start_node, -1)])
                except CaseCut:
                    drop(case)
                    continue
            if not new and case not in parked:
                done_steps += acc[STEPS]
                finish[case] = t
                if case >= warmup:
                    case_done(case, acc)
                continue
            acc[LIVE] = len(new)
        for n2 in new:
            code, a, b, rnd, sampler, rng, on_clock = draw[n2]
            if is_wait[n2]:
                d = (-log(1.0 - rnd()) / a if code == 2 else a if code == 1
                     else a + b * rnd() if code == 3
                     else max(0.0, rnd(a, b)) if code == 4 else sampler(rng))
                seq += 1
                fire = add_elapsed(t, d) if on_clock else t + d
                # a wait ending no earlier than the last one queued goes behind it: the
                # queue stays in (time, seq) order and the heap small (timers of a day)
                if not fifo or fire >= fifo[-1][0]:
                    fifo.append((fire, seq, n2, case, t, t, acc))
                else:
                    heappush(heap, (fire, seq, n2, case, t, t, acc))
                continue
            k = lane_no[n2]
            if k >= 0:
                if busy[k] >= capacity[k]:
                    queues[k].append((case, n2, t, acc))
                    continue
                busy[k] += 1
            seq += 1
            d = (-log(1.0 - rnd()) / a if code == 2 else a if code == 1
                 else a + b * rnd() if code == 3
                 else max(0.0, rnd(a, b)) if code == 4 else sampler(rng))
            heappush(heap, (add_elapsed(t, d) if on_clock else t + d, seq, n2, case, t, t, acc))
    sem.done_steps += done_steps
    tally.period = (p_lo, p_hi)
    return _finish_fast(out, tally, t, events, cut, finish, eid_of, hit, lane_ids, lane_busy,
                        tally_totals, queue_case, proc_case, t0)


def _finish_fast(out, tally, t: float, events: int, cut, finish: list, eid_of: list,  # noqa: ANN001, PLR0913
                 hit: list, lane_ids: list, lane_busy: list, tally_totals, queue_case,
                 proc_case, t0: float):
    """The end of :func:`run_fast` (either loop): the run's log and the tally's totals."""
    out.horizon = t
    out.events = events
    out.cut = sorted(cut)
    out.unfinished = [c for c, f in enumerate(finish) if f is None and c not in cut]
    waits, tasks = tally_totals()
    tally.take([eid_of[node] for node in range(len(hit)) if hit[node]],
               {lid: lane_busy[k] for k, lid in enumerate(lane_ids)}, waits, tasks,
               queue_case, proc_case, None if t0 == math.inf else t0)
    tally.close(t)
    return out


def _too_many(case: int) -> None:
    from .errors import SimulationError

    raise SimulationError("SIM-RUNTIME", case=str(case),
                          detail="terlalu banyak peristiwa; periksa putaran (loop) "
                                 "tanpa akhir pada peta atau ppb:peluang-nya")


_CLOOP: list = []      # the C loop module once looked for (empty list: not yet)


def _c_loop():  # noqa: ANN202
    """:mod:`validator.sim.cloop` when it is built from the source beside it (``make``
    builds it; ``tools/build_ext.py``) and not switched off (``PPB_SIM_CLOOP=0``), else
    None: the Python loop of :func:`run_fast` then runs, with the same results."""
    if not _CLOOP:
        from ..cext import load

        _CLOOP.append(load("validator.sim.cloop", "PPB_SIM_CLOOP"))
    return _CLOOP[0]


def _c_calendar(calendar):  # noqa: ANN001, ANN202
    """What the C loop needs of an office calendar: ``(read_day, refuse)``, day ``i``'s
    opening periods and their sum as :func:`~validator.sim.kernel.elapsed_adder`'s table
    has them, and the calendar's own refusal; False for a calendar with its own rule."""
    from datetime import timedelta

    from .params import Calendar

    if type(calendar).add_elapsed is not Calendar.add_elapsed:
        return False
    first = calendar.start.date()
    read = calendar._open  # noqa: SLF001 - the calendar's own reading of a day

    def read_day(i: int) -> tuple:
        hours = tuple(read(first + timedelta(days=i)))
        return hours, sum(b - a for a, b in hours)
    return read_day, calendar.add_elapsed
