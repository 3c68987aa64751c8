/**
 * The server's version comparison page (/laporan/<id>/beda/<other>): two versions of one
 * map side by side, coloured by bpmn-js-differ: on the older version what was removed
 * (red), on the newer what was added (green), on both what changed (orange) or only moved
 * (blue). The page carries both XML documents in <script type="application/json"
 * id="ppb-beda"> and the server's own list of changes (validator.diff), which this script
 * does not repeat: it draws, marks and ties list items to the diagram.
 *
 * Maps without diagram interchange are laid out first, as in the report viewer.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import './diff-viewer.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diff } from 'bpmn-js-differ';

import { descriptor } from '../modeler/client/properties/fields.js';
import { layoutMap } from '../web-modeler/auto-layout.js';

const KIND_CLASS = {
  added: 'ppb-beda-ditambah',
  removed: 'ppb-beda-dihapus',
  changed: 'ppb-beda-diubah',
  moved: 'ppb-beda-dipindah'
};

function readData() {
  const node = document.getElementById('ppb-beda');
  return node ? JSON.parse(node.textContent) : null;
}

async function open(container, xml) {
  const viewer = new NavigatedViewer({
    container,
    // a copy: moddle rewrites the descriptor it registers
    moddleExtensions: { ppb: JSON.parse(JSON.stringify(descriptor)) }
  });
  let text = xml;
  let autoLayout = false;
  if (!/BPMNDiagram/.test(text) || !/BPMNShape/.test(text)) {
    text = await layoutMap(viewer.get('moddle'), text);
    autoLayout = true;
  }
  await viewer.importXML(text);
  viewer.get('canvas').zoom('fit-viewport', 'auto');
  return { viewer, autoLayout };
}

function mark(viewer, ids, cls) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  let count = 0;
  for (const id of ids) {
    if (registry.get(id)) {
      canvas.addMarker(id, cls);
      count++;
    }
  }
  return count;
}

/** The ids of each kind of change, as bpmn-js-differ reports them. */
export function changeIds(oldDefinitions, newDefinitions) {
  const result = diff(oldDefinitions, newDefinitions);
  return {
    added: Object.keys(result._added || {}),
    removed: Object.keys(result._removed || {}),
    changed: Object.keys(result._changed || {}),
    moved: Object.keys(result._layoutChanged || {})
  };
}

function focus(views, id) {
  for (const { viewer } of views) {
    const element = viewer.get('elementRegistry').get(id);
    if (element) {
      const canvas = viewer.get('canvas');
      canvas.scrollToElement(element);
      canvas.addMarker(id, 'ppb-beda-sorot');
      setTimeout(() => canvas.removeMarker(id, 'ppb-beda-sorot'), 1600);
    }
  }
}

async function start() {
  const data = readData();
  if (!data) {
    return;
  }
  const root = document.querySelector('[data-ppb-beda]');
  const status = root && root.querySelector('.beda-status');
  try {
    const left = await open(root.querySelector('.beda-lama .beda-kanvas'), data.old.xml);
    const right = await open(root.querySelector('.beda-baru .beda-kanvas'), data.new.xml);
    const ids = changeIds(left.viewer.getDefinitions(), right.viewer.getDefinitions());
    mark(left.viewer, ids.removed, KIND_CLASS.removed);
    mark(right.viewer, ids.added, KIND_CLASS.added);
    for (const view of [ left, right ]) {
      mark(view.viewer, ids.changed, KIND_CLASS.changed);
      mark(view.viewer, ids.moved.filter((id) => !ids.changed.includes(id)), KIND_CLASS.moved);
    }
    root.dataset.diffAdded = ids.added.length;
    root.dataset.diffRemoved = ids.removed.length;
    root.dataset.diffChanged = ids.changed.length;
    root.dataset.diffMoved = ids.moved.length;
    if (left.autoLayout || right.autoLayout) {
      root.querySelector('.beda-tata-letak')?.removeAttribute('hidden');
    }
    for (const item of document.querySelectorAll('.beda-daftar [data-elemen]')) {
      const go = () => focus([ left, right ], item.dataset.elemen);
      item.addEventListener('click', go);
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          go();
        }
      });
    }
    root.dataset.ready = 'true';
    if (status) {
      status.textContent = '';
    }
  } catch (err) {
    root.dataset.ready = 'error';
    if (status) {
      status.textContent = 'Diagram tidak dapat digambar: ' + (err && err.message ? err.message : err);
    }
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
