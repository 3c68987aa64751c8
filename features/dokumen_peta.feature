# language: id
Fitur: Dokumen Peta Proses Bisnis yang ditetapkan (PermenPANRB 19/2018)
  Sebagai Bagian Organisasi Setdako Pariaman
  Saya ingin mengubah set peta hasil FGD menjadi Keputusan Wali Kota beserta Lampirannya
  Agar peta tidak perlu digambar ulang di pengolah kata sebelum ditetapkan

  Skenario: Set peta Kota Pariaman menjadi draf Keputusan Wali Kota berformat DOCX
    Dengan set peta contoh Kota Pariaman dan rencana RPJMD 2025-2029
    Ketika Bagian Organisasi membuat dokumen peta berformat "docx" dengan kaskade
    Maka perintah berhasil
    Dan dokumen diawali tanda "DRAF" dan judul "KEPUTUSAN WALI KOTA PARIAMAN"
    Dan setiap halaman Lampiran berkepala "LAMPIRAN KEPUTUSAN WALI KOTA PARIAMAN" dengan judul "PETA PROSES BISNIS PEMERINTAH KOTA PARIAMAN TAHUN 2025-2029"
    Dan setiap peta dalam set kecuali peta SOP tergambar satu kali
    Dan daftar proses Level 0 memuat kode "04" dengan pemilik "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    Dan ada bab "BAB VI KASKADE SASARAN KE PROSES"

  Skenario: Dokumen yang sudah ditetapkan memuat nomor dan tanggal, tanpa tanda DRAF
    Dengan set peta contoh Kota Pariaman dan rencana RPJMD 2025-2029
    Ketika Bagian Organisasi membuat dokumen peta berformat "docx" dengan nomor "100.3.3.2/245/2025" tanggal "2025-12-15"
    Maka perintah berhasil
    Dan dokumen tidak memuat tanda "DRAF"
    Dan kepala Lampiran memuat "NOMOR" "100.3.3.2/245/2025" dan "TANGGAL" "15 Desember 2025"

  Skenario: Satu OPD membuat dokumen petanya sendiri
    Dengan set peta contoh Kota Pariaman dan rencana RPJMD 2025-2029
    Ketika operator OPD "DINKES" membuat dokumen peta berformat "docx"
    Maka perintah berhasil
    Dan dokumen diawali tanda "DRAF" dan judul "KEPUTUSAN KEPALA DINAS KESEHATAN KOTA PARIAMAN"
    Dan hanya peta Dinas Kesehatan yang tergambar

  Skenario: Kaskade tanpa rencana ditolak dengan pesan yang jelas
    Dengan set peta contoh Kota Pariaman tanpa rencana
    Ketika Bagian Organisasi membuat dokumen peta berformat "docx" dengan kaskade
    Maka perintah gagal dengan kode "DOKUMEN_KASKADE_TANPA_RENCANA"
    Dan tidak ada berkas dokumen yang ditulis

  Skenario: Dokumen peta sebagai PDF dengan periode RPJMD pada judul
    Dengan set peta contoh Kota Pariaman dan rencana RPJMD 2025-2029
    Ketika Bagian Organisasi membuat dokumen peta berformat "pdf" dengan kaskade
    Maka perintah berhasil
    Dan halaman pertama PDF memuat "PETA PROSES BISNIS PEMERINTAH KOTA PARIAMAN TAHUN 2025-2029"
    Dan ada halaman PDF lanskap yang memuat "Peta Proses Bisnis Level 0"
