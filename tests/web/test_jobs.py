"""Jobs in-process: a large set validated off the request path, with progress and results,
stored whole or not at all; leases, the sweep and the start-up pass."""
from __future__ import annotations

import io
import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest

from validator.web import jobs, services
from validator.web.models import Job, Opd, Submission, utcnow

from .conftest import OPD_USER, OTHER_USER, bearer, csrf_token, login
from .helpers import NOT_BPMN, flawed_bytes, good_bytes, make_zip

TIMEOUT = 60
ENDED = ("selesai", "gagal", "dibatalkan")


def many_maps(n: int, unreadable: int = 0) -> bytes:
    entries = {f"set/peta-{i:03d}.bpmn": (good_bytes() if i % 2 else flawed_bytes()) for i in range(n)}
    for i in range(unreadable):
        entries[f"set/rusak-{i}.bpmn"] = NOT_BPMN
    return make_zip(entries)


def with_settings(app, **changes) -> jobs.InProcessRunner:
    """The app's runner replaced by one with changed settings (and its own sweeping thread)."""
    db = app.extensions["ppb_db"]
    old = jobs.runner_of(app)
    old.shutdown(wait=True)
    settings = replace(old.settings, **changes)
    runner = jobs.InProcessRunner(db, settings.threads, settings.queue_max, settings)
    app.extensions["ppb_jobs"] = runner
    stop = app.extensions.get("ppb_jobs_sweep")
    if stop is not None:
        stop.set()
    app.extensions["ppb_jobs_sweep"] = jobs._start_sweeper(db, runner, settings)
    return runner


@pytest.fixture
def jobs_app(app):
    yield app
    jobs.runner_of(app).shutdown(wait=True)


@pytest.fixture
def thread_app(jobs_app):
    """Jobs run in a thread of the test process (not a child process), so that a test may
    patch what they call."""
    with_settings(jobs_app, isolate=False)
    return jobs_app


def start(client, token, data: bytes, kind: str = "validasi-set", **fields):
    return client.post("/api/v1/jobs", headers=bearer(token),
                       data={"kind": kind, "file": (io.BytesIO(data), "kumpulan.zip"),
                             **fields}, content_type="multipart/form-data")


def wait(client, token, job_id: str, timeout: float = TIMEOUT, until=ENDED) -> dict:
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
        if body["status"] in until:
            return body
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not reach {until} within {timeout} s: {body}")


def opd_id(db, singkatan: str = "DISDUKCAPIL") -> int:
    with db.session() as sess:
        return sess.query(Opd).filter_by(singkatan=singkatan).one().id


def test_set_job_validates_and_stores_every_map(jobs_app, token):
    client = jobs_app.test_client()
    resp = start(client, token, many_maps(24))
    assert resp.status_code == 202, resp.get_json()
    body = resp.get_json()
    assert body["status"] in ("antri", "berjalan", "selesai")
    assert resp.headers["Location"] == f"/api/v1/jobs/{body['id']}"
    assert body["links"]["page"] == f"/pekerjaan/{body['id']}"
    assert body["links"]["cancel"] == f"/api/v1/jobs/{body['id']}/batal"

    done = wait(client, token, body["id"])
    assert done["status"] == "selesai", done
    assert done["progress"] == 100 and done["attempts"] == 1
    assert done["message"] == "Selesai: 24 peta diperiksa, 24 disimpan sebagai unggahan."
    result = done["result"]
    assert (result["total"], result["processed"], result["stored"], result["unreadable"]) == (24, 24, 24, 0)
    stored = result["files"]
    assert all(f["status"] == "ok" for f in stored)
    assert sum(f["summary"]["error"] for f in stored) == result["summary"]["error"] > 0

    # each map is a submission of the caller's OPD, with its report, as a direct upload would be
    one = client.get(f"/api/v1/submissions/{stored[0]['submissionId']}", headers=bearer(token)).get_json()
    assert one["opd"]["singkatan"] == "DISDUKCAPIL"
    assert one["filename"] == stored[0]["filename"]
    assert one["report"]["files"][0]["path"] == stored[0]["filename"]
    with jobs_app.extensions["ppb_db"].session() as sess:
        job = sess.get(Job, body["id"])
        assert job.input is None          # the archive is not kept once every map is stored
        assert job.started_at is not None and job.finished_at is not None
        assert job.lease_until is None and job.worker and job.worker.endswith(":" + str(__import__("os").getpid()))
        ids = [f["submissionId"] for f in stored]
        assert sess.query(Submission).filter(Submission.id.in_(ids)).count() == 24


def test_a_set_with_an_unreadable_map_is_refused_whole_as_inline(jobs_app, token):
    """The same ZIP inline (POST /validate?simpan=1) and as a job: refused with the same code,
    nothing stored; the job lists every unreadable file."""
    db = jobs_app.extensions["ppb_db"]
    client = jobs_app.test_client()
    data = many_maps(6, unreadable=2)
    with db.session() as sess:
        before = sess.query(Submission).count()
    inline = client.post("/api/v1/validate?simpan=1", headers=bearer(token), content_type="multipart/form-data",
                         data={"file": (io.BytesIO(data), "kumpulan.zip")})
    assert inline.status_code == 422
    refused = inline.get_json()["error"]
    assert refused["code"] == "UPLOAD_FILES_REFUSED"

    done = wait(client, token, start(client, token, data).get_json()["id"])
    assert done["status"] == "gagal"
    assert done["error"]["code"] == refused["code"]
    assert done["message"] == f"Pekerjaan gagal: {refused['message'].rstrip('.')}."
    assert "ditolak seluruhnya" in done["message"] and "2 berkas bermasalah" in done["message"]
    assert "'set/rusak-0.bpmn'" in done["message"] and "'set/rusak-1.bpmn'" in done["message"]
    result = done["result"]
    assert result["refused"] is True and result["stored"] == 0 and result["total"] == 8
    assert result["problems"] == refused["problems"]
    assert [p["file"] for p in result["problems"]] == ["set/rusak-0.bpmn", "set/rusak-1.bpmn"]
    assert {p["code"] for p in result["problems"]} == {"NOT_BPMN"}

    # one unreadable map: its own code, as inline
    one = many_maps(4, unreadable=1)
    inline = client.post("/api/v1/validate?simpan=1", headers=bearer(token), content_type="multipart/form-data",
                         data={"file": (io.BytesIO(one), "kumpulan.zip")}).get_json()["error"]
    single = wait(client, token, start(client, token, one).get_json()["id"])
    assert inline["code"] == single["error"]["code"] == "NOT_BPMN"
    assert single["status"] == "gagal" and single["result"]["stored"] == 0
    with db.session() as sess:
        assert sess.query(Submission).count() == before
        assert sess.get(Job, done["id"]).input is None

    own = jobs_app.test_client()
    login(own, *OPD_USER)
    html = own.get(f"/pekerjaan/{done['id']}").get_data(as_text=True)
    assert "Berkas yang tidak terbaca" in html and "Arsip ditolak seluruhnya" in html
    assert html.count("tidak terbaca</span>") == 2


def test_progress_is_written_at_each_stage_and_reaches_100(thread_app, token, monkeypatch):
    seen: list[tuple[int, str | None]] = []
    real = jobs.JobContext.progress

    def spy(self, percent, message=None, result=None, sess=None):
        seen.append((int(percent), message))
        return real(self, percent, message, result, sess)

    monkeypatch.setattr(jobs.JobContext, "progress", spy)
    client = thread_app.test_client()
    job_id = start(client, token, many_maps(40)).get_json()["id"]
    done = wait(client, token, job_id)
    assert done["status"] == "selesai" and done["progress"] == 100
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[0] == 1 and percents[-1] == 90
    reading = [p for p, m in seen if m and "dibaca" in m]
    checking = [p for p, m in seen if m and "diperiksa." in m]
    assert reading and all(1 < p < 30 for p in reading)
    assert checking and all(30 <= p < 90 for p in checking)
    assert len(seen) <= 2 + 20 + 20       # at most 20 steps per stage


def test_a_crash_while_storing_leaves_nothing_stored(thread_app, token, monkeypatch):
    real = services._add_submission
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk penuh")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_add_submission", flaky)
    db = thread_app.extensions["ppb_db"]
    with db.session() as sess:
        before = sess.query(Submission).count()
    client = thread_app.test_client()
    done = wait(client, token, start(client, token, many_maps(6)).get_json()["id"])
    assert calls["n"] == 3
    assert done["status"] == "gagal"
    assert done["message"] == ("Pekerjaan gagal: terjadi kesalahan tak terduga (RuntimeError); mohon "
                               "laporkan kepada pengelola.")
    with db.session() as sess:   # the two maps added before the crash were rolled back with it
        assert sess.query(Submission).count() == before
        assert sess.query(Submission).filter(Submission.filename.like("set/%")).count() == 0


def test_only_the_owner_opd_and_admins_see_a_job(jobs_app, token, admin_token, other_token):
    client = jobs_app.test_client()
    job_id = start(client, token, many_maps(2)).get_json()["id"]
    wait(client, token, job_id)
    assert client.get(f"/api/v1/jobs/{job_id}", headers=bearer(other_token)).status_code == 404
    assert client.get(f"/api/v1/jobs/{job_id}", headers=bearer(admin_token)).status_code == 200
    assert client.get(f"/api/v1/jobs/{job_id}").status_code == 401
    assert client.get("/api/v1/jobs/" + "0" * 32, headers=bearer(token)).status_code == 404
    mine = client.get("/api/v1/jobs", headers=bearer(token)).get_json()
    theirs = client.get("/api/v1/jobs", headers=bearer(other_token)).get_json()
    assert [j["id"] for j in mine["jobs"]] == [job_id] and theirs["count"] == 0
    # an OPD user cannot start a job for another OPD
    resp = start(client, token, many_maps(2), opd="DPMPTSP")
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "FORBIDDEN"

    # the page: the owner's OPD sees the bar, another OPD gets 404
    other = jobs_app.test_client()
    login(other, *OTHER_USER)
    assert other.get(f"/pekerjaan/{job_id}").status_code == 404
    own = jobs_app.test_client()
    login(own, *OPD_USER)
    page = own.get(f"/pekerjaan/{job_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert 'id="pekerjaan-progress"' in html and "100%" in html and "Hasil per peta" in html
    assert 'id="tombol-batal"' not in html          # nothing to cancel once it has ended
    # a session user polls the API with the cookie (what pekerjaan.js does)
    assert own.get(f"/api/v1/jobs/{job_id}").get_json()["progress"] == 100


def test_bad_input_is_refused_before_a_job_exists(jobs_app, token):
    client = jobs_app.test_client()
    resp = start(client, token, b"PK\x03\x04 bukan arsip")
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "ZIP_INVALID"
    resp = start(client, token, many_maps(2), kind="terbang")
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "UNKNOWN_KIND"
    resp = start(client, token, many_maps(2), kind="")
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "MISSING_KIND"
    resp = start(client, token, many_maps(2), profile="tidak-ada")
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "UNKNOWN_PROFILE"
    with jobs_app.extensions["ppb_db"].session() as sess:
        assert sess.query(Job).count() == 0


def test_a_full_queue_answers_503(app, token, monkeypatch):
    gate = threading.Event()

    def slow(ctx):
        gate.wait(TIMEOUT)
        return {"total": 0}

    monkeypatch.setitem(jobs.KINDS, "uji-lambat", jobs.JobKind(
        "uji-lambat", "Uji", lambda sub: {}, slow, needs_file=False, isolate=False))
    runner = jobs.InProcessRunner(app.extensions["ppb_db"], threads=1, max_pending=1)
    app.extensions["ppb_jobs"] = runner
    try:
        client = app.test_client()
        first = client.post("/api/v1/jobs", headers=bearer(token), data={"kind": "uji-lambat"})
        assert first.status_code == 202
        second = client.post("/api/v1/jobs", headers=bearer(token), data={"kind": "uji-lambat"})
        assert second.status_code == 503 and second.get_json()["error"]["code"] == "QUEUE_FULL"
        gate.set()
        assert wait(client, token, first.get_json()["id"])["status"] == "selesai"
        with app.extensions["ppb_db"].session() as sess:
            refused = sess.query(Job).filter(Job.status == "gagal").one()
            assert refused.message.startswith("Pekerjaan tidak dapat dimulai: Antrean")
    finally:
        gate.set()
        runner.shutdown(wait=True)


def test_upload_page_sends_a_large_zip_to_a_job_and_keeps_small_ones_synchronous(jobs_app):
    jobs_app.config["ZIP_JOB_MAPS"] = 3
    client = jobs_app.test_client()
    login(client, *OPD_USER)
    page = client.get("/unggah")
    assert "lebih dari 3 peta" in page.get_data(as_text=True)

    def upload(data: bytes):
        form = client.get("/unggah").get_data(as_text=True)
        return client.post("/unggah", data={"csrf_token": csrf_token(form),
                                            "berkas": (io.BytesIO(data), "kumpulan.zip")},
                           content_type="multipart/form-data")

    small = upload(many_maps(3))
    # checked at once; several maps are one stored set, shown on its own page
    assert small.status_code == 302 and "/set/" in small.headers["Location"]
    large = upload(many_maps(4))
    assert large.status_code == 302 and "/pekerjaan/" in large.headers["Location"]
    job_id = large.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/pekerjaan/{job_id}")
    html = page.get_data(as_text=True)
    assert "Arsip berisi 4 peta" in html and 'id="pekerjaan-progress"' in html
    done = wait_session(client, job_id)
    assert done["status"] == "selesai" and done["result"]["stored"] == 4
    assert f'href="/set/{done["result"]["setId"]}"' in client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert "pekerjaan.js" not in client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)


def wait_session(client, job_id: str) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if body["status"] in ENDED:
            return body
        time.sleep(0.05)
    raise AssertionError("job did not end")


def test_openapi_documents_the_job_routes(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    paths = doc["paths"]
    assert "post" in paths["/jobs"] and "get" in paths["/jobs/{job_id}"]
    assert "202" in paths["/jobs"]["post"]["responses"] and "429" in paths["/jobs"]["post"]["responses"]
    assert {"200", "202", "403", "404", "409"} <= set(paths["/jobs/{job_id}/batal"]["post"]["responses"])
    assert doc["components"]["schemas"]["Job"]["properties"]["status"]["enum"] == list(jobs.STATUSES)


def _job(job_id: str, opd: int, status: str, **kw) -> Job:
    data = many_maps(2)
    params = jobs._prepare_set(jobs.Submitted("a.zip", data, {}, jobs.Limits()))
    values = dict(id=job_id, kind="validasi-set", opd_id=opd, status=status, progress=40, message="",
                  params_json=jobs._dump(params), input=data, created_at=utcnow(), updated_at=utcnow(),
                  attempts=0, cancel_requested=False)
    values.update(kw)
    return Job(**values)


def test_the_start_up_sweep_touches_only_jobs_whose_lease_expired(app, token):
    """What a restarted server does with the jobs it finds: a running job whose lease expired
    is retried once when a worker ran it (validasi-set is idempotent) or ended with the cause
    on its second death; one a web server ran in-process ends with its server, not run again;
    a job another server holds a live lease on is left alone; a waiting job of a stopped
    in-process server is taken over."""
    db = app.extensions["ppb_db"]
    client = app.test_client()
    opd = opd_id(db)
    past, future = utcnow() - timedelta(seconds=5), utcnow() + timedelta(minutes=5)
    with db.session() as sess:
        sess.add_all([
            _job("a" * 32, opd, "berjalan", attempts=1, worker="mesin-lain:4242", lease_until=past),
            _job("b" * 32, opd, "berjalan", attempts=2, worker="mesin-lain:4242", lease_until=past),
            _job("c" * 32, opd, "berjalan", attempts=1, worker="mesin-lain:99", lease_until=future),
            _job("d" * 32, opd, "antri", worker="mesin-lain:4242", lease_until=past),
            _job("e" * 32, opd, "antri", worker="mesin-lain:99", lease_until=future),
            _job("f" * 32, opd, "berjalan", attempts=1, worker="server@mesin-lain:7", lease_until=past),
        ])
    runner = jobs.InProcessRunner(db, threads=2, settings=replace(jobs.runner_of(app).settings, opd_running=2))
    app.extensions["ppb_jobs"] = runner
    try:
        assert jobs.recover(db, runner) == {"requeued": 2, "failed": 2, "cancelled": 0, "outputsDropped": 0}
        by_server = client.get("/api/v1/jobs/" + "f" * 32, headers=bearer(token)).get_json()
        assert by_server["status"] == "gagal" and by_server["attempts"] == 1
        assert "server yang menjalankannya (mesin-lain:7) berhenti atau dimulai ulang" in by_server["message"]
        ended = client.get("/api/v1/jobs/" + "b" * 32, headers=bearer(token)).get_json()
        assert ended["status"] == "gagal" and "setelah 2 kali dicoba" in ended["message"]
        assert "pekerjanya berhenti (proses mati atau server dimulai ulang)" in ended["message"]
        retried = wait(client, token, "a" * 32)
        assert retried["status"] == "selesai" and retried["attempts"] == 2
        assert retried["result"]["stored"] == 2
        taken = wait(client, token, "d" * 32)
        assert taken["status"] == "selesai" and taken["attempts"] == 1
        with db.session() as sess:   # another server's live jobs: untouched
            alive = sess.get(Job, "c" * 32)
            assert (alive.status, alive.attempts, alive.worker) == ("berjalan", 1, "mesin-lain:99")
            waiting = sess.get(Job, "e" * 32)
            assert (waiting.status, waiting.worker) == ("antri", "mesin-lain:99")
    finally:
        runner.shutdown(wait=True)


def test_a_version_number_taken_at_the_same_moment_is_tried_again(thread_app, token, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    real = services.store_checked
    calls = {"n": 0}

    def collide_once(sess, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:   # as if another upload of this file name had just taken the version
            sess.flush()
            raise IntegrityError("INSERT INTO submission", {}, Exception("UNIQUE constraint failed"))
        return real(sess, **kwargs)

    monkeypatch.setattr(services, "store_checked", collide_once)
    client = thread_app.test_client()
    done = wait(client, token, start(client, token, many_maps(3)).get_json()["id"])
    assert done["status"] == "selesai" and done["result"]["stored"] == 3 and calls["n"] == 2
    assert [f["filename"] for f in done["result"]["files"]] == [f"set/peta-{i:03d}.bpmn" for i in range(3)]


def test_a_job_whose_lease_expired_is_swept_when_read_and_a_live_one_is_not(jobs_app, token):
    """A Celery worker killed mid-job leaves its job 'berjalan': once its lease has expired,
    the job is ended (or retried) when anyone looks at it; a live lease is never touched."""
    db = jobs_app.extensions["ppb_db"]
    client = jobs_app.test_client()
    opd = opd_id(db)
    old = utcnow() - timedelta(minutes=2)
    with db.session() as sess:
        sess.add_all([
            _job("a" * 32, opd, "berjalan", attempts=2, worker="mesin-lain:1", lease_until=old,
                 kind="uji-tak-ulang"),
            _job("b" * 32, opd, "berjalan", attempts=1, worker="mesin-lain:1",
                 lease_until=utcnow() + timedelta(seconds=30)),
            _job("c" * 32, opd, "berjalan", attempts=1, worker="mesin-lain:1", lease_until=old,
                 cancel_requested=True)])
    silent = client.get(f"/api/v1/jobs/{'a' * 32}", headers=bearer(token)).get_json()
    assert silent["status"] == "gagal"
    assert f"tidak memberi kabar sejak {(old - timedelta(seconds=60)):%d-%m-%Y %H.%M}" in silent["message"]
    busy = client.get(f"/api/v1/jobs/{'b' * 32}", headers=bearer(token)).get_json()
    assert busy["status"] == "berjalan"
    listed = {j["id"]: j["status"] for j in client.get("/api/v1/jobs", headers=bearer(token)).get_json()["jobs"]}
    assert listed["a" * 32] == "gagal" and listed["b" * 32] == "berjalan"
    assert listed["c" * 32] == "dibatalkan"   # asked to stop, and its worker died: cancelled
    with db.session() as sess:
        assert sess.get(Job, "a" * 32).status == "gagal"     # stored, not only shown
        assert sess.get(Job, "a" * 32).input is None
        assert sess.get(Job, "b" * 32).lease_until > utcnow()


def test_settings_come_from_config_then_environment(monkeypatch):
    monkeypatch.setenv("PPB_JOB_OPD_QUEUED", "7")
    monkeypatch.setenv("PPB_JOB_ISOLATE", "0")
    monkeypatch.setenv("PPB_JOB_LEASE_SECONDS", "2.5")
    s = jobs.Settings.from_config({"JOB_OPD_RUNNING": 3})
    assert (s.opd_running, s.opd_queued, s.isolate, s.lease) == (3, 7, False, 2.5)
    monkeypatch.delenv("PPB_JOB_ISOLATE")
    d = jobs.Settings.from_config({})
    assert (d.opd_running, d.timeout, d.memory_mb, d.isolate) == (1, 1800.0, 2048, True)


def test_waiting_jobs_keep_their_lease_while_they_wait(app, token, monkeypatch):
    """A job waiting in this server's queue is leased to this server and the lease is renewed
    while it waits, so no other server takes it over; the running one's heartbeat renews its."""
    gate = threading.Event()

    def slow(ctx):
        ctx.progress(10, "Menunggu.")
        gate.wait(TIMEOUT)
        return {"total": 0}

    monkeypatch.setitem(jobs.KINDS, "uji-lambat", jobs.JobKind(
        "uji-lambat", "Uji", lambda sub: {}, slow, needs_file=False, isolate=False))
    runner = with_settings(app, threads=1, lease=0.6)
    client = app.test_client()
    db = app.extensions["ppb_db"]
    try:
        first = client.post("/api/v1/jobs", headers=bearer(token), data={"kind": "uji-lambat"}).get_json()["id"]
        second = client.post("/api/v1/jobs", headers=bearer(token), data={"kind": "uji-lambat"}).get_json()["id"]
        wait(client, token, first, 20, until=("berjalan",))
        for _ in range(4):                     # several leases long
            time.sleep(0.5)
            with db.session() as sess:
                now = utcnow()
                for job_id, status in ((first, "berjalan"), (second, "antri")):
                    job = sess.get(Job, job_id)
                    assert job.status == status and job.lease_until > now, (job_id, job.status)
                    assert job.worker == jobs.worker_id("server")
        gate.set()
        assert wait(client, token, second)["status"] == "selesai"
    finally:
        gate.set()
        runner.shutdown(wait=True)


def test_a_job_cancelled_right_after_it_was_sent_never_runs_on(thread_app, other_token, client):
    """Cancel races the runner's claim: whichever wins, a cancelled job ends dibatalkan (with
    its audit entry), never selesai. On SQLite the cancel takes the write lock before it reads
    the job; on PostgreSQL a claim may commit between that read and the cancel's UPDATE, which
    then matches no row and must not be taken as done."""
    from sqlalchemy import select

    from validator.web.models import AuditEntry, User

    def run(ctx):
        ctx.progress(10, "mulai")
        time.sleep(0.3)
        ctx.progress(50, "tengah")
        return {"ok": True}

    jobs.register(jobs.JobKind("uji-batal-cepat", "Uji", lambda sub: {}, run, needs_file=False,
                               isolate=False))
    db = thread_app.extensions["ppb_db"]
    with db.session() as sess:
        opd = sess.scalar(select(Opd.id).where(Opd.singkatan == "DPMPTSP"))
        owner = sess.scalar(select(User.id).where(User.username == OTHER_USER[0]))
    ended = []
    for _ in range(12):
        with thread_app.app_context():
            job_id = jobs.submit("uji-batal-cepat", {}, opd_id=opd, owner_id=owner)
        resp = client.post(f"/api/v1/jobs/{job_id}/batal", headers=bearer(other_token))
        assert resp.status_code in (200, 202), resp.get_json()
        body = wait(client, other_token, job_id)
        with db.session() as sess:
            audited = sess.scalar(select(AuditEntry.id).where(AuditEntry.target == job_id))
        ended.append((body["status"], audited is not None, resp.status_code, resp.get_json()["status"]))
    assert [e[:2] for e in ended] == [("dibatalkan", True)] * 12, ended
