#!/usr/bin/env node
'use strict';

/*
 * Builds the Camunda Modeler plugin folder:
 *
 *   node modeler/build.js [--out DIR]     (default: ../dist/ppb-validator from plugin/)
 *
 * DIR/index.js, menu.js, install-templates.js   the plugin entry, its menu and the
 *                                       template installer (copied)
 * DIR/client/client.js, style.css       the client bundle (esbuild) and its CSS
 * DIR/element-templates/*.json          element templates for Camunda 7 and Camunda 8
 *
 * The offline rule config must have been generated first
 * (`python -m validator.offline_rules -o bpmnlint-plugin-ppb/generated/offline-rules.json`;
 * `make plugin` does both). '@bpmn-io/properties-panel' is pointed at the Modeler's own
 * copy: a second preact in the panel would break it.
 */

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const HERE = __dirname;
const PLUGIN = path.dirname(HERE);
const CONFIG = path.join(PLUGIN, 'bpmnlint-plugin-ppb', 'generated', 'offline-rules.json');

function parseArgs(argv) {
  let out = path.join(PLUGIN, '..', 'dist', 'ppb-validator');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else throw new Error(`argumen tidak dikenal: ${argv[i]}`);
  }
  return { out };
}

const VENDOR = 'camunda-modeler-plugin-helpers/vendor/@bpmn-io/properties-panel';

async function build({ out }) {
  if (!fs.existsSync(CONFIG)) {
    throw new Error(`${path.relative(PLUGIN, CONFIG)} belum ada: jalankan ` +
      '`python -m validator.offline_rules -o plugin/bpmnlint-plugin-ppb/generated/offline-rules.json` ' +
      '(atau `make plugin`).');
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'client'), { recursive: true });
  fs.mkdirSync(path.join(out, 'element-templates'), { recursive: true });
  await esbuild.build({
    entryPoints: [ path.join(HERE, 'client', 'index.js') ],
    outfile: path.join(out, 'client', 'client.js'),
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
    alias: {
      '@bpmn-io/properties-panel/preact': `${VENDOR}/preact/index.js`,
      '@bpmn-io/properties-panel': `${VENDOR}/index.js`
    }
  });
  fs.copyFileSync(path.join(HERE, 'client', 'style.css'), path.join(out, 'client', 'style.css'));
  for (const file of [ 'index.js', 'menu.js', 'install-templates.js' ]) {
    fs.copyFileSync(path.join(HERE, file), path.join(out, file));
  }
  for (const file of fs.readdirSync(path.join(HERE, 'element-templates')).sort()) {
    fs.copyFileSync(path.join(HERE, 'element-templates', file), path.join(out, 'element-templates', file));
  }
  return out;
}

if (require.main === module) {
  build(parseArgs(process.argv.slice(2)))
    .then(out => process.stdout.write(`plugin Camunda Modeler: ${out}\n`))
    .catch(err => {
      process.stderr.write(`build plugin gagal: ${err.message}\n`);
      process.exit(1);
    });
}

module.exports = { build };
