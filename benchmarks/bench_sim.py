"""Simulation speed against Prosimos 2.1, agreement of the means, memory of a long run.

Two maps by default: the 4-lane permit service (tests/sim/models/izin-4-lane.bpmn, 24-hour
calendar, a rework loop) and a recommendation service on the office calendar 'pemda' with
an exclusive rework loop and a one-calendar-day timer (tests/sim/models/bench-kalender-loop.bpmn).
For each map, ``--runs`` runs of ``--cases`` cases of our compiled engine and of Prosimos
alternate (ours, Prosimos, ours, ...), run i of both with seed ``--seed + i``, so that the
load of a shared machine falls on both. Ours is timed around reading the map and simulating
it, in this process; Prosimos (in its own virtualenv, ``make bench-sim`` installs it into
benchmarks/.venv-prosimos) in a process started per run, timed inside that process around
its simulation call (which reads the map and its JSON, from
``validator.sim.prosimos.to_prosimos``). Printed: every run (wall-clock and CPU seconds,
cases per second, mean cycle time), the medians, the ratio of the median rates (goal: at
least 50x, on wall-clock time) and the means of both with 95% intervals and whether they
agree (the Welch interval of the difference holds 0). Cycle times are wall-clock minutes
from arrival to end on both sides (Prosimos' own measure; ours ``clock_cycle_mean``).

Then the peak memory (ru_maxrss of a child process) of one compiled run of
``--memory-cases`` cases without an event log, against ``--memory-limit`` MB.

    python benchmarks/bench_sim.py [--cases 50000] [--runs 5] [--model F ...]
"""
from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.sim import Scenario, simulate  # noqa: E402
from validator.sim.loader import load  # noqa: E402
from validator.sim.prosimos import to_prosimos  # noqa: E402
from validator.sim.results import t95  # noqa: E402

MODELS = [ROOT / "tests" / "sim" / "models" / "izin-4-lane.bpmn",
          ROOT / "tests" / "sim" / "models" / "bench-kalender-loop.bpmn"]
DEFAULT_PROSIMOS = ROOT / "benchmarks" / ".venv-prosimos" / "bin" / "python"
GOAL = 50.0


def ours(model: Path, cases: int, seed: int) -> dict:
    """One run of the compiled engine: reading the map and simulating it."""
    scenario = Scenario(cases=cases, replications=1, seed=seed)
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = load(model, scenario)
    result = simulate(model, scenario, engine="compiled", loaded=loaded)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if result.engine != "compiled":
        raise SystemExit(f"mesin terkompilasi tidak dipakai: {result.engine_reason}")
    rep = result.reps[0]
    return {"seconds": wall, "cpu": cpu, "cases": cases, "mean": rep.clock_cycle_mean}


def prosimos(python: Path, model: Path, json_path: Path, cases: int, seed: int) -> dict:
    proc = subprocess.run([str(python), str(ROOT / "benchmarks" / "prosimos_runner.py"),
                           str(model), str(json_path), str(cases), str(seed)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit("Prosimos gagal: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def interval(values: list[float]) -> tuple[float, float]:
    """Mean and half-width of its 95% interval (t, over runs)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, math.nan
    return mean, t95(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))


def agree(a: list[float], b: list[float]) -> tuple[float, float, bool]:
    """Difference of means (b - a), half-width of its 95% interval (Welch), 0 inside?"""
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va * va) / (len(a) - 1) + (vb * vb) / (len(b) - 1)) if se > 0 else 1
    half = t95(max(1, int(df))) * se
    return mb - ma, half, abs(mb - ma) <= half


def bench_model(model: Path, args) -> dict:  # noqa: ANN001
    shown = model.relative_to(ROOT) if model.is_relative_to(ROOT) else model
    params = to_prosimos(load(model))
    print(f"\n== {shown}: {args.runs} putaran x {args.cases:,} kasus, bergantian (kami, Prosimos) ==")
    if params["approximations"]:
        print("Pendekatan pada ekspor Prosimos: " + "; ".join(params["approximations"]))
    runs: dict[str, list] = {"kami": [], "prosimos": []}
    ours(model, 100, args.seed)   # warm-up, untimed: imports (Prosimos imports before its timer too)
    with tempfile.TemporaryDirectory() as tmp:
        json_path = Path(tmp) / "prosimos.json"
        json_path.write_text(json.dumps(params), encoding="utf-8")
        print(f"{'putaran':<8} {'mesin':<9} {'detik':>8} {'detik CPU':>10} {'kasus/detik':>12}"
              f"  waktu siklus rata-rata (menit jam dinding)")
        for i in range(args.runs):
            seed = args.seed + i
            for name in ("kami", "prosimos"):
                run = ours(model, args.cases, seed) if name == "kami" else \
                    prosimos(args.prosimos_python, model, json_path, args.cases, seed)
                runs[name].append(run)
                print(f"{i + 1:<8} {name:<9} {run['seconds']:>8.2f} {run['cpu']:>10.2f} "
                      f"{run['cases'] / run['seconds']:>12,.0f}  {run['mean']:.2f}", flush=True)
    med = {name: {"seconds": statistics.median(r["seconds"] for r in rs),
                  "cpu": statistics.median(r["cpu"] for r in rs)} for name, rs in runs.items()}
    ratio = med["prosimos"]["seconds"] / med["kami"]["seconds"]
    ratio_cpu = med["prosimos"]["cpu"] / med["kami"]["cpu"]
    per_run = [p["seconds"] / k["seconds"] for k, p in zip(runs["kami"], runs["prosimos"])]
    print(f"median    kami {med['kami']['seconds']:.2f} s ({args.cases / med['kami']['seconds']:,.0f} "
          f"kasus/detik), Prosimos {med['prosimos']['seconds']:.2f} s "
          f"({args.cases / med['prosimos']['seconds']:,.0f} kasus/detik)")
    print(f"rasio median (jam dinding): {ratio:.1f}x; sasaran >= {GOAL:.0f}x: "
          f"{'TERCAPAI' if ratio >= GOAL else 'BELUM'}")
    print(f"rasio median (waktu CPU):   {ratio_cpu:.1f}x; sasaran >= {GOAL:.0f}x: "
          f"{'TERCAPAI' if ratio_cpu >= GOAL else 'BELUM'} (pada mesin yang sibuk, waktu CPU "
          "lebih adil: proses yang lama mendapat bagian CPU yang lebih kecil)")
    print("rasio per putaran (jam dinding): " + ", ".join(f"{r:.1f}x" for r in per_run))
    means = {name: [r["mean"] for r in rs] for name, rs in runs.items()}
    for name in means:
        mean, half = interval(means[name])
        print(f"waktu siklus {name:<9} {mean:.2f} ± {half:.2f} menit (CI 95% antarputaran)")
    diff, half, ok = agree(means["kami"], means["prosimos"])
    print(f"selisih Prosimos - kami {diff:+.2f} ± {half:.2f} menit: {'SESUAI' if ok else 'TIDAK sesuai'}")
    return {"model": str(shown), "runs": runs, "median": med, "ratio": ratio, "ratio_cpu": ratio_cpu,
            "goal_met": ratio >= GOAL, "agree": ok, "difference": diff, "half_width": half}


MEMORY_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from validator.sim import Scenario, simulate
t = time.perf_counter()
r = simulate(sys.argv[2], Scenario(cases=int(sys.argv[3]), replications=1, seed=1), engine="compiled")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - t, r.reps[0].finished)
"""


def memory(model: Path, cases: int) -> tuple[float, float, int]:
    """Peak resident memory (MB), seconds and finished cases of one compiled run in a child."""
    proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(ROOT), str(model), str(cases)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit("pengukuran memori gagal: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
    kb, seconds, n = proc.stdout.split()
    return int(kb) / 1024.0, float(seconds), int(n)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, action="append", help="peta (boleh berulang); bawaan: dua peta tolok ukur")
    ap.add_argument("--cases", type=int, default=50_000, help="kasus per putaran (bawaan 50.000)")
    ap.add_argument("--runs", type=int, default=5, help="putaran per mesin per peta (bawaan 5)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--memory-cases", type=int, default=1_000_000, help="kasus uji memori (0: lewati)")
    ap.add_argument("--memory-limit", type=float, default=500.0, help="batas memori, MB")
    ap.add_argument("--prosimos-python", type=Path, default=DEFAULT_PROSIMOS)
    ap.add_argument("--json", type=Path, help="tulis hasil juga ke berkas JSON ini")
    ap.add_argument("--memory-only", action="store_true", help="hanya uji memori (tanpa Prosimos)")
    args = ap.parse_args()
    if args.runs < 2 or args.cases < 1:
        ap.error("--runs minimal 2 dan --cases minimal 1")
    models = args.model or MODELS
    if args.memory_only:
        args.runs = 0
    if args.runs and not args.prosimos_python.exists():
        print(f"Prosimos tidak terpasang ({args.prosimos_python} tidak ada); jalankan 'make bench-sim' "
              "yang memasangnya dari PyPI ke benchmarks/.venv-prosimos")
        return 1
    from validator.sim.compiled import _c_loop

    print("loop mesin terkompilasi: " + ("C (validator/sim/cloop.pyx, dibangun oleh make install)"
                                         if _c_loop() is not None else
                                         "Python (loop C belum dibangun: python tools/build_ext.py)"))
    out = {"models": [bench_model(m, args) for m in models] if args.runs else [], "memory": []}
    if args.memory_cases:
        print(f"\n== Memori: satu putaran mesin terkompilasi, {args.memory_cases:,} kasus, tanpa log peristiwa ==")
        for m in models:
            mb, seconds, n = memory(m, args.memory_cases)
            shown = m.relative_to(ROOT) if m.is_relative_to(ROOT) else m
            print(f"{shown}: puncak {mb:.0f} MB (batas {args.memory_limit:.0f} MB: "
                  f"{'DI BAWAH' if mb < args.memory_limit else 'MELAMPAUI'}), {seconds:.1f} s, {n:,} kasus selesai")
            out["memory"].append({"model": str(shown), "mb": mb, "seconds": seconds, "finished": n})
    if out["models"]:
        print("\nRingkasan: " + "; ".join(
            f"{Path(r['model']).name} {r['ratio']:.1f}x jam dinding, {r['ratio_cpu']:.1f}x CPU "
            f"(sasaran >= {GOAL:.0f}x: {'tercapai' if r['goal_met'] else 'belum'} / "
            f"{'tercapai' if r['ratio_cpu'] >= GOAL else 'belum'}), "
            f"rerata {'sesuai' if r['agree'] else 'TIDAK sesuai'}" for r in out["models"]))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
