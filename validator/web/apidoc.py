"""Declare an API endpoint once: its request is checked and it is described in the OpenAPI
document (``/api/v1/openapi.json``, readable at ``/api/v1/docs``) from the same declaration.

Every ``/api/v1`` view carries an :func:`operation` decorator under its route decorator. The
request models (pydantic, in :mod:`validator.web.schemas` when shared) are validated before the
view runs and handed to it as keyword arguments; a request that does not fit answers 400
(parameters) or 422 (JSON body) with ``{"error": {"code", "message", "details": [{"path",
"message"}]}}`` in Indonesian. The document is built by apispec from the app's ``url_map``, so
a route is documented where it is declared, in whichever blueprint file it lives::

    from .apidoc import operation
    from .schemas import Params, SetReport

    class SetQuery(Params):
        format: Literal["json", "html"] = "json"

    @bp.get("/sets/<int:set_id>")
    @operation(summary="Laporan satu set", query=SetQuery, responses={200: SetReport},
               errors=(401, 404))
    def set_report(set_id: int, query: SetQuery): ...

What :func:`operation` takes:

- ``summary`` (required) and ``description``: Indonesian; a little Markdown (`code`,
  **bold**, [teks](/alamat)) is rendered on the docs page.
- ``query``: a :class:`~validator.web.schemas.Params` model read from the query string
  (view keyword ``query``).
- ``params``: a Params model whose fields come from a multipart form (also a urlencoded one
  with ``urlencoded=True``) or else from the query string, as ``curl -F`` and ``?x=`` both
  send them (view keyword ``params``). Endpoints that take a raw body (XML) keep
  ``urlencoded=False``: reading a form would consume the body.
- ``body``: a :class:`~validator.web.schemas.Body` model read from a JSON body (keyword
  ``body``); a body that is not JSON answers 400 ``BAD_JSON``, one that does not fit 422
  ``INVALID_BODY``.
- ``files``: multipart file fields, name -> description (documented; the view reads them).
- ``raw``: other request body types, content type -> description (documented only).
- ``responses``: status -> a model, ``(description, model)``, ``(description, model,
  content type)``, a description, or a full OpenAPI response object.
- ``errors``: the error statuses the endpoint answers (each the shared ``Error`` response).
- ``auth``: ``True`` (default) checks the caller (bearer token or session) *before* the
  request is validated, so an anonymous call answers 401, not 400; ``False`` for public ones.
- ``method``: for a view that serves several methods, one ``operation`` per method.
- ``check``: ``False`` only documents the request models (a view that still reads its
  request by hand); the default checks them.

A view takes the checked models as keyword arguments named ``query``, ``params``, ``body``;
one that does not take them finds them with :func:`validated`.

A field's problem answers with the code ``BAD_PARAMETER`` (parameters) or ``INVALID_BODY``
(body) unless the field names its own: ``Field(..., json_schema_extra={"x-error-code":
"MISSING_KIND"})``; a field's ``title`` names it in messages ("Jumlah kasus ('cases')").
tests/web/test_openapi.py fails when an /api/v1 route has no declaration.
"""
from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from apispec import APISpec, BasePlugin
from flask import Flask, current_app, g, request
from pydantic import BaseModel, ValidationError

from .. import __version__
from .errors import ApiError
from .http import MAX_ID

API_PREFIX = "/api/v1"
OPENAPI_VERSION = "3.1.0"
ATTR = "_ppb_apidoc"           # on a view function: {method or None: Operation}
EXTENSION = "ppb_apidoc"       # app.extensions: the built document
PARAM_CODE = "BAD_PARAMETER"
BODY_CODE = "INVALID_BODY"
ERROR_CODE_KEY = "x-error-code"

DESCRIPTION = (
    "Memeriksa Peta Proses Bisnis (PermenPANRB 19/2018) dan SOP AP (PermenPANRB 35/2012) "
    "dalam BPMN 2.0, menyimpan unggahan OPD, dan memberikan laporannya. Autentikasi: "
    "header `Authorization: Bearer <token>` (token dibuat di halaman /token). Setiap "
    "galat berbentuk `{\"error\": {\"code\": ..., \"message\": ...}}` dengan pesan "
    "berbahasa Indonesia; permintaan yang tidak sesuai skemanya dijawab 400 (parameter) "
    "atau 422 (isi JSON) dengan setiap masalah di `error.details` (`[{path, message}]`). "
    "Penyimpanan server yang penuh atau hanya-baca dijawab "
    "`503 STORAGE_UNAVAILABLE` dengan `Retry-After`; tidak ada yang tersimpan "
    "sebagian. Batas-batas (ukuran, kerumitan berkas, pekerjaan per OPD, biaya "
    "simulasi) ada di docs/batas.md.")


# -- declaring ---------------------------------------------------------------------------------

@dataclass
class Operation:
    """One endpoint's declaration (see the module docstring)."""

    summary: str
    description: str | None = None
    query: type[BaseModel] | None = None
    params: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    files: dict[str, str] = field(default_factory=dict)
    files_required: bool = True
    raw: dict[str, str] = field(default_factory=dict)
    responses: dict[int, Any] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    auth: bool = True
    urlencoded: bool = False
    path_params: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    check: bool = True


def operation(*, summary: str, method: str | None = None, **kw: Any) -> Callable:
    """Declare the endpoint below (place it under the route decorator): its request is checked
    and it is described in the OpenAPI document. Keywords: see :class:`Operation`; ``path``
    is accepted as an alias of ``path_params`` (path parameter -> description)."""
    if "path" in kw:
        kw["path_params"] = kw.pop("path")
    op = Operation(summary=summary, **kw)
    op.errors = tuple(op.errors)
    op.tags = tuple(op.tags)
    key = method.lower() if method else None

    def decorate(view: Callable) -> Callable:
        if hasattr(view, ATTR):       # a second method's declaration on the same view
            getattr(view, ATTR)[key] = op
            return view
        accepts = set(inspect.signature(view).parameters)

        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            ops = getattr(wrapper, ATTR)
            current = ops.get(request.method.lower()) or ops.get(None)
            if current is not None and current.check:
                models = _checked(current)
                g.ppb_apidoc = models
                kwargs.update({k: v for k, v in models.items() if k in accepts})
            return view(*args, **kwargs)

        setattr(wrapper, ATTR, {key: op})
        return wrapper

    return decorate


def validated(name: str) -> BaseModel | None:
    """The checked request model ``name`` ("query", "params", "body") of this request, for a
    view that does not take it as a keyword argument."""
    return (g.get("ppb_apidoc") or {}).get(name)


def declarations(view: Callable) -> dict[str | None, Operation]:
    """The operations declared on ``view`` ({} when none)."""
    return getattr(view, ATTR, {}) or {}


# -- checking a request ------------------------------------------------------------------------

def _checked(op: Operation) -> dict[str, BaseModel]:
    """The validated request models of ``op`` for the view; ApiError (400/422) otherwise."""
    if op.auth:
        from .common import api_user

        api_user()   # 401 before anything is said about the request's shape
    out: dict[str, BaseModel] = {}
    if op.query is not None:
        out["query"] = _validate(op.query, _fields(op.query, request.args), "query")
    if op.params is not None:
        forms = ("multipart/form-data", "application/x-www-form-urlencoded") if op.urlencoded \
            else ("multipart/form-data",)
        form = request.form if request.mimetype in forms else None
        raw: dict[str, Any] = _fields(op.params, request.args)
        if form is not None:
            raw.update(_fields(op.params, form))
        out["params"] = _validate(op.params, raw, "params")
    if op.body is not None:
        data = request.get_json(silent=True) if request.is_json else None
        if data is None:
            raise ApiError(400, "BAD_JSON", "Isi permintaan harus berupa JSON yang sah "
                                            "(Content-Type: application/json).",
                           details=[{"path": "(isi)", "message": "Bukan JSON yang sah."}])
        out["body"] = _validate(op.body, data, "body")
    return out


def _fields(model: type[BaseModel], source) -> dict[str, Any]:  # noqa: ANN001 - a MultiDict
    """The model's fields present in ``source`` (a query string or form); an empty value counts
    as absent (the field's default), a list field takes every value."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        values = [v for v in source.getlist(key) if str(v).strip() != ""]
        if not values:
            continue
        origin = getattr(info.annotation, "__origin__", None)
        out[key] = values if origin in (list, tuple, set) else values[0]
    return out


def _validate(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise request_invalid(model, exc, where) from None


def request_invalid(model: type[BaseModel], exc: ValidationError, where: str) -> ApiError:
    """The ApiError answering a request whose ``where`` ("query", "params" or "body") does
    not fit ``model``: every problem in ``details``, in Indonesian."""
    details, codes = [], []
    for err in exc.errors(include_url=False):
        path, message = describe(model, err, where)
        details.append({"path": path, "message": message})
        codes.append(_field_code(model, err.get("loc") or ()))
    code = next((c for c in codes if c), None) or (BODY_CODE if where == "body" else PARAM_CODE)
    status = 422 if where == "body" else 400
    if len(details) == 1:
        message = details[0]["message"]
    else:
        message = (f"Permintaan memuat {len(details)} masalah: "
                   + " ".join(d["message"] for d in details[:3])
                   + (" ..." if len(details) > 3 else ""))
    return ApiError(status, code, message, details=details)


def _field_code(model: type[BaseModel], loc: tuple) -> str | None:
    if not loc or not isinstance(loc[0], str):
        return None
    info = model.model_fields.get(str(loc[0]))
    extra = info.json_schema_extra if info is not None else None
    return extra.get(ERROR_CODE_KEY) if isinstance(extra, dict) else None


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(model: type[BaseModel], err: dict, where: str) -> tuple[str, str]:
    """(path, Indonesian message) of one pydantic error."""
    loc = tuple(err.get("loc") or ())
    path = _path(loc)
    text = _problem_text(err)
    if not loc:          # a model validator's finding: its message is a whole sentence
        return "(permintaan)" if where != "body" else "(isi)", text
    info = model.model_fields.get(str(loc[0])) if len(loc) == 1 else None
    if info is not None and info.title:
        label = f"{info.title[:1].upper()}{info.title[1:]} ('{path}')"
    else:
        label = f"{'Bidang' if where == 'body' else 'Parameter'} '{path}'"
    return path, f"{label} {text}."


def _expected(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " atau ")


_TEXTS: dict[str, Callable[[dict], str]] = {
    "missing": lambda c: "wajib diisi",
    "int_parsing": lambda c: "harus berupa bilangan bulat",
    "int_type": lambda c: "harus berupa bilangan bulat",
    "int_from_float": lambda c: "harus berupa bilangan bulat",
    "float_parsing": lambda c: "harus berupa angka",
    "float_type": lambda c: "harus berupa angka",
    "bool_parsing": lambda c: "harus berupa ya/tidak (true/false, 1/0)",
    "bool_type": lambda c: "harus berupa ya/tidak (true/false)",
    "string_type": lambda c: "harus berupa teks",
    "string_too_short": lambda c: ("tidak boleh kosong" if c.get("min_length") == 1
                                   else f"harus paling sedikit {c.get('min_length')} karakter"),
    "string_too_long": lambda c: f"harus paling banyak {c.get('max_length')} karakter",
    "string_pattern_mismatch": lambda c: "tidak sesuai bentuk yang diminta",
    "greater_than_equal": lambda c: f"harus paling kecil {_number(c.get('ge'))}",
    "greater_than": lambda c: f"harus lebih besar dari {_number(c.get('gt'))}",
    "less_than_equal": lambda c: f"harus paling besar {_number(c.get('le'))}",
    "less_than": lambda c: f"harus lebih kecil dari {_number(c.get('lt'))}",
    "literal_error": lambda c: f"harus salah satu dari {_expected(c)}",
    "enum": lambda c: f"harus salah satu dari {_expected(c)}",
    "list_type": lambda c: "harus berupa daftar",
    "too_short": lambda c: f"harus berisi paling sedikit {c.get('min_length')} butir",
    "too_long": lambda c: f"harus berisi paling banyak {c.get('max_length')} butir",
    "dict_type": lambda c: "harus berupa objek",
    "model_type": lambda c: "harus berupa objek",
    "model_attributes_type": lambda c: "harus berupa objek",
    "extra_forbidden": lambda c: "tidak dikenal",
    "date_parsing": lambda c: "harus berupa tanggal (TTTT-BB-HH)",
    "date_from_datetime_parsing": lambda c: "harus berupa tanggal (TTTT-BB-HH)",
    "datetime_parsing": lambda c: "harus berupa waktu ISO 8601",
    "datetime_from_date_parsing": lambda c: "harus berupa waktu ISO 8601",
    "json_invalid": lambda c: "bukan JSON yang sah",
}


def _number(value: Any) -> str:
    """1000000 as '1.000.000' (Indonesian thousands)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _problem_text(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and ctx.get("error") is not None:
        return str(ctx["error"]).rstrip(".")
    text = _TEXTS.get(kind)
    return text(ctx) if text else "tidak valid"


# -- the document ------------------------------------------------------------------------------

class PydanticPlugin(BasePlugin):
    """apispec plugin: ``spec.components.schema(name, model=SomeModel)`` registers the model's
    JSON schema, and the models it refers to as components of their own."""

    def init_spec(self, spec: APISpec) -> None:
        self.spec = spec

    def schema_helper(self, name: str, definition: dict, **kwargs: Any) -> dict | None:
        model = kwargs.get("model")
        if model is None:
            return None
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}",
                                         mode=kwargs.get("mode", "validation"))
        for sub_name, sub in schema.pop("$defs", {}).items():
            _register(self.spec, sub_name, schema=sub)
        return schema


def _register(spec: APISpec, name: str, model: type[BaseModel] | None = None,
              schema: dict | None = None) -> dict:
    """A $ref to the component ``name``, registered once."""
    if name not in spec.components.schemas:
        if model is not None:
            spec.components.schema(name, model=model)
        else:
            spec.components.schema(name, component=schema)
    return {"$ref": f"#/components/schemas/{name}"}


def _schema_of(spec: APISpec, what: Any) -> dict:
    """A model class -> a $ref to its component; a dict -> as is."""
    if isinstance(what, type) and issubclass(what, BaseModel):
        return _register(spec, what.__name__, model=what)
    return dict(what)


_RAW_SCHEMAS = {"application/xml": {"type": "string"}, "text/xml": {"type": "string"},
                "application/x-yaml": {"type": "string"}, "application/json": {"type": "object"},
                "text/html": {"type": "string"}, "text/plain": {"type": "string"}}
# a URL converter -> its parameter's schema (``int`` ids stop at http.MAX_ID)
_CONVERTER_SCHEMAS = {"int": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
                      "float": {"type": "number"}}
_RULE_ARG = re.compile(r"<(?:([^:<>(]+)(?:\([^)]*\))?:)?([^<>]+)>")


def openapi_path(rule: str) -> str:
    """``/api/v1/jobs/<job_id>`` -> ``/jobs/{job_id}`` (relative to the server URL)."""
    return _RULE_ARG.sub(r"{\2}", rule[len(API_PREFIX):] or "/")


def _model_parameters(spec: APISpec, model: type[BaseModel], where: str = "query") -> list[dict]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for sub_name, sub in schema.pop("$defs", {}).items():
        _register(spec, sub_name, schema=sub)
    required = set(schema.get("required", ()))
    out = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        prop.pop("title", None)
        if isinstance(prop.get("default"), bool) and prop.get("type") == "string":
            prop["default"] = "1" if prop["default"] else "0"     # a Flag: sent as 0/1
        description = prop.pop("description", None)
        param = {"name": name, "in": where, "required": name in required, "schema": prop}
        if description:
            param["description"] = description
        out.append(param)
    return out


def _response(spec: APISpec, value: Any) -> dict:
    if isinstance(value, str):
        return {"description": value}
    if isinstance(value, tuple):
        description, schema, *rest = value
        content_type = rest[0] if rest else "application/json"
        body: dict = {"description": description}
        if schema is not None:
            body["content"] = {content_type: {"schema": _schema_of(spec, schema)}}
        return body
    if isinstance(value, type) and issubclass(value, BaseModel):
        doc = (value.__doc__ or value.__name__).strip().splitlines()[0]
        return {"description": doc, "content": {"application/json": {
            "schema": _schema_of(spec, value)}}}
    out = dict(value)     # a full response object; a model as a content's schema is resolved
    if "content" in out:
        out["content"] = {ct: {**media, "schema": _schema_of(spec, media["schema"])}
                          if "schema" in media else media for ct, media in out["content"].items()}
    return out


def _operation_dict(spec: APISpec, rule, op: Operation) -> dict:  # noqa: ANN001
    out: dict[str, Any] = {"summary": op.summary}
    if op.description:
        out["description"] = op.description
    if op.tags:
        out["tags"] = list(op.tags)
    if not op.auth:
        out["security"] = []
    parameters = []
    for conv, arg in _RULE_ARG.findall(rule.rule):   # the URL's own parameters, typed
        param = {"name": arg, "in": "path", "required": True,
                 "schema": dict(_CONVERTER_SCHEMAS.get(conv, {"type": "string"}))}
        if arg in op.path_params:
            param["description"] = op.path_params[arg]
        parameters.append(param)
    if op.query is not None:
        parameters += _model_parameters(spec, op.query)
    if op.params is not None:
        parameters += _model_parameters(spec, op.params)
    if parameters:
        out["parameters"] = parameters
    content: dict[str, Any] = {}
    for ctype, description in op.raw.items():
        schema = dict(_RAW_SCHEMAS.get(ctype, {"type": "string", "format": "binary"}))
        schema["description"] = description
        content[ctype] = {"schema": schema}
    if op.files:
        props: dict[str, Any] = {name: {"type": "string", "format": "binary", "description": d}
                                 for name, d in op.files.items()}
        required = list(op.files) if op.files_required else []
        for p in _model_parameters(spec, op.params) if op.params is not None else ():
            props.setdefault(p["name"], {**p["schema"], **(
                {"description": p["description"]} if "description" in p else {})})
            if p["required"]:
                required.append(p["name"])
        multipart: dict[str, Any] = {"type": "object", "properties": props}
        if required:
            multipart["required"] = required
        content["multipart/form-data"] = {"schema": multipart}
    if op.body is not None:
        content["application/json"] = {"schema": _schema_of(spec, op.body)}
    if content:
        needed = bool(op.raw) or op.body is not None or (bool(op.files) and op.files_required)
        out["requestBody"] = {"required": needed, "content": content}
    responses = {str(code): _response(spec, value) for code, value in op.responses.items()}
    for code in op.errors:
        responses.setdefault(str(code), "Error")    # apispec resolves it to the shared response
    if op.query is not None or op.params is not None:
        responses.setdefault("400", "Error")
    if op.body is not None:
        responses.setdefault("400", "Error")
        responses.setdefault("422", "Error")
    if op.auth:
        responses.setdefault("401", "Error")
    out["responses"] = dict(sorted(responses.items()))
    return out


def build_spec(app: Flask) -> APISpec:
    """The OpenAPI document of every declared /api/v1 route of ``app`` (apispec object)."""
    from . import schemas

    spec = APISpec(title="API Validator Peta Proses Bisnis", version=__version__,
                   openapi_version=OPENAPI_VERSION, plugins=[PydanticPlugin()],
                   info={"description": DESCRIPTION}, servers=[{"url": API_PREFIX}],
                   security=[{"bearerAuth": []}])
    spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer", "description": "token API dari halaman /token"})
    _register(spec, "Error", model=schemas.Error)
    spec.components.response("Error", {"description": "Galat", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    paths: dict[str, dict[str, dict]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        ops = declarations(app.view_functions.get(rule.endpoint))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            op = ops.get(method.lower()) or ops.get(None)
            if op is not None:
                paths.setdefault(openapi_path(rule.rule), {})[method.lower()] = \
                    _operation_dict(spec, rule, op)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec


def document(app: Flask | None = None) -> dict:
    """The OpenAPI document as a dict, built once per app (its routes are fixed once it serves)."""
    app = app or current_app._get_current_object()
    cached = app.extensions.get(EXTENSION)
    if cached is None:
        cached = app.extensions[EXTENSION] = build_spec(app).to_dict()
    return cached


def undocumented(app: Flask) -> list[tuple[str, str]]:
    """(rule, method) of every /api/v1 route of ``app`` that has no declaration."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        ops = declarations(app.view_functions.get(rule.endpoint))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (ops.get(method.lower()) or ops.get(None)) is None:
                out.append((rule.rule, method))
    return out
