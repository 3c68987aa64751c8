'use strict';

/**
 * kelengkapan: a group of attributes that must all be filled in, one finding naming
 * every item that is missing (rather than one finding per attribute).
 *
 *   pada: peta                   map-level attributes (Diagram.mapRead; pemegang and
 *                                kunci_bebas_huruf as in pola)
 *   butir:                       the items, in the order the message lists them
 *     - {atribut: disahkanNama, id: nama pejabat pengesah, en: name of the approving official}
 *   abaikan_tanda_kosong: true   a dash ('-', vocabulary tandaKosong) counts as not filled in
 *   lapor_pada: disahkanOleh     the finding goes on the element that holds this map
 *                                attribute (Diagram.mapHolder: definitions when none does);
 *                                definitions without it
 *   pesan: missing               parameters butir (the Indonesian words joined: 'a dan b'),
 *                                items (the English ones), atribut (the keys, comma
 *                                separated), nama, id
 */

const { joinWords } = require('../lib/pesan');

function check(cfg, diagram, report) {
  const missing = (cfg.butir || []).filter(item => {
    const [ value ] = diagram.mapRead(item.atribut, cfg.pemegang || null, !!cfg.kunci_bebas_huruf);
    return diagram.blank(value, cfg.abaikan_tanda_kosong);
  });
  if (!missing.length) return;
  const el = cfg.lapor_pada ? diagram.mapHolder(cfg.lapor_pada) : diagram.definitions;
  report(el, cfg.pesan, {
    butir: joinWords(missing.map(item => item.id), 'id'),
    items: joinWords(missing.map(item => item.en || item.id), 'en'),
    atribut: missing.map(item => item.atribut).join(', ')
  });
}

module.exports = { check };
