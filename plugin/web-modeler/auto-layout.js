/**
 * A map saved without diagram interchange (BPMNDI) cannot be drawn: bpmn-js stops with
 * "no diagram to display". Before the modeler imports such a map, bpmn-auto-layout gives
 * it a layout (the first process, its flow laid out left to right), so that it can be
 * seen, edited and saved with its new layout as a new version.
 */
import { layoutProcess } from 'bpmn-auto-layout';

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
 * bpmn-auto-layout lays out the first process of the file only: put the process with the
 * most flow elements first (a collaboration often lists an empty pool's process before
 * the real one), then lay out. Resolves to the laid-out XML.
 */
export async function layoutMap(moddle, xml) {
  const { rootElement: definitions } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const roots = (definitions && definitions.rootElements) || [];
  const processes = roots.filter((element) => element.$type === 'bpmn:Process');
  const size = (process) => (process.flowElements || []).length;
  const biggest = processes.reduce((a, b) => (size(b) > size(a) ? b : a), processes[0]);
  if (biggest && biggest !== processes[0]) {
    roots.splice(roots.indexOf(biggest), 1);
    roots.splice(roots.indexOf(processes[0]), 0, biggest);
    xml = (await moddle.toXML(definitions)).xml;
  }
  return layoutProcess(xml);
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
