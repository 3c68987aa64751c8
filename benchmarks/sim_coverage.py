"""How many maps of a corpus the simulator runs (issue 15, Must 1).

Runs ``ppb simulate F --cases 50 --format json`` (the same argument parsing and exit codes
as the command line, in-process to save the interpreter start per file) on every .bpmn
file under a folder, and prints the number of files per exit code (0 done, 1 done with
findings such as unfinished cases, 2 refused), the refusal reasons grouped by their first
words, the internal errors (exceptions that are not a refusal: bugs), and the assumption
findings (SIM-ASUMSI-*, SIM-DATA-DIABAIKAN, SIM-PERISTIWA-DILEWATI, SIM-ALUR-PUTUS)
counted over the maps. Measured on the 831 MIWG maps (issue 15, Must 1): 826 simulate
(816 exit 0, 10 exit 1), 5 are refused with a reason that names what is missing.

    python benchmarks/sim_coverage.py CORPUS_DIR [--jobs 2] [--cases 50] [--limit N]
                                      [--timeout 120] [--list refused|internal|all]
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import multiprocessing
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ASSUMPTION_PREFIXES = ("SIM-ASUMSI-", "SIM-DATA-DIABAIKAN", "SIM-PERISTIWA-DILEWATI", "SIM-ALUR-PUTUS")


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):  # noqa: ANN001
    raise _Timeout()


def run_one(job: tuple[str, int, int]) -> dict:
    """Exit code, last standard-error line and assumption codes of one map."""
    path, cases, timeout = job
    from validator.sim import cli

    parser = argparse.ArgumentParser()
    cli.add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["simulate", path, "--cases", str(cases), "--format", "json"])
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.run(args)
        reason = ""
    except _Timeout:
        code, reason = "timeout", f"lebih dari {timeout} s"
    except Exception as exc:  # noqa: BLE001 - an internal error is what we count here
        code = "internal"
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        tb = traceback.extract_tb(exc.__traceback__)
        if tb:
            reason += f" ({Path(tb[-1].filename).name}:{tb[-1].lineno})"
    finally:
        signal.alarm(0)
    lines = [ln for ln in err.getvalue().splitlines() if ln.strip()]
    if code == 2 and lines:
        reason = lines[-1]
    codes: list[str] = []
    if code in (0, 1):
        try:
            data = json.loads(out.getvalue())
            codes = [f.get("code", "") for f in data.get("findings", [])]
        except ValueError:
            codes = []
    return {"file": path, "code": code, "reason": reason, "codes": codes,
            "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="folder searched for .bpmn files (recursively)")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--cases", type=int, default=50)
    ap.add_argument("--timeout", type=int, default=120, help="seconds per map")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--files", help="a text file listing the maps to run, one per line")
    ap.add_argument("--list", choices=["refused", "internal", "all"], default=None,
                    help="also print the file of each refusal / internal error / map")
    ap.add_argument("--json", help="write every map's result to this JSON file")
    args = ap.parse_args(argv)
    if args.files:
        files = [ln.strip() for ln in Path(args.files).read_text().splitlines() if ln.strip()]
    else:
        files = sorted(str(p) for p in Path(args.corpus).rglob("*.bpmn"))
    if args.limit:
        files = files[:args.limit]
    jobs = [(f, args.cases, args.timeout) for f in files]
    started = time.perf_counter()
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=50) as pool:
            results = list(pool.imap(run_one, jobs, chunksize=4))
    else:
        results = [run_one(j) for j in jobs]
    elapsed = time.perf_counter() - started
    by_code = collections.Counter(str(r["code"]) for r in results)
    total = len(results)
    ran = by_code.get("0", 0) + by_code.get("1", 0)
    print(f"maps: {total}  wall time: {elapsed:.0f} s with {args.jobs} worker(s)")
    for code in sorted(by_code):
        print(f"  exit {code}: {by_code[code]}")
    if total:
        print(f"simulated (exit 0 or 1): {ran} of {total} = {100.0 * ran / total:.1f}%")
    reasons = collections.Counter(r["reason"][:140] for r in results if r["code"] not in (0, 1))
    if reasons:
        print("not simulated, by reason:")
        for text, n in reasons.most_common(40):
            print(f"  {n:4d}  {text}")
    assumed = collections.Counter()
    for r in results:
        for c in set(r["codes"]):
            if c.startswith(ASSUMPTION_PREFIXES):
                assumed[c] += 1
    if assumed:
        print("maps with each assumption finding:")
        for c, n in sorted(assumed.items()):
            print(f"  {n:4d}  {c}")
    if args.list:
        for r in results:
            if args.list == "all" or (args.list == "refused" and r["code"] not in (0, 1)) \
                    or (args.list == "internal" and r["code"] in ("internal", "timeout")):
                print(f"{r['code']}\t{r['file']}\t{r['reason'][:160]}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
