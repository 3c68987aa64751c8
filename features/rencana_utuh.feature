# language: id
Fitur: Rencana diperiksa utuh sebelum menggantikan rencana aktif
  Sebagai Bagian Organisasi yang mengganti RPJMD dan Renstra
  Saya ingin setiap rujukan dan target rencana diperiksa sekaligus
  Agar rencana yang tidak utuh tidak menggantikan rencana yang berlaku

  Skenario: Rencana dengan rujukan yang putus ditolak dengan setiap kesalahannya
    Dengan rencana contoh "rencana-pariaman.yaml" yang diubah menjadi "rencana-baru.yaml":
      | bagian                                   | nilai       |
      | rpjmd.tujuan[0].misi                     | M9          |
      | rpjmd.sasaran[1].tujuan                  | T9.9        |
      | rpjmd.sasaran[0].indikator[0].target.2026 | abc        |
      | renstra[0].opd                           | DINAS-HANTU |
    Ketika saya menjalankan ppb rencana periksa pada "rencana-baru.yaml"
    Maka kode keluar adalah 2
    Dan keluaran memuat "Rencana memuat 4 kesalahan rujukan atau target."
    Dan keluaran menyebut setiap bagian yang diubah
    Dan tidak ada traceback pada keluaran

  Skenario: Rencana contoh utuh; sasaran Renstra tanpa induk hanya peringatan
    Dengan rencana contoh "rencana-pariaman.yaml" yang diubah menjadi "rencana-contoh.yaml":
      | bagian | nilai |
    Ketika saya menjalankan ppb rencana periksa pada "rencana-contoh.yaml"
    Maka kode keluar adalah 0
    Dan keluaran memuat "Rencana sah: rencana-contoh.yaml"
    Dan keluaran memuat "Peringatan:"
    Dan keluaran memuat "'DPM-S3' merupakan hasil penjenjangan sasaran RPJMD 'S4.5' yang tidak ada di RPJMD"
