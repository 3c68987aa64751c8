/**
 * The plugin's React part in Camunda Modeler: registers the settings (server URL, API
 * token, profile) in Settings > "Validator PPB", loads the plan from the server for the
 * properties panel, and shows the last validation's findings in a bottom-panel tab
 * "Validasi PPB" (a click selects the element on the canvas).
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
    h(FindingsPanel, { state }));
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
