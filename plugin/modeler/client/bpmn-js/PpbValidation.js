/**
 * The bpmn-js side of validation and simulation in one diagram: the editor actions
 * `ppb.validate`, `ppb.simulate` and `ppb.clear` (the menu entries emit them), markers
 * and count badges on the elements with findings, a heat map of a simulation, and
 * selecting an element when a finding is clicked in the bottom panel. A validation done
 * fires `ppb.validated` with the XML it sent (the plugin's PpbComments loads the comments).
 */

import * as api from '../api.js';
import { getState, notify, update } from '../store.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const OVERLAY = 'ppb-validasi';
const HEAT = 'ppb-panas';

export default function PpbValidation(eventBus, bpmnjs, overlays, canvas, elementRegistry, selection,
    editorActions) {
  this._eventBus = eventBus;
  this._bpmnjs = bpmnjs;
  this._overlays = overlays;
  this._canvas = canvas;
  this._elementRegistry = elementRegistry;
  this._selection = selection;
  this._marked = [];

  if (editorActions) {
    editorActions.register({
      'ppb.validate': () => this.validate(),
      'ppb.simulate': () => this.simulate(),
      'ppb.clear': () => this.clear()
    });
  }

  // a new diagram in this editor: old markers mean nothing
  eventBus.on('import.done', () => {
    this._marked = [];
    if (getState().active === this) update({ findings: [], status: 'kosong', active: null });
  });
}

PpbValidation.$inject = [
  'eventBus', 'bpmnjs', 'overlays', 'canvas', 'elementRegistry', 'selection', 'editorActions'
];

PpbValidation.prototype.validate = async function(fetchFn) {
  update({ status: 'memeriksa', error: null, active: this });
  try {
    const { xml } = await this._bpmnjs.saveXML({ format: false });
    const result = await api.validate(getState().settings, xml, this._fileName(), fetchFn);
    const findings = result.findings.filter(f => !f.suppressed);
    this.show(findings);
    update({ status: 'selesai', findings, summary: result.summary, active: this });
    // the review comments of the same diagram (PpbComments, registered by the plugin only)
    this._eventBus.fire('ppb.validated', { xml });
    const s = result.summary;
    notify('Validasi PPB selesai',
      `${s.error || 0} kesalahan, ${s.warning || 0} peringatan, ${s.info || 0} info.`,
      s.error ? 'warning' : 'success');
    return findings;
  } catch (err) {
    update({ status: 'galat', error: err.message, active: this });
    notify('Validasi PPB gagal', err.message, 'error');
    return null;
  }
};

PpbValidation.prototype.simulate = async function(fetchFn) {
  try {
    const { xml } = await this._bpmnjs.saveXML({ format: false });
    const result = await api.simulate(getState().settings, xml, this._fileName(), fetchFn);
    this.showHeat(result.panas || {}, result.keterangan || {});
    notify('Simulasi selesai', 'Warna pada diagram menunjukkan beban (merah = padat).', 'success');
    return result;
  } catch (err) {
    const msg = err.status === 404
      ? 'Server ini belum menyediakan simulasi (POST /api/v1/simulate).' : err.message;
    notify('Simulasi gagal', msg, 'error');
    return null;
  }
};

/** Markers and badges for findings [{ element, severity, message, rule }]. */
PpbValidation.prototype.show = function(findings) {
  this.clear();
  const byElement = new Map();
  for (const f of findings) {
    if (!f.element || !this._elementRegistry.get(f.element)) continue;
    if (!byElement.has(f.element)) byElement.set(f.element, []);
    byElement.get(f.element).push(f);
  }
  for (const [ id, list ] of byElement) {
    const worst = list.map(f => f.severity).sort((a, b) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])[0];
    this._canvas.addMarker(id, `ppb-temuan-${worst}`);
    this._marked.push([ id, `ppb-temuan-${worst}` ]);
    const badge = document.createElement('div');
    badge.className = `ppb-lencana ppb-lencana-${worst}`;
    badge.textContent = String(list.length);
    badge.title = list.map(f => `${f.rule}: ${f.message}`).join('\n');
    badge.addEventListener('click', () => this.select(id));
    this._overlays.add(id, OVERLAY, { position: { top: -10, right: 10 }, html: badge });
  }
  return byElement.size;
};

/** Colour each element by a value 0..1 (0 = idle, 1 = saturated). */
PpbValidation.prototype.showHeat = function(values, notes = {}) {
  this._overlays.remove({ type: HEAT });
  let shown = 0;
  for (const [ id, raw ] of Object.entries(values)) {
    const element = this._elementRegistry.get(id);
    const value = Math.max(0, Math.min(1, Number(raw)));
    if (!element || Number.isNaN(value) || element.waypoints) continue;
    const box = document.createElement('div');
    box.className = 'ppb-panas';
    box.style.width = `${element.width}px`;
    box.style.height = `${element.height}px`;
    box.style.background = `hsla(${Math.round(120 - 120 * value)}, 85%, 50%, 0.35)`;
    box.title = notes[id] || `${Math.round(value * 100)}%`;
    this._overlays.add(id, HEAT, { position: { top: 0, left: 0 }, html: box });
    shown += 1;
  }
  return shown;
};

PpbValidation.prototype.clear = function() {
  this._overlays.remove({ type: OVERLAY });
  this._overlays.remove({ type: HEAT });
  for (const [ id, marker ] of this._marked) {
    if (this._elementRegistry.get(id)) this._canvas.removeMarker(id, marker);
  }
  this._marked = [];
};

/** Select and show an element (a click on a finding). */
PpbValidation.prototype.select = function(id) {
  const element = this._elementRegistry.get(id);
  if (!element) return false;
  this._selection.select(element);
  if (this._canvas.scrollToElement) this._canvas.scrollToElement(element);
  return true;
};

PpbValidation.prototype._fileName = function() {
  const defs = this._bpmnjs.getDefinitions && this._bpmnjs.getDefinitions();
  const name = getState().file || (defs && defs.id) || 'peta';
  return /\.bpmn$/i.test(name) ? name : `${name}.bpmn`;
};
