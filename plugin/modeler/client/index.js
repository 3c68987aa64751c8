/**
 * Entry of the plugin's client bundle (esbuild -> client/client.js of the plugin folder).
 *
 * - the ppb moddle descriptor: without it the Modeler drops our attributes on save;
 * - the bpmn-js module: editor actions (menu), markers, heat map, properties panel;
 * - the review comments of the diagram (bpmn-js/PpbComments.js: asked of the server by
 *   the diagram's identity, listed in the bottom panel, speech bubbles on the canvas);
 * - the React extension: settings, bottom panel;
 * - the offline rules for the Problems panel, for Camunda 7 and Camunda 8 diagrams:
 *   bpmnlint rules made from the config that `python -m validator.offline_rules`
 *   generates from rules/ (see plugin/bpmnlint-plugin-ppb).
 */

import {
  registerBpmnJSModdleExtension,
  registerBpmnJSPlugin,
  registerClientExtension,
  registerClientPlugin
} from 'camunda-modeler-plugin-helpers';

import { createPlugin } from '../../bpmnlint-plugin-ppb/index.js';
import offlineRules from '../../bpmnlint-plugin-ppb/generated/offline-rules.json';

import { descriptor } from './properties/fields.js';
import ppbModule from './bpmn-js/index.js';
import PpbComments from './bpmn-js/PpbComments.js';
import PpbExtension from './PpbExtension.js';

// a copy: bpmn-moddle rewrites the object it registers (property 'kode' becomes 'ppb:kode'),
// and the properties provider keeps reading the original from fields.js
registerBpmnJSModdleExtension(JSON.parse(JSON.stringify(descriptor)));
registerBpmnJSPlugin(ppbModule);
// review comments of the open diagram (the web modeler reads its own: not in ppbModule)
registerBpmnJSPlugin({ __init__: [ 'ppbComments' ], ppbComments: [ 'type', PpbComments ] });
registerClientExtension(PpbExtension);

const lintRules = createPlugin(offlineRules);
registerClientPlugin(lintRules, 'lintRules.bpmn');
registerClientPlugin(lintRules, 'lintRules.cloud-bpmn');
