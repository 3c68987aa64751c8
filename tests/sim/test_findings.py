"""Odd and hostile maps end in a clear Indonesian finding, never a traceback."""
import pytest

from validator.sim import Scenario, SimulationError, simulate

from .helpers import ROOT, bpmn, sample

SMALL = Scenario(cases=30, replications=1)


@pytest.mark.parametrize("data, code", [
    (b"", "SIM-READ"),
    (b"<html><body>bukan bpmn</body></html>", "SIM-READ"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "SIM-READ"),
    (bpmn("", ""), "SIM-PROSES-KOSONG"),   # an empty process (issue 15 Must 1)
    (b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"/>',
     "SIM-NO-PROCESS"),
])
def test_unreadable_input(data, code):
    with pytest.raises(SimulationError) as info:
        simulate(data, SMALL)
    assert info.value.code == code
    assert info.value.message and "Traceback" not in info.value.message


def _flow(body: str, attrs: str = 'ppb:kalender="24jam" ppb:kedatangan="6/jam"') -> bytes:
    return bpmn('<bpmn:startEvent id="S"/>' + body, attrs)


@pytest.mark.parametrize("data, code, word", [
    (_flow('<bpmn:task id="A" ppb:durasi="sebentar"/><bpmn:sequenceFlow id="f" sourceRef="S" '
           'targetRef="A"/>'), "SIM-PARAM", "ppb:durasi"),
    (_flow("", 'ppb:kalender="kalender-bulan"'), "SIM-CALENDAR", "tidak dikenal"),
    (_flow("", 'ppb:kalender="24jam" ppb:kedatangan="banyak"'), "SIM-PARAM", "ppb:kedatangan"),
    (_flow('<bpmn:exclusiveGateway id="G"/><bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>'
           '<bpmn:sequenceFlow id="f" sourceRef="S" targetRef="G"/>'
           '<bpmn:sequenceFlow id="a" sourceRef="G" targetRef="E1" ppb:peluang="1,5"/>'
           '<bpmn:sequenceFlow id="b" sourceRef="G" targetRef="E2"/>'), "SIM-PARAM", "0..1"),
    # (a task with two plain outgoing flows is a parallel split since issue 15 Must 1:
    # tests/sim/test_coverage_assumptions.py)
])
def test_bad_parameters_and_structures(data, code, word):
    with pytest.raises(SimulationError) as info:
        simulate(data, Scenario(cases=30, replications=1, max_events_per_case=50))
    assert info.value.code == code
    assert word in info.value.message


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_a_loop_that_never_ends_is_cut_at_the_step_cap(engine):
    # a loop that is always taken never ends: every case stops at the cap, and the result
    # says so instead of pretending
    data = _flow('<bpmn:task id="A" ppb:durasi="1 menit"/><bpmn:exclusiveGateway id="G"/>'
                 '<bpmn:endEvent id="E"/><bpmn:sequenceFlow id="f" sourceRef="S" targetRef="A"/>'
                 '<bpmn:sequenceFlow id="g" sourceRef="A" targetRef="G"/>'
                 '<bpmn:sequenceFlow id="back" sourceRef="G" targetRef="A" ppb:peluang="1"/>'
                 '<bpmn:sequenceFlow id="out" sourceRef="G" targetRef="E" ppb:peluang="0"/>')
    result = simulate(data, Scenario(cases=30, replications=1, max_steps_per_case=50), engine=engine)
    assert result.cut == 30 and not result.complete
    assert result.reps[0].finished == 0 and result.reps[0].unfinished == 0   # cut, not deadlocked
    [f] = [f for f in result.findings if f.code == "SIM-LANGKAH-MAKS"]
    assert f.level == "error" and "30 kasus" in f.message() and "50 langkah" in f.message()
    assert "putaran" in f.message() and not any(x.code == "SIM-TIDAK-SELESAI" for x in result.findings)
    body = result.as_dict()
    assert body["complete"] is False and body["validation"]["casesCut"] == 30
    assert body["estimate"]["stepsPerCase"] is None and body["estimate"]["overCap"] is True


def test_deadlock_and_unreached_elements_are_reported():
    # a parallel join waiting for a branch of an exclusive split: cases never finish
    data = _flow('<bpmn:exclusiveGateway id="X"/><bpmn:task id="A" ppb:durasi="1 menit"/>'
                 '<bpmn:task id="B" ppb:durasi="1 menit"/><bpmn:parallelGateway id="J"/>'
                 '<bpmn:task id="Z" ppb:durasi="1 menit"/><bpmn:endEvent id="E"/>'
                 '<bpmn:sequenceFlow id="f" sourceRef="S" targetRef="X"/>'
                 '<bpmn:sequenceFlow id="xa" sourceRef="X" targetRef="A" ppb:peluang="0.5"/>'
                 '<bpmn:sequenceFlow id="xb" sourceRef="X" targetRef="B" ppb:peluang="0.5"/>'
                 '<bpmn:sequenceFlow id="aj" sourceRef="A" targetRef="J"/>'
                 '<bpmn:sequenceFlow id="bj" sourceRef="B" targetRef="J"/>'
                 '<bpmn:sequenceFlow id="jz" sourceRef="J" targetRef="Z"/>'
                 '<bpmn:sequenceFlow id="ze" sourceRef="Z" targetRef="E"/>')
    for engine in ("compiled", "reference"):
        result = simulate(data, SMALL, engine=engine)
        out = result.as_dict()
        assert out["validation"]["casesUnfinished"] == 30
        assert out["validation"]["neverReached"] == ["Z"]
        codes = {f.code for f in result.findings}
        assert {"SIM-TIDAK-SELESAI", "SIM-TAK-TERJANGKAU"} <= codes


def test_every_sample_simulates_or_gives_a_finding():
    paths = sorted((ROOT / "bpmn_samples").rglob("*.bpmn"))
    assert len(paths) >= 10
    simulated = 0
    for path in paths:
        try:
            result = simulate(path, Scenario(cases=40, replications=2))
        except SimulationError as exc:
            assert "cacat" in path.name, f"{path.name}: {exc.message}"
            assert exc.message
            continue
        simulated += 1
        assert result.as_dict()["validation"]["casesFinished"] > 0, path.name
    assert simulated >= 10


def test_real_sop_and_cross_functional_maps():
    for name in ("sop-penerbitan-sip-bidan-baik.bpmn", "ktp-el-lintas-fungsi-baik.bpmn"):
        result = simulate(sample(name), Scenario(cases=200, replications=2))
        data = result.as_dict()
        assert result.engine == "compiled"
        assert data["validation"]["casesUnfinished"] == 0
        assert len(data["lanes"]) >= 2 and data["tasks"]
        assert data["cycleTime"]["mean"] > 0


def test_reference_fallback_is_said():
    data = bpmn("""<bpmn:startEvent id="S"/><bpmn:intermediateThrowEvent id="T">
      <bpmn:signalEventDefinition/></bpmn:intermediateThrowEvent>
      <bpmn:task id="A" ppb:durasi="2 menit"/><bpmn:endEvent id="E"><bpmn:terminateEventDefinition/></bpmn:endEvent>
      <bpmn:sequenceFlow id="f" sourceRef="S" targetRef="T"/><bpmn:sequenceFlow id="g" sourceRef="T" targetRef="A"/>
      <bpmn:sequenceFlow id="h" sourceRef="A" targetRef="E"/>""")
    result = simulate(data, SMALL)
    assert result.engine == "reference" and result.engine_reason
    assert result.as_dict()["engineReason"]
    assert any(f.code == "SIM-MESIN-REFERENSI" for f in result.findings)
    assert result.as_dict()["validation"]["casesFinished"] == 30
    with pytest.raises(SimulationError, match="terkompilasi"):
        simulate(data, SMALL, engine="compiled")


def test_call_activity_in_the_same_file_runs_the_called_process():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="D" targetNamespace="urn:uji">
  <bpmn:process id="Utama" isExecutable="false" ppb:kalender="24jam" ppb:kedatangan="2/jam">
    <bpmn:laneSet id="LS1"><bpmn:lane id="L1" name="Loket"><bpmn:flowNodeRef>A</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S"/><bpmn:task id="A" ppb:durasi="tetap(5 menit)"/>
    <bpmn:callActivity id="C" name="Verifikasi teknis" calledElement="Verifikasi"/><bpmn:endEvent id="E"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="C"/>
    <bpmn:sequenceFlow id="f3" sourceRef="C" targetRef="E"/>
  </bpmn:process>
  <bpmn:process id="Verifikasi" isExecutable="false">
    <bpmn:laneSet id="LS2"><bpmn:lane id="L2" name="Tim Teknis" ppb:kapasitas="2"><bpmn:flowNodeRef>V</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="VS"/><bpmn:task id="V" ppb:durasi="tetap(7 menit)"/><bpmn:endEvent id="VE"/>
    <bpmn:sequenceFlow id="v1" sourceRef="VS" targetRef="V"/><bpmn:sequenceFlow id="v2" sourceRef="V" targetRef="VE"/>
  </bpmn:process>
</bpmn:definitions>"""
    result = simulate(data, Scenario(cases=40, replications=1))
    out = result.as_dict()
    assert result.engine == "compiled"      # both engines run call activities now
    assert simulate(data, Scenario(cases=40, replications=1), engine="reference").as_dict()[
        "cycleTime"] == out["cycleTime"]
    assert not any(f.code == "SIM-POOL-LAIN" for f in result.findings)
    assert out["tasks"]["V"]["processing"]["mean"] == 7
    assert out["tasks"]["V"]["lane"] == "Tim Teknis"
    assert out["lanes"]["Tim Teknis"]["capacity"] == 2
    assert out["cycleTime"]["mean"] >= 12


def test_one_parse_keeps_the_tree_only_on_request():
    from validator.parser import parse_bytes
    from validator.sim.loader import load

    data = model_bytes = (ROOT / "tests" / "sim" / "models" / "mm1.bpmn").read_bytes()
    assert parse_bytes(data).tree is None
    parsed = parse_bytes(model_bytes, keep_tree=True)
    assert parsed.tree is not None and parsed.tree.tag.endswith("definitions")
    loaded = load(parsed)                 # the simulation reuses that parse
    assert loaded.model is parsed and loaded.process.id == "Proses_MM1"
    with pytest.raises(SimulationError, match="keep_tree"):
        load(parse_bytes(data))
