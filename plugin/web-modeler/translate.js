/**
 * Indonesian for what the web modeler shows itself: the lint button and overlays
 * (bpmn-js-bpmnlint), the messages of every bpmnlint rule the modeler runs (lint.js),
 * the main palette and context-pad entries, and the properties panel's groups, entries,
 * validation messages and element type headers (bpmn-js-properties-panel, BPMN provider).
 *
 * bpmn-js and its panel pass every text through this module: an exact entry of TEXTS
 * first, then the PATTERNS (messages with a name or type in them), then element type
 * labels ("User Task", "Message Start Event (Non Interrupting)"). A text without a
 * translation stays as it is (English).
 */
export const TEXTS = {
  // bpmn-js-bpmnlint
  '{errors} Errors, {warnings} Warnings': '{errors} kesalahan, {warnings} peringatan',
  'No Issues': 'Tidak ada masalah',
  'Toggle linting overlays': 'Tampilkan/sembunyikan pemeriksaan langsung',
  'Issues for child elements': 'Masalah pada elemen di dalamnya',
  'Process': 'Proses',

  // bpmnlint: the messages of every rule of lint.js (BUILTIN); a test checks the list
  'A <Start Event> is not allowed in <Ad Hoc Sub Process>':
    'Peristiwa awal tidak boleh ada di dalam subproses ad-hoc',
  'An <End Event> is not allowed in <Ad Hoc Sub Process>':
    'Peristiwa akhir tidak boleh ada di dalam subproses ad-hoc',
  'Sequence flow is missing condition': 'Alur urutan belum diberi kondisi',
  'Process is missing end event': 'Proses belum memiliki peristiwa akhir',
  'Sub process is missing end event': 'Subproses belum memiliki peristiwa akhir',
  'Process is missing start event': 'Proses belum memiliki peristiwa awal',
  'Sub process is missing start event': 'Subproses belum memiliki peristiwa awal',
  'Process has multiple blank start events': 'Proses memiliki lebih dari satu peristiwa awal polos',
  'Sub process has multiple blank start events':
    'Subproses memiliki lebih dari satu peristiwa awal polos',
  'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>':
    'Gateway berbasis peristiwa harus memiliki sedikitnya 2 alur keluar',
  'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional':
    'Alur keluar dari gateway berbasis peristiwa tidak boleh bersyarat',
  'Start event is missing event definition': 'Peristiwa awal belum memiliki definisi pemicu',
  'Incoming flows do not join': 'Alur masuk tidak digabung dengan gateway',
  'Element is missing name': 'Elemen belum diberi nama',
  'Element is unused': 'Elemen tidak dipakai',
  'Element name is not unique': 'Nama elemen tidak unik',
  'Element is missing label/name': 'Elemen belum diberi nama/label',
  'Link event is missing link name': 'Peristiwa tautan belum diberi nama tautan',
  'Element is missing bpmndi': 'Elemen tidak memiliki gambar diagram (BPMNDI)',
  'Element is not connected': 'Elemen tidak terhubung',
  'SequenceFlow is a duplicate': 'Alur urutan ganda',
  'Duplicate outgoing sequence flows': 'Alur keluar ganda',
  'Duplicate incoming sequence flows': 'Alur masuk ganda',
  'Gateway forks and joins': 'Gateway sekaligus menggabung dan mencabang',
  'Flow splits implicitly': 'Alur bercabang tanpa gateway',
  'Element is an implicit end': 'Elemen menjadi akhir tersirat (tanpa alur keluar)',
  'Element is an implicit start': 'Elemen menjadi awal tersirat (tanpa alur masuk)',
  'Element overlaps with other element': 'Elemen menumpuk elemen lain',
  'Element is outside of parent boundary': 'Elemen berada di luar batas induknya',
  'Event has multiple event definitions': 'Peristiwa memiliki lebih dari satu definisi',
  'Start event must be blank': 'Peristiwa awal harus polos (tanpa pemicu)',
  'Gateway is superfluous. It only has one source and target.':
    'Gateway berlebih: hanya punya satu alur masuk dan satu alur keluar.',
  'Sequence flow has superfluous label': 'Alur urutan memiliki label berlebih',
  'Termination is superfluous.': 'Peristiwa terminasi berlebih.',

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
  'Divide into three lanes': 'Bagi menjadi tiga lane',

  // properties panel: empty states, groups, entries (BPMN provider)
  'Select an element to edit its properties.': 'Pilih sebuah elemen untuk mengubah atributnya.',
  'Multiple elements are selected. Select a single element to edit its properties.':
    'Beberapa elemen terpilih. Pilih satu elemen saja untuk mengubah atributnya.',
  'General': 'Umum',
  'Documentation': 'Dokumentasi',
  'Element documentation': 'Dokumentasi elemen',
  'Process documentation': 'Dokumentasi proses',
  'Name': 'Nama',
  'ID': 'ID',
  'Process name': 'Nama proses',
  'Process ID': 'ID proses',
  'Participant Name': 'Nama partisipan',
  'Executable': 'Dapat dijalankan',
  'Version tag': 'Tanda versi',
  'Condition': 'Kondisi',
  'Condition expression': 'Ekspresi kondisi',
  'Condition Expression': 'Ekspresi kondisi',
  'Type': 'Jenis',
  'Expression': 'Ekspresi',
  'Script': 'Skrip',
  'Format': 'Format',
  'Script type': 'Jenis skrip',
  'Inline script': 'Skrip sebaris',
  'External resource': 'Sumber eksternal',
  'Resource': 'Sumber',
  'Multi-instance': 'Banyak instans',
  'Loop cardinality': 'Jumlah pengulangan',
  'Completion condition': 'Kondisi selesai',
  'Message': 'Pesan',
  'Signal': 'Sinyal',
  'Error': 'Galat',
  'Errors': 'Galat',
  'Escalation': 'Eskalasi',
  'Timer': 'Pewaktu',
  'Compensation': 'Kompensasi',
  'Link': 'Tautan',
  'Code': 'Kode',
  'Global message reference': 'Rujukan pesan global',
  'Global signal reference': 'Rujukan sinyal global',
  'Global error reference': 'Rujukan galat global',
  'Global escalation reference': 'Rujukan eskalasi global',
  'Activity reference': 'Rujukan aktivitas',
  'Wait for completion': 'Tunggu sampai selesai',
  'Called element': 'Elemen yang dipanggil',
  'Create new ...': 'Buat baru …',
  '<none>': '<tidak ada>',
  '<empty>': '<kosong>',
  'Date': 'Tanggal',
  'Duration': 'Durasi',
  'Cycle': 'Siklus',
  'Value': 'Nilai',
  'Label': 'Label',
  'Properties': 'Atribut',
  'Collection': 'Koleksi',
  'Element variable': 'Variabel elemen',
  'Implementation': 'Implementasi',
  'Implementation type': 'Jenis implementasi',
  'Inputs': 'Masukan',
  'Outputs': 'Keluaran',
  'Input': 'Masukan',
  'Output': 'Keluaran',
  'Candidate starter': 'Calon pemulai',
  'Data object reference': 'Rujukan objek data',
  'Data store reference': 'Rujukan penyimpanan data',
  'Category value': 'Nilai kategori',
  'Learn more.': 'Pelajari lebih lanjut.',
  'ID must not be empty.': 'ID wajib diisi.',
  'ID must be unique.': 'ID harus unik.',
  'ID must not contain spaces.': 'ID tidak boleh mengandung spasi.',
  'ID must not contain prefix.': 'ID tidak boleh memakai awalan (prefiks).',
  'ID must be a valid QName.':
    'ID harus diawali huruf atau garis bawah dan hanya memuat huruf, angka, titik, garis bawah, atau tanda hubung.',
  'A time duration defined as ISO 8601 durations format.':
    'Durasi dalam format ISO 8601 (mis. PT15M untuk 15 menit).',
  'A specific point in time defined as ISO 8601 combined date and time representation.':
    'Satu titik waktu dalam format tanggal dan jam ISO 8601 (mis. 2026-01-31T09:00:00).',
  'A cycle defined as ISO 8601 repeating intervals format.':
    'Siklus dalam format selang berulang ISO 8601 (mis. R5/PT10S).',
  'How to configure a timer': 'Cara mengatur pewaktu',
  'Documentation: Timer events': 'Dokumentasi: peristiwa pewaktu'
};

/** Messages with a name or a type in them: [pattern, Indonesian with $1...]. */
export const PATTERNS = [
  [ /^Element type <([^>]+)> is discouraged$/, 'Jenis elemen <$1> sebaiknya tidak dipakai' ],
  [ /^Link catch event with link name <(.*)> missing in scope$/,
    'Peristiwa tautan penangkap bernama <$1> tidak ada dalam cakupan ini' ],
  [ /^Link throw event with link name <(.*)> missing in scope$/,
    'Peristiwa tautan pelempar bernama <$1> tidak ada dalam cakupan ini' ],
  [ /^Duplicate link catch event with link name <(.*)> in scope$/,
    'Peristiwa tautan penangkap bernama <$1> ganda dalam cakupan ini' ]
];

// the properties panel's header: an element's type split into words ("Message Start Event",
// "Timer Boundary Event (Non Interrupting)", "Expanded Sub Process")
const TYPE_BASE = {
  'Start Event': 'Peristiwa Awal',
  'End Event': 'Peristiwa Akhir',
  'Intermediate Catch Event': 'Peristiwa Antara (Tangkap)',
  'Intermediate Throw Event': 'Peristiwa Antara (Lempar)',
  'Boundary Event': 'Peristiwa Batas',
  'Task': 'Tugas',
  'User Task': 'Tugas Pengguna',
  'Manual Task': 'Tugas Manual',
  'Service Task': 'Tugas Layanan',
  'Script Task': 'Tugas Skrip',
  'Send Task': 'Tugas Kirim',
  'Receive Task': 'Tugas Terima',
  'Business Rule Task': 'Tugas Aturan Bisnis',
  'Call Activity': 'Aktivitas Panggilan',
  'Sub Process': 'Subproses',
  'Expanded Sub Process': 'Subproses (Terbuka)',
  'Collapsed Sub Process': 'Subproses (Tertutup)',
  'Event Sub Process': 'Subproses Peristiwa',
  'Expanded Ad Hoc Sub Process': 'Subproses Ad-hoc (Terbuka)',
  'Collapsed Ad Hoc Sub Process': 'Subproses Ad-hoc (Tertutup)',
  'Transaction': 'Transaksi',
  'Exclusive Gateway': 'Gateway Eksklusif',
  'Parallel Gateway': 'Gateway Paralel',
  'Inclusive Gateway': 'Gateway Inklusif',
  'Complex Gateway': 'Gateway Kompleks',
  'Event Based Gateway': 'Gateway Berbasis Peristiwa',
  'Sequence Flow': 'Alur Urutan',
  'Default Flow': 'Alur Bawaan',
  'Conditional Flow': 'Alur Bersyarat',
  'Message Flow': 'Alur Pesan',
  'Association': 'Asosiasi',
  'Data Input Association': 'Asosiasi Data Masukan',
  'Data Output Association': 'Asosiasi Data Keluaran',
  'Data Object Reference': 'Objek Data',
  'Data Store Reference': 'Penyimpanan Data',
  'Data Input': 'Data Masukan',
  'Data Output': 'Data Keluaran',
  'Participant': 'Partisipan (Pool)',
  'Lane': 'Lane',
  'Process': 'Proses',
  'Collaboration': 'Kolaborasi',
  'Text Annotation': 'Anotasi',
  'Group': 'Grup'
};
const EVENT_KIND = {
  'Message': 'Pesan', 'Timer': 'Pewaktu', 'Signal': 'Sinyal', 'Error': 'Galat',
  'Escalation': 'Eskalasi', 'Conditional': 'Bersyarat', 'Link': 'Tautan',
  'Compensate': 'Kompensasi', 'Cancel': 'Pembatalan', 'Terminate': 'Terminasi',
  'Multiple': 'Ganda', 'Parallel Multiple': 'Ganda Paralel'
};
const TYPE_LABEL = /^(.*?)(?: \((Non Interrupting)\))?$/;

/** "Message Start Event (Non Interrupting)" -> "Peristiwa Awal Pesan (Tidak Menyela)". */
export function typeLabel(text) {
  const m = TYPE_LABEL.exec(text);
  let base = m[1];
  const tail = m[2] ? ' (Tidak Menyela)' : '';
  if (TYPE_BASE[base]) return TYPE_BASE[base] + tail;
  for (const [ kind, word ] of Object.entries(EVENT_KIND)) {
    if (base.startsWith(kind + ' ')) {
      const rest = base.slice(kind.length + 1);
      if (/Event$/.test(rest) && TYPE_BASE[rest]) return `${TYPE_BASE[rest]} ${word}${tail}`;
    }
  }
  return null;
}

function indonesian(template) {
  if (Object.prototype.hasOwnProperty.call(TEXTS, template)) return TEXTS[template];
  for (const [ pattern, text ] of PATTERNS) {
    if (pattern.test(template)) return template.replace(pattern, text);
  }
  return typeLabel(template) || template;
}

export function translate(template, replacements) {
  const text = indonesian(String(template));
  return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements)
    ? replacements[key] : `{${key}}`);
}

export default {
  translate: [ 'value', translate ]
};
