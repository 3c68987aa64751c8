# language: id
Fitur: Struktur peta dan jenjang (PPB-LVL)
  Sebagai penelaah Bagian Organisasi Setdako Pariaman
  Saya ingin setiap peta menyatakan jenis dan levelnya serta berisi apa yang pantas untuk level itu
  Agar Peta Level 0, peta OPD, Peta Lintas Fungsi dan SOP tersusun bertingkat sesuai PermenPANRB 19/2018

  Skenario: Peta Level 0 Pemerintah Kota Pariaman yang lengkap lolos pemeriksaan struktur
    Dengan peta contoh "pemda-level0-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "lvl"
    Dan tidak ada temuan tingkat kesalahan

  Skenario: Peta Level 0 tanpa kelompok Proses Pendukung diberi peringatan
    Dengan peta contoh "pemda-level0-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-LVL-002" tingkat "peringatan" pada elemen "Definitions_PetaLevel0_PemkoPariaman"
    Dan pesannya memuat "Peta Level 0 belum memuat kelompok Proses Pendukung"
    Dan saran perbaikannya memuat "ppb:kategori"
    Dan sumbernya menyebut "PermenPANRB 19/2018" dengan dasar "sumber sekunder"

  Skenario: Task rinci yang digambar di Level 0 disebut satu per satu
    Dengan peta contoh "pemda-level0-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-LVL-003" tingkat "peringatan" pada elemen "Task_SusunRKPD"
    Dan pesannya memuat "ditemukan 2 task"
    Dan pesannya memuat "'Menyusun rancangan RKPD', 'Membahas KUA-PPAS bersama DPRD'"

  Skenario: Peta yang diunggah tanpa jenis peta hanya diperiksa sebagai BPMN
    Dengan peta contoh "disdukcapil-level1-baik.bpmn" yang atribut ppb:jenisPeta-nya dihapus
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-LVL-001" tingkat "peringatan" pada elemen "Definitions_PetaLevel1_Disdukcapil"
    Dan pesannya memuat "ppb:jenisPeta"

  Skenario: Peta Lintas Fungsi dengan lane per unit lolos pemeriksaan swimlane
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "lvl"
    Dan tidak ada temuan tingkat kesalahan

  Skenario: Peta Lintas Fungsi yang digambar tanpa lane ditolak
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-LVL-006" tingkat "kesalahan" pada elemen "Participant_PemkoSIP"
    Dan pesannya memuat "belum memiliki lane"
    Dan pesannya memuat "minimal 2"
    Dan pesan bahasa Inggrisnya memuat "has no lanes"
