"""Call activities across the files of a set: the called process runs inside the case."""
import pytest

from validator.sim import Scenario, SimulationError, kernel, simulate, simulate_file
from validator.sim.compiled import CompiledSemantics, compile_map
from validator.sim.loader import load
from validator.sim.reference import SpiffSemantics

from .helpers import trajectories

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/'
        'spec/BPMN/20100524/MODEL" xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="D{n}" '
        'targetNamespace="urn:uji">')

MAIN = HEAD.format(n=1) + """
  <bpmn:process id="Utama" isExecutable="false" ppb:kalender="24jam" ppb:kedatangan="eksponensial(20 menit)">
    <bpmn:laneSet id="LS1"><bpmn:lane id="L1" name="Loket"><bpmn:flowNodeRef>A</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S"/><bpmn:task id="A" ppb:durasi="eksponensial(5 menit)"/>
    <bpmn:callActivity id="C" name="Verifikasi teknis" calledElement="{called}"/><bpmn:endEvent id="E"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="C"/>
    <bpmn:sequenceFlow id="f3" sourceRef="C" targetRef="E"/>
  </bpmn:process>
</bpmn:definitions>"""

CALLED = HEAD.format(n=2) + """
  <bpmn:process id="Verifikasi" isExecutable="false">
    <bpmn:laneSet id="LS2"><bpmn:lane id="L2" name="Tim Teknis" ppb:kapasitas="2"><bpmn:flowNodeRef>V</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="VS"/><bpmn:task id="V" ppb:durasi="eksponensial(30 menit)"/>
    {more}<bpmn:endEvent id="VE"/>
    <bpmn:sequenceFlow id="v1" sourceRef="VS" targetRef="V"/><bpmn:sequenceFlow id="v2" sourceRef="V" targetRef="{after_v}"/>
    {flows}
  </bpmn:process>
</bpmn:definitions>"""


def _set(tmp_path, called="Verifikasi", more="", after_v="VE", flows=""):
    main = tmp_path / "utama.bpmn"
    main.write_text(MAIN.replace("{called}", called), encoding="utf-8")
    (tmp_path / "verifikasi.bpmn").write_text(
        CALLED.replace("{more}", more).replace("{after_v}", after_v).replace("{flows}", flows),
        encoding="utf-8")
    return main


def test_called_process_from_another_file_runs_and_engines_agree(tmp_path):
    main = _set(tmp_path)
    loaded = load(main, set_paths=tmp_path)
    a = kernel.run(CompiledSemantics(loaded, 4, compile_map(loaded)), loaded.params, 150, 4)
    b = kernel.run(SpiffSemantics(loaded, 4), loaded.params, 150, 4)
    assert trajectories(a) == trajectories(b) and a.finish == b.finish
    assert sum(1 for r in a.log if r[1] == "V") == 150
    result = simulate_file(main, Scenario(cases=80, replications=1), set_paths=True)
    out = result.as_dict()
    assert result.engine == "compiled"
    assert out["tasks"]["V"]["lane"] == "Tim Teknis" and out["lanes"]["Tim Teknis"]["capacity"] == 2
    assert any(f.code == "SIM-CALL-SET" and "verifikasi.bpmn" in f.message() for f in result.findings)


def test_without_the_set_the_call_is_one_activity(tmp_path):
    main = _set(tmp_path)
    result = simulate(main, Scenario(cases=20, replications=1))
    assert any(f.code == "SIM-CALL" for f in result.findings)
    assert "V" not in result.as_dict()["tasks"]


def test_missing_process_in_the_set_is_reported(tmp_path):
    main = _set(tmp_path, called="TidakAda")
    result = simulate(main, Scenario(cases=20, replications=1), set_paths=tmp_path)
    hit = [f for f in result.findings if f.code == "SIM-CALL"]
    assert hit and "TidakAda" in hit[0].message()
    assert result.as_dict()["validation"]["casesFinished"] == 20


def test_cycle_of_call_activities_is_a_clear_error(tmp_path):
    main = _set(tmp_path, more='<bpmn:callActivity id="Balik" calledElement="Utama"/>',
                after_v="Balik", flows='<bpmn:sequenceFlow id="v3" sourceRef="Balik" targetRef="VE"/>')
    with pytest.raises(SimulationError) as info:
        simulate(main, Scenario(cases=5, replications=1), set_paths=tmp_path)
    assert info.value.code == "SIM-CALL-SIKLUS"
    assert "Utama -> Verifikasi -> Utama" in info.value.message


def test_command_line_takes_the_set_of_the_called_process(tmp_path, capsys):
    import json

    from validator.cli import main

    main_map = _set(tmp_path)
    assert main(["simulate", str(main_map), "--cases", "60", "-r", "1", "-f", "json",
                 "--set", str(tmp_path)]) == 0
    with_set = json.loads(capsys.readouterr().out)
    assert with_set["tasks"]["V"]["lane"] == "Tim Teknis"
    assert main(["simulate", str(main_map), "--cases", "60", "-r", "1", "-f", "json"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert "V" not in alone["tasks"]          # without the set the call is one activity


def test_a_set_that_does_not_exist_is_a_clear_error(tmp_path):
    main_map = _set(tmp_path)
    with pytest.raises(SimulationError) as info:
        simulate(main_map, Scenario(cases=10, replications=1), set_paths=tmp_path / "tidak-ada")
    assert "tidak ditemukan" in info.value.message
