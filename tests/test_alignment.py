"""The alignment of a set with its plan: matrix, gaps, cascade tree, per-OPD table, JSON.

The small set in tests/data/alignment/set/ and its plan tests/data/alignment/rencana.yaml
hold one case of each kind (see the comments in the plan and the docstring of ``aligned``).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from validator import alignment
from validator.alignment import (ROW_NO_OPD, ROW_OPD, ROW_PEMDA, ROW_UNKNOWN_OPD, VIA_CASCADE,
                                 VIA_DIRECT, VIA_INDICATOR, compute)
from validator.cli import main
from validator.engine import Validator
from validator.plan import load_plan
from validator.report import json_report

DATA = Path(__file__).resolve().parent / "data" / "alignment"
SET = DATA / "set"
PLAN = DATA / "rencana.yaml"


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def report(plan):
    return Validator().validate_set(SET, plan=plan)


@pytest.fixture(scope="module")
def aligned(report):
    """The set: a Pemda Level 0 map (01 -> S4, 02 -> indikator IKU-1 of S1, 03 core with no
    link, 04 a support process -> S4); Dinas A's Level 1 map (01.01 -> DA-S1, 01.02 ->
    indikator DA-I1 of DA-S1, 01.03 core with no link of its own under the Pemda's 01), its
    Peta Lintas Fungsi (core, no link of its own, under 01.01) and an SOP under that (no OPD
    attributes, not core); Dinas B's map (-> DB-S1, which cascades from a sasaran the RPJMD
    lacks); a map of an OPD missing from the master; a broken file."""
    a = compute(report)
    assert a is not None
    return a


def column(a, kode):
    (i,) = [i for i, c in enumerate(a.matrix.columns) if c.kode == kode]
    return i


def row(a, sasaran):
    (r,) = [r for r in a.matrix.rows if r.sasaran == sasaran]
    return r


# -- matrix ----------------------------------------------------------------------------------

def test_rows_are_the_sasaran_in_scope_rpjmd_first(aligned):
    # a Pemda map is in the set: every RPJMD sasaran; Dinas A and B have maps: their Renstra;
    # Dinas C has none: DC-S1 is not a row
    assert [r.sasaran for r in aligned.matrix.rows] == [
        "S1", "S4", "S5", "S9", "DA-S1", "DA-S2", "DA-S3", "DB-S1"]
    assert [r.is_rpjmd for r in aligned.matrix.rows] == [True] * 4 + [False] * 4
    assert row(aligned, "DA-S1").opd == "DINA" and row(aligned, "DA-S1").sasaran_rpjmd == "S1"


def test_columns_are_core_processes_and_processes_serving_a_sasaran(aligned):
    cols = {c.kode: c for c in aligned.matrix.columns}
    # core processes, linked or not, and the support process 04 because it serves S4
    assert set(cols) == {"01", "02", "03", "04", "01.01", "01.02", "01.03", "01.01.01", "B.01", "L.01"}
    assert cols["04"].kategori == "pendukung"
    # the Pemda map's processes belong to the OPD their owner names; OPD maps to their OPD
    assert (cols["01"].opd, cols["02"].opd, cols["04"].opd) == ("DINA", "DINC", None)
    assert cols["01.02"].opd == "DINA" and cols["01.02"].file == "dina-level1.bpmn"
    assert cols["B.01"].opd == "DINB" and cols["01"].tier == "pemda" and cols["B.01"].tier == "opd"
    # a process with no link of its own takes over the sasaran of the process of its OPD
    # above it (planlinks); not those of the Pemda map
    assert cols["01.01.01"].inherits_from == "01.01"
    assert cols["01.03"].inherits_from is None and cols["01.02"].inherits_from is None
    assert "01.01.01.01" not in cols                # the SOP: neither core nor serving


def test_columns_pemda_first_then_by_opd_of_the_master(aligned):
    assert [c.kode for c in aligned.matrix.columns] == [
        "01", "02", "03", "04",                     # the Pemda Level 0 map
        "01.01", "01.02", "01.03", "01.01.01",      # DINA (Level 1, then its Peta Lintas Fungsi)
        "B.01",                                     # DINB
        "L.01"]                                     # an OPD missing from the master


def test_cells_say_how_a_process_serves_a_sasaran(aligned):
    a = aligned

    def cells(sasaran):
        return {a.matrix.columns[i].kode: via for i, via in row(a, sasaran).cells.items()}

    assert cells("S1") == {"02": VIA_INDICATOR, "01.01": VIA_CASCADE, "01.02": VIA_CASCADE}
    assert cells("S4") == {"01": VIA_DIRECT, "04": VIA_DIRECT}
    assert cells("DA-S1") == {"01.01": VIA_DIRECT, "01.02": VIA_INDICATOR}
    assert cells("DB-S1") == {"B.01": VIA_DIRECT}
    for empty in ("S5", "S9", "DA-S2", "DA-S3"):
        assert cells(empty) == {} and row(a, empty).serving == 0 and not row(a, empty).served
    assert row(a, "S1").serving == 3 and row(a, "S4").serving == 2


def test_gap_lists(aligned):
    assert [r.sasaran for r in aligned.matrix.unserved] == ["S5", "S9", "DA-S2", "DA-S3"]
    # 03, 01.03 and the unknown OPD's process serve nothing; 01.01.01 details 01.01, which does
    assert [(p.kode, p.file) for p in aligned.matrix.unaligned] == [
        ("03", "pemda-level0.bpmn"), ("01.03", "dina-level1.bpmn"), ("L.01", "lain-level1.bpmn")]


def test_a_set_without_pemda_map_has_only_its_opd_rows(plan):
    report = Validator().validate_set([SET / "dinb-level1.bpmn"], plan=plan)
    a = compute(report)
    assert [r.sasaran for r in a.matrix.rows] == ["DB-S1"]
    assert [c.kode for c in a.matrix.columns] == ["B.01"]
    assert a.matrix.unserved == [] and a.matrix.unaligned == []


# -- cascade tree ----------------------------------------------------------------------------

def test_cascade_tree(aligned):
    tree = aligned.cascade
    assert [m.id for m in tree.misi] == ["M1", "M4", None]     # None: the unknown misi/tujuan
    m1, m4, loose = tree.misi
    (t1,) = m1.tujuan
    (s1,) = t1.sasaran
    assert s1.id == "S1"
    # on S1 itself only what names S1 or its indikator; the cascade shows under its children
    assert [(p.process.kode, p.via) for p in s1.processes] == [("02", VIA_INDICATOR)]
    assert [c.id for c in s1.children] == ["DA-S1", "DC-S1"]
    da1, dc1 = s1.children
    assert [(p.process.kode, p.via) for p in da1.processes] == [("01.01", VIA_DIRECT),
                                                                ("01.02", VIA_INDICATOR)]
    assert da1.opd == "DINA" and da1.in_scope and not da1.broken
    assert dc1.processes == [] and not dc1.in_scope
    (t4,) = m4.tujuan
    assert [s.id for s in t4.sasaran] == ["S4", "S5"]
    assert [p.process.kode for p in t4.sasaran[0].processes] == ["01", "04"]
    assert [c.id for c in t4.sasaran[0].children] == ["DA-S2"]
    # T9 names an unknown misi; S9 an unknown tujuan
    assert [t.id for t in loose.tujuan] == ["T9", None]
    assert [s.id for s in loose.tujuan[1].sasaran] == ["S9"]


def test_broken_cascade_links(aligned):
    broken = {b.id: b for b in aligned.cascade.broken}
    assert set(broken) == {"DA-S3", "DB-S1"}
    assert broken["DA-S3"].broken == alignment.BROKEN_MISSING and broken["DA-S3"].cascades_from is None
    assert broken["DB-S1"].broken == alignment.BROKEN_UNKNOWN
    assert broken["DB-S1"].cascades_from == "S404"
    assert [p.process.kode for p in broken["DB-S1"].processes] == ["B.01"]


# -- per-OPD table ---------------------------------------------------------------------------

def test_opd_table_rows_and_maps(aligned):
    rows = aligned.opd
    assert [(o.kind, o.singkatan) for o in rows] == [
        (ROW_PEMDA, None), (ROW_OPD, "DINA"), (ROW_OPD, "DINB"), (ROW_OPD, "DINC"),
        (ROW_OPD, "DIND"), (ROW_UNKNOWN_OPD, "9.99.0.00.0.00.01.0000"), (ROW_NO_OPD, None)]
    by = {o.singkatan or o.kind: o for o in rows}
    assert by[ROW_PEMDA].maps == ["pemda-level0.bpmn"]
    # the SOP names no OPD: it belongs to the OPD of the map it details
    assert by["DINA"].maps == ["dina-level1.bpmn", "dina-lintas-fungsi.bpmn", "dina-sop.bpmn"]
    assert by["DINB"].maps == ["dinb-level1.bpmn"]
    assert by["DINC"].maps == [] and not by["DINC"].uploaded
    assert by["DIND"].maps == [] and not by["DIND"].uploaded
    assert by["9.99.0.00.0.00.01.0000"].maps == ["lain-level1.bpmn"]
    assert by[ROW_NO_OPD].maps == ["rusak.bpmn"] and by[ROW_NO_OPD].unreadable == 1
    # every map is in exactly one row
    assert sorted(m for o in rows for m in o.maps) == sorted(p.name for p in SET.glob("*.bpmn"))


def test_opd_table_coverage(aligned):
    by = {o.singkatan or o.kind: o for o in aligned.opd}
    got = {k: (o.sasaran_served, o.sasaran_total, o.coverage, o.unserved, o.has_plan)
           for k, o in by.items()}
    assert got[ROW_PEMDA] == (2, 4, 50.0, ["S5", "S9"], True)
    assert got["DINA"] == (1, 3, 33.3, ["DA-S2", "DA-S3"], True)
    assert got["DINB"] == (1, 1, 100.0, [], True)
    assert got["DINC"] == (0, 1, 0.0, ["DC-S1"], True)
    assert got["DIND"] == (0, 0, None, [], False)              # no Renstra in the plan


def test_opd_table_counts_the_findings_of_its_maps(report, aligned):
    per_file = {fr.path: fr.counts() for fr in report.files}
    assert any(sum(c.values()) for c in per_file.values())
    for o in aligned.opd:
        for sev in ("error", "warning", "info", "suppressed"):
            assert o.findings[sev] == sum(per_file[m][sev] for m in o.maps), (o.nama, sev)


# -- JSON ------------------------------------------------------------------------------------

def test_json_sections(report, aligned):
    data = json_report.as_dict(report)
    assert {"version", "ruleCatalogVersion", "profile", "lang", "files", "summary", "set",
            "alignment", "opd"} <= set(data)
    a = data["alignment"]
    assert set(a) == {"plan", "matrix", "unservedSasaran", "unalignedProcesses", "cascade"}
    assert a["plan"] == {"pemda": "Pemerintah Kota Contoh", "rpjmd": "RPJMD-CONTOH-2025-2029",
                         "periode": [2025, 2029]}
    cols = a["matrix"]["columns"]
    s1 = next(r for r in a["matrix"]["rows"] if r["sasaran"] == "S1")
    assert {cols[c["column"]]["kode"]: c["via"] for c in s1["cells"]} == {
        "02": "indicator", "01.01": "cascade", "01.02": "cascade"}
    assert s1["servingProcesses"] == 3 and s1["served"] is True and s1["level"] == "rpjmd"
    assert [s["sasaran"] for s in a["unservedSasaran"]] == ["S5", "S9", "DA-S2", "DA-S3"]
    assert [p["kode"] for p in a["unalignedProcesses"]] == ["03", "01.03", "L.01"]
    assert {"kode", "name", "file", "element", "opd", "opdName", "kategori", "tier"} <= set(cols[0])
    broken = {b["id"]: b for b in a["cascade"]["broken"]}
    assert broken["DB-S1"]["broken"] == "unknown" and broken["DB-S1"]["cascadesFrom"] == "S404"
    assert a["cascade"]["misi"][0]["tujuan"][0]["sasaran"][0]["renstraSasaran"][0]["id"] == "DA-S1"
    opd = {o["singkatan"] or o["kind"]: o for o in data["opd"]}
    assert opd["DINA"]["maps"] == {"count": 3, "unreadable": 0, "names": [
        "dina-level1.bpmn", "dina-lintas-fungsi.bpmn", "dina-sop.bpmn"]}
    assert opd["DINA"]["sasaran"] == {"total": 3, "served": 1, "coverage": 33.3,
                                      "unserved": ["DA-S2", "DA-S3"], "planned": True}
    assert opd["DINC"]["status"] == "notUploaded" and opd["DINA"]["status"] == "uploaded"
    assert set(opd["DINA"]["findings"]) == {"error", "warning", "info", "suppressed"}
    # the same data as compute() gives, through JSON
    whole = json.loads(json.dumps(aligned.as_dict(), ensure_ascii=False))
    assert whole.pop("opd") == data["opd"] and whole == data["alignment"]


def test_no_alignment_without_plan_or_for_a_file_run(plan):
    no_plan = Validator().validate_set(SET)
    assert compute(no_plan) is None
    data = json_report.as_dict(no_plan)
    assert "set" in data and "alignment" not in data and "opd" not in data
    files = Validator().validate_paths([str(SET / "dinb-level1.bpmn")])
    assert compute(files) is None
    assert "alignment" not in json_report.as_dict(files)


def test_cli_json_has_the_sections(tmp_path, monkeypatch, capsys):
    shutil.copytree(SET, tmp_path / "peta")
    shutil.copy(PLAN, tmp_path / "rencana.yaml")
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "peta", "--rencana", "rencana.yaml", "-f", "json", "-q"])
    assert code == 2                                       # rusak.bpmn cannot be read
    data = json.loads(capsys.readouterr().out)
    assert [r["sasaran"] for r in data["alignment"]["matrix"]["rows"]][:4] == ["S1", "S4", "S5", "S9"]
    assert [o["status"] for o in data["opd"] if o["singkatan"] in ("DINC", "DIND")] == [
        "notUploaded", "notUploaded"]


def test_gaps_agree_with_the_alignment_rules(report, aligned):
    """The lists and the findings come from the same reading (validator.planlinks): the
    sasaran no process serves are PPB-ALN-003's subjects, the core processes serving no
    sasaran are where PPB-ALN-002 reports a missing link."""
    subjects = sorted(f.subject for f in report.set_findings if f.rule == "PPB-ALN-003")
    assert subjects == sorted(r.sasaran for r in aligned.matrix.unserved)
    missing = sorted((fr.path, f.element) for fr in report.files for f in fr.findings
                     if f.rule == "PPB-ALN-002")
    assert missing == sorted((p.file, p.element) for p in aligned.matrix.unaligned)


# -- the benchmark's replicas ----------------------------------------------------------------

def test_bench_replicas_keep_the_set_coherent(tmp_path):
    """benchmarks/bench_sets.py copies the sample maps with new codes, names and ids: two
    replicas of a set give twice the set problems of one (no duplicate codes, no ambiguous
    calls, no links across replicas)."""
    import importlib.util
    from collections import Counter

    from validator.mapset import read_set

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_sets.py"
    spec = importlib.util.spec_from_file_location("bench_sets", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    maps = {p.name: p.read_text(encoding="utf-8") for p in SET.glob("*.bpmn") if p.name != "rusak.bpmn"}
    assert bench.build_set(tmp_path / "one", len(maps), maps) == len(maps)
    assert bench.build_set(tmp_path / "two", 2 * len(maps), maps) == 2 * len(maps)
    one, two = read_set(tmp_path / "one"), read_set(tmp_path / "two")
    assert len(two.nodes) == 2 * len(one.nodes) and len(two.edges) == 2 * len(one.edges)
    assert not [i for i in two.issues if i.code in ("DUPLICATE_KODE", "AMBIGUOUS_CALLED_ELEMENT",
                                                    "AMBIGUOUS_CHILD_MAP", "CYCLE")]
    twice = Counter({k: 2 * v for k, v in Counter(i.code for i in one.issues).items()})
    assert Counter(i.code for i in two.issues) == twice
    kodes = [n.kode for n in two.nodes if n.kode]
    assert len(kodes) == len(set(kodes)) and all(k.startswith(("R0001-", "R0002-")) for k in kodes)
    child = next(n for n in two.nodes if n.kode == "R0002-01.01")
    assert [c.file for c in two.children_of(child)] == ["r0002-dina-lintas-fungsi.bpmn"]


# -- only sound links count (issue 17, Must 4) ---------------------------------------------------

ALN4 = Path(__file__).parent / "rules" / "PPB-ALN-004"


def _aln4_set(tmp_path, fix_indicator: bool):
    """The PPB-ALN-004 fixture set: process 01 names sasaran S1.1 and IKU-4.1, an indikator
    of S4.1 (the wrong link). With ``fix_indicator`` it names S4.1 itself as well."""
    folder = tmp_path / "set"
    shutil.copytree(ALN4 / "invalid-indikator", folder)
    if fix_indicator:
        path = folder / "pemda-level0.bpmn"
        text = path.read_text(encoding="utf-8")
        assert 'ppb:sasaranRef="S1.1"' in text
        path.write_text(text.replace('ppb:sasaranRef="S1.1"', 'ppb:sasaranRef="S1.1 S4.1"', 1),
                        encoding="utf-8")
    return folder


def _plan(tmp_path):
    """The fixture's plan with the Renstra sasaran that cascades from S4.1 moved under S1.1,
    so that nothing but the wrong indikator link could serve S4.1."""
    text = (ALN4 / "rencana.yaml").read_text(encoding="utf-8")
    assert text.count("sasaranRpjmd: S4.1") == 1
    path = tmp_path / "rencana.yaml"
    path.write_text(text.replace("sasaranRpjmd: S4.1", "sasaranRpjmd: S1.1"), encoding="utf-8")
    return load_plan(path)


def _row(matrix, sid):
    return next(r for r in matrix.rows if r.sasaran == sid)


def _run_aln4(tmp_path, fix_indicator):
    plan_ = _plan(tmp_path)
    report_ = Validator().validate_set(_aln4_set(tmp_path, fix_indicator), plan=plan_)
    matrix = alignment.build(report_.mapset, plan_, report_.files).matrix
    cols = {i for i, c in enumerate(matrix.columns) if c.element == "Sub_01"}
    assert cols
    gaps = {f.subject for f in report_.set_findings if f.rule == "PPB-ALN-003"}
    wrong = [f.element for f in report_.all_findings()
             if f.rule == "PPB-ALN-004" and "IKU-4.1" in f.message]
    return matrix, cols, gaps, wrong


def test_an_indicator_of_another_sasaran_serves_nothing(tmp_path):
    matrix, cols, gaps, wrong = _run_aln4(tmp_path, False)
    assert wrong == ["Sub_01"]                       # PPB-ALN-004 finds the link wrong ...
    assert not cols & set(_row(matrix, "S4.1").cells)   # ... so it is no cell of S4.1
    assert "S4.1" in {r.sasaran for r in matrix.unserved}
    assert "S4.1" in gaps                            # and PPB-ALN-003 reports the gap
    assert cols & set(_row(matrix, "S1.1").cells)    # the sound link still counts


def test_the_same_process_serves_the_sasaran_once_it_names_it(tmp_path):
    matrix, cols, gaps, wrong = _run_aln4(tmp_path, True)
    assert wrong == []
    assert cols & set(_row(matrix, "S4.1").cells)
    assert "S4.1" not in {r.sasaran for r in matrix.unserved}
    assert "S4.1" not in gaps


def test_a_prepared_plan_side_gives_the_same_alignment_once(plan):
    """alignment.prepare (a parallel set run calls it while its forked copy checks) works
    out the matrix and the cascade tree ahead; build() then gives the alignment it gives
    alone, and takes the prepared part once (a second build makes its own objects)."""
    fresh = Validator().validate_set(SET, plan=plan)
    alone = compute(fresh).as_dict()
    report = Validator().validate_set(SET, plan=plan)
    alignment.prepare(report.mapset, plan)
    prepared = alignment.planlinks.cache(report.mapset, plan)["alignment"]
    first = compute(report)
    assert first.as_dict() == alone and first.matrix is prepared[1]
    second = compute(report)
    assert second.as_dict() == alone and second.matrix is not first.matrix
