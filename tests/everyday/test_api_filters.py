"""The API's employee list filters (ninja FilterSchema) mean what the people page's filters mean."""
import pytest

from agentpath.accounts.models import Role

pytestmark = pytest.mark.django_db


def numbers(response):
    return {e["employee_no"] for e in response.json()["items"]}


def test_api_filters_by_team_status_and_search_and_treats_empty_as_no_filter(client, org, team):
    client.force_login(org.users[Role.CENTER_MANAGER])
    sz_a = {e.employee_no for e in org.agents["sz-a"]} | {org.leaders["sz-a"].employee_no,
                                                         team["close"].employee_no, team["leaver"].employee_no}
    assert numbers(client.get("/api/v1/employees?team=sz-a")) == sz_a
    assert numbers(client.get("/api/v1/employees?team=sz-a&status=exited")) == {team["leaver"].employee_no}
    assert numbers(client.get("/api/v1/employees?q=新人小李")) == {team["close"].employee_no}
    assert numbers(client.get("/api/v1/employees?team=sz-a&center=&q=")) == sz_a
    assert client.get("/api/v1/employees?status=gone").status_code == 422
