"""Plan history and rollback through the API: admins list stored plans and make an earlier
one active again (checked whole again, audited); verifikators read the history; OPD users
do neither."""
from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from validator.web.models import AuditEntry

from .conftest import bearer, make_token

SAMPLE_PLAN = Path(__file__).resolve().parents[2] / "bpmn_samples" / "rencana-pariaman.yaml"


def _upload(client, token, rpjmd_id: str):
    doc = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    doc["rpjmd"]["id"] = rpjmd_id
    return client.post("/api/v1/rencana?filename=rencana-perubahan.yaml",
                       data=yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode(),
                       headers={**bearer(token), "Content-Type": "application/x-yaml"})


def test_admin_lists_the_history_and_rolls_back(app, client, admin_token, db):
    first = client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()
    assert _upload(client, admin_token, "RPJMD-PERUBAHAN").status_code == 201
    history = client.get("/api/v1/rencana/riwayat", headers=bearer(admin_token)).get_json()
    assert history["count"] >= 2
    newest, older = history["rencana"][0], history["rencana"][1]
    assert newest["rpjmd"] == "RPJMD-PERUBAHAN" and newest["active"] is True
    assert older["id"] == first["id"] and older["active"] is False
    r = client.post(f"/api/v1/rencana/{first['id']}/aktifkan", headers=bearer(admin_token))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert r.get_json()["id"] == first["id"] and r.get_json()["active"] is True
    now = client.get("/api/v1/rencana", headers=bearer(admin_token)).get_json()
    assert now["id"] == first["id"] and now["rpjmd"] == first["rpjmd"]
    with db.session() as sess:
        last = sess.scalars(select(AuditEntry).where(AuditEntry.kind == "rencana-ganti")
                            .order_by(AuditEntry.id.desc())).first()
        assert last.target.endswith(f"(#{first['id']})") and "diaktifkan kembali" in last.detail
    assert client.post("/api/v1/rencana/999999/aktifkan", headers=bearer(admin_token)).status_code == 404


def test_who_may_read_and_roll_back(app, client, token, admin_token):
    from validator.web import accounts

    with app.extensions["ppb_db"].session() as sess:
        accounts.create_user(sess, username="verif.rencana", role="verifikator",
                             password="batang-anai-mengalir")
    verif = make_token(app, "verif.rencana")
    assert client.get("/api/v1/rencana/riwayat", headers=bearer(verif)).status_code == 200
    assert client.get("/api/v1/rencana/riwayat", headers=bearer(token)).status_code == 403
    plan_id = client.get("/api/v1/rencana", headers=bearer(token)).get_json()["id"]
    for who in (token, verif):
        r = client.post(f"/api/v1/rencana/{plan_id}/aktifkan", headers=bearer(who))
        assert r.status_code == 403 and r.get_json()["error"]["code"] == "FORBIDDEN"
