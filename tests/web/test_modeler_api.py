"""POST /api/v1/peta/cari: the Camunda Modeler plugin holds only the diagram's XML and asks
which stored map it is (its identity: ppb:kode, else process id ...), the versions the
caller may see and the comment threads of the newest. An OPD user never learns of another
OPD's map; an unknown map answers ``{"peta": null}``; a hostile or oversized body answers as
/api/v1/validate does. Every test runs on SQLite and on PostgreSQL (conftest's ``app``)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from validator.web import accounts, services
from validator.web.models import User

from .conftest import OPD_USER, bearer, make_token
from .helpers import BILLION_LAUGHS, EXTERNAL_DTD, GOOD, NOT_BPMN, NOT_XML, XXE, make_zip

VERIF = ("verif.cari", "batang-arau-jernih")
KODE = "02.99"
ELEMENT = "Sub_03_01_Dafduk"
FIND = "/api/v1/peta/cari"


def _with_kode(data: bytes, kode: str = KODE) -> bytes:
    """The sample with a map-level ppb:kode on its definitions (its identity from then on)."""
    return data.replace(b' ppb:level="1"', f' ppb:level="1" ppb:kode="{kode}"'.encode(), 1)


def _store(app, data: bytes, name: str, username: str = OPD_USER[0]) -> int:
    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == username))
        stored = services.store_upload(sess, opd=user.opd, uploader=user, filename=name, data=data)
        sess.flush()
        return stored[0].id


@pytest.fixture
def people(app):
    with app.extensions["ppb_db"].session() as sess:
        accounts.create_user(sess, username=VERIF[0], role="verifikator", password=VERIF[1])
    return {"opd": make_token(app, OPD_USER[0]), "other": make_token(app, "dpmptsp"),
            "verif": make_token(app, VERIF[0])}


def _find(client, token: str | None, data: bytes, **query):
    headers = {"Content-Type": "application/xml"}
    if token:
        headers.update(bearer(token))
    return client.post(FIND, data=data, headers=headers, query_string=query)


def test_a_renamed_file_is_found_by_its_kode_with_versions_and_comments(app, client, people):
    data = _with_kode(GOOD.read_bytes())
    first = _store(app, data, "peta-dafduk.bpmn")
    # the next version: another process id, same kode (the key stays kode:02.99)
    second = _store(app, data.replace(b"Proses_Disdukcapil", b"Proses_Baru"), "peta-dafduk-v2.bpmn")
    r = client.post(f"/api/v1/submissions/{first}/komentar", headers=bearer(people["verif"]),
                    json={"elemen": ELEMENT, "teks": "Kode sub kegiatan belum sesuai"})
    assert r.status_code == 201
    client.post(f"/api/v1/submissions/{second}/ajukan", headers=bearer(people["opd"]))

    # the editor's file has yet another name and process id: the kode finds the map
    edited = data.replace(b"Proses_Disdukcapil", b"Proses_Lokal")
    r = _find(client, people["opd"], edited, filename="nama-lain-sama-sekali.bpmn")
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["kunci"] == f"kode:{KODE}"
    peta = body["peta"]
    assert peta["kunci"] == f"kode:{KODE}" and peta["opd"]["singkatan"] == "DISDUKCAPIL"
    assert [v["id"] for v in peta["versi"]] == [second, first]          # newest first
    assert [v["version"] for v in peta["versi"]] == [2, 1]
    assert [v["tahap"] for v in peta["versi"]] == ["diajukan", "draf"]
    assert peta["submission"] == second and peta["tahap"] == "diajukan"
    assert peta["bolehKomentar"] is True
    assert peta["links"]["komentar"] == f"/api/v1/submissions/{second}/komentar"
    # the thread made on version 1 shows on the newest, marked with its version
    (thread,) = body["komentar"]
    assert body["count"] == 1
    assert thread["elemen"] == ELEMENT and thread["dariVersiSebelumnya"] is True
    assert thread["catatanVersi"] == "dibuat pada versi 1" and thread["elemenAda"] is True

    # the same XML as a multipart file answers the same map
    r = client.post(FIND, headers=bearer(people["opd"]),
                    data={"file": (__import__("io").BytesIO(edited), "x.bpmn")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and r.get_json()["peta"]["submission"] == second


def test_another_opds_map_is_never_revealed_to_an_opd_user(app, client, people):
    data = _with_kode(GOOD.read_bytes(), "07.07")
    theirs = _store(app, data, "peta-dpmptsp.bpmn", username="dpmptsp")
    client.post(f"/api/v1/submissions/{theirs}/komentar", headers=bearer(people["verif"]),
                json={"elemen": None, "teks": "Rahasia OPD lain"})

    # Disdukcapil holds no map with that kode: nothing, not DPMPTSP's
    r = _find(client, people["opd"], data)
    assert r.status_code == 200
    body = r.get_json()
    assert body["peta"] is None and body["komentar"] == [] and body["count"] == 0
    assert "Rahasia" not in r.get_data(as_text=True) and "DPMPTSP" not in r.get_data(as_text=True)
    # nor when it names that OPD
    assert _find(client, people["opd"], data, opd="DPMPTSP").get_json()["peta"] is None

    # its own OPD's user and a verifikator find it
    assert _find(client, people["other"], data).get_json()["peta"]["submission"] == theirs
    seen = _find(client, people["verif"], data).get_json()
    assert seen["peta"]["opd"]["singkatan"] == "DPMPTSP" and seen["count"] == 1

    # both OPDs hold the kode: each OPD user gets its own map only
    mine = _store(app, data, "peta-saya.bpmn")
    body = _find(client, people["opd"], data).get_json()
    assert [v["id"] for v in body["peta"]["versi"]] == [mine]
    assert body["peta"]["opd"]["singkatan"] == "DISDUKCAPIL" and body["komentar"] == []
    assert [v["id"] for v in _find(client, people["other"], data).get_json()["peta"]["versi"]] \
        == [theirs]
    # a verifikator chooses with ?opd=
    assert _find(client, people["verif"], data, opd="DPMPTSP").get_json()["peta"]["submission"] \
        == theirs


def test_no_stored_map_answers_peta_null(app, client, people):
    r = _find(client, people["opd"], _with_kode(GOOD.read_bytes(), "99.98"))
    assert r.status_code == 200
    assert r.get_json() == {"kunci": "kode:99.98", "judul": r.get_json()["judul"],
                            "uraian": "kode proses 99.98", "peta": None, "komentar": [],
                            "count": 0}


def test_without_a_token_401(app, client):
    r = _find(client, None, GOOD.read_bytes())
    assert r.status_code == 401 and r.get_json()["error"]["code"]
    r = _find(client, "ppb_bukan-token", GOOD.read_bytes())
    assert (r.status_code, r.get_json()["error"]["code"]) == (401, "INVALID_TOKEN")


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE, EXTERNAL_DTD, NOT_XML, NOT_BPMN, b""],
                         ids=["billion-laughs", "xxe", "external-dtd", "not-xml", "not-bpmn", "empty"])
def test_hostile_xml_answers_as_validate_does(app, client, people, body):
    headers = {"Content-Type": "application/xml", **bearer(people["opd"])}
    want = client.post("/api/v1/validate", data=body, headers=headers)
    got = client.post(FIND, data=body, headers=headers)
    assert want.status_code >= 400
    assert got.status_code == want.status_code
    assert got.get_json()["error"]["code"] == want.get_json()["error"]["code"]
    assert "Traceback" not in got.get_data(as_text=True)


def test_an_oversized_file_answers_413_as_validate_does(app, client, people):
    data = GOOD.read_bytes()
    app.config["MAX_FILE_BYTES"] = len(data) - 1
    headers = {"Content-Type": "application/xml", **bearer(people["opd"])}
    want = client.post("/api/v1/validate", data=data, headers=headers)
    got = client.post(FIND, data=data, headers=headers)
    assert (got.status_code, got.get_json()["error"]["code"]) == (413, "FILE_TOO_LARGE")
    assert (want.status_code, want.get_json()["error"]["code"]) == (413, "FILE_TOO_LARGE")
    assert got.get_json()["error"]["message"] == want.get_json()["error"]["message"]


def test_an_archive_is_refused_415(app, client, people):
    r = client.post(FIND, data=make_zip({"a.bpmn": GOOD.read_bytes()}),
                    headers={"Content-Type": "application/zip", **bearer(people["opd"])})
    assert (r.status_code, r.get_json()["error"]["code"]) == (415, "UNSUPPORTED_TYPE")
    assert "satu peta" in r.get_json()["error"]["message"]


def test_a_session_post_needs_the_csrf_header(app, client, login):
    login(client, *OPD_USER)
    r = client.post(FIND, data=GOOD.read_bytes(), headers={"Content-Type": "application/xml"})
    assert (r.status_code, r.get_json()["error"]["code"]) == (403, "CSRF")
