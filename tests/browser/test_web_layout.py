"""Every map can be seen: a map without diagram interchange (BPMNDI) is laid out
automatically (bpmn-auto-layout) in the HTML report and in the web modeler, and a file
with several BPMNDiagram gets a diagram switcher in the report.

- report: the map without BPMNDI is drawn with the notice "Tata letak dibuat otomatis",
  carries one no-bpmndi finding with the count, and a finding click selects its element;
- report: ADONIS's B.2.0 (MIWG corpus) has a stub diagram first and the main one second;
  the main one is shown, the switcher lists both, and a finding click on an element of
  the main diagram switches back to it from the stub;
- server: the stored map without BPMNDI is drawn on its report page, opens in the
  modeler laid out with the notice, validates, and Simpan stores the laid-out map as a
  new version that keeps every ppb attribute.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from ..conftest import CORPUS
from .test_report_browser import FIXTURE, write_report
from .test_web_modeler import _newest, _ppb_attributes
from .web_server import OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLE = SAMPLES / "pariaman" / "disdukcapil-level1-baik.bpmn"
ADONIS = CORPUS / "ADONIS 17.0" / "B.2.0-export.bpmn"
NO_DI_NAME = "disdukcapil-tanpa-diagram.bpmn"
DI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"

SWITCH_JS = """() => { const s = document.querySelector('section.file select.diagram-switch');
  return s && { value: s.value, options: [...s.options].map((o) => [o.value, o.textContent]),
                label: s.closest('label').textContent }; }"""


def _without_di(source: Path) -> bytes:
    """The map with every BPMNDiagram removed (as some tools export it)."""
    root = etree.fromstring(source.read_bytes())
    for diagram in root.findall(f"{{{DI_NS}}}BPMNDiagram"):
        root.remove(diagram)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _drawn_ids(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
        'section.file .diagram-canvas .djs-shape[data-element-id]')].map((g) => g.dataset.elementId)""")


def test_report_draws_a_map_without_bpmndi_with_the_notice(tmp_path, open_page):
    no_di = tmp_path / "izin-tanpa-diagram.bpmn"
    no_di.write_bytes(_without_di(FIXTURE))
    page = open_page(write_report(tmp_path, [str(no_di)]))
    result = page.evaluate("window.ppbReport.load(0)")
    assert result["ok"], result
    drawn = _drawn_ids(page)
    assert len(drawn) >= 5
    notice = page.locator("section.file .note.diagram-auto-layout")
    assert notice.is_visible() and "Tata letak dibuat otomatis" in notice.inner_text()
    # missing DI: one finding for the file, with the count
    bpmndi = page.locator('li.finding[data-rule="no-bpmndi"]')
    assert bpmndi.count() == 1
    assert re.search(r"\b\d+ elemen tidak memiliki gambar", bpmndi.inner_text())
    # a finding on a laid-out element selects it
    items = page.locator("li.finding[data-element]")
    target = next(item.get_attribute("data-element") for item in items.all()
                  if item.get_attribute("data-element") in drawn)
    page.locator(f'li.finding[data-element="{target}"]').first.click()
    assert page.evaluate("window.ppbReport.view(0).viewer.get('selection').get().map(e => e.id)") \
        == [target]
    assert page.locator("section.file select.diagram-switch").count() == 0
    assert page.remote == [] and page.errors == []


@pytest.mark.skipif(not ADONIS.is_file(), reason="MIWG corpus (ADONIS B.2.0) not at hand")
def test_report_switches_between_the_diagrams_of_one_file(tmp_path, open_page):
    page = open_page(write_report(tmp_path, [str(ADONIS)]))
    assert page.evaluate("window.ppbReport.load(0)")["ok"]
    switch = page.evaluate(SWITCH_JS)
    assert switch is not None and switch["label"].startswith("Diagram")
    names = [text for _, text in switch["options"]]
    assert len(names) == 2 and names[0].startswith("Collapsed Call Activity") \
        and names[1].startswith("B.2.0")
    main, stub = switch["options"][1][0], switch["options"][0][0]
    assert switch["value"] == main           # the diagram that shows most, not the first stub
    assert len(_drawn_ids(page)) > 100

    page.select_option("section.file select.diagram-switch", stub)
    page.wait_for_function(f"() => window.ppbReport.view(0).diagramId === '{stub}'")
    assert len(_drawn_ids(page)) < 10

    # a finding on an element of the main diagram brings that diagram back
    item = page.locator('li.finding[data-rule="conditional-flows"]').first
    element = item.get_attribute("data-element")
    assert element not in _drawn_ids(page)
    item.click()
    page.wait_for_function(f"() => window.ppbReport.view(0).diagramId === '{main}'")
    assert page.evaluate(SWITCH_JS)["value"] == main
    page.wait_for_function(f"""() => window.ppbReport.view(0).viewer.get('selection').get()
        .map((e) => e.id).join() === '{element}'""")
    status = page.locator(".diagram-status").first.inner_text()
    assert "tidak tergambar" not in status and element in status
    # every finding's element is shown by some diagram: none says "tidak tergambar"
    for li in page.locator("li.finding[data-element]").all():
        li.click()
        assert "tidak tergambar" not in page.locator(".diagram-status").first.inner_text()
    assert page.remote == [] and page.errors == []


def _store(app, filename: str, data: bytes) -> int:
    from validator.web import services
    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == OPD_USER[0]))
        stored = services.store_upload(sess, opd=user.opd, uploader=user, filename=filename,
                                       data=data)
        sess.flush()
        return stored[0].id


def test_modeler_lays_out_a_map_without_bpmndi_and_saves_it(web_page, live_server):
    app = live_server.app
    original = _without_di(SAMPLE)
    first_id = _store(app, NO_DI_NAME, original)
    _, first_version, _ = _newest(app, NO_DI_NAME)
    before = _ppb_attributes(original)
    assert len(before) > 20

    page = web_page()
    page.login(*OPD_USER)
    # the server's report page draws it too
    page.goto(f"{page.origin}/laporan/{first_id}")
    assert page.wait_for_report()["ok"]
    assert "Tata letak dibuat otomatis" in page.inner_text("section.file .diagram-auto-layout")

    page.goto(f"{page.origin}/modeler/{first_id}")
    page.wait_for_selector("#modeler[data-ready]")
    assert page.get_attribute("#modeler", "data-ready") == "true", page.inner_text("#modeler-status")
    assert page.get_attribute("#modeler", "data-layout") == "auto"
    assert "Tata letak dibuat otomatis" in page.inner_text("#modeler-tata-letak")
    shapes = page.locator("#modeler-canvas .djs-shape[data-element-id]").count()
    assert shapes >= 10

    page.click("#modeler-validasi")
    page.wait_for_selector("#modeler[data-validated]")
    assert "Validasi selesai" in page.inner_text("#modeler-status")
    assert "Tata letak dibuat otomatis" in page.inner_text("#modeler-tata-letak")

    page.click("#modeler-simpan")
    page.wait_for_selector("#modeler[data-saved]")
    new_id, new_version, saved = _newest(app, NO_DI_NAME)
    assert new_version == first_version + 1 and new_id != first_id
    root = etree.fromstring(saved)
    drawn = root.findall(f".//{{{DI_NS}}}BPMNShape")
    assert len(drawn) >= 10                  # the laid-out map, stored
    assert _ppb_attributes(saved) == before  # nothing of the map dropped
    assert page.remote == []
    # no plan is stored here: /api/v1/rencana answers 404 (by design), nothing else may fail
    assert [e for e in page.errors if "404" not in e] == []


def test_report_says_when_a_map_without_bpmndi_cannot_be_laid_out(tmp_path, open_page):
    """No process at all (a collaboration of empty pools): nothing to lay out, said in
    Indonesian instead of bpmn-js's "no diagram to display"."""
    empty = tmp_path / "tanpa-proses.bpmn"
    empty.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"'
        ' targetNamespace="urn:uji"><bpmn:collaboration id="C">'
        '<bpmn:participant id="P" name="Dinas" /></bpmn:collaboration></bpmn:definitions>\n',
        encoding="utf-8")
    page = open_page(write_report(tmp_path, [str(empty)]))
    result = page.evaluate("window.ppbReport.load(0)")
    assert result["ok"] is False
    text = page.locator("section.file .diagram-pane").inner_text()
    assert "tidak memiliki proses yang dapat ditata otomatis" in text
    assert "no diagram to display" not in text
    assert page.locator("section.file .diagram-auto-layout").count() == 0
    assert page.remote == []


@pytest.mark.skipif(not ADONIS.is_file(), reason="MIWG corpus (ADONIS B.2.0) not at hand")
def test_modeler_opens_the_fullest_diagram(web_page, live_server):
    sub_id = _store(live_server.app, "adonis-b20.bpmn", ADONIS.read_bytes())
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready]")
    assert page.get_attribute("#modeler", "data-ready") == "true", page.inner_text("#modeler-status")
    assert page.get_attribute("#modeler", "data-layout") is None
    assert page.locator("#modeler-canvas .djs-shape[data-element-id]").count() > 100
    assert page.locator("#modeler-tata-letak").count() == 0


def test_report_lays_out_the_largest_process_not_the_first(tmp_path, open_page):
    """bpmn-auto-layout lays out one process, the first: a collaboration listing an empty
    pool's process first still shows the map's real process."""
    root = etree.fromstring(_without_di(FIXTURE))
    bpmn = root.nsmap.get("bpmn") or "http://www.omg.org/spec/BPMN/20100524/MODEL"
    first = root.find(f"{{{bpmn}}}process")
    empty = etree.Element(f"{{{bpmn}}}process", id="Proses_Pemohon", isExecutable="false")
    root.insert(root.index(first), empty)
    path = tmp_path / "izin-proses-kosong-dulu.bpmn"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    page = open_page(write_report(tmp_path, [str(path)]))
    assert page.evaluate("window.ppbReport.load(0)")["ok"]
    drawn = set(_drawn_ids(page))
    tasks = {el.get("id") for el in first if etree.QName(el).localname.endswith("Task")}
    assert tasks and tasks <= drawn
    assert page.errors == []


def test_modeler_says_in_indonesian_when_nothing_can_be_laid_out(web_page, live_server):
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"'
            ' targetNamespace="urn:uji"><bpmn:collaboration id="C">'
            '<bpmn:participant id="P" name="Dinas" /></bpmn:collaboration></bpmn:definitions>\n')
    sub_id = _store(live_server.app, "tanpa-proses.bpmn", data.encode("utf-8"))
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready]")
    assert page.get_attribute("#modeler", "data-ready") == "error"
    status = page.inner_text("#modeler-status")
    assert "tidak memiliki proses yang dapat ditata otomatis" in status
    assert "no diagram to display" not in status
    assert page.locator("#modeler-validasi").is_disabled() and page.locator("#modeler-simpan").is_disabled()
    assert [e for e in page.errors if "TypeError" in e] == []


MODELIO = CORPUS / "Modelio 3.5" / "B.1.0-export.bpmn"


@pytest.mark.skipif(not MODELIO.is_file(), reason="MIWG corpus (Modelio B.1.0) not at hand")
def test_report_falls_back_when_the_fullest_diagram_cannot_be_drawn(tmp_path, open_page):
    """Modelio's fullest diagram has its plane on the definitions, which bpmn-js cannot
    draw: the next fullest is shown, and choosing the broken one says so and stays."""
    page = open_page(write_report(tmp_path, [str(MODELIO)]))
    assert page.evaluate("window.ppbReport.load(0)")["ok"]
    switch = page.evaluate(SWITCH_JS)
    assert len(switch["options"]) == 3
    broken = next(value for value, text in switch["options"] if text.startswith("Process Bpmn"))
    assert switch["value"] != broken and len(_drawn_ids(page)) > 0
    shown = switch["value"]
    page.select_option("section.file select.diagram-switch", broken)
    page.wait_for_function("() => document.querySelector('.diagram-status').textContent"
                           ".includes('tidak dapat digambar')")
    assert page.evaluate(SWITCH_JS)["value"] == shown
    assert page.evaluate("window.ppbReport.view(0).diagramId") == shown
    assert len(_drawn_ids(page)) > 0
    assert page.errors == []


@pytest.mark.skipif(not MODELIO.is_file(), reason="MIWG corpus (Modelio B.1.0) not at hand")
def test_modeler_opens_a_file_whose_fullest_diagram_cannot_be_drawn(web_page, live_server):
    sub_id = _store(live_server.app, "modelio-b10.bpmn", MODELIO.read_bytes())
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready]")
    assert page.get_attribute("#modeler", "data-ready") == "true", page.inner_text("#modeler-status")
    assert page.locator("#modeler-canvas .djs-shape[data-element-id]").count() > 0


SWITCHED_JS = "() => document.getElementById('modeler').dataset.diagram"


@pytest.mark.skipif(not ADONIS.is_file(), reason="MIWG corpus (ADONIS B.2.0) not at hand")
def test_modeler_switches_diagrams_keeps_edits_and_saves_the_whole_file(web_page, live_server):
    """ADONIS B.2.0 has a stub diagram first and the main one second: the modeler opens the
    main one with a switcher "Diagram:" above the canvas; an edit made there survives a
    switch to the stub and back; a finding (and a live-lint issue) about an element of the
    main diagram opens it; Simpan stores both diagrams and the edit."""
    app = live_server.app
    sub_id = _store(app, "adonis-b20-switch.bpmn", ADONIS.read_bytes())
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready]")
    assert page.get_attribute("#modeler", "data-ready") == "true", page.inner_text("#modeler-status")
    switch = page.locator("#modeler-diagram")
    assert switch.is_visible() and switch.inner_text().startswith("Diagram:")
    options = page.locator("#modeler-diagram-pilih option").evaluate_all(
        "(os) => os.map((o) => [o.value, o.textContent])")
    assert len(options) == 2
    assert options[0][1].startswith("Collapsed Call Activity") and options[1][1].startswith("B.2.0")
    stub, main = options[0][0], options[1][0]
    assert page.evaluate(SWITCHED_JS) == main
    assert page.input_value("#modeler-diagram-pilih") == main

    # an edit on the main diagram
    task = page.evaluate("""() => {
        const m = window.ppbModeler.modeler;
        const task = m.get('elementRegistry').filter((e) => /Task$/.test(e.type))[0];
        m.get('modeling').updateLabel(task, 'Diubah di modeler');
        return task.id; }""")
    page.select_option("#modeler-diagram-pilih", stub)
    page.wait_for_function(f"() => ({SWITCHED_JS})() === '{stub}'")
    assert page.locator("#modeler-canvas .djs-shape[data-element-id]").count() < 10
    assert page.locator(f'#modeler-canvas .djs-shape[data-element-id="{task}"]').count() == 0
    assert "Menampilkan diagram Collapsed Call Activity" in page.inner_text("#modeler-status")

    # a live-lint issue of an element drawn on the main diagram names it; its id opens it
    page.wait_for_selector("#modeler-canvas .bjsl-id-hint code", state="attached")
    hint = page.evaluate("""() => { const c = document.querySelector('#modeler-canvas .bjsl-id-hint code');
        c.click(); return c.textContent.trim(); }""")
    page.wait_for_function(f"() => ({SWITCHED_JS})() === '{main}'")
    page.wait_for_function(f"""() => window.ppbModeler.modeler.get('selection').get()
        .map((e) => e.id).join() === '{hint}'""")
    assert page.evaluate(f"""() => window.ppbModeler.modeler.get('elementRegistry')
        .get('{task}').businessObject.name""") == "Diubah di modeler"

    # Validasi on the stub; a finding on an element of the main diagram opens it
    page.select_option("#modeler-diagram-pilih", stub)
    page.wait_for_function(f"() => ({SWITCHED_JS})() === '{stub}'")
    page.click("#modeler-validasi")
    page.wait_for_selector("#modeler[data-validated]")
    item = page.locator('#modeler-temuan li[data-element]:has(code:text-is("conditional-flows"))').first
    element = item.get_attribute("data-element")
    assert page.locator(f'#modeler-canvas .djs-element[data-element-id="{element}"]').count() == 0
    item.click()
    page.wait_for_function(f"() => ({SWITCHED_JS})() === '{main}'")
    page.wait_for_function(f"""() => window.ppbModeler.modeler.get('selection').get()
        .map((e) => e.id).join() === '{element}'""")
    assert page.input_value("#modeler-diagram-pilih") == main

    # Simpan: the whole file, both diagrams, with the edit
    page.click("#modeler-simpan")
    page.wait_for_selector("#modeler[data-saved]")
    _, _, saved = _newest(app, "adonis-b20-switch.bpmn")
    root = etree.fromstring(saved)
    diagrams = root.findall(f"{{{DI_NS}}}BPMNDiagram")
    assert sorted(d.get("id") for d in diagrams) == sorted([stub, main])
    edited = root.find(f".//*[@id='{task}']")
    assert edited.get("name") == "Diubah di modeler"
    assert [e for e in page.errors if "404" not in e] == []
