"""Each activity's share of the cycle time: processing, waiting for a person, outside office hours.

The simulation clock counts working minutes of the map's calendar (see
:class:`~validator.sim.params.Calendar`): a case that waits overnight loses no clock time.
What a citizen sees is the calendar time (the wall clock), so the shares are taken of the
cycle time on the wall clock. For one activity, queued at working minute ``enq``, started
by a person at ``start`` and done at ``end``:

* processing: ``end - start`` (working minutes: the person's time on it);
* waiting for a person: ``start - enq`` (working minutes in the lane's queue);
* outside office hours: the rest of its wall-clock span, ``clock(end) - clock(enq) -
  (end - enq)`` (nights, weekends and holidays while it waited or was being done).

Their sum is the activity's wall-clock span. A per-activity amount is its total over the
counted cases divided by their number (an activity done twice in a case counts twice; one
never reached counts 0), and its share is that amount over the mean wall-clock cycle time,
replication by replication (the interval is across replications). What no activity covers
(timers, messages, waiting for a parallel branch) is the rest; it is negative when parallel
activities overlap.

:class:`ClockMap` maps a working minute to a wall-clock minute with one binary search over
the calendar's opening periods (a table extended as the run goes), so the accounting stays
cheap on the hot path of a long run. A moment on the border of two opening periods (16:00
Monday is also 07:30 Tuesday in working minutes) is read as the earlier one: a task queued
then waits overnight outside office hours.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left

DAY = 1440.0
CHUNK_DAYS = 56          # the table grows by this many calendar days at a time
MAX_DAYS = 200_000       # a calendar with no opening hour in this many days is refused upstream


class ClockMap:
    """Working minutes of a calendar -> wall-clock minutes since the start day's midnight.

    Working minutes are contiguous: opening period ``k`` holds the working minutes
    ``(starts[k], starts[k + 1]]``, and inside it ``clock(w) = w + offsets[k]`` (its wall-clock
    opening minus its first working minute). The office time closed between two working
    minutes is then the difference of their periods' offsets."""

    __slots__ = ("calendar", "starts", "offsets", "end", "_day", "_index")

    def __init__(self, calendar) -> None:  # noqa: ANN001 - a params.Calendar
        self.calendar = calendar
        self.starts: list[float] = []    # working minute at which each opening period starts
        self.offsets: list[float] = []   # its wall-clock minute minus that working minute
        self.end = 0.0                   # working minutes covered by the table
        self._day: dt.date = calendar.start.date()
        self._index = 0                  # days since the start day of ``_day``
        self._grow(0.0)

    def _grow(self, upto: float) -> None:
        cal = self.calendar
        guard = 0
        while not self.starts or self.end < upto:
            for _ in range(CHUNK_DAYS):
                for a, b in cal._open(self._day):  # noqa: SLF001 - the calendar's own reading
                    self.starts.append(self.end)
                    self.offsets.append(self._index * DAY + a - self.end)
                    self.end += b - a
                self._day += dt.timedelta(days=1)
                self._index += 1
            guard += CHUNK_DAYS
            if guard > MAX_DAYS:       # pragma: no cover - Calendar refuses such calendars
                raise ValueError("kalender tanpa jam kerja")

    def _period(self, minutes: float) -> int:
        if minutes >= self.end:
            self._grow(minutes + 1.0)
        k = bisect_left(self.starts, minutes) - 1
        return k if k > 0 else 0

    def clock(self, minutes: float) -> float:
        """The wall-clock minute at which ``minutes`` of working time have passed (on a
        border between two opening periods: the end of the earlier one)."""
        return minutes + self.offsets[self._period(minutes)]

    def closed(self, start: float, end: float) -> tuple[float, float, float]:
        """(wall-clock minutes the office was closed between working minutes ``start`` and
        ``end``, ``start <= end``; the bounds ``(lo, hi]`` of the opening period ``end`` falls
        in, so that a caller can tell the next pair inside it without asking)."""
        starts = self.starts
        kb = self._period(end)
        hi = starts[kb + 1] if kb + 1 < len(starts) else self.end
        if start > starts[kb]:
            return 0.0, starts[kb], hi
        ka = bisect_left(starts, start, 0, kb + 1) - 1
        offsets = self.offsets
        return offsets[kb] - offsets[ka if ka > 0 else 0], starts[kb], hi


def closed_total(cmap: ClockMap, arrival, finish, cases) -> float:  # noqa: ANN001
    """``sum(cmap.closed(arrival[c], finish[c])[0] for c in cases)``: the same numbers added
    in the same order, with the table grown once and the look-ups inline."""
    cases = list(cases)
    if not cases:
        return 0
    cmap._period(max(finish[c] for c in cases))   # noqa: SLF001 - grows the table once
    starts, offsets = cmap.starts, cmap.offsets
    total = 0
    for c in cases:
        start, end = arrival[c], finish[c]
        kb = bisect_left(starts, end) - 1
        if kb < 0:
            kb = 0
        if start > starts[kb]:
            total += 0.0
            continue
        ka = bisect_left(starts, start, 0, kb + 1) - 1
        total += offsets[kb] - offsets[ka if ka > 0 else 0]
    return total


def clock_of(calendar):  # noqa: ANN001, ANN201
    """The :class:`ClockMap` of a calendar, or None for ``24jam`` (the clock is the wall clock)."""
    if calendar is None or getattr(calendar, "continuous", True):
        return None
    return ClockMap(calendar)
