/**
 * Which ppb attributes an element shows, read from the moddle descriptor
 * (validator/ppb.moddle.json, the one definition of our vocabulary): the properties of
 * every descriptor type that extends a BPMN type the element is. Map-level attributes
 * (type `Peta`, `StandarPeta`) belong to bpmn:definitions and are shown on the diagram's
 * root (the process or collaboration the panel shows when nothing is selected).
 * No preact here: the web modeler and the tests use it as it is.
 */

import descriptor from '../../../../validator/ppb.moddle.json';

export { descriptor };

export const MAP_TYPES = new Set([ 'Peta', 'StandarPeta' ]);
const LAST = new Set([ 'Abaikan' ]);

export const GROUPS = {
  utama: { id: 'ppb', label: 'Peta Proses Bisnis' },
  peta: { id: 'ppb-peta', label: 'Peta Proses Bisnis: identitas peta' },
  sop: { id: 'ppb-sop', label: 'Peta Proses Bisnis: identitas SOP' },
  mutu: { id: 'ppb-mutu', label: 'Peta Proses Bisnis: mutu baku' },
  simulasi: { id: 'ppb-simulasi', label: 'Peta Proses Bisnis: simulasi' }
};

function isA(bo, type) {
  return !!(bo && bo.$instanceOf && bo.$instanceOf(type));
}

/** [{ prop, type }] of the descriptor types extending something `bo` is. */
export function fieldsFor(bo, { mapLevel = false } = {}) {
  const out = [];
  const seen = new Set();
  const types = descriptor.types.filter(t => MAP_TYPES.has(t.name) === mapLevel);
  const ordered = [ ...types.filter(t => !LAST.has(t.name)), ...types.filter(t => LAST.has(t.name)) ];
  for (const type of ordered) {
    if (!mapLevel && !type.extends.some(ext => isA(bo, ext))) continue;
    if (mapLevel && !type.extends.includes('bpmn:Definitions')) continue;
    for (const prop of type.properties) {
      if (seen.has(prop.name)) continue;
      seen.add(prop.name);
      out.push({ prop, type: type.name });
    }
  }
  return out;
}

/** The group a field goes to: its `kelompok` (sop, mutu, simulasi), else the main one. */
export function groupOf(field, mapLevel) {
  const kelompok = field.prop.ppb && field.prop.ppb.kelompok;
  if (kelompok && GROUPS[kelompok]) return kelompok;
  return mapLevel ? 'peta' : 'utama';
}

/**
 * Options of a select field, or null for a text field: the descriptor's value list, the
 * plan's sasaran for ppb:sasaranRef and the OPD units for ppb:pemilik (only when a plan
 * was loaded from the server: offline they stay free text). A current value missing
 * from the list (a synonym such as "utama") is kept as an option, so nothing is lost.
 */
export function optionsFor(prop, plan, current) {
  let options = null;
  if (prop.ppb && prop.ppb.values) {
    options = prop.ppb.values.map(v => ({ value: v, label: v }));
  } else if (prop.name === 'sasaranRef' && plan && Array.isArray(plan.sasaran) && plan.sasaran.length) {
    if (current && /[\s,;]/.test(current.trim())) return null;  // several ids: free text
    options = plan.sasaran.map(s => ({ value: s.id, label: `${s.id} — ${s.teks || ''}`.trim() }));
  } else if (prop.name === 'pemilik' && plan && Array.isArray(plan.opd)) {
    const units = [ ...new Set(plan.opd.flatMap(o => o.unit || [])) ].sort();
    if (!units.length) return null;
    options = units.map(u => ({ value: u, label: u }));
  }
  if (!options) return null;
  if (current && !options.some(o => o.value === current)) {
    options.unshift({ value: current, label: `${current} (nilai sekarang)` });
  }
  return [ { value: '', label: '(belum diisi)' }, ...options ];
}
