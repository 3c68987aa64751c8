"""Simulation on the server: POST /api/v1/simulate (at once or as a job), the "simulasi" job
kind, and the report page's form that starts one and shows its result."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from validator.web import jobs
from validator.web.models import Submission

from .conftest import bearer, csrf_token, login
from .helpers import NOT_BPMN, make_zip
from .test_jobs import wait

MODELS = Path(__file__).resolve().parents[1] / "sim" / "models"
MM1 = (MODELS / "mm1.bpmn").read_bytes()
FOUR_LANES = (MODELS / "izin-4-lane.bpmn").read_bytes()


@pytest.fixture
def sim_app(app):
    yield app
    jobs.runner_of(app).shutdown(wait=True)


def _post(client, token, data: bytes, **query):
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(f"/api/v1/simulate?{qs}", data=data,
                       headers={**bearer(token), "Content-Type": "application/xml"})


def test_small_simulation_answers_at_once_with_kpis_and_heat_map(sim_app, token):
    client = sim_app.test_client()
    r = _post(client, token, FOUR_LANES, cases=300, replications=3, seed=7)
    assert r.status_code == 200, r.get_data(as_text=True)[:400]
    body = r.get_json()
    assert (body["cases"], body["replications"], body["seed"]) == (300, 3, 7)
    assert body["scenario"] == {"cases": 300, "replications": 3, "seed": 7, "warmup": 0}
    assert body["cycleTime"]["mean"] > 0 and body["modelHash"] and body["versions"]["SpiffWorkflow"]
    assert set(body["panas"]) == set(body["tasks"])
    assert max(body["panas"].values()) == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 for v in body["panas"].values())
    hottest = max(body["panas"], key=body["panas"].get)
    assert hottest in body["keterangan"] and "tunggu rata-rata" in body["keterangan"][hottest]
    again = _post(client, token, FOUR_LANES, cases=300, replications=3, seed=7).get_json()
    assert again["cycleTime"] == body["cycleTime"]          # same seed, same result


@pytest.mark.parametrize("query, code", [
    ({"cases": "banyak"}, "BAD_PARAMETER"), ({"replications": 0}, "BAD_PARAMETER"),
    ({"cases": 10, "warmup": 10}, "BAD_PARAMETER"),
])
def test_bad_scenarios_are_refused_in_indonesian(sim_app, token, query, code):
    r = _post(sim_app.test_client(), token, MM1, **query)
    assert r.status_code == 400 and r.get_json()["error"]["code"] == code
    assert "harus" in r.get_json()["error"]["message"]


def test_what_cannot_be_simulated_gets_a_clear_error(sim_app, token):
    client = sim_app.test_client()
    r = _post(client, token, NOT_BPMN)
    assert r.status_code == 422 and r.get_json()["error"]["message"]
    r = client.post("/api/v1/simulate", data=make_zip({"a.bpmn": MM1}),
                    headers={**bearer(token), "Content-Type": "application/zip"})
    assert r.status_code == 415
    r = client.post("/api/v1/simulate", data=MM1, headers={"Content-Type": "application/xml"})
    assert r.status_code == 401


def test_large_simulation_runs_as_a_job_and_stores_its_scenario(sim_app, token):
    # "large" is the estimated cost (cases x replications x steps per case), against
    # SIM_INLINE_BUDGET: M/M/1 takes 3 steps a case, so 5000 x 5 cases are 75,000 steps
    sim_app.config["SIM_INLINE_BUDGET"] = 70_000
    client = sim_app.test_client()
    r = _post(client, token, MM1, cases=5000, replications=5, seed=3)
    assert r.status_code == 202, r.get_data(as_text=True)[:300]
    job_id = r.get_json()["id"]
    assert r.headers["Location"] == f"/api/v1/jobs/{job_id}"
    done = wait(client, token, job_id)
    assert done["status"] == "selesai" and done["progress"] == 100, done
    result = done["result"]
    assert result["scenario"] == {"cases": 5000, "replications": 5, "seed": 3, "warmup": 0}
    assert result["seed"] == 3 and result["modelHash"] and result["versions"]["ppb-validator"]
    assert "disimulasikan" in done["message"]


def test_job_api_takes_the_scenario_fields(sim_app, token):
    client = sim_app.test_client()
    r = client.post("/api/v1/jobs", headers=bearer(token), content_type="multipart/form-data",
                    data={"kind": "simulasi", "file": (io.BytesIO(MM1), "mm1.bpmn"),
                          "cases": "400", "replications": "2", "seed": "11"})
    assert r.status_code == 202, r.get_json()
    done = wait(client, token, r.get_json()["id"])
    assert done["result"]["scenario"]["cases"] == 400 and done["result"]["replications"] == 2
    r = client.post("/api/v1/jobs", headers=bearer(token), content_type="multipart/form-data",
                    data={"kind": "simulasi", "file": (io.BytesIO(MM1), "mm1.bpmn"), "seed": "-1"})
    assert r.status_code == 400


def _own_submission(db, singkatan: str, suffix: str) -> int:
    from validator.web.models import Opd

    with db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == singkatan))
        return sess.scalar(select(Submission.id).where(Submission.opd_id == opd.id,
                                                       Submission.filename.like(f"%{suffix}"))
                           .order_by(Submission.id.desc()))


def test_report_page_starts_a_simulation_and_shows_the_result(sim_app, db, demo_users):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    sid = _own_submission(db, "DISDUKCAPIL", "ktp-el-lintas-fungsi-baik.bpmn")
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert 'id="simulasi"' in page
    r = client.post(f"/simulasi/{sid}", data={"csrf_token": csrf_token(page), "cases": "200",
                                              "replications": "2", "seed": "5"})
    assert r.status_code == 302 and "/pekerjaan/" in r.headers["Location"]
    job_id = r.headers["Location"].rsplit("/", 1)[1]
    body = None
    for _ in range(600):
        body = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if body["status"] in ("selesai", "gagal"):
            break
        import time
        time.sleep(0.05)
    assert body["status"] == "selesai", body
    html = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert 'id="tabel-kpi"' in html and 'id="tabel-lane"' in html and "Waktu siklus" in html
    # the charts drawn when the job ran, inline (no script), with their stylesheet
    for key in ("histogram", "utilisation", "wip", "heatmap"):
        assert f'data-chart="{key}"' in html, key
    assert "/aset/sim-charts.css" in html
    css = client.get("/aset/sim-charts.css")
    assert css.status_code == 200 and b".chart-histogram .bar" in css.data
    assert css.headers["X-Content-Type-Options"] == "nosniff"     # the pages' own headers
    assert "default-src 'self'" in css.headers["Content-Security-Policy"]
    # the result names its map version, and is found again from the report and the history
    assert body["submission"]["id"] == sid and body["submission"]["version"] >= 1
    assert f'href="/laporan/{sid}"' in html and 'id="pekerjaan-peta"' in html
    report = client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert 'id="simulasi-daftar"' in report and f'data-pekerjaan="{job_id}"' in report
    assert "waktu siklus rata-rata" in report
    history = client.get("/riwayat").get_data(as_text=True)
    assert f'href="/pekerjaan/{job_id}"' in history and "1 simulasi" in history


def test_an_opd_user_cannot_simulate_another_opds_map(sim_app, db, demo_users):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    other = _own_submission(db, "DPMPTSP", "-baik.bpmn")
    page = client.get("/unggah").get_data(as_text=True)
    r = client.post(f"/simulasi/{other}", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 404
