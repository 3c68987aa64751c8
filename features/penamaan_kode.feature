# language: id
Fitur: Penamaan dan kode proses (PPB-NMK)
  Sebagai penelaah Bagian Organisasi Setdako Pariaman
  Saya ingin nama aktivitas, keputusan dan lane ditulis baku, dan kode proses tersusun bertingkat
  Agar peta seluruh OPD dapat dibaca tanpa penjelasan dan ditelusuri dari Level 0 sampai SOP

  Skenario: Peta Level 1 OPD dengan kode yang menjabarkan induknya lolos pemeriksaan
    Dengan peta contoh "disdukcapil-level1-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "nmk"

  Skenario: Peta yang ditulis dengan extension properties Camunda Modeler dibaca sama
    Dengan peta contoh "dpmptsp-level1-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "nmk"
    Dan tidak ada temuan tingkat kesalahan

  Skenario: Uraian aktivitas SOP berupa kata benda diminta diganti kata kerja aktif
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-002" tingkat "peringatan" pada elemen "Task_TerimaBerkas"
    Dan pesannya memuat "Uraian aktivitas 'Penerimaan dan pemeriksaan berkas permohonan' diawali kata benda 'Penerimaan'"
    Dan pesannya memuat "mis. 'Menerima dan memeriksa berkas permohonan'"
    Dan sumbernya menyebut "PermenPANRB 35/2012" dengan dasar "peraturan"

  Skenario: Uraian aktivitas Peta Lintas Fungsi tidak dinilai dengan kaidah SOP AP
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan "PPB-NMK-002"

  Skenario: Keputusan yang bukan pertanyaan diberi saran
    Dengan peta contoh "disdukcapil-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-003" tingkat "info" pada elemen "Gateway_JenisLayanan"
    Dan pesannya memuat "Gateway 'Jenis layanan' sebaiknya berbentuk pertanyaan: 'Jenis layanan?'"

  Skenario: Elemen tanpa nama mendapat satu temuan
    Dengan peta contoh "dpmptsp-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "label-required" tingkat "kesalahan" pada elemen "Start_RencanaPromosi"
    Dan pesannya memuat "Nama belum diisi pada start event (Start_RencanaPromosi)"
    Dan tidak ada temuan "PPB-NMK-001" pada elemen "Start_RencanaPromosi"

  Skenario: Kode proses yang dipakai dua proses diberi peringatan
    Dengan peta contoh "pemda-level0-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-004" tingkat "peringatan" pada elemen "Sub_06_Trantibum"
    Dan pesannya memuat "Kode '05' dipakai oleh dua proses berbeda: 'Ketenteraman dan Ketertiban Umum' dan 'Pengembangan Pariwisata dan Kebudayaan'"

  Skenario: Subproses tanpa kode proses diberi peringatan
    Dengan peta contoh "dpmptsp-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-004" tingkat "peringatan" pada elemen "Sub_Promosi"
    Dan pesannya memuat "Subproses 'Promosi Penanaman Modal' belum memiliki kode proses (ppb:kode)"

  Skenario: Kode yang tidak berinduk pada proses yang dijabarkan diberi peringatan
    Dengan peta contoh "disdukcapil-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-005" tingkat "peringatan" pada elemen "Sub_03_02_Capil"
    Dan pesannya memuat "Kode '02.02' pada 'Pelayanan Pencatatan Sipil' tidak sesuai induk '03'"
    Dan pesannya memuat "seharusnya 03.NN"

  Skenario: Kode yang tidak mengikuti pola dua digit diberi peringatan
    Dengan peta contoh "pemda-level0-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-005" tingkat "peringatan" pada elemen "Sub_13_Kinerja"
    Dan pesannya memuat "Kode '13.A' pada 'Evaluasi dan Pelaporan Kinerja' tidak sesuai format kode proses"

  Skenario: Nomor urut kode yang terbalik terhadap alur diberi catatan
    Dengan peta contoh "disdukcapil-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-006" tingkat "info" pada elemen "Sub_03_03_PIAK"
    Dan pesannya memuat "Urutan kode 03.04 ('Pengelolaan Informasi Administrasi Kependudukan') mendahului 03.03"

  Skenario: Kode nomenklatur program dan sub kegiatan yang salah format ditolak
    Dengan peta contoh "dpmptsp-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-007" tingkat "kesalahan" pada elemen "Sub_PerizinanBerusaha"
    Dan pesannya memuat "Kode sub kegiatan '2.18.4.2.01.1' pada 'Pelayanan Perizinan Berusaha' tidak sesuai format X.XX.XX.N.XX.XXXX"
    Dan sumbernya menyebut "Permendagri 90/2019" dengan dasar "sumber sekunder"

  Skenario: Lane berisi nama orang diminta diganti nama jabatan
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-NMK-008" tingkat "peringatan" pada elemen "Lane_Pengolah"
    Dan pesannya memuat "Lane 'Ibu Rina, S.E.' tampaknya berisi nama orang"
    Dan pesannya memuat "sebaiknya diganti nama jabatan atau unit"
