# language: id
Fitur: Dokumen SOP AP dari peta SOP (PermenPANRB 35/2012)
  Sebagai operator OPD yang menyusun SOP
  Saya ingin mengubah peta SOP menjadi dokumen SOP AP siap tanda tangan
  Agar SOP tidak perlu digambar ulang dengan tangan di pengolah kata

  Skenario: Peta SOP contoh menjadi dokumen DOCX berformat SOP AP
    Dengan berkas peta SOP "sop-penerbitan-sip-bidan-baik.bpmn"
    Ketika operator membuat dokumen SOP berformat "docx"
    Maka perintah berhasil
    Dan tabel prosedur berkolom No, Kegiatan, satu kolom per pelaksana, Kelengkapan, Waktu, Output dan Keterangan
    Dan kegiatan nomor 1 adalah "Menerima dan memeriksa kelengkapan berkas permohonan"
    Dan kegiatan nomor 10 adalah "Menyerahkan SIP Bidan kepada pemohon"
    Dan halaman identitas memuat "800/017/SOP-DPMPTSP/2025"

  Skenario: Peta SOP tanpa identitas tetap menjadi dokumen dengan kotak kosong dan peringatan
    Dengan peta SOP buatan tanpa atribut identitas
    Ketika operator membuat dokumen SOP berformat "docx"
    Maka perintah berhasil
    Dan kotak "Nomor SOP" pada halaman identitas kosong
    Dan ada peringatan "DOKUMEN_IDENTITAS_KOSONG" yang menyebut "Tanggal Efektif"

  Skenario: Peta yang bukan SOP ditolak dengan pesan yang jelas
    Dengan berkas peta SOP "pemda-level0-baik.bpmn"
    Ketika operator membuat dokumen SOP berformat "docx"
    Maka perintah gagal dengan kode "DOKUMEN_TANPA_SOP"
    Dan tidak ada berkas dokumen yang ditulis

  Skenario: Dokumen SOP sebagai PDF lanskap
    Dengan berkas peta SOP "sop-penerbitan-sip-bidan-baik.bpmn"
    Ketika operator membuat dokumen SOP berformat "pdf"
    Maka perintah berhasil
    Dan halaman terakhir PDF berorientasi lanskap dan memuat "Menyerahkan SIP Bidan kepada pemohon"
