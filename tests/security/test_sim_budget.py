"""The cost of a simulation is bounded (issue 11).

The outside report: a looping map (``ppb:peluang="0.999"`` on the back edge of an exclusive
gateway loop) with 20,000 cases ran inline on the server for 168 s and took 3 GB. Now the
cost is estimated before anything runs (:mod:`validator.sim.budget`), heavy runs become
jobs, runs over the hard budget are refused, a runaway case stops at the per-case step cap
under both engines, and a run keeps no per-activity data unless asked.
"""
from __future__ import annotations

import json
import math
import signal
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest

from validator.sim import Scenario, simulate
from validator.sim import budget
from validator.sim.loader import load

from ..sim.evalguard import guard_fixture  # noqa: F401 - autouse fixture
from .conftest import seeded_app

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "tests" / "sim" / "models"
NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0"')


def bpmn(body: str, end: str = '<bpmn:endEvent id="E"/>') -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions {NS} id="D" targetNamespace="urn:uji">'
            f'<bpmn:process id="P" name="Putaran" isExecutable="false" ppb:kalender="24jam" '
            f'ppb:kedatangan="6/jam"><bpmn:startEvent id="S"/>{body}{end}</bpmn:process>'
            '</bpmn:definitions>').encode()


def looping(back: str = "0.999", end: str = '<bpmn:endEvent id="E"/>') -> bytes:
    """S -> J -> A -> X; X -> J with ``back``, X -> E otherwise (the reported map)."""
    out = f"{1 - float(back):.6f}"
    return bpmn(
        '<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="J"/><bpmn:exclusiveGateway id="J"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="J" targetRef="A"/>'
        '<bpmn:task id="A" name="Periksa" ppb:durasi="1 menit"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="A" targetRef="X"/>'
        '<bpmn:exclusiveGateway id="X" name="Lengkap?"/>'
        f'<bpmn:sequenceFlow id="back" name="Tidak" sourceRef="X" targetRef="J" ppb:peluang="{back}"/>'
        f'<bpmn:sequenceFlow id="ok" name="Ya" sourceRef="X" targetRef="E" ppb:peluang="{out}"/>', end)


# a loop of gateways only, always taken: no activity, so no event ever reaches the kernel;
# the engines must stop it themselves
GATEWAY_LOOP = bpmn(
    '<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="J"/><bpmn:exclusiveGateway id="J"/>'
    '<bpmn:sequenceFlow id="f2" sourceRef="J" targetRef="X"/><bpmn:exclusiveGateway id="X"/>'
    '<bpmn:sequenceFlow id="back" sourceRef="X" targetRef="J" ppb:peluang="1"/>'
    '<bpmn:sequenceFlow id="ok" sourceRef="X" targetRef="E" ppb:peluang="0"/>')
# a loop through a parallel split: every round doubles the tokens
PARALLEL_LOOP = bpmn(
    '<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="J"/><bpmn:exclusiveGateway id="J"/>'
    '<bpmn:sequenceFlow id="f2" sourceRef="J" targetRef="A"/>'
    '<bpmn:task id="A" ppb:durasi="1 menit"/><bpmn:sequenceFlow id="f3" sourceRef="A" targetRef="G"/>'
    '<bpmn:parallelGateway id="G"/><bpmn:sequenceFlow id="g1" sourceRef="G" targetRef="J"/>'
    '<bpmn:sequenceFlow id="g2" sourceRef="G" targetRef="E"/>')
TERMINATE = '<bpmn:endEvent id="E"><bpmn:terminateEventDefinition/></bpmn:endEvent>'


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging when the code under test never returns."""
    def expired(signum, frame):  # noqa: ANN001, ARG001
        raise TimeoutError(f"no answer within {seconds} s")
    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# -- the estimate ----------------------------------------------------------------------------

def test_estimate_of_the_reported_loop_is_its_expected_length():
    loaded = load(looping("0.999"))
    cost = budget.estimate(loaded, Scenario(cases=20_000, replications=1), max_steps=10_000)
    # entering the process, S and E once, J, A and X 1/(1-0.999) = 1000 times each
    assert cost.steps_per_case == pytest.approx(3003, rel=1e-9)
    assert cost.has_loops and cost.engine == "compiled" and not cost.over_cap
    assert cost.total_steps == 60_060_000 and cost.weighted == cost.total_steps
    text = cost.describe()
    assert "20.000 kasus" in text and "3.003,0 langkah per kasus" in text and "60.060.000" in text


@pytest.mark.parametrize("data, expected", [
    (bpmn('<bpmn:sequenceFlow id="f" sourceRef="S" targetRef="A"/><bpmn:task id="A"/>'
          '<bpmn:sequenceFlow id="g" sourceRef="A" targetRef="E"/>'), 1 + 3),
    # parallel split and join: the join is entered by two tokens, leaves with one
    (bpmn('<bpmn:sequenceFlow id="f" sourceRef="S" targetRef="PS"/><bpmn:parallelGateway id="PS"/>'
          '<bpmn:sequenceFlow id="a" sourceRef="PS" targetRef="A"/><bpmn:task id="A"/>'
          '<bpmn:sequenceFlow id="b" sourceRef="PS" targetRef="B"/><bpmn:task id="B"/>'
          '<bpmn:sequenceFlow id="c" sourceRef="A" targetRef="PJ"/>'
          '<bpmn:sequenceFlow id="d" sourceRef="B" targetRef="PJ"/><bpmn:parallelGateway id="PJ"/>'
          '<bpmn:sequenceFlow id="e" sourceRef="PJ" targetRef="E"/>'), 1 + 7),
    (looping("0.5"), 1 + 2 + 3 * 2),
])
def test_estimate_counts_flow_nodes_entered(data, expected):
    # one step for entering the process, then one for each flow node a token enters
    assert budget.expected_steps(load(data))[0] == pytest.approx(expected)


@pytest.mark.parametrize("data", [GATEWAY_LOOP, PARALLEL_LOOP, looping("1")])
def test_a_loop_that_never_ends_has_no_expected_length_and_costs_the_cap(data):
    cost = budget.estimate(load(data), Scenario(cases=100, replications=2), max_steps=500)
    assert math.isinf(cost.steps_per_case) and cost.over_cap and cost.has_loops
    assert cost.total_steps == 100 * 2 * 500          # bounded: every case stops at the cap
    assert "tak terhingga" in cost.describe() and "500 langkah" in cost.describe()
    assert cost.as_dict()["stepsPerCase"] is None


@pytest.mark.parametrize("name", ["izin-4-lane.bpmn", "tiga-pool.bpmn", "konstruksi.bpmn",
                                  "pool-pesan.bpmn", "bpsim-izin.bpmn"])
def test_estimate_agrees_with_the_steps_the_compiled_engine_takes(name):
    from validator.sim import kernel
    from validator.sim.compiled import CompiledSemantics, compile_map

    loaded = load(MODELS / name)
    expected = budget.expected_steps(loaded)[0]
    sem = CompiledSemantics(loaded, 5, compile_map(loaded))
    run = kernel.run(sem, loaded.params, 3000, 5, keep_log=False)
    finished = sum(1 for f in run.finish if f is not None)
    measured = sem.done_steps / finished
    assert measured == pytest.approx(expected, rel=0.1), (name, measured, expected)


def test_the_reference_engine_weighs_more_and_long_cases_much_more():
    short = budget.estimate(load(looping("0.5", TERMINATE)), Scenario(cases=100, replications=1))
    long = budget.estimate(load(looping("0.99", TERMINATE)), Scenario(cases=100, replications=1))
    assert short.engine == long.engine == "reference"   # a terminate end event: reference engine
    assert short.weighted >= budget.REFERENCE_FACTOR * short.total_steps
    # Spiff walks the whole task tree of a case at every step: the cost per step grows
    # with the length of the case
    assert long.factor > 5 * short.factor
    assert "mesin referensi" in long.describe() and "setara" in long.describe()
    # one case that runs to the cap on the reference engine is over the hard budget
    never = budget.estimate(load(looping("1", TERMINATE)), Scenario(cases=1, replications=1))
    assert never.weighted > budget.DEFAULTS["SIM_HARD_BUDGET"]


def test_reference_estimate_follows_its_measured_time():
    """The weighted cost of the reference engine, at 2.5 microseconds a compiled step, is
    within a factor of 4 of the CPU time it really takes (on the machine it was fitted on;
    CPU time, so that other work on the machine does not count)."""
    for back, cases in (("0.5", 200), ("0.97", 15)):
        data = looping(back, TERMINATE)
        scenario = Scenario(cases=cases, replications=1, seed=3)
        loaded = load(data, scenario)
        cost = budget.estimate(loaded, scenario)
        started = time.process_time()
        simulate(data, scenario, loaded=loaded, engine="reference")
        seconds = time.process_time() - started
        predicted = cost.weighted * 2.5e-6
        assert predicted / 4 < seconds < predicted * 4 + 0.5, (back, seconds, predicted)


def test_settings_are_read_at_call_time(monkeypatch):
    monkeypatch.delenv("PPB_SIM_MAX_STEPS_PER_CASE", raising=False)
    assert budget.max_steps_per_case() == budget.DEFAULTS["SIM_MAX_STEPS_PER_CASE"]
    monkeypatch.setenv("PPB_SIM_MAX_STEPS_PER_CASE", "77")
    assert budget.max_steps_per_case() == 77
    assert budget.max_steps_per_case({"SIM_MAX_STEPS_PER_CASE": 5}) == 5   # app.config wins
    monkeypatch.setenv("PPB_SIM_HARD_BUDGET", "banyak")                     # unusable: default
    assert budget.hard_budget() == budget.DEFAULTS["SIM_HARD_BUDGET"]
    monkeypatch.setenv("PPB_SIM_INLINE_BUDGET", "1_000")
    assert budget.inline_budget() == 1000
    result = simulate(looping("0.999"), Scenario(cases=20, replications=1))
    assert result.max_steps == 77 and result.cut > 0


def test_estimate_of_a_large_map_stays_quick():
    # 1500 tasks in one big rework loop: the part is too big to solve exactly, so it is
    # iterated within a budget (SpiffWorkflow itself cannot parse so long a chain, so the
    # estimator is given the map as read by our parser)
    from types import SimpleNamespace

    from validator.sim.loader import _flow_nodes, read_model

    n = 1500
    body = ['<bpmn:sequenceFlow id="f0" sourceRef="S" targetRef="T0"/>']
    for i in range(n):
        body.append(f'<bpmn:task id="T{i}"/>')
        if i + 1 < n:
            body.append(f'<bpmn:sequenceFlow id="f{i + 1}" sourceRef="T{i}" targetRef="T{i + 1}"/>')
    body.append(f'<bpmn:sequenceFlow id="z" sourceRef="T{n - 1}" targetRef="X"/><bpmn:exclusiveGateway id="X"/>'
                '<bpmn:sequenceFlow id="back" sourceRef="X" targetRef="T0" ppb:peluang="0.5"/>'
                '<bpmn:sequenceFlow id="ok" sourceRef="X" targetRef="E" ppb:peluang="0.5"/>')
    model = read_model(bpmn("".join(body)))
    [proc] = model.all("Process")
    loaded = SimpleNamespace(nodes=_flow_nodes(proc), process=proc, plan=None, cardinality={},
                             params=SimpleNamespace(branch={"X": [("back", 0.5), ("ok", 0.5)]}))
    started = time.perf_counter()
    steps, loops = budget.expected_steps(loaded)
    assert time.perf_counter() - started < 10
    assert loops and steps == pytest.approx(1 + 2 + 2 * (n + 1), rel=1e-6)


# -- the per-case step cap -------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["compiled", "reference"])
@pytest.mark.parametrize("data", [GATEWAY_LOOP, PARALLEL_LOOP], ids=["gateways", "parallel"])
def test_a_runaway_case_stops_at_the_cap_under_both_engines(engine, data):
    with deadline(60):
        result = simulate(data, Scenario(cases=5, replications=2, max_steps_per_case=300),
                          engine=engine)
    assert result.engine == engine
    assert result.cut == 10 and not result.complete and result.max_steps == 300
    [finding] = [f for f in result.findings if f.code == "SIM-LANGKAH-MAKS"]
    assert finding.level == "error" and "10 kasus" in finding.message() and "300" in finding.message()
    body = result.as_dict()
    assert body["complete"] is False and body["validation"]["casesCut"] == 10
    assert "TIDAK dapat dipercaya" in body["completeness"]


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_only_the_cases_over_the_cap_are_cut_and_the_rest_are_counted(engine):
    # back edge 0.9: 33 steps a case on average; a cap of 60 cuts the long tail only
    result = simulate(looping("0.9"), Scenario(cases=400, replications=1, max_steps_per_case=60,
                                               seed=4), engine=engine)
    rep = result.reps[0]
    assert 0 < result.cut < 100
    assert rep.finished + rep.cut == 400 and rep.unfinished == 0
    # cutting the long cases makes the counted ones shorter: the result must say so
    assert not result.complete and any(f.code == "SIM-LANGKAH-MAKS" for f in result.findings)
    full = simulate(looping("0.9"), Scenario(cases=400, replications=1, max_steps_per_case=100_000,
                                             seed=4), engine=engine)
    assert full.complete and full.reps[0].finished == 400
    assert rep.cycle_mean < full.reps[0].cycle_mean


# -- memory ----------------------------------------------------------------------------------

def test_a_long_run_keeps_no_per_activity_data():
    """Before: every activity of every case was kept in a list until the end (20,000
    cases of the reported map: 20 million records, 2.7 GB). Now a run keeps its totals."""
    data = looping("0.99")                 # about 100 rounds a case
    scenario = Scenario(cases=1500, replications=1, max_steps_per_case=100_000)
    loaded = load(data, scenario)

    def peak(keep: bool) -> tuple:
        tracemalloc.start()
        try:
            result = simulate(data, scenario, loaded=loaded, keep_runs=keep)
            return tracemalloc.get_traced_memory()[1], result
        finally:
            tracemalloc.stop()

    light, result = peak(False)
    heavy, kept = peak(True)
    assert not result.runs and kept.runs
    assert result.reps[0].tasks["A"]["count"] > 100_000        # it did the work
    assert result.as_dict()["cycleTime"] == kept.as_dict()["cycleTime"]   # the same numbers
    assert result.as_dict()["tasks"] == kept.as_dict()["tasks"]
    assert heavy > 5 * light, (light, heavy)
    assert light < 8_000_000, light


# -- the server ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from seeded_app(tmp_path_factory, "sim-budget", ("PPB_SIM_INLINE_BUDGET", "PPB_SIM_HARD_BUDGET",
                                                          "PPB_SIM_MAX_STEPS_PER_CASE"))


@pytest.fixture
def api(server):
    app, token = server
    saved = dict(app.config)
    client = app.test_client()

    def post(data: bytes, **query):
        qs = "&".join(f"{k}={v}" for k, v in query.items())
        return client.post(f"/api/v1/simulate?{qs}", data=data,
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/xml"})

    def job(job_id: str) -> dict:
        end = time.monotonic() + 120
        while time.monotonic() < end:
            body = client.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"}).get_json()
            if body["status"] in ("selesai", "gagal"):
                return body
            time.sleep(0.05)
        raise AssertionError("job did not end")

    yield app, client, token, post, job
    app.config.clear()
    app.config.update(saved)


def test_the_reported_request_is_refused_at_once_with_the_numbers(api):
    app, client, token, post, _ = api
    started = time.perf_counter()
    r = post(looping("0.999"), cases=20000, replications=1)
    assert time.perf_counter() - started < 10            # before: 168 s and 3 GB
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    error = r.get_json()["error"]
    assert error["code"] == "SIM_BUDGET"
    assert "60.060.000" in error["message"] and "50.000.000" in error["message"]
    assert "ppb:peluang" in error["message"]
    # the same as a job: refused at submission, nothing queued
    import io
    r = client.post("/api/v1/jobs", headers={"Authorization": f"Bearer {token}"},
                    content_type="multipart/form-data",
                    data={"kind": "simulasi", "file": (io.BytesIO(looping("0.999")), "putaran.bpmn"),
                          "cases": "20000", "replications": "1"})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "SIM_BUDGET"


def test_inline_or_job_follows_the_estimate(api):
    app, _, _, post, job = api
    data = looping("0.99")                  # 303 steps a case
    r = post(data, cases=50, replications=1)           # 15,150 steps: at once
    assert r.status_code == 200 and r.get_json()["estimate"]["totalSteps"] == 15_150
    app.config["SIM_INLINE_BUDGET"] = 10_000
    r = post(data, cases=50, replications=1)           # now over the inline budget: a job
    assert r.status_code == 202, r.get_data(as_text=True)[:300]
    done = job(r.get_json()["id"])
    assert done["status"] == "selesai" and done["result"]["estimate"]["totalSteps"] == 15_150
    app.config["SIM_HARD_BUDGET"] = 12_000
    r = post(data, cases=50, replications=1)
    assert r.status_code == 422 and "12.000" in r.get_json()["error"]["message"]


def test_environment_settings_apply_on_the_server_when_config_has_none(api, monkeypatch):
    app, _, _, post, _ = api
    monkeypatch.setenv("PPB_SIM_HARD_BUDGET", "1000")
    r = post(looping("0.99"), cases=50, replications=1)
    assert r.status_code == 422 and "1.000 langkah" in r.get_json()["error"]["message"]


def test_a_job_applies_the_cap_the_server_announced(api):
    app, _, _, post, job = api
    app.config["SIM_MAX_STEPS_PER_CASE"] = 200
    r = post(looping("0.99"), cases=40, replications=2, job=1)
    assert r.status_code == 202
    done = job(r.get_json()["id"])
    assert done["status"] == "selesai", done
    result = done["result"]
    assert result["validation"]["maxStepsPerCase"] == 200 and result["validation"]["casesCut"] > 0
    assert result["complete"] is False
    assert any(f["code"] == "SIM-LANGKAH-MAKS" for f in result["findings"])
    # the job's page says so before any number
    from tests.web.conftest import OPD_USER, login

    client = app.test_client()
    assert login(client, *OPD_USER).status_code == 302
    page = client.get(f"/pekerjaan/{r.get_json()['id']}").get_data(as_text=True)
    assert 'id="simulasi-tidak-lengkap"' in page and "TIDAK dapat dipercaya" in page
    assert page.index("simulasi-tidak-lengkap") < page.index('id="tabel-kpi"')


# -- the CLI ---------------------------------------------------------------------------------

def test_cli_prints_the_estimate_and_applies_the_cap(tmp_path, capsys):
    from validator.cli import main

    path = tmp_path / "putaran.bpmn"
    path.write_bytes(looping("0.99"))
    code = main(["simulate", str(path), "-n", "100", "-r", "2", "--maks-langkah", "150", "-f", "json"])
    out = capsys.readouterr()
    assert code == 1                                    # cases were cut: not a clean result
    assert ("Perkiraan beban: 100 kasus x 2 replikasi x 303,0 (dihitung sebesar batasnya, 150) "
            "langkah per kasus = 30.000 langkah") in out.err
    body = json.loads(out.out)
    assert body["complete"] is False and body["validation"]["maxStepsPerCase"] == 150
    assert body["validation"]["casesCut"] > 0
    page = tmp_path / "hasil.html"
    assert main(["simulate", str(path), "-n", "100", "-r", "1", "--maks-langkah", "150",
                 "-f", "html", "-o", str(page)]) == 1
    capsys.readouterr()
    assert 'class="incomplete"' in page.read_text(encoding="utf-8")   # said before any number
    code = main(["simulate", str(path), "-n", "100", "-r", "1"])
    out = capsys.readouterr()
    assert code == 0 and "Perkiraan beban" in out.err and "dihentikan" not in out.out
    assert main(["simulate", str(path), "--maks-langkah", "0"]) == 2
    assert "batas langkah" in capsys.readouterr().err


def test_the_form_refuses_a_simulation_over_the_hard_budget(api):
    """The report page's "Simulasikan" form goes through the same check (a job refused at
    submission), and says why in Indonesian."""
    from sqlalchemy import select

    from tests.web.conftest import OPD_USER, csrf_token, login
    from validator.web.models import Job, Opd, Submission

    app, client, _, _, _ = api
    login(client, *OPD_USER)
    db = app.extensions["ppb_db"]
    with db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        sid = sess.scalar(select(Submission.id).where(Submission.opd_id == opd.id)
                          .order_by(Submission.id))
        jobs_before = len(sess.scalars(select(Job.id)).all())
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    app.config["SIM_HARD_BUDGET"] = 10
    r = client.post(f"/simulasi/{sid}", data={"csrf_token": csrf_token(page), "cases": "200",
                                              "replications": "2"}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "terlalu berat" in html and "melebihi batas 10 langkah" in html
    with db.session() as sess:
        assert len(sess.scalars(select(Job.id)).all()) == jobs_before   # nothing queued


# a map that fools the estimate: the estimate assumes an interrupting boundary event fires
# half the time; here its timer (1 minute) always beats the task (1 hour), so every case
# loops until the cap
def fooling(end: str = '<bpmn:endEvent id="E"/>') -> bytes:
    return bpmn(
        '<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>'
        '<bpmn:task id="A" name="Periksa" ppb:durasi="tetap(1 jam)"/>'
        '<bpmn:boundaryEvent id="T" attachedToRef="A" ppb:durasi="tetap(1 menit)">'
        '<bpmn:timerEventDefinition/></bpmn:boundaryEvent>'
        '<bpmn:sequenceFlow id="f2" sourceRef="T" targetRef="A"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="A" targetRef="E"/>', end)


@pytest.mark.parametrize("end", ['<bpmn:endEvent id="E"/>', TERMINATE], ids=["compiled", "reference"])
def test_a_run_that_outgrows_its_estimate_is_stopped(end):
    from validator.sim import SimulationError

    data = fooling(end)
    scenario = Scenario(cases=50, replications=2, max_steps_per_case=2000)
    cost = budget.estimate(load(data, scenario), scenario)
    assert cost.steps_per_case < 20                      # fooled: it looks cheap
    limit = 3 * cost.weighted
    with deadline(120), pytest.raises(SimulationError) as info:
        simulate(data, scenario, max_work=limit)
    assert info.value.code == "SIM-BEBAN"
    assert budget.number_id(limit) in info.value.message and "perkiraan awalnya" in info.value.message


def test_the_server_stops_a_run_that_outgrows_its_estimate(api):
    app, _, _, post, job = api
    app.config["SIM_INLINE_BUDGET"] = 20_000
    r = post(fooling(), cases=300, replications=1)       # looks like ~5,000 steps: at once
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    error = r.get_json()["error"]
    assert error["code"] == "SIM_BUDGET" and "Simulasi dihentikan" in error["message"]
    assert "40.000" in error["message"]                  # twice the inline budget
    app.config["SIM_HARD_BUDGET"] = 30_000
    r = post(fooling(), cases=300, replications=1, job=1)
    assert r.status_code == 202
    done = job(r.get_json()["id"])
    assert done["status"] == "gagal" and "Simulasi dihentikan" in done["message"], done
