"""Every API write, sent by an integration with a bearer token to a real server (no test-client shortcuts)."""
import pytest
import requests

from agentpath.accounts.models import ApiToken, Role
from tests.org.conftest import csv_bytes, roster_row

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def integration(org, live_server):
    """A requests session carrying an HR bearer token, and the live server's base URL."""
    from agentpath.performance.services import load_default_scorecards

    load_default_scorecards()
    _, key = ApiToken.issue(org.users[Role.HR_ADMIN], "integration")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    session.base_url = live_server.url + "/api/v1"
    yield session
    session.close()


def test_every_post_operation_is_covered_here(live_server):
    """A new write endpoint must get a bearer test in this file."""
    schema = requests.get(live_server.url + "/api/v1/openapi.json", timeout=10).json()
    posts = {path for path, ops in schema["paths"].items() if "post" in ops}
    assert posts == {"/api/v1/kpi/records", "/api/v1/roster/import"}


def test_integration_pushes_a_kpi_batch_with_its_bearer_token(integration, org):
    agent = org.agents["sz-a"][0]
    batch = {"records": [{"employee_no": agent.employee_no, "date": "2026-06-01", "metric": "aht", "value": 300},
                         {"employee_no": agent.employee_no, "date": "2026-06-01", "metric": "fcr", "value": 81}]}
    response = integration.post(integration.base_url + "/kpi/records", json=batch, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] is True and response.json()["created"] == 1


def test_integration_imports_a_roster_with_its_bearer_token(integration):
    files = {"file": ("roster.csv", csv_bytes([roster_row("N0001"), roster_row("N0002")]), "text/csv")}
    response = integration.post(integration.base_url + "/roster/import", files=files, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2


def test_a_session_write_without_its_csrf_token_is_refused_by_the_server(org, live_server, client):
    client.force_login(org.users[Role.HR_ADMIN])
    cookies = {"sessionid": client.cookies["sessionid"].value}
    response = requests.post(live_server.url + "/api/v1/kpi/records", json={"records": []}, cookies=cookies,
                             timeout=30)
    assert response.status_code == 403
