"""The cost of a simulation, estimated before it runs, and the limits it is held to.

A *step* is one flow node a token enters (an event, a gateway, an activity). The expected
number of steps of one case is read from the map: its flows and the branch probabilities
(``ppb:peluang``) make an absorbing Markov chain, whose expected number of visits to
each node solves ``x = b + W^T x`` (``b``: one token at the start event; ``W``: the share
of a node's tokens each outgoing flow takes). A loop whose back edge has probability near
1 gives a large expected length; one that never exits has none (the case would run
forever); entering a process or sub-process is one step more. Parallel splits send a token down every flow and parallel joins merge them;
inclusive splits take each flow with its probability; an event-based gateway is split
evenly; an activity with boundary events leaves through an interrupting boundary as often
as through its normal flow (each shares equally) and through a non-interrupting one half
as often; a sub-process or a called process costs its own expected steps each time it
runs, a multi-instance activity its number of instances; every pool that runs with the
case is counted once. This is an estimate of the order of magnitude, not a promise.

The cost of a run is ``cases x replications x min(steps per case, cap)`` (the cap is the
per-case step limit, so that a loop that never ends still costs a bounded amount). The
limits apply to the *weighted* cost, in steps of the compiled engine: for the compiled
engine the same number; the reference engine (SpiffWorkflow) is far slower per step and
walks the whole task tree of a case at every step, so that a case of ``L`` steps costs
about ``REFERENCE_FACTOR x L x (1 + L / REFERENCE_TREE)`` compiled steps.

Settings, read at call time: the environment variables ``PPB_SIM_INLINE_BUDGET``,
``PPB_SIM_HARD_BUDGET`` and ``PPB_SIM_MAX_STEPS_PER_CASE``; on the server the Flask
``app.config`` keys of the same name without ``PPB_`` win (pass ``config``).

- ``SIM_INLINE_BUDGET`` (:data:`DEFAULTS`): a request on the server whose weighted cost is
  above it runs as a job instead of inside the request;
- ``SIM_HARD_BUDGET``: a job above it is refused at submission (``SIM_BUDGET``, 422);
- ``SIM_MAX_STEPS_PER_CASE``: a case stops after this many steps, under both engines; the
  result then says how many cases were cut and that its numbers are not complete.
"""
from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass

from ..graphs import strongly_connected

log = logging.getLogger(__name__)

DEFAULTS = {
    "SIM_INLINE_BUDGET": 2_000_000,
    "SIM_HARD_BUDGET": 50_000_000,
    "SIM_MAX_STEPS_PER_CASE": 10_000,
}
# The reference engine's cost per case, in compiled-engine steps, fitted to measurements on
# one machine: the 4-lane permit model (about 10 steps a case: 40-60x slower than the
# compiled engine per case) and the looping map of tests/security/test_sim_budget.py with
# a terminate end event (33, 350 and 790 steps a case: 5 ms, 0.46 s and 1.7 s per case,
# while the compiled engine takes about 2.5 microseconds a step).
REFERENCE_FACTOR = 50
REFERENCE_TREE = 40
DENSE_LIMIT = 80             # strongly connected parts up to this size are solved exactly
WORK_BUDGET = 3_000_000      # arithmetic steps for a whole estimate (a hostile map cannot
                             # make the estimate itself slow); past it: "at most the cap"


def setting(key: str, config=None) -> int:  # noqa: ANN001
    """A limit of :data:`DEFAULTS`: ``config[key]`` (the server's app.config) when given,
    else the environment variable ``PPB_<key>``, else the default. A value that is not a
    positive whole number is logged and the default used."""
    raw = None
    if config is not None:
        raw = config.get(key)
    if raw in (None, ""):
        raw = os.environ.get("PPB_" + key)
    if raw in (None, ""):
        return DEFAULTS[key]
    try:
        value = int(str(raw).strip().replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        log.warning("%s=%r is not a positive whole number; using %s", key, raw, DEFAULTS[key])
        return DEFAULTS[key]
    return value


def max_steps_per_case(config=None) -> int:  # noqa: ANN001
    return setting("SIM_MAX_STEPS_PER_CASE", config)


def inline_budget(config=None) -> int:  # noqa: ANN001
    return setting("SIM_INLINE_BUDGET", config)


def hard_budget(config=None) -> int:  # noqa: ANN001
    return setting("SIM_HARD_BUDGET", config)


def number_id(value: float, decimals: int = 0) -> str:
    """A number written the Indonesian way: 60.000.000, 3.002,5."""
    if value is None or math.isinf(value) or math.isnan(value):
        return "tak terhingga"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@dataclass
class Cost:
    """What a simulation is expected to cost."""

    cases: int
    replications: int
    steps_per_case: float          # expected steps of one case (math.inf: a loop never ends)
    max_steps: int                 # the per-case cap the run applies
    engine: str                    # "compiled" or "reference": the engine the run will use
    has_loops: bool = False
    unknown: bool = False          # the map was too intricate to estimate: cap assumed

    @property
    def factor(self) -> float:
        """Weighted over plain steps: 1 for the compiled engine."""
        return 1.0 if self.engine != "reference" else self.weighted / max(1, self.total_steps)

    @property
    def bounded_steps_per_case(self) -> float:
        return min(self.steps_per_case, float(self.max_steps))

    @property
    def total_steps(self) -> int:
        """cases x replications x steps per case (at most the cap)."""
        return int(math.ceil(self.cases * self.replications * self.bounded_steps_per_case))

    @property
    def weighted(self) -> int:
        """The total in compiled-engine steps: the number the limits apply to."""
        if self.engine != "reference":
            return self.total_steps
        per = self.bounded_steps_per_case
        return int(math.ceil(self.cases * self.replications * REFERENCE_FACTOR * per
                             * (1 + per / REFERENCE_TREE)))

    @property
    def over_cap(self) -> bool:
        """Most cases would reach the per-case cap (the map's loops hardly ever end)."""
        return self.steps_per_case > self.max_steps

    @property
    def description(self) -> str:
        """The estimate in words, in Indonesian (see :meth:`describe`)."""
        return self.describe("id")

    def describe(self, lang: str = "id") -> str:
        if lang == "en":
            per = "unbounded" if math.isinf(self.steps_per_case) else f"{self.steps_per_case:,.1f}"
            if self.unknown:
                per = f"at most {self.max_steps:,} (the map is too intricate to estimate)"
            elif self.over_cap:
                per += f" (counted as the limit, {self.max_steps:,})"
            text = (f"Estimated cost: {self.cases:,} cases x {self.replications:,} replications x "
                    f"{per} steps per case = {self.total_steps:,} steps "
                    f"({'compiled' if self.engine == 'compiled' else 'reference'} engine")
            text += (f"; the same as {self.weighted:,} compiled-engine steps)"
                     if self.engine == "reference" else ")")
            if self.over_cap:
                text += (f". A case may take more than the limit of {self.max_steps:,} "
                         "steps (check the map's loops and ppb:peluang): many cases will be stopped "
                         "there and the results will not be complete")
            return text + "."
        per = number_id(self.steps_per_case, 1) if not math.isinf(self.steps_per_case) \
            else "tak terhingga"
        if self.unknown:
            per = f"paling banyak {number_id(self.max_steps)} (peta terlalu rumit untuk diperkirakan)"
        elif self.over_cap:
            per += f" (dihitung sebesar batasnya, {number_id(self.max_steps)})"
        engine = "mesin terkompilasi" if self.engine == "compiled" else "mesin referensi"
        text = (f"Perkiraan beban: {number_id(self.cases)} kasus x {number_id(self.replications)} "
                f"replikasi x {per} langkah per kasus = {number_id(self.total_steps)} langkah "
                f"({engine}")
        text += (f"; setara {number_id(self.weighted)} langkah mesin terkompilasi)"
                 if self.engine == "reference" else ")")
        if self.over_cap:
            text += (f". Satu kasus dapat melampaui batas {number_id(self.max_steps)} langkah "
                     "(periksa putaran/loop dan ppb:peluang pada peta): banyak kasus akan dihentikan "
                     "pada batas itu dan hasilnya tidak lengkap")
        return text + "."

    def as_dict(self) -> dict:
        return {"cases": self.cases, "replications": self.replications,
                "stepsPerCase": None if math.isinf(self.steps_per_case) else self.steps_per_case,
                "maxStepsPerCase": self.max_steps, "totalSteps": self.total_steps,
                "engine": self.engine, "weightedSteps": self.weighted,
                "hasLoops": self.has_loops, "overCap": self.over_cap, "unknown": self.unknown,
                "description": self.describe("id")}


class Meter:
    """The weighted steps a run has taken (see :class:`Cost`), shared by its replications;
    past ``limit`` the run stops with SIM-BEBAN. A safety net under the estimate, which a
    map can fool (a boundary event that fires far more often than the estimate assumes):
    what a run may really use stays bounded."""

    __slots__ = ("limit", "spent", "estimate")

    def __init__(self, limit: int, estimate: int | None = None) -> None:
        self.limit = int(limit)
        self.spent = 0
        self.estimate = estimate

    def spend(self, steps: int) -> None:
        self.spent += steps
        if self.spent > self.limit:
            from .errors import SimulationError
            raise SimulationError("SIM-BEBAN", spent=number_id(self.spent), limit=number_id(self.limit),
                                  estimate=number_id(self.estimate or 0))

    def spend_reference(self, case_steps: int) -> None:
        """One step of the reference engine, in a case that has taken ``case_steps``."""
        self.spend(REFERENCE_FACTOR + REFERENCE_FACTOR * 2 * case_steps // REFERENCE_TREE)


def estimate(loaded, scenario=None, engine: str = "auto", max_steps: int | None = None,  # noqa: ANN001
             config=None) -> Cost:  # noqa: ANN001
    """The expected cost of simulating ``loaded`` (a :class:`~.loader.LoadedMap`) with
    ``scenario`` on ``engine`` ("auto": the compiled engine when it covers the map)."""
    from .params import Scenario

    scenario = scenario or Scenario()
    if engine == "auto":
        from .compiled import Unsupported, compile_map
        try:
            compile_map(loaded)
            engine = "compiled"
        except Unsupported:
            engine = "reference"
    cap = max_steps or getattr(scenario, "max_steps_per_case", None) or max_steps_per_case(config)
    steps, loops, unknown = _expected(loaded)
    return Cost(scenario.cases, scenario.replications, steps, int(cap), engine, loops, unknown)


# -- the expected number of steps of a case ------------------------------------------------

def expected_steps(loaded) -> tuple[float, bool]:  # noqa: ANN001
    """(expected steps of one case, whether the map has loops); math.inf when a loop never
    ends or when the map is too intricate to estimate within :data:`WORK_BUDGET`."""
    steps, loops, _ = _expected(loaded)
    return steps, loops


def _expected(loaded) -> tuple[float, bool, bool]:  # noqa: ANN001
    branch = loaded.params.branch
    cardinality = getattr(loaded, "cardinality", {}) or {}
    processes: dict[str, object] = {}
    for n in loaded.nodes:
        p = n.parent
        while p is not None and p.type != "Process":
            p = p.parent
        if p is not None and p.id:
            processes.setdefault(p.id, p)
    plan = getattr(loaded, "plan", None)
    pools = list(plan.processes) if plan is not None and plan.processes else [loaded.process]
    state = _Estimator(branch, cardinality, processes)
    total = 0.0
    for proc in pools:
        total += state.scope(proc)
        if math.isinf(total):
            break
    return total, state.loops, state.work[0] <= 0


class _Estimator:
    def __init__(self, branch: dict, cardinality: dict, processes: dict) -> None:
        self.branch = branch
        self.cardinality = cardinality
        self.processes = processes
        self.cache: dict[int, float] = {}
        self.active: set[int] = set()
        self.loops = False
        self.work = [WORK_BUDGET]     # what is left of the budget, shared by every part

    def scope(self, container) -> float:  # noqa: ANN001
        """Expected steps of one run of a process or sub-process."""
        key = id(container)
        if key in self.cache:
            return self.cache[key]
        if key in self.active:       # a call cycle (the loader refuses them): unbounded
            return math.inf
        self.active.add(key)
        try:
            value = self._solve(container)
        finally:
            self.active.discard(key)
        self.cache[key] = value
        return value

    def _cost(self, node) -> float:  # noqa: ANN001
        cost = 1.0
        if "SubProcess" in node.types and node.flow_elements:
            cost += self.scope(node)
        elif "CallActivity" in node.types:
            called = self.processes.get((node.attrs.get("calledElement") or "").strip())
            if called is not None:
                cost += self.scope(called)
        return cost * max(1, int(self.cardinality.get(node.id, 1) or 1))

    def _solve(self, container) -> float:  # noqa: ANN001
        nodes = [n for n in container.flow_elements if "FlowNode" in n.types
                 and not (n.type == "SubProcess" and n.attrs.get("triggeredByEvent") == "true")]
        if not nodes:
            return 0.0
        index = {id(n): i for i, n in enumerate(nodes)}
        edges: list[list[tuple[int, float]]] = [[] for _ in nodes]
        boundaries: dict[int, list] = {}
        for n in nodes:
            if n.type == "BoundaryEvent" and n.attached_to is not None and id(n.attached_to) in index:
                boundaries.setdefault(index[id(n.attached_to)], []).append(n)
        links: dict[str, int] = {}
        for i, n in enumerate(nodes):
            if n.type == "IntermediateCatchEvent" and _link_name(n) is not None:
                links.setdefault(_link_name(n), i)
        for i, n in enumerate(nodes):
            outs = [(f, index.get(id(f.target))) for f in n.out_flows
                    if f.target is not None and id(f.target) in index]
            share = self._shares(n, outs)
            bnds = boundaries.get(i, ())
            interrupting = [b for b in bnds if b.attrs.get("cancelActivity", "true") != "false"]
            keep = 1.0 / (1 + len(interrupting))
            for (f, j), w in zip(outs, share):
                edges[i].append((j, w * keep))
            for b in bnds:
                edges[i].append((index[id(b)], keep if b in interrupting else 0.5))
            if n.type == "IntermediateThrowEvent" and _link_name(n) in links and not outs:
                edges[i].append((links[_link_name(n)], 1.0))
            if n.type == "ParallelGateway" and len(n.in_flows) > 1:   # a join merges tokens
                edges[i] = [(j, w / len(n.in_flows)) for j, w in edges[i]]
        starts = [i for i, n in enumerate(nodes) if n.type == "StartEvent"]
        if not starts:
            return 0.0
        start = next((i for i in starts if nodes[i].ext.get("kedatangan")), starts[0])
        visits = _visits(len(nodes), edges, start, self.work)
        if visits is None:
            self.loops = True
            return math.inf
        if any(j == i for i, e in enumerate(edges) for j, _ in e) or _has_cycle(edges):
            self.loops = True
        total = 1.0     # entering the (sub-)process is a step of its own in both engines
        for i, x in enumerate(visits):
            if x > 0:
                total += x * self._cost(nodes[i])
                if math.isinf(total):
                    return math.inf
        return total

    def _shares(self, node, outs: list) -> list[float]:  # noqa: ANN001
        k = len(outs)
        if k <= 1:
            return [1.0] * k
        if node.type in ("ExclusiveGateway", "InclusiveGateway"):
            probs = dict(self.branch.get(node.id, ()))
            if probs:
                shares = [float(probs.get(f.id, 0.0)) for f, _ in outs]
                if node.type == "InclusiveGateway":
                    total = sum(shares)
                    if 0 < total < 1:   # at least one flow is always taken
                        shares = [s / total for s in shares]
                return shares
            return [1.0 / k] * k if node.type == "ExclusiveGateway" else [1.0] * k
        if node.type == "EventBasedGateway":
            return [1.0 / k] * k
        return [1.0] * k    # parallel split (and anything else that sends a token down each)


def _link_name(node) -> str | None:  # noqa: ANN001
    for d in node.event_definitions:
        if d.type == "LinkEventDefinition":
            return (d.attrs.get("name") or node.name or "").strip()
    return None


def _has_cycle(edges: list) -> bool:
    return any(len(c) > 1 for c in _components(edges))


def _components(edges: list) -> list[list[int]]:
    """Strongly connected components of the flow graph, in reverse topological order."""
    return strongly_connected([[w for w, *_ in out] for out in edges])


def _visits(n: int, edges: list, start: int, work: list) -> list[float] | None:
    """Expected visits of each node for one token at ``start``; None when they are
    unbounded (a loop that keeps every token, or one that multiplies tokens) or when the
    work budget ran out."""
    inflow = [0.0] * n
    inflow[start] = 1.0
    visits = [0.0] * n
    for comp in reversed(_components(edges)):      # topological order
        members = set(comp)
        if len(comp) == 1 and not any(j == comp[0] for j, _ in edges[comp[0]]):
            v = comp[0]
            visits[v] = inflow[v]
        elif not any(inflow[v] for v in comp):
            continue
        else:
            solved = _solve_component(comp, members, edges, inflow, work)
            if solved is None:
                return None
            for v, x in solved.items():
                visits[v] = x
        for v in comp:
            x = visits[v]
            if not x:
                continue
            for j, w in edges[v]:
                if j not in members:
                    inflow[j] += x * w
        if any(math.isinf(x) or x > 1e15 for x in (visits[v] for v in comp)):
            return None
    return visits


def _solve_component(comp: list[int], members: set, edges: list, inflow: list,
                     work: list) -> dict | None:
    """x = b + W^T x on one strongly connected part (``work``: the budget left, in a list
    so that every part draws from the same one)."""
    if len(comp) <= DENSE_LIMIT:
        work[0] -= len(comp) ** 3 // 3 + len(comp)
        if work[0] < 0:
            return None
        pos = {v: k for k, v in enumerate(comp)}
        size = len(comp)
        # (I - W^T) x = b, rows by target node
        a = [[0.0] * size for _ in range(size)]
        for k in range(size):
            a[k][k] = 1.0
        for v in comp:
            for j, w in edges[v]:
                if j in members:
                    a[pos[j]][pos[v]] -= w
        b = [inflow[v] for v in comp]
        x = _gauss(a, b)
        if x is None or any(not math.isfinite(v) or v < -1e-9 for v in x):
            return None
        return {v: max(0.0, x[pos[v]]) for v in comp}
    # a large part: iterate, within a budget (its cost then is at most the cap per case)
    inner = {v: [(j, w) for j, w in edges[v] if j in members] for v in comp}
    visits = {v: inflow[v] for v in comp}
    delta = {v: x for v, x in visits.items() if x}
    total = sum(delta.values())
    while work[0] > 0:
        nxt: dict[int, float] = {}
        for v, x in delta.items():
            out = inner[v]
            work[0] -= len(out) + 1
            for j, w in out:
                nxt[j] = nxt.get(j, 0.0) + x * w
        mass = sum(nxt.values())
        for v, x in nxt.items():
            visits[v] += x
        if mass <= 1e-12 * max(total, 1.0):
            return visits
        total += mass
        delta = {v: x for v, x in nxt.items() if x}
    return None


def _gauss(a: list[list[float]], b: list[float]) -> list[float] | None:
    """Solve a x = b by Gaussian elimination with partial pivoting (None: singular)."""
    n = len(b)
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[piv][col]) < 1e-12:
            return None
        if piv != col:
            a[col], a[piv] = a[piv], a[col]
            b[col], b[piv] = b[piv], b[col]
        pivot_row = a[col]
        p = pivot_row[col]
        nz = [k for k in range(col + 1, n) if pivot_row[k]]
        for r in range(col + 1, n):
            row = a[r]
            f = row[col]
            if not f:
                continue
            f /= p
            row[col] = 0.0
            for k in nz:
                row[k] -= f * pivot_row[k]
            b[r] -= f * b[col]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        row = a[r]
        s = b[r] - sum(row[k] * x[k] for k in range(r + 1, n) if row[k])
        x[r] = s / row[r]
    return x
