"""A server killed (SIGKILL) in the middle of uploads loses nothing it acknowledged and leaves
nothing half-written, on SQLite and on PostgreSQL.

Each round starts ``ppb serve`` for real, sends uploads from several threads, kills the
server while they are in flight, starts it again on the same database and checks every
stored submission: its bytes are the bytes sent (sha256), its report is whole JSON, every
upload answered 201 is there, and versions of one map are 1..n without gaps.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from tests.web.helpers import good_bytes
from tests.web.processes import start_serve, stop

ROUNDS = 3
THREADS = 4


def _token(url: str) -> str:
    from validator.web import services
    from validator.web.models import User

    engine = create_engine(url)
    try:
        with Session(engine) as sess:
            user = sess.scalar(select(User).where(User.username == "disdukcapil"))
            _, secret = services.create_token(sess, user, "uji-mati-mendadak")
            sess.commit()
        return secret
    finally:
        engine.dispose()


def _variant(n: int) -> bytes:
    """The good sample with a unique comment, so each upload has its own bytes."""
    data = good_bytes()
    return data.replace(b"?>", f"?><!-- unggahan {n} -->".encode(), 1)


def _upload(base: str, token: str, name: str, data: bytes) -> int | None:
    req = urllib.request.Request(f"{base}/api/v1/validate?simpan=1&filename={name}", data=data,
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/xml"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            if r.status == 201:
                return json.load(r)["submissions"][0]["id"]
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError):
        return None
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
        return url, {"DATABASE_URL": url}
    return f"sqlite:///{tmp_path / 'ppb.sqlite3'}", {}


def test_killed_mid_upload_loses_nothing_acknowledged(tmp_path, database):
    url, env_extra = database
    sent: dict[int, str] = {}      # submission id answered 201 -> sha256 of what was sent
    all_sent: set[str] = set()
    counter = iter(range(1_000_000))
    lock = threading.Lock()
    token = None
    for rnd in range(ROUNDS):
        proc, base = start_serve(tmp_path, env_extra)
        if token is None:
            token = _token(url)
        stop_at = time.monotonic() + 0.8 + 0.4 * rnd

        def worker(k: int) -> None:
            while time.monotonic() < stop_at + 5:
                with lock:
                    n = next(counter)
                data = _variant(n)
                digest = hashlib.sha256(data).hexdigest()
                with lock:
                    all_sent.add(digest)
                sid = _upload(base, token, f"peta-{k}.bpmn", data)
                if sid is None:
                    return          # the server is gone
                with lock:
                    sent[sid] = digest

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
        for t in threads:
            t.start()
        time.sleep(max(0.0, stop_at - time.monotonic()))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        for t in threads:
            t.join(40)
    # start once more on the same database: it must come up and hold everything acknowledged
    proc, base = start_serve(tmp_path, env_extra)
    try:
        from validator.web.models import Submission

        engine = create_engine(url)
        try:
            with Session(engine) as sess:
                rows = list(sess.scalars(select(Submission).where(Submission.filename.like("peta-%"))))
                # versions count per map (its identity), whatever the file name: the demo data
                # stored this map before the test under other names
                numbers = sess.execute(select(Submission.opd_id, Submission.map_key, Submission.version)
                                       .where(Submission.map_key.in_(sorted({r.map_key for r in rows})))).all()
        finally:
            engine.dispose()
        assert len(sent) >= ROUNDS, "too few uploads were acknowledged to say anything"
        print(f"acknowledged {len(sent)}, sent {len(all_sent)}, stored {len(rows)}")
        stored = {r.id: r for r in rows}
        for sid, digest in sent.items():
            assert sid in stored, f"acknowledged submission {sid} was lost"
            assert stored[sid].sha256 == digest
        versions: dict[str, list[int]] = {}
        for r in rows:
            assert hashlib.sha256(r.content).hexdigest() == r.sha256 and r.size == len(r.content)
            assert r.sha256 in all_sent
            report = json.loads(r.report_json)
            assert report["files"][0]["path"] == r.filename
        for opd_id, map_key, version in numbers:
            versions.setdefault(f"{opd_id}/{map_key}", []).append(version)
        assert len(versions) == 1 and sum(map(len, versions.values())) >= len(rows)
        for name, vs in versions.items():
            assert sorted(vs) == list(range(1, len(vs) + 1)), f"{name}: versions {sorted(vs)}"
        with urllib.request.urlopen(base + "/api/v1/health", timeout=5) as r:
            assert r.status == 200
    finally:
        stop(proc)
