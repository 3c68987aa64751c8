'use strict';

/**
 * atribut-wajib: an attribute must be filled in.
 *
 *   pada: peta                   a map-level attribute (definitions, else collaboration,
 *                                process or pool), reported on definitions
 *   pada: [Task, Lane, ...]      every element of these BPMN types
 *   atribut: [instansi, ...]     ppb keys, or `name` for the element's name
 *   kunci_bebas_huruf: true      read "ppb:Kode" when "ppb:kode" gives nothing
 *   kecuali_gateway_tanpa_cabang: true   a gateway with at most one outgoing flow needs none
 *   kecuali_tipe_gateway: [ParallelGateway]   nor do gateways of these types
 *   pesan: missing               the rule's message; parameters atribut, jenis, kind,
 *                                nama, id
 */

const { is, strip } = require('../lib/model');

function check(cfg, diagram, report) {
  const keys = cfg.atribut || [];
  if (cfg.pada === 'peta') {
    for (const key of keys) {
      if (!diagram.mapText(key)) report(diagram.definitions, cfg.pesan, { atribut: key });
    }
    return;
  }
  const seen = new Set();
  for (const type of cfg.pada || []) {
    for (const el of diagram.all(type)) {
      if (seen.has(el)) continue;
      seen.add(el);
      for (const key of keys) {
        const value = key === 'name' ? strip(el.name) : diagram.text(el, key, !!cfg.kunci_bebas_huruf);
        if (value || exempt(cfg, el, diagram)) continue;
        const [ jenis, kind ] = diagram.kind(el);
        report(el, cfg.pesan, { atribut: key, jenis, kind });
      }
    }
  }
}

// ---------------------------------------------------------------------------

function exempt(cfg, el, diagram) {
  if (!is(el, 'Gateway')) return false;
  if (cfg.kecuali_gateway_tanpa_cabang && diagram.outgoing(el).length <= 1) return true;
  return (cfg.kecuali_tipe_gateway || []).some(type => is(el, type));
}

module.exports = { check };
