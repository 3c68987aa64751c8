"""One unit system for tasks, timers and arrivals (issue 15, Must 2), hand-computed.

Office calendar (params.office_calendar): Monday-Thursday 07:30-12:00 and 13:00-16:00
(450 working minutes), Friday 07:30-11:30 and 13:30-16:00 (390 minutes). The calendar
starts on Monday 6 January 2025, 00:00, so working minute 0 is Monday 07:30.
"""
import datetime as dt

import pytest

from validator.sim import Scenario, simulate
from validator.sim.kernel import run
from validator.sim.loader import load
from validator.sim.params import office_calendar, parse_arrivals, parse_dist, sim_duration
from validator.sim.prosimos import to_prosimos

from .helpers import bpmn

MONDAY = dt.datetime(2025, 1, 6)


def _at(day: int, hour: int, minute: int) -> dt.datetime:
    return MONDAY + dt.timedelta(days=day, hours=hour, minutes=minute)


@pytest.mark.parametrize("text, minutes, calendar", [
    ("P1D", 1440, True), ("P1W", 10080, True), ("P1DT2H", 1560, True), ("PT2H", 120, False),
    ("3 hari", 4320, True), ("1 minggu", 10080, True), ("seminggu", 10080, True),
    ("2 minggu 1 hari", 15 * 1440, True), ("1 x 24 jam", 1440, True), ("1 hari 2 jam", 1560, True),
    ("2 jam", 120, False), ("1 hari kerja", 450, False), ("3 hari kerja", 1350, False),
])
def test_units_of_the_simulation(text, minutes, calendar):
    assert sim_duration(text) == (pytest.approx(minutes), calendar)


def test_monday_0800_plus_p1d_is_tuesday_0800():
    cal = office_calendar()
    start = cal.from_datetime(_at(0, 8, 0))
    assert start == 30
    d = parse_dist("P1D")
    assert d.calendar and d.args == (1440.0,)
    end = cal.add_elapsed(start, d.args[0])
    assert cal.to_datetime(end) == _at(1, 8, 0)
    assert end - start == 450          # one working day passed, not 390 minutes


def test_three_calendar_days_wait_three_working_days_from_monday():
    cal = office_calendar()
    start = cal.from_datetime(_at(0, 7, 30))
    end = cal.add_elapsed(start, sim_duration("3 hari")[0])
    assert cal.to_datetime(end) == _at(3, 7, 30)   # Thursday 07:30
    assert end - start == 1350


def test_friday_1550_plus_two_working_hours_is_monday_0920():
    cal = office_calendar()
    start = cal.from_datetime(_at(4, 15, 50))
    d = parse_dist("2 jam")
    assert not d.calendar
    # 10 minutes on Friday until 16:00, then 110 minutes from Monday 07:30
    assert cal.to_datetime(start + d.args[0]) == _at(7, 9, 20)


def test_24jam_days_are_1440_minutes_and_working_days_the_working_minutes():
    assert parse_dist("P1D", hours_per_day=7.5).args == (1440.0,)
    assert parse_dist("tetap(1 hari)").args == (1440.0,)
    assert parse_dist("tetap(1 hari kerja)").args == (450.0,)
    assert parse_arrivals("40/hari", 1440).args == (36.0,)      # 1,440 / 40
    assert parse_arrivals("40/hari", 450).args == (450 / 40,)   # office: per open day
    assert parse_arrivals("7/minggu", 1440).args == (1440.0,)   # a week is seven days
    assert parse_arrivals("5/minggu", 450).args == (450.0,)     # five open days


def test_calendar_distribution_mixes_clock_units():
    d = parse_dist("seragam(12 jam; 1 hari)")
    assert d.calendar and d.args == (720.0, 1440.0)


def _one_task(duration: str, calendar: str, timer: str | None = None) -> bytes:
    wait = ""
    flow_in = "S"
    if timer:
        wait = (f'<bpmn:intermediateCatchEvent id="W"><bpmn:timerEventDefinition>'
                f'<bpmn:timeDuration>{timer}</bpmn:timeDuration></bpmn:timerEventDefinition>'
                f'</bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="f0" sourceRef="S" targetRef="W"/>')
        flow_in = "W"
    return bpmn(f"""
    <bpmn:startEvent id="S"/>
    {wait}
    <bpmn:task id="T" name="Kerja" ppb:durasi="{duration}"/>
    <bpmn:endEvent id="E"/>
    <bpmn:sequenceFlow id="f1" sourceRef="{flow_in}" targetRef="T"/>
    <bpmn:sequenceFlow id="f2" sourceRef="T" targetRef="E"/>""",
                f'ppb:kalender="{calendar}" ppb:kedatangan="tetap(3 hari kerja)"')


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_both_engines_wait_calendar_time(engine):
    """24jam: tetap(1 hari) = 1,440 min; a P1D timer + tetap(2 jam) = 1,560 min; office
    calendar: a case arriving at a day's opening and a one-day task take 450 working min."""
    scenario = Scenario(cases=3, replications=1, seed=1)
    res = simulate(_one_task("tetap(1 hari)", "24jam"), scenario, engine=engine)
    assert res.as_dict()["cycleTime"]["mean"] == pytest.approx(1440.0)
    res = simulate(_one_task("tetap(2 jam)", "24jam", "P1D"), scenario, engine=engine)
    assert res.as_dict()["cycleTime"]["mean"] == pytest.approx(1560.0)
    res = simulate(_one_task("tetap(1 hari kerja)", "24jam"), scenario, engine=engine)
    assert res.as_dict()["cycleTime"]["mean"] == pytest.approx(450.0)
    # office calendar: arrivals every 3 working days, at working minutes 1350, 2700, 4050
    # (a Thursday 07:30, then...) -- each 'P1D' task ends 24 h later at the same clock time
    loaded = load(_one_task("P1D", "pemda"), Scenario(cases=3, replications=1))
    cal = loaded.params.calendar
    expected = []
    for k in (1, 2, 3):
        t0 = 1350.0 * k
        expected.append(cal.from_datetime(cal.to_datetime(t0) + dt.timedelta(days=1)) - t0)
    res = simulate(_one_task("P1D", "pemda"), scenario, engine=engine)
    assert res.as_dict()["cycleTime"]["mean"] == pytest.approx(sum(expected) / 3)
    assert expected[0] == 450.0   # Thursday 07:30 -> Friday 07:30


def test_prosimos_export_uses_the_same_units():
    data = to_prosimos(load(_one_task("tetap(1 hari)", "24jam", "P1D"), Scenario(cases=3)))
    task = data["task_resource_distribution"][0]["resources"][0]
    assert task["distribution_params"][0]["value"] == 1440 * 60
    event = data["event_distribution"][0]
    assert event["distribution_params"][0]["value"] == 1440 * 60


def test_prosimos_export_scales_calendar_tasks_under_office_hours():
    data = to_prosimos(load(_one_task("tetap(1 hari)", "pemda", "P1D"), Scenario(cases=3)))
    task = data["task_resource_distribution"][0]["resources"][0]
    # Mon-Thu 450 + Fri 390 = 2,190 open minutes of 10,080 in a week
    assert task["distribution_params"][0]["value"] == pytest.approx(1440 * 60 * 2190 / 10080)
    assert any("waktu kalender" in a and "T" in a for a in data["approximations"])
    assert data["event_distribution"][0]["distribution_params"][0]["value"] == 1440 * 60
