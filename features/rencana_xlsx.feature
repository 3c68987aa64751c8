# language: id
Fitur: Rencana (RPJMD dan Renstra) dari lembar kerja
  Sebagai Bagian Organisasi yang menyimpan RPJMD dan Renstra dalam lembar kerja
  Saya ingin memeriksa lembar kerja rencana sebelum dipakai untuk memeriksa peta
  Agar setiap sel yang salah ditemukan beserta lembar, baris dan kolomnya

  Skenario: Lembar kerja rencana yang terisi benar diterima
    Dengan rencana contoh "rencana-pariaman.yaml" yang diekspor ke lembar kerja "rencana.xlsx"
    Ketika saya menjalankan ppb rencana periksa pada "rencana.xlsx"
    Maka kode keluar adalah 0
    Dan keluaran memuat "Rencana sah: rencana.xlsx"
    Dan keluaran memuat "Pemerintah Kota Pariaman (13.77)"
    Dan jumlah sasaran, indikator, Renstra dan OPD pada ringkasan sama dengan rencana contoh

  Skenario: Rencana dari lembar kerja dengan sel yang salah
    Dengan templat rencana dari ppb rencana template bernama "rencana-opd.xlsx"
    Dan peninjau mengisi sel "Target 2026" indikator "IKU-1.1" pada lembar "T-C.25" dengan "tinggi"
    Ketika saya menjalankan ppb rencana periksa pada "rencana-opd.xlsx"
    Maka kode keluar adalah 2
    Dan keluaran memuat "Rencana TIDAK sah: rencana-opd.xlsx"
    Dan keluaran memuat "Lembar 'T-C.25', baris 4, kolom K (Target 2026): nilai 'tinggi' bukan angka."
    Dan keluaran menyebut lembar, baris dan kolom sel yang diisi peninjau
    Dan tidak ada traceback pada keluaran
