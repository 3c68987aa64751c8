"""Map identity: a stored version belongs to a map known by its ppb:kode (else its main process
id, its definitions id, its file name) within its OPD, not by its file name; the report says
which map it was matched to and its OPD (or an admin) may correct that; Riwayat draws one
trend per map; migration 0006 gives every stored row its key."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, inspect, select, text

from validator.web import services
from validator.web.identity import describe, identify
from validator.web.models import AuditEntry, Opd, Submission

from .conftest import ADMIN, OPD_USER, OTHER_USER, bearer, csrf_token, login
from .helpers import SAMPLES, as_map, flawed_bytes, good_bytes

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
PPB = "urn:ppb:permenpanrb-19-2018:1.0"


def _xml(defs: str = 'id="Defs_1"', body: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="{BPMN}" '
            f'xmlns:ppb="{PPB}" {defs} targetNamespace="http://contoh">{body}'
            '</bpmn:definitions>').encode()


def _process(pid: str, extra: str = "", flow: bool = True) -> str:
    inner = '<bpmn:startEvent id="S_{0}"/>'.format(pid) if flow else ""
    return f'<bpmn:process id="{pid}" {extra}>{inner}</bpmn:process>'


# -- the key, from the bytes ---------------------------------------------------------------------

def test_the_key_is_the_kode_where_the_model_reads_it():
    assert identify(_xml('id="D" ppb:kode="03.01.03"', _process("P")), "a.bpmn").key == "kode:03.01.03"
    on_process = identify(_xml(body=_process("P", 'name="Penerbitan KTP-el" ppb:kode=" 03.01 .03 "')),
                          "a.bpmn")
    assert (on_process.key, on_process.title) == ("kode:03.01.03", "Penerbitan KTP-el")
    pool = (f'<bpmn:collaboration id="C"><bpmn:participant id="Pool" name="Dinas" processRef="P" '
            f'ppb:kode="04.02"/></bpmn:collaboration>{_process("P")}')
    assert identify(_xml(body=pool), "a.bpmn").key == "kode:04.02"
    # every sample with a code is known by it
    sample = SAMPLES / "pariaman" / "ktp-el-lintas-fungsi-baik.bpmn"
    assert identify(sample.read_bytes(), sample.name).key == "kode:03.01.03"


def test_without_a_kode_the_main_process_then_definitions_then_file_name():
    two = _process("Kosong", flow=False) + _process("Utama") + _process("Eksekusi", 'isExecutable="true"')
    assert identify(_xml(body=two), "a.bpmn").key == "proses:Eksekusi"
    assert identify(_xml(body=_process("Kosong", flow=False) + _process("Utama")), "a.bpmn").key \
        == "proses:Utama"
    assert identify(_xml('id="Defs_9"'), "a.bpmn").key == "definisi:Defs_9"
    assert identify(_xml(""), "folder/a.bpmn").key == "berkas:folder/a.bpmn"
    assert identify(b"bukan xml <", "rusak.bpmn").key == "berkas:rusak.bpmn"
    assert identify(good_bytes(), "x.bpmn").key == identify(flawed_bytes(), "y.bpmn").key \
        == "proses:Proses_Disdukcapil"


def test_keys_in_words_and_long_keys_fit():
    assert describe("kode:03.01.03") == "kode proses 03.01.03"
    assert describe("proses:Proses_A") == "id proses Proses_A"
    assert describe("definisi:D") == "id definisi D"
    assert describe("berkas:a.bpmn") == "nama berkas a.bpmn"
    assert "versi #12" in describe("terpisah:12")
    long_id = "P" + "x" * 400
    key = identify(_xml(body=_process(long_id)), "a.bpmn").key
    assert len(key) <= 255 and key.startswith("proses:Pxxx")
    assert key != identify(_xml(body=_process(long_id + "y")), "a.bpmn").key


# -- versions per map ----------------------------------------------------------------------------

def _store(app, db, name: str, data: bytes, singkatan: str = "DISPARBUD") -> Submission:
    with app.app_context(), db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == singkatan))
        sub = services.store_upload(sess, opd=opd, uploader=None, filename=name, data=data)[0]
        sess.flush()
        return sub


def test_the_same_map_under_two_file_names_is_versions_1_and_2(app, db):
    a = _store(app, db, "peta-lama.bpmn", as_map(flawed_bytes(), "Proses_Izin"))
    b = _store(app, db, "peta-baru-dinamai-ulang.bpmn", as_map(good_bytes(), "Proses_Izin"))
    assert (a.map_key, a.version) == ("proses:Proses_Izin", 1)
    assert (b.map_key, b.version) == ("proses:Proses_Izin", 2)
    assert b.map_title == "Pelayanan Administrasi Kependudukan dan Pencatatan Sipil"


def test_two_maps_under_one_file_name_are_two_maps(app, db):
    subs = [_store(app, db, "B.2.0-export.bpmn", as_map(good_bytes(), f"Proses_{n}")) for n in "XYZ"]
    assert [(s.map_key, s.version) for s in subs] == [
        ("proses:Proses_X", 1), ("proses:Proses_Y", 1), ("proses:Proses_Z", 1)]
    again = _store(app, db, "B.2.0-export.bpmn", as_map(flawed_bytes(), "Proses_Y"))
    assert (again.map_key, again.version) == ("proses:Proses_Y", 2)


def test_keys_are_per_opd(app, db):
    here = _store(app, db, "a.bpmn", as_map(good_bytes(), "Proses_Sama"), "DISPARBUD")
    there = _store(app, db, "a.bpmn", as_map(good_bytes(), "Proses_Sama"), "DKP")
    assert here.map_key == there.map_key and here.version == there.version == 1


def test_the_api_names_the_map(app, client, token):
    r = client.post("/api/v1/validate?simpan=1&filename=lain.bpmn", data=good_bytes(),
                    headers={**bearer(token), "Content-Type": "application/xml"})
    assert r.status_code == 201, r.get_data(as_text=True)
    peta = r.get_json()["submissions"][0]["peta"]
    # the demo data holds this map for Disdukcapil twice already (the good and the flawed sample)
    assert peta == {"kunci": "proses:Proses_Disdukcapil",
                    "judul": "Pelayanan Administrasi Kependudukan dan Pencatatan Sipil", "versi": 3}


# -- the report says which map; its OPD corrects it ------------------------------------------------

def _ids(db, singkatan: str, filename: str) -> int:
    with db.session() as sess:
        return sess.scalar(select(Submission.id).join(Opd).where(
            Opd.singkatan == singkatan, Submission.filename == filename))


def test_the_report_says_which_map_a_version_is(app, client, db):
    login(client, *OPD_USER)
    flawed = _ids(db, "DISDUKCAPIL", "disdukcapil-level1-cacat.bpmn")
    html = client.get(f"/laporan/{flawed}").get_data(as_text=True)
    notice = re.search(r'<div class="note identitas".*?</div>', html, re.S).group(0)
    text_only = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", notice))
    assert "Dikenali sebagai versi 2 dari peta Pelayanan Administrasi Kependudukan" in text_only
    assert "(id proses Proses_Disdukcapil)" in text_only
    assert 'href="/peta/DISDUKCAPIL/proses:Proses_Disdukcapil"' in notice
    assert 'name="csrf_token"' in notice and 'value="kode:03.01.03"' in notice   # the KTP-el map
    first = _ids(db, "DISDUKCAPIL", "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn")
    html = client.get(f"/laporan/{first}").get_data(as_text=True)
    assert re.search(r"<strong>Peta baru</strong>", html)
    assert "kode proses 03.02.01" in html


def _move(client, sid: int, target: str, seen: str | None, page_of: int | None = None):
    page = client.get(f"/laporan/{page_of or sid}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "tujuan": target}
    if seen is not None:
        data["dari"] = seen
    return client.post(f"/laporan/{sid}/peta", data=data)


def test_the_opd_moves_a_version_to_another_map(app, client, db):
    login(client, *OPD_USER)
    flawed = _ids(db, "DISDUKCAPIL", "disdukcapil-level1-cacat.bpmn")
    r = _move(client, flawed, "kode:03.01.03", "proses:Proses_Disdukcapil")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/laporan/{flawed}")
    with db.session() as sess:
        sub = sess.get(Submission, flawed)
        assert (sub.map_key, sub.version, sub.map_title) == ("kode:03.01.03", 3, "Penerbitan KTP-el")
        entry = sess.scalar(select(AuditEntry).where(AuditEntry.kind == "peta-pindah"))
        assert entry.actor == OPD_USER[0] and f"#{flawed}" in entry.target
        assert "id proses Proses_Disdukcapil versi 2" in entry.detail
        assert "kode proses 03.01.03 versi 3" in entry.detail
    html = client.get(f"/laporan/{flawed}").get_data(as_text=True)
    assert "kini tercatat sebagai versi 3 dari peta Penerbitan KTP-el" in html
    # and back out as a map of its own
    r = _move(client, flawed, "baru", "kode:03.01.03")
    assert r.status_code == 303
    with db.session() as sess:
        sub = sess.get(Submission, flawed)
        assert (sub.map_key, sub.version) == (f"terpisah:{flawed}", 1)
        assert sub.map_title == "Pelayanan Administrasi Kependudukan dan Pencatatan Sipil"
    # the next upload of the same bytes is matched by its identity again
    again = _store(app, db, "ulang.bpmn", flawed_bytes(), "DISDUKCAPIL")
    assert (again.map_key, again.version) == ("proses:Proses_Disdukcapil", 2)


def test_bad_targets_and_lost_races_are_refused_in_indonesian(app, client, db):
    login(client, *OPD_USER)
    flawed = _ids(db, "DISDUKCAPIL", "disdukcapil-level1-cacat.bpmn")
    other_opds_map = "proses:Proses_DPMPTSP"        # a map of DPMPTSP, not of this OPD
    for target, status, words in ((other_opds_map, 400, "Peta tujuan tidak ditemukan"),
                                  ("kode:tidak-ada", 400, "Peta tujuan tidak ditemukan"),
                                  ("proses:Proses_Disdukcapil", 400, "sudah tercatat pada peta"),
                                  ("", 400, "Pilih peta tujuan")):
        r = _move(client, flawed, target, "proses:Proses_Disdukcapil")
        assert r.status_code == status, (target, r.status_code)
        assert words in r.get_data(as_text=True)
    # the page was loaded when the version was still on another map: someone moved it since
    r = _move(client, flawed, "kode:03.01.03", "kode:03.02.01")
    assert r.status_code == 409 and "baru saja dipindahkan" in r.get_data(as_text=True)
    with db.session() as sess:
        sub = sess.get(Submission, flawed)
        assert (sub.map_key, sub.version) == ("proses:Proses_Disdukcapil", 2)
        assert not sess.scalar(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.kind == "peta-pindah"))
    # without the form's CSRF token nothing happens
    r = client.post(f"/laporan/{flawed}/peta", data={"tujuan": "kode:03.01.03"})
    assert r.status_code == 400
    with db.session() as sess:
        assert sess.get(Submission, flawed).map_key == "proses:Proses_Disdukcapil"


def test_a_move_that_loses_the_race_for_the_version_number_answers_409(app, db, monkeypatch):
    """Two moves (or an upload) take the same next version of the target: the second fails
    on the unique (OPD, map, version) and says so with 409, leaving the version unmoved."""
    with app.app_context(), db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        user = sess.scalar(select(services.User).where(services.User.username == OPD_USER[0]))
        sub = sess.scalar(select(Submission).where(Submission.opd_id == opd.id,
                                                   Submission.filename == "disdukcapil-level1-cacat.bpmn"))
        monkeypatch.setattr(services, "_next_version", lambda *a: 1)   # v1 of KTP-el exists
        with pytest.raises(services.MapMoveError) as exc:
            services.move_to_map(sess, user, sub, "kode:03.01.03", "proses:Proses_Disdukcapil")
        assert exc.value.http_status == 409 and "muat ulang" in exc.value.message
        assert (sub.map_key, sub.version) == ("proses:Proses_Disdukcapil", 2)


def test_only_the_opd_and_admins_may_move(app, client, db):
    flawed = _ids(db, "DISDUKCAPIL", "disdukcapil-level1-cacat.bpmn")
    login(client, *OTHER_USER)                               # another OPD: sees nothing
    page = client.get("/unggah").get_data(as_text=True)
    r = client.post(f"/laporan/{flawed}/peta", data={"csrf_token": csrf_token(page),
                                                     "tujuan": "kode:03.01.03"})
    assert r.status_code == 404
    assert client.get("/peta/DISDUKCAPIL/proses:Proses_Disdukcapil").status_code == 404
    assert client.get(f"/peta/DISDUKCAPIL/{flawed}").status_code == 404
    from validator.web import accounts

    with db.session() as sess:
        accounts.create_user(sess, username="verif.peta", role="verifikator",
                             password="lubuk-minturun-hijau")
    verif = app.test_client()
    login(verif, "verif.peta", "lubuk-minturun-hijau")      # reads every OPD, writes none
    html = verif.get(f"/laporan/{flawed}").get_data(as_text=True)
    assert "Dikenali sebagai" in html and "Bukan peta ini?" not in html
    r = verif.post(f"/laporan/{flawed}/peta", data={"csrf_token": csrf_token(html),
                                                    "tujuan": "kode:03.01.03"})
    assert r.status_code == 403 and "admin" in r.get_data(as_text=True)
    admin = app.test_client()
    login(admin, *ADMIN)
    assert _move(admin, flawed, "kode:03.01.03", "proses:Proses_Disdukcapil").status_code == 303
    with db.session() as sess:
        assert sess.get(Submission, flawed).map_key == "kode:03.01.03"


# -- the map page and Riwayat ---------------------------------------------------------------------

def test_the_map_page_lists_every_version(app, client, db):
    a = _store(app, db, "satu.bpmn", as_map(flawed_bytes(), "Proses_Halaman"), "DISDUKCAPIL")
    b = _store(app, db, "dua.bpmn", as_map(good_bytes(), "Proses_Halaman"), "DISDUKCAPIL")
    login(client, *OPD_USER)
    for ref in ("proses:Proses_Halaman", str(a.id)):
        r = client.get(f"/peta/DISDUKCAPIL/{ref}")
        assert r.status_code == 200, ref
        html = r.get_data(as_text=True)
        table = re.search(r'<table class="data" id="tabel-versi">.*?</table>', html, re.S).group(0)
        assert re.findall(r'<tr data-versi="(\d+)">', table) == ["2", "1"]
        assert f'href="/laporan/{b.id}"' in html and f'href="/laporan/{a.id}"' in html
        assert "id proses Proses_Halaman" in html and "dua.bpmn, satu.bpmn" in html
        assert '<dd id="jumlah-versi">2</dd>' in html
    assert client.get("/peta/DISDUKCAPIL/proses:Tidak_Ada").status_code == 404
    assert client.get("/peta/TIDAK-ADA/proses:Proses_Halaman").status_code == 404


def test_riwayat_draws_one_trend_per_map(app, client, db):
    with db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DISDUKCAPIL"))
        keys = dict(sess.execute(select(Submission.map_key, func.count(Submission.id))
                                 .where(Submission.opd_id == opd.id)
                                 .group_by(Submission.map_key)).all())
    assert len(keys) >= 3 and any(n > 1 for n in keys.values()) and any(n == 1 for n in keys.values())
    login(client, *OPD_USER)
    html = client.get("/riwayat").get_data(as_text=True)
    figures = re.findall(r'<figure class="trend" id="tren-\d+" data-kunci="([^"]+)" '
                         r'data-versi="(\d+)">(.*?)</figure>', html, re.S)
    assert {k: int(n) for k, n, _ in figures} == keys            # one per map, all versions
    for key, n, body in figures:
        if int(n) > 1:   # a line through its versions: errors and warnings
            assert body.count("<polyline") == 2
            points = re.search(r'series-error" points="([^"]+)"', body).group(1).split()
            assert len(points) == int(n)
        else:            # one version: its own counts, no line
            assert "<polyline" not in body and "1 versi" in body
    assert html.count('id="trend-chart"') == 1


def test_riwayat_of_maps_uploaded_under_one_file_name_keeps_them_apart(app, client, db):
    for n in "XY":
        _store(app, db, "B.2.0-export.bpmn", as_map(good_bytes(), f"Proses_{n}"), "DISDUKCAPIL")
    _store(app, db, "B.2.0-export.bpmn", as_map(flawed_bytes(), "Proses_X"), "DISDUKCAPIL")
    login(client, *OPD_USER)
    html = client.get("/riwayat").get_data(as_text=True)
    found = dict(re.findall(r'data-kunci="(proses:Proses_[XY])" data-versi="(\d+)"', html))
    assert found == {"proses:Proses_X": "2", "proses:Proses_Y": "1"}


# -- migration 0006 -------------------------------------------------------------------------------

def _alembic(conn, target: str, down: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    from validator.web.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    (command.downgrade if down else command.upgrade)(cfg, target)


ROWS = [   # (OPD, file name, content, version as numbered per file name before 0006)
    ("A", "B.2.0-export.bpmn", as_map(good_bytes(), "Proses_X"), 1),
    ("A", "B.2.0-export.bpmn", as_map(good_bytes(), "Proses_Y"), 2),
    ("A", "B.2.0-export.bpmn", as_map(flawed_bytes(), "Proses_X"), 3),
    ("A", "nama-lain.bpmn", as_map(good_bytes(), "Proses_Y"), 1),
    ("A", "rusak.bpmn", b"<bukan", 1),
    ("A", "ktp.bpmn", (SAMPLES / "pariaman" / "ktp-el-lintas-fungsi-baik.bpmn").read_bytes(), 1),
    ("B", "B.2.0-export.bpmn", as_map(good_bytes(), "Proses_X"), 1),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("fresh_postgres_url")
    return f"sqlite:///{tmp_path / 'migrasi.sqlite3'}"


def test_migration_0006_gives_every_stored_row_its_key(empty_url):
    from validator.web.db import make_engine

    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            _alembic(conn, "0005")
        now = datetime(2026, 12, 1, tzinfo=timezone.utc)
        with engine.begin() as conn:
            for n, name in enumerate(("A", "B"), 1):
                conn.execute(text("INSERT INTO opd (id, singkatan, nama) VALUES (:i, :s, :s)"),
                             {"i": n, "s": name})
            for i, (opd, filename, content, version) in enumerate(ROWS, 1):
                conn.execute(text(
                    "INSERT INTO submission (id, opd_id, filename, version, content, sha256, size, "
                    "created_at, validator_version, catalog_version, profile, status, errors, "
                    "warnings, infos, report_json) VALUES (:id, :opd, :f, :v, :c, 'x', 1, :t, "
                    "'1', '1', 'standar', 'ok', 0, 0, 0, '{}')"),
                    {"id": i, "opd": 1 if opd == "A" else 2, "f": filename, "v": version,
                     "c": content, "t": now})
            conn.execute(text(   # a simulation started from row 3 keeps pointing at it
                "INSERT INTO job (id, kind, status, progress, message, params_json, created_at, "
                "attempts, cancel_requested, submission_id) VALUES ('j1', 'simulasi', 'selesai', "
                "100, '', '{}', :t, 0, :f, 3)"), {"t": now, "f": False})
        with engine.begin() as conn:
            _alembic(conn, "0006")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, map_key, version, map_title FROM submission "
                                     "ORDER BY id")).all()
            assert [(r.map_key, r.version) for r in rows] == [
                ("proses:Proses_X", 1), ("proses:Proses_Y", 1), ("proses:Proses_X", 2),
                ("proses:Proses_Y", 2), ("berkas:rusak.bpmn", 1), ("kode:03.01.03", 1),
                ("proses:Proses_X", 1)]
            assert rows[5].map_title == "Penerbitan KTP-el" and rows[4].map_title == "rusak.bpmn"
            assert conn.execute(text("SELECT submission_id FROM job WHERE id = 'j1'")).scalar() == 3
        insp = inspect(engine)
        uniques = insp.get_unique_constraints("submission")
        assert [set(u["column_names"]) for u in uniques] == [{"opd_id", "map_key", "version"}]
        assert uniques[0]["name"] == "uq_submission_opd_map_version"
        assert any(i["column_names"] == ["map_key"] for i in insp.get_indexes("submission"))
        assert not next(c for c in insp.get_columns("submission") if c["name"] == "map_key")["nullable"]
        # the new constraint holds; the old one is gone
        with pytest.raises(Exception), engine.begin() as conn:
            conn.execute(text("UPDATE submission SET version = 1 WHERE id = 3"))
        with engine.begin() as conn:
            conn.execute(text("UPDATE submission SET filename = 'x.bpmn', version = 7 WHERE id IN (1, 2)"))
            conn.execute(text("UPDATE submission SET version = 1 WHERE id = 2"))
        # and back: versions per file name again, the simulation's link kept
        with engine.begin() as conn:
            _alembic(conn, "0005", down=True)
        with engine.connect() as conn:
            back = conn.execute(text("SELECT filename, version FROM submission ORDER BY id")).all()
            assert [tuple(r) for r in back][:4] == [("x.bpmn", 1), ("x.bpmn", 2),
                                                     ("B.2.0-export.bpmn", 1), ("nama-lain.bpmn", 1)]
            assert conn.execute(text("SELECT submission_id FROM job WHERE id = 'j1'")).scalar() == 3
        assert {frozenset(u["column_names"]) for u in inspect(engine).get_unique_constraints("submission")} \
            == {frozenset({"opd_id", "filename", "version"})}
    finally:
        engine.dispose()


def test_map_page_addresses_that_name_nothing_answer_404(app, client):
    login(client, *OPD_USER)
    for url in ("/peta/DISDUKCAPIL/99999999999999999999", "/peta/DISDUKCAPIL/2147483648",
                "/peta/DISDUKCAPIL/proses:a%00b", "/peta/DIS%00DUKCAPIL/proses:a",
                "/peta/DISDUKCAPIL/" + "x" * 2000, "/peta/DISDUKCAPIL/%C2%B2"):
        assert client.get(url).status_code == 404, url
    r = client.post("/laporan/2147483648/peta", data={})
    assert r.status_code in (400, 404)
