# language: id
Fitur: Kelengkapan peta (PPB-KLP)
  Sebagai penelaah Bagian Organisasi Setdako Pariaman
  Saya ingin setiap peta menggambarkan pemangku kepentingan, kategori, keluaran dan metadatanya
  Agar peta menunjukkan nilai tambah bagi pemangku kepentingan dan siap ditetapkan

  Skenario: Peta yang lengkap tidak diberi catatan kelengkapan
    Dengan peta contoh "pemda-level0-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "klp"

  Skenario: Peta Level 1 OPD tanpa pemangku kepentingan eksternal diberi peringatan
    Dengan peta contoh "dpmptsp-level1-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-KLP-001" tingkat "peringatan" pada elemen "Definitions_PetaLevel1_DPMPTSP"
    Dan pesannya memuat "Peta Level 1 belum menggambarkan pemangku kepentingan eksternal"
    Dan pesannya memuat "Tambahkan pool untuk mereka dengan ppb:pemangku"
    Dan sumbernya menyebut "PermenPANRB 19/2018" dengan dasar "inferensi"

  Skenario: Proses inti tanpa keluaran tertulis dan tanpa masukan dari pemangku kepentingan
    Dengan peta contoh "disdukcapil-level1-baik.bpmn" yang atribut ppb:output-nya dihapus
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-KLP-002" tingkat "peringatan" pada elemen "Sub_03_01_Dafduk"
    Dan pesannya memuat "Proses inti 03.01 'Pelayanan Pendaftaran Penduduk' belum memiliki masukan (input)"
    Dan ada temuan "PPB-KLP-002" tingkat "peringatan" pada elemen "Sub_03_02_Capil"

  Skenario: Proses Level 0 tanpa kategori diberi peringatan
    Dengan peta contoh "pemda-level0-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-KLP-003" tingkat "peringatan" pada elemen "Sub_05_Pariwisata"
    Dan pesannya memuat "Kategori proses belum diisi pada 'Pengembangan Pariwisata dan Kebudayaan'"
    Dan pesannya memuat "digambar di kelompok 'Proses Inti'"

  Skenario: Peta Lintas Fungsi tanpa keluaran dan dengan end event tanpa nama
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-KLP-005" tingkat "peringatan" pada elemen "Participant_PemkoSIP"
    Dan pesannya memuat "isi ppb:output dengan hasil akhir proses"
    Dan ada temuan "label-required" tingkat "kesalahan" pada elemen "End_SIPTerbit"
    Dan pesannya memuat "tanpa nama, PPB-KLP-005 (hasil akhir) tidak dapat menilainya"
    Dan tidak ada temuan "PPB-KLP-005" pada elemen "End_SIPTerbit"
    Dan tidak ada temuan "PPB-NMK-001" pada elemen "End_SIPTerbit"

  Skenario: Metadata tahun dan versi yang kosong diingatkan
    Dengan peta contoh "pemda-level0-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada 2 temuan "PPB-KLP-007"
    Dan ada temuan "PPB-KLP-007" tingkat "peringatan" pada elemen "Definitions_PetaLevel0_PemkoPariaman"
    Dan pesannya memuat "Metadata peta ppb:tahun belum diisi"
    Dan sumbernya menyebut "Desain ppb-validator" dengan dasar "inferensi"
