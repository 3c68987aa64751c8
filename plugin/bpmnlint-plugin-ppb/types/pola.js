'use strict';

/**
 * pola: a filled-in attribute must have a shape: match a pattern (the whole value)
 * and/or end with one of a few endings.
 *
 *   pada: peta | [types]         as in atribut-wajib
 *   atribut: [tahun]             ppb keys, or `name` for the element's name
 *   pola: '(\d{4})'              a regular expression (generated in JavaScript syntax)
 *   abaikan_huruf_besar: true    case-insensitive
 *   rentang: [2000, 2100]        the first group, as a number, must lie in this range
 *   akhiran: ['?', '？']         the value must end with one of these (a list, or a text
 *                                split on commas and spaces); akhiran_bawaan when it is empty
 *   min_cabang: 2                only elements with at least this many outgoing flows
 *   saran: {hapus_akhir: '[\s.:;,!]+', tambah: '?'}
 *                                a suggestion for the message: the value without a trailing
 *                                match of hapus_akhir, followed by tambah
 *   kunci_bebas_huruf: true      as in atribut-wajib
 *   pemegang: [Process, Participant]   with pada: peta, read the attribute on definitions,
 *                                else on these elements in turn (Diagram.mapRead; with
 *                                kunci_bebas_huruf, keys in any case), not on the collaboration
 *   abaikan_tanda_kosong: true   a dash ('-', vocabulary tandaKosong) counts as empty
 *   pesan: bad_year              parameters atribut, nilai, saran, nama, id
 * An empty value is atribut-wajib's business.
 */

const { strip, PY_SPACE, pyInt } = require('../lib/model');

const LIST_SEPARATORS = new RegExp(`[,${PY_SPACE}]+`, 'u');

function check(cfg, diagram, report) {
  const regex = cfg.pola ? new RegExp(`^(?:${cfg.pola})$`, cfg.abaikan_huruf_besar ? 'iu' : 'u') : null;
  const endings = textList(cfg.akhiran);
  if (cfg.akhiran !== undefined && !endings.length) endings.push(...textList(cfg.akhiran_bawaan));
  const ok = value => {
    if (endings.length && !endings.some(e => value.endsWith(e))) return false;
    if (!regex) return true;
    const m = regex.exec(value);
    if (!m) return false;
    if (!cfg.rentang) return true;
    const n = pyInt(m[1]);
    return Number(cfg.rentang[0]) <= n && n <= Number(cfg.rentang[1]);
  };
  const trailing = cfg.saran ? new RegExp(`(?:${cfg.saran.hapus_akhir || '(?!)'})$`, 'u') : null;
  for (const [ el, key, value ] of values(cfg, diagram)) {
    if (diagram.blank(value, cfg.abaikan_tanda_kosong) || ok(value)) continue;
    if (cfg.min_cabang && diagram.outgoing(el).length < Number(cfg.min_cabang)) continue;
    const params = { atribut: key, nilai: value };
    if (trailing) params.saran = value.replace(trailing, '') + (cfg.saran.tambah || '');
    report(el, cfg.pesan, params);
  }
}

// ---------------------------------------------------------------------------

/** [element, key, stripped value] of every attribute the check looks at (each element once). */
function values(cfg, diagram) {
  const out = [];
  for (const key of cfg.atribut || []) {
    if (cfg.pada === 'peta') {
      const [ value, holder ] = diagram.mapRead(key, cfg.pemegang || null, !!cfg.kunci_bebas_huruf);
      out.push([ holder, key, value ]);
      continue;
    }
    const seen = new Set();
    for (const type of cfg.pada || []) {
      for (const el of diagram.all(type)) {
        if (seen.has(el)) continue;
        seen.add(el);
        const value = key === 'name' ? strip(el.name) : diagram.text(el, key, !!cfg.kunci_bebas_huruf);
        out.push([ el, key, value ]);
      }
    }
  }
  return out;
}

/** A list parameter as the Python rules read one (validator/rules/_params.py): a list, or a
 * text split on commas and spaces; items stripped, empties dropped. */
function textList(raw) {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : String(raw).split(LIST_SEPARATORS);
  return list.map(x => strip(x)).filter(Boolean);
}

module.exports = { check, values };
