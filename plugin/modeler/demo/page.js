/**
 * A page with the plugin's bpmn-js modules outside Camunda Modeler: bpmn-js's Modeler,
 * its properties panel, our descriptor, properties provider and validation markers. Used
 * for the screenshot in README (screenshot.py) and as a start for the web modeler.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';

import { descriptor } from '../client/properties/fields.js';
import ppbModule from '../client/bpmn-js/index.js';

window.ppbDemo = async function(xml, findings) {
  const modeler = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#properties' },
    additionalModules: [ BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ppbModule ],
    // a copy: bpmn-moddle rewrites the descriptor it is given (see client/index.js)
    moddleExtensions: { ppb: JSON.parse(JSON.stringify(descriptor)) }
  });
  await modeler.importXML(xml);
  modeler.get('canvas').zoom('fit-viewport');
  modeler.get('ppbValidation').show(findings);
  window.modeler = modeler;
  return modeler;
};
