"""Nothing in an uploaded archive is dropped silently: a plan file or any other non-map entry
is named with the reason it was not checked (API ``diabaikan``; a notice on the page)."""
from __future__ import annotations

import io

from .conftest import bearer, csrf_token, login
from .helpers import good_bytes, make_zip


def _archive() -> bytes:
    return make_zip({"kota/peta.bpmn": good_bytes(), "kota/rencana.yaml": b"rpjmd: {}\n",
                     "kota/BACA.txt": b"catatan", "__MACOSX/._peta.bpmn": b"x"})


def test_api_names_the_entries_it_did_not_check(client, token):
    r = client.post("/api/v1/validate", headers=bearer(token),
                    data={"file": (io.BytesIO(_archive()), "kota.zip")})
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    body = r.get_json()
    assert [f["path"] for f in body["files"]] == ["kota/peta.bpmn"]
    skipped = {s["berkas"]: s["alasan"] for s in body["diabaikan"]}
    assert set(skipped) == {"kota/rencana.yaml", "kota/BACA.txt"}
    assert "rencana aktif" in skipped["kota/rencana.yaml"] and "bukan peta BPMN" in skipped["kota/BACA.txt"]
    single = client.post("/api/v1/validate", headers=bearer(token), data=good_bytes(),
                         content_type="application/xml").get_json()
    assert "diabaikan" not in single


def test_the_upload_page_says_so(client):
    login(client, "disdukcapil", "disdukcapil-2025")
    page = client.get("/unggah").get_data(as_text=True)
    r = client.post("/unggah", data={"csrf_token": csrf_token(page),
                                     "berkas": (io.BytesIO(_archive()), "kota.zip")},
                    follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Tidak diperiksa dari arsip" in html and "kota/rencana.yaml" in html
