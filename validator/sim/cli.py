"""``ppb simulate`` and ``ppb banding``: the simulation on the command line.

Exit codes: 0 done, 1 done but some cases never finished (deadlock) or were stopped at
the per-case step limit (``--maks-langkah``; the numbers are then not complete), 2 the map
or the options cannot be used. Before running, the estimated cost (cases x replications x
expected steps per case, see :mod:`.budget`) is written to standard error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import SimulationError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "html", "xlsx")
DEFAULT_REPLICATIONS, DEFAULT_SEED = 5, 1


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", "-n", type=int, default=1000, metavar="N",
                   help="jumlah kasus per replikasi (bawaan 1000)")
    p.add_argument("--replications", "-r", type=int, default=None, metavar="R",
                   help="jumlah replikasi; replikasi ke-r memakai benih S+r (bawaan: skenario "
                        "BPSim di berkas, atau 5)")
    p.add_argument("--seed", "-s", type=int, default=None, metavar="S",
                   help="benih acak (bawaan: skenario BPSim di berkas, atau 1)")
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
                   help="format hasil: text, json (waktu dalam menit), html (halaman mandiri dengan "
                        "grafik dan peta panas), xlsx (perlu --output)")
    p.add_argument("--output", "-o", metavar="F", help="tulis hasil ke berkas F")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="bahasa pesan (bawaan id)")
    p.add_argument("--maks-langkah", type=int, default=None, metavar="N", dest="max_steps",
                   help="batas langkah (elemen yang dilalui) per kasus; kasus yang melampauinya "
                        "dihentikan dan hasil ditandai tidak lengkap (bawaan: "
                        "PPB_SIM_MAX_STEPS_PER_CASE, atau 10000)")
    p.add_argument("--set", metavar="FOLDER|ZIP", dest="set_paths",
                   help="folder atau zip berisi peta lain tempat proses yang dipanggil call "
                        "activity didefinisikan")


def _eventlog_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--eventlog", metavar="F.csv|F.xes",
                   help="tulis log peristiwa (satu baris per aktivitas) untuk alat process mining: "
                        "CSV, atau XES (IEEE 1849) bila berakhiran .xes")
    p.add_argument("--eventlog-mulai", metavar="TANGGAL", dest="eventlog_start",
                   help="tanggal dan jam awal log peristiwa, mis. 2025-01-06 atau "
                        "2025-01-06T07:30 (bawaan: awal kalender kerja)")


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
    _eventlog_args(s)
    s.add_argument("--tambah-petugas", metavar="LANE[=N]", dest="whatif_lane",
                   help="andaikan: lane LANE (id) mendapat N petugas lagi (bawaan 1); peta "
                        "disimulasikan apa adanya dan dengan perubahan ini, benih yang sama, lalu "
                        "dibandingkan berdampingan")
    s.add_argument("--percepat", metavar="AKTIVITAS[=PERSEN]", dest="whatif_activity",
                   help="andaikan: aktivitas AKTIVITAS (id) PERSEN persen lebih cepat (bawaan 20, "
                        "1-90); dapat digabung dengan --tambah-petugas")
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

    replications, seed = args.replications, args.seed
    if replications is None or seed is None:  # a BPSim scenario in the file gives defaults
        from .bpsim import scenario_settings
        files = [args.file] if args.command == "simulate" else [args.asis]
        bp_reps, bp_seed = scenario_settings(files[0]) if Path(files[0]).is_file() else (None, None)
        replications = replications if replications is not None else (bp_reps or DEFAULT_REPLICATIONS)
        seed = seed if seed is not None else (bp_seed if bp_seed is not None else DEFAULT_SEED)
    scenario = Scenario(cases=args.cases, replications=replications, seed=seed,
                        warmup=args.warmup,
                        default_kind="fixed" if args.mutu == "tetap" else "exponential",
                        max_steps_per_case=getattr(args, "max_steps", None))
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
    if args.format == "xlsx" and not args.output:
        sys.stderr.write("ppb: format xlsx memerlukan --output BERKAS.xlsx\n" if args.lang != "en"
                         else "ppb: the xlsx format needs --output FILE.xlsx\n")
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


def _write_xlsx(args: argparse.Namespace, save) -> int:
    try:
        save(args.output)
    except OSError as exc:
        sys.stderr.write(f"ppb: tidak dapat menulis hasil ke '{args.output}': {exc.strerror or exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def _eventlog_start(args: argparse.Namespace):
    import datetime as dt
    raw = getattr(args, "eventlog_start", None)
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise SimulationError("SIM-SCENARIO", detail=f"tanggal awal log peristiwa '{raw}' tidak "
                              "terbaca (tulis mis. 2025-01-06 atau 2025-01-06T07:30)") from None


def _simulate(args: argparse.Namespace, scenario) -> int:
    from . import simulate
    from .report import render_text

    eventlog_path = getattr(args, "eventlog", None)
    start = _eventlog_start(args)
    if eventlog_path and Path(eventlog_path).suffix.lower() not in (".csv", ".xes"):
        raise SimulationError("SIM-SCENARIO", detail=f"log peristiwa '{eventlog_path}' harus "
                              "berakhiran .csv atau .xes")
    what = _whatif_from_args(args)
    if what is not None:
        return _whatif(args, scenario, what)
    loaded = _estimated(args, args.file, scenario)
    result = simulate(args.file, scenario, engine=args.engine, set_paths=args.set_paths,
                      keep_runs=bool(eventlog_path) or args.format == "html", loaded=loaded)
    if args.format == "xlsx":
        from . import xlsx
        code = _write_xlsx(args, lambda path: xlsx.write(result, path, args.lang))
    else:
        if args.format == "json":
            text = json.dumps(result.as_dict(args.lang), ensure_ascii=False, indent=2) + "\n"
        elif args.format == "html":
            from .html import render
            text = render(result, _read_bytes(args.file), args.lang)
        else:
            text = render_text(result, args.lang)
        code = _write(args, text)
    if code:
        return code
    if eventlog_path:
        from . import eventlog
        try:
            note = eventlog.write(result, eventlog_path, start, args.lang)
        except OSError as exc:
            sys.stderr.write(f"ppb: tidak dapat menulis log peristiwa ke '{eventlog_path}': "
                             f"{exc.strerror or exc}\n")
            return EXIT_USAGE
        sys.stderr.write(f"ppb: {note}\n")
    unfinished = sum(r.unfinished for r in result.reps)
    unstable = any(f.code == "SIM-TIDAK-STABIL" for f in result.findings)
    return EXIT_FINDINGS if unfinished or result.cut or unstable else EXIT_OK


def _whatif_from_args(args: argparse.Namespace):  # noqa: ANN202
    """The what-if of ``--tambah-petugas`` / ``--percepat`` (None when neither is given)."""
    from .whatif import WhatIf

    lane_arg = getattr(args, "whatif_lane", None)
    act_arg = getattr(args, "whatif_activity", None)
    if not lane_arg and not act_arg:
        return None
    lane, extra, activity, percent = None, 1, None, 20.0
    try:
        if lane_arg:
            lane, _, n = lane_arg.partition("=")
            extra = int(n) if n.strip() else 1
        if act_arg:
            activity, _, pct = act_arg.partition("=")
            percent = float(pct.replace(",", ".").rstrip("%")) if pct.strip() else 20.0
    except ValueError:
        raise SimulationError("SIM-SCENARIO", detail="tulis --tambah-petugas LANE=1 dan "
                              "--percepat AKTIVITAS=20 (bilangan)") from None
    return WhatIf(lane.strip() if lane else None, extra,
                  activity.strip() if activity else None, percent)


def _whatif(args: argparse.Namespace, scenario, what) -> int:  # noqa: ANN001
    """``ppb simulate --tambah-petugas/--percepat``: the map as it is and with the change,
    the same scenario and seeds, compared as ``ppb banding`` compares two maps."""
    from . import simulate
    from .loader import load
    from .whatif import apply, describe

    base = simulate(args.file, scenario, engine=args.engine, set_paths=args.set_paths,
                    loaded=_estimated(args, args.file, scenario))
    loaded = load(args.file, scenario, set_paths=args.set_paths)
    text = describe(what, loaded.params, args.lang)
    apply(what, loaded)
    changed = simulate(args.file, scenario, engine=args.engine, set_paths=args.set_paths,
                       loaded=loaded)
    changed.path = f"{args.file} ({'what if' if args.lang == 'en' else 'andaikan'}: {text})"
    return _write_comparison(args, base, changed, {"whatIf": {**what.as_dict(), "description": text}})


def _estimated(args: argparse.Namespace, path: str, scenario):  # noqa: ANN202
    """The map read once for simulation, its estimated cost written to standard error."""
    from .budget import estimate
    from .loader import load

    loaded = load(path, scenario, set_paths=args.set_paths)
    cost = estimate(loaded, scenario, engine=args.engine)
    sys.stderr.write(f"ppb: {Path(path).name}: {cost.describe(args.lang)}\n")
    return loaded


def _banding(args: argparse.Namespace, scenario) -> int:
    from . import simulate

    asis = simulate(args.asis, scenario, engine=args.engine, set_paths=args.set_paths,
                    loaded=_estimated(args, args.asis, scenario))
    tobe = simulate(args.tobe, scenario, engine=args.engine, set_paths=args.set_paths,
                    loaded=_estimated(args, args.tobe, scenario))
    return _write_comparison(args, asis, tobe)


def _write_comparison(args: argparse.Namespace, asis, tobe, extra: dict | None = None) -> int:  # noqa: ANN001
    """Two results side by side (``ppb banding``, a what-if) in the format asked for; ``extra``
    goes into the JSON."""
    from . import compare
    from .report import render_comparison

    data = compare(asis, tobe)
    if args.format == "xlsx":
        from . import xlsx
        return _write_xlsx(args, lambda path: xlsx.write_comparison(data, path, args.lang))
    if args.format == "html":
        from .html import render_comparison as render_html
        return _write(args, render_html(data, asis, tobe, args.lang))
    if args.format == "json":
        data.update(extra or {})
        data["findings"] = {"asis": [f.as_dict(args.lang) for f in asis.findings],
                            "tobe": [f.as_dict(args.lang) for f in tobe.findings]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_comparison(data, asis, tobe, args.lang)
    return _write(args, text)


def _read_bytes(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None
