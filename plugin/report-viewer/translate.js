/**
 * Indonesian for the few texts the bpmn-js viewer shows itself.
 */
const TEXTS = {
  'Open {element}': 'Buka {element}'
};

function translate(template, replacements) {
  const text = TEXTS[template] || template;
  return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements) ?
    replacements[key] : `{${key}}`);
}

export default {
  translate: [ 'value', translate ]
};
