'use strict';

/**
 * tanggal: a filled-in attribute must be a real date, written 2025-03-12, 12-03-2025,
 * 12/03/2025, 12.03.2025 or 12 Maret 2025 (Indonesian month names and their short
 * forms, from the vocabulary).
 *
 *   pada: peta | [types]; atribut: [tanggalPenetapan]; pesan: bad_date
 *   (parameters atribut, nilai, nama, id)
 */

const { values } = require('./pola');

function check(cfg, diagram, report) {
  const months = diagram.vocab.bulan;
  for (const [ el, key, value ] of values(cfg, diagram)) {
    if (value && !isDate(value, months)) report(el, cfg.pesan, { atribut: key, nilai: value });
  }
}

// ---------------------------------------------------------------------------

function isDate(text, months) {
  const t = text.trim().toLowerCase();
  let y, mo, d;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    [ y, mo, d ] = m.slice(1).map(Number);
  } else {
    m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t) || /^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/.exec(t);
    if (!m) return false;
    d = Number(m[1]);
    y = Number(m[3]);
    mo = /^\d+$/.test(m[2]) ? Number(m[2]) : (months[m[2]] || 0);
  }
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !leap(y) ? 1 : 0);
}

function leap(y) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

module.exports = { check, isDate };
