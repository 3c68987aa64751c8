"""Maps as Pemdas draw them (issue 17, Must 2): what the flow rules say about them.

* A Level 0 value chain: one pool, lanes Proses Inti / Pendukung / Manajemen, collapsed
  process boxes detailed on Level 1 maps, no sequence flow. Under ``standar`` it is not
  judged as a flow (no start/end-event-required, no-disconnected, no-implicit-start/end);
  under ``bpmnlint`` it gets exactly bpmnlint:recommended's verdicts (checked against the
  real bpmnlint in tests/test_bpmnlint_parity.py, which lints every fixture).
* An SOP whose exporter left out ``<incoming>``/``<outgoing>``: under ``standar`` the
  flows are read from sourceRef/targetRef, so nothing is "tidak terhubung"; under
  ``bpmnlint`` it gets what bpmnlint says.
"""
from __future__ import annotations

from collections import Counter

import pytest

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator

from .conftest import RULE_FIXTURES

CATALOG = load_catalog()
LEVEL0 = RULE_FIXTURES / "no-disconnected" / "valid-level0-rantai-nilai.bpmn"
SOP = RULE_FIXTURES / "no-disconnected" / "valid-sop-tanpa-incoming-outgoing.bpmn"
FLOW_RULES = ("start-event-required", "end-event-required", "no-disconnected",
              "no-implicit-start", "no-implicit-end")
BOXES = [f"Sub_{n:02d}" for n in range(1, 11)]       # Sub_10 is a call activity
SUBPROCESSES = BOXES[:-1]


def _findings(path, profile):
    result = Validator(Config(profile=profile), CATALOG).validate_file(path)
    assert result.ok, result.error
    return result.findings


def _by_rule(findings, rules):
    return Counter((f.rule, f.element) for f in findings if f.rule in rules)


def test_level0_value_chain_is_no_flow_under_standar():
    findings = _findings(LEVEL0, "standar")
    assert _by_rule(findings, FLOW_RULES) == Counter()
    assert [f for f in findings if f.severity == "error"] == []
    # what remains is what a verifikator would ask for: the external stakeholders
    assert {f.rule for f in findings} == {"PPB-KLP-001"}


def test_level0_value_chain_under_bpmnlint_gets_bpmnlint_verdicts():
    got = _by_rule(_findings(LEVEL0, "bpmnlint"), FLOW_RULES)
    want = Counter()
    for rule in ("start-event-required", "end-event-required"):
        want[(rule, "Proses_L0")] += 1
        want.update((rule, sub) for sub in SUBPROCESSES)   # empty sub-processes; call activities are not scopes
    want.update(("no-disconnected", box) for box in SUBPROCESSES)  # call activities are not checked
    want.update(("no-implicit-start", box) for box in BOXES)
    want.update(("no-implicit-end", box) for box in BOXES)
    assert got == want
    assert sum(want.values()) == 49


def test_level0_regulation_profiles_behave_as_standar():
    for profile in ("permenpanrb19", "misi-urusan", "sop-ketat", "keselarasan-ketat"):
        assert _by_rule(_findings(LEVEL0, profile), FLOW_RULES) == Counter(), profile


def _variant(tmp_path, path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / path.name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_a_lower_map_drawn_without_flows_is_still_judged(tmp_path):
    """Only Level 0/1 maps are landscapes: the same boxes on a Level 2 map are a broken flow."""
    path = _variant(tmp_path, LEVEL0, 'ppb:jenisPeta="level0" ppb:level="0"',
                    'ppb:jenisPeta="lintasFungsi" ppb:level="2"')
    got = _by_rule(_findings(path, "standar"), FLOW_RULES)
    assert got[("start-event-required", "Proses_L0")] == 1
    assert sum(1 for rule, _ in got if rule == "no-disconnected") == len(SUBPROCESSES)


def test_a_level0_map_with_one_flow_is_a_flow(tmp_path):
    """A single sequence flow makes the process a flow again: its rules apply."""
    path = _variant(tmp_path, LEVEL0, '    <bpmn:callActivity id="Sub_10"',
                    '    <bpmn:sequenceFlow id="Flow_1" sourceRef="Sub_01" targetRef="Sub_02" />\n'
                    '    <bpmn:callActivity id="Sub_10"')
    got = _by_rule(_findings(path, "standar"), FLOW_RULES)
    assert got[("start-event-required", "Proses_L0")] == 1
    assert ("no-disconnected", "Sub_01") not in got and ("no-disconnected", "Sub_03") in got
    # the empty collapsed boxes are still process boxes detailed elsewhere
    assert ("start-event-required", "Sub_03") not in got


def test_an_expanded_empty_sub_process_is_flagged(tmp_path):
    """Only a collapsed box stands for a lower map; an expanded empty one is a drawing gap."""
    text = LEVEL0.read_text(encoding="utf-8")
    text = text.replace('bpmnElement="Sub_01" isExpanded="false"', 'bpmnElement="Sub_01" isExpanded="true"', 1)
    text = text.replace('    <bpmn:callActivity id="Sub_10"',
                        '    <bpmn:sequenceFlow id="Flow_1" sourceRef="Sub_01" targetRef="Sub_02" />\n'
                        '    <bpmn:callActivity id="Sub_10"', 1)
    path = tmp_path / "l0.bpmn"
    path.write_text(text, encoding="utf-8")
    got = _by_rule(_findings(path, "standar"), FLOW_RULES)
    assert got[("start-event-required", "Sub_01")] == 1 and got[("end-event-required", "Sub_01")] == 1


def test_sop_without_incoming_outgoing_is_connected_under_standar():
    findings = _findings(SOP, "standar")
    assert not [f for f in findings if "tidak terhubung" in f.message]
    assert _by_rule(findings, {*FLOW_RULES, "superfluous-label", "fake-join", "no-implicit-split",
                               "superfluous-gateway", "no-gateway-join-fork"}) == Counter()
    assert [f for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("profile", ["bpmnlint", "bpmnlint-all"])
def test_sop_without_incoming_outgoing_under_bpmnlint(profile):
    """bpmnlint reads only the declared <incoming>/<outgoing>: every node looks disconnected."""
    got = _by_rule(_findings(SOP, profile), {"no-disconnected", "no-implicit-start", "no-implicit-end"})
    assert Counter(rule for rule, _ in got.elements()) == \
        Counter({"no-disconnected": 16, "no-implicit-start": 15, "no-implicit-end": 13})


def test_the_good_sop_sample_is_the_same_sop():
    """The fixture differs from the good sample only by the missing <incoming>/<outgoing>:
    both give the same findings under standar."""
    sample = RULE_FIXTURES.parent.parent / "bpmn_samples" / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"
    ours = Counter((f.rule, f.element) for f in _findings(SOP, "standar"))
    theirs = Counter((f.rule, f.element) for f in _findings(sample, "standar"))
    assert ours == theirs


def test_a_level0_with_expanded_group_boxes_is_a_landscape(tmp_path):
    """Some Pemdas draw the groups as expanded sub-processes holding the process boxes."""
    path = tmp_path / "l0-grup.bpmn"
    path.write_text('''<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0"
    id="Defs" targetNamespace="urn:contoh" ppb:jenisPeta="level0" ppb:level="0">
  <bpmn:process id="P" name="Peta Level 0" isExecutable="false">
    <bpmn:subProcess id="Grup_Inti" name="Proses Inti">
      <bpmn:subProcess id="Sub_01" name="Pelayanan Pendidikan" />
      <bpmn:subProcess id="Sub_02" name="Pelayanan Kesehatan" />
    </bpmn:subProcess>
    <bpmn:subProcess id="Grup_Pendukung" name="Proses Pendukung">
      <bpmn:subProcess id="Sub_03" name="Pengelolaan Keuangan" />
    </bpmn:subProcess>
    <bpmn:subProcess id="Grup_Alur" name="Proses Manajemen">
      <bpmn:startEvent id="Mulai" name="Mulai" />
      <bpmn:task id="Task_Lepas" name="Menyusun laporan" />
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>
''', encoding="utf-8")
    got = _by_rule(_findings(path, "standar"), FLOW_RULES)
    exempt = {"P", "Grup_Inti", "Grup_Pendukung", "Sub_01", "Sub_02", "Sub_03"}
    assert not [k for k in got if k[1] in exempt], got
    # a group holding an event is drawn as a flow: its rules apply there
    assert ("end-event-required", "Grup_Alur") in got and ("no-disconnected", "Task_Lepas") in got
    assert _by_rule(_findings(path, "bpmnlint"), FLOW_RULES)[("start-event-required", "Grup_Inti")] == 1


# -- an SOP with its mutu baku in documentation text (issue 17, Must 8) -------------------------

SOP_DOC = RULE_FIXTURES / "PPB-SOP-003" / "invalid-mutu-di-dokumentasi.bpmn"


def test_sop_with_mutu_baku_in_documentation_gets_what_a_verifikator_would_say():
    """The sample SOP redrawn with every activity's mutu baku written as "Waktu: ..." lines in
    its documentation, and one output forgotten. Under ``standar``: one info on the map asking
    to move the mutu baku into the ppb attributes (naming the 10 activities), and the one item
    really missing. Not 10 x "belum diisi", and nothing else."""
    findings = _findings(SOP_DOC, "standar")
    got = sorted((f.rule, f.severity, f.element) for f in findings)
    assert got == [("PPB-SOP-003", "info", "Proses_SOPSIPBidan"),
                   ("PPB-SOP-003", "warning", "Task_ParafSIP")]
    moved = next(f for f in findings if f.element == "Proses_SOPSIPBidan")
    assert "Mutu baku 10 aktivitas ditulis pada dokumentasi" in moved.message
    assert len(moved.elements) == 11        # the process and the 10 activities it names
    # reading attributes only, every activity's mutu baku is "missing": what the rule said before
    only_attrs = Validator(Config(rules={"PPB-SOP-003": {"params": {"baca_dokumentasi": False}}}),
                           CATALOG).validate_file(SOP_DOC).findings
    assert sum(1 for f in only_attrs if f.rule == "PPB-SOP-003") == 10


def test_the_same_sop_with_attributes_is_clean():
    sample = RULE_FIXTURES.parent.parent / "bpmn_samples" / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"
    assert [f for f in _findings(sample, "standar") if f.rule == "PPB-SOP-003"] == []


def test_time_rules_read_the_time_written_in_documentation(tmp_path):
    """PPB-SOP-004 and PPB-SOP-005 read "Waktu: ..." lines too: a vague documented time is
    reported, and a documented time that breaks the service standard is counted."""
    text = SOP_DOC.read_text(encoding="utf-8")
    assert text.count("Waktu: 30 menit") >= 2
    vague = tmp_path / "waktu-samar.bpmn"
    vague.write_text(text.replace("Waktu: 30 menit", "Waktu: secepatnya", 1), encoding="utf-8")
    found = [f for f in _findings(vague, "standar") if f.rule == "PPB-SOP-004"]
    assert len(found) == 1 and "secepatnya" in found[0].message
    slow = tmp_path / "waktu-lama.bpmn"
    slow.write_text(text.replace("Waktu: 30 menit", "Waktu: 20 hari kerja", 1), encoding="utf-8")
    assert [f.rule for f in _findings(slow, "standar") if f.rule == "PPB-SOP-005"] == ["PPB-SOP-005"]
    assert [f for f in _findings(SOP_DOC, "standar") if f.rule in ("PPB-SOP-004", "PPB-SOP-005")] == []
