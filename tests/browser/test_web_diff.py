"""Two versions compared in a real browser: bpmn-js-differ colours what was added (green, on
the newer version), removed (red, on the older), changed and moved, and a click on a list
item points at the element on the diagram."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from .web_server import OPD_USER, live_server, monkeypatch_module, web_page  # noqa: F401

SAMPLE = Path(__file__).resolve().parents[2] / "bpmn_samples" / "pariaman" / \
    "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn"


def _store(app, data: bytes) -> int:
    from validator.web import services
    from validator.web.models import Opd

    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        return services.store_upload(sess, opd=opd, uploader=None, filename="beda-peramban.bpmn",
                                     data=data)[0].id


def test_versions_compared_on_the_diagram(live_server, web_page, tmp_path):
    old = SAMPLE.read_text("utf-8").replace('ppb:kode="', 'ppb:kode="PERAMBAN-')
    # version 2: one task renamed, one removed from the lane (kept in the process), one added
    new = old.replace('name="Memeriksa kelengkapan berkas permohonan"',
                      'name="Memeriksa berkas permohonan secara daring"', 1)
    new = new.replace("</bpmn:process>",
                      '<bpmn:task id="Task_Tambahan" name="Mengarsipkan berkas" /></bpmn:process>', 1)
    new = new.replace('<bpmndi:BPMNShape id="Task_InputDataKelahiran_di"',
                      '<bpmndi:BPMNShape id="Task_InputDataKelahiran_di_lama"', 1)
    a = _store(live_server.app, old.encode("utf-8"))
    b = _store(live_server.app, new.encode("utf-8"))

    page = web_page(width=1400, height=1000)
    page.login(*OPD_USER)
    page.goto(page.origin + f"/laporan/{b}/beda/{a}")
    page.wait_for_function("() => document.querySelector('[data-ppb-beda]').dataset.ready")
    root = page.locator("[data-ppb-beda]")
    assert root.get_attribute("data-ready") == "true", page.errors
    assert int(root.get_attribute("data-diff-changed")) >= 1
    # the renamed task is orange on both sides
    assert page.locator(".beda-lama .ppb-beda-diubah[data-element-id='Task_PeriksaBerkasAkta']").count() == 1
    assert page.locator(".beda-baru .ppb-beda-diubah[data-element-id='Task_PeriksaBerkasAkta']").count() == 1
    # the list names it with its old and new name, and a click points at it
    item = page.locator("li[data-elemen='Task_PeriksaBerkasAkta']")
    assert "Memeriksa berkas permohonan secara daring" in item.inner_text()
    item.click()
    page.wait_for_timeout(100)
    assert page.locator(".ppb-beda-sorot").count() >= 1, page.errors
    page.screenshot(path=str(tmp_path / "beda.png"), full_page=True)
    assert not page.remote, page.remote
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
