"""Step definitions for tinjauan.feature: the review cycle through the pages (forms with their
CSRF tokens) and the API, with Flask's test client; an OPD user and a verifikator each in a
browser of their own."""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"
OPD_USER = ("disdukcapil", "disdukcapil-2025")   # the demo account of validator/web/seed.py
VERIF = ("verif.satu", "lubuk-minturun-hijau")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

scenarios("tinjauan.feature")


def _sample(name: str) -> Path:
    return SAMPLES / ("cacat" if name.endswith("-cacat.bpmn") else "pariaman") / name


def _csrf(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _text(resp) -> str:
    return html.unescape(resp.get_data(as_text=True))


def _sign_in(app, username: str, password: str):
    c = app.test_client()
    page = c.get("/masuk").get_data(as_text=True)
    resp = c.post("/masuk", data={"username": username, "password": password, "csrf_token": _csrf(page)})
    assert resp.status_code == 302, f"{username} can sign in"
    return c


def _stage(app, sid: int) -> str:
    from validator.web import review

    with app.extensions["ppb_db"].session() as sess:
        return review.stage_of(sess, sid)


def _notices(app, username: str) -> list[str]:
    from sqlalchemy import select

    from validator.web.models import Notice, User

    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == username))
        return [n.text for n in sess.scalars(select(Notice).where(Notice.user_id == user.id))]


@pytest.fixture
def ctx():
    return {}


@given("server validasi dengan akun contoh dan seorang verifikator", target_fixture="app")
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PPB_REVIEW_REFUSE_ERRORS", raising=False)
    monkeypatch.delenv("PPB_SMTP_URL", raising=False)
    from validator.web import accounts, create_app
    from validator.web.seed import seed

    application = create_app({"TESTING": True, "SECRET_KEY": "uji-tinjauan",
                              "DATABASE_URL": f"sqlite:///{tmp_path / 'ppb.sqlite3'}",
                              "PPB_SEED_SAMPLES": False})
    with application.app_context(), application.extensions["ppb_db"].session() as sess:
        seed(sess, with_samples=False)
        accounts.create_user(sess, username=VERIF[0], role="verifikator", password=VERIF[1],
                             nama="Verifikator Satu")
    yield application
    application.extensions["ppb_db"].engine.dispose()


@given("staf Disdukcapil dan verifikator sudah masuk", target_fixture="browsers")
def browsers(app):
    return {"opd": _sign_in(app, *OPD_USER), "verif": _sign_in(app, *VERIF)}


# -- uploads and stages ------------------------------------------------------------------------

def _upload(browsers, name: str) -> int:
    client = browsers["opd"]
    page = client.get("/unggah").get_data(as_text=True)
    resp = client.post("/unggah", content_type="multipart/form-data", data={
        "csrf_token": _csrf(page), "berkas": (io.BytesIO(_sample(name).read_bytes()), name)})
    assert resp.status_code == 302, _text(resp)[:500]
    found = re.fullmatch(r"/laporan/(\d+)", resp.headers["Location"])
    assert found
    return int(found.group(1))


@when(parsers.parse('staf Disdukcapil mengunggah berkas contoh "{name}"'))
def upload_first(browsers, ctx, name):
    ctx["sid"] = _upload(browsers, name)


@when(parsers.parse('staf Disdukcapil mengunggah versi baru dari berkas contoh "{name}"'))
def upload_new_version(browsers, ctx, name):
    ctx["first"] = ctx["sid"]
    ctx["new"] = _upload(browsers, name)


@then(parsers.parse('peta itu berada pada tahap "{tahap}"'))
def stage_is(app, ctx, tahap):
    assert _stage(app, ctx["sid"]) == tahap


@then(parsers.parse('versi baru itu berada pada tahap "{tahap}"'))
def new_stage_is(app, ctx, tahap):
    assert _stage(app, ctx["new"]) == tahap


@then("laporannya menampilkan kesalahan lebih dahulu dengan catatan bahwa aturan bersifat saran")
def errors_first(browsers, ctx):
    page = _text(browsers["opd"].get(f"/laporan/{ctx['sid']}"))
    box = page.index('id="tinjauan-kesalahan"')
    assert box < page.index('id="temuan"')
    assert re.search(r"Peta ini memuat \d+ kesalahan", page)
    assert "Aturan validasi bersifat saran" in page
    assert 'id="tombol-ajukan"' in page


def _form_post(client, sid: int, path: str, data: dict):
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    resp = client.post(path, data={**data, "csrf_token": _csrf(page)})
    assert resp.status_code == 303, resp.status_code
    return _text(client.get(resp.headers["Location"].split("#")[0]))


@when(parsers.parse('staf Disdukcapil mengajukan peta itu dengan catatan "{note}"'))
def submit(browsers, ctx, note):
    page = _form_post(browsers["opd"], ctx["sid"], f"/tinjauan/{ctx['sid']}/ajukan", {"catatan": note})
    assert "Peta diajukan untuk diverifikasi." in page


@when("staf Disdukcapil mengajukan versi baru itu")
def submit_new(browsers, ctx):
    page = _form_post(browsers["opd"], ctx["new"], f"/tinjauan/{ctx['new']}/ajukan", {"catatan": ""})
    assert "Peta diajukan untuk diverifikasi." in page


@then("antrian verifikator memuat peta itu beserta jumlah kesalahannya")
def in_queue(app, browsers, ctx):
    from validator.web.models import Submission

    with app.extensions["ppb_db"].session() as sess:
        errors = sess.get(Submission, ctx["sid"]).errors
    page = _text(browsers["verif"].get("/antrian"))
    row = page[page.index(f'data-submission="{ctx["sid"]}"'):]
    row = row[:row.index("</tr>")]
    assert "Dinas Kependudukan dan Pencatatan Sipil" in row and f"{errors} kesalahan" in row


@then("verifikator mendapat pemberitahuan bahwa peta itu diajukan")
def reviewer_noticed(app, browsers):
    assert any("mengajukan peta" in n for n in _notices(app, VERIF[0]))
    page = _text(browsers["verif"].get("/pemberitahuan"))
    assert "mengajukan peta" in page


@when(parsers.parse('verifikator berkomentar "{text}" pada elemen "{element}"'))
def comment(browsers, ctx, text, element):
    page = _form_post(browsers["verif"], ctx["sid"], f"/tinjauan/{ctx['sid']}/komentar",
                      {"elemen": element, "teks": text})
    assert "Komentar disimpan." in page and text in page
    ctx["comment_text"] = text


@when(parsers.parse('verifikator meminta revisi dengan catatan "{note}"'))
def ask_revision(browsers, ctx, note):
    page = _form_post(browsers["verif"], ctx["sid"], f"/tinjauan/{ctx['sid']}/minta-revisi",
                      {"catatan": note})
    assert "Permintaan revisi dikirim kepada OPD." in page and note in page


@then(parsers.parse('staf Disdukcapil melihat peta itu di antrian revisi beserta komentar "{text}"'))
def opd_queue(browsers, ctx, text):
    page = _text(browsers["opd"].get("/antrian"))
    section = page[page.index(f'id="revisi-{ctx["sid"]}"'):]
    assert text in section and "Perlu revisi" in section


@then(parsers.parse('laporan versi baru memuat komentar "{text}" yang "{mark}"'))
def comment_on_new_version(browsers, ctx, text, mark):
    page = _text(browsers["opd"].get(f"/laporan/{ctx['new']}"))
    thread = page[page.index(text) - 1500:page.index(text)]
    assert mark in thread


@when(parsers.parse('staf Disdukcapil membalas komentar itu dengan "{reply}" dan menandainya selesai'))
def reply_and_resolve(app, browsers, ctx, reply):
    from sqlalchemy import select

    from validator.web.models import Comment

    with app.extensions["ppb_db"].session() as sess:
        cid = sess.scalar(select(Comment.id).where(Comment.teks == ctx["comment_text"]))
    page = _form_post(browsers["opd"], ctx["new"], f"/tinjauan/{ctx['new']}/komentar",
                      {"teks": reply, "balasan": str(cid)})
    assert "Balasan disimpan." in page and reply in page
    page = _form_post(browsers["opd"], ctx["new"], f"/tinjauan/komentar/{cid}/selesai",
                      {"kembali": str(ctx["new"])})
    assert "Komentar ditandai selesai." in page


@when("verifikator memverifikasi versi baru itu")
def verify_new(browsers, ctx):
    page = _form_post(browsers["verif"], ctx["new"], f"/tinjauan/{ctx['new']}/verifikasi", {})
    assert "Peta diverifikasi." in page


@when("verifikator memverifikasi peta itu")
def verify(browsers, ctx):
    page = _form_post(browsers["verif"], ctx["sid"], f"/tinjauan/{ctx['sid']}/verifikasi", {})
    assert "Peta diverifikasi." in page


@then(parsers.parse('riwayat tahap versi baru mencatat "{first}" oleh "{who1}" dan "{second}" oleh "{who2}"'))
def history_says(browsers, ctx, first, who1, second, who2):
    body = browsers["verif"].get(f"/api/v1/submissions/{ctx['new']}/tahap").get_json()
    moves = [(e["ke"], e["oleh"]["nama"]) for e in body["riwayatTahap"]]
    assert moves == [(first, who1), (second, who2)]
    assert all(e["pada"] for e in body["riwayatTahap"])
    page = _text(browsers["verif"].get(f"/laporan/{ctx['new']}"))
    history = page[page.index('id="riwayat-tahap"'):]
    assert who1 in history and who2 in history


@then("staf Disdukcapil mendapat pemberitahuan bahwa petanya telah diverifikasi")
def opd_noticed(app):
    assert any("telah diverifikasi" in n for n in _notices(app, OPD_USER[0]))


@then(parsers.parse("staf Disdukcapil yang mencoba memverifikasinya lewat API ditolak dengan status {status:d}"))
def opd_cannot_verify(browsers, ctx, status):
    client = browsers["opd"]
    page = client.get(f"/laporan/{ctx['sid']}").get_data(as_text=True)
    resp = client.post(f"/api/v1/submissions/{ctx['sid']}/verifikasi",
                       headers={"X-CSRFToken": _csrf(page)}, json={})
    assert resp.status_code == status
    assert resp.get_json()["error"]["message"].startswith("Hanya verifikator")


@then(parsers.parse('permintaan revisi lewat API untuk peta itu ditolak dengan status {status:d} dan pesan "{text}"'))
def revision_refused(browsers, ctx, status, text):
    client = browsers["verif"]
    page = client.get(f"/laporan/{ctx['sid']}").get_data(as_text=True)
    resp = client.post(f"/api/v1/submissions/{ctx['sid']}/minta-revisi",
                       headers={"X-CSRFToken": _csrf(page)}, json={"catatan": "lagi"})
    assert resp.status_code == status
    assert text in resp.get_json()["error"]["message"]
