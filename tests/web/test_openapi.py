"""The API's declarations (validator/web/apidoc.py): every /api/v1 route of the app is in the
OpenAPI document, the document is valid OpenAPI 3.1, the docs page renders it offline, and a
request that does not fit its declared models is refused in Indonesian with every problem in
``error.details``."""
from __future__ import annotations

import io
import re

import pytest
from flask import Blueprint, jsonify
from openapi_spec_validator import validate
from pydantic import Field

from validator.web import apidoc, schemas
from validator.web.apidoc import operation

from .conftest import bearer, make_app, make_token
from .helpers import good_bytes

ENGLISH = re.compile(r"\b(Input should|Field required|valid integer|unable to parse)\b")


@pytest.fixture
def sqlite_app(tmp_path, monkeypatch, demo_db):
    """The document does not depend on the database: SQLite only."""
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    application = make_app(tmp_path, demo_db)
    yield application
    application.extensions["ppb_db"].engine.dispose()


@pytest.fixture
def web(sqlite_app):
    return sqlite_app.test_client()


@pytest.fixture
def tok(sqlite_app):
    return make_token(sqlite_app, "disdukcapil")


def api_routes(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every /api/v1 route in the app's url_map."""
    out = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                out.add((apidoc.openapi_path(rule.rule), method.lower()))
    return out


def test_every_api_route_of_the_app_is_in_the_document(sqlite_app, web):
    doc = web.get("/api/v1/openapi.json").get_json()
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    routes = api_routes(sqlite_app)
    assert len(routes) >= 17     # today's own routes at least; other blueprints add theirs
    missing = routes - documented
    assert not missing, ("routes without an apidoc.operation declaration (add one under the "
                         f"route decorator): {sorted(missing)}")
    assert documented <= routes, documented - routes    # nothing documented that is not served
    assert apidoc.undocumented(sqlite_app) == []


def test_a_new_undeclared_route_is_caught(tmp_path, monkeypatch, demo_db):
    """What keeps future endpoints honest: a route without a declaration is named."""
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = make_app(tmp_path, demo_db)
    before = set(apidoc.undocumented(app))
    extra = Blueprint("uji_extra", __name__, url_prefix="/api/v1")
    extra.add_url_rule("/uji/<int:item_id>", "item", lambda item_id: "", methods=["GET", "POST"])
    app.register_blueprint(extra)
    assert set(apidoc.undocumented(app)) - before == {("/api/v1/uji/<int:item_id>", "GET"),
                                                      ("/api/v1/uji/<int:item_id>", "POST")}
    doc = apidoc.build_spec(app).to_dict()
    assert "/uji/{item_id}" not in doc["paths"]
    app.extensions["ppb_db"].engine.dispose()


def test_the_document_is_valid_openapi_3_1(web):
    doc = web.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    validate(doc)            # raises on any error against the OpenAPI 3.1 schema
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', str(doc).replace("'", '"')))
    assert refs and refs <= set(doc["components"]["schemas"]), refs - set(doc["components"]["schemas"])


def test_every_operation_says_what_it_answers(web):
    doc = web.get("/api/v1/openapi.json").get_json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            assert op["summary"].strip(), where
            assert any(code.startswith("2") for code in op["responses"]), where
            if op.get("security") != []:       # everything but the public ones needs a caller
                assert op["responses"]["401"] == {"$ref": "#/components/responses/Error"}, where
            for name in re.findall(r"{([^}]+)}", path):
                params = {p["name"]: p for p in op.get("parameters", ()) if p["in"] == "path"}
                assert params[name]["required"] is True, where
    assert {p["name"] for p in doc["paths"]["/submissions"]["get"]["parameters"]} == {"limit", "opd"}
    report = doc["paths"]["/submissions/{submission_id}/report"]["get"]
    fmt = next(p for p in report["parameters"] if p["name"] == "format")
    assert fmt["schema"]["enum"] == ["json", "html", "xlsx"]
    assert report["parameters"][0]["schema"]["type"] == "integer"
    body = doc["paths"]["/validate"]["post"]["requestBody"]["content"]
    assert {"application/xml", "application/zip", "multipart/form-data"} <= set(body)
    assert body["multipart/form-data"]["schema"]["required"][0] == "file"
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]
    from validator.web.services import catalog

    (profile,) = doc["paths"]["/rules"]["get"]["parameters"]
    assert profile["schema"]["enum"] == sorted(catalog().profiles) and "standar" in catalog().profiles


def test_docs_page_renders_the_document_offline(web):
    doc = web.get("/api/v1/openapi.json").get_json()
    r = web.get("/api/v1/docs")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    for path, ops in doc["paths"].items():
        for method in ops:
            assert f"{method.upper()} /api/v1{path}" in html, (method, path)
    assert "`" not in html                          # Markdown rendered, never shown raw
    assert not re.search(r'(src|href)="(https?:)?//', html)   # nothing from another site
    assert "cdn" not in html.lower()
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in html
    assert "(tanpa autentikasi)" in html and 'id="skema-Report"' in html


def assert_refused(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    body = resp.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    err = body["error"]
    assert err["details"] and all(set(d) == {"path", "message"} for d in err["details"])
    text = err["message"] + " ".join(d["message"] for d in err["details"])
    assert not ENGLISH.search(text), text
    return err


def test_a_bad_parameter_answers_400_with_every_problem_in_indonesian(web, tok):
    err = assert_refused(web.get("/api/v1/submissions?limit=banyak", headers=bearer(tok)),
                         400, "BAD_PARAMETER")
    assert err["details"] == [{"path": "limit",
                               "message": "Parameter 'limit' harus berupa bilangan bulat."}]
    assert err["message"] == err["details"][0]["message"]
    # several problems at once, each with its place
    r = web.post("/api/v1/simulate?cases=0&replications=x&seed=-1", data=good_bytes(),
                 content_type="application/xml", headers=bearer(tok))
    err = assert_refused(r, 400, "BAD_PARAMETER")
    assert [d["path"] for d in err["details"]] == ["cases", "replications", "seed"]
    assert err["details"][0]["message"] == "Jumlah kasus ('cases') harus paling kecil 1."
    assert "3 masalah" in err["message"]
    # a field's own error code
    err = assert_refused(web.get("/api/v1/submissions/1/report?format=pdf", headers=bearer(tok)),
                         400, "BAD_FORMAT")
    assert "'json', 'html' atau 'xlsx'" in err["details"][0]["message"]


def test_the_caller_is_checked_before_the_request_shape(web):
    r = web.get("/api/v1/submissions?limit=banyak")
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "UNAUTHORIZED"


def test_form_fields_are_checked_like_query_parameters(web, tok):
    r = web.post("/api/v1/jobs", headers=bearer(tok),
                 data={"file": (io.BytesIO(good_bytes()), "a.bpmn"), "kind": "simulasi",
                       "cases": "seribu"})
    err = assert_refused(r, 400, "BAD_PARAMETER")
    assert err["details"][0]["path"] == "cases"
    r = web.post("/api/v1/jobs", headers=bearer(tok), data={"file": (io.BytesIO(b"x"), "a.zip")})
    err = assert_refused(r, 400, "MISSING_KIND")
    assert err["details"] == [{"path": "kind",
                               "message": "Jenis pekerjaan ('kind') wajib diisi."}]


# -- a JSON body, as the review and edition endpoints take ---------------------------------------

class Catatan(schemas.Body):
    teks: str = Field(min_length=1, max_length=20, title="teks catatan")
    prioritas: int = Field(1, ge=1, le=3)


def _with_body_route(app):
    from validator.web.auth import csrf

    bp = Blueprint("uji_body", __name__, url_prefix="/api/v1")
    csrf.exempt(bp)     # bearer tokens, as every API blueprint

    @bp.post("/uji/<int:item_id>/catatan")
    @operation(summary="Catatan uji", body=Catatan, responses={201: ("Dibuat", Catatan)},
               errors=(404,))
    def catatan(item_id: int, body: Catatan):
        return jsonify({"item": item_id, **body.model_dump()}), 201

    app.register_blueprint(bp)
    return app


def test_a_json_body_is_checked_and_handed_to_the_view(tmp_path, monkeypatch, demo_db):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = _with_body_route(make_app(tmp_path, demo_db))
    client = app.test_client()
    auth = bearer(make_token(app, "disdukcapil"))
    url = "/api/v1/uji/7/catatan"
    ok = client.post(url, json={"teks": "  rapi  "}, headers=auth)
    assert ok.status_code == 201 and ok.get_json() == {"item": 7, "teks": "rapi", "prioritas": 1}
    err = assert_refused(client.post(url, data="{teks", content_type="application/json",
                                     headers=auth), 400, "BAD_JSON")
    assert err["details"][0]["path"] == "(isi)"
    err = assert_refused(client.post(url, json={"teks": "", "prioritas": 9, "lain": 1},
                                     headers=auth), 422, "INVALID_BODY")
    assert {d["path"]: d["message"] for d in err["details"]} == {
        "teks": "Teks catatan ('teks') tidak boleh kosong.",
        "prioritas": "Bidang 'prioritas' harus paling besar 3.",
        "lain": "Bidang 'lain' tidak dikenal."}
    assert client.post(url, json={"teks": "x"}).status_code == 401
    doc = apidoc.build_spec(app).to_dict()
    op = doc["paths"]["/uji/{item_id}/catatan"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Catatan"}
    assert {"400", "401", "404", "422", "201"} <= set(op["responses"])
    validate(doc)
    app.extensions["ppb_db"].engine.dispose()


def test_describe_never_answers_in_english():
    """Every kind of problem pydantic reports for our field types gets Indonesian text."""
    from pydantic import ValidationError

    cases = [({"teks": 5}, "harus berupa teks"), ({"teks": "x" * 21}, "paling banyak 20 karakter"),
             ({}, "wajib diisi"), ({"teks": "a", "prioritas": 0}, "paling kecil 1"),
             ({"teks": "a", "prioritas": 1.5}, "bilangan bulat")]
    for data, expected in cases:
        with pytest.raises(ValidationError) as info:
            Catatan.model_validate(data)
        err = apidoc.request_invalid(Catatan, info.value, "body")
        assert expected in err.message and not ENGLISH.search(err.message), (data, err.message)
