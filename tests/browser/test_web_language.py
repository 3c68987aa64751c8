"""Bahasa Indonesia and keyboard reach in a real browser (issue 12, Musts 8 and 10).

- the web modeler's properties panel (groups, entries, the element type header) and its
  live lint (messages, the "child elements" heading) show Indonesian, and the lint's rule
  links go to the server's own /aturan/<id> pages, which answer;
- the upload page's file input is an Indonesian button with a file-name line, and an empty
  submit is answered by the server in Indonesian (no English browser bubble);
- on a report, the first finding is reached with the skip link: Tab, Enter, and focus is
  on it (within 3 key presses of page load).
Headless Debian chromium may talk only to the live server (tests/browser/web_server.py).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from .web_server import ADMIN, OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLE = SAMPLES / "pariaman" / "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn"
FLAWED = SAMPLES / "cacat" / "disdukcapil-level1-cacat.bpmn"

ENGLISH_PANEL = ("General", "Documentation", "Element documentation", "Name", "USER TASK",
                 "User Task", "Select an element")
# English of bpmnlint and bpmn-js-bpmnlint (rule names such as no-implicit-end may show)
ENGLISH_LINT = ("is missing", "Issues for child elements", "is not connected", "is an implicit",
                "is superfluous", "Sub process", "Errors", "Warnings", "Element ")


def _store(app, path) -> int:
    from validator.web import services
    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == OPD_USER[0]))
        stored = services.store_upload(sess, opd=user.opd, uploader=user, filename=path.name,
                                       data=path.read_bytes())
        sess.flush()
        return stored[0].id


def _panel_text(page) -> str:
    return page.evaluate("document.querySelector('#modeler-properti').innerText")


def test_modeler_panel_and_live_lint_speak_indonesian(web_page, live_server):
    sub_id = _store(live_server.app, SAMPLE)
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready='true']")

    # nothing selected: the panel shows the process (its header type is "Proses" or a
    # collaboration); then a user task
    task = page.evaluate("""() => window.ppbModeler.modeler.get('elementRegistry')
        .filter((e) => e.type === 'bpmn:UserTask')[0].id""")
    page.evaluate(f"""() => {{ const m = window.ppbModeler.modeler;
        m.get('selection').select(m.get('elementRegistry').get('{task}')); }}""")
    page.wait_for_selector("#modeler-properti [data-group-id='group-general']")
    header = page.inner_text("#modeler-properti .bio-properties-panel-header-type")
    assert header.strip().lower() == "tugas pengguna"
    # every group opened, so their entries are drawn too
    page.evaluate("""() => document.querySelectorAll(
        '#modeler-properti .bio-properties-panel-group-header:not(.open)').forEach((h) => h.click())""")
    page.wait_for_selector("#modeler-properti [data-group-id='group-documentation'] textarea")
    text = _panel_text(page)
    for word in ("Umum", "Dokumentasi", "Nama", "Dokumentasi elemen", "Peta Proses Bisnis"):
        assert word in text, (word, text[:800])
    lines = {line.strip() for line in text.splitlines()}
    for english in ENGLISH_PANEL:
        assert english not in lines, (english, text[:800])

    # a sub-process with nothing in it: live lint reports it (and, on the process, its
    # child's issues); every message and heading Indonesian, every rule link /aturan/<id>
    page.evaluate("""() => {
        const m = window.ppbModeler.modeler;
        const factory = m.get('elementFactory');
        const pool = m.get('elementRegistry').filter((e) => e.type === 'bpmn:Participant'
            && e.businessObject.processRef && (e.businessObject.processRef.flowElements || []).length)[0];
        const parent = pool || m.get('canvas').getRootElement();
        const at = pool ? { x: pool.x + pool.width - 150, y: pool.y + pool.height / 2 } : { x: 400, y: 900 };
        const shape = factory.createShape({ type: 'bpmn:SubProcess', isExpanded: true });
        m.get('modeling').createShape(shape, at, parent);
    }""")
    page.wait_for_function("""() => [...document.querySelectorAll('#modeler .bjsl-overlay')]
        .some((o) => o.textContent.includes('Subproses belum memiliki end event'))""")
    overlays = page.evaluate("""() => [...document.querySelectorAll('#modeler .bjsl-overlay')]
        .map((o) => o.textContent).join('\\n')""")
    for english in ENGLISH_LINT:
        assert english not in overlays, (english, overlays[:1500])
    button = page.inner_text("#modeler-canvas .bjsl-button")
    assert re.search(r"\d+ kesalahan, \d+ peringatan", button), button
    hrefs = page.evaluate("""() => [...document.querySelectorAll('#modeler .bjsl-overlay a[href]')]
        .map((a) => a.getAttribute('href'))""")
    assert hrefs and all(h.startswith("/aturan/") for h in hrefs), hrefs
    assert "/aturan/end-event-required" in hrefs
    for href in sorted(set(hrefs))[:6]:
        status = page.evaluate(f"fetch('{href}').then((r) => r.status)")
        assert status == 200, href
    assert page.remote == []
    # the only error the console saw: no plan loaded yet (/api/v1/rencana answers 404)
    assert [e for e in page.errors if "404" not in e] == []


def test_upload_file_input_is_indonesian_and_the_server_answers(web_page):
    page = web_page()
    page.login(*ADMIN)
    page.goto(f"{page.origin}/unggah")
    label = page.locator("label[for='berkas']")
    assert label.inner_text().strip() == "Pilih berkas…"
    assert label.is_visible()
    box = page.locator("#berkas").bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)   # the native control hidden
    assert page.inner_text("#dropzone-file") == "Belum ada berkas dipilih."
    # keyboard: the input itself is reachable and named by the Indonesian label
    page.focus("#berkas")
    assert page.evaluate("document.activeElement.id") == "berkas"
    assert page.evaluate("document.activeElement.labels[0].textContent.trim()") == "Pilih berkas…"
    # an empty submit goes to the server (no browser bubble) and comes back in Indonesian
    page.select_option("#opd", "DISDUKCAPIL")
    with page.expect_navigation():
        page.click("#kirim")
    assert "Pilih berkas peta" in page.inner_text("#upload-error")
    page.set_input_files("#berkas", files=[{"name": "peta.bpmn", "mimeType": "application/xml",
                                            "buffer": FLAWED.read_bytes()}])
    assert "peta.bpmn" in page.inner_text("#dropzone-file")
    # the plan page: the same button, its own name line kept up to date by berkas.js
    page.goto(f"{page.origin}/rencana")
    assert page.inner_text("label[for='berkas']").strip() == "Pilih berkas…"
    assert page.inner_text("#berkas-nama") == "Belum ada berkas dipilih."
    name = page.evaluate("""() => { const i = document.getElementById('berkas');
        return [...i.getAttribute('aria-labelledby').split(' ')]
            .map((id) => document.getElementById(id).textContent.trim()).join(' '); }""")
    assert name.startswith("Ganti rencana") and name.endswith("Pilih berkas…")
    page.set_input_files("#berkas", files=[{"name": "rencana.yaml", "mimeType": "text/yaml",
                                            "buffer": b"rpjmd: {}\n"}])
    assert page.inner_text("#berkas-nama") == "Berkas terpilih: rencana.yaml"
    with page.expect_navigation():
        page.set_input_files("#berkas", files=[])
        page.click("#kirim-rencana")
    assert "Pilih berkas rencana" in page.inner_text("#rencana-error")
    # the console saw only the 400s of the empty submits
    assert [e for e in page.errors if "400" not in e] == []


def test_first_finding_is_three_key_presses_away(web_page, live_server):
    sub_id = _store(live_server.app, FLAWED)
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/laporan/{sub_id}")
    page.wait_for_function("() => window.ppbReport !== undefined")
    # on load focus moves to the findings (tests/browser/test_keyboard.py); the skip link
    # is still the document's first stop: reach it as from the top
    page.focus("#lompat-temuan")
    assert page.evaluate("document.activeElement.id") == "lompat-temuan"
    assert page.locator("#lompat-temuan").is_visible()       # a skip link shows when focused
    assert page.inner_text("#lompat-temuan") == "Lompat ke temuan"
    page.keyboard.press("Enter")
    focused = page.evaluate("""() => ({ id: document.activeElement.id,
        cls: document.activeElement.className, first: document.querySelector('li.finding') ===
        document.activeElement })""")
    assert focused["first"] and focused["id"] == "temuan-pertama", focused
    # one more Tab: the finding's own rule link, to the server's rule page
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith("/aturan/")
    # Enter on that link opens the rule page (the finding's own key handler leaves links be)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)
    assert page.remote == []


# one shape of each kind the palette and the "Change element" menu make, in the sample's pool
CREATE_SHAPES = """() => {
    const m = window.ppbModeler.modeler;
    const factory = m.get('elementFactory'), modeling = m.get('modeling');
    const pool = m.get('elementRegistry').filter((e) => e.type === 'bpmn:Participant'
        && e.businessObject.processRef && (e.businessObject.processRef.flowElements || []).length)[0];
    const kinds = [
        ['bpmn:SubProcess', { isExpanded: true }], ['bpmn:SubProcess', {}], ['bpmn:CallActivity', {}],
        ['bpmn:ServiceTask', {}], ['bpmn:ScriptTask', {}], ['bpmn:SendTask', {}], ['bpmn:ReceiveTask', {}],
        ['bpmn:BusinessRuleTask', {}], ['bpmn:ManualTask', {}],
        ['bpmn:IntermediateCatchEvent', { eventDefinitionType: 'bpmn:TimerEventDefinition' }],
        ['bpmn:IntermediateThrowEvent', { eventDefinitionType: 'bpmn:MessageEventDefinition' }],
        ['bpmn:IntermediateThrowEvent', { eventDefinitionType: 'bpmn:SignalEventDefinition' }],
        ['bpmn:IntermediateCatchEvent', { eventDefinitionType: 'bpmn:ConditionalEventDefinition' }],
        ['bpmn:IntermediateThrowEvent', { eventDefinitionType: 'bpmn:LinkEventDefinition' }],
        ['bpmn:EndEvent', { eventDefinitionType: 'bpmn:ErrorEventDefinition' }],
        ['bpmn:EndEvent', { eventDefinitionType: 'bpmn:EscalationEventDefinition' }],
        ['bpmn:EndEvent', { eventDefinitionType: 'bpmn:TerminateEventDefinition' }],
        ['bpmn:ParallelGateway', {}], ['bpmn:InclusiveGateway', {}], ['bpmn:ComplexGateway', {}],
        ['bpmn:EventBasedGateway', {}], ['bpmn:DataObjectReference', {}],
        ['bpmn:DataStoreReference', {}], ['bpmn:TextAnnotation', {}]];
    let x = pool.x + 200;
    for (const [type, attrs] of kinds) {
        modeling.createShape(factory.createShape({ type, ...attrs }),
            { x, y: pool.y + pool.height - 60 }, pool);
        x += 40;
    }
    const task = m.get('elementRegistry').filter((e) => e.type === 'bpmn:UserTask')[0];
    modeling.createShape(factory.createShape({ type: 'bpmn:BoundaryEvent',
        eventDefinitionType: 'bpmn:TimerEventDefinition' }),
        { x: task.x + 10, y: task.y + task.height }, task, { attach: true });
}"""

# every element: selected (properties panel, every group open), its context pad and its
# "Change element" menu opened and closed
VISIT_ALL = """async () => {
    const m = window.ppbModeler.modeler;
    const pause = () => new Promise((r) => setTimeout(r, 30));
    for (const el of m.get('elementRegistry').filter((e) => e.type !== 'label')) {
        m.get('selection').select(el);
        await pause();
        document.querySelectorAll('#modeler-properti .bio-properties-panel-group-header:not(.open)')
            .forEach((h) => h.click());
        await pause();
        try { m.get('contextPad').open(el); } catch (e) { /* the root has none */ }
        try { m.get('popupMenu').open(el, 'bpmn-replace', { x: 100, y: 100 }); } catch (e) { /* none */ }
        await pause();
        m.get('popupMenu').close();
    }
}"""


def test_no_modeler_text_is_left_untranslated(web_page, live_server):
    """Every text bpmn-js, its panel and the live lint asked to translate has an Indonesian
    entry, save the messages of our own offline rules (Indonesian already)."""
    sub_id = _store(live_server.app, SAMPLE)
    page = web_page()
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/modeler/{sub_id}")
    page.wait_for_selector("#modeler[data-ready='true']")
    page.evaluate(CREATE_SHAPES)
    page.evaluate(VISIT_ALL)
    page.wait_for_timeout(800)     # the live lint runs after the last change
    kinds = page.evaluate("""() => new Set(window.ppbModeler.modeler.get('elementRegistry')
        .getAll().map((e) => e.type)).size""")
    assert kinds >= 25
    ppb_messages = set(page.evaluate("""() => Object.values(
        window.ppbModeler.modeler.get('linting')._issues || {}).flat()
        .filter((i) => String(i.rule).startsWith('ppb/')).map((i) => i.message)"""))
    missing = set(page.evaluate("() => [...window.ppbModeler.modeler.get('translate').missing]"))
    assert sorted(missing - ppb_messages) == []


def test_browser_form_checks_speak_indonesian(web_page, live_server):
    page = web_page()
    page.goto(f"{page.origin}/masuk")
    check = """(sel) => { const f = document.querySelector(sel); f.form.checkValidity();
        return f.validationMessage; }"""
    page.wait_for_load_state("load")
    assert page.evaluate(check, "#username") == "Bagian ini wajib diisi."
    page.fill("#username", "x")          # typing clears the message
    assert page.evaluate("document.querySelector('#username').validationMessage") == ""
    # a number out of range on the report's simulation form
    sub_id = _store(live_server.app, FLAWED)
    page.login(*OPD_USER)
    page.goto(f"{page.origin}/laporan/{sub_id}")
    page.wait_for_load_state("load")
    page.evaluate("document.querySelector('input[name=cases]').value = '0'")
    assert page.evaluate(check, "input[name=cases]") == "Nilai paling kecil 1."
    page.evaluate("document.querySelector('input[name=replications]').value = '99'")
    assert page.evaluate(check, "input[name=replications]") == "Nilai paling besar 50."
