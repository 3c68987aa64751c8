"""Multi-instance activities: instances queue on the lane independently (parallel) or run
one after another (sequential); the number comes from loopCardinality or ppb:jumlahInstans."""
from collections import Counter

import pytest

from validator.sim import Scenario, SimulationError, simulate
from validator.sim import kernel
from validator.sim.compiled import CompiledSemantics, compile_map
from validator.sim.loader import load
from validator.sim.reference import SpiffSemantics

from .helpers import bpmn, trajectories


def _mi(loop: str, attrs: str = "", capacity: int = 3) -> bytes:
    return bpmn(f"""
    <bpmn:laneSet id="LS"><bpmn:lane id="L" name="Tim" ppb:kapasitas="{capacity}">
      <bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>B</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S"/>
    <bpmn:task id="A" name="Memeriksa dokumen" ppb:durasi="tetap(10 menit)" {attrs}>{loop}</bpmn:task>
    <bpmn:task id="B" ppb:durasi="tetap(1 menit)"/>
    <bpmn:endEvent id="E"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B"/>
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="E"/>""", 'ppb:kalender="24jam" ppb:kedatangan="tetap(10 jam)"')


PAR = ('<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality>'
       '</bpmn:multiInstanceLoopCharacteristics>')
SEQ = PAR.replace("<bpmn:multiInstanceLoopCharacteristics>",
                  '<bpmn:multiInstanceLoopCharacteristics isSequential="true">')


def _both(source, cases=60, seed=3):
    loaded = load(source)
    a = kernel.run(CompiledSemantics(loaded, seed, compile_map(loaded)), loaded.params, cases, seed)
    b = kernel.run(SpiffSemantics(loaded, seed), loaded.params, cases, seed)
    return a, b


@pytest.mark.parametrize("loop, cycle", [(PAR, 11.0), (SEQ, 31.0)], ids=["paralel", "berurutan"])
def test_instances_and_cycle_time(loop, cycle):
    """Arrivals 10 h apart never overlap: parallel 3x10 min on 3 staff take 10 min, sequential 30."""
    a, b = _both(_mi(loop))
    assert trajectories(a) == trajectories(b) and a.finish == b.finish
    counts = Counter(rec[1] for rec in a.log)
    assert counts["A"] == 3 * 60 and counts["B"] == 60
    for c, arrived in enumerate(a.arrival):
        assert abs(a.finish[c] - arrived - cycle) < 1e-9


def test_parallel_instances_queue_on_the_lane():
    """With one staff member the three instances queue: 30 min of work, waits of 0, 10, 20."""
    a, b = _both(_mi(PAR, capacity=1), cases=20)
    assert trajectories(a) == trajectories(b)
    first = sorted((r for r in a.log if r[0] == 0 and r[1] == "A"), key=lambda r: r[4])
    assert [round(r[4] - r[3], 9) for r in first] == [0.0, 10.0, 20.0]
    assert abs(a.finish[0] - a.arrival[0] - 31.0) < 1e-9


def test_random_durations_agree_between_engines():
    source = _mi(PAR.replace(">3<", ">4<"), capacity=2).replace(
        b'ppb:durasi="tetap(10 menit)"', b'ppb:durasi="eksponensial(20 menit)"').replace(
        b'tetap(10 jam)', b'eksponensial(30 menit)')
    a, b = _both(source, cases=150)
    assert trajectories(a) == trajectories(b) and a.finish == b.finish
    assert simulate(source, Scenario(cases=50, replications=1)).engine == "compiled"


def test_cardinality_from_ppb_attribute_and_default():
    loop = '<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>jumlah_berkas</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>'
    a, _ = _both(_mi(loop, 'ppb:jumlahInstans="5"'), cases=10)
    assert Counter(r[1] for r in a.log)["A"] == 50
    result = simulate(_mi(loop), Scenario(cases=10, replications=1))
    warn = [f for f in result.findings if f.code == "SIM-MI-BAWAAN"]
    assert warn and warn[0].level == "warning" and "jumlah_berkas" in warn[0].message()
    assert result.as_dict()["tasks"]["A"]["count"] == 10


@pytest.mark.parametrize("loop, attrs, word", [
    (PAR.replace(">3<", ">0<"), "", "minimal 1"),
    ('<bpmn:multiInstanceLoopCharacteristics/>', 'ppb:jumlahInstans="banyak"', "bilangan bulat"),
    ('<bpmn:multiInstanceLoopCharacteristics/>', 'ppb:jumlahInstans="-2"', "minimal 1"),
])
def test_bad_cardinality_is_a_clear_finding(loop, attrs, word):
    with pytest.raises(SimulationError) as info:
        simulate(_mi(loop, attrs), Scenario(cases=5, replications=1))
    assert info.value.code == "SIM-MI-JUMLAH" and word in info.value.message
    assert "Memeriksa dokumen" in info.value.message
