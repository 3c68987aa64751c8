'use strict';

/*
 * Applying an element template keeps the element's ppb values (client/bpmn-js/PpbKeepValues.js).
 *
 * The templates are ours (element-templates/*.json); the diagram is read by bpmn-moddle with
 * the ppb descriptor and the camunda descriptor, as in the Modeler; the commands run on
 * diagram-js's own CommandStack. The template command is played by a handler shaped like the
 * Modeler's element-template handler (bpmn-js-element-templates is not among our packages):
 * in its own preExecute it runs nested property updates that give each property binding the
 * property's `value`, undefined when the template gives none, as on a first application (that
 * is what erased the ppb values). That is what bpmn-js-element-templates 2.37 does for Camunda 7
 * templates; its Camunda 8 handler happens to leave an unbound-by-value property alone, and the
 * interceptor is checked on that command too.
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const esbuild = require('esbuild');
const { BpmnModdle } = require('bpmn-moddle');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');
const DESCRIPTOR = JSON.parse(fs.readFileSync(path.join(ROOT, 'validator', 'ppb.moddle.json'), 'utf8'));
const CAMUNDA = JSON.parse(fs.readFileSync(path.join(NODE_MODULES, 'camunda-bpmn-moddle', 'resources', 'camunda.json'), 'utf8'));
const TEMPLATES = {
  'propertiesPanel.camunda.changeTemplate': require('../element-templates/ppb-camunda7.json'),
  'propertiesPanel.zeebe.changeTemplate': require('../element-templates/ppb-camunda8.json')
};

let tmp;
let lib;

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppb-keep-'));
  const entry = path.join(tmp, 'entry.js');
  fs.writeFileSync(entry, [
    `export { default as PpbKeepValues } from ${JSON.stringify(path.join(__dirname, '..', 'client', 'bpmn-js', 'PpbKeepValues.js'))};`,
    "export { default as CommandStack } from 'diagram-js/lib/command/CommandStack';",
    "export { default as EventBus } from 'diagram-js/lib/core/EventBus';",
    ''
  ].join('\n'));
  await esbuild.build({
    entryPoints: [ entry ], outfile: path.join(tmp, 'keep.cjs'), bundle: true, platform: 'node',
    format: 'cjs', logLevel: 'error', nodePaths: [ NODE_MODULES ]
  });
  lib = require(path.join(tmp, 'keep.cjs'));
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:ppb="${DESCRIPTOR.uri}" xmlns:x="urn:lain" id="D" targetNamespace="urn:t">
  <bpmn:process id="P">
    <bpmn:task id="T" name="Verifikasi berkas" ppb:mutuWaktu="15 menit" ppb:keterangan="dicek dua kali" ppb:tidakDikenal="tetap" x:lain="1" />
  </bpmn:process>
</bpmn:definitions>`;

/** A property update as its own command (the role of bpmn-js's element.updateProperties). */
function UpdatePropertiesHandler() {}
UpdatePropertiesHandler.prototype.execute = function(context) {
  const bo = context.element.businessObject;
  context.old = {};
  for (const [ name, value ] of Object.entries(context.properties)) {
    context.old[name] = bo.get(name);
    bo.set(name, value);
  }
  return [ context.element ];
};
UpdatePropertiesHandler.prototype.revert = function(context) {
  const bo = context.element.businessObject;
  for (const [ name, value ] of Object.entries(context.old)) bo.set(name, value);
  return [ context.element ];
};

/**
 * The template command, shaped like the Modeler's: its own preExecute runs nested property
 * updates, the template id first, then each property binding with the property's `value`
 * (undefined when the template gives none, as on a first application).
 */
function makeTemplateHandler(commandStack) {
  function ApplyTemplateHandler() {}
  ApplyTemplateHandler.prototype.preExecute = function(context) {
    const { element, newTemplate } = context;
    commandStack.execute('test.updateProperties',
      { element, properties: { 'camunda:modelerTemplate': newTemplate.id } });
    const properties = {};
    for (const prop of newTemplate.properties) {
      if (prop.binding.type === 'property') properties[prop.binding.name] = prop.value;
    }
    commandStack.execute('test.updateProperties', { element, properties });
  };
  ApplyTemplateHandler.prototype.execute = () => [];
  ApplyTemplateHandler.prototype.revert = () => [];
  return ApplyTemplateHandler;
}

async function setup({ keep = true, command = 'propertiesPanel.camunda.changeTemplate' } = {}) {
  const moddle = new BpmnModdle({ ppb: JSON.parse(JSON.stringify(DESCRIPTOR)), camunda: CAMUNDA });
  const { rootElement } = await moddle.fromXML(XML);
  const task = rootElement.rootElements[0].flowElements[0];
  const eventBus = new lib.EventBus();
  const injector = { instantiate: Handler => new Handler(), get: () => null };
  const commandStack = new lib.CommandStack(eventBus, injector);
  commandStack.registerHandler('test.updateProperties', UpdatePropertiesHandler);
  commandStack.registerHandler(command, makeTemplateHandler(commandStack));
  if (keep) new lib.PpbKeepValues(eventBus, commandStack);
  const template = TEMPLATES[command].find(t => t.id.startsWith('ppb.aktivitas-sop'));
  const element = { id: task.id, businessObject: task };
  const apply = (tpl = template) => commandStack.execute(command, { element, newTemplate: tpl });
  return { task, commandStack, apply, template, moddle, rootElement };
}

test('without the interceptor, applying the template erases the ppb values (the reported bug)', async () => {
  const { task, apply } = await setup({ keep: false });
  assert.equal(task.get('ppb:mutuWaktu'), '15 menit');
  apply();
  assert.equal(task.get('ppb:mutuWaktu'), undefined);
  assert.equal(task.get('ppb:keterangan'), undefined);
});

for (const command of Object.keys(TEMPLATES)) {
  test(`ppb values survive applying the template (${command})`, async () => {
    const { task, apply, moddle, rootElement } = await setup({ command });
    apply();
    assert.ok(String(task.get('camunda:modelerTemplate')).startsWith('ppb.aktivitas-sop'));
    assert.equal(task.get('ppb:mutuWaktu'), '15 menit');
    assert.equal(task.get('ppb:keterangan'), 'dicek dua kali');
    assert.equal(task.get('ppb:tidakDikenal'), 'tetap');   // not bound by the template: untouched
    assert.equal(task.get('ppb:mutuOutput'), undefined);    // nothing invented for an empty one
    const { xml } = await moddle.toXML(rootElement);
    assert.match(xml, /ppb:mutuWaktu="15 menit"/);
    assert.match(xml, /ppb:keterangan="dicek dua kali"/);
  });
}

test('a value the template itself sets is kept as the template set it', async () => {
  const { task, apply, template } = await setup();
  const withValue = JSON.parse(JSON.stringify(template));
  withValue.properties.find(p => p.binding.name === 'ppb:mutuWaktu').value = '1 hari kerja';
  apply(withValue);
  assert.equal(task.get('ppb:mutuWaktu'), '1 hari kerja');
  assert.equal(task.get('ppb:keterangan'), 'dicek dua kali');
});

test('undo and redo of the template take the kept values along in one step', async () => {
  const { task, apply, commandStack } = await setup();
  apply();
  commandStack.undo();
  assert.equal(task.get('camunda:modelerTemplate'), undefined);
  assert.equal(task.get('ppb:mutuWaktu'), '15 menit');
  assert.equal(commandStack.canUndo(), false);
  commandStack.redo();
  assert.ok(task.get('camunda:modelerTemplate'));
  assert.equal(task.get('ppb:mutuWaktu'), '15 menit');
  assert.equal(task.get('ppb:keterangan'), 'dicek dua kali');
});
