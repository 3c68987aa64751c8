"""Benchmark: ppb-validator against the XML parse floor and against bpmnlint.

Over one corpus of BPMN files (``make bench`` uses the MIWG corpus), in the same run:

  (a) parse only   lxml parses every file with the project's safe parser settings,
                   in-process on one core: the floor no validator can beat;
  (b) ppb          as whole processes (output discarded): the default a user gets,
                   ``ppb validate --format json --quiet <corpus>`` (the folder checked as one
                   set, file rules and set rules, on every core), the same with ``-j 1`` (one
                   core), and ``--no-set`` (every file alone, as bpmnlint lints them); and the
                   Validator in-process on one core;
  (c) bpmnlint     benchmarks/bpmnlint_runner.js with bpmnlint:recommended, a fresh
                   moddle and Linter per file, as a whole Node process.

Each measure runs ``--repeat`` times (rounds interleaved, so that a machine loaded by
others weighs on every measure alike); the table gives the best and the median wall time,
throughput from the best time, and the ratios of best times with the goals of issue 16:
the default run at least 8x bpmnlint's throughput and at most 3x the parse-only time, the
one-core run at most 4x the parse-only time, and the peak memory of the default run (the
largest sum of the proportional set size of the ppb process and its workers, sampled
every 10 ms) under 300 MB. ``--json F`` writes the numbers to F. The file cache is warmed once
before the first round, and the package is byte-compiled once (as an install does).

    .venv/bin/python benchmarks/bench_validate.py --corpus ../shared/corpus/miwg [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from validator import __version__  # noqa: E402
from validator.catalog import CatalogError, load_catalog  # noqa: E402
from validator.config import Config  # noqa: E402
from validator.engine import Validator, expand_paths  # noqa: E402
from validator.parser import _safe_parser  # noqa: E402

RUNNER = HERE / "bpmnlint_runner.js"
MB = 1_000_000  # bytes
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# goals of issue 16, judged on best times measured in one run
GOAL_VS_BPMNLINT = 8.0     # default run's throughput, times bpmnlint's (whole processes)
GOAL_VS_PARSE = 3.0        # default run's time, times the parse-only floor's
GOAL_VS_PARSE_1 = 4.0      # one-core run's time, times the parse-only floor's
GOAL_PEAK_MB = 300         # default run's peak resident memory, ppb process and workers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="ppb-validator vs parse-only vs bpmnlint")
    ap.add_argument("--corpus", required=True, help="folder of BPMN files")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measure (default 3)")
    ap.add_argument("--json", metavar="F", help="also write the numbers to F as JSON")
    ap.add_argument("--ppb", help="the ppb command (default: next to this Python)")
    ap.add_argument("--node", default=shutil.which("node") or "node", help="the node command")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        ap.error(f"corpus folder not found: {corpus}")
    ppb = args.ppb or str(Path(sys.executable).with_name("ppb"))
    if not (shutil.which(ppb) or Path(ppb).is_file()):
        ap.error(f"ppb command not found: {ppb} (run `make install`)")
    if not (HERE / "node_modules" / "bpmnlint" / "package.json").is_file():
        ap.error("bpmnlint is not installed in benchmarks/ (run `make node-deps`)")

    try:
        load_catalog()
    except CatalogError as exc:
        ap.exit(1, f"bench_validate: the rule catalog does not load: {exc}\n")

    files = [Path(real) for real, _ in expand_paths([str(corpus)])]
    if not files:
        ap.error(f"no BPMN files under {corpus}")
    size = sum(p.stat().st_size for p in files)
    for p in files:  # warm the file cache so that no measure pays for the disk
        p.read_bytes()
    # byte-compile the package once, as installing it does: where PYTHONDONTWRITEBYTECODE is
    # set, every ppb process would otherwise compile each of its ~100 modules at start-up
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "validator")],
                   stdout=subprocess.DEVNULL, check=False)

    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "files.txt"
        listing.write_text("".join(f"{p.resolve()}\n" for p in files), encoding="utf-8")
        measures = {
            "parse": ("(a) parse only, lxml (in-process, 1 core)", lambda: parse_only(files)),
            "ppb_set": (f"(b) ppb validate FOLDER, {os.cpu_count()} cores",
                        lambda: ppb_process(ppb, corpus)),
            "ppb_set_1": ("(b) ppb validate FOLDER -j 1", lambda: ppb_process(ppb, corpus, 1)),
            "ppb_noset": (f"(b) ppb validate --no-set, {os.cpu_count()} cores",
                          lambda: ppb_process(ppb, corpus, 0, "--no-set")),
            "ppb_inprocess": ("(b) ppb Validator (in-process, 1 core)", in_process_runner(files)),
            "bpmnlint_process": ("(c) bpmnlint 11.15 (whole process)",
                                 lambda: bpmnlint_process(args.node, listing, len(files))),
        }
        times: dict[str, list[float]] = {k: [] for k in measures}
        notes: dict[str, str] = {}
        peaks: dict[str, int] = {}
        cpus: dict[str, list[float]] = {k: [] for k in measures}
        for _ in range(args.repeat):
            for key, (_, fn) in measures.items():
                seconds, note, peak, cpu = fn()
                times[key].append(seconds)
                cpus[key].append(cpu)
                if note:
                    notes[key] = note
                if peak:
                    peaks[key] = max(peaks.get(key, 0), peak)

    env = environment(args.node)
    result = summarise(times, len(files), size, cpus)
    result["peak_mb"] = {k: round(v / MB, 1) for k, v in peaks.items()}
    result.update(env=env, corpus=str(corpus), repeat=args.repeat, notes=notes)
    print_table(result, {k: label for k, (label, _) in measures.items()})
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"\nnumbers written to {args.json}")
    return 0


# ---------------------------------------------------------------- measures

def parse_only(files: list[Path]) -> tuple[float, str, int, float]:
    failed = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for p in files:
        try:
            etree.fromstring(p.read_bytes(), _safe_parser())
        except etree.XMLSyntaxError:
            failed += 1
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return seconds, f"{failed} file(s) not well-formed for the strict parser" if failed else "", 0, cpu


def ppb_process(ppb: str, corpus: Path, jobs: int = 0, *extra: str
                ) -> tuple[float, str, int, float]:
    seconds, code, err, peak, cpu = run_measured([ppb, "validate", "--format", "json", "--quiet",
                                             *extra, "--jobs", str(jobs), str(corpus)])
    # 1: error findings, 2: an unreadable file (report on stdout); anything on stderr
    # (a broken catalog, a crash) means the run did not validate the corpus
    if code not in (0, 1, 2) or err.strip():
        raise SystemExit(f"ppb validate failed (exit {code}):\n" + err[-2000:])
    return seconds, f"exit code {code}", peak, cpu


def run_measured(cmd: list[str]) -> tuple[float, int, str, int, float]:
    """Run ``cmd`` (output discarded): wall seconds, exit code, stderr, the peak of the
    memory of the process and its children together (bytes of proportional set size,
    sampled every 10 ms), and the CPU seconds of the process and its workers."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(proc.pid, done, peak), daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return seconds, code, text, peak[0], usage.ru_utime + usage.ru_stime


def _sample_memory(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.is_set():
        total = sum(_rss(p) for p in [pid, *_descendants(pid)])
        peak[0] = max(peak[0], total)
        done.wait(0.01)


def _descendants(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux /proc; none elsewhere)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                kids = [int(x) for x in fh.read().split()]
        except (OSError, ValueError):
            kids = []
        out.extend(kids)
        todo.extend(kids)
    return out


def _rss(pid: int) -> int:
    """The proportional set size of ``pid`` (pages shared by the forked workers are counted
    once over the tree, not once per process), else its resident set size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def in_process_runner(files: list[Path]):
    validator = Validator(Config())  # catalog loaded once, outside the timing

    def run() -> tuple[float, str]:
        unreadable = findings = 0
        cpu = time.process_time()
        start = time.perf_counter()
        for p in files:
            res = validator.validate_file(p, keep_model=False)
            unreadable += not res.ok
            findings += len(res.findings)
        seconds = time.perf_counter() - start
        return seconds, f"{findings} findings, {unreadable} unreadable", 0, time.process_time() - cpu

    return run


def bpmnlint_process(node: str, listing: Path, expected: int) -> tuple[float, str, int, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([node, str(RUNNER), "--quiet", "--files", str(listing)], cwd=HERE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"bpmnlint runner failed (exit {proc.returncode}):\n"
                         + proc.stderr.decode("utf-8", "replace")[-2000:])
    counts = json.loads(proc.stdout)
    if counts["files"] != expected:
        raise SystemExit(f"bpmnlint runner linted {counts['files']} files, expected {expected}")
    return seconds, f"{counts['reports']} reports, {counts['unreadable']} unreadable", 0, cpu


# ---------------------------------------------------------------- report

def summarise(times: dict[str, list[float]], nfiles: int, size: int,
              cpus: dict[str, list[float]]) -> dict:
    measures = {}
    for key, runs in times.items():
        best = min(runs)
        measures[key] = {
            "runs_s": [round(t, 4) for t in runs], "best_s": round(best, 4),
            "best_cpu_s": round(min(cpus[key]), 4),
            "median_s": round(statistics.median(runs), 4),
            "files_per_s": round(nfiles / best, 1), "mb_per_s": round(size / MB / best, 2),
        }

    def time_ratio(num: str, den: str) -> float:
        return round(measures[num]["best_s"] / measures[den]["best_s"], 2)

    ratios = {
        # over the same files, throughput ratio = inverse time ratio
        "ppb_set_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_set"),
        "ppb_set_1_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_set_1"),
        "ppb_noset_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_noset"),
        "ppb_inprocess_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_inprocess"),
        "ppb_set_vs_parse_time": time_ratio("ppb_set", "parse"),
        "ppb_set_1_vs_parse_time": time_ratio("ppb_set_1", "parse"),
        "ppb_noset_vs_parse_time": time_ratio("ppb_noset", "parse"),
        "ppb_inprocess_vs_parse_time": time_ratio("ppb_inprocess", "parse"),
    }
    def cpu_ratio(num: str, den: str) -> float:
        return round(measures[num]["best_cpu_s"] / max(measures[den]["best_cpu_s"], 1e-9), 2)

    ratios["cpu_ppb_set_1_vs_parse"] = cpu_ratio("ppb_set_1", "parse")
    ratios["cpu_ppb_set_vs_parse"] = cpu_ratio("ppb_set", "parse")
    ratios["cpu_bpmnlint_vs_ppb_set"] = cpu_ratio("bpmnlint_process", "ppb_set")
    ratios["cpu_ppb_inprocess_vs_parse"] = cpu_ratio("ppb_inprocess", "parse")
    return {"files": nfiles, "bytes": size, "mb": round(size / MB, 2),
            "measures": measures, "ratios": ratios}


def print_table(result: dict, labels: dict[str, str]) -> None:
    env = result["env"]
    print(f"Corpus: {result['corpus']}: {result['files']} files, {result['mb']:.1f} MB "
          f"(1 MB = 10^6 bytes); {result['repeat']} run(s) each, throughput from the best run")
    print(f"ppb-validator {env['ppb']}, Python {env['python']}, lxml {env['lxml']}; "
          f"bpmnlint {env['bpmnlint']}, bpmn-moddle {env['bpmn_moddle']}, Node {env['node']}; "
          f"{env['cpus']} CPU(s), {env['platform']}")
    head = (f"{'measure':42} {'files':>6} {'MB':>6} {'best s':>8} {'median s':>9} {'files/s':>9} "
            f"{'MB/s':>7} {'CPU s':>7}")
    print()
    print(head)
    print("-" * len(head))
    for key, m in result["measures"].items():
        print(f"{labels[key]:42} {result['files']:6d} {result['mb']:6.1f} {m['best_s']:8.3f} "
              f"{m['median_s']:9.3f} {m['files_per_s']:9.1f} {m['mb_per_s']:7.2f} "
              f"{m['best_cpu_s']:7.3f}")
    r = result["ratios"]
    peak = result.get("peak_mb", {})
    set_peak = peak.get("ppb_set", 0.0)
    goals = {
        "vs_bpmnlint": r["ppb_set_vs_bpmnlint_throughput"] >= GOAL_VS_BPMNLINT,
        "vs_parse": r["ppb_set_vs_parse_time"] <= GOAL_VS_PARSE,
        "vs_parse_1": r["ppb_set_1_vs_parse_time"] <= GOAL_VS_PARSE_1,
        "peak_memory": 0 < set_peak < GOAL_PEAK_MB,
    }
    result["goals"] = goals
    print()
    print("Ratios (best times of this run; a machine loaded by others slows every measure)")
    print(f"  default ppb validate FOLDER vs bpmnlint, throughput {r['ppb_set_vs_bpmnlint_throughput']:6.2f}x"
          f"   goal >= {GOAL_VS_BPMNLINT:g}x   {_verdict(goals['vs_bpmnlint'])}")
    print(f"  default ppb validate FOLDER vs parse only, time     {r['ppb_set_vs_parse_time']:6.2f}x"
          f"   goal <= {GOAL_VS_PARSE:g}x   {_verdict(goals['vs_parse'])}")
    print(f"  ppb validate FOLDER -j 1 vs parse only, time       {r['ppb_set_1_vs_parse_time']:6.2f}x"
          f"   goal <= {GOAL_VS_PARSE_1:g}x   {_verdict(goals['vs_parse_1'])}")
    print(f"  peak memory of the default run (ppb + workers)     {set_peak:6.1f} MB"
          f"   goal < {GOAL_PEAK_MB} MB   {_verdict(goals['peak_memory'])}")
    print(f"  ppb validate FOLDER -j 1 vs bpmnlint, throughput   {r['ppb_set_1_vs_bpmnlint_throughput']:6.2f}x"
          "   (one core each)")
    print(f"  ppb --no-set vs bpmnlint, throughput              {r['ppb_noset_vs_bpmnlint_throughput']:6.2f}x")
    print(f"  ppb --no-set vs parse only, time                  {r['ppb_noset_vs_parse_time']:6.2f}x")
    print(f"  ppb in-process vs parse only, time                {r['ppb_inprocess_vs_parse_time']:6.2f}x"
          "   (no interpreter start-up, no report)")
    print("  CPU seconds instead of wall seconds (all processes of a run; steadier on a busy "
          "machine,\n  but blind to how the work is shared over the cores):")
    print(f"    ppb validate FOLDER -j 1 vs parse only {r['cpu_ppb_set_1_vs_parse']:6.2f}x; "
          f"default run vs parse only {r['cpu_ppb_set_vs_parse']:6.2f}x; "
          f"bpmnlint vs default run {r['cpu_bpmnlint_vs_ppb_set']:6.2f}x; "
          f"in-process vs parse only {r['cpu_ppb_inprocess_vs_parse']:6.2f}x")
    if peak:
        print("  peak memory: " + ", ".join(f"{labels[k].split(' ', 1)[1]} {v:.1f} MB"
                                           for k, v in peak.items()))
    print(f"\nGoals met: {sum(goals.values())} of {len(goals)}")
    if result["notes"]:
        print()
        for key, note in result["notes"].items():
            print(f"  {labels[key]}: {note}")


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def environment(node: str) -> dict:
    def pkg_version(name: str) -> str:
        try:
            return json.loads((HERE / "node_modules" / name / "package.json").read_text())["version"]
        except (OSError, ValueError, KeyError):
            return "?"

    try:
        node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        node_version = "?"
    return {
        "ppb": __version__, "python": platform.python_version(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)), "node": node_version,
        "bpmnlint": pkg_version("bpmnlint"), "bpmn_moddle": pkg_version("bpmn-moddle"),
        "cpus": os.cpu_count(), "platform": f"{platform.system()} {platform.machine()}",
    }


if __name__ == "__main__":
    sys.exit(main())
