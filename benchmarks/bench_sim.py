"""Simulation throughput and agreement: compiled engine, reference engine, Prosimos 2.1.

All three simulate the same 4-lane permit service (tests/sim/models/izin-4-lane.bpmn by
default) with the same parameters: ours read from the map's ppb attributes, Prosimos' from
the JSON that ``validator.sim.prosimos.to_prosimos`` writes. Prosimos runs in its own
virtualenv (``make bench-sim`` installs it into benchmarks/.venv-prosimos), in a separate
process started per run; its time is measured inside that process, around its simulation
calls only. Printed: cases per second of each, the ratios, and the mean cycle time of each
with a 95% confidence interval over replications, and whether the means agree (the 95%
interval of the difference contains 0).

    python benchmarks/bench_sim.py [--cases 5000] [--replications 5] [--model F]
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
from validator.sim.results import summary, t95  # noqa: E402

DEFAULT_MODEL = ROOT / "tests" / "sim" / "models" / "izin-4-lane.bpmn"
DEFAULT_PROSIMOS = ROOT / "benchmarks" / ".venv-prosimos" / "bin" / "python"


def ours(model: Path, engine: str, cases: int, reps: int, seed: int) -> dict:
    scenario = Scenario(cases=cases, replications=reps, seed=seed)
    loaded = load(model, scenario)
    started = time.perf_counter()
    result = simulate(model, scenario, engine=engine, loaded=loaded)
    seconds = time.perf_counter() - started
    if result.engine != engine:
        raise SystemExit(f"mesin {engine} tidak dipakai: {result.engine_reason}")
    return {"seconds": seconds, "cases": cases * reps, "means": [r.cycle_mean for r in result.reps]}


def prosimos(python: Path, model: Path, cases: int, reps: int, seed: int) -> dict | str:
    if not python.exists():
        return (f"Prosimos tidak terpasang ({python} tidak ada); jalankan 'make bench-sim' yang "
                "memasangnya dari PyPI ke benchmarks/.venv-prosimos")
    params = to_prosimos(load(model))
    with tempfile.TemporaryDirectory() as tmp:
        json_path = Path(tmp) / "prosimos.json"
        json_path.write_text(json.dumps(params), encoding="utf-8")
        proc = subprocess.run([str(python), str(ROOT / "benchmarks" / "prosimos_runner.py"),
                               str(model), str(json_path), str(cases), str(reps), str(seed)],
                              capture_output=True, text=True)
    if proc.returncode != 0:
        return "Prosimos gagal: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if params["approximations"]:
        data["approximations"] = params["approximations"]
    return data


def _ci(means: list[float]) -> str:
    s = summary(means)
    if s["ci95"] is None:
        return f"{s['mean']:.2f}"
    return f"{s['mean']:.2f} [{s['ci95'][0]:.2f}, {s['ci95'][1]:.2f}]"


def agree(a: list[float], b: list[float]) -> tuple[float, float, bool]:
    """Difference of means (b - a), half-width of its 95% CI (Welch), and whether 0 is inside."""
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va * va) / (len(a) - 1) + (vb * vb) / (len(b) - 1)) if se > 0 else 1
    half = t95(max(1, int(df))) * se
    return mb - ma, half, abs(mb - ma) <= half


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--cases", type=int, default=5000, help="kasus per replikasi (mesin terkompilasi, Prosimos)")
    ap.add_argument("--reference-cases", type=int, default=1000, help="kasus per replikasi (mesin referensi)")
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--prosimos-python", type=Path, default=DEFAULT_PROSIMOS)
    ap.add_argument("--json", type=Path, help="tulis hasil juga ke berkas JSON ini")
    args = ap.parse_args()
    model = args.model
    print(f"Model: {model.relative_to(ROOT) if model.is_relative_to(ROOT) else model}; "
          f"{args.replications} replikasi, benih {args.seed}")
    runs = {
        "compiled": ours(model, "compiled", args.cases, args.replications, args.seed),
        "reference": ours(model, "reference", args.reference_cases, args.replications, args.seed),
    }
    pros = prosimos(args.prosimos_python, model, args.cases, args.replications, args.seed)
    if isinstance(pros, str):
        print(pros)
    else:
        runs["prosimos"] = pros
    print(f"\n{'mesin':<10} {'kasus':>8} {'detik':>8} {'kasus/detik':>12}  waktu siklus rata-rata, menit [CI 95%]")
    rate = {}
    for name, run in runs.items():
        rate[name] = run["cases"] / run["seconds"]
        print(f"{name:<10} {run['cases']:>8} {run['seconds']:>8.2f} {rate[name]:>12,.0f}  {_ci(run['means'])}")
    print()
    print(f"compiled / reference: {rate['compiled'] / rate['reference']:.1f}x")
    if "prosimos" in rate:
        ratio = rate["compiled"] / rate["prosimos"]
        print(f"compiled / Prosimos:  {ratio:.1f}x (sasaran >= 20x: {'tercapai' if ratio >= 20 else 'BELUM'})")
    print("\nKesesuaian waktu siklus rata-rata (selisih terhadap compiled, CI 95% Welch):")
    for name in [n for n in runs if n != "compiled"]:
        diff, half, ok = agree(runs["compiled"]["means"], runs[name]["means"])
        print(f"  {name:<10} selisih {diff:+.2f} ± {half:.2f} menit: {'sesuai' if ok else 'TIDAK sesuai'}")
    if "prosimos" in runs and runs["prosimos"].get("approximations"):
        print("Pendekatan pada ekspor Prosimos: " + "; ".join(runs["prosimos"]["approximations"]))
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "rates": rate}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
