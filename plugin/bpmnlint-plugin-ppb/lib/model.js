'use strict';

/**
 * A lint run's view of one diagram, read the way the Python validator reads it
 * (validator/parser.py, validator/model.py, validator/vocab.py):
 *
 * - every semantic element in document order, and the elements of a BPMN type
 *   (sub types included, as bpmn-moddle's `$instanceOf` answers);
 * - a `ppb` attribute of an element: an attribute in the ppb namespace (declared by
 *   our moddle descriptor or not), else a `camunda:property` / `zeebe:property`
 *   named `ppb:<key>` in its extension elements (the first one wins);
 * - a map-level attribute: on `bpmn:definitions`, else on the collaboration, a
 *   process or a pool (Camunda Modeler's properties panel cannot reach definitions);
 * - the declared map type (`ppb:jenisPeta`), normalised with the vocabulary's aliases;
 * - the sequence flows leaving a node (by their `sourceRef`, as Python resolves them).
 *
 * Nothing here knows a rule: the rule types in ../types use it.
 */

const PPB_PREFIX = 'ppb:';

class Diagram {

  /**
   * @param {Object} definitions  the moddle root (bpmn:Definitions)
   * @param {Object} vocab        the vocabulary of the generated config
   */
  constructor(definitions, vocab) {
    this.definitions = definitions;
    this.vocab = vocab;
    this.elements = walk(definitions);
    this._values = new Map();
    this._byType = new Map();
    this._outgoing = null;
    this._ppbPrefixes = ppbPrefixes(definitions, vocab.namespace);
  }

  /** Elements that are a `bpmn:<type>` (sub types included), in document order. */
  all(type) {
    let list = this._byType.get(type);
    if (!list) {
      list = this.elements.filter(el => is(el, type));
      this._byType.set(type, list);
    }
    return list;
  }

  /** The sequence flows whose `sourceRef` is `node`. */
  outgoing(node) {
    if (!this._outgoing) {
      this._outgoing = new Map();
      for (const flow of this.all('SequenceFlow')) {
        const source = flow.sourceRef;
        if (!source) continue;
        if (!this._outgoing.has(source)) this._outgoing.set(source, []);
        this._outgoing.get(source).push(flow);
      }
    }
    return this._outgoing.get(node) || [];
  }

  /** The ppb attributes of `el` as an ordered Map key -> raw value. */
  values(el) {
    let values = this._values.get(el);
    if (!values) {
      values = readValues(el, this._ppbPrefixes, this.vocab.namespace);
      this._values.set(el, values);
    }
    return values;
  }

  /**
   * A ppb attribute as stripped text ('' when absent). With `caseFree`, a key written in
   * another case ("ppb:Kode") is read when the exact key gives nothing.
   */
  text(el, key, caseFree = false) {
    if (!el) return '';
    const values = this.values(el);
    const value = strip(values.get(key));
    if (value || !caseFree || !values.size) return value;
    const low = key.toLowerCase();
    for (const [ k, v ] of values) {
      if (k.toLowerCase() === low) return strip(v);
    }
    return '';
  }

  /** A map-level attribute, raw (undefined when absent). */
  mapValue(key) {
    const own = this.values(this.definitions).get(key);
    if (own !== undefined && own !== null && strip(own)) return own;
    for (const type of [ 'Collaboration', 'Process', 'Participant' ]) {
      for (const el of this.all(type)) {
        const value = this.values(el).get(key);
        if (value !== undefined && value !== null && strip(value)) return value;
      }
    }
    return own;
  }

  /** The element a map-level attribute is read from (the definitions when none holds a
   * value), as the engine's Model.ext_holder: a wrong value is reported where it is written. */
  mapHolder(key) {
    const own = this.values(this.definitions).get(key);
    if (own !== undefined && own !== null && strip(own)) return this.definitions;
    for (const type of [ 'Collaboration', 'Process', 'Participant' ]) {
      for (const el of this.all(type)) {
        const value = this.values(el).get(key);
        if (value !== undefined && value !== null && strip(value)) return el;
      }
    }
    return this.definitions;
  }

  /** A map-level attribute as stripped text. */
  mapText(key) {
    return strip(this.mapValue(key));
  }

  /**
   * A ppb attribute as stripped text, read as the SOP rules read it
   * (validator/rules/sop/_common.py `ext`): the exact key, else, only when the exact key
   * is absent, the first key that is the same but for case.
   */
  textAnyCase(el, key) {
    if (!el) return '';
    const values = this.values(el);
    let value = values.get(key);
    if ((value === undefined || value === null) && values.size) {
      const low = key.toLowerCase();
      for (const [ k, v ] of values) {
        if (k.toLowerCase() === low) {
          value = v;
          break;
        }
      }
    }
    return strip(value);
  }

  /**
   * A map-level attribute and the element it is read from: `[text, element]`.
   *
   * Without `holders`, as `mapText` / `mapHolder` read it (definitions, else the
   * collaboration, a process or a pool; the definitions when none holds a value).
   * With `holders` (e.g. `['Process', 'Participant']`), as the SOP rules' `map_attr`
   * reads it: definitions, else every element of each holder type in turn, the keys
   * read by `textAnyCase` when `caseFree`; `['', definitions]` when none holds a value.
   */
  mapRead(key, holders = null, caseFree = false) {
    if (!holders) return [ this.mapText(key), this.mapHolder(key) ];
    const read = el => (caseFree ? this.textAnyCase(el, key) : this.text(el, key));
    const own = read(this.definitions);
    if (own) return [ own, this.definitions ];
    for (const type of holders) {
      for (const el of this.all(type)) {
        const value = read(el);
        if (value) return [ value, el ];
      }
    }
    return [ '', this.definitions ];
  }

  /** Whether a value stands for "not filled in": empty, or a dash of the vocabulary
   * (`tandaKosong`: '-' and the like) when `dashes` is set. */
  blank(value, dashes = false) {
    if (!value) return true;
    return !!dashes && (this.vocab.tandaKosong || []).includes(value);
  }

  /** The declared map type, normalised (level0, subproses, ...); null when absent or unknown. */
  mapType() {
    const raw = this.mapValue('jenisPeta');
    if (raw === undefined || raw === null) return null;
    const aliases = this.vocab.jenisPetaAlias;
    const norm = normalise(raw);
    return aliases[norm] || aliases[norm.replace(/ /g, '')] || null;
  }

  /** How messages name an element: its name, else its id, else its type. */
  label(el) {
    return strip(el.name) || el.id || localType(el);
  }

  /** (Indonesian, English) word for the kind of an element, as the rules' messages use. */
  kind(el) {
    for (const [ type, jenis, en ] of this.vocab.jenisElemen) {
      if (is(el, type)) return [ jenis, en ];
    }
    return this.vocab.jenisElemenLain;
  }

  /** Rule ids suppressed on `el` with `ppb:abaikan` (comma or space separated). */
  suppressed(el) {
    const raw = this.values(el).get('abaikan');
    if (!raw) return new Set();
    return new Set(String(raw).replace(/,/g, ' ').split(/\s+/).filter(Boolean));
  }
}

function is(el, type) {
  return !!(el && el.$instanceOf && el.$instanceOf('bpmn:' + type));
}

function localType(el) {
  return String(el.$type || '').replace(/^.*:/, '');
}

// Python's whitespace (str.isspace, the `\s` of its regular expressions): JavaScript's
// trim and `\s` also take U+FEFF and leave out U+001C-U+001F and U+0085.
const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu');
const PY_SPACES = new RegExp(`[${PY_SPACE}]+`, 'gu');

/** Text stripped as Python's str.strip() strips it ('' for undefined or null). */
function strip(value) {
  return value === undefined || value === null ? '' : String(value).replace(PY_STRIP, '');
}

function normalise(value) {
  return strip(value).replace(PY_SPACES, ' ').toLowerCase();
}

function isPpbUri(uri, namespace) {
  if (typeof uri !== 'string') return false;
  if (uri === namespace) return true;
  const norm = uri.trim().replace(/\/+$/, '').toLowerCase();
  return norm === namespace.toLowerCase() || norm.startsWith('urn:ppb:');
}

/** Namespace prefixes bound to the ppb namespace on the root (`xmlns:p="urn:ppb:..."`). */
function ppbPrefixes(definitions, namespace) {
  const prefixes = new Set([ 'ppb' ]);
  const attrs = definitions.$attrs || {};
  for (const [ name, uri ] of Object.entries(attrs)) {
    if (name.startsWith('xmlns:') && isPpbUri(uri, namespace)) prefixes.add(name.slice(6));
  }
  return prefixes;
}

function readValues(el, prefixes, namespace) {
  const values = new Map();
  const descriptor = el.$descriptor;
  const model = el.$model;

  // attributes declared by a registered ppb descriptor
  if (descriptor && descriptor.properties) {
    for (const prop of descriptor.properties) {
      if (!prop.isAttr || !prop.ns || !prop.ns.prefix) continue;
      const pkg = model && model.getPackage ? model.getPackage(prop.ns.prefix) : null;
      if (!pkg || !isPpbUri(pkg.uri, namespace)) continue;
      const value = el.get(prop.name);
      if (value !== undefined && value !== null) values.set(prop.ns.localName, String(value));
    }
  }

  // other attributes of the ppb namespace (unregistered, or a key the descriptor lacks)
  for (const [ name, value ] of Object.entries(el.$attrs || {})) {
    const colon = name.indexOf(':');
    if (colon < 0 || name.startsWith('xmlns:')) continue;
    if (prefixes.has(name.slice(0, colon)) && !values.has(name.slice(colon + 1))) {
      values.set(name.slice(colon + 1), String(value));
    }
  }

  // camunda:property / zeebe:property name="ppb:..." (an attribute on the element wins)
  const ext = el.extensionElements;
  if (ext) {
    for (const node of descendants(ext)) {
      if (localType(node).toLowerCase() !== 'property') continue;
      const name = node.name || (node.$attrs && node.$attrs.name) || '';
      if (!String(name).startsWith(PPB_PREFIX)) continue;
      const key = String(name).slice(PPB_PREFIX.length);
      if (values.has(key)) continue;
      const value = node.value || (node.$attrs && node.$attrs.value) || strip(node.$body);
      values.set(key, value || '');
    }
  }
  return values;
}

/** Every moddle object below `root` in document order (extension elements included). */
function descendants(root) {
  const out = [];
  const stack = [ ...children(root) ].reverse();
  while (stack.length) {
    const node = stack.pop();
    out.push(node);
    stack.push(...children(node).reverse());
  }
  return out;
}

function children(node) {
  const out = [];
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node.$children)) out.push(...node.$children);
  const descriptor = node.$descriptor;
  if (descriptor && descriptor.properties) {
    for (const prop of descriptor.properties) {
      if (prop.isReference || prop.isAttr) continue;
      const value = node[prop.name];
      for (const child of Array.isArray(value) ? value : [ value ]) {
        if (child && typeof child === 'object' && child.$type) out.push(child);
      }
    }
  }
  return out;
}

/** The semantic BPMN elements of a diagram (no DI), depth first in document order. */
function walk(definitions) {
  const out = [];
  const seen = new Set();
  const stack = [ definitions ];
  while (stack.length) {
    const el = stack.pop();
    if (seen.has(el)) continue;
    seen.add(el);
    if (!String(el.$type).startsWith('bpmn:')) continue;
    out.push(el);
    const kids = children(el).filter(child => child.$type !== 'bpmn:ExtensionElements');
    stack.push(...kids.reverse());
  }
  return out;
}

const DIGIT = /^\p{Nd}$/u;
const DIGITS = /^\p{Nd}+$/u;

/** Decimal digits, of any script, as Python's int() reads them (other text: as Number does). */
function pyInt(digits) {
  if (!DIGITS.test(digits)) return Number(strip(digits));
  let n = 0;
  for (const c of digits) n = n * 10 + digitValue(c);
  return n;
}

/** The value of a decimal digit: Unicode puts each script's digits 0-9 in a row of ten, so
 * it is the distance, modulo 10, from the first digit of the unbroken run holding it. */
function digitValue(c) {
  const cp = c.codePointAt(0);
  if (cp >= 48 && cp <= 57) return cp - 48;
  let start = cp;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (cp - start) % 10;
}

module.exports = { Diagram, is, strip, localType, PY_SPACE, pyInt };
