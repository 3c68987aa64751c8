"""Runs Prosimos 2.1 on one map in its own virtualenv (benchmarks/.venv-prosimos); called by
bench_sim.py, once per run. Prints one JSON line: wall-clock and CPU seconds measured around
Prosimos' simulation call only (reading the map and the JSON included, as Prosimos does them
inside that call), the number of cases and the mean cycle time in minutes on the wall clock, from
arrival to end (Prosimos' ``idle_cycle_time``; its ``cycle_time`` leaves out timer waits and
the closed hours inside activities). Prosimos seeds through the global random and
numpy states, set from the seed of the run."""
import json
import random
import sys
import time

import numpy
from prosimos.simulation_engine import run_simulation


def main() -> None:
    bpmn, params, cases, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    random.seed(seed)
    numpy.random.seed(seed)
    wall, cpu = time.perf_counter(), time.process_time()
    kpis, _log = run_simulation(bpmn, params, cases, starting_at="2025-01-06T00:00:00.000+00:00")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"seconds": wall, "cpu": cpu, "cases": cases,
                      "mean": kpis[0].idle_cycle_time.avg / 60.0}))


if __name__ == "__main__":
    main()
