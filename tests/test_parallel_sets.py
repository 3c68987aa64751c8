"""A set run over worker processes gives the very report of the serial run.

``Validator.validate_set(..., jobs=N)`` parses and checks the files in N processes, which
send back findings and model extracts (:mod:`validator.extract`); the set rules run on the
extracts. These tests compare the whole JSON report (every file's findings in order, the
set's findings, the rules not run, the alignment with a plan) of the serial and the
parallel run on the samples, the Pariaman set with its plan, and the MIWG corpus.
"""
from __future__ import annotations

import json
import multiprocessing
import pickle
import sys

import pytest

from validator import engine
from validator.cli import main as cli_main
from validator.engine import Validator
from validator.extract import DROPPED_TYPES, extract
from validator.parser import parse_bytes, read_file
from validator.plan import load_plan
from validator.report import render

from .conftest import CORPUS, ROOT

SAMPLES = ROOT / "bpmn_samples"
PLAN = SAMPLES / "rencana-pariaman.yaml"

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="worker processes are started by fork in these tests")


@pytest.fixture
def small_sets_in_parallel(monkeypatch):
    """Even a set of a few files goes to the workers."""
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 2)


def _both(source, plan=None) -> tuple[dict, dict, object]:
    validator = Validator()
    serial = validator.validate_set(source, plan=plan, jobs=1, paths_as_given=True)
    parallel = validator.validate_set(source, plan=plan, jobs=2, paths_as_given=True)
    return (json.loads(render(serial, "json")), json.loads(render(parallel, "json")), parallel)


def test_pariaman_with_plan_same_report(small_sets_in_parallel):
    serial, parallel, report = _both(str(SAMPLES / "pariaman"), load_plan(PLAN))
    assert all(fr.model is None for fr in report.files)   # the workers kept the models
    assert serial["set"]["findings"] and serial["set"]["plan"] is not None
    assert "alignment" in serial and serial["alignment"]["matrix"]
    assert any(f["rule"].startswith("PPB-ALN") for fr in serial["files"] for f in fr["findings"])
    assert parallel == serial


def test_all_samples_same_report(small_sets_in_parallel):
    serial, parallel, _ = _both(str(SAMPLES))
    assert len(serial["files"]) >= 20
    assert serial["set"]["rulesNotRun"]                   # no plan: the PPB-ALN rules wait
    # findings naming several elements (the SARIF test below reads their files again)
    assert any(len(f.get("elements", ())) > 1 for fr in serial["files"] for f in fr["findings"])
    assert parallel == serial


def test_list_of_files_same_report(small_sets_in_parallel):
    files = sorted(str(p) for p in (SAMPLES / "pariaman").glob("*.bpmn"))
    serial, parallel, _ = _both(files, load_plan(PLAN))
    assert [f["path"] for f in serial["files"]] == sorted(files)
    assert parallel == serial


def test_unreadable_file_in_parallel_set(small_sets_in_parallel, tmp_path):
    for p in sorted((SAMPLES / "pariaman").glob("*.bpmn"))[:3]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "rusak.bpmn").write_text("<definitions", encoding="utf-8")
    serial, parallel, report = _both(str(tmp_path))
    broken = [fr for fr in report.files if not fr.ok]
    assert [fr.path.rsplit("/", 1)[-1] for fr in broken] == ["rusak.bpmn"]
    assert broken[0].error.message            # an Indonesian message, no traceback
    assert parallel == serial


def test_extract_keeps_structure_drops_flows_and_diagram():
    model = read_file(SAMPLES / "pariaman" / sorted(p.name for p in (SAMPLES / "pariaman")
                                                     .glob("*.bpmn"))[0])
    processes = [p.id for p in model.all("Process")]
    flows = len(model.all("SequenceFlow"))
    assert flows and model.diagrams
    small = extract(model)
    assert [p.id for p in small.all("Process")] == processes
    assert not small.all("SequenceFlow") and not small.diagrams
    assert all(el.types.isdisjoint(DROPPED_TYPES) for el in small.elements)
    assert all(not el.out_flows and el.source is None for el in small.elements)
    kept = {id(el) for el in small.elements}
    assert all(id(c) in kept for el in small.elements for c in el.children)
    # a deep chain of flows no longer makes serialising recurse through the whole diagram
    assert pickle.loads(pickle.dumps(small)).definitions.ext == small.definitions.ext


def test_extract_drops_what_only_file_rules_read():
    """Event definitions, input/output specifications and root messages leave the extract
    (a worker sends less back); the events, tasks and processes holding them stay."""
    model = parse_bytes(b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <message id="Msg" name="Permohonan"/>
  <itemDefinition id="Item"/>
  <process id="P" isExecutable="false">
    <startEvent id="S"><messageEventDefinition id="MED" messageRef="Msg"/></startEvent>
    <task id="T" name="Memeriksa berkas">
      <ioSpecification id="IO"><dataInput id="DI"/><inputSet id="IS"/><outputSet id="OS"/>
      </ioSpecification>
    </task>
    <endEvent id="E"><terminateEventDefinition id="TED"/></endEvent>
  </process>
</definitions>""", "x.bpmn")
    assert model.get("S").event_definitions and model.get("DI") is not None
    small = extract(model)
    assert {el.id for el in small.elements} == {"D", "P", "S", "T", "E"}
    assert small.get("S").event_definitions == () and small.get("MED") is None
    assert [c.id for c in small.get("T").children] == []
    assert [c.id for c in small.definitions.children] == ["P"]
    assert not small.all("EventDefinition") and small.all("RootElement") == [small.get("P")]


def test_cli_default_folder_run_equals_one_job(small_sets_in_parallel, capsys):
    args = ["validate", str(SAMPLES / "pariaman"), "--rencana", str(PLAN), "-f", "json", "-q"]
    code_one = cli_main(args + ["-j", "1"])
    one = capsys.readouterr().out
    code_all = cli_main(args + ["-j", "2"])
    every = capsys.readouterr().out
    assert code_one == code_all
    assert json.loads(one)["files"] and every == one


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_cli_other_formats_equal_one_job(small_sets_in_parallel, capsys, fmt):
    """SARIF names every element of a finding about several: with no model kept by the
    parallel run it reads the file again, and says the same."""
    args = ["validate", str(SAMPLES), "-f", fmt, "-q"]
    cli_main(args + ["-j", "1"])
    one = capsys.readouterr().out
    cli_main(args + ["-j", "2"])
    assert one and capsys.readouterr().out == one


@pytest.mark.skipif(not CORPUS.is_dir(), reason="MIWG corpus not found beside the project")
def test_miwg_corpus_same_report():
    """The whole corpus (831 files from 36 tools): about 10 s on two cores."""
    serial, parallel, _ = _both(str(CORPUS))
    assert len(serial["files"]) > 800
    assert sum(len(fr["findings"]) for fr in serial["files"]) > 1000
    assert parallel == serial
