# language: id
Fitur: Memeriksa peta proses bisnis dari baris perintah
  Sebagai staf OPD yang menggambar peta di Camunda Modeler atau bpmn.io
  Saya ingin memeriksa berkas BPMN sebelum mengunggahnya
  Agar kesalahan sudah diperbaiki sebelum ditinjau Bagian Organisasi

  Skenario: Peta yang bersih lolos tanpa kesalahan
    Dengan berkas contoh "ktp-el-lintas-fungsi-baik.bpmn"
    Ketika saya menjalankan ppb validate dengan format "text"
    Maka kode keluar adalah 0
    Dan keluaran memuat "tidak ada temuan"
    Dan keluaran memuat "Ringkasan: 0 kesalahan"

  Skenario: Peta yang cacat menghasilkan temuan yang dapat ditindaklanjuti
    Dengan berkas contoh "ktp-el-lintas-fungsi-cacat.bpmn"
    Ketika saya menjalankan ppb validate dengan format "json"
    Maka kode keluar adalah 1
    Dan laporan memuat temuan "label-required" tingkat "error" pada elemen "Task_KembalikanBerkas"
    Dan laporan memuat temuan "no-implicit-split" tingkat "error" pada elemen "Task_CetakKTP"
    Dan setiap temuan memuat pesan berbahasa Indonesia, saran perbaikan, sumber dan tingkat keyakinan

  Skenario: Seluruh isi folder diperiksa
    Dengan folder berisi berkas contoh "ktp-el-lintas-fungsi-baik.bpmn" dan "ktp-el-lintas-fungsi-cacat.bpmn"
    Dan folder itu juga berisi berkas "catatan.txt" yang bukan peta
    Ketika saya menjalankan ppb validate dengan format "json"
    Maka laporan memuat 2 berkas
    Dan kode keluar adalah 1

  Skenario: Berkas yang bukan BPMN ditolak dengan pesan yang jelas
    Dengan berkas "anggaran.xml" berisi "<anggaran><pos>Belanja pegawai</pos></anggaran>"
    Ketika saya menjalankan ppb validate dengan format "json"
    Maka kode keluar adalah 2
    Dan berkas itu berstatus "error" dengan kode "NOT_BPMN"
    Dan pesan kesalahannya berbahasa Indonesia
    Dan tidak ada traceback pada keluaran

  Skenario: Temuan yang diabaikan tetap tercantum dan ditandai
    Dengan berkas contoh "ktp-el-lintas-fungsi-cacat.bpmn"
    Ketika saya menjalankan ppb validate dengan format "json"
    Maka temuan "no-disconnected" pada elemen "Task_ArsipManual" ditandai diabaikan
    Dan temuan yang diabaikan tidak dihitung sebagai kesalahan pada ringkasan
