"""The training API: read the catalogue and a person's training; mark attendance with a bearer token."""
import datetime
import json
import urllib.request
from decimal import Decimal

import pytest
from django.utils import timezone

from agentpath.accounts.models import ApiToken, Role
from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.models import Attendance, Enrolment, Program, TrainingSession
from agentpath.learning.services import enrol, record_stage_result, schedule_recurring_sessions
from tests.factories import EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_programs_and_a_persons_enrolments_and_credits(org, catalogue, client):
    agent = org.agents["sz-a"][0]
    enrolment = enrol(agent, Program.objects.get(code="pre-job"), kind=Enrolment.Kind.ASSIGNED, reason="新员工入职")
    for stage in enrolment.program.stages.order_by("order"):
        record_stage_result(enrolment, stage, Decimal(80), on=datetime.date(2026, 9, 1))
    programs = client.get("/api/v1/training/programs", **bearer(org.users[Role.AGENT])).json()
    pre_job = next(p for p in programs if p["code"] == "pre-job")
    assert [s["name"] for s in pre_job["stages"]][3] == "跟班实习"
    body = client.get(f"/api/v1/training/employees/{agent.employee_no}", **bearer(org.users[Role.AGENT])).json()
    assert body["credits_total"] == "6.0" and body["enrolments"][0]["status"] == "completed"
    other = org.agents["gz-a"][0]
    assert client.get(f"/api/v1/training/employees/{other.employee_no}",
                      **bearer(org.users[Role.TEAM_LEADER])).status_code == 404


def test_marking_a_wrong_status_names_what_is_accepted(org, catalogue, client):
    schedule_recurring_sessions([org.teams[0]], timezone.localdate(), timezone.localdate())
    session = TrainingSession.objects.filter(event__kind="morning_briefing").get()
    response = client.post("/api/v1/training/attendance", {"session_id": session.pk, "employee_no": org.agents[
        "sz-a"][0].employee_no, "status": "here"}, content_type="application/json", **bearer(org.users[Role.HR_ADMIN]))
    assert response.status_code == 422
    assert "present" in response.json()["message"]


@pytest.mark.django_db(transaction=True)
def test_team_leader_marks_attendance_through_a_live_server_with_a_bearer_token(live_server, framework):
    load_training_catalogue()
    team = TeamFactory(code="live-a")
    leader = EmployeeFactory(team=team, center=team.center)
    team.leader = leader
    team.save()
    agent = EmployeeFactory(team=team, center=team.center)
    schedule_recurring_sessions([team], timezone.localdate(), timezone.localdate())
    session = TrainingSession.objects.get(event__kind="morning_briefing")
    key = ApiToken.issue(UserFactory(role=Role.TEAM_LEADER, employee=leader), "live")[1]
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/training/attendance", method="POST",
        data=json.dumps({"session_id": session.pk, "employee_no": agent.employee_no, "status": "present"}).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
        assert json.loads(response.read())["status"] == "present"
    assert Attendance.objects.get(session=session, employee=agent).status == "present"
    sessions = urllib.request.Request(f"{live_server.url}/api/v1/training/teams/live-a/sessions",
                                      headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(sessions) as response:
        body = json.loads(response.read())
    assert body[0]["attendance"][1]["status"] == "present" or body[0]["attendance"][0]["status"] == "present"


@pytest.mark.django_db(transaction=True)
def test_hr_starts_the_differentiated_run_through_a_live_server_with_a_bearer_token(live_server, framework):
    key = ApiToken.issue(UserFactory(role=Role.HR_ADMIN), "live")[1]
    request = urllib.request.Request(f"{live_server.url}/api/v1/training/differentiated/runs", method="POST",
                                     data=json.dumps({"quarter": "2026Q3"}).encode(),
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 202
        run = json.loads(response.read())
    status = urllib.request.Request(f"{live_server.url}/api/v1/training/differentiated/run?run_id={run['id']}",
                                    headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(status) as response:
        assert json.loads(response.read())["quarter"] == "2026Q3"
