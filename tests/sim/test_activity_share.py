"""Each activity's share of the cycle time (issue 15, Must 6), checked by hand.

Office calendar (params.office_calendar): Monday-Thursday 07:30-12:00 and 13:00-16:00, Friday
07:30-11:30 and 13:30-16:00; working minute 0 is Monday 6 January 2025, 07:30.
"""
import datetime as dt
import json
import random

import pytest
from openpyxl import load_workbook

from validator.sim import Scenario, compare, simulate, xlsx
from validator.sim.html import render
from validator.sim.loader import load
from validator.sim.params import office_calendar
from validator.sim.report import render_comparison, render_text
from validator.sim.shares import ClockMap
from validator.sim.whatif import WhatIf, apply

from .helpers import bpmn, model

ONE_TASK = """
<bpmn:laneSet id="LS"><bpmn:lane id="L1" name="Loket"><bpmn:flowNodeRef>A</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
<bpmn:startEvent id="S"/>
<bpmn:task id="A" name="Memeriksa berkas" ppb:durasi="tetap(60 menit)"/>
<bpmn:endEvent id="E"/>
<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
<bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="E"/>"""


def _share(result, eid="A"):
    return result.as_dict()["activityShare"]["activities"][eid]


def test_one_task_without_queue_on_24jam_is_all_processing():
    # a case every 120 minutes, 60 minutes of work: nobody ever waits, no closed hours
    r = simulate(bpmn(ONE_TASK, 'ppb:kalender="24jam" ppb:kedatangan="tetap(120 menit)"'),
                 Scenario(cases=40, replications=3))
    a = _share(r)
    assert a["processing"]["share"]["mean"] == pytest.approx(1.0)
    assert a["processing"]["minutes"]["mean"] == pytest.approx(60.0)
    assert a["personWait"]["share"]["mean"] == 0 and a["outsideHours"]["share"]["mean"] == 0
    share = r.as_dict()["activityShare"]
    assert share["cycleTime"]["mean"] == pytest.approx(60.0) and not share["wallClock"]
    assert share["other"]["minutes"]["mean"] == pytest.approx(0.0, abs=1e-9)


def test_one_task_started_at_1530_waits_the_night_outside_office_hours():
    # the first case arrives after 420 working minutes: Monday 15:30. 30 minutes of work
    # until 16:00, the office is closed until Tuesday 07:30 (15.5 h = 930 min), 30 more
    # minutes: done Tuesday 08:00, 990 minutes of wall clock after it came
    r = simulate(bpmn(ONE_TASK, 'ppb:kalender="pemda" ppb:kedatangan="tetap(420 menit)"'),
                 Scenario(cases=1, replications=2))
    a = _share(r)
    assert a["processing"]["minutes"]["mean"] == pytest.approx(60.0)
    assert a["personWait"]["minutes"]["mean"] == pytest.approx(0.0)
    assert a["outsideHours"]["minutes"]["mean"] == pytest.approx(930.0)
    share = r.as_dict()["activityShare"]
    assert share["cycleTime"]["mean"] == pytest.approx(990.0) and share["wallClock"]
    assert a["processing"]["share"]["mean"] == pytest.approx(60 / 990)
    assert a["outsideHours"]["share"]["mean"] == pytest.approx(930 / 990)
    assert a["total"]["share"]["mean"] == pytest.approx(1.0)
    # the KPI in working minutes is unchanged: 60
    assert r.as_dict()["cycleTime"]["mean"] == pytest.approx(60.0)


def test_a_saturated_lane_shows_waiting_for_a_person():
    # a case every 30 minutes, 60 minutes of work, one person: case c (from 0) waits 30c
    # minutes; over 10 cases the mean wait is 135 and the mean cycle time 195 minutes
    r = simulate(bpmn(ONE_TASK, 'ppb:kalender="24jam" ppb:kedatangan="tetap(30 menit)"'),
                 Scenario(cases=10, replications=2))
    a = _share(r)
    assert a["personWait"]["minutes"]["mean"] == pytest.approx(135.0)
    assert a["personWait"]["share"]["mean"] == pytest.approx(135 / 195)
    assert a["processing"]["share"]["mean"] == pytest.approx(60 / 195)
    assert a["outsideHours"]["minutes"]["mean"] == 0


def test_what_if_one_more_person_removes_the_wait_and_says_it_is_significant():
    data = bpmn(ONE_TASK, 'ppb:kalender="24jam" ppb:kedatangan="tetap(30 menit)"')
    sc = Scenario(cases=10, replications=3)
    base = simulate(data, sc)
    loaded = load(data, sc, "uji")
    apply(WhatIf(lane="L1", extra=1), loaded)
    more = simulate(data, sc, loaded=loaded)
    assert _share(more)["personWait"]["minutes"]["mean"] == 0      # two people: nobody waits
    cmp = compare(base, more)
    q = cmp["kpis"]["queueWait"]
    assert q["difference"] == pytest.approx(-135.0) and q["significant"] is True
    assert cmp["utilisation"]["Loket"]["capacity"] == {"asis": 1, "tobe": 2}
    assert cmp["kpis"]["processing"]["significant"] is False      # nothing else changed
    assert "bermakna" in render_comparison(cmp, base, more)
    a = cmp["activities"]["A"]
    assert a["personWait"]["difference"] == pytest.approx(-135.0) and a["personWait"]["significant"]
    assert a["total"]["tobe"] == pytest.approx(60.0)
    assert "cycleTimeCalendar" not in cmp["kpis"]      # 24jam: the same as the cycle time


def test_what_if_activity_faster_scales_its_duration():
    data = bpmn(ONE_TASK, 'ppb:kalender="24jam" ppb:kedatangan="tetap(120 menit)"')
    sc = Scenario(cases=20, replications=2)
    loaded = load(data, sc, "uji")
    apply(WhatIf(activity="A", percent=20), loaded)
    r = simulate(data, sc, loaded=loaded)
    assert _share(r)["processing"]["minutes"]["mean"] == pytest.approx(48.0)


def test_what_if_on_a_random_queue_lowers_waiting_with_common_random_numbers():
    sc = Scenario(cases=2000, replications=5, seed=11)
    data = model("mm1.bpmn").read_bytes()
    base = simulate(data, sc)
    loaded = load(data, sc, "mm1")
    apply(WhatIf(lane="Lane_Loket"), loaded)
    cmp = compare(base, simulate(data, sc, loaded=loaded))
    q = cmp["kpis"]["queueWait"]
    assert q["tobe"] < q["asis"] and q["significant"] and q["ci95"][1] < 0
    assert q["asisCi95"][0] <= q["asis"] <= q["asisCi95"][1]


def test_parts_and_rest_add_up_to_the_calendar_cycle_time_on_an_office_calendar():
    r = simulate(model("izin-4-lane.bpmn"), Scenario(cases=300, replications=2, calendar="pemda"))
    share = r.as_dict()["activityShare"]
    covered = sum(a["total"]["minutes"]["mean"] for a in share["activities"].values())
    assert covered + share["other"]["minutes"]["mean"] == pytest.approx(share["cycleTime"]["mean"])
    assert any(a["outsideHours"]["minutes"]["mean"] > 0 for a in share["activities"].values())
    for a in share["activities"].values():
        parts = sum(a[k]["minutes"]["mean"] for k in ("processing", "personWait", "outsideHours"))
        assert parts == pytest.approx(a["total"]["minutes"]["mean"])
        for k in ("processing", "personWait", "outsideHours", "total"):
            lo, hi = a[k]["share"]["ci95"]
            assert 0 <= lo <= a[k]["share"]["mean"] <= hi <= 1
    # wall-clock cycle time is at least the working-time one
    assert share["cycleTime"]["mean"] >= r.as_dict()["cycleTime"]["mean"]


def test_clock_map_agrees_with_the_calendar():
    cal = office_calendar()
    clock = ClockMap(cal).clock
    midnight = dt.datetime.combine(cal.start.date(), dt.time())
    rng = random.Random(3)
    for w in [0.5, 269.5, 270.5, 449.0, 451.0] + [rng.uniform(0, 200_000) for _ in range(300)]:
        expected = (cal.to_datetime(w) - midnight).total_seconds() / 60
        assert clock(w) == pytest.approx(expected), w
    # on a border the earlier moment: 450 working minutes is Monday 16:00, not Tuesday 07:30
    assert clock(450.0) == 16 * 60
    assert clock(0.0) == 7 * 60 + 30
    # closed time between two working minutes: Monday 15:30 to Tuesday 08:00 is 930 minutes
    cmap = ClockMap(cal)

    def closed(a, b):
        return cmap.closed(a, b)[0]
    assert closed(420.0, 480.0) == pytest.approx(930.0)
    assert closed(300.0, 400.0) == 0.0                    # Monday 13:30 to 15:10
    assert closed(200.0, 300.0) == pytest.approx(60.0)    # over the lunch break
    assert closed(450.0, 460.0) == pytest.approx(930.0)   # queued at 16:00: waits the night
    for _ in range(300):
        a = rng.uniform(0, 50_000)
        b = a + rng.expovariate(1 / 300)
        assert closed(a, b) == pytest.approx(max(0.0, clock(b) - clock(a) - (b - a)), abs=1e-6)


def test_every_output_shows_the_shares(tmp_path):
    r = simulate(bpmn(ONE_TASK, 'ppb:kalender="pemda" ppb:kedatangan="tetap(420 menit)"'),
                 Scenario(cases=1, replications=2))
    text = render_text(r)
    assert "Bagian waktu siklus per aktivitas" in text and "di luar jam kerja" in text
    assert "93,9%" in text            # 930 / 990 outside office hours
    assert "Share of the cycle time" in render_text(r, "en")
    page = render(r)
    assert 'id="bagian-waktu"' in page and "93,9%" in page
    target = tmp_path / "h.xlsx"
    xlsx.write(r, target)
    ws = load_workbook(target)["Aktivitas"]
    head = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    col = head.index("Di luar jam kerja: bagian waktu siklus kalender")
    assert row[col] == pytest.approx(930 / 990)
    assert row[head.index("Di luar jam kerja: menit per kasus")] == pytest.approx(930)


def test_cli_what_if_and_json_shares(capsys):
    from validator.cli import main

    mm1 = str(model("mm1.bpmn"))
    assert main(["simulate", mm1, "-n", "300", "-r", "2", "-f", "json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert data["activityShare"]["activities"]["Task_Layani"]["processing"]["share"]["mean"] > 0
    # one more person at the counter and the service 10% faster: a load of 0.8 becomes
    # 0.8 x 0.9 / 2 = 0.36 per person, processing 8 -> 7.2 minutes
    assert main(["simulate", mm1, "-n", "2000", "-r", "3", "-f", "json",
                 "--tambah-petugas", "Lane_Loket", "--percepat", "Task_Layani=10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["whatIf"]["lane"] == "Lane_Loket" and data["whatIf"]["percent"] == 10
    assert data["kpis"]["processing"]["tobe"] == pytest.approx(0.9 * data["kpis"]["processing"]["asis"])
    assert data["utilisation"]["Loket"]["tobe"] == pytest.approx(0.36, abs=0.05)
    assert data["kpis"]["queueWait"]["significant"] and data["kpis"]["queueWait"]["difference"] < 0
    assert main(["simulate", mm1, "--tambah-petugas", "Lane_Tidak_Ada"]) == 2
    assert "tidak ada pada peta ini" in capsys.readouterr().err
    assert main(["simulate", mm1, "--percepat", "Task_Layani=95"]) == 2
    assert "1 sampai 90" in capsys.readouterr().err


def test_the_tally_counts_closed_time_as_the_calendar_does():
    # records as the kernel sends them (ends in time order, queued any time before), the
    # tally's cached opening period against the plain wall-clock arithmetic
    from validator.sim.results import Tally

    params = load(bpmn(ONE_TASK, 'ppb:kalender="pemda" ppb:kedatangan="tetap(420 menit)"'),
                  Scenario(cases=1, replications=1), "uji").params
    n = 3000
    tally = Tally(params, 0, [0.0] * n, [1.0] * n)
    clock = ClockMap(params.calendar).clock
    rng = random.Random(5)
    end, expected = 0.0, 0.0
    for case in range(n):
        end += rng.expovariate(1 / 20)
        enq = max(0.0, end - rng.choice((rng.expovariate(1 / 15), rng.expovariate(1 / 900))))
        start = enq + (end - enq) * rng.random()
        tally.record(case, "A", "L1", enq, start, end, 0)
        expected += clock(end) - clock(enq) - (end - enq)
    assert tally.tasks["A"][0] == n
    assert tally.tasks["A"][3] == pytest.approx(expected, rel=1e-9)
    assert expected > 0
