"""A "what if" on a map: more people in a lane, an activity done faster.

The change is applied to the map as read (:func:`validator.sim.loader.load`), the scenario
otherwise unchanged: the same cases, replications and seeds, so that the original and the
what-if share their random numbers (each activity draws from its own stream) and
:func:`validator.sim.results.compare` gives the paired difference with its interval.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import SimulationError

MAX_EXTRA = 20          # at most this many people added to one lane
MIN_PERCENT = 1.0       # an activity is made at least this much faster ...
MAX_PERCENT = 90.0      # ... and at most this much (100% would make it take no time)


@dataclass(frozen=True)
class WhatIf:
    """``lane``: lane id given ``extra`` more people; ``activity``: activity id whose
    duration is cut by ``percent`` (every value of its distribution scaled by
    1 - percent/100, so its mean too)."""

    lane: str | None = None
    extra: int = 1
    activity: str | None = None
    percent: float = 20.0

    def as_dict(self) -> dict:
        return {"lane": self.lane, "extra": self.extra if self.lane else None,
                "activity": self.activity, "percent": self.percent if self.activity else None}

    @classmethod
    def from_dict(cls, data: dict) -> "WhatIf":
        return cls(data.get("lane") or None, int(data.get("extra") or 1),
                   data.get("activity") or None, float(data.get("percent") or 20.0))


def check(what: WhatIf, params) -> None:  # noqa: ANN001 - a params.Params
    """Refuse (SIM-SCENARIO) a what-if that names no change, a lane or an activity the map
    does not have, or a number out of range."""
    def bad(detail: str) -> SimulationError:
        return SimulationError("SIM-SCENARIO", detail=detail)
    if not what.lane and not what.activity:
        raise bad("pilih lane yang mendapat tambahan petugas atau aktivitas yang dipercepat")
    if what.lane:
        if what.lane not in params.lanes:
            raise bad(f"lane '{what.lane}' tidak ada pada peta ini")
        if not 1 <= what.extra <= MAX_EXTRA:
            raise bad(f"tambahan petugas harus 1 sampai {MAX_EXTRA} orang")
    if what.activity:
        if what.activity not in params.durations:
            raise bad(f"aktivitas '{what.activity}' tidak ada pada peta ini atau tidak mempunyai durasi")
        if not MIN_PERCENT <= what.percent <= MAX_PERCENT:
            raise bad(f"persentase percepatan harus {MIN_PERCENT:g} sampai {MAX_PERCENT:g} persen")


def apply(what: WhatIf, loaded) -> None:  # noqa: ANN001 - a loader.Loaded
    """Change the map as read, in place (it must not be simulated as the original again)."""
    params = loaded.params
    check(what, params)
    if what.lane:
        lane = params.lanes[what.lane]
        params.lanes[what.lane] = replace(lane, capacity=lane.capacity + what.extra)
    if what.activity:
        factor = 1.0 - what.percent / 100.0
        dist = params.durations[what.activity]
        params.durations[what.activity] = replace(
            dist, args=tuple(a * factor for a in dist.args),
            text=f"{dist.text} x {factor:g}" if dist.text else "")


def describe(what: WhatIf, params, lang: str = "id") -> str:  # noqa: ANN001
    """The change in words, e.g. "Loket: 1 petugas lagi (2 -> 3); 'Memeriksa': 20% lebih cepat"."""
    parts = []
    if what.lane and what.lane in params.lanes:
        lane = params.lanes[what.lane]
        parts.append(f"{lane.name}: {what.extra} petugas lagi" if lang != "en" else
                     f"{lane.name}: {what.extra} more staff")
    if what.activity:
        name = params.names.get(what.activity, what.activity)
        parts.append(f"'{name}' {what.percent:g}% lebih cepat" if lang != "en" else
                     f"'{name}' {what.percent:g}% faster")
    return "; ".join(parts)
