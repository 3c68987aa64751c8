"""The dashboard tells the truth: per OPD, counts from the newest version of every map."""
from __future__ import annotations

import re

from sqlalchemy import select

from validator.web import services
from validator.web.models import Opd

from .conftest import ADMIN, login
from .helpers import as_map, flawed_bytes, good_bytes


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
    _store(db, "DISPARBUD", "peta-a.bpmn", as_map(flawed_bytes(), "Proses_A"))
    _store(db, "DISPARBUD", "peta-b.bpmn", as_map(good_bytes(), "Proses_B"))
    row = _row(db, "DISPARBUD")
    assert (row["peta"], row["peta_bermasalah"], row["peta_bersih"]) == (2, 1, 1)
    # a clean new version of the flawed map: one map, not three; nothing left to fix
    _store(db, "DISPARBUD", "peta-a.bpmn", as_map(good_bytes(), "Proses_A"))
    row = _row(db, "DISPARBUD")
    assert (row["peta"], row["peta_bermasalah"], row["peta_bersih"], row["jumlah_unggahan"]) == (2, 0, 2, 3)
    # the newest upload is clean, but an older map still has errors: the OPD is not clean
    _store(db, "DISPARBUD", "peta-c.bpmn", as_map(flawed_bytes(), "Proses_C"))
    _store(db, "DISPARBUD", "peta-d.bpmn", as_map(good_bytes(), "Proses_D"))
    row = _row(db, "DISPARBUD")
    assert row["unggahan_terakhir"]["errors"] == 0
    assert (row["peta"], row["peta_bermasalah"]) == (4, 1)


def test_the_dashboard_page_shows_maps_not_uploads(app, client, db):
    _store(db, "DISPARBUD", "peta-a.bpmn", as_map(flawed_bytes(), "Proses_A"))
    _store(db, "DISPARBUD", "peta-a.bpmn", as_map(flawed_bytes(), "Proses_A"))
    _store(db, "DISPARBUD", "peta-b.bpmn", as_map(good_bytes(), "Proses_B"))   # newest: clean
    login(client, *ADMIN)
    html = client.get("/dasbor").get_data(as_text=True)
    row = re.search(r'<tr[^>]*data-singkatan="DISPARBUD".*?</tr>', html, re.S).group(0)
    assert re.search(r'data-kolom="peta">2 <span class="muted"[^>]*>\(3 versi\)', row)
    assert 'data-value="1" data-kolom="bermasalah"' in row
    assert "1 peta perlu perbaikan" in row and "Semua peta tanpa kesalahan" not in row


def test_maps_are_counted_by_identity_not_by_file_name(app, db):
    """One map under two file names is one map; two maps under one file name are two."""
    _store(db, "DISPARBUD", "lama.bpmn", as_map(flawed_bytes(), "Proses_A"))
    _store(db, "DISPARBUD", "baru-dinamai-ulang.bpmn", as_map(good_bytes(), "Proses_A"))
    row = _row(db, "DISPARBUD")
    assert (row["peta"], row["peta_bermasalah"], row["peta_bersih"], row["jumlah_unggahan"]) == (1, 0, 1, 2)
    _store(db, "DISPARBUD", "B.2.0-export.bpmn", as_map(flawed_bytes(), "Proses_X"))
    _store(db, "DISPARBUD", "B.2.0-export.bpmn", as_map(good_bytes(), "Proses_Y"))
    row = _row(db, "DISPARBUD")
    assert (row["peta"], row["peta_bermasalah"], row["peta_bersih"], row["jumlah_unggahan"]) == (3, 1, 2, 4)
    with db.session() as sess:
        newest = [s for s in services.latest_submissions(sess) if s.opd.singkatan == "DISPARBUD"]
    assert sorted(s.map_key for s in newest) == ["proses:Proses_A", "proses:Proses_X", "proses:Proses_Y"]
    assert {s.filename for s in newest if s.map_key == "proses:Proses_A"} == {"baru-dinamai-ulang.bpmn"}


def test_the_pemda_alignment_reads_two_maps_of_one_file_name(app, db):
    """The alignment of everything stored reads every newest map, even two of one OPD stored
    under the same file name."""
    with db.session() as sess:
        before = len(services.latest_submissions(sess))
        assert services.pemda_alignment(sess) is not None   # the demo data has a plan
    _store(db, "DISPARBUD", "B.2.0-export.bpmn", as_map(good_bytes(), "Proses_X"))
    _store(db, "DISPARBUD", "B.2.0-export.bpmn", as_map(good_bytes(), "Proses_Y"))
    with db.session() as sess:
        subs = services.latest_submissions(sess)
        names = [name for name, _ in services.set_names(subs)]
        assert len(subs) == before + 2 and len(set(names)) == len(names)
        assert services.pemda_alignment(sess) is not None
