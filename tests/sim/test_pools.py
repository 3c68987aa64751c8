"""Several pools with message flows: each pool with a process runs for every case, messages
go between the pools of the same case, collapsed pools stay timed waits."""
from collections import Counter

import pytest

from validator.sim import Scenario, SimulationError, kernel, simulate
from validator.sim.compiled import CompiledSemantics, compile_map
from validator.sim.loader import load
from validator.sim.reference import SpiffSemantics

from .helpers import model, trajectories


def _both(source, cases=40, seed=2):
    loaded = load(source)
    a = kernel.run(CompiledSemantics(loaded, seed, compile_map(loaded)), loaded.params, cases, seed)
    b = kernel.run(SpiffSemantics(loaded, seed), loaded.params, cases, seed)
    return loaded, a, b


def test_three_pools_pass_messages_within_each_case():
    loaded, a, b = _both(model("tiga-pool.bpmn"))
    assert [p.id for p in loaded.plan.processes] == ["Proses_DPMPTSP", "Proses_Pemohon", "Proses_Teknis"]
    assert trajectories(a) == trajectories(b) and a.finish == b.finish
    assert not a.unfinished
    counts = Counter((r[1], r[6]) for r in a.log)
    for eid in ("Kirim_Berkas", "Periksa", "Kaji", "Terbitkan"):
        assert counts[(eid, 0)] == 40
    # the message waits end when the other pool's message comes
    assert counts[("Terima_Rekomendasi", 2)] == counts[("Terima_Izin", 2)] == 40
    for c, arrived in enumerate(a.arrival):
        # 5 (citizen) + 10 + 20 (Dinas Teknis) + 3 (black box: ppb:durasi) + 15
        assert abs(a.finish[c] - arrived - 53.0) < 1e-9
        rek = next(r for r in a.log if r[0] == c and r[1] == "Terima_Rekomendasi")
        assert abs((rek[5] - rek[3]) - 20.0) < 1e-9       # waited exactly for the Kaji task
        izin = next(r for r in a.log if r[0] == c and r[1] == "Terima_Izin")
        assert abs(izin[5] - a.finish[c]) < 1e-9          # the citizen hears when the OPD ends


def test_result_names_the_main_pool_and_uses_the_compiled_engine():
    result = simulate(model("tiga-pool.bpmn"), Scenario(cases=30, replications=2))
    assert result.engine == "compiled"
    pool = next(f for f in result.findings if f.code == "SIM-POOL")
    assert pool.params["count"] == 3 and "Penerbitan izin" in pool.message()
    assert abs(result.as_dict()["cycleTime"]["mean"] - 53.0) < 1e-6
    assert not any(f.code == "SIM-TUNGGU" and f.element_id == "Terima_Izin" for f in result.findings)


def test_reply_is_kept_until_the_wait_begins():
    """The OPD answers before the citizen starts waiting: the message is not lost."""
    data = model("tiga-pool.bpmn").read_bytes().replace(
        b'<bpmn:sendTask id="Kirim_Berkas" name="Mengirim berkas" ppb:durasi="tetap(5 menit)"/>',
        b'<bpmn:sendTask id="Kirim_Berkas" name="Mengirim berkas" ppb:durasi="tetap(5 menit)"/>'
        b'<bpmn:task id="Lama" ppb:durasi="tetap(2 jam)"/>').replace(
        b'<bpmn:sequenceFlow id="p2" sourceRef="Kirim_Berkas" targetRef="Terima_Izin"/>',
        b'<bpmn:sequenceFlow id="p2" sourceRef="Kirim_Berkas" targetRef="Lama"/>'
        b'<bpmn:sequenceFlow id="p2b" sourceRef="Lama" targetRef="Terima_Izin"/>')
    _, a, b = _both(data, cases=10)
    assert trajectories(a) == trajectories(b)
    izin = [r for r in a.log if r[1] == "Terima_Izin"]
    assert len(izin) == 10 and all(r[5] == r[3] for r in izin)   # no wait: the reply was kept


def test_pools_that_only_wait_for_each_other_cannot_start():
    data = model("tiga-pool.bpmn").read_bytes().replace(
        b'<bpmn:startEvent id="Start_Pemohon"/>',
        b'<bpmn:startEvent id="Start_Pemohon"><bpmn:messageEventDefinition/></bpmn:startEvent>')
    data = data.replace(b'<bpmn:messageFlow id="M5"', b'<bpmn:messageFlow id="M6" sourceRef="Kaji" '
                        b'targetRef="Start_Pemohon"/><bpmn:messageFlow id="M5"')
    with pytest.raises(SimulationError) as info:
        simulate(data, Scenario(cases=5, replications=1))
    assert info.value.code == "SIM-PESAN-AWAL" and "pool" in info.value.message


def test_message_flow_to_a_gateway_is_reported_not_simulated():
    data = model("tiga-pool.bpmn").read_bytes().replace(
        b'<bpmn:messageFlow id="M5"', b'<bpmn:messageFlow id="M7" sourceRef="Kaji" targetRef="Periksa"/>'
        b'<bpmn:messageFlow id="M5"')
    result = simulate(data, Scenario(cases=10, replications=1))
    hit = [f for f in result.findings if f.code == "SIM-PESAN-ABAIKAN"]
    assert hit and hit[0].element_id == "M7" and "penerimanya" in hit[0].message()
    assert result.as_dict()["validation"]["casesFinished"] == 10
