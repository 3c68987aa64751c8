"""Export of a map's simulation parameters to the JSON input of Prosimos 2.1.

Prosimos (the Tartu/Apromore business-process simulator) reads the BPMN file itself and a
JSON file with resource pools, task durations per resource, branch probabilities, arrivals
and calendars, in seconds. This module writes that JSON from the same parameters our
engines use, so that a map can be cross-checked on the other simulator. Each lane becomes
one resource pool of ``ppb:kapasitas`` identical resources; activities outside every lane
get a pool of their own with ample capacity.

What Prosimos cannot express is approximated and listed in ``approximations``: a
triangular distribution becomes a normal one with the same mean and standard deviation,
bounded to the triangle; a working calendar becomes weekly office hours (holidays are not
exported); a task or inter-arrival time in calendar units under a working calendar is scaled
to working time by the open share of the week; under a working calendar Prosimos draws
the gaps between arrivals on the clock and moves an arrival that falls in closed hours to
the next opening (one arrival per closed spell), where ours draws them in working time.
Timers (events) elapse on the clock in both
simulators, so their calendar time is exported as it is (``P1D`` = 86,400 s).
"""
from __future__ import annotations

import math

from .loader import LoadedMap
from .params import Calendar, Dist

DAY_NAMES = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
BIG = 1e9  # seconds: an upper bound that never cuts a sample


def _param(value: float) -> dict:
    return {"value": value}


def distribution(dist: Dist, approximations: list, where: str) -> dict:
    """One of our distributions (minutes) as Prosimos' distribution (seconds)."""
    a = [v * 60.0 for v in dist.args]
    if dist.kind == "fixed":
        return {"distribution_name": "fix", "distribution_params": [_param(a[0])]}
    if dist.kind == "exponential":
        return {"distribution_name": "expon",
                "distribution_params": [_param(a[0]), _param(0.0), _param(BIG)]}
    if dist.kind == "uniform":
        return {"distribution_name": "uniform", "distribution_params": [_param(a[0]), _param(a[1])]}
    if dist.kind == "normal":
        return {"distribution_name": "norm",
                "distribution_params": [_param(a[0]), _param(a[1]), _param(0.0), _param(BIG)]}
    if dist.kind == "lognormal":
        return {"distribution_name": "lognorm",
                "distribution_params": [_param(a[0]), _param(a[1] * a[1]), _param(0.0), _param(BIG)]}
    low, mode, high = a  # triangular
    mean = (low + mode + high) / 3
    var = (low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18
    approximations.append(f"{where}: segitiga -> normal(rerata {mean / 60:.4g}, sd "
                          f"{math.sqrt(var) / 60:.4g} menit) dibatasi [{low / 60:.4g}, {high / 60:.4g}]")
    return {"distribution_name": "norm",
            "distribution_params": [_param(mean), _param(math.sqrt(var)), _param(low), _param(high)]}


def _working(dist: Dist, calendar: Calendar, approximations: list, where: str) -> Dist:
    """A task or arrival written in calendar time ("1 hari", ``P1D``) under a working
    calendar: Prosimos counts those in the calendar's open time, so the values are scaled
    by the open share of the week (the long-run working time of that much calendar time)."""
    if not dist.calendar or calendar.continuous:
        return dist
    share = calendar.open_share
    approximations.append(f"{where}: waktu kalender -> waktu kerja (x {share:.4g}, bagian "
                          "minggu saat kantor buka)")
    return Dist(dist.kind, tuple(v * share for v in dist.args), dist.text, False)


def _periods(calendar: Calendar, approximations: list) -> list[dict]:
    if calendar.continuous:
        return [{"from": "MONDAY", "to": "SUNDAY", "beginTime": "00:00:00.000",
                 "endTime": "23:59:59.999"}]
    out = []
    for day in range(7):
        for start, end in calendar.hours.get(day, ()):
            out.append({"from": DAY_NAMES[day], "to": DAY_NAMES[day],
                        "beginTime": f"{start // 60:02d}:{start % 60:02d}:00.000",
                        "endTime": f"{end // 60:02d}:{end % 60:02d}:00.000" if end < 1440
                        else "23:59:59.999"})
    if calendar.holidays or calendar.fixed_holidays:
        approximations.append("kalender: hari libur tidak diekspor (Prosimos hanya mengenal jam mingguan)")
    return out


def to_prosimos(loaded: LoadedMap) -> dict:
    """The Prosimos 2.1 JSON parameters of a loaded map (see the module docstring)."""
    p = loaded.params
    approximations: list[str] = []
    periods = _periods(p.calendar, approximations)
    calendar_id = "ppb_kalender"
    pools: dict[str, dict] = {}
    tasks = []
    for eid, dist in p.durations.items():
        lane = p.lane_of.get(eid)
        if lane is not None and lane in p.lanes:
            lp = p.lanes[lane]
            pool_id, name, amount, cost = lane, lp.name, lp.capacity, lp.cost_per_hour or 0.0
        else:
            pool_id, name, amount, cost = f"ppb_tanpa_lane_{eid}", f"(tanpa lane) {eid}", 1000, 0.0
        pool = pools.setdefault(pool_id, {
            "id": pool_id, "name": name,
            "resource_list": [{"id": f"{pool_id}__staf", "name": name, "cost_per_hour": cost,
                               "amount": amount, "calendar": calendar_id, "assigned_tasks": []}]})
        pool["resource_list"][0]["assigned_tasks"].append(eid)
        entry = {"resource_id": f"{pool_id}__staf"}
        entry.update(distribution(_working(dist, p.calendar, approximations, eid),
                                  approximations, eid))
        tasks.append({"task_id": eid, "resources": [entry]})
    gateways = [{"gateway_id": gid, "probabilities": [{"path_id": fid, "value": prob}
                                                      for fid, prob in options]}
                for gid, options in p.branch.items()]
    events = [dict({"event_id": eid}, **distribution(dist, approximations, eid))
              for eid, (dist, _cal) in p.waits.items()]
    arrival = distribution(_working(p.arrivals, p.calendar, approximations, "kedatangan"),
                           approximations, "kedatangan")
    if not p.calendar.continuous:
        approximations.append("kedatangan: Prosimos menghitung selang antarkedatangan pada jam "
                              "dinding dan menggeser kedatangan di luar jam kerja ke jam buka "
                              "berikutnya (satu kedatangan per jam tutup), bukan dalam waktu kerja")
    return {
        "resource_profiles": list(pools.values()),
        "arrival_time_distribution": arrival,
        "arrival_time_calendar": periods,
        "gateway_branching_probabilities": gateways,
        "task_resource_distribution": tasks,
        "event_distribution": events,
        "resource_calendars": [{"id": calendar_id, "name": p.calendar.name, "time_periods": periods}],
        "approximations": approximations,
    }
