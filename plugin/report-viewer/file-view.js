/**
 * One file of the report: its diagram (bpmn-js NavigatedViewer), the markers
 * and badges on elements with findings, and the link between the findings
 * list and the diagram in both directions.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { getBBox } from 'diagram-js/lib/util/Elements';

import { layoutMap } from '../web-modeler/auto-layout.js';
import { listDiagrams } from '../web-modeler/diagrams.js';
import translateModule from './translate.js';

const RANK = { error: 3, warning: 2, info: 1, suppressed: 0 };
const MARK_PREFIX = 'ppb-mark-';
const OVERLAY_TYPE = 'ppb-findings';

export class FileView {

  constructor(file, section) {
    this.file = file;
    this.section = section;
    this.container = section.querySelector('.diagram-canvas');
    this.status = section.querySelector('.diagram-status');
    // 'none': the file has no diagram (BPMNDI); it is laid out automatically before drawing
    this.canDraw = (file.diagram === 'ok' || file.diagram === 'none') && !!this.container;
    this.autoLayout = false;
    this.diagrams = [];          // [{id, name, element, ids: Set of element ids it shows}]
    this.diagramId = null;       // the diagram on screen
    this.viewer = null;
    this.result = null;
    this._loading = null;
    this._marked = [];
    this._itemsByShape = new Map();
    this._wireTools();
  }

  /** Draw the diagram once; resolves to {ok, warnings, error}. */
  load() {
    if (!this.canDraw) {
      return Promise.resolve({ ok: false, warnings: [], error: 'no-diagram' });
    }
    if (!this._loading) {
      this._loading = this._import();
    }
    return this._loading;
  }

  async _import() {
    const viewer = new NavigatedViewer({
      container: this.container,
      additionalModules: [ translateModule ],
      zoomScroll: { enabled: false }
    });
    try {
      let xml = this.file.xml;
      if (this.file.diagram === 'none') {
        xml = await layoutMap(viewer.get('moddle'), xml);
        this.autoLayout = true;
      }
      const parsed = await viewer.get('moddle').fromXML(xml, 'bpmn:Definitions');
      const definitions = parsed.rootElement;
      if (this.autoLayout && !listDiagrams(definitions).length) {
        throw new Error('berkas ini tidak memuat tata letak diagram (BPMNDI) dan tidak memiliki ' +
          'proses yang dapat ditata otomatis');
      }
      drawFreeProcesses(definitions);
      this.diagrams = listDiagrams(definitions);
      // the diagram that shows the most first (a file may start with a stub); one that
      // bpmn-js cannot draw (e.g. a plane on the definitions) gives way to the next
      const candidates = [ ...this.diagrams ].sort((a, b) => b.ids.size - a.ids.size);
      let imported = null;
      let best = null;
      let firstError = null;
      for (const candidate of candidates) {
        try {
          imported = await viewer.importDefinitions(definitions, candidate.element);
          best = candidate;
          break;
        } catch (err) {
          candidate.failed = true;
          firstError = firstError || err;
        }
      }
      if (!imported) {
        throw firstError || new Error('no diagram to display');
      }
      const warnings = [ ...(parsed.warnings || []), ...(imported.warnings || []) ];
      this.viewer = viewer;
      this.diagramId = best.id;
      this._wireSwitcher();
      if (this.autoLayout) {
        this._autoLayoutNote();
      }
      fitAll(viewer.get('canvas'));
      viewer.get('eventBus').on('element.click', ({ element }) => this.showFindingsOf(element));
      this._wireZoomScroll();
      this.applyFilter();
      this.section.classList.add('is-drawn');
      this.result = { ok: true, warnings: warnings.map(describe), error: null };
    } catch (err) {
      viewer.destroy();
      this.section.querySelector('.diagram-auto-layout')?.remove();
      this.section.classList.add('is-broken');
      this.container.replaceChildren(note(
        'Diagram berkas ini tidak dapat digambar oleh penampil bpmn-js. ' +
        'Temuan tetap tercantum di bawah. Rincian: ' + (err && err.message || err)));
      this.result = {
        ok: false,
        warnings: (err && err.warnings || []).map(describe),
        error: String(err && err.message || err)
      };
    }
    return this.result;
  }

  /** Show another diagram of the file (a file may hold several BPMNDiagram). */
  async showDiagram(id) {
    await this.load();
    const entry = this.diagrams.find((d) => d.id === id);
    if (!this.viewer || !entry) {
      return false;
    }
    const select = this.section.querySelector('select.diagram-switch');
    if (this.diagramId !== id) {
      const previous = this.diagrams.find((d) => d.id === this.diagramId);
      this._marked = []; // the shapes they were on are gone with the old diagram
      try {
        await this.viewer.open(entry.element);
        this.diagramId = id;
      } catch (err) {
        entry.failed = true;
        if (previous) {
          await this.viewer.open(previous.element);
        }
        fitAll(this.viewer.get('canvas'));
        this.applyFilter();
        if (select) {
          select.value = this.diagramId;
        }
        this._say(`Diagram ${entry.name} tidak dapat digambar oleh penampil bpmn-js ` +
          `(${err && err.message || err}).`);
        return false;
      }
      fitAll(this.viewer.get('canvas'));
      this.applyFilter();
    }
    if (select) {
      select.value = id;
    }
    return true;
  }

  /** The diagram (other than the one on screen, first) that shows an element, or null. */
  diagramOf(elementId) {
    const current = this.diagrams.find((d) => d.id === this.diagramId);
    if (current && current.ids.has(elementId)) {
      return current;
    }
    return this.diagrams.find((d) => !d.failed && d.ids.has(elementId)) || null;
  }

  _wireSwitcher() {
    if (this.diagrams.length < 2) {
      return;
    }
    const label = document.createElement('label');
    label.className = 'diagram-switch-label';
    label.append('Diagram: ');
    const select = document.createElement('select');
    select.className = 'diagram-switch';
    for (const d of this.diagrams) {
      const option = document.createElement('option');
      option.value = d.id;
      option.textContent = `${d.name} (${d.ids.size} elemen)`;
      select.append(option);
    }
    select.value = this.diagramId;
    select.addEventListener('change', async () => {
      const name = select.selectedOptions[0].textContent;
      if (await this.showDiagram(select.value)) {
        this._say(`Menampilkan diagram ${name}.`);
      }
    });
    label.append(select);
    const tools = this.section.querySelector('.diagram-tools');
    if (tools) {
      tools.prepend(label);
    } else {
      this.container.before(label);
    }
  }

  // the HTML report writes this notice itself; the server's report page leaves it to us
  _autoLayoutNote() {
    if (this.section.querySelector('.diagram-auto-layout')) {
      return;
    }
    const text = 'Tata letak dibuat otomatis: berkas ini tidak memuat tata letak diagram (BPMNDI), ' +
      'sehingga posisi elemen disusun oleh penampil, bukan diambil dari berkas. ' +
      'Simpan ulang peta dari aplikasi pemodel agar tata letaknya ikut tersimpan.';
    const p = note(text);
    p.classList.add('diagram-auto-layout');
    p.classList.replace('note-warning', 'note-info');
    (this.section.querySelector('.diagram-tools') || this.container).before(p);
  }

  /** Fit the whole diagram to its (maybe resized) box. */
  refit() {
    if (this.viewer) {
      const canvas = this.viewer.get('canvas');
      canvas.resized();
      fitAll(canvas);
    }
  }

  /** Redraw markers and badges from the findings the filters leave visible. */
  applyFilter() {
    if (!this.viewer) {
      return;
    }
    const canvas = this.viewer.get('canvas');
    const overlays = this.viewer.get('overlays');

    for (const { shape, cls } of this._marked) {
      canvas.removeMarker(shape, cls);
    }
    this._marked = [];
    overlays.remove({ type: OVERLAY_TYPE });
    this._itemsByShape = new Map();

    const byShape = new Map();
    for (const item of this.section.querySelectorAll('li.finding')) {
      // a finding about several elements marks each of them
      for (const shape of this.shapesFor(item)) {
        if (!this._itemsByShape.has(shape.id)) {
          this._itemsByShape.set(shape.id, []);
        }
        this._itemsByShape.get(shape.id).push(item);
        if (item.hidden) {
          continue;
        }
        if (!byShape.has(shape.id)) {
          byShape.set(shape.id, { shape, items: [] });
        }
        byShape.get(shape.id).items.push(item);
      }
    }

    const badges = [];
    for (const { shape, items } of byShape.values()) {
      const level = worst(items);
      badges.push({ shape, level, count: items.length });
      const classes = [ MARK_PREFIX + level ];
      if (isContainer(shape)) {
        classes.push('ppb-container');
      }
      for (const cls of classes) {
        canvas.addMarker(shape, cls);
        this._marked.push({ shape, cls });
      }
      overlays.add(shape, OVERLAY_TYPE, {
        position: badgePosition(shape),
        html: this._badge(shape, items, level)
      });
    }
    this._printCopy(badges).catch(() => {
      // no copy: the live canvas is printed instead
      this.section.querySelector('.diagram-pane')?.classList.remove('has-print-copy');
    });
  }

  // Paper is not the screen: print a scalable copy of the diagram (markers and badges
  // included) instead of the live canvas, fitted to the printed box by its viewBox.
  async _printCopy(badges) {
    const box = this.section.querySelector('.diagram-print');
    if (!box) {
      return;
    }
    const { svg } = await this.viewer.saveSVG();
    const text = svg.slice(svg.indexOf('<svg'))
      .replace(/(\s)id="/g, '$1id="print-')
      .replace(/url\((['"]?)#/g, 'url($1#print-');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    if (root.nodeName !== 'svg') {
      return;
    }
    for (const { shape, level, count } of badges) {
      root.appendChild(printBadge(doc, shape, level, count));
    }
    const [ x, y, width, height ] = (root.getAttribute('viewBox') || '').split(' ').map(Number);
    if (width > 0 && height > 0) { // room for badges on the outer corners
      root.setAttribute('viewBox', [ x - 12, y - 12, width + 24, height + 24 ].join(' '));
    }
    root.setAttribute('width', '100%');
    root.setAttribute('height', '100%');
    root.setAttribute('role', 'img');
    box.replaceChildren(document.importNode(root, true));
    box.closest('.diagram-pane')?.classList.add('has-print-copy');
  }

  /** The drawn element for a finding's element id, or null when it is not drawn. */
  shapeFor(elementId) {
    if (!this.viewer || !elementId) {
      return null;
    }
    const registry = this.viewer.get('elementRegistry');
    let shape = registry.get(elementId);
    if (shape && shape.labelTarget) {
      shape = shape.labelTarget;
    }
    if (shape && shape.parent) {
      return shape;
    }

    // a process drawn inside a collaboration is shown by its pool
    return registry.find((el) => el.type === 'bpmn:Participant' &&
      el.businessObject.processRef && el.businessObject.processRef.id === elementId) || null;
  }

  /** The element ids of a finding: its ``data-elements`` list, else its ``data-element``. */
  elementIdsOf(item) {
    const many = (item.dataset.elements || '').split(/\s+/).filter(Boolean);
    return many.length ? many : (item.dataset.element ? [ item.dataset.element ] : []);
  }

  /** The drawn shapes of a finding's elements, each once, in the finding's order. */
  shapesFor(item) {
    const shapes = [];
    for (const id of this.elementIdsOf(item)) {
      const shape = this.shapeFor(id);
      if (shape && !shapes.includes(shape)) {
        shapes.push(shape);
      }
    }
    return shapes;
  }

  /** A click on a finding: select its element(s) and bring the first into view. */
  async focusFinding(item) {
    this._mark(item, 'is-current', this.section.querySelectorAll('li.finding.is-current'));
    await this.load();
    const elementId = item.dataset.element;
    let shape = this.shapeFor(elementId);
    const other = !shape && elementId && this.diagramOf(elementId);
    if (other && other.id !== this.diagramId) {
      await this.showDiagram(other.id);
      shape = this.shapeFor(elementId);
    }
    if (!shape) {
      const wholeFile = !elementId || item.dataset.elementType === 'Definitions';
      const root = this.viewer && this.viewer.get('elementRegistry').get(elementId);
      const listed = this.viewer && this.diagrams.find((d) => d.ids.has(elementId));
      this._say(wholeFile ? 'Temuan ini berlaku untuk peta secara keseluruhan.' :
        !this.viewer ? 'Diagram berkas ini tidak tersedia.' :
          root ? `Temuan ini berlaku untuk seluruh diagram ${elementId}.` :
            listed ? `Elemen ${elementId} tercantum pada diagram ${listed.name}, ` +
              'tetapi penampil tidak dapat menampilkannya.' :
              `Elemen ${elementId} tidak tergambar pada diagram.`);
      return;
    }
    centerOn(this.viewer.get('canvas'), shape);
    const all = [ shape, ...this.shapesFor(item).filter((s) => s !== shape) ];
    this.viewer.get('selection').select(all);
    this._mark(null, 'is-linked', this.section.querySelectorAll('li.finding.is-linked'));
    this._say(all.length > 1 ?
      `${all.length} elemen dipilih pada diagram: ${all.map(label).join(', ')}.` :
      `Elemen ${label(shape)} dipilih pada diagram.`);
    const box = this.container.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) {
      this.container.scrollIntoView({ block: 'nearest' });
    }
  }

  /** A click on an element (or its badge): highlight its findings in the list. */
  showFindingsOf(element) {
    const shape = element && element.labelTarget || element;
    const items = (shape && this._itemsByShape.get(shape.id) || []).filter((i) => !i.hidden);
    this._mark(null, 'is-linked', this.section.querySelectorAll('li.finding.is-linked'));
    this._mark(null, 'is-current', this.section.querySelectorAll('li.finding.is-current'));
    for (const item of items) {
      item.classList.add('is-linked');
    }
    if (items.length) {
      items[0].scrollIntoView({ block: 'nearest' });
      this._say(`${items.length} temuan pada elemen ${label(shape)}.`);
    } else if (shape && shape.parent) {
      this._say(`Tidak ada temuan pada elemen ${label(shape)}.`);
    }
  }

  _badge(shape, items, level) {
    const badge = document.createElement('button');
    badge.type = 'button';
    badge.className = `ppb-badge ppb-badge-${level}`;
    badge.textContent = String(items.length);
    badge.title = `${items.length} temuan pada elemen ini`;
    badge.setAttribute('aria-label', `${items.length} temuan pada elemen ${label(shape)}`);
    badge.addEventListener('click', (event) => {
      event.stopPropagation();
      this.viewer.get('selection').select(shape);
      this.showFindingsOf(shape);
    });
    return badge;
  }

  _wireTools() {
    for (const button of this.section.querySelectorAll('[data-zoom]')) {
      button.addEventListener('click', async () => {
        await this.load();
        if (!this.viewer) {
          return;
        }
        const canvas = this.viewer.get('canvas');
        const step = { in: 1.25, out: 0.8 }[button.dataset.zoom];
        if (step) {
          canvas.zoom(canvas.zoom() * step);
        } else {
          fitAll(canvas);
        }
      });
    }
  }

  // the mouse wheel scrolls the page until the reader clicks into the diagram
  _wireZoomScroll() {
    const zoomScroll = this.viewer.get('zoomScroll');
    this.container.addEventListener('mousedown', () => zoomScroll.toggle(true));
    this.container.addEventListener('mouseleave', () => zoomScroll.toggle(false));
  }

  _mark(item, cls, previous) {
    for (const other of previous) {
      other.classList.remove(cls);
    }
    if (item) {
      item.classList.add(cls);
    }
  }

  _say(text) {
    if (this.status) {
      this.status.textContent = text;
    }
  }
}

// -----------------------------------------------------------------------------

const MARGIN = 30;

// the whole diagram, centred, with a margin so corner badges stay visible
function fitAll(canvas) {
  const { outer, inner } = canvas.viewbox();
  const scale = Math.min(1, outer.width / (inner.width + 2 * MARGIN),
    outer.height / (inner.height + 2 * MARGIN));
  setView(canvas, inner.x + inner.width / 2, inner.y + inner.height / 2, scale);
}

// the element in the middle, at reading size (or smaller when it is a big pool)
function centerOn(canvas, shape) {
  const root = canvas.findRoot(shape);
  if (root && root !== canvas.getRootElement()) {
    canvas.setRootElement(root);
  }
  const { outer, scale } = canvas.viewbox();
  const box = getBBox(shape);
  const fitting = Math.min(outer.width / (box.width + 2 * MARGIN),
    outer.height / (box.height + 2 * MARGIN));
  setView(canvas, box.x + box.width / 2, box.y + box.height / 2,
    Math.min(Math.max(scale, 1), fitting));
}

function setView(canvas, cx, cy, scale) {
  const { outer } = canvas.viewbox();
  if (!outer.width || !outer.height || !(scale > 0)) {
    return; // not on screen (yet)
  }
  const width = outer.width / scale;
  const height = outer.height / scale;
  canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
}

// bpmn-js draws the processes of a collaboration's pools, and other processes only when
// they have lanes: a process outside every pool whose elements the diagram draws (ADONIS
// puts a called process inside its call activity) gets an empty lane set so it is drawn
function drawFreeProcesses(definitions) {
  const inPools = new Set();
  for (const root of definitions.rootElements || []) {
    for (const participant of root.participants || []) {
      if (participant.processRef) {
        inPools.add(participant.processRef);
      }
    }
  }
  for (const root of definitions.rootElements || []) {
    if (root.$type === 'bpmn:Process' && !inPools.has(root) && !root.laneSets) {
      root.laneSets = [];
    }
  }
}

function worst(items) {
  let best = 'suppressed';
  for (const item of items) {
    const level = item.dataset.suppressed === 'true' ? 'suppressed' : item.dataset.severity;
    if ((RANK[level] || 0) > RANK[best]) {
      best = level;
    }
  }
  return best;
}

// the badge's centre sits on the top-right corner of a shape, or on the middle of a flow
function badgePosition(shape) {
  if (shape.waypoints && shape.waypoints.length) {
    const xs = shape.waypoints.map((p) => p.x);
    const ys = shape.waypoints.map((p) => p.y);
    const mid = shape.waypoints[Math.floor((shape.waypoints.length - 1) / 2)];
    const next = shape.waypoints[Math.floor((shape.waypoints.length - 1) / 2) + 1] || mid;
    return {
      left: (mid.x + next.x) / 2 - Math.min(...xs),
      top: (mid.y + next.y) / 2 - Math.min(...ys)
    };
  }
  return { top: 0, right: 0 };
}

function printBadge(doc, shape, level, count) {
  const ns = 'http://www.w3.org/2000/svg';
  const position = badgePosition(shape);
  const box = getBBox(shape);
  const x = box.x + (position.right !== undefined ? box.width - position.right : position.left);
  const y = box.y + position.top;
  const group = doc.createElementNS(ns, 'g');
  group.setAttribute('class', `ppb-print-badge ppb-badge-${level}`);
  const circle = doc.createElementNS(ns, 'circle');
  circle.setAttribute('cx', x);
  circle.setAttribute('cy', y);
  circle.setAttribute('r', 11);
  const text = doc.createElementNS(ns, 'text');
  text.setAttribute('x', x);
  text.setAttribute('y', y + 4);
  text.setAttribute('text-anchor', 'middle');
  text.textContent = String(count);
  group.append(circle, text);
  return group;
}

function isContainer(shape) {
  return shape.type === 'bpmn:Participant' || shape.type === 'bpmn:Lane' ||
    (shape.type === 'bpmn:SubProcess' && !shape.collapsed);
}

function label(shape) {
  const name = shape.businessObject && shape.businessObject.name;
  return name ? `"${name}" (${shape.id})` : shape.id;
}

function describe(warning) {
  return String(warning && warning.message || warning);
}

function note(text) {
  const p = document.createElement('p');
  p.className = 'note note-warning';
  p.textContent = text;
  return p;
}
