'use strict';

/*
 * The built plugin, as Camunda Modeler loads it: the client bundle runs in a Node `vm`
 * with a fake `window` (what the Modeler exposes to plugins), every registration is
 * checked, and Camunda's own linter (@camunda/linting, bundled for Node with esbuild)
 * runs the registered offline rules on rule fixtures, for Camunda 7 and Camunda 8
 * diagrams, from a string (our namespace unknown to its moddle) and from definitions
 * read with our descriptor (as in the Modeler).
 *
 * Needs the generated offline rule config (make plugin / make plugin-test).
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const esbuild = require('esbuild');
const { BpmnModdle } = require('bpmn-moddle');

const { build } = require('../build.js');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'rules');
const DESCRIPTOR = JSON.parse(fs.readFileSync(path.join(ROOT, 'validator', 'ppb.moddle.json'), 'utf8'));

const PLATFORMS = {
  'lintRules.bpmn': { executionPlatform: 'Camunda Platform', version: '7.22.0', type: 'platform' },
  'lintRules.cloud-bpmn': { executionPlatform: 'Camunda Cloud', version: '8.6.0', type: 'cloud' }
};

let tmp;
let plugins;
let Linter;

function fakeWindow() {
  const stub = name => Object.assign(function() { return { stub: name }; }, { stubName: name });
  return {
    plugins: [],
    react: {
      createElement: (type, props, ...children) => ({ type, props, children }),
      useState: init => [ init, () => {} ],
      useEffect: () => {}
    },
    components: { Fill: stub('Fill') },
    vendor: {
      propertiesPanel: {
        common: {
          TextFieldEntry: stub('TextFieldEntry'),
          SelectEntry: stub('SelectEntry'),
          isTextFieldEntryEdited: stub('isTextFieldEntryEdited'),
          isSelectEntryEdited: stub('isSelectEntryEdited')
        },
        preact: { root: { h: (type, props) => ({ type, props }) }, hooks: {} }
      }
    }
  };
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppb-plugin-'));
  const out = await build({ out: path.join(tmp, 'ppb-validator') });
  const window = fakeWindow();
  const code = fs.readFileSync(path.join(out, 'client', 'client.js'), 'utf8');
  vm.runInNewContext(code, { window, console, URLSearchParams }, { filename: 'client.js' });
  plugins = window.plugins;
  // Camunda's linter, as the Modeler uses it, bundled for Node
  const entry = path.join(tmp, 'linting-entry.js');
  fs.writeFileSync(entry, "export { Linter } from '@camunda/linting';\n");
  await esbuild.build({
    entryPoints: [ entry ], outfile: path.join(tmp, 'linting.cjs'), bundle: true, platform: 'node',
    format: 'cjs', logLevel: 'error', nodePaths: [ path.join(__dirname, '..', '..', 'node_modules') ]
  });
  ({ Linter } = require(path.join(tmp, 'linting.cjs')));
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function registered(type) {
  return plugins.filter(p => p.type === type).map(p => p.plugin);
}

/** A value from the vm's realm as plain data of this one (deepStrictEqual compares prototypes). */
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

test('the plugin folder has the entry Camunda Modeler looks for', () => {
  const entry = require(path.join(tmp, 'ppb-validator', 'index.js'));
  assert.equal(entry.name, 'Validator PPB');
  for (const key of [ 'script', 'style', 'menu' ]) {
    assert.ok(fs.existsSync(path.join(tmp, 'ppb-validator', entry[key])), `${key}: ${entry[key]}`);
  }
  const actions = [];
  const menu = require(path.join(tmp, 'ppb-validator', entry.menu))(
    { emit: (event, action) => actions.push([ event, action ]) }, { bpmn: true });
  assert.deepEqual(menu.map(m => m.label), [ 'Validasi PPB', 'Simulasi', 'Hapus tanda validasi' ]);
  menu.forEach(m => m.action());
  assert.deepEqual(actions.map(a => a[1]), [ 'ppb.validate', 'ppb.simulate', 'ppb.clear' ]);
  assert.ok(actions.every(a => a[0] === 'menu:action'));
  assert.equal(menu[0].enabled(), true);
});

test('the menu is enabled on BPMN tabs only', () => {
  const entry = require(path.join(tmp, 'ppb-validator', 'index.js'));
  const menuFor = state => require(path.join(tmp, 'ppb-validator', entry.menu))({ emit: () => {} }, state);
  const enabled = state => menuFor(state).map(m => m.enabled());
  // what the Modeler's BPMN editors (Camunda 7 and 8) put in the menu state
  assert.deepEqual(enabled({ bpmn: true, editable: true, activeTab: { type: 'bpmn' } }), [ true, true, true ]);
  assert.deepEqual(enabled({ bpmn: true, editable: true, activeTab: { type: 'cloud-bpmn' } }), [ true, true, true ]);
  // a DMN tab has a platform and editor actions, but not ours
  assert.deepEqual(enabled({ platform: 'platform', editorActions: [ 'undo' ], editable: true,
    activeTab: { type: 'dmn' } }), [ false, false, false ]);
  assert.deepEqual(enabled({ bpmn: true, activeTab: { type: 'dmn' } }), [ false, false, false ]);
  assert.deepEqual(enabled({ activeTab: { type: 'empty' } }), [ false, false, false ]);
  assert.deepEqual(enabled({}), [ false, false, false ]);
  assert.deepEqual(enabled(undefined), [ false, false, false ]);
});

test('the bundle takes React from the current helper path, not the deprecated one', () => {
  const src = fs.readFileSync(path.join(__dirname, '..', 'client', 'PpbExtension.js'), 'utf8');
  assert.match(src, /from 'camunda-modeler-plugin-helpers\/vendor\/react'/);
  const code = fs.readFileSync(path.join(tmp, 'ppb-validator', 'client', 'client.js'), 'utf8');
  // camunda-modeler-plugin-helpers/react.js logs this warning when it is imported
  assert.doesNotMatch(code, /module is deprecated/);
});

test('the bundle registers the ppb descriptor', () => {
  const [ descriptor, ...more ] = registered('bpmn.modeler.moddleExtension');
  assert.equal(more.length, 0);
  assert.equal(descriptor.prefix, 'ppb');
  assert.equal(descriptor.uri, 'urn:ppb:permenpanrb-19-2018:1.0');
  assert.deepEqual(plain(descriptor), DESCRIPTOR);
});

test('the bundle registers a bpmn-js module with validation and the properties provider', () => {
  const [ module ] = registered('bpmn.modeler.additionalModules');
  assert.deepEqual(plain(module.__init__), [ 'ppbValidation', 'ppbPropertiesProvider', 'ppbKeepValues' ]);
  assert.deepEqual(plain(module.ppbKeepValues[1].$inject), [ 'eventBus', 'commandStack' ]);
  assert.equal(module.ppbValidation[0], 'type');
  assert.deepEqual(plain(module.ppbValidation[1].$inject),
    [ 'eventBus', 'bpmnjs', 'overlays', 'canvas', 'elementRegistry', 'selection', 'editorActions' ]);
  assert.deepEqual(plain(module.ppbPropertiesProvider[1].$inject), [ 'injector', 'eventBus' ]);
});

test('the editor actions are registered and the provider registers with the panel', () => {
  const [ module ] = registered('bpmn.modeler.additionalModules');
  const actions = {};
  const handlers = {};
  const eventBus = { on: (e, fn) => { handlers[e] = fn; }, fire: () => {} };
  const Validation = module.ppbValidation[1];
  new Validation(eventBus, {}, {}, {}, {}, {}, { register: map => Object.assign(actions, map) });
  assert.deepEqual(Object.keys(actions).sort(), [ 'ppb.clear', 'ppb.simulate', 'ppb.validate' ]);
  assert.ok(handlers['import.done']);
  const providers = [];
  const Provider = module.ppbPropertiesProvider[1];
  const injector = { get: name => (name === 'propertiesPanel' ? { registerProvider: (p, x) => providers.push(p) } : null) };
  new Provider(injector, eventBus);
  assert.deepEqual(providers, [ 400 ]);
});

test('the bundle registers the client extension (settings, bottom panel)', () => {
  const [ Extension, ...more ] = registered('client');
  assert.equal(more.length, 0);
  assert.equal(typeof Extension, 'function');
  const tree = Extension({ settings: null, subscribe: () => {}, displayNotification: () => {} });
  assert.equal(tree.props.slot, 'bottom-panel');
  assert.equal(tree.props.label, 'Validasi PPB');
});

test('the offline rules are registered for Camunda 7 and Camunda 8 diagrams', () => {
  for (const type of Object.keys(PLATFORMS)) {
    const [ lint, ...more ] = registered(type);
    assert.equal(more.length, 0, type);
    assert.deepEqual(plain(Object.keys(lint.config.rules).sort()),
      [ 'ppb/PPB-KLP-007', 'ppb/PPB-KLP-010', 'ppb/PPB-NMK-001', 'ppb/PPB-NMK-003', 'ppb/PPB-SOP-010' ]);
    assert.equal(typeof lint.resolver.resolveRule('bpmnlint-plugin-ppb', 'PPB-NMK-001'), 'function');
    assert.throws(() => lint.resolver.resolveRule('bpmnlint', 'label-required'));
  }
});

function withPlatform(xml, { executionPlatform, version }) {
  return xml.replace(/<((?:\w+:)?definitions)\b/, `<$1 xmlns:modeler="http://camunda.org/schema/modeler/1.0" ` +
    `modeler:executionPlatform="${executionPlatform}" modeler:executionPlatformVersion="${version}"`);
}

const CASES = [
  [ 'PPB-KLP-007/invalid-metadata-kurang.bpmn', 'ppb/PPB-KLP-007', 'Defs_CFM_Parkir', 'Metadata peta ppb:tahun belum diisi.' ],
  [ 'PPB-NMK-001/invalid-lintas-fungsi.bpmn', 'ppb/PPB-NMK-001', null, 'belum diberi nama.' ],
  [ 'PPB-NMK-003/invalid-bukan-pertanyaan.bpmn', 'ppb/PPB-NMK-003', 'Gw_Lengkap', "pertanyaan: 'Berkas lengkap?'." ],
  [ 'PPB-KLP-010/invalid-tanpa-tanggal.bpmn', 'ppb/PPB-KLP-010', 'Participant_Dinkes', 'tanggal penetapannya belum' ],
  [ 'PPB-SOP-010/invalid-nip-salah.bpmn', 'ppb/PPB-SOP-010', 'Participant_DPMPTSP', 'tidak terdiri atas 18 angka' ]
];

for (const [ type, platform ] of Object.entries(PLATFORMS)) {
  test(`@camunda/linting runs the offline rules (${platform.executionPlatform})`, async () => {
    const [ lint ] = registered(type);
    const linter = new Linter({ modeler: 'desktop', plugins: [ lint ], type: platform.type });
    for (const [ file, rule, element, text ] of CASES) {
      const xml = withPlatform(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), platform);
      // as a string: @camunda/linting's own moddle, which does not know our namespace
      const fromString = (await linter.lint(xml)).filter(r => r.rule === rule);
      // as definitions read with our descriptor: what the Modeler passes
      const moddle = new BpmnModdle({ ppb: DESCRIPTOR });
      const { rootElement } = await moddle.fromXML(xml);
      const fromModel = (await linter.lint(rootElement)).filter(r => r.rule === rule);
      for (const reports of [ fromString, fromModel ]) {
        assert.ok(reports.length > 0, `${file}: no ${rule}`);
        assert.ok(reports.some(r => (element === null || r.id === element) && r.message.includes(text)),
          `${file}: ${JSON.stringify(reports.map(r => [ r.id, r.message ]))}`);
      }
      assert.deepEqual(fromString.map(r => [ r.id, r.message ]).sort(), fromModel.map(r => [ r.id, r.message ]).sort());
    }
  });
}

test('@camunda/linting reports nothing of ours on a valid fixture', async () => {
  const [ lint ] = registered('lintRules.bpmn');
  const linter = new Linter({ modeler: 'desktop', plugins: [ lint ], type: 'platform' });
  const xml = withPlatform(fs.readFileSync(path.join(FIXTURES, 'PPB-KLP-007', 'valid-metadata-lengkap.bpmn'), 'utf8'),
    PLATFORMS['lintRules.bpmn']);
  const ours = (await linter.lint(xml)).filter(r => String(r.rule).startsWith('ppb/'));
  assert.deepEqual(ours.filter(r => r.rule === 'ppb/PPB-KLP-007'), []);
});
