/**
 * Review comments of the open diagram in Camunda Modeler. The plugin holds only the file, so
 * the server is asked which stored map it is (POST /api/v1/peta/cari: by ppb:kode, else the
 * process id ...) and answers the map's versions and the comment threads of its newest
 * version. They are loaded with every "Validasi PPB" (PpbValidation fires `ppb.validated`)
 * or by the editor action `ppb.comments`, listed in the bottom panel (PpbExtension.js) and
 * marked on the canvas with a speech bubble per element with open threads (an overlay type
 * of its own, beside the findings' badges). "Tambah komentar" posts a comment on the
 * selected element (or the whole map) to the newest version.
 *
 * Registered by the plugin only (client/index.js), not by the web modeler, which reads the
 * comments of the version it opened itself (plugin/web-modeler/comments.js).
 */

import * as api from '../api.js';
import { getState, notify, update } from '../store.js';

export const OVERLAY = 'ppb-komentar';

const EMPTY = { status: 'kosong', error: null, data: null, source: null, target: null };

export default function PpbComments(eventBus, bpmnjs, overlays, canvas, elementRegistry, selection,
    editorActions) {
  this._bpmnjs = bpmnjs;
  this._overlays = overlays;
  this._canvas = canvas;
  this._elementRegistry = elementRegistry;
  this._selection = selection;
  this._target = null;

  if (editorActions) {
    editorActions.register({ 'ppb.comments': () => this.load() });
  }
  // block bodies: a listener that returns a value (here a Promise) stops the event for every
  // listener after it (diagram-js's event bus)
  eventBus.on('ppb.validated', ({ xml }) => { this.load(xml); });
  eventBus.on('selection.changed', ({ newSelection }) => { this._pick(newSelection); });
  // another diagram in this editor: the comments shown were of the old one
  eventBus.on('import.done', () => {
    this._target = null;
    if (this._isShown()) update({ comments: { ...EMPTY } });
  });
}

PpbComments.$inject = [
  'eventBus', 'bpmnjs', 'overlays', 'canvas', 'elementRegistry', 'selection', 'editorActions'
];

PpbComments.prototype._isShown = function() {
  const shown = getState().comments;
  return Boolean(shown && shown.source === this);
};

PpbComments.prototype._pick = function(newSelection) {
  const shape = (newSelection || [])[0];
  const target = shape && (shape.labelTarget || shape);
  const bo = target && target.businessObject;
  const root = this._canvas.getRootElement && this._canvas.getRootElement();
  this._target = bo && bo.id && target !== root ? { id: bo.id, name: bo.name || '' } : null;
  if (this._isShown()) update({ comments: { ...getState().comments, target: this._target } });
};

/** Ask the server which stored map this diagram is; its comments into the panel and on the canvas. */
PpbComments.prototype.load = async function(xml, fetchFn) {
  const before = this._isShown() ? getState().comments : EMPTY;
  update({ comments: { ...before, status: 'memuat', error: null, source: this, target: this._target } });
  try {
    if (!xml) ({ xml } = await this._bpmnjs.saveXML({ format: false }));
    const data = await api.findMap(getState().settings, xml, this._fileName(), fetchFn);
    update({ comments: { status: 'selesai', error: null, data, source: this, target: this._target } });
    this.draw(data.peta ? data.komentar || [] : []);
    return data;
  } catch (err) {
    update({ comments: { ...EMPTY, status: 'galat', error: err.message, source: this, target: this._target } });
    this.draw([]);
    return null;
  }
};

/** Post a comment on the selected element (or the whole map) to the map's newest version. */
PpbComments.prototype.add = async function(teks, fetchFn) {
  const shown = getState().comments;
  const peta = shown && shown.data && shown.data.peta;
  const text = String(teks || '').trim();
  if (!peta) return { error: 'Peta ini belum tersimpan di server; unggah dahulu untuk berkomentar.' };
  if (!text) return { error: 'Isi komentar tidak boleh kosong.' };
  try {
    const comment = await api.addComment(getState().settings, peta.submission,
      { elemen: this._target ? this._target.id : null, teks: text }, fetchFn);
    notify('Komentar disimpan', `Pada versi ${peta.versi[0].version} peta ${peta.judul || peta.kunci}.`, 'success');
    await this.load(undefined, fetchFn);
    return { comment };
  } catch (err) {
    notify('Komentar tidak disimpan', err.message, 'error');
    return { error: err.message };
  }
};

/** Open threads per element, drawn as speech bubbles (elements this diagram has). */
PpbComments.prototype.draw = function(threads) {
  this._overlays.remove({ type: OVERLAY });
  const byElement = new Map();
  for (const t of threads) {
    if (t.selesai || !t.elemen || t.elemenAda === false) continue;
    if (!byElement.has(t.elemen)) byElement.set(t.elemen, []);
    byElement.get(t.elemen).push(t);
  }
  let drawn = 0;
  for (const [ id, list ] of byElement) {
    const element = this._elementRegistry.get(id);
    if (!element) continue;
    const bubble = document.createElement('div');
    bubble.className = 'ppb-komentar-badge';
    bubble.textContent = String(list.length);
    bubble.title = `${list.length} komentar terbuka: ${list.map(t => t.teks).join(' | ').slice(0, 300)}`;
    bubble.addEventListener('click', () => this.select(id));
    this._overlays.add(id, OVERLAY, { position: { top: -10, left: -6 }, html: bubble });
    drawn += 1;
  }
  return drawn;
};

/** Select and show an element (a click on a comment's element). */
PpbComments.prototype.select = function(id) {
  const element = this._elementRegistry.get(id);
  if (!element) return false;
  this._selection.select(element);
  if (this._canvas.scrollToElement) this._canvas.scrollToElement(element);
  return true;
};

PpbComments.prototype._fileName = function() {
  const defs = this._bpmnjs.getDefinitions && this._bpmnjs.getDefinitions();
  const name = getState().file || (defs && defs.id) || 'peta';
  return /\.bpmn$/i.test(name) ? name : `${name}.bpmn`;
};
