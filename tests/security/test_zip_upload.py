"""Reading uploads safely: ZIP limits, zip bombs, unsafe paths and links, file limits."""
from __future__ import annotations

import random
import struct
import zipfile

import pytest

from validator.web.security import Limits, UploadError, read_upload, read_zip, token_hash

from tests.web.helpers import good_bytes, make_zip, symlink_zip

MB = 1024 * 1024


def _code(exc: pytest.ExceptionInfo) -> tuple[str, int]:
    return exc.value.code, exc.value.http_status


def test_single_file_and_zip_are_read():
    assert read_upload("a.bpmn", good_bytes(), Limits()) == [("a.bpmn", good_bytes())]
    files = read_zip(make_zip({"peta/a.bpmn": good_bytes(), "b.bpmn2": good_bytes(),
                               "c.xml": good_bytes()}), Limits())
    assert [n for n, _ in files] == ["peta/a.bpmn", "b.bpmn2", "c.xml"]


def test_only_bpmn_entries_are_read():
    files = read_zip(make_zip({"a.bpmn": good_bytes(), "catatan.txt": b"x", "skrip.sh": b"rm -rf /",
                               "__MACOSX/a.bpmn": b"junk", "dalam.zip": make_zip({"b.bpmn": b"x"})}),
                     Limits())
    assert [n for n, _ in files] == ["a.bpmn"]


def test_zip_without_bpmn_is_refused():
    with pytest.raises(UploadError) as exc:
        read_zip(make_zip({"catatan.txt": b"x"}), Limits())
    assert _code(exc) == ("ZIP_NO_BPMN", 422)


@pytest.mark.parametrize("name", ["../luar.bpmn", "a/../../luar.bpmn", "/etc/peta.bpmn",
                                  "C:/peta.bpmn", "..\\luar.bpmn"])
def test_unsafe_paths_are_refused(name):
    with pytest.raises(UploadError) as exc:
        read_zip(make_zip({name: good_bytes()}), Limits())
    assert _code(exc) == ("ZIP_UNSAFE_PATH", 422)
    assert "tidak aman" in exc.value.message_id


def test_symlinks_are_refused():
    with pytest.raises(UploadError) as exc:
        read_zip(symlink_zip(), Limits())
    assert _code(exc) == ("ZIP_SYMLINK", 422)


def test_entry_count_limit():
    data = make_zip({f"p{i}.bpmn": b"<x/>" for i in range(6)})
    with pytest.raises(UploadError) as exc:
        read_zip(data, Limits(max_zip_entries=5))
    assert _code(exc) == ("ZIP_TOO_MANY_ENTRIES", 413)


def test_total_uncompressed_limit():
    blob = random.Random(7).randbytes(100 * 1024)   # does not compress
    data = make_zip({f"p{i}.bpmn": blob for i in range(4)})
    with pytest.raises(UploadError) as exc:
        read_zip(data, Limits(max_zip_uncompressed_bytes=300 * 1024))
    assert _code(exc) == ("ZIP_TOO_LARGE_UNCOMPRESSED", 413)


def test_zip_bomb_ratio_is_refused_before_inflating():
    data = make_zip({"bom.bpmn": b"\0" * (8 * MB)})
    assert len(data) < 64 * 1024
    with pytest.raises(UploadError) as exc:
        read_zip(data, Limits())
    assert _code(exc) == ("ZIP_BOMB", 413)


def test_entry_over_file_limit():
    data = make_zip({"besar.bpmn": b"<a/>" * (3 * MB)}, compression=zipfile.ZIP_STORED)
    with pytest.raises(UploadError) as exc:
        read_zip(data, Limits(max_file_bytes=2 * MB))
    assert _code(exc) == ("FILE_TOO_LARGE", 413)


def test_lying_header_stops_at_the_limit():
    """An entry whose headers claim a small size but inflates to more is never read whole."""
    real = b"<a/>" * (1024 * 1024)   # 4 MB
    data = bytearray(make_zip({"bohong.bpmn": real}))
    # rewrite the declared uncompressed size (local header and central directory) to 1 KB
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig)
        struct.pack_into("<I", data, pos + offset, 1024)
    with pytest.raises(UploadError) as exc:
        read_zip(bytes(data), Limits(max_ratio=10**9))
    assert exc.value.http_status in (413, 422)


def test_zip_size_limit():
    with pytest.raises(UploadError) as exc:
        read_zip(b"PK\x03\x04" + b"\0" * 2048, Limits(max_zip_bytes=1024))
    assert _code(exc) == ("ZIP_TOO_LARGE", 413)


def test_broken_zip():
    with pytest.raises(UploadError) as exc:
        read_upload("a.zip", b"PK\x03\x04 rusak", Limits())
    assert _code(exc) == ("ZIP_INVALID", 422)


def test_single_file_limits_and_types():
    with pytest.raises(UploadError) as exc:
        read_upload("a.bpmn", b"x" * (2 * MB + 1), Limits(max_file_bytes=2 * MB))
    assert _code(exc) == ("FILE_TOO_LARGE", 413)
    with pytest.raises(UploadError) as exc:
        read_upload("a.pdf", b"%PDF-1.4", Limits())
    assert _code(exc) == ("UNSUPPORTED_TYPE", 415)
    with pytest.raises(UploadError) as exc:
        read_upload("a.bpmn", b"", Limits())
    assert exc.value.http_status == 400


def test_token_hash_is_sha256():
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


# -- whole or nothing: every refused file named ----------------------------------------------

def _mark_encrypted(data: bytes, name: bytes) -> bytes:
    """The archive with ``name``'s entry flagged as encrypted (local and central headers)."""
    out = bytearray(data)
    for sig, name_at, flag_at in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        pos = out.find(name, 0)
        while pos != -1:
            start = pos - name_at
            if start >= 0 and out[start:start + 4] == sig:
                struct.pack_into("<H", out, start + flag_at,
                                 struct.unpack_from("<H", out, start + flag_at)[0] | 0x1)
            pos = out.find(name, pos + 1)
    return bytes(out)


def _mixed_zip(good: bytes, big: int) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("baik.bpmn", good)
        zf.writestr("rusak.bpmn", b"<bukan xml")
        zf.writestr("besar.bpmn", b"<a/>" * big)
        zf.writestr("../luar.bpmn", good)
        zf.writestr("rahasia.bpmn", good)
        zf.writestr("dobel/a.bpmn", good)
        zf.writestr("dobel/a.bpmn\r", good)     # the same name once cleaned
    return _mark_encrypted(buf.getvalue(), b"rahasia.bpmn")


def test_a_zip_lists_every_refused_entry_with_its_reason():
    from validator.web.security import read_zip_all

    data = _mixed_zip(good_bytes(), 600 * 1024)
    files, problems = read_zip_all(data, Limits(max_file_bytes=512 * 1024))
    assert [n for n, _ in files] == ["baik.bpmn", "rusak.bpmn", "dobel/a.bpmn"]
    assert [(p.name, p.code) for p in problems] == [
        ("besar.bpmn", "FILE_TOO_LARGE"), ("../luar.bpmn", "ZIP_UNSAFE_PATH"),
        ("rahasia.bpmn", "ZIP_ENCRYPTED"), ("dobel/a.bpmn", "ZIP_DUPLICATE")]
    with pytest.raises(UploadError) as exc:
        read_zip(data, Limits(max_file_bytes=512 * 1024))
    err = exc.value
    assert (err.code, err.http_status) == ("UPLOAD_FILES_REFUSED", 422)
    assert "tidak ada yang disimpan" in err.message_id and "4 berkas bermasalah" in err.message_id
    for name in ("besar.bpmn", "../luar.bpmn", "rahasia.bpmn", "dobel/a.bpmn"):
        assert f"'{name}'" in err.message_id
    assert [p["code"] for p in err.as_dict()["problems"]] == [p.code for p in problems]


def test_inline_zip_upload_is_refused_whole_naming_every_problem(app, client, token, db):
    """API and upload page: a ZIP with one good map and five bad entries stores nothing, and
    the answer names each bad entry (also the map that is not XML) with its reason."""
    from sqlalchemy import func, select

    from validator.web.models import Submission

    from .conftest import OPD_USER, bearer, csrf_token, login

    app.config["MAX_FILE_BYTES"] = 512 * 1024
    data = _mixed_zip(good_bytes(), 600 * 1024)
    with db.session() as sess:
        before = sess.scalar(select(func.count(Submission.id)))
    resp = client.post("/api/v1/validate?simpan=1", data=data,
                       headers={**bearer(token), "Content-Type": "application/zip"})
    assert resp.status_code == 422
    err = resp.get_json()["error"]
    assert err["code"] == "UPLOAD_FILES_REFUSED"
    assert {(p["file"], p["code"]) for p in err["problems"]} == {
        ("rusak.bpmn", "NOT_WELL_FORMED"), ("besar.bpmn", "FILE_TOO_LARGE"),
        ("../luar.bpmn", "ZIP_UNSAFE_PATH"), ("rahasia.bpmn", "ZIP_ENCRYPTED"),
        ("dobel/a.bpmn", "ZIP_DUPLICATE")}
    browser = app.test_client()
    login(browser, *OPD_USER)
    form = browser.get("/unggah").get_data(as_text=True)
    import io

    page = browser.post("/unggah", data={"csrf_token": csrf_token(form),
                                         "berkas": (io.BytesIO(data), "kumpulan.zip")},
                        content_type="multipart/form-data")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "tidak ada yang disimpan" in html
    for name in ("rusak.bpmn", "besar.bpmn", "luar.bpmn", "rahasia.bpmn", "dobel/a.bpmn"):
        assert name in html
    with db.session() as sess:
        assert sess.scalar(select(func.count(Submission.id))) == before
