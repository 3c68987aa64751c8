"""Documents on the server (issue #14): the SOP AP document of the sample SOP read back with
python-docx, the Peta Proses Bisnis document of a map and of an edition (nomor when enacted,
DRAF otherwise), PDF as a ``dokumen`` job whose file is read back with pypdf, and what
another OPD, a bad format or a missing LibreOffice get."""
from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from sqlalchemy import select

from validator.web import documents_web, jobs
from validator.web.models import Job, Submission

from .conftest import OTHER_USER, bearer, login

SOP = "sop-penerbitan-sip-bidan-baik.bpmn"      # DPMPTSP's (OTHER_USER's) SOP map
LEVEL1 = "dpmptsp-level1-baik.bpmn"
TIMEOUT = 120
DOCX = documents_web.MIME["docx"]


@pytest.fixture
def doc_app(app, tmp_path_factory, monkeypatch):
    """The app, with one diagram cache for the whole session (bpmn-js draws each sample map
    once) and an empty document cache; its job runner stopped afterwards."""
    cache = tmp_path_factory.getbasetemp() / "dokumen-diagram"
    monkeypatch.setenv("PPB_DIAGRAM_CACHE", str(cache))
    documents_web.clear_cache()
    yield app
    jobs.runner_of(app).shutdown(wait=True)
    documents_web.clear_cache()


@pytest.fixture
def doc_client(doc_app):
    return doc_app.test_client()


def _sid(app, name: str) -> int:
    """The newest version of the map first stored under ``name``."""
    with app.extensions["ppb_db"].session() as sess:
        first = sess.scalar(select(Submission).where(Submission.filename == name)
                            .order_by(Submission.id).limit(1))
        return sess.scalar(select(Submission.id).where(Submission.opd_id == first.opd_id,
                                                       Submission.map_key == first.map_key)
                           .order_by(Submission.version.desc()).limit(1))


def _texts(data: bytes) -> str:
    """Every text run of a DOCX (body, tables, headers and footers), one string."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                xml = zf.read(name).decode("utf-8")
                out += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    return " ".join(out)


def _wait(client, headers, job_id: str) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
        if body["status"] in jobs.FINAL:
            return body
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end within {TIMEOUT} s")


def _verified_edition(client, admin_token, names: list[str], app) -> int:
    h = bearer(admin_token)
    eid = client.post("/api/v1/edisi", json={"nama": "Peta Proses Bisnis Kota Pariaman 2025",
                                             "tahun": 2025}, headers=h).get_json()["id"]
    for name in names:
        sid = _sid(app, name)
        for action in ("ajukan", "verifikasi"):
            r = client.post(f"/api/v1/submissions/{sid}/{action}", json={}, headers=h)
            assert r.status_code == 200, r.get_json()
        r = client.post(f"/api/v1/edisi/{eid}/peta", json={"submission": sid}, headers=h)
        assert r.status_code == 201, r.get_json()
    return eid


# -- the SOP AP document ---------------------------------------------------------------------------

def test_sop_docx_from_the_api_has_the_sop_and_its_procedure_table(doc_app, doc_client, other_token):
    import docx

    sid = _sid(doc_app, SOP)
    r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=docx", headers=bearer(other_token))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert r.mimetype == DOCX
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Penerbitan Surat Izin Praktik Bidan.docx" in disposition

    document = docx.Document(io.BytesIO(r.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "PENERBITAN SURAT IZIN PRAKTIK BIDAN" in paragraphs
    procedure = [t for t in document.tables
                 if [c.text for c in t.rows[0].cells][:2] == ["No", "Kegiatan"]
                 and "Mutu Baku" in [c.text for c in t.rows[0].cells]]
    assert procedure, "no procedure table (No, Kegiatan, Pelaksana..., Mutu Baku, Keterangan)"
    table = procedure[0]
    second = [c.text for c in table.rows[1].cells]
    assert second[2:4] == ["Petugas Front Office", "Tim Teknis Perizinan Tenaga Kesehatan"]
    assert {"Kelengkapan", "Waktu", "Output"} <= set(second)
    assert table.rows[2].cells[1].text.startswith("Mulai")     # the flow, in order
    assert len(table.rows) > 6
    assert "800/017/SOP-DPMPTSP/2025" in _texts(r.data)         # identity: Nomor SOP

    # the second download comes from the cache, byte for byte
    again = doc_client.get(f"/api/v1/submissions/{sid}/dokumen", headers=bearer(other_token))
    assert again.status_code == 200 and again.data == r.data
    with doc_app.app_context(), doc_app.extensions["ppb_db"].session() as sess:
        from validator.web.models import User
        user = sess.scalar(select(User).where(User.username == OTHER_USER[0]))
        source = documents_web.submission_source(sess, user, sid)
    assert documents_web.cached(source.key("docx")) is not None


def test_html_print_view_is_inline_and_runs_no_script(doc_app, doc_client, other_token):
    sid = _sid(doc_app, SOP)
    r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=html", headers=bearer(other_token))
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert r.headers["Content-Disposition"].startswith("inline;")
    assert "script-src" not in r.headers["Content-Security-Policy"]
    assert "Penerbitan Surat Izin Praktik Bidan" in r.get_data(as_text=True)


def test_bad_format_is_400_and_another_opd_gets_404(doc_app, doc_client, other_token, token):
    sid = _sid(doc_app, SOP)
    r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=xlsx", headers=bearer(other_token))
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "BAD_FORMAT"
    assert "docx, pdf, atau html" in r.get_json()["error"]["message"]
    # Disdukcapil may not see DPMPTSP's map: 404 whatever the format, and no job is made
    for fmt in ("docx", "pdf", "html", "xlsx"):
        r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format={fmt}", headers=bearer(token))
        assert r.status_code == 404, fmt
    with doc_app.extensions["ppb_db"].session() as sess:
        assert not sess.scalars(select(Job).where(Job.kind == "dokumen")).all()
    assert doc_client.get("/api/v1/submissions/999999/dokumen", headers=bearer(other_token)).status_code == 404


def test_page_routes_download_and_refuse(doc_app, doc_client):
    sid = _sid(doc_app, SOP)
    assert login(doc_client, *OTHER_USER).status_code == 302
    page = doc_client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert f'href="/laporan/{sid}/dokumen.docx"' in page and "Cetak (HTML)" in page
    r = doc_client.get(f"/laporan/{sid}/dokumen.docx")
    assert r.status_code == 200 and r.mimetype == DOCX and r.data[:2] == b"PK"
    assert doc_client.get(f"/laporan/{sid}/dokumen.xlsx").status_code == 404
    other = _sid(doc_app, "disdukcapil-level1-baik.bpmn")     # Disdukcapil's: not DPMPTSP's
    assert doc_client.get(f"/laporan/{other}/dokumen.docx").status_code == 404


# -- PDF as a job ----------------------------------------------------------------------------------

def test_pdf_is_a_job_whose_file_is_a_pdf_and_only_its_opd_reads_it(doc_app, doc_client, other_token, token):
    from pypdf import PdfReader

    sid = _sid(doc_app, SOP)
    h = bearer(other_token)
    r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=pdf", headers=h)
    assert r.status_code == 202, r.get_data(as_text=True)[:300]
    body = r.get_json()
    job_id = body["id"]
    assert body["kind"] == "dokumen" and body["links"]["hasil"] == f"/api/v1/jobs/{job_id}/hasil"
    assert r.headers["Location"] == body["links"]["self"]
    early = doc_client.get(body["links"]["hasil"], headers=h)
    assert early.status_code in (200, 409)      # 409 while it waits or runs
    if early.status_code == 409:
        assert early.get_json()["error"]["code"] == "JOB_NOT_DONE"

    done = _wait(doc_client, h, job_id)
    assert done["status"] == "selesai", done
    assert done["result"]["format"] == "pdf" and done["result"]["size"] > 10_000
    got = doc_client.get(body["links"]["hasil"], headers=h)
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert "Penerbitan Surat Izin Praktik Bidan.pdf" in got.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(got.data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert len(reader.pages) >= 3 and "PENERBITAN SURAT IZIN PRAKTIK BIDAN" in text

    # another OPD: the job and its file are not there
    assert doc_client.get(f"/api/v1/jobs/{job_id}", headers=bearer(token)).status_code == 404
    assert doc_client.get(f"/api/v1/jobs/{job_id}/hasil", headers=bearer(token)).status_code == 404
    # a job without a file (of another kind) has no result to download
    with doc_app.extensions["ppb_db"].session() as sess:
        stored = sess.get(Job, job_id)
        assert stored.output[:5] == b"%PDF-" and stored.output_type == "application/pdf"

    # asked again: the same file at once, no second job
    again = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=pdf", headers=h)
    assert again.status_code == 200 and again.data == got.data
    documents_web.clear_cache()          # another server process: the finished job serves it
    again = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=pdf", headers=h)
    assert again.status_code == 200 and again.data == got.data
    with doc_app.extensions["ppb_db"].session() as sess:
        assert len(sess.scalars(select(Job).where(Job.kind == "dokumen")).all()) == 1

    # the job page offers the file
    assert login(doc_client, *OTHER_USER).status_code == 302
    page = doc_client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert f'href="/api/v1/jobs/{job_id}/hasil"' in page and 'id="unduh-hasil"' in page
    assert "Catatan pembuatan dokumen" in page        # the SOP's warnings (empty NIP boxes...)


def test_a_document_job_can_be_cancelled(doc_app, doc_client, other_token):
    h = bearer(other_token)
    r = doc_client.get(f"/api/v1/submissions/{_sid(doc_app, SOP)}/dokumen?format=pdf", headers=h)
    assert r.status_code == 202
    links = r.get_json()["links"]
    # cancelled while it runs (LibreOffice at work): its process is stopped, nothing is kept
    deadline = time.monotonic() + TIMEOUT
    while doc_client.get(links["self"], headers=h).get_json()["status"] == "antri":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    cancelled = doc_client.post(links["cancel"], headers=h)
    assert cancelled.status_code == 202, cancelled.get_json()
    ended = _wait(doc_client, h, r.get_json()["id"])
    assert ended["status"] == "dibatalkan", (cancelled.status_code, cancelled.get_json(), ended)
    got = doc_client.get(links["hasil"], headers=h)
    assert got.status_code == 409 and got.get_json()["error"]["code"] == "JOB_NO_OUTPUT", got.get_json()
    with doc_app.extensions["ppb_db"].session() as sess:
        assert sess.get(Job, r.get_json()["id"]).output is None


def test_a_document_job_that_cannot_be_made_fails_with_the_reason(doc_app, doc_client, other_token):
    """What the generator refuses inside a job (here: an SOP document of a map that is no SOP)
    ends the job gagal with the library's code and Indonesian message, not an internal error."""
    from validator.web.models import Opd, User

    data = documents_web._pack([(LEVEL1, _sample_bytes(LEVEL1))])
    with doc_app.app_context(), doc_app.extensions["ppb_db"].session() as sess:
        opd_id = sess.scalar(select(Opd.id).where(Opd.singkatan == "DPMPTSP"))
        owner = sess.scalar(select(User.id).where(User.username == OTHER_USER[0]))
    with doc_app.app_context():
        job_id = jobs.submit("dokumen", {"format": "docx", "jenis": "sop", "nama": "uji"},
                             opd_id=opd_id, owner_id=owner, filename="peta.zip", data=data)
    ended = _wait(doc_client, bearer(other_token), job_id)
    assert ended["status"] == "gagal", ended
    assert ended["error"]["code"] == "DOKUMEN_TANPA_SOP"
    assert "Tidak ada peta SOP" in ended["message"] and "tak terduga" not in ended["message"]


def _sample_bytes(name: str) -> bytes:
    from .helpers import SAMPLES

    return (SAMPLES / "pariaman" / name).read_bytes()


def test_result_of_a_job_without_a_file(doc_app, doc_client, other_token):
    import json
    import uuid

    from validator.web.models import Opd, User, utcnow

    with doc_app.extensions["ppb_db"].session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DPMPTSP"))
        user = sess.scalar(select(User).where(User.username == OTHER_USER[0]))
        done = Job(id=uuid.uuid4().hex, kind="validasi-set", opd_id=opd.id, owner_id=user.id,
                   status="selesai", progress=100, message="", params_json="{}",
                   result_json=json.dumps({}), created_at=utcnow(), updated_at=utcnow())
        failed = Job(id=uuid.uuid4().hex, kind="dokumen", opd_id=opd.id, owner_id=user.id,
                     status="gagal", progress=40, message="Pekerjaan gagal.", params_json="{}",
                     created_at=utcnow(), updated_at=utcnow())
        sess.add_all([done, failed])
    h = bearer(other_token)
    r = doc_client.get(f"/api/v1/jobs/{done.id}/hasil", headers=h)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "NO_OUTPUT"
    r = doc_client.get(f"/api/v1/jobs/{failed.id}/hasil", headers=h)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "JOB_NO_OUTPUT"


def test_libreoffice_missing_is_503_with_its_message(doc_app, doc_client, other_token, monkeypatch, tmp_path):
    monkeypatch.setenv("PPB_SOFFICE", str(tmp_path / "tidak-ada" / "soffice"))
    sid = _sid(doc_app, SOP)
    r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=pdf", headers=bearer(other_token))
    assert r.status_code == 503
    err = r.get_json()["error"]
    assert err["code"] == "LIBREOFFICE_TIDAK_ADA" and "libreoffice-writer-nogui" in err["message"]
    # the page's PDF button says the same, as a page
    assert login(doc_client, *OTHER_USER).status_code == 302
    page = doc_client.get(f"/laporan/{sid}/dokumen.pdf")
    assert page.status_code == 503 and "LibreOffice tidak ditemukan" in page.get_data(as_text=True)
    with doc_app.extensions["ppb_db"].session() as sess:
        assert not sess.scalars(select(Job).where(Job.kind == "dokumen")).all()


# -- the Peta Proses Bisnis document -----------------------------------------------------------------

def test_a_map_that_is_no_sop_gives_its_peta_proses_bisnis_document(doc_app, doc_client, other_token):
    sid = _sid(doc_app, LEVEL1)
    r = doc_client.get(f"/api/v1/submissions/{sid}/dokumen?format=docx", headers=bearer(other_token))
    if documents_web.peta_module() is None:
        assert r.status_code == 503 and r.get_json()["error"]["code"] == "PETA_BELUM_TERSEDIA"
        return
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert "Peta Proses Bisnis" in r.headers["Content-Disposition"]
    text = _texts(r.data)
    assert "LAMPIRAN KEPUTUSAN" in text and "DRAF" in text
    assert "Pelayanan Perizinan dan Penanaman Modal" in text   # the map's own title
    assert "ADMINISTRASI PEMERINTAHAN" not in text            # not the SOP AP document's cover


def test_without_the_peta_module_the_peta_routes_say_so(doc_app, doc_client, other_token, monkeypatch):
    monkeypatch.setattr(documents_web, "peta_module", lambda: None)
    r = doc_client.get(f"/api/v1/submissions/{_sid(doc_app, LEVEL1)}/dokumen", headers=bearer(other_token))
    assert r.status_code == 503 and r.get_json()["error"]["code"] == "PETA_BELUM_TERSEDIA"
    assert "belum tersedia" in r.get_json()["error"]["message"]
    # the SOP document does not need it
    r = doc_client.get(f"/api/v1/submissions/{_sid(doc_app, SOP)}/dokumen", headers=bearer(other_token))
    assert r.status_code == 200


def test_edition_document_is_draf_then_carries_its_nomor(doc_app, doc_client, admin_token, token):
    if documents_web.peta_module() is None:
        pytest.skip("validator.documents.peta is not there yet")
    eid = _verified_edition(doc_client, admin_token, ["pemda-level0-baik.bpmn", LEVEL1], doc_app)
    h = bearer(admin_token)
    # a draft edition is not the OPD user's to read
    assert doc_client.get(f"/api/v1/edisi/{eid}/dokumen", headers=bearer(token)).status_code == 404

    draft = doc_client.get(f"/api/v1/edisi/{eid}/dokumen?format=docx", headers=h)
    assert draft.status_code == 200, draft.get_data(as_text=True)[:300]
    assert "(DRAF).docx" in draft.headers["Content-Disposition"]
    text = _texts(draft.data)
    assert "DRAF" in text and "188.45/321/KPTS/2025" not in text
    assert "PETA PROSES BISNIS KOTA PARIAMAN 2025" in text.upper()

    nomor = "188.45/321/KPTS/2025"
    r = doc_client.post(f"/api/v1/edisi/{eid}/tetapkan", json={"nomor": nomor, "tanggal": "2025-12-01"},
                        headers=h)
    assert r.status_code == 200, r.get_json()
    enacted = doc_client.get(f"/api/v1/edisi/{eid}/dokumen?format=docx", headers=bearer(token))
    assert enacted.status_code == 200          # an enacted edition: every signed-in user
    text = _texts(enacted.data)
    assert nomor in text and "DRAF" not in text
    assert "(DRAF)" not in enacted.headers["Content-Disposition"]
    # the edition page offers the buttons
    from .conftest import ADMIN
    assert login(doc_client, *ADMIN).status_code == 302
    assert f'href="/edisi/{eid}/dokumen.pdf"' in doc_client.get(f"/edisi/{eid}").get_data(as_text=True)


def test_set_document_with_the_set_plan_and_its_page_button(doc_app, doc_client, other_token, token):
    if documents_web.peta_module() is None:
        pytest.skip("validator.documents.peta is not there yet")
    from .helpers import SAMPLES, make_zip

    names = [LEVEL1, "dpmptsp-perizinan-berusaha-lintas-fungsi-baik.bpmn"]
    data = make_zip({f"dpmptsp/{n}": (SAMPLES / "pariaman" / n).read_bytes() for n in names})
    r = doc_client.post("/api/v1/validate", headers=bearer(other_token),
                        data={"file": (io.BytesIO(data), "dpmptsp.zip"), "simpan": "1"},
                        content_type="multipart/form-data")
    assert r.status_code == 201, r.get_data(as_text=True)[:300]
    set_id = r.get_json()["setId"]

    got = doc_client.get(f"/api/v1/sets/{set_id}/dokumen?format=docx", headers=bearer(other_token))
    assert got.status_code == 200, got.get_data(as_text=True)[:300]
    assert "Peta Proses Bisnis dpmptsp.docx" in got.headers["Content-Disposition"]
    text = _texts(got.data)
    assert "Pelayanan Perizinan dan Penanaman Modal" in text and "LAMPIRAN KEPUTUSAN" in text
    assert "2025-2029" in text          # the RPJMD period of the plan the set was checked against
    # another OPD: 404 for the API and the page
    assert doc_client.get(f"/api/v1/sets/{set_id}/dokumen", headers=bearer(token)).status_code == 404
    assert login(doc_client, *OTHER_USER).status_code == 302
    assert f'href="/set/{set_id}/dokumen.docx"' in doc_client.get(f"/set/{set_id}").get_data(as_text=True)
    page = doc_client.get(f"/set/{set_id}/dokumen.html")
    assert page.status_code == 200 and "Pelayanan Perizinan dan Penanaman Modal" in page.get_data(as_text=True)


def test_a_large_document_runs_as_a_job_in_its_own_process(doc_app, doc_client, admin_token):
    if documents_web.peta_module() is None:
        pytest.skip("validator.documents.peta is not there yet")
    from .conftest import make_token

    doc_app.config["DOKUMEN_INLINE_MAPS"] = 1
    eid = _verified_edition(doc_client, admin_token, ["pemda-level0-baik.bpmn", LEVEL1], doc_app)
    # a verifikator (no OPD of its own) reads the draft edition and follows its own job
    h = bearer(make_token(doc_app, "verifikator"))
    r = doc_client.get(f"/api/v1/edisi/{eid}/dokumen?format=docx", headers=h)
    assert r.status_code == 202, r.get_data(as_text=True)[:300]
    assert r.get_json()["opd"] is None
    done = _wait(doc_client, h, r.get_json()["id"])
    assert done["status"] == "selesai", done
    assert done["result"]["peta"] == 2 and done["result"]["jenis"] == "peta"
    got = doc_client.get(r.get_json()["links"]["hasil"], headers=h)
    assert got.status_code == 200 and got.mimetype == DOCX
    assert "LAMPIRAN" in _texts(got.data)
    # the verifikator's job list holds the job it submitted (it has no OPD); an OPD's does not
    listed = doc_client.get("/api/v1/jobs", headers=h).get_json()
    assert done["id"] in [j["id"] for j in listed["jobs"]], listed
    other = doc_client.get("/api/v1/jobs", headers=bearer(make_token(doc_app, OTHER_USER[0]))).get_json()
    assert done["id"] not in [j["id"] for j in other["jobs"]]
    # its file is kept PPB_JOB_OUTPUT_HOURS, then dropped: 410 with the reason, the job stays
    from dataclasses import replace

    from validator.web import jobs
    keep_none = replace(jobs.Settings.from_config(doc_app.config), output_hours=0)
    assert jobs.drop_old_outputs(doc_app.extensions["ppb_db"], keep_none) >= 1
    gone = doc_client.get(r.get_json()["links"]["hasil"], headers=h)
    assert gone.status_code == 410, gone.get_data(as_text=True)[:300]
    assert gone.get_json()["error"]["code"] == "OUTPUT_DROPPED"
    assert "PPB_JOB_OUTPUT_HOURS" in gone.get_json()["error"]["message"]
    assert done["id"] in [j["id"] for j in doc_client.get("/api/v1/jobs", headers=h).get_json()["jobs"]]


# -- migration 0010 ----------------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("fresh_postgres_url")
    return f"sqlite:///{tmp_path / 'migrasi.sqlite3'}"


def test_migration_0010_adds_the_job_output_and_takes_it_away(empty_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect, text

    from validator.web.db import MIGRATIONS

    def migrate(conn, target: str, down: bool = False) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)

    engine = create_engine(empty_url)
    try:
        with engine.begin() as conn:
            migrate(conn, "0009")
            conn.execute(text("INSERT INTO job (id, kind, status, progress, message, params_json, "
                              "created_at, attempts, cancel_requested) VALUES ('lama', 'simulasi', "
                              "'selesai', 100, '', '{}', CURRENT_TIMESTAMP, 1, false)"))
            migrate(conn, "0010")
            columns = {c["name"]: c for c in inspect(conn).get_columns("job")}
            assert {"output", "output_name", "output_type"} <= set(columns)
            assert all(columns[n]["nullable"] for n in ("output", "output_name", "output_type"))
            row = conn.execute(text("SELECT output, output_name FROM job WHERE id = 'lama'")).one()
            assert tuple(row) == (None, None)        # an older job has no file
            conn.execute(text("UPDATE job SET output = :o, output_name = 'x.pdf' WHERE id = 'lama'"),
                         {"o": b"%PDF-1.6 isi"})
            assert bytes(conn.execute(text("SELECT output FROM job")).scalar()) == b"%PDF-1.6 isi"
            migrate(conn, "0009", down=True)
            assert "output" not in {c["name"] for c in inspect(conn).get_columns("job")}
            assert conn.execute(text("SELECT count(*) FROM job")).scalar() == 1
    finally:
        engine.dispose()
