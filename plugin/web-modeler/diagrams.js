/**
 * The BPMNDiagram elements of a file, for the diagram switchers of the report viewer and
 * the web modeler: which diagram shows which element, and a name a reader understands.
 */

const PLANE_KIND = {
  'bpmn:SubProcess': 'Subproses',
  'bpmn:Process': 'Proses',
  'bpmn:Collaboration': 'Kolaborasi'
};

/** A diagram's name: its own, else what its plane draws ("Subproses Pelayanan ..."), else its id. */
export function diagramName(diagram, index = 0) {
  if (diagram.name) {
    return diagram.name;
  }
  const element = diagram.plane && diagram.plane.bpmnElement;
  if (element && element.name) {
    const kind = PLANE_KIND[element.$type];
    return kind ? `${kind} ${element.name}` : element.name;
  }
  return diagram.id || `Diagram ${index + 1}`;
}

/**
 * Every BPMNDiagram of the definitions: [{id, name, element, ids}], ids being the ids of
 * what it shows: its plane's element, the elements of its shapes and edges, and the
 * processes of the pools it draws.
 */
export function listDiagrams(definitions) {
  return ((definitions && definitions.diagrams) || []).map((diagram, index) => {
    const ids = new Set();
    const plane = diagram.plane;
    if (plane && plane.bpmnElement) {
      ids.add(plane.bpmnElement.id);
    }
    for (const item of (plane && plane.planeElement) || []) {
      const element = item.bpmnElement;
      if (element) {
        ids.add(element.id);
        if (element.processRef) {
          ids.add(element.processRef.id);
        }
      }
    }
    return {
      id: diagram.id || `diagram-${index + 1}`,
      name: diagramName(diagram, index),
      element: diagram,
      ids
    };
  });
}
