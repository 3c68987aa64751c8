"""The security suite runs on the server fixtures of tests/web (a seeded app on SQLite and on
PostgreSQL, clients, logins, tokens)."""
from __future__ import annotations

from tests.web.conftest import *  # noqa: F401,F403 - fixtures
from tests.web.conftest import ADMIN, OPD_USER, OTHER_USER, bearer, csrf_token, login, make_token  # noqa: F401
