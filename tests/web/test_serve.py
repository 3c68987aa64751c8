"""`ppb serve` starts for real: migrates, seeds, prints the demo logins, answers over HTTP."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {**os.environ, "PPB_INSTANCE_DIR": str(tmp_path), "PPB_SEED_SAMPLES": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "validator", "serve", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as r:
                    health = json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("ppb serve did not start:\n" + log.read_text(errors="replace"))
                time.sleep(0.2)
        yield base, health, log
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
