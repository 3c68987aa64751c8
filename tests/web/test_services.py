"""store_upload and the access functions: what is stored, what is refused, who sees what."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from validator import __version__
from validator.web import services
from validator.web.models import Opd, Submission, User
from validator.web.security import Limits

from .helpers import (BILLION_LAUGHS, EXTERNAL_DTD, NOT_BPMN, NOT_XML, SAMPLES, XXE, flawed_bytes,
                      good_bytes, make_zip)


def _opd(sess, singkatan="DISDUKCAPIL"):
    return sess.scalar(select(Opd).where(Opd.singkatan == singkatan))


def _user(sess, username):
    return sess.scalar(select(User).where(User.username == username))


def _count(db) -> int:
    with db.session() as sess:
        return sess.scalar(select(func.count(Submission.id)))


def test_store_one_file(app, db):
    with app.app_context(), db.session() as sess:
        subs = services.store_upload(sess, opd=_opd(sess), uploader=_user(sess, "disdukcapil"),
                                     filename="C:\\Peta\\cacat.bpmn", data=flawed_bytes())
        assert len(subs) == 1
        sub = subs[0]
        sid = sub.id
    with db.session() as sess:
        sub = sess.get(Submission, sid)
        assert sub.filename == "cacat.bpmn"
        assert sub.content == flawed_bytes()
        assert sub.sha256 == hashlib.sha256(flawed_bytes()).hexdigest()
        assert sub.size == len(flawed_bytes())
        assert sub.validator_version == __version__
        assert sub.catalog_version == services.catalog().version
        assert sub.profile == "standar" and sub.status == "ok"
        report = services.report_for(sub)
        assert [f["path"] for f in report["files"]] == ["cacat.bpmn"]
        assert report["summary"]["error"] == sub.errors > 0
        assert report["summary"]["warning"] == sub.warnings
        assert sub.created_at is not None and sub.uploader.username == "disdukcapil"
        assert services.submission_bytes(sub) == flawed_bytes()


def test_versions_count_up_per_opd_and_map(app, db):
    # versions count per map identity (tests/web/test_identity.py): the demo data holds
    # this map in DISDUKCAPIL already (two versions), not in DPMPTSP
    with app.app_context(), db.session() as sess:
        a = services.store_upload(sess, opd=_opd(sess), uploader=None, filename="x.bpmn", data=good_bytes())
        b = services.store_upload(sess, opd=_opd(sess), uploader=None, filename="x.bpmn", data=good_bytes())
        c = services.store_upload(sess, opd=_opd(sess, "DPMPTSP"), uploader=None, filename="x.bpmn",
                                  data=good_bytes())
        assert (a[0].version, b[0].version, c[0].version) == (3, 4, 1)
        assert a[0].map_key == b[0].map_key == c[0].map_key == "proses:Proses_Disdukcapil"


def test_store_zip_of_maps(app, db):
    before = _count(db)
    data = make_zip({"peta/baik.bpmn": good_bytes(), "peta/cacat.bpmn": flawed_bytes(),
                     "LIHAT-SAYA.txt": b"abaikan"})
    with app.app_context(), db.session() as sess:
        subs = services.store_upload(sess, opd=_opd(sess), uploader=None, filename="peta.zip", data=data)
        assert [s.filename for s in subs] == ["peta/baik.bpmn", "peta/cacat.bpmn"]
        assert subs[0].errors == 0 and subs[1].errors > 0
    assert _count(db) == before + 2


@pytest.mark.parametrize("data, code", [
    (NOT_BPMN, "NOT_BPMN"), (NOT_XML, "NOT_WELL_FORMED"), (BILLION_LAUGHS, "FORBIDDEN_DTD"),
    (XXE, "FORBIDDEN_DTD"), (EXTERNAL_DTD, "FORBIDDEN_DTD"), (b"   \n", "EMPTY"),
])
def test_unreadable_maps_are_refused_with_the_validator_code(app, db, data, code):
    before = _count(db)
    with app.app_context(), db.session() as sess:
        with pytest.raises(services.UploadError) as exc:
            services.store_upload(sess, opd=_opd(sess), uploader=None, filename="a.bpmn", data=data)
    assert exc.value.code == code
    assert exc.value.http_status in (400, 422)
    assert exc.value.message_id and "Berkas" in exc.value.message_id
    assert _count(db) == before


def test_one_bad_map_in_a_zip_refuses_the_whole_zip(app, db):
    before = _count(db)
    data = make_zip({"a.bpmn": good_bytes(), "b.bpmn": NOT_BPMN})
    with app.app_context(), db.session() as sess:
        with pytest.raises(services.UploadError) as exc:
            services.store_upload(sess, opd=_opd(sess), uploader=None, filename="p.zip", data=data)
    assert exc.value.code == "NOT_BPMN" and "'b.bpmn'" in exc.value.message_id
    assert _count(db) == before


def test_limits_give_413(app, db):
    with app.app_context(), db.session() as sess:
        with pytest.raises(services.UploadError) as exc:
            services.store_upload(sess, opd=_opd(sess), uploader=None, filename="a.bpmn",
                                  data=good_bytes(), limits=Limits(max_file_bytes=1000))
    assert (exc.value.code, exc.value.http_status) == ("FILE_TOO_LARGE", 413)


def test_unknown_profile(app, db):
    with app.app_context(), db.session() as sess:
        with pytest.raises(services.UploadError) as exc:
            services.store_upload(sess, opd=_opd(sess), uploader=None, filename="a.bpmn",
                                  data=good_bytes(), profile="tidak-ada")
    assert (exc.value.code, exc.value.http_status) == ("UNKNOWN_PROFILE", 400)


def test_a_failure_midway_leaves_nothing_written(app, db, monkeypatch):
    """One upload, one transaction: the first file is already flushed when the second fails."""
    before = _count(db)
    real = services._add_submission
    calls = []

    def failing(sess, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            assert sess.scalar(select(func.count(Submission.id))) == before + 1  # really flushed
            raise RuntimeError("disk penuh (disimulasikan)")
        return real(sess, *args, **kwargs)

    monkeypatch.setattr(services, "_add_submission", failing)
    data = make_zip({"a.bpmn": good_bytes(), "b.bpmn": flawed_bytes(), "c.bpmn": good_bytes()})
    with pytest.raises(RuntimeError):
        with app.app_context(), db.session() as sess:
            services.store_upload(sess, opd=_opd(sess), uploader=None, filename="p.zip", data=data)
    assert len(calls) == 2
    assert _count(db) == before


def test_visibility(app, db):
    with db.session() as sess:
        admin, opd_user, other = _user(sess, "admin"), _user(sess, "disdukcapil"), _user(sess, "dpmptsp")
        everything = services.visible_submissions(sess, admin)
        mine = services.visible_submissions(sess, opd_user)
        theirs = services.visible_submissions(sess, other)
        assert len(everything) == len(list(SAMPLES.rglob("*.bpmn")))   # every seeded sample
        assert mine and all(s.opd.singkatan == "DISDUKCAPIL" for s in mine)
        assert theirs and all(s.opd.singkatan == "DPMPTSP" for s in theirs)
        # an OPD user asking for another OPD gets nothing
        assert services.visible_submissions(sess, opd_user, "DPMPTSP") == []
        assert len(services.visible_submissions(sess, admin, "DPMPTSP")) == len(theirs)
        for sub in theirs:
            assert services.get_submission(sess, opd_user, sub.id) is None
            assert services.get_submission(sess, admin, sub.id).id == sub.id
            assert services.get_submission(sess, other, sub.id).id == sub.id
        assert services.get_submission(sess, admin, 999999) is None
        assert services.get_submission(sess, admin, "x") is None
        created = [s.created_at for s in services.history(sess, _opd(sess))]
        assert created == sorted(created, reverse=True)


def test_opd_overview(db):
    with db.session() as sess:
        rows = {r["singkatan"]: r for r in services.opd_overview(sess)}
    assert rows["DISDUKCAPIL"]["jumlah_unggahan"] == 7     # Level 1 pair, KTP-el pair, 3 CFM of the set
    assert rows["DISDUKCAPIL"]["belum_mengunggah"] is False
    last = rows["DISDUKCAPIL"]["unggahan_terakhir"]
    assert {"waktu", "errors", "warnings"} <= set(last)
    assert rows["DINKES"]["jumlah_unggahan"] == 3          # Level 1 and 2 CFM of the sample set
    assert rows["DISPARBUD"]["belum_mengunggah"] is True and rows["DISPARBUD"]["unggahan_terakhir"] is None
    assert rows["PEMKO"]["jumlah_unggahan"] == 2


def test_render_submission_formats(app, db):
    with app.app_context(), db.session() as sess:
        sub = services.visible_submissions(sess, _user(sess, "admin"))[0]
        assert services.render_submission(sub, "xlsx")[:2] == b"PK"
        assert '"files"' in services.render_submission(sub, "json")
