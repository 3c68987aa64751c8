"""The Prosimos 2.1 JSON written from our parameters."""
import pytest

from validator.sim.loader import load
from validator.sim.prosimos import to_prosimos

from .helpers import model


def test_four_lane_model_export():
    data = to_prosimos(load(model("izin-4-lane.bpmn")))
    pools = {p["id"]: p["resource_list"][0] for p in data["resource_profiles"]}
    assert {pid: r["amount"] for pid, r in pools.items()} == {
        "Lane_FO": 4, "Lane_Teknis": 3, "Lane_Pengolah": 2, "Lane_Kadis": 1}
    assert pools["Lane_FO"]["cost_per_hour"] == 50000
    assert set(pools["Lane_FO"]["assigned_tasks"]) == {"Task_Terima", "Task_Lengkapi", "Task_Serahkan"}
    tasks = {t["task_id"]: t["resources"][0] for t in data["task_resource_distribution"]}
    assert tasks["Task_Verifikasi"]["distribution_name"] == "expon"
    assert tasks["Task_Verifikasi"]["distribution_params"][0]["value"] == 12 * 60   # seconds
    assert tasks["Task_Serahkan"] == {"resource_id": "Lane_FO__staf", "distribution_name": "fix",
                                      "distribution_params": [{"value": 180.0}]}
    assert tasks["Task_Lengkapi"]["distribution_params"] == [{"value": 300.0}, {"value": 900.0}]
    gw = data["gateway_branching_probabilities"][0]
    assert gw["gateway_id"] == "Gateway_Lengkap"
    assert {p["path_id"]: p["value"] for p in gw["probabilities"]} == pytest.approx(
        {"Flow_Ya": 0.8, "Flow_Tidak": 0.2})
    assert data["arrival_time_distribution"]["distribution_params"][0]["value"] == 360.0  # 10/jam
    assert data["arrival_time_calendar"][0]["from"] == "MONDAY"
    assert data["approximations"] == []


def test_approximations_are_listed():
    data = to_prosimos(load(model("konstruksi.bpmn")))
    assert any("segitiga" in a and "Task_B2" in a for a in data["approximations"])
    events = {e["event_id"]: e for e in data["event_distribution"]}
    assert events["Timer_Tunggu"]["distribution_params"][0]["value"] == 900.0
