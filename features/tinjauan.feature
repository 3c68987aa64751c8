# language: id
Fitur: Meninjau peta OPD dari unggahan sampai diverifikasi
  Sebagai verifikator Bagian Organisasi
  Saya ingin menerima pengajuan peta OPD, memberi komentar pada elemennya dan meminta revisi
  Agar hanya peta yang sudah sesuai yang diverifikasi dan siap ditetapkan

  Dasar:
    Dengan server validasi dengan akun contoh dan seorang verifikator
    Dan staf Disdukcapil dan verifikator sudah masuk

  Skenario: Unggah, ajukan, komentar, revisi dengan versi baru, lalu verifikasi
    Ketika staf Disdukcapil mengunggah berkas contoh "disdukcapil-level1-cacat.bpmn"
    Maka peta itu berada pada tahap "draf"
    Dan laporannya menampilkan kesalahan lebih dahulu dengan catatan bahwa aturan bersifat saran
    Ketika staf Disdukcapil mengajukan peta itu dengan catatan "Mohon diperiksa"
    Maka peta itu berada pada tahap "diajukan"
    Dan antrian verifikator memuat peta itu beserta jumlah kesalahannya
    Dan verifikator mendapat pemberitahuan bahwa peta itu diajukan
    Ketika verifikator berkomentar "Kode program belum sesuai Kepmendagri" pada elemen "Sub_03_01_Dafduk"
    Dan verifikator meminta revisi dengan catatan "Perbaiki kode program"
    Maka peta itu berada pada tahap "perlu-revisi"
    Dan staf Disdukcapil melihat peta itu di antrian revisi beserta komentar "Kode program belum sesuai Kepmendagri"
    Ketika staf Disdukcapil mengunggah versi baru dari berkas contoh "disdukcapil-level1-baik.bpmn"
    Maka versi baru itu berada pada tahap "draf"
    Dan laporan versi baru memuat komentar "Kode program belum sesuai Kepmendagri" yang "dibuat pada versi 1"
    Ketika staf Disdukcapil membalas komentar itu dengan "Kode sudah dibetulkan" dan menandainya selesai
    Dan staf Disdukcapil mengajukan versi baru itu
    Dan verifikator memverifikasi versi baru itu
    Maka versi baru itu berada pada tahap "diverifikasi"
    Dan riwayat tahap versi baru mencatat "diajukan" oleh "Operator Disdukcapil" dan "diverifikasi" oleh "Verifikator Satu"
    Dan staf Disdukcapil mendapat pemberitahuan bahwa petanya telah diverifikasi

  Skenario: Staf OPD tidak dapat memverifikasi petanya sendiri
    Ketika staf Disdukcapil mengunggah berkas contoh "disdukcapil-level1-baik.bpmn"
    Dan staf Disdukcapil mengajukan peta itu dengan catatan "Mohon diperiksa"
    Maka staf Disdukcapil yang mencoba memverifikasinya lewat API ditolak dengan status 403
    Dan peta itu berada pada tahap "diajukan"

  Skenario: Versi yang sudah diverifikasi tidak dapat diminta revisi lagi
    Ketika staf Disdukcapil mengunggah berkas contoh "disdukcapil-level1-baik.bpmn"
    Dan staf Disdukcapil mengajukan peta itu dengan catatan "Mohon diperiksa"
    Dan verifikator memverifikasi peta itu
    Maka permintaan revisi lewat API untuk peta itu ditolak dengan status 409 dan pesan "tahap «Diverifikasi»"
