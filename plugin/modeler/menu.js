'use strict';

/*
 * Menu entries (Electron main process). Each one emits an editor action that the
 * plugin's bpmn-js module registers (client/bpmn-js/PpbValidation.js).
 */
module.exports = function(electronApp, menuState) {
  const bpmn = () => !!(menuState && (menuState.bpmn || menuState.platform || menuState.editorActions));
  const action = name => () => electronApp.emit('menu:action', name);
  return [
    { label: 'Validasi PPB', accelerator: 'CommandOrControl+Shift+V', enabled: bpmn, action: action('ppb.validate') },
    { label: 'Simulasi', accelerator: 'CommandOrControl+Shift+M', enabled: bpmn, action: action('ppb.simulate') },
    { label: 'Hapus tanda validasi', enabled: bpmn, action: action('ppb.clear') }
  ];
};
