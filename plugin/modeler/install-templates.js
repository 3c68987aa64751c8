'use strict';

/*
 * Camunda Modeler reads element templates only from `element-templates/` in its resources
 * folders (`<Modeler>/resources/` and `<user data>/resources/`) and from `.camunda/element-templates/`
 * next to the diagrams; a plugin folder is not searched. When the Modeler loads this plugin
 * from `<resources>/plugins/ppb-validator/`, the templates that ship inside it are copied to
 * `<resources>/element-templates/ppb-validator/` (from `<app>/plugins/` or `<user data>/plugins/`:
 * to `<app or user data>/resources/element-templates/ppb-validator/`), where the Modeler finds them the next time a
 * diagram is opened. Only missing or changed files are written; a failure (e.g. a read-only
 * installation folder) is logged and never stops the plugin from loading: the README says
 * where to copy the files by hand.
 */

const fs = require('fs');
const path = require('path');

const SUBFOLDER = 'ppb-validator';

/**
 * @param {string} pluginDir  the plugin folder (this file's folder once built)
 * @returns {{ target: string|null, written: string[], error: Error|null }}
 */
function installTemplates(pluginDir) {
  const result = { target: null, written: [], error: null };
  const source = path.join(pluginDir, 'element-templates');
  // only when loaded as a Modeler plugin: <resources>/plugins/<this folder>
  if (path.basename(path.dirname(pluginDir)) !== 'plugins' || !fs.existsSync(source)) return result;
  // the Modeler also loads plugins from `<app>/plugins/` and `<user data>/plugins/`; the
  // templates folder of those two is `<app or user data>/resources/element-templates/`
  const parent = path.dirname(path.dirname(pluginDir));
  const resources = path.basename(parent) === 'resources' ? parent : path.join(parent, 'resources');
  const target = path.join(resources, 'element-templates', SUBFOLDER);
  result.target = target;
  try {
    fs.mkdirSync(target, { recursive: true });
    for (const name of fs.readdirSync(source).filter(n => n.endsWith('.json')).sort()) {
      const data = fs.readFileSync(path.join(source, name));
      const dest = path.join(target, name);
      if (fs.existsSync(dest) && fs.readFileSync(dest).equals(data)) continue;
      fs.writeFileSync(dest, data);
      result.written.push(name);
    }
  } catch (err) {
    result.error = err;
    console.error(`[ppb] templat elemen tidak dapat dipasang di ${target}: ${err.message}`);
  }
  return result;
}

module.exports = { installTemplates, SUBFOLDER };
