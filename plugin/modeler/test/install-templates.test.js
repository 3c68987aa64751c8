'use strict';

/*
 * The built plugin, unpacked where Camunda Modeler looks for plugins, puts its element
 * templates where the Modeler reads them (`<resources>/element-templates/`), when the
 * Modeler requires its index.js (install-templates.js).
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { build } = require('../build.js');

const NAMES = [ 'ppb-camunda7.json', 'ppb-camunda8.json' ];
let tmp;
let built;

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppb-install-'));
  built = await build({ out: path.join(tmp, 'built', 'ppb-validator') });
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Copy the built plugin folder to DIR and load its entry as the Modeler does (a fresh require). */
function unpackAndLoad(dir) {
  fs.cpSync(built, dir, { recursive: true });
  const entry = path.join(dir, 'index.js');
  delete require.cache[require.resolve(entry)];
  return require(entry);
}

test('loading the plugin from <resources>/plugins/ installs the templates in <resources>/element-templates/', () => {
  const resources = path.join(tmp, 'a', 'resources');
  const entry = unpackAndLoad(path.join(resources, 'plugins', 'ppb-validator'));
  assert.equal(entry.name, 'Validator PPB');
  const target = path.join(resources, 'element-templates', 'ppb-validator');
  assert.deepEqual(fs.readdirSync(target).sort(), NAMES);
  for (const name of NAMES) {
    assert.deepEqual(fs.readFileSync(path.join(target, name)),
      fs.readFileSync(path.join(__dirname, '..', 'element-templates', name)));
  }
});

test('from <user data>/plugins/ the templates go to <user data>/resources/element-templates/', () => {
  const userData = path.join(tmp, 'b', 'camunda-modeler');
  unpackAndLoad(path.join(userData, 'plugins', 'ppb-validator'));
  assert.deepEqual(fs.readdirSync(path.join(userData, 'resources', 'element-templates', 'ppb-validator')).sort(), NAMES);
});

test('unchanged templates are not rewritten, changed ones are replaced', () => {
  const { installTemplates } = require(path.join(built, 'install-templates.js'));
  const resources = path.join(tmp, 'c', 'resources');
  const plugin = path.join(resources, 'plugins', 'ppb-validator');
  fs.cpSync(built, plugin, { recursive: true });
  assert.deepEqual(installTemplates(plugin).written, NAMES);
  assert.deepEqual(installTemplates(plugin).written, []);
  const old = path.join(resources, 'element-templates', 'ppb-validator', 'ppb-camunda7.json');
  fs.writeFileSync(old, '[]');
  const again = installTemplates(plugin);
  assert.deepEqual(again.written, [ 'ppb-camunda7.json' ]);
  assert.notEqual(fs.readFileSync(old, 'utf8'), '[]');
});

test('outside a plugins folder (the build output) nothing is written', () => {
  const { installTemplates } = require(path.join(built, 'install-templates.js'));
  const result = installTemplates(built);
  assert.equal(result.target, null);
  assert.equal(fs.existsSync(path.join(tmp, 'element-templates')), false);
  assert.equal(fs.existsSync(path.join(tmp, 'resources')), false);
});

test('a folder that cannot be written is reported, and the plugin still loads', () => {
  const resources = path.join(tmp, 'd', 'resources');
  fs.mkdirSync(resources, { recursive: true });
  fs.writeFileSync(path.join(resources, 'element-templates'), 'not a folder');
  const errors = [];
  const original = console.error;
  console.error = (...args) => errors.push(args.join(' '));
  let entry;
  try {
    entry = unpackAndLoad(path.join(resources, 'plugins', 'ppb-validator'));
  } finally {
    console.error = original;
  }
  assert.equal(entry.name, 'Validator PPB');
  assert.equal(errors.length, 1);
  assert.match(errors[0], /templat elemen tidak dapat dipasang/);
});
