'use strict';

/*
 * Camunda Modeler 5.x plugin "Validator PPB" (Peta Proses Bisnis): the ppb vocabulary,
 * its properties-panel groups, offline rules in the Problems panel, and validation /
 * simulation on the ppb-validator server. Unpack the built folder `ppb-validator/`
 * into `resources/plugins/` and restart the Modeler (see README.md, "Plugin Camunda Modeler").
 *
 * The Modeler requires this file in its main process when it looks for plugins; the
 * element templates shipped in `element-templates/` are then copied to
 * `<resources>/element-templates/ppb-validator/`, the folder the Modeler reads them from
 * (install-templates.js).
 */
try {
  require('./install-templates.js').installTemplates(__dirname);
} catch (err) {
  console.error('[ppb] templat elemen tidak dipasang:', err && err.message);
}

module.exports = {
  name: 'Validator PPB',
  script: './client/client.js',
  style: './client/style.css',
  menu: './menu.js'
};
