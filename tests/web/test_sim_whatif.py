"""The simulation result page: each activity's share of the cycle time, and the what-if form
(one more person in a lane, an activity faster) with its JSON twin
``POST /api/v1/simulate/<job_id>/whatif`` (issue 15, Must 6)."""
from __future__ import annotations

import re
import time

import pytest

from validator.web import jobs

from .conftest import bearer, csrf_token, login
from .test_simulation import MM1, _own_submission
from .test_jobs import wait

MAP = "ktp-el-lintas-fungsi-baik.bpmn"     # Lane_1 (Petugas Loket Pelayanan) has a long queue


@pytest.fixture
def sim_app(app):
    yield app
    jobs.runner_of(app).shutdown(wait=True)


def _wait_session(client, job_id: str) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if body["status"] in jobs.FINAL:
            return body
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def _simulated(client, db) -> tuple[str, int]:
    sid = _own_submission(db, "DISDUKCAPIL", MAP)
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    r = client.post(f"/simulasi/{sid}", data={"csrf_token": csrf_token(page), "cases": "200",
                                              "replications": "3", "seed": "5"})
    assert r.status_code == 302, r.get_data(as_text=True)[:300]
    job_id = r.headers["Location"].rsplit("/", 1)[1]
    assert _wait_session(client, job_id)["status"] == "selesai"
    return job_id, sid


def test_result_page_shows_shares_and_a_keyboard_reachable_what_if_form(sim_app, db, demo_users):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    job_id, _ = _simulated(client, db)
    body = client.get(f"/api/v1/jobs/{job_id}").get_json()
    share = body["result"]["activityShare"]
    assert share["wallClock"] and set(share["activities"]) == set(body["result"]["tasks"])
    html = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert 'id="tabel-bagian-waktu"' in html and "Di luar jam kerja" in html
    for eid in share["activities"]:
        assert f'data-bagian="{eid}"' in html
    # the form: native controls inside their labels, a submit button, nothing taken out of
    # the tab order
    form = html[html.index('id="andaikan"'):]
    form = form[:form.index("</form>")]
    assert f'action="/pekerjaan/{job_id}/andaikan"' in form
    for name in ("lane", "extra", "activity", "percent"):
        assert re.search(rf'<label>[^<]*<(select|input)[^>]*name="{name}"', form), name
    assert 'type="submit"' in form and 'tabindex="-1"' not in form
    assert 'value="Lane_1"' in form and 'value="Task_PeriksaBerkas"' in form


def test_one_more_person_at_the_counter_side_by_side(sim_app, db, demo_users):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    job_id, sid = _simulated(client, db)
    page = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    r = client.post(f"/pekerjaan/{job_id}/andaikan",
                    data={"csrf_token": csrf_token(page), "lane": "Lane_1", "extra": "1",
                          "activity": "", "percent": "20"})
    assert r.status_code == 302, r.get_data(as_text=True)[:400]
    new_id = r.headers["Location"].rsplit("/", 1)[1]
    done = _wait_session(client, new_id)
    assert done["status"] == "selesai", done
    assert done["submission"]["id"] == sid
    what = done["result"]["andaikan"]
    assert what["baseJob"] == job_id and what["change"]["lane"] == "Lane_1"
    cmp = what["comparison"]
    assert (cmp["cases"], cmp["replications"], cmp["seed"]) == (200, 3, 5)
    wait_loket = cmp["laneWait"]["Petugas Loket Pelayanan"]
    assert wait_loket["tobe"] < wait_loket["asis"] and wait_loket["significant"]
    assert cmp["utilisation"]["Petugas Loket Pelayanan"]["capacity"] == {"asis": 1, "tobe": 2}
    # the original's figures are those of the job it came from (same scenario and seeds)
    base = client.get(f"/api/v1/jobs/{job_id}").get_json()["result"]
    assert cmp["kpis"]["cycleTime"]["asis"] == pytest.approx(base["cycleTime"]["mean"])
    assert cmp["kpis"]["cycleTime"]["asisCi95"] == pytest.approx(base["cycleTime"]["ci95"])
    html = client.get(f"/pekerjaan/{new_id}").get_data(as_text=True)
    assert 'id="tabel-andaikan"' in html and "Petugas Loket Pelayanan: 1 petugas lagi" in html
    assert 'data-banding="cycleTime"' in html and "(1 → 2 petugas)" in html
    assert 'data-banding="cycleTimeCalendar"' in html            # an office calendar
    counter = cmp["activities"]["Task_PeriksaBerkas"]["personWait"]
    assert counter["tobe"] < counter["asis"] and counter["significant"]
    assert 'data-banding-aktivitas="Task_PeriksaBerkas"' in html
    assert 'id="andaikan"' not in html          # no what-if of a what-if
    assert f'href="/pekerjaan/{job_id}"' in html
    r = client.post(f"/pekerjaan/{new_id}/andaikan",
                    data={"csrf_token": csrf_token(page), "lane": "Lane_2"})
    assert r.status_code == 409 and "simulasi asalnya" in r.get_data(as_text=True)
    # the report's list of this version's simulations marks the what-if with its change
    listed = client.get(f"/laporan/{sid}").get_data(as_text=True)
    item = listed[listed.index(f'data-pekerjaan="{new_id}"'):]
    item = item[:item.index("</li>")]
    assert "andaikan: Petugas Loket Pelayanan: 1 petugas lagi" in item
    plain = listed[listed.index(f'data-pekerjaan="{job_id}"'):]
    assert "andaikan" not in plain[:plain.index("</li>")]


@pytest.mark.parametrize("form, status, words", [
    ({"lane": "Lane_Tidak_Ada"}, 422, "tidak ada"),
    ({"activity": "Task_Tidak_Ada"}, 422, "tidak ada"),
    ({"activity": "Task_PeriksaBerkas", "percent": "150"}, 400, "percent"),
    ({"activity": "Task_PeriksaBerkas", "percent": "0"}, 400, "percent"),
    ({"activity": "Task_PeriksaBerkas", "percent": "cepat"}, 400, "percent"),
    ({"lane": "Lane_1", "extra": "99"}, 400, "extra"),
    ({}, 400, "Pilih lane"),
])
def test_bad_what_ifs_get_an_indonesian_error(sim_app, db, demo_users, token, form, status, words):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    job_id, _ = _simulated(client, db)
    page = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    r = client.post(f"/pekerjaan/{job_id}/andaikan", data={"csrf_token": csrf_token(page), **form})
    assert r.status_code == status
    assert words in r.get_data(as_text=True)
    api = client.post(f"/api/v1/simulate/{job_id}/whatif", data=form, headers=bearer(token))
    assert api.status_code == status, api.get_data(as_text=True)[:300]
    assert api.get_json()["error"]["message"]


def test_activity_faster_through_the_api(sim_app, db, demo_users, token):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    job_id, _ = _simulated(client, db)
    api = sim_app.test_client()
    r = api.post(f"/api/v1/simulate/{job_id}/whatif?activity=Task_VerifikasiData&percent=25",
                 headers=bearer(token))
    assert r.status_code == 202, r.get_data(as_text=True)[:300]
    done = wait(api, token, r.get_json()["id"])
    assert done["status"] == "selesai", done
    cmp = done["result"]["andaikan"]["comparison"]
    proc = cmp["kpis"]["processing"]
    assert proc["tobe"] < proc["asis"] and proc["difference"] < 0
    assert done["result"]["andaikan"]["change"] == {"lane": None, "extra": None,
                                                    "activity": "Task_VerifikasiData",
                                                    "percent": 25.0}


def test_only_who_may_see_the_map_runs_a_what_if(sim_app, db, demo_users, other_token):
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    job_id, _ = _simulated(client, db)
    other = sim_app.test_client()
    login(other, *demo_users["other"])
    page = other.get("/unggah").get_data(as_text=True)
    r = other.post(f"/pekerjaan/{job_id}/andaikan", data={"csrf_token": csrf_token(page),
                                                          "lane": "Lane_1"})
    assert r.status_code == 404
    r = other.post(f"/api/v1/simulate/{job_id}/whatif?lane=Lane_1", headers=bearer(other_token))
    assert r.status_code == 404
    # a verifikator reads every OPD's maps: may run it
    from validator.web import accounts
    with db.session() as sess:
        accounts.create_user(sess, username="verif.andaikan", role="verifikator",
                             password="lubuk-minturun-hijau")
    verif = sim_app.test_client()
    login(verif, "verif.andaikan", "lubuk-minturun-hijau")
    page = verif.get("/unggah").get_data(as_text=True)
    r = verif.post(f"/pekerjaan/{job_id}/andaikan", data={"csrf_token": csrf_token(page),
                                                          "lane": "Lane_1"})
    assert r.status_code == 302
    assert _wait_session(verif, r.headers["Location"].rsplit("/", 1)[1])["status"] == "selesai"


def test_a_simulation_of_an_upload_that_was_not_stored_says_why(sim_app, token):
    client = sim_app.test_client()
    r = client.post("/api/v1/simulate?cases=50&replications=2&job=1", data=MM1,
                    headers={**bearer(token), "Content-Type": "application/xml"})
    assert r.status_code == 202
    job_id = r.get_json()["id"]
    assert wait(client, token, job_id)["status"] == "selesai"
    r = client.post(f"/api/v1/simulate/{job_id}/whatif?lane=Lane_Loket", headers=bearer(token))
    assert r.status_code == 409 and "simpan petanya" in r.get_json()["error"]["message"]


def test_a_what_if_counts_twice_against_the_simulation_budget(sim_app, db, demo_users):
    # the what-if runs the map twice (as it is, and changed): a budget the original fits in
    # with room to spare refuses the what-if, in Indonesian, before any job is stored
    client = sim_app.test_client()
    login(client, *demo_users["opd"])
    job_id, _ = _simulated(client, db)
    weighted = client.get(f"/api/v1/jobs/{job_id}").get_json()["result"]["estimate"]["weightedSteps"]
    sim_app.config["SIM_HARD_BUDGET"] = int(1.5 * weighted)
    page = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    before = client.get("/api/v1/jobs").get_json()["count"]
    r = client.post(f"/pekerjaan/{job_id}/andaikan", data={"csrf_token": csrf_token(page),
                                                           "lane": "Lane_1"})
    assert r.status_code == 422 and "terlalu berat" in r.get_data(as_text=True)
    assert client.get("/api/v1/jobs").get_json()["count"] == before
    sim_app.config["SIM_HARD_BUDGET"] = int(2.5 * weighted)
    r = client.post(f"/pekerjaan/{job_id}/andaikan", data={"csrf_token": csrf_token(page),
                                                           "lane": "Lane_1"})
    assert r.status_code == 302
