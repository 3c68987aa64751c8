'use strict';

/*
 * Menu entries (Electron main process). Each one emits an editor action that the
 * plugin's bpmn-js module registers (client/bpmn-js/PpbValidation.js), so the entries
 * are enabled only on BPMN tabs (Camunda 7 and Camunda 8): the Modeler's BPMN editors
 * put `bpmn: true` in the menu state, and the active tab's type is 'bpmn' or
 * 'cloud-bpmn'. DMN, form and empty tabs have no such actions.
 */
const BPMN_TABS = new Set([ 'bpmn', 'cloud-bpmn' ]);

function onBpmnTab(menuState) {
  if (!menuState || menuState.bpmn !== true) return false;
  const tab = menuState.activeTab;
  return !tab || !tab.type || BPMN_TABS.has(tab.type);
}

module.exports = function(electronApp, menuState) {
  const enabled = () => onBpmnTab(menuState);
  const action = name => () => electronApp.emit('menu:action', name);
  return [
    { label: 'Validasi PPB', accelerator: 'CommandOrControl+Shift+V', enabled, action: action('ppb.validate') },
    { label: 'Simulasi', accelerator: 'CommandOrControl+Shift+M', enabled, action: action('ppb.simulate') },
    { label: 'Hapus tanda validasi', enabled, action: action('ppb.clear') }
  ];
};

module.exports.onBpmnTab = onBpmnTab;
