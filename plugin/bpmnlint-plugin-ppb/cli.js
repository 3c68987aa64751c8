#!/usr/bin/env node
'use strict';

/*
 * Lints BPMN files with the offline rules, for the parity test and by hand:
 *
 *   node cli.js --config OFFLINE.json [--moddle plain|ppb|camunda|zeebe] FILE ...
 *
 * --moddle picks the extensions bpmn-moddle reads the files with: `ppb` (our descriptor,
 * as in Camunda Modeler with the plugin; the default), `camunda` / `zeebe` (ours plus the
 * Camunda 7 / 8 descriptor, as the two Modeler flavours), `plain` (none: our attributes
 * stay unknown, as when @camunda/linting lints a string).
 * Every file gets a fresh moddle and a fresh Linter. Prints one JSON object:
 *   {"<file>": [{"rule", "id", "message", "messageEn", "severity"}] | {"error": "..."}}
 */

const fs = require('node:fs');
const path = require('node:path');

const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');

const { createPlugin } = require('./index');

const DESCRIPTOR = path.join(__dirname, '..', '..', 'validator', 'ppb.moddle.json');

function extensions(kind) {
  const ppb = JSON.parse(fs.readFileSync(DESCRIPTOR, 'utf8'));
  switch (kind) {
  case 'plain': return {};
  case 'ppb': return { ppb };
  case 'camunda': return { ppb, camunda: require('camunda-bpmn-moddle/resources/camunda.json') };
  case 'zeebe': return { ppb, zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') };
  default: throw new Error(`--moddle ${kind}: gunakan plain, ppb, camunda atau zeebe`);
  }
}

async function lintFile(file, plugin, kind) {
  const xml = fs.readFileSync(file, 'utf8');
  const moddle = new BpmnModdle(extensions(kind));
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const linter = new Linter({ config: plugin.config, resolver: plugin.resolver });
  const reports = await linter.lint(rootElement);
  const out = [];
  for (const [ rule, list ] of Object.entries(reports)) {
    for (const r of list) {
      out.push({ rule: r.ppbRule || rule, id: r.id === undefined ? null : r.id, message: r.message,
                 messageEn: r.messageEn, severity: r.severity, category: r.category });
    }
  }
  return out;
}

async function main(argv) {
  let configPath = null;
  let kind = 'ppb';
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config') configPath = argv[++i];
    else if (argv[i] === '--moddle') kind = argv[++i];
    else files.push(argv[i]);
  }
  if (!configPath) {
    process.stderr.write('usage: node cli.js --config OFFLINE.json [--moddle plain|ppb|camunda|zeebe] FILE ...\n');
    process.exit(2);
  }
  const plugin = createPlugin(JSON.parse(fs.readFileSync(configPath, 'utf8')));
  const result = {};
  for (const file of files) {
    try {
      result[file] = await lintFile(file, plugin, kind);
    } catch (err) {
      result[file] = { error: String(err && err.message || err) };
    }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main(process.argv.slice(2)).catch(err => {
  process.stderr.write(`${err && err.stack || err}\n`);
  process.exit(1);
});
