"""What a simulation result must say about itself (issue 15, Must 3).

* **Stability.** A lane whose offered load reaches its capacity (rho >= 1) has no steady
  state: its queue, and every time figure, grows with the number of cases simulated, so
  the numbers describe the run length rather than the process. rho of a lane is the
  arrival rate times the mean work a case brings to the lane, divided by the lane's
  capacity: ``rho = lambda * sum(visits_per_case(task) * mean_duration(task)) / c``, in
  working minutes. Visits per case are measured (a loop or a branch changes them); the
  mean durations and the arrival rate come from the parameters (calendar-time values
  are scaled by the share of the week the office is open). ``SIM-TIDAK-STABIL``.
* **No durations.** A map in which no activity and no wait takes any time gives cycle
  times of 0 by assumption, not by measurement. ``SIM-TANPA-DURASI``.
* **Ignored vocabulary.** Simulation attributes of other tools (Camunda, Signavio, Bizagi,
  jBPM/Drools, ...) are not read; they are named, so that a user knows why the results
  ignore them. ``SIM-PARAM-DIABAIKAN``.
* **Precision.** How many replications give a 95% confidence interval of +-5% of the mean
  cycle time: the smallest n with ``t(0.975, n-1) * s / sqrt(n) <= 0.05 * mean``, s the
  standard deviation across the replications run (an estimate: run again with n and check).
"""
from __future__ import annotations

import math
import re
import statistics

from .errors import Finding

STABLE_LIMIT = 1.0
PRECISION = 0.05           # relative half-width of the 95% interval the advice aims at

# namespaces we read or that carry no simulation parameters
_KNOWN_NS = (
    "http://www.omg.org/spec/BPMN/20100524/MODEL", "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC", "http://www.omg.org/spec/DD/20100524/DI",
    "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/XML/1998/namespace",
    "http://www.bpsim.org/schemas/2.0",  # read by validator.sim.bpsim
)
_SIM_WORDS = re.compile(
    r"(duration|durasi|waktu|time|cost|biaya|cycle|probab|peluang|arrival|kedatangan|"
    r"interarrival|resource|quantity|capacity|kapasitas|distribution|sim)", re.I)


def _ns(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _prefix(ns: str) -> str:
    low = ns.lower()
    for word in ("camunda", "signavio", "bizagi", "drools", "jbpm", "activiti", "flowable",
                 "trisotech", "bonita", "zeebe", "adonis", "aris", "visual-paradigm", "yaoqiang"):
        if word in low:
            return word
    return ns


def ignored_parameters(tree, ppb_ns: str | None = None) -> Finding | None:
    """Simulation-like attributes and extension values in a vocabulary we do not read."""
    if tree is None:
        return None
    seen: dict[str, int] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        el_ns, el_local = _ns(el.tag)
        for key, value in el.attrib.items():
            ns, local = _ns(key)
            if not ns or ns in _KNOWN_NS or "ppb" in ns or ns == ppb_ns:
                continue
            if _SIM_WORDS.search(local):
                name = f"{_prefix(ns)}:{local}"
                seen[name] = seen.get(name, 0) + 1
        if el_ns and el_ns not in _KNOWN_NS and "ppb" not in el_ns and el_ns != ppb_ns:
            # extension elements such as camunda:property name="duration" or
            # signavio:signavioMetaData metaKey="kosten"
            key = el.get("name") or el.get("metaKey") or el.get("key") or ""
            if _SIM_WORDS.search(key) or _SIM_WORDS.search(el_local):
                name = f"{_prefix(el_ns)}:{el_local}" + (f" ({key})" if key else "")
                seen[name] = seen.get(name, 0) + 1
    if not seen:
        return None
    names = sorted(seen)
    listed = ", ".join(f"{n} ({seen[n]}x)" if seen[n] > 1 else n for n in names[:12])
    if len(names) > 12:
        listed += f", ... (+{len(names) - 12})"
    return Finding("SIM-PARAM-DIABAIKAN", "warning", None, value=listed, count=len(names))


def no_durations(params) -> Finding | None:
    """Every activity and every wait takes 0 minutes."""
    if any(d.mean > 0 for d in params.durations.values()):
        return None
    if any(d.mean > 0 for d, _cal in params.waits.values()):
        return None
    return Finding("SIM-TANPA-DURASI", "warning", None, count=len(params.durations))


def lane_loads(params, reps) -> dict[str, float]:
    """rho of each lane that does work (see the module docstring)."""
    cal = params.calendar
    gap = params.arrivals.working_mean(cal)
    if not gap or gap <= 0:
        return {}
    rate = 1.0 / gap
    visits: dict[str, float] = {}
    counted = [r for r in reps if r.finished]
    for eid in params.durations:
        values = [r.tasks.get(eid, {}).get("count", 0) / r.finished for r in counted]
        visits[eid] = statistics.fmean(values) if values else 0.0
    out: dict[str, float] = {}
    for lid, lane in params.lanes.items():
        work = sum(visits.get(eid, 0.0) * params.durations[eid].working_mean(cal)
                   for eid, l in params.lane_of.items() if l == lid and eid in params.durations)
        if work > 0:
            out[lid] = rate * work / lane.capacity
    return out


def unstable(params, reps) -> list[Finding]:
    out = []
    for lid, rho in sorted(lane_loads(params, reps).items(), key=lambda kv: -kv[1]):
        if rho >= STABLE_LIMIT:
            name = params.lanes[lid].name
            out.append(Finding("SIM-TIDAK-STABIL", "warning", lid, element=name,
                               value=f"{rho:.2f}".replace(".", ","), rho=rho))
    return out


def replications_needed(values: list[float], precision: float = PRECISION) -> int | None:
    """Replications for a 95% t-interval of +-``precision`` x mean; None when two or more
    replications with a positive mean are not there to estimate the spread from."""
    from .results import t95

    vals = [v for v in values if v is not None and not math.isnan(v)]
    if len(vals) < 2:
        return None
    mean = statistics.fmean(vals)
    if mean <= 0:
        return None
    sd = statistics.stdev(vals)
    if sd == 0:
        return 2
    k = (sd / (precision * mean)) ** 2
    # the smallest n whose own t quantile is enough: t95(n - 1)^2 * k <= n (t falls with n,
    # so counting up from the normal-quantile bound finds it)
    n = max(2, math.ceil(1.96 ** 2 * k))
    while t95(n - 1) ** 2 * k > n:
        n += 1
    return n
