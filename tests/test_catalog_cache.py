"""The packaged catalog's YAML is kept as marshal data between processes; the cache is
used only while every file is as it was, and a broken cache is read past."""
from __future__ import annotations

import os

from validator import catalog


def _files(tmp_path):
    a = tmp_path / "a.yaml"
    b = tmp_path / "sub" / "b.yaml"
    b.parent.mkdir()
    a.write_text("id: A\ntitle: {id: satu}\n", encoding="utf-8")
    b.write_text("- id: B\n- id: C\n", encoding="utf-8")
    return [a, b]


def test_the_cache_is_written_then_read(tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "catalog.marshal"
    monkeypatch.setattr(catalog, "_cache_file", lambda: cache)
    paths = _files(tmp_path)
    first = catalog._load_all(tmp_path, paths, cached=True)
    assert cache.exists()
    assert first[paths[0]] == {"id": "A", "title": {"id": "satu"}}
    # read from the cache: the YAML reader is not called
    monkeypatch.setattr(catalog, "_load_yaml", lambda p: (_ for _ in ()).throw(AssertionError(p)))
    assert catalog._load_all(tmp_path, paths, cached=True) == first


def test_a_changed_file_is_read_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "catalog.marshal"
    monkeypatch.setattr(catalog, "_cache_file", lambda: cache)
    paths = _files(tmp_path)
    catalog._load_all(tmp_path, paths, cached=True)
    paths[1].write_text("- id: B\n", encoding="utf-8")
    st = paths[1].stat()
    os.utime(paths[1], ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert catalog._load_all(tmp_path, paths, cached=True)[paths[1]] == [{"id": "B"}]


def test_a_broken_cache_is_read_past(tmp_path, monkeypatch):
    cache = tmp_path / "catalog.marshal"
    monkeypatch.setattr(catalog, "_cache_file", lambda: cache)
    paths = _files(tmp_path)
    cache.write_bytes(b"\x00garbage")
    assert catalog._load_all(tmp_path, paths, cached=True)[paths[0]]["id"] == "A"


def test_the_packaged_catalog_loads_the_same_through_the_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(catalog, "_cache_file", lambda: tmp_path / "catalog.marshal")
    root = catalog.catalog_dir()
    paths = sorted(root.rglob("*.yaml"))
    plain = catalog._load_all(root, paths, cached=False)
    catalog._load_all(root, paths, cached=True)         # writes
    assert catalog._load_all(root, paths, cached=True) == plain   # reads
