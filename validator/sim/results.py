"""KPIs of a simulation: per replication, then mean and 95% confidence interval across them.

All times are minutes of working time (the simulation clock); ``days`` divides by the
calendar's working day (7.5 hours by default; 24 hours for ``24jam``). Cases that arrive
during the warm-up (the first ``warmup`` cases) are left out; so is the time before the
first counted arrival when utilisation is computed. The KPIs of a replication are
accumulated while it runs (:class:`Tally`), so a long run keeps no per-activity data; cases
stopped at the per-case step cap are not counted, and the result says so
(``complete`` False, ``validation.casesCut``, ``completeness``).
"""
from __future__ import annotations

import math
import statistics
from array import array
from bisect import bisect_right
from operator import sub
from dataclasses import dataclass, field

from .errors import Finding
from .kernel import RunLog

# two-sided 95% Student t quantiles by degrees of freedom
_T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
        17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
        25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
        120: 1.980}


def t95(df: int) -> float:
    if df <= 0:
        return math.nan
    if df in _T95:
        return _T95[df]
    keys = sorted(_T95)
    for lo, hi in zip(keys, keys[1:]):
        if lo < df < hi:  # linear in 1/df between table entries
            w = (1 / df - 1 / hi) / (1 / lo - 1 / hi)
            return _T95[hi] + w * (_T95[lo] - _T95[hi])
    return 1.960


def summary(values: list[float | None]) -> dict:
    """Mean over replications and its 95% confidence interval (None when undefined)."""
    vals = [v for v in values if v is not None and not math.isnan(v)]
    if not vals:
        return {"mean": None, "ci95": None}
    mean = statistics.fmean(vals)
    if len(vals) < 2:
        return {"mean": mean, "ci95": None}
    half = t95(len(vals) - 1) * statistics.stdev(vals) / math.sqrt(len(vals))
    return {"mean": mean, "ci95": [mean - half, mean + half]}


def clip01(kpi: dict) -> dict:
    """A share (utilisation, within standard) and its CI kept inside [0, 1]."""
    out = dict(kpi)
    if out.get("mean") is not None:
        out["mean"] = min(1.0, max(0.0, out["mean"]))
    if out.get("ci95"):
        out["ci95"] = [min(1.0, max(0.0, v)) for v in out["ci95"]]
    return out


def nonneg(kpi: dict) -> dict:
    """A KPI that cannot be negative: its CI's lower bound cut at 0 (see SimResult.kpi)."""
    ci = kpi.get("ci95")
    if ci and ci[0] is not None and ci[0] < 0:
        kpi = dict(kpi, ci95=[0.0, max(0.0, ci[1])])
    return kpi


CI_METHOD = {
    "id": "Rerata antar replikasi dengan selang kepercayaan 95% t-Student; batas bawah besaran "
          "yang tidak dapat negatif (waktu, panjang antrean, jumlah) dipotong di 0, karena dengan "
          "sedikit replikasi selang simetris dapat melewati 0; pemanfaatan dan kepatuhan standar "
          "dibatasi pada 0..1.",
    "en": "Mean across replications with a 95% Student t confidence interval; the lower bound of "
          "quantities that cannot be negative (times, queue lengths, counts) is cut at 0, since with "
          "few replications the symmetric interval can cross 0; utilisation and the share within "
          "the standard are kept inside 0..1.",
}
SHARE_NOTE = {
    "id": "Bagian dari waktu siklus kalender (waktu dinding sejak kasus masuk sampai selesai, "
          "termasuk malam, akhir pekan dan hari libur), per aktivitas: proses = menit kerja "
          "petugas mengerjakannya; tunggu petugas = menit kerja dalam antrean lane; di luar jam "
          "kerja = waktu kantor tutup selama aktivitas menunggu atau dikerjakan. Rerata per "
          "kasus (aktivitas yang diulang dihitung setiap kali). Sisanya (timer, pesan, menunggu "
          "cabang paralel) tidak dikerjakan aktivitas mana pun; negatif bila aktivitas paralel "
          "tumpang tindih.",
    "en": "Share of the calendar cycle time (wall-clock time from a case's arrival to its end, "
          "nights, weekends and holidays included), per activity: processing = working minutes "
          "of staff doing it; waiting for a person = working minutes in the lane's queue; "
          "outside office hours = time the office was closed while the activity waited or was "
          "done. Mean per case (a repeated activity counts each time). The rest (timers, "
          "messages, waiting for a parallel branch) is covered by no activity; it is negative "
          "when parallel activities overlap.",
}
DAY_MINUTES = 1440.0
HONEST_CODES = ("SIM-TIDAK-STABIL", "SIM-TANPA-DURASI", "SIM-PARAM-DIABAIKAN")

NOISE = 1e-9


def denoise(value):
    """Floating-point noise around zero (e.g. -2e-15 minutes) shown as 0."""
    if value is not None and not isinstance(value, bool) and isinstance(value, float) \
            and abs(value) < NOISE:
        return 0.0
    return value


def denoise_kpi(kpi: dict) -> dict:
    out = dict(kpi)
    out["mean"] = denoise(out.get("mean"))
    if out.get("ci95"):
        out["ci95"] = [denoise(v) for v in out["ci95"]]
    return out


def percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default)."""
    if not sorted_values:
        return math.nan
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


@dataclass
class Replication:
    """The KPIs of one replication."""

    cycle: list[float]
    cycle_mean: float
    p50: float
    p90: float
    p95: float
    queue_mean: float              # mean total queue wait per case
    processing_mean: float
    other_mean: float              # waits, synchronisation (cycle - processing - queue)
    within: float | None
    lanes: dict[str, dict]         # lane id -> {utilisation, queueWait, queueLength, count}
    tasks: dict[str, dict]         # element id -> {count, queueWait, processing}
    finished: int
    unfinished: int
    reached: set
    flows: int = 0
    cut: int = 0                   # cases stopped at the per-case step cap
    clock_cycle_mean: float = math.nan   # mean cycle time on the wall clock (see .shares)


class Tally:
    """The KPIs of one replication, accumulated record by record while the run goes.

    Memory grows with the number of cases (their arrival, finish, queue and processing
    totals) and with the elements and lanes a case still running has touched, never with
    the number of records: per-lane waits and per-task counts of a case are kept apart
    until the case finishes (only finished cases after the warm-up are counted) and then
    added to the totals; those of a case that never finishes are dropped."""

    def __init__(self, params, warmup: int, arrival: list, finish: list) -> None:  # noqa: ANN001
        self.params = params
        self.warmup = warmup
        self.arrival = arrival          # the kernel's lists, filled as the run goes
        self.finish = finish
        self.reached: set = set()
        self.lane_busy = dict.fromkeys(params.lanes, 0.0)
        self.queue_by_case: dict[int, float] = {}
        self.proc_by_case: dict[int, float] = {}
        self.lane_wait = {lid: [0.0, 0] for lid in params.lanes}   # lane -> [sum, count]
        # eid -> [count, wait, proc, outside office hours] (see .shares)
        self.tasks: dict[str, list] = {}
        self.open: dict[int, tuple[dict, dict]] = {}   # running case -> (lane waits, tasks)
        self.closed = False
        self.horizon = 0.0
        self.t0: float | None = None    # arrival of the first counted case, once known
        from .shares import clock_of
        clock_map = clock_of(getattr(params, "calendar", None))   # None: 24jam
        self.clock_map = clock_map
        self.closed_time = clock_map.closed if clock_map is not None else None
        self.period = (1.0, 0.0)   # (lo, hi]: the opening period last seen (none yet)
        # filled by a loop that keeps the tally itself (compiled.run_fast, see :meth:`take`):
        # per case, indexed by case number, its queue and processing totals (flat arrays,
        # 8 bytes a case each)
        self.queue_case: array | None = None
        self.proc_case: array | None = None

    def add(self, rec: tuple) -> None:
        """One record of :class:`~validator.sim.kernel.RunLog` (a tuple)."""
        self.record(*rec)

    def record(self, case: int, eid: str, lane, enq: float, start: float, end: float,  # noqa: ANN001
               status: int) -> None:
        """One activity or wait: the fields of a RunLog record, as arguments."""
        self.reached.add(eid)
        if status >= 2:
            return
        if lane is not None:
            t0 = self.t0
            if t0 is None and len(self.arrival) > self.warmup:
                t0 = self.t0 = self.arrival[self.warmup]
            # before the first counted arrival a lane's work is not counted
            if t0 is not None and lane in self.lane_busy:
                lo = start if start > t0 else t0
                if end > lo:
                    self.lane_busy[lane] += end - lo
        if case < self.warmup:
            return
        wait = start - enq
        proc = end - start
        by_case = self.queue_by_case
        by_case[case] = by_case.get(case, 0.0) + wait
        by_case = self.proc_by_case
        by_case[case] = by_case.get(case, 0.0) + proc
        if self.finish[case] is not None:   # a pool still running after the case finished
            lanes, tasks = self.lane_wait, self.tasks
        else:
            parts = self.open.get(case)
            if parts is None:
                parts = self.open[case] = ({}, {})
            lanes, tasks = parts
        if lane is not None and lane in self.lane_wait:
            acc = lanes.get(lane)
            if acc is None:
                lanes[lane] = [wait, 1]
            else:
                acc[0] += wait
                acc[1] += 1
        if status == 0:
            # the wall-clock span beyond its working minutes: closed office time
            closed = self.closed_time
            if closed is None:
                out = 0.0
            else:
                lo, hi = self.period
                if lo < enq and end <= hi:       # both in one opening period
                    out = 0.0
                else:
                    out, lo, hi = closed(enq, end)
                    self.period = (lo, hi)
            acc = tasks.get(eid)
            if acc is None:
                tasks[eid] = [1, wait, proc, out]
            else:
                acc[0] += 1
                acc[1] += wait
                acc[2] += proc
                acc[3] += out

    def finished(self, case: int) -> None:
        """The case's main pool ended: its waits and task counts join the totals."""
        parts = self.open.pop(case, None)
        if parts is None:
            return
        lane_wait = self.lane_wait
        for lane, (total, n) in parts[0].items():
            rec = lane_wait[lane]
            rec[0] += total
            rec[1] += n
        tasks = self.tasks
        for eid, part in parts[1].items():
            rec = tasks.get(eid)
            if rec is None:
                tasks[eid] = part
            else:
                rec[0] += part[0]
                rec[1] += part[1]
                rec[2] += part[2]
                rec[3] += part[3]

    def take(self, reached, lane_busy: dict, lane_wait: dict, tasks: dict, queue_case: array,  # noqa: ANN001
             proc_case: array, t0: float | None) -> None:
        """The totals of a loop that kept the tally itself, with the same sums in the same
        order as :meth:`record` and :meth:`finished` would have made (per case, then added
        to the totals as the case finishes): the elements reached, per lane its busy time
        and [wait sum, count], per task [count, wait, processing, outside office hours] in
        the order they were first counted; per case its queue and processing totals."""
        self.reached.update(reached)
        self.lane_busy = lane_busy
        self.lane_wait = lane_wait
        self.tasks = tasks
        self.queue_case, self.proc_case = queue_case, proc_case
        self.t0 = t0

    def drop(self, case: int) -> None:
        """A case stopped at the step cap: nothing of it is counted."""
        self.open.pop(case, None)
        self.queue_by_case.pop(case, None)
        self.proc_by_case.pop(case, None)

    def close(self, horizon: float) -> None:
        self.horizon = horizon
        self.open.clear()          # cases that never finished are not counted
        self.closed = True

    def replication(self, unfinished: int) -> "Replication":
        params = self.params
        arrival, finish, warmup = self.arrival, self.finish, self.warmup
        counted = [c for c in range(warmup, len(arrival)) if finish[c] is not None]
        cycle = sorted(map(sub, map(finish.__getitem__, counted), map(arrival.__getitem__, counted)))
        t0 = arrival[warmup] if len(arrival) > warmup else 0.0
        window = max(max(self.horizon, t0) - t0, 1e-12)
        n = len(counted)
        if self.queue_case is not None:
            qc, pc = self.queue_case, self.proc_case
            queue_mean = sum(map(qc.__getitem__, counted)) / n if n else math.nan
            proc_mean = sum(map(pc.__getitem__, counted)) / n if n else math.nan
        else:
            queue_mean = sum(self.queue_by_case.get(c, 0.0) for c in counted) / n if n else math.nan
            proc_mean = sum(self.proc_by_case.get(c, 0.0) for c in counted) / n if n else math.nan
        cycle_mean = statistics.fmean(cycle) if cycle else math.nan
        within = None
        if params.standard is not None and cycle:
            # the cases within the standard: cycle is sorted
            within = bisect_right(cycle, params.standard + 1e-9) / len(cycle)
        lanes = {}
        for lid, lane in params.lanes.items():
            total, count = self.lane_wait[lid]
            lanes[lid] = {
                "utilisation": self.lane_busy[lid] / (lane.capacity * window),
                "queueWait": total / count if count else 0.0,
                "queueLength": total / window,
                "count": count,
            }
        # per occurrence (count, queueWait, processing) and per counted case (perCase: the
        # minutes of processing, waiting for a person, outside office hours; see .shares)
        task_out = {eid: {"count": c, "queueWait": w / c, "processing": p / c,
                          "perCase": (p / n, w / n, o / n) if n else (0.0, 0.0, 0.0)}
                    for eid, (c, w, p, o) in self.tasks.items()}
        cmap = self.clock_map
        if cmap is None or not n:
            clock_cycle = cycle_mean
        else:   # the working cycle time plus the closed office time within it
            from .shares import closed_total
            clock_cycle = cycle_mean + closed_total(cmap, arrival, finish, counted) / n
        return Replication(array("d", cycle), cycle_mean, percentile(cycle, 0.5),
                           percentile(cycle, 0.9), percentile(cycle, 0.95), queue_mean, proc_mean,
                           cycle_mean - proc_mean - queue_mean if n else math.nan, within, lanes,
                           task_out, n, unfinished, self.reached, clock_cycle_mean=clock_cycle)


def replication_kpis(run: RunLog, params, warmup: int) -> Replication:
    """The KPIs of one replication: those the kernel accumulated, or (for a log put
    together some other way) from its records."""
    tally = run.tally
    if tally is None or not tally.closed or tally.warmup != warmup:
        tally = Tally(params, warmup, run.arrival, run.finish)
        for rec in run.log:
            tally.add(rec)
        for c, f in enumerate(run.finish):
            if f is not None:
                tally.finished(c)
        tally.close(run.horizon)
    rep = tally.replication(len(run.unfinished))
    rep.cut = len(run.cut)
    return rep


@dataclass
class SimResult:
    """A finished simulation: its scenario, its replications and what was noted."""

    cases: int
    replications: int
    seed: int
    warmup: int
    engine: str
    engine_reason: str | None
    params: object
    reps: list[Replication]
    findings: list[Finding]
    model_hash: str
    path: str
    runs: list[RunLog] = field(default_factory=list)
    never_reached: list[str] = field(default_factory=list)
    versions: dict = field(default_factory=dict)
    seconds: float = 0.0
    max_steps: int | None = None    # the per-case step cap the run applied
    cost: object = None             # the estimate made before the run (validator.sim.budget.Cost)

    @property
    def cut(self) -> int:
        """Cases stopped at the per-case step cap, all replications."""
        return sum(getattr(r, "cut", 0) for r in self.reps)

    @property
    def complete(self) -> bool:
        """False when cases were cut: the KPIs then leave out the longest cases."""
        return self.cut == 0

    @property
    def minutes_per_day(self) -> float:
        return self.params.calendar.minutes_per_day

    def kpi(self, getter) -> dict:
        """A non-negative KPI (a time, a length, a count): mean and 95% t-interval across
        replications, the lower bound cut at 0 (with few replications the symmetric
        interval can reach below zero, where the quantity cannot be; cutting only removes
        impossible values, so the coverage is not lowered)."""
        return nonneg(denoise_kpi(summary([getter(r) for r in self.reps])))

    def share(self, getter) -> dict:
        """A KPI that is a share of 0..1, clipped (a CI never leaves [0, 1])."""
        return clip01(self.kpi(getter))

    def cycle_times(self) -> list[float]:
        """Every counted case's cycle time (minutes), all replications pooled."""
        return [c for r in self.reps for c in r.cycle]

    def as_dict(self, lang: str = "id") -> dict:
        p = self.params
        days = self.minutes_per_day
        cycle = self.kpi(lambda r: r.cycle_mean)
        out = {
            "cases": self.cases,
            "replications": self.replications,
            "seed": self.seed,
            "warmup": self.warmup,
            "engine": self.engine,
            "unit": "menit",
            "cycleTime": {
                "mean": cycle["mean"],
                "p50": self.kpi(lambda r: r.p50)["mean"],
                "p90": self.kpi(lambda r: r.p90)["mean"],
                "p95": self.kpi(lambda r: r.p95)["mean"],
                "ci95": cycle["ci95"],
                "days": None if cycle["mean"] is None else cycle["mean"] / days,
                "p90ci95": self.kpi(lambda r: r.p90)["ci95"],
            },
            "queueWait": self.kpi(lambda r: r.queue_mean),
            "processing": self.kpi(lambda r: r.processing_mean),
            "otherWait": self.kpi(lambda r: r.other_mean),
            "withinStandard": self.share(lambda r: r.within)["mean"] if p.standard is not None else None,
            "withinStandardCi95": self.share(lambda r: r.within)["ci95"] if p.standard is not None else None,
            "standard": None if p.standard is None else {"text": p.standard_text, "minutes": p.standard},
            "lanes": {},
            "tasks": {},
            "bottlenecks": [],
            "validation": {
                "casesFinished": sum(r.finished for r in self.reps),
                "casesUnfinished": sum(r.unfinished for r in self.reps),
                "casesCut": self.cut,
                "maxStepsPerCase": self.max_steps,
                "neverReached": self.never_reached,
            },
            "complete": self.complete,
            "process": {"id": p.process_id, "name": p.process_name},
            "calendar": {"name": p.calendar.name, "minutesPerDay": days},
            "modelHash": self.model_hash,
            "versions": self.versions,
            "findings": [f.as_dict(lang) for f in self.findings],
        }
        if not self.complete:
            out["completeness"] = (
                f"{self.cut} kasus dihentikan pada batas {self.max_steps} langkah per kasus; angka "
                "di bawah ini hanya memuat kasus yang selesai dan TIDAK dapat dipercaya."
                if lang != "en" else
                f"{self.cut} cases were stopped at the limit of {self.max_steps} steps per case; the "
                "numbers below count only the cases that finished and cannot be trusted.")
        if self.cost is not None:
            out["estimate"] = self.cost.as_dict()
            if lang == "en":
                out["estimate"]["description"] = self.cost.describe("en")
        if self.engine_reason:
            out["engineReason"] = self.engine_reason
        for lid, lane in p.lanes.items():
            util = self.share(lambda r: r.lanes[lid]["utilisation"])
            wait = self.kpi(lambda r: r.lanes[lid]["queueWait"])
            out["lanes"][lane.name if lane.name not in out["lanes"] else f"{lane.name} ({lid})"] = {
                "id": lid,
                "capacity": lane.capacity,
                "utilisation": util["mean"],
                "utilisationCi95": util["ci95"],
                "queueWait": wait,
                "queueLength": self.kpi(lambda r: r.lanes[lid]["queueLength"])["mean"],
                "costPerHour": lane.cost_per_hour,
            }
        seen = set()
        for r in self.reps:
            seen.update(r.tasks)
        order = {eid: i for i, eid in enumerate(p.names)}
        for eid in sorted(seen, key=lambda e: order.get(e, 1 << 30)):
            out["tasks"][eid] = {
                "name": p.names.get(eid, eid),
                "lane": p.lanes[p.lane_of[eid]].name if eid in p.lane_of and p.lane_of[eid] in p.lanes else None,
                "count": self.kpi(lambda r: r.tasks.get(eid, {}).get("count", 0))["mean"],
                "queueWait": self.kpi(lambda r: r.tasks[eid]["queueWait"] if eid in r.tasks else None),
                "processing": self.kpi(lambda r: r.tasks[eid]["processing"] if eid in r.tasks else None),
            }
        out["activityShare"] = self.activity_share(lang)
        ranking = sorted(out["lanes"].items(), key=lambda kv: (-(kv[1]["queueWait"]["mean"] or 0),
                                                               -(kv[1]["utilisation"] or 0)))
        out["bottlenecks"] = [{"lane": name, "queueWait": v["queueWait"]["mean"],
                               "utilisation": v["utilisation"]} for name, v in ranking]
        return self._honest(out, lang)

    def activity_share(self, lang: str = "id") -> dict:
        """Each activity's mean minutes per case and share of the wall-clock cycle time,
        split into processing, waiting for a person and outside office hours (see
        :mod:`.shares`), with 95% intervals across replications; ``other``: what no
        activity covers (timers, messages, parallel branches; negative when they overlap)."""
        p = self.params
        en = lang == "en"
        parts = ("processing", "personWait", "outsideHours")
        cycle = self.kpi(lambda r: r.clock_cycle_mean)

        def ratio(r, value):  # noqa: ANN001, ANN202
            c = r.clock_cycle_mean
            return None if value is None or not c or math.isnan(c) else value / c

        def amount(r, eid, i):  # noqa: ANN001, ANN202
            task = r.tasks.get(eid)
            if task is None:
                return 0.0 if r.finished else None
            return task["perCase"][i]

        seen: set = set()
        for r in self.reps:
            seen.update(r.tasks)
        order = {eid: i for i, eid in enumerate(p.names)}
        activities = {}
        for eid in sorted(seen, key=lambda e: order.get(e, 1 << 30)):
            row = {"name": p.names.get(eid, eid),
                   "lane": p.lanes[p.lane_of[eid]].name if p.lane_of.get(eid) in p.lanes else None}
            for i, key in enumerate(parts):
                row[key] = {"minutes": self.kpi(lambda r, i=i: amount(r, eid, i)),
                            "share": self.share(lambda r, i=i: ratio(r, amount(r, eid, i)))}
            row["total"] = {
                "minutes": self.kpi(lambda r: None if amount(r, eid, 0) is None else
                                    sum(amount(r, eid, i) for i in range(3))),
                "share": self.share(lambda r: None if amount(r, eid, 0) is None else
                                    ratio(r, sum(amount(r, eid, i) for i in range(3))))}
            activities[eid] = row

        def covered(r):  # noqa: ANN001, ANN202
            return sum(sum(t["perCase"]) for t in r.tasks.values())

        other_min = denoise_kpi(summary([r.clock_cycle_mean - covered(r) for r in self.reps
                                         if r.finished]))
        other_share = denoise_kpi(summary([ratio(r, r.clock_cycle_mean - covered(r))
                                           for r in self.reps if r.finished]))
        wall = not p.calendar.continuous
        return {
            "unit": "menit",
            "cycleTime": cycle,
            "days": None if cycle["mean"] is None else cycle["mean"] / DAY_MINUTES,
            "wallClock": wall,
            "activities": activities,
            "other": {"minutes": other_min, "share": other_share},
            "note": SHARE_NOTE["en" if en else "id"] + (
                "" if wall else (" The 24jam calendar has no closed hours." if en else
                                 " Kalender 24jam tidak mempunyai jam tutup.")),
        }

    def _honest(self, out: dict, lang: str) -> dict:
        """Warnings that qualify every figure (shown above them), the CI method and the
        replications a +-5% precision needs; no bottleneck named from meaningless numbers."""
        from .honest import PRECISION, replications_needed

        en = lang == "en"
        warnings = [f.as_dict(lang) for f in self.findings if f.code in HONEST_CODES]
        for w, f in zip(warnings, [f for f in self.findings if f.code in HONEST_CODES]):
            if f.code == "SIM-TIDAK-STABIL":
                w["lane"] = f.params.get("element")
                w["rho"] = f.params.get("rho")
        out["warnings"] = warnings
        out["stable"] = not any(f.code == "SIM-TIDAK-STABIL" for f in self.findings)
        meaningless = not out["stable"] or any(f.code == "SIM-TANPA-DURASI" for f in self.findings)
        if meaningless:
            out["bottlenecks"] = []
            out["bottlenecksWithheld"] = (
                "No main bottleneck is named: the figures grow with the number of cases or are "
                "zero by assumption (see the warnings)." if en else
                "Hambatan utama tidak disebutkan: angka-angkanya bertambah seiring jumlah kasus "
                "atau bernilai 0 karena asumsi (lihat peringatan).")
        out["ciMethod"] = CI_METHOD["en" if en else "id"]
        need = replications_needed([r.cycle_mean for r in self.reps], PRECISION)
        out["precision"] = {
            "kpi": "cycleTime", "relativeHalfWidth": PRECISION, "confidence": 0.95,
            "replications": self.replications, "replicationsNeeded": need,
            "text": _precision_text(self.replications, need, en),
        }
        return out


def _precision_text(have: int, need: int | None, en: bool) -> str:
    if need is None:
        return ("At least 2 replications are needed to estimate the precision." if en else
                "Perlu minimal 2 replikasi untuk menaksir ketelitian.")
    if en:
        return (f"For a 95% interval of +-5% of the mean cycle time about {need} replications are "
                f"needed ({have} run).")
    return (f"Untuk selang 95% sebesar +-5% dari rerata waktu siklus diperlukan sekitar {need} "
            f"replikasi ({have} dijalankan).")


def compare(asis: SimResult, tobe: SimResult) -> dict:
    """Each KPI as-is and to-be, the difference (to-be minus as-is) and its 95% CI from the
    paired replications (both use seeds seed, seed+1, ...: common random numbers)."""
    def paired(get, share: bool = False) -> dict:  # noqa: ANN001
        return _paired([get(r) for r in asis.reps], [get(r) for r in tobe.reps], share)

    kpis = {
        "cycleTime": paired(lambda r: r.cycle_mean),
        "cycleTimeP90": paired(lambda r: r.p90),
        "queueWait": paired(lambda r: r.queue_mean),
        "processing": paired(lambda r: r.processing_mean),
    }
    if not (asis.params.calendar.continuous and tobe.params.calendar.continuous):
        kpis["cycleTimeCalendar"] = paired(lambda r: r.clock_cycle_mean)
    if asis.params.standard is not None or tobe.params.standard is not None:
        kpis["withinStandard"] = paired(lambda r: r.within, True)
    # per activity present in both (by id): its wall-clock minutes per case and the part of
    # them spent waiting for a person (see .shares)
    activities = {}
    both = set().union(*(r.tasks for r in asis.reps)) & set().union(*(r.tasks for r in tobe.reps))

    def per_case(r, eid, parts):  # noqa: ANN001, ANN202
        task = r.tasks.get(eid)
        if task is None:
            return 0.0 if r.finished else None
        return sum(task["perCase"][i] for i in parts)
    order = {eid: i for i, eid in enumerate(asis.params.names)}
    for eid in sorted(both, key=lambda e: order.get(e, 1 << 30)):
        activities[eid] = {
            "name": asis.params.names.get(eid, eid),
            "total": paired(lambda r, e=eid: per_case(r, e, (0, 1, 2))),
            "personWait": paired(lambda r, e=eid: per_case(r, e, (1,))),
        }
    lanes = {}
    waits = {}
    a_names = {lane.name: lid for lid, lane in asis.params.lanes.items()}
    b_names = {lane.name: lid for lid, lane in tobe.params.lanes.items()}
    for name in [n for n in a_names if n in b_names]:
        la, lb = a_names[name], b_names[name]
        ua = [r.lanes[la]["utilisation"] for r in asis.reps]
        ub = [r.lanes[lb]["utilisation"] for r in tobe.reps]
        lanes[name] = _paired(ua, ub, True)
        lanes[name]["capacity"] = {"asis": asis.params.lanes[la].capacity,
                                   "tobe": tobe.params.lanes[lb].capacity}
        waits[name] = _paired([r.lanes[la]["queueWait"] for r in asis.reps],
                              [r.lanes[lb]["queueWait"] for r in tobe.reps])
    return {"asis": asis.path, "tobe": tobe.path, "cases": asis.cases,
            "replications": asis.replications, "seed": asis.seed,
            "engine": {"asis": asis.engine, "tobe": tobe.engine},
            "unit": "menit", "kpis": kpis, "utilisation": lanes, "laneWait": waits,
            "activities": activities}


def _paired(a: list, b: list, share: bool = False) -> dict:
    """One KPI as-is (``a``, per replication) and to-be (``b``, the same seeds): each
    side's mean and 95% interval, the paired difference (to-be minus as-is) and its
    interval, and ``significant``: the difference's interval leaves out 0 (None when it
    cannot be told: fewer than 2 replications)."""
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y is not None
             and not (isinstance(x, float) and math.isnan(x)) and not (isinstance(y, float) and math.isnan(y))]
    diff = summary([y - x for x, y in pairs])
    fix = clip01 if share else nonneg
    sa, sb = fix(denoise_kpi(summary(a))), fix(denoise_kpi(summary(b)))
    ci = [denoise(v) for v in diff["ci95"]] if diff["ci95"] else None
    if ci is not None and all(x == y for x, y in pairs):
        ci = [0.0, 0.0]       # identical replications: no difference at all
    return {"asis": sa["mean"], "tobe": sb["mean"], "asisCi95": sa["ci95"], "tobeCi95": sb["ci95"],
            "difference": denoise(diff["mean"]), "ci95": ci,
            "significant": None if ci is None else bool(ci[0] > 0 or ci[1] < 0)}
