"""The illustrative Kota Pariaman set: bpmn_samples/pariaman/ with bpmn_samples/rencana-pariaman.yaml.

Two parts:

* the set's structure, read with :func:`validator.mapset.read_set`: no set issue
  (duplicate code, cycle, orphan map, dangling ppb:childMap), the hierarchy
  Pemda Level 0 -> OPD Level 1 -> Peta Lintas Fungsi -> SOP with levels +1 and
  hierarchical codes, every Peta Lintas Fungsi's lanes equal to the
  ``ppb:relasi`` of the process it details, and every plan reference of the
  maps (sasaran, indikator, Renstra, organisation, nomenclature) present in the
  plan;
* the whole set validated with the plan (``Validator.validate_set``): every
  deliberate gap listed in the ``set`` section of bpmn_samples/manifest.yaml
  gives its finding, and no other error or warning of the PPB-LVL, PPB-KLP,
  PPB-NMK and PPB-ALN groups appears.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator import vocab
from validator.config import Config
from validator.engine import Validator
from validator.mapset import read_set
from validator.plan import load_plan

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "bpmn_samples"
MANIFEST = yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
SET = MANIFEST["set"]
FOLDER = SAMPLES / SET["folder"]
PLAN_PATH = SAMPLES / SET["rencana"]
GROUPS = {"lvl", "klp", "nmk", "aln"}
PEMDA = "pemda-level0-baik.bpmn"


@pytest.fixture(scope="module")
def mapset():
    return read_set(FOLDER)


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN_PATH)


@pytest.fixture(scope="module")
def report(plan):
    return Validator(Config(profile=MANIFEST.get("profil", "standar"))).validate_set(FOLDER, plan=plan)


def node(ms, kode):
    found = ms.by_kode(kode)
    assert len(found) == 1, f"kode {kode}: {found}"
    return found[0]


def top_process(ms, file):
    tops = [n for n in ms.nodes_of(file) if n.is_process]
    assert len(tops) == 1, f"{file}: {tops}"
    return tops[0]


def _show(findings) -> str:
    return "\n".join(f"  {path or '(set)'} {f.rule} {f.element or f.subject} {f.severity}: {f.message}"
                     for path, f in findings)


# -- structure -------------------------------------------------------------------------------

def test_set_reads_without_issues(mapset):
    assert [f.name for f in mapset.files if not f.ok] == []
    assert [(i.code, i.file, i.element, i.message) for i in mapset.issues] == []
    assert len(mapset.files) == len(list(FOLDER.glob("*.bpmn"))) >= 15


@pytest.mark.parametrize("leaf, codes, files", [
    ("03.01.03", ["03", "03.01", "03.01.03"],
     [PEMDA, "disdukcapil-level1-baik.bpmn", "ktp-el-lintas-fungsi-baik.bpmn"]),
    ("04.02.01.01", ["04", "04.02", "04.02.01", "04.02.01.01"],
     [PEMDA, "dpmptsp-level1-baik.bpmn", "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn",
      "sop-penerbitan-sip-bidan-baik.bpmn"]),
    ("02.02.01", ["02", "02.02", "02.02.01"],
     [PEMDA, "dinkes-level1-baik.bpmn", "dinkes-rekomendasi-sip-lintas-fungsi-baik.bpmn"]),
])
def test_cascade_chains(mapset, leaf, codes, files):
    path = mapset.path_to(node(mapset, leaf))
    assert path[0].file == PEMDA and path[0].is_process
    assert [n.kode for n in path if n.kode] == codes
    shown = []
    for n in path:
        if not shown or shown[-1] != n.file:
            shown.append(n.file)
    assert shown == files


@pytest.mark.parametrize("kode, child", [
    ("02", "dinkes-level1-baik.bpmn"),
    ("03", "disdukcapil-level1-baik.bpmn"),
    ("04", "dpmptsp-level1-baik.bpmn"),
])
def test_pemda_processes_link_to_opd_maps_both_ways(mapset, kode, child):
    """ppb:childMap on the Pemda process and ppb:parentKode on the OPD map name each other."""
    edge = mapset.edge(node(mapset, kode), top_process(mapset, child))
    assert edge is not None and edge.via == ["kode", "childMap"]


def test_every_map_but_the_pemda_map_has_its_parent_in_the_set(mapset):
    roots = {n.file for n in mapset.roots()}
    assert roots == {PEMDA}
    for f in mapset.files:
        top = top_process(mapset, f.name)
        if f.name == PEMDA:
            continue
        parent = mapset.parent_of(top)
        assert parent is not None and parent.file != f.name, f.name
        parent_level = mapset.file(parent.file).level
        assert f.level == parent_level + 1, f"{f.name}: level {f.level}, induk {parent_level}"
        assert parent.kode == f.parent_kode, f.name


def test_codes_are_hierarchical(mapset):
    for n in mapset.nodes:
        if not n.kode:
            continue
        assert len(n.kode.split(".")) == n.level + 1, (n.file, n.level, n.kode)
        parent = next((p for p in reversed(mapset.path_to(n)[:-1]) if p.kode), None)
        if parent is not None:
            assert n.kode.startswith(parent.kode + "."), (n.file, n.kode, parent.kode)


def test_only_the_listed_gaps_lack_a_decomposition(mapset):
    """The Pemda core processes 01, 05 and 06 (their OPDs have no map yet) are the only core
    processes of a Level 0 or Level 1 map without a map detailing them."""
    missing = []
    for f in mapset.files:
        if f.map_type not in ("level0", "subproses"):
            continue
        for n in mapset.nodes_of(f.name):
            if not n.is_process and n.kategori == "inti" and not mapset.children_of(n):
                missing.append(n.kode)
    assert sorted(missing) == ["01", "05", "06"]


def test_cross_functional_lanes_match_the_parent_relasi(mapset):
    """PPB-KLP-006 convention: the process a Peta Lintas Fungsi details lists, in ppb:relasi
    separated by ';', exactly the units drawn as the map's lanes."""
    checked = 0
    for f in mapset.files:
        if f.map_type != "lintasFungsi":
            continue
        parent = mapset.parent_of(top_process(mapset, f.name))
        relasi = vocab.text(parent.scope, "relasi")
        units = [u.strip() for u in relasi.split(";")]
        lanes = [lane.name for lane in vocab.lanes(f.model)]
        assert units == lanes, f"{f.name}: relasi {units} != lane {lanes}"
        checked += 1
    assert checked == 10


# -- plan references -------------------------------------------------------------------------

def _refs(mapset):
    for n in mapset.nodes:
        yield n, vocab.refs(n.scope, "sasaranRef"), vocab.refs(n.scope, "indikatorRef")


def test_every_reference_exists_in_the_plan(mapset, plan):
    for n, sasaran, indikator in _refs(mapset):
        for sid in sasaran:
            assert plan.sasaran(sid) is not None, (n.file, n.kode, sid)
        for iid in indikator:
            owner = plan.sasaran_of_indikator(iid)
            assert owner is not None and owner.id in sasaran, (n.file, n.kode, iid)


def test_core_processes_name_sasaran_of_their_tier(mapset, plan):
    """RPJMD sasaran on the Pemda map, the OPD's own Renstra sasaran on OPD maps; only the
    deliberate gap 01 names none."""
    unlinked = []
    for n, sasaran, _ in _refs(mapset):
        if n.kategori != "inti":
            continue
        if not sasaran:
            unlinked.append((n.file, n.kode))
            continue
        f = mapset.file(n.file)
        renstra = plan.renstra_by_id(vocab.map_text(f.model, "dokumenAcuan"))
        for sid in sasaran:
            s = plan.sasaran(sid)
            if f.name == PEMDA:
                assert s.is_rpjmd, (n.kode, sid)
            else:
                assert renstra is not None and s.renstra == renstra.id, (f.name, n.kode, sid)
    assert unlinked == [(PEMDA, "01")]


def test_maps_name_their_plan_document_and_organisation(mapset, plan):
    for f in mapset.files:
        doc = vocab.map_text(f.model, "dokumenAcuan")
        kode = vocab.map_text(f.model, "kodeOrganisasi")
        if vocab.map_text(f.model, "tingkat") == "pemda":
            assert doc == plan.rpjmd.id and not kode, f.name
            continue
        opd = plan.opd(kode)
        assert opd is not None, f.name
        assert plan.renstra_of(opd.singkatan).id == doc, f.name
        for n in mapset.nodes_of(f.name):
            for code in vocab.text(n.scope, "nomenklatur").split():
                assert plan.nomenklatur(code) is not None, (f.name, code)
                assert any(code.startswith(p.kode) for p in plan.renstra_of(opd.singkatan).program)


def test_pemda_owners_are_opds_of_the_master(mapset, plan):
    names = {o.nama for o in plan.organisasi}
    owners = {n.pemilik for n in mapset.nodes_of(PEMDA) if not n.is_process}
    assert owners == names


def test_plan_gaps_are_as_listed(plan):
    """The plan's own deliberate gaps: KES-S3 (no process serves it) and DPM-S3 (cascades from
    an RPJMD sasaran that does not exist)."""
    assert plan.sasaran("KES-S3") is not None
    assert plan.sasaran("DPM-S3").sasaran_rpjmd == "S4.5" and plan.sasaran("S4.5") is None
    broken = [s.id for r in plan.renstra for s in r.sasaran if plan.sasaran(s.sasaran_rpjmd) is None]
    assert broken == ["DPM-S3"]


# -- the set validated with the plan ---------------------------------------------------------

def _matches(path, finding, want) -> bool:
    if finding.rule != want["aturan"] or finding.severity != want["tingkat"] or finding.suppressed:
        return False
    if want.get("memuat", "") not in finding.message:
        return False
    if "berkas" in want:
        return path == want["berkas"] and finding.element == want["elemen"]
    return path is None and finding.element is None and finding.subject == want["subjek"]


def _all_findings(report):
    for fr in report.files:
        for f in fr.findings:
            yield fr.path, f
    for f in report.set_findings:
        yield None, f


def test_manifest_set_section_is_well_formed():
    assert SET["folder"] == "pariaman" and PLAN_PATH.is_file()
    for want in SET["temuan"]:
        assert want["tingkat"] in ("error", "warning", "info"), want
        assert ("berkas" in want and "elemen" in want) != ("subjek" in want), want
        if "berkas" in want:
            assert (FOLDER / want["berkas"]).is_file(), want


def test_set_runs_every_rule_with_the_plan(report):
    assert all(fr.ok for fr in report.files)
    assert report.is_set and report.skipped_rules == []
    assert {fr.path for fr in report.files} == {p.name for p in FOLDER.glob("*.bpmn")}


@pytest.mark.parametrize("want", SET["temuan"],
                         ids=lambda w: f"{w['aturan']}-{w.get('elemen') or w.get('subjek')}")
def test_set_gives_the_listed_gap(report, want):
    found = list(_all_findings(report))
    hits = [(p, f) for p, f in found if _matches(p, f, want)]
    assert len(hits) == 1, (f"temuan celah {'tidak muncul' if not hits else 'muncul berulang'}: {want}\n"
                            f"ditemukan:\n{_show((p, f) for p, f in found if f.group in GROUPS)}")


def test_set_gives_no_other_alignment_or_structure_finding(report):
    wanted = list(SET["temuan"])
    extra = []
    for path, f in _all_findings(report):
        if f.group not in GROUPS or f.severity not in ("error", "warning") or f.suppressed:
            continue
        hit = next((w for w in wanted if _matches(path, f, w)), None)
        if hit is None:
            extra.append((path, f))
        else:
            wanted.remove(hit)
    assert not extra, f"temuan di luar celah yang tercantum:\n{_show(extra)}"
