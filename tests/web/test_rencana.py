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
    assert r.status_code == 302 and "/tinjau" in r.headers["Location"]
    # stored as a candidate: listed in the history, not yet the active plan
    html = client.get("/rencana").get_data(as_text=True)
    assert "RPJMD-BARU" in html.split('id="tabel-riwayat"')[1]
    assert "RPJMD-BARU" not in html.split('id="rencana-aktif"')[1].split("</dl>")[0]


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


# -- plans checked whole, reviewed, confirmed, rolled back (issue 12) ---------------------------

def _plan_doc():
    return yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))


def _dump(doc) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


def _broken_plan() -> bytes:
    """Four reference/target problems the loader alone lets through."""
    doc = _plan_doc()
    doc["rpjmd"]["tujuan"][0]["misi"] = "M9"
    doc["rpjmd"]["sasaran"][1]["tujuan"] = "T9.9"
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"][2026] = "abc"
    doc["renstra"][0]["opd"] = "DINAS-HANTU"
    return _dump(doc)


BROKEN_PATHS = {"rpjmd.tujuan[0].misi", "rpjmd.sasaran[1].tujuan",
                "rpjmd.sasaran[0].indikator[0].target.2026", "renstra[0].opd"}


def _without_dukcapil_s1() -> bytes:
    """The sample without Disdukcapil's DUK-S1, which the seeded Disdukcapil maps name."""
    doc = _plan_doc()
    doc["renstra"][0]["sasaran"] = [s for s in doc["renstra"][0]["sasaran"] if s["id"] != "DUK-S1"]
    doc["rpjmd"]["id"] = "RPJMD-TANPA-DUK-S1"
    return _dump(doc)


def _yaml_post(client, token, data: bytes, query: str = "filename=r.yaml"):
    return client.post(f"/api/v1/rencana?{query}", data=data,
                       headers={**bearer(token), "Content-Type": "application/x-yaml"})


def test_api_refuses_a_plan_with_broken_references_listing_every_problem(client, admin_token):
    r = _yaml_post(client, admin_token, _broken_plan())
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    err = r.get_json()["error"]
    assert err["code"] == "PLAN_INVALID"
    assert {d["path"] for d in err["details"]} == BROKEN_PATHS
    assert all(set(d) == {"path", "message"} and d["message"] for d in err["details"])
    assert {p["path"] for p in err["problems"]} == BROKEN_PATHS      # older clients
    assert {p["code"] for p in err["problems"]} == {"REF_MISI", "REF_TUJUAN", "TARGET_NOT_NUMBER",
                                                    "REF_OPD"}
    assert client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()["rpjmd"] == \
        "RPJMD-1377-2025-2029"


def test_api_shape_errors_come_in_details_too(client, admin_token):
    r = _yaml_post(client, admin_token, _plan_text(periode=["duaribu", 2029], visi=None).encode())
    err = r.get_json()["error"]
    assert r.status_code == 422 and len(err["details"]) == 2
    assert {d["path"] for d in err["details"]} == {"rpjmd.periode", "rpjmd"}


def test_api_valid_plan_still_becomes_active_with_its_warnings(client, admin_token):
    r = _yaml_post(client, admin_token, _without_dukcapil_s1())
    assert r.status_code == 201
    body = r.get_json()
    assert body["rpjmd"] == "RPJMD-TANPA-DUK-S1"
    assert [w["code"] for w in body["peringatan"]] == ["REF_SASARAN_RPJMD"]
    assert client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()["rpjmd"] == \
        "RPJMD-TANPA-DUK-S1"


def test_api_preview_stores_nothing_and_names_the_difference(client, admin_token, db):
    from validator.web.models import Rencana

    with db.session() as sess:
        before = sess.query(Rencana).count()
    r = _yaml_post(client, admin_token, _without_dukcapil_s1(), "filename=r.yaml&pratinjau=1")
    assert r.status_code == 200
    body = r.get_json()
    assert [c["id"] for c in body["perubahan"]["dihapus"]] == ["DUK-S1"]
    assert body["perubahan"]["ditambah"] == [] and body["perubahan"]["diubah"] == []
    lost = body["petaKehilanganTautan"]
    assert lost and all(m["opd"] == "DISDUKCAPIL" and "DUK-S1" in m["lost"] for m in lost)
    with db.session() as sess:
        assert sess.query(Rencana).count() == before
    assert _yaml_post(client, admin_token, _broken_plan(), "pratinjau=1").status_code == 422


def test_page_lists_every_problem_with_its_place(client, login, demo_users):
    login(client, *demo_users["admin"])
    r = _page_post(client, _broken_plan(), "rusak.yaml")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "4 kesalahan" in html and "rencana sebelumnya tetap berlaku" in html
    import re

    assert set(re.findall(r'<li data-path="([^"]+)"', html)) == BROKEN_PATHS


def _review_and_confirm(client, review_url: str):
    from .conftest import csrf_token

    page = client.get(review_url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html[:300]
    import re

    action = re.search(r'<form method="post" action="([^"]+)" id="form-aktifkan"', html).group(1)
    seen = re.search(r'name="aktif" value="([^"]*)"', html).group(1)
    return html, client.post(action, data={"csrf_token": csrf_token(html), "aktif": seen})


def _active_id(db):
    from validator.web import services

    with db.session() as sess:
        return services.active_rencana(sess).id


def test_page_review_confirm_and_rollback(client, login, demo_users, db):
    from validator.web.models import AuditEntry

    login(client, *demo_users["admin"])
    first = _active_id(db)
    r = _page_post(client, _without_dukcapil_s1(), "tanpa-duk.yaml")
    assert r.status_code == 302
    review_url = r.headers["Location"]
    assert _active_id(db) == first                         # nothing replaced before confirming
    html, done = _review_and_confirm(client, review_url)
    assert 'id="jumlah-dihapus">1<' in html and 'data-sasaran="DUK-S1"' in html
    assert 'id="jumlah-ditambah">0<' in html and 'id="jumlah-diubah">0<' in html
    import re

    maps = int(re.search(r'id="jumlah-peta">(\d+)<', html).group(1))
    assert maps >= 1 and 'id="peta-terputus"' in html
    assert "S4.5" in html.split('id="rencana-peringatan"')[1]      # the warning is shown
    assert done.status_code == 303
    second = _active_id(db)
    assert second != first
    assert "RPJMD-TANPA-DUK-S1" in client.get("/rencana").get_data(as_text=True).split("</dl>")[0]
    # rollback: the first plan, reviewed the same way (DUK-S1 comes back), then confirmed
    html, done = _review_and_confirm(client, f"/rencana/{first}/tinjau")
    assert 'id="jumlah-ditambah">1<' in html and 'data-sasaran="DUK-S1"' in html
    assert 'id="jumlah-peta">0<' in html
    assert done.status_code == 303 and _active_id(db) == first
    with db.session() as sess:
        entries = sess.query(AuditEntry).filter_by(kind="rencana-ganti").order_by(AuditEntry.id).all()
        assert entries[-1].target.endswith(f"(#{first})") and "diaktifkan kembali" in entries[-1].detail
        assert entries[-1].actor == demo_users["admin"][0]
        assert entries[-2].target.endswith(f"(#{second})") and "diaktifkan kembali" not in entries[-2].detail


def test_a_stale_confirmation_is_not_applied(client, login, demo_users, db, admin_token):
    from .conftest import csrf_token

    login(client, *demo_users["admin"])
    first = _active_id(db)
    review_url = _page_post(client, _without_dukcapil_s1(), "tanpa-duk.yaml").headers["Location"]
    html = client.get(review_url).get_data(as_text=True)
    # another admin replaces the plan through the API in the meantime
    assert _yaml_post(client, admin_token, _plan_text(id="RPJMD-LAIN").encode()).status_code == 201
    import re

    action = re.search(r'action="([^"]+)" id="form-aktifkan"', html).group(1)
    r = client.post(action, data={"csrf_token": csrf_token(html), "aktif": str(first)})
    assert r.status_code == 303 and r.headers["Location"].endswith(review_url.rsplit("/rencana", 1)[1])
    assert client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()["rpjmd"] == "RPJMD-LAIN"


def test_review_and_activation_are_for_admins_only(client, login, demo_users, db):
    first = _active_id(db)
    login(client, *demo_users["opd"])
    assert client.get(f"/rencana/{first}/tinjau").status_code == 403
    assert client.post(f"/rencana/{first}/aktifkan", data={}).status_code in (400, 403)
    admin = client.application.test_client()
    login(admin, *demo_users["admin"])
    assert admin.get("/rencana/999999/tinjau").status_code == 404
    # the confirmation is a form like any other: without its CSRF token nothing is activated
    assert admin.post(f"/rencana/{first}/aktifkan", data={"aktif": str(first)}).status_code == 400


def test_page_names_workbook_cells_for_a_refused_xlsx_plan(client, login, demo_users, tmp_path):
    from openpyxl import load_workbook

    from validator.plan import load_plan, write_plan

    path = tmp_path / "rencana.xlsx"
    write_plan(load_plan(SAMPLE_PLAN), path)
    book = load_workbook(path)
    sheet = book["T-C.25"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 1500000)   # IKU-1.1, 2025
    cell.value = "tinggi"                    # not a number
    book.save(path)
    login(client, *demo_users["admin"])
    r = _page_post(client, path.read_bytes(), "rencana.xlsx")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert f"<code>Lembar &#39;T-C.25&#39;, baris {cell.row}, kolom {cell.column_letter}" in html
    assert f'data-path="T-C.25!{cell.coordinate}"' in html and "tinggi" in html


def test_api_lists_shape_and_reference_problems_of_one_file_together(client, admin_token):
    doc = _plan_doc()
    doc["rpjmd"]["periode"] = ["duaribu", 2029]                 # shape
    doc["renstra"][0]["opd"] = "DINAS-HANTU"                    # reference
    doc["rpjmd"]["sasaran"][1]["tujuan"] = "T9.9"               # reference
    r = _yaml_post(client, admin_token, _dump(doc))
    assert r.status_code == 422
    paths = {d["path"] for d in r.get_json()["error"]["details"]}
    assert paths == {"rpjmd.periode", "renstra[0].opd", "rpjmd.sasaran[1].tujuan"}
