"""Keyboard reach of the findings (issue 12, Must 10): Tab, at most 3 times from page load,
lands on the first finding, on the server's report page and on the command line's HTML
report, without moving the page or changing its layout; the skip link is still the
document's first stop and still jumps to the first finding.

The report viewer moves focus to the list that holds the first finding once the page is
loaded (plugin/report-viewer/index.js, focusFindings); nothing moves when the reader came
to a fragment.
"""
from __future__ import annotations

from .test_report_browser import FIXTURE, write_report
from .test_web_layout import _store
from .web_server import OPD_USER, live_server, monkeypatch_module, web_page  # noqa: F401

FOCUSED_JS = """() => { const a = document.activeElement;
  return { tag: a.tagName, id: a.id, finding: a.matches('li.finding'),
           first: a === [...document.querySelectorAll('#temuan li.finding')].find((li) => !li.hidden),
           n: a.dataset.n || null }; }"""

# the first element of the document a Tab from the top reaches (tabindex >= 0, visible or not)
FIRST_STOP_JS = """() => [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
  .find((el) => el.tabIndex >= 0 && !el.disabled).id"""


def _tab_to_first_finding(page) -> list[dict]:
    """Tab three times from where the page left focus; what was focused after each."""
    seen = []
    for _ in range(3):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED_JS))
    return seen


def _layout(page) -> dict:
    return page.evaluate("""() => {
      const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                             return { x: r.x, y: r.y, w: r.width }; };
      return { scroll: window.scrollY, canvas: box('section.file .diagram-canvas'),
               findings: box('section.file .findings') }; }""")


def _check(page, skip_id: str, skip_target_first: bool, third_is_finding: bool = True) -> None:
    before = _layout(page)
    assert before["scroll"] == 0                    # focus moved without scrolling
    # wide screen: the diagram on the left, the findings beside it on the right
    assert before["canvas"]["x"] < before["findings"]["x"]
    seen = _tab_to_first_finding(page)
    assert seen[0]["first"], seen                   # the first Tab: the first finding
    # the Tabs go on in the document's order, never back to the top of the page
    assert all(not s["id"].startswith("lompat") and s["tag"] != "BODY" for s in seen), seen
    if third_is_finding:
        # the findings come before the diagram's buttons: three Tabs are still on a finding
        assert seen[2]["finding"] and seen[2]["n"] != seen[0]["n"], seen
    # the skip link: still the document's first stop, visible when focused
    assert page.evaluate(FIRST_STOP_JS) == skip_id
    page.focus(f"#{skip_id}")
    assert page.locator(f"#{skip_id}").is_visible()
    page.keyboard.press("Enter")
    if skip_target_first:
        assert page.evaluate(FOCUSED_JS)["first"]
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_JS)["finding"] or page.evaluate(
        "document.activeElement.closest('li.finding') !== null")


def test_server_report_first_finding_within_three_tabs(web_page, live_server):
    sub_id = _store(live_server.app, "izin-keyboard.bpmn", FIXTURE.read_bytes())
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/laporan/{sub_id}")
    page.wait_for_function("() => window.ppbReport !== undefined")
    assert page.evaluate("document.activeElement.matches('.focus-start')")
    # the review box (tinjauan.js) sits at the top of the findings column: the third Tab
    # may land in its comment form
    _check(page, "lompat-temuan", skip_target_first=True, third_is_finding=False)
    assert page.remote == []


def test_cli_report_first_finding_within_three_tabs(tmp_path, open_page):
    page = open_page(write_report(tmp_path, [str(FIXTURE)]))
    page.evaluate("window.ppbReport.load(0)")
    page.evaluate("""() => { const s = document.querySelector('a.skip');
                             if (!s.id) s.id = 'lompat-daftar-temuan'; }""")
    _check(page, "lompat-daftar-temuan", skip_target_first=False)
    assert page.errors == [] and page.remote == []


def test_narrow_screen_keeps_the_diagram_above_the_findings(tmp_path, open_page):
    page = open_page(write_report(tmp_path, [str(FIXTURE)]), width=390, height=800)
    seen = _layout(page)
    assert seen["canvas"]["y"] < seen["findings"]["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_print_keeps_the_diagram_above_the_findings(tmp_path, open_page):
    page = open_page(write_report(tmp_path, [str(FIXTURE)]))
    page.emulate_media(media="print")
    pane = page.locator("section.file .diagram-pane").first.bounding_box()
    findings = page.locator("section.file .findings").first.bounding_box()
    assert pane["y"] + pane["height"] <= findings["y"] + 1


def test_focus_stays_when_the_reader_comes_to_a_fragment(tmp_path, open_page):
    url = write_report(tmp_path, [str(FIXTURE)]) + "#berkas-0"
    page = open_page(url)
    assert page.evaluate("document.activeElement === document.body")
    assert page.locator(".focus-start").count() == 0
