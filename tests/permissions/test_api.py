"""Every API operation for every role, through the browser's session with CSRF enforced."""
import re

import pytest

from agentpath.accounts.models import Role

from .matrix import API, API_BODIES, ROLE_WALKS, TARGETS
from .support import client_as, csrf_secret, outcome

pytestmark = pytest.mark.django_db


def call(client, d, method, path, kind, target, token):
    url = re.sub(r"\{[^}]+\}", str(d.targets[kind][target]), path) if kind else path  # one argument per path
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url, headers={"X-CSRFToken": token})
    encoding, body = API_BODIES[path](d)
    if method == "patch":
        return client.patch(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    if encoding == "json":
        return client.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    return client.post(url, body, headers={"X-CSRFToken": token})


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_api_answers_each_role_as_the_matrix_says(d, role):
    client = client_as(d, role)
    token = csrf_secret(client)
    failures = []
    for (method, path), op in API.items():
        for target in (TARGETS[op.kind] if op.kind else [None]):
            got, want = outcome(call(client, d, method, path, op.kind, target, token)), op.rule(role, target)
            if got != want:
                failures.append((method, path, target, got, want))
    assert failures == [], "\n".join(map(str, failures))


def test_an_api_post_through_the_session_without_csrf_token_is_refused(d):
    client = client_as(d, Role.HR_ADMIN)

    response = client.post("/api/v1/kpi/records", {"records": []}, content_type="application/json")

    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


# Agent: self. Leader: team sz-a (leader, 3 agents, the exited member). Manager: center sz (2 leaders, 6 agents,
# the exited member). HR: everybody (3 leaders, 9 agents, the exited member).
@pytest.mark.parametrize("role,count", [(Role.AGENT, 1), (Role.TEAM_LEADER, 5), (Role.CENTER_MANAGER, 9),
                                        (Role.HR_ADMIN, 13)])
def test_employee_list_api_returns_exactly_the_scope(d, role, count):
    data = client_as(d, role).get("/api/v1/employees").json()
    assert data["count"] == count
