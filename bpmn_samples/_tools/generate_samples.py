"""Writes the sample maps of Kota Pariaman (run: python bpmn_samples/_tools/generate_samples.py).

The good maps go to bpmn_samples/pariaman/: together with bpmn_samples/rencana-pariaman.yaml
they form one illustrative set (Pemda Level 0 -> OPD Level 1 -> Peta Lintas Fungsi -> SOP)
that cascades and aligns with the plan. The flawed maps go to bpmn_samples/cacat/.

Most maps are built twice from one function: the good version (``cacat=False``)
and the flawed version with deliberate, realistic mistakes (``cacat=True``).
Every flaw is marked in the code with a comment "CACAT:" and listed in
bpmn_samples/manifest.yaml (section ``peta``) with the finding it must give.
The maps that exist only in the set (the Dinas Kesehatan Level 1 map and the
Peta Lintas Fungsi of :data:`LINTAS_FUNGSI`) have no flawed version.

The set is clean except for a few deliberate gaps a reviewer should find; each is
marked with a comment "CELAH:" (here and in the plan) and listed in the manifest
(section ``set``) with the finding it must give.

The KTP-el Peta Lintas Fungsi pair (ktp-el-lintas-fungsi-*.bpmn) is kept by
hand, not generated: other tests rely on its exact element ids.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmnkit import Doc, Inner  # noqa: E402

OUT = Path(__file__).resolve().parent.parent
SET_DIR = "pariaman"      # the good maps: one set with the plan
FLAWED_DIR = "cacat"      # the flawed maps

ILUSTRATIF = ("ILUSTRATIF: peta contoh untuk peragaan ppb-validator, bukan dokumen resmi Pemerintah "
              "Kota Pariaman. Fakta publik hanya nama Kota Pariaman, kode wilayah 13.77, kode urusan "
              "Permendagri 90/2019 dan nama umum perangkat daerahnya; rincian proses, kode proses, "
              "pemilik, unit kerja, waktu, nomor dan tanggal adalah rekaan.")

OPD = {
    "disdikpora": "Dinas Pendidikan Pemuda dan Olahraga",
    "dinkes": "Dinas Kesehatan",
    "disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
    "dpmptsp": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "disparbud": "Dinas Pariwisata dan Kebudayaan",
    "satpol": "Dinas Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
    "bpkpd": "Badan Pengelolaan Keuangan dan Pendapatan Daerah",
    "bkpsdm": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "kominfo": "Dinas Komunikasi dan Informatika",
    "bappeda": "Badan Perencanaan Pembangunan Daerah",
    "setda": "Sekretariat Daerah",
    "inspektorat": "Inspektorat",
}

# OPD of an OPD-tier map: instansi, ppb:kodeOrganisasi and its Renstra (ppb:dokumenAcuan),
# as in bpmn_samples/rencana-pariaman.yaml
OPD_MAP = {
    "disdukcapil": ("Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman", "2.12.0.00.0.00.01.0000",
                    "RENSTRA-2.12-2025-2029"),
    "dpmptsp": ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
                "2.18.0.00.0.00.01.0000", "RENSTRA-2.18-2025-2029"),
    "dinkes": ("Dinas Kesehatan Kota Pariaman", "1.02.0.00.0.00.01.0000", "RENSTRA-1.02-2025-2029"),
}
RPJMD = "RPJMD-1377-2025-2029"

# Lanes of the hand-kept KTP-el Peta Lintas Fungsi (ktp-el-lintas-fungsi-baik.bpmn)
KTP_EL_LANES = ["Petugas Loket Pelayanan", "Operator Perekaman Data", "Kepala Seksi Identitas Penduduk"]


def target(name: str, cacat: bool) -> str:
    """Where a map is written, relative to bpmn_samples/."""
    return f"{FLAWED_DIR}/{name}-cacat.bpmn" if cacat else f"{SET_DIR}/{name}-baik.bpmn"


def relasi(lanes) -> str:
    """ppb:relasi of a process that a Peta Lintas Fungsi details: the units (lane names) of
    that map, separated by '; ' (PPB-KLP-006)."""
    return "; ".join(lanes)


def collapsed(prefix: str, start: str, end: str) -> Inner:
    """Content of a collapsed sub-process: its boundary (input -> output) only; the
    detail is drawn in the child map."""
    return Inner([(f"{prefix}_Mulai", "startEvent", start), (f"{prefix}_Selesai", "endEvent", end)])


# ===========================================================================
# Peta Level 0 Pemerintah Kota Pariaman
# ===========================================================================

INTI_L0 = [
    # kode, id, nama, pemilik, pemicu, keluaran, childMap, sasaranRef, indikatorRef (RPJMD)
    # CELAH: 01, 05 dan 06 belum dijabarkan; perangkat daerahnya belum mengunggah peta Level 1,
    # sehingga ppb:childMap tidak diisi (PPB-LVL-004, PPB-ALN-008)
    # CELAH: 01 juga belum dikaitkan dengan sasaran RPJMD (tanpa ppb:sasaranRef; PPB-ALN-002)
    ("01", "Pendidikan", "Pelayanan Pendidikan", "disdikpora",
     "Kebutuhan layanan pendidikan", "Layanan pendidikan diterima peserta didik", None,
     None, None),
    ("02", "Kesehatan", "Pelayanan Kesehatan", "dinkes",
     "Kebutuhan layanan kesehatan", "Layanan kesehatan diterima masyarakat", "dinkes-level1-baik.bpmn",
     "S2.1", "IKU-2.1"),
    ("03", "Adminduk", "Pelayanan Administrasi Kependudukan", "disdukcapil",
     "Permohonan dokumen kependudukan", "Dokumen kependudukan diterbitkan", "disdukcapil-level1-baik.bpmn",
     "S4.2", "IKU-4.2"),
    ("04", "Perizinan", "Pelayanan Perizinan dan Penanaman Modal", "dpmptsp",
     "Permohonan perizinan", "Izin diterbitkan", "dpmptsp-level1-baik.bpmn",
     "S4.2 S4.4", "IKU-4.2 IKU-4.4"),
    ("05", "Pariwisata", "Pengembangan Pariwisata dan Kebudayaan", "disparbud",
     "Potensi wisata dan budaya teridentifikasi", "Destinasi dan atraksi wisata dikunjungi", None,
     "S1.1", "IKU-1.1"),
    ("06", "Trantibum", "Ketenteraman dan Ketertiban Umum", "satpol",
     "Laporan gangguan ketertiban", "Ketertiban umum terjaga", None,
     "S3.1", "IKU-3.1"),
]
PENDUKUNG_L0 = [
    # kode, id, nama, pemilik, pemicu, keluaran, sasaranRef (sasaran tata kelola misi 4)
    ("07", "Keuangan", "Pengelolaan Keuangan dan Aset Daerah", "bpkpd",
     "DPA perangkat daerah ditetapkan", "Laporan keuangan daerah tersusun", "S4.1"),
    ("08", "SDMAparatur", "Pengelolaan SDM Aparatur", "bkpsdm",
     "Kebutuhan pegawai dianalisis", "Pegawai kompeten tersedia", "S4.1"),
    ("09", "SPBE", "Pengelolaan SPBE dan Persandian", "kominfo",
     "Kebutuhan layanan TIK diterima", "Layanan TIK tersedia", "S4.3"),
]
MANAJEMEN_L0 = [
    ("10", "Perencanaan", "Perencanaan dan Penganggaran Daerah", "bappeda",
     "Aspirasi dan usulan pembangunan diterima", "APBD ditetapkan", "S4.1"),
    ("11", "Kelembagaan", "Penataan Kelembagaan dan Tata Laksana", "setda",
     "Hasil evaluasi kelembagaan diterima", "Peta proses bisnis dan SOP ditetapkan", "S4.2"),
    ("12", "Pengawasan", "Pengawasan Internal", "inspektorat",
     "Program kerja pengawasan tahunan ditetapkan", "Laporan hasil pengawasan diterbitkan", "S4.1"),
    ("13", "Kinerja", "Evaluasi dan Pelaporan Kinerja", "setda",
     "Capaian kinerja perangkat daerah dihimpun", "LKjIP dan LPPD disampaikan", "S4.1"),
]


def level0(cacat: bool) -> Doc:
    defs = {"jenisPeta": "level0", "level": "0", "tingkat": "pemda",
            "instansi": "Pemerintah Kota Pariaman", "dokumenAcuan": RPJMD,
            "tahun": "2025", "versi": "1.0", "tanggalPenetapan": "2025-12-15",
            "nomorPenetapan": "100.3.3.2/245/2025"}  # nomor ILUSTRATIF
    comment = ILUSTRATIF
    if cacat:
        # CACAT: metadata tahun dan versi belum diisi
        del defs["tahun"], defs["versi"], defs["tanggalPenetapan"], defs["nomorPenetapan"]
        comment += (" VERSI CACAT untuk peragaan: tanpa kelompok Proses Pendukung, rincian task di "
                    "Level 0, kategori dan pemilik kosong, kode ganda dan kode tidak hierarkis, "
                    "subproses tanpa isi, metadata tahun/versi kosong.")
    d = Doc("Definitions_PetaLevel0_PemkoPariaman", comment, defs)
    masy = d.pool("Participant_Masyarakat", "Masyarakat Kota Pariaman",
                  {"pemangku": "eksternal", "peranSipoc": "both"})
    lanes = [("Lane_ProsesInti", "Proses Inti")]
    if not cacat:
        lanes.append(("Lane_ProsesPendukung", "Proses Pendukung"))
    # CACAT: kelompok Proses Pendukung tidak digambar sama sekali
    lanes.append(("Lane_ProsesManajemen", "Proses Manajemen"))
    pemko = d.pool("Participant_PemkoPariaman", "Pemerintah Kota Pariaman", {"pemangku": "internal"},
                   process="Proses_PemkoPariaman", process_name="Proses Bisnis Pemerintah Kota Pariaman",
                   lanes=lanes)
    dprd = d.pool("Participant_DPRD", "DPRD Kota Pariaman", {"pemangku": "eksternal", "peranSipoc": "both"})
    prov = d.pool("Participant_PemprovSumbar", "Pemerintah Provinsi Sumatera Barat",
                  {"pemangku": "eksternal", "peranSipoc": "both"})

    # --- Proses Inti: each service starts with a request of the community ---
    inti = (pemko, "Lane_ProsesInti")
    pitch = 2.3
    for i, (kode, key, nama, opd, pemicu, keluaran, child, sasaran, indikator) in enumerate(INTI_L0):
        c = i * pitch
        attrs = {"kode": kode, "kategori": "inti", "pemilik": OPD[opd], "output": keluaran,
                 "sasaranRef": sasaran, "indikatorRef": indikator, "childMap": child}
        if cacat and kode == "05":
            # CACAT: kategori proses belum diisi
            del attrs["kategori"]
        if cacat and kode == "06":
            # CACAT: kode ganda (sama dengan Pengembangan Pariwisata dan Kebudayaan)
            attrs["kode"] = "05"
        if cacat and kode == "02":
            # CACAT: pemilik proses inti belum diisi
            del attrs["pemilik"]
        start = d.node(f"Start_{key}", "startEvent", pemicu, inti, c, event="message")
        inner = collapsed(f"{key}", pemicu + " diterima" if not pemicu.endswith("teridentifikasi")
                          else pemicu, keluaran)
        if cacat and kode == "04":
            # CACAT: subproses yang dilipat dibiarkan kosong (tanpa start dan end event)
            inner = None
        sub = d.node(f"Sub_{kode}_{key}", "subProcess", nama, inti, c + 0.8, attrs=attrs, inner=inner)
        end = d.node(f"End_{key}", "endEvent", keluaran, inti, c + 1.6)
        d.chain(f"Flow_{key}", [start, sub, end])
        d.message(f"Msg_Permohonan_{key}", masy, start, pemicu, label_side="left")
        d.message(f"Msg_Layanan_{key}", sub, masy, keluaran)

    # --- Proses Pendukung ---
    if not cacat:
        pend = (pemko, "Lane_ProsesPendukung")
        start = d.node("Start_Pendukung", "startEvent", "Tahun anggaran dimulai", pend, 0,
                       event="timer", event_body=(
                           '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2025-01-01T08:00:00/P1Y'
                           "</bpmn:timeCycle>"))
        nodes = [start]
        for i, (kode, key, nama, opd, pemicu, keluaran, sasaran) in enumerate(PENDUKUNG_L0, 1):
            nodes.append(d.node(f"Sub_{kode}_{key}", "subProcess", nama, pend, i,
                                attrs={"kode": kode, "kategori": "pendukung", "pemilik": OPD[opd],
                                       "sasaranRef": sasaran},
                                inner=collapsed(key, pemicu, keluaran)))
        nodes.append(d.node("End_Pendukung", "endEvent", "Sumber daya pemerintahan tersedia", pend,
                            len(PENDUKUNG_L0) + 1))
        d.chain("Flow_Pendukung", nodes)

    # --- Proses Manajemen ---
    man = (pemko, "Lane_ProsesManajemen")
    start = d.node("Start_Manajemen", "startEvent", "Siklus perencanaan tahunan dimulai", man, 0)
    nodes = [start]
    subs = {}
    for i, (kode, key, nama, opd, pemicu, keluaran, sasaran) in enumerate(MANAJEMEN_L0, 1):
        attrs = {"kode": kode, "kategori": "manajemen", "pemilik": OPD[opd], "sasaranRef": sasaran}
        if cacat and kode == "11":
            # CACAT: rincian aktivitas (task) digambar di Level 0
            nodes.append(d.node("Task_SusunRKPD", "userTask", "Menyusun rancangan RKPD", man, i))
            continue
        if cacat and kode == "12":
            nodes.append(d.node("Task_BahasKUAPPAS", "userTask", "Membahas KUA-PPAS bersama DPRD", man, i))
            continue
        if cacat and kode == "13":
            # CACAT: kode tidak mengikuti pola dua digit ("13" ditulis "13.A")
            attrs["kode"] = "13.A"
        subs[kode] = d.node(f"Sub_{kode}_{key}", "subProcess", nama, man, i, attrs=attrs,
                            inner=collapsed(key, pemicu, keluaran))
        nodes.append(subs[kode])
    nodes.append(d.node("End_Manajemen", "endEvent", "Kinerja Pemda dipertanggungjawabkan", man,
                        len(MANAJEMEN_L0) + 1))
    d.chain("Flow_Manajemen", nodes)

    d.message("Msg_RaperdaAPBD", subs["10"], dprd, "Rancangan Perda APBD", dx_src=-25, label_side="left")
    d.message("Msg_PersetujuanAPBD", dprd, subs["10"], "Persetujuan bersama Perda APBD", dx_tgt=0)
    d.message("Msg_EvaluasiAPBD", prov, subs["10"], "Hasil evaluasi Ranperda APBD", dx_tgt=25)
    d.message("Msg_LKPJ", subs["13"], dprd, "LKPJ Wali Kota", dx_src=-15, label_side="left")
    d.message("Msg_LPPD", subs["13"], prov, "LPPD", dx_src=15)
    d.file = target("pemda-level0", cacat)
    return d



# ===========================================================================
# Peta Level 1 OPD: Dinas Kependudukan dan Pencatatan Sipil (menjabarkan 03)
# ===========================================================================

def opd_defs(opd: str) -> dict:
    instansi, kode_organisasi, renstra = OPD_MAP[opd]
    return {"instansi": instansi, "kodeOrganisasi": kode_organisasi, "dokumenAcuan": renstra}


def detail(kode: str) -> dict:
    """ppb:childMap and ppb:relasi of the Level 1 process ``kode``: the Peta Lintas Fungsi of
    the set that details it, and that map's lanes as the units taking part."""
    file, lanes = lintas_fungsi_of(kode)
    return {"childMap": file, "relasi": relasi(lanes)}


def disdukcapil_level1(cacat: bool) -> Doc:
    defs = {"jenisPeta": "subproses", "level": "1", "tingkat": "opd", "parentKode": "03",
            **opd_defs("disdukcapil"), "tahun": "2025", "versi": "1.0"}
    comment = ILUSTRATIF
    if cacat:
        comment += (" VERSI CACAT untuk peragaan: kode tidak mengikuti induk 03, urutan kode "
                    "terbalik pada alur, kode nomenklatur salah format, gateway keputusan bukan "
                    "pertanyaan, alur bertemu di end event tanpa gateway, subproses bercabang "
                    "tanpa gateway.")
    d = Doc("Definitions_PetaLevel1_Disdukcapil", comment, defs)
    penduduk = d.pool("Participant_Penduduk", "Penduduk Kota Pariaman",
                      {"pemangku": "eksternal", "peranSipoc": "both"})
    dinas = d.pool("Participant_Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman",
                   {"pemangku": "internal"}, process="Proses_Disdukcapil",
                   process_name="Pelayanan Administrasi Kependudukan dan Pencatatan Sipil",
                   lanes=[("Lane_Dafduk", "Bidang Pelayanan Pendaftaran Penduduk"),
                          ("Lane_Capil", "Bidang Pelayanan Pencatatan Sipil"),
                          ("Lane_PIAK", "Bidang Pengelolaan Informasi Administrasi Kependudukan", 2)])
    ditjen = d.pool("Participant_DitjenDukcapil",
                    "Direktorat Jenderal Kependudukan dan Pencatatan Sipil Kemendagri",
                    {"pemangku": "eksternal", "peranSipoc": "supplier"}, span=(-0.8, 3.95))
    lembaga = d.pool("Participant_LembagaPengguna", "Lembaga Pengguna Data Kependudukan",
                     {"pemangku": "eksternal", "peranSipoc": "customer"}, span=(4.05, 7.2),
                     beside=ditjen)
    daf, capil, piak = (dinas, "Lane_Dafduk"), (dinas, "Lane_Capil"), (dinas, "Lane_PIAK")

    def sub(kode, key, nama, where, col, row=0, *, nomenklatur, output, pemilik, start, end,
            sasaran=None, indikator=None):
        attrs = {"kode": kode, "kategori": "inti", "pemilik": pemilik, "nomenklatur": nomenklatur,
                 "output": output, "sasaranRef": sasaran, "indikatorRef": indikator, **detail(kode)}
        return d.node(f"Sub_{kode.replace('.', '_')}_{key}", "subProcess", nama, where, col, row,
                      attrs=attrs, inner=collapsed(key, start, end))

    start = d.node("Start_PermohonanAdminduk", "startEvent", "Permohonan layanan adminduk diterima",
                   daf, 0, event="message")
    gw = d.node("Gateway_JenisLayanan", "exclusiveGateway",
                "Jenis layanan" if cacat else "Jenis layanan?", daf, 1)  # CACAT: bukan pertanyaan
    s01 = sub("03.01", "Dafduk", "Pelayanan Pendaftaran Penduduk", daf, 2,
              # CACAT: kode program ditulis tanpa nol di depan (2.12.2)
              nomenklatur="2.12.2" if cacat else "2.12.02 2.12.02.2.01",
              output="KTP-el, Kartu Keluarga, KIA, surat pindah",
              pemilik="Bidang Pelayanan Pendaftaran Penduduk", sasaran="DUK-S1", indikator="DUK-I1.1",
              start="Permohonan pendaftaran penduduk diterima", end="Dokumen pendaftaran diterbitkan")
    s02 = sub("03.02", "Capil", "Pelayanan Pencatatan Sipil", capil, 3,
              nomenklatur="2.12.03 2.12.03.2.01",
              output="Akta kelahiran, akta kematian, akta perkawinan dan perceraian",
              pemilik="Bidang Pelayanan Pencatatan Sipil", sasaran="DUK-S1", indikator="DUK-I1.2",
              start="Permohonan pencatatan sipil diterima", end="Akta pencatatan sipil diterbitkan")
    end = d.node("End_DokumenTerbit", "endEvent", "Dokumen kependudukan diterbitkan", daf, 5)
    d.flow("Flow_KeGateway", start, gw)
    d.flow("Flow_Pendaftaran", gw, s01, "Pendaftaran penduduk")
    d.flow("Flow_Pencatatan", gw, s02, "Pencatatan sipil")
    if cacat:
        # CACAT: dua alur langsung masuk ke end event tanpa gateway penggabung
        d.flow("Flow_DafdukSelesai", s01, end)
        d.flow("Flow_CapilSelesai", s02, end)
    else:
        join = d.node("Gateway_Gabung", "exclusiveGateway", None, daf, 4)
        d.flow("Flow_DafdukSelesai", s01, join)
        d.flow("Flow_CapilSelesai", s02, join)
        d.flow("Flow_Selesai", join, end)

    tstart = d.node("Start_JadwalKonsolidasi", "startEvent", "Jadwal konsolidasi data semesteran",
                    piak, 2.4, event="timer", event_body=(
                        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2025-06-30T08:00:00/P6M'
                        "</bpmn:timeCycle>"))
    s03 = sub("03.03", "PIAK", "Pengelolaan Informasi Administrasi Kependudukan", piak, 3.4,
              nomenklatur="2.12.04 2.12.04.2.01", output="Database kependudukan terkonsolidasi",
              pemilik="Bidang Pengelolaan Informasi Administrasi Kependudukan",
              sasaran="DUK-S2", indikator="DUK-I2.2",
              start="Data hasil pelayanan terkumpul", end="Data kependudukan terkonsolidasi")
    s04 = sub("03.04", "Pemanfaatan", "Pemanfaatan Data dan Profil Kependudukan", piak, 4.6,
              nomenklatur="2.12.05 2.12.05.2.01", output="Profil kependudukan dan hak akses data",
              pemilik="Bidang Pengelolaan Informasi Administrasi Kependudukan",
              sasaran="DUK-S2", indikator="DUK-I2.1",
              start="Permintaan pemanfaatan data diterima", end="Data kependudukan dimanfaatkan")
    if cacat:
        # CACAT: kode disalin dari peta Dinas Kesehatan, tidak berinduk 03
        s02.attrs["kode"] = "02.02"
        # CACAT: kode tertukar: 03.04 dikerjakan sebelum 03.03 pada alur
        s03.attrs["kode"], s04.attrs["kode"] = "03.04", "03.03"
    tend = d.node("End_DataDimanfaatkan", "endEvent", "Data dan profil kependudukan tersaji", piak, 5.6)
    if cacat:
        # CACAT: subproses bercabang ke dua arah tanpa gateway (percabangan tersirat)
        d.flow("Flow_PIAK_1", tstart, s03)
        d.flow("Flow_PIAK_2", s03, s04)
        d.flow("Flow_PIAK_Langsung", s03, tend, route="below")
        d.flow("Flow_PIAK_3", s04, tend)
    else:
        d.chain("Flow_PIAK", [tstart, s03, s04, tend])

    d.message("Msg_Permohonan", penduduk, start, "Permohonan dan berkas persyaratan", label_side="left")
    d.message("Msg_DokumenDafduk", s01, penduduk, "KTP-el, KK, KIA")
    d.message("Msg_AktaCapil", s02, penduduk, "Akta pencatatan sipil", dx_src=20)
    d.message("Msg_DataHasil", s03, ditjen, "Data hasil perekaman", dx_src=-20, label_side="left")
    d.message("Msg_DataKonsolidasi", ditjen, s03, "Data konsolidasi bersih", dx_tgt=20, label_dy=16)
    d.message("Msg_PermintaanData", lembaga, s04, "Permintaan hak akses data", dx_tgt=-20,
              label_side="left", label_dy=-16)
    d.message("Msg_DataProfil", s04, lembaga, "Data dan profil kependudukan", dx_src=20)
    d.file = target("disdukcapil-level1", cacat)
    return d



# ===========================================================================
# Peta Level 1 OPD: DPMPTSP (menjabarkan 04), atribut ditulis sebagai
# camunda:property seperti oleh pengguna Camunda Modeler
# ===========================================================================

def dpmptsp_level1(cacat: bool) -> Doc:
    defs = {"jenisPeta": "subproses", "level": "1", "tingkat": "opd", "parentKode": "04",
            **opd_defs("dpmptsp"), "tahun": "2025", "versi": "1.1", "tanggalPenetapan": "2025-11-20",
            "nomorPenetapan": "500.16/112/DPMPTSP/2025"}  # nomor ILUSTRATIF
    comment = ILUSTRATIF + (" Atribut ppb pada elemen ditulis sebagai camunda:property (Camunda "
                            "Modeler, panel Extension properties).")
    if cacat:
        # CACAT: nama instansi tidak dicantumkan
        del defs["instansi"]
        comment += (" VERSI CACAT untuk peragaan: pemangku kepentingan tidak digambar, start event "
                    "bercabang tanpa gateway, kode proses kosong, kode nomenklatur salah format, "
                    "start event tanpa nama, instansi tidak dicantumkan.")
    d = Doc("Definitions_PetaLevel1_DPMPTSP", comment, defs, camunda=True)
    if not cacat:
        pemohon = d.pool("Participant_PelakuUsaha", "Pelaku Usaha dan Pemohon Izin",
                         {"pemangku": "eksternal", "peranSipoc": "both"})
    # CACAT: tidak ada pool pemangku kepentingan (pemohon, OSS, perangkat daerah teknis)
    dinas = d.pool("Participant_DPMPTSP",
                   "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
                   {"pemangku": "internal"}, process="Proses_DPMPTSP",
                   process_name="Pelayanan Perizinan dan Penanaman Modal",
                   lanes=[("Lane_Perizinan", "Bidang Pelayanan Perizinan dan Non Perizinan", 2),
                          ("Lane_Pengendalian", "Bidang Pengendalian Penanaman Modal"),
                          ("Lane_Promosi", "Bidang Promosi Penanaman Modal")])
    if not cacat:
        oss = d.pool("Participant_OSS", "Kementerian Investasi dan Hilirisasi/BKPM (Sistem OSS RBA)",
                     {"pemangku": "eksternal", "peranSipoc": "supplier"}, span=(-0.8, 2.4))
        teknis = d.pool("Participant_PDTeknis", "Perangkat Daerah Teknis Kota Pariaman",
                        {"pemangku": "internal", "peranSipoc": "supplier"}, span=(2.5, 6.0),
                        beside=oss)
        investor = d.pool("Participant_CalonInvestor", "Calon Investor dan Mitra Promosi",
                          {"pemangku": "eksternal", "peranSipoc": "customer"}, span=(6.1, 9.9),
                          beside=oss)
    izin, kendali, promosi = (dinas, "Lane_Perizinan"), (dinas, "Lane_Pengendalian"), (dinas, "Lane_Promosi")

    def sub(kode, key, nama, where, col, row=0, *, nomenklatur, output, pemilik, start, end,
            sasaran, indikator):
        attrs = {"kode": kode, "kategori": "inti", "pemilik": pemilik, "nomenklatur": nomenklatur,
                 "output": output, "sasaranRef": sasaran, "indikatorRef": indikator, **detail(kode)}
        return d.node(f"Sub_{key}", "subProcess", nama, where, col, row, attrs=attrs,
                      inner=collapsed(key, start, end))

    start = d.node("Start_PermohonanIzin", "startEvent", "Permohonan perizinan diajukan", izin, 0,
                   event="message")
    s01 = sub("04.01", "PerizinanBerusaha", "Pelayanan Perizinan Berusaha", izin, 2,
              # CACAT: kode sub kegiatan salah format (segmen tidak lengkap)
              nomenklatur="2.18.4.2.01.1" if cacat else "2.18.04 2.18.04.2.01 2.18.04.2.01.0001",
              output="NIB dan Perizinan Berusaha Berbasis Risiko terverifikasi",
              pemilik="Bidang Pelayanan Perizinan dan Non Perizinan",
              sasaran="DPM-S1 DPM-S2", indikator="DPM-I1.2 DPM-I2.1",
              start="Permohonan melalui OSS RBA masuk", end="Perizinan berusaha terverifikasi")
    s02 = sub("04.02", "PerizinanNonBerusaha", "Pelayanan Perizinan Non Berusaha", izin, 2.9, 1,
              nomenklatur="2.18.04 2.18.04.2.01 2.18.04.2.01.0002",
              output="Izin non berusaha (mis. Surat Izin Praktik tenaga kesehatan)",
              pemilik="Bidang Pelayanan Perizinan dan Non Perizinan",
              sasaran="DPM-S1", indikator="DPM-I1.1 DPM-I1.2",
              start="Permohonan izin non berusaha diterima", end="Izin non berusaha diterbitkan")
    end = d.node("End_KeputusanIzin", "endEvent", "Keputusan perizinan disampaikan", izin, 5)
    if cacat:
        # CACAT: start event langsung bercabang dua tanpa gateway (percabangan tersirat),
        # dan kedua cabang bertemu di end event tanpa gateway penggabung
        d.flow("Flow_KeBerusaha", start, s01)
        d.flow("Flow_KeNonBerusaha", start, s02)
        d.flow("Flow_BerusahaSelesai", s01, end)
        d.flow("Flow_NonBerusahaSelesai", s02, end)
    else:
        gw = d.node("Gateway_JenisIzin", "exclusiveGateway", "Jenis perizinan?", izin, 1)
        join = d.node("Gateway_GabungIzin", "exclusiveGateway", None, izin, 4)
        d.flow("Flow_KeGateway", start, gw)
        d.flow("Flow_KeBerusaha", gw, s01, "Perizinan berusaha")
        d.flow("Flow_KeNonBerusaha", gw, s02, "Non berusaha")
        d.flow("Flow_BerusahaSelesai", s01, join)
        d.flow("Flow_NonBerusahaSelesai", s02, join)
        d.flow("Flow_Selesai", join, end)

    kstart = d.node("Start_PeriodeLKPM", "startEvent", "Batas pelaporan LKPM triwulanan", kendali, 4.6,
                    event="timer", event_body=(
                        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2025-04-10T08:00:00/P3M'
                        "</bpmn:timeCycle>"))
    s03 = d.node("Sub_Pengendalian", "subProcess", "Pengendalian Pelaksanaan Penanaman Modal", kendali, 5.6,
                 attrs={"kode": "04.03", "kategori": "inti",
                        "pemilik": "Bidang Pengendalian Penanaman Modal",
                        "nomenklatur": "2.18.05 2.18.05.2.01", "output": "Laporan pengendalian penanaman modal",
                        # CELAH: DPM-S3 tidak bersambung ke sasaran RPJMD mana pun (PPB-ALN-005)
                        "sasaranRef": "DPM-S2 DPM-S3", "indikatorRef": "DPM-I2.1 DPM-I3.1",
                        **detail("04.03")},
                 inner=collapsed("Pengendalian", "LKPM diterima", "Pelaksanaan penanaman modal terpantau"))
    kend = d.node("End_PenanamanModalTerpantau", "endEvent", "Pelaksanaan penanaman modal terpantau",
                  kendali, 6.6)
    d.chain("Flow_Pengendalian", [kstart, s03, kend])
    # CACAT: start event tanpa nama
    pstart = d.node("Start_RencanaPromosi", "startEvent", None if cacat else "Rencana promosi investasi ditetapkan",
                    promosi, 5.9)
    s04 = d.node("Sub_Promosi", "subProcess", "Promosi Penanaman Modal", promosi, 6.9,
                 attrs={"kode": "04.04", "kategori": "inti",
                        "pemilik": "Bidang Promosi Penanaman Modal",
                        "nomenklatur": "2.18.03 2.18.03.2.01", "output": "Informasi peluang investasi Kota Pariaman",
                        "sasaranRef": "DPM-S2", "indikatorRef": "DPM-I2.1", **detail("04.04")},
                 inner=collapsed("Promosi", "Rencana promosi ditetapkan", "Peluang investasi dipromosikan"))
    if cacat:
        # CACAT: kode proses belum diisi
        del s04.attrs["kode"]
    pend = d.node("End_InvestasiDipromosikan", "endEvent", "Peluang investasi dipromosikan", promosi, 7.9)
    d.chain("Flow_Promosi", [pstart, s04, pend])

    if not cacat:
        d.message("Msg_Permohonan", pemohon, start, "Permohonan dan dokumen persyaratan",
                  label_side="left")
        d.message("Msg_IzinBerusaha", s01, pemohon, "NIB dan Perizinan Berusaha")
        d.message("Msg_IzinNonBerusaha", s02, pemohon, "Izin non berusaha", dx_src=20)
        d.message("Msg_LKPM", pemohon, s03, "Laporan Kegiatan Penanaman Modal (LKPM)")
        d.message("Msg_DataOSS", oss, s01, "Data permohonan OSS RBA", dx_tgt=-20, label_side="left")
        d.message("Msg_PermintaanRekomendasi", s02, teknis, "Permintaan rekomendasi teknis",
                  dx_src=-30, label_side="left")
        d.message("Msg_Rekomendasi", teknis, s02, "Rekomendasi teknis", dx_tgt=-10)
        d.message("Msg_InfoInvestasi", s04, investor, "Profil dan peluang investasi")
    d.file = target("dpmptsp-level1", cacat)
    return d


# ===========================================================================
# Peta Lintas Fungsi: Penerbitan Surat Izin Praktik Tenaga Kesehatan (04.02.01)
# ===========================================================================

def mutu(kelengkapan, waktu, output):
    return {"mutuKelengkapan": kelengkapan, "mutuWaktu": waktu, "mutuOutput": output}


# lanes of the SIP Peta Lintas Fungsi: units of DPMPTSP and Dinas Kesehatan, and the head of
# DPMPTSP who signs (full title: the map spans two OPDs), named as in the organisation master
SIP_LANES = [("Lane_FrontOffice", "Seksi Pelayanan Perizinan (Front Office)", 2),
             ("Lane_Dinkes", "Bidang Sumber Daya Kesehatan", 2),
             ("Lane_BackOffice", "Seksi Pengolahan dan Penerbitan Perizinan"),
             ("Lane_Pimpinan", "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")]


def sip_lintas_fungsi(cacat: bool) -> Doc:
    defs = {"jenisPeta": "lintasFungsi", "level": "2", "tingkat": "opd", "parentKode": "04.02",
            **opd_defs("dpmptsp"), "tahun": "2025", "versi": "1.0"}
    comment = ILUSTRATIF
    if cacat:
        comment += (" VERSI CACAT untuk peragaan: digambar tanpa lane unit, uraian aktivitas "
                    "berupa kata benda atau diawali subjek, waktu berupa rentang, keputusan tanpa "
                    "tanda tanya dan cabang tanpa label, end event tanpa nama, keluaran proses "
                    "tidak dinyatakan.")
    d = Doc("Definitions_LintasFungsi_SIPNakes", comment, defs)
    pemohon = d.pool("Participant_PemohonSIP", "Pemohon (Tenaga Kesehatan)",
                     {"pemangku": "eksternal", "peranSipoc": "both"})
    proc_attrs = {"kode": "04.02.01", "kategori": "inti",
                  "pemilik": "Bidang Pelayanan Perizinan dan Non Perizinan",
                  "sasaranRef": "DPM-S1", "indikatorRef": "DPM-I1.2",
                  "output": "Surat Izin Praktik tenaga kesehatan diterbitkan",
                  "standarWaktu": "5 hari kerja"}
    if cacat:
        # CACAT: keluaran proses (ppb:output) tidak dinyatakan
        del proc_attrs["output"]
    lanes = SIP_LANES
    # CACAT: peta lintas fungsi digambar tanpa lane (satu pool saja)
    pemko = d.pool("Participant_PemkoSIP", "Pemerintah Kota Pariaman", {"pemangku": "internal"},
                   process="Proses_PenerbitanSIP",
                   process_name="Penerbitan Surat Izin Praktik Tenaga Kesehatan",
                   process_attrs=proc_attrs, lanes=None if cacat else lanes, rows=4)
    if cacat:
        fo0 = fo1 = din0 = din1 = bo = pim = pemko
        r = {"fo0": 0, "fo1": 1, "din0": 1, "din1": 2, "bo": 2, "pim": 3}
    else:
        fo0 = fo1 = (pemko, "Lane_FrontOffice")
        din0 = din1 = (pemko, "Lane_Dinkes")
        bo, pim = (pemko, "Lane_BackOffice"), (pemko, "Lane_Pimpinan")
        r = {"fo0": 0, "fo1": 1, "din0": 0, "din1": 1, "bo": 0, "pim": 0}

    start = d.node("Start_PermohonanSIP", "startEvent", "Permohonan SIP diterima", fo0, 0,
                   r["fo0"], event="message")
    periksa = d.node("Task_PeriksaKelengkapan", "userTask",
                     # CACAT: kata benda (nominalisasi), bukan kata kerja aktif
                     "Pemeriksaan kelengkapan berkas" if cacat else "Memeriksa kelengkapan berkas permohonan",
                     fo0, 1, r["fo0"],
                     mutu("Formulir permohonan, STR, rekomendasi organisasi profesi, surat keterangan "
                          "tempat praktik", "30 menit", "Berkas permohonan terperiksa"))
    gw1 = d.node("Gateway_BerkasLengkapSIP", "exclusiveGateway",
                 "Berkas lengkap" if cacat else "Berkas lengkap?", fo0, 2, r["fo0"])  # CACAT: bukan pertanyaan
    kembali = d.node("Task_KembalikanBerkasSIP", "userTask", "Mengembalikan berkas kepada pemohon",
                     fo0, 3, r["fo0"], mutu("Daftar kekurangan berkas", "10 menit",
                                            "Berkas dan catatan kekurangan diterima pemohon"))
    end_kembali = d.node("End_BerkasDikembalikanSIP", "endEvent", "Berkas dikembalikan kepada pemohon",
                         fo0, 4, r["fo0"])
    registrasi = d.node("Task_RegistrasiPermohonan", "userTask",
                        # CACAT: diawali subjek (jabatan pelaksana)
                        "Petugas loket meregistrasi permohonan" if cacat
                        else "Meregistrasi permohonan pada aplikasi perizinan", fo1, 3, r["fo1"],
                        mutu("Berkas permohonan lengkap", "15 menit", "Nomor registrasi dan tanda terima"))
    verifikasi = d.node("Task_VerifikasiTeknis", "userTask",
                        "Memverifikasi dokumen dan meninjau tempat praktik", din0, 4, r["din0"],
                        mutu("Berkas teregistrasi, formulir peninjauan lapangan",
                             # CACAT: waktu berupa rentang
                             "2-3 hari kerja" if cacat else "2 hari kerja",
                             "Berita acara verifikasi lapangan"))
    gw2 = d.node("Gateway_MemenuhiSyarat", "exclusiveGateway", "Memenuhi persyaratan teknis?", din0, 5,
                 r["din0"])
    rekom = d.node("Task_RekomendasiTeknis", "userTask", "Menerbitkan rekomendasi teknis", din0, 6,
                   r["din0"], mutu("Berita acara verifikasi lapangan", "1 hari kerja",
                                   "Surat rekomendasi teknis"))
    tolak = d.node("Task_RekomendasiPenolakan", "userTask", "Menyusun rekomendasi penolakan", din1, 6,
                   r["din1"], mutu("Berita acara verifikasi lapangan", "1 hari kerja",
                                   "Surat rekomendasi penolakan"))
    sampaikan = d.node("Task_SampaikanPenolakan", "userTask",
                       "Menyampaikan pemberitahuan penolakan kepada pemohon", fo0, 7, r["fo0"],
                       mutu("Surat rekomendasi penolakan", "1 jam",
                            "Surat pemberitahuan penolakan diterima pemohon"))
    end_tolak = d.node("End_PermohonanDitolak", "endEvent", "Permohonan ditolak", fo0, 8, r["fo0"])
    draf = d.node("Task_DrafSIP", "userTask", "Menyusun draf SIP", bo, 7, r["bo"],
                  mutu("Surat rekomendasi teknis", "2 jam", "Draf SIP"))
    ttd = d.node("Task_TandatanganSIP", "userTask", "Menandatangani SIP secara elektronik", pim, 8, r["pim"],
                 mutu("Draf SIP", "1 jam", "SIP bertanda tangan elektronik"))
    serah = d.node("Task_SerahkanSIP", "userTask", "Menyerahkan SIP kepada pemohon", fo0, 9, r["fo0"],
                   mutu("SIP bertanda tangan elektronik", "30 menit", "SIP diterima pemohon"))
    # CACAT: end event akhir tanpa nama
    end_sip = d.node("End_SIPTerbit", "endEvent", None if cacat else "SIP diterima pemohon", fo0, 10, r["fo0"])

    d.flow("Flow_SIP_1", start, periksa)
    d.flow("Flow_SIP_2", periksa, gw1)
    d.flow("Flow_SIP_Tidak", gw1, kembali, "Tidak")
    d.flow("Flow_SIP_3", kembali, end_kembali)
    d.flow("Flow_SIP_Ya", gw1, registrasi, "Ya")
    d.flow("Flow_SIP_4", registrasi, verifikasi)
    d.flow("Flow_SIP_5", verifikasi, gw2)
    d.flow("Flow_SIP_Memenuhi", gw2, rekom, "Ya")
    # CACAT: cabang keputusan tanpa label
    d.flow("Flow_SIP_TidakMemenuhi", gw2, tolak, None if cacat else "Tidak")
    d.flow("Flow_SIP_6", tolak, sampaikan, mid_dx=-12)
    d.flow("Flow_SIP_7", sampaikan, end_tolak)
    d.flow("Flow_SIP_8", rekom, draf, mid_dx=12)
    d.flow("Flow_SIP_9", draf, ttd)
    d.flow("Flow_SIP_10", ttd, serah)
    d.flow("Flow_SIP_11", serah, end_sip)

    d.message("Msg_PermohonanSIP", pemohon, start, "Permohonan dan berkas persyaratan", label_side="left")
    d.message("Msg_BerkasKembali", kembali, pemohon, "Berkas dan catatan kekurangan")
    d.message("Msg_Penolakan", sampaikan, pemohon, "Surat pemberitahuan penolakan")
    d.message("Msg_SIP", serah, pemohon, "Surat Izin Praktik")
    d.file = target("sip-tenaga-kesehatan-lintas-fungsi", cacat)
    return d


# ===========================================================================
# SOP AP: Penerbitan Surat Izin Praktik Bidan (04.02.01.01), tegak, pelaksana
# sebagai kolom seperti format PermenPANRB 35/2012
# ===========================================================================

def durasi_kerja(cacat: bool, durasi: str) -> dict:
    """ppb:durasi for the simulation: the staff's working time on a task whose mutu baku
    waktu (days) is elapsed time, waiting for the field visit included (ILUSTRATIF)."""
    return {} if cacat else {"durasi": durasi}


def sop_sip_bidan(cacat: bool) -> Doc:
    defs = {"jenisPeta": "sop", "level": "3", "tingkat": "opd", "parentKode": "04.02.01",
            **opd_defs("dpmptsp"), "tahun": "2025", "versi": "2.0",
            "nomorSop": "800/017/SOP-DPMPTSP/2025",
            "tglPembuatan": "2025-03-10", "tglRevisi": "2025-09-01", "tglEfektif": "2025-10-01",
            "disahkanOleh": "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
            # nama dan NIP pejabat pengesah: ILUSTRATIF (not a real official)
            "disahkanNama": "Nama Pejabat Pengesah (ILUSTRATIF)", "disahkanNip": "19800101 200501 1 001",
            "judulSop": "Penerbitan Surat Izin Praktik Bidan",
            "dasarHukum": ("Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan; Peraturan Pemerintah "
                           "Nomor 28 Tahun 2024 tentang Peraturan Pelaksanaan Undang-Undang Nomor 17 "
                           "Tahun 2023 tentang Kesehatan; Peraturan Wali Kota Pariaman tentang "
                           "Pendelegasian Kewenangan Perizinan (ILUSTRATIF)"),
            "kualifikasiPelaksana": ("Memahami ketentuan perizinan tenaga kesehatan; mampu "
                                     "mengoperasikan aplikasi perizinan daerah"),
            "keterkaitan": "SOP Pelayanan Pengaduan Perizinan; SOP Penerbitan Rekomendasi Teknis Dinas Kesehatan",
            "peralatan": "Komputer, pemindai, aplikasi perizinan daerah, sertifikat elektronik",
            "peringatan": ("Apabila SOP tidak dilaksanakan, penerbitan SIP Bidan terlambat dan dapat "
                           "menimbulkan pengaduan masyarakat"),
            "pencatatan": "Register permohonan dan arsip elektronik SIP Bidan"}
    comment = ILUSTRATIF
    if cacat:
        # CACAT: identitas SOP tidak lengkap (tanggal efektif, pengesahan, peringatan)
        for key in ("tglEfektif", "disahkanOleh", "peringatan"):
            del defs[key]
        comment += (" VERSI CACAT untuk peragaan: gateway paralel, lane berisi nama orang, mutu "
                    "waktu kosong, waktu 'secepatnya', total waktu melebihi standar pelayanan, "
                    "uraian aktivitas kata benda, cabang keputusan tanpa label, aktivitas tanpa "
                    "lane, identitas SOP tidak lengkap.")
    d = Doc("Definitions_SOP_SIPBidan", comment, defs, vertical=True, row_h=190)
    # simulation parameters (ILUSTRATIF): arrivals, staff of the technical team, branch shares
    sim = {} if cacat else {"kedatangan": "6/hari"}
    lanes = [("Lane_PetugasFO", "Petugas Front Office", 2),
             ("Lane_TimTeknis", "Tim Teknis Perizinan Tenaga Kesehatan", 1,
              {} if cacat else {"kapasitas": "3"}),
             # CACAT: lane berisi nama orang, bukan jabatan
             ("Lane_Pengolah", "Ibu Rina, S.E." if cacat else "Pengolah Data Perizinan"),
             ("Lane_Kasi", "Kepala Seksi Pelayanan Perizinan"),
             ("Lane_Kadis", "Kepala Dinas")]
    pool = d.pool("Participant_DPMPTSP_SOP",
                  "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
                  {"pemangku": "internal"}, process="Proses_SOPSIPBidan",
                  process_name="Penerbitan Surat Izin Praktik Bidan",
                  process_attrs={"kode": "04.02.01.01", "kategori": "inti",
                                 "pemilik": "Bidang Pelayanan Perizinan dan Non Perizinan",
                                 "sasaranRef": "DPM-S1", "indikatorRef": "DPM-I1.2",
                                 "output": "Surat Izin Praktik Bidan diterbitkan",
                                 "standarWaktu": "5 hari kerja",
                                 # standar pelayanan (ILUSTRATIF): what PPB-SOP-012 compares
                                 # with the mutu baku; the flawed copy states none
                                 **({} if cacat else {
                                     "persyaratan": ("Formulir permohonan; Surat Tanda Registrasi (STR) "
                                                     "Bidan yang masih berlaku; Rekomendasi organisasi "
                                                     "profesi (IBI); Surat keterangan sehat dari dokter; "
                                                     "Pas foto berwarna 4x6 (2 lembar)"),
                                     "produk": "Surat Izin Praktik Bidan (SIPB)"})},
                  lanes=lanes)
    fo, tt, pd, ks, kd = ((pool, l[0]) for l in lanes)

    start = d.node("Start_PermohonanSIPBidan", "startEvent", "Permohonan SIP Bidan diterima", fo, 0,
                   attrs=sim)
    t1 = d.node("Task_TerimaBerkas", "task",
                # CACAT: kata benda (nominalisasi)
                "Penerimaan dan pemeriksaan berkas permohonan" if cacat
                else "Menerima dan memeriksa kelengkapan berkas permohonan", fo, 1,
                attrs=mutu("Formulir permohonan, STR Bidan, rekomendasi organisasi profesi (IBI), "
                           "surat keterangan sehat, pas foto", "30 menit", "Berkas permohonan terperiksa"))
    g1 = d.node("Gateway_BerkasLengkapBidan", "exclusiveGateway", "Berkas lengkap?", fo, 2)
    t2 = d.node("Task_KembalikanBerkasBidan", "task", "Mengembalikan berkas disertai catatan kekurangan",
                fo, 3, 1, mutu("Berkas permohonan dan daftar periksa", "10 menit",
                               "Tanda terima pengembalian berkas"))
    e_kembali = d.node("End_BerkasDikembalikanBidan", "endEvent", "Berkas dikembalikan kepada pemohon",
                       fo, 4, 1)
    t3 = d.node("Task_Registrasi", "task", "Meregistrasi permohonan dan menerbitkan tanda terima", fo, 3,
                attrs=mutu("Berkas permohonan lengkap", "15 menit", "Nomor registrasi dan tanda terima"))
    t4 = d.node("Task_VerifikasiLapangan", "task", "Memverifikasi dokumen dan meninjau tempat praktik",
                tt, 4, attrs=mutu("Berkas teregistrasi, formulir peninjauan lapangan",
                                  # CACAT: waktu verifikasi membuat total melebihi standar pelayanan
                                  "5 hari kerja" if cacat else "2 hari kerja",
                                  "Berita acara verifikasi lapangan"))
    t4.attrs.update(durasi_kerja(cacat, "segitiga(1,2,4 jam)"))
    g2 = d.node("Gateway_SyaratTeknis", "exclusiveGateway", "Memenuhi persyaratan teknis?", tt, 5)
    t5 = d.node("Task_RekomendasiBidan", "task", "Menerbitkan rekomendasi teknis", tt, 6,
                attrs=mutu("Berita acara verifikasi lapangan", "1 hari kerja", "Surat rekomendasi teknis"))
    t5.attrs.update(durasi_kerja(cacat, "eksponensial(1 jam)"))
    t6 = d.node("Task_SuratPenolakan", "task", "Menyusun dan menandatangani surat penolakan", ks, 6,
                attrs=mutu("Berita acara verifikasi lapangan", "1 jam", "Surat pemberitahuan penolakan"))
    e_tolak = d.node("End_DitolakBidan", "endEvent", "Permohonan ditolak dengan surat pemberitahuan", ks, 7)
    t7 = d.node("Task_DrafSIPBidan", "task", "Menyusun draf SIP Bidan", pd, 7,
                attrs=mutu("Surat rekomendasi teknis", "1 jam", "Draf SIP Bidan"))
    if cacat:
        # CACAT: mutu baku waktu tidak diisi
        del t7.attrs["mutuWaktu"]
    t8 = d.node("Task_ParafSIP", "task", "Memeriksa dan memaraf draf SIP Bidan", ks, 8,
                attrs=mutu("Draf SIP Bidan", "30 menit", "Draf SIP Bidan terparaf"))
    t9 = d.node("Task_TandatanganSIPBidan", "task", "Menandatangani SIP Bidan secara elektronik", kd, 9,
                # CACAT: waktu tidak terukur
                attrs=mutu("Draf SIP Bidan terparaf", "secepatnya" if cacat else "30 menit",
                           "SIP Bidan bertanda tangan elektronik"))
    t10 = d.node("Task_SerahkanSIPBidan", "task", "Menyerahkan SIP Bidan kepada pemohon", fo, 10,
                 attrs=mutu("SIP Bidan bertanda tangan elektronik", "15 menit",
                            "SIP Bidan dan tanda terima"),
                 # CACAT: aktivitas tidak tercatat pada lane mana pun
                 in_lane=not cacat)
    e_sip = d.node("End_SIPBidanTerbit", "endEvent", "SIP Bidan diterima pemohon", fo, 11)

    d.flow("Flow_Bidan_1", start, t1)
    d.flow("Flow_Bidan_2", t1, g1)
    d.flow("Flow_Bidan_Tidak", g1, t2, "Tidak", None if cacat else {"peluang": "0.15"})
    d.flow("Flow_Bidan_3", t2, e_kembali)
    d.flow("Flow_Bidan_Ya", g1, t3, "Ya", None if cacat else {"peluang": "0.85"})
    if cacat:
        # CACAT: gateway paralel (bukan simbol SOP AP): verifikasi lapangan dan cek STR bersamaan
        pg = d.node("Gateway_Paralel", "parallelGateway", None, fo, 4.4)
        cek = d.node("Task_CekSTR", "task", "Memeriksa keabsahan STR pada aplikasi SatuSehat SDMK", pd, 5.2,
                     attrs=mutu("Nomor STR pemohon", "30 menit", "Hasil pemeriksaan STR"))
        pj = d.node("Gateway_ParalelGabung", "parallelGateway", None, tt, 6.2)
        g2.col, t5.col, t6.col, e_tolak.col = 7, 8, 8, 9
        t7.col, t8.col, t9.col, t10.col, e_sip.col = 9, 10, 11, 12, 13
        d.flow("Flow_Bidan_4", t3, pg)
        d.flow("Flow_Bidan_Paralel1", pg, t4)
        d.flow("Flow_Bidan_Paralel2", pg, cek)
        d.flow("Flow_Bidan_Gabung1", t4, pj)
        d.flow("Flow_Bidan_Gabung2", cek, pj)
        d.flow("Flow_Bidan_5", pj, g2)
        t4.col = 5.2
    else:
        d.flow("Flow_Bidan_4", t3, t4)
        d.flow("Flow_Bidan_5", t4, g2)
    d.flow("Flow_Bidan_Memenuhi", g2, t5, "Ya", None if cacat else {"peluang": "0.9"})
    # CACAT: cabang keputusan tanpa label
    d.flow("Flow_Bidan_TidakMemenuhi", g2, t6, None if cacat else "Tidak",
           None if cacat else {"peluang": "0.1"})
    d.flow("Flow_Bidan_6", t6, e_tolak)
    d.flow("Flow_Bidan_7", t5, t7)
    d.flow("Flow_Bidan_8", t7, t8)
    d.flow("Flow_Bidan_9", t8, t9)
    d.flow("Flow_Bidan_10", t9, t10)
    d.flow("Flow_Bidan_11", t10, e_sip)
    d.file = target("sop-penerbitan-sip-bidan", cacat)
    return d


# ===========================================================================
# Peta Level 1 OPD: Dinas Kesehatan (menjabarkan 02); hanya di dalam set
# ===========================================================================

def dinkes_level1() -> Doc:
    defs = {"jenisPeta": "subproses", "level": "1", "tingkat": "opd", "parentKode": "02",
            **opd_defs("dinkes"), "tahun": "2025", "versi": "1.0", "tanggalPenetapan": "2025-12-01",
            "nomorPenetapan": "400.7/087/DINKES/2025"}  # nomor ILUSTRATIF
    d = Doc("Definitions_PetaLevel1_Dinkes", ILUSTRATIF, defs)
    nakes = d.pool("Participant_NakesFasyankes", "Tenaga Kesehatan dan Fasilitas Pelayanan Kesehatan",
                   {"pemangku": "eksternal", "peranSipoc": "both"}, span=(-0.8, 2.45))
    dpmptsp = d.pool("Participant_DPMPTSPMitra",
                     "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
                     {"pemangku": "internal", "peranSipoc": "both"}, span=(2.55, 5.8), beside=nakes)
    dinas = d.pool("Participant_Dinkes", "Dinas Kesehatan Kota Pariaman", {"pemangku": "internal"},
                   process="Proses_Dinkes", process_name="Pelayanan Kesehatan",
                   lanes=[("Lane_Yankes", "Bidang Pelayanan Kesehatan"),
                          ("Lane_SDK", "Bidang Sumber Daya Kesehatan")])
    yankes, sdk = (dinas, "Lane_Yankes"), (dinas, "Lane_SDK")

    start1 = d.node("Start_JadwalPembinaan", "startEvent", "Jadwal pembinaan mutu tahunan", yankes, 0,
                    event="timer", event_body=(
                        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2025-02-01T08:00:00/P1Y'
                        "</bpmn:timeCycle>"))
    s01 = d.node("Sub_02_01_MutuFasyankes", "subProcess", "Pembinaan Mutu Fasilitas Pelayanan Kesehatan",
                 yankes, 1, attrs={
                     "kode": "02.01", "kategori": "inti",
                     # CELAH: pemilik memakai nama bidang sebelum penataan organisasi; tidak ada
                     # pada master organisasi Dinas Kesehatan (PPB-KLP-004)
                     "pemilik": "Bidang Pelayanan dan Sumber Daya Kesehatan",
                     "nomenklatur": "1.02.02 1.02.02.2.01", "output": "Puskesmas terakreditasi",
                     "sasaranRef": "KES-S1", "indikatorRef": "KES-I1.1", **detail("02.01")},
                 inner=collapsed("MutuFasyankes", "Pembinaan mutu dimulai", "Mutu puskesmas terbina"))
    end1 = d.node("End_MutuTerbina", "endEvent", "Mutu fasilitas pelayanan kesehatan terbina", yankes, 2)
    d.chain("Flow_Mutu", [start1, s01, end1])

    start2 = d.node("Start_PermintaanRekomendasi", "startEvent", "Permintaan rekomendasi teknis diterima",
                    sdk, 3, event="message")
    s02 = d.node("Sub_02_02_PerizinanNakes", "subProcess",
                 "Pengendalian Perizinan Praktik Tenaga Kesehatan", sdk, 4, attrs={
                     "kode": "02.02", "kategori": "inti", "pemilik": "Bidang Sumber Daya Kesehatan",
                     "nomenklatur": "1.02.03 1.02.03.2.01 1.02.03.2.01.0001",
                     "output": "Rekomendasi teknis izin praktik tenaga kesehatan",
                     "sasaranRef": "KES-S2", "indikatorRef": "KES-I2.1", **detail("02.02")},
                 inner=collapsed("PerizinanNakes", "Permintaan rekomendasi diterima",
                                 "Rekomendasi teknis disampaikan"))
    end2 = d.node("End_RekomendasiDisampaikan", "endEvent", "Rekomendasi teknis disampaikan", sdk, 5)
    d.chain("Flow_Perizinan", [start2, s02, end2])

    d.message("Msg_DokumenAkreditasi", nakes, s01, "Dokumen kesiapan akreditasi", dx_tgt=-20,
              label_side="left")
    d.message("Msg_HasilPembinaan", s01, nakes, "Hasil pembinaan mutu", dx_src=20)
    d.message("Msg_PermintaanRekomendasi", dpmptsp, start2, "Permintaan rekomendasi teknis SIP",
              label_side="left")
    d.message("Msg_Rekomendasi", s02, dpmptsp, "Rekomendasi teknis")
    d.file = target("dinkes-level1", False)
    return d


# ===========================================================================
# Peta Lintas Fungsi yang menjabarkan proses Level 1 lainnya; hanya di dalam set.
# Setiap peta: satu pool dengan lane pelaksana (nama jabatan pada master organisasi),
# alur utama dari kiri ke kanan, satu keputusan Ya/Tidak yang cabangnya berakhir lebih awal,
# mutu baku pada setiap aktivitas.
# ===========================================================================

def start(id, name, lane, event=None, body=""):
    return ("start", id, name, lane, event, body)


def task(id, name, lane, kelengkapan, waktu, output):
    return ("task", id, name, lane, mutu(kelengkapan, waktu, output))


def decision(id, name, lane, side, lanjut="Ya", cabang="Tidak"):
    """A decision: the main flow goes on (label ``lanjut``); ``cabang`` leads to ``side``
    (tasks then an end event), drawn under it in the same lane."""
    return ("decision", id, name, lane, side, lanjut, cabang)


def end(id, name, lane=None):
    return ("end", id, name, lane)


def timer(cycle):
    return f'<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">{cycle}</bpmn:timeCycle>'


LINTAS_FUNGSI = [
    dict(
        name="disdukcapil-akta-kelahiran-lintas-fungsi", key="AktaKelahiran", opd="disdukcapil",
        parent="03.02", kode="03.02.01", proses="Penerbitan Akta Kelahiran",
        pemilik="Bidang Pelayanan Pencatatan Sipil", sasaran="DUK-S1", indikator="DUK-I1.2",
        output="Kutipan akta kelahiran diterima pemohon", standar="1 hari kerja",
        mitra=("Participant_PemohonAkta", "Pemohon (Orang Tua atau Wali Anak)", "eksternal", "both"),
        lanes=[("Lane_Loket", "Petugas Loket Pelayanan"), ("Lane_OperatorSIAK", "Operator SIAK"),
               ("Lane_PejabatCapil", "Pejabat Pencatatan Sipil")],
        steps=[
            start("Start_PermohonanAkta", "Permohonan akta kelahiran diterima", "Lane_Loket", "message"),
            task("Task_PeriksaBerkasAkta", "Memeriksa kelengkapan berkas permohonan", "Lane_Loket",
                 "Surat keterangan kelahiran, Kartu Keluarga, KTP-el orang tua", "15 menit",
                 "Berkas permohonan terperiksa"),
            decision("Gateway_BerkasAktaLengkap", "Berkas lengkap?", "Lane_Loket", [
                task("Task_KembalikanBerkasAkta", "Mengembalikan berkas kepada pemohon", "Lane_Loket",
                     "Daftar kekurangan berkas", "5 menit", "Berkas dan catatan kekurangan diterima pemohon"),
                end("End_BerkasAktaDikembalikan", "Berkas dikembalikan kepada pemohon")]),
            task("Task_InputDataKelahiran", "Menginput data kelahiran pada SIAK", "Lane_OperatorSIAK",
                 "Berkas permohonan lengkap", "20 menit", "Data kelahiran tercatat pada SIAK"),
            task("Task_TandatanganAkta", "Menandatangani akta kelahiran secara elektronik",
                 "Lane_PejabatCapil", "Data kelahiran tercatat pada SIAK", "30 menit",
                 "Akta kelahiran bertanda tangan elektronik"),
            task("Task_SerahkanAkta", "Mencetak dan menyerahkan kutipan akta kelahiran", "Lane_Loket",
                 "Akta kelahiran bertanda tangan elektronik", "15 menit", "Kutipan akta kelahiran"),
            end("End_AktaDiterima", "Kutipan akta kelahiran diterima pemohon"),
        ],
        messages=[("Msg_PermohonanAkta", "mitra", "Start_PermohonanAkta", "Permohonan dan berkas persyaratan"),
                  ("Msg_KutipanAkta", "Task_SerahkanAkta", "mitra", "Kutipan akta kelahiran")],
    ),
    dict(
        name="disdukcapil-konsolidasi-data-lintas-fungsi", key="KonsolidasiData", opd="disdukcapil",
        parent="03.03", kode="03.03.01", proses="Konsolidasi dan Pembersihan Data Kependudukan",
        pemilik="Bidang Pengelolaan Informasi Administrasi Kependudukan",
        sasaran="DUK-S2", indikator="DUK-I2.2",
        output="Database kependudukan semester berjalan terkonsolidasi", standar="5 hari kerja",
        mitra=("Participant_DitjenKonsolidasi",
               "Direktorat Jenderal Kependudukan dan Pencatatan Sipil Kemendagri", "eksternal", "both"),
        lanes=[("Lane_OperatorData", "Operator SIAK"),
               ("Lane_KasiPengolahan", "Kepala Seksi Pengolahan dan Penyajian Data")],
        steps=[
            start("Start_JadwalKonsolidasi", "Jadwal konsolidasi data semesteran", "Lane_OperatorData",
                  "timer", timer("R/2025-06-30T08:00:00/P6M")),
            task("Task_KirimDataPusat", "Mengirim data hasil pelayanan ke server pusat", "Lane_OperatorData",
                 "Data hasil pelayanan semester berjalan", "1 hari kerja", "Data terkirim ke server pusat"),
            task("Task_AnalisisAnomali", "Menganalisis data ganda dan data anomali",
                 "Lane_KasiPengolahan", "Hasil konsolidasi data nasional", "2 hari kerja",
                 "Daftar data ganda dan data anomali"),
            decision("Gateway_DataSesuai", "Data sesuai hasil konsolidasi?", "Lane_KasiPengolahan", [
                task("Task_PerbaikiData", "Memperbaiki dan mengirim ulang data bermasalah",
                     "Lane_KasiPengolahan", "Daftar data ganda dan data anomali", "1 hari kerja",
                     "Data perbaikan terkirim"),
                end("End_PerbaikanTerkirim", "Perbaikan data dikirim ulang")]),
            task("Task_TetapkanDatabase", "Menetapkan database kependudukan semester berjalan",
                 "Lane_KasiPengolahan", "Data kependudukan sesuai hasil konsolidasi", "1 hari kerja",
                 "Database kependudukan terkonsolidasi"),
            end("End_DatabaseTerkonsolidasi", "Database kependudukan terkonsolidasi"),
        ],
        messages=[("Msg_DataHasilPelayanan", "Task_KirimDataPusat", "mitra", "Data hasil pelayanan"),
                  ("Msg_HasilKonsolidasi", "mitra", "Task_AnalisisAnomali", "Hasil konsolidasi data nasional")],
    ),
    dict(
        name="disdukcapil-hak-akses-data-lintas-fungsi", key="HakAksesData", opd="disdukcapil",
        parent="03.04", kode="03.04.01", proses="Pemberian Hak Akses Data Kependudukan",
        pemilik="Bidang Pengelolaan Informasi Administrasi Kependudukan",
        sasaran="DUK-S2", indikator="DUK-I2.1",
        output="Hak akses data kependudukan diterima lembaga pengguna", standar="5 hari kerja",
        mitra=("Participant_LembagaPemohon", "Lembaga Pengguna Data Kependudukan", "eksternal", "both"),
        lanes=[("Lane_KerjaSama", "Kepala Seksi Kerja Sama dan Inovasi Pelayanan"),
               ("Lane_KadisDukcapil", "Kepala Dinas"), ("Lane_OperatorAkses", "Operator SIAK")],
        steps=[
            start("Start_PermohonanAkses", "Permohonan hak akses data diterima", "Lane_KerjaSama", "message"),
            task("Task_PeriksaPKS", "Memeriksa perjanjian kerja sama pemanfaatan data", "Lane_KerjaSama",
                 "Surat permohonan, perjanjian kerja sama dengan Ditjen Dukcapil", "1 hari kerja",
                 "Hasil pemeriksaan perjanjian kerja sama"),
            decision("Gateway_PKSLengkap", "Perjanjian kerja sama lengkap?", "Lane_KerjaSama", [
                task("Task_KembalikanPermohonanAkses", "Mengembalikan permohonan disertai catatan",
                     "Lane_KerjaSama", "Hasil pemeriksaan perjanjian kerja sama", "1 jam",
                     "Surat pengembalian permohonan"),
                end("End_PermohonanAksesDikembalikan", "Permohonan dikembalikan kepada lembaga")]),
            task("Task_SetujuiAkses", "Menyetujui pemberian hak akses data", "Lane_KadisDukcapil",
                 "Hasil pemeriksaan perjanjian kerja sama", "1 hari kerja", "Persetujuan hak akses"),
            task("Task_BuatAkunAkses", "Membuat akun dan mengatur hak akses data", "Lane_OperatorAkses",
                 "Persetujuan hak akses", "1 hari kerja", "Akun hak akses aktif"),
            task("Task_SampaikanAkses", "Menyampaikan akun hak akses kepada lembaga", "Lane_KerjaSama",
                 "Akun hak akses aktif", "1 jam", "Berita acara serah terima hak akses"),
            end("End_AksesDiterima", "Hak akses data diterima lembaga"),
        ],
        messages=[("Msg_PermohonanAkses", "mitra", "Start_PermohonanAkses", "Permohonan hak akses data"),
                  ("Msg_AkunAkses", "Task_SampaikanAkses", "mitra", "Akun hak akses data")],
    ),
    dict(
        name="dpmptsp-perizinan-berusaha-lintas-fungsi", key="PerizinanBerusaha", opd="dpmptsp",
        parent="04.01", kode="04.01.01", proses="Verifikasi Perizinan Berusaha Berbasis Risiko",
        pemilik="Bidang Pelayanan Perizinan dan Non Perizinan",
        sasaran="DPM-S1 DPM-S2", indikator="DPM-I1.2",
        output="Perizinan berusaha terverifikasi", standar="5 hari kerja",
        mitra=("Participant_PelakuUsahaOSS", "Pelaku Usaha (melalui OSS RBA)", "eksternal", "both"),
        lanes=[("Lane_PengolahIzin", "Pengolah Data Perizinan"),
               ("Lane_TimTeknisUsaha", "Tim Teknis Perizinan Berusaha"), ("Lane_KadisDPMPTSP", "Kepala Dinas")],
        steps=[
            start("Start_PermohonanOSS", "Permohonan masuk melalui OSS RBA",
                  "Lane_PengolahIzin", "message"),
            task("Task_PeriksaPersyaratanDasar", "Memeriksa persyaratan dasar pada OSS RBA",
                 "Lane_PengolahIzin", "Data permohonan pada OSS RBA, dokumen persyaratan dasar",
                 "1 hari kerja", "Hasil pemeriksaan persyaratan dasar"),
            decision("Gateway_PersyaratanLengkap", "Persyaratan dasar lengkap?", "Lane_PengolahIzin", [
                task("Task_KembalikanPermohonanOSS", "Mengembalikan permohonan melalui OSS RBA",
                     "Lane_PengolahIzin", "Hasil pemeriksaan persyaratan dasar", "1 jam",
                     "Notifikasi perbaikan pada OSS RBA"),
                end("End_PermohonanOSSDikembalikan", "Permohonan dikembalikan kepada pelaku usaha")]),
            task("Task_VerifikasiStandarUsaha", "Memverifikasi pemenuhan standar usaha",
                 "Lane_TimTeknisUsaha", "Dokumen pemenuhan standar usaha", "2 hari kerja",
                 "Berita acara verifikasi standar usaha"),
            task("Task_SetujuiPerizinan", "Menyetujui perizinan berusaha secara elektronik",
                 "Lane_KadisDPMPTSP", "Berita acara verifikasi standar usaha", "1 hari kerja",
                 "Persetujuan perizinan berusaha pada OSS RBA"),
            end("End_PerizinanTerverifikasi", "Perizinan berusaha terverifikasi"),
        ],
        messages=[("Msg_PermohonanOSS", "mitra", "Start_PermohonanOSS", "Permohonan perizinan berusaha"),
                  ("Msg_PersetujuanOSS", "Task_SetujuiPerizinan", "mitra", "Perizinan berusaha terverifikasi")],
    ),
    dict(
        name="dpmptsp-pengawasan-lkpm-lintas-fungsi", key="PengawasanLKPM", opd="dpmptsp",
        parent="04.03", kode="04.03.01", proses="Pengawasan Laporan Kegiatan Penanaman Modal",
        pemilik="Bidang Pengendalian Penanaman Modal", sasaran="DPM-S2", indikator="DPM-I2.1",
        output="Laporan realisasi penanaman modal triwulanan", standar="10 hari kerja",
        mitra=("Participant_PelakuUsahaLKPM", "Pelaku Usaha", "eksternal", "both"),
        lanes=[("Lane_Analis", "Analis Penanaman Modal"),
               ("Lane_KabidPengendalian", "Kepala Bidang Pengendalian Penanaman Modal")],
        steps=[
            start("Start_BatasLKPM", "Batas pelaporan LKPM triwulanan", "Lane_Analis", "timer",
                  timer("R/2025-04-10T08:00:00/P3M")),
            task("Task_RekapLKPM", "Merekapitulasi LKPM yang masuk pada OSS RBA", "Lane_Analis",
                 "Data LKPM pada OSS RBA", "2 hari kerja", "Rekapitulasi LKPM triwulanan"),
            decision("Gateway_SemuaMelapor", "Semua pelaku usaha melapor?", "Lane_Analis", [
                task("Task_KirimPeringatan", "Mengirim surat peringatan kepada pelaku usaha",
                     "Lane_Analis", "Daftar pelaku usaha yang belum melapor", "1 hari kerja",
                     "Surat peringatan terkirim"),
                end("End_PeringatanTerkirim", "Surat peringatan disampaikan")]),
            task("Task_SusunLaporanRealisasi", "Menyusun laporan realisasi penanaman modal", "Lane_Analis",
                 "Rekapitulasi LKPM triwulanan", "3 hari kerja", "Rancangan laporan realisasi"),
            task("Task_TetapkanLaporan", "Memeriksa dan menandatangani laporan realisasi",
                 "Lane_KabidPengendalian", "Rancangan laporan realisasi", "1 hari kerja",
                 "Laporan realisasi penanaman modal"),
            end("End_LaporanRealisasi", "Laporan realisasi tersusun"),
        ],
        messages=[("Msg_Peringatan", "Task_KirimPeringatan", "mitra", "Surat peringatan LKPM")],
    ),
    dict(
        name="dpmptsp-promosi-investasi-lintas-fungsi", key="PromosiInvestasi", opd="dpmptsp",
        parent="04.04", kode="04.04.01", proses="Penyelenggaraan Promosi Peluang Investasi",
        pemilik="Bidang Promosi Penanaman Modal", sasaran="DPM-S2", indikator="DPM-I2.1",
        output="Peluang investasi Kota Pariaman dipromosikan", standar="15 hari kerja",
        mitra=("Participant_InvestorPromosi", "Calon Investor dan Mitra Promosi", "eksternal", "customer"),
        lanes=[("Lane_PengelolaPromosi", "Pengelola Promosi Investasi"),
               ("Lane_KabidPromosi", "Kepala Bidang Promosi Penanaman Modal"),
               ("Lane_KadisPromosi", "Kepala Dinas")],
        steps=[
            start("Start_RencanaPromosiDitetapkan", "Rencana promosi investasi ditetapkan",
                  "Lane_PengelolaPromosi"),
            task("Task_SusunProfil", "Menyusun profil peluang investasi", "Lane_PengelolaPromosi",
                 "Data potensi daerah, rencana tata ruang", "5 hari kerja", "Rancangan profil peluang investasi"),
            task("Task_PeriksaProfil", "Memeriksa rancangan profil peluang investasi", "Lane_KabidPromosi",
                 "Rancangan profil peluang investasi", "1 hari kerja", "Catatan pemeriksaan profil"),
            decision("Gateway_ProfilLayak", "Profil layak dipublikasikan?", "Lane_KabidPromosi", [
                task("Task_KembalikanProfil", "Mengembalikan profil untuk diperbaiki", "Lane_KabidPromosi",
                     "Catatan pemeriksaan profil", "1 jam", "Profil dan catatan perbaikan"),
                end("End_ProfilDikembalikan", "Profil dikembalikan untuk perbaikan")]),
            task("Task_SetujuiAgenda", "Menyetujui agenda promosi investasi", "Lane_KadisPromosi",
                 "Profil peluang investasi", "1 hari kerja", "Agenda promosi disetujui"),
            task("Task_LaksanakanPromosi", "Melaksanakan promosi dan mencatat minat investor",
                 "Lane_PengelolaPromosi", "Agenda promosi disetujui, profil peluang investasi",
                 "3 hari kerja", "Daftar minat investor"),
            end("End_PeluangDipromosikan", "Peluang investasi dipromosikan"),
        ],
        messages=[("Msg_ProfilInvestasi", "Task_LaksanakanPromosi", "mitra", "Profil peluang investasi")],
    ),
    dict(
        name="dinkes-pendampingan-akreditasi-lintas-fungsi", key="AkreditasiPuskesmas", opd="dinkes",
        parent="02.01", kode="02.01.01", proses="Pendampingan Akreditasi Puskesmas",
        pemilik="Bidang Pelayanan Kesehatan", sasaran="KES-S1", indikator="KES-I1.1",
        output="Usulan survei akreditasi puskesmas disampaikan", standar="10 hari kerja",
        mitra=("Participant_LembagaAkreditasi", "Lembaga Penyelenggara Akreditasi", "eksternal", "customer"),
        lanes=[("Lane_TimAkreditasi", "Tim Pendamping Akreditasi Puskesmas"),
               ("Lane_KabidYankes", "Kepala Bidang Pelayanan Kesehatan"), ("Lane_KadisKes", "Kepala Dinas")],
        steps=[
            start("Start_JadwalSurvei", "Jadwal survei akreditasi ditetapkan", "Lane_TimAkreditasi"),
            task("Task_NilaiKesiapan", "Menilai kesiapan akreditasi puskesmas", "Lane_TimAkreditasi",
                 "Instrumen penilaian mandiri puskesmas", "5 hari kerja", "Hasil penilaian kesiapan"),
            decision("Gateway_PuskesmasSiap", "Puskesmas siap disurvei?", "Lane_TimAkreditasi", [
                task("Task_SusunRencanaPerbaikan", "Menyusun rencana perbaikan bersama puskesmas",
                     "Lane_TimAkreditasi", "Hasil penilaian kesiapan", "2 hari kerja",
                     "Rencana perbaikan mutu puskesmas"),
                end("End_RencanaPerbaikan", "Rencana perbaikan disepakati")]),
            task("Task_VerifikasiDokumenAkreditasi", "Memverifikasi dokumen akreditasi", "Lane_KabidYankes",
                 "Hasil penilaian kesiapan, dokumen akreditasi puskesmas", "2 hari kerja",
                 "Dokumen akreditasi terverifikasi"),
            task("Task_UsulkanSurvei", "Mengusulkan survei akreditasi",
                 "Lane_KadisKes", "Dokumen akreditasi terverifikasi", "1 hari kerja",
                 "Surat usulan survei akreditasi"),
            end("End_UsulanSurvei", "Usulan survei akreditasi disampaikan"),
        ],
        messages=[("Msg_UsulanSurvei", "Task_UsulkanSurvei", "mitra", "Usulan survei akreditasi")],
    ),
    dict(
        name="dinkes-rekomendasi-sip-lintas-fungsi", key="RekomendasiSIP", opd="dinkes",
        parent="02.02", kode="02.02.01", proses="Penerbitan Rekomendasi Teknis Izin Praktik Tenaga Kesehatan",
        pemilik="Bidang Sumber Daya Kesehatan", sasaran="KES-S2", indikator="KES-I2.1",
        output="Rekomendasi teknis izin praktik disampaikan kepada DPMPTSP", standar="3 hari kerja",
        mitra=("Participant_DPMPTSPPemohon",
               "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman", "internal", "both"),
        lanes=[("Lane_AdmPerizinanNakes", "Pengadministrasi Perizinan Tenaga Kesehatan"),
               ("Lane_TimTeknisNakes", "Tim Teknis Perizinan Tenaga Kesehatan"),
               ("Lane_KabidSDK", "Kepala Bidang Sumber Daya Kesehatan")],
        steps=[
            start("Start_PermintaanRekomendasiSIP", "Permintaan rekomendasi teknis diterima",
                  "Lane_AdmPerizinanNakes", "message"),
            task("Task_JadwalkanPeninjauan", "Mencatat permintaan dan menjadwalkan peninjauan",
                 "Lane_AdmPerizinanNakes", "Surat permintaan rekomendasi, berkas permohonan SIP", "1 jam",
                 "Jadwal peninjauan tempat praktik"),
            task("Task_TinjauTempatPraktik", "Memverifikasi dokumen dan meninjau tempat praktik",
                 "Lane_TimTeknisNakes", "Berkas permohonan SIP, formulir peninjauan lapangan", "2 hari kerja",
                 "Berita acara verifikasi lapangan"),
            decision("Gateway_SyaratTeknisNakes", "Memenuhi persyaratan teknis?", "Lane_TimTeknisNakes", [
                task("Task_RekomendasiPenolakanNakes", "Menyusun rekomendasi penolakan beserta alasannya",
                     "Lane_TimTeknisNakes", "Berita acara verifikasi lapangan", "2 jam",
                     "Surat rekomendasi penolakan"),
                end("End_RekomendasiPenolakan", "Rekomendasi penolakan disampaikan")]),
            task("Task_TandatanganRekomendasi", "Menandatangani rekomendasi teknis", "Lane_KabidSDK",
                 "Berita acara verifikasi lapangan", "1 hari kerja", "Surat rekomendasi teknis"),
            end("End_RekomendasiTeknis", "Rekomendasi teknis disampaikan"),
        ],
        messages=[("Msg_PermintaanRekomendasiSIP", "mitra", "Start_PermintaanRekomendasiSIP",
                   "Permintaan rekomendasi teknis"),
                  ("Msg_RekomendasiPenolakanNakes", "Task_RekomendasiPenolakanNakes", "mitra",
                   "Rekomendasi penolakan"),
                  ("Msg_RekomendasiTeknisSIP", "Task_TandatanganRekomendasi", "mitra", "Rekomendasi teknis")],
    ),
]


def lintas_fungsi_of(kode: str) -> tuple[str, list[str]]:
    """The Peta Lintas Fungsi of the set that details Level 1 process ``kode``: its file name
    (relative to the set folder) and its lane names."""
    if kode == "03.01":
        return "ktp-el-lintas-fungsi-baik.bpmn", KTP_EL_LANES
    if kode == "04.02":
        return "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn", [lane[1] for lane in SIP_LANES]
    spec = next(s for s in LINTAS_FUNGSI if s["parent"] == kode)
    return spec["name"] + "-baik.bpmn", [lane[1] for lane in spec["lanes"]]


def lintas_fungsi(spec: dict) -> Doc:
    """A Peta Lintas Fungsi of the set from its spec (see :data:`LINTAS_FUNGSI`)."""
    key = spec["key"]
    defs = {"jenisPeta": "lintasFungsi", "level": "2", "tingkat": "opd", "parentKode": spec["parent"],
            **opd_defs(spec["opd"]), "tahun": "2025", "versi": "1.0"}
    d = Doc(f"Definitions_LintasFungsi_{key}", ILUSTRATIF, defs)
    mitra = None
    if spec.get("mitra"):
        pid, pname, pemangku, peran = spec["mitra"]
        mitra = d.pool(pid, pname, {"pemangku": pemangku, "peranSipoc": peran})
    decision_lanes = {s[3] for s in spec["steps"] if s[0] == "decision"}
    # a decision's lane holds its branch on a second row; a long lane name needs the height too
    lanes = [(lid, lname, 2 if lid in decision_lanes or len(lname) > 30 else 1)
             for lid, lname in spec["lanes"]]
    proc_attrs = {"kode": spec["kode"], "kategori": "inti", "pemilik": spec["pemilik"],
                  "sasaranRef": spec["sasaran"], "indikatorRef": spec["indikator"],
                  "output": spec["output"], "standarWaktu": spec["standar"]}
    pool = d.pool(f"Participant_{key}", OPD_MAP[spec["opd"]][0], {"pemangku": "internal"},
                  process=f"Proses_{key}", process_name=spec["proses"], process_attrs=proc_attrs,
                  lanes=lanes)

    def place(step, col, row=0, lane=None):
        kind, id, name, where = step[:4]
        where = (pool, where or lane)
        if kind == "start":
            return d.node(id, "startEvent", name, where, col, row, event=step[4], event_body=step[5])
        if kind == "task":
            return d.node(id, "userTask", name, where, col, row, step[4])
        if kind == "decision":
            return d.node(id, "exclusiveGateway", name, where, col, row)
        return d.node(id, "endEvent", name, where, col, row)

    # the main flow left to right, one column per node; a decision's branch takes the next
    # columns on the second row of its lane, and the main flow goes on after it, so that no
    # two nodes share a column (message flows run straight up without crossing a shape)
    nodes = {}
    main = []
    side_nodes = {}
    lane = None
    col = 0
    for step in spec["steps"]:
        node = place(step, col, lane=lane)
        lane = node.lane.id
        nodes[node.id] = node
        main.append((step, node))
        col += 1
        if step[0] == "decision":
            side_nodes[node.id] = []
            for s in step[4]:
                sn = place(s, col, row=1, lane=lane)
                nodes[sn.id] = sn
                side_nodes[node.id].append(sn)
                col += 1
    n = 0
    for (step, node), (_, nxt) in zip(main, main[1:]):
        n += 1
        if step[0] == "decision":
            _, _, _, _, side, lanjut, cabang = step
            d.flow(f"Flow_{key}_{lanjut}", node, nxt, lanjut,
                   route=None if nxt.lane is node.lane else "over")
            prev, label = node, cabang
            for i, sn in enumerate(side_nodes[node.id], 1):
                d.flow(f"Flow_{key}_{cabang}" if label else f"Flow_{key}_{cabang}_{i}", prev, sn, label)
                prev, label = sn, None
        else:
            d.flow(f"Flow_{key}_{n}", node, nxt)
    for mid, src, tgt, name in spec.get("messages", ()):
        d.message(mid, mitra if src == "mitra" else nodes[src], mitra if tgt == "mitra" else nodes[tgt],
                  name)
    d.file = target(spec["name"], False)
    return d


PAIRED = [level0, disdukcapil_level1, dpmptsp_level1, sip_lintas_fungsi, sop_sip_bidan]


def build_all() -> list[Doc]:
    """Every generated map: the good and flawed version of each :data:`PAIRED` map, then
    the maps that exist only in the set."""
    docs = [build(cacat) for build in PAIRED for cacat in (False, True)]
    docs.append(dinkes_level1())
    docs.extend(lintas_fungsi(spec) for spec in LINTAS_FUNGSI)
    return docs


def main() -> None:
    for doc in build_all():
        path = OUT / doc.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.to_xml(), encoding="utf-8")
        print("ditulis:", doc.file)


if __name__ == "__main__":
    main()
