"""Jobs in-process: a large set validated off the request path, with progress and results."""
from __future__ import annotations

import io
import threading
import time

import pytest

from validator.web import jobs, services
from validator.web.models import Job, Submission

from .conftest import OPD_USER, OTHER_USER, bearer, csrf_token, login
from .helpers import NOT_BPMN, flawed_bytes, good_bytes, make_zip

TIMEOUT = 60


def many_maps(n: int, unreadable: int = 0) -> bytes:
    entries = {f"set/peta-{i:03d}.bpmn": (good_bytes() if i % 2 else flawed_bytes()) for i in range(n)}
    for i in range(unreadable):
        entries[f"set/rusak-{i}.bpmn"] = NOT_BPMN
    return make_zip(entries)


@pytest.fixture
def jobs_app(app):
    yield app
    jobs.runner_of(app).shutdown(wait=True)


def start(client, token, data: bytes, kind: str = "validasi-set", **fields):
    return client.post("/api/v1/jobs", headers=bearer(token),
                       data={"kind": kind, "file": (io.BytesIO(data), "kumpulan.zip"),
                             **fields}, content_type="multipart/form-data")


def wait(client, token, job_id: str) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).get_json()
        if body["status"] in ("selesai", "gagal"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end within {TIMEOUT} s")


def test_set_job_validates_and_stores_each_map(jobs_app, token):
    client = jobs_app.test_client()
    resp = start(client, token, many_maps(24, unreadable=1))
    assert resp.status_code == 202, resp.get_json()
    body = resp.get_json()
    assert body["status"] in ("antri", "berjalan", "selesai")
    assert resp.headers["Location"] == f"/api/v1/jobs/{body['id']}"
    assert body["links"]["page"] == f"/pekerjaan/{body['id']}"

    done = wait(client, token, body["id"])
    assert done["status"] == "selesai", done
    assert done["progress"] == 100
    assert "25 peta diperiksa, 24 disimpan" in done["message"] and "1 berkas tidak dapat dibaca" in done["message"]
    result = done["result"]
    assert (result["total"], result["processed"], result["stored"], result["unreadable"]) == (25, 25, 24, 1)
    bad = [f for f in result["files"] if f["status"] == "error"]
    assert [f["filename"] for f in bad] == ["set/rusak-0.bpmn"] and bad[0]["error"]["code"] == "NOT_BPMN"
    stored = [f for f in result["files"] if f["status"] == "ok"]
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
        ids = [f["submissionId"] for f in stored]
        assert sess.query(Submission).filter(Submission.id.in_(ids)).count() == 24


def test_progress_is_written_per_file_and_reaches_100(jobs_app, token, monkeypatch):
    seen: list[int] = []
    real = jobs.JobContext.progress

    def spy(self, percent, message=None, result=None, sess=None):
        seen.append(int(percent))
        return real(self, percent, message, result, sess)

    monkeypatch.setattr(jobs.JobContext, "progress", spy)
    client = jobs_app.test_client()
    job_id = start(client, token, many_maps(8)).get_json()["id"]
    done = wait(client, token, job_id)
    assert done["status"] == "selesai" and done["progress"] == 100
    # 0, then checking (0-50 %, at most 20 steps), then once per stored map (50-99 %)
    assert seen == sorted(seen) and seen[0] == 0 and seen[-1] == 99
    storing = [p for p in seen if p > 50]
    assert len(storing) == 8 and storing[0] == 56
    assert 0 < len(seen) - len(storing) <= 22


def test_a_crash_marks_the_job_failed_and_keeps_what_was_stored(jobs_app, token, monkeypatch):
    real = services.store_checked
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk penuh")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "store_checked", flaky)
    client = jobs_app.test_client()
    job_id = start(client, token, many_maps(6)).get_json()["id"]
    done = wait(client, token, job_id)
    assert done["status"] == "gagal"
    assert done["message"] == ("Pekerjaan gagal: terjadi kesalahan tak terduga (RuntimeError); mohon "
                               "laporkan kepada pengelola. 2 peta yang sudah diperiksa tetap tersimpan.")
    result = done["result"]
    assert result["stored"] == 2 and len(result["files"]) == 2
    for f in result["files"]:
        assert client.get(f"/api/v1/submissions/{f['submissionId']}", headers=bearer(token)).status_code == 200
    # the failed map's transaction left nothing behind
    with jobs_app.extensions["ppb_db"].session() as sess:
        names = {s.filename for s in sess.query(Submission).filter(Submission.filename.like("set/%"))}
    assert names == {f["filename"] for f in result["files"]}


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
        "uji-lambat", "Uji", lambda sub: {}, slow, needs_file=False))
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
    assert small.status_code == 302 and "/laporan/" in small.headers["Location"]
    large = upload(many_maps(4))
    assert large.status_code == 302 and "/pekerjaan/" in large.headers["Location"]
    job_id = large.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/pekerjaan/{job_id}")
    html = page.get_data(as_text=True)
    assert "Arsip berisi 4 peta" in html and 'id="pekerjaan-progress"' in html
    done = wait_session(client, job_id)
    assert done["status"] == "selesai" and done["result"]["stored"] == 4
    assert "pekerjaan.js" not in client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)


def wait_session(client, job_id: str) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if body["status"] in ("selesai", "gagal"):
            return body
        time.sleep(0.05)
    raise AssertionError("job did not end")


def test_openapi_documents_the_job_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/jobs"] and "get" in paths["/jobs/{job_id}"]
    assert "202" in paths["/jobs"]["post"]["responses"]


def test_a_restarted_in_process_server_ends_running_jobs_and_requeues_waiting_ones(app, token):
    from validator.web.models import Opd, utcnow

    db = app.extensions["ppb_db"]
    client = app.test_client()
    with db.session() as sess:
        opd = sess.query(Opd).filter_by(singkatan="DISDUKCAPIL").one()
        data = many_maps(2)
        params = jobs._prepare_set(jobs.Submitted("a.zip", data, {}, jobs.Limits()))
        sess.add(Job(id="a" * 32, kind="validasi-set", opd_id=opd.id, status="berjalan", progress=40,
                     message="", params_json=jobs._dump(params), input=data, created_at=utcnow(),
                     result_json=jobs._dump({"stored": 3})))
        sess.add(Job(id="b" * 32, kind="validasi-set", opd_id=opd.id, status="antri", progress=0,
                     message="", params_json=jobs._dump(params), input=data, created_at=utcnow()))
    runner = jobs.InProcessRunner(db, threads=1)
    try:
        assert jobs.recover(db, runner) == {"failed": 1, "requeued": 1}
        stopped = client.get("/api/v1/jobs/" + "a" * 32, headers=bearer(token)).get_json()
        assert stopped["status"] == "gagal" and "server dimulai ulang" in stopped["message"]
        assert "3 peta yang sudah diperiksa tetap tersimpan" in stopped["message"]
        assert wait(client, token, "b" * 32)["result"]["stored"] == 2
    finally:
        runner.shutdown(wait=True)


def test_a_version_number_taken_at_the_same_moment_is_tried_again(jobs_app, token, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    real = services.store_checked
    calls = {"n": 0}

    def collide_once(sess, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:   # as if another upload of this file name had just taken the version
            sess.flush()
            raise IntegrityError("INSERT INTO submission", {}, Exception("UNIQUE constraint failed"))
        return real(sess, **kwargs)

    monkeypatch.setattr(services, "store_checked", collide_once)
    client = jobs_app.test_client()
    done = wait(client, token, start(client, token, many_maps(3)).get_json()["id"])
    assert done["status"] == "selesai" and done["result"]["stored"] == 3 and calls["n"] == 4
    assert [f["filename"] for f in done["result"]["files"]] == [f"set/peta-{i:03d}.bpmn" for i in range(3)]


def test_a_running_job_that_went_silent_is_ended_as_failed(jobs_app, token):
    """A Celery worker killed mid-job leaves it 'berjalan': after JOB_STALE_MINUTES without
    progress the job is ended as gagal when anyone looks at it, keeping what it stored."""
    from datetime import timedelta

    from validator.web.models import utcnow

    db = jobs_app.extensions["ppb_db"]
    client = jobs_app.test_client()
    with db.session() as sess:
        from validator.web.models import Opd
        opd_id = sess.query(Opd).filter_by(singkatan="DISDUKCAPIL").one().id
        old = utcnow() - timedelta(minutes=31)
        fresh = utcnow() - timedelta(minutes=5)
        sess.add_all([
            Job(id="a" * 32, kind="validasi-set", opd_id=opd_id, status=jobs.RUNNING, progress=40,
                message="", params_json="{}", result_json='{"stored": 3}', created_at=old,
                started_at=old, updated_at=old),
            Job(id="b" * 32, kind="validasi-set", opd_id=opd_id, status=jobs.RUNNING, progress=40,
                message="", params_json="{}", created_at=fresh, started_at=fresh, updated_at=fresh)])
    silent = client.get(f"/api/v1/jobs/{'a' * 32}", headers=bearer(token)).get_json()
    assert silent["status"] == "gagal" and "3 peta" in silent["message"]
    busy = client.get(f"/api/v1/jobs/{'b' * 32}", headers=bearer(token)).get_json()
    assert busy["status"] == "berjalan"
    listed = {j["id"]: j["status"] for j in client.get("/api/v1/jobs", headers=bearer(token)).get_json()["jobs"]}
    assert listed["a" * 32] == "gagal" and listed["b" * 32] == "berjalan"
    with db.session() as sess:
        assert sess.get(Job, "a" * 32).status == "gagal"     # stored, not only shown
