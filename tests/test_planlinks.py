"""How maps and processes link to the plan (validator.planlinks): tiers, OPDs, Renstra,
the sasaran each process serves, and which sasaran a set is answerable for."""
from __future__ import annotations

from pathlib import Path

import pytest

from validator import planlinks as pl
from validator.mapset import read_set
from validator.parser import parse_bytes
from validator.plan import build_plan, load_plan

from .maptext import process_map, write

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "tests" / "data" / "sets" / "rencana.yaml"


# -- a small writer of hand-made maps (also used to write the fixture sets) ----------------

def _attrs(values: dict) -> str:
    out = []
    for key, value in values.items():
        if value is None:
            continue
        name = key if ":" in key or key in ("calledElement",) else f"ppb:{key}"
        out.append(f' {name}="{value}"')
    return "".join(out)


def pmap(process: tuple, subs: tuple = (), **defs) -> str:
    """A map with one process ``(id, name, {ppb attributes})`` holding the sub-processes
    ``subs`` (each ``(id, name, {ppb attributes})``); ``defs`` are map-level ppb
    attributes (``jenisPeta``, ``level``, ``tingkat``, ...)."""
    pid, pname, pattrs = process
    body = ['<bpmn:startEvent id="Mulai" name="Permohonan diterima" />']
    for sid, name, attrs in subs:
        body.append(f'<bpmn:subProcess id="{sid}" name="{name}"{_attrs(attrs)} />')
    body.append('<bpmn:endEvent id="Selesai" name="Layanan selesai" />')
    return process_map(pid, pname, body, _attrs(defs), _attrs(pattrs))



PEMDA = dict(jenisPeta="level0", level="0", tingkat="pemda", instansi="Pemerintah Kota Contoh",
             dokumenAcuan="RPJMD-9901-2025-2029", tahun="2025")
DUKCAPIL = dict(jenisPeta="subproses", level="1", tingkat="opd", parentKode="01",
                instansi="Dinas Kependudukan dan Pencatatan Sipil Kota Contoh",
                kodeOrganisasi="2.12.0.00.0.00.01.0000", dokumenAcuan="RENSTRA-2.12-2025-2029",
                tahun="2025")


def aligned_set() -> dict[str, str]:
    """Pemda Level 0 -> Disdukcapil Level 1 -> a cross-functional map, everything aligned
    except Dinkes (whose Pemda process has no OPD map)."""
    return {
        "pemda-level0.bpmn": pmap(
            ("Proses_Pemda", "Proses Bisnis Pemerintah Kota Contoh", {}),
            (("Sub_01", "Pelayanan Administrasi Kependudukan",
              dict(kode="01", kategori="inti", pemilik="Dinas Kependudukan dan Pencatatan Sipil",
                   sasaranRef="S1.1", indikatorRef="IKU-1.1")),
             ("Sub_02", "Pelayanan Kesehatan",
              dict(kode="02", kategori="inti", pemilik="DINKES", sasaranRef="S1.2")),
             ("Sub_03", "Pengelolaan Kinerja Daerah",
              dict(kode="03", kategori="manajemen", pemilik="Bagian Organisasi",
                   sasaranRef="S4.1"))),
            **PEMDA),
        "disdukcapil-level1.bpmn": pmap(
            ("Proses_Dukcapil", "Pelayanan Administrasi Kependudukan", {}),
            (("Sub_01_01", "Pelayanan Pendaftaran Penduduk",
              dict(kode="01.01", kategori="inti", pemilik="Bidang Pelayanan Pendaftaran Penduduk",
                   sasaranRef="DUK-S1", indikatorRef="DUK-I1", nomenklatur="2.12.02",
                   childMap="ktp-lintas-fungsi.bpmn")),
             ("Sub_01_02", "Pengelolaan Kepegawaian Dinas",
              dict(kode="01.02", kategori="pendukung", pemilik="Sekretariat",
                   sasaranRef="DUK-S2", nomenklatur="2.12.01"))),
            **DUKCAPIL),
        "ktp-lintas-fungsi.bpmn": pmap(
            ("Proses_KTP", "Penerbitan KTP-el",
             dict(kode="01.01.01", kategori="inti", pemilik="Bidang Pelayanan Pendaftaran Penduduk")),
            jenisPeta="lintasFungsi", level="2", tingkat="opd", parentKode="01.01",
            kodeOrganisasi="2.12.0.00.0.00.01.0000"),
    }


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN_FILE)


def model_of(**defs):
    return parse_bytes(pmap(("P", "Proses", {}), **defs).encode(), "peta.bpmn")


# -- map tier, OPD and Renstra --------------------------------------------------------------

@pytest.mark.parametrize("defs,tier", [
    (dict(tingkat="pemda"), "pemda"),
    (dict(tingkat=" OPD "), "opd"),
    (dict(tingkat="Perangkat Daerah"), "opd"),
    (dict(kodeOrganisasi="2.12.0.00.0.00.01.0000"), "opd"),
    (dict(dokumenAcuan="RPJMD-1377-2025-2029"), "pemda"),
    (dict(dokumenAcuan="RENSTRA-1.02-2025-2029"), "opd"),
    (dict(instansi="Pemerintah Kabupaten Aceh Tengah"), "pemda"),
    (dict(instansi="Dinas Kesehatan Kota Pariaman"), "opd"),
    (dict(instansi="Kecamatan Pariaman Tengah"), "opd"),
    (dict(instansi="Tim Penyusun"), None),
    ({}, None),
])
def test_map_tier_without_plan(defs, tier):
    assert pl.map_tier(model_of(**defs)) == tier


def test_map_tier_declared_wins_over_inference():
    model = model_of(tingkat="pemda", kodeOrganisasi="2.12.0.00.0.00.01.0000")
    assert pl.map_tier(model) == "pemda"


def test_map_tier_with_plan_reads_plan_ids_and_names(plan):
    assert pl.map_tier(model_of(dokumenAcuan="RPJMD-9901-2025-2029"), plan) == "pemda"
    assert pl.map_tier(model_of(instansi="Pemerintah Kota Contoh"), plan) == "pemda"
    # an OPD known by its singkatan only in the plan
    assert pl.map_tier(model_of(instansi="DINKES"), plan) == "opd"
    assert pl.map_tier(model_of(instansi="DINKES")) is None


def test_map_opd_by_code_document_or_name(plan):
    by_code = model_of(tingkat="opd", kodeOrganisasi="1.02.0.00.0.00.01.0000")
    assert pl.map_opd(by_code, plan).singkatan == "DINKES"
    by_doc = model_of(tingkat="opd", dokumenAcuan="RENSTRA-2.12-2025-2029")
    assert pl.map_opd(by_doc, plan).singkatan == "DISDUKCAPIL"
    by_name = model_of(instansi="Dinas Kependudukan dan Pencatatan Sipil Kota Contoh")
    assert pl.map_opd(by_name, plan).singkatan == "DISDUKCAPIL"
    # an unknown code falls back to the other signals
    fallback = model_of(kodeOrganisasi="9.99", instansi="Dinas Kesehatan")
    assert pl.map_opd(fallback, plan).singkatan == "DINKES"
    assert pl.map_opd(model_of(instansi="Dinas Pariwisata"), plan) is None
    assert pl.map_opd(model_of(tingkat="pemda", kodeOrganisasi="1.02.0.00.0.00.01.0000"), plan) is None
    assert pl.map_opd(by_code, None) is None


def test_map_renstra(plan):
    assert pl.map_renstra(model_of(kodeOrganisasi="1.02.0.00.0.00.01.0000"), plan).id == \
        "RENSTRA-1.02-2025-2029"
    # the OPD's own Renstra, whatever the map names
    wrong_doc = model_of(kodeOrganisasi="1.02.0.00.0.00.01.0000", dokumenAcuan="RENSTRA-2.12-2025-2029")
    assert pl.map_renstra(wrong_doc, plan).id == "RENSTRA-1.02-2025-2029"
    assert pl.map_renstra(model_of(tingkat="pemda", dokumenAcuan="RPJMD-9901-2025-2029"), plan) is None
    assert pl.map_renstra(model_of(tingkat="opd", instansi="Dinas Pariwisata"), plan) is None


def test_map_renstra_of_an_opd_outside_the_master():
    plan = build_plan({
        "pemda": {"nama": "Pemerintah Kota Contoh", "kode": "99.01"},
        "rpjmd": {"id": "RPJMD-X", "periode": [2025, 2029], "visi": "Visi",
                  "misi": [{"id": "M1", "teks": "Misi"}], "tujuan": [{"id": "T1", "misi": "M1", "teks": "T"}],
                  "sasaran": [{"id": "S1", "tujuan": "T1", "teks": "Sasaran"}]},
        "renstra": [{"id": "RENSTRA-DISPAR", "opd": "DISPAR", "sasaran": [{"id": "PAR-S1", "teks": "S"}]},
                    {"id": "RENSTRA-DINKES", "opd": "DINKES", "sasaran": [{"id": "KES-S1", "teks": "S"}]}],
        "organisasi": [{"singkatan": "DINKES", "kode": "1.02.0.00.0.00.01.0000", "nama": "Dinas Kesehatan"}]})
    dispar = model_of(tingkat="opd", dokumenAcuan="RENSTRA-DISPAR")
    assert pl.map_opd(dispar, plan) is None
    assert pl.map_renstra(dispar, plan).id == "RENSTRA-DISPAR"
    # a known OPD answers to its own Renstra, not to the one its map names
    dinkes = model_of(kodeOrganisasi="1.02.0.00.0.00.01.0000", dokumenAcuan="RENSTRA-DISPAR")
    assert pl.map_renstra(dinkes, plan).id == "RENSTRA-DINKES"


def test_opd_by_name_needs_a_place_after_the_name(plan):
    assert pl.opd_by_name("Dinas Kesehatan Kabupaten Contoh", plan).singkatan == "DINKES"
    assert pl.opd_by_name("dinas  kesehatan", plan).singkatan == "DINKES"
    assert pl.opd_by_name("Dinas Kesehatan Hewan", plan) is None
    assert pl.opd_by_name("", plan) is None


def test_owner_opd_by_name_singkatan_or_unique_unit(plan):
    assert pl.owner_opd("Dinas Kependudukan dan Pencatatan Sipil", plan).singkatan == "DISDUKCAPIL"
    assert pl.owner_opd("dinkes", plan).singkatan == "DINKES"
    assert pl.owner_opd("Bidang Pelayanan Kesehatan", plan).singkatan == "DINKES"
    assert pl.owner_opd("Sekretariat", plan) is None          # a unit of both OPDs
    assert pl.owner_opd(None, plan) is None


# -- process links ----------------------------------------------------------------------------

def test_process_links_split_refs_and_find_opd(tmp_path, plan):
    maps = aligned_set()
    maps["pemda-level0.bpmn"] = maps["pemda-level0.bpmn"].replace(
        'ppb:sasaranRef="S1.2"', 'ppb:sasaranRef="S1.2 S9.9" ppb:indikatorRef="IKU-9, KES-I1"')
    ms = read_set(write(tmp_path, maps))
    links = pl.process_links(ms, plan)
    assert [link.node for link in links] == ms.nodes                  # every node, set order
    by_kode = {link.kode: link for link in links}
    kes = by_kode["02"]
    assert kes.sasaran == ("S1.2",) and kes.dangling_sasaran == ("S9.9",)
    assert kes.indikator == ("KES-I1",) and kes.dangling_indikator == ("IKU-9",)
    assert kes.serves == ("S1.2", "KES-S1")       # an indikator serves its own sasaran
    assert kes.tier == "pemda" and kes.opd.singkatan == "DINKES"      # owner on a Pemda map
    assert by_kode["01"].opd.singkatan == "DISDUKCAPIL"
    assert by_kode["03"].opd is None                                   # unit of no single OPD
    assert by_kode["01.02"].opd.singkatan == "DISDUKCAPIL"            # the map's OPD
    assert by_kode["01.02"].kategori == "pendukung" and by_kode["01.02"].tier == "opd"
    assert by_kode["01.01"].label == "01.01 'Pelayanan Pendaftaran Penduduk'"
    assert pl.process_links(ms, plan) is links                         # computed once


def test_process_links_inherit_from_the_process_they_detail(tmp_path, plan):
    ms = read_set(write(tmp_path, aligned_set()))
    by_kode = {link.kode: link for link in pl.process_links(ms, plan)}
    ktp = by_kode["01.01.01"]
    assert ktp.serves == () and ktp.inherited == ("DUK-S1",)
    assert ktp.inherited_from.kode == "01.01" and ktp.linked
    pool = next(link for link in pl.process_links(ms, plan)
                if link.file == "disdukcapil-level1.bpmn" and link.kode is None)
    # an OPD map takes over nothing from the Pemda map: it names its own Renstra sasaran
    assert pool.inherited == () and pool.inherited_from is None and not pool.linked
    assert not by_kode["01.01"].inherited                 # its own link is enough


def test_inheritance_stays_within_one_tier_and_opd(tmp_path, plan):
    maps = aligned_set()
    maps["disdukcapil-level1.bpmn"] = maps["disdukcapil-level1.bpmn"].replace(
        'ppb:sasaranRef="DUK-S1" ppb:indikatorRef="DUK-I1" ', '')
    # the cross-functional map is drawn by another OPD (Dinkes) under a Disdukcapil process
    maps["ktp-lintas-fungsi.bpmn"] = maps["ktp-lintas-fungsi.bpmn"].replace(
        "2.12.0.00.0.00.01.0000", "1.02.0.00.0.00.01.0000")
    ms = read_set(write(tmp_path, maps))
    by_kode = {link.kode: link for link in pl.process_links(ms, plan)}
    assert by_kode["01.01"].inherited == ()                  # not from the Pemda process 01
    assert by_kode["01.01.01"].inherited == ()               # not from another OPD's map
    assert by_kode["01.01.01"].opd.singkatan == "DINKES"


def test_process_without_link_and_nothing_above(tmp_path, plan):
    maps = {"disdukcapil-level1.bpmn": aligned_set()["disdukcapil-level1.bpmn"]
            .replace('ppb:sasaranRef="DUK-S1" ppb:indikatorRef="DUK-I1" ', '')}
    ms = read_set(write(tmp_path, maps))
    link = next(x for x in pl.process_links(ms, plan) if x.kode == "01.01")
    assert not link.linked and link.is_core and link.inherited_from is None


# -- serving and scope ------------------------------------------------------------------------

def test_serving_follows_indikator_and_cascade(tmp_path, plan):
    maps = aligned_set()
    del maps["pemda-level0.bpmn"]
    ms = read_set(write(tmp_path, maps))
    served = pl.serving(pl.process_links(ms, plan), plan)
    assert list(served) == [s.id for s in plan.all_sasaran]
    assert [x.kode for x in served["DUK-S1"]] == ["01.01"]
    assert [x.kode for x in served["S1.1"]] == ["01.01"]       # DUK-S1 cascades from S1.1
    assert [x.kode for x in served["S4.1"]] == ["01.02"]       # DUK-S2 cascades from S4.1
    assert served["S1.2"] == [] and served["KES-S1"] == []


def test_serving_by_indikator_only(tmp_path, plan):
    maps = {"disdukcapil-level1.bpmn": aligned_set()["disdukcapil-level1.bpmn"]
            .replace('ppb:sasaranRef="DUK-S1" ', '')}
    ms = read_set(write(tmp_path, maps))
    served = pl.serving(pl.process_links(ms, plan), plan)
    assert [x.kode for x in served["DUK-S1"]] == ["01.01"]
    assert [x.kode for x in served["S1.1"]] == ["01.01"]


def test_serving_lists_a_process_once_per_sasaran(tmp_path, plan):
    maps = {"disdukcapil-level1.bpmn": aligned_set()["disdukcapil-level1.bpmn"]
            .replace('ppb:sasaranRef="DUK-S1"', 'ppb:sasaranRef="DUK-S1 S1.1"')}
    ms = read_set(write(tmp_path, maps))
    served = pl.serving(pl.process_links(ms, plan), plan)
    assert [x.kode for x in served["S1.1"]] == ["01.01"]


def test_sasaran_in_scope_follows_the_maps_in_the_set(tmp_path, plan):
    maps = aligned_set()
    opd_only = read_set(write(tmp_path / "opd", {k: v for k, v in maps.items() if "pemda" not in k}))
    assert [s.id for s in pl.sasaran_in_scope(opd_only, plan)] == ["DUK-S1", "DUK-S2"]
    whole = read_set(write(tmp_path / "semua", maps))
    assert [s.id for s in pl.sasaran_in_scope(whole, plan)] == ["S1.1", "S1.2", "S4.1", "DUK-S1", "DUK-S2"]
    assert [o.singkatan for o in pl.opds_in_set(whole, plan)] == ["DISDUKCAPIL"]
    pemda_only = read_set(write(tmp_path / "pemda", {"pemda-level0.bpmn": maps["pemda-level0.bpmn"]}))
    assert [s.id for s in pl.sasaran_in_scope(pemda_only, plan)] == ["S1.1", "S1.2", "S4.1"]


def test_governance_sasaran_by_misi(plan):
    assert [s.id for s in pl.governance_sasaran(plan, ["M4"])] == ["S4.1", "DUK-S2"]
    assert [s.id for s in pl.governance_sasaran(plan, ["M1"])] == ["S1.1", "S1.2", "DUK-S1", "KES-S1"]
    assert pl.governance_sasaran(plan, ["M9"]) == []


def test_map_attribute_holder_and_level():
    model = parse_bytes(pmap(("P", "Proses", {"dokumenAcuan": "RPJMD-X"}), jenisPeta="level0").encode(), "a.bpmn")
    assert model.ext_holder("dokumenAcuan").id == "P"
    assert model.ext_holder("tahun") is model.definitions
    assert pl.map_level(model) == 0
    assert pl.map_level(model_of(jenisPeta="subproses")) is None
