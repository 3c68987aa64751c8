"""REST API v1: authentication, validation, submissions, reports, errors, CORS, OpenAPI."""
from __future__ import annotations

import io
import re

import pytest

from validator import __version__
from validator.web import services

from .conftest import bearer, make_app
from .helpers import SAMPLES, flawed_bytes, good_bytes, make_zip

MB = 1024 * 1024


def assert_error(resp, status: int, code: str | None = None) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert set(body) == {"error"} and set(body["error"]) >= {"code", "message"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_health_needs_no_auth(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "version": __version__,
                            "ruleCatalogVersion": services.catalog().version}


@pytest.mark.parametrize("method, url", [
    ("get", "/api/v1/rules"), ("post", "/api/v1/validate"), ("get", "/api/v1/submissions"),
    ("get", "/api/v1/submissions/1"), ("get", "/api/v1/submissions/1/report"),
])
def test_auth_required(client, method, url):
    err = assert_error(getattr(client, method)(url), 401, "UNAUTHORIZED")
    assert "Bearer" in err["message"]
    assert_error(getattr(client, method)(url, headers=bearer("ppb_salah")), 401, "INVALID_TOKEN")
    assert_error(getattr(client, method)(url, headers={"Authorization": "Basic YTpi"}), 401)


def test_token_works_and_revoked_does_not(app, client, token):
    assert client.get("/api/v1/submissions", headers=bearer(token)).status_code == 200
    with app.extensions["ppb_db"].session() as sess:
        from sqlalchemy import select

        from validator.web.models import ApiToken, User
        from validator.web.security import token_hash

        tok = sess.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        assert tok.last_used_at is not None
        assert token not in {t.token_hash for t in sess.scalars(select(ApiToken))}   # only the hash
        assert services.revoke_token(sess, sess.get(User, tok.user_id), tok.id)
    assert_error(client.get("/api/v1/submissions", headers=bearer(token)), 401, "INVALID_TOKEN")


def test_inactive_owner_token_fails(app, client, token):
    from sqlalchemy import select

    from validator.web.models import User

    with app.extensions["ppb_db"].session() as sess:
        sess.scalar(select(User).where(User.username == "disdukcapil")).active = False
    assert_error(client.get("/api/v1/submissions", headers=bearer(token)), 401)


def test_rules(client, token):
    r = client.get("/api/v1/rules?profile=sop-ketat", headers=bearer(token))
    body = r.get_json()
    assert r.status_code == 200 and body["profile"] == "sop-ketat"
    assert {"id", "severity", "source", "confidence"} <= set(body["rules"][0])
    assert_error(client.get("/api/v1/rules?profile=tidak-ada", headers=bearer(token)), 400, "UNKNOWN_PROFILE")


def test_validate_raw_xml_returns_the_cli_json_shape(client, token):
    r = client.post("/api/v1/validate", data=flawed_bytes(), content_type="application/xml",
                    headers=bearer(token))
    assert r.status_code == 200
    body = r.get_json()
    assert set(body) >= {"version", "ruleCatalogVersion", "profile", "files", "summary"}
    assert body["files"][0]["status"] == "ok" and body["summary"]["error"] > 0
    f = body["files"][0]["findings"][0]
    assert {"rule", "severity", "element", "message", "source", "confidence", "suppressed", "fix",
            "line"} <= set(f)
    assert "submissions" not in body


def test_validate_multipart_and_profile(client, token):
    r = client.post("/api/v1/validate", headers=bearer(token),
                    data={"file": (io.BytesIO(good_bytes()), "baik.bpmn"), "profile": "permenpanrb19"})
    assert r.status_code == 200
    assert r.get_json()["profile"] == "permenpanrb19"
    assert r.get_json()["files"][0]["path"] == "baik.bpmn"


def test_validate_zip(client, token):
    data = make_zip({"a.bpmn": good_bytes(), "b/c.bpmn": flawed_bytes()})
    r = client.post("/api/v1/validate", headers=bearer(token),
                    data={"file": (io.BytesIO(data), "peta.zip")})
    assert r.status_code == 200
    assert [f["path"] for f in r.get_json()["files"]] == ["a.bpmn", "b/c.bpmn"]
    r = client.post("/api/v1/validate", headers=bearer(token), data=data, content_type="application/zip")
    assert r.status_code == 200 and len(r.get_json()["files"]) == 2


def test_validate_and_store_for_the_token_owners_opd(client, token, other_token):
    r = client.post("/api/v1/validate?simpan=1&filename=baru.bpmn", data=flawed_bytes(),
                    content_type="application/xml", headers=bearer(token))
    assert r.status_code == 201
    body = r.get_json()
    (sub,) = body["submissions"]
    assert sub["opd"]["singkatan"] == "DISDUKCAPIL" and sub["filename"] == "baru.bpmn"
    assert sub["summary"]["error"] == body["summary"]["error"]
    got = client.get(f"/api/v1/submissions/{sub['id']}", headers=bearer(token))
    assert got.status_code == 200 and got.get_json()["report"]["files"][0]["path"] == "baru.bpmn"
    report = client.get(sub["links"]["report"], headers=bearer(token))
    assert report.status_code == 200 and report.get_json()["summary"] == got.get_json()["report"]["summary"]
    # the other OPD does not see it
    assert_error(client.get(f"/api/v1/submissions/{sub['id']}", headers=bearer(other_token)), 404)
    # an OPD user cannot store for another OPD
    assert_error(client.post("/api/v1/validate?simpan=1&opd=DPMPTSP", data=good_bytes(),
                             content_type="application/xml", headers=bearer(token)), 403)


def test_admin_may_store_for_any_opd(client, admin_token):
    r = client.post("/api/v1/validate", headers=bearer(admin_token),
                    data={"file": (io.BytesIO(good_bytes()), "a.bpmn"), "simpan": "1", "opd": "DINKES"})
    assert r.status_code == 201 and r.get_json()["submissions"][0]["opd"]["singkatan"] == "DINKES"
    assert_error(client.post("/api/v1/validate?simpan=1&opd=TIDAK-ADA", data=good_bytes(),
                             content_type="application/xml", headers=bearer(admin_token)), 404)


def test_validate_request_errors(client, token):
    assert_error(client.post("/api/v1/validate", headers=bearer(token), data={"x": "1"},
                             content_type="multipart/form-data"), 400, "MISSING_FILE")
    assert_error(client.post("/api/v1/validate", headers=bearer(token), data=b"",
                             content_type="application/xml"), 400)
    assert_error(client.post("/api/v1/validate", headers=bearer(token), data=b"{}",
                             content_type="application/json"), 415)
    assert_error(client.post("/api/v1/validate", headers=bearer(token),
                             data={"file": (io.BytesIO(b"%PDF"), "peta.pdf")}), 415, "UNSUPPORTED_TYPE")
    assert_error(client.post("/api/v1/validate", headers=bearer(token),
                             data={"file": (io.BytesIO(make_zip({"../x.bpmn": good_bytes()})), "p.zip")}),
                 422, "ZIP_UNSAFE_PATH")
    assert_error(client.post("/api/v1/validate", headers=bearer(token),
                             data={"file": (io.BytesIO(make_zip({"b.bpmn": b"\0" * (8 * MB)})), "p.zip")}),
                 413, "ZIP_BOMB")


def test_size_limits(tmp_path, monkeypatch, demo_db):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = make_app(tmp_path, demo_db, MAX_FILE_BYTES=64 * 1024, MAX_ZIP_BYTES=128 * 1024)
    app.config["MAX_CONTENT_LENGTH"] = 128 * 1024 + 1024
    from .conftest import make_token

    tok = make_token(app, "disdukcapil")
    client = app.test_client()
    big = b"<a/>" * (20 * 1024)   # 80 KB: over the file limit, under the request limit
    assert_error(client.post("/api/v1/validate", headers=bearer(tok),
                             data={"file": (io.BytesIO(big), "a.bpmn")}), 413, "FILE_TOO_LARGE")
    huge = b"<a/>" * (64 * 1024)  # 256 KB: over the request limit, refused by Flask itself
    err = assert_error(client.post("/api/v1/validate", headers=bearer(tok), data=huge,
                                   content_type="application/xml"), 413, "PAYLOAD_TOO_LARGE")
    assert "batas" in err["message"]
    app.extensions["ppb_db"].engine.dispose()


def test_flask_errors_are_json_under_api(client):
    assert_error(client.get("/api/v1/tidak-ada"), 404, "NOT_FOUND")
    assert_error(client.get("/api/tidak-ada"), 404, "NOT_FOUND")
    r = client.delete("/api/v1/health")
    assert_error(r, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in r.headers.get("Allow", "")
    assert_error(client.put("/api/v1/validate"), 405)


def test_internal_error_is_json(client, token, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("rusak")

    monkeypatch.setattr(services, "visible_submissions", boom)
    err = assert_error(client.get("/api/v1/submissions", headers=bearer(token)), 500, "INTERNAL")
    assert "rusak" not in err["message"]


def test_submissions_list_and_filter(client, token, admin_token):
    mine = client.get("/api/v1/submissions", headers=bearer(token)).get_json()["submissions"]
    assert mine and {s["opd"]["singkatan"] for s in mine} == {"DISDUKCAPIL"}
    everyone = client.get("/api/v1/submissions", headers=bearer(admin_token)).get_json()
    assert everyone["count"] == len(list(SAMPLES.rglob("*.bpmn")))   # every seeded sample
    only = client.get("/api/v1/submissions?opd=DPMPTSP", headers=bearer(admin_token)).get_json()
    assert only["count"] and {s["opd"]["singkatan"] for s in only["submissions"]} == {"DPMPTSP"}
    assert_error(client.get("/api/v1/submissions?opd=DPMPTSP", headers=bearer(token)), 403)
    assert_error(client.get("/api/v1/submissions?opd=TIDAK-ADA", headers=bearer(admin_token)), 404)
    assert_error(client.get("/api/v1/submissions?limit=x", headers=bearer(admin_token)), 400)


def test_report_formats(client, token):
    sid = client.get("/api/v1/submissions", headers=bearer(token)).get_json()["submissions"][0]["id"]
    base = f"/api/v1/submissions/{sid}/report"
    assert client.get(base, headers=bearer(token)).get_json()["files"]
    x = client.get(base + "?format=xlsx", headers=bearer(token))
    assert x.status_code == 200 and x.data[:2] == b"PK" and "attachment" in x.headers["Content-Disposition"]
    h = client.get(base + "?format=html", headers=bearer(token))
    if h.status_code == 200:
        assert h.mimetype == "text/html" and b"<html" in h.data[:500].lower()
    else:   # the viewer bundle has not been built (make assets)
        assert_error(h, 500, "ASSETS_MISSING")
    assert_error(client.get(base + "?format=pdf", headers=bearer(token)), 400, "BAD_FORMAT")


def test_openapi_lists_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len("/api/v1"):])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method))
    assert routes and routes <= documented, routes - documented
    assert documented <= routes, documented - routes
    for path, ops in doc["paths"].items():
        for op in ops.values():
            assert op["summary"] and op["responses"]


def test_docs_page_is_local_and_indonesian(client):
    r = client.get("/api/v1/docs")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "/api/v1/validate" in html and "Dokumentasi API" in html and "tanpa autentikasi" in html
    assert "cdn" not in html.lower() and "swagger" not in html.lower()
    assert not re.search(r'(src|href)="https?://', html)
