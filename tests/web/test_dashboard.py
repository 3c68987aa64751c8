"""The dashboard tells the truth: per OPD, counts from the newest version of every map."""
from __future__ import annotations

import re

from sqlalchemy import select

from validator.web import services
from validator.web.models import Opd

from .conftest import ADMIN, login
from .helpers import flawed_bytes, good_bytes


def _row(db, singkatan: str) -> dict:
    with db.session() as sess:
        return next(r for r in services.opd_overview(sess) if r["singkatan"] == singkatan)


def _store(db, singkatan: str, name: str, data: bytes) -> None:
    with db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == singkatan))
        services.store_upload(sess, opd=opd, uploader=None, filename=name, data=data)


def test_counts_come_from_the_newest_version_of_every_map(app, db):
    before = _row(db, "DISPARBUD")
    assert (before["peta"], before["jumlah_unggahan"], before["belum_mengunggah"]) == (0, 0, True)
    _store(db, "DISPARBUD", "peta-a.bpmn", flawed_bytes())
    _store(db, "DISPARBUD", "peta-b.bpmn", good_bytes())
    row = _row(db, "DISPARBUD")
    assert (row["peta"], row["peta_bermasalah"], row["peta_bersih"]) == (2, 1, 1)
    # a clean new version of the flawed map: one map, not three; nothing left to fix
    _store(db, "DISPARBUD", "peta-a.bpmn", good_bytes())
    row = _row(db, "DISPARBUD")
    assert (row["peta"], row["peta_bermasalah"], row["peta_bersih"], row["jumlah_unggahan"]) == (2, 0, 2, 3)
    # the newest upload is clean, but an older map still has errors: the OPD is not clean
    _store(db, "DISPARBUD", "peta-c.bpmn", flawed_bytes())
    _store(db, "DISPARBUD", "peta-d.bpmn", good_bytes())
    row = _row(db, "DISPARBUD")
    assert row["unggahan_terakhir"]["errors"] == 0
    assert (row["peta"], row["peta_bermasalah"]) == (4, 1)


def test_the_dashboard_page_shows_maps_not_uploads(app, client, db):
    _store(db, "DISPARBUD", "peta-a.bpmn", flawed_bytes())
    _store(db, "DISPARBUD", "peta-a.bpmn", flawed_bytes())
    _store(db, "DISPARBUD", "peta-b.bpmn", good_bytes())     # newest upload: clean
    login(client, *ADMIN)
    html = client.get("/dasbor").get_data(as_text=True)
    row = re.search(r'<tr[^>]*data-singkatan="DISPARBUD".*?</tr>', html, re.S).group(0)
    assert re.search(r'data-kolom="peta">2 <span class="muted"[^>]*>\(3 versi\)', row)
    assert 'data-value="1" data-kolom="bermasalah"' in row
    assert "1 peta perlu perbaikan" in row and "Semua peta tanpa kesalahan" not in row
