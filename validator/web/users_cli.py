"""``ppb pengguna``: accounts from the command line, on the configured database.

``tambah NAMA --peran admin|verifikator|opd [--opd SINGKATAN] [--nama "..."] [--sandi-stdin]``,
``daftar``, ``sandi NAMA``, ``nonaktif NAMA``, ``aktif NAMA`` and ``peran NAMA --peran ...``.
The database is the server's (``DATABASE_URL``, else the SQLite file in ``PPB_INSTANCE_DIR``),
migrated first; nothing else of the server is started. A password is read from standard input
with ``--sandi-stdin`` (one line), else asked twice at a prompt without echo.
"""
from __future__ import annotations

import argparse
import getpass
import sys

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
CLI_ACTOR = "baris-perintah"


def add_parser(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("pengguna", help="mengelola akun server (tambah, daftar, sandi, nonaktif, aktif)",
                       description="Mengelola akun server pada basis data yang dikonfigurasi "
                                   "(DATABASE_URL atau PPB_INSTANCE_DIR).")
    acts = p.add_subparsers(dest="aksi", metavar="AKSI")
    t = acts.add_parser("tambah", help="membuat akun baru")
    t.add_argument("nama_pengguna", metavar="NAMA")
    t.add_argument("--peran", required=True, choices=["admin", "verifikator", "opd"])
    t.add_argument("--opd", metavar="SINGKATAN", help="OPD pengguna (wajib untuk peran opd)")
    t.add_argument("--opd-nama", metavar="NAMA_OPD",
                   help="nama lengkap OPD; bila OPD --opd belum ada, OPD itu dibuat")
    t.add_argument("--nama", help="nama lengkap pengguna")
    t.add_argument("--sandi-stdin", action="store_true", help="baca kata sandi dari masukan standar")
    acts.add_parser("daftar", help="menampilkan semua akun")
    s = acts.add_parser("sandi", help="mengganti kata sandi sebuah akun (mengakhiri semua sesinya)")
    s.add_argument("nama_pengguna", metavar="NAMA")
    s.add_argument("--sandi-stdin", action="store_true", help="baca kata sandi dari masukan standar")
    n = acts.add_parser("nonaktif", help="menonaktifkan akun (mengakhiri semua sesi dan tokennya)")
    n.add_argument("nama_pengguna", metavar="NAMA")
    a = acts.add_parser("aktif", help="mengaktifkan kembali akun")
    a.add_argument("nama_pengguna", metavar="NAMA")
    r = acts.add_parser("peran", help="mengubah peran dan/atau OPD akun (mengakhiri semua sesinya)")
    r.add_argument("nama_pengguna", metavar="NAMA")
    r.add_argument("--peran", required=True, choices=["admin", "verifikator", "opd"])
    r.add_argument("--opd", metavar="SINGKATAN")


def _database():
    from .config import default_config
    from .db import Database, upgrade

    db = Database(default_config()["DATABASE_URL"])
    upgrade(db.engine)
    return db


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        sys.stderr.write("ppb: masukan standar bukan terminal; pakai --sandi-stdin untuk membaca "
                         "kata sandi darinya.\n")
        return None
    first = getpass.getpass("Kata sandi baru: ")
    second = getpass.getpass("Ulangi kata sandi: ")
    if first != second:
        sys.stderr.write("ppb: kedua kata sandi tidak sama.\n")
        return None
    return first


def run(args: argparse.Namespace) -> int:
    from . import accounts

    if not getattr(args, "aksi", None):
        sys.stderr.write("ppb pengguna: sebutkan aksi: tambah, daftar, sandi, nonaktif, aktif, peran.\n")
        return EXIT_USAGE
    db = _database()
    try:
        if args.aksi == "daftar":
            return _list(db)
        if args.aksi in ("tambah", "sandi"):
            password = _read_password(args.sandi_stdin)
            if password is None:
                return EXIT_USAGE
        with db.session() as sess:
            if args.aksi == "tambah":
                _ensure_opd(sess, args)
                user = accounts.create_user(sess, username=args.nama_pengguna, role=args.peran,
                                            password=password, nama=args.nama, opd=args.opd,
                                            actor_name=CLI_ACTOR)
                print(f"Pengguna '{user.username}' dibuat (peran {user.role}"
                      + (f", OPD {args.opd.upper()}" if args.opd else "") + ").")
                return EXIT_OK
            user = accounts.get_user(sess, args.nama_pengguna)
            if user is None:
                sys.stderr.write(f"ppb: pengguna '{args.nama_pengguna}' tidak ada.\n")
                return EXIT_FAIL
            if args.aksi == "sandi":
                accounts.set_password(sess, user, password, actor_name=CLI_ACTOR)
                print(f"Kata sandi '{user.username}' diganti; semua sesi dan token API-nya diakhiri.")
            elif args.aksi == "nonaktif":
                changed = accounts.set_active(sess, user, False, actor_name=CLI_ACTOR)
                print(f"Pengguna '{user.username}' " + ("dinonaktifkan; semua sesi dan token API-nya "
                                                        "diakhiri." if changed else "sudah nonaktif."))
            elif args.aksi == "aktif":
                changed = accounts.set_active(sess, user, True, actor_name=CLI_ACTOR)
                print(f"Pengguna '{user.username}' " + ("diaktifkan kembali." if changed
                                                        else "sudah aktif."))
            elif args.aksi == "peran":
                changed = accounts.set_role(sess, user, args.peran, args.opd, actor_name=CLI_ACTOR)
                print(f"Peran '{user.username}' " + (f"menjadi {args.peran}; semua sesinya diakhiri."
                                                     if changed else "tidak berubah."))
            return EXIT_OK
    except accounts.AccountError as exc:
        sys.stderr.write("ppb: " + "\n     ".join(exc.problems) + "\n")
        return EXIT_FAIL
    finally:
        db.engine.dispose()


def _ensure_opd(sess, args: argparse.Namespace) -> None:  # noqa: ANN001
    """With --opd-nama, an OPD that does not exist yet is made (a database without demo data)."""
    from sqlalchemy import func, select

    from .models import Opd

    if not args.opd or not args.opd_nama:
        return
    code = args.opd.strip().upper()
    if sess.scalar(select(Opd).where(func.upper(Opd.singkatan) == code)) is None:
        sess.add(Opd(singkatan=code[:40], nama=args.opd_nama.strip()[:200]))
        sess.flush()
        print(f"OPD {code} dibuat: {args.opd_nama.strip()}.")


def _list(db) -> int:  # noqa: ANN001
    from . import accounts

    with db.session() as sess:
        users = accounts.list_users(sess)
        rows = [(u.username, u.role, u.opd.singkatan if u.opd else "-",
                 "aktif" if u.active else "nonaktif",
                 "kata sandi demo" if u.demo_password else "", u.nama) for u in users]
    if not rows:
        print("Belum ada akun. Buat admin pertama: ppb pengguna tambah admin --peran admin")
        return EXIT_OK
    print(f"{'NAMA':<20} {'PERAN':<12} {'OPD':<20} {'STATUS':<9} NAMA LENGKAP")
    for username, role, opd, status, demo, nama in rows:
        print(f"{username:<20} {role:<12} {opd:<20} {status:<9} {nama}" + (f"  [{demo}]" if demo else ""))
    return EXIT_OK
