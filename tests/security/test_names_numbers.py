"""Names and numbers never give a 500: any Unicode file name downloads (RFC 6266/5987
Content-Disposition), ZIP entry names are cleaned and cut like single uploads, ids past the
INTEGER columns answer 404, and plan numbers too large (or infinite, or NaN) are a coded
422 naming the field. Every server test runs on SQLite and on PostgreSQL (``app``)."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from tests.web.conftest import ADMIN, OPD_USER, bearer, csrf_token, login
from tests.web.helpers import good_bytes, make_zip

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"
NAMES = ["Peta Level 1 – revisi.bpmn", 'Réka ulang; "final" 100%.bpmn', "ꦥꦼꦠꦥꦿꦺꦴꦱꦺꦱ꧀.bpmn",
         "業務フロー.bpmn"]
_FALLBACK = re.compile(r'filename="([^"]*)"')
_EXACT = re.compile(r"filename\*=UTF-8''([^;\s]+)")
CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _disposition(resp, kind: str = "attachment") -> tuple[str, str]:
    """(ASCII fallback, exact name) of a response's Content-Disposition, checked to be what
    a WSGI server can send: ASCII only, of the RFC 6266 shape."""
    value = resp.headers["Content-Disposition"]
    value.encode("ascii")                        # a Latin-1 header must never fail to encode
    assert value.startswith(kind + "; ")
    fallback = _FALLBACK.search(value).group(1)
    assert fallback and all(32 <= ord(c) < 127 for c in fallback) and "\\" not in fallback
    exact = _EXACT.search(value)
    return fallback, unquote(exact.group(1), encoding="utf-8") if exact else fallback


def _store(client, token: str, name: str, data: bytes | None = None) -> dict:
    resp = client.post("/api/v1/validate", query_string={"simpan": "1", "filename": name},
                       data=data if data is not None else good_bytes(),
                       headers={**bearer(token), "Content-Type": "application/xml"})
    assert resp.status_code == 201, resp.get_data(as_text=True)[:300]
    return resp.get_json()


# -- file names in downloads ------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_any_unicode_file_name_downloads_everywhere(app, client, token, name):
    sub = _store(client, token, name)["submissions"][0]
    assert sub["filename"] == name
    sid, stem = sub["id"], name.rsplit(".", 1)[0]
    # the REST API: report as XLSX and HTML
    x = client.get(f"/api/v1/submissions/{sid}/report?format=xlsx", headers=bearer(token))
    assert x.status_code == 200 and x.data[:2] == b"PK"
    fallback, exact = _disposition(x)
    assert exact == f"laporan-{stem}.xlsx" and fallback.endswith(".xlsx")
    h = client.get(f"/api/v1/submissions/{sid}/report?format=html", headers=bearer(token))
    assert h.status_code == 200
    assert _disposition(h, "inline")[1] == f"laporan-{stem}.html"
    # the pages: report downloads and the modeler's XML
    browser = app.test_client()
    login(browser, *OPD_USER)
    for fmt in ("json", "xlsx", "html"):
        d = browser.get(f"/laporan/{sid}/unduh.{fmt}")
        assert d.status_code == 200, (fmt, d.status_code)
        assert _disposition(d)[1] == f"laporan-{sid}-{stem}.{fmt}"
    m = browser.get(f"/modeler/{sid}/xml")
    assert m.status_code == 200 and m.data == good_bytes()
    assert _disposition(m, "inline")[1] == name


def test_plan_file_download_keeps_its_unicode_name(client, admin_token):
    name = "Rencana 2025–2029 (révisi) ꦫꦺꦤ꧀ꦕꦤ.yaml"
    up = client.post("/api/v1/rencana", query_string={"filename": name}, data=PLAN.read_bytes(),
                     headers={**bearer(admin_token), "Content-Type": "application/x-yaml"})
    assert up.status_code == 201 and up.get_json()["filename"] == name
    raw = client.get("/api/v1/rencana?format=raw", headers=bearer(admin_token))
    assert raw.status_code == 200 and raw.data == PLAN.read_bytes()
    fallback, exact = _disposition(raw)
    assert exact == name and fallback.endswith(".yaml")


def test_every_content_disposition_is_made_by_the_helper():
    """Whoever sets a download name under validator/web goes through http.content_disposition."""
    offenders = []
    for path in sorted((ROOT / "validator" / "web").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if path.name == "http.py" or "expose_headers" in line:
                continue
            if ("Content-Disposition" in line and "content_disposition(" not in line) \
                    or "download_name" in line or "send_file(" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# -- names inside a ZIP and long names ----------------------------------------------------------

def test_zip_entry_names_are_cleaned_and_cut(client, token):
    long_name = "x" * 300 + ".bpmn"
    entries = {"a\r\nb.bpmn": good_bytes(), "tab\tnama.bpmn": good_bytes(),
               "\u202egnp.bpmn": good_bytes(), "folder/sub\x07bab/peta.bpmn": good_bytes(),
               long_name: good_bytes(), "p/" + "y" * 300 + "/z.bpmn": good_bytes()}
    resp = client.post("/api/v1/validate?simpan=1", data=make_zip(entries),
                       headers={**bearer(token), "Content-Type": "application/zip"})
    assert resp.status_code == 201, resp.get_data(as_text=True)[:400]
    names = [s["filename"] for s in resp.get_json()["submissions"]]
    assert len(names) == len(entries)
    for n in names:
        assert not CONTROL.search(n) and len(n) <= 255 and n.endswith(".bpmn"), repr(n)
    assert "ab.bpmn" in names and "tabnama.bpmn" in names and "gnp.bpmn" in names
    assert "folder/subbab/peta.bpmn" in names                   # folders are kept
    assert "x" * 250 + ".bpmn" in names                          # cut keeping the extension
    assert "z.bpmn" in names                                     # a long folder is dropped first


def test_a_single_long_name_is_cut_keeping_its_extension(client, token):
    sub = _store(client, token, "Peta " + "panjang " * 60 + "\r\n.bpmn")["submissions"][0]
    assert len(sub["filename"]) == 255 and sub["filename"].endswith(".bpmn")
    assert not CONTROL.search(sub["filename"])


def test_long_plan_name_and_rpjmd_id_are_stored(client, admin_token, db):
    from validator.web.models import Rencana

    text = PLAN.read_text(encoding="utf-8")
    rid = re.search(r"^\s+id:\s*(\S+)", text[text.index("rpjmd:"):], re.M).group(1)
    text = text.replace(rid, "RPJMD-" + "9" * 300, 1)
    name = "rencana " + "panjang " * 50 + ".yaml"
    resp = client.post("/api/v1/rencana", query_string={"filename": name}, data=text.encode(),
                       headers={**bearer(admin_token), "Content-Type": "application/x-yaml"})
    assert resp.status_code == 201, resp.get_data(as_text=True)[:300]
    with db.session() as sess:
        row = sess.scalar(select(Rencana).where(Rencana.active.is_(True)))
        assert len(row.filename) <= 255 and row.filename.endswith(".yaml")
        assert len(row.rpjmd_id) <= 120 and row.rpjmd_id.startswith("RPJMD-999")


# -- ids in URLs --------------------------------------------------------------------------------

HUGE_IDS = [str(2**31), str(2**63 - 1), str(2**63), str(2**64 + 1), str(10**30), "9" * 5000]


def _int_rules(app) -> list:
    return [r for r in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in r._converters.values())]


def test_ids_beyond_the_integer_columns_answer_404(app):
    rules = _int_rules(app)
    assert len(rules) >= 5, [r.rule for r in rules]
    browser = app.test_client()
    login(browser, *ADMIN)
    seen = 0
    for rule in rules:
        for value in HUGE_IDS:
            path = re.sub(r"<int:[^>]+>", value, rule.rule)
            path = re.sub(r"<(?:[a-z]+:)?[^>]+>", "json", path)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                resp = browser.open(path, method=method)
                assert resp.status_code == 404, (method, rule.rule, value[:20], resp.status_code)
                if path.startswith("/api/"):
                    assert resp.get_json()["error"]["code"] == "NOT_FOUND"
                seen += 1
    assert seen >= len(rules) * len(HUGE_IDS)


def test_the_largest_id_is_still_an_id(app, client, token):
    """2**31 - 1 is matched and looked up (no such row: 404, no overflow on PostgreSQL)."""
    resp = client.get(f"/api/v1/submissions/{2**31 - 1}", headers=bearer(token))
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "NOT_FOUND"


# -- plan numbers -------------------------------------------------------------------------------

BIG = "9" * 4301


def _plan_with_target(value: str, fmt: str) -> bytes:
    """The sample plan with its first target value written as ``value`` (as in the file)."""
    import yaml

    doc = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"] = {2025: "@NILAI@"}
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False).replace('"@NILAI@"', value).encode()
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).replace("'@NILAI@'", value).encode()


CASES = [("yaml", BIG, "NUMBER_TOO_LARGE"), ("json", BIG, "NUMBER_TOO_LARGE"),
         ("json", "1e400", "NUMBER_TOO_LARGE"), ("yaml", "1.0e+400", "NUMBER_TOO_LARGE"),
         ("json", "NaN", "BAD_NUMBER"), ("json", "Infinity", "NUMBER_TOO_LARGE"),
         ("yaml", ".nan", "BAD_NUMBER"), ("yaml", "-.inf", "NUMBER_TOO_LARGE"),
         ("yaml", "10000000000000001", "NUMBER_TOO_LARGE")]


@pytest.mark.parametrize("fmt,value,code", CASES, ids=lambda v: str(v)[:12])
def test_plan_numbers_out_of_range_through_the_api(client, admin_token, fmt, value, code):
    before = client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()["sha256"]
    resp = client.post("/api/v1/rencana", query_string={"filename": f"rencana.{fmt}"},
                       data=_plan_with_target(value, fmt),
                       headers={**bearer(admin_token), "Content-Type": "application/octet-stream"})
    assert resp.status_code == 422, resp.get_data(as_text=True)[:300]
    err = resp.get_json()["error"]
    assert err["code"] == "PLAN_INVALID"
    hits = [p for p in err["problems"] if p["code"] == code]
    assert hits and hits[0]["path"] == "rpjmd.sasaran[0].indikator[0].target.2025"
    if code == "NUMBER_TOO_LARGE":
        assert "angka terlalu besar" in hits[0]["message"]
    assert len(resp.data) < 5000
    after = client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()["sha256"]
    assert after == before                          # the old plan stays active


def test_plan_number_too_large_on_the_page_and_in_a_workbook(app, client, admin_token):
    browser = app.test_client()
    login(browser, *ADMIN)
    form = browser.get("/rencana")
    resp = browser.post("/rencana", data={"csrf_token": csrf_token(form.get_data(as_text=True)),
                                          "berkas": (io.BytesIO(_plan_with_target(BIG, "yaml")),
                                                     "rencana.yaml")},
                        content_type="multipart/form-data")
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "angka terlalu besar" in html and "target.2025" in html and BIG not in html
    # an XLSX plan whose target cell holds 4,301 digits
    from validator.plan.xlsx import template_bytes

    book = _raw_cell(template_bytes(), "<v>97</v>", f"<v>{BIG}</v>")
    resp = client.post("/api/v1/rencana", query_string={"filename": "rencana.xlsx"}, data=book,
                       headers={**bearer(admin_token), "Content-Type": "application/octet-stream"})
    assert resp.status_code == 422, resp.get_data(as_text=True)[:300]
    problems = resp.get_json()["error"]["problems"]
    assert [p["code"] for p in problems] == ["NUMBER_TOO_LARGE"]
    assert problems[0]["path"].startswith("T-C.25!")


def _raw_cell(book: bytes, old: str, new: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(buf, "w") as dst:
        done = False
        for info in src.infolist():
            part = src.read(info)
            if not done and info.filename.startswith("xl/worksheets/") and old.encode() in part:
                part, done = part.replace(old.encode(), new.encode(), 1), True
            dst.writestr(info, part)
    assert done
    return buf.getvalue()


@pytest.mark.parametrize("fmt,value", [("yaml", BIG), ("json", "NaN"), ("json", "1e400")])
def test_ppb_rencana_periksa_names_the_number(tmp_path, capsys, fmt, value):
    from validator.cli import main

    path = tmp_path / f"rencana.{fmt}"
    path.write_bytes(_plan_with_target(value, fmt))
    assert main(["rencana", "periksa", str(path)]) == 2
    out = capsys.readouterr()
    assert "Rencana TIDAK sah" in out.out
    assert "rpjmd.sasaran[0].indikator[0].target.2025" in out.out
    assert "Traceback" not in out.out + out.err and BIG not in out.out
