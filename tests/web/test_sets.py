"""Stored sets: a ZIP of maps is one set with its own page, API resource and downloads, which
all hold the findings of ``ppb validate`` on the same files; the admin re-checks a stored
set against the active plan; OPDs see only their own sets."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections import Counter
from html import unescape
from pathlib import Path, PurePosixPath

import openpyxl
import pytest
from sqlalchemy import select

from validator.web.models import Submission, SubmissionSet, SubmissionSetMember

from .conftest import ADMIN, OPD_USER, OTHER_USER, bearer, csrf_token, login
from .helpers import ROOT, SAMPLES, make_zip

PARIAMAN = sorted((SAMPLES / "pariaman").glob("*.bpmn"))
PLAN = SAMPLES / "rencana-pariaman.yaml"


def _zip(with_plan: bool = False) -> bytes:
    entries = {f"pariaman/{p.name}": p.read_bytes() for p in PARIAMAN}
    if with_plan:
        entries["pariaman/rencana.yaml"] = PLAN.read_bytes()
    return make_zip(entries)


def _store(client, token, data: bytes | None = None) -> dict:
    r = client.post("/api/v1/validate", headers=bearer(token),
                    data={"file": (io.BytesIO(data or _zip()), "pariaman.zip"), "simpan": "1"},
                    content_type="multipart/form-data")
    assert r.status_code == 201, r.get_data(as_text=True)[:500]
    return r.get_json()


def _base(path: str) -> str:
    return PurePosixPath(path).name


# -- findings per place, from every form ---------------------------------------------------------
# a place is a map (its file name) or "set" (the set's own findings); per place: rule ids counted

def _from_json(body: dict) -> Counter:
    out = Counter((_base(fr["path"]), f["rule"]) for fr in body["files"] for f in fr["findings"])
    out.update(("set", f["rule"]) for f in body["set"]["findings"])
    return out


_LI_FILE = re.compile(r'<li[^>]*?\sclass="(?:map-)?finding[ "][^>]*>', re.S)
_LI_SET = re.compile(r'<li[^>]*?\sclass="set-finding[ "][^>]*>', re.S)
_ATTR = re.compile(r'data-(rule|file|subject)="([^"]*)"')


def _attrs(tag: str) -> dict:
    return {k: unescape(v) for k, v in _ATTR.findall(tag)}


def _from_page(html: str) -> Counter:
    out = Counter()
    for tag in _LI_FILE.findall(html):
        a = _attrs(tag)
        out[(_base(a["file"]), a["rule"])] += 1
    for tag in _LI_SET.findall(html):
        out[("set", _attrs(tag)["rule"])] += 1
    return out


def _from_html_report(html: str, paths: list[str]) -> Counter:
    """The command line's HTML report: file findings carry the file's index."""
    out = Counter()
    for tag in _LI_FILE.findall(html):
        a = _attrs(tag)
        out[(_base(paths[int(a["file"])]), a["rule"])] += 1
    for tag in _LI_SET.findall(html):
        out[("set", _attrs(tag)["rule"])] += 1
    return out


def _from_xlsx(data: bytes) -> Counter:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    out = Counter()
    rows = list(wb["Temuan"].iter_rows(values_only=True))
    head = list(rows[0])
    rule, path = head.index("Aturan"), head.index("Berkas")
    out.update((_base(r[path]), r[rule]) for r in rows[1:] if r[rule])
    rows = list(wb["Temuan Set"].iter_rows(values_only=True))
    rule = list(rows[0]).index("Aturan")
    out.update(("set", r[rule]) for r in rows[1:] if r[rule] and str(r[rule]).startswith("PPB-"))
    return out


def _from_sarif(body: dict) -> Counter:
    out = Counter()
    for res in body["runs"][0]["results"]:
        physical = [loc["physicalLocation"]["artifactLocation"]["uri"]
                    for loc in res.get("locations", ()) if "physicalLocation" in loc]
        out[(_base(physical[0]) if physical else "set", res["ruleId"])] += 1
    return out


# -- tests ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_json(tmp_path_factory) -> dict:
    """``ppb validate`` of the same maps as one set, with the same plan, as JSON."""
    folder = tmp_path_factory.mktemp("cli-set")
    archive = folder / "pariaman.zip"
    archive.write_bytes(_zip())
    out = folder / "laporan.json"
    subprocess.run([sys.executable, "-m", "validator", "validate", str(archive), "--rencana",
                    str(PLAN), "-f", "json", "-q", "-o", str(out)], cwd=ROOT, check=False)
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_stored_zip_is_one_set_with_the_findings_of_ppb_validate(app, client, token, cli_json):
    body = _store(client, token)
    set_id = body["setId"]
    assert isinstance(set_id, int)
    assert len(body["submissions"]) == len(PARIAMAN)
    stored = client.get(f"/api/v1/sets/{set_id}", headers=bearer(token))
    assert stored.status_code == 200
    got = stored.get_json()
    assert {"set", "alignment", "opd", "files", "summary"} <= set(got)
    assert got["id"] == set_id and got["createdAt"] and got["ownerOpd"]["singkatan"] == "DISDUKCAPIL"
    assert [m["submissionId"] for m in got["members"]] == [s["id"] for s in body["submissions"]]

    def set_findings(report: dict) -> Counter:
        return Counter((f["rule"], f.get("subject"), f.get("element"), f["severity"])
                       for f in report["set"]["findings"])

    assert set_findings(got) == set_findings(cli_json)
    assert set_findings(got)[("PPB-ALN-003", "KES-S3", None, "warning")] + \
        set_findings(got)[("PPB-ALN-003", "KES-S3", None, "error")] == 1
    assert _from_json(got) == _from_json(cli_json)
    assert got["summary"] == cli_json["summary"]
    assert got["alignment"]["unservedSasaran"] == cli_json["alignment"]["unservedSasaran"]
    assert [o["singkatan"] for o in got["opd"]] == [o["singkatan"] for o in cli_json["opd"]]
    # the set is stored with its members and counts, in the same unit of work as its maps
    with app.extensions["ppb_db"].session() as sess:
        row = sess.get(SubmissionSet, set_id)
        assert row.maps == len(PARIAMAN) and row.errors == cli_json["summary"]["error"]
        assert row.warnings == cli_json["summary"]["warning"]
        assert row.set_findings == len(cli_json["set"]["findings"])
        assert row.rencana_id is not None and "rencana-pariaman.yaml" in row.plan_note
        members = sess.scalars(select(SubmissionSetMember).where(SubmissionSetMember.set_id == set_id)
                               .order_by(SubmissionSetMember.position)).all()
        assert [m.position for m in members] == list(range(len(PARIAMAN)))


def test_page_and_every_download_hold_the_same_findings(client, token):
    set_id = _store(client, token)["setId"]
    truth = _from_json(client.get(f"/api/v1/sets/{set_id}", headers=bearer(token)).get_json())
    assert ("set", "PPB-ALN-003") in truth and sum(truth.values()) > 5
    paths = [f["path"] for f in client.get(f"/api/v1/sets/{set_id}/report",
                                           headers=bearer(token)).get_json()["files"]]
    login(client, *OPD_USER)
    page = client.get(f"/set/{set_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _from_page(html) == truth, (_from_page(html) - truth, truth - _from_page(html))
    # the page shows the set sections of the command line's report
    for part in ('id="set-matriks"', 'id="set-celah"', 'id="set-pohon"', 'id="set-opd"',
                 'id="set-temuan"', 'class="matrix"'):
        assert part in html, part
    assert "rencana-pariaman.yaml" in html            # which plan checked it
    for fmt in ("json", "html", "xlsx", "sarif"):
        for url in (f"/set/{set_id}/unduh.{fmt}", f"/api/v1/sets/{set_id}/report?format={fmt}"):
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
            if fmt == "json":
                got = _from_json(r.get_json() if url.startswith("/api") else json.loads(r.data))
            elif fmt == "html":
                got = _from_html_report(r.get_data(as_text=True), paths)
            elif fmt == "xlsx":
                got = _from_xlsx(r.data)
            else:
                got = _from_sarif(json.loads(r.data))
            assert got == truth, (url, got - truth, truth - got)


def test_the_upload_page_stores_a_set_and_names_the_plan_it_ignored(app, client):
    login(client, *OPD_USER)
    page = client.get("/unggah").get_data(as_text=True)
    r = client.post("/unggah", data={"csrf_token": csrf_token(page),
                                     "berkas": (io.BytesIO(_zip(with_plan=True)), "pariaman.zip")})
    assert r.status_code == 302
    match = re.search(r"/set/(\d+)$", r.headers["Location"])
    assert match, r.headers["Location"]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "pariaman/rencana.yaml" in html and "tidak dipakai" in html
    with app.extensions["ppb_db"].session() as sess:
        row = sess.get(SubmissionSet, int(match.group(1)))
        assert row.maps == len(PARIAMAN)
        # every member links to its own map report
        for m in row.members:
            assert f"/laporan/{m.submission_id}" in html
    # a single map stays a single report
    one = client.post("/unggah", data={"csrf_token": csrf_token(page),
                                       "berkas": (io.BytesIO(PARIAMAN[0].read_bytes()), PARIAMAN[0].name)})
    assert "/laporan/" in one.headers["Location"]


def test_opd_isolation(app, client, token, other_token, admin_token):
    set_id = _store(client, token)["setId"]
    for url in (f"/api/v1/sets/{set_id}", f"/api/v1/sets/{set_id}/report",
                f"/api/v1/sets/{set_id}/report?format=html"):
        r = client.get(url, headers=bearer(other_token))
        assert r.status_code == 404 and r.get_json()["error"]["code"] == "NOT_FOUND", url
    assert set_id not in {s["id"] for s in client.get("/api/v1/sets", headers=bearer(other_token))
                          .get_json()["sets"]}
    assert set_id in {s["id"] for s in client.get("/api/v1/sets", headers=bearer(token)).get_json()["sets"]}
    assert client.get(f"/api/v1/sets/{set_id}", headers=bearer(admin_token)).status_code == 200
    assert client.get("/api/v1/sets?opd=DISDUKCAPIL", headers=bearer(other_token)).status_code == 403
    login(client, *OTHER_USER)
    for url in (f"/set/{set_id}", f"/set/{set_id}/unduh.json", f"/set/{set_id}/unduh.xlsx"):
        assert client.get(url).status_code == 404, url
    # missing and not-yours look the same
    missing = client.get("/api/v1/sets/999999", headers=bearer(other_token))
    hidden = client.get(f"/api/v1/sets/{set_id}", headers=bearer(other_token))
    assert missing.status_code == hidden.status_code == 404
    assert missing.get_json() == hidden.get_json()


def test_bad_format_and_unreadable_ids(client, token):
    set_id = _store(client, token)["setId"]
    r = client.get(f"/api/v1/sets/{set_id}/report?format=pdf", headers=bearer(token))
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "BAD_FORMAT"
    for url in ("/api/v1/sets/abc", "/api/v1/sets/99999999999999999999", "/api/v1/sets/0"):
        r = client.get(url, headers=bearer(token))
        assert r.status_code == 404 and r.get_json()["error"]["code"] == "NOT_FOUND", url
    login(client, *OPD_USER)
    assert client.get(f"/set/{set_id}/unduh.pdf").status_code == 404
    assert client.get("/set/99999999999999999999").status_code == 404


def test_admin_rechecks_a_set_against_the_new_plan(app, client, token, admin_token):
    set_id = _store(client, token)["setId"]
    # only the admin may re-check
    r = client.post(f"/api/v1/sets/{set_id}/periksa-ulang", headers=bearer(token))
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "FORBIDDEN"
    # a plan where DPM-S3 cascades from an RPJMD sasaran that exists: PPB-ALN-005 is gone
    fixed = PLAN.read_text(encoding="utf-8").replace("sasaranRpjmd: S4.5", "sasaranRpjmd: S4.4")
    up = client.post("/api/v1/rencana?filename=rencana-baru.yaml", headers=bearer(admin_token),
                     data=fixed.encode("utf-8"), content_type="application/x-yaml")
    assert up.status_code == 201, up.get_data(as_text=True)[:400]
    r = client.post(f"/api/v1/sets/{set_id}/periksa-ulang", headers=bearer(admin_token))
    assert r.status_code == 201, r.get_data(as_text=True)[:400]
    new_id = r.get_json()["id"]
    assert new_id != set_id and r.get_json()["recheckedFromId"] == set_id
    old = client.get(f"/api/v1/sets/{set_id}", headers=bearer(admin_token)).get_json()
    new = client.get(f"/api/v1/sets/{new_id}", headers=bearer(admin_token)).get_json()
    # a broken cascade is a defect of the plan: on the plan item, not on the OPD's map (issue 17)
    assert _from_json(old)[("set", "PPB-ALN-005")] == 1
    assert _from_json(old)[("dpmptsp-level1-baik.bpmn", "PPB-ALN-005")] == 0
    [on_plan] = [f for f in old["set"]["findings"] if f["rule"] == "PPB-ALN-005"]
    assert on_plan["subject"] == "DPM-S3" and on_plan["scope"] == "rencana"
    assert _from_json(new)[("set", "PPB-ALN-005")] == 0
    assert "rencana-baru.yaml" in new["planNote"] and "rencana-baru.yaml" not in old["planNote"]
    # the same map versions are its members
    assert [m["submissionId"] for m in new["members"]] == [m["submissionId"] for m in old["members"]]
    with app.extensions["ppb_db"].session() as sess:
        assert sess.scalar(select(SubmissionSet.rechecked_from_id).where(SubmissionSet.id == new_id)) == set_id
        count = len(sess.scalars(select(Submission.id)).all())
    # the page's button does the same (admin, with CSRF) and lands on the new set
    login(client, *ADMIN)
    page = client.get(f"/set/{set_id}").get_data(as_text=True)
    assert "Periksa ulang terhadap rencana aktif" in page
    r = client.post(f"/set/{set_id}/periksa-ulang", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and re.search(r"/set/\d+$", r.headers["Location"])
    assert r.headers["Location"].rsplit("/", 1)[1] not in (str(set_id), str(new_id))
    with app.extensions["ppb_db"].session() as sess:   # no map version was added
        assert len(sess.scalars(select(Submission.id)).all()) == count


def test_opd_users_see_no_recheck_button(client, token):
    set_id = _store(client, token)["setId"]
    login(client, *OPD_USER)
    page = client.get(f"/set/{set_id}").get_data(as_text=True)
    assert "Periksa ulang terhadap rencana aktif" not in page
    assert client.post(f"/set/{set_id}/periksa-ulang",
                       data={"csrf_token": csrf_token(page)}).status_code == 403


def test_a_large_zip_run_as_a_job_is_stored_as_a_set_and_the_job_page_links_it(app, client, token):
    from validator.web import jobs

    from .test_jobs import start, wait

    try:
        resp = start(client, token, _zip())
        assert resp.status_code == 202, resp.get_json()
        done = wait(client, token, resp.get_json()["id"])
        assert done["status"] == "selesai", done
        set_id = done["result"]["setId"]
        got = client.get(f"/api/v1/sets/{set_id}", headers=bearer(token)).get_json()
        assert [m["submissionId"] for m in got["members"]] == \
            [f["submissionId"] for f in done["result"]["files"]]
        assert got["set"]["findings"] == done["result"]["set"]["findings"]
        login(client, *OPD_USER)
        page = client.get(f"/pekerjaan/{done['id']}").get_data(as_text=True)
        assert f'href="/set/{set_id}"' in page
    finally:
        jobs.runner_of(app).shutdown(wait=True)


def test_without_an_active_plan_the_set_says_so(app, client, token):
    from validator.web.models import Rencana

    with app.extensions["ppb_db"].session() as sess:
        for row in sess.scalars(select(Rencana)):
            row.active = False
    set_id = _store(client, token, _zip(with_plan=True))["setId"]
    got = client.get(f"/api/v1/sets/{set_id}", headers=bearer(token)).get_json()
    assert "alignment" not in got and got["set"]["plan"] is None
    assert got["rencanaId"] is None
    assert "Tidak ada rencana aktif" in got["planNote"]
    assert "pariaman/rencana.yaml" in got["planNote"]      # the archive's plan, named as not used
    login(client, *OPD_USER)
    html = client.get(f"/set/{set_id}").get_data(as_text=True)
    assert "Tidak ada rencana aktif" in html and 'id="set-matriks"' not in html
    assert _from_page(html) == _from_json(got)


def test_riwayat_lists_the_opds_sets_as_sets(app, client, login):
    from .conftest import OPD_USER

    login(client, *OPD_USER)
    page = client.get("/unggah").get_data(as_text=True)
    from .conftest import csrf_token
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in ("disdukcapil-level1-baik.bpmn", "ktp-el-lintas-fungsi-baik.bpmn"):
            zf.writestr(name, (SAMPLES / "pariaman" / name).read_bytes())
    resp = client.post("/unggah", data={"berkas": (io.BytesIO(buf.getvalue()), "riwayat-set.zip"),
                                        "csrf_token": csrf_token(page)},
                       content_type="multipart/form-data")
    assert resp.status_code == 302 and "/set/" in resp.headers["Location"]
    set_id = resp.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    html = client.get("/riwayat").get_data(as_text=True)
    assert 'id="tabel-set"' in html and f'data-set="{set_id}"' in html
    assert "riwayat-set.zip" in html
