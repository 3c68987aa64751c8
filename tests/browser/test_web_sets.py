"""The set report page in a real browser: a ZIP of the Pariaman sample maps uploaded by an
OPD user becomes one set, whose page shows the alignment matrix with its gaps, the cascade
tree, the per-OPD table and the set findings, under the pages' CSP, and links every map."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from .web_server import ADMIN, OPD_USER, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

PLAN = SAMPLES / "rencana-pariaman.yaml"


def _archive(folder: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted((SAMPLES / "pariaman").glob("*.bpmn")):
            zf.writestr(f"pariaman/{p.name}", p.read_bytes())
        zf.writestr("pariaman/rencana.yaml", PLAN.read_bytes())
    path = folder / "pariaman.zip"
    path.write_bytes(buf.getvalue())
    return path


def _activate_plan(app) -> None:
    from sqlalchemy import select

    from validator.web import services
    from validator.web.models import User

    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        admin = sess.scalar(select(User).where(User.username == ADMIN[0]))
        services.store_plan(sess, filename=PLAN.name, data=PLAN.read_bytes(), uploader=admin)


def test_the_set_page_shows_the_alignment_and_the_set_findings(web_page, live_server, tmp_path):
    _activate_plan(live_server.app)
    page = web_page(width=1400, height=1000)
    page.login(*OPD_USER)
    page.goto(page.origin + "/unggah")
    page.set_input_files("#berkas", str(_archive(tmp_path)))
    with page.expect_navigation():
        page.click("#kirim")
    page.wait_for_url("**/set/*")
    assert page.inner_text("h1").startswith("Laporan set")
    # the maps with their counts, each linking to its own report
    rows = page.locator("#tabel-set-peta tbody tr")
    assert rows.count() == 15
    assert page.locator("#tabel-set-peta a[href^='/laporan/']").count() == 15
    # the plan that checked it, and the plan in the archive named as not used
    note = page.inner_text("#set-rencana")
    assert "rencana-pariaman.yaml" in note and "pariaman/rencana.yaml" in note
    # the alignment matrix with its gaps, styled by the report's own set styles
    matrix = page.locator("#set-matriks table.matrix")
    assert matrix.is_visible()
    assert page.locator("#set-matriks tbody tr").count() > 3
    assert page.locator("#set-matriks td.cell.via-direct").count() > 0
    assert page.evaluate("getComputedStyle(document.querySelector('#set-matriks thead th')).position") == "sticky"
    assert "KES-S3" in page.inner_text("#set-sasaran-kosong")
    assert page.locator("#set-pohon .tree-misi").count() > 0
    assert page.locator("#set-opd tr.opd-row").count() > 3
    # a set finding, with its place (the sasaran no process serves)
    finding = page.locator("#set-temuan li.set-finding[data-rule='PPB-ALN-003']")
    assert finding.count() == 1 and finding.is_visible()
    assert finding.get_attribute("data-subject") == "KES-S3"
    finding.scroll_into_view_if_needed()
    shot = Path(os.environ.get("PPB_SHOTS", tmp_path)) / "set-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10000
    assert page.errors == [] and page.remote == []
    # OPD users do not get the admin's re-check button
    assert page.locator("#periksa-ulang").count() == 0
