"""The reference engine: SpiffWorkflow runs every case.

Each case is a ``BpmnWorkflow`` of the sanitised spec. READY manual tasks are activities
(the kernel queues them on their lane and draws their duration); WAITING catch events that
the sanitiser turned into ``ppb_wait__<id>`` messages are waits (the kernel fires them in
simulated time, and this engine then delivers the message to exactly that task). Branch
conditions call :class:`~validator.sim.kernel.Router` through the script engine, so
SpiffWorkflow decides the token flow while the random numbers come from our streams.
That script engine evaluates nothing: it recognises the sanitiser's branch calls and
whole numbers by a regular expression and refuses every other expression, script and
service call (SIM-EKSPRESI), and its environment refuses everything too.
Several pools run as the participants of one collaboration workflow (Spiff starts a pool
whose start event catches a message when the message comes); messages between them go
through a :class:`~validator.sim.kernel.Mailbox`: a sending activity sends when it ends,
a sending throw/end event throws ``ppb_send__<id>``, which this engine forwards to the
receivers of its message flows. Multi-instance activities are Spiff's own (each instance
is a ready manual task that queues on its lane).
Slow (SpiffWorkflow walks its task tree at every step) but it is the semantics the
compiled engine is tested against. Every task SpiffWorkflow runs for a case (and every
activity or wait the kernel ends) is a step of that case; past ``max_steps`` the case is
cut (:class:`~validator.sim.kernel.CaseCut`) before Spiff runs anything more for it, and
its workflow is dropped.
"""
from __future__ import annotations

from .budget import max_steps_per_case
from .errors import SimulationError
from .kernel import CaseCut, Item, Mailbox, Router
from .loader import LoadedMap, _spiff_detail
from .sanitize import CARDINALITY_RE, MSG_PREFIX, SEND_PREFIX, WAIT_PREFIX, parse_route


_WHAT_EN = {"ekspresi": "an expression", "skrip": "a script",
            "pemanggilan layanan": "a service call"}


def _refused(what: str, task=None) -> SimulationError:  # noqa: ANN001
    """SIM-EKSPRESI naming the element (never the map's text, which stays unread)."""
    where = getattr(getattr(task, "task_spec", None), "bpmn_id", None)
    return SimulationError("SIM-EKSPRESI", where, what=what, what_en=_WHAT_EN[what],
                           where=f" pada '{where}'" if where else "",
                           where_en=f" at '{where}'" if where else "")


def _engine_class():
    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
    from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

    class RefusingEnvironment(BasePythonScriptEngineEnvironment):
        """Where SpiffWorkflow would ``eval``/``exec`` (some of its code paths, such as
        correlation retrieval expressions and completion conditions, call the environment
        directly, not the engine): everything is refused."""

        def evaluate(self, expression, context, external_context=None):  # noqa: ANN001, ARG002
            raise _refused("ekspresi")

        def execute(self, script, context, external_context=None):  # noqa: ANN001, ARG002
            raise _refused("skrip")

        def call_service(self, context, **kwargs):  # noqa: ANN001, ARG002
            raise _refused("pemanggilan layanan")

    class RouteEngine(PythonScriptEngine):
        """The only script engine the simulation gives SpiffWorkflow. It answers exactly two
        kinds of text, both written by the sanitiser and matched by a regular expression,
        never evaluated: a branch call ``ppb_route('<gateway>', '<flow>')`` (the
        simulation's branch choice) and a whole number (a multi-instance cardinality).
        Anything else, every script and every service call raise SIM-EKSPRESI."""

        def __init__(self, router: Router, back: dict) -> None:
            super().__init__(environment=RefusingEnvironment())
            self.router = router
            self.back = back          # Spiff id -> our id
            self.choices: dict = {}   # gateway task id -> chosen flows, for one step
            self.parsed: dict = {}

        def evaluate(self, task, expression, external_context=None):  # noqa: ANN001, ARG002
            hit = self.parsed.get(expression) if isinstance(expression, str) else None
            if hit is None:
                route = parse_route(expression)
                if route is None:
                    if isinstance(expression, str) and CARDINALITY_RE.fullmatch(expression.strip()):
                        return int(expression.strip())
                    raise _refused("ekspresi", task)
                gw, flow = route
                hit = self.parsed[expression] = (self.back.get(gw, gw), self.back.get(flow, flow))
            chosen = self.choices.get(task.id)
            if chosen is None:
                chosen = self.choices[task.id] = self.router.choose(hit[0])
            return hit[1] in chosen

        def execute(self, task, script, external_context=None):  # noqa: ANN001, ARG002
            raise _refused("skrip", task)

        def call_service(self, task, **kwargs):  # noqa: ANN001, ARG002
            raise _refused("pemanggilan layanan", task)

        def validate(self, expression):  # noqa: ANN001
            if parse_route(expression) is None:
                raise _refused("ekspresi")

    return RouteEngine


class SpiffSemantics:
    """Case semantics of the reference engine (see :mod:`validator.sim.kernel`)."""

    name = "reference"

    def __init__(self, loaded: LoadedMap, seed: int, max_steps: int | None = None,
                 meter=None) -> None:  # noqa: ANN001
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
        self.COMPLETED = TaskState.COMPLETED
        plan = loaded.plan
        self.senders = dict(plan.senders) if plan is not None else {}
        self.starters = set(plan.starters) if plan is not None else set()
        self.main = loaded.main_process
        self.mailbox = Mailbox()
        self.finished: set[int] = set()
        self.mi_sent: dict = {}
        self.cardinality = loaded.cardinality
        self.spiff_id = loaded.sanitized.spiff_id
        self.max_steps = max_steps if max_steps is not None else max_steps_per_case()
        self.steps: dict[int, int] = {}    # running case -> tasks SpiffWorkflow ran for it
        self._case = -1                    # the case of the step under way
        self.meter = meter                 # budget.Meter of the whole run, or None

    def _tick(self, task=None) -> None:  # noqa: ANN001, ARG002
        """One step of the current case (SpiffWorkflow is about to run a task): past the
        cap the case is cut, before Spiff goes on (a loop that never ends stops here)."""
        case = self._case
        n = self.steps.get(case, 0) + 1
        self.steps[case] = n
        if n > self.max_steps:
            raise CaseCut(case, self.max_steps)
        if self.meter is not None:
            self.meter.spend_reference(n)

    def drop(self, case: int) -> None:
        """Forget a case the kernel stopped at the step cap (its task tree goes too)."""
        self.workflows.pop(case, None)
        self.known.pop(case, None)
        self.steps.pop(case, None)
        self.mailbox.forget(case)
        self.finished.discard(case)

    def lingering(self) -> int:
        """Cases whose main pool finished while another pool still waits."""
        return sum(1 for c in self.workflows if c in self.finished)

    # -- semantics API ---------------------------------------------------------
    def new_case(self, case: int, t: float):
        try:
            wf = self._Workflow(self.loaded.spec, self.loaded.subprocess_specs,
                                script_engine=self.engine)
            self.workflows[case] = wf
            self.known[case] = {}
            self.engine.choices.clear()
            self._case = case
            wf.do_engine_steps(will_complete_task=self._tick)
            triggered = self._dispatch(case, wf, []) if self.senders else None
        except (SimulationError, CaseCut):
            raise
        except Exception as exc:  # noqa: BLE001
            raise SimulationError("SIM-RUNTIME", case=str(case + 1), detail=_spiff_detail(exc)) from None
        return self._collect(case, wf, triggered)

    def complete(self, item: Item, t: float):
        wf = self.workflows[item.case]
        self.known[item.case].pop(item.ref.id, None)
        try:
            self.engine.choices.clear()
            self._case = item.case
            self._tick()
            item.ref.run()
            wf.do_engine_steps(will_complete_task=self._tick)
            triggered = None
            if self.senders:
                sent = [item.eid] if item.eid in self.senders and self._mi_last(item) else []
                triggered = self._dispatch(item.case, wf, sent)
        except (SimulationError, CaseCut):
            raise
        except Exception as exc:  # noqa: BLE001
            raise SimulationError("SIM-RUNTIME", case=str(item.case + 1), detail=_spiff_detail(exc)) from None
        return self._collect(item.case, wf, triggered)

    def fire(self, item: Item, t: float):
        from SpiffWorkflow.bpmn.util import BpmnEvent

        wf = self.workflows[item.case]
        self.known[item.case].pop(self._key(item), None)
        task = item.ref
        try:
            self.engine.choices.clear()
            self._case = item.case
            self._tick()
            definition = item.extra if item.extra is not None else task.task_spec.event_definition
            event = BpmnEvent(definition, payload={})
            task.task_spec.catch(task, event)
            task.task_spec._update(task)
            wf.do_engine_steps(will_complete_task=self._tick)
            triggered = self._dispatch(item.case, wf, []) if self.senders else None
        except (SimulationError, CaseCut):
            raise
        except Exception as exc:  # noqa: BLE001
            raise SimulationError("SIM-RUNTIME", case=str(item.case + 1), detail=_spiff_detail(exc)) from None
        return self._collect(item.case, wf, triggered)

    # -- helpers -----------------------------------------------------------------
    @staticmethod
    def _key(item: Item):
        if item.extra is None:
            return item.ref.id
        defs = item.ref.task_spec.event_definition.event_definitions
        return (item.ref.id, defs.index(item.extra))

    def _mi_last(self, item: Item) -> bool:
        """A multi-instance activity sends its messages once, when its last instance ends."""
        n = self.cardinality.get(item.eid, 1)
        if n <= 1:
            return True
        key = (item.case, item.eid)
        done = self.mi_sent.get(key, 0) + 1
        self.mi_sent[key] = done % n
        return done % n == 0

    def _dispatch(self, case: int, wf, sent: list) -> list:
        """Forward the messages of this step: ``sent`` (activities that ended) and the
        ``ppb_send__`` events thrown. A message to a start event starts its pool; any other
        goes to the mailbox. Returns the waits the messages end."""
        from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
        from SpiffWorkflow.bpmn.util import BpmnEvent

        queue = list(sent) + self._thrown(wf)
        triggered = []
        while queue:
            sender = queue.pop(0)
            for target in self.senders.get(sender, ()):
                name = MSG_PREFIX + self.spiff_id(target)
                if target in self.starters:
                    wf.catch(BpmnEvent(MessageEventDefinition(name), payload={}))
                    wf.do_engine_steps(will_complete_task=self._tick)
                    queue.extend(self._thrown(wf))
                    continue
                hit = self.mailbox.post(case, name)
                if hit is not None:
                    triggered.append(hit)
        return triggered

    def _thrown(self, wf) -> list:
        out = []
        for event in wf.get_events():
            name = getattr(event.event_definition, "name", "") or ""
            if name.startswith(SEND_PREFIX):
                sid = name[len(SEND_PREFIX):]
                out.append(self.back.get(sid, sid))
        return sorted(out, key=lambda e: self.order.get(e, 1 << 30))

    def _collect(self, case: int, wf, triggered: list | None = None):
        known = self.known[case]
        new = []
        cancelled = []
        triggered = triggered if triggered is not None else []
        READY, WAITING = self.READY, self.WAITING
        for key, item in list(known.items()):
            state = item.ref.state
            if (state != WAITING) if item.wait else (state != READY):
                cancelled.append(item)
                del known[key]
                if item.msg is not None:
                    self.mailbox.drop(item)
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
                msg = name.startswith(MSG_PREFIX)
                if not (msg or name.startswith(WAIT_PREFIX)) or key in known:
                    continue
                if idx is not None:
                    sid = name[len(MSG_PREFIX if msg else WAIT_PREFIX):]
                    eid = self.back.get(sid, sid)
                else:
                    eid = self.back.get(spec.bpmn_id, spec.bpmn_id)
                if msg and eid in self.starters:
                    continue  # a pool not started yet: the message starts it
                item = Item(case, eid, None, True, self.order.get(eid, 1 << 30), task)
                if idx is not None:
                    item.extra = definition
                known[key] = item
                new.append(item)
                if msg:
                    item.msg = name
        if self.senders:
            for item in sorted((i for i in new if i.msg is not None), key=lambda i: i.order):
                if self.mailbox.wait(item):
                    triggered.append(item)
        if self.main is None:
            done = wf.is_completed()
            if done:
                del self.workflows[case]
                del self.known[case]
                self.steps.pop(case, None)
            return new, cancelled, done, triggered
        done = False
        if case not in self.finished and wf.get_next_task(spec_name=self.main,
                                                          state=self.COMPLETED) is not None:
            self.finished.add(case)
            done = True
        if not known:  # nothing ready or waiting: nothing more can happen in this case
            del self.workflows[case]
            del self.known[case]
            self.steps.pop(case, None)
            self.mailbox.forget(case)
            self.finished.discard(case)
        return new, cancelled, done, triggered
