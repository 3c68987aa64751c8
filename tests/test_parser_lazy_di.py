"""The diagram interchange as the parser reads it in one pass over each shape's and edge's
children (the quicker reading must give what the element-by-element reading gave): the
first dc:Bounds and the first bpmndi:BPMNLabel of a shape in any order, a label only when
the shape has more than one child, odd numbers read as JavaScript's parseFloat reads them,
waypoints in any namespace or none, and the references of flows resolved both ways."""
from __future__ import annotations

import math

from validator.parser import parse_bytes

HEAD = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:x="urn:other" id="Defs">
  <bpmn:process id="P">
    <bpmn:startEvent id="S"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="T" name="Kerja"><bpmn:incoming>F1</bpmn:incoming></bpmn:task>
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"/>
    <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="Hilang"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="PL" bpmnElement="P">
"""
TAIL = b"</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>"


def _model(plane: bytes):
    return parse_bytes(HEAD + plane + TAIL)


def test_label_before_bounds_and_first_of_each_wins():
    m = _model(b"""
      <bpmndi:BPMNShape id="S_di" bpmnElement="S" isHorizontal="false">
        <bpmndi:BPMNLabel><dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNLabel>
        <bpmndi:BPMNLabel><dc:Bounds x="9" y="9" width="9" height="9"/></bpmndi:BPMNLabel>
        <dc:Bounds x="10" y="20" width="36" height="36"/>
        <dc:Bounds x="99" y="99" width="99" height="99"/>
      </bpmndi:BPMNShape>""")
    shape = next(iter(m.shapes))
    assert (shape.bounds.x, shape.bounds.y, shape.bounds.width, shape.bounds.height) == (10, 20, 36, 36)
    lb = shape.label_bounds
    assert (lb.x, lb.y, lb.width, lb.height) == (1, 2, 3, 4)
    assert shape.element is m.get("S") and shape.is_horizontal is False and shape.is_expanded is None


def test_a_lone_child_gives_no_label_and_a_missing_bounds_none():
    m = _model(b"""
      <bpmndi:BPMNShape id="T_di" bpmnElement="T">
        <bpmndi:BPMNLabel><dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="S_di" bpmnElement="S"><dc:Bounds x="5" y="6" width="7" height="8"/>
      </bpmndi:BPMNShape>""")
    t_shape, s_shape = list(m.shapes)
    assert t_shape.bounds is None and t_shape.label_bounds is None
    assert s_shape.label_bounds is None and s_shape.bounds.is_valid()


def test_odd_numbers_read_as_parse_float():
    m = _model(b"""
      <bpmndi:BPMNShape id="T_di" bpmnElement="T">
        <dc:Bounds x="12px" y="abc" width=" 100" height="80"/>
      </bpmndi:BPMNShape>""")
    b = next(iter(m.shapes)).bounds
    assert b.x == 12.0 and math.isnan(b.y) and b.width == 100.0 and b.height == 80.0


def test_waypoints_in_any_namespace_or_none_in_order():
    m = _model(b"""
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1">
        <di:waypoint x="1" y="2"/>
        <dc:Bounds x="0" y="0" width="1" height="1"/>
        <x:waypoint x="3" y="4"/>
        <waypoint xmlns="" x="5" y="6"/>
        <x:waypointer x="7" y="8"/>
        <di:waypoint y="10"/>
        <di:waypoint x="11.5" y="12e1"/>
      </bpmndi:BPMNEdge>""")
    edge = next(iter(m.edges))
    assert edge.waypoints == [(1, 2), (3, 4), (5, 6), (11.5, 120.0)]
    assert edge.element is m.get("F1")


def test_flows_resolved_both_ways_and_dangling_kept():
    m = _model(b"")
    s, t, f1, f2 = (m.get(i) for i in ("S", "T", "F1", "F2"))
    assert s.out_flows == [f1] and t.in_flows == [f1] and t.out_flows == [f2]
    assert s.outgoing == [f1] and t.incoming == [f1] and s.in_flows == ()
    assert f2.source is t and f2.target is None
    assert [(el.id, attr, ref) for el, attr, ref in m.dangling] == [("F2", "targetRef", "Hilang")]
    assert [e.id for e in m.all("FlowNode")] == ["S", "T"]
    assert m.get("P").flow_elements == [s, t, f1, f2]
