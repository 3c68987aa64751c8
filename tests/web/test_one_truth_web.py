"""One truth per report on the server: for every stored sample map, the report page, its
JSON, HTML and XLSX downloads and the API hold the same findings (file, rule, element)."""
from __future__ import annotations

import io
import re
from collections import Counter
from html import unescape

import openpyxl
from sqlalchemy import select

from validator.web.models import Submission

from .conftest import ADMIN, login

_LI = re.compile(r'<li[^>]*?\sclass="finding[^"]*"[^>]*?data-rule="([^"]+)"(?:[^>]*?data-element="([^"]*)")?[^>]*>',
                 re.S)


def _from_html(text: str) -> Counter:
    return Counter((rule, unescape(el or "")) for rule, el in _LI.findall(text))


def _from_json(body: dict) -> Counter:
    return Counter((f["rule"], f.get("element") or "") for fr in body["files"] for f in fr.get("findings", []))


def _from_xlsx(data: bytes) -> Counter:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(wb["Temuan"].iter_rows(values_only=True))
    head = list(rows[0])
    rule, element = head.index("Aturan"), head.index("Elemen")
    return Counter((r[rule], r[element] or "") for r in rows[1:] if r[rule])


def test_page_downloads_and_api_hold_the_same_findings(app, client):
    login(client, *ADMIN)
    with app.extensions["ppb_db"].session() as sess:
        ids = list(sess.scalars(select(Submission.id).where(Submission.status == "ok")))
    assert len(ids) >= 15
    seen = 0
    for sid in ids:
        truth = _from_json(client.get(f"/laporan/{sid}/unduh.json").get_json())
        page = _from_html(client.get(f"/laporan/{sid}").get_data(as_text=True))
        assert page == truth, (sid, "page", page - truth, truth - page)
        html = _from_html(client.get(f"/laporan/{sid}/unduh.html").get_data(as_text=True))
        assert html == truth, (sid, "html", html - truth, truth - html)
        xlsx = _from_xlsx(client.get(f"/laporan/{sid}/unduh.xlsx").data)
        assert xlsx == truth, (sid, "xlsx", xlsx - truth, truth - xlsx)
        api = _from_json(client.get(f"/api/v1/submissions/{sid}/report").get_json())
        assert api == truth, (sid, "api")
        seen += sum(truth.values())
    assert seen > 20
