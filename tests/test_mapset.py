"""A folder or zip of maps read as one set: hierarchy, lookups and set problems."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from validator.mapset import read_set, read_zip_set

from .maptext import process_map, write

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "bpmn_samples"


# -- a small writer of hand-made maps -------------------------------------------------------

def _attrs(values: dict) -> str:
    return "".join(f' {k}="{v}"' for k, v in values.items() if v is not None)


def bpmn(process_id: str, process_name: str, *, jenis: str, level: int,
         parent_kode: str | None = None, kode: str | None = None, kategori: str | None = None,
         pemilik: str | None = None, subs: tuple = (), calls: tuple = ()) -> str:
    """A map with one process; ``subs`` are (id, name, kode, childMap) sub-processes and
    ``calls`` (id, name, kode, calledElement) call activities."""
    defs = {"ppb:jenisPeta": jenis, "ppb:level": str(level), "ppb:parentKode": parent_kode}
    proc = {"ppb:kode": kode, "ppb:kategori": kategori, "ppb:pemilik": pemilik}
    body = ['<bpmn:startEvent id="Mulai" name="Permohonan diterima" />']
    for sid, name, skode, child in subs:
        body.append(f'<bpmn:subProcess id="{sid}" name="{name}"'
                    f'{_attrs({"ppb:kode": skode, "ppb:kategori": "inti", "ppb:childMap": child})} />')
    for cid, name, ckode, called in calls:
        body.append(f'<bpmn:callActivity id="{cid}" name="{name}"'
                    f'{_attrs({"calledElement": called, "ppb:kode": ckode})} />')
    body.append('<bpmn:endEvent id="Selesai" name="Layanan selesai" />')
    return process_map(process_id, process_name, body, _attrs(defs), _attrs(proc))



def clean_chain() -> dict[str, str]:
    """Level 0 -> Level 1 OPD map -> Peta Lintas Fungsi -> SOP, linked by parentKode and childMap."""
    return {
        "pemda-level0.bpmn": bpmn(
            "Proses_Pemda", "Proses Bisnis Pemerintah Kota", jenis="level0", level=0,
            subs=(("Sub_01", "Pelayanan Kependudukan", "01", "disdukcapil-level1.bpmn"),
                  ("Sub_02", "Pelayanan Kesehatan", "02", None))),
        "disdukcapil-level1.bpmn": bpmn(
            "Proses_Disdukcapil", "Pelayanan Administrasi Kependudukan", jenis="subproses", level=1,
            parent_kode="01",
            subs=(("Sub_01_01", "Pelayanan Pendaftaran Penduduk", "01.01", "ktp-lintas-fungsi.bpmn"),
                  ("Sub_01_02", "Pelayanan Pencatatan Sipil", "01.02", None))),
        "ktp-lintas-fungsi.bpmn": bpmn(
            "Proses_KTP", "Penerbitan KTP-el", jenis="lintasFungsi", level=2, parent_kode="01.01",
            kode="01.01.01", kategori="inti", pemilik="Bidang Pelayanan Pendaftaran Penduduk"),
        "sop-cetak-ktp.bpmn": bpmn(
            "Proses_SOP_KTP", "Pencetakan KTP-el", jenis="sop", level=3, parent_kode="01.01.01",
            kode="01.01.01.01", kategori="inti", pemilik="Seksi Identitas Penduduk"),
    }


def node(ms, kode):
    found = ms.by_kode(kode)
    assert len(found) == 1, (kode, found)
    return found[0]


def codes_on_path(ms, n) -> list[str]:
    return [m.kode for m in ms.path_to(n) if m.kode]


# -- a clean set ------------------------------------------------------------------------------

def test_clean_chain(tmp_path):
    ms = read_set(write(tmp_path / "peta", clean_chain()))
    assert [f.name for f in ms.files] == ["disdukcapil-level1.bpmn", "ktp-lintas-fungsi.bpmn",
                                          "pemda-level0.bpmn", "sop-cetak-ktp.bpmn"]
    assert all(f.ok for f in ms.files) and set(ms.models) == {f.name for f in ms.files}
    assert ms.issues == []

    sop = node(ms, "01.01.01.01")
    assert codes_on_path(ms, sop) == ["01", "01.01", "01.01.01", "01.01.01.01"]
    root = ms.path_to(sop)[0]
    assert (root.file, root.kode, root.level, root.scope.id) == (
        "pemda-level0.bpmn", None, 0, "Proses_Pemda")
    assert ms.roots() == [root]

    ktp = node(ms, "01.01.01")
    assert (ktp.file, ktp.level, ktp.kategori, ktp.pemilik, ktp.name) == (
        "ktp-lintas-fungsi.bpmn", 2, "inti", "Bidang Pelayanan Pendaftaran Penduduk",
        "Penerbitan KTP-el")
    assert ms.parent_of(ktp) is node(ms, "01.01")
    assert ms.edge(node(ms, "01.01"), ktp).via == ["kode", "childMap"]
    assert ms.edge(ktp, sop).via == ["kode"]

    # Level 0 process 01 -> the OPD map's process -> its sub-process 01.01
    opd = ms.parent_of(node(ms, "01.01"))
    assert (opd.file, opd.kode, opd.scope.id) == ("disdukcapil-level1.bpmn", None, "Proses_Disdukcapil")
    assert ms.edge(node(ms, "01"), opd).via == ["kode", "childMap"]
    assert ms.edge(opd, node(ms, "01.01")).via == ["nested"]
    assert [n.kode for n in ms.children_of(opd)] == ["01.01", "01.02"]
    assert ms.children_of(node(ms, "02")) == []
    assert ms.map_of_process_id("Proses_KTP") == "ktp-lintas-fungsi.bpmn"
    assert ms.map_of_process_id("Tidak_Ada") is None


def test_order_is_deterministic(tmp_path):
    a = read_set(write(tmp_path / "a", clean_chain()))
    b = read_set(write(tmp_path / "b", dict(reversed(list(clean_chain().items())))))
    key = lambda ms: ([(n.file, n.scope.id) for n in ms.nodes],
                      [(e.parent.index, e.child.index, e.via) for e in ms.edges])
    assert key(a) == key(b)


# -- problems of the set ----------------------------------------------------------------------

def codes(ms) -> list[tuple[str, str | None, str | None]]:
    return [(i.code, i.file, i.element) for i in ms.issues]


def test_duplicate_kode_across_files(tmp_path):
    maps = clean_chain()
    maps["dinkes-lintas-fungsi.bpmn"] = bpmn(
        "Proses_Rujukan", "Pelayanan Rujukan", jenis="lintasFungsi", level=2, parent_kode="01.01",
        kode="01.01.01", kategori="inti", pemilik="Bidang Pelayanan Kesehatan")
    ms = read_set(write(tmp_path / "peta", maps))
    assert codes(ms) == [("DUPLICATE_KODE", "ktp-lintas-fungsi.bpmn", "Proses_KTP")]
    issue = ms.issues[0]
    assert "01.01.01" in issue.message and "dinkes-lintas-fungsi.bpmn" in issue.message
    assert "Pelayanan Rujukan" in issue.message and "already used" in issue.message_en
    assert len(ms.by_kode("01.01.01")) == 2


def test_cycle_is_an_issue_not_a_crash(tmp_path):
    maps = {
        "peta-a.bpmn": bpmn("Proses_A", "Pengelolaan Arsip", jenis="subproses", level=1,
                            kode="07", parent_kode="08",
                            subs=(("Sub_A1", "Penataan Arsip", "07.01", "peta-b.bpmn"),)),
        "peta-b.bpmn": bpmn("Proses_B", "Pengelolaan Barang", jenis="subproses", level=1,
                            kode="08", parent_kode="07.01"),
    }
    ms = read_set(write(tmp_path / "peta", maps))
    assert codes(ms) == [("CYCLE", "peta-a.bpmn", "Proses_A")]
    assert "lingkaran" in ms.issues[0].message and "07 (peta-a.bpmn)" in ms.issues[0].message
    # the lookups still answer, and walking up stops at the cycle
    a = node(ms, "07")
    assert ms.parent_of(a) is node(ms, "08")
    assert len(ms.path_to(a)) == 3


def test_map_that_is_its_own_parent(tmp_path):
    maps = {"peta-a.bpmn": bpmn("Proses_A", "Pengelolaan Arsip", jenis="lintasFungsi", level=2,
                                kode="07.01", parent_kode="07.01")}
    ms = read_set(write(tmp_path / "peta", maps))
    assert codes(ms) == [("CYCLE", "peta-a.bpmn", "Proses_A")]


def test_orphan_map(tmp_path):
    maps = clean_chain()
    maps["sop-tanpa-induk.bpmn"] = bpmn(
        "Proses_SOP_Akta", "Penerbitan Akta Kelahiran", jenis="sop", level=3,
        parent_kode="01.02.09", kode="01.02.09.01")
    ms = read_set(write(tmp_path / "peta", maps))
    assert codes(ms) == [("ORPHAN_MAP", "sop-tanpa-induk.bpmn", "Defs")]
    assert "'01.02.09'" in ms.issues[0].message
    assert ms.parent_of(node(ms, "01.02.09.01")) is None


def test_dangling_child_map(tmp_path):
    maps = clean_chain()
    maps["pemda-level0.bpmn"] = maps["pemda-level0.bpmn"].replace(
        'ppb:kode="02" ppb:kategori="inti"',
        'ppb:kode="02" ppb:kategori="inti" ppb:childMap="peta-level1-dinkes.bpmn"')
    ms = read_set(write(tmp_path / "peta", maps))
    assert codes(ms) == [("DANGLING_CHILD_MAP", "pemda-level0.bpmn", "Sub_02")]
    assert ms.issues[0].message == ("ppb:childMap 'peta-level1-dinkes.bpmn' pada 'Pelayanan "
                                    "Kesehatan' tidak ditemukan dalam set peta.")


def test_call_activity_across_files(tmp_path):
    maps = {
        "pemda-level0.bpmn": bpmn(
            "Proses_Pemda", "Proses Bisnis Pemerintah Kota", jenis="level0", level=0,
            calls=(("Call_Perizinan", "Pelayanan Perizinan", "04", "Proses_DPMPTSP"),
                   ("Call_Arsip", "Pengelolaan Arsip", "09", "Proses_Arsip_Hilang"))),
        "dpmptsp-level1.bpmn": bpmn(
            "Proses_DPMPTSP", "Pelayanan Perizinan", jenis="subproses", level=1, kode="04",
            subs=(("Sub_04_01", "Perizinan Berusaha", "04.01", None),)),
    }
    ms = read_set(write(tmp_path / "peta", maps))
    call = ms.nodes_of("pemda-level0.bpmn")[1]
    assert call.scope.id == "Call_Perizinan"
    target = ms.children_of(call)
    assert [(n.file, n.scope.id) for n in target] == [("dpmptsp-level1.bpmn", "Proses_DPMPTSP")]
    assert ms.edge(call, target[0]).via == ["callActivity"]
    assert codes_on_path(ms, node(ms, "04.01")) == ["04", "04", "04.01"]
    # the call activity and the process it calls are one process: no duplicate code
    assert codes(ms) == [("DANGLING_CALLED_ELEMENT", "pemda-level0.bpmn", "Call_Arsip")]
    assert "Proses_Arsip_Hilang" in ms.issues[0].message
    assert ms.map_of_process_id("Proses_DPMPTSP") == "dpmptsp-level1.bpmn"


def test_unreadable_file_kept_in_the_set(tmp_path):
    maps = clean_chain()
    maps["rusak.bpmn"] = "<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>"
    maps["ktp-lintas-fungsi.bpmn"] = "ini bukan XML"
    ms = read_set(write(tmp_path / "peta", maps))
    assert [f.name for f in ms.files if not f.ok] == ["ktp-lintas-fungsi.bpmn", "rusak.bpmn"]
    assert ms.file("rusak.bpmn").error.code == "NOT_WELL_FORMED"
    assert set(ms.errors) == {"ktp-lintas-fungsi.bpmn", "rusak.bpmn"}
    assert "rusak.bpmn" not in ms.models
    # the child map named by 01.01 is in the set but cannot be read; the SOP under it is an orphan
    assert codes(ms) == [
        ("UNREADABLE_CHILD_MAP", "disdukcapil-level1.bpmn", "Sub_01_01"),
        ("ORPHAN_MAP", "sop-cetak-ktp.bpmn", "Defs"),
    ]


def test_zip_gives_the_same_set(tmp_path):
    folder = write(tmp_path / "peta", clean_chain())
    from_folder = read_set(folder)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(clean_chain(), reverse=True):
            zf.write(folder / name, f"peta-kota/{name}")
    zpath = tmp_path / "peta.zip"
    zpath.write_bytes(buf.getvalue())
    for ms in (read_set(zpath), read_zip_set(buf.getvalue())):
        assert [f.name for f in ms.files] == [f.name for f in from_folder.files]
        assert [(n.file, n.scope.id, n.kode, n.level) for n in ms.nodes] == \
            [(n.file, n.scope.id, n.kode, n.level) for n in from_folder.nodes]
        assert [(e.parent.index, e.child.index, e.via) for e in ms.edges] == \
            [(e.parent.index, e.child.index, e.via) for e in from_folder.edges]
        assert ms.issues == [] and from_folder.issues == []


def test_sub_folders_and_relative_child_map(tmp_path):
    maps = clean_chain()
    maps["pemda-level0.bpmn"] = maps["pemda-level0.bpmn"].replace(
        'ppb:childMap="disdukcapil-level1.bpmn"', 'ppb:childMap="opd/disdukcapil-level1.bpmn"')
    folder = write(tmp_path / "peta", {k: v for k, v in maps.items() if k.startswith("pemda")})
    write(folder / "opd", {k: v for k, v in maps.items() if not k.startswith("pemda")})
    ms = read_set(folder)
    assert ms.issues == []
    assert codes_on_path(ms, node(ms, "01.01.01.01")) == ["01", "01.01", "01.01.01", "01.01.01.01"]
    assert ms.edge(node(ms, "01.01"), node(ms, "01.01.01")).via == ["kode", "childMap"]


# -- the Kota Pariaman samples ----------------------------------------------------------------

@pytest.fixture(scope="module")
def samples():
    return read_set(sorted((SAMPLES / "pariaman").glob("*-baik.bpmn")))


@pytest.mark.parametrize("chain", [
    ["03", "03.01", "03.01.03"],
    ["04", "04.02", "04.02.01", "04.02.01.01"],
])
def test_samples_chains(samples, chain):
    leaf = node(samples, chain[-1])
    path = samples.path_to(leaf)
    root = path[0]
    assert (root.file, root.level, root.kode) == ("pemda-level0-baik.bpmn", 0, None)
    assert codes_on_path(samples, leaf) == chain
    for n in path[1:]:
        assert samples.parent_of(n) is not None


def test_samples_levels_and_links(samples):
    assert all(f.ok for f in samples.files)
    levels = {f.name: (f.map_type, f.level) for f in samples.files}
    assert levels["pemda-level0-baik.bpmn"] == ("level0", 0)
    assert levels["ktp-el-lintas-fungsi-baik.bpmn"] == ("lintasFungsi", 2)
    assert levels["sop-penerbitan-sip-bidan-baik.bpmn"] == ("sop", 3)
    # the DPMPTSP map writes ppb:childMap as a Camunda extension property
    assert samples.edge(node(samples, "04.02"), node(samples, "04.02.01")).via == ["kode", "childMap"]
    assert samples.edge(node(samples, "04.02.01"), node(samples, "04.02.01.01")).via == ["kode"]
    # the sample set is complete: every ppb:childMap names a map of the set
    assert samples.issues == []
    dinkes = samples.parent_of(node(samples, "02.01"))
    assert dinkes.file == "dinkes-level1-baik.bpmn"
    assert samples.edge(node(samples, "02"), dinkes).via == ["kode", "childMap"]


def test_ambiguous_links(tmp_path):
    """Camunda Modeler names every new process Process_1: a call naming an id two maps
    define, or a childMap file name found in two folders, links nothing and says so."""
    maps = {
        "pemda-level0.bpmn": bpmn(
            "Proses_Pemda", "Proses Bisnis Pemerintah Kota", jenis="level0", level=0,
            subs=(("Sub_05", "Pengelolaan Keuangan", "05", "keuangan.bpmn"),),
            calls=(("Call_Anggaran", "Penyusunan Anggaran", "06", "Process_1"),)),
    }
    folder = write(tmp_path / "peta", maps)
    for opd in ("bpkpd", "bappeda"):
        write(folder / opd, {"keuangan.bpmn": bpmn("Process_1", "Pengelolaan Keuangan Daerah",
                                                  jenis="subproses", level=1)})
    ms = read_set(folder)
    assert codes(ms) == [("AMBIGUOUS_CHILD_MAP", "pemda-level0.bpmn", "Sub_05"),
                         ("AMBIGUOUS_CALLED_ELEMENT", "pemda-level0.bpmn", "Call_Anggaran")]
    assert "bappeda/keuangan.bpmn, bpkpd/keuangan.bpmn" in ms.issues[0].message
    assert ms.map_of_process_id("Process_1") is None
    assert ms.files_of_process_id("Process_1") == ["bappeda/keuangan.bpmn", "bpkpd/keuangan.bpmn"]
    assert all(ms.children_of(n) == [] for n in ms.nodes_of("pemda-level0.bpmn")[1:])
