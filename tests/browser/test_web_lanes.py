"""Pools and lanes in the automatic layout (issue 12, Must 4).

bpmn-auto-layout lays out a process without its pools and lanes; plugin/web-modeler
(auto-layout.js + pools.js) adds them. A map without BPMNDI whose collaboration has pools
and lanes (an SOP: one lane per pelaksana; a Level 1 map: pools of external parties and
message flows) is drawn with every pool and lane, each flow node inside its lane, in the
HTML report's viewer and in the web modeler. What is checked is the DI bpmn-js itself
exports (saveXML), read here with lxml.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .test_report_browser import write_report
from .test_web_layout import _store, _without_di
from .web_server import OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SOP = SAMPLES / "pariaman" / "sop-penerbitan-sip-bidan-baik.bpmn"
LEVEL1 = SAMPLES / "pariaman" / "disdukcapil-level1-baik.bpmn"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC"}


def _bounds(root) -> dict[str, tuple[float, float, float, float]]:
    """{element id: (x, y, right, bottom)} of every BPMNShape of the first diagram."""
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    out = {}
    for shape in plane.findall("bpmndi:BPMNShape", NS):
        b = shape.find("dc:Bounds", NS)
        x, y, w, h = (float(b.get(k)) for k in ("x", "y", "width", "height"))
        out[shape.get("bpmnElement")] = (x, y, x + w, y + h)
    return out


def _inside(inner, outer) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and inner[2] <= outer[2] and inner[3] <= outer[3])


def check_pools_and_lanes(xml: str, source) -> dict:
    """Every pool and lane of the source map drawn, each lane inside its pool, each flow
    node inside its (deepest) lane, lanes not overlapping; every message flow between two
    drawn ends drawn. Returns counts for the caller's own checks."""
    root = etree.fromstring(xml.encode("utf-8"))
    original = etree.parse(str(source)).getroot()
    drawn = _bounds(root)
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    collaboration = original.find("bpmn:collaboration", NS)
    if collaboration is None:           # lanes without a pool: on the process's plane
        process = original.find("bpmn:process", NS)
        assert plane.get("bpmnElement") == process.get("id")
        participants, pools = [], [(process, (float("-inf"),) * 2 + (float("inf"),) * 2)]
    else:
        assert plane.get("bpmnElement") == collaboration.get("id")
        participants = collaboration.findall("bpmn:participant", NS)
        for p in participants:
            assert p.get("id") in drawn, f"pool {p.get('id')} not drawn"
        pools = [(original.find(f"bpmn:process[@id='{p.get('processRef')}']", NS), drawn[p.get("id")])
                 for p in participants]
    checked = 0
    lanes = 0
    for process, pool in pools:
        if process is None:
            continue
        leaf = [lane for lane in process.iter(f"{{{NS['bpmn']}}}lane")
                if lane.find("bpmn:childLaneSet", NS) is None]
        for lane in process.iter(f"{{{NS['bpmn']}}}lane"):
            lanes += 1
            assert lane.get("id") in drawn, f"lane {lane.get('id')} not drawn"
            assert _inside(drawn[lane.get("id")], pool), lane.get("id")
        boxes = [drawn[lane.get("id")] for lane in leaf]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[3] <= b[1] or b[3] <= a[1], "lanes overlap"
        for lane in leaf:
            box = drawn[lane.get("id")]
            for ref in lane.findall("bpmn:flowNodeRef", NS):
                node = ref.text.strip()
                assert node in drawn, f"{node} not drawn"
                assert _inside(drawn[node], box), f"{node} outside its lane {lane.get('id')}"
                checked += 1
    edges = {e.get("bpmnElement") for e in plane.findall("bpmndi:BPMNEdge", NS)}
    flows = [] if collaboration is None else collaboration.findall("bpmn:messageFlow", NS)
    for flow in flows:
        if flow.get("sourceRef") in drawn and flow.get("targetRef") in drawn:
            assert flow.get("id") in edges, f"message flow {flow.get('id')} not drawn"
    return {"nodes": checked, "lanes": lanes, "pools": len(participants),
            "messages": len([f for f in flows if f.get("id") in edges])}


def test_report_draws_pools_and_lanes_of_a_map_without_bpmndi(tmp_path, open_page):
    sop = tmp_path / "sop-tanpa-diagram.bpmn"
    sop.write_bytes(_without_di(SOP))
    level1 = tmp_path / "level1-tanpa-diagram.bpmn"
    level1.write_bytes(_without_di(LEVEL1))
    page = open_page(write_report(tmp_path, [str(sop), str(level1)]))
    results = page.evaluate("window.ppbReport.loadAll()")
    assert [r["ok"] for r in results] == [True, True], results

    xml = page.evaluate("window.ppbReport.view(0).viewer.saveXML().then((r) => r.xml)")
    seen = check_pools_and_lanes(xml, SOP)
    assert seen["lanes"] == 5 and seen["nodes"] >= 15
    # the lanes are on screen too, with their names
    lane = page.locator('section.file[data-file="0"] .diagram-canvas .djs-shape[data-element-id="Lane_Kadis"]')
    assert lane.count() == 1 and "Kepala Dinas" in lane.text_content()

    xml = page.evaluate("window.ppbReport.view(1).viewer.saveXML().then((r) => r.xml)")
    seen = check_pools_and_lanes(xml, LEVEL1)
    assert seen["pools"] == 4 and seen["lanes"] == 3 and seen["messages"] == 7
    assert page.locator("section.file .diagram-auto-layout").count() == 2
    assert page.remote == [] and page.errors == []


def _without_pool(source: Path) -> bytes:
    """The map without its BPMNDiagram and without its collaboration: lanes, no pool."""
    root = etree.fromstring(_without_di(source))
    root.remove(root.find("bpmn:collaboration", NS))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_report_draws_lanes_of_a_process_without_a_pool(tmp_path, open_page):
    path = tmp_path / "sop-tanpa-pool.bpmn"
    path.write_bytes(_without_pool(SOP))
    page = open_page(write_report(tmp_path, [str(path)]))
    assert page.evaluate("window.ppbReport.load(0)")["ok"]
    xml = page.evaluate("window.ppbReport.view(0).viewer.saveXML().then((r) => r.xml)")
    seen = check_pools_and_lanes(xml, path)
    assert seen["lanes"] == 5 and seen["nodes"] >= 15 and seen["pools"] == 0
    # bpmn-js draws them: a lane shape with its name
    lane = page.locator('.diagram-canvas .djs-shape[data-element-id="Lane_Kadis"]')
    assert lane.count() == 1 and "Kepala Dinas" in lane.text_content()
    assert page.errors == []


def test_modeler_draws_pools_and_lanes_and_saves_them(web_page, live_server):
    sub_id = _store(live_server.app, "sop-tanpa-diagram.bpmn", _without_di(SOP))
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready]")
    assert page.get_attribute("#modeler", "data-layout") == "auto"
    xml = page.evaluate("window.ppbModeler.modeler.saveXML().then((r) => r.xml)")
    seen = check_pools_and_lanes(xml, SOP)
    assert seen["lanes"] == 5 and seen["nodes"] >= 15
    drawn_lanes = page.evaluate("""() => window.ppbModeler.modeler.get('elementRegistry')
        .filter((e) => e.type === 'bpmn:Lane').map((e) => e.id).sort()""")
    assert len(drawn_lanes) == 5 and "Lane_Kadis" in drawn_lanes
    # the nodes' shapes belong to the pool (bpmn-js keeps lanes beside them, not around)
    parents = page.evaluate("""() => {
        const reg = window.ppbModeler.modeler.get('elementRegistry');
        return ['Task_TerimaBerkas', 'Task_TandatanganSIPBidan']
          .map((id) => reg.get(id).parent.type); }""")
    assert parents == ["bpmn:Participant", "bpmn:Participant"]
    # every element is drawn now: the server's Validasi finds no missing shape
    page.click("#modeler-validasi")
    page.wait_for_selector("#modeler[data-validated]")
    assert page.locator('#modeler-temuan li:has(code:text-is("no-bpmndi"))').count() == 0
    assert "Validasi selesai" in page.inner_text("#modeler-status")
