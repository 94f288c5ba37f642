"""Attendance is written only for people on the session's audience in the writer's scope, and enrolment only in
programs offered to the person: everyone else gets the answer a number nobody has gets (issue 16, Scope)."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from agentpath.accounts.models import ApiToken, Role
from agentpath.learning.models import Attendance, Enrolment, TrainingSession
from agentpath.learning.services import close_feedback, mark_session_held, schedule_recurring_sessions
from agentpath.org.services import record_exit
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(org, catalogue):
    """Today's morning briefing of team sz-a, whose leader is the `leader` user; one member of the team has left."""
    team = org.teams[0]
    left = EmployeeFactory(center=team.center, team=team, name="已离职员工")
    record_exit(left, effective_date=timezone.localdate() - datetime.timedelta(days=30), cause="resigned")
    schedule_recurring_sessions([team], timezone.localdate(), timezone.localdate())
    return TrainingSession.objects.get(event__kind="morning_briefing", event__team=team), left


def post_attendance(user, session, employee_no, status="present"):
    client = Client(enforce_csrf_checks=True)
    return client.post("/api/v1/training/attendance", {"session_id": session.pk, "employee_no": employee_no,
                                                       "status": status}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user, 'test')[1]}")


def test_team_leader_cannot_add_a_person_of_another_center_or_one_who_left_and_learns_no_name(org, briefing):
    session, left = briefing
    leader = org.users[Role.TEAM_LEADER]
    far = org.agents["gz-a"][0]

    unknown = post_attendance(leader, session, "NOBODY-999")
    other_center = post_attendance(leader, session, far.employee_no)
    exited = post_attendance(leader, session, left.employee_no)

    assert unknown.status_code == other_center.status_code == exited.status_code == 404
    assert far.name not in other_center.content.decode() and left.name not in exited.content.decode()
    assert not Attendance.objects.filter(employee__in=[far, left]).exists()
    mate = org.agents["sz-a"][1]
    marked = post_attendance(leader, session, mate.employee_no)
    assert marked.status_code == 200 and marked.json()["name"] == mate.name


def test_the_refusal_of_an_unknown_and_of_an_out_of_scope_number_is_the_same_body(org, briefing):
    session, _left = briefing
    leader = org.users[Role.TEAM_LEADER]
    far = org.agents["sz-b"][0]  # same center, another team: not on this session's audience

    unknown, out_of_scope = post_attendance(leader, session, "X1"), post_attendance(leader, session, far.employee_no)

    assert unknown.status_code == out_of_scope.status_code == 404
    assert unknown.json() == {**out_of_scope.json(), "message": out_of_scope.json()["message"].replace(
        far.employee_no, "X1")}


def test_on_a_closed_session_a_real_number_out_of_scope_answers_as_a_made_up_one(org, briefing):
    session, _left = briefing
    mark_session_held(session)
    close_feedback(session)
    leader = org.users[Role.TEAM_LEADER]

    made_up = post_attendance(leader, session, "NOBODY-999")
    other_center = post_attendance(leader, session, org.agents["gz-a"][0].employee_no)
    own_member = post_attendance(leader, session, org.agents["sz-a"][0].employee_no)

    assert (made_up.status_code, other_center.status_code) == (404, 404)
    assert own_member.status_code == 422 and "关闭" in own_member.json()["message"]


def test_a_trainer_marks_only_people_of_the_centers_they_serve(org, briefing):
    session, _left = briefing
    trainer = org.users[Role.TRAINER]
    assert post_attendance(trainer, session, org.agents["sz-a"][2].employee_no).status_code == 200
    assert post_attendance(trainer, session, org.agents["gz-a"][0].employee_no).status_code == 404


def test_the_attendance_page_refuses_someone_off_the_audience_with_404(org, briefing, client_for):
    session, left = briefing
    page = client_for(org.users[Role.TEAM_LEADER])
    url = "/training/teams/sz-a/attendance/"
    for number in (left.employee_no, org.agents["gz-a"][0].employee_no, "NOBODY-999"):
        assert page.post(url, {"session": session.pk, "employee_no": number, "status": "present"}).status_code == 404
    assert not Attendance.objects.filter(employee=left).exists()
    assert page.post(url, {"session": session.pk, "employee_no": org.agents["sz-a"][0].employee_no,
                           "status": "present"}).status_code == 302


def test_an_agent_enrols_only_in_a_program_offered_to_them(org, catalogue, client_for):
    agent = org.agents["sz-a"][0]
    page = client_for(org.users[Role.AGENT])

    refused = page.post("/training/me/", {"action": "enrol", "program": "pre-job"})
    unknown = page.post("/training/me/", {"action": "enrol", "program": "no-such-program"})
    chosen = page.post("/training/me/", {"action": "enrol", "program": "specialized-business"})

    assert (refused.status_code, unknown.status_code, chosen.status_code) == (404, 404, 302)
    assert list(Enrolment.objects.filter(employee=agent).values_list("program__code", "kind")) == [
        ("specialized-business", "self")]
