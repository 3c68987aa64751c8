"""``ppb simulate`` and ``ppb banding``: the simulation on the command line.

Exit codes: 0 done, 1 done but some cases never finished (deadlock) or the map was
simulated with findings of level error, 2 the map or the options cannot be used.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import SimulationError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "html", "xlsx")
NOT_YET = ("html", "xlsx")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", "-n", type=int, default=1000, metavar="N",
                   help="jumlah kasus per replikasi (bawaan 1000)")
    p.add_argument("--replications", "-r", type=int, default=5, metavar="R",
                   help="jumlah replikasi; replikasi ke-r memakai benih S+r (bawaan 5)")
    p.add_argument("--seed", "-s", type=int, default=1, metavar="S", help="benih acak (bawaan 1)")
    p.add_argument("--warmup", type=int, default=0, metavar="N",
                   help="kasus pemanasan yang tidak dihitung (bawaan 0)")
    p.add_argument("--engine", choices=["auto", "compiled", "reference"], default="auto",
                   help="mesin simulasi: auto (terkompilasi bila didukung), compiled, reference")
    p.add_argument("--distribusi-mutu", choices=["eksponensial", "tetap"], default="eksponensial",
                   dest="mutu", help="cara membaca ppb:mutuWaktu sebagai durasi (bawaan eksponensial)")
    p.add_argument("--kalender", metavar="NAMA|BERKAS",
                   help="kalender kerja: '24jam', 'pemda', atau berkas YAML/JSON (jam kerja, libur)")
    p.add_argument("--skenario", metavar="BERKAS",
                   help="perubahan what-if (YAML/JSON): durasi, kapasitas, peluang, kedatangan")
    p.add_argument("--format", "-f", choices=FORMATS, default="text",
                   help="format hasil: text, json (waktu dalam menit); html dan xlsx belum tersedia")
    p.add_argument("--output", "-o", metavar="F", help="tulis hasil ke berkas F")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="bahasa pesan (bawaan id)")


def add_parsers(subparsers) -> None:
    s = subparsers.add_parser(
        "simulate", help="mensimulasikan alur layanan sebuah peta (waktu, antrean, hambatan)",
        description="Mensimulasikan peta layanan: waktu siklus, waktu tunggu, pemanfaatan petugas "
                    "per lane, hambatan, dan kepatuhan pada standar pelayanan, dengan selang "
                    "kepercayaan 95% antar-replikasi. Parameter dibaca dari atribut ppb "
                    "(ppb:durasi, ppb:mutuWaktu, ppb:peluang, ppb:kapasitas, ppb:kedatangan, "
                    "ppb:kalender, ppb:standarWaktu).")
    s.add_argument("file", metavar="BERKAS", help="berkas .bpmn")
    _common(s)
    b = subparsers.add_parser(
        "banding", help="membandingkan dua peta (as-is dan to-be) dengan simulasi",
        description="Mensimulasikan peta as-is dan to-be dengan skenario dan benih yang sama, lalu "
                    "menampilkan selisih tiap indikator beserta selang kepercayaan 95%.")
    b.add_argument("asis", metavar="ASIS", help="peta kondisi saat ini (.bpmn)")
    b.add_argument("tobe", metavar="TOBE", help="peta rancangan baru (.bpmn)")
    _common(b)


def _load_data(path: str, what: str):
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SimulationError("SIM-SCENARIO", detail=f"berkas {what} '{path}' tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SimulationError("SIM-SCENARIO", detail=f"berkas {what} '{path}' tidak dapat dibaca "
                              f"({exc})") from None
    try:
        if p.suffix.lower() == ".json":
            return json.loads(text)
        import yaml
        return yaml.safe_load(text)
    except Exception as exc:  # noqa: BLE001 - a broken file is the user's input
        raise SimulationError("SIM-SCENARIO", detail=f"berkas {what} '{path}' rusak: "
                              f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def scenario_from_args(args: argparse.Namespace):
    from .params import Scenario, calendar_from_dict

    scenario = Scenario(cases=args.cases, replications=args.replications, seed=args.seed,
                        warmup=args.warmup,
                        default_kind="fixed" if args.mutu == "tetap" else "exponential")
    if args.kalender:
        if Path(args.kalender).suffix.lower() in (".yaml", ".yml", ".json"):
            cal = calendar_from_dict(_load_data(args.kalender, "kalender"))
            scenario.calendars[cal.name] = cal
            scenario.calendar = cal.name
        else:
            scenario.calendar = args.kalender
    if args.skenario:
        data = _load_data(args.skenario, "skenario")
        if not isinstance(data, dict):
            raise SimulationError("SIM-SCENARIO", detail="berkas skenario harus berupa pemetaan")
        scenario.overrides = data
    scenario.check()
    return scenario


def run(args: argparse.Namespace) -> int:
    if args.format in NOT_YET:
        sys.stderr.write(f"ppb: format {args.format} untuk hasil simulasi belum tersedia; "
                         "gunakan --format text atau --format json.\n")
        return EXIT_USAGE
    try:
        scenario = scenario_from_args(args)
        if args.command == "banding":
            return _banding(args, scenario)
        return _simulate(args, scenario)
    except SimulationError as exc:
        sys.stderr.write(f"ppb: {exc.finding.message(args.lang)}\n")
        return EXIT_USAGE


def _write(args: argparse.Namespace, text: str) -> int:
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            sys.stderr.write(f"ppb: tidak dapat menulis hasil ke '{args.output}': {exc.strerror}\n")
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _simulate(args: argparse.Namespace, scenario) -> int:
    from . import simulate
    from .report import render_text

    result = simulate(args.file, scenario, engine=args.engine)
    if args.format == "json":
        text = json.dumps(result.as_dict(args.lang), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_text(result, args.lang)
    code = _write(args, text)
    if code:
        return code
    unfinished = sum(r.unfinished for r in result.reps)
    return EXIT_FINDINGS if unfinished else EXIT_OK


def _banding(args: argparse.Namespace, scenario) -> int:
    from . import compare, simulate
    from .report import render_comparison

    asis = simulate(args.asis, scenario, engine=args.engine)
    tobe = simulate(args.tobe, scenario, engine=args.engine)
    data = compare(asis, tobe)
    if args.format == "json":
        data["findings"] = {"asis": [f.as_dict(args.lang) for f in asis.findings],
                            "tobe": [f.as_dict(args.lang) for f in tobe.findings]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_comparison(data, asis, tobe, args.lang)
    return _write(args, text)
