"""``ppb pengguna`` on the configured database (SQLite in PPB_INSTANCE_DIR, PostgreSQL through
DATABASE_URL), and ``ppb serve``'s refusal to publish demo passwords on the network."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from validator.web.models import User

ROOT = Path(__file__).resolve().parents[2]


def _ppb(env: dict, *args: str, stdin: str | None = None, timeout: float = 60):
    return subprocess.run([sys.executable, "-c", "import sys; from validator.cli import main; sys.exit(main())", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _users(url: str) -> dict[str, User]:
    engine = create_engine(url)
    try:
        with Session(engine) as sess:
            return {u.username: (u.role, u.active, u.opd.singkatan if u.opd else None)
                    for u in sess.scalars(select(User))}
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def configured(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["PPB_INSTANCE_DIR"] = str(tmp_path)
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
        env["DATABASE_URL"] = url
    else:
        url = f"sqlite:///{tmp_path / 'ppb.sqlite3'}"
    return env, url


def test_account_commands(configured):
    env, url = configured
    r = _ppb(env, "pengguna", "daftar")
    assert r.returncode == 0, r.stderr
    assert "Belum ada akun" in r.stdout
    # the first admin of an empty database (no demo data), password from stdin
    r = _ppb(env, "pengguna", "tambah", "kepala.ortala", "--peran", "admin", "--nama", "Kepala Ortala",
             "--sandi-stdin", stdin="batang-arau-senja-hari\n")
    assert r.returncode == 0, r.stderr
    # an OPD user needs an OPD; --opd-nama makes it in a database without the demo OPDs
    r = _ppb(env, "pengguna", "tambah", "op.dinkes", "--peran", "opd", "--sandi-stdin",
             stdin="pantai-gandoriah-biru\n")
    assert r.returncode == 1 and "wajib dikaitkan" in r.stderr
    r = _ppb(env, "pengguna", "tambah", "op.dinkes", "--peran", "opd", "--opd", "DINKES",
             "--opd-nama", "Dinas Kesehatan", "--sandi-stdin", stdin="pantai-gandoriah-biru\n")
    assert r.returncode == 0, r.stderr
    # weak password, taken name: every problem listed, nothing made
    r = _ppb(env, "pengguna", "tambah", "op.dinkes", "--peran", "opd", "--opd", "DINKES",
             "--sandi-stdin", stdin="qwerty12345\n")
    assert r.returncode == 1
    assert "sudah dipakai" in r.stderr and "terlalu umum" in r.stderr
    assert _users(url) == {"kepala.ortala": ("admin", True, None),
                           "op.dinkes": ("opd", True, "DINKES")}
    r = _ppb(env, "pengguna", "daftar")
    assert "kepala.ortala" in r.stdout and "DINKES" in r.stdout
    r = _ppb(env, "pengguna", "sandi", "op.dinkes", "--sandi-stdin", stdin="jembatan-siti-nurbaya\n")
    assert r.returncode == 0, r.stderr
    r = _ppb(env, "pengguna", "nonaktif", "op.dinkes")
    assert r.returncode == 0 and "dinonaktifkan" in r.stdout
    assert _users(url)["op.dinkes"][1] is False
    r = _ppb(env, "pengguna", "aktif", "op.dinkes")
    assert r.returncode == 0 and _users(url)["op.dinkes"][1] is True
    r = _ppb(env, "pengguna", "nonaktif", "kepala.ortala")     # the only admin stays
    assert r.returncode == 1 and "satu-satunya admin" in r.stderr
    r = _ppb(env, "pengguna", "sandi", "tidak.ada", "--sandi-stdin", stdin="jembatan-siti-nurbaya\n")
    assert r.returncode == 1 and "tidak ada" in r.stderr
    # the web sign-in takes the new accounts
    from validator.web import create_app
    from tests.web.conftest import login
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "uji", "TESTING": True,
                      "PPB_SEED_SAMPLES": False, "JOB_RECOVER": False})
    try:
        c = app.test_client()
        assert login(c, "op.dinkes", "pantai-gandoriah-biru").status_code == 401
        assert login(c, "op.dinkes", "jembatan-siti-nurbaya").status_code == 302
    finally:
        app.extensions["ppb_db"].engine.dispose()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            kinds = [k for (k,) in conn.execute(text("SELECT kind FROM audit_log ORDER BY id"))]
    finally:
        engine.dispose()
    assert kinds[:5] == ["pengguna-tambah", "pengguna-tambah", "sandi-atur-ulang",
                         "pengguna-nonaktif", "pengguna-aktif"]


def test_serve_refuses_the_network_while_demo_passwords_work(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PPB_INSTANCE_DIR"] = str(tmp_path)
    r = _ppb(env, "serve", "--host", "0.0.0.0", "--port", "1", timeout=300)
    assert r.returncode == 2
    assert "kata sandi demo" in r.stderr and "--izinkan-demo" in r.stderr
    # after the demo passwords are changed, the guard lets it through (port 1 then fails to bind
    # as an unprivileged user, or binds as root: either way it is not the demo refusal)
    for name in ("admin", "verifikator", "disdukcapil"):
        r = _ppb(env, "pengguna", "sandi", name, "--sandi-stdin", stdin="ngarai-sianok-pagi-hari\n")
        assert r.returncode == 0, r.stderr
    r = _ppb(env, "pengguna", "daftar")
    assert "kata sandi demo" not in r.stdout


def test_the_common_password_list_is_used():
    from validator.web import accounts

    words = accounts.common_passwords()
    assert len(words) > 1000
    assert accounts.password_problems("bismillah123")          # a listed word with digits
    assert accounts.password_problems("Indonesia2025!")
    assert not accounts.password_problems("kopi-tubruk-di-pasar-pagi")
    assert accounts.password_problems("kopi-tubruk-di-pasar-pagi", "kopi")   # holds the user name
