# language: id
Fitur: Mutu SOP AP dan Peta Lintas Fungsi (PPB-SOP)
  Sebagai penelaah Bagian Organisasi Setdako Pariaman
  Saya ingin SOP AP memakai lima simbol, setiap aktivitas punya pelaksana dan mutu baku terukur
  Agar SOP sesuai PermenPANRB 35/2012 dan waktunya dapat dibandingkan dengan standar pelayanan

  Skenario: SOP AP yang lengkap lolos pemeriksaan mutu
    Dengan peta contoh "sop-penerbitan-sip-bidan-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "sop"
    Dan tidak ada temuan tingkat kesalahan

  Skenario: Gateway paralel di SOP AP diberi peringatan
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-001" tingkat "peringatan" pada elemen "Gateway_Paralel"
    Dan pesannya memuat "SOP AP hanya memakai 5 simbol; ditemukan parallelGateway"
    Dan sumbernya menyebut "PermenPANRB 35/2012" dengan dasar "peraturan"

  Skenario: Pemda yang menetapkan Perwako dapat menjadikan simbol di luar SOP AP sebagai kesalahan
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu dengan aturan "PPB-SOP-001" bertingkat "kesalahan"
    Maka ada temuan "PPB-SOP-001" tingkat "kesalahan" pada elemen "Gateway_Paralel"

  Skenario: Aktivitas di luar lane pelaksana ditolak
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-002" tingkat "kesalahan" pada elemen "Task_SerahkanSIPBidan"
    Dan pesannya memuat "Aktivitas 'Menyerahkan SIP Bidan kepada pemohon' (Task_SerahkanSIPBidan) belum ditempatkan pada lane pelaksana"

  Skenario: Mutu baku waktu yang kosong diberi peringatan, karena PermenPANRB 35/2012 berkata "hendaknya"
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-003" tingkat "peringatan" pada elemen "Task_DrafSIPBidan"
    Dan pesannya memuat "Mutu baku 'waktu' belum diisi pada aktivitas"
    Dan pesannya memuat "'Menyusun draf SIP Bidan'"
    Dan sumbernya menyebut "PermenPANRB 35/2012" dengan dasar "peraturan"

  Skenario: Setiap aktivitas mendapat paling banyak satu temuan mutu baku
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka setiap elemen mendapat paling banyak satu temuan "PPB-SOP-003"

  Skenario: Waktu "secepatnya" tidak dapat diukur
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-004" tingkat "peringatan" pada elemen "Task_TandatanganSIPBidan"
    Dan pesannya memuat "Nilai waktu 'secepatnya' pada aktivitas 'Menandatangani SIP Bidan secara elektronik' tidak dapat diukur"
    Dan pesan bahasa Inggrisnya memuat "cannot be measured"

  Skenario: Peta Lintas Fungsi tidak dinilai dengan aturan SOP AP
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan "PPB-SOP-002"
    Dan tidak ada temuan "PPB-SOP-003"
    Dan tidak ada temuan "PPB-SOP-004"
    Dan tidak ada temuan "PPB-SOP-006"
    Dan tidak ada temuan "PPB-NMK-002"
    Dan ada temuan "PPB-LVL-006" tingkat "kesalahan" pada elemen "Participant_PemkoSIP"

  Skenario: Total waktu jalur terpanjang melebihi standar pelayanan
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-005" tingkat "peringatan" pada elemen "Proses_SOPSIPBidan"
    Dan pesannya memuat "melebihi standar pelayanan 5 hari kerja"
    Dan pesannya memuat "aktivitas terlama: 'Memverifikasi dokumen dan meninjau tempat praktik'"

  Skenario: Cabang keputusan tanpa label disampaikan sebagai info
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-006" tingkat "info" pada elemen "Gateway_SyaratTeknis"
    Dan pesannya memuat "Keputusan 'Memenuhi persyaratan teknis?' (Gateway_SyaratTeknis) sebaiknya memiliki dua cabang berlabel (Ya/Tidak)"
    Dan sumbernya menyebut "Desain ppb-validator" dengan dasar "inferensi"

  Skenario: Identitas SOP tanpa tanggal efektif dan pengesahan ditolak
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-008" tingkat "kesalahan" pada elemen "Definitions_SOP_SIPBidan"
    Dan pesannya memuat "Identitas SOP belum lengkap: tanggal efektif dan pengesahan (disahkan oleh) belum diisi"
    Dan ada temuan "PPB-SOP-008" tingkat "peringatan" pada elemen "Definitions_SOP_SIPBidan"
    Dan pesannya memuat "peringatan belum diisi"

  Skenario: Tanggal revisi tetap wajib ada pada identitas SOP
    Dengan peta contoh "sop-penerbitan-sip-bidan-baik.bpmn" yang atribut ppb:tglRevisi-nya dihapus
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-SOP-008" tingkat "kesalahan" pada elemen "Definitions_SOP_SIPBidan"
    Dan pesannya memuat "tanggal revisi"
