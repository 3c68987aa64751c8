"""The C walk (validator/cbuild.pyx) builds the model the Python walk builds.

Every BPMN file the project holds (the MIWG corpus of 35 tools, the samples, every rule
fixture) and a set of files made to reach the walk's rare paths are read twice, once
through each walk, and the two models are compared field by field: elements with their
attributes, types, lines, parents, children and references; shapes, edges and bounds;
notices, refused ids and dangling references.
"""
from __future__ import annotations

import math
import struct
from pathlib import Path

import pytest

from validator import parser
from validator.errors import BpmnReadError

ROOT = Path(__file__).resolve().parent.parent
MIWG = ROOT.parent / "shared" / "corpus" / "miwg"


def _walk_or_skip():
    walk = parser._c_builder()
    if walk is None:
        pytest.fail("pembangun model C belum dibangun: jalankan make install (tools/build_ext.py)")
    return walk


def _ident(el):
    return None if el is None else (el.type, el.id, el.line)


def _num(v):
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return v


def _bounds(b):
    return None if b is None else tuple(_num(v) for v in (b.x, b.y, b.width, b.height))


def signature(model) -> dict:
    elements = []
    for el in model.elements:
        elements.append((
            el.type, sorted(el.types), el.id, el.name, el.line, _ident(el.parent),
            list(el.attrs.items()), list(el.ext.items()), list(el.props.items()),
            el.documentation, el.text, el.has_condition, el.condition,
            {k: list(v) for k, v in el.ref_ids.items()},
            *([_ident(x) for x in getattr(el, name)] for name in (
                "children", "flow_elements", "artifacts", "lane_sets", "lanes",
                "event_definitions", "participants", "message_flows", "incoming", "outgoing",
                "in_flows", "out_flows", "flow_node_refs")),
            *(_ident(getattr(el, name)) for name in (
                "child_lane_set", "loop", "source", "target", "default", "attached_to",
                "process", "lane")),
        ))
    diagrams = []
    for d in model.diagrams:
        diagrams.append((
            d.id, d.name, d.line, d.plane_element_id, _ident(d.plane_element), d.has_plane,
            [(s.id, s.element_id, _ident(s.element), _bounds(s.bounds), s.line, s.is_expanded,
              s.is_horizontal, _bounds(s.label_bounds)) for s in d.shapes],
            [(e.id, e.element_id, _ident(e.element), [tuple(map(_num, p)) for p in e.waypoints],
              e.line) for e in d.edges],
        ))
    return {
        "definitions": _ident(model.definitions),
        "elements": elements,
        "by_id": sorted((k, _ident(v)) for k, v in model.by_id.items()),
        "by_type": {k: [_ident(e) for e in v] for k, v in model.by_type.items() if v},
        "diagrams": diagrams,
        "notices": [(n.code, n.line, n.element_id, n.params) for n in model.notices],
        "duplicates": model.duplicate_ids,
        "invalid": model.invalid_ids,
        "dangling": [(_ident(e), a, r) for e, a, r in model.dangling],
        "namespaces": model.namespaces,
    }


def read_both(data: bytes, monkeypatch) -> tuple:
    """(C walk's result, Python walk's result): a signature or the error's code."""
    walk = _walk_or_skip()
    out = []
    for chosen in (walk, None):
        monkeypatch.setattr(parser, "_CBUILD", [chosen])
        try:
            out.append(signature(parser.parse_bytes(data, "x.bpmn")))
        except BpmnReadError as exc:
            out.append(("error", exc.code, str(exc)))
    monkeypatch.setattr(parser, "_CBUILD", [walk])
    return tuple(out)


def _files() -> list[Path]:
    found = sorted(MIWG.rglob("*.bpmn")) if MIWG.is_dir() else []
    for folder in ("samples", "tests", "features", "validator"):
        found += sorted((ROOT / folder).rglob("*.bpmn"))
    return found


def test_the_c_walk_is_built_and_used():
    walk = _walk_or_skip()
    assert parser._c_builder() is walk


def test_every_file_builds_the_same_model(monkeypatch):
    files = _files()
    assert len(files) > 800
    differ = []
    for path in files:
        c_model, py_model = read_both(path.read_bytes(), monkeypatch)
        if c_model != py_model:
            differ.append(str(path.relative_to(path.anchor)))
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


def _doc(body: str, diagram: str = "", extra_ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
        f'{extra_ns} id="D" ppb:level="1">\n{body}\n{diagram}\n</bpmn:definitions>\n'
    ).encode("utf-8")


PROCESS = """
<bpmn:process id="P" name="A &amp; B &lt;c&gt;" isExecutable="false" ppb:kode="01.02">
  <bpmn:documentation>first</bpmn:documentation>
  <bpmn:documentation><![CDATA[second <raw>]]> and <b>bold</b> tail</bpmn:documentation>
  <bpmn:extensionElements>
    <camunda:properties><camunda:property name="ppb:pelaksana" value="Kasubbag"/>
    <camunda:property name="ppb:mutu">  text value </camunda:property></camunda:properties>
  </bpmn:extensionElements>
  <bpmn:laneSet id="LS"><bpmn:lane id="L1" name="Lane">
    <bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef> T </bpmn:flowNodeRef>
    <bpmn:childLaneSet id="CLS"><bpmn:lane id="L2"><bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane></bpmn:childLaneSet>
  </bpmn:lane></bpmn:laneSet>
  <bpmn:startEvent id="S"><bpmn:outgoing>F1</bpmn:outgoing>
    <bpmn:timerEventDefinition id="TD"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:startEvent>
  <bpmn:task id="T" name="multi&#10;line" ppb:durasi="2 jam"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    <bpmn:multiInstanceLoopCharacteristics id="LC"/></bpmn:task>
  <bpmn:exclusiveGateway id="G" default="F3"/>
  <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"/>
  <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="G">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"><![CDATA[${a < 1}]]></bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="F3" sourceRef="G" targetRef="E">
    <bpmn:conditionExpression xsi:type="foo:Unknown">x</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="F4" sourceRef="G" targetRef="MISSING"><bpmn:conditionExpression>   </bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:endEvent id="E" messageRef="m:Nope"><bpmn:messageEventDefinition messageRef="Nope2"/></bpmn:endEvent>
  <bpmn:task id="T" name="duplicate id"/>
  <bpmn:task id="1bad" name="invalid id"/>
  <bpmn:task id="sid-3F2A.x-1" name="ok id"/>
  <bpmn:task id="Tugas_é" name="non-ascii id"/>
  <bpmn:participant id="misplaced"/>
  <bpmn:textAnnotation id="TA"><bpmn:text>note <i>one</i> two</bpmn:text></bpmn:textAnnotation>
  <bpmn:association id="A1" sourceRef="TA" targetRef="T"/>
</bpmn:process>
<bpmn:collaboration id="C"><bpmn:participant id="PP" processRef="P" name="Pool"/>
  <bpmn:messageFlow id="MF" sourceRef="PP" targetRef="T"/></bpmn:collaboration>
"""

DIAGRAM = """
<bpmndi:BPMNDiagram id="DG" name="Diagram">
  <bpmndi:BPMNPlane id="PL0" bpmnElement="C"/>
  <bpmndi:BPMNPlane id="PL" bpmnElement="C">
    <bpmndi:BPMNShape id="S_di" bpmnElement="S"><dc:Bounds x="1" y="2.5" width="36" height="36"/>
      <bpmndi:BPMNLabel><dc:Bounds x="0" y="40" width="10" height="5"/></bpmndi:BPMNLabel></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="T_di" bpmnElement="T" isExpanded="true" isHorizontal="false">
      <dc:Bounds x=" 10px" y="1e2" width="abc" height=""/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="G_di" bpmnElement="G"><bpmndi:BPMNLabel/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="PP_di" bpmnElement="PP" isHorizontal="true"><dc:Bounds x="0" y="0" width="600" height="200"/>
      <dc:Bounds x="9" y="9" width="9" height="9"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="T_di" bpmnElement="T"/>
    <bpmndi:BPMNShape id="9bad" bpmnElement="T"/>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="1" y="2"/><di:waypoint x="3.5" y="-4e1"/>
      <waypoint x="7" y="8"/><di:waypoint x="n" y="1"/><di:waypoint x="5abc" y=".5"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="MF_di" bpmnElement="MF"/>
    <bpmndi:BPMNEdge bpmnElement="F2"><di:waypoint x="1" y="2"/></bpmndi:BPMNEdge>
    <other:Thing xmlns:other="urn:other" id="X"/>
  </bpmndi:BPMNPlane>
</bpmndi:BPMNDiagram>
"""


def test_rare_paths_build_the_same_model(monkeypatch):
    c_model, py_model = read_both(_doc(PROCESS, DIAGRAM), monkeypatch)
    assert c_model == py_model
    # the file reached the paths it was made for
    assert {n[0] for n in c_model["notices"]} >= {"MISPLACED_ELEMENT", "UNKNOWN_EXPRESSION_TYPE"}
    assert c_model["duplicates"] and c_model["invalid"] and c_model["dangling"]
    assert any(el[7] for el in c_model["elements"])           # ext from extension properties


def test_odd_namespace_spellings_build_the_same_model(monkeypatch):
    odd = _doc(PROCESS, DIAGRAM).replace(b"http://www.omg.org/spec/DD/20100524/DC",
                                         b"http://www.omg.org/spec/DD/20100524/DC/")
    odd = odd.replace(b"http://www.omg.org/spec/BPMN/20100524/MODEL",
                      b"HTTP://www.omg.org/spec/BPMN/20100524/MODEL")
    c_model, py_model = read_both(odd, monkeypatch)
    assert c_model == py_model
    assert any(n[0] == "ODD_NAMESPACE" for n in c_model["notices"])


def test_lines_beyond_65534_build_the_same_model(monkeypatch):
    padding = "\n" * 70_000
    c_model, py_model = read_both(_doc(padding + PROCESS, DIAGRAM), monkeypatch)
    assert c_model == py_model
    assert max(el[4] for el in c_model["elements"]) > 70_000


def test_a_default_namespace_and_a_foreign_root_build_the_same_model(monkeypatch):
    plain = (b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">'
             b'<process id="P"><task id="T"><documentation/></task><task/></process></definitions>')
    foreign = plain.replace(b"http://www.omg.org/spec/BPMN/20100524/MODEL", b"urn:not-bpmn")
    for data in (plain, foreign):
        c_model, py_model = read_both(data, monkeypatch)
        assert c_model == py_model


def test_switched_off_or_built_for_another_lxml_the_python_walk_reads(monkeypatch):
    from validator import cbuild

    data = _doc(PROCESS, DIAGRAM)
    c_model = signature(parser.parse_bytes(data, "x.bpmn"))
    monkeypatch.setattr(parser, "_CBUILD", [])
    monkeypatch.setenv("PPB_CBUILD", "0")
    assert parser._c_builder() is None
    assert signature(parser.parse_bytes(data, "x.bpmn")) == c_model

    monkeypatch.setattr(parser, "_CBUILD", [])
    monkeypatch.delenv("PPB_CBUILD")
    monkeypatch.setattr(cbuild, "LXML_VERSION", "0.0.1", raising=False)
    assert parser._c_builder() is None      # lxml's structures may be laid out otherwise
    monkeypatch.setattr(parser, "_CBUILD", [])


# -- mutated maps ---------------------------------------------------------------------------

_MUTATIONS = (
    # (pattern, replacements): one match picked at random is replaced by one of these
    (rb'id="[^"]*"', (b'id="Task_1"', b'id="1bad"', b'id="a b"', b'id="Tugas_\xc3\xa9"', b'id=""',
                      b'id="x:y"', b'id="sid-0A.b-c"')),
    (rb'(?:x|y|width|height)="[^"]*"', (b'x=" 12 "', b'y="1px"', b'width=""', b'height="nan"',
                                          b'x="1_0"', b'y="-0"', b'width="1e400"', b'x=".5"',
                                          b'y="+3."', b'height="inf"')),
    (rb'name="[^"]*"', (b'name="A &amp; B"', b'name="&#10;baris"', b'name="\xe2\x80\x94 x"',
                        b'name=""')),
    (rb'<bpmn:documentation>', (b'<bpmn:documentation><![CDATA[<x>]]>a<!-- c -->b',
                                b'<bpmn:documentation>  ')),
    (rb'<bpmn:conditionExpression[^>]*>', (b'<bpmn:conditionExpression xsi:type="tFormalExpression">',
                                           b'<bpmn:conditionExpression xsi:type="q:Other">',
                                           b'<bpmn:conditionExpression>')),
    (rb'<bpmn:incoming>[^<]*</bpmn:incoming>', (b'<bpmn:incoming> Missing </bpmn:incoming>',
                                                b'<bpmn:incoming></bpmn:incoming>')),
    (rb'<bpmn:extensionElements>', (b'<bpmn:extensionElements><camunda:properties '
                                    b'xmlns:camunda="http://camunda.org/schema/1.0/bpmn">'
                                    b'<camunda:property name="ppb:kode" value="9.9"/>'
                                    b'<camunda:property name="ppb:kode" value="8.8"/>'
                                    b'<property name="ppb:pemilik">  Dinas  </property>'
                                    b'</camunda:properties>',)),
    (rb'http://www.omg.org/spec/DD/20100524/DC', (b'http://www.omg.org/spec/DD/20100524/DC/',
                                                  b'HTTP://WWW.OMG.ORG/SPEC/DD/20100524/DC')),
    (rb'<bpmndi:BPMNLabel>', (b'<bpmndi:BPMNLabel><dc:Bounds x="1" y="2" width="3" height="4"/>',
                              b'<bpmndi:BPMNLabel/><bpmndi:BPMNLabel>')),
    (rb'http://www.omg.org/spec/(?:BPMN|DD)/20100524/(?:MODEL|DI)',
     (b'http://www.omg.org/spec/BPMN/20100524/MODEL/', b'http://www.omg.org/spec/DD/20100524/DI/',
      b'HTTP://www.omg.org/spec/BPMN/20100524/DI')),
    (rb'<bpmn:task ', (b'<bpmn:task ppb:kode="1.1" xmlns:p2="urn:ppb:lain" p2:kode="2.2" ',
                      b'<bpmn:task xmlns:q="urn:q" q:x="&#x41;&lt;" ',
                      b'<bpmn:participant id="Misplaced_1"/><bpmn:task ')),
    (rb'<bpmn:conditionExpression[^>]*>',
     (b'<bpmn:conditionExpression xmlns:m="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      b'xsi:type="m:tFormalExpression">',
      b'<bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      b'xsi:type="bpmn:tExpression">')),
    (rb'<bpmn:laneSet[^>]*>', (b'<bpmn:laneSet id="LS_extra"><bpmn:lane id="L_extra">'
                               b'<bpmn:childLaneSet id="CLS_extra"><bpmn:lane id="L_inner">'
                               b'<bpmn:flowNodeRef>Nope</bpmn:flowNodeRef></bpmn:lane>'
                               b'</bpmn:childLaneSet></bpmn:lane></bpmn:laneSet><bpmn:laneSet>',)),
    (rb'<bpmndi:BPMNShape id="[^"]*"', (b'<bpmndi:BPMNShape id="Dup_di"', b'<bpmndi:BPMNShape')),
)


def test_mutated_maps_build_the_same_model(monkeypatch):
    """Sample maps changed at random places (seeded): odd ids, numbers, names, texts,
    expression types, references, extension properties, namespace spellings, labels."""
    import random
    import re as _re

    rng = random.Random(20261207)
    bases = sorted((ROOT / "bpmn_samples").rglob("*.bpmn"))
    assert bases
    compared = differ = 0
    for _ in range(300):
        data = rng.choice(bases).read_bytes()
        for _step in range(rng.randint(1, 5)):
            pattern, options = rng.choice(_MUTATIONS)
            spots = list(_re.finditer(pattern, data))
            if not spots:
                continue
            m = rng.choice(spots)
            data = data[:m.start()] + rng.choice(options) + data[m.end():]
        c_model, py_model = read_both(data, monkeypatch)
        compared += 1
        if c_model != py_model:
            differ += 1
    assert compared == 300 and differ == 0, f"{differ} of {compared} mutated maps differ"


def test_an_odd_spelling_of_the_dc_namespace_alone_is_read_and_noticed(monkeypatch):
    """Only the DC namespace spelled oddly (a trailing slash): both walks read the bounds
    and say so (the Python walk once missed it when no other namespace was odd)."""
    data = _doc(PROCESS, DIAGRAM).replace(b"http://www.omg.org/spec/DD/20100524/DC",
                                          b"http://www.omg.org/spec/DD/20100524/DC/")
    c_model, py_model = read_both(data, monkeypatch)
    assert c_model == py_model
    assert ("ODD_NAMESPACE", "http://www.omg.org/spec/DD/20100524/DC/") in {
        (n[0], n[3].get("uri")) for n in c_model["notices"]}
    shapes = c_model["diagrams"][0][6]
    assert shapes[0][3] == (1.0, 2.5, 36.0, 36.0)       # S_di's bounds


def test_names_shared_between_documents_keep_each_documents_notices(monkeypatch):
    """The C walk names a tag once for every document (cbuild._SPLITS); a document that
    meets an oddly spelled namespace already named by an earlier one still gets its
    notice, a plain document after it none, and a root read as BPMN against its namespace
    is named by its own builder. Each read is compared with the Python walk's."""
    from validator import cbuild

    _walk_or_skip()
    odd = _doc(PROCESS, DIAGRAM).replace(b"http://www.omg.org/spec/DD/20100524/DC",
                                         b"http://www.omg.org/spec/DD/20100524/DC/")
    plain = _doc(PROCESS, DIAGRAM)
    foreign = (b'<definitions xmlns="urn:not-bpmn" id="D"><process id="P"><task id="T"/>'
               b'</process></definitions>')
    for data, odd_expected in ((odd, True), (odd, True), (plain, False), (odd, True),
                               (foreign, True), (plain, False)):
        c_model, py_model = read_both(data, monkeypatch)
        assert c_model == py_model
        noticed = any(n[0] == "ODD_NAMESPACE" for n in c_model["notices"])
        assert noticed is odd_expected
    # names come from uploaded files: the table stays within its bound
    monkeypatch.setattr(cbuild, "SPLITS_MAX", 8)
    many = b"".join(b'<x%d:e xmlns:x%d="urn:n%d"/>' % (i, i, i) for i in range(40))
    parser.parse_bytes(b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
                       b'id="D"><process id="P">' + many + b'</process></definitions>', "x.bpmn")
    table = cbuild._splits()
    assert len(table) <= 8 and any(tag.startswith("{urn:n") for tag in table)


# every spelling of a coordinate: the C walk reads plain decimals itself and must agree with
# float() (and the builder's _num for the rest) to the last bit
NUMBERS = ("12", "-0", "-0.0", "0", "0.1", "412.5", "-80.25", "007.50", "0.000000000000001",
           "123456789012345", "1234567890123456", "99999999999999.9", "0.30000000000000004",
           "1e3", "-1.5E-2", " 12", "12 ", "+5", ".5", "5.", "1_000", "abc", "12abc", "-", "",
           "nan", "Infinity", "1.7976931348623157e308", "4.9e-324", "١٢")


def test_every_spelling_of_a_coordinate_reads_as_float_reads_it(monkeypatch):
    shapes, edges = [], []
    for i, n in enumerate(NUMBERS):
        shapes.append(f'<bpmndi:BPMNShape id="S{i}" bpmnElement="T"><dc:Bounds x="{n}" y="{i}" '
                      f'width="{n}" height="2.5"/></bpmndi:BPMNShape>')
        edges.append(f'<bpmndi:BPMNEdge id="E{i}" bpmnElement="T"><di:waypoint x="{n}" '
                     f'y="-{i}.5"/><di:waypoint x="1" y="{n}"/></bpmndi:BPMNEdge>')
    diagram = ('<bpmndi:BPMNDiagram id="DG"><bpmndi:BPMNPlane id="PL" bpmnElement="P">'
               + "".join(shapes) + "".join(edges) + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>")
    data = _doc('<bpmn:process id="P"><bpmn:task id="T"/></bpmn:process>', diagram)
    walk = _walk_or_skip()
    models = []
    for chosen in (walk, None):
        monkeypatch.setattr(parser, "_CBUILD", [chosen])
        models.append(parser.parse_bytes(data, "x.bpmn"))
    monkeypatch.setattr(parser, "_CBUILD", [walk])
    c_model, py_model = models

    def exact(v):   # the bits, so that -0.0 and 0.0 (and every NaN) are told apart
        return None if v is None else struct.pack("<d", v)

    c_shapes = [s for d in c_model.diagrams for s in d.shapes]
    py_shapes = [s for d in py_model.diagrams for s in d.shapes]
    assert len(c_shapes) == len(py_shapes) == len(NUMBERS)
    for c, p, n in zip(c_shapes, py_shapes, NUMBERS):
        assert [exact(v) for v in (c.bounds.x, c.bounds.width)] == \
            [exact(v) for v in (p.bounds.x, p.bounds.width)], n
    for c, p, n in zip([e for d in c_model.diagrams for e in d.edges],
                       [e for d in py_model.diagrams for e in d.edges], NUMBERS):
        assert [tuple(map(exact, w)) for w in c.waypoints] == \
            [tuple(map(exact, w)) for w in p.waypoints], n
    # the plain ones are read as float() reads them
    assert c_shapes[0].bounds.x == 12.0 and math.copysign(1, c_shapes[1].bounds.x) == -1
    assert c_shapes[5].bounds.x == float("412.5") and c_shapes[12].bounds.x == 0.30000000000000004
