"""One problem, one finding (issue 17, Must 3), on the Pariaman samples.

* an unnamed element gets one finding (label-required), naming the PPB rules it blocks;
  PPB-NMK-001, PPB-NMK-002 and PPB-KLP-005 do not repeat it;
* the mutu baku gaps of an SOP activity are one finding listing every missing item;
* a Pemda core process no map details is reported once (PPB-LVL-004), not again by
  PPB-ALN-008.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator
from validator.plan import load_plan

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"
SOP = SAMPLES / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"
CATALOG = load_catalog()
NAMING = {"label-required", "PPB-NMK-001", "PPB-NMK-002", "PPB-KLP-005", "PPB-NMK-003"}


def _validate(path, profile="standar"):
    result = Validator(Config(profile=profile), CATALOG).validate_file(path)
    assert result.ok, result.error
    return result.findings


def _edited(tmp_path, replacements):
    text = SOP.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / SOP.name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sop_sample_is_clean():
    assert [f for f in _validate(SOP) if f.rule in NAMING] == []


def test_an_unnamed_sop_activity_gets_one_finding_naming_what_it_blocks(tmp_path):
    path = _edited(tmp_path, [('id="Task_Registrasi" name="Meregistrasi permohonan dan menerbitkan tanda terima"',
                               'id="Task_Registrasi" name=""')])
    on_task = [f for f in _validate(path) if f.element == "Task_Registrasi" and f.rule in NAMING]
    assert [(f.rule, f.severity) for f in on_task] == [("label-required", "error")]
    assert "tanpa nama, PPB-NMK-002 (kata kerja aktif) tidak dapat menilainya" in on_task[0].message
    assert on_task[0].message_en == "Element is missing label/name"   # bpmnlint's text, unchanged


def test_under_bpmnlint_the_message_is_bpmnlints(tmp_path):
    path = _edited(tmp_path, [('id="Task_Registrasi" name="Meregistrasi permohonan dan menerbitkan tanda terima"',
                               'id="Task_Registrasi" name=""')])
    on_task = [f for f in _validate(path, "bpmnlint") if f.element == "Task_Registrasi" and f.rule == "label-required"]
    assert len(on_task) == 1 and "tidak dapat menilainya" not in on_task[0].message


def test_an_unnamed_sub_process_is_nmk001s_alone():
    """label-required leaves sub-processes out; PPB-NMK-001 reports them, once."""
    path = Path(__file__).resolve().parent / "rules" / "PPB-NMK-001" / "invalid-level0.bpmn"
    got = Counter((f.rule, f.element) for f in _validate(path) if f.rule in NAMING)
    assert got[("PPB-NMK-001", "Sub_Sdk")] == 1 and got[("label-required", "Sub_Sdk")] == 0
    assert all(n == 1 for n in got.values()) and not [k for k in got if k[0] == "PPB-NMK-001" and k[1] != "Sub_Sdk"]


def test_mutu_baku_gaps_are_one_finding_per_activity(tmp_path):
    path = _edited(tmp_path, [('ppb:mutuKelengkapan="Berkas permohonan lengkap" ppb:mutuWaktu="15 menit" '
                               'ppb:mutuOutput="Nomor registrasi dan tanda terima"', '')])
    got = [f for f in _validate(path) if f.rule == "PPB-SOP-003"]
    assert [f.element for f in got] == ["Task_Registrasi"]
    assert got[0].severity == "warning"
    assert "'waktu' dan 'output' belum diisi" in got[0].message
    assert "'kelengkapan' sebaiknya juga diisi" in got[0].message


@pytest.fixture(scope="module")
def set_report():
    plan = load_plan(SAMPLES / "rencana-pariaman.yaml")
    return Validator(Config(profile="standar"), CATALOG).validate_set(SAMPLES / "pariaman", plan=plan)


def test_an_undetailed_pemda_process_is_reported_once(set_report):
    findings = [(fr.path, f) for fr in set_report.files for f in fr.findings]
    lvl004 = {(Path(p).name, f.element) for p, f in findings if f.rule == "PPB-LVL-004"}
    aln008 = {(Path(p).name, f.element) for p, f in findings if f.rule == "PPB-ALN-008"}
    assert lvl004, "the sample set leaves Pemda processes undetailed on purpose"
    assert not lvl004 & aln008


def test_a_disconnected_activity_is_one_finding():
    """no-disconnected says it; no-implicit-start/end and PPB-BPMN-003 do not repeat it
    (the bpmnlint profiles keep bpmnlint's three findings, as bpmnlint gives them)."""
    path = SAMPLES / "cacat" / "ktp-el-lintas-fungsi-cacat.bpmn"
    on = lambda profile: sorted(f.rule for f in _validate(path, profile) if f.element == "Task_ArsipManual")
    assert on("standar") == ["no-disconnected"]
    assert on("bpmnlint") == ["no-disconnected", "no-implicit-end", "no-implicit-start"]
