"""``ppb dokumen``: the documents the Pemda enacts, made from the maps.

    ppb dokumen sop FILE... -f docx|pdf|html -o OUT [--kertas a4|f4] [--judul "..."]
                            [--logo LOGO.png] [--templat KOP.docx]
                            [--nomor-keputusan N] [--tanggal-keputusan T]

FILE: SOP maps, folders or zips (every SOP map in them goes into one document).
Exit codes: 0 written (warnings on stderr), 2 nothing written (the reason on stderr).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2
_SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html"}


def add_parser(subparsers) -> argparse.ArgumentParser:
    d = subparsers.add_parser(
        "dokumen", help="membuat dokumen dari peta: SOP AP (PermenPANRB 35/2012) dan Peta Proses Bisnis",
        description="Membuat dokumen yang ditetapkan Pemda/OPD dari peta proses bisnis.")
    sub = d.add_subparsers(dest="dokumen_command", metavar="JENIS")
    s = sub.add_parser(
        "sop", help="dokumen SOP AP (PermenPANRB 35/2012) dari peta SOP",
        description="Membuat dokumen SOP AP: sampul, keputusan penetapan, daftar isi, penjelasan "
                    "singkat penggunaan, lalu untuk setiap SOP halaman identitas dan bagan alir "
                    "prosedur dengan mutu baku. Satu berkas SOP, beberapa berkas, atau folder/zip "
                    "berisi semua SOP satu OPD menjadi satu dokumen.")
    s.add_argument("paths", nargs="+", metavar="FILE", help="peta SOP (.bpmn), folder, atau .zip")
    s.add_argument("-f", "--format", choices=list(_SUFFIX), default="docx",
                   help="format dokumen: docx (bawaan), pdf (melalui LibreOffice), html (tampilan cetak)")
    s.add_argument("-o", "--output", metavar="OUT", required=True, help="berkas tujuan")
    s.add_argument("--kertas", choices=["a4", "f4"], default="a4",
                   help="ukuran kertas: a4 (bawaan) atau f4 (215 x 330 mm)")
    s.add_argument("--judul", default="", help="judul dokumen (bawaan: nama SOP bila hanya satu)")
    s.add_argument("--logo", metavar="GAMBAR", help="logo instansi (.png atau .jpg)")
    s.add_argument("--templat", metavar="DOCX",
                   help="templat DOCX milik Pemda (kop surat di header, logo, font dan gaya); "
                        "isinya diabaikan, gaya, header/footer dan marginnya dipakai")
    s.add_argument("--nomor-keputusan", default="",
                   help="nomor keputusan penetapan; tanpa nomor dokumen bertanda DRAF")
    s.add_argument("--tanggal-keputusan", default="", help="tanggal keputusan penetapan")
    s.add_argument("--timpa", dest="overwrite", action="store_true", help="timpa berkas yang sudah ada")
    from .peta_cli import add_parser as add_peta_parser   # ppb dokumen peta (peta_cli.py)
    add_peta_parser(sub)
    d.set_defaults(_dokumen_parser=d)
    return d


def run(args: argparse.Namespace) -> int:
    if getattr(args, "dokumen_command", None) == "peta":
        from .peta_cli import run as run_peta
        return run_peta(args)
    if getattr(args, "dokumen_command", None) != "sop":
        args._dokumen_parser.print_help(sys.stderr)
        return EXIT_USAGE
    from . import DocumentError, render, sop_document

    out = Path(args.output)
    if out.exists() and not args.overwrite:
        return _fail(f"berkas {out} sudah ada; gunakan --timpa untuk menimpanya.")
    logo = None
    if args.logo:
        try:
            logo = Path(args.logo).read_bytes()
        except OSError as exc:
            return _fail(f"logo {args.logo} tidak dapat dibaca: {exc.strerror or exc}.")
    template, problem = read_template(args)
    if problem:
        return _fail(problem)
    try:
        doc = sop_document(args.paths, paper=args.kertas, title=args.judul, logo=logo,
                           keputusan_nomor=args.nomor_keputusan,
                           keputusan_tanggal=args.tanggal_keputusan)
        data = render(doc, args.format, template=template)
    except DocumentError as exc:
        return _fail(f"{exc.message} [{exc.code}]")
    problem = deliver(out, data, doc.warnings)
    if problem:
        return _fail(problem)
    pages = sum(1 + len(f.pages) for f in doc.forms)
    sys.stderr.write(f"ppb: dokumen SOP ({len(doc.forms)} SOP, {pages} halaman formulir) "
                     f"ditulis ke {out}\n")
    return EXIT_OK


def deliver(out: Path, data: bytes, warnings) -> str | None:  # noqa: ANN001
    """Print the document's warnings and write it to ``out``; the problem, if it cannot."""
    for w in warnings:
        sys.stderr.write(f"ppb: peringatan: {w.message} [{w.code}]\n")
    try:
        out.write_bytes(data)
    except OSError as exc:
        return f"berkas {out} tidak dapat ditulis: {exc.strerror or exc}."
    return None


def read_template(args: argparse.Namespace) -> tuple[bytes | None, str | None]:
    """The Pemda's DOCX given by ``--templat`` (None without one), or the problem reading it.
    Warns when the format does not use it (html)."""
    if not getattr(args, "templat", None):
        return None, None
    try:
        template = Path(args.templat).read_bytes()
    except OSError as exc:
        return None, f"templat {args.templat} tidak dapat dibaca: {exc.strerror or exc}."
    if args.format == "html":
        sys.stderr.write("ppb: peringatan: --templat hanya dipakai untuk format docx dan pdf.\n")
    return template, None


def _fail(message: str) -> int:
    sys.stderr.write(f"ppb: galat: {message}\n")
    return EXIT_USAGE
