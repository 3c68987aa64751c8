"""BPSim 2.0 parameters read from a map and mapped to the simulation's parameters."""
import json

import pytest

from validator.cli import main
from validator.sim import Scenario, SimulationError, simulate
from validator.sim.loader import load

from .helpers import model

BPSIM = model("bpsim-izin.bpmn")


def test_bpsim_distributions_and_controls_are_mapped():
    p = load(BPSIM, Scenario()).params
    d = p.durations
    assert (d["Task_Terima"].kind, d["Task_Terima"].args) == ("normal", (6.0, 1.5))
    assert (d["Task_Periksa"].kind, d["Task_Periksa"].args) == ("triangular", (5.0, 10.0, 20.0))
    assert (d["Task_Perbaiki"].kind, d["Task_Perbaiki"].args) == ("uniform", (4.0, 8.0))
    assert (d["Task_Cetak"].kind, d["Task_Cetak"].args) == ("fixed", (2.5,))
    assert (d["Task_Serahkan"].kind, d["Task_Serahkan"].args) == ("fixed", (3.0,))   # PT3M
    assert (p.arrivals.kind, p.arrivals.args) == ("exponential", (12.0,))
    assert dict(p.branch["Gateway_Lengkap"]) == {"Flow_Lengkap": 0.75, "Flow_Kurang": 0.25}
    assert p.lanes["Lane_Loket"].capacity == 3
    assert p.lanes["Lane_Teknis"].capacity == 2      # Quantity on the bpmn:resource of that name


def test_ppb_attributes_win_over_bpsim():
    p = load(BPSIM, Scenario()).params
    assert (p.durations["Task_Setujui"].kind, p.durations["Task_Setujui"].args) == ("fixed", (4.0,))
    assert dict(p.branch["Gateway_Setuju"]) == {"Flow_Setuju": 0.9, "Flow_Tolak": 0.1}
    assert p.lanes["Lane_Kabid"].capacity == 1        # ppb:kapasitas, not BPSim's 5
    assert p.bpsim == {"durasi": 5, "kedatangan": 1, "peluang": 2, "kapasitas": 2}


def test_what_if_override_wins_over_both():
    p = load(BPSIM, Scenario(overrides={"kapasitas": {"Lane_Loket": 6},
                                        "durasi": {"Task_Terima": "tetap(1 menit)"}})).params
    assert p.lanes["Lane_Loket"].capacity == 6
    assert p.durations["Task_Terima"].args == (1.0,)


def test_result_notes_that_bpsim_was_used():
    r = simulate(BPSIM, Scenario(cases=400, replications=2), keep_runs=True)
    notes = [f for f in r.findings if f.code == "SIM-BPSIM"]
    assert len(notes) == 1
    assert "BPSim 2.0" in notes[0].message("id") and "Hari biasa" in notes[0].message("id")
    assert "BPSim 2.0" in notes[0].message("en")
    assert not any(f.code in ("SIM-DURASI-KOSONG", "SIM-KEDATANGAN", "SIM-KAPASITAS",
                              "SIM-PELUANG-RATA") for f in r.findings)
    # the arrival rate of BPSim (one every 12 minutes) is what the run shows
    arrival = r.runs[0].arrival
    assert 9.5 < (arrival[-1] - arrival[0]) / (len(arrival) - 1) < 14.5
    assert r.as_dict()["tasks"]["Task_Terima"]["count"] >= 400


def test_map_without_bpsim_has_no_note():
    r = simulate(model("mm1.bpmn"), Scenario(cases=50, replications=1))
    assert not any(f.code == "SIM-BPSIM" for f in r.findings)
    assert r.params.bpsim is None


def test_cli_takes_replications_and_seed_from_bpsim_unless_given(capsys):
    assert main(["simulate", str(BPSIM), "-n", "100", "-f", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["replications"], d["seed"]) == (4, 7)
    assert main(["simulate", str(BPSIM), "-n", "100", "-r", "2", "-s", "3", "-f", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["replications"], d["seed"]) == (2, 3)
    assert main(["simulate", str(model("mm1.bpmn")), "-n", "50", "-f", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["replications"], d["seed"]) == (5, 1)


def _with_bpsim(params: str, scenario: str = '<bpsim:ScenarioParameters baseTimeUnit="hour"/>') -> bytes:
    return BPSIM.read_bytes().replace(
        b'<bpsim:ScenarioParameters replication="4" seed="7" baseTimeUnit="min"/>',
        scenario.encode()).replace(b'<bpsim:NormalDistribution mean="6" standardDeviation="1.5"/>',
                                   params.encode())


def test_base_time_unit_scales_numbers():
    p = load(_with_bpsim('<bpsim:ExponentialDistribution mean="0.5"/>'), Scenario()).params
    assert p.durations["Task_Terima"].args == (30.0,)
    assert p.arrivals.args == (720.0,)      # 12 hours


@pytest.mark.parametrize("bad, words", [
    ('<bpsim:TriangularDistribution min="5" mode="1" max="20"/>', "min <= mode"),
    ('<bpsim:NormalDistribution mean="x" standardDeviation="1"/>', "bukan angka"),
    ('<bpsim:UniformDistribution min="4"/>', "tanpa atribut 'max'"),
])
def test_bad_bpsim_values_give_indonesian_errors(bad, words):
    with pytest.raises(SimulationError) as exc:
        load(_with_bpsim(bad, '<bpsim:ScenarioParameters/>'), Scenario())
    assert words in exc.value.message and "BPSim" in exc.value.message


def test_bad_base_unit_and_quantity():
    with pytest.raises(SimulationError, match="baseTimeUnit"):
        load(_with_bpsim('<bpsim:FloatingParameter value="1"/>',
                         '<bpsim:ScenarioParameters baseTimeUnit="fortnight"/>'), Scenario())
    data = BPSIM.read_bytes().replace(b'<bpsim:NumericParameter value="3"/>',
                                      b'<bpsim:NumericParameter value="0"/>')
    with pytest.raises(SimulationError, match="Quantity"):
        load(data, Scenario())
