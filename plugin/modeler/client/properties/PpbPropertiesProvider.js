/**
 * Properties-panel provider (bpmn-js-properties-panel 5): "Peta Proses Bisnis" groups
 * for the selected element, one field per ppb attribute the descriptor gives its type,
 * and the map's identity (written on bpmn:definitions) on the diagram's root. Values are
 * written with `modeling.updateModdleProperties`, so they can be undone.
 *
 * Built against '@bpmn-io/properties-panel'; the Camunda Modeler build points that name
 * at the Modeler's own copy (camunda-modeler-plugin-helpers/vendor/...), the web modeler
 * bundles the package itself.
 */

import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';

import { GROUPS, fieldsFor, groupOf, optionsFor } from './fields.js';
import { getState, subscribe } from '../store.js';

const PRIORITY = 400;

export default function PpbPropertiesProvider(injector, eventBus) {
  this._injector = injector;
  const panel = injector.get('propertiesPanel', false);
  if (panel) panel.registerProvider(PRIORITY, this);
  // a plan loaded from the server turns sasaran/pemilik into lists: draw the panel again
  let plan = getState().plan;
  subscribe(state => {
    if (state.plan !== plan) {
      plan = state.plan;
      eventBus.fire('propertiesPanel.providersChanged');
    }
  });
}

PpbPropertiesProvider.$inject = [ 'injector', 'eventBus' ];

PpbPropertiesProvider.prototype.getGroups = function(element) {
  return groups => [ ...groups, ...this.ppbGroups(element) ];
};

/** The ppb groups of an element (plain data: the panel renders the entries). */
PpbPropertiesProvider.prototype.ppbGroups = function(element) {
  const injector = this._injector;
  const services = {
    modeling: injector.get('modeling', false),
    bpmnjs: injector.get('bpmnjs', false),
    debounce: injector.get('debounceInput', false) || (fn => fn)
  };
  const bo = element && element.businessObject;
  if (!bo) return [];
  const byGroup = new Map();
  const add = (fields, target, mapLevel) => {
    for (const field of fields) {
      const key = groupOf(field, mapLevel);
      if (!byGroup.has(key)) byGroup.set(key, []);
      byGroup.get(key).push({
        id: `ppb-${mapLevel ? 'peta-' : ''}${field.prop.name}`,
        component: PpbField,
        isEdited: optionsFor(field.prop, null, '') ? isSelectEntryEdited : isTextFieldEntryEdited,
        element,
        prop: field.prop,
        target,
        services
      });
    }
  };
  const isRoot = !element.parent;
  if (isRoot && services.bpmnjs && services.bpmnjs.getDefinitions) {
    add(fieldsFor(bo, { mapLevel: true }), () => services.bpmnjs.getDefinitions(), true);
  }
  add(fieldsFor(bo), () => bo, false);
  const order = [ 'utama', 'peta', 'sop', 'mutu', 'simulasi' ];
  return order.filter(k => byGroup.has(k)).map(k => ({ ...GROUPS[k], entries: byGroup.get(k) }));
};

function PpbField(props) {
  const { element, id, prop, target, services } = props;
  const name = `ppb:${prop.name}`;
  const label = prop.ppb.label.id;
  const getValue = () => {
    const value = target().get(name);
    return value === undefined || value === null ? '' : String(value);
  };
  const setValue = value => {
    const clean = value === undefined || value === null || String(value).trim() === '' ? undefined : String(value);
    if (services.modeling) {
      services.modeling.updateModdleProperties(element, target(), { [name]: clean });
    } else {
      target().set(name, clean);
    }
  };
  const options = optionsFor(prop, getState().plan, getValue());
  const description = prop.ppb.example ? `Contoh: ${prop.ppb.example}` : undefined;
  if (options) {
    return h(SelectEntry, { element, id, label, description, getValue, setValue, getOptions: () => options });
  }
  return h(TextFieldEntry, { element, id, label, description, getValue, setValue, debounce: services.debounce });
}
