"""validator.units: durations as OPD staff write them -> minutes of working time."""
from __future__ import annotations

import pytest

from validator.units import (
    Duration, diagnose, format_duration, format_number, format_working_days, parse_duration,
    parse_range, unit_factor,
)

HK = 7.5 * 60  # one working day at the default 7.5 hours, in minutes

# text -> (minutes at 7.5 h/day, calendar unit?)
PARSED = [
    # the forms the catalog names
    ("30 menit", 30, False),
    ("2 jam", 120, False),
    ("1 hari kerja", HK, False),
    ("1 HK", HK, False),
    ("3 hari", 3 * HK, True),
    ("1 minggu", 5 * HK, True),
    ("1,5 jam", 90, False),
    ("30 mnt", 30, False),
    ("2 jam 30 menit", 150, False),
    ("PT30M", 30, False),
    ("P1D", HK, True),
    ("PT1H30M", 90, False),
    # case, spacing, punctuation
    ("30 Menit", 30, False),
    ("30menit", 30, False),
    ("2jam30menit", 150, False),
    ("  15   menit  ", 15, False),
    ("30 menit.", 30, False),
    ("1.5 jam", 90, False),
    ("0,25 jam", 15, False),
    ("2 Hari Kerja", 2 * HK, False),
    ("2 hari  kerja", 2 * HK, False),
    ("5 hk", 5 * HK, False),
    ("1 h.k.", HK, False),
    ("3 hr kerja", 3 * HK, False),
    ("1 hari kerja efektif", HK, False),
    ("0 menit", 0, False),
    # other unit spellings
    ("45 mnit", 45, False),
    ("10 min", 10, False),
    ("2 jm", 120, False),
    ("30 detik", 0.5, False),
    ("90 dtk", 1.5, False),
    ("2 hr", 2 * HK, True),
    ("2 mgg", 10 * HK, True),
    ("1 pekan", 5 * HK, True),
    ("2 hours", 120, False),
    ("3 days", 3 * HK, True),
    ("1 week", 5 * HK, True),
    ("2 working days", 2 * HK, False),
    ("1 hari kalender", HK, True),
    # several parts
    ("1 jam 15 menit", 75, False),
    ("1 jam, 15 menit", 75, False),
    ("1 jam dan 15 menit", 75, False),
    ("1 jam + 15 menit", 75, False),
    ("1 hari 2 jam", HK + 120, True),
    ("1 hari kerja 30 menit", HK + 30, False),
    # fractions and number words
    ("1/2 jam", 30, False),
    ("½ jam", 30, False),
    ("1½ jam", 90, False),
    ("setengah jam", 30, False),
    ("satu setengah jam", 90, False),
    ("seperempat jam", 15, False),
    ("tiga puluh menit", 30, False),
    ("empat puluh lima menit", 45, False),
    ("dua belas jam", 720, False),
    ("sebelas menit", 11, False),
    ("sepuluh menit", 10, False),
    ("seratus dua puluh menit", 120, False),
    ("dua hari kerja", 2 * HK, False),
    ("sehari", HK, True),
    ("sejam", 60, False),
    ("seminggu", 5 * HK, True),
    # the official style: digits with the number spelled out
    ("3 (tiga) hari kerja", 3 * HK, False),
    ("1 (satu) jam", 60, False),
    ("5 hari kerja (HK)", 5 * HK, False),
    # k x 24 jam is k calendar days; other products as written
    ("1 x 24 jam", HK, True),
    ("2x24 jam", 2 * HK, True),
    ("3 × 24 jam", 3 * HK, True),
    ("2 x 30 menit", 60, False),
    # qualifiers that do not change the value
    ("maks. 2 jam", 120, False),
    ("maksimal 30 menit", 30, False),
    ("paling lama 3 hari kerja", 3 * HK, False),
    ("selambat-lambatnya 14 hari kerja", 14 * HK, False),
    ("± 30 menit", 30, False),
    ("+/- 15 menit", 15, False),
    ("kurang lebih 1 jam", 60, False),
    ("sekitar 20 menit", 20, False),
    ("≤ 15 menit", 15, False),
    ("<= 15 menit", 15, False),
    ("10 menit per berkas", 10, False),
    ("10 menit/berkas", 10, False),
    ("5 menit setiap pemohon", 5, False),
    # ISO-8601
    ("pt30m", 30, False),
    ("PT2H", 120, False),
    ("PT45S", 0.75, False),
    ("PT0.5H", 30, False),
    ("PT0,5H", 30, False),
    ("P2D", 2 * HK, True),
    ("P1W", 5 * HK, True),
    ("P1DT2H", HK + 120, True),
    ("P0D", 0, True),
    (" PT15M ", 15, False),
]


@pytest.mark.parametrize("text,minutes,calendar", PARSED)
def test_parsed(text, minutes, calendar):
    d = parse_duration(text)
    assert d is not None, text
    assert d.minutes == pytest.approx(minutes), text
    assert d.calendar is calendar, text
    assert d.text == text


# text -> why it is not a duration
NOT_PARSED = [
    (None, "empty"),
    ("", "empty"),
    ("   ", "empty"),
    ("-", "empty"),
    ("secepatnya", "vague"),
    ("segera", "vague"),
    ("Segera setelah berkas lengkap", "vague"),
    ("langsung", "vague"),
    ("saat itu juga", "vague"),
    ("sesuai kebutuhan", "vague"),
    ("tergantung antrean", "vague"),
    ("1-2 hari", "range"),
    ("1 - 2 hari", "range"),
    ("15-30 menit", "range"),
    ("1 s.d. 2 hari kerja", "range"),
    ("1 s/d 3 hari", "range"),
    ("1 sampai 2 jam", "range"),
    ("1 hingga 2 jam", "range"),
    ("1 jam - 2 jam", "range"),
    ("2 – 3 hari kerja", "range"),
    ("30", "no_unit"),
    ("1,5", "no_unit"),
    ("1 bulan", "month"),
    ("2 tahun", "month"),
    ("P1M", "month"),
    ("P1Y", "month"),
    ("P1Y2M10D", "month"),
    ("setelah izin ditandatangani", "unknown"),
    ("H+3", "unknown"),
    ("2 jam 30", "unknown"),
    ("30 m", "unknown"),
    ("2 h", "unknown"),
    ("-5 menit", "unknown"),
    ("P", "unknown"),
    ("PT", "unknown"),
    ("P1DT", "unknown"),
    ("menit", "unknown"),
    ("lima", "unknown"),
]


@pytest.mark.parametrize("text,reason", NOT_PARSED)
def test_not_parsed(text, reason):
    assert parse_duration(text) is None
    assert diagnose(text) == reason


@pytest.mark.parametrize("text", [t for t, _, _ in PARSED])
def test_diagnose_is_none_when_parsed(text):
    assert diagnose(text) is None


# hari kerja, hari and minggu follow the hours of a working day; minutes and hours do not
@pytest.mark.parametrize("text,hours_per_day,minutes", [
    ("1 hari kerja", 8, 480),
    ("1 HK", 7, 420),
    ("2 hari", 8, 960),
    ("1 minggu", 8, 5 * 480),
    ("P1D", 6, 360),
    ("P1W", 8, 2400),
    ("1 x 24 jam", 8, 480),
    ("1,5 hari kerja", 8, 720),
    ("2 jam", 8, 120),
    ("PT8H", 6, 480),
    ("90 menit", 8, 90),
])
def test_hours_per_day(text, hours_per_day, minutes):
    assert parse_duration(text, hours_per_day).minutes == pytest.approx(minutes)


def test_hours_per_day_must_be_positive():
    with pytest.raises(ValueError):
        parse_duration("1 hari kerja", 0)


def test_duration_views():
    d = parse_duration("1,5 hari kerja")
    assert d == Duration(675.0, False, "1,5 hari kerja", 7.5)
    assert d.hours == pytest.approx(11.25)
    assert d.working_days == pytest.approx(1.5)
    assert parse_duration("12 jam", 8).working_days == pytest.approx(1.5)


@pytest.mark.parametrize("text,low,high,low_text,high_text", [
    ("1-2 hari", HK, 2 * HK, "1 hari", "2 hari"),
    ("15 - 30 menit", 15, 30, "15 menit", "30 menit"),
    ("1 s.d. 2 hari kerja", HK, 2 * HK, "1 hari kerja", "2 hari kerja"),
    ("1 jam - 2 jam", 60, 120, "1 jam", "2 jam"),
    ("30 menit - 1 jam", 30, 60, "30 menit", "1 jam"),
    ("maks. 2-3 hari kerja", 2 * HK, 3 * HK, "2 hari kerja", "3 hari kerja"),
])
def test_parse_range(text, low, high, low_text, high_text):
    lo, hi = parse_range(text)
    assert (lo.minutes, hi.minutes) == (pytest.approx(low), pytest.approx(high))
    assert (lo.text, hi.text) == (low_text, high_text)


@pytest.mark.parametrize("text", [None, "", "30 menit", "secepatnya", "2 jam 30 menit", "1-2"])
def test_parse_range_none(text):
    assert parse_range(text) is None


@pytest.mark.parametrize("word,factor,calendar", [
    ("menit", 1, False), ("jam", 60, False), ("hari kerja", HK, False), ("HK", HK, False),
    ("hari", HK, True), ("minggu", 5 * HK, True), ("detik", 1 / 60, False), ("Hari  Kerja", HK, False),
])
def test_unit_factor(word, factor, calendar):
    f, cal = unit_factor(word)
    assert f == pytest.approx(factor) and cal is calendar


def test_unit_factor_unknown_and_hours_per_day():
    assert unit_factor("bulan") is None
    assert unit_factor("hari kerja", 8) == (480, False)


@pytest.mark.parametrize("value,lang,text", [
    (6, "id", "6"), (1.5, "id", "1,5"), (1.5, "en", "1.5"), (4 / 3, "id", "1,33"),
    (0.0, "id", "0"), (2.005, "en", "2"), (10.10, "id", "10,1"),
])
def test_format_number(value, lang, text):
    assert format_number(value, lang) == text


@pytest.mark.parametrize("minutes,lang,text", [
    (6 * HK, "id", "6 hari kerja"), (1.5 * HK, "id", "1,5 hari kerja"),
    (HK, "en", "1 working day"), (2 * HK, "en", "2 working days"),
])
def test_format_working_days(minutes, lang, text):
    assert format_working_days(minutes, 7.5, lang) == text


@pytest.mark.parametrize("minutes,lang,text", [
    (45, "id", "45 menit"), (150, "id", "2 jam 30 menit"), (120, "id", "2 jam"), (0, "id", "0 menit"),
    (HK, "id", "1 hari kerja"), (3 * HK, "id", "3 hari kerja"), (90, "en", "1 h 30 min"),
])
def test_format_duration(minutes, lang, text):
    assert format_duration(minutes, 7.5, lang) == text


def test_round_trip_through_format():
    for text, minutes, _ in PARSED:
        if minutes and minutes == int(minutes):
            again = parse_duration(format_duration(minutes))
            assert again is not None and again.minutes == pytest.approx(minutes, abs=0.01 * minutes)
