"""``ppb dokumen peta``: the Peta Proses Bisnis document of a map set.

    ppb dokumen peta FOLDER|ZIP|FILE... [--rencana PLAN] -f docx|pdf|html -o OUT
                     [--judul "..."] [--instrumen keputusan|peraturan] [--opd SINGKATAN]
                     [--nomor N] [--tanggal T] [--pendahuluan FILE.yaml] [--kaskade]
                     [--kertas a4|f4] [--timpa]

Registered by :mod:`.cli`. Exit codes: 0 written (warnings on stderr), 2 nothing written.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

EXIT_OK = 0


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "peta", help="dokumen Peta Proses Bisnis (PermenPANRB 19/2018) dari satu set peta",
        description="Membuat dokumen Peta Proses Bisnis yang ditetapkan: Keputusan atau Peraturan "
                    "Wali Kota/Bupati (atau Keputusan Kepala OPD dengan --opd) beserta Lampiran: "
                    "daftar isi, pendahuluan, Peta Level 0 dan daftar prosesnya (SIPOC), peta "
                    "setiap OPD (Level 1, Peta Relasi, Peta Lintas Fungsi) dengan SOP turunannya, "
                    "daftar SOP, indeks kode, dan bila diminta kaskade sasaran ke proses. Diagram "
                    "digambar dengan bpmn-js di Chromium tanpa layar.")
    p.add_argument("paths", nargs="+", metavar="PETA", help="folder, .zip, atau berkas .bpmn")
    p.add_argument("--rencana", metavar="RENCANA",
                   help="rencana RPJMD/Renstra (.yaml, .json, .xlsx): periode RPJMD pada judul, "
                        "sasaran pada daftar proses, kaskade")
    p.add_argument("-f", "--format", choices=["docx", "pdf", "html"], default="docx",
                   help="format dokumen: docx (bawaan), pdf (melalui LibreOffice), html (tampilan cetak)")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="berkas tujuan")
    p.add_argument("--judul", default="", help="judul dokumen (bawaan: Peta Proses Bisnis "
                                              "Pemerintah ... Tahun <periode RPJMD>)")
    p.add_argument("--instrumen", choices=["keputusan", "peraturan"], default="keputusan",
                   help="bentuk penetapan: keputusan (bawaan) atau peraturan kepala daerah")
    p.add_argument("--opd", metavar="SINGKATAN",
                   help="dokumen satu OPD saja (singkatan pada rencana atau nama instansi), "
                        "ditetapkan dengan Keputusan Kepala OPD")
    p.add_argument("--nomor", default="", help="nomor penetapan; tanpa nomor dokumen bertanda DRAF")
    p.add_argument("--tanggal", default="", help="tanggal penetapan (mis. 2025-12-15)")
    p.add_argument("--pendahuluan", metavar="BERKAS",
                   help="teks pendahuluan milik Pemda (.yaml/.json: dasar_hukum, maksud, tujuan, "
                        "ruang_lingkup); bawaan: teks templat")
    p.add_argument("--kaskade", action="store_true",
                   help="lampirkan kaskade sasaran RPJMD -> sasaran Renstra -> proses (perlu --rencana)")
    p.add_argument("--kertas", choices=["a4", "f4"], default="a4",
                   help="ukuran kertas: a4 (bawaan) atau f4 (215 x 330 mm)")
    p.add_argument("--templat", metavar="DOCX",
                   help="templat DOCX milik Pemda (kop surat di header, logo, font dan gaya); "
                        "dipakai untuk docx dan pdf")
    p.add_argument("--timpa", dest="overwrite", action="store_true", help="timpa berkas yang sudah ada")
    return p


def run(args: argparse.Namespace) -> int:
    from .peta import build_peta, load_pendahuluan, render_peta
    from .sop import DocumentError

    started = time.monotonic()
    out = Path(args.output)
    if out.exists() and not args.overwrite:
        return _fail(f"berkas {out} sudah ada; gunakan --timpa untuk menimpanya.")
    for path in args.paths:
        if not Path(path).exists():
            return _fail(f"{path} tidak ditemukan. [DOKUMEN_BERKAS_TIDAK_ADA]")
    from .cli import deliver, read_template

    template, problem = read_template(args)
    if problem:
        return _fail(problem)
    plan = None
    if args.rencana:
        from ..plan import PlanError, load_plan
        try:
            plan = load_plan(args.rencana)
        except PlanError as exc:
            return _fail(f"rencana {args.rencana} tidak dapat dipakai: {exc.message} [{exc.code}]")
    try:
        pendahuluan = load_pendahuluan(args.pendahuluan) if args.pendahuluan else None
        doc = build_peta(args.paths, plan=plan, instrumen=args.instrumen, opd=args.opd or "",
                         title=args.judul, paper=args.kertas, nomor=args.nomor,
                         tanggal=args.tanggal, pendahuluan=pendahuluan, kaskade=args.kaskade)
        data = render_peta(doc, args.format, template=template)
    except DocumentError as exc:
        return _fail(f"{exc.message} [{exc.code}]")
    problem = deliver(out, data, doc.warnings)
    if problem:
        return _fail(problem)
    sys.stderr.write(f"ppb: dokumen Peta Proses Bisnis ({len(doc.maps)} peta, {len(doc.sops)} SOP) "
                     f"ditulis ke {out} dalam {time.monotonic() - started:.1f} detik\n")
    return EXIT_OK


def _fail(message: str) -> int:
    from .cli import _fail as fail

    return fail(message)
