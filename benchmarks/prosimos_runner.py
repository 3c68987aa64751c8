"""Runs Prosimos 2.1 on one map in its own virtualenv (benchmarks/.venv-prosimos); called by
bench_sim.py. Prints one JSON line: seconds, cases and mean cycle time (minutes) per
replication. Prosimos seeds through the global random and numpy states, set per replication."""
import json
import random
import sys
import time

import numpy
from prosimos.simulation_engine import run_simulation


def main() -> None:
    bpmn, params, cases, replications, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4]), int(sys.argv[5])
    means = []
    started = time.perf_counter()
    for r in range(replications):
        random.seed(seed + r)
        numpy.random.seed(seed + r)
        kpis, _log = run_simulation(bpmn, params, cases, starting_at="2025-01-06T00:00:00.000+00:00")
        means.append(kpis[0].cycle_time.avg / 60.0)
    print(json.dumps({"seconds": time.perf_counter() - started, "cases": cases * replications,
                      "means": means}))


if __name__ == "__main__":
    main()
