"""What `ppb serve` prepares before it serves (issue 16, Must 3): the validators of every
profile built once (in gunicorn's master, before the fork), nothing stored by doing so, the
long-lived heap frozen; and the bearer-token lookup, built once, still checks every call."""
from __future__ import annotations

import gc

from sqlalchemy import func, select

from validator.web import serve, services
from validator.web.models import Submission
from validator.web.security import Limits

from .conftest import OPD_USER, OTHER_USER, bearer, make_token
from .helpers import good_bytes


def _count(app) -> int:
    with app.extensions["ppb_db"].session() as sess:
        return sess.scalar(select(func.count(Submission.id)))


def test_warm_builds_the_validator_a_request_uses_for_every_profile(app, client, token):
    services._validators.clear()   # noqa: SLF001 - what the warm-up must fill
    before = _count(app)
    done = serve.warm(app)
    assert done == sorted(services.catalog().profiles) and "standar" in done
    max_bytes = Limits.from_config(app.config).max_file_bytes
    built = {p: services._validators.get(f"{p}:{max_bytes}") for p in done}   # noqa: SLF001
    assert all(v is not None for v in built.values())
    assert _count(app) == before   # the warm-up validates, it stores nothing
    r = client.post("/api/v1/validate?profile=sop-ketat", data=good_bytes(),
                    headers={**bearer(token), "Content-Type": "application/xml"})
    assert r.status_code == 200
    # the request used the validator built before it, not one of its own
    assert services._validators[f"sop-ketat:{max_bytes}"] is built["sop-ketat"]  # noqa: SLF001


def test_the_warm_up_map_is_a_readable_map():
    report, checked = services.validate_upload("pemanasan.bpmn", serve.WARM_MAP)
    assert [c.name for c in checked] == ["pemanasan.bpmn"]
    result = report.files[0]
    assert result.ok and result.error is None   # read and checked by the rules, not refused


def test_a_failing_warm_up_is_reported_and_does_not_stop_the_server(app, monkeypatch, capsys):
    def broken(*_a, **_k):
        raise RuntimeError("rusak untuk uji")

    monkeypatch.setattr(services, "validate_upload", broken)
    assert serve.warm(app) == []
    err = capsys.readouterr().err
    assert "pemanasan validator sebelum melayani gagal" in err and "rusak untuk uji" in err


def test_freeze_heap_moves_what_lives_now_out_of_the_collector():
    try:
        gc.unfreeze()
        assert gc.get_freeze_count() == 0
        kept = [[i] for i in range(1000)]   # long-lived containers, tracked by the collector
        serve.freeze_heap()
        assert gc.get_freeze_count() >= len(kept)
        assert gc.isenabled()               # new objects are still collected
    finally:
        gc.unfreeze()


def test_token_lookup_answers_each_token_with_its_own_owner(app):
    """The statement is built once with a bound parameter: each call looks up its own token."""
    mine, other = make_token(app, OPD_USER[0]), make_token(app, OTHER_USER[0])
    with app.extensions["ppb_db"].session() as sess:
        assert services.user_for_token(sess, mine).username == OPD_USER[0]
        assert services.user_for_token(sess, other).username == OTHER_USER[0]
        assert services.user_for_token(sess, mine + "x") is None
        assert services.user_for_token(sess, mine).opd.singkatan == "DISDUKCAPIL"


def test_the_token_check_reads_in_autocommit_and_still_notes_its_use(app, client, token,
                                                                     monkeypatch):
    """The bearer check's own session reads without a transaction around it (no BEGIN and
    COMMIT round trips), and the "last used" note it writes (at most once a minute) is kept."""
    from validator.web.models import ApiToken
    from validator.web.security import token_hash

    seen = []
    real = services.user_for_token

    def spy(sess, secret):
        seen.append(sess.connection().get_execution_options().get("isolation_level"))
        return real(sess, secret)

    monkeypatch.setattr(services, "user_for_token", spy)
    r = client.get("/api/v1/submissions", headers=bearer(token))
    assert r.status_code == 200 and seen == ["AUTOCOMMIT"]
    with app.extensions["ppb_db"].session() as sess:
        tok = sess.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        assert tok.last_used_at is not None   # the note was committed
        # and the pooled driver connection is back to transactions for everyone else
        raw = sess.connection().connection.dbapi_connection
        if sess.get_bind().dialect.name == "sqlite":
            assert raw.isolation_level is not None   # pysqlite: None would be autocommit
        else:
            assert raw.autocommit is False
