'use strict';

/**
 * Messages from the rule files, filled in as Python's `str.format` fills them:
 * `{name}` takes a parameter, `{{` and `}}` are braces, and a template that names a
 * parameter the check did not give is shown unfilled (as validator/catalog.py does).
 */

function format(template, params) {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{' && template[i + 1] === '{') {
      out += '{';
      i += 2;
    } else if (c === '}' && template[i + 1] === '}') {
      out += '}';
      i += 2;
    } else if (c === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) return template;
      const name = template.slice(i + 1, end);
      if (!Object.prototype.hasOwnProperty.call(params, name)) return template;
      out += String(params[name]);
      i = end + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The text of message `key` of a rule in `lang` (Indonesian first, as the catalog does). */
function message(rule, key, params, lang = 'id') {
  const templates = rule.messages[key] || rule.messages.default || {};
  const template = templates[lang] || templates.id || '';
  return format(template, params);
}

module.exports = { format, message };
