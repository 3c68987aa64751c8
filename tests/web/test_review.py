"""The review cycle (issue 13): stages of a map version and their history, comments on
elements across versions, queues, notices (in the app and by e-mail), and two reviewers
acting on one version at once. Every test runs on SQLite and on PostgreSQL (the ``app``
fixture of conftest.py)."""
from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import func, select

from validator.web import accounts, review, services
from validator.web.models import AuditEntry, Comment, Notice, StageEvent, Submission, User

from .conftest import OPD_USER, bearer, csrf_token, login, make_token
from .helpers import GOOD, FLAWED

VERIF = ("verif.satu", "lubuk-minturun-hijau")
VERIF2 = ("verif.dua", "pantai-gandoriah-biru")
GONE_ELEMENT = "Sub_03_02_Capil"       # in the sample, renamed away in its next version
KEPT_ELEMENT = "Sub_03_01_Dafduk"


# -- helpers -----------------------------------------------------------------------------------

@pytest.fixture
def people(app):
    """Bearer tokens: the demo OPD user, another OPD's user, two verifikators, the admin."""
    with app.extensions["ppb_db"].session() as sess:
        for name, password in (VERIF, VERIF2):
            accounts.create_user(sess, username=name, role="verifikator", password=password)
    return {"opd": make_token(app, OPD_USER[0]), "other": make_token(app, "dpmptsp"),
            "verif": make_token(app, VERIF[0]), "verif2": make_token(app, VERIF2[0]),
            "admin": make_token(app, "admin")}


def _store(app, data: bytes, name: str = "peta-uji.bpmn", username: str = OPD_USER[0]) -> int:
    """Store a map as a new version for the user's OPD; its id."""
    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == username))
        stored = services.store_upload(sess, opd=user.opd, uploader=user, filename=name, data=data)
        sess.flush()
        return stored[0].id


def _without_capil(data: bytes) -> bytes:
    """The next version of the sample: its sub-process Capil has another id."""
    return data.replace(GONE_ELEMENT.encode(), b"Sub_03_02_CatatanSipil")


def _post(client, url: str, token: str, body=None):  # noqa: ANN001
    return client.post(url, headers=bearer(token), json=body) if body is not None \
        else client.post(url, headers=bearer(token))


def _act(client, sid: int, action: str, token: str, note: str | None = None):
    return _post(client, f"/api/v1/submissions/{sid}/{action}", token,
                 {"catatan": note} if note is not None else None)


def _stage(app, sid: int) -> str:
    with app.extensions["ppb_db"].session() as sess:
        return review.stage_of(sess, sid)


def _code(resp) -> str:
    return resp.get_json()["error"]["code"]


# -- stages ------------------------------------------------------------------------------------

def test_every_transition_allowed_and_refused_with_its_status(app, client, people):
    sid = _store(app, GOOD.read_bytes())
    assert _stage(app, sid) == "draf"           # no stage row: a draf

    r = _act(client, sid, "verifikasi", people["verif"])
    assert (r.status_code, _code(r)) == (409, "WRONG_STAGE")
    assert "«Draf»" in r.get_json()["error"]["message"]
    r = _act(client, sid, "ajukan", people["verif"])
    assert (r.status_code, _code(r)) == (403, "FORBIDDEN")
    r = _act(client, sid, "ajukan", people["other"])             # another OPD: not even seen
    assert (r.status_code, _code(r)) == (404, "NOT_FOUND")

    r = _act(client, sid, "ajukan", people["opd"], "Mohon diperiksa")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["tahap"] == "diajukan"
    assert r.get_json()["riwayatTahap"][-1]["catatan"] == "Mohon diperiksa"
    r = _act(client, sid, "ajukan", people["opd"])
    assert (r.status_code, _code(r)) == (409, "WRONG_STAGE")

    r = _act(client, sid, "verifikasi", people["opd"])
    assert (r.status_code, _code(r)) == (403, "FORBIDDEN")
    r = _act(client, sid, "minta-revisi", people["verif"])
    assert (r.status_code, _code(r)) == (422, "NOTE_REQUIRED")
    r = _act(client, sid, "minta-revisi", people["verif"], "   ")
    assert (r.status_code, _code(r)) == (422, "NOTE_REQUIRED")
    r = _act(client, sid, "minta-revisi", people["verif"], "Lengkapi mutu baku pada Dafduk")
    assert r.status_code == 200 and r.get_json()["tahap"] == "perlu-revisi"

    r = _act(client, sid, "verifikasi", people["verif"])
    assert (r.status_code, _code(r)) == (409, "WRONG_STAGE")
    r = _act(client, sid, "minta-revisi", people["verif"], "lagi")
    assert r.status_code == 409
    assert _act(client, sid, "ajukan", people["opd"]).status_code == 200     # perlu-revisi -> diajukan
    r = _act(client, sid, "verifikasi", people["admin"], "Sesuai")
    assert r.status_code == 200 and r.get_json()["tahap"] == "diverifikasi"
    for action, token in (("ajukan", "opd"), ("verifikasi", "verif"), ("minta-revisi", "verif")):
        assert _act(client, sid, action, people[token], "x").status_code == 409, action

    body = client.get(f"/api/v1/submissions/{sid}/tahap", headers=bearer(people["verif"])).get_json()
    assert [(e["dari"], e["ke"]) for e in body["riwayatTahap"]] == [
        ("draf", "diajukan"), ("diajukan", "perlu-revisi"), ("perlu-revisi", "diajukan"),
        ("diajukan", "diverifikasi")]
    assert [e["oleh"]["username"] for e in body["riwayatTahap"]] == [
        "disdukcapil", VERIF[0], "disdukcapil", "admin"]
    assert body["riwayatTahap"][1]["catatan"] == "Lengkapi mutu baku pada Dafduk"
    assert body["tindakan"] == []
    with app.extensions["ppb_db"].session() as sess:
        kinds = [k for (k,) in sess.execute(select(AuditEntry.kind).where(
            AuditEntry.kind.like("tahap-%")).order_by(AuditEntry.id))]
    assert kinds == ["tahap-ajukan", "tahap-minta-revisi", "tahap-ajukan", "tahap-verifikasi"]
    # the submission itself says its stage, and the map's page shows every transition
    whole = client.get(f"/api/v1/submissions/{sid}", headers=bearer(people["opd"])).get_json()
    assert whole["tahap"] == "diverifikasi" and len(whole["riwayatTahap"]) == 4
    with app.app_context(), app.test_request_context():
        from flask import url_for

        with app.extensions["ppb_db"].session() as sess:
            sub = sess.get(Submission, sid)
            page_url = url_for("maps.map_page", singkatan=sub.opd.singkatan, peta=sub.map_key)
            version = sub.version
    login(client, *OPD_USER)
    page = client.get(page_url).get_data(as_text=True)
    row = page[page.index(f'<tr data-tahap-versi="{version}">', page.index('id="tabel-tahap"')):]
    row = row[:row.index("</tr>")]
    assert "Diverifikasi" in row and "Lengkapi mutu baku pada Dafduk" in row and "verif.satu" in row


def test_enacting_is_for_admins_and_verified_versions_only(app, client, people):
    sid = _store(app, GOOD.read_bytes())
    db = app.extensions["ppb_db"]

    def enact(username: str) -> None:
        with db.session() as sess:
            review.begin(sess)
            user = sess.scalar(select(User).where(User.username == username))
            review.tetapkan_versions(sess, [sid], user, "Perwal 12/2025")

    with pytest.raises(review.ReviewError) as refused:
        enact("admin")
    assert (refused.value.status, refused.value.code) == (409, "WRONG_STAGE")
    assert _act(client, sid, "ajukan", people["opd"]).status_code == 200
    assert _act(client, sid, "verifikasi", people["verif"]).status_code == 200
    with pytest.raises(review.ReviewError) as refused:
        enact(VERIF[0])
    assert refused.value.status == 403
    enact("admin")
    assert _stage(app, sid) == "ditetapkan"
    with pytest.raises(review.ReviewError) as refused:
        enact("admin")
    assert refused.value.status == 409


def test_a_new_upload_is_a_new_draf_and_only_the_newest_is_submitted(app, client, people):
    first = _store(app, GOOD.read_bytes())
    assert _act(client, first, "ajukan", people["opd"]).status_code == 200
    second = _store(app, _without_capil(GOOD.read_bytes()))
    assert _stage(app, second) == "draf" and _stage(app, first) == "diajukan"
    r = _act(client, second, "ajukan", people["opd"])
    assert (r.status_code, _code(r)) == (409, "ALREADY_SUBMITTED")
    assert _act(client, first, "minta-revisi", people["verif"], "Perbaiki").status_code == 200
    r = _act(client, first, "ajukan", people["opd"])
    assert (r.status_code, _code(r)) == (409, "NOT_NEWEST")
    assert "versi" in r.get_json()["error"]["message"]
    login(client, *OPD_USER)
    page = client.get(f"/laporan/{first}").get_data(as_text=True)
    assert 'id="tombol-ajukan"' not in page and 'id="versi-lebih-baru"' in page
    assert 'id="tombol-ajukan"' in client.get(f"/laporan/{second}").get_data(as_text=True)
    assert _act(client, second, "ajukan", people["opd"]).status_code == 200


def test_bad_bodies_answer_400_or_422(app, client, people):
    sid = _store(app, GOOD.read_bytes())
    url = f"/api/v1/submissions/{sid}/ajukan"
    r = client.post(url, headers={**bearer(people["opd"]), "Content-Type": "application/json"},
                    data=b"{bukan json")
    assert (r.status_code, _code(r)) == (400, "BAD_JSON")
    r = client.post(url, headers=bearer(people["opd"]), json=["catatan"])
    assert (r.status_code, _code(r)) == (400, "BAD_JSON")
    r = client.post(url, headers=bearer(people["opd"]), json={"catatan": 12})
    assert (r.status_code, _code(r)) == (422, "BAD_NOTE")
    r = client.post(url, headers=bearer(people["opd"]), json={"catatan": "x" * 2001})
    assert (r.status_code, _code(r)) == (422, "NOTE_TOO_LONG")
    assert _stage(app, sid) == "draf"     # nothing of a refused request stays
    url = f"/api/v1/submissions/{sid}/komentar"
    for body, code in (({"teks": ""}, "EMPTY_TEXT"), ({"elemen": None}, "BAD_TEXT"),
                       ({"teks": "a", "elemen": 5}, "BAD_ELEMENT"),
                       ({"teks": "a", "elemen": "TidakAda"}, "UNKNOWN_ELEMENT"),
                       ({"teks": "a", "balasan": "1"}, "BAD_PARENT"),
                       ({"teks": "a", "balasan": 999999}, "BAD_PARENT"),
                       ({"teks": "x" * 4001}, "TEXT_TOO_LONG")):
        r = client.post(url, headers=bearer(people["verif"]), json=body)
        assert (r.status_code, _code(r)) == (422, code), body
        assert r.get_json()["error"]["message"]
    r = client.post(url, headers={**bearer(people["verif"]), "Content-Type": "text/plain"}, data=b"hai")
    assert (r.status_code, _code(r)) == (400, "BAD_JSON")
    assert client.post(f"/api/v1/submissions/{sid}/ajukan").status_code == 401


def test_the_server_setting_refuses_maps_with_errors(app, client, people, monkeypatch):
    flawed = _store(app, FLAWED.read_bytes(), name="cacat.bpmn")
    with app.extensions["ppb_db"].session() as sess:
        errors = sess.get(Submission, flawed).errors
    assert errors > 0
    app.config["REVIEW_REFUSE_ERRORS"] = True
    r = _act(client, flawed, "ajukan", people["opd"])
    assert (r.status_code, _code(r)) == (409, "HAS_ERRORS")
    assert f"{errors} kesalahan" in r.get_json()["error"]["message"]
    assert _stage(app, flawed) == "draf"
    app.config["REVIEW_REFUSE_ERRORS"] = False      # by default rules stay advice
    assert _act(client, flawed, "ajukan", people["opd"]).status_code == 200
    # the setting is read from the environment like the server's other PPB_ settings
    monkeypatch.setenv("PPB_REVIEW_REFUSE_ERRORS", "1")
    with app.app_context():
        app.config.pop("REVIEW_REFUSE_ERRORS")
        assert review.setting("REVIEW_REFUSE_ERRORS") is True
    monkeypatch.setenv("PPB_REVIEW_REFUSE_ERRORS", "0")
    with app.app_context():
        assert review.setting("REVIEW_REFUSE_ERRORS") is False


# -- comments ----------------------------------------------------------------------------------

def test_comments_on_an_element_and_the_whole_map_reply_and_resolve(app, client, people):
    sid = _store(app, GOOD.read_bytes())
    url = f"/api/v1/submissions/{sid}/komentar"
    r = client.post(url, headers=bearer(people["verif"]),
                    json={"elemen": KEPT_ELEMENT, "teks": "Lengkapi kode sub kegiatan", "balasan": None})
    assert r.status_code == 201, r.get_json()
    on_element = r.get_json()
    assert (on_element["elemen"], on_element["penulis"]["peran"], on_element["selesai"]) == (
        KEPT_ELEMENT, "verifikator", False)
    r = client.post(url, headers=bearer(people["opd"]), json={"teks": "Lampiran SK menyusul"})
    assert r.status_code == 201 and r.get_json()["elemen"] is None
    whole = r.get_json()
    r = client.post(url, headers=bearer(people["opd"]),
                    json={"teks": "Sudah kami lengkapi", "balasan": on_element["id"]})
    assert r.status_code == 201
    reply = r.get_json()
    assert (reply["balasanUntuk"], reply["elemen"]) == (on_element["id"], KEPT_ELEMENT)
    # a reply to a reply joins the same thread
    r = client.post(url, headers=bearer(people["verif"]), json={"teks": "Baik", "balasan": reply["id"]})
    assert r.get_json()["balasanUntuk"] == on_element["id"]

    body = client.get(url, headers=bearer(people["opd"])).get_json()
    assert body["count"] == 2
    threads = {t["id"]: t for t in body["komentar"]}
    assert [b["teks"] for b in threads[on_element["id"]]["balasan"]] == ["Sudah kami lengkapi", "Baik"]
    assert threads[on_element["id"]]["namaElemen"]
    assert threads[whole["id"]]["elemenAda"] is None and threads[whole["id"]]["tanda"] is None

    r = _post(client, f"/api/v1/komentar/{reply['id']}/selesai", people["verif"])   # resolves the thread
    assert r.status_code == 200 and r.get_json()["id"] == on_element["id"] and r.get_json()["selesai"]
    assert r.get_json()["diselesaikanOleh"]["username"] == VERIF[0]
    r = _post(client, f"/api/v1/komentar/{on_element['id']}/selesai", people["opd"])
    assert (r.status_code, _code(r)) == (409, "ALREADY_RESOLVED")
    assert _post(client, "/api/v1/komentar/999999/selesai", people["opd"]).status_code == 404


def test_another_opd_cannot_see_or_touch_comments(app, client, people):
    sid = _store(app, GOOD.read_bytes())
    theirs = _store(app, FLAWED.read_bytes(), name="dpmptsp.bpmn", username="dpmptsp")
    c = client.post(f"/api/v1/submissions/{sid}/komentar", headers=bearer(people["verif"]),
                    json={"teks": "Rahasia Disdukcapil"}).get_json()
    other_thread = client.post(f"/api/v1/submissions/{theirs}/komentar", headers=bearer(people["other"]),
                               json={"teks": "Milik DPMPTSP"}).get_json()
    for r in (client.get(f"/api/v1/submissions/{sid}/komentar", headers=bearer(people["other"])),
              _post(client, f"/api/v1/submissions/{sid}/komentar", people["other"], {"teks": "x"}),
              _post(client, f"/api/v1/komentar/{c['id']}/selesai", people["other"]),
              client.get(f"/api/v1/submissions/{sid}/tahap", headers=bearer(people["other"]))):
        assert (r.status_code, _code(r)) == (404, "NOT_FOUND")
        assert b"Rahasia" not in r.get_data()
    # a reply cannot hang a comment on another OPD's thread
    r = _post(client, f"/api/v1/submissions/{sid}/komentar", people["opd"],
              {"teks": "x", "balasan": other_thread["id"]})
    assert (r.status_code, _code(r)) == (422, "BAD_PARENT")
    # nor does the other OPD's list show it, nor its report page
    assert b"Rahasia" not in client.get(f"/api/v1/submissions/{theirs}/komentar",
                                        headers=bearer(people["other"])).get_data()
    login(client, "dpmptsp", "dpmptsp-2025")
    assert client.get(f"/laporan/{sid}").status_code == 404
    with app.extensions["ppb_db"].session() as sess:
        assert sess.get(Comment, c["id"]).resolved_at is None


def test_comments_of_earlier_versions_show_on_later_ones_with_their_marks(app, client, people):
    first = _store(app, GOOD.read_bytes())
    url1 = f"/api/v1/submissions/{first}/komentar"
    kept = _post(client, url1, people["verif"], {"elemen": KEPT_ELEMENT, "teks": "Kode kurang"}).get_json()
    gone = _post(client, url1, people["verif"], {"elemen": GONE_ELEMENT, "teks": "Pisahkan capil"}).get_json()
    whole = _post(client, url1, people["opd"], {"teks": "Catatan umum"}).get_json()
    second = _store(app, _without_capil(GOOD.read_bytes()))
    with app.extensions["ppb_db"].session() as sess:
        v1, v2 = sess.get(Submission, first), sess.get(Submission, second)
        assert review.map_key(v1) == review.map_key(v2) and v2.version == v1.version + 1
        version1 = v1.version
    later = _post(client, f"/api/v1/submissions/{second}/komentar", people["verif"],
                  {"teks": "Versi baru lebih baik"}).get_json()
    # a comment on the removed element cannot be made on the new version
    r = _post(client, f"/api/v1/submissions/{second}/komentar", people["verif"],
              {"elemen": GONE_ELEMENT, "teks": "x"})
    assert (r.status_code, _code(r)) == (422, "UNKNOWN_ELEMENT")

    on_v2 = {t["id"]: t for t in client.get(f"/api/v1/submissions/{second}/komentar",
                                             headers=bearer(people["opd"])).get_json()["komentar"]}
    assert set(on_v2) == {kept["id"], gone["id"], whole["id"], later["id"]}
    for cid in (kept["id"], gone["id"], whole["id"]):
        assert on_v2[cid]["catatanVersi"] == f"dibuat pada versi {version1}"
        assert on_v2[cid]["dariVersiSebelumnya"] is True
    assert on_v2[kept["id"]]["elemenAda"] is True and on_v2[kept["id"]]["tanda"] is None
    assert on_v2[gone["id"]]["elemenAda"] is False
    assert on_v2[gone["id"]]["tanda"] == "elemen tidak ada lagi di versi ini"
    assert on_v2[gone["id"]]["namaElemen"]        # named as the version it was made on names it
    assert on_v2[later["id"]]["catatanVersi"] is None

    on_v1 = {t["id"]: t for t in client.get(url1, headers=bearer(people["opd"])).get_json()["komentar"]}
    assert set(on_v1) == {kept["id"], gone["id"], whole["id"]}        # not the later comment
    assert on_v1[gone["id"]]["elemenAda"] is True and on_v1[gone["id"]]["catatanVersi"] is None

    # a reply made while viewing version 2 joins the thread of version 1
    r = _post(client, f"/api/v1/submissions/{second}/komentar", people["opd"],
              {"teks": "Capil kini proses sendiri", "balasan": gone["id"]})
    assert r.status_code == 201 and r.get_json()["submission"] == second

    login(client, *OPD_USER)
    page = client.get(f"/laporan/{second}").get_data(as_text=True)
    assert "elemen tidak ada lagi di versi ini" in page
    assert f"dibuat pada versi {version1}" in page
    assert f'id="komentar-{gone["id"]}"' in page and 'data-present="false"' in page
    assert "Capil kini proses sendiri" in page


# -- notices -----------------------------------------------------------------------------------

def _notices(app, username: str) -> list[str]:
    with app.extensions["ppb_db"].session() as sess:
        user = sess.scalar(select(User).where(User.username == username))
        return [n.text for n in sess.scalars(select(Notice).where(Notice.user_id == user.id)
                                             .order_by(Notice.id))]


def test_notices_go_to_the_other_side(app, client, people):
    sid = _store(app, GOOD.read_bytes())
    assert _act(client, sid, "ajukan", people["opd"]).status_code == 200
    for name in (VERIF[0], VERIF2[0], "admin"):
        assert len(_notices(app, name)) == 1 and "mengajukan peta" in _notices(app, name)[0]
    assert _notices(app, OPD_USER[0]) == [] and _notices(app, "dpmptsp") == []

    assert _act(client, sid, "minta-revisi", people["verif"], "Lengkapi SK").status_code == 200
    assert "perlu direvisi" in _notices(app, OPD_USER[0])[-1] and "Lengkapi SK" in _notices(app, OPD_USER[0])[-1]
    assert len(_notices(app, VERIF[0])) == 1                # not to the one who acted
    assert _notices(app, "dpmptsp") == []                   # not to another OPD

    _post(client, f"/api/v1/submissions/{sid}/komentar", people["verif"], {"teks": "Lihat Dafduk"})
    assert "Lihat Dafduk" in _notices(app, OPD_USER[0])[-1]
    assert len(_notices(app, VERIF2[0])) == 1               # a reviewer's comment goes to the OPD
    _post(client, f"/api/v1/submissions/{sid}/komentar", people["opd"], {"teks": "Siap"})
    assert "Siap" in _notices(app, VERIF2[0])[-1] and "Siap" in _notices(app, "admin")[-1]

    assert _act(client, sid, "ajukan", people["opd"]).status_code == 200
    assert _act(client, sid, "verifikasi", people["verif2"]).status_code == 200
    assert "telah diverifikasi" in _notices(app, OPD_USER[0])[-1]

    # the header counts them; opening one marks it read and leads to its page
    login(client, *OPD_USER)
    unread = len(_notices(app, OPD_USER[0]))
    page = client.get("/riwayat").get_data(as_text=True)
    assert f'aria-label="{unread} belum dibaca"' in page
    listing = client.get("/pemberitahuan").get_data(as_text=True)
    assert "telah diverifikasi" in listing
    with app.extensions["ppb_db"].session() as sess:
        mine = sess.scalars(select(Notice).join(User, User.id == Notice.user_id)
                            .where(User.username == OPD_USER[0]).order_by(Notice.id)).first()
        theirs = sess.scalars(select(Notice).join(User, User.id == Notice.user_id)
                              .where(User.username == "admin")).first()
    r = client.get(f"/pemberitahuan/{mine.id}/buka")
    assert r.status_code == 303 and r.headers["Location"].endswith(mine.link)
    assert client.get(f"/pemberitahuan/{theirs.id}/buka").status_code == 404
    page = client.get("/riwayat").get_data(as_text=True)
    assert f'aria-label="{unread - 1} belum dibaca"' in page
    r = client.post("/pemberitahuan/baca", data={"csrf_token": csrf_token(listing)})
    assert r.status_code == 303
    assert 'class="nav-badge"' not in client.get("/riwayat").get_data(as_text=True)
    with app.extensions["ppb_db"].session() as sess:
        assert sess.get(Notice, theirs.id).read_at is None


class FakeSmtp:
    """A tiny SMTP server on a free loopback port: enough of the protocol for smtplib; it keeps
    each message it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.messages: list[dict] = []
        self.received = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as rf:
                conn.sendall(b"220 uji ESMTP\r\n")
                rcpt, data = [], None
                while True:
                    line = rf.readline()
                    if not line:
                        break
                    cmd = line.decode().strip()
                    if data is not None:
                        if cmd == ".":
                            self.messages.append({"rcpt": rcpt, "data": b"".join(data).decode()})
                            self.received.set()
                            data = None
                            conn.sendall(b"250 ok\r\n")
                        else:
                            data.append(line)
                        continue
                    verb = cmd.split(" ")[0].upper()
                    if verb == "RCPT":
                        rcpt.append(cmd.split(":", 1)[1].strip(" <>"))
                    if verb == "DATA":
                        data = []
                        conn.sendall(b"354 go on\r\n")
                    elif verb == "QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    else:
                        conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.sock.close()


def test_notices_by_email_only_when_the_server_has_smtp(app, client, people):
    smtp = FakeSmtp()
    try:
        login(client, *OPD_USER)
        page = client.get("/pemberitahuan").get_data(as_text=True)
        assert "belum dipasang untuk mengirim surel" in page
        r = client.post("/pemberitahuan/surel", data={"surel": "bukan alamat",
                                                      "csrf_token": csrf_token(page)})
        assert r.status_code == 303
        assert "tidak valid" in client.get("/pemberitahuan").get_data(as_text=True)
        client.post("/pemberitahuan/surel", data={"surel": "operator@disdukcapil.pariamankota.go.id",
                                                  "csrf_token": csrf_token(page)})
        sid = _store(app, GOOD.read_bytes())
        assert _act(client, sid, "ajukan", people["opd"]).status_code == 200
        assert app.config.get("SMTP_URL") in (None, "")
        assert _act(client, sid, "minta-revisi", people["verif"], "Tanpa surel").status_code == 200
        assert not smtp.received.wait(0.5) and smtp.messages == []      # none by default

        app.config["SMTP_URL"] = f"smtp://127.0.0.1:{smtp.port}?from=ppb@pariamankota.go.id"
        assert _act(client, sid, "ajukan", people["opd"]).status_code == 200
        assert _act(client, sid, "minta-revisi", people["verif"], "Perbaiki lane Capil").status_code == 200
        assert smtp.received.wait(10), "no e-mail arrived"
        assert smtp.messages[0]["rcpt"] == ["operator@disdukcapil.pariamankota.go.id"]
        assert "Perbaiki lane Capil" in smtp.messages[0]["data"]
        # a mail server that cannot be reached never fails the action
        app.config["SMTP_URL"] = f"smtp://127.0.0.1:{_closed_port()}"
        assert _act(client, sid, "ajukan", people["opd"]).status_code == 200
        assert review.send_mail(app.config["SMTP_URL"], ["a@b.go.id"], "uji") is False
    finally:
        smtp.close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# -- pages -------------------------------------------------------------------------------------

def test_report_page_review_box_buttons_forms_and_queues(app, client, people):
    sid = _store(app, FLAWED.read_bytes(), name="cacat.bpmn")
    login(client, *OPD_USER)
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert 'id="tinjauan"' in page and "Draf" in page
    assert 'id="tinjauan-kesalahan"' in page and "Aturan validasi bersifat saran" in page
    assert page.index('id="tinjauan-kesalahan"') < page.index('id="temuan"')    # errors first
    assert 'id="tombol-ajukan"' in page and 'id="tombol-verifikasi"' not in page
    r = client.post(f"/tinjauan/{sid}/ajukan", data={"catatan": "Mohon ditinjau",
                                                     "csrf_token": csrf_token(page)})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/laporan/{sid}#tinjauan")
    assert _stage(app, sid) == "diajukan"
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert "Peta diajukan untuk diverifikasi." in page and "Mohon ditinjau" in page
    assert 'id="tombol-ajukan"' not in page
    # a form without its CSRF token is refused
    assert client.post(f"/tinjauan/{sid}/komentar", data={"teks": "x"}).status_code == 400
    assert client.post(f"/tinjauan/{sid}/verifikasi", data={"csrf_token": csrf_token(page)}).status_code == 403
    queue = client.get("/antrian").get_data(as_text=True)
    assert "Tidak ada peta yang diminta direvisi." in queue and "Menunggu verifikasi" in queue

    client.post("/keluar", data={"csrf_token": csrf_token(page)})
    login(client, *VERIF)
    queue = client.get("/antrian").get_data(as_text=True)
    assert f'data-submission="{sid}"' in queue
    row = queue[queue.index(f'data-submission="{sid}"'):]
    row = row[:row.index("</tr>")]
    with app.extensions["ppb_db"].session() as sess:
        sub = sess.get(Submission, sid)
        level = review.map_level(sub)
        errors = sub.errors
    assert "Dinas Kependudukan" in row and f"{errors} kesalahan" in row and "0 hari" in row
    assert level and f"<td>{level}</td>" in row
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert 'id="tombol-verifikasi"' in page and 'id="tombol-minta-revisi"' in page
    token = csrf_token(page)
    r = client.post(f"/tinjauan/{sid}/komentar", data={"elemen": KEPT_ELEMENT,
                                                       "teks": "Beri nama aktivitas ini", "csrf_token": token})
    assert r.status_code == 303 and "#komentar-" in r.headers["Location"]
    r = client.post(f"/tinjauan/{sid}/minta-revisi", data={"catatan": "", "csrf_token": token})
    assert r.status_code == 303 and _stage(app, sid) == "diajukan"
    assert "Tuliskan catatan" in client.get(f"/laporan/{sid}").get_data(as_text=True)
    r = client.post(f"/tinjauan/{sid}/minta-revisi", data={"catatan": "Namai semua aktivitas",
                                                           "csrf_token": token})
    assert r.status_code == 303 and _stage(app, sid) == "perlu-revisi"
    assert f'data-submission="{sid}"' not in client.get("/antrian").get_data(as_text=True)

    client.post("/keluar", data={"csrf_token": token})
    login(client, *OPD_USER)
    queue = client.get("/antrian").get_data(as_text=True)
    assert f'id="revisi-{sid}"' in queue and "Namai semua aktivitas" in queue
    assert "Beri nama aktivitas ini" in queue and KEPT_ELEMENT in queue
    page = client.get(f"/laporan/{sid}").get_data(as_text=True)
    with app.extensions["ppb_db"].session() as sess:
        cid = sess.scalar(select(Comment.id).where(Comment.submission_id == sid))
    r = client.post(f"/tinjauan/komentar/{cid}/selesai", data={"kembali": str(sid),
                                                               "csrf_token": csrf_token(page)})
    assert r.status_code == 303
    with app.extensions["ppb_db"].session() as sess:
        assert sess.get(Comment, cid).resolved_at is not None
    assert "Beri nama aktivitas ini" not in client.get("/antrian").get_data(as_text=True)


# -- two reviewers at once ---------------------------------------------------------------------

def test_two_verifikators_at_once_one_wins_the_other_gets_409(app, people):
    sid = _store(app, GOOD.read_bytes())
    first = app.test_client()
    assert _act(first, sid, "ajukan", people["opd"]).status_code == 200
    barrier = threading.Barrier(2)
    answers: dict[str, object] = {}

    def act(name: str, action: str, note: str | None) -> None:
        client = app.test_client()
        barrier.wait(timeout=10)
        answers[name] = _act(client, sid, action, people[name], note)

    threads = [threading.Thread(target=act, args=("verif", "verifikasi", None)),
               threading.Thread(target=act, args=("verif2", "minta-revisi", "Belum lengkap"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    statuses = sorted(r.status_code for r in answers.values())
    assert statuses == [200, 409], {k: (r.status_code, r.get_json()) for k, r in answers.items()}
    loser = next(r for r in answers.values() if r.status_code == 409)
    assert _code(loser) in ("CONFLICT", "WRONG_STAGE")
    winner = next(k for k, r in answers.items() if r.status_code == 200)
    with app.extensions["ppb_db"].session() as sess:
        moves = list(sess.scalars(select(StageEvent).where(StageEvent.submission_id == sid,
                                                           StageEvent.dari == "diajukan")))
    assert len(moves) == 1 and moves[0].actor == {"verif": VERIF[0], "verif2": VERIF2[0]}[winner]
    assert _stage(app, sid) == ("diverifikasi" if winner == "verif" else "perlu-revisi")


def test_compare_and_set_when_both_read_before_either_writes(app, people, monkeypatch):
    """Both reviewers read the stage (diajukan), then both write: the database's
    compare-and-set lets one through and answers the other CONFLICT. PostgreSQL only: SQLite
    serialises the two already at BEGIN IMMEDIATE, so they cannot both read first there."""
    if app.extensions["ppb_db"].engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes the write lock before reading (see the threaded test above)")
    sid = _store(app, GOOD.read_bytes())
    assert _act(app.test_client(), sid, "ajukan", people["opd"]).status_code == 200
    barrier = threading.Barrier(2)
    original = review._compare_and_set

    def both_read_first(*args, **kwargs):  # noqa: ANN002, ANN003
        barrier.wait(timeout=10)
        return original(*args, **kwargs)

    monkeypatch.setattr(review, "_compare_and_set", both_read_first)
    answers = {}

    def act(name: str) -> None:
        answers[name] = _act(app.test_client(), sid, "verifikasi", people[name])

    threads = [threading.Thread(target=act, args=(n,)) for n in ("verif", "verif2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.status_code for r in answers.values()) == [200, 409]
    loser = next(r for r in answers.values() if r.status_code == 409)
    assert _code(loser) == "CONFLICT" and "pengguna lain" in loser.get_json()["error"]["message"]
    with app.extensions["ppb_db"].session() as sess:
        assert sess.scalar(select(func.count(StageEvent.id)).where(
            StageEvent.submission_id == sid, StageEvent.ke == "diverifikasi")) == 1
