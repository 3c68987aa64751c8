"""Step definitions for unggah.feature: the upload and report pages, through Flask's test client."""
from __future__ import annotations

import html
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
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

scenarios("unggah.feature")


def _csrf(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _text(resp) -> str:
    return html.unescape(resp.get_data(as_text=True))


@pytest.fixture
def ctx():
    return {}


@given("server validasi dengan akun contoh", target_fixture="app")
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from validator.web import create_app
    from validator.web.seed import seed

    application = create_app({"TESTING": True, "SECRET_KEY": "uji-unggah",
                              "DATABASE_URL": f"sqlite:///{tmp_path / 'ppb.sqlite3'}",
                              "PPB_SEED_SAMPLES": False})
    with application.app_context(), application.extensions["ppb_db"].session() as sess:
        seed(sess, with_samples=False)
    yield application
    application.extensions["ppb_db"].engine.dispose()


@given("saya masuk sebagai staf Disdukcapil", target_fixture="client")
def client(app):
    c = app.test_client()
    page = c.get("/masuk").get_data(as_text=True)
    resp = c.post("/masuk", data={"username": OPD_USER[0], "password": OPD_USER[1],
                                  "csrf_token": _csrf(page)})
    assert resp.status_code == 302, "the demo account can sign in"
    return c


def _upload(client, ctx, name: str, data: bytes) -> None:
    import io

    page = client.get("/unggah")
    assert page.status_code == 200
    ctx["resp"] = client.post("/unggah", content_type="multipart/form-data", data={
        "csrf_token": _csrf(page.get_data(as_text=True)), "berkas": (io.BytesIO(data), name)})
    ctx["name"] = name


@when(parsers.parse('saya mengunggah berkas contoh "{name}"'))
def upload_sample(client, ctx, name):
    _upload(client, ctx, name, (_sample(name)).read_bytes())


@when(parsers.parse('saya mengunggah berkas "{name}" berisi "{content}"'))
def upload_content(client, ctx, name, content):
    _upload(client, ctx, name, content.encode("utf-8"))


@when(parsers.parse('saya mengunggah arsip "{name}" berisi berkas contoh "{first}" dan "{second}"'))
def upload_zip(client, ctx, name, first, second):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for sample in (first, second):
            zf.writestr(f"peta/{sample}", (_sample(sample)).read_bytes())
    _upload(client, ctx, name, buf.getvalue())


@then(parsers.parse('saya dibawa ke halaman laporan peta "{name}"'))
def lands_on_report_of(client, ctx, name):
    ctx["name"] = name
    lands_on_report(client, ctx)


@then(parsers.parse('saya dibawa ke halaman set yang memuat peta "{first}" dan "{second}"'))
def lands_on_set(client, ctx, first, second):
    resp = ctx["resp"]
    assert resp.status_code == 302
    assert re.fullmatch(r"/set/\d+", resp.headers["Location"]), resp.headers["Location"]
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200
    ctx["page"] = _text(page)
    assert first in ctx["page"] and second in ctx["page"]


@then(parsers.parse("halaman memberi tahu bahwa {count:d} peta diunggah dan diperiksa"))
def tells_count(ctx, count):
    assert f"{count} peta diunggah dan diperiksa" in ctx["page"]


@then(parsers.parse('riwayat unggahan Disdukcapil memuat "{first}" dan "{second}"'))
def history_lists(client, first, second):
    page = _text(client.get("/riwayat"))
    assert first in page and second in page


@then("saya dibawa ke halaman laporan peta itu")
def lands_on_report(client, ctx):
    resp = ctx["resp"]
    assert resp.status_code == 302
    assert re.fullmatch(r"/laporan/\d+", resp.headers["Location"])
    ctx["report_url"] = resp.headers["Location"]
    report = client.get(ctx["report_url"])
    assert report.status_code == 200
    ctx["page"] = _text(report)
    assert ctx["name"] in ctx["page"]


@then(parsers.parse('laporan menyatakan "{text}"'))
def report_says(ctx, text):
    verdict = re.search(r'id="verdict">([^<]*)<', ctx["page"])
    assert verdict and text in verdict.group(1), verdict and verdict.group(1)


@then(parsers.parse('laporan tidak memuat temuan tingkat "{severity}"'))
def no_finding_of(ctx, severity):
    assert f'data-severity="{severity}" data-group' not in ctx["page"]


def _findings(page: str) -> list[str]:
    return re.findall(r'<li class="finding [^"]*"(.*?)</li>', page, re.S)


@then(parsers.parse('laporan memuat temuan "{rule}" tingkat "{severity}" pada elemen "{element}"'))
def has_finding(ctx, rule, severity, element):
    hits = [f for f in _findings(ctx["page"]) if f'data-rule="{rule}"' in f
            and f'data-element="{element}"' in f and f'data-severity="{severity}"' in f]
    assert hits, f"{rule} on {element} is not listed"


@then("setiap temuan di laporan memuat saran perbaikan dan sumber aturan")
def findings_explained(ctx):
    items = _findings(ctx["page"])
    assert items
    for item in items:
        assert 'class="finding-source">Sumber: ' in item
        if 'data-suppressed="false"' in item:
            assert "Saran perbaikan:" in item


@then(parsers.parse('laporan dapat diunduh sebagai "{a}", "{b}" dan "{c}"'))
def downloads(client, ctx, a, b, c):
    kinds = {"json": "application/json", "html": "text/html",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for fmt in (a, b, c):
        resp = client.get(f"{ctx['report_url']}/unduh.{fmt}")
        assert resp.status_code == 200 and resp.mimetype == kinds[fmt], fmt
        assert "attachment" in resp.headers["Content-Disposition"]
        if fmt == "json":
            assert resp.get_json()["files"][0]["summary"]["error"] > 0


@then("peta itu tercatat di riwayat unggahan Disdukcapil")
def in_history(client, ctx):
    resp = client.get("/riwayat")
    assert resp.status_code == 200
    page = _text(resp)
    assert ctx["name"] in page and "Dinas Kependudukan dan Pencatatan Sipil" in page


@then(parsers.parse("unggahan ditolak dengan status {status:d}"))
def refused(ctx, status):
    assert ctx["resp"].status_code == status


@then(parsers.parse('halaman menampilkan pesan "{text}"'))
def shows_message(ctx, text):
    page = _text(ctx["resp"])
    message = re.search(r'id="upload-error">([^<]*)<', page)
    assert message and text in message.group(1), page[:500]


@then("tidak ada unggahan yang tersimpan")
def nothing_stored(app):
    from validator.web.models import Submission

    with app.extensions["ppb_db"].session() as sess:
        assert sess.query(Submission).count() == 0


@given(parsers.parse('Dinas Kesehatan sudah mengunggah berkas contoh "{name}"'))
def other_opd_upload(app, ctx, name):
    from validator.web import services
    from validator.web.models import Opd

    with app.app_context(), app.extensions["ppb_db"].session() as sess:
        dinkes = sess.query(Opd).filter_by(singkatan="DINKES").one()
        (sub,) = services.store_upload(sess, opd=dinkes, uploader=None, filename=name,
                                       data=(_sample(name)).read_bytes())
        ctx["other_id"] = sub.id


@when("saya membuka laporan unggahan Dinas Kesehatan itu")
def open_other(client, ctx):
    ctx["resp"] = client.get(f"/laporan/{ctx['other_id']}")


@then("halaman tidak ditemukan (404)")
def not_found(ctx):
    assert ctx["resp"].status_code == 404
    assert "tidak ditemukan" in _text(ctx["resp"]).lower()


@then("riwayat Dinas Kesehatan juga tidak ditemukan (404)")
def other_history_hidden(client, ctx):
    assert client.get("/riwayat/DINKES").status_code == 404
    assert client.get(f"/laporan/{ctx['other_id']}/unduh.json").status_code == 404
