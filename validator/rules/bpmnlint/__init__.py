"""bpmnlint's 28 rules under their own names, with bpmnlint 11.15's semantics.

Like bpmnlint (which reads the file with bpmn-moddle), these rules see a
flow node's ``<incoming>``/``<outgoing>`` exactly as the file declares them:
``Element.incoming`` / ``Element.outgoing``. Our own rules use the graph
built from the sequence flows (``in_flows`` / ``out_flows``).
"""
