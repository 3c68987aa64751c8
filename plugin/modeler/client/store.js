/**
 * State shared by the plugin's parts, which the Modeler loads separately: the settings
 * (server URL, API token) that the client extension registers, the plan loaded from the
 * server (sasaran and units for the properties panel), the findings of the last
 * validation, and the bpmn-js instance that made them (a click in the bottom panel
 * selects the element there), and the review comments of the diagram last validated.
 */

const listeners = new Set();

const state = {
  settings: { serverUrl: '', token: '', profile: '' },
  plan: null,
  findings: [],
  status: 'kosong',         // kosong | memeriksa | selesai | galat
  error: null,
  file: null,
  active: null,             // the PpbValidation service of the last validated diagram
  // review comments of a diagram (bpmn-js/PpbComments.js): status kosong | memuat | selesai |
  // galat, data: the answer of POST /api/v1/peta/cari, source: the PpbComments that loaded
  // them, target: the element selected there ({ id, name }) or null (the whole map)
  comments: { status: 'kosong', error: null, data: null, source: null, target: null },
  notify: null              // displayNotification of the client extension, when present
};

export function getState() {
  return state;
}

export function update(changes) {
  Object.assign(state, changes);
  for (const fn of [ ...listeners ]) {
    try {
      fn(state);
    } catch (err) {
      console.error('[ppb] listener failed', err);
    }
  }
}

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A notification in the Modeler (or the console outside it). */
export function notify(title, content = '', type = 'info') {
  if (state.notify) {
    state.notify({ title, content, type, duration: type === 'error' ? 8000 : 4000 });
  } else {
    (type === 'error' ? console.error : console.log)(`[ppb] ${title}${content ? ': ' + content : ''}`);
  }
}
