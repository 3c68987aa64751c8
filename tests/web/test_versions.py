"""Concurrent uploads of one file name in one OPD each get their own version number,
on SQLite (write lock taken before the version is read) and PostgreSQL (OPD row lock)."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from validator.web import services
from validator.web.models import Opd, Submission

from .helpers import good_bytes


def test_concurrent_uploads_get_consecutive_versions(app, db):
    barrier = threading.Barrier(8)
    outcomes: list[object] = []

    def upload() -> None:
        barrier.wait()
        try:
            with app.app_context(), db.session() as sess:
                opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
                outcomes.append(services.store_upload(sess, opd=opd, uploader=None,
                                                      filename="serentak-versi.bpmn",
                                                      data=good_bytes())[0].version)
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
