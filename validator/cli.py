"""Command line: ``ppb validate``, ``ppb rules``, ``ppb explain``, ``ppb serve``, ``ppb pengguna``
(accounts, :mod:`validator.web.users_cli`) and the
commands of :mod:`validator.plan.cli` (``ppb rencana``) and :mod:`validator.sim.cli`
(``ppb simulate``, ``ppb banding``).

Exit codes of ``ppb validate``: 0 no error findings, 1 error findings,
2 a file could not be read or the command was used wrongly.
"""
from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from . import __version__
from .catalog import CatalogError, load_catalog
from .config import Config, ConfigError, load_config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = (message.replace("the following arguments are required", "argumen berikut wajib diisi")
                   .replace("invalid choice", "pilihan tidak dikenal")
                   .replace("choose from", "pilih dari")
                   .replace("unrecognized arguments", "argumen tidak dikenal")
                   .replace("expected one argument", "memerlukan satu nilai"))
        self.print_usage(sys.stderr)
        sys.stderr.write(f"ppb: galat: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _build_parser(only_validate: bool = False) -> argparse.ArgumentParser:
    """The command line. ``only_validate``: just the ``validate`` command, for a run of it
    (the other commands import the server, the simulation and the plan packages: seconds
    on a busy machine that a folder check would pay for nothing)."""
    p = _Parser(prog="ppb", description="Validator Peta Proses Bisnis (PermenPANRB 19/2018, "
                "SOP AP PermenPANRB 35/2012, aturan struktural BPMN).")
    p.add_argument("--version", action="version", version=f"ppb-validator {__version__}")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)

    v = sub.add_parser("validate", help="memeriksa berkas BPMN atau folder berisi peta",
                       description="Memeriksa satu atau lebih berkas BPMN. Folder, zip, atau "
                                   "beberapa berkas diperiksa sebagai satu set peta: selain aturan "
                                   "per berkas, juga aturan antarpeta (jenjang induk-anak, kode unik) "
                                   "dan, dengan --rencana, keselarasan dengan RPJMD/Renstra.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="berkas .bpmn, folder, atau berkas .zip")
    v.add_argument("--rencana", "-r", metavar="F",
                   help="rencana (RPJMD, Renstra, master organisasi) dalam YAML/JSON/XLSX; "
                        "menjalankan aturan keselarasan PPB-ALN")
    v.add_argument("--no-set", action="store_true",
                   help="periksa setiap berkas sendiri-sendiri, tanpa aturan antarpeta")
    v.add_argument("--config", "-c", metavar="F", help="berkas konfigurasi (YAML/JSON) atau .bpmnlintrc")
    v.add_argument("--profile", "-p", metavar="P", help="profil aturan (lihat 'ppb rules --profiles')")
    v.add_argument("--format", "-f", choices=["text", "json", "html", "xlsx", "sarif"], default="text",
                   help="format laporan: text, json, html (diagram dan temuan dalam satu berkas), "
                        "xlsx (lembar kerja; perlu -o), sarif (untuk CI)")
    v.add_argument("--output", "-o", metavar="F", help="tulis laporan ke berkas F")
    v.add_argument("--lang", choices=["id", "en"], default=None, help="bahasa pesan (bawaan: id)")
    v.add_argument("--quiet", "-q", action="store_true", help="tanpa bilah kemajuan")
    v.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="jumlah proses paralel untuk banyak berkas (bawaan 0 = semua inti CPU)")
    if only_validate:
        return p

    r = sub.add_parser("rules", help="daftar aturan", description="Menampilkan daftar aturan.")
    r.add_argument("--profiles", action="store_true", help="tampilkan daftar profil")
    r.add_argument("--profile", "-p", metavar="P", help="tingkat aturan menurut profil P")
    r.add_argument("--format", "-f", choices=["text", "json"], default="text")
    r.add_argument("--lang", choices=["id", "en"], default="id")

    e = sub.add_parser("explain", help="penjelasan satu aturan",
                       description="Menampilkan deskripsi, sumber dan saran perbaikan sebuah aturan.")
    e.add_argument("rule_id", metavar="RULE-ID")
    e.add_argument("--lang", choices=["id", "en"], default="id")

    s = sub.add_parser("serve", help="menjalankan server validasi (halaman web dan API)",
                       description="Menjalankan server validasi: membuat/memperbarui basis data, "
                                   "mengisi data demo bila basis data kosong, lalu melayani halaman "
                                   "web dan API. Di Linux (dan Unix lain) server memakai gunicorn "
                                   "dengan beberapa proses pekerja (bawaan: sebanyak inti CPU; atur "
                                   "dengan --workers atau PPB_WORKERS) agar semua inti terpakai. Di "
                                   "Windows, atau bila --threads diberikan, server memakai waitress "
                                   "(satu proses dengan beberapa thread).")
    s.add_argument("--host", default="127.0.0.1", help="alamat yang didengarkan (bawaan 127.0.0.1)")
    s.add_argument("--port", type=int, default=5000, help="porta (bawaan 5000)")
    s.add_argument("--no-seed", action="store_true", help="jangan mengisi data demo")
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="jumlah proses pekerja gunicorn (bawaan: PPB_WORKERS, atau sebanyak inti "
                        "CPU); hanya di Linux/Unix")
    s.add_argument("--threads", type=int, default=None, metavar="N",
                   help="pakai waitress (satu proses) dengan N thread, bukan gunicorn; di Windows "
                        "waitress selalu dipakai (bawaan 8 thread)")
    s.add_argument("--izinkan-demo", action="store_true",
                   help="izinkan alamat selain loopback walau akun demo masih memakai kata sandi "
                        "demo (hanya untuk uji coba di jaringan tertutup)")
    from .plan.cli import add_parser as add_plan_parser
    from .sim.cli import add_parsers as add_simulation_parsers
    from .web.users_cli import add_parser as add_users_parser
    add_users_parser(sub)         # pengguna tambah | daftar | sandi | nonaktif | aktif | peran
    add_simulation_parsers(sub)   # simulate, banding
    add_plan_parser(sub)          # rencana template | periksa | ekspor
    from .documents.cli import add_parser as add_documents_parser
    add_documents_parser(sub)     # dokumen sop
    return p


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    parser = _build_parser(only_validate=bool(given) and given[0] == "validate")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        catalog = load_catalog()
    except CatalogError as exc:  # a broken installation, not the user's input
        sys.stderr.write(f"ppb: katalog aturan rusak: {exc}\n")
        return EXIT_USAGE
    try:
        if args.command in ("simulate", "banding"):
            from .sim.cli import run as run_simulation
            return run_simulation(args)
        if args.command == "rencana":
            from .plan.cli import run as run_plan
            return run_plan(args)
        if args.command == "validate":
            return _validate(args, catalog)
        if args.command == "rules":
            return _rules(args, catalog)
        if args.command == "serve":
            return _serve(args)
        if args.command == "pengguna":
            from .web.users_cli import run as run_users
            return run_users(args)
        if args.command == "dokumen":
            from .documents.cli import run as run_documents
            return run_documents(args)
        return _explain(args, catalog)
    except ConfigError as exc:
        sys.stderr.write(f"ppb: konfigurasi tidak valid: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\nppb: dihentikan oleh pengguna.\n")
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for the user
        sys.stderr.write(f"ppb: terjadi kesalahan internal ({type(exc).__name__}: {exc}); "
                         "mohon laporkan kepada pengembang.\n")
        return EXIT_USAGE


def _validate(args: argparse.Namespace, catalog) -> int:
    from .engine import Validator
    from .report import BINARY_FORMATS, render

    if args.format in BINARY_FORMATS and not args.output:
        sys.stderr.write(f"ppb: format {args.format} hanya dapat ditulis ke berkas; tambahkan "
                         f"-o NAMA.{args.format}, mis. -o laporan.{args.format}\n")
        return EXIT_USAGE
    if args.format == "html":
        from .report.assets import AssetsMissing, check

        try:
            check()
        except AssetsMissing as exc:
            sys.stderr.write(f"ppb: laporan HTML tidak dapat dibuat: {exc}.\n")
            return EXIT_USAGE
    config = load_config(args.config, catalog) if args.config else Config()
    if args.profile:
        if args.profile not in catalog.profiles:
            raise ConfigError(f"profil '{args.profile}' tidak dikenal; tersedia: "
                              + ", ".join(sorted(catalog.profiles)))
        config.profile = args.profile
    if args.lang:
        config.lang = args.lang
    validator = Validator(config, catalog)
    progress = None
    if not args.quiet and sys.stderr.isatty():
        progress = _progress_bar
    if args.no_set and args.rencana:
        sys.stderr.write("ppb: --rencana memerlukan pemeriksaan set; hapus --no-set.\n")
        return EXIT_USAGE
    if not args.no_set and (args.rencana or _is_set_input(args.paths)):
        report = _validate_set(args, validator, progress)
        if isinstance(report, int):
            return report
    else:
        report = validator.validate_paths(args.paths, progress=progress, jobs=args.jobs)
    color = args.output is None and args.format == "text" and sys.stdout.isatty()
    # JSON as UTF-8 bytes, written as they are (a 5 MB report is not decoded and encoded again)
    text = render(report, args.format, color=color,
                  pretty=args.output is None and sys.stdout.isatty(),
                  as_bytes=args.format == "json")
    if args.output:
        try:
            if isinstance(text, bytes):
                Path(args.output).write_bytes(text)
            else:
                Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            sys.stderr.write(f"ppb: tidak dapat menulis laporan ke '{args.output}': {exc.strerror}\n")
            return EXIT_USAGE
    elif isinstance(text, bytes):
        out = getattr(sys.stdout, "buffer", None)   # None: stdout replaced by a text stream
        if out is None:
            sys.stdout.write(text.decode("utf-8"))
        else:
            sys.stdout.flush()
            out.write(text)
    else:
        sys.stdout.write(text)
    return report.exit_code


def _is_set_input(paths: list[str]) -> bool:
    """A folder, a zip or several files are checked as one set of maps."""
    return len(paths) > 1 or any(Path(p).is_dir() or p.lower().endswith(".zip") for p in paths)


def _validate_set(args: argparse.Namespace, validator, progress):
    """The report of a set run, or an exit code after an Indonesian error message."""
    from .engine import expand_paths

    plan = None
    if args.rencana:
        from .plan import PlanError, load_plan

        try:
            plan = load_plan(args.rencana)
        except PlanError as exc:
            sys.stderr.write(f"ppb: rencana '{args.rencana}' tidak dapat dipakai.\n{exc.message}\n")
            return EXIT_USAGE
    paths = args.paths
    zips = [p for p in paths if p.lower().endswith(".zip")]
    if zips and len(paths) > 1:
        sys.stderr.write("ppb: berkas zip diperiksa sendiri sebagai satu set; jangan digabung "
                         "dengan berkas atau folder lain.\n")
        return EXIT_USAGE
    if len(paths) == 1 and (Path(paths[0]).is_dir() or zips):
        source = paths[0]
    else:
        source = [real for real, _shown in expand_paths(paths)]
    # Everything read stays alive until the process ends (gc.freeze below): the collector stays
    # off meanwhile, so that no pass walks the models read so far (a few tenths of a second
    # for the 831 MIWG files)
    gc.disable()
    try:
        # the HTML report draws every diagram: it needs the whole models, kept by one process
        jobs = 1 if args.format == "html" else args.jobs
        report = validator.validate_set(source, plan=plan, progress=progress, paths_as_given=True,
                                        jobs=jobs)
    except Exception as exc:
        gc.enable()
        from .web.security import UploadError

        if isinstance(exc, UploadError):
            sys.stderr.write(f"ppb: zip '{zips[0]}' ditolak: {exc.message_id}\n")
            return EXIT_USAGE
        raise
    # Everything read stays alive until the process ends: the cyclic collector would only walk
    # the models again and again while the report is written (seconds for thousands of maps).
    gc.freeze()
    gc.enable()
    return report


def _progress_bar(done: int, total: int, current: str) -> None:
    import shutil   # here: a run without a progress bar or rule page does not need it

    width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
    filled = int(width * done / total) if total else width
    name = Path(current).name[:30] if current else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<30}")
    if done >= total:
        sys.stderr.write("\r" + " " * (width + 45) + "\r")
    sys.stderr.flush()


def _rules(args: argparse.Namespace, catalog) -> int:
    import json

    from .config import effective_settings

    if args.profiles:
        for name, prof in sorted(catalog.profiles.items()):
            desc = prof.description.get(args.lang) or prof.description.get("id", "")
            print(f"{name:<16} {desc}")
        return EXIT_OK
    config = Config()
    if args.profile:
        if args.profile not in catalog.profiles:
            raise ConfigError(f"profil '{args.profile}' tidak dikenal; tersedia: "
                              + ", ".join(sorted(catalog.profiles)))
        config.profile = args.profile
    settings = effective_settings(catalog, config)
    specs = sorted(catalog.rules.values(), key=lambda s: (s.group, s.id))
    if args.format == "json":
        print(json.dumps([{
            "id": s.id, "group": s.group, "title": s.text("title", args.lang),
            "severity": settings[s.id].severity, "defaultSeverity": s.severity,
            "source": s.source_text, "confidence": s.confidence, "scope": s.scope,
        } for s in specs], ensure_ascii=False, indent=2))
        return EXIT_OK
    group = None
    for s in specs:
        if s.group != group:
            group = s.group
            print(f"\n[{group}]")
        print(f"  {s.id:<38} {settings[s.id].severity:<8} {s.text('title', args.lang)}")
    print(f"\n{len(specs)} aturan; katalog versi {catalog.version}; profil {config.profile}.")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    """Migrate, seed an empty database with the demo data, print the logins, serve."""
    try:
        import importlib

        importlib.import_module("waitress")   # needed on every system (Windows, --threads)

        from .web import create_app
        from .web import serve as serving
        from .web.seed import demo_logins, seed
    except ImportError as exc:
        sys.stderr.write(f"ppb: paket server belum terpasang ({exc.name}); jalankan 'make install'.\n")
        return EXIT_USAGE
    for name in ("workers", "threads"):
        if getattr(args, name) is not None and not 1 <= getattr(args, name) <= 64:
            sys.stderr.write(f"ppb: --{name} harus antara 1 dan 64.\n")
            return EXIT_USAGE
    if args.workers is not None and args.threads is not None:
        sys.stderr.write("ppb: pilih salah satu: --workers (gunicorn, beberapa proses) atau "
                         "--threads (waitress, satu proses).\n")
        return EXIT_USAGE
    use_gunicorn = args.threads is None and serving.gunicorn_available()
    if args.workers is not None and not use_gunicorn:
        print("Catatan: --workers diabaikan: gunicorn tidak tersedia di sistem ini (mis. Windows); "
              "server memakai waitress.")
    if use_gunicorn:
        try:
            workers = serving.worker_count(args.workers)
        except serving.ServeError as exc:
            sys.stderr.write(f"ppb: {exc}\n")
            return EXIT_USAGE
    app = create_app()
    db = app.extensions["ppb_db"]
    if not args.no_seed and app.config.get("PPB_SEED_SAMPLES", True):
        with db.session() as sess:
            made = seed(sess)
        if made.get("seeded"):
            print(f"Basis data kosong diisi data demo: {made['opds']} OPD, "
                  f"{made['submissions']} unggahan contoh"
                  + (f", rencana {made['plan']} (halaman Rencana)." if made.get("plan") else "."))
    with db.session() as sess:
        logins = demo_logins(sess)
        from .web.models import User
        from sqlalchemy import func, select
        no_users = not sess.scalar(select(func.count(User.id)))
    if logins and not _is_loopback(args.host) and not args.izinkan_demo:
        sys.stderr.write(
            f"ppb: server tidak dijalankan di {args.host}: akun demo ("
            + ", ".join(u for u, _, _ in logins) + ") masih memakai kata sandi demo yang diumumkan. "
            "Ganti kata sandinya (ppb pengguna sandi NAMA) atau nonaktifkan akunnya (ppb pengguna "
            "nonaktif NAMA), atau tambahkan --izinkan-demo untuk uji coba di jaringan tertutup.\n")
        return EXIT_USAGE
    url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}/"
    print(f"Server validasi berjalan di {url}  (API: {url}api/v1/docs)")
    if logins:
        print("Akun demo (ganti kata sandinya sebelum dipakai sungguhan):")
        wide = max(len(role) for _, _, role in logins)
        for username, password, role in logins:
            print(f"  {role:<{wide}}  nama pengguna: {username:<12} kata sandi: {password}")
    if no_users:
        print("Basis data belum memiliki akun. Buat admin pertama di terminal lain:\n"
              "  ppb pengguna tambah admin --peran admin --nama \"Admin Bagian Organisasi\"")
    import os

    master = os.getpid()
    try:
        if use_gunicorn:
            serving.check_port(args.host, args.port)
            print(f"Server: gunicorn, {workers} proses pekerja. Tekan Ctrl+C untuk berhenti.", flush=True)
            serving.run_gunicorn(app, args.host, args.port, workers)
        else:
            threads = args.threads or 8
            print(f"Server: waitress, satu proses dengan {threads} thread. "
                  "Tekan Ctrl+C untuk berhenti.", flush=True)
            serving.run_waitress(app, args.host, args.port, threads)
    except KeyboardInterrupt:
        print("\nServer dihentikan.")
    except SystemExit as exc:   # gunicorn's master ends with sys.exit (0 when stopped)
        if os.getpid() != master:   # a gunicorn worker process ending: not ours to report
            raise
        if exc.code not in (0, None):
            sys.stderr.write(f"ppb: server gunicorn berhenti dengan kode {exc.code}.\n")
            return EXIT_USAGE
        print("\nServer dihentikan.")
    except OSError as exc:   # e.g. the port is taken
        sys.stderr.write(f"ppb: server tidak dapat dijalankan di {args.host}:{args.port}: "
                         f"{exc.strerror or exc}.\n")
        return EXIT_USAGE
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _width() -> int:
    import shutil

    return max(40, min(100, shutil.get_terminal_size((88, 20)).columns - 2))


def _explain(args: argparse.Namespace, catalog) -> int:
    import textwrap

    from .report.labels import basis_text

    spec = catalog.get(args.rule_id)
    if spec is None:
        low = args.rule_id.lower()
        matches = [rid for rid in catalog.rules if low in rid.lower()]
        sys.stderr.write(f"ppb: aturan '{args.rule_id}' tidak dikenal."
                         + (f" Mungkin: {', '.join(sorted(matches)[:5])}." if matches else "")
                         + " Lihat 'ppb rules'.\n")
        return EXIT_USAGE
    lang = args.lang
    lines = [
        f"{spec.id} — {spec.text('title', lang)}",
        "",
        textwrap.fill(spec.text("description", lang).strip(), width=_width()),
        "",
        f"{'Kelompok' if lang == 'id' else 'Group'}: {spec.group}",
        f"{'Tingkat bawaan' if lang == 'id' else 'Default severity'}: {spec.severity}",
        f"{'Sumber' if lang == 'id' else 'Source'}: {spec.source_text}",
        basis_text(spec.confidence, lang).capitalize(),
    ]
    if spec.fix:
        lines.append(textwrap.fill(f"{'Saran perbaikan' if lang == 'id' else 'How to fix'}: "
                                   f"{spec.text('fix', lang)}", width=_width(), subsequent_indent="  "))
    if spec.params:
        lines.append("Parameter:")
        for k, v in spec.params.items():
            default = v["default"] if isinstance(v, dict) and "default" in v else v
            shown = repr(default)
            if len(shown) > 160:
                shown = shown[:157] + "..."
            lines.append(f"  {k} = {shown}")
    lines.append("")
    lines.append(("Abaikan pada elemen tertentu dengan atribut " if lang == "id" else
                  "Suppress on an element with ") + f'ppb:abaikan="{spec.id}".')
    print("\n".join(lines))
    return EXIT_OK
