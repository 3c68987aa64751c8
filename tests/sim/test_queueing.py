"""Queueing theory gives exact answers; the compiled engine must reproduce them within its
95% confidence interval (10 replications of 20,000 cases, 2,000 warm-up cases each)."""
import pytest

from validator.sim import Scenario, simulate

from .helpers import model

SCENARIO = dict(cases=20000, replications=10, seed=11, warmup=2000)


def _check(result, kpi: str, exact: float) -> None:
    data = result.as_dict()
    low, high = data[kpi]["ci95"]
    assert result.engine == "compiled"
    assert low <= exact <= high, f"{kpi} {exact} not in [{low:.2f}, {high:.2f}]"
    assert high - low < 0.25 * exact  # narrow enough to catch a wrong answer


def test_mm1_wait_in_queue_is_32_minutes():
    result = simulate(model("mm1.bpmn"), Scenario(**SCENARIO))
    _check(result, "queueWait", 32.00)
    assert result.as_dict()["lanes"]["Loket"]["utilisation"] == pytest.approx(0.8, abs=0.02)


def test_mm3_wait_in_queue_is_erlang_c():
    result = simulate(model("mm3.bpmn"), Scenario(**SCENARIO))
    _check(result, "queueWait", 14.04)
    assert result.as_dict()["lanes"]["Loket pelayanan"]["utilisation"] == pytest.approx(15 / 18, abs=0.02)


def test_tandem_time_in_system():
    result = simulate(model("tandem.bpmn"), Scenario(**SCENARIO))
    _check(result, "cycleTime", 74.29)
