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

const { strip, PY_SPACE, pyInt: number } = require('../lib/model');

// as Python's re reads them: \d is any decimal digit (Arabic-Indic too), \s its whitespace
const ISO = /^(\p{Nd}{4})-(\p{Nd}{1,2})-(\p{Nd}{1,2})$/u;
const NUMERIC = /^(\p{Nd}{1,2})[-/.](\p{Nd}{1,2})[-/.](\p{Nd}{4})$/u;
const WORDS = new RegExp(`^(\\p{Nd}{1,2})[${PY_SPACE}]+([a-z]+)\\.?[${PY_SPACE}]+(\\p{Nd}{4})$`, 'u');
const DIGITS = /^\p{Nd}+$/u;

function isDate(text, months) {
  const t = strip(text).toLowerCase();
  let y, mo, d;
  let m = ISO.exec(t);
  if (m) {
    [ y, mo, d ] = m.slice(1).map(number);
  } else {
    m = NUMERIC.exec(t) || WORDS.exec(t);
    if (!m) return false;
    d = number(m[1]);
    y = number(m[3]);
    mo = DIGITS.test(m[2]) ? number(m[2])
      : (Object.prototype.hasOwnProperty.call(months, m[2]) ? Number(months[m[2]]) : 0);
  }
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !leap(y) ? 1 : 0);
}

function leap(y) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

module.exports = { check, isDate };
