"""Simulation of service flows (issue 5): how long cases take, where they wait, which
unit is the bottleneck, how many meet the standar pelayanan.

``simulate(path, Scenario(...))`` reads the map once, takes SpiffWorkflow's semantics
(:mod:`.loader`), runs the compiled engine (:mod:`.compiled`) when it covers every
construct of the map and the SpiffWorkflow-driven reference engine (:mod:`.reference`)
otherwise, and returns a :class:`~.results.SimResult` (KPIs with 95% confidence intervals
over replications; replication ``r`` uses seed ``seed + r``).

Nothing a map says is ever executed: the tree SpiffWorkflow sees is rebuilt from an
allow-list (:mod:`.sanitize`) and the script engine it is given evaluates nothing
(:mod:`.reference`). The cost is bounded: :func:`.budget.estimate` gives cases x
replications x expected steps per case before a run (the server decides inline, job or
refusal with it), each case stops at ``Scenario.max_steps_per_case`` steps (default
``PPB_SIM_MAX_STEPS_PER_CASE``; the result then carries SIM-LANGKAH-MAKS and
``complete`` False), and a run keeps per-activity records only with ``keep_runs``.
"""
from __future__ import annotations

import os
import time

from .errors import Finding, SimulationError
from .params import Scenario
from .results import SimResult, compare, replication_kpis

ENGINES = ("auto", "compiled", "reference")

__all__ = ["simulate", "simulate_file", "compare", "Scenario", "SimResult", "SimulationError", "Finding", "ENGINES"]


def _versions() -> dict:
    from .. import __version__
    out = {"ppb-validator": __version__}
    try:
        from importlib.metadata import version
        out["SpiffWorkflow"] = version("SpiffWorkflow")
    except Exception:  # noqa: BLE001 - informational only
        pass
    return out


def simulate(source, scenario: Scenario | None = None, engine: str = "auto",
             name: str | None = None, keep_runs: bool = False, loaded=None,
             progress=None, set_paths=None, max_work: int | None = None) -> SimResult:
    """Simulate one map. ``source``: a path, bytes, or a Model read with ``keep_tree``.
    ``set_paths``: a folder, a zip or a list of files holding the processes the map's call
    activities call (``calledElement`` = process id).
    ``progress(done, total)`` is called after each replication. ``keep_runs``: keep every
    activity record of every replication (event logs, the work-in-progress chart); without
    it memory does not grow with the number of steps. ``max_work``: the most weighted steps
    (see :mod:`.budget`) the whole run may take, whatever the estimate said; past it the
    run stops with SIM-BEBAN (the server sets it; the CLI does not). Raises only
    :class:`SimulationError`."""
    from . import kernel
    from .compiled import CompiledSemantics, Unsupported, compile_map
    from .loader import load
    from .reference import SpiffSemantics

    if engine not in ENGINES:
        raise SimulationError("SIM-SCENARIO", detail=f"mesin '{engine}' tidak dikenal; pilih "
                              + ", ".join(ENGINES))
    scenario = scenario or Scenario()
    scenario.check()
    started = time.perf_counter()
    loaded = loaded or load(source, scenario, name, set_paths=set_paths)
    findings = list(loaded.findings)
    graph = None
    used = "reference"
    reason = None
    if engine in ("auto", "compiled"):
        try:
            graph = compile_map(loaded)
            used = "compiled"
        except Unsupported as exc:
            reason = str(exc)
            if engine == "compiled":
                raise SimulationError("SIM-SCENARIO", detail=f"mesin terkompilasi tidak mendukung "
                                      f"{reason}; gunakan mesin 'reference' atau 'auto'") from None
            findings.append(Finding("SIM-MESIN-REFERENSI", "info", None, detail=reason))
    else:
        reason = "dipilih pengguna"
    from .budget import Meter, estimate, max_steps_per_case

    cap = scenario.max_steps_per_case or max_steps_per_case()
    cost = estimate(loaded, scenario, engine=used, max_steps=cap)
    meter = Meter(max_work, cost.weighted) if max_work else None
    reps = []
    runs = []
    reached: set = set()
    cut_by_rep: list[int] = []
    for r in range(scenario.replications):
        seed = scenario.seed + r
        sem = CompiledSemantics(loaded, seed, graph, max_steps=cap, meter=meter) \
            if graph is not None else SpiffSemantics(loaded, seed, max_steps=cap, meter=meter)
        log = kernel.run(sem, loaded.params, scenario.cases, seed,
                         max(scenario.max_events_per_case, cap + 100),
                         keep_log=keep_runs, warmup=scenario.warmup)
        rep = replication_kpis(log, loaded.params, scenario.warmup)
        reached |= rep.reached
        reps.append(rep)
        if keep_runs:
            runs.append(log)
        lingering = sem.lingering() if hasattr(sem, "lingering") else 0
        del log, sem     # the next replication starts from nothing
        if rep.unfinished:
            findings.append(Finding("SIM-TIDAK-SELESAI", "warning", None, count=rep.unfinished,
                                    value=r + 1))
        if rep.cut:
            cut_by_rep.append(r + 1)
        if lingering > 0:
            findings.append(Finding("SIM-POOL-TIDAK-SELESAI", "warning", None, count=lingering,
                                    value=r + 1))
        if progress is not None:
            progress(r + 1, scenario.replications)
    cut = sum(rep.cut for rep in reps)
    if cut:
        where = ", ".join(str(r) for r in cut_by_rep[:10]) + (" ..." if len(cut_by_rep) > 10 else "")
        findings.append(Finding("SIM-LANGKAH-MAKS", "error", None, count=cut, value=cap,
                                detail=f"replikasi {where}", detail_en=f"replications {where}"))
    never = [n.id for n in loaded.nodes
             if n.id and (("Activity" in n.types and not ("SubProcess" in n.types and n.flow_elements))
                          or n.id in loaded.params.waits) and n.id not in reached]
    if never:
        findings.append(Finding("SIM-TAK-TERJANGKAU", "warning", None, count=len(never),
                                value=", ".join(never[:10]) + (" ..." if len(never) > 10 else "")))
    from .honest import ignored_parameters, no_durations, unstable

    honest = [*unstable(loaded.params, reps), no_durations(loaded.params),
              ignored_parameters(getattr(loaded.model, "tree", None))]
    findings[:0] = [f for f in honest if f is not None]   # first: they qualify every figure
    return SimResult(scenario.cases, scenario.replications, scenario.seed, scenario.warmup, used,
                     reason, loaded.params, reps, findings, loaded.model_hash,
                     name or (str(source) if isinstance(source, (str, os.PathLike)) else
                              getattr(source, "path", "<bytes>")),
                     runs, never, _versions(), time.perf_counter() - started, cap, cost)


def simulate_file(path, scenario: Scenario | None = None, set_paths=None, **kwargs) -> SimResult:
    """Simulate the map at ``path``; its call activities may call the processes of the
    files of ``set_paths`` (a folder, a zip or a list of files; the map's own folder when
    ``set_paths`` is True)."""
    if set_paths is True:
        set_paths = os.path.dirname(os.path.abspath(os.fspath(path)))
    return simulate(path, scenario, set_paths=set_paths, **kwargs)
