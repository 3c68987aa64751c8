"""Concurrent uploads of one map in one OPD each get their own version number, on SQLite
(write lock taken before the version is read) and PostgreSQL (OPD row lock); versions
count per map (its identity), whatever the file name."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from validator.web import services
from validator.web.models import Opd, Submission

from .helpers import as_map, good_bytes


def test_concurrent_uploads_get_consecutive_versions(app, db):
    fresh = as_map(good_bytes(), "Proses_Serentak")   # a map not stored yet
    barrier = threading.Barrier(8)
    outcomes: list[object] = []

    def upload() -> None:
        barrier.wait()
        try:
            with app.app_context(), db.session() as sess:
                opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
                outcomes.append(services.store_upload(sess, opd=opd, uploader=None,
                                                      filename="serentak-versi.bpmn",
                                                      data=fresh)[0].version)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding of this test
            outcomes.append(exc)

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    failures = [o for o in outcomes if not isinstance(o, int)]
    assert not failures, failures[:2]
    assert sorted(outcomes) == list(range(1, 9))
    with db.session() as sess:
        stored = sess.scalar(select(func.count()).select_from(Submission)
                             .where(Submission.filename == "serentak-versi.bpmn"))
    assert stored == 8


def _concurrently(app, db, uploads: list[tuple[str, bytes]]) -> list[object]:
    barrier = threading.Barrier(len(uploads))
    outcomes: list[object] = []

    def upload(name: str, data: bytes) -> None:
        barrier.wait()
        try:
            with app.app_context(), db.session() as sess:
                opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISPARBUD"))
                sub = services.store_upload(sess, opd=opd, uploader=None, filename=name, data=data)[0]
                outcomes.append((sub.map_key, sub.version))
        except Exception as exc:  # noqa: BLE001 - every failure is a finding of this test
            outcomes.append(exc)

    threads = [threading.Thread(target=upload, args=u) for u in uploads]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_one_map_under_several_names_at_once_counts_on(app, db):
    fresh = as_map(good_bytes(), "Proses_Banyak_Nama")
    outcomes = _concurrently(app, db, [(f"nama-{i}.bpmn", fresh) for i in range(6)])
    assert all(isinstance(o, tuple) for o in outcomes), outcomes[:2]
    assert sorted(outcomes) == [("proses:Proses_Banyak_Nama", v) for v in range(1, 7)]


def test_different_maps_under_one_name_at_once_are_each_version_1(app, db):
    outcomes = _concurrently(app, db, [("B.2.0-export.bpmn", as_map(good_bytes(), f"Proses_{i}"))
                                       for i in range(4)])
    assert sorted(outcomes) == [(f"proses:Proses_{i}", 1) for i in range(4)]
