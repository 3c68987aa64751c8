"""The security suite runs on the server fixtures of tests/web (a seeded app on SQLite and on
PostgreSQL, clients, logins, tokens)."""
from __future__ import annotations

from tests.web.conftest import *  # noqa: F401,F403 - fixtures
from tests.web.conftest import ADMIN, OPD_USER, OTHER_USER, bearer, csrf_token, login, make_token  # noqa: F401


def seeded_app(tmp_path_factory, prefix: str, clear_env: tuple[str, ...] = ()):
    """A generator for module-scoped fixtures: one seeded SQLite app in its own instance folder
    (``clear_env`` variables unset meanwhile), with a bearer token of the demo OPD user;
    yields (app, token) and shuts its job runner and database down afterwards."""
    import pytest

    from tests.web.conftest import make_app, seed_demo
    from validator.web import jobs

    folder = tmp_path_factory.mktemp(prefix)
    mp = pytest.MonkeyPatch()
    mp.setenv("PPB_INSTANCE_DIR", str(folder))
    for key in clear_env:
        mp.delenv(key, raising=False)
    app = make_app(folder)
    seed_demo(app)
    try:
        yield app, make_token(app, OPD_USER[0])
    finally:
        jobs.runner_of(app).shutdown(wait=True)
        app.extensions["ppb_db"].engine.dispose()
        mp.undo()
