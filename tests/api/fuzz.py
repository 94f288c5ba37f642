"""What the two schemathesis tests share: the schema (called in-process), the checks, the credentials of each way
in, and the bounds of the search. The two tests are two files so that pytest-xdist (--dist loadfile) can run
them on two workers at once."""
import os
import secrets

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, Phase, settings

from agentpath.accounts.models import ApiToken, Role

CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance, schemathesis.checks.response_schema_conformance]


def credentials(way: str, org) -> dict:
    hr = org.users[Role.HR_ADMIN]
    if way == "bearer":
        _, key = ApiToken.issue(hr, "schemathesis")
        return {"headers": {"Authorization": f"Bearer {key}"}}

    browser = Client()
    browser.force_login(hr)
    csrf = secrets.token_hex(16)  # a CSRF secret: the cookie and the header carry the same value
    return {"headers": {"X-CSRFToken": csrf},
            "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": csrf}}


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def call_and_check(case, auth: dict) -> None:
    response = case.call(headers=auth["headers"], cookies=auth.get("cookies"))
    case.validate_response(response, checks=CHECKS)


# Bounded and the same examples on every run, so CI is repeatable; AGENTPATH_FUZZ_RANDOM=1 draws new examples each
# run (add --hypothesis-seed=N to replay one).
# The bearer variant runs schemathesis' three phases on PostgreSQL: the schema's examples, its coverage phase (every
# boundary and every kind of wrong value of each parameter, about 35 calls an operation: the most of the cost) and
# 5 drawn examples. The coverage phase's wrong values are input checks, and PostgreSQL is the engine that turns a
# missed check into a server error (a NUL byte in text, an integer past bigint, a string past its column's length,
# which SQLite stores or converts). The bearer variant runs on PostgreSQL only (postgresql_only; with
# SQLITE_TESTS= on SQLite it draws 5 examples and runs no other phase).
# The session variant proves that a browser's session and CSRF token reach every operation as a bearer token does:
# the input checks are the bearer variant's work, so it draws 3 examples (SQLite only, tests/conftest.py).
_BOUNDS = {"deadline": None, "suppress_health_check": list(HealthCheck),
           "derandomize": "AGENTPATH_FUZZ_RANDOM" not in os.environ}
ALL_PHASES = connection.vendor == "postgresql"
FUZZ = settings(max_examples=5, **_BOUNDS) if ALL_PHASES else settings(max_examples=5, phases=[Phase.generate],
                                                                         **_BOUNDS)
FUZZ_SESSION = settings(max_examples=3, phases=[Phase.generate], **_BOUNDS)
