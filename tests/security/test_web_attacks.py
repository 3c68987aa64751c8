"""Attacks on the web layer: XML bombs and external entities through the API, CSRF on forms
and on the session-authenticated API, CORS limited to the modeler plugin, open redirects after
sign-in, session cookie flags. (Moved here from tests/web so the security suite is one place.)"""
from __future__ import annotations

import pytest

from tests.web.helpers import BILLION_LAUGHS, EXTERNAL_DTD, NOT_BPMN, XXE, good_bytes
from tests.web.test_api import assert_error

from .conftest import bearer, csrf_token, login


@pytest.mark.parametrize("data, status, code", [
    (NOT_BPMN, 422, "NOT_BPMN"), (b"<a", 422, "NOT_WELL_FORMED"), (BILLION_LAUGHS, 422, "FORBIDDEN_DTD"),
    (XXE, 422, "FORBIDDEN_DTD"), (EXTERNAL_DTD, 422, "FORBIDDEN_DTD"),
    (XXE.decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
     .encode("utf-16"), 422, "FORBIDDEN_DTD"),
])
def test_validate_bad_input(client, token, data, status, code):
    err = assert_error(client.post("/api/v1/validate", data=data, content_type="application/xml",
                                   headers=bearer(token)), status, code)
    assert "Berkas" in err["message"]


def test_session_auth_and_csrf_on_api(client):
    assert login(client, "disdukcapil", "disdukcapil-2025").status_code == 302
    assert client.get("/api/v1/submissions").status_code == 200
    assert_error(client.post("/api/v1/validate", data=good_bytes(), content_type="application/xml"),
                 403, "CSRF")
    token = csrf_token(client.get("/token").get_data(as_text=True))
    r = client.post("/api/v1/validate", data=good_bytes(), content_type="application/xml",
                    headers={"X-CSRFToken": token})
    assert r.status_code == 200


def test_cors_for_the_modeler_plugin(client, token):
    r = client.options("/api/v1/validate", headers={
        "Origin": "null", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})
    assert r.headers.get("Access-Control-Allow-Origin") == "null"
    assert "authorization" in r.headers.get("Access-Control-Allow-Headers", "").lower()
    r = client.get("/api/v1/health", headers={"Origin": "https://jahat.example"})
    assert "Access-Control-Allow-Origin" not in r.headers
    # not on the web pages
    r = client.get("/masuk", headers={"Origin": "null"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_login_without_csrf_token_is_refused(client):
    r = client.post("/masuk", data={"username": "admin", "password": "admin-ppb-2025"})
    assert r.status_code == 400
    assert client.get("/api/v1/submissions").status_code == 401


def test_next_only_goes_to_this_site(client):
    page = client.get("/masuk?next=https://jahat.example/")
    r = client.post("/masuk?next=https://jahat.example/",
                    data={"username": "admin", "password": "admin-ppb-2025",
                          "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert r.status_code == 302 and "jahat" not in r.headers["Location"]


def test_session_cookie_is_safe(client):
    r = login(client, "admin", "admin-ppb-2025")
    (cookie,) = [c for c in r.headers.getlist("Set-Cookie") if c.startswith("ppb_sesi=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
