"""`ppb serve` starts for real: migrates, seeds, prints the demo logins, answers over HTTP."""
from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request

import pytest

from .processes import ppb_serve


@pytest.fixture
def server(tmp_path):
    with ppb_serve(tmp_path) as running:
        yield running


def test_ppb_serve(server):
    base, health, log = server
    assert health["status"] == "ok" and health["ruleCatalogVersion"]
    printed = log.read_text()
    assert "Server validasi berjalan di http://127.0.0.1:" in printed
    assert "admin-ppb-2025" in printed and "disdukcapil-2025" in printed
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/masuk", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "disdukcapil", "password": "disdukcapil-2025",
                                   "csrf_token": token}).encode()
    opener.open(base + "/masuk", data=form, timeout=10).read()
    with opener.open(base + "/api/v1/submissions", timeout=10) as r:
        subs = json.load(r)["submissions"]
    assert subs and {s["opd"]["singkatan"] for s in subs} == {"DISDUKCAPIL"}
