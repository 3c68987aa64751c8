"""The compiled engine's specialised loop (compiled.run_fast) and the calendar table
(kernel.elapsed_adder) give exactly what the general kernel and Calendar.add_elapsed give."""
import datetime as dt
import math
import random

import pytest

from validator.sim import kernel
from validator.sim.compiled import CompiledSemantics, compile_map
from validator.sim.loader import load
from validator.sim.params import Calendar, Scenario, continuous_calendar, office_calendar

from .helpers import bpmn, model


def _runs(loaded, cases: int, seed: int, max_steps: int | None = None, keep_log: bool = True,
          warmup: int = 0):
    graph = compile_map(loaded)
    fast_sem = CompiledSemantics(loaded, seed, graph, max_steps=max_steps)
    general_sem = CompiledSemantics(loaded, seed, graph, max_steps=max_steps)
    general_sem.run_fast = lambda *a: None        # the general kernel loop
    fast = kernel.run(fast_sem, loaded.params, cases, seed, keep_log=keep_log, warmup=warmup)
    general = kernel.run(general_sem, loaded.params, cases, seed, keep_log=True, warmup=warmup)
    assert fast.tally.queue_case is not None        # the fast loop kept the tally itself
    assert general.tally.queue_case is None          # Tally.record / Tally.finished
    return fast, general


def _same_kpis(fast, general) -> None:
    """Every KPI of the replication bit for bit (NaN equal to NaN), the tasks in the same
    order: the fast loop's own tally makes the sums Tally.record makes, in the same order."""
    a = vars(fast.tally.replication(len(fast.unfinished)))
    b = vars(general.tally.replication(len(general.unfinished)))
    assert a.keys() == b.keys()
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, float) and math.isnan(x):
            assert isinstance(y, float) and math.isnan(y), key
        else:
            assert x == y, key
    assert list(a["tasks"]) == list(b["tasks"])
    assert fast.tally.lane_busy == general.tally.lane_busy


def _same(fast, general, log: bool = True) -> None:
    if log:
        assert fast.log == general.log
    assert fast.arrival == general.arrival
    assert fast.finish == general.finish
    assert (fast.cut, fast.unfinished, fast.events, fast.horizon) == \
        (general.cut, general.unfinished, general.events, general.horizon)
    _same_kpis(fast, general)


@pytest.mark.parametrize("name", ["izin-4-lane.bpmn", "bench-kalender-loop.bpmn", "mm1.bpmn",
                                  "mm3.bpmn", "tandem.bpmn"])
def test_fast_loop_matches_general_loop(name):
    loaded = load(model(name), Scenario(cases=400))
    fast, general = _runs(loaded, 400, seed=7)
    assert fast.log            # the map ran, and through the fast loop
    _same(fast, general)


@pytest.mark.parametrize("name", ["izin-4-lane.bpmn", "bench-kalender-loop.bpmn"])
def test_fast_loop_tally_with_warmup_and_without_log(name):
    loaded = load(model(name), Scenario(cases=500))
    fast, general = _runs(loaded, 500, seed=5, keep_log=False, warmup=120)
    assert not fast.log and general.log
    _same(fast, general, log=False)
    rep = fast.tally.replication(len(fast.unfinished))
    assert rep.finished == 500 - 120 and rep.tasks and 0 < rep.queue_mean + rep.processing_mean


def test_fast_loop_is_used_for_covered_maps_only():
    loaded = load(model("izin-4-lane.bpmn"))
    sem = CompiledSemantics(loaded, 1, compile_map(loaded))
    assert sem.run_fast(loaded.params, 10, 1, 10000, False, 0) is not None
    loaded = load(model("konstruksi.bpmn"))          # boundary events, inclusive gateways
    sem = CompiledSemantics(loaded, 1, compile_map(loaded))
    assert sem.run_fast(loaded.params, 10, 1, 10000, False, 0) is None


PARALLEL_LOOP = bpmn("""
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:parallelGateway id="Split"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:task id="A" ppb:durasi="eksponensial(5 menit)"><bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>fr</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="X"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>fr</bpmn:outgoing><bpmn:outgoing>f5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:intermediateCatchEvent id="W"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>PT20M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:parallelGateway id="Join"><bpmn:incoming>f5</bpmn:incoming><bpmn:incoming>f6</bpmn:incoming><bpmn:outgoing>f7</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:task id="B" ppb:durasi="seragam(1, 3 menit)"><bpmn:incoming>f7</bpmn:incoming><bpmn:outgoing>f8</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="E"><bpmn:incoming>f8</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Split"/>
    <bpmn:sequenceFlow id="f2" sourceRef="Split" targetRef="A"/>
    <bpmn:sequenceFlow id="f3" sourceRef="Split" targetRef="W"/>
    <bpmn:sequenceFlow id="f4" sourceRef="A" targetRef="X"/>
    <bpmn:sequenceFlow id="fr" sourceRef="X" targetRef="A" ppb:peluang="0.6"/>
    <bpmn:sequenceFlow id="f5" sourceRef="X" targetRef="Join" ppb:peluang="0.4"/>
    <bpmn:sequenceFlow id="f6" sourceRef="W" targetRef="Join"/>
    <bpmn:sequenceFlow id="f7" sourceRef="Join" targetRef="B"/>
    <bpmn:sequenceFlow id="f8" sourceRef="B" targetRef="E"/>
""")


def test_parallel_join_loop_and_step_cap_match(tmp_path):
    path = tmp_path / "paralel.bpmn"
    path.write_bytes(PARALLEL_LOOP)
    loaded = load(path, Scenario(cases=300))
    fast, general = _runs(loaded, 300, seed=3)
    assert not fast.cut and fast.log
    _same(fast, general)
    fast, general = _runs(loaded, 300, seed=3, max_steps=12)   # loops cut at 12 steps
    assert fast.cut                   # some cases go round the loop long enough to be cut
    assert len(fast.cut) < 300
    _same(fast, general)


def _calendars():
    pemda = office_calendar()
    holidays = Calendar("uji", False, {d: [(450, 720), (780, 960)] for d in range(5)},
                        frozenset({dt.date(2025, 1, 8), dt.date(2025, 2, 3)}), 7.5,
                        dt.datetime(2025, 1, 6))
    return [pemda, holidays, continuous_calendar()]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_elapsed_adder_equals_calendar(index):
    calendar = _calendars()[index]
    reference = _calendars()[index]
    add = kernel.elapsed_adder(calendar)
    rng = random.Random(11)
    borders = [0.0, 270.0, 450.0, 720.0, 1440.0, 2250.0, 450.0 * 5]
    moments = borders + [rng.uniform(0, 60000) for _ in range(1500)]
    gaps = [0.0, 1.0, 90.0, 1440.0, 2880.0, 10080.0, 1440.0 * 3 + 0.37]
    for m in moments:
        for e in gaps + [rng.expovariate(1 / 700)]:
            assert add(m, e) == reference.add_elapsed(m, e), (m, e)


def test_prosimos_export_of_the_office_calendar_map():
    from validator.sim.prosimos import to_prosimos

    data = to_prosimos(load(model("bench-kalender-loop.bpmn")))
    periods = data["resource_calendars"][0]["time_periods"]
    assert {(p["from"], p["beginTime"], p["endTime"]) for p in periods if p["from"] == "FRIDAY"} == {
        ("FRIDAY", "07:30:00.000", "11:30:00.000"), ("FRIDAY", "13:30:00.000", "16:00:00.000")}
    assert not any(p["from"] in ("SATURDAY", "SUNDAY") for p in periods)
    assert data["arrival_time_calendar"] == periods
    gw = {g["gateway_id"]: {p["path_id"]: p["value"] for p in g["probabilities"]}
          for g in data["gateway_branching_probabilities"]}
    assert gw == {"Gateway_Lengkap": pytest.approx({"FK_Ya": 0.8, "FK_Tidak": 0.2})}
    events = {e["event_id"]: e for e in data["event_distribution"]}
    assert events["Timer_Sanggah"]["distribution_params"] == [{"value": 86400.0}]   # P1D
    assert any("hari libur" in a for a in data["approximations"])
    assert any(a.startswith("kedatangan:") for a in data["approximations"])


# --- the C loop (validator/sim/cloop.pyx): the Python loop's numbers, bit for bit ---------

class _Spy:
    """Stands in for the C loop module: counts its runs and those that went to the end."""

    def __init__(self, module) -> None:
        self.module, self.runs, self.finished = module, 0, 0

    def run(self, *args):
        self.runs += 1
        out = self.module.run(*args)
        self.finished += out is not None
        return out


def _c_and_python(monkeypatch, loaded, cases: int, seed: int, warmup: int = 0,
                  max_steps: int | None = None, events_per_case: int = 10000):
    from validator.sim import compiled

    module = compiled._c_loop()
    assert module is not None, "loop C belum dibangun: jalankan make install (tools/build_ext.py)"
    graph = compile_map(loaded)
    spy = _Spy(module)
    runs = []
    for loop in (spy, None):
        monkeypatch.setattr(compiled, "_CLOOP", [loop])
        sem = CompiledSemantics(loaded, seed, graph, max_steps=max_steps)
        runs.append(kernel.run(sem, loaded.params, cases, seed, events_per_case,
                               keep_log=False, warmup=warmup))
        assert runs[-1].tally.queue_case is not None        # the fast loop ran, not the kernel's
    return runs[0], runs[1], spy


def test_c_loop_is_built_from_this_source():
    from validator.sim import compiled

    assert compiled._c_loop() is not None, "jalankan make install (tools/build_ext.py)"


@pytest.mark.parametrize("warmup", [0, 60])
@pytest.mark.parametrize("name", ["izin-4-lane.bpmn", "bench-kalender-loop.bpmn", "mm1.bpmn",
                                  "mm3.bpmn", "tandem.bpmn"])
def test_c_loop_matches_python_loop(monkeypatch, name, warmup):
    loaded = load(model(name), Scenario(cases=700))
    c, py, spy = _c_and_python(monkeypatch, loaded, 700, seed=11, warmup=warmup)
    assert spy.runs == spy.finished == 1                  # the C loop took the whole run
    _same(c, py, log=False)
    assert c.tally.queue_case == py.tally.queue_case and c.tally.proc_case == py.tally.proc_case
    assert c.tally.period == py.tally.period


# An office calendar over many months (the pemda calendar's holidays, Fridays, weekends):
# working-day durations, a timer of three calendar days, a rework loop.
LONG_CALENDAR = bpmn("""
    <bpmn:laneSet id="L"><bpmn:lane id="A" ppb:kapasitas="2"><bpmn:flowNodeRef>T1</bpmn:flowNodeRef><bpmn:flowNodeRef>T2</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="T1" ppb:durasi="eksponensial(40 menit)"><bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>fr</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="X"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>fr</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:intermediateCatchEvent id="W"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:task id="T2" ppb:durasi="seragam(1, 2 hari kerja)"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="E"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="T1"/>
    <bpmn:sequenceFlow id="f2" sourceRef="T1" targetRef="X"/>
    <bpmn:sequenceFlow id="fr" sourceRef="X" targetRef="T1" ppb:peluang="0.3"/>
    <bpmn:sequenceFlow id="f3" sourceRef="X" targetRef="W" ppb:peluang="0.7"/>
    <bpmn:sequenceFlow id="f4" sourceRef="W" targetRef="T2"/>
    <bpmn:sequenceFlow id="f5" sourceRef="T2" targetRef="E"/>
""", process_attrs='ppb:kalender="pemda" ppb:kedatangan="1/jam"')


def test_c_loop_matches_python_loop_over_months_of_office_calendar(monkeypatch, tmp_path):
    path = tmp_path / "kalender-panjang.bpmn"
    path.write_bytes(LONG_CALENDAR)
    loaded = load(path, Scenario(cases=1500))
    c, py, spy = _c_and_python(monkeypatch, loaded, 1500, seed=4, warmup=100)
    assert spy.finished == 1
    assert c.horizon > 150 * 450          # past 150 working days: the holidays are crossed
    _same(c, py, log=False)


def test_c_loop_hands_a_run_that_reaches_the_step_cap_to_the_python_loop(monkeypatch):
    loaded = load(model("bench-kalender-loop.bpmn"), Scenario(cases=600))
    c, py, spy = _c_and_python(monkeypatch, loaded, 600, seed=2, max_steps=9)
    assert spy.runs == 1 and spy.finished == 0      # gave the run back ...
    assert c.cut and len(c.cut) < 600              # ... which cut the long loops
    _same(c, py, log=False)                         # from the same random numbers


def test_c_loop_refuses_too_many_events_as_the_python_loop(monkeypatch):
    from validator.sim.errors import SimulationError

    loaded = load(model("izin-4-lane.bpmn"), Scenario(cases=300))
    with pytest.raises(SimulationError) as c_error:
        _c_and_python(monkeypatch, loaded, 300, seed=1, events_per_case=1)
    from validator.sim import compiled

    monkeypatch.setattr(compiled, "_CLOOP", [None])
    sem = CompiledSemantics(loaded, 1, compile_map(loaded))
    with pytest.raises(SimulationError) as py_error:
        kernel.run(sem, loaded.params, 300, 1, 1, keep_log=False)
    assert c_error.value.code == py_error.value.code == "SIM-RUNTIME"
    assert str(c_error.value) == str(py_error.value)


def test_c_loop_built_from_another_source_or_switched_off_is_not_used(monkeypatch):
    from validator.sim import compiled

    module = compiled._c_loop()
    assert module is not None
    monkeypatch.setattr(compiled, "_CLOOP", [])
    monkeypatch.setattr(module, "SOURCE_SHA256", "0" * 64, raising=False)
    assert compiled._c_loop() is None               # an old build never runs a new source
    monkeypatch.undo()
    monkeypatch.setattr(compiled, "_CLOOP", [])
    monkeypatch.setenv("PPB_SIM_CLOOP", "0")
    assert compiled._c_loop() is None


def _metered(monkeypatch, loaded, cases: int, seed: int, limit: int, loop):  # noqa: ANN001
    from validator.sim import compiled
    from validator.sim.budget import Meter

    monkeypatch.setattr(compiled, "_CLOOP", [loop])
    meter = Meter(limit)
    sem = CompiledSemantics(loaded, seed, compile_map(loaded), meter=meter)
    return kernel.run(sem, loaded.params, cases, seed, keep_log=False), meter


def test_c_loop_charges_the_work_meter_as_the_python_loop(monkeypatch):
    from validator.sim import compiled
    from validator.sim.errors import SimulationError

    module = compiled._c_loop()
    assert module is not None
    loaded = load(model("bench-kalender-loop.bpmn"), Scenario(cases=500))
    spy = _Spy(module)
    c, c_meter = _metered(monkeypatch, loaded, 500, 3, 10 ** 9, spy)
    py, py_meter = _metered(monkeypatch, loaded, 500, 3, 10 ** 9, None)
    assert spy.finished == 1
    assert c_meter.spent == py_meter.spent > 500 * 5       # every step of every case
    _same(c, py, log=False)
    errors = []
    for loop in (_Spy(module), None):                       # a budget the run exceeds
        with pytest.raises(SimulationError) as exc:
            _metered(monkeypatch, loaded, 500, 3, c_meter.spent // 2, loop)
        assert exc.value.code == "SIM-BEBAN"
        errors.append(str(exc.value))
    assert errors[0] == errors[1]          # the same count spent when it stopped


def _varied(duration_a: str, duration_b: str, calendar: str, arrivals: str, timer: str) -> bytes:
    return bpmn(f"""
    <bpmn:laneSet id="L"><bpmn:lane id="P" ppb:kapasitas="2"><bpmn:flowNodeRef>A</bpmn:flowNodeRef></bpmn:lane><bpmn:lane id="Q" ppb:kapasitas="1"><bpmn:flowNodeRef>B</bpmn:flowNodeRef><bpmn:flowNodeRef>C</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="A" ppb:durasi="{duration_a}"><bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>fr</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="X"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>fr</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f6</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:intermediateCatchEvent id="W"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>{timer}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:task id="B" ppb:durasi="{duration_b}"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:task>
    <bpmn:task id="C" ppb:durasi="tetap(7 menit)"><bpmn:incoming>f6</bpmn:incoming><bpmn:outgoing>f7</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="E"><bpmn:incoming>f5</bpmn:incoming><bpmn:incoming>f7</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="X"/>
    <bpmn:sequenceFlow id="fr" sourceRef="X" targetRef="A" ppb:peluang="0.2"/>
    <bpmn:sequenceFlow id="f3" sourceRef="X" targetRef="W" ppb:peluang="0.5"/>
    <bpmn:sequenceFlow id="f6" sourceRef="X" targetRef="C" ppb:peluang="0.3"/>
    <bpmn:sequenceFlow id="f4" sourceRef="W" targetRef="B"/>
    <bpmn:sequenceFlow id="f5" sourceRef="B" targetRef="E"/>
    <bpmn:sequenceFlow id="f7" sourceRef="C" targetRef="E"/>
""", process_attrs=f'ppb:kalender="{calendar}" ppb:kedatangan="{arrivals}"')


# every way a duration is drawn (inline forms and the sampler: triangular, lognormal), both
# kinds of calendar, arrivals drawn inline and by their sampler, timers of clock and calendar time
@pytest.mark.parametrize("a, b, calendar, arrivals, timer", [
    ("eksponensial(10 menit)", "segitiga(5, 10, 30 menit)", "24jam", "4/jam", "PT30M"),
    ("normal(10; 4 menit)", "lognormal(20 menit, 8 menit)", "pemda", "3/jam", "P1D"),
    ("seragam(5, 15 menit)", "tetap(1 hari kerja)", "pemda", "seragam(10, 30 menit)", "PT2H"),
    ("lognormal(8 menit, 3 menit)", "eksponensial(2 jam)", "pemda", "tetap(15 menit)", "P2D"),
    ("segitiga(1, 2, 4 jam)", "normal(1 hari; 2 jam)", "24jam", "normal(20; 5 menit)", "P1D"),
])
def test_c_loop_matches_python_loop_for_every_way_of_drawing(monkeypatch, tmp_path, a, b, calendar,
                                                             arrivals, timer):
    path = tmp_path / "ragam.bpmn"
    path.write_bytes(_varied(a, b, calendar, arrivals, timer))
    loaded = load(path, Scenario(cases=600))
    c, py, spy = _c_and_python(monkeypatch, loaded, 600, seed=9, warmup=30)
    assert spy.finished == 1
    _same(c, py, log=False)


def test_c_loop_takes_numbers_beyond_c_integers_as_the_python_loop(monkeypatch, tmp_path):
    """A capacity, a step cap or an event limit larger than a C integer holds (a map may
    say ppb:kapasitas="999999999999") runs as in Python: no lane or case gets that far."""
    path = tmp_path / "besar.bpmn"
    path.write_bytes(_varied("eksponensial(10 menit)", "tetap(3 menit)", "24jam", "30/jam", "PT5M")
                     .replace(b'ppb:kapasitas="2"', b'ppb:kapasitas="999999999999999999999"'))
    loaded = load(path, Scenario(cases=300))
    c, py, spy = _c_and_python(monkeypatch, loaded, 300, seed=1, max_steps=10 ** 30,
                               events_per_case=10 ** 30)
    assert spy.finished == 1
    _same(c, py, log=False)
