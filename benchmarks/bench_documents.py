"""Benchmark: the SOP AP document (issue #14: a 20-activity SOP as DOCX in under 2 s).

Builds a 20-activity SOP map over 5 pelaksana with a decision every 4 activities (the map
the document tests use, tests/documents/sopmaps.py), then times parse -> document model ->
DOCX (``ppb dokumen sop -f docx`` without the process start) ``--repeat`` times after one
warm-up, printing the median and the worst wall time and CPU time; with ``--pdf`` also one
DOCX -> PDF conversion through LibreOffice headless.

    .venv/bin/python benchmarks/bench_documents.py [--activities 20] [--repeat 5] [--pdf]
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "documents"))

from sopmaps import sop_map  # noqa: E402

from validator.documents.docx_writer import write_docx  # noqa: E402
from validator.documents.sop import build_document, build_form  # noqa: E402
from validator.parser import parse_bytes  # noqa: E402


def one(data: bytes) -> tuple[float, float, bytes]:
    wall, cpu = time.perf_counter(), time.process_time()
    form = build_form(parse_bytes(data, "bench.bpmn"), "bench.bpmn")
    buf = io.BytesIO()
    write_docx(build_document([form]), buf)
    return time.perf_counter() - wall, time.process_time() - cpu, buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--activities", type=int, default=20)
    ap.add_argument("--lanes", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pdf", action="store_true", help="also time one LibreOffice conversion")
    args = ap.parse_args()
    data = sop_map(n=args.activities, lanes=args.lanes)
    one(data)  # warm-up: imports, fonts
    runs = [one(data) for _ in range(args.repeat)]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    size = len(runs[-1][2])
    print(f"SOP {args.activities} kegiatan, {args.lanes} pelaksana -> DOCX ({size / 1024:.0f} KB): "
          f"median {statistics.median(walls):.3f} s, terburuk {max(walls):.3f} s "
          f"(CPU median {statistics.median(cpus):.3f} s) dari {args.repeat} kali")
    if args.pdf:
        from validator.documents.pdf import docx_to_pdf
        t = time.perf_counter()
        pdf = docx_to_pdf(runs[-1][2])
        print(f"DOCX -> PDF (LibreOffice headless): {time.perf_counter() - t:.2f} s, {len(pdf) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
