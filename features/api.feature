# language: id
Fitur: Memeriksa peta lewat API dengan token
  Sebagai pengembang sistem OPD atau pengguna plugin Camunda Modeler
  Saya ingin mengirim peta BPMN ke API server validasi dengan token API
  Agar laporan temuan diterima sebagai JSON tanpa membuka halaman web

  Dasar:
    Dengan server validasi dengan akun contoh dan batas unggahan 1 MB per berkas
    Dan saya membuat token API di halaman token sebagai staf Disdukcapil

  Skenario: Peta yang baik diperiksa dan laporannya dikembalikan sebagai JSON
    Ketika saya mengirim berkas contoh "ktp-el-lintas-fungsi-baik.bpmn" ke API validasi dengan token itu
    Maka jawaban API berstatus 200
    Dan jawaban berupa laporan JSON untuk berkas "ktp-el-lintas-fungsi-baik.bpmn"
    Dan ringkasan laporan mencatat 0 temuan tingkat "error"

  Skenario: Peta yang cacat menghasilkan temuan berbahasa Indonesia
    Ketika saya mengirim berkas contoh "ktp-el-lintas-fungsi-cacat.bpmn" ke API validasi dengan token itu
    Maka jawaban API berstatus 200
    Dan jawaban berupa laporan JSON untuk berkas "ktp-el-lintas-fungsi-cacat.bpmn"
    Dan laporan JSON memuat temuan "label-required" tingkat "error" pada elemen "Task_KembalikanBerkas"
    Dan laporan JSON memuat temuan "no-implicit-split" tingkat "error" pada elemen "Task_CetakKTP"
    Dan setiap temuan di laporan JSON memuat pesan, sumber aturan dan saran perbaikan

  Skenario: Peta yang disimpan dapat diambil kembali laporannya
    Ketika saya mengirim berkas contoh "disdukcapil-level1-cacat.bpmn" ke API validasi dengan token itu dan meminta disimpan
    Maka jawaban API berstatus 201
    Dan unggahan itu tercatat untuk OPD "DISDUKCAPIL" dalam daftar unggahan API
    Dan laporan JSON unggahan itu dapat diambil kembali dengan token itu

  Skenario: Permintaan tanpa token ditolak dengan pesan berbahasa Indonesia
    Ketika saya mengirim berkas contoh "ktp-el-lintas-fungsi-baik.bpmn" ke API validasi tanpa token
    Maka jawaban API berstatus 401
    Dan jawaban berupa galat JSON berkode "UNAUTHORIZED" dengan pesan "Autentikasi diperlukan"
    Dan jawaban meminta token Bearer

  Skenario: Token yang salah ditolak
    Ketika saya mengirim berkas contoh "ktp-el-lintas-fungsi-baik.bpmn" ke API validasi dengan token "bukan-token-yang-sah"
    Maka jawaban API berstatus 401
    Dan jawaban berupa galat JSON berkode "INVALID_TOKEN" dengan pesan "Token tidak dikenal"

  Skenario: Peta yang melebihi batas ukuran ditolak
    Ketika saya mengirim peta berukuran 2 MB ke API validasi dengan token itu
    Maka jawaban API berstatus 413
    Dan jawaban berupa galat JSON berkode "FILE_TOO_LARGE" dengan pesan "terlalu besar"
    Dan tidak ada unggahan baru yang tersimpan

  Skenario: Kiriman yang melebihi batas kiriman server ditolak sebelum dibaca
    Ketika saya mengirim peta berukuran 5 MB ke API validasi dengan token itu
    Maka jawaban API berstatus 413
    Dan jawaban berupa galat JSON berkode "PAYLOAD_TOO_LARGE" dengan pesan "Kiriman terlalu besar"
    Dan tidak ada unggahan baru yang tersimpan
