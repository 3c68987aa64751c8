"""A finding about several elements marks each of them on the diagram of the HTML report."""
from __future__ import annotations

from pathlib import Path

from .test_report_browser import SHAPE_JS, write_report

SAMPLE = Path(__file__).resolve().parents[2] / "bpmn_samples" / "cacat" / "pemda-level0-cacat.bpmn"


def test_several_elements_are_all_marked_and_selected(tmp_path, open_page):
    page = open_page(write_report(tmp_path, [str(SAMPLE)]))
    assert page.evaluate("window.ppbReport.load(0)")["ok"]
    item = page.locator('li.finding[data-rule="PPB-LVL-003"]').first
    ids = item.get_attribute("data-elements").split()
    assert ids[0] == item.get_attribute("data-element") and len(ids) == 2
    for eid in ids:
        classes = page.evaluate(SHAPE_JS, eid)["classes"]
        assert any(c.startswith("ppb-mark-") for c in classes), (eid, classes)
    item.click()
    selected = page.evaluate("window.ppbReport.view(0).viewer.get('selection').get().map(e => e.id)")
    assert sorted(selected) == sorted(ids)


def test_map_level_box_is_above_the_diagram_and_explains_itself(tmp_path, open_page):
    page = open_page(write_report(tmp_path, [str(SAMPLE)]))
    assert page.evaluate("window.ppbReport.load(0)")["ok"]
    box = page.locator("section.file .map-findings").first
    canvas = page.locator("section.file .diagram-canvas").first
    assert box.bounding_box()["y"] < canvas.bounding_box()["y"]
    items = box.locator("li.finding")
    assert items.count() >= 1
    items.first.click()
    assert "keseluruhan" in page.locator(".diagram-status").first.inner_text()
