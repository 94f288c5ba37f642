"""Every response carries a Content-Security-Policy that allows no inline script, and no template has one
(issue 16). tests/browser/test_hostile_names.py loads the pages in Chromium and asserts no violation is reported."""
import pathlib
import re

import pytest

import agentpath
from agentpath.accounts.models import Role

pytestmark = pytest.mark.django_db

SOURCE = pathlib.Path(agentpath.__file__).parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=|\bhx-on|javascript:", re.I)


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_every_kind_of_response_carries_the_policy(org, client, client_for):
    answers = [client.get("/login/"), client.get("/api/v1/openapi.json")]
    hr = client_for(org.users[Role.HR_ADMIN])
    answers += [hr.get("/"), hr.get("/people/"), hr.get("/admin/"), hr.get("/accounts/lockouts/")]
    for response in answers:
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], response.request["PATH_INFO"]
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in SOURCE.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE_SCRIPT.search(line) or INLINE_HANDLER.search(line):
                offenders.append(f"{template.relative_to(SOURCE)}:{number}: {line.strip()[:120]}")
    assert offenders == []
