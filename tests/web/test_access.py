"""An OPD user cannot read another OPD's submission or report by ANY route."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from validator.web.models import Opd, Submission

from .conftest import bearer, login


def _ids(app, singkatan: str) -> list[int]:
    with app.extensions["ppb_db"].session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == singkatan))
        return list(sess.scalars(select(Submission.id).where(Submission.opd_id == opd.id)))


def _urls(sid: int) -> list[str]:
    return [f"/api/v1/submissions/{sid}", f"/api/v1/submissions/{sid}/report",
            f"/api/v1/submissions/{sid}/report?format=html",
            f"/api/v1/submissions/{sid}/report?format=xlsx",
            f"/laporan/{sid}", f"/laporan/{sid}?format=html", f"/laporan/{sid}/unduh.json",
            f"/laporan/{sid}/unduh.html", f"/laporan/{sid}/unduh.xlsx", f"/laporan/{sid}/unduh.bpmn"]


@pytest.fixture
def others(app):
    ids = _ids(app, "DPMPTSP") + _ids(app, "PEMKO")
    assert ids
    return ids


def test_by_token(app, client, token, others):
    for sid in others:
        for url in _urls(sid):
            if url.startswith("/api/"):
                r = client.get(url, headers=bearer(token))
                assert r.status_code == 404, url
                assert r.get_json()["error"]["code"] == "NOT_FOUND"
    listed = {s["id"] for s in client.get("/api/v1/submissions?limit=1000", headers=bearer(token))
              .get_json()["submissions"]}
    assert not listed & set(others)
    r = client.get("/api/v1/submissions?opd=DPMPTSP", headers=bearer(token))
    assert r.status_code == 403


def test_by_session_on_every_route(app, client, others):
    login(client, "disdukcapil", "disdukcapil-2025")
    own = _ids(app, "DISDUKCAPIL")
    for sid in others:
        for url in _urls(sid):
            r = client.get(url)
            assert r.status_code in (403, 404), (url, r.status_code)
            body = r.get_data()
            assert b"PK\x03\x04" not in body[:4]
    for singkatan in ("DPMPTSP", "PEMKO", "dpmptsp"):
        r = client.get(f"/riwayat/{singkatan}")
        assert r.status_code in (403, 404), singkatan
    # the same routes answer for the OPD's own submissions, so the refusals above are real
    assert client.get(f"/api/v1/submissions/{own[0]}").status_code == 200
    assert client.get(f"/laporan/{own[0]}").status_code == 200
    assert client.get(f"/laporan/{own[0]}/unduh.json").status_code == 200
    assert client.get("/riwayat/DISDUKCAPIL").status_code == 200


def test_ids_that_do_not_exist_look_the_same(client, token, others):
    missing = client.get("/api/v1/submissions/999999", headers=bearer(token))
    hidden = client.get(f"/api/v1/submissions/{others[0]}", headers=bearer(token))
    assert missing.status_code == hidden.status_code == 404
    assert missing.get_json() == hidden.get_json()


def test_other_opd_sees_nothing_of_disdukcapil(app, client, other_token):
    for sid in _ids(app, "DISDUKCAPIL"):
        assert client.get(f"/api/v1/submissions/{sid}/report", headers=bearer(other_token)).status_code == 404


def test_admin_sees_all(app, client, admin_token):
    for sid in _ids(app, "DPMPTSP") + _ids(app, "DISDUKCAPIL"):
        assert client.get(f"/api/v1/submissions/{sid}", headers=bearer(admin_token)).status_code == 200


def test_blueprints_depend_on_services_not_on_each_other():
    """The web layer grows one blueprint per concern over shared modules (common, services,
    jobs, auth's decorators): no blueprint module imports another blueprint module."""
    import ast
    from pathlib import Path

    import validator.web as web

    folder = Path(web.__file__).parent
    blueprints = {p.stem for p in folder.glob("*.py")
                  if "Blueprint(" in p.read_text(encoding="utf-8") and p.stem != "auth"}
    assert {"api", "pages", "jobs_web", "simulation", "plans_web", "users_web", "rules_web",
            "modeler"} <= blueprints
    for name in sorted(blueprints | {"jobs", "services", "common"}):
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    imported.add(node.module.split(".")[0])
                else:
                    imported.update(a.name for a in node.names)
        assert not (imported & (blueprints - {name})), (name, sorted(imported & blueprints))
