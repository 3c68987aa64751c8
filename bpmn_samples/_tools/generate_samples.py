"""Writes the sample maps of Kota Pariaman in bpmn_samples/ (run: python bpmn_samples/_tools/generate_samples.py).

Each map is built twice from one function: the good version (``cacat=False``)
and the flawed version with deliberate, realistic mistakes (``cacat=True``).
Every flaw is marked in the code with a comment "CACAT:" and listed in
bpmn_samples/manifest.yaml with the finding it must give.

The KTP-el Peta Lintas Fungsi pair (ktp-el-lintas-fungsi-*.bpmn) is kept by
hand, not generated: other tests rely on its exact element ids.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmnkit import Doc, Inner  # noqa: E402

OUT = Path(__file__).resolve().parent.parent

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
    "organisasi": "Bagian Organisasi Sekretariat Daerah",
    "inspektorat": "Inspektorat",
}


def collapsed(prefix: str, start: str, end: str) -> Inner:
    """Content of a collapsed sub-process: its boundary (input -> output) only; the
    detail is drawn in the child map."""
    return Inner([(f"{prefix}_Mulai", "startEvent", start), (f"{prefix}_Selesai", "endEvent", end)])


# ===========================================================================
# Peta Level 0 Pemerintah Kota Pariaman
# ===========================================================================

INTI_L0 = [
    # kode, id, nama, pemilik, pemicu, keluaran, childMap
    ("01", "Pendidikan", "Pelayanan Pendidikan", "disdikpora",
     "Kebutuhan layanan pendidikan", "Layanan pendidikan diterima peserta didik", "peta-level1-disdikpora.bpmn"),
    ("02", "Kesehatan", "Pelayanan Kesehatan", "dinkes",
     "Kebutuhan layanan kesehatan", "Layanan kesehatan diterima masyarakat", "peta-level1-dinkes.bpmn"),
    ("03", "Adminduk", "Pelayanan Administrasi Kependudukan", "disdukcapil",
     "Permohonan dokumen kependudukan", "Dokumen kependudukan diterbitkan", "disdukcapil-level1-baik.bpmn"),
    ("04", "Perizinan", "Pelayanan Perizinan dan Penanaman Modal", "dpmptsp",
     "Permohonan perizinan", "Izin diterbitkan", "dpmptsp-level1-baik.bpmn"),
    ("05", "Pariwisata", "Pengembangan Pariwisata dan Kebudayaan", "disparbud",
     "Potensi wisata dan budaya teridentifikasi", "Destinasi dan atraksi wisata dikunjungi",
     "peta-level1-disparbud.bpmn"),
    ("06", "Trantibum", "Ketenteraman dan Ketertiban Umum", "satpol",
     "Laporan gangguan ketertiban", "Ketertiban umum terjaga", "peta-level1-satpolpp-damkar.bpmn"),
]
PENDUKUNG_L0 = [
    ("07", "Keuangan", "Pengelolaan Keuangan dan Aset Daerah", "bpkpd",
     "DPA perangkat daerah ditetapkan", "Laporan keuangan daerah tersusun"),
    ("08", "SDMAparatur", "Pengelolaan SDM Aparatur", "bkpsdm",
     "Kebutuhan pegawai dianalisis", "Pegawai kompeten tersedia"),
    ("09", "SPBE", "Pengelolaan SPBE dan Persandian", "kominfo",
     "Kebutuhan layanan TIK diterima", "Layanan TIK tersedia"),
]
MANAJEMEN_L0 = [
    ("10", "Perencanaan", "Perencanaan dan Penganggaran Daerah", "bappeda",
     "Aspirasi dan usulan pembangunan diterima", "APBD ditetapkan"),
    ("11", "Kelembagaan", "Penataan Kelembagaan dan Tata Laksana", "organisasi",
     "Hasil evaluasi kelembagaan diterima", "Peta proses bisnis dan SOP ditetapkan"),
    ("12", "Pengawasan", "Pengawasan Internal", "inspektorat",
     "Program kerja pengawasan tahunan ditetapkan", "Laporan hasil pengawasan diterbitkan"),
    ("13", "Kinerja", "Evaluasi dan Pelaporan Kinerja", "organisasi",
     "Capaian kinerja perangkat daerah dihimpun", "LKjIP dan LPPD disampaikan"),
]


def level0(cacat: bool) -> Doc:
    name = "pemda-level0-" + ("cacat" if cacat else "baik")
    defs = {"jenisPeta": "level0", "level": "0", "tingkat": "pemda",
            "instansi": "Pemerintah Kota Pariaman", "dokumenAcuan": "RPJMD-1377-2025-2029",
            "tahun": "2025", "versi": "1.0", "tanggalPenetapan": "2025-12-15"}
    comment = ILUSTRATIF
    if cacat:
        # CACAT: metadata tahun dan versi belum diisi
        del defs["tahun"], defs["versi"], defs["tanggalPenetapan"]
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
    for i, (kode, key, nama, opd, pemicu, keluaran, child) in enumerate(INTI_L0):
        c = i * pitch
        attrs = {"kode": kode, "kategori": "inti", "pemilik": OPD[opd], "output": keluaran,
                 "childMap": child}
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
        for i, (kode, key, nama, opd, pemicu, keluaran) in enumerate(PENDUKUNG_L0, 1):
            nodes.append(d.node(f"Sub_{kode}_{key}", "subProcess", nama, pend, i,
                                attrs={"kode": kode, "kategori": "pendukung", "pemilik": OPD[opd]},
                                inner=collapsed(key, pemicu, keluaran)))
        nodes.append(d.node("End_Pendukung", "endEvent", "Sumber daya pemerintahan tersedia", pend,
                            len(PENDUKUNG_L0) + 1))
        d.chain("Flow_Pendukung", nodes)

    # --- Proses Manajemen ---
    man = (pemko, "Lane_ProsesManajemen")
    start = d.node("Start_Manajemen", "startEvent", "Siklus perencanaan tahunan dimulai", man, 0)
    nodes = [start]
    subs = {}
    for i, (kode, key, nama, opd, pemicu, keluaran) in enumerate(MANAJEMEN_L0, 1):
        attrs = {"kode": kode, "kategori": "manajemen", "pemilik": OPD[opd]}
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
    d.file = name + ".bpmn"
    return d



# ===========================================================================
# Peta Level 1 OPD: Dinas Kependudukan dan Pencatatan Sipil (menjabarkan 03)
# ===========================================================================

def disdukcapil_level1(cacat: bool) -> Doc:
    name = "disdukcapil-level1-" + ("cacat" if cacat else "baik")
    defs = {"jenisPeta": "subproses", "level": "1", "tingkat": "opd", "parentKode": "03",
            "instansi": "Dinas Kependudukan dan Pencatatan Sipil Kota Pariaman",
            "kodeOrganisasi": "2.12.0.00.0.00.01.0000", "dokumenAcuan": "RENSTRA-2.12-2025-2029",
            "tahun": "2025", "versi": "1.0"}
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

    def sub(kode, key, nama, where, col, row=0, *, nomenklatur, output, pemilik, child=None,
            start, end):
        attrs = {"kode": kode, "kategori": "inti", "pemilik": pemilik, "nomenklatur": nomenklatur,
                 "output": output}
        if child:
            attrs["childMap"] = child
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
              pemilik="Bidang Pelayanan Pendaftaran Penduduk", child="ktp-el-lintas-fungsi-baik.bpmn",
              start="Permohonan pendaftaran penduduk diterima", end="Dokumen pendaftaran diterbitkan")
    s02 = sub("03.02", "Capil", "Pelayanan Pencatatan Sipil", capil, 3,
              nomenklatur="2.12.03 2.12.03.2.01",
              output="Akta kelahiran, akta kematian, akta perkawinan dan perceraian",
              pemilik="Bidang Pelayanan Pencatatan Sipil", child="peta-level2-pencatatan-sipil.bpmn",
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
              child="peta-level2-piak.bpmn",
              start="Data hasil pelayanan terkumpul", end="Data kependudukan terkonsolidasi")
    s04 = sub("03.04", "Pemanfaatan", "Pemanfaatan Data dan Profil Kependudukan", piak, 4.6,
              nomenklatur="2.12.05 2.12.05.2.01", output="Profil kependudukan dan hak akses data",
              pemilik="Bidang Pengelolaan Informasi Administrasi Kependudukan",
              child="peta-level2-pemanfaatan-data.bpmn",
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
    d.file = name + ".bpmn"
    return d



# ===========================================================================
# Peta Level 1 OPD: DPMPTSP (menjabarkan 04), atribut ditulis sebagai
# camunda:property seperti oleh pengguna Camunda Modeler
# ===========================================================================

def dpmptsp_level1(cacat: bool) -> Doc:
    name = "dpmptsp-level1-" + ("cacat" if cacat else "baik")
    defs = {"jenisPeta": "subproses", "level": "1", "tingkat": "opd", "parentKode": "04",
            "instansi": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
            "kodeOrganisasi": "2.18.0.00.0.00.01.0000", "dokumenAcuan": "RENSTRA-2.18-2025-2029",
            "tahun": "2025", "versi": "1.1", "tanggalPenetapan": "2025-11-20"}
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

    def sub(kode, key, nama, where, col, row=0, *, nomenklatur, output, pemilik, child, start, end):
        attrs = {"kode": kode, "kategori": "inti", "pemilik": pemilik, "nomenklatur": nomenklatur,
                 "output": output, "childMap": child}
        return d.node(f"Sub_{key}", "subProcess", nama, where, col, row, attrs=attrs,
                      inner=collapsed(key, start, end))

    start = d.node("Start_PermohonanIzin", "startEvent", "Permohonan perizinan diajukan", izin, 0,
                   event="message")
    s01 = sub("04.01", "PerizinanBerusaha", "Pelayanan Perizinan Berusaha", izin, 2,
              # CACAT: kode sub kegiatan salah format (segmen tidak lengkap)
              nomenklatur="2.18.4.2.01.1" if cacat else "2.18.04 2.18.04.2.01 2.18.04.2.01.0001",
              output="NIB dan Perizinan Berusaha Berbasis Risiko terverifikasi",
              pemilik="Bidang Pelayanan Perizinan dan Non Perizinan",
              child="peta-level2-perizinan-berusaha.bpmn",
              start="Permohonan melalui OSS RBA masuk", end="Perizinan berusaha terverifikasi")
    s02 = sub("04.02", "PerizinanNonBerusaha", "Pelayanan Perizinan Non Berusaha", izin, 2.9, 1,
              nomenklatur="2.18.04 2.18.04.2.01 2.18.04.2.01.0002",
              output="Izin non berusaha (mis. Surat Izin Praktik tenaga kesehatan)",
              pemilik="Bidang Pelayanan Perizinan dan Non Perizinan",
              child="sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn",
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
                        "childMap": "peta-level2-pengendalian-lkpm.bpmn"},
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
                        "childMap": "peta-level2-promosi-investasi.bpmn"},
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
    d.file = name + ".bpmn"
    return d


# ===========================================================================
# Peta Lintas Fungsi: Penerbitan Surat Izin Praktik Tenaga Kesehatan (04.02.01)
# ===========================================================================

def mutu(kelengkapan, waktu, output):
    return {"mutuKelengkapan": kelengkapan, "mutuWaktu": waktu, "mutuOutput": output}


def sip_lintas_fungsi(cacat: bool) -> Doc:
    name = "sip-tenaga-kesehatan-lintas-fungsi-" + ("cacat" if cacat else "baik")
    defs = {"jenisPeta": "lintasFungsi", "level": "2", "tingkat": "opd", "parentKode": "04.02",
            "instansi": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
            "kodeOrganisasi": "2.18.0.00.0.00.01.0000", "tahun": "2025", "versi": "1.0"}
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
                  "output": "Surat Izin Praktik tenaga kesehatan diterbitkan",
                  "standarWaktu": "5 hari kerja"}
    if cacat:
        # CACAT: keluaran proses (ppb:output) tidak dinyatakan
        del proc_attrs["output"]
    lanes = [("Lane_FrontOffice", "Seksi Pelayanan Perizinan (Front Office) DPMPTSP", 2),
             ("Lane_Dinkes", "Bidang Sumber Daya Kesehatan Dinas Kesehatan", 2),
             ("Lane_BackOffice", "Seksi Pengolahan dan Penerbitan Perizinan DPMPTSP"),
             ("Lane_Pimpinan", "Pimpinan DPMPTSP")]
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
    d.file = name + ".bpmn"
    return d


# ===========================================================================
# SOP AP: Penerbitan Surat Izin Praktik Bidan (04.02.01.01), tegak, pelaksana
# sebagai kolom seperti format PermenPANRB 35/2012
# ===========================================================================

def sop_sip_bidan(cacat: bool) -> Doc:
    name = "sop-penerbitan-sip-bidan-" + ("cacat" if cacat else "baik")
    defs = {"jenisPeta": "sop", "level": "3", "tingkat": "opd", "parentKode": "04.02.01",
            "instansi": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
            "kodeOrganisasi": "2.18.0.00.0.00.01.0000", "tahun": "2025", "versi": "2.0",
            "nomorSop": "800/017/SOP-DPMPTSP/2025",
            "tglPembuatan": "2025-03-10", "tglRevisi": "2025-09-01", "tglEfektif": "2025-10-01",
            "disahkanOleh": "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman",
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
    lanes = [("Lane_PetugasFO", "Petugas Front Office", 2),
             ("Lane_TimTeknis", "Tim Teknis Dinas Kesehatan"),
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
                                 "output": "Surat Izin Praktik Bidan diterbitkan",
                                 "standarWaktu": "5 hari kerja"},
                  lanes=lanes)
    fo, tt, pd, ks, kd = ((pool, l[0]) for l in lanes)

    start = d.node("Start_PermohonanSIPBidan", "startEvent", "Permohonan SIP Bidan diterima", fo, 0)
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
    g2 = d.node("Gateway_SyaratTeknis", "exclusiveGateway", "Memenuhi persyaratan teknis?", tt, 5)
    t5 = d.node("Task_RekomendasiBidan", "task", "Menerbitkan rekomendasi teknis", tt, 6,
                attrs=mutu("Berita acara verifikasi lapangan", "1 hari kerja", "Surat rekomendasi teknis"))
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
    d.flow("Flow_Bidan_Tidak", g1, t2, "Tidak")
    d.flow("Flow_Bidan_3", t2, e_kembali)
    d.flow("Flow_Bidan_Ya", g1, t3, "Ya")
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
    d.flow("Flow_Bidan_Memenuhi", g2, t5, "Ya")
    # CACAT: cabang keputusan tanpa label
    d.flow("Flow_Bidan_TidakMemenuhi", g2, t6, None if cacat else "Tidak")
    d.flow("Flow_Bidan_6", t6, e_tolak)
    d.flow("Flow_Bidan_7", t5, t7)
    d.flow("Flow_Bidan_8", t7, t8)
    d.flow("Flow_Bidan_9", t8, t9)
    d.flow("Flow_Bidan_10", t9, t10)
    d.flow("Flow_Bidan_11", t10, e_sip)
    d.file = name + ".bpmn"
    return d


MAPS = [level0, disdukcapil_level1, dpmptsp_level1, sip_lintas_fungsi, sop_sip_bidan]


def main() -> None:
    for build in MAPS:
        for cacat in (False, True):
            doc = build(cacat)
            (OUT / doc.file).write_text(doc.to_xml(), encoding="utf-8")
            print("ditulis:", doc.file)


if __name__ == "__main__":
    main()
