'use strict';

/**
 * pola: a filled-in attribute must match a pattern (the whole value).
 *
 *   pada: peta | [types]         as in atribut-wajib
 *   atribut: [tahun]
 *   pola: '(\d{4})'              a regular expression (generated in JavaScript syntax)
 *   abaikan_huruf_besar: true    case-insensitive
 *   rentang: [2000, 2100]        the first group, as a number, must lie in this range
 *   pesan: bad_year              parameters atribut, nilai, nama, id
 * An empty value is atribut-wajib's business.
 */

function check(cfg, diagram, report) {
  const regex = new RegExp(`^(?:${cfg.pola})$`, cfg.abaikan_huruf_besar ? 'iu' : 'u');
  const ok = value => {
    const m = regex.exec(value);
    if (!m) return false;
    if (!cfg.rentang) return true;
    const n = parseInt(m[1], 10);
    return Number(cfg.rentang[0]) <= n && n <= Number(cfg.rentang[1]);
  };
  for (const [ el, key, value ] of values(cfg, diagram)) {
    if (value && !ok(value)) report(el, cfg.pesan, { atribut: key, nilai: value });
  }
}

// ---------------------------------------------------------------------------

/** [element, key, stripped value] of every attribute the check looks at. */
function values(cfg, diagram) {
  const out = [];
  for (const key of cfg.atribut || []) {
    if (cfg.pada === 'peta') {
      out.push([ diagram.definitions, key, diagram.mapText(key) ]);
    } else {
      for (const type of cfg.pada || []) {
        for (const el of diagram.all(type)) {
          out.push([ el, key, diagram.text(el, key, !!cfg.kunci_bebas_huruf) ]);
        }
      }
    }
  }
  return out;
}

module.exports = { check, values };
