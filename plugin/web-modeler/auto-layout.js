/**
 * A map saved without diagram interchange (BPMNDI) cannot be drawn: bpmn-js stops with
 * "no diagram to display". Before the modeler (and the report viewer) import such a map,
 * bpmn-auto-layout gives it a layout (each process's flow laid out left to right), and
 * pools.js adds its pools, lanes and message flows, so that it can be seen, edited and
 * saved with its new layout as a new version.
 */
import { layoutProcess } from 'bpmn-auto-layout';

import { laneTree, layoutPools } from './pools.js';

export const TEXTS = {
  loaded: 'Peta dimuat dengan tata letak otomatis. Pilih elemen untuk mengisi atribut ' +
    'Peta Proses Bisnis di panel kanan.',
  nothing: 'Peta ini tidak memuat tata letak diagram (BPMNDI) dan tidak memiliki proses ' +
    'yang dapat ditata otomatis',
  notice: 'Tata letak dibuat otomatis: peta ini tidak memuat tata letak diagram (BPMNDI). ' +
    'Periksa susunannya, lalu tekan Simpan agar tata letak ini tersimpan sebagai versi baru.',
  failed: 'Peta ini tidak memuat tata letak diagram (BPMNDI) dan tata letak otomatis gagal dibuat'
};

/**
 * bpmn-auto-layout lays out the first process of the file only, and draws neither pools
 * nor lanes. A collaboration whose pools hold processes is laid out pool by pool and drawn
 * with its pools, lanes and message flows (pools.js); otherwise the process with the most
 * flow elements is laid out (a file often lists an empty process first), with its lanes
 * when it has some. Resolves to the laid-out XML.
 */
export async function layoutMap(moddle, xml) {
  const { rootElement: definitions, elementsById } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const roots = (definitions && definitions.rootElements) || [];
  const processes = roots.filter((element) => element.$type === 'bpmn:Process');
  const size = (process) => (process.flowElements || []).length;
  const collaboration = roots.find((element) => element.$type === 'bpmn:Collaboration' &&
    (element.participants || []).some((p) => p.processRef && size(p.processRef) > 0));
  if (collaboration) {
    return layoutCollaboration(moddle, definitions, collaboration, elementsById || {});
  }
  const biggest = processes.reduce((a, b) => (size(b) > size(a) ? b : a), processes[0]);
  if (biggest && size(biggest) && laneTree(biggest).length) {
    // lanes without a pool: drawn on the process's own plane
    const items = (await layoutOne(moddle, definitions, biggest))
      .map((item) => ({ ...item, element: (elementsById || {})[item.id] }))
      .filter((item) => item.element);
    const { shapes, edges } = layoutPools([ { participant: null, process: biggest, items } ], []);
    return writeDiagram(moddle, definitions, biggest, shapes, edges);
  }
  if (biggest && biggest !== processes[0]) {
    roots.splice(roots.indexOf(biggest), 1);
    roots.splice(roots.indexOf(processes[0]), 0, biggest);
    xml = (await moddle.toXML(definitions)).xml;
  }
  return layoutProcess(xml);
}

/**
 * bpmn-auto-layout's DI for one process, as plain data: the file written with that process
 * first, laid out, read again. {items: [{id, kind, bounds, waypoints, attrs}]}, where items
 * are those of the diagram on the process.
 */
async function layoutOne(moddle, definitions, process) {
  const roots = definitions.rootElements;
  const order = [ ...roots ];
  const first = roots.findIndex((element) => element.$type === 'bpmn:Process');
  roots.splice(roots.indexOf(process), 1);
  roots.splice(first, 0, process);
  let xml;
  try {
    xml = (await moddle.toXML(definitions)).xml;
  } finally {
    roots.splice(0, roots.length, ...order);
  }
  const laidOut = await moddle.fromXML(await layoutProcess(xml), 'bpmn:Definitions');
  const diagram = (laidOut.rootElement.diagrams || []).find((d) =>
    d.plane && d.plane.bpmnElement && d.plane.bpmnElement.id === process.id);
  const items = [];
  for (const item of (diagram && diagram.plane.planeElement) || []) {
    if (!item.bpmnElement) {
      continue;
    }
    const attrs = {};
    for (const name of [ 'isExpanded', 'isMarkerVisible' ]) {
      if (item[name] !== undefined) {
        attrs[name] = item[name];
      }
    }
    items.push({
      id: item.bpmnElement.id,
      kind: item.$type === 'bpmndi:BPMNEdge' ? 'edge' : 'shape',
      bounds: item.bounds && { x: item.bounds.x, y: item.bounds.y,
        width: item.bounds.width, height: item.bounds.height },
      waypoints: (item.waypoint || []).map((p) => ({ x: p.x, y: p.y })),
      attrs
    });
  }
  return items;
}

async function layoutCollaboration(moddle, definitions, collaboration, byId) {
  const pools = [];
  const done = new Set();
  const size = (process) => (process && process.flowElements || []).length;
  const biggest = (collaboration.participants || []).map((p) => p.processRef)
    .reduce((a, b) => (size(b) > size(a) ? b : a), null);
  for (const participant of collaboration.participants || []) {
    const process = participant.processRef;
    if (size(process) && !done.has(process)) {
      done.add(process);
      let items;
      try {
        items = await layoutOne(moddle, definitions, process);
      } catch (err) {
        // bpmn-auto-layout fails on some shapes of flow: the map's main process must be
        // laid out, another pool is then drawn empty rather than losing the whole map
        if (process === biggest) {
          throw err;
        }
        pools.push({ participant, process: null, items: null });
        continue;
      }
      items = items.map((item) => ({ ...item, element: byId[item.id] })).filter((item) => item.element);
      pools.push({ participant, process, items });
    } else {
      pools.push({ participant, process: null, items: null });
    }
  }
  const { shapes, edges } = layoutPools(pools, collaboration.messageFlows || []);
  return writeDiagram(moddle, definitions, collaboration, shapes, edges);
}

/** One BPMNDiagram on `owner` (a collaboration or a process) drawing shapes and edges. */
async function writeDiagram(moddle, definitions, owner, shapes, edges) {
  const bounds = (b) => moddle.create('dc:Bounds', { x: b.x, y: b.y, width: b.width, height: b.height });
  const planeElement = [
    ...shapes.map((s) => moddle.create('bpmndi:BPMNShape', {
      id: `${s.id}_di`, bpmnElement: s.element, bounds: bounds(s.bounds), ...(s.attrs || {})
    })),
    ...edges.filter((e) => e.waypoints.length > 1).map((e) => moddle.create('bpmndi:BPMNEdge', {
      id: `${e.id}_di`, bpmnElement: e.element,
      waypoint: e.waypoints.map((p) => moddle.create('dc:Point', { x: p.x, y: p.y }))
    }))
  ];
  const plane = moddle.create('bpmndi:BPMNPlane', {
    id: `BPMNPlane_${owner.id}`, bpmnElement: owner, planeElement
  });
  const diagram = moddle.create('bpmndi:BPMNDiagram', { id: `BPMNDiagram_${owner.id}`, plane });
  plane.$parent = diagram;
  planeElement.forEach((item) => { item.$parent = plane; });
  diagram.$parent = definitions;
  definitions.diagrams = [ diagram ];
  return (await moddle.toXML(definitions, { format: true })).xml;
}

/** True when some BPMNDiagram of the definitions draws at least one shape or edge. */
export function hasDiagram(definitions) {
  return (definitions && definitions.diagrams || []).some((diagram) =>
    diagram.plane && (diagram.plane.planeElement || []).length > 0);
}

/** The id of the diagram that draws the most elements (a file may start with a stub). */
export function fullestDiagram(definitions) {
  let best = null;
  let most = -1;
  for (const diagram of (definitions && definitions.diagrams) || []) {
    const count = ((diagram.plane && diagram.plane.planeElement) || []).length;
    if (count > most) {
      best = diagram;
      most = count;
    }
  }
  return best && best.id || undefined;
}

/**
 * The XML to import: as it is when it has a diagram, else laid out automatically.
 * Resolves to {xml, laidOut, diagram} (diagram: the id to open, or undefined for the
 * first); `moddle` is the modeler's (it knows the ppb extension).
 */
export async function withLayout(moddle, xml) {
  let parsed;
  try {
    parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    return { xml, laidOut: false }; // the import says what is wrong with it
  }
  if (hasDiagram(parsed.rootElement)) {
    return { xml, laidOut: false, diagram: fullestDiagram(parsed.rootElement) };
  }
  let laidOut;
  try {
    laidOut = await layoutMap(moddle, xml);
  } catch (err) {
    throw new Error(`${TEXTS.failed} (${err && err.message || err}).`);
  }
  if (!/<(?:[\w.-]+:)?BPMNPlane[\s/>]/.test(laidOut)) {
    throw new Error(`${TEXTS.nothing}.`); // no process: bpmn-auto-layout made no diagram
  }
  return { xml: laidOut, laidOut: true, diagram: undefined };
}
