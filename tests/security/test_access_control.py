"""Access control over EVERY route of the app, found by enumerating Flask's url_map, so a new
route is covered without anyone remembering to add it here.

For each route and method, as a user of another OPD (session and bearer token):
- a route with parameters is called with the ids of DPMPTSP's objects (a submission, a job,
  a token, a user, its singkatan): the answer is 401/403/404 (never 200, never 500), and the
  object is unchanged afterwards;
- a route without parameters may answer (its own data), but nothing of DPMPTSP's shows;
- a view marked admin-only (``ppb_access``) answers 403 to OPD users and verifikators, and a
  reviewer view 403 to OPD users.
A parameter name this test does not know fails the test: say here what it refers to.
"""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from validator.web.models import ApiToken, Job, Opd, Rencana, Submission, User, utcnow

from .conftest import OPD_USER, OTHER_USER, bearer, login, make_token

PUBLIC = {"static", "pages.asset", "sim_pages.chart_style", "auth.login", "api.health", "api.rules",
          "api.openapi_json", "api.docs", "pages.index",
          "rules_web.index", "rules_web.rule"}     # the rule catalogue, readable offline by anyone
# ends the caller's own session: called last, separately
SELF_ENDING = {"auth.logout"}
FORMATS = ("json", "html", "xlsx", "bpmn", "sarif", "csv", "docx", "pdf")   # docx, pdf: documents
SECRET = "RAHASIA-DPMPTSP-7f3a"


@pytest.fixture
def victim(app):
    """DPMPTSP's objects, with a marker no other OPD may ever see."""
    db = app.extensions["ppb_db"]
    token_secret = make_token(app, OTHER_USER[0], label=SECRET)
    with db.session() as sess:
        opd = sess.scalar(select(Opd).where(Opd.singkatan == "DPMPTSP"))
        user = sess.scalar(select(User).where(User.username == OTHER_USER[0]))
        sub = sess.scalar(select(Submission).where(Submission.opd_id == opd.id).limit(1))
        sub.filename = f"{SECRET}.bpmn"
        job = Job(id=uuid.uuid4().hex, kind="validasi-set", opd_id=opd.id, owner_id=user.id,
                  status="selesai", progress=100, message=SECRET, params_json="{}",
                  result_json=json.dumps({"files": [{"filename": SECRET}]}), created_at=utcnow(),
                  updated_at=utcnow(), output=SECRET.encode(), output_name=f"{SECRET}.pdf",
                  output_type="application/pdf")   # a produced file: /api/v1/jobs/<id>/hasil
        sess.add(job)
        tok = sess.scalar(select(ApiToken).where(ApiToken.label == SECRET))
        plan = sess.scalar(select(Rencana).order_by(Rencana.id).limit(1))
        stored_set = _victim_set(sess, opd, user, sub)
        return {"submission_id": sub.id, "job_id": job.id, "token_id": tok.id, "user_id": user.id,
                "singkatan": "DPMPTSP", "token_secret": token_secret,
                "set_id": stored_set.id,
                **_victim_review(sess, user, sub),   # comment_id, notice_id (the review cycle)
                "rencana_id": plan.id if plan is not None else 1,
                "other_id": sub.id,        # the second version of a comparison (/beda/<other_id>)
                "edition_id": _victim_edition(sess),
                "peta": sub.map_key}     # a map of DPMPTSP (/peta/<singkatan>/<peta>)


def _victim_edition(sess) -> int:
    """A draft edition (/edisi/<edition_id>): only admins and verifikators read a draft."""
    from validator.web.models import Edition

    ed = Edition(nama=SECRET, tahun=2025, status="draf", created_at=utcnow(), revision=1)
    sess.add(ed)
    sess.flush()
    return ed.id


def _victim_review(sess, user, sub) -> dict:
    """A comment on DPMPTSP's map (/api/v1/komentar/<comment_id>/...) and a notice of its
    user (/pemberitahuan/<notice_id>/...), both holding the marker."""
    from validator.web.models import Comment, Notice

    comment = Comment(submission_id=sub.id, element_id=None, author_id=user.id, teks=SECRET,
                      created_at=utcnow())
    notice = Notice(user_id=user.id, text=SECRET, link=f"/laporan/{sub.id}", created_at=utcnow())
    sess.add_all([comment, notice])
    sess.flush()
    return {"comment_id": comment.id, "notice_id": notice.id}


def _victim_set(sess, opd, user, sub):
    """A stored set of DPMPTSP (/set/<set_id>, /api/v1/sets/<set_id>) holding the marker."""
    from validator.web.models import SubmissionSet, SubmissionSetMember

    report = {"files": [{"path": f"{SECRET}.bpmn", "status": "ok", "findings": [],
                         "summary": {"error": 0, "warning": 0, "info": 0, "suppressed": 0}}],
              "summary": {"error": 0, "warning": 0, "info": 0, "suppressed": 0, "files": 1,
                          "unreadable": 0},
              "set": {"plan": None, "findings": [], "rulesNotRun": []}}
    row = SubmissionSet(opd_id=opd.id, uploader_id=user.id, filename=f"{SECRET}.zip",
                        created_at=utcnow(), profile="standar", report_json=json.dumps(report),
                        plan_note=SECRET, maps=1, errors=0, warnings=0, set_findings=0)
    sess.add(row)
    sess.flush()
    sess.add(SubmissionSetMember(set_id=row.id, submission_id=sub.id, position=0))
    return row


def _fill(rule, victim) -> list[dict]:
    """Values for the rule's parameters, all pointing at DPMPTSP's objects."""
    values: dict[str, list] = {}
    for name in rule.arguments:
        if name == "fmt":
            values[name] = list(FORMATS)
        elif name in victim:
            values[name] = [victim[name]]
        else:
            pytest.fail(f"route {rule.rule}: unknown parameter '{name}'; tell "
                        "tests/security/test_access_control.py which object it names")
    combos = [{}]
    for name, options in values.items():
        combos = [{**c, name: v} for c in combos for v in options]
    return combos


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _call(client, method: str, url: str, headers: dict | None = None):
    if method == "GET":
        return client.get(url, headers=headers)
    return client.open(url, method=method, data={}, headers=headers)


def _victim_unchanged(app, victim) -> None:
    with app.extensions["ppb_db"].session() as sess:
        user = sess.get(User, victim["user_id"])
        assert user.active and user.role == "opd", "another OPD's user was changed"
        assert not sess.get(ApiToken, victim["token_id"]).revoked, "another user's token was revoked"
        job = sess.get(Job, victim["job_id"])
        assert job.status == "selesai" and not job.cancel_requested, "another OPD's job was touched"
        assert sess.get(Submission, victim["submission_id"]) is not None
        from validator.web.models import Comment, Notice
        assert sess.get(Comment, victim["comment_id"]).resolved_at is None, "another OPD's comment was resolved"
        assert sess.get(Notice, victim["notice_id"]).read_at is None, "another user's notice was read"


def _check(app, client, victim, headers=None, api_only=False) -> int:
    app.config["WTF_CSRF_ENABLED"] = False     # authorisation, not CSRF, is what is tested here
    checked = 0
    for rule, method in _routes(app):
        if rule.endpoint in SELF_ENDING:
            continue
        if api_only and not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        access = getattr(view, "ppb_access", None)
        for params in _fill(rule, victim):
            url = rule.build(params)[1] if params else rule.rule
            r = _call(client, method, url, headers)
            where = f"{method} {url} ({rule.endpoint})"
            assert r.status_code != 500, where
            body = r.get_data()
            assert SECRET.encode() not in body, f"{where} shows DPMPTSP's data"
            if access in ("admin", "reviewer"):
                assert r.status_code == 403, f"{where}: {access}-only, answered {r.status_code}"
            elif params:
                assert r.status_code in (401, 403, 404), f"{where} answered {r.status_code}"
            checked += 1
    _victim_unchanged(app, victim)
    return checked


def test_every_route_as_another_opd_by_session(app, client, victim):
    assert login(client, *OPD_USER).status_code == 302
    checked = _check(app, client, victim)
    assert checked > 30
    assert client.get("/riwayat").status_code == 200     # still signed in: the refusals were real


def test_every_api_route_as_another_opd_by_token(app, client, victim):
    checked = _check(app, client, victim, headers=bearer(make_token(app, OPD_USER[0])), api_only=True)
    assert checked > 8


def test_admin_routes_refuse_verifikators(app, client, victim):
    from validator.web import accounts

    with app.extensions["ppb_db"].session() as sess:
        accounts.create_user(sess, username="verif.uji", role="verifikator",
                             password="lubuk-minturun-hijau")
    assert login(client, "verif.uji", "lubuk-minturun-hijau").status_code == 302
    app.config["WTF_CSRF_ENABLED"] = False
    admin_only = [(rule, method) for rule, method in _routes(app)
                  if getattr(app.view_functions[rule.endpoint], "ppb_access", None) == "admin"]
    assert len(admin_only) >= 6
    for rule, method in admin_only:
        for params in _fill(rule, victim):
            url = rule.build(params)[1] if params else rule.rule
            assert _call(client, method, url).status_code == 403, url
    _victim_unchanged(app, victim)
    # what a verifikator may do: read every OPD's maps
    assert client.get(f"/laporan/{victim['submission_id']}").status_code == 200


def test_signed_out_gets_nothing(app, client, victim):
    app.config["WTF_CSRF_ENABLED"] = False
    for rule, method in _routes(app):
        for params in _fill(rule, victim):
            url = rule.build(params)[1] if params else rule.rule
            r = _call(client, method, url)
            assert r.status_code in (302, 401, 403, 404), f"{method} {url}: {r.status_code}"
            if r.status_code == 302:
                assert "/masuk" in r.headers["Location"]
    _victim_unchanged(app, victim)
