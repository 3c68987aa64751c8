"""The OpenAPI 3.1 document of API v1 and a plain HTML page that reads it (no CDN, no
swagger-ui: the page works offline).

The document is not written here: every /api/v1 view declares itself with
:func:`validator.web.apidoc.operation` and apispec builds the document from the app's routes
(:func:`validator.web.apidoc.document`). This module serves it and renders the page.
"""
from __future__ import annotations

import re

from flask import render_template
from markupsafe import Markup, escape

from .apidoc import document

PLACES = {"query": "query", "path": "alamat", "header": "header"}
_REF = "#/components/schemas/"


def spec() -> dict:
    """The OpenAPI document of the current app."""
    return document()


# The spec's descriptions use a little Markdown: `code`, **bold** and [text](link). The
# docs page renders just these, on text escaped first, so nothing else becomes markup.
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SAFE_HREF = re.compile(r"^(/|#|https?://)")


def markdown_inline(text) -> Markup:
    """`code`, **bold** and [text](url) of ``text`` as HTML; everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in _MD_CODE.finditer(str(text or "")):   # code spans first: nothing inside them is markup
        out.append(_md_text(m.string[pos:m.start()]))
        out.append(f"<code>{escape(m.group(1))}</code>")
        pos = m.end()
    out.append(_md_text(str(text or "")[pos:]))
    return Markup("".join(out))


def _md_text(text: str) -> str:
    def link(m: re.Match) -> str:
        href = m.group(2)
        if not _SAFE_HREF.match(href):   # javascript:, data: ... stay plain text
            return str(escape(m.group(0)))
        return f'<a href="{escape(href)}">{escape(m.group(1))}</a>'

    parts: list[str] = []
    pos = 0
    for m in _MD_LINK.finditer(text):
        parts.append(_md_bold(text[pos:m.start()]))
        parts.append(link(m))
        pos = m.end()
    parts.append(_md_bold(text[pos:]))
    return "".join(parts)


def _md_bold(text: str) -> str:
    return _MD_BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", str(escape(text)))


def type_text(schema: dict | None, spec_doc: dict | None = None) -> str:
    """A schema as a short Indonesian type: 'integer', 'string: json, html', 'Report',
    'daftar Job', 'string atau null'."""
    if not schema:
        return "apa saja"
    if "$ref" in schema:
        return schema["$ref"].removeprefix(_REF)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " atau ".join(type_text(s) for s in schema[key])
    kind = schema.get("type", "object")
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(v) for v in schema["enum"])
    if kind == "array":
        return "daftar " + type_text(schema.get("items"))
    if kind == "string" and schema.get("format") == "binary":
        return "berkas"
    if kind == "integer" and ("minimum" in schema or "maximum" in schema):
        low, high = schema.get("minimum", ""), schema.get("maximum", "")
        return f"integer {low}..{high}"
    return str(kind)


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", ()))
    return [{"name": name, "type": type_text(prop), "required": name in required,
             "description": prop.get("description")}
            for name, prop in (schema.get("properties") or {}).items()]


def _anchor(method: str, path: str) -> str:
    return f"{method}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-")


def operations(doc: dict) -> list[dict]:
    """Every operation of ``doc`` as the docs page lists it."""
    schemas = doc.get("components", {}).get("schemas", {})
    out = []
    for path, ops in doc.get("paths", {}).items():
        for method, op in ops.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": type_text(p.get("schema")), "description": p.get("description")}
                      for p in op.get("parameters", ())]
            body = None
            if "requestBody" in op:
                content = []
                for ctype, media in op["requestBody"].get("content", {}).items():
                    schema = media.get("schema") or {}
                    if "$ref" in schema:
                        schema = schemas.get(schema["$ref"].removeprefix(_REF), {})
                    content.append({"type": ctype, "description": schema.get("description"),
                                    "fields": _fields(schema) if ctype in (
                                        "multipart/form-data", "application/json") else []})
                body = {"required": op["requestBody"].get("required", False), "content": content}
            answers, errors = [], []
            for code, resp in op.get("responses", {}).items():
                if "$ref" in resp:            # the shared error answer: listed once, by status
                    errors.append(code)
                    continue
                answers.append({"code": code, "description": resp.get("description", ""),
                                "types": [f"{ct} ({type_text(m.get('schema'))})"
                                          for ct, m in (resp.get("content") or {}).items()]})
            if errors:
                answers.append({"code": ", ".join(errors), "types": ["application/json (Error)"],
                                "description": "Galat `{\"error\": {\"code\", \"message\"}}`"})
            out.append({"method": method, "path": path, "anchor": _anchor(method, path),
                        "summary": op.get("summary", ""), "description": op.get("description"),
                        "public": op.get("security") == [], "parameters": params,
                        "body": body, "responses": answers})
    return out


def render_docs() -> str:
    doc = spec()
    schemas = sorted((name, _fields(schema))
                     for name, schema in doc.get("components", {}).get("schemas", {}).items())
    return render_template("api_docs.html", s=doc, base=doc["servers"][0]["url"],
                           ops=operations(doc), schemas=schemas, places=PLACES,
                           md=markdown_inline)
