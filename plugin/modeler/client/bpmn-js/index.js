/**
 * The plugin's bpmn-js module: validation/simulation results on the canvas and the
 * "Peta Proses Bisnis" groups of the properties panel (the provider is also used by the
 * server's web modeler).
 */
import PpbValidation from './PpbValidation.js';
import PpbPropertiesProvider from '../properties/PpbPropertiesProvider.js';

export default {
  __init__: [ 'ppbValidation', 'ppbPropertiesProvider' ],
  ppbValidation: [ 'type', PpbValidation ],
  ppbPropertiesProvider: [ 'type', PpbPropertiesProvider ]
};
