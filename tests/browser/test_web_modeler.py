"""The web modeler in a real browser: a round trip that proves nothing is dropped.

The demo OPD user opens a stored map from its report ("Perbaiki di modeler"), selects a
sub-process on the canvas, changes its ppb:kode in the "Peta Proses Bisnis" group of the
properties panel, validates (the server's finding is drawn on that element and on no
other), saves, and the server's newest stored version carries the new value and every
other ppb attribute of the original, unchanged. Headless Debian chromium may talk only
to the live server (tests/browser/web_server.py).
"""
from __future__ import annotations

import re

from lxml import etree
from sqlalchemy import select

from .web_server import OPD_USER, ROOT, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLE = SAMPLES / "pariaman" / "disdukcapil-level1-baik.bpmn"
PLAN = SAMPLES / "rencana-pariaman.yaml"
PPB_NS = "urn:ppb:permenpanrb-19-2018:1.0"
TARGET = "Sub_03_01_Dafduk"
NEW_KODE = "3.1"          # not the "03.01" pattern: PPB-NMK-005 reports it on TARGET

SEVERITY = {"error": "kesalahan", "warning": "peringatan", "info": "info"}


def rule_severity(rule_id: str) -> str:
    """The level the rule catalog gives a rule."""
    import yaml

    (path,) = (ROOT / "rules").glob(f"*/{rule_id}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["severity"]


MARKERS_JS = """() => [...document.querySelectorAll('#modeler-canvas .djs-element[data-element-id]')]
  .map((g) => [g.dataset.elementId, [...g.classList].filter((c) => c.startsWith('ppb-temuan-'))])
  .filter(([, marks]) => marks.length)"""


def _store_sample(app) -> int:
    """The sample plan as the active plan, and the sample map as a submission of the demo
    OPD user's OPD; its id."""
    from validator.web import services
    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        services.store_plan(sess, filename=PLAN.name, data=PLAN.read_bytes(), uploader=None)
        user = sess.scalar(select(User).where(User.username == OPD_USER[0]))
        stored = services.store_upload(sess, opd=user.opd, uploader=user, filename=SAMPLE.name,
                                       data=SAMPLE.read_bytes())
        sess.flush()
        return stored[0].id


def _newest(app, filename: str):
    from validator.web.models import Submission

    with app.extensions["ppb_db"].session() as sess:
        sub = sess.scalars(select(Submission).where(Submission.filename == filename)
                           .order_by(Submission.version.desc())).first()
        return sub.id, sub.version, bytes(sub.content)


def _ppb_attributes(data: bytes) -> dict[tuple[str, str], str]:
    """{(element id or tag, attribute): value} of every ppb attribute in a BPMN file."""
    root = etree.fromstring(data)
    out = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name.startswith("{%s}" % PPB_NS):
                out[(el.get("id") or etree.QName(el).localname, etree.QName(name).localname)] = value
    return out


def test_edit_validate_and_save_keeps_every_ppb_attribute(web_page, live_server):
    app = live_server.app
    first_id = _store_sample(app)
    _, first_version, original = _newest(app, SAMPLE.name)
    before = _ppb_attributes(original)
    assert before[(TARGET, "kode")] == "03.01" and len(before) > 20

    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/laporan/{first_id}")
    with page.expect_navigation():
        page.click("#perbaiki-di-modeler")
    assert page.url.endswith(f"/modeler/{first_id}")
    csp = page.evaluate("fetch(location.href).then((r) => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in csp and "unsafe" not in csp and "http" not in csp
    page.wait_for_selector("#modeler[data-ready='true']")
    assert page.locator(f'#modeler-canvas .djs-element[data-element-id="{TARGET}"]').count() == 1
    # live lint is on: its button sits on the canvas
    page.wait_for_selector("#modeler-canvas .bjsl-button")

    # select the sub-process on the canvas: the panel shows its ppb group
    shape = page.locator(f'#modeler-canvas .djs-shape[data-element-id="{TARGET}"]')
    box = shape.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 12)
    selected = "window.ppbModeler.modeler.get('selection').get().map((e) => e.id)"
    page.wait_for_function(f"() => JSON.stringify({selected}) === JSON.stringify(['{TARGET}'])")
    field = page.locator("#modeler-properti [data-entry-id='ppb-kode'] input")
    group = page.locator("#modeler-properti [data-group-id='group-ppb']")
    if not field.is_visible():
        group.locator(".bio-properties-panel-group-header").click()
    assert field.input_value() == "03.01"
    # the plan loaded from /api/v1/rencana turns ppb:sasaranRef into a list of its sasaran
    sasaran = page.locator("#modeler-properti [data-entry-id='ppb-sasaranRef'] select")
    page.wait_for_function("""() => document.querySelector(
        "#modeler-properti [data-entry-id='ppb-sasaranRef'] select") !== null""")
    options = sasaran.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
    assert "DUK-S1" in options and "S1.1" in options
    assert sasaran.input_value() == "DUK-S1"
    field.fill(NEW_KODE)
    page.wait_for_function(f"""() => window.ppbModeler.modeler.get('elementRegistry')
        .get('{TARGET}').businessObject.get('ppb:kode') === '{NEW_KODE}'""")

    # Validasi: the server's finding on that sub-process, and nowhere else
    page.click("#modeler-validasi")
    page.wait_for_selector("#modeler[data-validated]")
    item = page.locator(f"#modeler-temuan li[data-element='{TARGET}']")
    assert "PPB-NMK-005" in item.inner_text()
    # its level comes from the rule catalog (PPB-NMK-005 is a warning since the catalog's
    # levels follow their bases); the map has no other finding
    level = SEVERITY[rule_severity("PPB-NMK-005")]
    assert f"1 {level}" in page.inner_text("#modeler-status")
    assert page.evaluate(MARKERS_JS) == [[TARGET, [f"ppb-temuan-{rule_severity('PPB-NMK-005')}"]]]
    page.click("#modeler-canvas")       # a click on a finding selects its element again
    item.click()
    page.wait_for_function(f"() => JSON.stringify({selected}) === JSON.stringify(['{TARGET}'])")

    # Simpan: a new version of the same file, for the same OPD
    page.click("#modeler-simpan")
    page.wait_for_selector("#modeler[data-saved]")
    new_id, new_version, saved = _newest(app, SAMPLE.name)
    assert new_version == first_version + 1 and new_id != first_id
    assert page.evaluate("document.getElementById('modeler').dataset.saved") == str(new_id)
    assert re.search(rf"versi {new_version}\b", page.inner_text("#modeler-status"))
    assert page.get_attribute("#modeler-laporan-baru", "href") == f"/laporan/{new_id}"
    assert page.url.endswith(f"/modeler/{new_id}")

    after = _ppb_attributes(saved)
    assert after[(TARGET, "kode")] == NEW_KODE
    expected = {**before, (TARGET, "kode"): NEW_KODE}
    assert after == expected                 # nothing dropped, nothing else changed

    with app.extensions["ppb_db"].session() as sess:
        from validator.web.models import Submission

        sub = sess.get(Submission, new_id)
        assert sub.opd.singkatan == "DISDUKCAPIL" and sub.errors + sub.warnings == 1
    assert page.remote == []
    assert page.errors == []
