'use strict';

/**
 * berpasangan: attributes that go together, "both or neither": when one is filled in
 * and another is not, one finding, on the element that holds the one given.
 *
 *   pada: peta                   map-level attributes (Diagram.mapRead; pemegang and
 *                                kunci_bebas_huruf as in pola)
 *   atribut: [tanggalPenetapan, nomorPenetapan]
 *                                in this order: the first one filled in while another is
 *                                not gives the finding (at most one finding)
 *   abaikan_tanda_kosong: true   a dash ('-', vocabulary tandaKosong) counts as not filled in
 *   pesan: {tanggalPenetapan: no_number, nomorPenetapan: no_date}
 *                                the message by the attribute that is filled in (or one key)
 *   nama_nilai: {tanggalPenetapan: tanggal, nomorPenetapan: nomor}
 *                                the message parameter that also carries the value given
 *   parameters: atribut (the one given), kurang (the ones missing, comma separated),
 *   nilai, the nama_nilai one, nama, id
 */

function check(cfg, diagram, report) {
  const keys = cfg.atribut || [];
  const read = keys.map(key => {
    const [ value, holder ] = diagram.mapRead(key, cfg.pemegang || null, !!cfg.kunci_bebas_huruf);
    return { key, value, holder, given: !diagram.blank(value, cfg.abaikan_tanda_kosong) };
  });
  const missing = read.filter(r => !r.given).map(r => r.key);
  if (!missing.length) return;
  const first = read.find(r => r.given);
  if (!first) return;
  const params = { atribut: first.key, kurang: missing.join(', '), nilai: first.value };
  const name = (cfg.nama_nilai || {})[first.key];
  if (name) params[name] = first.value;
  const key = typeof cfg.pesan === 'object' && cfg.pesan ? cfg.pesan[first.key] : cfg.pesan;
  report(first.holder, key, params);
}

module.exports = { check };
