"""Maps drawn with BPMN shortcuts simulate, each assumption stated (issue 15, Must 1).

One hand-written map per assumption (tests/sim/models/asumsi-*.bpmn, each documenting its
expected numbers): the run completes on both engines with the same figures, the finding
names the element as the map names it (never a synthetic ``ppb_`` id), and the numbers
follow BPMN's reading (a parallel split runs both branches per case, an uncontrolled merge
runs its element once per arriving token, a start-less sub-process starts each node
without incoming flow, a timer without a duration waits the stated default)."""
from __future__ import annotations

import json
import math

import pytest

from validator.sim import Scenario, simulate
from validator.sim.errors import SimulationError
from validator.sim.loader import load
from validator.sim.params import DEFAULT_TIMER, sim_duration

from .helpers import bpmn, model

CASES = 20
REPS = 2


def _run(name: str, engine: str):
    return simulate(model(name), Scenario(cases=CASES, replications=REPS, seed=3), engine=engine)


def _codes(result, code: str) -> list:
    return [f for f in result.findings if f.code == code]


def _count(result, eid: str) -> float:
    """Mean number of times ``eid`` ran per finished case."""
    per = [r.tasks.get(eid, {}).get("count", 0) / r.finished for r in result.reps if r.finished]
    return sum(per) / len(per)


def _cycle(result) -> float:
    return sum(r.cycle_mean for r in result.reps) / len(result.reps)


def _no_synthetic_ids(result) -> None:
    for f in result.findings:
        assert not (f.element_id or "").startswith("ppb_"), f.element_id
        assert "ppb_split__" not in f.message() and "ppb_start__" not in f.message()


ENGINES = ("compiled", "reference")


@pytest.mark.parametrize("engine", ENGINES)
def test_task_with_two_outgoing_flows_is_a_parallel_split(engine):
    result = _run("asumsi-percabangan.bpmn", engine)
    assert result.engine == engine
    found = _codes(result, "SIM-ASUMSI-PERCABANGAN")
    assert [f.element_id for f in found] == ["A"]
    assert "'Menerima berkas'" in found[0].message() and "2 alur keluar" in found[0].message()
    assert found[0].level == "warning"
    assert all(r.finished == CASES and r.unfinished == 0 for r in result.reps)
    for eid in ("A", "B", "C"):
        assert _count(result, eid) == pytest.approx(1.0), eid
    # both branches run at once: 10 + max(5, 7)
    assert _cycle(result) == pytest.approx(17.0)
    _no_synthetic_ids(result)


@pytest.mark.parametrize("engine", ENGINES)
def test_task_with_two_incoming_flows_runs_once_per_token(engine):
    result = _run("asumsi-gabung.bpmn", engine)
    found = _codes(result, "SIM-ASUMSI-GABUNG")
    assert [f.element_id for f in found] == ["M"]
    assert "2 alur masuk" in found[0].message() and "'Mengarsipkan berkas'" in found[0].message()
    assert all(r.finished == CASES for r in result.reps)
    assert _count(result, "M") == pytest.approx(2.0)
    assert _count(result, "X") == pytest.approx(1.0)
    _no_synthetic_ids(result)


@pytest.mark.parametrize("engine", ENGINES)
def test_subprocess_without_start_event_starts_every_node_without_incoming_flow(engine):
    result = _run("asumsi-tanpa-awal.bpmn", engine)
    found = _codes(result, "SIM-ASUMSI-TANPA-AWAL")
    assert [f.element_id for f in found] == ["SP"]
    text = found[0].message()
    assert "'Memproses berkas'" in text and "'Memeriksa syarat'" in text and "'Memeriksa biaya'" in text
    assert all(r.finished == CASES for r in result.reps)
    for eid in ("A", "T1", "T2", "Z"):
        assert _count(result, eid) == pytest.approx(1.0), eid
    assert _cycle(result) == pytest.approx(3 + 8 + 1)
    _no_synthetic_ids(result)


@pytest.mark.parametrize("engine", ENGINES)
def test_process_without_start_event_starts_its_first_nodes(engine):
    result = _run("asumsi-proses-tanpa-awal.bpmn", engine)
    found = _codes(result, "SIM-ASUMSI-TANPA-AWAL")
    assert [f.element_id for f in found] == ["Proses_Tanpa_Start"]
    assert all(r.finished == CASES for r in result.reps)
    assert _count(result, "A") == pytest.approx(1.0) and _count(result, "B") == pytest.approx(1.0)
    assert _cycle(result) == pytest.approx(9.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_timers_without_a_duration_take_the_stated_default(engine):
    result = _run("asumsi-timer.bpmn", engine)
    found = {f.element_id: f.message() for f in _codes(result, "SIM-ASUMSI-TIMER")}
    assert set(found) == {"W1", "W2", "W3"}
    assert "'2 jam' sesuai namanya" in found["W1"]
    assert "R6/PT30M" in found["W2"] and "PT30M" in found["W2"]
    assert "timeDate" in found["W3"] and DEFAULT_TIMER in found["W3"]
    default = sim_duration(DEFAULT_TIMER)[0]
    assert default == 1440.0      # one calendar day on the 24jam calendar of the map
    assert _cycle(result) == pytest.approx(120 + 30 + default + 10)
    assert all(r.finished == CASES for r in result.reps)


@pytest.mark.parametrize("engine", ENGINES)
def test_data_is_one_info_finding_and_an_uncatchable_boundary_event_is_passed(engine):
    result = _run("asumsi-data-peristiwa.bpmn", engine)
    data = _codes(result, "SIM-DATA-DIABAIKAN")
    assert len(data) == 1 and data[0].level == "info"
    assert "3 objek/penyimpanan data" in data[0].message()   # store, object reference, object
    passed = _codes(result, "SIM-PERISTIWA-DILEWATI")
    assert [f.element_id for f in passed] == ["B"] and "'Berkas hilang'" in passed[0].message()
    assert _count(result, "A") == pytest.approx(1.0) and _count(result, "R") == 0
    assert "R" in result.never_reached
    assert _cycle(result) == pytest.approx(10.0)


def test_engines_agree_on_every_assumption_map():
    for name in ("asumsi-percabangan.bpmn", "asumsi-gabung.bpmn", "asumsi-tanpa-awal.bpmn",
                 "asumsi-proses-tanpa-awal.bpmn", "asumsi-timer.bpmn",
                 "asumsi-data-peristiwa.bpmn"):
        a, b = _run(name, "compiled"), _run(name, "reference")
        assert [r.cycle_mean for r in a.reps] == pytest.approx([r.cycle_mean for r in b.reps]), name
        assert sorted(f.code for f in a.findings if f.code != "SIM-MESIN-REFERENSI") == \
            sorted(f.code for f in b.findings if f.code != "SIM-MESIN-REFERENSI"), name


def test_assumptions_reach_json_and_text_reports():
    from validator.sim.report import render_text

    result = _run("asumsi-percabangan.bpmn", "compiled")
    data = result.as_dict("id")
    hit = [f for f in data["findings"] if f["code"] == "SIM-ASUMSI-PERCABANGAN"]
    assert hit and hit[0]["elementId"] == "A" and hit[0]["level"] == "warning"
    json.dumps(data)
    assert "percabangan paralel" in render_text(result, "id")
    english = result.as_dict("en")
    assert any("parallel split" in f["message"] for f in english["findings"])


def test_assumptions_reach_the_html_report():
    from validator.sim.html import render

    result = simulate(model("asumsi-timer.bpmn"), Scenario(cases=5, replications=2, seed=3),
                      keep_runs=True)
    page = render(result, model("asumsi-timer.bpmn").read_bytes(), "id")
    assert "waktu tunggunya dianggap" in page
    assert "Tanggal rapat" in page


def test_a_readable_duration_is_no_assumption():
    data = bpmn('<bpmn:startEvent id="S"/><bpmn:intermediateCatchEvent id="W" name="Tunggu">'
                '<bpmn:timerEventDefinition><bpmn:timeDuration>PT45M</bpmn:timeDuration>'
                '</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="E"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="S" targetRef="W"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="W" targetRef="E"/>')
    loaded = load(data)
    assert not [f for f in loaded.findings if f.code.startswith("SIM-ASUMSI")]
    assert loaded.params.waits["W"][0].mean == pytest.approx(45.0)


def test_an_unreadable_ppb_duration_is_still_refused_naming_the_element():
    data = bpmn('<bpmn:startEvent id="S"/><bpmn:intermediateCatchEvent id="W" name="Tunggu" '
                'ppb:durasi="sebentar"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>'
                '<bpmn:endEvent id="E"/><bpmn:sequenceFlow id="a" sourceRef="S" targetRef="W"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="W" targetRef="E"/>')
    with pytest.raises(SimulationError) as info:
        load(data)
    assert info.value.code == "SIM-PARAM" and info.value.finding.element_id == "W"
    assert "ppb:durasi" in info.value.message


def test_a_process_whose_every_node_has_an_incoming_flow_is_refused_in_indonesian():
    # no start event and nothing to start implicitly (a pure loop): cannot be interpreted
    data = bpmn('<bpmn:task id="A" name="Memeriksa"/><bpmn:task id="B" name="Memperbaiki"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="A" targetRef="B"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="B" targetRef="A"/>')
    with pytest.raises(SimulationError) as info:
        load(data)
    assert info.value.code == "SIM-NO-START" and info.value.finding.element_id == "P"
    assert "peristiwa awal" in info.value.message and "'Uji'" in info.value.message


def test_a_renamed_id_is_reported_as_the_map_writes_it():
    # 'Start' clashes with SpiffWorkflow's own task name and is renamed inside; the finding
    # still names the task the map calls 'Start'
    data = bpmn('<bpmn:startEvent id="S"/><bpmn:task id="Start" name="Mulai" ppb:durasi="1 menit"/>'
                '<bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="S" targetRef="Start"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="Start" targetRef="E1"/>'
                '<bpmn:sequenceFlow id="c" sourceRef="Start" targetRef="E2"/>')
    result = simulate(data, Scenario(cases=5, replications=2, seed=1))
    found = _codes(result, "SIM-ASUMSI-PERCABANGAN")
    assert [f.element_id for f in found] == ["Start"]
    assert not math.isnan(result.reps[0].cycle_mean)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_flow_to_nothing_is_left_out_and_named(engine):
    # the gateway's flow 'x' points at an element the map does not hold: the cases take 'a'
    data = bpmn('<bpmn:startEvent id="S"/><bpmn:exclusiveGateway id="G" name="Lengkap?"/>'
                '<bpmn:task id="A" name="Memproses" ppb:durasi="5 menit"/><bpmn:endEvent id="E"/>'
                '<bpmn:sequenceFlow id="f" sourceRef="S" targetRef="G"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="G" targetRef="A"/>'
                '<bpmn:sequenceFlow id="x" sourceRef="G" targetRef="Hilang"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="A" targetRef="E"/>')
    result = simulate(data, Scenario(cases=10, replications=2, seed=1), engine=engine)
    found = _codes(result, "SIM-ALUR-PUTUS")
    assert [f.element_id for f in found] == ["x"] and "'Hilang'" in found[0].message()
    assert all(r.finished == 10 for r in result.reps)
    assert _count(result, "A") == pytest.approx(1.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_subprocess_without_end_event_and_empty_subprocess_run(engine):
    data = bpmn('<bpmn:startEvent id="S"/>'
                '<bpmn:subProcess id="SP" name="Memeriksa"><bpmn:startEvent id="SS"/>'
                '<bpmn:task id="T" name="Memeriksa syarat" ppb:durasi="4 menit"/>'
                '<bpmn:sequenceFlow id="s1" sourceRef="SS" targetRef="T"/></bpmn:subProcess>'
                '<bpmn:subProcess id="K" name="Mengarsipkan" ppb:durasi="2 menit"/>'
                '<bpmn:endEvent id="E"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="S" targetRef="SP"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="SP" targetRef="K"/>'
                '<bpmn:sequenceFlow id="c" sourceRef="K" targetRef="E"/>')
    result = simulate(data, Scenario(cases=10, replications=2, seed=1), engine=engine)
    empty = _codes(result, "SIM-ASUMSI-SUBPROSES-KOSONG")
    assert [f.element_id for f in empty] == ["K"] and "'Mengarsipkan'" in empty[0].message()
    assert all(r.finished == 10 for r in result.reps)
    assert _count(result, "T") == pytest.approx(1.0) and _count(result, "K") == pytest.approx(1.0)
    assert _cycle(result) == pytest.approx(4 + 2)
    _no_synthetic_ids(result)


def test_an_empty_process_is_refused_saying_it_is_empty():
    data = bpmn("")
    with pytest.raises(SimulationError) as info:
        load(data)
    assert info.value.code == "SIM-PROSES-KOSONG" and info.value.finding.element_id == "P"
    assert "'Uji'" in info.value.message and "tidak berisi" in info.value.message


def test_boundary_events_written_inside_their_subprocess_are_moved_beside_it():
    # a tool writes the sub-process's boundary event inside it; the sub-process is empty
    data = bpmn('<bpmn:startEvent id="S"/><bpmn:subProcess id="SP" name="Memeriksa" '
                'ppb:durasi="3 menit"><bpmn:boundaryEvent id="BT" name="Batas waktu" '
                'attachedToRef="SP"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H'
                '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
                '</bpmn:subProcess><bpmn:task id="L" name="Melapor" ppb:durasi="1 menit"/>'
                '<bpmn:endEvent id="E"/><bpmn:endEvent id="EL"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="S" targetRef="SP"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="SP" targetRef="E"/>'
                '<bpmn:sequenceFlow id="c" sourceRef="BT" targetRef="L"/>'
                '<bpmn:sequenceFlow id="d" sourceRef="L" targetRef="EL"/>')
    for engine in ENGINES:
        result = simulate(data, Scenario(cases=10, replications=2, seed=1), engine=engine)
        assert [f.element_id for f in _codes(result, "SIM-ASUMSI-SUBPROSES-KOSONG")] == ["SP"]
        assert all(r.finished == 10 for r in result.reps)
        # the 3-minute activity ends long before its 1-hour boundary timer
        assert _count(result, "SP") == pytest.approx(1.0) and _count(result, "L") == 0
        assert _cycle(result) == pytest.approx(3.0)


def test_what_spiffworkflow_still_refuses_is_named_with_its_element(monkeypatch):
    # make SpiffWorkflow refuse one element, as its validation does, and check the finding
    from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
    from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
    from lxml import etree

    def refuse(self, process_id):  # noqa: ANN001, ARG001
        node = etree.Element("task", id="A", name="Memeriksa")
        raise ValidationException("Unsupported thing", node=node)

    monkeypatch.setattr(BpmnParser, "get_spec", refuse)
    data = bpmn('<bpmn:startEvent id="S"/><bpmn:task id="A" name="Memeriksa"/><bpmn:endEvent id="E"/>'
                '<bpmn:sequenceFlow id="a" sourceRef="S" targetRef="A"/>'
                '<bpmn:sequenceFlow id="b" sourceRef="A" targetRef="E"/>')
    with pytest.raises(SimulationError) as info:
        load(data)
    assert info.value.code == "SIM-SPIFF" and info.value.finding.element_id == "A"
    assert "'Memeriksa' (A)" in info.value.message and "menolak peta ini" in info.value.message
