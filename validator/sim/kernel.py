"""The discrete-event core both engines share: arrivals, lanes as resource pools, the heap.

An engine's *semantics* says what a case does next (which activities become ready, which
are cancelled, when the case is finished); the kernel owns time and resources:

* cases arrive from the arrival stream (case ``c`` at the ``c``-th arrival);
* a ready activity joins the FIFO queue of its lane (a pool of ``ppb:kapasitas`` staff;
  an activity outside every lane starts at once); its duration is drawn from the activity's
  own stream when it starts;
* a wait (timer, message, signal) fires after a duration drawn from its own stream, in
  working time, or in calendar time for waits written in calendar units (hari, minggu,
  ``P1D``); an activity or an inter-arrival time written in calendar units likewise ends
  at the clock moment that much calendar time later (``Calendar.add_elapsed``);
* events at the same time are handled in the order they were scheduled (a sequence
  number), and everything an engine returns is handled in document order, so that two
  engines with the same semantics give the same trajectories for the same seed.

Semantics objects implement ``new_case(case, t)``, ``complete(item, t)`` and
``fire(item, t)`` (and ``drop(case)``, see below), each returning ``(new_items, cancelled_items, finished)`` or
``(new_items, cancelled_items, finished, triggered)``. A wait with ``msg`` set waits for a
message from another pool of the same case rather than for a duration: the kernel does
not schedule it; the semantics lists it in ``triggered`` when the message is there (see
:class:`Mailbox`), and the kernel then fires it at the current time. ``finished`` is True
once per case: when its main pool's process ends.

A runaway case is bounded: each semantics counts the steps of every case (activations of
flow nodes) and raises :class:`CaseCut` past its ``max_steps`` (``ppb simulate
--maks-langkah``, ``PPB_SIM_MAX_STEPS_PER_CASE``); the kernel then calls ``drop(case)``,
forgets the case and lists it in ``RunLog.cut``. The KPIs are accumulated while the run
goes (:class:`~validator.sim.results.Tally`), so memory grows with the number of cases and
elements, not with the number of steps, unless the caller asks for the full log.
"""
from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import deque
from datetime import timedelta
from math import modf as _modf
from dataclasses import dataclass, field

from .errors import SimulationError
from .params import Params
from .rng import stream

ARRIVAL, TASK_END, WAIT_END = 0, 1, 2


class Item:
    """A ready activity (``wait`` False) or a pending wait of one case."""

    __slots__ = ("case", "eid", "lane", "wait", "enq", "start", "end", "alive", "ref",
                 "order", "extra", "msg")

    def __init__(self, case: int, eid: str, lane: str | None, wait: bool, order: int, ref=None):
        self.case = case
        self.eid = eid
        self.lane = lane
        self.wait = wait
        self.order = order       # document order of the element (ties: creation order)
        self.ref = ref           # the engine's handle (a Spiff task, a compiled position)
        self.start = -1.0
        self.alive = True
        self.extra = None
        self.msg = None          # a message wait: the message name it waits for


class Router:
    """Branch decisions of exclusive and inclusive gateways, one stream per gateway."""

    def __init__(self, params: Params, seed: int) -> None:
        self.branch = params.branch
        self.seed = seed
        self.streams: dict = {}
        self.inclusive: set[str] = set()

    def choose(self, gateway: str) -> tuple[str, ...]:
        """The flow ids this activation of ``gateway`` takes."""
        options = self.branch[gateway]
        rng = self.streams.get(gateway)
        if rng is None:
            rng = self.streams[gateway] = stream(self.seed, "gateway", gateway)
        if gateway in self.inclusive:
            taken = tuple(fid for fid, p in options if rng.random() < p)
            if taken:
                return taken
            best = max(p for _, p in options)
            return (next(fid for fid, p in options if p == best),)
        u = rng.random()
        acc = 0.0
        for fid, p in options:
            acc += p
            if u < acc:
                return (fid,)
        return (options[-1][0],)


class Mailbox:
    """Messages between the pools of one case. A message no one waits for yet is kept
    until a wait for it begins (so a reply that comes early is not lost); waits for the
    same message are served first come, first served."""

    def __init__(self) -> None:
        self.waiting: dict = {}   # (case, name) -> [Item]
        self.pending: dict = {}   # (case, name) -> count

    def post(self, case: int, name: str):
        """A message arrives: the wait it ends, or None (then it is kept)."""
        queue = self.waiting.get((case, name))
        while queue:
            item = queue.pop(0)
            if item.alive:
                return item
        key = (case, name)
        self.pending[key] = self.pending.get(key, 0) + 1
        return None

    def wait(self, item: Item) -> bool:
        """A message wait begins; True when its message is already there."""
        key = (item.case, item.msg)
        count = self.pending.get(key, 0)
        if count:
            if count == 1:
                del self.pending[key]
            else:
                self.pending[key] = count - 1
            return True
        self.waiting.setdefault(key, []).append(item)
        return False

    def drop(self, item: Item) -> None:
        queue = self.waiting.get((item.case, item.msg))
        if queue and item in queue:
            queue.remove(item)

    def forget(self, case: int) -> None:
        for store in (self.waiting, self.pending):
            for key in [k for k in store if k[0] == case]:
                del store[key]

    def open_waits(self) -> int:
        return sum(1 for q in self.waiting.values() for i in q if i.alive)


class CaseCut(Exception):
    """Raised by a semantics when a case has taken more steps (flow-node activations) than
    its cap: the case is stopped, its state dropped, and the kernel discards its items."""

    def __init__(self, case: int, steps: int) -> None:
        super().__init__(f"case {case} cut after {steps} steps")
        self.case = case
        self.steps = steps


@dataclass
class RunLog:
    """What one replication recorded.

    ``log``: one tuple per activity or wait instance ``(case, element id, lane id or None,
    enqueue, start, end, status)``, status 0 finished, 1 cancelled (before its end), 2 wait,
    3 cancelled wait; kept only when asked (``keep_log``): the KPIs are accumulated as the
    run goes (``tally``, see :class:`~validator.sim.results.Tally`), so a long run keeps no
    per-activity data. ``arrival[c]``, ``finish[c]`` (None: the case never finished);
    ``unfinished``: cases that never finished (deadlock), ``cut``: cases stopped at the
    per-case step cap (``max_steps``)."""

    log: list = field(default_factory=list)
    arrival: list = field(default_factory=list)
    finish: list = field(default_factory=list)
    horizon: float = 0.0
    events: int = 0
    unfinished: list = field(default_factory=list)
    cut: list = field(default_factory=list)
    max_steps: int | None = None
    tally: object = None


def run(sem, params: Params, cases: int, seed: int, max_events_per_case: int = 10000, *,
        keep_log: bool = True, warmup: int = 0) -> RunLog:
    """Simulate ``cases`` cases with semantics ``sem``; replication seed ``seed``.
    Every item's lane must be None or a lane of ``params.lanes`` (the engines ensure it).
    ``keep_log``: keep every record in ``RunLog.log`` (event logs, charts); the KPIs are
    accumulated either way (``warmup``: cases left out of them). A case whose semantics
    raises :class:`CaseCut` is stopped: its pending activities and waits are dropped (a
    started activity still frees its lane when it ends) and it is listed in ``cut``."""
    from .results import Tally

    fast = getattr(sem, "run_fast", None)
    if fast is not None:    # the compiled engine's own loop, for the maps it covers
        out = fast(params, cases, seed, max_events_per_case, keep_log, warmup)
        if out is not None:
            return out
    calendar = params.calendar
    arrivals = params.arrivals.sampler()
    arrival_rng = stream(seed, "arrival", params.process_id)
    samplers: dict[str, tuple] = {}
    add_elapsed = elapsed_adder(calendar)
    for eid, dist in params.durations.items():
        # calendar time (hari, minggu, P1D) elapses on the clock, over closed hours too
        samplers[eid] = (dist.sampler(), stream(seed, "task", eid),
                         dist.calendar and not calendar.continuous)
    wait_samplers: dict[str, tuple] = {}
    for eid, (dist, calendar_time) in params.waits.items():
        wait_samplers[eid] = (dist.sampler(), stream(seed, "wait", eid), calendar_time)
    zero = (lambda r: 0.0, None, False)
    arrival_calendar = params.arrivals.calendar and not calendar.continuous

    def next_arrival(t: float) -> float:
        gap = arrivals(arrival_rng)
        return add_elapsed(t, gap) if arrival_calendar else t + gap
    capacity = {lid: lane.capacity for lid, lane in params.lanes.items()}
    busy = dict.fromkeys(capacity, 0)
    queues = {lid: deque() for lid in capacity}

    out = RunLog(max_steps=getattr(sem, "max_steps", None))
    arrival_t = out.arrival
    finish = out.finish
    tally = out.tally = Tally(params, warmup, arrival_t, finish)
    if keep_log:
        log_append = out.log.append
        tally_record = tally.record

        def record(*rec) -> None:  # noqa: ANN002
            log_append(rec)
            tally_record(*rec)
    else:
        record = tally.record
    case_done = tally.finished
    cut: set = set()
    heap: list = []
    push = heapq.heappush
    pop = heapq.heappop
    seq = 0
    limit = max_events_per_case * cases + 1000
    events = 0

    def release(lane: str, t: float) -> None:
        nonlocal seq
        queue = queues[lane]
        while queue:
            nxt = queue.popleft()
            if nxt.alive and not (cut and nxt.case in cut):
                sampler, rng, on_clock = samplers.get(nxt.eid, zero)
                nxt.start = t
                seq += 1
                d = sampler(rng)
                push(heap, (add_elapsed(t, d) if on_clock else t + d, seq, TASK_END, nxt))
                return
        busy[lane] -= 1

    def handle(result, t: float) -> None:
        nonlocal seq
        new, cancelled = result[0], result[1]
        if cancelled:
            for item in sorted(cancelled, key=_order):
                if not item.alive:
                    continue
                item.alive = False
                item.end = t
                if item.wait:
                    record(item.case, item.eid, None, item.enq, item.enq, t, 3)
                    continue
                record(item.case, item.eid, item.lane, item.enq,
                       item.start if item.start >= 0 else t, t, 1)
                if item.start >= 0 and item.lane is not None:
                    release(item.lane, t)
        if new:
            if len(new) > 1:
                new.sort(key=_order)
            for item in new:
                item.enq = t
                if item.msg is not None:
                    continue  # waits for a message: fired when the semantics says so
                if item.wait:
                    sampler, rng, calendar_time = wait_samplers.get(item.eid, (zero[0], None, False))
                    d = sampler(rng)
                    fire_t = add_elapsed(t, d) if calendar_time else t + d
                    seq += 1
                    push(heap, (fire_t, seq, WAIT_END, item))
                    continue
                lane = item.lane
                if lane is not None:
                    if busy[lane] >= capacity[lane]:
                        queues[lane].append(item)
                        continue
                    busy[lane] += 1
                sampler, rng, on_clock = samplers.get(item.eid, zero)
                item.start = t
                seq += 1
                d = sampler(rng)
                push(heap, (add_elapsed(t, d) if on_clock else t + d, seq, TASK_END, item))
        if len(result) > 3 and result[3]:
            for item in sorted(result[3], key=_order):
                if item.alive:
                    seq += 1
                    push(heap, (t, seq, WAIT_END, item))

    def stop(exc: CaseCut) -> None:
        """A case over its step cap: forget it (its items are dropped as they come up)."""
        cut.add(exc.case)
        drop = getattr(sem, "drop", None)
        if drop is not None:
            drop(exc.case)
        tally.drop(exc.case)

    # the first arrival
    push(heap, (next_arrival(0.0), 0, ARRIVAL, 0))
    t = 0.0
    try:
        while heap:
            t, _, kind, obj = pop(heap)
            events += 1
            if events > limit:
                raise SimulationError("SIM-RUNTIME", case=str(getattr(obj, "case", obj)),
                                      detail="terlalu banyak peristiwa; periksa putaran (loop) "
                                             "tanpa akhir pada peta atau ppb:peluang-nya")
            if kind != ARRIVAL and cut and obj.case in cut:
                if obj.alive:
                    obj.alive = False
                    if kind == TASK_END and obj.lane is not None:
                        release(obj.lane, t)    # the staff member finishes what they started
                continue
            try:
                if kind == TASK_END:
                    if not obj.alive:
                        continue
                    obj.end = t
                    obj.alive = False
                    record(obj.case, obj.eid, obj.lane, obj.enq, obj.start, t, 0)
                    if obj.lane is not None:
                        release(obj.lane, t)
                    result = sem.complete(obj, t)
                    if result[2]:
                        finish[obj.case] = t
                        case_done(obj.case)
                        result = (result[0], result[1], False, *result[3:])
                    handle(result, t)
                elif kind == WAIT_END:
                    if not obj.alive:
                        continue
                    obj.end = t
                    obj.alive = False
                    record(obj.case, obj.eid, None, obj.enq, obj.enq, t, 2)
                    result = sem.fire(obj, t)
                    if result[2]:
                        finish[obj.case] = t
                        case_done(obj.case)
                        result = (result[0], result[1], False, *result[3:])
                    handle(result, t)
                else:
                    case = obj
                    arrival_t.append(t)
                    finish.append(None)
                    if case + 1 < cases:
                        seq += 1
                        push(heap, (next_arrival(t), seq, ARRIVAL, case + 1))
                    result = sem.new_case(case, t)
                    if result[2]:
                        finish[case] = t
                        case_done(case)
                        result = (result[0], result[1], False, *result[3:])
                    handle(result, t)
            except CaseCut as exc:
                stop(exc)
    except SimulationError:
        raise
    except RecursionError:
        raise SimulationError("SIM-RUNTIME", case="?", detail="struktur terlalu dalam") from None
    out.horizon = t
    out.events = events
    out.cut = sorted(cut)
    out.unfinished = [c for c, f in enumerate(finish) if f is None and c not in cut]
    tally.close(t)
    return out


def _order(item: Item) -> int:
    return item.order


DAY_US = 86_400_000_000      # microseconds in a day
TABLE_CHUNK = 64             # calendar days added to a table at a time


def micro_of(minutes: float) -> int:
    """``timedelta(minutes=minutes)`` in whole microseconds, bit for bit (its arithmetic:
    the whole minutes exactly, the fraction times 60,000,000 in floating point, the left-over
    below a microsecond rounded half to even on the total), without building the timedelta."""
    if minutes < 0.0 or minutes != minutes or minutes > 1e12:
        td = timedelta(minutes=minutes)
        return (td.days * 86400 + td.seconds) * 1_000_000 + td.microseconds
    frac, whole = _modf(minutes)
    x = int(whole) * 60_000_000
    if not frac:
        return x
    rest, us = _modf(frac * 60_000_000.0)
    x += int(us)
    if rest > 0.5 or (rest == 0.5 and x & 1):
        x += 1
    return x


def elapsed_adder(calendar):  # noqa: ANN001, ANN201 - a params.Calendar
    """``add(minutes_now, elapsed)``: the same number as ``calendar.add_elapsed`` (bit for
    bit: the same date arithmetic in whole microseconds, the same reading of seconds and the
    same sums over the opening periods) from a table of the calendar's days built once per
    run and extended as the clock goes: working minute at each day's start and the day's
    opening periods (``Calendar._open``: weekday hours, holidays closed). Memory grows with
    the days the run covers, not with the number of calls."""
    if calendar.continuous:
        def add_continuous(minutes_now: float, elapsed: float) -> float:
            return minutes_now + elapsed
        return add_continuous
    from .params import Calendar

    if type(calendar).add_elapsed is not Calendar.add_elapsed:
        return calendar.add_elapsed     # pragma: no cover - a calendar with its own rule
    cum: list[float] = [0.0]           # working minute at the start of day i (start date + i)
    periods: list[tuple] = []          # opening periods of day i
    day = [calendar.start.date()]
    read = calendar._open  # noqa: SLF001 - the calendar's own reading of a day
    one = timedelta(days=1)
    us_of: dict[float, int] = {}       # elapsed minutes -> microseconds (a timedelta's rounding)

    def grow(upto_minutes: float, upto_day: int) -> None:
        guard = 0
        while cum[-1] <= upto_minutes or len(periods) <= upto_day:
            for _ in range(TABLE_CHUNK):
                hours = tuple(read(day[0]))
                periods.append(hours)
                cum.append(cum[-1] + sum(b - a for a, b in hours))
                day[0] += one
            guard += TABLE_CHUNK
            if guard > 200_000 and cum[-1] <= upto_minutes:
                return calendar.add_elapsed(upto_minutes, 0.0)  # raises SIM-CALENDAR

    micro = micro_of

    def add(minutes_now: float, elapsed: float) -> float:
        if cum[-1] <= minutes_now:
            grow(minutes_now, 0)
        i = bisect_right(cum, minutes_now) - 1
        left = minutes_now - cum[i]
        for a, b in periods[i]:
            if left <= b - a:
                at = micro(a + left)
                break
            left -= b - a
        else:  # pragma: no cover - as Calendar.to_datetime
            at = DAY_US
        gap = us_of.get(elapsed)
        if gap is None:
            gap = micro(elapsed)
            if len(us_of) < 4096:
                us_of[elapsed] = gap
        moment = i * DAY_US + at + gap
        j, rest = divmod(moment, DAY_US)
        if j < 0:
            return max(minutes_now, 0.0)
        if j >= len(periods):
            grow(cum[-1], j)
        sec = rest // 1_000_000
        t = sec // 60 + (sec % 60) / 60.0
        base = cum[j]
        for a, b in periods[j]:
            if t <= a:
                return max(minutes_now, base)
            if t <= b:
                return max(minutes_now, base + (t - a))
            base += b - a
        return max(minutes_now, base)
    return add
