'use strict';

/**
 * bpmnlint-plugin-ppb: the offline rules of ppb-validator.
 *
 * The rules are not written here one by one: a PPB rule whose Python check is a plain
 * parametric check has an `offline:` section in its rule file (rules/<group>/<ID>.yaml),
 * and `python -m validator.offline_rules` turns those sections, with the rules' messages,
 * severities and parameters, into one JSON config. This plugin implements each parametric
 * type once (./types) and makes one bpmnlint rule per PPB rule id from that config:
 *
 *   const { config, resolver } = createPlugin(require('./generated/offline-rules.json'));
 *   new Linter({ config, resolver })            // bpmnlint
 *   registerClientPlugin({ config, resolver }, 'lintRules.bpmn')   // Camunda Modeler
 *
 * A report is `{ id, message }` with the Indonesian message of the rule file; it also
 * carries `messageEn`, `severity` (a rule with two levels reports its lower one this
 * way) and `ppbRule` (the PPB id). Findings suppressed with `ppb:abaikan` on the element,
 * an ancestor or definitions are not reported.
 */

const { Diagram, is, strip, PY_SPACE } = require('./lib/model');

const LIST_SEPARATORS = new RegExp(`[,${PY_SPACE}]+`, 'u');
const { message } = require('./lib/pesan');

const TYPES = {
  'atribut-wajib': require('./types/atribut-wajib'),
  'pola': require('./types/pola'),
  'tanggal': require('./types/tanggal'),
  'berpasangan': require('./types/berpasangan'),
  'kelengkapan': require('./types/kelengkapan')
};

const PKG = 'bpmnlint-plugin-ppb';
const PREFIX = 'ppb';

/** Whether a rule applies to the diagram (its `berlaku` condition). */
function applies(rule, diagram) {
  const cond = rule.berlaku || {};
  if (cond.jenis_peta_diisi && !strip(diagram.mapValue('jenisPeta'))) {
    return false;
  }
  if (cond.jenis_peta) {
    const declared = diagram.mapType();
    const wanted = (Array.isArray(cond.jenis_peta) ? cond.jenis_peta : String(cond.jenis_peta).split(LIST_SEPARATORS))
      .map(t => strip(t).toLowerCase());
    if (!declared || !wanted.includes(declared.toLowerCase())) return false;
  }
  return true;
}

/**
 * Findings of one PPB rule on a diagram: [{ element, id, message, messageEn, severity }].
 *
 * @param {string} ruleId
 * @param {Object} rule       the rule's entry of the generated config
 * @param {Object} definitions the moddle root
 * @param {Object} vocab
 */
function findings(ruleId, rule, definitions, vocab) {
  const diagram = new Diagram(definitions, vocab);
  if (!applies(rule, diagram)) return [];
  const out = [];
  const report = (el, key, params = {}, severity = null) => {
    const all = { nama: diagram.label(el), id: el.id || el.$type.replace(/^.*:/, ''), ...params };
    const lower = severity && severity !== rule.severityDefault && rule.severity === rule.severityDefault;
    out.push({
      element: el,
      id: el.id,
      message: message(rule, key, all, 'id'),
      messageEn: message(rule, key, all, 'en'),
      severity: lower ? severity : rule.severity
    });
  };
  for (const check of rule.periksa) {
    const type = TYPES[check.tipe];
    if (!type) throw new Error(`tipe pemeriksaan '${check.tipe}' tidak dikenal (${ruleId})`);
    type.check(check, diagram, report);
  }
  return out.filter(f => !isSuppressed(ruleId, f.element, diagram));
}

function isSuppressed(ruleId, el, diagram) {
  for (let node = el; node; node = node.$parent) {
    const ids = diagram.suppressed(node);
    if (ids.has(ruleId) || ids.has('*')) return true;
  }
  const ids = diagram.suppressed(diagram.definitions);
  return ids.has(ruleId) || ids.has('*');
}

/** A bpmnlint rule factory for one PPB rule of the config. */
function createRule(ruleId, rule, vocab) {
  return function ruleFactory() {
    function check(node, reporter) {
      if (!is(node, 'Definitions')) return;
      for (const f of findings(ruleId, rule, node, vocab)) {
        reporter.report(f.id, f.message, {
          messageEn: f.messageEn,
          severity: f.severity,
          ppbRule: ruleId
        });
      }
    }
    return { check, meta: { documentation: { url: null } } };
  };
}

/**
 * `{ config, resolver }` for bpmnlint's Linter, Camunda Modeler's 'lintRules.*' client
 * plugins and @camunda/linting: one rule `ppb/<PPB id>` per rule of the generated config,
 * at the rule's level.
 */
function createPlugin(offlineConfig) {
  if (!offlineConfig || !offlineConfig.rules || !offlineConfig.vocab) {
    throw new Error('konfigurasi aturan luring tidak lengkap (jalankan python -m validator.offline_rules)');
  }
  const factories = {};
  const rules = {};
  for (const [ ruleId, rule ] of Object.entries(offlineConfig.rules)) {
    factories[ruleId] = createRule(ruleId, rule, offlineConfig.vocab);
    rules[`${PREFIX}/${ruleId}`] = rule.level;
  }
  const config = { rules };
  const resolver = {
    resolveRule(pkg, ruleName) {
      const factory = pkg === PKG && factories[ruleName];
      if (!factory) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
      return factory;
    },
    resolveConfig(pkg, configName) {
      if (pkg === PKG && configName === 'recommended') return config;
      throw new Error(`unknown config <${pkg}/${configName}>`);
    }
  };
  return { config, resolver };
}

module.exports = { createPlugin, createRule, findings, applies, TYPES };
