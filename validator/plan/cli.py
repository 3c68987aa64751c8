"""``ppb rencana``: the plan workbook template, checking a plan file, exporting a plan.

    ppb rencana template [-o FILE] [--timpa]        the XLSX template (rencana-template.xlsx)
    ppb rencana periksa FILE [--lang id|en]          load a plan (.yaml/.json/.xlsx), check its
                                                     references and targets, summarise
    ppb rencana ekspor FILE -o OUT [--timpa]         write it as .xlsx, .yaml or .json

Exit codes: 0 done; 2 a plan with problems, a file that cannot be read or written, or a
command used wrongly. :func:`plan_to_dict` (Plan -> the dict shape the loader reads) lives here
because only the YAML/JSON export needs it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_TEMPLATE = "rencana-template.xlsx"
EXPORT_SUFFIXES = (".xlsx", ".yaml", ".yml", ".json")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``rencana`` with its subcommands to the ``ppb`` subparsers."""
    r = subparsers.add_parser(
        "rencana", help="rencana (RPJMD, Renstra, organisasi): templat XLSX, periksa, ekspor",
        description="Rencana acuan peta: RPJMD, Renstra per OPD dan master organisasi, dalam "
                    "YAML, JSON atau lembar kerja XLSX (tata letak tabel T-C.25/26/27).")
    sub = r.add_subparsers(dest="rencana_command", metavar="PERINTAH")
    t = sub.add_parser("template", help="menulis templat lembar kerja rencana (.xlsx)",
                       description="Menulis templat XLSX: judul kolom, contoh baris ILUSTRATIF "
                                   "dan lembar Petunjuk.")
    t.add_argument("-o", "--output", metavar="FILE", default=DEFAULT_TEMPLATE,
                   help=f"berkas tujuan (bawaan {DEFAULT_TEMPLATE})")
    t.add_argument("--timpa", "--force", dest="overwrite", action="store_true",
                   help="timpa berkas yang sudah ada")
    t.add_argument("--lang", choices=["id", "en"], default="id", help="bahasa pesan (bawaan: id)")
    p = sub.add_parser("periksa", help="memeriksa berkas rencana dan menampilkan ringkasannya",
                       description="Memuat rencana (.yaml, .json atau .xlsx); menampilkan "
                                   "ringkasan, atau setiap kesalahan dengan lembar, baris dan "
                                   "kolomnya (kode keluar 2).")
    p.add_argument("file", metavar="FILE", help="berkas rencana")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="bahasa pesan (bawaan: id)")
    e = sub.add_parser("ekspor", help="menulis rencana ke .xlsx, .yaml atau .json",
                       description="Memuat rencana lalu menulisnya dalam format menurut akhiran "
                                   "berkas tujuan: .xlsx, .yaml/.yml atau .json.")
    e.add_argument("file", metavar="FILE", help="berkas rencana sumber")
    e.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="berkas tujuan (.xlsx, .yaml, .yml atau .json)")
    e.add_argument("--timpa", "--force", dest="overwrite", action="store_true",
                   help="timpa berkas yang sudah ada")
    e.add_argument("--lang", choices=["id", "en"], default="id", help="bahasa pesan (bawaan: id)")
    r.set_defaults(_rencana_parser=r)
    return r


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "rencana_command", None)
    if command is None:
        args._rencana_parser.print_help()
        return EXIT_USAGE
    en = getattr(args, "lang", "id") == "en"
    if command == "template":
        return _template(args, en)
    if command == "periksa":
        return _check(args, en)
    return _export(args, en)


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str) -> int:
    sys.stderr.write(f"ppb: {text}\n")
    return EXIT_USAGE


def _refuse_overwrite(out: Path, args, en: bool) -> bool:
    if out.exists() and not args.overwrite:
        _fail(f"'{out}' already exists; add --timpa to overwrite it" if en else
              f"berkas '{out}' sudah ada; tambahkan --timpa untuk menimpanya")
        return True
    return False


def _write(out: Path, data: bytes | str, en: bool) -> bool:
    try:
        if isinstance(data, bytes):
            out.write_bytes(data)
        else:
            out.write_text(data, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write '{out}': {exc.strerror or exc}" if en else
              f"tidak dapat menulis '{out}': {exc.strerror or exc}")
        return False
    return True


def _template(args, en: bool) -> int:
    from .xlsx import template_bytes

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        return _fail("the template is an .xlsx file; name it e.g. rencana.xlsx" if en else
                     "templat berupa berkas .xlsx; beri nama mis. rencana.xlsx")
    if _refuse_overwrite(out, args, en) or not _write(out, template_bytes(), en):
        return EXIT_USAGE
    _say(f"Plan template written to {out}. Fill it in, then check it: ppb rencana periksa {out}"
         if en else f"Templat rencana ditulis ke {out}. Isi, lalu periksa dengan: "
                    f"ppb rencana periksa {out}")
    return EXIT_OK


def _load(path: str):
    from . import load_plan
    return load_plan(path)


def _check(args, en: bool) -> int:
    from .errors import PlanError

    from .integrity import with_reference_problems

    try:
        plan = _load(args.file)
    except PlanError as exc:
        exc = with_reference_problems(exc)
        _say(("Plan is NOT valid: " if en else "Rencana TIDAK sah: ") + Path(args.file).name)
        _say(exc.message_en if en else exc.message)
        return EXIT_USAGE
    from .integrity import check_plan

    check = check_plan(plan)   # references and targets, as the server checks before storing
    if check.errors:
        _say(("Plan is NOT valid: " if en else "Rencana TIDAK sah: ") + Path(args.file).name)
        n = len(check.errors)
        _say(f"The plan has {n} reference or target error(s)." if en else
             f"Rencana memuat {n} kesalahan rujukan atau target.")
        for p in check.errors:
            _say(f"- {p.text_en if en else p}")
        return EXIT_USAGE
    _say(("Plan is valid: " if en else "Rencana sah: ") + Path(args.file).name)
    _say(summary(plan, en))
    if check.warnings:
        _say("Warnings:" if en else "Peringatan:")
        for p in check.warnings:
            _say(f"- {p.text_en if en else p}")
    return EXIT_OK


def summary(plan, en: bool = False) -> str:
    """A short summary of a plan: pemda, RPJMD and the counts."""
    r = plan.rpjmd
    renstra_sasaran = sum(len(x.sasaran) for x in plan.renstra)
    renstra_program = sum(len(x.program) for x in plan.renstra)
    tujuan = len(r.tujuan) + sum(len(x.tujuan) for x in plan.renstra)
    if en:
        counts = (f"{len(r.misi)} misi, {tujuan} tujuan, {len(plan.all_sasaran)} sasaran "
                  f"({len(r.sasaran)} RPJMD, {renstra_sasaran} Renstra), "
                  f"{len(plan.all_indikator)} indikator, {len(r.program) + renstra_program} "
                  f"program ({len(r.program)} RPJMD, {renstra_program} Renstra), "
                  f"{len(plan.renstra)} Renstra, {len(plan.organisasi)} OPD")
        return (f"Pemda  : {plan.pemda.nama} ({plan.pemda.kode})\n"
                f"RPJMD  : {r.id}, period {r.periode[0]}-{r.periode[1]}\n"
                f"Counts : {counts}")
    counts = (f"{len(r.misi)} misi, {tujuan} tujuan, {len(plan.all_sasaran)} sasaran "
              f"({len(r.sasaran)} RPJMD, {renstra_sasaran} Renstra), "
              f"{len(plan.all_indikator)} indikator, {len(r.program) + renstra_program} program "
              f"({len(r.program)} RPJMD, {renstra_program} Renstra), "
              f"{len(plan.renstra)} Renstra, {len(plan.organisasi)} OPD")
    return (f"Pemda  : {plan.pemda.nama} ({plan.pemda.kode})\n"
            f"RPJMD  : {r.id}, periode {r.periode[0]}-{r.periode[1]}\n"
            f"Jumlah : {counts}")


def _export(args, en: bool) -> int:
    from .errors import PlanError

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        return _fail(f"unknown output format '{suffix or out.name}'; use .xlsx, .yaml or .json"
                     if en else f"format tujuan '{suffix or out.name}' tidak dikenal; gunakan "
                                ".xlsx, .yaml atau .json")
    try:
        plan = _load(args.file)
    except PlanError as exc:
        sys.stderr.write((exc.message_en if en else exc.message) + "\n")
        return EXIT_USAGE
    if suffix == ".xlsx":
        from .xlsx import plan_bytes
        data: bytes | str = plan_bytes(plan)
    elif suffix == ".json":
        data = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"
    else:
        data = dump_yaml(plan)
    if _refuse_overwrite(out, args, en) or not _write(out, data, en):
        return EXIT_USAGE
    _say(f"Plan written to {out}." if en else f"Rencana ditulis ke {out}.")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Plan -> the loader's dict shape

def plan_to_dict(plan) -> dict[str, Any]:
    """The plan in the dict shape :func:`validator.plan.build_plan` reads (YAML/JSON export);
    building it again gives an equal plan. Empty optional keys are left out."""
    def indikator(i) -> dict:
        d: dict[str, Any] = {"id": i.id, "nama": i.nama}
        if i.satuan:
            d["satuan"] = i.satuan
        if i.target:
            d["target"] = dict(i.target)
        return d

    def sasaran(s) -> dict:
        d: dict[str, Any] = {"id": s.id}
        if s.tujuan:
            d["tujuan"] = s.tujuan
        if s.sasaran_rpjmd:
            d["sasaranRpjmd"] = s.sasaran_rpjmd
        d["teks"] = s.teks
        if s.indikator:
            d["indikator"] = [indikator(i) for i in s.indikator]
        return d

    def tujuan(t) -> dict:
        d = {"id": t.id}
        if t.misi:
            d["misi"] = t.misi
        d["teks"] = t.teks
        return d

    def program(p) -> dict:
        d: dict[str, Any] = {"kode": p.kode, "nama": p.nama}
        if p.opd:
            d["opd"] = list(p.opd)
        if p.sasaran:
            d["sasaran"] = list(p.sasaran)
        if p.kegiatan:
            d["kegiatan"] = []
            for k in p.kegiatan:
                kd: dict[str, Any] = {"kode": k.kode, "nama": k.nama}
                if k.subkegiatan:
                    kd["subkegiatan"] = [{"kode": s.kode, "nama": s.nama} for s in k.subkegiatan]
                d["kegiatan"].append(kd)
        return d

    def renstra(r) -> dict:
        d: dict[str, Any] = {"id": r.id, "opd": r.opd}
        if r.periode:
            d["periode"] = list(r.periode)
        for key, items, fn in (("tujuan", r.tujuan, tujuan), ("sasaran", r.sasaran, sasaran),
                               ("program", r.program, program)):
            if items:
                d[key] = [fn(x) for x in items]
        return d

    r = plan.rpjmd
    rpjmd: dict[str, Any] = {"id": r.id, "periode": list(r.periode), "visi": r.visi,
                             "misi": [{"id": m.id, "teks": m.teks} for m in r.misi]}
    if r.tujuan:
        rpjmd["tujuan"] = [tujuan(t) for t in r.tujuan]
    rpjmd["sasaran"] = [sasaran(s) for s in r.sasaran]
    if r.program:
        rpjmd["program"] = [program(p) for p in r.program]
    doc: dict[str, Any] = {"pemda": {"nama": plan.pemda.nama, "kode": plan.pemda.kode},
                           "rpjmd": rpjmd}
    if plan.renstra:
        doc["renstra"] = [renstra(x) for x in plan.renstra]
    if plan.organisasi:
        doc["organisasi"] = []
        for o in plan.organisasi:
            od: dict[str, Any] = {"singkatan": o.singkatan, "kode": o.kode, "nama": o.nama}
            if o.unit:
                od["unit"] = list(o.unit)
            if o.jabatan:
                od["jabatan"] = list(o.jabatan)
            doc["organisasi"].append(od)
    return doc


def dump_yaml(plan) -> str:
    """The plan as YAML the loader reads back (no anchors/aliases, which it refuses)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    head = ("# Rencana (RPJMD, Renstra, organisasi) ditulis oleh 'ppb rencana ekspor'.\n"
            "# Format: validator/plan/rencana.schema.json\n")
    return head + yaml.dump(plan_to_dict(plan), Dumper=_Dumper, sort_keys=False,
                            allow_unicode=True, width=100)
