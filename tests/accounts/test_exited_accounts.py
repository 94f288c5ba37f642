"""An employee who has left loses access the day the exit takes effect: sign-in, open sessions and API tokens."""
import datetime

import pytest
from django.test import Client

from agentpath.accounts.models import ApiToken, Role
from agentpath.org.services import record_exit
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _leave(employee):
    record_exit(employee, effective_date=datetime.date.today() - datetime.timedelta(days=1), cause="voluntary")


def test_a_team_leader_who_left_no_longer_opens_their_former_team_members_files(org, client_for):
    leader = org.users[Role.TEAM_LEADER]
    member = org.agents["sz-a"][1]
    client = client_for(leader)
    assert client.get(f"/people/{member.employee_no}/").status_code == 200
    _leave(leader.employee)
    response = client.get(f"/people/{member.employee_no}/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_exited_employee_cannot_sign_in(org):
    agent = org.users[Role.AGENT]
    _leave(agent.employee)
    response = Client().post("/login/", {"username": agent.username, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in Client().session


def test_an_exited_employees_api_token_answers_401(org):
    leader = org.users[Role.TEAM_LEADER]
    _, key = ApiToken.issue(leader)
    api = Client()
    headers = {"Authorization": f"Bearer {key}"}
    assert api.get("/api/v1/employees", headers=headers).status_code == 200
    _leave(leader.employee)
    assert api.get("/api/v1/employees", headers=headers).status_code == 401
