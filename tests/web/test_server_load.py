"""The request path stays cheap under load: a bearer-token call is one read, not a write,
and `make bench-server` (benchmarks/bench_server.py) runs end to end."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from validator.web import services
from validator.web.models import ApiToken, User, utcnow
from validator.web.security import token_hash

from .conftest import bearer
from .helpers import good_bytes

ROOT = Path(__file__).resolve().parents[2]


def _token_row(app, secret: str) -> ApiToken:
    with app.extensions["ppb_db"].session() as sess:
        return sess.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))


def test_token_use_noted_at_most_once_a_minute(app, client, token):
    h = {**bearer(token), "Content-Type": "application/xml"}
    assert client.post("/api/v1/validate", data=good_bytes(), headers=h).status_code == 200
    first = _token_row(app, token).last_used_at
    assert first is not None
    for _ in range(3):   # calls within the minute write nothing
        assert client.post("/api/v1/validate", data=good_bytes(), headers=h).status_code == 200
    assert _token_row(app, token).last_used_at == first
    with app.extensions["ppb_db"].session() as sess:   # a minute later it is noted again
        tok = sess.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        tok.last_used_at = utcnow() - services.LAST_USED_EVERY - timedelta(seconds=1)
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
    assert _token_row(app, token).last_used_at > first


def test_revoked_token_fails_at_once_even_right_after_use(app, client, token):
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
    with app.extensions["ppb_db"].session() as sess:
        tok = sess.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        assert services.revoke_token(sess, sess.get(User, tok.user_id), tok.id)
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 401


def test_token_owner_comes_with_its_opd(app, token):
    with app.extensions["ppb_db"].session() as sess:
        user = services.user_for_token(sess, token)
    assert user is not None and user.opd.singkatan == "DISDUKCAPIL"   # usable after the session
    with app.extensions["ppb_db"].session() as sess:
        assert services.user_for_token(sess, "ppb_salah") is None
        assert services.user_for_token(sess, "x" * 201) is None


def test_bench_server_runs_end_to_end(tmp_path):
    """A short, small run: starts `ppb serve`, gets a token on /token, loads, stops."""
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_server.py"),
                           "--clients", "2", "--duration", "1", "--warmup", "3",
                           "--json", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "validations/s" in proc.stdout and "p95 latency" in proc.stdout
    result = json.loads(out.read_text())
    assert result["errors"] == 0 and result["ok"] > 0
    assert result["map"]["bytes"] > 20_000 and result["clients"] == 2
    assert set(result["latency_ms"]) >= {"p50", "p95", "p99"}
