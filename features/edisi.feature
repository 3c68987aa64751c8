# language: id
Fitur: Edisi Peta Proses Bisnis ditetapkan dari peta yang sudah diverifikasi
  Sebagai admin Bagian Organisasi
  Saya ingin menghimpun peta OPD yang sudah diverifikasi menjadi satu edisi dan menetapkannya
  Agar Peta Proses Bisnis yang ditetapkan Wali Kota tercatat utuh dan tidak berubah lagi

  Dasar:
    Dengan server validasi dengan akun contoh tanpa peta
    Dan peta contoh "pemda-level0-baik.bpmn" milik "PEMKO" sudah diverifikasi
    Dan peta contoh "disdukcapil-level1-baik.bpmn" milik "DISDUKCAPIL" sudah diverifikasi

  Skenario: Edisi dibuat, dilengkapi, ditetapkan, lalu tidak dapat diubah
    Ketika admin membuat edisi "Peta Proses Bisnis Kota Pariaman 2025" tahun 2025
    Dan admin memasukkan peta "pemda-level0-baik.bpmn" ke edisi itu
    Dan admin memasukkan peta "disdukcapil-level1-baik.bpmn" ke edisi itu
    Maka edisi itu memuat 2 peta
    Dan kekurangan edisi menyebut OPD "DINKES" tanpa peta Level 1
    Dan kekurangan edisi tidak menyebut OPD "DISDUKCAPIL"
    Ketika admin menetapkan edisi itu dengan nomor "188.45/321/KPTS/2025" tanggal "2025-12-01"
    Maka edisi itu berstatus "ditetapkan" dengan sidik sha256
    Dan peta "disdukcapil-level1-baik.bpmn" berada pada tahap "ditetapkan"
    Dan staf Disdukcapil dapat membaca edisi itu sebagai edisi resmi
    Dan memasukkan peta lain ke edisi itu ditolak dengan status 409 dan pesan "sudah ditetapkan"
    Dan menetapkan edisi itu sekali lagi ditolak dengan status 409 dan pesan "sudah ditetapkan"

  Skenario: Versi yang belum diverifikasi ditolak masuk edisi
    Dengan staf Disdukcapil menyimpan peta contoh "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn" tanpa mengajukannya
    Ketika admin membuat edisi "Peta Proses Bisnis Kota Pariaman 2026" tahun 2026
    Maka memasukkan peta "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn" ke edisi itu ditolak dengan status 409 dan pesan "sudah diverifikasi"

  Skenario: Staf OPD tidak dapat membuat edisi
    Maka staf Disdukcapil yang membuat edisi lewat API ditolak dengan status 403
