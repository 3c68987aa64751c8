#!/usr/bin/env node
'use strict';

/*
 * Builds the server's web modeler:
 *
 *   node web-modeler/build.js [--out DIR]   (default: ../validator/web/static/modeler from plugin/)
 *
 * DIR/modeler.js, DIR/modeler.css and the bpmn font files: bpmn-js Modeler, properties
 * panel, bpmn-js-bpmnlint and our modules, all served by the server itself (no CDN).
 * The offline rule config must have been generated first
 * (`python -m validator.offline_rules -o bpmnlint-plugin-ppb/generated/offline-rules.json`;
 * `make assets` does both).
 */

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const HERE = __dirname;
const PLUGIN = path.dirname(HERE);
const CONFIG = path.join(PLUGIN, 'bpmnlint-plugin-ppb', 'generated', 'offline-rules.json');

function parseArgs(argv) {
  let out = path.join(PLUGIN, '..', 'validator', 'web', 'static', 'modeler');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else throw new Error(`argumen tidak dikenal: ${argv[i]}`);
  }
  return { out };
}

/*
 * The page's CSP allows no inline style (style-src 'self'): bpmn-js-properties-panel makes
 * its two containers from markup with style attributes, which the browser refuses (and
 * reports). They get classes instead; modeler.css gives those classes the same styles.
 * The build fails when the markup is not found, so an upgrade cannot skip this unnoticed.
 */
const PANEL_MARKUP = [
  [ '<div style="height: 100%" tabindex="-1" class="bio-properties-panel-container">',
    '<div tabindex="-1" class="bio-properties-panel-container ppb-panel-container">' ],
  [ '<div style="flex: none; height: auto" class="bio-properties-panel bio-theme-parent bio-properties-panel-header-container">',
    '<div class="bio-properties-panel bio-theme-parent bio-properties-panel-header-container ppb-panel-header">' ]
];

const noInlineStyle = {
  name: 'ppb-no-inline-style',
  setup(b) {
    b.onLoad({ filter: /bpmn-js-properties-panel[\\/]dist[\\/]index\.esm\.js$/ }, async args => {
      let text = await fs.promises.readFile(args.path, 'utf8');
      for (const [ from, to ] of PANEL_MARKUP) {
        if (!text.includes(from)) {
          throw new Error(`bpmn-js-properties-panel: markup '${from}' tidak ditemukan (versi lain?)`);
        }
        text = text.split(from).join(to);
      }
      return { contents: text, loader: 'js' };
    });
  }
};

async function build({ out }) {
  if (!fs.existsSync(CONFIG)) {
    throw new Error(`${path.relative(PLUGIN, CONFIG)} belum ada: jalankan ` +
      '`python -m validator.offline_rules -o plugin/bpmnlint-plugin-ppb/generated/offline-rules.json` ' +
      '(atau `make assets`).');
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: { modeler: path.join(HERE, 'index.js') },
    outdir: out,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
    assetNames: '[name]-[hash]',
    plugins: [ noInlineStyle ],
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' }
  });
  return out;
}

if (require.main === module) {
  build(parseArgs(process.argv.slice(2)))
    .then(out => process.stdout.write(`modeler web: ${path.relative(process.cwd(), out) || out}\n`))
    .catch(err => {
      process.stderr.write(`build modeler web gagal: ${err.message}\n`);
      process.exit(1);
    });
}

module.exports = { build };
