/**
 * Keeps the ppb values of an element when an element template is applied to it.
 *
 * Applying a template writes every property binding of the template; a binding without a
 * `value` (all of ours: the values belong to each activity, not to the template) writes
 * nothing, so the first application of "PPB: Aktivitas SOP" to a task that already had
 * ppb:mutuWaktu erased it. This interceptor notes the element's non-empty ppb values before
 * the template command and puts back, in the same undoable step, those the template left
 * empty. A value the template itself sets is left as the template set it.
 */

import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';

/** The commands the Modeler's element templates run (Camunda 7 and Camunda 8). */
export const TEMPLATE_COMMANDS = [
  'propertiesPanel.camunda.changeTemplate',
  'propertiesPanel.zeebe.changeTemplate'
];

const RESTORE = 'ppb.restoreValues';

function isEmpty(value) {
  return value === undefined || value === null || value === '';
}

function businessObject(element) {
  return element && (element.businessObject || element);
}

/** { 'ppb:name': value } of the non-empty ppb values, declared or kept as unknown attributes. */
export function ppbValues(bo) {
  const out = {};
  if (!bo || typeof bo.get !== 'function') return out;
  const declared = (bo.$descriptor && bo.$descriptor.properties) || [];
  for (const prop of declared) {
    if (prop.ns && prop.ns.prefix === 'ppb' && !prop.isMany) {
      const value = bo.get(prop.ns.name);
      if (!isEmpty(value)) out[prop.ns.name] = value;
    }
  }
  for (const [ name, value ] of Object.entries(bo.$attrs || {})) {
    if (name.startsWith('ppb:') && !isEmpty(value)) out[name] = value;
  }
  return out;
}

/** Sets ppb values on one element; undo puts the previous ones back. */
function RestoreValuesHandler() {}

RestoreValuesHandler.prototype.execute = function(context) {
  const bo = businessObject(context.element);
  context.old = {};
  for (const [ name, value ] of Object.entries(context.values)) {
    context.old[name] = bo.get(name);
    bo.set(name, value);
  }
  return [ context.element ];
};

RestoreValuesHandler.prototype.revert = function(context) {
  const bo = businessObject(context.element);
  for (const [ name, value ] of Object.entries(context.old)) bo.set(name, value);
  return [ context.element ];
};

export default function PpbKeepValues(eventBus, commandStack) {
  CommandInterceptor.call(this, eventBus);

  commandStack.registerHandler(RESTORE, RestoreValuesHandler);

  this.preExecute(TEMPLATE_COMMANDS, context => {
    context.ppbValues = ppbValues(businessObject(context.element));
  }, true);

  this.postExecute(TEMPLATE_COMMANDS, context => {
    const before = context.ppbValues || {};
    const element = context.newElement || context.element;
    const bo = businessObject(element);
    if (!bo || typeof bo.get !== 'function') return;
    const lost = {};
    for (const [ name, value ] of Object.entries(before)) {
      if (isEmpty(bo.get(name))) lost[name] = value;
    }
    if (Object.keys(lost).length) commandStack.execute(RESTORE, { element, values: lost });
  }, true);
}

PpbKeepValues.prototype = Object.create(CommandInterceptor.prototype);
PpbKeepValues.prototype.constructor = PpbKeepValues;
PpbKeepValues.$inject = [ 'eventBus', 'commandStack' ];
