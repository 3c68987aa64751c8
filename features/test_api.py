"""Step definitions for api.feature: the REST API with a bearer token, through Flask's test client.

The token is made the way a user makes one: signed in, on the /token page (shown once).
"""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"


def _sample(name: str) -> Path:
    """A sample map by file name: good maps (*-baik) are in bpmn_samples/pariaman/, flawed
    ones (*-cacat) in bpmn_samples/cacat/."""
    return SAMPLES / ("cacat" if name.endswith("-cacat.bpmn") else "pariaman") / name


OPD_USER = ("disdukcapil", "disdukcapil-2025")   # the demo account of validator/web/seed.py
MB = 1024 * 1024
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_NEW_TOKEN = re.compile(r'<code id="token-baru">([^<]+)</code>')

scenarios("api.feature")


def _csrf(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _submissions(app) -> int:
    from sqlalchemy import func, select

    from validator.web.models import Submission

    with app.extensions["ppb_db"].session() as sess:
        return sess.scalar(select(func.count(Submission.id)))


@pytest.fixture
def ctx():
    return {}


@given(parsers.parse("server validasi dengan akun contoh dan batas unggahan {limit:d} MB per berkas"),
       target_fixture="app")
def app(tmp_path, monkeypatch, ctx, limit):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from validator.web import create_app
    from validator.web.seed import seed

    application = create_app({"TESTING": True, "SECRET_KEY": "uji-api",
                              "DATABASE_URL": f"sqlite:///{tmp_path / 'ppb.sqlite3'}",
                              "PPB_SEED_SAMPLES": False, "MAX_FILE_BYTES": limit * MB,
                              "MAX_ZIP_BYTES": 2 * limit * MB})
    with application.app_context(), application.extensions["ppb_db"].session() as sess:
        seed(sess, with_samples=False)
    ctx["stored_before"] = _submissions(application)
    yield application
    application.extensions["ppb_db"].engine.dispose()


@given("saya membuat token API di halaman token sebagai staf Disdukcapil", target_fixture="token")
def token(app):
    browser = app.test_client()
    page = browser.get("/masuk").get_data(as_text=True)
    resp = browser.post("/masuk", data={"username": OPD_USER[0], "password": OPD_USER[1],
                                        "csrf_token": _csrf(page)})
    assert resp.status_code == 302, "the demo account can sign in"
    page = browser.get("/token").get_data(as_text=True)
    resp = browser.post("/token", data={"label": "sistem arsip OPD", "csrf_token": _csrf(page)})
    assert resp.status_code == 200
    found = _NEW_TOKEN.search(resp.get_data(as_text=True))
    assert found, "the new token is shown once on the token page"
    return html.unescape(found.group(1))


@pytest.fixture
def api(app):
    """A client without the browser's session cookie: only the bearer token counts."""
    return app.test_client()


def _post(api, ctx, name: str, data: bytes, secret: str | None, save: bool = False) -> None:
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    fields = {"file": (io.BytesIO(data), name)}
    if save:
        fields["simpan"] = "1"
    ctx["resp"] = api.post("/api/v1/validate", data=fields, headers=headers,
                           content_type="multipart/form-data")
    ctx["name"] = name


@when(parsers.parse('saya mengirim berkas contoh "{name}" ke API validasi dengan token itu'))
def send_with_token(api, ctx, token, name):
    _post(api, ctx, name, (_sample(name)).read_bytes(), token)


@when(parsers.parse('saya mengirim berkas contoh "{name}" ke API validasi dengan token itu dan '
                    'meminta disimpan'))
def send_and_save(api, ctx, token, name):
    _post(api, ctx, name, (_sample(name)).read_bytes(), token, save=True)


@when(parsers.parse('saya mengirim berkas contoh "{name}" ke API validasi tanpa token'))
def send_without_token(api, ctx, name):
    _post(api, ctx, name, (_sample(name)).read_bytes(), None)


@when(parsers.parse('saya mengirim berkas contoh "{name}" ke API validasi dengan token "{secret}"'))
def send_with_other_token(api, ctx, name, secret):
    _post(api, ctx, name, (_sample(name)).read_bytes(), secret)


@when(parsers.parse("saya mengirim peta berukuran {size:d} MB ke API validasi dengan token itu"))
def send_large(api, ctx, token, size):
    sample = (_sample("ktp-el-lintas-fungsi-baik.bpmn")).read_bytes()
    padding = b"<!-- " + b"x" * (size * MB - len(sample)) + b" -->\n"
    data = sample.replace(b"?>", b"?>\n" + padding, 1)   # still a readable map, just too big
    assert len(data) > size * MB
    _post(api, ctx, "peta-besar.bpmn", data, token)


@then(parsers.parse("jawaban API berstatus {status:d}"))
def status_is(ctx, status):
    resp = ctx["resp"]
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "application/json"


@then(parsers.parse('jawaban berupa laporan JSON untuk berkas "{name}"'))
def json_report_of(ctx, name):
    body = ctx["resp"].get_json()
    assert set(body) >= {"version", "files", "summary"}
    assert [f["path"] for f in body["files"]] == [name]
    assert body["files"][0]["status"] == "ok"
    ctx["report"] = body


@then(parsers.parse('ringkasan laporan mencatat {count:d} temuan tingkat "{severity}"'))
def summary_counts(ctx, count, severity):
    assert ctx["report"]["summary"][severity] == count


def _findings(ctx) -> list[dict]:
    return [f for file in ctx["report"]["files"] for f in file["findings"]]


@then(parsers.parse('laporan JSON memuat temuan "{rule}" tingkat "{severity}" pada elemen "{element}"'))
def has_finding(ctx, rule, severity, element):
    hits = [f for f in _findings(ctx) if (f["rule"], f["severity"], f["element"]) == (rule, severity, element)]
    assert hits, [(f["rule"], f["severity"], f["element"]) for f in _findings(ctx)]


@then("setiap temuan di laporan JSON memuat pesan, sumber aturan dan saran perbaikan")
def findings_are_explained(ctx):
    findings = _findings(ctx)
    assert findings
    for f in findings:
        assert f["message"] and f["source"] and f["fix"], f
    # the messages are Indonesian: the label-required message of the catalog (its words up to
    # the first placeholder), not bpmnlint's English one
    from validator.catalog import load_catalog

    spec = load_catalog().rules["label-required"]
    openings = {m["id"].split("{", 1)[0].strip() for m in spec.messages.values()}
    texts = [f["message"] for f in findings if f["rule"] == "label-required"]
    assert texts and all(any(t.startswith(o) for o in openings) for t in texts), (openings, texts)


@then(parsers.parse('unggahan itu tercatat untuk OPD "{singkatan}" dalam daftar unggahan API'))
def stored_for(api, ctx, token, singkatan):
    stored = ctx["resp"].get_json()["submissions"]
    assert len(stored) == 1 and stored[0]["filename"] == ctx["name"]
    assert stored[0]["opd"]["singkatan"] == singkatan
    listed = api.get("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert stored[0]["id"] in [s["id"] for s in listed["submissions"]]
    ctx["submission"] = stored[0]


@then("laporan JSON unggahan itu dapat diambil kembali dengan token itu")
def report_again(api, ctx, token):
    sub = ctx["submission"]
    resp = api.get(sub["links"]["report"], headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    report = resp.get_json()
    assert [f["path"] for f in report["files"]] == [ctx["name"]]
    counts = {k: report["summary"][k] for k in ("error", "warning", "info")}
    assert report["summary"] == ctx["resp"].get_json()["summary"] and counts == sub["summary"]
    assert api.get(sub["links"]["report"]).status_code == 401   # and not without it


@then(parsers.parse('jawaban berupa galat JSON berkode "{code}" dengan pesan "{text}"'))
def json_error(ctx, code, text):
    body = ctx["resp"].get_json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code
    assert text in body["error"]["message"], body["error"]["message"]


@then("jawaban meminta token Bearer")
def asks_for_bearer(ctx):
    assert ctx["resp"].headers.get("WWW-Authenticate", "").startswith("Bearer")


@then("tidak ada unggahan baru yang tersimpan")
def nothing_stored(app, ctx):
    assert _submissions(app) == ctx["stored_before"]
