/**
 * The diagrams of the documents (validator/documents/diagrams.py): a bare bpmn-js
 * NavigatedViewer that draws one map as the report viewer and the web modeler show it and
 * hands back its SVG (saveSVG). A map without diagram interchange (BPMNDI) is laid out
 * automatically first, as the viewer does (web-modeler/auto-layout.js).
 *
 * Python loads this bundle into one headless Chromium page and calls, per map:
 *   await window.ppbDiagram.render(xml) -> {svg, width, height, autoLayout, warnings}
 * It makes no request.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { layoutMap } from '../web-modeler/auto-layout.js';
import { listDiagrams } from '../web-modeler/diagrams.js';

const MARGIN = 10;

// bpmn-js draws a process outside every pool only when it has lanes: give such a process
// an empty lane set, as the report viewer does
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

function hasDiagram(definitions) {
  return listDiagrams(definitions).some((d) => d.element.plane &&
    (d.element.plane.planeElement || []).length > 0);
}

async function render(xml) {
  const container = document.getElementById('canvas');
  container.replaceChildren();
  const viewer = new NavigatedViewer({ container });
  try {
    const moddle = viewer.get('moddle');
    let parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
    let autoLayout = false;
    if (!hasDiagram(parsed.rootElement)) {
      xml = await layoutMap(moddle, xml);
      parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
      autoLayout = true;
    }
    const definitions = parsed.rootElement;
    drawFreeProcesses(definitions);
    // the diagram that shows the most (a file may start with a stub)
    const candidates = listDiagrams(definitions).sort((a, b) => b.ids.size - a.ids.size);
    let imported = null;
    let firstError = null;
    for (const candidate of candidates) {
      try {
        imported = await viewer.importDefinitions(definitions, candidate.element);
        break;
      } catch (err) {
        firstError = firstError || err;
      }
    }
    if (!imported) {
      throw firstError || new Error('no diagram to display');
    }
    const { svg } = await viewer.saveSVG();
    const doc = new DOMParser().parseFromString(svg.slice(svg.indexOf('<svg')), 'image/svg+xml');
    const root = doc.documentElement;
    const [ x, y, width, height ] = (root.getAttribute('viewBox') || '0 0 0 0').split(/\s+/).map(Number);
    root.setAttribute('viewBox', [ x - MARGIN, y - MARGIN, width + 2 * MARGIN, height + 2 * MARGIN ].join(' '));
    root.setAttribute('width', String(width + 2 * MARGIN));
    root.setAttribute('height', String(height + 2 * MARGIN));
    const warnings = [ ...(parsed.warnings || []), ...(imported.warnings || []) ]
      .map((w) => String(w && w.message || w));
    return {
      svg: new XMLSerializer().serializeToString(root),
      width: width + 2 * MARGIN,
      height: height + 2 * MARGIN,
      autoLayout,
      warnings
    };
  } finally {
    viewer.destroy();
  }
}

/**
 * The SVG drawn on a white canvas of width x height pixels: a PNG as a data: URL. The
 * browser rasterises the SVG itself, with the fonts it has, as a page would show it.
 */
function png(svg, width, height) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(img, 0, 0, width, height);
      resolve(canvas.toDataURL('image/png'));
    };
    img.onerror = () => reject(new Error('SVG diagram tidak dapat dirasterisasi'));
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  });
}

window.ppbDiagram = { render, png };
