"""Parameters from the ppb vocabulary: distributions, arrivals, calendar, branches, streams."""
import datetime as dt
import hashlib
import statistics

import pytest

from validator.sim import Scenario, SimulationError, simulate
from validator.sim.params import (Dist, calendar_from_dict, continuous_calendar, office_calendar,
                                  parse_arrivals, parse_dist)
from validator.sim.rng import stream, stream_seed

from .helpers import bpmn, model


@pytest.mark.parametrize("text, kind, args", [
    ("tetap(30 menit)", "fixed", (30,)),
    ("eksponensial(2 jam)", "exponential", (120,)),
    ("segitiga(10, 20, 45 menit)", "triangular", (10, 20, 45)),
    ("normal(30,5 menit)", "normal", (30, 5)),
    ("normal(1,5; 0,25 jam)", "normal", (90, 15)),
    ("lognormal(1 jam, 20 menit)", "lognormal", (60, 20)),
    ("seragam(1; 2 hari kerja)", "uniform", (450, 900)),
    ("30 menit", "fixed", (30,)),
    ("PT1H30M", "fixed", (90,)),
    ("1-2 hari kerja", "uniform", (450, 900)),
])
def test_distributions_with_indonesian_units(text, kind, args):
    d = parse_dist(text)
    assert d.kind == kind
    assert d.args == pytest.approx(args)


@pytest.mark.parametrize("text, word", [
    ("secepatnya", "terukur"), ("segitiga(30, 20, 10 menit)", "min <= modus"),
    ("gamma(3 menit)", "tidak dikenal"), ("normal(30 menit)", "memerlukan 2"),
    ("tetap(30)", "tanpa satuan"),
])
def test_bad_distributions_say_why_in_indonesian(text, word):
    with pytest.raises(ValueError, match=word):
        parse_dist(text)


def test_samplers_have_the_written_mean():
    rng = stream(1, "task", "x")
    for text, mean in [("eksponensial(10 menit)", 10), ("segitiga(10,20,45 menit)", 25),
                       ("lognormal(60, 20 menit)", 60), ("seragam(10, 20 menit)", 15)]:
        sampler = parse_dist(text).sampler()
        values = [sampler(rng) for _ in range(40000)]
        assert statistics.fmean(values) == pytest.approx(mean, rel=0.03), text
        assert min(values) >= 0


def test_arrivals():
    assert parse_arrivals("40/hari", 450).args == (450 / 40,)
    assert parse_arrivals("5/jam", 450).args == (12.0,)
    assert parse_arrivals("40/hari", 1440).args == (36.0,)
    assert parse_arrivals("tetap(12 menit)", 450) == Dist("fixed", (12.0,), "tetap(12 menit)")
    with pytest.raises(ValueError):
        parse_arrivals("0/jam", 450)


def test_streams_are_stable_and_separate():
    digest = hashlib.blake2b(b"7|task|Task_A", digest_size=8).digest()
    assert stream_seed(7, "task", "Task_A") == int.from_bytes(digest, "big")
    a = [stream(7, "task", "Task_A").random() for _ in range(2)]
    assert a[0] == a[1]
    assert stream(7, "task", "Task_B").random() != a[0]
    assert stream(8, "task", "Task_A").random() != a[0]


def test_office_calendar_maps_working_minutes_to_dates():
    cal = office_calendar(dt.datetime(2025, 1, 6))          # a Monday
    assert cal.to_datetime(0) == dt.datetime(2025, 1, 6, 7, 30)
    assert cal.to_datetime(271) == dt.datetime(2025, 1, 6, 13, 1)   # after the lunch break
    friday = cal.to_datetime(4 * 450)
    assert friday == dt.datetime(2025, 1, 10, 7, 30)
    assert cal.to_datetime(4 * 450 + 390) == dt.datetime(2025, 1, 13, 7, 30)  # short Friday
    assert cal.from_datetime(dt.datetime(2025, 1, 6, 13, 1)) == 271
    # a 3-day timer started Thursday 08:30 ends Sunday: the next working minute is Monday 07:30
    thursday = cal.from_datetime(dt.datetime(2025, 1, 9, 8, 30))
    assert cal.to_datetime(cal.add_elapsed(thursday, 3 * 1440)) == dt.datetime(2025, 1, 13, 7, 30)
    assert continuous_calendar().add_elapsed(10, 60) == 70


def test_holidays_from_configuration():
    cal = calendar_from_dict({"nama": "pariaman", "jam": {"senin": "08:00-12:00"},
                              "libur": ["2025-01-13"], "mulai": "2025-01-06"})
    assert cal.to_datetime(240) == dt.datetime(2025, 1, 20, 8, 0)   # the 13th is a holiday
    with pytest.raises(SimulationError, match="jam kerja"):
        calendar_from_dict({"jam": {"senin": "12:00-08:00"}})


def test_equal_split_with_a_warning_and_normalised_probabilities():
    body = """<bpmn:startEvent id="S"/><bpmn:exclusiveGateway id="G" name="Pilih"/>
      <bpmn:task id="A" ppb:durasi="1 menit"/><bpmn:task id="B" ppb:durasi="1 menit"/>
      <bpmn:task id="C" ppb:durasi="1 menit"/><bpmn:endEvent id="E"/>
      <bpmn:sequenceFlow id="f0" sourceRef="S" targetRef="G"/>
      <bpmn:sequenceFlow id="fa" sourceRef="G" targetRef="A" ppb:peluang="50%"/>
      <bpmn:sequenceFlow id="fb" sourceRef="G" targetRef="B"/>
      <bpmn:sequenceFlow id="fc" sourceRef="G" targetRef="C"/>
      <bpmn:sequenceFlow id="f1" sourceRef="A" targetRef="E"/>
      <bpmn:sequenceFlow id="f2" sourceRef="B" targetRef="E"/>
      <bpmn:sequenceFlow id="f3" sourceRef="C" targetRef="E"/>"""
    result = simulate(bpmn(body), Scenario(cases=4000, replications=1))
    assert result.params.branch["G"] == [("fa", 0.5), ("fb", 0.25), ("fc", 0.25)]
    assert any(f.code == "SIM-PELUANG-RATA" and "0,25" in f.message() for f in result.findings)
    counts = result.as_dict()["tasks"]
    assert counts["A"]["count"] == pytest.approx(2000, rel=0.08)
    assert counts["B"]["count"] == pytest.approx(1000, rel=0.12)


def test_mutu_waktu_is_the_default_duration():
    body = """<bpmn:startEvent id="S"/><bpmn:task id="A" ppb:mutuWaktu="30 menit"/>
      <bpmn:endEvent id="E"/><bpmn:sequenceFlow id="f0" sourceRef="S" targetRef="A"/>
      <bpmn:sequenceFlow id="f1" sourceRef="A" targetRef="E"/>"""
    fixed = simulate(bpmn(body), Scenario(cases=50, replications=1, default_kind="fixed"))
    assert fixed.as_dict()["tasks"]["A"]["processing"]["mean"] == pytest.approx(30)
    expo = simulate(bpmn(body), Scenario(cases=3000, replications=1))
    assert expo.params.durations["A"].kind == "exponential"
    assert any(f.code == "SIM-DURASI-MUTU" for f in expo.findings)


def test_replication_r_uses_seed_plus_r_and_what_if_shares_random_numbers():
    two = simulate(model("tandem.bpmn"), Scenario(cases=300, replications=2, seed=4))
    one = simulate(model("tandem.bpmn"), Scenario(cases=300, replications=1, seed=5))
    assert two.reps[1].cycle == one.reps[0].cycle
    assert two.reps[0].cycle != two.reps[1].cycle
    more = simulate(model("tandem.bpmn"), Scenario(cases=300, replications=2, seed=4,
                                                   overrides={"kapasitas": {"Verifikator": 3}}))
    assert more.params.lanes["Lane_Verifikator"].capacity == 3
    assert more.reps[0].queue_mean < two.reps[0].queue_mean
    # the first lane is untouched by the change: same arrivals and durations, same waits there
    assert more.reps[0].lanes["Lane_Loket"]["queueWait"] == two.reps[0].lanes["Lane_Loket"]["queueWait"]


def test_within_standard_and_working_days():
    result = simulate(model("izin-4-lane.bpmn"), Scenario(cases=2000, replications=3))
    data = result.as_dict()
    assert data["standard"]["minutes"] == 180
    cycles = [c for r in result.reps for c in r.cycle]
    share = sum(1 for c in cycles if c <= 180) / len(cycles)
    assert data["withinStandard"] == pytest.approx(share, abs=0.01)
    assert data["cycleTime"]["days"] == pytest.approx(data["cycleTime"]["mean"] / 1440)
