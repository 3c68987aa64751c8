# language: id
Fitur: Ukuran efisiensi proses (PPB-EFI)
  Sebagai penelaah Bagian Organisasi Setdako Pariaman yang menyiapkan penyederhanaan birokrasi
  Saya ingin melihat perpindahan antarpelaksana, tahap persetujuan berlapis dan ukuran peta
  Agar proses yang berbelit dapat ditandai untuk dikaji ulang bersama OPD

  Skenario: Pertukaran dengan pemohon bukan perpindahan pelaksana
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "efi"

  Skenario: Proses lintas OPD di atas batas perpindahan yang ditetapkan Pemda diberi catatan
    Dengan peta contoh "sip-tenaga-kesehatan-lintas-fungsi-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu dengan parameter max_handoffs aturan "PPB-EFI-001" bernilai 4
    Maka ada temuan "PPB-EFI-001" tingkat "info" pada elemen "Proses_PenerbitanSIP"
    Dan pesannya memuat "Proses 'Penerbitan Surat Izin Praktik Tenaga Kesehatan' (Proses_PenerbitanSIP) memiliki 5 perpindahan antarpelaksana"
    Dan pesannya memuat "5 di antara lane, 0 dengan pool instansi lain; lebih dari 4"
    Dan sumbernya menyebut "Desain ppb-validator" dengan dasar "inferensi"
    Dan tidak ada temuan tingkat kesalahan

  Skenario: SOP AP dengan perpindahan dan paraf secukupnya tidak diberi catatan efisiensi
    Dengan peta contoh "sop-penerbitan-sip-bidan-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka tidak ada temuan kelompok "efi"

  Skenario: Jalur paralel tambahan menaikkan jumlah perpindahan pelaksana
    Dengan peta contoh "sop-penerbitan-sip-bidan-cacat.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu
    Maka ada temuan "PPB-EFI-001" tingkat "info" pada elemen "Proses_SOPSIPBidan"
    Dan pesannya memuat "7 perpindahan antarpelaksana (7 di antara lane, 0 dengan pool instansi lain; lebih dari 6)"

  Skenario: Pemda yang membatasi satu tahap persetujuan melihat paraf dan tanda tangan berurutan
    Dengan peta contoh "sop-penerbitan-sip-bidan-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu dengan parameter max_approvals aturan "PPB-EFI-002" bernilai 1
    Maka ada temuan "PPB-EFI-002" tingkat "info" pada elemen "Proses_SOPSIPBidan"
    Dan pesannya memuat "2 tahap paraf/persetujuan berurutan pada satu jalur (lebih dari 1)"
    Dan pesannya memuat "Memeriksa dan memaraf draf SIP Bidan"
    Dan pesannya memuat "Menandatangani SIP Bidan secara elektronik"

  Skenario: Peta yang terlalu besar untuk satu diagram disarankan dipecah
    Dengan peta contoh "pemda-level0-baik.bpmn"
    Ketika Bagian Organisasi memeriksa peta itu dengan parameter max_nodes aturan "PPB-EFI-003" bernilai 20
    Maka ada temuan "PPB-EFI-003" tingkat "info" pada elemen "Collaboration_PetaLevel0_PemkoPariaman"
    Dan pesannya memuat "memuat 29 elemen alur (lebih dari 20); pecah menjadi subproses"
