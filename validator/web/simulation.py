"""Simulation on the server: the ``simulasi`` job kind, ``POST /api/v1/simulate`` and the
page that starts a simulation of a stored map.

The library (:mod:`validator.sim`) does the work; this module checks the scenario a person
or the modeler plugin sends, runs it as a job (progress per replication, the result stored
with the model hash, scenario, seed and versions) or at once when it is small, and adds the
heat map the diagram shows (``panas``: element id -> 0..1 by mean waiting time).

What a simulation costs is estimated before it runs (:mod:`validator.sim.budget`: cases x
replications x expected steps per case from the map's flows and ``ppb:peluang``, weighted
for the slower reference engine). App config keys, each defaulting to the environment
variable with ``PPB_`` in front and then to :data:`validator.sim.budget.DEFAULTS`:
``SIM_INLINE_BUDGET`` (above it a request runs as a job), ``SIM_HARD_BUDGET`` (above it the
simulation is refused, ``SIM_BUDGET``, 422, naming the estimate and the limit) and
``SIM_MAX_STEPS_PER_CASE`` (a case stops there; the result says it is not complete). The
cap is stored with a job, so that its worker applies the one the server announced. The
estimate can be fooled (a boundary event that fires far more often than assumed), so a
run is also stopped once it has really taken :data:`WORK_SLACK` times its limit (twice
the inline budget at once, twice the hard budget in a job): SIM_BUDGET again.
"""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required
from pydantic import Field, ValidationError

from . import jobs, schemas
from .apidoc import operation, request_invalid
from .common import api_headers, api_user, job_links, page_headers, target_opd
from .common import upload_from_request as _upload_from_request
from .auth import csrf
from .services import WHATIF_KEY
from .errors import ApiError
from .jobs import JobContext, JobError, JobKind, Submitted, register

bp_api = Blueprint("sim_api", __name__, url_prefix="/api/v1")
bp_pages = Blueprint("sim_pages", __name__)
csrf.exempt(bp_api)   # bearer tokens; session POSTs are checked by api.api_user (X-CSRFToken)


bp_api.after_request(api_headers)
bp_pages.after_request(page_headers)

KIND = "simulasi"
# the scenario's fields; their defaults and ranges are declared once, in schemas.Scenario
LIMITS = tuple(schemas.Scenario.model_fields)
# up to this many (estimated) steps, every case's events are kept for the work-in-progress
# chart; beyond, the run keeps only its totals (memory does not grow with the steps)
KEEP_RUNS_STEPS = 1_000_000
# a run may really take this many times the budget that let it run (inline or hard)
WORK_SLACK = 2


def scenario_params(get) -> dict:  # noqa: ANN001 - get(name) -> str | None
    """The scenario fields from a form, a query or a job's stored parameters (``get``), checked
    against :class:`schemas.Scenario` (an empty field takes its default): JobError
    (BAD_PARAMETER, 400) naming every problem when one is bad."""
    raw = {name: get(name) for name in LIMITS}
    raw = {k: v for k, v in raw.items() if v is not None and str(v).strip() != ""}
    try:
        return schemas.Scenario.model_validate(raw).model_dump()
    except ValidationError as exc:
        err = request_invalid(schemas.Scenario, exc, "params")
        raise JobError("BAD_PARAMETER", err.message, 400) from None


def _scenario(params: dict):
    from ..sim import Scenario

    return Scenario(cases=params["cases"], replications=params["replications"],
                    seed=params["seed"], warmup=params["warmup"],
                    max_steps_per_case=params.get("max_steps"))


def _config():
    """The app's config when there is an app (a Celery worker has none: then the
    environment and the defaults)."""
    from flask import has_app_context

    return current_app.config if has_app_context() else None


def estimate_cost(loaded, params: dict):  # noqa: ANN001
    """The estimated cost of simulating ``loaded`` with ``params`` (a budget.Cost)."""
    from ..sim.budget import estimate

    return estimate(loaded, _scenario(params), config=_config())


def check_budget(cost) -> None:  # noqa: ANN001
    """Refuse (SIM_BUDGET, 422) a simulation whose weighted cost is over the hard budget."""
    from ..sim.budget import hard_budget, number_id

    limit = hard_budget(_config())
    if cost.weighted > limit:
        what = (f"{number_id(cost.cases)} kasus x {number_id(cost.replications)} replikasi x "
                f"{number_id(cost.bounded_steps_per_case, 1)} langkah per kasus")
        if cost.engine == "reference":
            what = (f"setara mesin terkompilasi; {what} pada mesin referensi SpiffWorkflow, yang "
                    "jauh lebih lambat untuk kasus panjang")
        raise JobError("SIM_BUDGET",
                       f"Simulasi ini terlalu berat untuk server: perkiraan {number_id(cost.weighted)} "
                       f"langkah ({what}) melebihi batas {number_id(limit)} langkah. Kurangi jumlah "
                       "kasus atau replikasi, atau periksa putaran (loop) dan ppb:peluang pada peta.",
                       422)


def _load(data: bytes, params: dict, name: str):
    """The map read for simulation; a map that cannot be simulated raises JobError (422)."""
    from ..sim import SimulationError
    from ..sim.loader import load

    try:
        return load(data, _scenario(params), name)
    except SimulationError as exc:
        raise JobError(exc.code, exc.message, 422) from None


def heat_map(result: dict, heat: dict[str, dict]) -> tuple[dict, dict]:
    """(panas, keterangan) for the modeler plugin's heat map, from the result page's heat
    data (validator.sim.html.heat_data: each task's mean wait scaled 0..1 by the longest)."""
    panas = {eid: h["value"] for eid, h in heat.items()}
    keterangan = {eid: f"{h['name']}: tunggu rata-rata {h['wait']:.1f} menit, dikerjakan "
                       f"{result['tasks'][eid]['count']:.0f} kali per replikasi"
                  for eid, h in heat.items()}
    return panas, keterangan


def run_simulation(data: bytes, params: dict, name: str, progress=None, loaded=None,  # noqa: ANN001
                   cost=None, max_work: int | None = None) -> dict:  # noqa: ANN001
    """Simulate and return the stored result: the JSON of the library, the scenario, the
    heat map. Raises JobError for a map that cannot be simulated. ``loaded``/``cost``: the
    map already read and its estimate, when the caller has them; ``max_work``: the weighted
    steps the run may really take (default: the one stored with a job, else twice the hard
    budget)."""
    from ..sim.budget import hard_budget
    from ..sim import SimulationError, simulate

    if loaded is None:
        loaded = _load(data, params, name)
    cost = cost or estimate_cost(loaded, params)
    keep = cost.total_steps <= KEEP_RUNS_STEPS   # for the WIP chart
    try:
        result = simulate(data, _scenario(params), name=name, progress=progress, keep_runs=keep,
                          loaded=loaded, max_work=max_work or params.get("max_work")
                          or WORK_SLACK * hard_budget(_config()))
    except SimulationError as exc:
        raise _refusal(exc) from None
    return _stored(result, data, params, name)


def _refusal(exc) -> JobError:  # noqa: ANN001 - a SimulationError
    return JobError("SIM_BUDGET" if exc.code == "SIM-BEBAN" else exc.code, exc.message, 422)


def _stored(result, data: bytes, params: dict, name: str) -> dict:  # noqa: ANN001
    """A result as a job stores it: the library's JSON, the scenario, the heat map, and the
    charts, drawn once while the per-case data is at hand (the page shows them as stored)."""
    from ..sim.html import heat_data, heatmap_svg, svg_charts

    body = result.as_dict("id")
    body["scenario"] = {k: params[k] for k in LIMITS if k in params}
    body["file"] = name
    heat = heat_data(body)
    body["panas"], body["keterangan"] = heat_map(body, heat)
    body["charts"] = svg_charts(result, "id")
    diagram = heatmap_svg(data, heat, "id")
    if diagram:
        body["charts"]["heatmap"] = diagram
    return body


@bp_pages.get("/aset/sim-charts.css")
def chart_style():
    """The charts' stylesheet, the same file the standalone result page inlines."""
    from flask import send_from_directory

    from ..sim.html import CHART_STYLE, TEMPLATES

    return send_from_directory(TEMPLATES, CHART_STYLE, max_age=3600)


# -- the job kind --------------------------------------------------------------------------------

def _checked_input(sub: Submitted) -> tuple[str, dict]:
    """(file name, scenario) of a simulation request; JobError for input that cannot be taken."""
    from .security import is_zip, safe_name

    if not sub.data:
        raise JobError("MISSING_FILE", "Kirim satu peta .bpmn untuk disimulasikan.", 400)
    name = safe_name(sub.filename)
    if is_zip(name, sub.data):
        raise JobError("UNSUPPORTED_TYPE", "Simulasi menerima satu peta .bpmn, bukan arsip .zip.", 415)
    if len(sub.data) > sub.limits.max_file_bytes:
        raise JobError("FILE_TOO_LARGE", "Peta terlalu besar untuk disimulasikan.", 413)
    params = {k: sub.params[k] for k in LIMITS if k in sub.params}
    return name, scenario_params(params.get)


def _prepare(sub: Submitted) -> dict:
    from dataclasses import replace

    from ..sim.budget import hard_budget, max_steps_per_case

    name, params = _checked_input(sub)
    loaded = _load(sub.data, params, name)   # a map that cannot be simulated is refused now
    params["max_steps"] = max_steps_per_case(_config())
    cost = estimate_cost(loaded, params)
    what = sub.params.get(WHATIF_KEY)
    if what is not None:   # a what-if (only what_if_request sends one): checked on the map
        _whatif_checked(what, loaded)
        params[WHATIF_KEY] = dict(what)
        params["base_job"] = str(sub.params.get("base_job") or "")
        cost = replace(cost, replications=2 * cost.replications)   # the original runs again
    check_budget(cost)   # and one too heavy for the server too
    params["max_work"] = WORK_SLACK * hard_budget(_config())
    params["filename"] = name
    return params


def _run(ctx: JobContext) -> dict:
    params = ctx.params
    name = params.get("filename") or "peta.bpmn"
    ctx.progress(1, "Simulasi dimulai.")
    if params.get(WHATIF_KEY):
        return run_whatif(ctx.data or b"", params, name, ctx.progress)

    def progress(done: int, total: int) -> None:
        ctx.progress(99 * done / total, f"{done} dari {total} replikasi selesai.")

    return run_simulation(ctx.data or b"", params, name, progress)


# -- what if: one more person in a lane, an activity faster ------------------------------------

def _whatif_checked(what: dict, loaded):  # noqa: ANN001, ANN202
    """The what-if of a request as a :class:`validator.sim.whatif.WhatIf`, checked against
    the map as read: JobError 422 (unknown lane or activity, number out of range)."""
    from ..sim import SimulationError
    from ..sim.whatif import WhatIf, check

    try:
        w = WhatIf.from_dict(what)
        check(w, loaded.params)
    except (TypeError, ValueError):
        raise JobError("BAD_PARAMETER", "Isian andaikan tidak terbaca.", 400) from None
    except SimulationError as exc:
        raise JobError("WHATIF_INVALID", exc.message[:1].upper() + exc.message[1:],
                       422) from None
    return w


def run_whatif(data: bytes, params: dict, name: str, progress=None) -> dict:  # noqa: ANN001
    """The what-if job: the map simulated as it is and with the change, the same scenario and
    seeds (common random numbers); the stored result is the what-if's own result with
    ``andaikan``: the change, the original's cycle time and every KPI side by side
    (:func:`validator.sim.results.compare`: each side's interval, the paired difference,
    whether it is significant)."""
    from ..sim import SimulationError, compare, simulate
    from ..sim.budget import hard_budget
    from ..sim.whatif import apply, describe

    max_work = params.get("max_work") or WORK_SLACK * hard_budget(_config())
    reps = params["replications"]

    def step(offset: int):  # noqa: ANN202
        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(99 * (offset + done) / (2 * total),
                         f"{offset + done} dari {2 * total} replikasi selesai (asli lalu andaikan).")
        return report

    base_loaded = _load(data, params, name)
    what = _whatif_checked(params[WHATIF_KEY], base_loaded)
    try:
        base = simulate(data, _scenario(params), name=name, loaded=base_loaded,
                        progress=step(0), max_work=max_work)
        loaded = _load(data, params, name)
        text = describe(what, loaded.params)
        apply(what, loaded)
        changed = simulate(data, _scenario(params), name=name, loaded=loaded,
                           progress=step(reps), max_work=max_work)
    except SimulationError as exc:
        raise _refusal(exc) from None
    body = _stored(changed, data, params, name)
    cmp = compare(base, changed)
    body[WHATIF_KEY] = {
        "change": what.as_dict(), "description": text,
        "baseJob": params.get("base_job") or None,
        "comparison": cmp,
        "original": {"cycleTime": base.as_dict("id")["cycleTime"], "stable":
                     not any(f.code == "SIM-TIDAK-STABIL" for f in base.findings)},
    }
    return body


register(JobKind(KIND, "Simulasi layanan", _prepare, _run, needs_file=True, needs_opd=True,
                 fields=tuple(LIMITS)))


# -- API -----------------------------------------------------------------------------------------

class SimulateParams(schemas.Scenario):
    job: schemas.Flag = Field(False, description="1 = selalu jalankan sebagai pekerjaan")
    opd: Optional[str] = Field(None, description=(
        "singkatan OPD pekerjaan simulasi (hanya admin untuk OPD lain)"))


@bp_api.post("/simulate")
@operation(
    summary="Mensimulasikan peta layanan (XML mentah atau berkas .bpmn multipart)",
    description=(
        "Parameter (query atau multipart): `cases` (bawaan 1000), `replications` (5), "
        "`seed` (1), `warmup` (0), `job=1` untuk selalu memakai pekerjaan. Simulasi kecil "
        "(perkiraan biayanya dalam SIM_INLINE_BUDGET) dijawab langsung (200) dengan hasil "
        "dalam menit (`cycleTime`, `queueWait`, `withinStandard`, `lanes`, `tasks`, ...) serta "
        "peta panas `panas` (id elemen -> 0..1 menurut waktu tunggu rata-rata) dan "
        "`keterangan`; yang lebih besar dijawab 202 dengan pekerjaan `simulasi`; yang melebihi "
        "SIM_HARD_BUDGET ditolak (422 `SIM_BUDGET`)."),
    params=SimulateParams,
    raw={"application/xml": "XML BPMN satu peta"},
    files={"file": "satu peta .bpmn"},
    responses={200: schemas.SimulationResult,
               202: ("Pekerjaan simulasi diterima (header Location: alamat statusnya)",
                     schemas.Job)},
    errors=(400, 401, 403, 404, 413, 415, 422, 500, 503))
def simulate_api(params: SimulateParams):
    """Simulate a map (raw XML body or multipart ``file``) with ``cases``, ``replications``,
    ``seed``, ``warmup``. Runs whose estimated cost is within SIM_INLINE_BUDGET answer 200
    with the result (times in minutes) and the heat map; heavier ones (or ``job=1``) answer
    202 with a job to follow; those over SIM_HARD_BUDGET are refused (422 SIM_BUDGET)."""
    from ..sim.budget import inline_budget, max_steps_per_case

    user = api_user()
    filename, data = _upload_from_request()
    try:
        scenario = params.model_dump(include=set(LIMITS))
        name, checked = _checked_input(Submitted(filename, data, dict(scenario), _limits()))
        checked["max_steps"] = max_steps_per_case(_config())
        loaded = _load(data, checked, name)
        cost = estimate_cost(loaded, checked)
        check_budget(cost)
        if cost.weighted <= inline_budget(_config()) and not params.job:
            # at once: the map read above is the one simulated
            return jsonify(run_simulation(data, checked, name, loaded=loaded, cost=cost,
                                          max_work=WORK_SLACK * inline_budget(_config())))
        with current_app.extensions["ppb_db"].session() as sess:
            opd_id = target_opd(sess, user, params.opd).id
        job_id = jobs.submit(KIND, scenario, opd_id=opd_id, owner_id=user.id,
                             filename=filename, data=data)
    except JobError as exc:
        raise ApiError(exc.http_status, exc.code, exc.message) from None

    resp = jsonify({"id": job_id, "status": jobs.QUEUED, "links": job_links(job_id)})
    resp.status_code = 202
    resp.headers["Location"] = url_for("jobs_api.job", job_id=job_id)
    return resp


def _limits():
    from .security import Limits

    return Limits.from_config(current_app.config)


# -- page ----------------------------------------------------------------------------------------

@bp_pages.post("/simulasi/<int:submission_id>")
@login_required
def simulate_page(submission_id: int):
    """Start a simulation of a stored map (the report page's form) and show its job."""
    from . import services
    from .models import User

    db = current_app.extensions["ppb_db"]
    with db.session() as sess:
        user = sess.get(User, current_user.id)
        sub = services.get_submission(sess, user, submission_id) if user is not None else None
        if sub is None:
            abort(404)
        data, name, opd_id = sub.content, sub.filename, sub.opd_id
    try:
        params = scenario_params(request.form.get)
        job_id = jobs.submit(KIND, params, opd_id=opd_id, owner_id=current_user.id,
                             filename=name, data=data, submission_id=submission_id)
    except JobError as exc:
        flash(f"Simulasi tidak dapat dimulai: {exc.message}", "error")
        return redirect(url_for("pages.report", submission_id=submission_id))
    return redirect(url_for("jobs_pages.job_page", job_id=job_id))


# -- what if, from a finished simulation of a stored map --------------------------------------

class WhatIfParams(schemas.Params):
    """A what-if on a finished simulation (the result page's form, ``POST .../whatif``)."""

    lane: Optional[str] = Field(None, max_length=200, title="lane",
                                description="id lane yang mendapat tambahan petugas")
    extra: int = Field(1, ge=1, le=20, title="tambahan petugas",
                       description="jumlah petugas tambahan pada lane itu (1-20)")
    activity: Optional[str] = Field(None, max_length=200, title="aktivitas",
                                    description="id aktivitas yang dipercepat")
    percent: float = Field(20.0, ge=1, le=90, title="persen lebih cepat",
                           description="berapa persen aktivitas itu lebih cepat (1-90)")


def _whatif_fields(get) -> dict:  # noqa: ANN001 - get(name) -> str | None
    """The form's or query's what-if fields, checked (JobError 400 naming the problem)."""
    raw = {k: get(k) for k in WhatIfParams.model_fields}
    raw = {k: v.replace(",", ".") if k == "percent" and isinstance(v, str) else v
           for k, v in raw.items() if v is not None and str(v).strip() != ""}
    try:
        checked = WhatIfParams.model_validate(raw).model_dump()
    except ValidationError as exc:
        err = request_invalid(WhatIfParams, exc, "params")
        raise JobError("BAD_PARAMETER", err.message, 400) from None
    if not checked.get("lane") and not checked.get("activity"):
        raise JobError("BAD_PARAMETER", "Pilih lane yang mendapat tambahan petugas atau aktivitas "
                                        "yang dipercepat.", 400)
    return checked


def what_if_request(user_id: int, job_id: str, get) -> str:  # noqa: ANN001
    """Start a what-if on the finished simulation ``job_id`` of a stored map, for the user
    ``user_id``: the id of the new job. The user must see the simulation and the stored map
    (its OPD, a verifikator, an admin). JobError: 404 (not found or not visible), 409 (not
    finished, no stored map), 400/422 (the what-if itself), the job quotas."""
    from . import services
    from .models import Job, User

    db = current_app.extensions["ppb_db"]
    with db.session() as sess:
        user = sess.get(User, user_id)
        job = sess.get(Job, job_id) if isinstance(job_id, str) and len(job_id) <= 32 else None
        sub = None
        if user is not None and job is not None and job.submission_id is not None:
            sub = services.get_submission(sess, user, job.submission_id)
        visible = job is not None and user is not None and (
            jobs.may_see(user, job) or (sub is not None and user.sees_all_opd))
        if not visible or job.kind != KIND:
            raise JobError("NOT_FOUND", "Hasil simulasi tidak ditemukan.", 404)
        if job.status != jobs.DONE:
            raise JobError("NOT_FINISHED", "Simulasi ini belum selesai; andaikan dapat dijalankan "
                                           "setelah hasilnya ada.", 409)
        if job.submission_id is None:
            raise JobError("NO_STORED_MAP", "Simulasi ini dijalankan atas berkas unggahan yang tidak "
                                            "disimpan; simpan petanya dulu, lalu simulasikan dari "
                                            "halaman laporannya.", 409)
        if sub is None:
            raise JobError("NOT_FOUND", "Hasil simulasi tidak ditemukan.", 404)
        fields = _whatif_fields(get)   # after the access checks: nothing said to others
        base = jobs._loads(job.params_json) or {}  # noqa: SLF001 - the stored scenario
        result = jobs._loads(job.result_json) or {}  # noqa: SLF001
        if base.get(WHATIF_KEY):
            raise JobError("WHATIF_OF_WHATIF", "Ini sudah hasil andaikan; jalankan andaikan lain "
                                               "dari hasil simulasi asalnya.", 409)
        lanes = {lane.get("id") for lane in (result.get("lanes") or {}).values()}
        if fields.get("lane") and fields["lane"] not in lanes:
            raise JobError("WHATIF_INVALID", f"Lane '{fields['lane']}' tidak ada pada hasil "
                                             "simulasi ini.", 422)
        if fields.get("activity") and fields["activity"] not in (result.get("tasks") or {}):
            raise JobError("WHATIF_INVALID", f"Aktivitas '{fields['activity']}' tidak ada pada "
                                             "hasil simulasi ini.", 422)
        data, name, opd_id, sub_id = sub.content, sub.filename, sub.opd_id, sub.id
        owner = user.id
    scenario = scenario_params(lambda k: base.get(k))
    scenario[WHATIF_KEY] = {k: fields[k] for k in ("lane", "extra", "activity", "percent")}
    scenario["base_job"] = job_id
    return jobs.submit(KIND, scenario, opd_id=opd_id, owner_id=owner, filename=name, data=data,
                       submission_id=sub_id)


@bp_api.post("/simulate/<job_id>/whatif")
@operation(
    summary="Andaikan: simulasi ulang peta tersimpan dengan tambahan petugas atau aktivitas "
            "yang dipercepat",
    description=(
        "Atas pekerjaan `simulasi` yang selesai dari peta tersimpan: `lane` (id lane) mendapat "
        "`extra` petugas lagi (bawaan 1) dan/atau `activity` (id aktivitas) `percent` persen "
        "lebih cepat (bawaan 20, 1-90). Skenario, kasus, replikasi dan benih sama dengan "
        "simulasi asal (angka acak bersama). Dijawab 202 dengan pekerjaan `simulasi` baru; "
        "hasilnya memuat `andaikan.comparison` (setiap ukuran asli dan andaikan dengan selang "
        "95%, selisih berpasangan dan `significant`). Hanya OPD pemilik peta, verifikator dan "
        "admin; lane atau aktivitas yang tidak ada: 422 `WHATIF_INVALID`."),
    params=WhatIfParams,
    urlencoded=True,
    path={"job_id": "id pekerjaan simulasi yang selesai"},
    responses={202: ("Pekerjaan andaikan diterima (header Location: alamat statusnya)",
                     schemas.Job)},
    errors=(400, 401, 403, 404, 409, 422, 429, 500, 503))
def whatif_api(job_id: str, params: WhatIfParams):
    """Start a what-if on a finished simulation of a stored map (202 with the new job)."""
    user = api_user()
    values = params.model_dump()
    try:
        new_id = what_if_request(user.id, job_id, lambda k: values.get(k))
    except JobError as exc:
        raise ApiError(exc.http_status, exc.code, exc.message) from None
    resp = jsonify({"id": new_id, "status": jobs.QUEUED, "links": job_links(new_id)})
    resp.status_code = 202
    resp.headers["Location"] = url_for("jobs_api.job", job_id=new_id)
    return resp


@bp_pages.post("/pekerjaan/<job_id>/andaikan")
@login_required
def whatif_page(job_id: str):
    """The result page's what-if form: the new job's page, or an error page (400/404/409/422)
    whose message says what to change."""
    from .errors import _page

    try:
        new_id = what_if_request(current_user.id, job_id, request.form.get)
    except JobError as exc:
        if exc.http_status == 404:
            abort(404)
        return _page(exc.http_status, f"Andaikan tidak dapat dijalankan: {exc.message}")
    return redirect(url_for("jobs_pages.job_page", job_id=new_id))
