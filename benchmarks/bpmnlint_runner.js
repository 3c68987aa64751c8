#!/usr/bin/env node
/*
 * Reference runner: lints BPMN files with bpmnlint, for the parity test and the benchmark.
 *
 *   node bpmnlint_runner.js [--all] [--quiet] [--files LIST] [PATH ...]
 *
 * PATH may be a file or a folder (walked for .bpmn, .bpmn2 and .bpmn20.xml files, sorted).
 * LIST is a text file with one path per line ("-" reads the list from stdin).
 *
 *   (default)  the rules of bpmnlint:recommended, at their recommended levels
 *   --all      every bpmnlint rule at 'error' (bpmnlint:all)
 *   --quiet    print only counts, for timing
 *
 * Every file gets a FRESH BpmnModdle and a FRESH Linter: a Linter caches rule instances,
 * and a rule instance may keep state between files. Rules are resolved with bpmnlint's
 * NodeResolver, as the bpmnlint command line does.
 *
 * Output (one JSON object on stdout, keyed by the path as given):
 *   {"<path>": {"reports": {"<rule>": [{"id": ..., "message": ...}]}, "warnings": <n>}
 *              | {"error": "<why moddle could not read it>"}}
 * A rule that throws is listed under "ruleErrors": {"<rule>": "<message>"}.
 * With --quiet: {"files": n, "unreadable": n, "reports": n, "ruleErrors": n}.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const BPMN_SUFFIXES = [ '.bpmn', '.bpmn2', '.bpmn20.xml' ];

const USAGE = 'usage: node bpmnlint_runner.js [--all] [--quiet] [--files LIST] [PATH ...]\n';

function usage(message) {
  process.stderr.write(`bpmnlint_runner: ${message}\n` + USAGE);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { all: false, quiet: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') {
      opts.all = true;
    } else if (arg === '--recommended') {
      opts.all = false;
    } else if (arg === '--quiet') {
      opts.quiet = true;
    } else if (arg === '--files') {
      const list = argv[++i];
      if (list === undefined) usage('--files needs a file name');
      const text = fs.readFileSync(list === '-' ? 0 : list, 'utf8');
      opts.paths.push(...text.split(/\r?\n/).filter(line => line.trim() !== ''));
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg}`);
    } else {
      opts.paths.push(arg);
    }
  }
  if (!opts.paths.length) usage('no files given');
  return opts;
}

function isBpmnName(name) {
  const low = name.toLowerCase();
  return BPMN_SUFFIXES.some(suffix => low.endsWith(suffix));
}

function walk(dir, found) {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) walk(full, found);
    } else if (isBpmnName(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

function expand(paths) {
  const out = [];
  for (const given of paths) {
    let stat = null;
    try {
      stat = fs.statSync(given);
    } catch (err) { /* reported per file below */ }
    if (stat && stat.isDirectory()) {
      out.push(...walk(given, []).sort());
    } else {
      out.push(given);
    }
  }
  return out;
}

function firstLine(err) {
  return String(err && err.message || err).split(/\n/)[0];
}

async function lintFile(file, config) {
  let xml;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { error: 'read error: ' + firstLine(err) };
  }
  const moddle = new BpmnModdle();
  let rootElement, warnings;
  try {
    ({ rootElement, warnings = [] } = await moddle.fromXML(xml));
  } catch (err) {
    return { error: firstLine(err) };
  }
  const linter = new Linter({ config, resolver: new NodeResolver() });
  const results = await linter.lint(rootElement);
  const reports = {};
  const ruleErrors = {};
  for (const [ rule, list ] of Object.entries(results)) {
    for (const report of list) {
      if (report.category === 'rule-error') {
        ruleErrors[rule] = report.message;
      } else {
        (reports[rule] = reports[rule] || []).push({ id: report.id, message: report.message });
      }
    }
  }
  const out = { reports, warnings: warnings.length };
  if (Object.keys(ruleErrors).length) out.ruleErrors = ruleErrors;
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const config = { extends: opts.all ? 'bpmnlint:all' : 'bpmnlint:recommended' };
  const files = expand(opts.paths);
  const out = {};
  const counts = { files: 0, unreadable: 0, reports: 0, ruleErrors: 0 };
  for (const file of files) {
    const result = await lintFile(file, config);
    counts.files++;
    if (result.error !== undefined) {
      counts.unreadable++;
    } else {
      for (const list of Object.values(result.reports)) counts.reports += list.length;
      counts.ruleErrors += Object.keys(result.ruleErrors || {}).length;
    }
    if (!opts.quiet) out[file] = result;
  }
  process.stdout.write(JSON.stringify(opts.quiet ? counts : out) + '\n');
}

main().catch(err => {
  process.stderr.write(`bpmnlint_runner: ${err && err.stack || err}\n`);
  process.exit(1);
});
