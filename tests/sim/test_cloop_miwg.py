"""The C loop against the Python loop on every MIWG map the C loop takes (issue 15, Must 5).

The C loop (validator/sim/cloop.pyx) must give the Python loop's numbers bit for bit on
the maps people's tools write, not only on ours: for every MIWG map the compiled engine
compiles, both loops run the same cases with the same seed, without an event log, and
must give the same arrivals, finishes, events, horizon and KPIs, or the same refusal."""
from __future__ import annotations

import pytest

from validator.sim import compiled, kernel
from validator.sim.compiled import CompiledSemantics, Unsupported, compile_map
from validator.sim.errors import SimulationError
from validator.sim.loader import load
from validator.sim.params import Scenario

from ..conftest import CORPUS
from .test_compiled_speedpath import _same, _Spy

CASES = 150
SEED = 5


def _both(monkeypatch, loaded, graph, module):  # noqa: ANN001, ANN202
    out = []
    spy = _Spy(module)
    for loop in (spy, None):
        monkeypatch.setattr(compiled, "_CLOOP", [loop])
        try:
            out.append(kernel.run(CompiledSemantics(loaded, SEED, graph), loaded.params, CASES,
                                  SEED, 2000, keep_log=False))
        except SimulationError as exc:
            out.append(("refused", exc.code, str(exc)))
    return out[0], out[1], spy


def test_c_loop_equals_python_loop_on_every_miwg_map_it_takes(monkeypatch):
    if not CORPUS.is_dir():
        pytest.skip(f"MIWG corpus not found at {CORPUS} (shared/corpus/miwg beside the project)")
    module = compiled._c_loop()
    assert module is not None, "loop C belum dibangun: jalankan make install (tools/build_ext.py)"
    taken = 0
    for path in sorted(CORPUS.rglob("*.bpmn")):
        try:
            loaded = load(path, Scenario(cases=CASES))
            graph = compile_map(loaded)
        except (SimulationError, Unsupported):
            continue
        c, py, spy = _both(monkeypatch, loaded, graph, module)
        if not spy.runs:
            continue                          # a map the C loop does not take
        shown = path.relative_to(CORPUS).as_posix()
        if isinstance(py, tuple) or isinstance(c, tuple):
            assert c == py, shown
            continue
        taken += spy.finished
        _same(c, py, log=False)
    # 0 when the C loop is never taken would pass everything above: it took 244 maps when
    # measured (the rest have parallel joins, boundary events, several pools...)
    assert taken >= 200, taken
