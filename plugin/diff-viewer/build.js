#!/usr/bin/env node
'use strict';

/*
 * Builds the server's version comparison viewer (bpmn-js + bpmn-js-differ):
 *
 *   node diff-viewer/build.js [--out DIR]   (default: ../validator/web/static/beda from plugin/)
 *
 * DIR/diff-viewer.js, DIR/diff-viewer.css and the bpmn font files, served by the server
 * itself (no CDN). `make assets` runs it.
 */

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const HERE = __dirname;
const PLUGIN = path.dirname(HERE);

function parseArgs(argv) {
  let out = path.join(PLUGIN, '..', 'validator', 'web', 'static', 'beda');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else throw new Error(`argumen tidak dikenal: ${argv[i]}`);
  }
  return { out };
}

async function build({ out }) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: { 'diff-viewer': path.join(HERE, 'index.js') },
    outdir: out,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
    assetNames: '[name]-[hash]',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' }
  });
  return out;
}

if (require.main === module) {
  build(parseArgs(process.argv.slice(2)))
    .then(out => process.stdout.write(`penampil beda versi: ${path.relative(process.cwd(), out) || out}\n`))
    .catch(err => {
      process.stderr.write(`build penampil beda versi gagal: ${err.message}\n`);
      process.exit(1);
    });
}

module.exports = { build };
