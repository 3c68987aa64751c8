"""The plan (RPJMD, Renstra, organisation master) on the server: seeded, read, replaced,
refused whole when it has problems, and used when maps are validated."""
from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import bearer
from .helpers import good_bytes

SAMPLE_PLAN = Path(__file__).resolve().parents[2] / "bpmn_samples" / "rencana-pariaman.yaml"


def _plan_text(**changes) -> str:
    doc = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    doc["rpjmd"].update(changes)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def test_seeded_plan_is_active_and_listed_for_the_plugin(client, token):
    r = client.get("/api/v1/rencana", headers=bearer(token))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    body = r.get_json()
    assert body["rpjmd"] == "RPJMD-1377-2025-2029" and body["format"] == "yaml"
    ids = {s["id"]: s for s in body["sasaran"]}
    assert ids["S4.2"]["tingkat"] == "rpjmd" and ids["DUK-S1"]["sasaranRpjmd"] == "S4.2"
    assert any(i["id"] == "IKU-4.2" for i in ids["S4.2"]["indikator"])
    assert body["summary"]["sasaranRpjmd"] == len([s for s in body["sasaran"] if s["tingkat"] == "rpjmd"])
    assert any(o["singkatan"] == "DISDUKCAPIL" for o in body["opd"])


def test_raw_plan_file_is_for_admins_only(client, token, admin_token):
    r = client.get("/api/v1/rencana?format=raw", headers=bearer(token))
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "FORBIDDEN"
    r = client.get("/api/v1/rencana?format=raw", headers=bearer(admin_token))
    assert r.status_code == 200 and r.data == SAMPLE_PLAN.read_bytes()


def test_admin_replaces_the_plan(client, admin_token):
    text = _plan_text(id="RPJMD-1377-2025-2029-PERUBAHAN")
    r = client.post("/api/v1/rencana?filename=rencana-baru.yaml", data=text.encode("utf-8"),
                    headers={**bearer(admin_token), "Content-Type": "application/x-yaml"})
    assert r.status_code == 201, r.get_data(as_text=True)[:300]
    assert r.get_json()["rpjmd"] == "RPJMD-1377-2025-2029-PERUBAHAN"
    now = client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()
    assert now["rpjmd"] == "RPJMD-1377-2025-2029-PERUBAHAN" and now["filename"] == "rencana-baru.yaml"


def test_a_bad_plan_is_refused_whole_and_the_old_one_stays(client, admin_token):
    text = _plan_text(periode=["duaribu", 2029])
    r = client.post("/api/v1/rencana?filename=rusak.yaml", data=text.encode("utf-8"),
                    headers={**bearer(admin_token), "Content-Type": "application/x-yaml"})
    assert r.status_code == 422
    err = r.get_json()["error"]
    assert err["code"] == "PLAN_INVALID" and "rencana" in err["message"].lower()
    assert any("periode" in p["path"] for p in err["problems"])
    assert client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()["rpjmd"] == \
        "RPJMD-1377-2025-2029"
    r = client.post("/api/v1/rencana?filename=catatan.txt", data=b"bukan rencana",
                    headers={**bearer(admin_token), "Content-Type": "text/plain"})
    assert r.status_code == 415 and r.get_json()["error"]["code"] == "UNSUPPORTED_TYPE"


def test_opd_users_cannot_upload_a_plan(client, token):
    r = client.post("/api/v1/rencana", data=_plan_text().encode("utf-8"),
                    headers={**bearer(token), "Content-Type": "application/x-yaml"})
    assert r.status_code == 403


def test_validation_runs_against_the_active_plan(client, token):
    r = client.post("/api/v1/validate", data=good_bytes(),
                    headers={**bearer(token), "Content-Type": "application/xml"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["set"]["plan"]["rpjmd"] == "RPJMD-1377-2025-2029"
    assert body["set"]["rulesNotRun"] == []


def _page_post(client, data: bytes, filename: str):
    import io

    from .conftest import csrf_token

    page = client.get("/rencana")
    return client.post("/rencana", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                         "berkas": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_plan_page_for_the_admin(client, login, demo_users):
    login(client, *demo_users["admin"])
    r = client.get("/rencana")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "RPJMD-1377-2025-2029" in html
    assert 'data-sasaran="S4.2"' in html and "DUK-S1" in html
    r = _page_post(client, _plan_text(periode=["duaribu", 2029]).encode("utf-8"), "rusak.yaml")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "rencana sebelumnya tetap berlaku" in html and "periode" in html
    r = _page_post(client, _plan_text(id="RPJMD-BARU").encode("utf-8"), "baru.yaml")
    assert r.status_code == 302
    assert "RPJMD-BARU" in client.get("/rencana").get_data(as_text=True)


def test_plan_page_is_not_for_opd_users(client, login, demo_users):
    login(client, *demo_users["opd"])
    assert client.get("/rencana").status_code == 403


def _dashboard_row(html: str, singkatan: str) -> str:
    import re

    m = re.search(rf'<tr[^>]*data-singkatan="{re.escape(singkatan)}".*?</tr>', html, re.S)
    assert m, singkatan
    return m.group(0)


def _coverage_cell(html: str, singkatan: str) -> tuple[str, str]:
    import re

    cells = re.findall(r'<td[^>]*data-value="([^"]*)"[^>]*>(.*?)</td>', _dashboard_row(html, singkatan), re.S)
    value, content = cells[5]          # OPD, uploads, last, errors, warnings, coverage, status
    return value, " ".join(re.sub(r"<[^>]+>", " ", content).split())


def test_dashboard_shows_sasaran_coverage_of_the_newest_maps(client, login, demo_users):
    """The sample set leaves Dinkes' KES-S3 unserved (bpmn_samples/manifest.yaml, set gaps):
    Dinkes serves 2 of its 3 Renstra sasaran; Disdukcapil serves both of its own."""
    login(client, *demo_users["admin"])
    html = client.get("/dasbor").get_data(as_text=True)
    assert "Cakupan sasaran" in html
    assert _coverage_cell(html, "DINKES") == ("66.7", "67% (2/3)")
    assert _coverage_cell(html, "DISDUKCAPIL") == ("100.0", "100% (2/2)")
    assert _coverage_cell(html, "DISHUB") == ("-1", "—")     # no Renstra, no map
    unserved = html[html.index('id="sasaran-belum-didukung"'):]
    assert "KES-S3" in unserved.split("</details>")[0]


def test_dashboard_without_a_plan_says_how_to_get_coverage(client, login, demo_users, db):
    from validator.web.models import Rencana

    with db.session() as sess:
        for row in sess.query(Rencana):
            row.active = False
    login(client, *demo_users["admin"])
    html = client.get("/dasbor").get_data(as_text=True)
    assert 'id="cakupan-info"' in html and "unggah rencana" in html


def test_alignment_sections_come_with_sets_or_on_request(client, token):
    from .helpers import make_zip

    one = client.post("/api/v1/validate", data=good_bytes(),
                      headers={**bearer(token), "Content-Type": "application/xml"}).get_json()
    assert "set" in one and "alignment" not in one and "opd" not in one
    asked = client.post("/api/v1/validate?keselarasan=1", data=good_bytes(),
                        headers={**bearer(token), "Content-Type": "application/xml"}).get_json()
    assert asked["alignment"]["plan"]["rpjmd"] == "RPJMD-1377-2025-2029" and asked["opd"]
    two = client.post("/api/v1/validate", data=make_zip({"a.bpmn": good_bytes(), "b.bpmn": good_bytes()}),
                      headers={**bearer(token), "Content-Type": "application/zip"}).get_json()
    assert "alignment" in two and any(row["kind"] == "opd" for row in two["opd"])
