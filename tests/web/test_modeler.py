"""The web modeler's page and XML endpoint: who may open which submission.

Same rule as the report: an OPD user only their OPD's submissions (another OPD's
answer 404, as if missing), the admin every one, nobody without signing in.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from validator.web.models import Opd, Submission

from .conftest import ADMIN, OPD_USER, login


def _ids(app, singkatan: str) -> list[int]:
    with app.extensions["ppb_db"].session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == singkatan))
        return list(sess.scalars(select(Submission.id).where(Submission.opd_id == opd.id)))


def _stored(app, sid: int) -> bytes:
    with app.extensions["ppb_db"].session() as sess:
        return bytes(sess.get(Submission, sid).content)


def test_anonymous_is_sent_to_login(app, client):
    sid = _ids(app, "DISDUKCAPIL")[0]
    for url in (f"/modeler/{sid}", f"/modeler/{sid}/xml", "/modeler/baru"):
        r = client.get(url)
        assert r.status_code == 302, url
        assert "/masuk" in r.headers["Location"], url


def test_opd_user_opens_own_submission(app, client):
    own = _ids(app, "DISDUKCAPIL")
    assert own
    login(client, *OPD_USER)
    r = client.get(f"/modeler/{own[0]}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    # no inline script; the bundle reads its URLs from data-* attributes
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert f'data-xml-url="/modeler/{own[0]}/xml"' in html
    assert 'data-opd="DISDUKCAPIL"' in html
    assert 'data-validate-url="/api/v1/validate"' in html
    assert re.search(r'<meta name="csrf-token" content="[^"]+"', html)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp
    xml = client.get(f"/modeler/{own[0]}/xml")
    assert xml.status_code == 200
    assert xml.mimetype == "application/xml"
    assert xml.get_data() == _stored(app, own[0])


def test_other_opd_gets_404_on_page_and_xml(app, client):
    others = _ids(app, "DPMPTSP")
    assert others
    login(client, *OPD_USER)
    for sid in others:
        for url in (f"/modeler/{sid}", f"/modeler/{sid}/xml"):
            r = client.get(url)
            assert r.status_code == 404, url
            assert b"<bpmn" not in r.get_data() and b"definitions" not in r.get_data(), url
    assert client.get("/modeler/999999").status_code == 404
    assert client.get("/modeler/999999/xml").status_code == 404


def test_admin_opens_any_submission_and_the_new_page(app, client):
    sid = _ids(app, "DPMPTSP")[0]
    login(client, *ADMIN)
    page = client.get(f"/modeler/{sid}")
    assert page.status_code == 200
    # the admin saves for the submission's OPD, not their own
    assert 'data-opd="DPMPTSP"' in page.get_data(as_text=True)
    assert client.get(f"/modeler/{sid}/xml").get_data() == _stored(app, sid)
    html = client.get("/modeler/baru").get_data(as_text=True)
    assert 'id="modeler-opd"' in html and 'value="DPMPTSP"' in html


def test_new_page_for_opd_user_uses_their_opd(app, client):
    login(client, *OPD_USER)
    html = client.get("/modeler/baru").get_data(as_text=True)
    assert 'data-opd="DISDUKCAPIL"' in html
    assert 'id="modeler-opd"' not in html
    assert "data-xml-url" not in html


def test_report_page_links_to_the_modeler(app, client):
    sid = _ids(app, "DISDUKCAPIL")[0]
    login(client, *OPD_USER)
    html = client.get(f"/laporan/{sid}").get_data(as_text=True)
    assert f'href="/modeler/{sid}"' in html and "Perbaiki di modeler" in html


def test_page_without_the_built_bundle_says_so(app, client, monkeypatch):
    from validator.web import modeler

    sid = _ids(app, "DISDUKCAPIL")[0]
    login(client, *OPD_USER)
    monkeypatch.setattr(modeler, "BUNDLE", ("modeler/tidak-ada.js",))
    html = client.get(f"/modeler/{sid}").get_data(as_text=True)
    assert "make assets" in html
    assert "modeler.js" not in html and 'id="modeler"' not in html
