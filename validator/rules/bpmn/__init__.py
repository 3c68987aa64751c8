"""PPB-BPMN: validity of the BPMN itself beyond bpmnlint's checks."""
