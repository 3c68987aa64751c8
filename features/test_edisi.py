"""Step definitions for edisi.feature: verified versions gathered into an edition, enacted,
then immutable; through the REST API with each role's token (Flask's test client)."""
from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples" / "pariaman"

scenarios("edisi.feature")


@pytest.fixture
def ctx():
    return {"subs": {}}


@given("server validasi dengan akun contoh tanpa peta", target_fixture="app")
def app(tmp_path, monkeypatch, ctx):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from validator.web import create_app, services
    from validator.web.models import User
    from validator.web.seed import seed

    application = create_app({"TESTING": True, "SECRET_KEY": "uji-edisi",
                              "DATABASE_URL": f"sqlite:///{tmp_path / 'ppb.sqlite3'}",
                              "PPB_SEED_SAMPLES": False})
    with application.app_context(), application.extensions["ppb_db"].session() as sess:
        seed(sess, with_samples=False)
        for name in ("admin", "verifikator", "disdukcapil"):
            user = sess.scalar(select(User).where(User.username == name))
            ctx[name] = services.create_token(sess, user, "uji")[1]
        admin = sess.scalar(select(User).where(User.username == "admin"))
        ctx["pemko_user"] = admin.id
    ctx["client"] = application.test_client()
    yield application
    application.extensions["ppb_db"].engine.dispose()


def _call(ctx, who: str, method: str, url: str, json=None, **kw):  # noqa: A002
    headers = {"Authorization": f"Bearer {ctx[who]}"}
    return getattr(ctx["client"], method)(url, json=json, headers=headers, **kw)


def _store(ctx, who: str, name: str, opd: str | None = None) -> int:
    data = {"file": ((SAMPLES / name).open("rb"), name), "simpan": "1"}
    if opd:
        data["opd"] = opd
    resp = ctx["client"].post("/api/v1/validate", data=data, content_type="multipart/form-data",
                              headers={"Authorization": f"Bearer {ctx[who]}"})
    assert resp.status_code == 201, resp.get_json()
    sid = resp.get_json()["submissions"][0]["id"]
    ctx["subs"][name] = sid
    return sid


@given(parsers.parse('peta contoh "{name}" milik "{opd}" sudah diverifikasi'))
def verified(app, ctx, name, opd):
    who = "disdukcapil" if opd == "DISDUKCAPIL" else "admin"
    sid = _store(ctx, who, name, None if who == "disdukcapil" else opd)
    assert _call(ctx, who, "post", f"/api/v1/submissions/{sid}/ajukan", {}).status_code == 200
    resp = _call(ctx, "verifikator", "post", f"/api/v1/submissions/{sid}/verifikasi", {})
    assert resp.status_code == 200, resp.get_json()


@given(parsers.parse('staf Disdukcapil menyimpan peta contoh "{name}" tanpa mengajukannya'))
def stored_draft(app, ctx, name):
    _store(ctx, "disdukcapil", name)


@when(parsers.parse('admin membuat edisi "{nama}" tahun {tahun:d}'))
def create(ctx, nama, tahun):
    resp = _call(ctx, "admin", "post", "/api/v1/edisi", {"nama": nama, "tahun": tahun})
    assert resp.status_code == 201, resp.get_json()
    ctx["edisi"] = resp.get_json()["id"]


@when(parsers.parse('admin memasukkan peta "{name}" ke edisi itu'))
def add(ctx, name):
    resp = _call(ctx, "admin", "post", f"/api/v1/edisi/{ctx['edisi']}/peta",
                 {"submission": ctx["subs"][name]})
    assert resp.status_code == 201, resp.get_json()


@when(parsers.parse('admin menetapkan edisi itu dengan nomor "{nomor}" tanggal "{tanggal}"'))
def enact(ctx, nomor, tanggal):
    resp = _call(ctx, "admin", "post", f"/api/v1/edisi/{ctx['edisi']}/tetapkan",
                 {"nomor": nomor, "tanggal": tanggal})
    assert resp.status_code == 200, resp.get_json()


def _edition(ctx, who="admin") -> dict:
    resp = _call(ctx, who, "get", f"/api/v1/edisi/{ctx['edisi']}")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


@then(parsers.parse("edisi itu memuat {n:d} peta"))
def holds(ctx, n):
    assert len(_edition(ctx)["peta"]) == n


@then(parsers.parse('kekurangan edisi menyebut OPD "{opd}" tanpa peta Level 1'))
def gap_named(ctx, opd):
    assert opd in {o["singkatan"] for o in _edition(ctx)["kekurangan"]["opdTanpaLevel1"]}


@then(parsers.parse('kekurangan edisi tidak menyebut OPD "{opd}"'))
def gap_not_named(ctx, opd):
    assert opd not in {o["singkatan"] for o in _edition(ctx)["kekurangan"]["opdTanpaLevel1"]}


@then(parsers.parse('edisi itu berstatus "{status}" dengan sidik sha256'))
def status(ctx, status):
    body = _edition(ctx)
    assert body["status"] == status and len(body["sha256"] or "") == 64


@then(parsers.parse('peta "{name}" berada pada tahap "{tahap}"'))
def stage(ctx, name, tahap):
    resp = _call(ctx, "admin", "get", f"/api/v1/submissions/{ctx['subs'][name]}")
    assert resp.get_json()["tahap"] == tahap


@then("staf Disdukcapil dapat membaca edisi itu sebagai edisi resmi")
def official(ctx):
    assert _edition(ctx, "disdukcapil")["status"] == "ditetapkan"


@then(parsers.parse('memasukkan peta lain ke edisi itu ditolak dengan status {code:d} dan pesan "{text}"'))
def add_refused(ctx, code, text):
    resp = _call(ctx, "admin", "post", f"/api/v1/edisi/{ctx['edisi']}/peta",
                 {"submission": ctx["subs"]["pemda-level0-baik.bpmn"]})
    assert resp.status_code == code and text in resp.get_json()["error"]["message"]


@then(parsers.parse('menetapkan edisi itu sekali lagi ditolak dengan status {code:d} dan pesan "{text}"'))
def enact_refused(ctx, code, text):
    resp = _call(ctx, "admin", "post", f"/api/v1/edisi/{ctx['edisi']}/tetapkan",
                 {"nomor": "188/1/2026", "tanggal": "2026-01-02"})
    assert resp.status_code == code and text in resp.get_json()["error"]["message"]


@then(parsers.parse('memasukkan peta "{name}" ke edisi itu ditolak dengan status {code:d} dan pesan "{text}"'))
def draft_refused(ctx, name, code, text):
    resp = _call(ctx, "admin", "post", f"/api/v1/edisi/{ctx['edisi']}/peta",
                 {"submission": ctx["subs"][name]})
    assert resp.status_code == code, resp.get_json()
    assert text in resp.get_json()["error"]["message"]


@then(parsers.parse("staf Disdukcapil yang membuat edisi lewat API ditolak dengan status {code:d}"))
def opd_refused(ctx, code):
    resp = _call(ctx, "disdukcapil", "post", "/api/v1/edisi", {"nama": "Edisi", "tahun": 2025})
    assert resp.status_code == code
    assert resp.get_json()["error"]["message"]
