# language: id
Fitur: Keselarasan peta dengan RPJMD dan Renstra (PPB-ALN)
  Sebagai Bagian Organisasi Setdako yang menelaah seluruh peta Pemda dan OPD
  Saya ingin memeriksa satu set peta bersama rencananya (RPJMD, Renstra OPD, master organisasi)
  Agar terlihat apakah setiap proses melayani sasaran RPJMD, setiap sasaran didukung proses,
  dan peta OPD menurun dari peta Pemda

  Skenario: Set peta yang selaras tidak menghasilkan temuan keselarasan
    Dengan set peta uji "selaras" beserta rencananya
    Ketika saya menjalankan ppb validate atas set itu dengan rencananya
    Maka laporan memuat 4 berkas
    Dan tidak ada temuan keselarasan sama sekali
    Dan tidak ada aturan keselarasan yang dilewati

  Skenario: Proses inti yang belum dikaitkan dengan sasaran
    Dengan set peta uji "proses-inti-tanpa-sasaran" beserta rencananya
    Ketika saya menjalankan ppb validate atas set itu dengan rencananya
    Maka kode keluar adalah 1
    Dan berkas "disdukcapil-level1.bpmn" memuat temuan "PPB-ALN-002" tingkat "warning" pada elemen "Sub_01_01"
    Dan pesannya memuat "Proses inti 01.01 'Pelayanan Pendaftaran Penduduk' belum dikaitkan dengan sasaran RPJMD/Renstra"
    Dan pesannya memuat "pilihan: DUK-S1 'Meningkatnya cakupan kepemilikan dokumen kependudukan', DUK-S2"
    Dan set memuat temuan "PPB-ALN-003" tingkat "warning" untuk "DUK-S1"

  Skenario: Sasaran RPJMD yang belum didukung proses apa pun
    Dengan set peta uji "sasaran-tanpa-proses" beserta rencananya
    Ketika saya menjalankan ppb validate atas set itu dengan rencananya
    Maka set memuat temuan "PPB-ALN-003" tingkat "warning" untuk "S4.2"
    Dan pesannya memuat "Sasaran RPJMD S4.2 'Meningkatnya kualitas pelayanan publik' belum didukung proses apa pun"
    Dan hanya ada 1 temuan keselarasan

  Skenario: Sasaran Renstra yang tidak diturunkan dari sasaran RPJMD mana pun dicatat pada rencana
    Dengan set peta uji "renstra-tanpa-induk" beserta rencananya
    Ketika saya menjalankan ppb validate atas set itu dengan rencananya
    Maka kode keluar adalah 1
    Dan set memuat temuan "PPB-ALN-005" tingkat "error" untuk "DUK-S2"
    Dan pesannya memuat "Sasaran Renstra DUK-S2 'Meningkatnya akuntabilitas kinerja dinas' (DISDUKCAPIL) tidak terhubung ke sasaran RPJMD mana pun"
    Dan pesannya memuat "belum mendukung RPJMD: 01.02 'Pengelolaan Kepegawaian Dinas'"
    Dan hanya ada 1 temuan keselarasan

  Skenario: Tanpa rencana, aturan keselarasan dilewati dan disebutkan
    Dengan set peta uji "selaras" beserta rencananya
    Ketika saya menjalankan ppb validate atas set itu tanpa rencana
    Maka tidak ada temuan keselarasan sama sekali
    Dan laporan menyebut aturan "PPB-ALN-003" tidak dijalankan
