"""Benchmark: ppb-validator against the XML parse floor and against bpmnlint.

Over one corpus of BPMN files (``make bench`` uses the MIWG corpus), in the same run:

  (a) parse only   lxml parses every file with the project's safe parser settings,
                   in-process: the floor no validator can beat;
  (b) ppb          ``ppb validate --format json --quiet --no-set <corpus>`` as a whole process
                   (output discarded; every file checked alone, as bpmnlint lints them: set
                   runs are measured by bench_sets.py), and the Validator in-process;
  (c) bpmnlint     benchmarks/bpmnlint_runner.js with bpmnlint:recommended, a fresh
                   moddle and Linter per file, as a whole Node process.

Each measure runs ``--repeat`` times (rounds interleaved); the table gives the best and
the median wall time, throughput from the best time, and the ratios with their goals:
ppb throughput >= 5x bpmnlint's, ppb time <= 3x parse-only. ``--json F`` writes the
numbers to F. The file cache is warmed once before the first round.

    .venv/bin/python benchmarks/bench_validate.py --corpus ../shared/corpus/miwg [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
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

    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "files.txt"
        listing.write_text("".join(f"{p.resolve()}\n" for p in files), encoding="utf-8")
        measures = {
            "parse": ("(a) parse only, lxml (in-process)", lambda: parse_only(files)),
            "ppb_process": (f"(b) ppb validate, {os.cpu_count()} cores (process)",
                            lambda: ppb_process(ppb, corpus)),
            "ppb_process_1": ("(b) ppb validate -j 1 (process)", lambda: ppb_process(ppb, corpus, 1)),
            "ppb_inprocess": ("(b) ppb Validator (in-process)", in_process_runner(files)),
            "bpmnlint_process": ("(c) bpmnlint 11.15 (whole process)",
                                 lambda: bpmnlint_process(args.node, listing, len(files))),
        }
        times: dict[str, list[float]] = {k: [] for k in measures}
        notes: dict[str, str] = {}
        for _ in range(args.repeat):
            for key, (_, fn) in measures.items():
                seconds, note = fn()
                times[key].append(seconds)
                if note:
                    notes[key] = note

    env = environment(args.node)
    result = summarise(times, len(files), size)
    result.update(env=env, corpus=str(corpus), repeat=args.repeat, notes=notes)
    print_table(result, {k: label for k, (label, _) in measures.items()})
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"\nnumbers written to {args.json}")
    return 0


# ---------------------------------------------------------------- measures

def parse_only(files: list[Path]) -> tuple[float, str]:
    failed = 0
    start = time.perf_counter()
    for p in files:
        try:
            etree.fromstring(p.read_bytes(), _safe_parser())
        except etree.XMLSyntaxError:
            failed += 1
    seconds = time.perf_counter() - start
    return seconds, f"{failed} file(s) not well-formed for the strict parser" if failed else ""


def ppb_process(ppb: str, corpus: Path, jobs: int = 0) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([ppb, "validate", "--format", "json", "--quiet", "--no-set",
                           "--jobs", str(jobs), str(corpus)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    # 1: error findings, 2: an unreadable file (report on stdout); anything on stderr
    # (a broken catalog, a crash) means the run did not validate the corpus
    if proc.returncode not in (0, 1, 2) or proc.stderr.strip():
        raise SystemExit(f"ppb validate failed (exit {proc.returncode}):\n"
                         + proc.stderr.decode("utf-8", "replace")[-2000:])
    return seconds, f"exit code {proc.returncode}"


def in_process_runner(files: list[Path]):
    validator = Validator(Config())  # catalog loaded once, outside the timing

    def run() -> tuple[float, str]:
        unreadable = findings = 0
        start = time.perf_counter()
        for p in files:
            res = validator.validate_file(p, keep_model=False)
            unreadable += not res.ok
            findings += len(res.findings)
        seconds = time.perf_counter() - start
        return seconds, f"{findings} findings, {unreadable} unreadable"

    return run


def bpmnlint_process(node: str, listing: Path, expected: int) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([node, str(RUNNER), "--quiet", "--files", str(listing)], cwd=HERE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bpmnlint runner failed (exit {proc.returncode}):\n"
                         + proc.stderr.decode("utf-8", "replace")[-2000:])
    counts = json.loads(proc.stdout)
    if counts["files"] != expected:
        raise SystemExit(f"bpmnlint runner linted {counts['files']} files, expected {expected}")
    return seconds, f"{counts['reports']} reports, {counts['unreadable']} unreadable"


# ---------------------------------------------------------------- report

def summarise(times: dict[str, list[float]], nfiles: int, size: int) -> dict:
    measures = {}
    for key, runs in times.items():
        best = min(runs)
        measures[key] = {
            "runs_s": [round(t, 4) for t in runs], "best_s": round(best, 4),
            "median_s": round(statistics.median(runs), 4),
            "files_per_s": round(nfiles / best, 1), "mb_per_s": round(size / MB / best, 2),
        }

    def time_ratio(num: str, den: str) -> float:
        return round(measures[num]["best_s"] / measures[den]["best_s"], 2)

    ratios = {
        # over the same files, throughput ratio = inverse time ratio
        "ppb_process_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_process"),
        "ppb_process_1_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_process_1"),
        "ppb_inprocess_vs_bpmnlint_throughput": time_ratio("bpmnlint_process", "ppb_inprocess"),
        "ppb_process_1_vs_parse_time": time_ratio("ppb_process_1", "parse"),
        "ppb_process_vs_parse_time": time_ratio("ppb_process", "parse"),
        "ppb_inprocess_vs_parse_time": time_ratio("ppb_inprocess", "parse"),
    }
    return {"files": nfiles, "bytes": size, "mb": round(size / MB, 2),
            "measures": measures, "ratios": ratios}


def print_table(result: dict, labels: dict[str, str]) -> None:
    env = result["env"]
    print(f"Corpus: {result['corpus']}: {result['files']} files, {result['mb']:.1f} MB "
          f"(1 MB = 10^6 bytes); {result['repeat']} run(s) each, throughput from the best run")
    print(f"ppb-validator {env['ppb']}, Python {env['python']}, lxml {env['lxml']}; "
          f"bpmnlint {env['bpmnlint']}, bpmn-moddle {env['bpmn_moddle']}, Node {env['node']}; "
          f"{env['cpus']} CPU(s), {env['platform']}")
    head = f"{'measure':38} {'files':>6} {'MB':>6} {'best s':>8} {'median s':>9} {'files/s':>9} {'MB/s':>7}"
    print()
    print(head)
    print("-" * len(head))
    for key, m in result["measures"].items():
        print(f"{labels[key]:38} {result['files']:6d} {result['mb']:6.1f} {m['best_s']:8.3f} "
              f"{m['median_s']:9.3f} {m['files_per_s']:9.1f} {m['mb_per_s']:7.2f}")
    r = result["ratios"]
    print()
    print("Ratios (best times)")
    print(f"  ppb process vs bpmnlint process, throughput   {r['ppb_process_vs_bpmnlint_throughput']:6.2f}x"
          f"   goal >= 5x   {_verdict(r['ppb_process_vs_bpmnlint_throughput'] >= 5)}")
    print(f"  ppb -j 1 process vs bpmnlint process          {r['ppb_process_1_vs_bpmnlint_throughput']:6.2f}x"
          f"   (one core each)   {_verdict(r['ppb_process_1_vs_bpmnlint_throughput'] >= 5)}")
    print(f"  ppb in-process vs bpmnlint process, throughput {r['ppb_inprocess_vs_bpmnlint_throughput']:5.2f}x")
    print(f"  ppb in-process vs parse only, time            {r['ppb_inprocess_vs_parse_time']:6.2f}x"
          f"   goal <= 3x   {_verdict(r['ppb_inprocess_vs_parse_time'] <= 3)}")
    print(f"  ppb process vs parse only, time               {r['ppb_process_vs_parse_time']:6.2f}x"
          "   (all cores; includes interpreter start-up and the JSON report)")
    print(f"  ppb -j 1 process vs parse only, time          {r['ppb_process_1_vs_parse_time']:6.2f}x")
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
