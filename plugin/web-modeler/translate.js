/**
 * Indonesian for what the web modeler shows itself: the lint button and overlays
 * (bpmn-js-bpmnlint), bpmnlint's messages, and the main palette and context-pad entries.
 * A text without a translation stays as it is (English).
 */
export const TEXTS = {
  // bpmn-js-bpmnlint
  '{errors} Errors, {warnings} Warnings': '{errors} kesalahan, {warnings} peringatan',
  'No Issues': 'Tidak ada masalah',
  'Toggle linting overlays': 'Tampilkan/sembunyikan pemeriksaan langsung',
  'Process': 'Proses',
  // bpmnlint (recommended rules)
  'Element is missing label/name': 'Elemen belum diberi nama/label',
  'Element is not connected': 'Elemen tidak terhubung',
  'Element is an implicit end': 'Elemen menjadi akhir tersirat (tanpa alur keluar)',
  'Element is an implicit start': 'Elemen menjadi awal tersirat (tanpa alur masuk)',
  'Flow splits implicitly': 'Alur bercabang tanpa gateway',
  'Incoming flows do not join': 'Alur masuk tidak digabung dengan gateway',
  'Gateway forks and joins': 'Gateway sekaligus menggabung dan mencabang',
  'Gateway is superfluous. It only has one source and target.':
    'Gateway berlebih: hanya punya satu alur masuk dan satu alur keluar.',
  'Sequence flow is missing condition': 'Alur urutan belum diberi kondisi',
  'Sequence flow has superfluous label': 'Alur urutan memiliki label berlebih',
  'SequenceFlow is a duplicate': 'Alur urutan ganda',
  'Duplicate outgoing sequence flows': 'Alur keluar ganda',
  'Duplicate incoming sequence flows': 'Alur masuk ganda',
  'Termination is superfluous.': 'Peristiwa terminasi berlebih.',
  'Element overlaps with other element': 'Elemen menumpuk elemen lain',
  'Element is outside of parent boundary': 'Elemen berada di luar batas induknya',
  'Element is missing bpmndi': 'Elemen tidak memiliki gambar diagram (BPMNDI)',
  'Event has multiple event definitions': 'Peristiwa memiliki lebih dari satu definisi',
  'Start event must be blank': 'Peristiwa awal harus polos (tanpa pemicu)',
  'Element is missing name': 'Elemen belum diberi nama',
  'Element is unused': 'Elemen tidak dipakai',
  'Element name is not unique': 'Nama elemen tidak unik',
  // palette and context pad
  'Activate hand tool': 'Alat geser kanvas',
  'Activate lasso tool': 'Alat laso (pilih banyak)',
  'Activate create/remove space tool': 'Alat tambah/kurangi ruang',
  'Activate global connect tool': 'Alat hubungkan',
  'Create start event': 'Buat peristiwa awal',
  'Create intermediate/boundary event': 'Buat peristiwa antara',
  'Create end event': 'Buat peristiwa akhir',
  'Create gateway': 'Buat gateway',
  'Create task': 'Buat tugas',
  'Create data object reference': 'Buat objek data',
  'Create data store reference': 'Buat penyimpanan data',
  'Create expanded sub-process': 'Buat subproses',
  'Create pool/participant': 'Buat pool/partisipan',
  'Create group': 'Buat grup',
  'Append task': 'Tambah tugas',
  'Append end event': 'Tambah peristiwa akhir',
  'Append gateway': 'Tambah gateway',
  'Append intermediate/boundary event': 'Tambah peristiwa antara',
  'Append text annotation': 'Tambah anotasi',
  'Change element': 'Ubah jenis elemen',
  'Change type': 'Ubah jenis',
  'Connect to other element': 'Hubungkan ke elemen lain',
  'Connect using association': 'Hubungkan dengan asosiasi',
  'Connect using data input association': 'Hubungkan dengan asosiasi data',
  'Delete': 'Hapus',
  'Add lane above': 'Tambah lane di atas',
  'Add lane below': 'Tambah lane di bawah',
  'Divide into two lanes': 'Bagi menjadi dua lane',
  'Divide into three lanes': 'Bagi menjadi tiga lane'
};

export function translate(template, replacements) {
  const text = TEXTS[template] || template;
  return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements)
    ? replacements[key] : `{${key}}`);
}

export default {
  translate: [ 'value', translate ]
};
