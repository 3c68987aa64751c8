"""Editions: verified versions, one per map, enacted by nomor and tanggal, immutable after."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from validator.web.models import Submission

from .conftest import bearer


def _sample_id(db, name: str) -> int:
    """The newest version of the map first stored under ``name``."""
    with db.session() as sess:
        first = sess.scalar(select(Submission).where(Submission.filename == name)
                            .order_by(Submission.id).limit(1))
        return sess.scalar(select(Submission.id).where(Submission.opd_id == first.opd_id,
                                                       Submission.map_key == first.map_key)
                           .order_by(Submission.version.desc()).limit(1))


def _verify(client, admin_token, sid: int) -> None:
    for action in ("ajukan", "verifikasi"):
        resp = client.post(f"/api/v1/submissions/{sid}/{action}", json={},
                           headers=bearer(admin_token))
        assert resp.status_code == 200, resp.get_json()


def _new_edition(client, admin_token, **extra) -> int:
    resp = client.post("/api/v1/edisi", json={"nama": "Peta Proses Bisnis Kota Pariaman 2025",
                                              "tahun": 2025, **extra}, headers=bearer(admin_token))
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def test_full_cycle_to_an_enacted_immutable_edition(client, db, admin_token, token):
    level0 = _sample_id(db, "pemda-level0-baik.bpmn")
    level1 = _sample_id(db, "disdukcapil-level1-baik.bpmn")
    eid = _new_edition(client, admin_token)

    # a draft version is refused with 409 and says its stage
    resp = client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": level1},
                       headers=bearer(admin_token))
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "NOT_VERIFIED"
    assert "Draf" in resp.get_json()["error"]["message"]

    for sid in (level0, level1):
        _verify(client, admin_token, sid)
        assert client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": sid},
                           headers=bearer(admin_token)).status_code == 201

    body = client.get(f"/api/v1/edisi/{eid}", headers=bearer(admin_token)).get_json()
    assert {m["submission"] for m in body["peta"]} == {level0, level1}
    gaps = body["kekurangan"]
    assert gaps["level0"] is True
    missing = {o["singkatan"] for o in gaps["opdTanpaLevel1"]}
    assert "DISDUKCAPIL" not in missing and "DINKES" in missing and "PEMKO" not in missing
    assert gaps["prosesTanpaPetaTurunan"], "Level 0 processes of other OPDs have no lower map yet"
    # the hierarchy rules ran on exactly these two maps: Level 0 processes without a lower map
    set_rules = {f["rule"] for f in gaps["temuanSet"]}
    assert "PPB-LVL-004" in set_rules, set_rules

    # a draft edition is the admin's and verifikator's; an OPD user does not see it
    assert client.get(f"/api/v1/edisi/{eid}", headers=bearer(token)).status_code == 404
    # only an admin enacts
    assert client.post(f"/api/v1/edisi/{eid}/tetapkan", json={"nomor": "1", "tanggal": "2025-12-01"},
                       headers=bearer(token)).status_code == 404
    bad = client.post(f"/api/v1/edisi/{eid}/tetapkan", json={"nomor": "188/1/2025", "tanggal": "31-12-2025"},
                      headers=bearer(admin_token))
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "BAD_DATE"

    done = client.post(f"/api/v1/edisi/{eid}/tetapkan",
                       json={"nomor": "188.45/321/KPTS/2025", "tanggal": "2025-12-01"},
                       headers=bearer(admin_token))
    assert done.status_code == 200, done.get_json()
    enacted = done.get_json()
    assert enacted["status"] == "ditetapkan" and len(enacted["sha256"]) == 64
    # every member is now enacted
    sub = client.get(f"/api/v1/submissions/{level1}/tahap", headers=bearer(admin_token)).get_json()
    assert sub["tahap"] == "ditetapkan"

    # every change is refused with 409, and the edition stays as it was
    for method, url, payload in (
            ("post", f"/api/v1/edisi/{eid}/peta", {"submission": level0}),
            ("delete", f"/api/v1/edisi/{eid}/peta/{level0}", None),
            ("post", f"/api/v1/edisi/{eid}/tetapkan", {"nomor": "2", "tanggal": "2025-12-02"})):
        resp = getattr(client, method)(url, json=payload, headers=bearer(admin_token))
        assert resp.status_code == 409, (url, resp.get_json())
        assert resp.get_json()["error"]["code"] == "EDITION_ENACTED"
    again = client.get(f"/api/v1/edisi/{eid}", headers=bearer(admin_token)).get_json()
    assert again["sha256"] == enacted["sha256"] and again["nomor"] == "188.45/321/KPTS/2025"

    # the enacted edition is read by every signed-in user
    seen = client.get(f"/api/v1/edisi/{eid}", headers=bearer(token))
    assert seen.status_code == 200 and seen.get_json()["status"] == "ditetapkan"

    # a revision starts as a copy and the two compare
    rid = _new_edition(client, admin_token, salinDari=eid)
    copy = client.get(f"/api/v1/edisi/{rid}", headers=bearer(admin_token)).get_json()
    assert {m["submission"] for m in copy["peta"]} == {level0, level1} and copy["status"] == "draf"
    assert client.delete(f"/api/v1/edisi/{rid}/peta/{level1}",
                         headers=bearer(admin_token)).status_code == 200
    diff = client.get(f"/api/v1/edisi/{eid}/beda/{rid}", headers=bearer(admin_token)).get_json()
    assert [m["submission"] for m in diff["dihapus"]] == [level1] and diff["sama"] == 1


def test_roles_and_bad_bodies(client, admin_token, token):
    assert client.post("/api/v1/edisi", json={"nama": "X", "tahun": 2025},
                       headers=bearer(token)).status_code == 403
    resp = client.post("/api/v1/edisi", data="bukan json", content_type="application/json",
                       headers=bearer(admin_token))
    assert resp.status_code == 400
    resp = client.post("/api/v1/edisi", json={"nama": "", "tahun": 2025}, headers=bearer(admin_token))
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "BAD_NAME"
    resp = client.post("/api/v1/edisi", json={"nama": "Edisi", "tahun": "dua ribu"},
                       headers=bearer(admin_token))
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "BAD_YEAR"
    assert client.get("/api/v1/edisi/424242", headers=bearer(admin_token)).status_code == 404
    eid = _new_edition(client, admin_token)
    resp = client.post(f"/api/v1/edisi/{eid}/tetapkan", json={"nomor": "1", "tanggal": "2025-01-01"},
                       headers=bearer(admin_token))
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "EMPTY_EDITION"


def test_newer_verified_version_replaces_the_older(client, db, app, admin_token):
    from validator.web import services
    from validator.web.models import Opd

    sid = _sample_id(db, "disdukcapil-level1-baik.bpmn")
    _verify(client, admin_token, sid)       # only the newest version may be submitted
    with db.session() as sess:
        data = bytes(sess.get(Submission, sid).content)
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        with app.app_context():
            newer = services.store_upload(sess, opd=opd, uploader=None,
                                          filename="disdukcapil-level1-baik.bpmn", data=data)[0].id
    _verify(client, admin_token, newer)
    eid = _new_edition(client, admin_token)
    client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": sid}, headers=bearer(admin_token))
    resp = client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": newer},
                       headers=bearer(admin_token))
    assert resp.status_code == 201 and resp.get_json()["digantikan"] == sid
    assert [m["submission"] for m in resp.get_json()["peta"]] == [newer]


def test_two_admins_enacting_at_once_one_wins(app, client, db, admin_token):
    sid = _sample_id(db, "pemda-level0-baik.bpmn")
    _verify(client, admin_token, sid)
    eid = _new_edition(client, admin_token)
    client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": sid}, headers=bearer(admin_token))
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def enact(n: int) -> None:
        c = app.test_client()
        barrier.wait()
        statuses.append(c.post(f"/api/v1/edisi/{eid}/tetapkan",
                               json={"nomor": f"188/{n}/2025", "tanggal": "2025-12-01"},
                               headers=bearer(admin_token)).status_code)

    threads = [threading.Thread(target=enact, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200, 409], statuses


@pytest.mark.parametrize("who", ["admin", "opd"])
def test_pages(client, login, db, admin_token, who):
    from .conftest import ADMIN, OPD_USER

    sid = _sample_id(db, "pemda-level0-baik.bpmn")
    _verify(client, admin_token, sid)
    eid = _new_edition(client, admin_token)
    client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": sid}, headers=bearer(admin_token))
    login(client, *(ADMIN if who == "admin" else OPD_USER))
    resp = client.get(f"/edisi/{eid}")
    if who == "opd":
        assert resp.status_code == 404   # a draft is not theirs to read
        return
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and f'data-submission="{sid}"' in html
    assert 'id="form-tetapkan"' in html and "OPD tanpa peta Level 1" in html


def test_ids_beyond_the_integer_columns_are_refused_not_crashed(client, admin_token, token):
    huge = 10 ** 30
    resp = client.post("/api/v1/edisi", json={"nama": "Edisi", "tahun": 2025, "salinDari": huge},
                       headers=bearer(admin_token))
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "NOT_FOUND"
    eid = _new_edition(client, admin_token)
    for value in (huge, -3, "x", True, 1.5, [1]):
        resp = client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": value},
                           headers=bearer(admin_token))
        assert resp.status_code == 422, (value, resp.get_json())
        assert resp.get_json()["error"]["code"] == "BAD_SUBMISSION"
    # a reply to a comment id no column can hold is refused in Indonesian
    resp = client.post("/api/v1/submissions/1/komentar", json={"teks": "x", "balasan": huge},
                       headers=bearer(admin_token))
    assert 400 <= resp.status_code < 500, resp.get_json()
