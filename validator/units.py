"""Durations as OPD staff write them, read as minutes of working time.

SOP tables (PermenPANRB 35/2012) give each activity a *mutu baku waktu*, and a
service has a *standar waktu*; the simulation reads the same values. People
write them in many ways, so this module accepts:

* ``<angka> <satuan>``: "30 menit", "2 jam", "1 hari kerja", "1 HK", "3 hari",
  "1 minggu", "30 detik"; decimals with a comma or a dot ("1,5 jam"), simple
  fractions ("1/2 jam", "½ jam"), Indonesian number words ("tiga puluh
  menit", "setengah jam", "sehari", "seminggu") and the official style with
  the number spelled out beside the digits ("3 (tiga) hari kerja");
* abbreviations: mnt/mnit/min, jm/hrs/hour, HK/hr kerja, hr/day, mgg/pekan/week,
  dtk/det/sec (single letters such as "h" or "m" are refused: "h" means *hari*
  in "H+3" but *hour* in English);
* several parts: "2 jam 30 menit", "1 hari, 2 jam", "1 jam dan 15 menit";
* "1 x 24 jam" (the usual way of writing one calendar day: k x 24 jam is read
  as k calendar days) and "N x <waktu>" in general;
* qualifiers that do not change the value: "maks. 2 jam", "paling lama 3 hari
  kerja", "± 30 menit", "kurang lebih 1 jam", "≤ 15 menit", and a trailing
  "per berkas" / "/pemohon" (the time of one case);
* ISO-8601 durations: "PT30M", "PT1H30M", "P1D", "P1W", "P1DT2H", "PT0,5H".

Working time. Minutes, hours and seconds are taken as they are. One *hari
kerja* is ``hours_per_day`` hours of work (7.5 by default, the catalog's
figure for a Pemda office day; a parameter of every rule that converts). A
*minggu* is five working days. A plain *hari* (and ISO-8601 ``D``) is a
calendar day: it is counted as one working day, which is what "3 hari" means
in almost every SOP, and the result says ``calendar=True`` so that a reader
who must treat it as elapsed calendar time (the simulation with a working
calendar) can do so. Months and years (ISO ``M``/``Y``, "bulan", "tahun")
have no fixed length in working days and are not read: write "22 hari kerja".

What is not read gives ``None``: empty text, words without a number
("secepatnya", "segera", "langsung"), a number without a unit ("30"), and a
range such as "1-2 hari" or "1 s.d. 2 hari". A mutu baku or a service
standard is one value, so a range is not a measurable standard: the SOP rules
ask for one value (the upper bound, since that is what the service promises).
:func:`parse_range` reads a range for whoever wants it (e.g. a uniform or
triangular distribution in the simulation), and :func:`diagnose` tells why a
text was not read, for the message shown to the user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lazy_re import lazy_re

HOURS_PER_DAY = 7.5      # a working day (hari kerja), in hours
DAYS_PER_WEEK = 5        # working days in a week (minggu)


@dataclass(frozen=True)
class Duration:
    """A parsed duration.

    ``minutes``: working time in minutes (a day = ``hours_per_day`` hours).
    ``calendar``: the text counted calendar days or weeks ("3 hari", "1 minggu",
    "P1D", "1 x 24 jam"), not working time or clock time.
    """

    minutes: float
    calendar: bool = False
    text: str = ""
    hours_per_day: float = HOURS_PER_DAY

    @property
    def hours(self) -> float:
        return self.minutes / 60.0

    @property
    def working_days(self) -> float:
        return self.minutes / (self.hours_per_day * 60.0)


# -- units ---------------------------------------------------------------------
# unit word -> (kind); longest alternatives first in the pattern below
_UNIT_WORDS = {
    "detik": "s", "dtk": "s", "det": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "menit": "min", "mnt": "min", "mnit": "min", "min": "min", "mins": "min",
    "minute": "min", "minutes": "min",
    "jam": "h", "jm": "h", "hour": "h", "hours": "h", "hrs": "h",
    "hari kerja": "wd", "hari kerja efektif": "wd", "hr kerja": "wd", "hk": "wd", "h.k": "wd",
    "working day": "wd", "working days": "wd", "business day": "wd", "business days": "wd",
    "hari": "d", "hr": "d", "day": "d", "days": "d", "hari kalender": "d",
    "minggu": "w", "mgg": "w", "pekan": "w", "week": "w", "weeks": "w",
}
_UNIT_RE = "|".join(sorted((re.escape(u).replace(r"\ ", r"\s+") for u in _UNIT_WORDS),
                           key=len, reverse=True))


def unit_factor(word: str, hours_per_day: float = HOURS_PER_DAY) -> tuple[float, bool] | None:
    """Minutes of working time in one ``word`` unit and whether it is a calendar unit;
    None for an unknown unit. ``unit_factor("hari kerja") == (450.0, False)``."""
    kind = _UNIT_WORDS.get(re.sub(r"\s+", " ", word.strip().lower()).rstrip("."))
    if kind is None:
        return None
    return _factor(kind, hours_per_day)


def _factor(kind: str, hpd: float) -> tuple[float, bool]:
    return {
        "s": (1 / 60, False), "min": (1.0, False), "h": (60.0, False),
        "wd": (hpd * 60, False), "d": (hpd * 60, True), "w": (DAYS_PER_WEEK * hpd * 60, True),
    }[kind]


# -- numbers -------------------------------------------------------------------
_DIGITS = r"\d+(?:[.,]\d+)?"
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_WORD_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
               "delapan": 8, "sembilan": 9}
_WORD_RE = (r"(?:setengah|seperempat|sepuluh|sebelas|seratus|"
            r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
            r"(?:\s+(?:belas|puluh|ratus))?)"
            r"(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|belas|puluh|ratus|"
            r"sebelas|sepuluh|setengah))*")
# a number: digits with an optional fraction glyph ("1½"), a fraction "1/2",
# a glyph alone, or number words
_NUMBER_RE = (rf"(?:\d+\s*/\s*\d+|{_DIGITS}\s*[½¼¾]?|[½¼¾]|{_WORD_RE})")


def _number(text: str) -> float | None:
    t = text.strip()
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", t)
    if m:
        den = int(m.group(2))
        return int(m.group(1)) / den if den else None
    m = re.fullmatch(rf"({_DIGITS})?\s*([½¼¾])?", t)
    if m and (m.group(1) or m.group(2)):
        value = float(m.group(1).replace(",", ".")) if m.group(1) else 0.0
        return value + (_FRACTIONS[m.group(2)] if m.group(2) else 0.0)
    return _words_to_number(t)


def _words_to_number(text: str) -> float | None:
    """Indonesian number words: "tiga puluh" 30, "dua belas" 12, "empat puluh lima" 45."""
    total = 0.0
    current = 0.0
    words = text.split()
    if not words:
        return None
    for w in words:
        if w in _WORD_UNITS:
            current += _WORD_UNITS[w]
        elif w == "sepuluh":
            current += 10
        elif w == "sebelas":
            current += 11
        elif w == "seratus":
            total += 100
        elif w == "setengah":
            current += 0.5
        elif w == "seperempat":
            current += 0.25
        elif w == "belas":
            current = (current or 1) + 10
        elif w == "puluh":
            current = (current or 1) * 10
        elif w == "ratus":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# -- cleaning ------------------------------------------------------------------
_LEADING = lazy_re(
    r"^(?:maks(?:imal|imum)?\.?|max(?:imum)?\.?|paling\s+lama|paling\s+lambat|"
    r"selambat-?\s*lambatnya|sekitar|kira-?\s*kira|kurang\s+lebih|lebih\s+kurang|kurleb|"
    r"\+/-|\+-|±|<=|≤|<|~|approx\.?|ca\.)\s*")
_TRAILING = lazy_re(r"\s*(?:\b(?:per|setiap|tiap|untuk\s+setiap)\b\s*[a-z]|/\s*[a-z]{3})[\w\s-]*$")
_PAREN_WORDS = lazy_re(r"\(\s*[a-z][a-z\s.]*\)")
# "se-" words: sehari, sejam, seminggu, semenit
_SE_WORDS = lazy_re(r"\bse(hari|jam|minggu|menit|pekan)\b")
_SEPARATOR = lazy_re(r"(?:\s*(?:,|\+|&|\bdan\b|\bplus\b)\s*|\s*)")
_PART_RE = lazy_re(rf"({_NUMBER_RE})\s*({_UNIT_RE})\.?(?![a-z])")
_TIMES_RE = lazy_re(rf"^({_DIGITS})\s*[x×]\s*(.+)$")
_RANGE_SEP = r"(?:-|–|—|s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga|atau|to|~)"
_RANGE_RE = lazy_re(rf"^({_NUMBER_RE})\s*(?:({_UNIT_RE})\.?)?\s*{_RANGE_SEP}\s*(.+)$")

_MONTHS = lazy_re(rf"{_NUMBER_RE}\s*(?:bulan|bln|tahun|thn|months?|years?)\b")
_VAGUE = ("segera", "secepat", "langsung", "saat itu", "seketika", "real time", "realtime",
          "sesuai", "tergantung", "menyesuaikan", "bervariasi", "variatif", "fleksibel",
          "tentatif", "situasional", "kondisional", "belum", "tidak tentu", "tdk tentu",
          "asap", "immediately", "depends")


def _clean(text: str) -> str:
    s = text.strip().lower().replace("\u00a0", " ")
    s = _PAREN_WORDS.sub(" ", s)
    s = _SE_WORDS.sub(lambda m: "1 " + m.group(1), s)
    s = re.sub(r"\s+", " ", s).strip()
    for _ in range(3):
        s2 = _LEADING.sub("", s)
        if s2 == s:
            break
        s = s2
    s = _TRAILING.sub("", s)
    return s.strip(" .;:")


# -- ISO-8601 ------------------------------------------------------------------
_ISO_NUM = r"(\d+(?:[.,]\d+)?)"
_ISO_RE = lazy_re(
    rf"^p(?:{_ISO_NUM}y)?(?:{_ISO_NUM}m)?(?:{_ISO_NUM}w)?(?:{_ISO_NUM}d)?"
    rf"(?:t(?:{_ISO_NUM}h)?(?:{_ISO_NUM}m)?(?:{_ISO_NUM}s)?)?$")


def _iso(text: str, hpd: float) -> Duration | None | bool:
    """An ISO-8601 duration; False when the text is not one."""
    s = text.strip().lower()
    if not s.startswith("p"):
        return False
    m = _ISO_RE.match(s)
    if not m or s in ("p", "pt") or s.endswith("t"):
        return False if not m else None
    y, mo, w, d, h, mi, sec = (float(g.replace(",", ".")) if g else 0.0 for g in m.groups())
    if y or mo:
        return None  # years and months have no fixed length in working days
    minutes = w * DAYS_PER_WEEK * hpd * 60 + d * hpd * 60 + h * 60 + mi + sec / 60
    calendar = m.group(3) is not None or m.group(4) is not None
    return Duration(minutes, calendar=calendar, text=text, hours_per_day=hpd)


# -- public API ----------------------------------------------------------------

def parse_duration(text: str | None, hours_per_day: float = HOURS_PER_DAY) -> Duration | None:
    """Read a duration; None when it cannot be measured (see the module docstring)."""
    if text is None:
        return None
    hpd = float(hours_per_day)
    if not hpd > 0:
        raise ValueError("hours_per_day must be positive")
    iso = _iso(text, hpd)
    if iso is not False:
        return iso  # type: ignore[return-value]
    s = _clean(text)
    if not s:
        return None
    m = _TIMES_RE.match(s)
    if m:  # "1 x 24 jam", "2 x 30 menit"
        count = float(m.group(1).replace(",", "."))
        inner = _parts(m.group(2), hpd)
        if inner is None:
            return None
        minutes, calendar = inner
        if re.fullmatch(r"24\s*jam", m.group(2).strip()):
            return Duration(count * hpd * 60, calendar=True, text=text, hours_per_day=hpd)
        return Duration(count * minutes, calendar=calendar, text=text, hours_per_day=hpd)
    if _RANGE_RE.match(s) and parse_range(text, hpd) is not None:
        return None
    parts = _parts(s, hpd)
    if parts is None:
        return None
    return Duration(parts[0], calendar=parts[1], text=text, hours_per_day=hpd)


def _parts(s: str, hpd: float) -> tuple[float, bool] | None:
    """A sequence of <number> <unit> parts covering the whole text."""
    pos = 0
    total = 0.0
    calendar = False
    seen = False
    s = s.strip()
    while pos < len(s):
        sep = _SEPARATOR.match(s, pos)
        if seen and sep:
            pos = sep.end()
        m = _PART_RE.match(s, pos)
        if not m:
            return None
        value = _number(m.group(1))
        kind = _UNIT_WORDS.get(re.sub(r"\s+", " ", m.group(2)))
        if value is None or kind is None:
            return None
        factor, cal = _factor(kind, hpd)
        total += value * factor
        calendar = calendar or cal
        seen = True
        pos = m.end()
        while pos < len(s) and s[pos] == " ":
            pos += 1
    return (total, calendar) if seen else None


def parse_range(text: str | None, hours_per_day: float = HOURS_PER_DAY) -> tuple[Duration, Duration] | None:
    """A range such as "1-2 hari", "15 - 30 menit", "1 s.d. 2 hari kerja", "1 jam - 2 jam":
    (low, high), or None when the text is no range of durations. Each bound's ``text`` is
    that bound alone, as written ("1 hari", "2 hari"), for messages such as "write '2 hari'"."""
    if not text:
        return None
    hpd = float(hours_per_day)
    s = _clean(text)
    m = _RANGE_RE.match(s)
    if not m:
        return None
    low_num, low_unit, rest = m.group(1), m.group(2), m.group(3).strip()
    high = _parts(rest, hpd)
    if high is None:
        return None
    if not low_unit:  # the unit is written once, after the upper bound: "1-2 hari"
        unit = _PART_RE.match(rest)
        low_unit = unit.group(2) if unit else ""
    low_text = f"{low_num.strip()} {low_unit}"
    low = _parts(low_text, hpd)
    if low is None:
        return None
    return (Duration(low[0], low[1], low_text, hpd), Duration(high[0], high[1], rest, hpd))


def diagnose(text: str | None, hours_per_day: float = HOURS_PER_DAY) -> str | None:
    """Why a text is not a duration: "empty", "range", "vague" (words such as
    "segera"), "no_unit" (a bare number), "month" (months or years), "unknown";
    None when it parses."""
    if text is None or not text.strip() or text.strip() in ("-", "–", "—"):
        return "empty"
    if parse_duration(text, hours_per_day) is not None:
        return None
    if parse_range(text, hours_per_day) is not None:
        return "range"
    s = _clean(text)
    if re.fullmatch(rf"{_DIGITS}", s):
        return "no_unit"
    if _MONTHS.search(s) or re.fullmatch(r"p[\d.,ymwd]*[ym][\d.,ymwd]*(?:t[\d.,hms]*)?", s):
        return "month"
    if not re.search(r"\d", s) and any(w in s for w in _VAGUE):
        return "vague"
    return "unknown"


# -- formatting ----------------------------------------------------------------

def format_number(value: float, lang: str = "id", decimals: int = 2) -> str:
    """1.5 -> "1,5" (id) / "1.5" (en); whole numbers without decimals."""
    text = f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if lang == "id" else text


def format_working_days(minutes: float, hours_per_day: float = HOURS_PER_DAY, lang: str = "id") -> str:
    """Minutes of working time as working days: "6 hari kerja", "1,5 hari kerja"."""
    days = minutes / (float(hours_per_day) * 60)
    number = format_number(days, lang)
    if lang == "id":
        return f"{number} hari kerja"
    return f"{number} working day" + ("" if number == "1" else "s")


def format_duration(minutes: float, hours_per_day: float = HOURS_PER_DAY, lang: str = "id") -> str:
    """Minutes of working time for people: "45 menit", "2 jam 30 menit", else working days."""
    if minutes >= float(hours_per_day) * 60:
        return format_working_days(minutes, hours_per_day, lang)
    hours, mins = divmod(round(minutes), 60)
    words = ("jam", "menit") if lang == "id" else ("h", "min")
    out = []
    if hours:
        out.append(f"{hours} {words[0]}")
    if mins or not hours:
        out.append(f"{mins} {words[1]}")
    return " ".join(out)
