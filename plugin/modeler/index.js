'use strict';

/*
 * Camunda Modeler 5.x plugin "Validator PPB" (Peta Proses Bisnis): the ppb vocabulary,
 * its properties-panel groups, offline rules in the Problems panel, and validation /
 * simulation on the ppb-validator server. Unpack the built folder `ppb-validator/`
 * into `resources/plugins/` and restart the Modeler (see README.md, "Plugin Camunda Modeler").
 */
module.exports = {
  name: 'Validator PPB',
  script: './client/client.js',
  style: './client/style.css',
  menu: './menu.js'
};
