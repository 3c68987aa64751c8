/**
 * The plugin's React part in Camunda Modeler: registers the settings (server URL, API
 * token, profile) in Settings > "Validator PPB", loads the plan from the server for the
 * properties panel, and shows the last validation's findings in a bottom-panel tab
 * "Validasi PPB" (a click selects the element on the canvas), beside them the review
 * comments of the same diagram on the server (bpmn-js/PpbComments.js) with "Tambah komentar"
 * for the selected element.
 */

import React from 'camunda-modeler-plugin-helpers/vendor/react';
import Fill from 'camunda-modeler-plugin-helpers/components/Fill.js';

import { createPlanLoader } from './plan-loader.js';
import { getState, notify, subscribe, update } from './store.js';

const h = React.createElement;

export const SETTINGS = {
  id: 'ppbValidator',
  title: 'Validator PPB (Peta Proses Bisnis)',
  properties: {
    'ppbValidator.serverUrl': {
      type: 'text',
      default: '',
      label: 'Alamat server validator',
      description: 'Mis. http://127.0.0.1:5000 (kosongkan untuk bekerja luring: hanya aturan luring di panel Problems).'
    },
    'ppbValidator.token': {
      type: 'text',
      default: '',
      label: 'Token API',
      description: 'Token dari halaman profil server validator; dikirim sebagai "Authorization: Bearer ...".'
    },
    'ppbValidator.profile': {
      type: 'text',
      default: '',
      label: 'Profil aturan (opsional)',
      description: 'Mis. standar; kosong = profil bawaan server.'
    }
  }
};

const KEYS = { 'ppbValidator.serverUrl': 'serverUrl', 'ppbValidator.token': 'token', 'ppbValidator.profile': 'profile' };

const SEVERITY_LABEL = { error: 'Kesalahan', warning: 'Peringatan', info: 'Info' };

export function settingsFrom(values) {
  const out = { ...getState().settings };
  for (const [ key, name ] of Object.entries(KEYS)) {
    if (values && values[key] !== undefined) out[name] = String(values[key] || '');
  }
  return out;
}

/**
 * The plan (sasaran, OPD units) when a server is set; offline the panel stays free text.
 * Settings changes are debounced and an older request is aborted (plan-loader.js).
 */
export const planLoader = createPlanLoader();

export default function PpbExtension(props) {
  const { settings, subscribe: subscribeApp, displayNotification } = props;
  const [ state, setState ] = React.useState({ ...getState() });

  React.useEffect(() => subscribe(s => setState({ ...s })), []);

  React.useEffect(() => {
    if (displayNotification) update({ notify: displayNotification });
    if (!settings || !settings.register) {
      notify('Validator PPB', 'Pengaturan server membutuhkan Camunda Modeler 5.35 atau lebih baru.', 'warning');
      return;
    }
    const values = settings.register(SETTINGS);
    update({ settings: settingsFrom(values) });
    planLoader.now();
    for (const key of Object.keys(KEYS)) {
      settings.subscribe(key, ({ value }) => {
        update({ settings: settingsFrom({ [key]: value }) });
        if (key === 'ppbValidator.serverUrl' || key === 'ppbValidator.token') planLoader.schedule();
      });
    }
  }, [ settings ]);

  React.useEffect(() => {
    if (!subscribeApp) return;
    subscribeApp('app.activeTabChanged', ({ activeTab }) => {
      const path = activeTab && activeTab.file && (activeTab.file.name || activeTab.file.path);
      update({ file: path ? String(path).split(/[\\/]/).pop() : null });
    });
  }, [ subscribeApp ]);

  return h(Fill, { slot: 'bottom-panel', id: 'ppb', label: 'Validasi PPB', priority: 5 },
    h('div', { className: 'ppb-panels' }, h(FindingsPanel, { state }), h(CommentsPanel, { state })));
}

const ROLE = { admin: 'Admin', verifikator: 'Verifikator', opd: 'OPD' };

function who(p) {
  if (!p) return 'pengguna terhapus';
  return `${p.nama || p.username}${p.peran ? ` (${ROLE[p.peran] || p.peran})` : ''}`;
}

/**
 * The review comments of the diagram last validated (read-only threads; an element link
 * selects the element) and "Tambah komentar" on the selected element or the whole map.
 */
export function CommentsPanel({ state }) {
  const [ text, setText ] = React.useState('');
  const [ message, setMessage ] = React.useState(null);
  const shown = state.comments || {};
  const head = h('h3', { className: 'ppb-komentar-judul' }, 'Komentar tinjauan');
  const box = (...children) => h('div', { className: 'ppb-panel ppb-komentar-panel' }, head, ...children);
  if (shown.status === 'memuat') return box(h('p', null, 'Mencari peta ini di server…'));
  if (shown.status === 'galat') return box(h('p', { className: 'ppb-galat' }, shown.error));
  if (shown.status !== 'selesai' || !shown.data) {
    return box(h('p', null, 'Komentar tinjauan dari server dimuat bersama Validasi PPB ' +
      '(Plugins > Validator PPB > Validasi PPB).'));
  }
  const { data, source } = shown;
  const peta = data.peta;
  if (!peta) {
    return box(h('p', { className: 'ppb-komentar-kosong' },
      `Peta ini (${data.uraian || data.kunci}) belum tersimpan di server atau bukan milik OPD Anda; ` +
      'komentar tinjauan tampil setelah peta diunggah.'));
  }
  const select = id => source && id && source.select(id);
  const newest = peta.versi[0] || {};
  const threads = data.komentar || [];
  const open = threads.filter(t => !t.selesai).length;
  const target = shown.target;
  const send = async () => {
    if (!source) return;
    const result = await source.add(text);
    if (result && result.error) setMessage(result.error);
    else {
      setText('');
      setMessage('Komentar disimpan.');
    }
  };
  const elementLink = t => {
    if (!t.elemen) return h('span', { className: 'ppb-komentar-pada' }, 'seluruh peta');
    const label = t.namaElemen ? `${t.namaElemen} (${t.elemen})` : t.elemen;
    if (t.elemenAda === false) return h('span', { className: 'ppb-komentar-pada' }, label);
    return h('a', { className: 'ppb-komentar-pada ppb-tautan', href: '#', 'data-element': t.elemen,
      onClick: event => { event.preventDefault(); select(t.elemen); } }, label);
  };
  return box(
    h('p', { className: 'ppb-komentar-peta' },
      `${peta.judul || peta.kunci} · ${peta.opd.nama} · versi ${newest.version} (${newest.tahap}) · ` +
      `${open} terbuka dari ${threads.length}`),
    threads.length ? h('ul', { className: 'ppb-komentar-daftar' }, threads.map(t => h('li', {
      key: t.id, className: `ppb-utas${t.selesai ? ' ppb-utas-selesai' : ''}`, 'data-comment': String(t.id)
    },
    h('div', { className: 'ppb-utas-kepala' },
      h('strong', null, who(t.penulis)), ' pada ', elementLink(t),
      t.catatanVersi ? h('span', { className: 'ppb-tag ppb-tag-versi' }, t.catatanVersi) : null,
      t.tanda ? h('span', { className: 'ppb-tag ppb-tag-hilang' }, t.tanda) : null,
      t.selesai ? h('span', { className: 'ppb-tag ppb-tag-selesai' }, 'selesai') : null),
    h('div', { className: 'ppb-utas-teks' }, t.teks),
    (t.balasan || []).length ? h('ul', { className: 'ppb-balasan' }, t.balasan.map(r => h('li', { key: r.id },
      h('strong', null, who(r.penulis)), ': ', r.teks))) : null))) :
      h('p', null, 'Belum ada komentar pada peta ini.'),
    peta.bolehKomentar ? h('div', { className: 'ppb-komentar-form' },
      h('label', null, `Tambah komentar pada ${target
        ? `elemen ${target.name ? `«${target.name}» ` : ''}(${target.id})` : 'seluruh peta'} ` +
        `(versi ${newest.version})`,
      h('textarea', { rows: 2, maxLength: 4000, value: text,
        onChange: event => setText(event.target.value) })),
      h('button', { type: 'button', disabled: !text.trim(), onClick: send }, 'Tambah komentar'),
      message ? h('span', { className: 'ppb-komentar-pesan' }, message) : null) :
      h('p', { className: 'ppb-komentar-pesan' }, 'Anda tidak dapat mengomentari peta ini.'));
}

export function FindingsPanel({ state }) {
  if (state.status === 'memeriksa') return h('div', { className: 'ppb-panel' }, 'Memeriksa diagram di server…');
  if (state.status === 'galat') return h('div', { className: 'ppb-panel ppb-galat' }, state.error);
  if (state.status !== 'selesai') {
    return h('div', { className: 'ppb-panel' },
      'Belum ada hasil. Pilih menu Plugins > Validator PPB > Validasi PPB untuk memeriksa diagram di server.');
  }
  if (!state.findings.length) return h('div', { className: 'ppb-panel' }, 'Tidak ada temuan. Peta sesuai aturan.');
  const select = id => state.active && id && state.active.select(id);
  return h('div', { className: 'ppb-panel' },
    h('table', { className: 'ppb-temuan' },
      h('thead', null, h('tr', null,
        h('th', null, 'Tingkat'), h('th', null, 'Aturan'), h('th', null, 'Elemen'), h('th', null, 'Pesan'))),
      h('tbody', null, state.findings.map((f, i) => h('tr', {
        key: i,
        className: `ppb-baris ppb-${f.severity}`,
        title: f.fix || '',
        onClick: () => select(f.element)
      },
      h('td', null, SEVERITY_LABEL[f.severity] || f.severity),
      h('td', null, f.rule),
      h('td', null, f.elementName || f.element || '(berkas)'),
      h('td', null, f.message))))));
}
