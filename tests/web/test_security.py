"""Reading uploads safely: ZIP limits, zip bombs, unsafe paths and links, file limits."""
from __future__ import annotations

import random
import struct
import zipfile

import pytest

from validator.web.security import Limits, UploadError, read_upload, read_zip, token_hash

from .helpers import good_bytes, make_zip, symlink_zip

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
