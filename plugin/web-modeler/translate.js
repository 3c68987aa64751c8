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
    'Start event tidak boleh berada di dalam subproses ad-hoc',
  'An <End Event> is not allowed in <Ad Hoc Sub Process>':
    'End event tidak boleh berada di dalam subproses ad-hoc',
  'Sequence flow is missing condition': 'Alur belum memiliki kondisi',
  'Process is missing end event': 'Proses belum memiliki end event',
  'Sub process is missing end event': 'Subproses belum memiliki end event',
  'Process is missing start event': 'Proses belum memiliki start event',
  'Sub process is missing start event': 'Subproses belum memiliki start event',
  'Process has multiple blank start events': 'Proses memiliki lebih dari satu start event polos',
  'Sub process has multiple blank start events':
    'Subproses memiliki lebih dari satu start event polos',
  'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>':
    'Gateway berbasis event harus memiliki sedikitnya 2 alur keluar',
  'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional':
    'Alur yang keluar dari gateway berbasis event tidak boleh memiliki kondisi',
  'Start event is missing event definition': 'Start event di dalam subproses event belum memiliki jenis pemicu',
  'Incoming flows do not join': 'Alur-alur yang masuk tidak digabungkan oleh gateway',
  'Element is missing name': 'Elemen belum diberi nama',
  'Element is unused': 'Elemen tidak dirujuk oleh elemen mana pun',
  'Element name is not unique': 'Nama elemen dipakai lebih dari sekali',
  'Element is missing label/name': 'Elemen belum diberi label/nama',
  'Link event is missing link name': 'Event tautan belum memiliki nama tautan',
  'Element is missing bpmndi': 'Elemen tidak memiliki gambar (BPMNDI) pada diagram',
  'Element is not connected': 'Elemen tidak terhubung dengan alur apa pun',
  'SequenceFlow is a duplicate': 'Alur merupakan duplikat alur lain',
  'Duplicate outgoing sequence flows': 'Alur keluar ganda',
  'Duplicate incoming sequence flows': 'Alur masuk ganda',
  'Gateway forks and joins': 'Gateway sekaligus menggabungkan dan mencabangkan alur',
  'Flow splits implicitly': 'Alur bercabang secara tersirat (tanpa gateway)',
  'Element is an implicit end': 'Elemen tidak memiliki alur keluar sehingga menjadi akhir tersirat',
  'Element is an implicit start': 'Elemen tidak memiliki alur masuk sehingga menjadi awal tersirat',
  'Element overlaps with other element': 'Elemen bertumpuk dengan elemen lain pada diagram',
  'Element is outside of parent boundary': 'Elemen berada di luar batas pool atau subprosesnya',
  'Event has multiple event definitions': 'Event memiliki lebih dari satu definisi event',
  'Start event must be blank': 'Start event di dalam subproses harus polos (tanpa pemicu)',
  'Gateway is superfluous. It only has one source and target.':
    'Gateway tidak diperlukan karena hanya memiliki satu alur masuk dan satu alur keluar.',
  'Sequence flow has superfluous label': 'Alur diberi label yang tidak diperlukan',
  'Termination is superfluous.': 'Terminate end event tidak diperlukan; end event biasa sudah cukup.',

  // palette and context pad
  'Activate hand tool': 'Alat geser kanvas',
  'Activate lasso tool': 'Alat laso (pilih banyak)',
  'Activate create/remove space tool': 'Alat tambah/kurangi ruang',
  'Activate global connect tool': 'Alat hubungkan',
  'Create start event': 'Buat start event',
  'Create intermediate/boundary event': 'Buat event antara/batas',
  'Create end event': 'Buat end event',
  'Create gateway': 'Buat gateway',
  'Create task': 'Buat tugas',
  'Create data object reference': 'Buat objek data',
  'Create data store reference': 'Buat penyimpanan data',
  'Create expanded sub-process': 'Buat subproses',
  'Create pool/participant': 'Buat pool/partisipan',
  'Create group': 'Buat grup',
  'Append task': 'Tambah tugas',
  'Append end event': 'Tambah end event',
  'Append gateway': 'Tambah gateway',
  'Append intermediate/boundary event': 'Tambah event antara/batas',
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
  'Add text annotation': 'Tambah anotasi',
  'Append compensation activity': 'Tambah aktivitas kompensasi',
  'Append conditional intermediate catch event': 'Tambah event antara bersyarat',
  'Append message intermediate catch event': 'Tambah event antara pesan',
  'Append receive task': 'Tambah tugas terima',
  'Append signal intermediate catch event': 'Tambah event antara sinyal',
  'Append timer intermediate catch event': 'Tambah event antara pewaktu',
  'Search in diagram': 'Cari di diagram',

  // "Change element" menu (bpmn-js replace options; events: see EVENT_MENU below)
  'User task': 'Tugas pengguna',
  'Manual task': 'Tugas manual',
  'Service task': 'Tugas layanan',
  'Script task': 'Tugas skrip',
  'Send task': 'Tugas kirim',
  'Receive task': 'Tugas terima',
  'Business rule task': 'Tugas aturan bisnis',
  'Call activity': 'Aktivitas panggilan',
  'Sub-process': 'Subproses',
  'Sub-process (collapsed)': 'Subproses (tertutup)',
  'Sub-process (expanded)': 'Subproses (terbuka)',
  'Ad-hoc sub-process': 'Subproses ad-hoc',
  'Ad-hoc sub-process (collapsed)': 'Subproses ad-hoc (tertutup)',
  'Ad-hoc sub-process (expanded)': 'Subproses ad-hoc (terbuka)',
  'Event sub-process': 'Subproses event',
  'Exclusive gateway': 'Gateway eksklusif',
  'Parallel gateway': 'Gateway paralel',
  'Inclusive gateway': 'Gateway inklusif',
  'Complex gateway': 'Gateway kompleks',
  'Event-based gateway': 'Gateway berbasis event',
  'Event based instantiating Gateway': 'Gateway berbasis event (memulai proses)',
  'Parallel Event based instantiating Gateway': 'Gateway berbasis event paralel (memulai proses)',
  'Sequence flow': 'Alur',
  'Default flow': 'Alur bawaan',
  'Conditional flow': 'Alur bersyarat',
  'Empty pool/participant': 'Pool/partisipan kosong',
  'Expanded pool/participant': 'Pool/partisipan terbuka',
  'Loop': 'Pengulangan',
  'Parallel multi-instance': 'Banyak instans paralel',
  'Sequential multi-instance': 'Banyak instans berurutan',
  'Participant multiplicity': 'Kelipatan partisipan',
  'Toggle non-interrupting': 'Ubah menyela/tidak menyela',
  'Completion': 'Penyelesaian',
  'Participant ID': 'ID partisipan',
  'Empty pool/participant (removes content)': 'Pool/partisipan kosong (isinya dihapus)',
  'Open {element}': 'Buka {element}',

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
  'Documentation: Timer events': 'Dokumentasi: event pewaktu'
};

/** Messages with a name or a type in them: [pattern, Indonesian with $1...]. */
export const PATTERNS = [
  [ /^Element type <([^>]+)> is discouraged$/, 'Jenis elemen <$1> sebaiknya tidak dipakai' ],
  [ /^Link catch event with link name <(.*)> missing in scope$/,
    'Event tautan penangkap bernama <$1> tidak ada di lingkup yang sama' ],
  [ /^Link throw event with link name <(.*)> missing in scope$/,
    'Event tautan pelempar bernama <$1> tidak ada di lingkup yang sama' ],
  [ /^Duplicate link catch event with link name <(.*)> in scope$/,
    'Event tautan penangkap bernama <$1> ganda di lingkup yang sama' ]
];

// the properties panel's header: an element's type split into words ("Message Start Event",
// "Timer Boundary Event (Non Interrupting)", "Expanded Sub Process")
const TYPE_BASE = {
  'Start Event': 'Start event',
  'End Event': 'End event',
  'Intermediate Catch Event': 'Event antara (tangkap)',
  'Intermediate Throw Event': 'Event antara (lempar)',
  'Boundary Event': 'Event batas',
  'Task': 'Tugas',
  'User Task': 'Tugas pengguna',
  'Manual Task': 'Tugas manual',
  'Service Task': 'Tugas layanan',
  'Script Task': 'Tugas skrip',
  'Send Task': 'Tugas kirim',
  'Receive Task': 'Tugas terima',
  'Business Rule Task': 'Tugas aturan bisnis',
  'Call Activity': 'Aktivitas panggilan',
  'Sub Process': 'Subproses',
  'Expanded Sub Process': 'Subproses (terbuka)',
  'Collapsed Sub Process': 'Subproses (tertutup)',
  'Event Sub Process': 'Subproses event',
  'Expanded Ad Hoc Sub Process': 'Subproses ad-hoc (terbuka)',
  'Collapsed Ad Hoc Sub Process': 'Subproses ad-hoc (tertutup)',
  'Transaction': 'Transaksi',
  'Exclusive Gateway': 'Gateway eksklusif',
  'Parallel Gateway': 'Gateway paralel',
  'Inclusive Gateway': 'Gateway inklusif',
  'Complex Gateway': 'Gateway kompleks',
  'Event Based Gateway': 'Gateway berbasis event',
  'Sequence Flow': 'Alur',
  'Default Flow': 'Alur bawaan',
  'Conditional Flow': 'Alur bersyarat',
  'Message Flow': 'Alur pesan',
  'Association': 'Asosiasi',
  'Data Input Association': 'Asosiasi data masukan',
  'Data Output Association': 'Asosiasi data keluaran',
  'Data Object Reference': 'Objek data',
  'Data Store Reference': 'Penyimpanan data',
  'Data Input': 'Data masukan',
  'Data Output': 'Data keluaran',
  'Participant': 'Partisipan (pool)',
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

// the "Change element" menu's events: "Message start event (non-interrupting)"
const EVENT_MENU = /^(?:(Message|Timer|Signal|Error|Escalation|Conditional|Compensation|Cancel|Link|Terminate) )?(start|end|boundary|intermediate catch|intermediate throw) event( \(non-interrupting\))?$/i;
const EVENT_MENU_BASE = {
  'start': 'Start event', 'end': 'End event', 'boundary': 'Event batas',
  'intermediate catch': 'Event antara tangkap', 'intermediate throw': 'Event antara lempar'
};
const EVENT_MENU_KIND = {
  message: 'pesan', timer: 'pewaktu', signal: 'sinyal', error: 'galat', escalation: 'eskalasi',
  conditional: 'bersyarat', compensation: 'kompensasi', cancel: 'pembatalan', link: 'tautan',
  terminate: 'terminasi'
};

/** "Timer boundary event (non-interrupting)" -> "Event batas pewaktu (tidak menyela)". */
export function eventMenuLabel(text) {
  const m = EVENT_MENU.exec(text);
  if (!m) return null;
  const kind = m[1] ? ` ${EVENT_MENU_KIND[m[1].toLowerCase()]}` : '';
  return `${EVENT_MENU_BASE[m[2].toLowerCase()]}${kind}${m[3] ? ' (tidak menyela)' : ''}`;
}

/** "Message Start Event (Non Interrupting)" -> "Start event pesan (tidak menyela)". */
export function typeLabel(text) {
  const m = TYPE_LABEL.exec(text);
  if (!m) return null;     // a label over several lines: left as it is
  let base = m[1];
  const tail = m[2] ? ' (tidak menyela)' : '';
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
  const type = typeLabel(template) || eventMenuLabel(template);
  if (type) return type;
  translate.missing.add(template);
  return template;
}

/**
 * The text in Indonesian, with `{key}` filled from `replacements`. Texts asked for that
 * have no translation are kept in `translate.missing` (the browser test reads it).
 */
export function translate(template, replacements) {
  const text = indonesian(String(template));
  return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements)
    ? replacements[key] : `{${key}}`);
}

translate.missing = new Set();

export default {
  translate: [ 'value', translate ]
};
