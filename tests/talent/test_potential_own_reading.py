"""Nobody reads their own potential rating (the supervisor's judgement, with its note and rater): a team leader
rated by his manager gets 404 for his own page and API record, as for someone out of scope (issue 16, Scope)."""
import pytest
from django.test import Client

from agentpath.accounts.models import ApiToken, Role
from agentpath.talent.assessments import present_period
from agentpath.talent.potential import record_potential

pytestmark = pytest.mark.django_db
NOTE = "管理潜力一般,需观察"


@pytest.fixture
def leader_rated(org):
    leader = org.leaders["sz-a"]
    record_potential(employee=leader, period=present_period(), rating=2, note=NOTE, by=org.users[Role.CENTER_MANAGER])
    return leader


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_a_team_leader_cannot_read_his_own_potential_rating_on_the_page_or_the_api(org, leader_rated):
    client = Client()
    client.force_login(org.users[Role.TEAM_LEADER])
    page = client.get(f"/talent/potential/{leader_rated.employee_no}/")
    api = Client().get(f"/api/v1/talent/employees/{leader_rated.employee_no}/potential",
                       **bearer(org.users[Role.TEAM_LEADER]))
    nobody = Client().get("/api/v1/talent/employees/NOBODY-1/potential", **bearer(org.users[Role.TEAM_LEADER]))

    assert (page.status_code, api.status_code) == (404, 404)
    assert api.json() == nobody.json()
    assert NOTE not in page.content.decode() and "manager" not in api.content.decode()


def test_the_manager_who_rated_him_reads_it(org, leader_rated):
    api = Client().get(f"/api/v1/talent/employees/{leader_rated.employee_no}/potential",
                       **bearer(org.users[Role.CENTER_MANAGER]))
    assert api.status_code == 200 and api.json()["ratings"][0]["note"] == NOTE
