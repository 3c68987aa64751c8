"""Benchmark: parse throughput over a corpus, and the corpus's complexity maxima.

Reads every ``*.bpmn`` under ``--corpus`` into memory once, then times
``validator.parser.parse_bytes`` over all of them, ``--repeat`` rounds. With
``--baseline REV`` the parser module as it was at git revision REV is loaded beside the
current one (same package, so it shares the model and type tables) and the rounds are
interleaved, so a busy machine blurs both measures alike. Times are CPU seconds of this
process (``time.process_time``); the table gives files/s from the best and the median
round. It also prints, for the corpus, the maxima the parser limits are checked against
(attributes on one element, namespace declarations in one file, nesting depth, elements
in one file, bytes in one text node), so the defaults can be compared with real files.

    .venv/bin/python benchmarks/bench_parser.py --corpus ../shared/corpus/miwg \
        [--repeat 7] [--baseline HEAD~1]
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

import validator  # noqa: E402
from validator import parser as current  # noqa: E402
from validator.errors import BpmnReadError  # noqa: E402


def load_baseline(rev: str) -> types.ModuleType:
    """The parser module at git revision ``rev``, imported inside the ``validator`` package."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:validator/parser.py"],
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("validator._parser_baseline")
    module.__package__ = "validator"
    module.__file__ = f"<{rev}:validator/parser.py>"
    sys.modules[module.__name__] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - our own file
    return module


def one_round(parse, datas: list[bytes]) -> tuple[float, int]:
    refused = 0
    start = time.process_time()
    for data in datas:
        try:
            parse(data)
        except Exception:  # noqa: BLE001 - the baseline raises its own BpmnReadError class
            refused += 1
    return time.process_time() - start, refused


def maxima(datas: list[bytes]) -> dict[str, int]:
    """Exact maxima over the corpus, by one event walk per file. ``namespaces`` counts
    different declarations (prefix, URI), as the limit does; ``declarations`` all of them
    (some tools repeat the same ones on every element)."""
    out = {"attributes": 0, "namespaces": 0, "declarations": 0, "depth": 0, "elements": 0,
           "text_bytes": 0}
    for data in datas:
        ns = elements = depth = deepest = 0
        distinct = set()
        try:
            for event, item in etree.iterparse(io.BytesIO(data), events=("start", "end", "start-ns"),
                                               resolve_entities=False, no_network=True,
                                               load_dtd=False, remove_comments=True,
                                               remove_pis=True):
                if event == "start-ns":
                    ns += 1
                    distinct.add(item)
                elif event == "start":
                    elements += 1
                    depth += 1
                    deepest = max(deepest, depth)
                    out["attributes"] = max(out["attributes"], len(item.attrib))
                    for value in item.values():
                        out["text_bytes"] = max(out["text_bytes"], len(value.encode("utf-8")))
                else:
                    depth -= 1
                    for text in (item.text, item.tail):
                        if text:
                            out["text_bytes"] = max(out["text_bytes"], len(text.encode("utf-8")))
        except etree.XMLSyntaxError:
            pass
        out["namespaces"] = max(out["namespaces"], len(distinct))
        out["declarations"] = max(out["declarations"], ns)
        out["depth"] = max(out["depth"], deepest)
        out["elements"] = max(out["elements"], elements)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "miwg"))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--baseline", help="git revision whose parser is timed beside the current one")
    args = ap.parse_args(argv)

    files = sorted(Path(args.corpus).rglob("*.bpmn"))
    if not files:
        print(f"no .bpmn files under {args.corpus}", file=sys.stderr)
        return 2
    datas = [f.read_bytes() for f in files]
    size = sum(map(len, datas))
    print(f"corpus: {len(datas)} files, {size / 1e6:.1f} MB; validator {validator.__version__}")

    parsers = {"current": current.parse_bytes}
    if args.baseline:
        parsers = {f"baseline {args.baseline}": load_baseline(args.baseline).parse_bytes,
                   **parsers}
    times: dict[str, list[float]] = {name: [] for name in parsers}
    refused: dict[str, int] = {}
    for parse in parsers.values():  # warm-up: imports, caches
        one_round(parse, datas)
    for _ in range(args.repeat):
        for name, parse in parsers.items():
            spent, refused[name] = one_round(parse, datas)
            times[name].append(spent)

    print(f"{'parser':<24} {'best s':>8} {'median s':>9} {'files/s best':>13} "
          f"{'files/s median':>15} {'refused':>8}")
    for name, spent in times.items():
        best, median = min(spent), statistics.median(spent)
        print(f"{name:<24} {best:8.3f} {median:9.3f} {len(datas) / best:13.0f} "
              f"{len(datas) / median:15.0f} {refused[name]:8d}")
    if args.baseline:
        base, cur = (statistics.median(times[n]) for n in parsers)
        print(f"current / baseline throughput (median): {base / cur:.3f}")

    limits = current.ParseLimits.from_env() if hasattr(current, "ParseLimits") else None
    print("corpus maxima:")
    for key, value in maxima(datas).items():
        limit = getattr(limits, key, None) if limits else None
        print(f"  {key:<11} {value:>9,}" + (f"   (limit {limit:,})" if limit else ""))
    for f, data in zip(files, datas):  # a real file refused for complexity would show here
        try:
            current.parse_bytes(data)
        except BpmnReadError as exc:
            if exc.code == "TOO_COMPLEX":
                print(f"  TOO_COMPLEX: {f}: {exc.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
