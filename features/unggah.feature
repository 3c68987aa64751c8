# language: id
Fitur: Mengunggah peta dan membaca laporannya di server
  Sebagai staf OPD yang menggambar peta proses bisnis
  Saya ingin mengunggah berkas BPMN ke server validasi dan langsung membaca laporannya
  Agar kesalahan diperbaiki sebelum peta ditinjau Bagian Organisasi

  Dasar:
    Dengan server validasi dengan akun contoh
    Dan saya masuk sebagai staf Disdukcapil

  Skenario: Peta yang baik menghasilkan laporan tanpa kesalahan
    Ketika saya mengunggah berkas contoh "ktp-el-lintas-fungsi-baik.bpmn"
    Maka saya dibawa ke halaman laporan peta itu
    Dan laporan menyatakan "Tidak ada temuan tingkat kesalahan"
    Dan laporan tidak memuat temuan tingkat "error"
    Dan peta itu tercatat di riwayat unggahan Disdukcapil

  Skenario: Peta yang cacat menghasilkan daftar temuan
    Ketika saya mengunggah berkas contoh "ktp-el-lintas-fungsi-cacat.bpmn"
    Maka saya dibawa ke halaman laporan peta itu
    Dan laporan menyatakan "Ada temuan tingkat kesalahan yang perlu diperbaiki"
    Dan laporan memuat temuan "label-required" tingkat "error" pada elemen "Task_KembalikanBerkas"
    Dan laporan memuat temuan "no-implicit-split" tingkat "error" pada elemen "Task_CetakKTP"
    Dan setiap temuan di laporan memuat saran perbaikan dan sumber aturan
    Dan laporan dapat diunduh sebagai "json", "xlsx" dan "html"

  Skenario: Arsip zip berisi beberapa peta diperiksa sekaligus
    Ketika saya mengunggah arsip "peta-disdukcapil.zip" berisi berkas contoh "disdukcapil-level1-baik.bpmn" dan "ktp-el-lintas-fungsi-cacat.bpmn"
    Maka saya dibawa ke halaman set yang memuat peta "disdukcapil-level1-baik.bpmn" dan "ktp-el-lintas-fungsi-cacat.bpmn"
    Dan halaman memberi tahu bahwa 2 peta diunggah dan diperiksa
    Dan riwayat unggahan Disdukcapil memuat "disdukcapil-level1-baik.bpmn" dan "ktp-el-lintas-fungsi-cacat.bpmn"

  Skenario: Berkas yang bukan peta BPMN ditolak dengan pesan yang jelas
    Ketika saya mengunggah berkas "notulen.txt" berisi "catatan rapat, bukan peta"
    Maka unggahan ditolak dengan status 415
    Dan halaman menampilkan pesan "tidak didukung"
    Dan tidak ada unggahan yang tersimpan

  Skenario: Berkas XML yang bukan BPMN ditolak dengan pesan yang jelas
    Ketika saya mengunggah berkas "anggaran.bpmn" berisi "<anggaran><pos>Belanja pegawai</pos></anggaran>"
    Maka unggahan ditolak dengan status 422
    Dan halaman menampilkan pesan "bukan BPMN"
    Dan tidak ada unggahan yang tersimpan

  Skenario: Staf OPD tidak dapat membuka laporan OPD lain
    Dengan Dinas Kesehatan sudah mengunggah berkas contoh "sop-penerbitan-sip-bidan-baik.bpmn"
    Ketika saya membuka laporan unggahan Dinas Kesehatan itu
    Maka halaman tidak ditemukan (404)
    Dan riwayat Dinas Kesehatan juga tidak ditemukan (404)
