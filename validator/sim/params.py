"""Simulation parameters read from the ``ppb`` vocabulary of a map, plus the scenario.

The simulation clock counts minutes of *working time*: it runs only while the office is
open (a working calendar maps it back to dates and hours for the event log), so arrivals
and work both pause outside office hours and results come out in minutes and hari kerja
(working days of ``hours_per_day`` hours). The ``24jam`` calendar is continuous time,
which is what the queueing-theory checks use.

One unit system for tasks, timers and arrivals (:func:`sim_duration`): menit, jam and
"hari kerja" are working time; "hari", "minggu", ISO ``P1D``/``P1W`` and "1 x 24 jam" are
calendar time and elapse over nights, weekends and holidays (``P1D`` from Monday 08:00
ends Tuesday 08:00). With ``24jam`` a hari is 1,440 minutes and a hari kerja
``hours_per_day`` hours.

Durations (``ppb:durasi``) are distributions written with Indonesian units::

    tetap(30 menit)            eksponensial(2 jam)       segitiga(10, 20, 45 menit)
    normal(30, 5 menit)        lognormal(1 jam, 20 menit)  seragam(1; 2 hari kerja)
    30 menit                   (a plain value: fixed)

Numbers without a unit take the unit written last; ``;`` separates the arguments when
decimals are written with a comma ("normal(1,5; 0,25 jam)"). Without ``ppb:durasi`` a task
takes its ``ppb:mutuWaktu`` (by default as the mean of an exponential distribution; a range
such as "1-2 hari" as a uniform distribution). Arrivals (``ppb:kedatangan`` on the start
event, the process or the pool) are a rate, ``40/hari`` or ``5/jam`` (a Poisson process), or
an inter-arrival distribution such as ``tetap(12 menit)``.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Callable

from ..model import Element, Model
from ..units import HOURS_PER_DAY, parse_duration, parse_range, unit_factor
from .errors import Finding, SimulationError

# -- distributions -------------------------------------------------------------

KINDS = {
    "tetap": "fixed", "konstan": "fixed", "fixed": "fixed", "constant": "fixed",
    "eksponensial": "exponential", "exponential": "exponential", "eksponential": "exponential",
    "expo": "exponential", "exp": "exponential",
    "segitiga": "triangular", "triangular": "triangular",
    "normal": "normal",
    "lognormal": "lognormal", "log-normal": "lognormal",
    "seragam": "uniform", "uniform": "uniform", "uniform_": "uniform",
}
ARITY = {"fixed": (1,), "exponential": (1,), "triangular": (3,), "normal": (2,),
         "lognormal": (2,), "uniform": (2,)}
KIND_LABEL_ID = {"fixed": "tetap", "exponential": "eksponensial", "triangular": "segitiga",
                 "normal": "normal", "lognormal": "lognormal", "uniform": "seragam"}


@dataclass(frozen=True)
class Dist:
    """A duration distribution in minutes. ``args``: fixed (v), exponential (mean),
    triangular (low, mode, high), normal (mean, sd), lognormal (mean, sd), uniform (low, high)."""

    kind: str
    args: tuple[float, ...]
    text: str = ""
    calendar: bool = False   # minutes of elapsed calendar time, not of working time

    @property
    def mean(self) -> float:
        a = self.args
        if self.kind == "triangular":
            return (a[0] + a[1] + a[2]) / 3
        if self.kind == "uniform":
            return (a[0] + a[1]) / 2
        return a[0]

    def sampler(self) -> Callable:
        """A function ``rng -> minutes`` (never negative)."""
        a = self.args
        kind = self.kind
        if kind == "fixed":
            value = a[0]
            return lambda r: value
        if kind == "exponential":
            if a[0] <= 0:
                return lambda r: 0.0
            rate = 1.0 / a[0]
            return lambda r: r.expovariate(rate)
        if kind == "triangular":
            low, mode, high = a
            return lambda r: r.triangular(low, high, mode)
        if kind == "uniform":
            low, high = a
            return lambda r: r.uniform(low, high)
        if kind == "normal":
            mu, sd = a
            return lambda r: max(0.0, r.normalvariate(mu, sd))
        # lognormal given by the mean and standard deviation of the duration itself
        mean, sd = a
        if mean <= 0:
            return lambda r: 0.0
        sigma2 = math.log(1.0 + (sd * sd) / (mean * mean))
        mu, sigma = math.log(mean) - sigma2 / 2, math.sqrt(sigma2)
        return lambda r: r.lognormvariate(mu, sigma)

    def describe(self, lang: str = "id") -> str:
        name = KIND_LABEL_ID[self.kind] if lang == "id" else self.kind
        unit = ("menit kalender" if lang == "id" else "calendar minutes") if self.calendar \
            else ("menit" if lang == "id" else "minutes")
        return f"{name}({', '.join(_fmt(v) for v in self.args)} {unit})"

    def working_mean(self, calendar: "Calendar") -> float:
        """The mean in minutes of working time: a calendar-time duration is scaled by the
        share of the week the calendar is open (exact in the long run)."""
        if not self.calendar or calendar.continuous:
            return self.mean
        return self.mean * calendar.open_share


def _fmt(v: float) -> str:
    return f"{v:.4g}"


# -- units of the simulation ---------------------------------------------------
# One unit system for tasks, timers and arrivals (see docs/simulasi.md, "Satuan waktu"):
# menit, jam and "hari kerja" are working time (a hari kerja is ``hours_per_day`` hours of
# work); "hari", "minggu", ISO-8601 ``D``/``W`` and "k x 24 jam" are calendar time (a day is
# 1,440 minutes of the clock, a week 7 days), which elapses over nights, weekends and
# holidays too. A text with any calendar unit is calendar time as a whole ("1 hari 2 jam" is
# 26 hours of the clock).

CALENDAR_DAY = 1440.0
_WEEK_WORDS = re.compile(r"\b(?:se)?(?:minggu|mgg|pekan|weeks?)\b", re.I)
_ISO_SIM = re.compile(r"^p(?:(\d+(?:[.,]\d+)?)w)?(?:(\d+(?:[.,]\d+)?)d)?"
                      r"(?:t(?:(\d+(?:[.,]\d+)?)h)?(?:(\d+(?:[.,]\d+)?)m)?(?:(\d+(?:[.,]\d+)?)s)?)?$")


def sim_duration(text: str | None, hours_per_day: float = HOURS_PER_DAY) -> tuple[float, bool] | None:
    """``(minutes, calendar)`` of one duration text as the simulation reads it: minutes of
    working time, or (``calendar`` True) minutes of elapsed calendar time; None when the
    text is no measurable duration (:func:`validator.units.parse_duration` reads it)."""
    if text is None:
        return None
    raw = text.strip().lower()
    iso = _ISO_SIM.match(raw)
    if iso and raw not in ("p", "pt") and not raw.endswith("t"):
        w, d, h, m, sec = (float(g.replace(",", ".")) if g else 0.0 for g in iso.groups())
        clock = h * 60 + m + sec / 60
        if iso.group(1) is None and iso.group(2) is None:
            return clock, False
        return (w * 7 + d) * CALENDAR_DAY + clock, True
    d = parse_duration(text, hours_per_day)
    if d is None:
        return None
    if not d.calendar:
        return d.minutes, False
    # parse_duration counts every day-like unit as one working day (a week as five); read
    # the text twice with two day lengths to split the day units from the clock units
    m1, m2 = parse_duration(text, 1.0), parse_duration(text, 2.0)
    if m1 is None or m2 is None:  # pragma: no cover - same text, other day length
        return d.minutes, True
    days = (m2.minutes - m1.minutes) / 60.0        # day units, a week counted as 5
    clock = m1.minutes - 60.0 * days
    weeks = 0.0
    if _WEEK_WORDS.search(text):
        no_week = re.sub(r"\bse(minggu|pekan)\b", "1 detik", text, flags=re.I)
        no_week = _WEEK_WORDS.sub("detik", no_week)
        n1, n2 = parse_duration(no_week, 1.0), parse_duration(no_week, 2.0)
        if n1 is not None and n2 is not None:
            other_days = (n2.minutes - n1.minutes) / 60.0
            weeks = (days - other_days) / 5.0
            clock = n1.minutes - 60.0 * other_days - weeks * (1 / 60.0)
            days = other_days
    return days * CALENDAR_DAY + weeks * 7 * CALENDAR_DAY + clock, True


_CALL_RE = re.compile(r"^\s*([a-z_\-]+)\s*\((.*)\)\s*$", re.I | re.S)
_NUM_ONLY = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")


def parse_dist(text: str, default_kind: str = "fixed",
               hours_per_day: float = HOURS_PER_DAY) -> Dist:
    """Read a distribution; raises ValueError with an Indonesian reason."""
    if text is None or not text.strip():
        raise ValueError("nilai kosong")
    m = _CALL_RE.match(text)
    if not m:
        rng = parse_range(text, hours_per_day)
        if rng is not None:
            bounds = [sim_duration(b.text, hours_per_day) or (b.minutes, b.calendar) for b in rng]
            cal = any(c for _, c in bounds)
            low, high = bounds[0][0], bounds[1][0]
            if high < low:
                raise ValueError(f"rentang '{text}' terbalik")
            return Dist("uniform", (low, high), text, cal)
        d = sim_duration(text, hours_per_day)
        if d is None:
            raise ValueError(f"'{text}' bukan durasi yang terukur (contoh: 'tetap(30 menit)', "
                             "'eksponensial(2 jam)', '30 menit')")
        return Dist(default_kind, (d[0],), text, d[1])
    kind = KINDS.get(m.group(1).strip().lower())
    if kind is None:
        raise ValueError(f"distribusi '{m.group(1)}' tidak dikenal; gunakan tetap, eksponensial, "
                         "segitiga, normal, lognormal atau seragam")
    body = m.group(2)
    parts = [p.strip() for p in (body.split(";") if ";" in body else body.split(","))]
    if any(not p for p in parts):
        raise ValueError(f"argumen '{body}' tidak lengkap")
    read: list[tuple[float, bool]] = []
    unit: tuple[float, bool] | None = None
    for part in reversed(parts):  # the unit written last applies to bare numbers before it
        if _NUM_ONLY.match(part):
            if unit is None:
                raise ValueError(f"angka {part} tanpa satuan (tulis mis. '30 menit')")
            read.append((float(part.replace(",", ".")) * unit[0], unit[1]))
            continue
        d = sim_duration(part, hours_per_day)
        if d is None:
            raise ValueError(f"'{part}' bukan durasi yang terukur")
        read.append(d)
        num = re.match(r"\s*\d+(?:[.,]\d+)?\s*(.+)$", part)
        if num and unit_factor(num.group(1), hours_per_day) is not None:
            unit = sim_duration("1 " + num.group(1), hours_per_day)
    read.reverse()
    cal = any(c for _, c in read)
    out = [v for v, _ in read]  # beside calendar time, menit/jam are minutes of the clock
    if len(out) not in ARITY[kind]:
        raise ValueError(f"distribusi {KIND_LABEL_ID[kind]} memerlukan {ARITY[kind][0]} nilai, "
                         f"tertulis {len(out)}")
    if any(v < 0 for v in out):
        raise ValueError("durasi tidak boleh negatif")
    if kind == "triangular" and not out[0] <= out[1] <= out[2]:
        raise ValueError("segitiga(min, modus, maks) memerlukan min <= modus <= maks")
    if kind == "uniform" and out[1] < out[0]:
        raise ValueError("seragam(min, maks) memerlukan min <= maks")
    return Dist(kind, tuple(out), text, cal)



def parse_arrivals(text: str, minutes_per_day: float, hours_per_day: float = HOURS_PER_DAY) -> Dist:
    """``40/hari``, ``5/jam``, ``12/minggu``, ``1/10 menit`` (a Poisson process), or an
    inter-arrival distribution. ``minutes_per_day``: working minutes of one day (1,440 for
    ``24jam``). Applicants come only while the office is open, so with a working calendar a
    rate per *hari* counts the days the office is open (``40/hari``: 40 on each working day)
    and a *minggu* is five of them; with ``24jam`` a day is 1,440 minutes and a week seven
    days. An inter-arrival distribution in calendar units ("tetap(1 hari)") is calendar
    time, as everywhere."""
    s = (text or "").strip().lower()
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:kasus|permohonan|orang|pemohon|berkas)?\s*"
                     r"(?:/|per|tiap|setiap)\s*(\d+(?:[.,]\d+)?)?\s*([a-z ]+)", s)
    if m:
        count = float(m.group(1).replace(",", "."))
        mult = float(m.group(2).replace(",", ".")) if m.group(2) else 1.0
        unit = m.group(3).strip()
        continuous = minutes_per_day >= CALENDAR_DAY
        if unit in ("hari", "hr", "day"):
            period = minutes_per_day
        elif unit in ("hari kerja", "hk"):
            period = hours_per_day * 60.0 if continuous else minutes_per_day
        elif unit in ("minggu", "pekan", "week"):
            period = 7 * CALENDAR_DAY if continuous else 5 * minutes_per_day
        else:
            factor = unit_factor(unit, hours_per_day)
            if factor is None:
                raise ValueError(f"satuan '{unit}' pada kedatangan '{text}' tidak dikenal")
            period = factor[0]
        if count <= 0:
            raise ValueError("laju kedatangan harus lebih dari 0")
        return Dist("exponential", (mult * period / count,), text)
    d = parse_dist(text, "exponential", hours_per_day)
    if d.mean <= 0:
        raise ValueError("selang antar-kedatangan harus lebih dari 0")
    return d


# -- working calendar ----------------------------------------------------------

DAY_NAMES = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
             "sabtu": 5, "minggu": 6, "ahad": 6,
             "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}

# Fixed-date national holidays (Libur Nasional) that fall every year; movable ones (Idul
# Fitri, Idul Adha, Nyepi, Waisak, Imlek, ...) and cuti bersama are set yearly by SKB
# and belong in the Pemda's calendar file ("libur").
FIXED_HOLIDAYS = ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25))


@dataclass
class Calendar:
    """Office hours per weekday and holidays. The simulation clock counts working minutes
    from ``start``; this maps them to dates and back. ``continuous``: the ``24jam`` calendar."""

    name: str = "pemda"
    continuous: bool = False
    hours: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # weekday -> [(from, to)] in minutes
    holidays: frozenset = frozenset()
    hours_per_day: float = HOURS_PER_DAY
    start: dt.datetime = dt.datetime(2025, 1, 6, 0, 0)
    fixed_holidays: bool = True
    _days: list = field(default_factory=list, repr=False)      # (work minute at day start, date)
    _cum: list = field(default_factory=list, repr=False)

    @property
    def minutes_per_day(self) -> float:
        return 1440.0 if self.continuous else self.hours_per_day * 60.0

    @property
    def open_share(self) -> float:
        """Working minutes per minute of the clock over a week (holidays aside): how much
        working time a calendar-time wait takes on average."""
        if self.continuous:
            return 1.0
        week = sum(b - a for d in range(7) for a, b in self.hours.get(d, ()))
        return week / (7 * CALENDAR_DAY)

    def is_holiday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return True
        return self.fixed_holidays and (day.month, day.day) in FIXED_HOLIDAYS

    def _open(self, day: dt.date) -> list[tuple[int, int]]:
        if self.is_holiday(day):
            return []
        return self.hours.get(day.weekday(), [])

    def _extend(self, upto_minutes: float) -> None:
        if not self._days:
            day = self.start.date()
            self._cum.append(0.0)
            self._days.append(day)
        guard = 0
        while self._cum[-1] <= upto_minutes:
            day = self._days[-1]
            worked = sum(b - a for a, b in self._open(day))
            self._days.append(day + dt.timedelta(days=1))
            self._cum.append(self._cum[-1] + worked)
            guard += 1
            if guard > 200000:
                raise SimulationError("SIM-CALENDAR", detail="tidak ada jam kerja dalam kalender")

    def to_datetime(self, minutes: float) -> dt.datetime:
        """The date and time at which ``minutes`` of working time have passed."""
        if self.continuous:
            return self.start + dt.timedelta(minutes=minutes)
        self._extend(minutes)
        i = bisect.bisect_right(self._cum, minutes) - 1
        day = self._days[i]
        left = minutes - self._cum[i]
        for a, b in self._open(day):
            if left <= b - a:
                return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=a + left)
            left -= b - a
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=1440)  # pragma: no cover

    def from_datetime(self, moment: dt.datetime) -> float:
        """Working minutes from ``start`` to ``moment`` (the next opening time when closed)."""
        if self.continuous:
            return (moment - self.start).total_seconds() / 60.0
        day = moment.date()
        self._extend(0.0)
        while True:
            self._extend(self._cum[-1] + 1)
            if day < self._days[-1]:
                break
        i = (day - self._days[0]).days
        if i < 0:
            return 0.0
        base = self._cum[i]
        t = moment.hour * 60 + moment.minute + moment.second / 60.0
        for a, b in self._open(day):
            if t <= a:
                return base
            if t <= b:
                return base + (t - a)
            base += b - a
        return base

    def add_elapsed(self, minutes_now: float, elapsed_minutes: float) -> float:
        """The working-time clock after ``elapsed_minutes`` of calendar time (a timer of
        "3 hari" runs over nights, weekends and holidays too)."""
        if self.continuous:
            return minutes_now + elapsed_minutes
        moment = self.to_datetime(minutes_now) + dt.timedelta(minutes=elapsed_minutes)
        return max(minutes_now, self.from_datetime(moment))


def _clock(text: str) -> int:
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        raise ValueError(f"jam '{text}' tidak dikenal (tulis mis. 07:30)")
    return int(m.group(1)) * 60 + int(m.group(2))


def _periods(text: str) -> list[tuple[int, int]]:
    out = []
    if not text or text.strip() in ("-", "libur", "tutup"):
        return out
    for part in text.split(","):
        a, sep, b = part.partition("-")
        if not sep:
            raise ValueError(f"jam kerja '{part}' harus berbentuk 07:30-12:00")
        start, end = _clock(a), _clock(b)
        if end <= start:
            raise ValueError(f"jam kerja '{part}' berakhir sebelum dimulai")
        out.append((start, end))
    return sorted(out)


def office_calendar(start: dt.datetime | None = None) -> Calendar:
    """The default Pemda office calendar: Monday-Thursday 07:30-16:00 with a break
    12:00-13:00 (7.5 hours), Friday the short day 07:30-11:30 and 13:30-16:00 (6.5 hours),
    fixed-date national holidays closed."""
    week = {d: _periods("07:30-12:00,13:00-16:00") for d in range(4)}
    week[4] = _periods("07:30-11:30,13:30-16:00")
    return Calendar("pemda", False, week, frozenset(), HOURS_PER_DAY,
                    start or dt.datetime(2025, 1, 6))


def continuous_calendar(start: dt.datetime | None = None) -> Calendar:
    return Calendar("24jam", True, {d: [(0, 1440)] for d in range(7)}, frozenset(), 24.0,
                    start or dt.datetime(2025, 1, 6), fixed_holidays=False)


def calendar_from_dict(data: dict) -> Calendar:
    """A calendar from configuration (YAML/JSON)::

        nama: pemda-pariaman
        jam: {senin: "07:30-12:00,13:00-16:00", ..., jumat: "07:30-11:00"}
        libur: ["2025-03-31", "2025-04-01"]
        jamPerHari: 7.5
        mulai: "2025-01-06"
    """
    if not isinstance(data, dict):
        raise SimulationError("SIM-CALENDAR", detail="harus berupa pemetaan (nama, jam, libur)")
    name = str(data.get("nama") or data.get("name") or "kalender")
    try:
        if str(data.get("jenis", "")).lower() in ("24jam", "kontinu"):
            return continuous_calendar()
        base = office_calendar()
        hours = dict(base.hours) if not data.get("jam") else {}
        for day, value in (data.get("jam") or {}).items():
            wd = DAY_NAMES.get(str(day).strip().lower())
            if wd is None:
                raise ValueError(f"hari '{day}' tidak dikenal")
            hours[wd] = _periods(str(value or ""))
        holidays = set()
        for item in data.get("libur") or ():
            holidays.add(item if isinstance(item, dt.date) else dt.date.fromisoformat(str(item)))
        hpd = float(data.get("jamPerHari", HOURS_PER_DAY))
        if not hpd > 0:
            raise ValueError("jamPerHari harus lebih dari 0")
        start = data.get("mulai")
        if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
            start = dt.datetime.combine(start, dt.time())
        start = dt.datetime.fromisoformat(str(start)) if isinstance(start, str) else start
    except (ValueError, TypeError) as exc:
        raise SimulationError("SIM-CALENDAR", detail=str(exc)) from None
    if not any(hours.values()):
        raise SimulationError("SIM-CALENDAR", detail="tidak ada jam kerja sama sekali")
    return Calendar(name, False, hours, frozenset(holidays), hpd, start or base.start,
                    fixed_holidays=bool(data.get("liburNasionalTetap", True)))


# -- scenario --------------------------------------------------------------------

@dataclass
class Scenario:
    """How to run: cases per replication, replications (replication r uses seed + r),
    warm-up cases left out of the results, what-if overrides, calendars by name."""

    cases: int = 1000
    replications: int = 5
    seed: int = 1
    warmup: int = 0
    default_kind: str = "exponential"     # how ppb:mutuWaktu becomes a distribution
    calendar: str | None = None          # overrides ppb:kalender
    calendars: dict[str, Calendar] = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    max_events_per_case: int = 10000
    max_steps_per_case: int | None = None   # None: PPB_SIM_MAX_STEPS_PER_CASE (see .budget)

    def check(self) -> None:
        def bad(detail: str) -> SimulationError:
            return SimulationError("SIM-SCENARIO", detail=detail)
        for name in ("cases", "replications", "seed", "warmup"):
            if not isinstance(getattr(self, name), int) or isinstance(getattr(self, name), bool):
                raise bad(f"'{name}' harus bilangan bulat")
        if self.cases < 1:
            raise bad("jumlah kasus minimal 1")
        if self.replications < 1:
            raise bad("jumlah replikasi minimal 1")
        if not 0 <= self.warmup < self.cases:
            raise bad("kasus pemanasan (warm-up) harus 0 atau lebih dan kurang dari jumlah kasus")
        if self.max_steps_per_case is not None and (
                not isinstance(self.max_steps_per_case, int) or isinstance(self.max_steps_per_case, bool)
                or self.max_steps_per_case < 1):
            raise bad("batas langkah per kasus harus bilangan bulat minimal 1")
        if self.default_kind not in ("fixed", "exponential"):
            raise bad("distribusi bawaan ppb:mutuWaktu harus 'tetap' atau 'eksponensial'")
        if not isinstance(self.overrides, dict):
            raise bad("perubahan (what-if) harus berupa pemetaan")
        unknown = set(self.overrides) - {"durasi", "kapasitas", "peluang", "kedatangan"}
        if unknown:
            raise bad(f"kunci perubahan tidak dikenal: {', '.join(sorted(unknown))} "
                      "(gunakan durasi, kapasitas, peluang, kedatangan)")


# -- parameters of one map ---------------------------------------------------------

@dataclass
class LaneParams:
    id: str
    name: str
    capacity: int
    cost_per_hour: float | None


@dataclass
class Params:
    """The numbers one simulation needs, keyed by element id."""

    process_id: str
    process_name: str
    calendar: Calendar
    arrivals: Dist
    durations: dict[str, Dist]                 # task (activity) id -> duration
    waits: dict[str, tuple[Dist, bool]]        # catch event id -> (wait, calendar time?)
    branch: dict[str, list[tuple[str, float]]]  # gateway id -> [(flow id, probability)]
    lanes: dict[str, LaneParams]               # lane id -> lane
    lane_of: dict[str, str]                    # activity id -> lane id
    standard: float | None                     # ppb:standarWaktu in working minutes
    standard_text: str | None
    findings: list[Finding]
    names: dict[str, str]                      # element id -> label
    bpsim: dict | None = None                  # BPSim 2.0 parameters applied: kind -> count


def _where(el: Element) -> str:
    return f"'{el.label}' ({el.id})" if el.name else f"'{el.id}'"


def _dist_or_error(el: Element, attr: str, text: str, default_kind: str, hpd: float) -> Dist:
    try:
        return parse_dist(text, default_kind, hpd)
    except ValueError as exc:
        raise SimulationError("SIM-PARAM", el.id, where=f"{_where(el)} ppb:{attr}",
                              detail=str(exc)) from None


def _probability(flow: Element, text: str) -> float:
    s = text.strip().replace(",", ".")
    try:
        value = float(s[:-1]) / 100.0 if s.endswith("%") else float(s)
    except ValueError:
        raise SimulationError("SIM-PARAM", flow.id, where=f"{_where(flow)} ppb:peluang",
                              detail=f"'{text}' bukan angka 0..1 (atau persen, mis. 30%)") from None
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise SimulationError("SIM-PARAM", flow.id, where=f"{_where(flow)} ppb:peluang",
                              detail=f"{text} di luar rentang 0..1")
    return value


ACTIVITY_TYPES = ("Task", "SubProcess", "CallActivity")


def map_calendar(model: Model, process: Element, scenario: Scenario) -> Calendar:
    name = scenario.calendar or (process.ext.get("kalender") or "").strip() \
        or (model.ext("kalender") or "").strip()
    if not name:
        return scenario.calendars.get("pemda") or office_calendar()
    key = name.lower().replace(" ", "")
    if key in ("24jam", "24/7", "kontinu", "continuous"):
        return continuous_calendar()
    if name in scenario.calendars:
        return scenario.calendars[name]
    if key in ("pemda", "kantor", "jamkerja", "harikerja"):
        return office_calendar()
    known = ", ".join(sorted({"24jam", "pemda", *scenario.calendars}))
    raise SimulationError("SIM-CALENDAR", process.id,
                          detail=f"kalender '{name}' tidak dikenal; tersedia: {known}")


def build_params(model: Model, process: Element, scenario: Scenario,
                 nodes: list[Element], called: list[Element] = ()) -> Params:
    """Read the parameters of ``process`` (its flow nodes ``nodes``, sub-processes and the
    processes it calls in the same file, ``called``, included)."""
    findings: list[Finding] = []
    ov = scenario.overrides or {}
    ov_durasi = ov.get("durasi") or {}
    ov_kapasitas = ov.get("kapasitas") or {}
    ov_peluang = ov.get("peluang") or {}
    calendar = map_calendar(model, process, scenario)
    hpd = calendar.hours_per_day if not calendar.continuous else HOURS_PER_DAY
    names = {}
    durations: dict[str, Dist] = {}
    waits: dict[str, tuple[Dist, bool]] = {}
    branch: dict[str, list[tuple[str, float]]] = {}
    lane_of: dict[str, str] = {}
    # BPSim 2.0 parameters in the file (validator.sim.bpsim): used where ppb gives none
    from .bpsim import read as read_bpsim
    bp = read_bpsim(model.tree, calendar.minutes_per_day)
    bp_used = {"durasi": 0, "kedatangan": 0, "peluang": 0, "kapasitas": 0}
    for el in nodes:
        if el.id is None:
            continue
        names[el.id] = el.label
        if any(t in el.types for t in ACTIVITY_TYPES):
            if "SubProcess" in el.types and any(
                    "FlowNode" in c.types and c.type != "BoundaryEvent" for c in el.flow_elements):
                continue  # an embedded sub-process: its own tasks take the time (one with
                # nothing in it but misplaced boundary events is one activity, see .normalize)
            if el.lane is not None and el.lane.id:
                lane_of[el.id] = el.lane.id
            text = ov_durasi.get(el.id) or el.ext.get("durasi")
            if text and str(text).strip():
                durations[el.id] = _dist_or_error(el, "durasi", str(text), "fixed", hpd)
                continue
            if bp and el.id in bp.durations:
                durations[el.id] = bp.durations[el.id]
                bp_used["durasi"] += 1
                continue
            mutu = (el.ext.get("mutuWaktu") or "").strip()
            if mutu:
                d = _dist_or_error(el, "mutuWaktu", mutu, scenario.default_kind, hpd)
                durations[el.id] = d
                findings.append(Finding("SIM-DURASI-MUTU", "info", el.id, element=el.label,
                                        value=mutu, kind=KIND_LABEL_ID[d.kind]))
            else:
                durations[el.id] = Dist("fixed", (0.0,), "")
                findings.append(Finding("SIM-DURASI-KOSONG", "warning", el.id, element=el.label))
        elif "CatchEvent" in el.types and "StartEvent" not in el.types:
            waits[el.id] = _wait(el, ov_durasi, hpd, findings)
        elif el.type in ("ExclusiveGateway", "InclusiveGateway") and len(el.out_flows) > 1:
            branch[el.id] = _branches(el, ov_peluang, findings,
                                      bp.probabilities if bp else {}, bp_used)
    lanes: dict[str, LaneParams] = {}
    seen_names: dict[str, int] = {}
    for lane in [ln for proc in (process, *called) for ln in _lanes_of(model, proc)]:
        name = (lane.name or lane.id or "").strip() or lane.id
        seen_names[name] = seen_names.get(name, 0) + 1
        raw = ov_kapasitas.get(lane.id, ov_kapasitas.get(name, lane.ext.get("kapasitas")))
        if (raw is None or not str(raw).strip()) and bp:
            raw = bp.quantities.get(lane.id, bp.quantities.get("name:" + name))
            bp_used["kapasitas"] += raw is not None
        if raw is None or not str(raw).strip():
            capacity = 1
            if any(lane_of.get(n.id) == lane.id for n in nodes if n.id):
                findings.append(Finding("SIM-KAPASITAS", "info", lane.id, element=name))
        else:
            try:
                capacity = int(str(raw).strip())
            except ValueError:
                raise SimulationError("SIM-PARAM", lane.id, where=f"lane {_where(lane)} ppb:kapasitas",
                                      detail=f"'{raw}' bukan bilangan bulat") from None
            if capacity < 1:
                raise SimulationError("SIM-PARAM", lane.id, where=f"lane {_where(lane)} ppb:kapasitas",
                                      detail="kapasitas minimal 1 petugas")
        cost = lane.ext.get("biayaPerJam")
        try:
            cost_value = float(re.sub(r"[^\d.,]", "", cost).replace(".", "").replace(",", ".")) \
                if cost and re.search(r"\d", cost) else None
        except ValueError:
            cost_value = None
        lanes[lane.id] = LaneParams(lane.id, name, capacity, cost_value)
    lane_of = {eid: lid for eid, lid in lane_of.items() if lid in lanes}
    for name, count in seen_names.items():
        if count > 1:
            findings.append(Finding("SIM-LANE-GANDA", "info", None, value=name))
    arrivals = _arrivals(model, process, nodes, ov, calendar, findings,
                         bp.arrivals if bp else {}, bp_used)
    std_text = (process.ext.get("standarWaktu") or model.ext("standarWaktu") or "").strip() or None
    standard = None
    if std_text:
        d = parse_duration(std_text, hpd)
        if d is None:
            raise SimulationError("SIM-PARAM", process.id, where=f"{_where(process)} ppb:standarWaktu",
                                  detail=f"'{std_text}' bukan durasi yang terukur")
        # with 24jam a calendar day is 1,440 minutes; with a working calendar the standard
        # is compared with cycle times in working minutes, a calendar day counting as one
        # working day (what "14 hari" means in an SOP's standar pelayanan)
        standard = sim_duration(std_text, hpd)[0] if calendar.continuous else d.minutes
    if bp:
        from .bpsim import finding as bpsim_finding
        findings.append(bpsim_finding(bp, bp_used))
    return Params(process.id, process.label, calendar, arrivals, durations, waits, branch, lanes,
                  lane_of, standard, std_text, findings, names, dict(bp_used) if bp else None)


def _lanes_of(model: Model, process: Element) -> list[Element]:
    out = []
    stack = list(process.lane_sets)
    while stack:
        ls = stack.pop(0)
        for lane in ls.lanes:
            if lane.id:
                out.append(lane)
            if lane.child_lane_set is not None:
                stack.append(lane.child_lane_set)
    return out


def _wait(el: Element, ov_durasi: dict, hpd: float, findings: list[Finding]) -> tuple[Dist, bool]:
    text = ov_durasi.get(el.id) or el.ext.get("durasi")
    if text and str(text).strip():
        dist = _dist_or_error(el, "durasi", str(text), "fixed", hpd)
        return dist, dist.calendar
    for ed in el.event_definitions:
        if ed.type == "TimerEventDefinition":
            minutes, calendar, text = timer_wait(el, ed, hpd, findings)
            return Dist("fixed", (minutes,), text, calendar), calendar
    mutu = (el.ext.get("mutuWaktu") or "").strip()
    if mutu:
        findings.append(Finding("SIM-TUNGGU", "info", el.id, element=el.label,
                                value=f"ppb:mutuWaktu '{mutu}'"))
        dist = _dist_or_error(el, "mutuWaktu", mutu, "fixed", hpd)
        return dist, dist.calendar
    if el.event_definitions:
        findings.append(Finding("SIM-TUNGGU", "warning", el.id, element=el.label,
                                value="nilai 0 (isi ppb:durasi)"))
    return Dist("fixed", (0.0,), ""), False


# A timer whose wait cannot be read from the map waits this long (issue 15, Must 1): one
# calendar day, stated in a SIM-ASUMSI-TIMER finding. A day rather than 0 so that a boundary
# timer does not cut every activity it is attached to at once.
DEFAULT_TIMER = "P1D"
_TIMER_NAME = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(menit|jam|hari kerja|hari|minggu|pekan|bulan|minutes?|mins?|"
    r"hours?|hrs?|days?|weeks?)\b", re.I)
_ISO_REPEAT = re.compile(r"^R\d*/(.+)$", re.I)


def timer_wait(el: Element, ed: Element, hpd: float,
               findings: list[Finding]) -> tuple[float, bool, str]:
    """``(minutes, calendar, text)`` a timer event waits: its ``timeDuration``; the period of
    a ``timeCycle`` (``R6/P1D`` waits ``P1D`` each time the token passes); else a duration
    written in its name ("7 days", "2 jam"); else :data:`DEFAULT_TIMER`. Every reading but
    the first is stated as a SIM-ASUMSI-TIMER finding. Nothing is evaluated: an expression
    (``${...}``) is text that does not read as a duration."""
    def clean(key: str) -> str:
        return (ed.props.get(key) or "").strip().strip('"').strip("'")

    duration, cycle, date = clean("timeDuration"), clean("timeCycle"), clean("timeDate")
    if duration:
        d = sim_duration(duration, hpd)
        if d is not None:
            return d[0], d[1], duration
    if cycle:
        m = _ISO_REPEAT.match(cycle)
        for part in (m.group(1).split("/") if m else [cycle]):
            d = sim_duration(part.strip(), hpd)
            if d is not None:
                findings.append(Finding(
                    "SIM-ASUMSI-TIMER", "warning", el.id, element=el.label,
                    detail=f"timeCycle '{cycle}' adalah jadwal berulang",
                    detail_en=f"timeCycle '{cycle}' is a repeating schedule",
                    value=f"satu periodenya ({part.strip()}) setiap kali kasus melewatinya",
                    value_en=f"one period ({part.strip()}) each time a case passes it"))
                return d[0], d[1], part.strip()
    if duration:
        why, why_en = (f"timeDuration '{duration}' tidak terbaca sebagai durasi",
                       f"timeDuration '{duration}' does not read as a duration")
    elif cycle:
        why, why_en = (f"timeCycle '{cycle}' tidak memuat periode yang terbaca",
                       f"timeCycle '{cycle}' holds no readable period")
    elif date:
        why, why_en = (f"timeDate '{date}' adalah tanggal tetap, bukan lama tunggu",
                       f"timeDate '{date}' is a fixed date, not a wait")
    else:
        why, why_en = "tidak memuat definisi waktu", "it holds no time definition"
    name = (el.name or "").strip()
    hit = _TIMER_NAME.search(name)
    d = sim_duration(hit.group(0), hpd) if hit else None
    if d is not None:
        findings.append(Finding("SIM-ASUMSI-TIMER", "warning", el.id, element=el.label,
                                detail=why, detail_en=why_en,
                                value=f"'{hit.group(0)}' sesuai namanya",
                                value_en=f"'{hit.group(0)}' as its name says"))
        return d[0], d[1], hit.group(0)
    d = sim_duration(DEFAULT_TIMER, hpd)
    findings.append(Finding("SIM-ASUMSI-TIMER", "warning", el.id, element=el.label,
                            detail=why, detail_en=why_en,
                            value=f"nilai bawaan {DEFAULT_TIMER} (1 hari kalender)",
                            value_en=f"the default {DEFAULT_TIMER} (1 calendar day)"))
    return d[0], d[1], DEFAULT_TIMER


def _branches(gw: Element, ov_peluang: dict, findings: list[Finding], fallback: dict = {},
              used: dict | None = None) -> list[tuple[str, float]]:
    # a flow to an element that is not in the map is left out of the simulation (SIM-ALUR-PUTUS)
    flows = [f for f in gw.out_flows if f.id and getattr(f, "target", None) is not None]
    if not flows:
        return []
    given: dict[str, float] = {}
    for f in flows:
        raw = ov_peluang.get(f.id, f.ext.get("peluang"))
        if raw is not None and str(raw).strip():
            given[f.id] = _probability(f, str(raw))
        elif f.id in fallback:  # BPSim Probability
            given[f.id] = fallback[f.id]
            if used is not None:
                used["peluang"] += 1
    missing = [f for f in flows if f.id not in given]
    if gw.type == "InclusiveGateway":
        if missing:
            findings.append(Finding("SIM-PELUANG-INKLUSIF", "warning", gw.id, element=gw.label,
                                    count=len(missing), value="0,5"))
        return [(f.id, given.get(f.id, 0.5)) for f in flows]
    total = sum(given.values())
    if missing:
        share = max(0.0, 1.0 - total) / len(missing) if total < 1.0 else 0.0
        if not given:
            share = 1.0 / len(flows)
        findings.append(Finding("SIM-PELUANG-RATA", "warning", gw.id, element=gw.label,
                                count=len(missing), value=f"{share:.3g}".replace(".", ",")))
        for f in missing:
            given[f.id] = share
        total = sum(given.values())
    if total <= 0:
        raise SimulationError("SIM-PARAM", gw.id, where=f"gerbang {_where(gw)}",
                              detail="semua ppb:peluang alur keluarnya 0")
    if abs(total - 1.0) > 1e-6:
        findings.append(Finding("SIM-PELUANG-JUMLAH", "warning", gw.id, element=gw.label,
                                value=f"{total:.3g}".replace(".", ",")))
    return [(f.id, given[f.id] / total) for f in flows]


def _arrivals(model: Model, process: Element, nodes: list[Element], ov: dict,
              calendar: Calendar, findings: list[Finding], fallback: dict = {},
              used: dict | None = None) -> Dist:
    text = ov.get("kedatangan")
    where = process
    if not text:
        for el in nodes:
            if el.type == "StartEvent" and el.parent is process and el.ext.get("kedatangan"):
                text, where = el.ext["kedatangan"], el
                break
    if not text:
        text = process.ext.get("kedatangan") or model.ext("kedatangan")
        if not text:
            for part in model.all("Participant"):
                if part.process is process and part.ext.get("kedatangan"):
                    text = part.ext["kedatangan"]
    if not text:
        for el in nodes:  # BPSim InterTriggerTimer on a start event of the process
            if el.type == "StartEvent" and el.parent is process and el.id in fallback:
                if used is not None:
                    used["kedatangan"] += 1
                return fallback[el.id]
        text = "40/hari"
        findings.append(Finding("SIM-KEDATANGAN", "warning", process.id, value=text))
    try:
        return parse_arrivals(str(text), calendar.minutes_per_day, calendar.hours_per_day
                              if not calendar.continuous else HOURS_PER_DAY)
    except ValueError as exc:
        raise SimulationError("SIM-PARAM", where.id, where=f"{_where(where)} ppb:kedatangan",
                              detail=str(exc)) from None
