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

/** 'a', 'a dan b', 'a, b, dan c' (en: 'a and b', 'a, b and c'), as the Python rules join
 * the items of one finding (validator/rules/sop/_common.py `join_words`). */
function joinWords(items, lang = 'id') {
  const word = lang === 'id' ? 'dan' : 'and';
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} ${word} ${items[1]}`;
  const comma = lang === 'id' ? ',' : '';
  return `${items.slice(0, -1).join(', ')}${comma} ${word} ${items[items.length - 1]}`;
}

module.exports = { format, message, joinWords };
