"""A plan checked whole (validator.plan.integrity) and compared with another (validator.plan.diff)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from validator.plan import build_plan, load_plan
from validator.plan.diff import diff_plans
from validator.plan.integrity import check_plan, is_number

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"
DOC = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def _doc():
    return copy.deepcopy(DOC)


def _codes(check):
    return sorted((p.code, p.path) for p in check.errors)


def test_the_sample_plan_has_no_errors_and_one_known_warning():
    check = check_plan(load_plan(SAMPLE))
    assert check.ok and check.errors == ()
    # the deliberate gap of the sample (CELAH): DPM-S3 cascades from S4.5, not in the RPJMD
    assert [(w.code, w.path) for w in check.warnings] == [
        ("REF_SASARAN_RPJMD", "renstra[1].sasaran[2].sasaranRpjmd")]
    assert "S4.5" in check.warnings[0].message


def test_every_reference_and_target_problem_is_listed_at_once_with_its_place():
    doc = _doc()
    doc["rpjmd"]["tujuan"][0]["misi"] = "M9"                       # misi that does not exist
    doc["rpjmd"]["sasaran"][1]["tujuan"] = "T9.9"                  # tujuan that does not exist
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"][2026] = "abc"   # not a number
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"][2031] = 5       # outside 2025-2029
    doc["renstra"][0]["opd"] = "DINAS-HANTU"                       # not in the organisation master
    doc["rpjmd"]["program"][0]["sasaran"] = ["S9.9"]               # sasaran that does not exist
    check = check_plan(build_plan(doc))
    assert not check.ok
    assert _codes(check) == sorted([
        ("REF_MISI", "rpjmd.tujuan[0].misi"),
        ("REF_TUJUAN", "rpjmd.sasaran[1].tujuan"),
        ("TARGET_NOT_NUMBER", "rpjmd.sasaran[0].indikator[0].target.2026"),
        ("TARGET_YEAR", "rpjmd.sasaran[0].indikator[0].target.2031"),
        ("REF_OPD", "renstra[0].opd"),
        ("REF_SASARAN", "rpjmd.program[0].sasaran[0]"),
    ])
    by_code = {p.code: p.message for p in check.errors}
    assert "M9" in by_code["REF_MISI"] and "tidak ada" in by_code["REF_MISI"]
    assert "DINAS-HANTU" in by_code["REF_OPD"] and "organisasi" in by_code["REF_OPD"]
    assert "2025–2029" in by_code["TARGET_YEAR"]


def test_a_renstra_sasaran_may_name_its_own_tujuan_or_an_rpjmd_one_but_not_a_missing_one():
    doc = _doc()
    doc["renstra"][0]["tujuan"] = [{"id": "DUK-T1", "teks": "Tujuan OPD", "misi": "M4"}]
    doc["renstra"][0]["sasaran"][0]["tujuan"] = "DUK-T1"
    doc["renstra"][0]["sasaran"][1]["tujuan"] = "T4.1"
    assert check_plan(build_plan(doc)).ok
    doc["renstra"][0]["sasaran"][1]["tujuan"] = "DUK-T9"
    doc["renstra"][0]["tujuan"][0]["misi"] = "M7"
    assert _codes(check_plan(build_plan(doc))) == [
        ("REF_MISI", "renstra[0].tujuan[0].misi"), ("REF_TUJUAN", "renstra[0].sasaran[1].tujuan")]


def test_text_targets_only_for_a_qualitative_indikator():
    doc = _doc()
    ind = doc["rpjmd"]["sasaran"][3]["indikator"][1]               # Opini BPK, satuan opini, WTP
    assert ind["satuan"] == "opini" and check_plan(build_plan(doc)).ok
    ind["satuan"] = "persen"                                       # WTP is no percentage
    assert {p.code for p in check_plan(build_plan(doc)).errors} == {"TARGET_NOT_NUMBER"}
    ind["satuan"] = "opini"
    ind["target"][2027] = 80                                       # a number among text
    codes = _codes(check_plan(build_plan(doc)))
    assert len(codes) == 4 and {c for c, _ in codes} == {"TARGET_NOT_NUMBER"}


def test_renstra_period_must_lie_inside_the_rpjmd_period_and_its_targets_inside_its_own():
    doc = _doc()
    doc["renstra"][0]["periode"] = [2026, 2030]
    check = check_plan(build_plan(doc))
    paths = {p.path for p in check.errors}
    assert "renstra[0].periode" in paths
    assert "renstra[0].sasaran[0].indikator[0].target.2025" in paths   # before 2026


@pytest.mark.parametrize("value,ok", [(3, True), (3.5, True), ("97,5", True), ("1.500.000", True),
                                      ("80%", True), ("abc", False), ("", False), (True, False),
                                      ("8O", False)])
def test_what_counts_as_a_number(value, ok):
    assert is_number(value) is ok


def test_diff_names_sasaran_added_removed_and_changed():
    old = load_plan(SAMPLE)
    doc = _doc()
    removed = doc["rpjmd"]["sasaran"].pop(0)                       # S1.1
    doc["rpjmd"]["program"] = [p for p in doc["rpjmd"]["program"] if "S1.1" not in p.get("sasaran", [])]
    doc["rpjmd"]["sasaran"][0]["teks"] = "Teks baru"               # S2.1
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"][2029] = 75
    doc["rpjmd"]["sasaran"].append({"id": "S4.9", "tujuan": "T4.1", "teks": "Sasaran baru"})
    new = build_plan(doc)
    diff = diff_plans(old, new)
    assert [c.id for c in diff.added] == ["S4.9"]
    assert [c.id for c in diff.removed] == [removed["id"]] == ["S1.1"]
    assert [c.id for c in diff.changed] == ["S2.1"]
    assert diff.changed[0].changes == ("uraian sasaran berubah", "indikator IKU-2.1: target berubah")
    assert diff.unchanged == len(old.all_sasaran) - 2
    assert diff_plans(old, old).empty and not diff.empty
    assert diff.as_dict()["dihapus"][0]["id"] == "S1.1"
    assert [c.id for c in diff_plans(None, new).added] == [s.id for s in new.all_sasaran]


def test_cli_periksa_refuses_broken_references_and_shows_warnings(tmp_path, capsys):
    from validator.cli import main

    doc = _doc()
    doc["rpjmd"]["tujuan"][0]["misi"] = "M9"
    doc["renstra"][0]["opd"] = "DINAS-HANTU"
    bad = tmp_path / "rujukan.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert main(["rencana", "periksa", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "Rencana TIDAK sah: rujukan.yaml" in out and "memuat 2 kesalahan rujukan" in out
    assert "- rpjmd.tujuan[0].misi:" in out and "- renstra[0].opd:" in out
    assert main(["rencana", "periksa", str(bad), "--lang", "en"]) == 2
    assert "names misi 'M9'" in capsys.readouterr().out
    assert main(["rencana", "periksa", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Rencana sah" in out and "Peringatan:" in out and "S4.5" in out


def test_shape_and_reference_problems_are_listed_together_at_their_places():
    from validator.plan import PlanError
    from validator.plan.integrity import with_reference_problems

    doc = _doc()
    del doc["rpjmd"]["sasaran"][0]["teks"]            # shape: S1.1 cannot be built
    doc["rpjmd"]["misi"][1]["teks"] = ""              # shape: M2 cannot be built
    doc["rpjmd"]["sasaran"][2]["tujuan"] = "T9.9"     # reference, after the part left out
    doc["rpjmd"]["sasaran"][3]["indikator"][0]["target"][2027] = "abc"
    doc["renstra"][0]["opd"] = "DINAS-HANTU"
    doc["rpjmd"]["program"][0]["sasaran"] = ["S1.1"]  # written in the file, only not buildable
    with pytest.raises(PlanError) as info:
        build_plan(doc)
    assert {(p.code, p.path) for p in info.value.problems} == {
        ("MISSING", "rpjmd.sasaran[0]"), ("MISSING", "rpjmd.misi[1]")}
    whole = with_reference_problems(info.value)
    assert whole.code == "INVALID"
    assert sorted((p.code, p.path) for p in whole.problems) == sorted([
        ("MISSING", "rpjmd.sasaran[0]"), ("MISSING", "rpjmd.misi[1]"),
        ("REF_TUJUAN", "rpjmd.sasaran[2].tujuan"),
        ("TARGET_NOT_NUMBER", "rpjmd.sasaran[3].indikator[0].target.2027"),
        ("REF_OPD", "renstra[0].opd")])
    # the program naming S1.1 and tujuan T2.1 naming M2 are not called dangling: both are
    # written in the file, only not buildable
    assert "Berkas rencana memuat 5 kesalahan." in whole.message
    # nothing to add: the same error back
    doc = _doc()
    del doc["rpjmd"]["sasaran"][0]["teks"]
    with pytest.raises(PlanError) as info:
        build_plan(doc)
    assert with_reference_problems(info.value) is info.value
