"""Benchmark: validating a whole map set (file rules + set rules + plan) grows linearly.

Builds sets of 50, 500 and 5,000 maps by replicating the good sample maps
(``bpmn_samples/**/*-baik.bpmn``) into a temporary folder. Each replica ``k`` gets its own
codes, file names and process ids, so the set stays coherent and its codes unique:

* ``ppb:kode`` / ``ppb:parentKode`` values get the OPD-style prefix ``Rkkkk-`` (the code
  pattern allows one), so a replica's hierarchy links only inside the replica;
* files are named ``rkkkk-<name>``, and ``ppb:childMap`` values that name a sample file are
  renamed the same way;
* process ids (and every ``processRef``, ``bpmnElement`` and ``calledElement`` naming
  them) get the suffix ``_Rkkkk``.

Then, after one untimed warm-up run, it times ``Validator().validate_set(folder, plan,
jobs=N)`` (reading, every file rule, every set rule, with the sample plan; ``--jobs``,
default 0: worker processes on every core, as ``ppb validate`` runs) and the alignment
outputs (``alignment.compute``), and once the whole command ``ppb validate FOLDER --rencana
PLAN -f json`` as a process on the middle size. It prints files per CPU second for each
size (CPU time of the process and its workers, so a busy machine does not blur the
comparison; wall time beside it) and the ratio to the first size's rate: a ratio near 1
means the cost per map does not grow with the set. It then judges the goals of issue 16:
the 5,000-map set at least 1,500 maps per wall second (on 2 cores), and linear growth.

    .venv/bin/python benchmarks/bench_sets.py [--sizes 50,500,5000] [--repeat 1] [--json F]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from validator import __version__, alignment  # noqa: E402
from validator.engine import Validator  # noqa: E402
from validator.plan import load_plan  # noqa: E402

SAMPLES = ROOT / "bpmn_samples"
GOAL_SIZE = 5000      # maps in the set the rate goal is judged on
GOAL_RATE = 1500      # maps per wall second, with the plan, on 2 cores (issue 16)
GOAL_LINEAR = 0.8     # lowest CPU throughput of a size against the first size
PLAN = SAMPLES / "rencana-pariaman.yaml"

_CODE_ATTR = re.compile(
    r'(ppb:(?:kode|parentKode)\s*=\s*")([^"]*)(")'                             # ppb:kode="01"
    r'|(name\s*=\s*"ppb:(?:kode|parentKode)"\s+value\s*=\s*")([^"]*)(")')      # camunda property
_CHILD_ATTR = re.compile(
    r'(ppb:childMap\s*=\s*")([^"]*)(")'
    r'|(name\s*=\s*"ppb:childMap"\s+value\s*=\s*")([^"]*)(")')
_PROCESS_ID = re.compile(r'<(?:[\w.-]+:)?process\b[^>]*?\bid\s*=\s*"([^"]+)"')


def samples() -> dict[str, str]:
    """name -> text of every good sample map (the names are unique in the samples)."""
    found = sorted(SAMPLES.glob("**/*-baik.bpmn"))
    if not found:
        raise SystemExit("no bpmn_samples/**/*-baik.bpmn found")
    return {p.name: p.read_text(encoding="utf-8") for p in found}


def replica(text: str, k: int, names: set[str], process_ids: set[str]) -> str:
    tag = f"R{k:04d}"

    def code(m: re.Match) -> str:
        head, value, tail = (m.group(1), m.group(2), m.group(3)) if m.group(1) else \
            (m.group(4), m.group(5), m.group(6))
        return f"{head}{tag}-{value.strip()}{tail}" if value.strip() else m.group(0)

    def child(m: re.Match) -> str:
        head, value, tail = (m.group(1), m.group(2), m.group(3)) if m.group(1) else \
            (m.group(4), m.group(5), m.group(6))
        base = value.strip().replace("\\", "/").rsplit("/", 1)[-1]
        return f"{head}{tag.lower()}-{base}{tail}" if base in names else m.group(0)

    text = _CODE_ATTR.sub(code, text)
    text = _CHILD_ATTR.sub(child, text)
    for pid in process_ids:
        text = text.replace(f'"{pid}"', f'"{pid}_{tag}"')
    return text


def build_set(folder: Path, size: int, maps: dict[str, str]) -> int:
    """Write ``size`` maps (whole replicas first, the last one cut short) into ``folder``."""
    names = set(maps)
    process_ids = {pid for text in maps.values() for pid in _PROCESS_ID.findall(text)}
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    k = 0
    while written < size:
        k += 1
        for name, text in maps.items():
            if written >= size:
                break
            (folder / f"r{k:04d}-{name}").write_text(replica(text, k, names, process_ids),
                                                    encoding="utf-8")
            written += 1
    return written


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_set(folder: Path, plan, repeat: int, jobs: int = 0) -> dict:
    best = None
    for _ in range(repeat):
        validator = Validator()
        c0, t0 = _cpu(), time.perf_counter()
        report = validator.validate_set(folder, plan=plan, jobs=jobs)
        c1, t1 = _cpu(), time.perf_counter()
        aligned = alignment.compute(report)
        c2, t2 = _cpu(), time.perf_counter()
        run = {"validate": t1 - t0, "alignment": t2 - t1, "total": t2 - t0,
               "cpuValidate": c1 - c0, "cpuAlignment": c2 - c1, "cpu": c2 - c0,
               "files": len(report.files), "findings": sum(1 for _ in report.all_findings()),
               "setFindings": len(report.set_findings),
               "matrixColumns": len(aligned.matrix.columns) if aligned else 0,
               "unreadable": report.summary()["unreadable"]}
        if best is None or run["total"] < best["total"]:
            best = run
    return best


def time_cli(folder: Path, plan_path: Path) -> dict:
    ppb = Path(sys.executable).with_name("ppb")
    cmd = [str(ppb)] if ppb.exists() else [sys.executable, "-m", "validator"]
    cmd += ["validate", str(folder), "--rencana", str(plan_path), "-f", "json", "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode > 1:
        raise SystemExit(f"ppb validate failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    data = json.loads(proc.stdout)
    return {"seconds": seconds, "cpu": cpu, "files": len(data["files"]),
            "hasAlignment": "alignment" in data,
            "outputBytes": len(proc.stdout)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="map-set validation throughput by set size")
    ap.add_argument("--sizes", default="50,500,5000", help="set sizes (default 50,500,5000)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size, best kept (default 1)")
    ap.add_argument("--cli-size", type=int, default=500,
                    help="set size for the one whole-process run (default 500; 0: skip)")
    ap.add_argument("--jobs", "-j", type=int, default=0,
                    help="worker processes of the set runs (default 0: every core)")
    ap.add_argument("--goal-size", type=int, default=GOAL_SIZE,
                    help=f"set size the maps-per-second goal is judged on (default {GOAL_SIZE})")
    ap.add_argument("--json", metavar="F", help="also write the numbers to F as JSON")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        ap.error("sizes and --repeat must be >= 1")

    maps = samples()
    plan = load_plan(PLAN)
    print(f"ppb-validator {__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPU; {len(maps)} sample maps replicated; "
          f"plan {PLAN.relative_to(ROOT)}")
    results = []
    with tempfile.TemporaryDirectory(prefix="ppb-bench-sets-") as tmp:
        warm = Path(tmp) / "warm-up"                 # imports, caches: not part of any size
        build_set(warm, min(len(maps), 20), maps)
        time_set(warm, plan, 1, args.jobs)
        for size in sizes:
            folder = Path(tmp) / f"set-{size}"
            build_set(folder, size, maps)
            run = time_set(folder, plan, args.repeat, args.jobs)
            run["size"] = size
            run["filesPerSecond"] = run["files"] / run["total"]
            run["filesPerCpuSecond"] = run["files"] / run["cpu"]
            results.append(run)
        cli = None
        if args.cli_size:
            folder = Path(tmp) / f"set-{args.cli_size}"
            if not folder.exists():
                build_set(folder, args.cli_size, maps)
            cli = time_cli(folder, PLAN)
            cli["size"] = args.cli_size
            cli["filesPerSecond"] = cli["files"] / cli["seconds"]
            cli["filesPerCpuSecond"] = cli["files"] / cli["cpu"]

    base = results[0]["filesPerCpuSecond"]
    workers = args.jobs if args.jobs > 0 else os.cpu_count()
    print(f"\nSet runs with --jobs {args.jobs} ({workers} worker process(es) for sets of 24 maps "
          "or more). CPU seconds of this process and its workers (wall seconds in brackets: "
          "they include waiting for a busy machine); files per CPU second (per wall second)")
    print(f"{'maps':>6} {'validate s':>16} {'alignment s':>14} {'files/s':>16} {'vs first':>9} "
          f"{'findings':>9} {'set findings':>13} {'matrix cols':>12}")
    for r in results:
        r["ratio"] = r["filesPerCpuSecond"] / base
        print(f"{r['size']:>6} {r['cpuValidate']:>7.2f} ({r['validate']:>6.2f}) "
              f"{r['cpuAlignment']:>6.3f} ({r['alignment']:>5.3f}) "
              f"{r['filesPerCpuSecond']:>7.1f} ({r['filesPerSecond']:>6.1f}) {r['ratio']:>8.2f}x "
              f"{r['findings']:>9} {r['setFindings']:>13} {r['matrixColumns']:>12}")
    if cli:
        print(f"\nppb validate {cli['size']} maps --rencana -f json (whole process): "
              f"{cli['cpu']:.2f} CPU s ({cli['seconds']:.2f} s wall), "
              f"{cli['filesPerCpuSecond']:.1f} files per CPU second, "
              f"{cli['outputBytes'] / 1e6:.1f} MB of JSON")
    worst = min(r["ratio"] for r in results)
    print(f"\nLowest throughput ratio to the {results[0]['size']}-map set: {worst:.2f}x "
          f"(1.00x = linear; well below 1 the cost per map would be growing with the set)")
    goal = next((r for r in results if r["size"] == args.goal_size), None)
    if goal is not None:
        rate = goal["files"] / goal["total"]
        print(f"{goal['size']} maps with the plan (validation and alignment), wall clock: "
              f"{rate:.0f} maps/s on {os.cpu_count()} core(s)   goal >= {GOAL_RATE} maps/s   "
              f"{'met' if rate >= GOAL_RATE else 'NOT met'}")
        print(f"Linear growth (CPU throughput of every size >= {GOAL_LINEAR:.2f}x the first's): "
              f"{'met' if worst >= GOAL_LINEAR else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"version": __version__, "sizes": results,
                                               "cli": cli}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
