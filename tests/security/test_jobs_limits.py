"""Jobs cannot starve each other nor run without bounds: per-OPD quotas and a fair runner,
cancellation (API and the page's button, with its audit entry), and a job's child process
stopped at its time and memory limits. Each on SQLite and on PostgreSQL."""
from __future__ import annotations

import os
import threading
import time

import pytest
from sqlalchemy import select

from tests.web.test_jobs import wait, with_settings
from validator.web import jobs
from validator.web.models import AuditEntry, Job, Opd, User

from .conftest import OPD_USER, bearer, csrf_token, login, make_token

GATE_TIMEOUT = 60


# -- kinds used only here ----------------------------------------------------------------------
# run in a child process: module-level functions (the child imports them by name)

def _sleep_long(ctx):
    ctx.progress(5, "Mulai tidur.", {"pid": os.getpid()})
    for _ in range(1200):
        time.sleep(0.1)
    return {"total": 0}


def _allocate(ctx):
    ctx.progress(5, "Mulai mengisi memori.", {"pid": os.getpid()})
    hog = []
    for _ in range(64):                       # up to 4 GB, 64 MB at a time
        hog.append(bytearray(64 * 1024 * 1024))
    return {"total": len(hog)}


def _nothing(sub):
    return {}


def _register(monkeypatch, name: str, run, **kw) -> None:
    monkeypatch.setitem(jobs.KINDS, name, jobs.JobKind(name, f"Uji {name}", _nothing, run,
                                                       needs_file=False, **kw))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie not yet reaped by its parent has ended too
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_running(client, token, job_id: str, timeout: float = 30) -> dict:
    """Until the job runs and its child has reported its pid."""
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
        if body["status"] == "berjalan" and (body.get("result") or {}).get("pid"):
            return body
        assert body["status"] in ("antri", "berjalan"), body
        time.sleep(0.05)
    raise AssertionError(f"job did not start: {body}")


def _post_job(client, token, kind: str, **fields):
    return client.post("/api/v1/jobs", headers=bearer(token), data={"kind": kind, **fields})


@pytest.fixture
def gate(monkeypatch):
    """A kind that runs in a thread of the test process until the gate opens."""
    opened = threading.Event()

    def run(ctx):
        ctx.progress(10, "Menunggu gerbang.")
        opened.wait(GATE_TIMEOUT)
        return {"total": 0}

    _register(monkeypatch, "uji-gerbang", run, isolate=False)
    yield opened
    opened.set()


@pytest.fixture
def second_opd_user(app):
    """Another account of the demo OPD (Disdukcapil): sees its jobs, did not submit them."""
    from validator.web.auth import hash_password

    with app.extensions["ppb_db"].session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        sess.add(User(username="disdukcapil-dua", nama="Operator Kedua Disdukcapil",
                      password_hash=hash_password("kedua-disdukcapil-2025"), role="opd", opd_id=opd.id))
    return make_token(app, "disdukcapil-dua"), ("disdukcapil-dua", "kedua-disdukcapil-2025")


# -- quotas and fairness -----------------------------------------------------------------------

def test_one_opd_cannot_starve_another(app, token, other_token, gate):
    """OPD A fills its quota (5 waiting or running; 1 running at a time): its sixth job is
    refused with 429 OPD_QUOTA naming the numbers, and OPD B's job is accepted and runs while
    A's are still waiting, though there are only two worker threads."""
    runner = with_settings(app, threads=2, opd_queued=5, opd_running=1)
    client = app.test_client()
    try:
        mine = [_post_job(client, token, "uji-gerbang") for _ in range(5)]
        assert [r.status_code for r in mine] == [202] * 5
        refused = _post_job(client, token, "uji-gerbang")
        assert refused.status_code == 429
        err = refused.get_json()["error"]
        assert err["code"] == "OPD_QUOTA"
        assert "5 pekerjaan" in err["message"] and "batasnya 5" in err["message"]
        assert "paling banyak 1 berjalan bersamaan" in err["message"]

        theirs = _post_job(client, other_token, "uji-gerbang")
        assert theirs.status_code == 202, theirs.get_json()
        # B's job runs on the second thread; A's other jobs do not take it
        wait(client, other_token, theirs.get_json()["id"], 20, until=("berjalan",))
        statuses = [client.get(f"/api/v1/jobs/{r.get_json()['id']}", headers=bearer(token)).get_json()["status"]
                    for r in mine]
        assert statuses.count("berjalan") == 1 and statuses.count("antri") == 4
        assert runner.pending() == {"waiting": 4, "running": 2}
        gate.set()
        assert wait(client, other_token, theirs.get_json()["id"])["status"] == "selesai"
        for r in mine:
            assert wait(client, token, r.get_json()["id"])["status"] == "selesai"
        # the quota counts only jobs waiting or running: A may submit again
        assert _post_job(client, token, "uji-gerbang").status_code == 202
    finally:
        gate.set()
        runner.shutdown(wait=True)


def test_the_global_queue_limit_stays(app, token, other_token, gate):
    runner = with_settings(app, threads=1, queue_max=3, opd_queued=5)
    client = app.test_client()
    try:
        assert [_post_job(client, token, "uji-gerbang").status_code for _ in range(2)] == [202, 202]
        assert _post_job(client, other_token, "uji-gerbang").status_code == 202
        full = _post_job(client, other_token, "uji-gerbang")
        assert full.status_code == 503 and full.get_json()["error"]["code"] == "QUEUE_FULL"
        with app.extensions["ppb_db"].session() as sess:
            assert sess.query(Job).count() == 3      # a job refused by a quota is not stored
    finally:
        gate.set()
        runner.shutdown(wait=True)


def test_the_runner_takes_opds_in_turn(app, gate):
    """Round-robin across OPDs: with one thread, jobs A1 A2 A3 B1 run as A1 B1 A2 A3."""
    runner = with_settings(app, threads=1, opd_running=1, opd_queued=10)
    db = app.extensions["ppb_db"]
    with db.session() as sess:
        a = sess.scalar(select(Opd.id).where(Opd.singkatan == "DISDUKCAPIL"))
        b = sess.scalar(select(Opd.id).where(Opd.singkatan == "DPMPTSP"))
    order = []
    real = jobs._claim

    def spy(db_, job_id, settings):
        claim = real(db_, job_id, settings)
        if isinstance(claim, jobs.Claim):
            order.append(job_id)
        return claim

    jobs_claim = pytest.MonkeyPatch()
    jobs_claim.setattr(jobs, "_claim", spy)
    try:
        with app.app_context():
            ids = [jobs.submit("uji-gerbang", opd_id=a) for _ in range(3)]
            ids.append(jobs.submit("uji-gerbang", opd_id=b))
        gate.set()
        client = app.test_client()
        admin = make_token(app, "admin")
        for job_id in ids:
            wait(client, admin, job_id)
    finally:
        jobs_claim.undo()
        runner.shutdown(wait=True)
    assert order == [ids[0], ids[3], ids[1], ids[2]]


def test_an_opd_running_a_job_on_another_server_waits_its_turn_here(app, token, gate):
    """JOB_OPD_RUNNING holds across servers: the claim counts the OPD's jobs running with a
    live lease in the database, so this server's runner keeps the OPD's job waiting while
    another server runs one, and starts it once that one has ended."""
    from datetime import timedelta

    from validator.web.models import utcnow

    runner = with_settings(app, threads=2, opd_running=1)
    db = app.extensions["ppb_db"]
    with db.session() as sess:
        opd_id = sess.scalar(select(Opd.id).where(Opd.singkatan == "DISDUKCAPIL"))
        sess.add(Job(id="e" * 32, kind="simulasi", opd_id=opd_id, status="berjalan", progress=30,
                     message="", params_json="{}", created_at=utcnow(), updated_at=utcnow(),
                     attempts=1, cancel_requested=False, worker="server-lain:77",
                     lease_until=utcnow() + timedelta(minutes=5)))
    client = app.test_client()
    try:
        job_id = _post_job(client, token, "uji-gerbang").get_json()["id"]
        time.sleep(1.5)
        body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
        assert body["status"] == "antri" and body["attempts"] == 0
        assert runner.pending() == {"waiting": 1, "running": 0}
        with db.session() as sess:    # the other server's job ends
            job = sess.get(Job, "e" * 32)
            job.status, job.lease_until = "selesai", None
        gate.set()
        assert wait(client, token, job_id, 20)["status"] == "selesai"
    finally:
        gate.set()
        runner.shutdown(wait=True)


# -- cancellation ------------------------------------------------------------------------------

def test_a_waiting_job_is_cancelled_at_once_with_an_audit_entry(app, token, other_token, admin_token,
                                                               second_opd_user, gate):
    runner = with_settings(app, threads=1, opd_running=1)
    client = app.test_client()
    second_token, _ = second_opd_user
    try:
        first = _post_job(client, token, "uji-gerbang").get_json()["id"]
        waiting = _post_job(client, token, "uji-gerbang").get_json()["id"]
        wait(client, token, first, 20, until=("berjalan",))
        # another OPD: as if it did not exist; the same OPD but not the submitter: 403
        other = client.post(f"/api/v1/jobs/{waiting}/batal", headers=bearer(other_token))
        assert other.status_code == 404 and other.get_json()["error"]["code"] == "NOT_FOUND"
        same = client.post(f"/api/v1/jobs/{waiting}/batal", headers=bearer(second_token))
        assert same.status_code == 403 and same.get_json()["error"]["code"] == "FORBIDDEN"
        assert "pengirim" in same.get_json()["error"]["message"]
        # a session without its X-CSRFToken header cannot cancel
        session = app.test_client()
        login(session, *OPD_USER)
        assert session.post(f"/api/v1/jobs/{waiting}/batal").status_code == 403

        resp = client.post(f"/api/v1/jobs/{waiting}/batal", headers=bearer(token))
        assert resp.status_code == 200, resp.get_json()
        body = resp.get_json()
        assert body["status"] == "dibatalkan" and body["statusText"] == "dibatalkan"
        assert body["message"] == f"Dibatalkan oleh {OPD_USER[0]} sebelum dimulai."
        assert runner.pending()["waiting"] == 0          # out of the queue at once
        again = client.post(f"/api/v1/jobs/{waiting}/batal", headers=bearer(admin_token))
        assert again.status_code == 409 and again.get_json()["error"]["code"] == "JOB_ENDED"
        with app.extensions["ppb_db"].session() as sess:
            job = sess.get(Job, waiting)
            assert job.status == "dibatalkan" and job.input is None and job.finished_at is not None
            entries = sess.scalars(select(AuditEntry).where(AuditEntry.kind == "pekerjaan-batal")).all()
            assert [(e.actor, e.target) for e in entries] == [(OPD_USER[0], waiting)]
            assert "status sebelumnya antri" in entries[0].detail
        # it no longer counts against the OPD's quota, and the running one is untouched
        assert client.get(f"/api/v1/jobs/{first}", headers=bearer(token)).get_json()["status"] == "berjalan"
    finally:
        gate.set()
        runner.shutdown(wait=True)


def test_a_running_job_in_its_child_process_stops_within_seconds(app, token, admin_token, monkeypatch):
    _register(monkeypatch, "uji-tidur", _sleep_long)
    runner = with_settings(app, lease=4.0)
    client = app.test_client()
    try:
        job_id = _post_job(client, token, "uji-tidur").get_json()["id"]
        pid = _wait_running(client, token, job_id)["result"]["pid"]
        assert pid != os.getpid() and _alive(pid)
        asked = time.monotonic()
        resp = client.post(f"/api/v1/jobs/{job_id}/batal", headers=bearer(admin_token))   # an admin may
        assert resp.status_code == 202
        assert resp.get_json()["cancelRequested"] is True and resp.get_json()["status"] == "berjalan"
        assert "Pembatalan diminta oleh admin" in resp.get_json()["message"]
        done = wait(client, token, job_id, 15)
        took = time.monotonic() - asked
        assert done["status"] == "dibatalkan", done
        assert done["message"].startswith("Dibatalkan oleh admin ketika sedang berjalan")
        assert took < 5, took
        deadline = time.monotonic() + 5
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)
        with app.extensions["ppb_db"].session() as sess:
            entry = sess.scalar(select(AuditEntry).where(AuditEntry.kind == "pekerjaan-batal"))
            assert (entry.actor, entry.target) == ("admin", job_id)
            assert "proses yang berjalan dihentikan" in entry.detail
    finally:
        runner.shutdown(wait=True)


def test_the_page_button_cancels_with_its_csrf_token(app, second_opd_user, gate):
    runner = with_settings(app, threads=1)
    _, (second_name, second_password) = second_opd_user
    own = app.test_client()
    login(own, *OPD_USER)
    try:
        token = make_token(app, OPD_USER[0])
        job_id = _post_job(own, token, "uji-gerbang").get_json()["id"]
        wait(own, token, job_id, 20, until=("berjalan",))
        page = own.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
        assert 'id="tombol-batal"' in page and f'action="/pekerjaan/{job_id}/batal"' in page

        # the same OPD's other operator sees the job but no button, and cannot post it
        colleague = app.test_client()
        login(colleague, second_name, second_password)
        seen = colleague.get(f"/pekerjaan/{job_id}")
        assert seen.status_code == 200 and 'id="tombol-batal"' not in seen.get_data(as_text=True)
        forbidden = colleague.post(f"/pekerjaan/{job_id}/batal",
                                   data={"csrf_token": csrf_token(seen.get_data(as_text=True))})
        assert forbidden.status_code == 403

        assert own.post(f"/pekerjaan/{job_id}/batal").status_code == 400     # no CSRF token
        resp = own.post(f"/pekerjaan/{job_id}/batal", data={"csrf_token": csrf_token(page)})
        assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/pekerjaan/{job_id}")
        after = own.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
        assert "Pembatalan diminta" in after and 'id="tombol-batal"' not in after
        # a job in a thread stops at its next progress point: the gate opens, the run returns,
        # and the end is recorded as dibatalkan, not selesai
        gate.set()
        assert wait(own, token, job_id)["status"] == "dibatalkan"
        final = own.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
        assert "status-dibatalkan" in final and "pekerjaan.js" not in final
    finally:
        gate.set()
        runner.shutdown(wait=True)


# -- the child process's limits ----------------------------------------------------------------

def test_a_job_over_its_time_limit_is_killed_and_says_so(app, token, monkeypatch):
    _register(monkeypatch, "uji-tidur", _sleep_long)
    runner = with_settings(app, timeout=2.0)
    client = app.test_client()
    try:
        started = time.monotonic()
        job_id = _post_job(client, token, "uji-tidur").get_json()["id"]
        pid = _wait_running(client, token, job_id)["result"]["pid"]
        done = wait(client, token, job_id, 20)
        assert done["status"] == "gagal"
        assert "melebihi batas waktu 2 detik" in done["message"]
        assert time.monotonic() - started < 10
        assert not _alive(pid)
    finally:
        runner.shutdown(wait=True)


@pytest.mark.skipif(not os.sys.platform.startswith("linux"), reason="RLIMIT_AS is applied on Linux only")
def test_a_job_over_its_memory_limit_is_stopped_and_says_so(app, token, monkeypatch):
    _register(monkeypatch, "uji-memori", _allocate)
    runner = with_settings(app, memory_mb=400)
    client = app.test_client()
    try:
        job_id = _post_job(client, token, "uji-memori").get_json()["id"]
        done = wait(client, token, job_id, 30)
        assert done["status"] == "gagal", done
        assert "melebihi batas memori 400 MB" in done["message"]
        assert "PPB_JOB_MEMORY_MB" in done["message"]
        # only the child hit the limit: this process answers as before
        assert client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).status_code == 200
    finally:
        runner.shutdown(wait=True)
