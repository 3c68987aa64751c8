"""The reference engine: SpiffWorkflow runs every case.

Each case is a ``BpmnWorkflow`` of the sanitised spec. READY manual tasks are activities
(the kernel queues them on their lane and draws their duration); WAITING catch events that
the sanitiser turned into ``ppb_wait__<id>`` messages are waits (the kernel fires them in
simulated time, and this engine then delivers the message to exactly that task). Branch
conditions call :class:`~validator.sim.kernel.Router` through the script engine, so
SpiffWorkflow decides the token flow while the random numbers come from our streams.
Slow (SpiffWorkflow walks its task tree at every step) but it is the semantics the
compiled engine is tested against.
"""
from __future__ import annotations

import ast

from .errors import SimulationError
from .kernel import Item, Router
from .loader import LoadedMap, _spiff_detail
from .sanitize import ROUTE_FUNCTION, WAIT_PREFIX


def _engine_class():
    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

    class RouteEngine(PythonScriptEngine):
        """Evaluates ``ppb_route(gateway, flow)`` with the simulation's branch choice."""

        def __init__(self, router: Router, back: dict) -> None:
            super().__init__()
            self.router = router
            self.back = back          # Spiff id -> our id
            self.choices: dict = {}   # gateway task id -> chosen flows, for one step
            self.parsed: dict = {}

        def evaluate(self, task, expression, external_context=None):
            if expression.startswith(ROUTE_FUNCTION + "("):
                hit = self.parsed.get(expression)
                if hit is None:
                    call = ast.parse(expression, mode="eval").body
                    gw, flow = (a.value for a in call.args)
                    hit = self.parsed[expression] = (self.back.get(gw, gw), self.back.get(flow, flow))
                chosen = self.choices.get(task.id)
                if chosen is None:
                    chosen = self.choices[task.id] = self.router.choose(hit[0])
                return hit[1] in chosen
            return super().evaluate(task, expression, external_context)

    return RouteEngine


class SpiffSemantics:
    """Case semantics of the reference engine (see :mod:`validator.sim.kernel`)."""

    name = "reference"

    def __init__(self, loaded: LoadedMap, seed: int) -> None:
        from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
        from SpiffWorkflow.util.task import TaskState

        self._Workflow = BpmnWorkflow
        self.READY = TaskState.READY
        self.WAITING = TaskState.WAITING
        self.loaded = loaded
        self.params = loaded.params
        self.router = Router(loaded.params, seed)
        self.router.inclusive = {n.id for n in loaded.nodes if n.type == "InclusiveGateway"}
        self.back = {v: k for k, v in loaded.sanitized.renamed.items()}
        self.engine = _engine_class()(self.router, self.back)
        self.order = {n.id: i for i, n in enumerate(loaded.nodes)}
        self.workflows: dict[int, object] = {}
        self.known: dict[int, dict] = {}
        self.created = 0

    # -- semantics API ---------------------------------------------------------
    def new_case(self, case: int, t: float):
        try:
            wf = self._Workflow(self.loaded.spec, self.loaded.subprocess_specs,
                                script_engine=self.engine)
            self.workflows[case] = wf
            self.known[case] = {}
            self.engine.choices.clear()
            wf.do_engine_steps()
        except SimulationError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise SimulationError("SIM-RUNTIME", case=str(case + 1), detail=_spiff_detail(exc)) from None
        return self._collect(case, wf)

    def complete(self, item: Item, t: float):
        wf = self.workflows[item.case]
        self.known[item.case].pop(item.ref.id, None)
        try:
            self.engine.choices.clear()
            item.ref.run()
            wf.do_engine_steps()
        except Exception as exc:  # noqa: BLE001
            raise SimulationError("SIM-RUNTIME", case=str(item.case + 1), detail=_spiff_detail(exc)) from None
        return self._collect(item.case, wf)

    def fire(self, item: Item, t: float):
        from SpiffWorkflow.bpmn.util import BpmnEvent

        wf = self.workflows[item.case]
        self.known[item.case].pop(self._key(item), None)
        task = item.ref
        try:
            self.engine.choices.clear()
            definition = item.extra if item.extra is not None else task.task_spec.event_definition
            event = BpmnEvent(definition, payload={})
            task.task_spec.catch(task, event)
            task.task_spec._update(task)
            wf.do_engine_steps()
        except Exception as exc:  # noqa: BLE001
            raise SimulationError("SIM-RUNTIME", case=str(item.case + 1), detail=_spiff_detail(exc)) from None
        return self._collect(item.case, wf)

    # -- helpers -----------------------------------------------------------------
    @staticmethod
    def _key(item: Item):
        if item.extra is None:
            return item.ref.id
        defs = item.ref.task_spec.event_definition.event_definitions
        return (item.ref.id, defs.index(item.extra))

    def _collect(self, case: int, wf):
        known = self.known[case]
        new = []
        cancelled = []
        READY, WAITING = self.READY, self.WAITING
        for key, item in list(known.items()):
            state = item.ref.state
            if (state != WAITING) if item.wait else (state != READY):
                cancelled.append(item)
                del known[key]
        for task in wf.get_tasks(state=READY | WAITING):
            spec = task.task_spec
            if task.state == READY:
                if not spec.manual or task.id in known:
                    continue
                eid = self.back.get(spec.bpmn_id, spec.bpmn_id)
                item = Item(case, eid, self.params.lane_of.get(eid), False,
                            self.order.get(eid, 1 << 30), task)
                known[task.id] = item
                new.append(item)
                continue
            ed = getattr(spec, "event_definition", None)
            # an event-based gateway waits for the events of the catch events behind it
            defs = getattr(ed, "event_definitions", None) if spec.outputs and \
                type(ed).__name__ == "MultipleEventDefinition" else None
            for idx, definition in (enumerate(defs) if defs else [(None, ed)]):
                name = getattr(definition, "name", "") or ""
                key = task.id if idx is None else (task.id, idx)
                if not name.startswith(WAIT_PREFIX) or key in known:
                    continue
                eid = name[len(WAIT_PREFIX):] if idx is not None else \
                    self.back.get(spec.bpmn_id, spec.bpmn_id)
                item = Item(case, eid, None, True, self.order.get(eid, 1 << 30), task)
                if idx is not None:
                    item.extra = definition
                known[key] = item
                new.append(item)
        done = wf.is_completed()
        if done:
            del self.workflows[case]
            del self.known[case]
        return new, cancelled, done
