/**
 * The plugin's bpmn-js module: validation/simulation results on the canvas, the
 * "Peta Proses Bisnis" groups of the properties panel (the provider is also used by the
 * server's web modeler), and ppb values kept when an element template is applied.
 */
import PpbValidation from './PpbValidation.js';
import PpbKeepValues from './PpbKeepValues.js';
import PpbPropertiesProvider from '../properties/PpbPropertiesProvider.js';

export default {
  __init__: [ 'ppbValidation', 'ppbPropertiesProvider', 'ppbKeepValues' ],
  ppbValidation: [ 'type', PpbValidation ],
  ppbPropertiesProvider: [ 'type', PpbPropertiesProvider ],
  ppbKeepValues: [ 'type', PpbKeepValues ]
};
