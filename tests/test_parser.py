"""The parsed model covers what real maps contain, read once from the XML."""
from __future__ import annotations

from pathlib import Path

import pytest

from validator.errors import BpmnReadError
from validator.parser import parse_bytes, read_file

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def model():
    return read_file(DATA / "model-lengkap.bpmn")


def test_definitions_and_ppb_vocabulary(model):
    assert model.definitions.type == "Definitions"
    assert model.ext("jenisPeta") == "lintasFungsi"
    assert model.ext("level") == "2"
    proc = model.get("Proses_Izin")
    assert proc.ext["kode"] == "03.02.01" and proc.ext["kategori"] == "inti"
    # given as camunda:property name="ppb:..." in extensionElements
    assert proc.ext["pemilik"] == "Bidang Perizinan"
    assert "lain" not in proc.ext


def test_attribute_wins_over_extension_property(model):
    task = model.get("Task_Terima")
    assert task.ext["mutuWaktu"] == "15 menit"
    assert task.ext["mutuOutput"] == "Tanda terima"  # zeebe:property
    assert task.documentation == "Petugas menerima berkas."


def test_collaboration_participants_and_message_flows(model):
    collab = model.get("Collab_Izin")
    assert [p.id for p in collab.participants] == ["Part_Pemohon", "Part_DPMPTSP"]
    assert model.get("Part_DPMPTSP").process is model.get("Proses_Izin")
    assert model.get("Part_Pemohon").process is None
    assert model.get("Part_Pemohon").ext["pemangku"] == "eksternal"
    mf = model.get("MsgFlow_1")
    assert mf in collab.message_flows
    assert mf.source is model.get("Part_Pemohon") and mf.target is model.get("Start_Izin")


def test_types_follow_the_bpmn_hierarchy(model):
    task = model.get("Task_Terima")
    assert task.type == "UserTask"
    assert {"UserTask", "Task", "Activity", "FlowNode", "FlowElement"} <= task.types
    assert model.get("Sub_Verifikasi").is_a("FlowElementsContainer")
    assert "Gateway" in model.get("Gw_Lengkap").types
    assert model.get("Bnd_Timer") in model.all("CatchEvent")
    assert [e.id for e in model.all("EndEvent")] == ["Sub_End", "End_Terbit", "End_Tolak"]


def test_nested_lanes(model):
    lane_set = model.get("LaneSet_1")
    assert [l.id for l in lane_set.lanes] == ["Lane_FrontOffice", "Lane_BackOffice"]
    front = model.get("Lane_FrontOffice")
    assert front.child_lane_set is model.get("LaneSet_2")
    assert [l.id for l in front.child_lane_set.lanes] == ["Lane_Loket"]
    # the innermost lane holding a node wins
    assert model.get("Task_Terima").lane is model.get("Lane_Loket")
    assert model.get("Start_Izin").lane is front


def test_flows_conditions_defaults(model):
    gw = model.get("Gw_Lengkap")
    f3, f4 = model.get("F3"), model.get("F4")
    assert gw.default is f4
    assert f3.has_condition and f3.condition == "${lengkap}"
    assert not f4.has_condition and f4.condition is None
    assert f3.ext["peluang"] == "0.8"
    assert gw.outgoing == [f3, f4] and gw.out_flows == [f3, f4]
    assert f3.source is gw and f3.target is model.get("Sub_Verifikasi")


def test_declared_and_derived_graph_differ_when_file_omits_incoming(model):
    sub_start = model.get("Sub_Start")
    assert sub_start.outgoing == ()                 # not declared in the file
    assert sub_start.out_flows == [model.get("SF_Sub")]  # derived from sourceRef


def test_subprocesses_boundary_and_call_activity(model):
    sub = model.get("Sub_Verifikasi")
    assert [e.id for e in sub.flow_elements] == ["Sub_Start", "Sub_End", "SF_Sub", "EvtSub"]
    evt = model.get("EvtSub")
    assert evt.flag("triggeredByEvent") and evt.parent is sub
    start = model.get("EvtSub_Start")
    assert not start.flag("isInterrupting", True)
    (ted,) = start.event_definitions
    assert ted.type == "TimerEventDefinition" and ted.props["timeDuration"] == "P3D"
    bnd = model.get("Bnd_Timer")
    assert bnd.attached_to is sub and bnd.flag("cancelActivity")
    assert model.get("Call_Tte").attrs["calledElement"] == "Proses_TTE"


def test_data_and_artifacts(model):
    proc = model.get("Proses_Izin")
    assert model.get("DataRef_Berkas") in proc.flow_elements
    assert model.get("Store_Arsip").is_a("DataStoreReference")
    doa = model.get("DOA_1")
    assert doa.parent is model.get("Task_Terima") and doa.target is model.get("DataRef_Berkas")
    assert [a.id for a in proc.artifacts] == ["Ann_1", "Assoc_1"]
    assert model.get("Ann_1").text == "Standar pelayanan 5 hari kerja"
    assert model.get("Assoc_1").source is model.get("Task_Terima")
    assert model.get("Msg_Permohonan").is_a("RootElement")


def test_diagram_bounds_waypoints_lines(model):
    (diagram,) = model.diagrams
    assert diagram.plane_element is model.get("Collab_Izin")
    shape = diagram.shapes[0]
    assert shape.element is model.get("Task_Terima")
    assert (shape.bounds.x, shape.bounds.y, shape.bounds.width, shape.bounds.height) == (250, 100, 100, 80)
    assert shape.label_bounds.width == 80
    assert diagram.shapes[1].is_expanded is True
    assert diagram.edges[0].waypoints == [(188.0, 140.0), (250.5, 140.0)]
    text = (DATA / "model-lengkap.bpmn").read_text(encoding="utf-8").splitlines()
    task = model.get("Task_Terima")
    assert 'id="Task_Terima"' in text[task.line - 1]


def test_parse_once_indexes(model):
    assert all(model.get(el.id) is el for el in model.elements if el.id)
    assert model.all("FlowNode") == [el for el in model.elements if "FlowNode" in el.types]


HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
BPMN = b'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'


def test_latin1_bytes_in_utf8_file_are_recovered_with_notice():
    data = HEAD + b'<bpmn:definitions ' + BPMN + b' id="D"><bpmn:process id="P">' \
        b'<bpmn:task id="T" name="Verifikasi ber\xe9kas"/></bpmn:process></bpmn:definitions>'
    m = parse_bytes(data)
    assert m.get("T").name == "Verifikasi ber\u00e9kas"
    assert [n.code for n in m.notices] == ["ENCODING_RECOVERED"]


def test_undeclared_prefix_is_recovered_with_notice():
    data = b'<bpmn:definitions id="D"><bpmn:process id="P"><bpmn:task id="T"/></bpmn:process></bpmn:definitions>'
    m = parse_bytes(data)
    assert m.get("T").type == "Task"
    assert m.notices[0].code == "UNDECLARED_PREFIX" and "bpmn" in m.notices[0].params["prefix"]


def test_namespace_with_spaces_and_odd_spelling():
    data = (b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL/ " id="D" '
            b'xmlns:p="http://contoh/Proses Lama"><process id="P"><task id="T"/></process></definitions>')
    m = parse_bytes(data)
    assert m.get("T") is not None
    assert {n.code for n in m.notices} == {"ODD_NAMESPACE"}


@pytest.mark.parametrize("data,code", [
    (b"", "EMPTY"),
    (b"  \n ", "EMPTY"),
    (b"<a><b></a>", "NOT_WELL_FORMED"),
    (b"<laporan><isi/></laporan>", "NOT_BPMN"),
    (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "FORBIDDEN_DTD"),
])
def test_read_errors_have_codes_and_indonesian_messages(data, code):
    with pytest.raises(BpmnReadError) as info:
        parse_bytes(data)
    assert info.value.code == code
    assert info.value.message and info.value.message != info.value.message_en


def test_size_limit():
    data = HEAD + b"<bpmn:definitions " + BPMN + b' id="D">' + b" " * 2000 + b"</bpmn:definitions>"
    with pytest.raises(BpmnReadError) as info:
        parse_bytes(data, max_bytes=1000)
    assert info.value.code == "TOO_LARGE"
    assert parse_bytes(data, max_bytes=10_000).definitions.id == "D"


def test_missing_file(tmp_path):
    with pytest.raises(BpmnReadError) as info:
        read_file(tmp_path / "tidak-ada.bpmn")
    assert info.value.code == "FILE_NOT_FOUND"


XSI_DECL = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _flow_with_condition(xsi_type: bytes, decls: bytes = b"", inner_decls: bytes = b"",
                         element: bytes = b"bpmn:conditionExpression") -> bytes:
    return (b'<bpmn:definitions ' + BPMN + b' ' + XSI_DECL + b' ' + decls + b' id="D">'
            b'<bpmn:process id="P"><bpmn:subProcess id="S" ' + inner_decls + b'>'
            b'<bpmn:sequenceFlow id="F"><' + element + b' xsi:type="' + xsi_type + b'">${ok}'
            b'</' + element + b'></bpmn:sequenceFlow></bpmn:subProcess></bpmn:process>'
            b'</bpmn:definitions>')


@pytest.mark.parametrize("data, readable", [
    # the expression's own prefix
    (_flow_with_condition(b"bpmn:tFormalExpression"), True),
    # a prefix declared on the root only
    (_flow_with_condition(b"b2:tFormalExpression",
                          b'xmlns:b2="http://www.omg.org/spec/BPMN/20100524/MODEL"'), True),
    (_flow_with_condition(b"x:tFormalExpression", b'xmlns:x="urn:lain"'), False),
    # a prefix bound again on the way down: the nearest declaration counts
    (_flow_with_condition(b"x:tFormalExpression", b'xmlns:x="urn:lain"',
                          b'xmlns:x="http://www.omg.org/spec/BPMN/20100524/MODEL"'), True),
    (_flow_with_condition(b"x:tFormalExpression",
                          b'xmlns:x="http://www.omg.org/spec/BPMN/20100524/MODEL"',
                          b'xmlns:x="urn:lain"'), False),
    # the default namespace, declared below the root
    (_flow_with_condition(b"tFormalExpression", b"",
                          b'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'), True),
    # undeclared: bpmn-moddle reads 'bpmn' as its own package name
    (_flow_with_condition(b"bpmn:tFormalExpression", element=b"b3:conditionExpression",
                          decls=b'xmlns:b3="http://www.omg.org/spec/BPMN/20100524/MODEL"'), True),
])
def test_expression_type_prefix_is_resolved_where_it_stands(data, readable):
    flow = parse_bytes(data).get("F")
    assert flow.has_condition is readable
    assert (flow.condition == "${ok}") is readable


def test_attributes_are_read_whole_however_many():
    attrs = b" ".join(b'a%d="v%d"' % (i, i) for i in range(300))
    data = (b'<bpmn:definitions ' + BPMN + b' id="D"><bpmn:process id="P">'
            b'<bpmn:task id="T" ' + attrs + b'/></bpmn:process></bpmn:definitions>')
    from validator.parser import ParseLimits

    task = parse_bytes(data, limits=ParseLimits(attributes=301)).get("T")
    assert task.attrs == {"id": "T", **{f"a{i}": f"v{i}" for i in range(300)}}


@pytest.mark.parametrize("data, indonesian, english", [
    (b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn: /></bpmn:definitions>',
     "nama 'bpmn:' bukan nama XML yang sah", "Failed to parse QName 'bpmn:'"),
    (b"<a><b></a>", "tag <b> (baris 1) ditutup dengan </a>", "Opening and ending tag mismatch"),
    (b"<a>", "berkas terpotong: tag <a>", "Premature end of data"),
    (b'<a b="1" b="2"/>', "atribut b ditulis dua kali", "Attribute b redefined"),
    (b"<a>&foo;</a>", "entitas '&foo;' tidak dikenal", "Entity 'foo' not defined"),
])
def test_xml_errors_are_told_in_indonesian(data, indonesian, english):
    with pytest.raises(BpmnReadError) as exc:
        parse_bytes(data)
    assert exc.value.code == "NOT_WELL_FORMED"
    assert indonesian in exc.value.message and english not in exc.value.message
    assert english in exc.value.message_en          # the English report keeps libxml2's words


def test_an_unlisted_xml_error_is_marked_as_the_libraries_words():
    from validator.parser import xml_error_id

    assert xml_error_id("Something libxml2 says") == "kesalahan XML (Something libxml2 says)"
