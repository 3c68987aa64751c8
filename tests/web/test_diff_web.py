"""Two versions of a map compared: API /api/v1/submissions/<id>/beda/<other> and the page."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from validator.web import services
from validator.web.models import Opd

from .conftest import ADMIN, OPD_USER, bearer

SAMPLE = Path(__file__).resolve().parents[2] / "bpmn_samples" / "pariaman" / \
    "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn"


def _store_two(app, db, name="beda-uji.bpmn", opd="DISDUKCAPIL"):
    # a map of its own (its codes are not those of the stored sample it is drawn from)
    text = SAMPLE.read_bytes().decode("utf-8").replace('ppb:kode="', 'ppb:kode="UJI-')
    old = text.encode("utf-8")
    start = text.index('<bpmn:userTask id="')
    task_id = text[start:].split('"')[1]
    # version 2 renames the first task and adds one
    first_name = text[start:].split('name="', 1)[1].split('"', 1)[0]
    new = text.replace(f'name="{first_name}"', 'name="Nama tugas yang baru"', 1)
    new = new.replace("</bpmn:process>", '<bpmn:task id="Task_Tambahan" name="Tugas tambahan" />'
                      "</bpmn:process>", 1)
    with app.app_context(), db.session() as sess:
        o = sess.scalar(select(Opd).where(Opd.singkatan == opd))
        a = services.store_upload(sess, opd=o, uploader=None, filename=name, data=old)[0].id
        b = services.store_upload(sess, opd=o, uploader=None, filename=name,
                                  data=new.encode("utf-8"))[0].id
    return a, b, task_id, first_name


def test_api_lists_renamed_and_added_elements(app, db, client, token):
    a, b, task_id, first_name = _store_two(app, db)
    # whichever order the URL names them in, the comparison runs from old to new
    for x, y in ((b, a), (a, b)):
        resp = client.get(f"/api/v1/submissions/{x}/beda/{y}", headers=bearer(token))
        assert resp.status_code == 200, resp.get_json()
        body = resp.get_json()
        assert body["old"]["id"] == a and body["new"]["id"] == b
        assert body["sameMap"] is True
        assert [c["id"] for c in body["added"]] == ["Task_Tambahan"]
        changed = {c["id"]: c["attrs"] for c in body["changed"]}
        assert changed[task_id]["name"] == {"old": first_name, "new": "Nama tugas yang baru"}
        assert body["summary"]["removed"] == 0


def test_api_hides_other_opds_versions(app, db, client, other_token):
    a, b, *_ = _store_two(app, db)
    resp = client.get(f"/api/v1/submissions/{a}/beda/{b}", headers=bearer(other_token))
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "NOT_FOUND"


def test_page_lists_changes_and_carries_both_versions(app, db, client, login):
    a, b, task_id, _ = _store_two(app, db)
    login(client, *OPD_USER)
    resp = client.get(f"/laporan/{b}/beda/{a}")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'data-elemen="Task_Tambahan"' in html
    assert f'data-elemen="{task_id}"' in html
    assert "Nama tugas yang baru" in html
    assert 'id="ppb-beda"' in html and "Ditambahkan (1)" in html


def test_previous_version_link_redirects_to_the_comparison(app, db, client, login):
    a, b, *_ = _store_two(app, db)
    login(client, *ADMIN)
    resp = client.get(f"/laporan/{b}/beda/sebelumnya")
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/laporan/{b}/beda/{a}")
    first = client.get(f"/laporan/{a}/beda/sebelumnya")
    assert first.status_code == 302 and first.headers["Location"].endswith(f"/laporan/{a}")


def test_page_of_unknown_version_is_404(app, client, login):
    login(client, *ADMIN)
    assert client.get("/laporan/999999/beda/999998").status_code == 404


def test_report_page_offers_both_comparisons_from_version_two(app, db, client, login):
    a, b, *_ = _store_two(app, db)
    login(client, *OPD_USER)
    html = client.get(f"/laporan/{b}").get_data(as_text=True)
    assert f'href="/laporan/{b}/beda/sebelumnya"' in html
    assert f'href="/laporan/{b}/beda/revisi"' in html
    first = client.get(f"/laporan/{a}").get_data(as_text=True)
    assert 'id="beda-sebelumnya"' not in first


def test_since_revision_opens_the_version_sent_back(app, db, client, login, admin_token):
    a, b, *_ = _store_two(app, db)
    login(client, *ADMIN)
    # nothing was sent back yet: back to the report with a notice
    resp = client.get(f"/laporan/{b}/beda/revisi")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/laporan/{b}")
    # version 1 was submitted and sent back for revision; version 2 is the revised one
    from validator.web import review
    from validator.web.models import Submission, User
    from sqlalchemy import select as _select

    with app.app_context(), db.session() as sess:
        review.begin(sess)
        admin = sess.scalar(_select(User).where(User.username == ADMIN[0]))
        old = sess.get(Submission, a)
        review._compare_and_set(sess, old, None, "draf", "diajukan")
        sess.add(review.StageEvent(submission_id=a, dari="diajukan", ke="perlu-revisi",
                                   actor_id=admin.id, actor=admin.username, catatan="Perbaiki"))
    resp = client.get(f"/laporan/{b}/beda/revisi")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/laporan/{b}/beda/{a}")
