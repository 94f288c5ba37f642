"""The IDP agreed between employee and team leader: states, locking, versions, scope, reviews and overdue lists."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level
from agentpath.development import idp_services as idp
from agentpath.development.models import Idp, IdpAction, IdpReview
from agentpath.development.selectors import team_overview
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
GOALS = ["Lead the morning briefing", "Coach two new agents", "Pass team management"]


def ready_plan(agent_user, due=None):
    """A draft with a target date, three goals and one action: ready to submit."""
    employee = agent_user.employee
    idp.save_idp(agent_user, employee, target_position=None, target_date=TODAY + datetime.timedelta(days=180),
                 goals=GOALS)
    idp.add_action(agent_user, employee, kind=IdpAction.Kind.STRETCH, title="Run the Monday briefing",
                   due_date=due or TODAY + datetime.timedelta(days=30))
    return employee


def test_employee_submits_leader_returns_with_comment_then_agrees_and_the_version_is_locked(org):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    employee = ready_plan(agent)
    idp.submit_idp(agent, employee)
    returned = idp.return_idp(leader, employee, "Add a course goal")
    assert (returned.state, returned.leader_comment) == (Idp.State.RETURNED, "Add a course goal")
    idp.save_idp(agent, employee, target_position=None, target_date=returned.target_date,
                 goals=GOALS + ["Finish coaching skills"])
    idp.submit_idp(agent, employee)
    agreed = idp.agree_idp(leader, employee)
    assert (agreed.state, agreed.version, agreed.decided_by) == (Idp.State.AGREED, 1, leader)

    # A change after agreement starts version 2 as a draft; version 1 stays agreed, word for word.
    idp.save_idp(agent, employee, target_position=None, target_date=agreed.target_date, goals=GOALS)
    versions = {i.version: i for i in Idp.objects.filter(employee=employee)}
    assert versions[1].state == Idp.State.AGREED and versions[1].goals.count() == 4
    assert versions[2].state == Idp.State.DRAFT and versions[2].goals.count() == 3
    assert versions[2].actions.count() == 1  # actions carried over to the new version
    idp.submit_idp(agent, employee)
    assert idp.agree_idp(leader, employee).version == 2


def test_invalid_moves_are_refused_with_a_clear_message(org):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    employee = ready_plan(agent)
    with pytest.raises(ValidationError) as refused:
        idp.agree_idp(leader, employee)  # still a draft
    assert refused.value.messages == ["该计划(第 1 版)当前为“草稿”,因此不能确认。"]
    idp.submit_idp(agent, employee)
    with pytest.raises(ValidationError) as refused:
        idp.add_action(agent, employee, kind="mentor", title="Buddy", due_date=TODAY)
    assert "正在等待组长确认" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        idp.return_idp(leader, employee, "  ")
    assert refused.value.messages == ["退回前请说明需要修改什么。"]


def test_submitting_needs_three_to_five_goals_an_action_and_a_target_date(org):
    agent = org.users[Role.AGENT]
    employee = agent.employee
    idp.save_idp(agent, employee, target_position=None, target_date=None, goals=["Only one"])
    with pytest.raises(ValidationError) as refused:
        idp.submit_idp(agent, employee)
    assert refused.value.messages == ["IDP 需要 3 至 5 个发展目标(目前有 1 个)。", "请至少添加一项发展行动。",
                                      "请为计划设定目标日期。"]


def test_a_team_leader_cannot_see_or_agree_a_plan_outside_the_team(org, client_for):
    other_agent = org.agents["sz-b"][0]
    other_user = UserFactory(role=Role.AGENT, employee=other_agent)
    ready_plan(other_user)
    idp.submit_idp(other_user, other_agent)
    leader = org.users[Role.TEAM_LEADER]
    client = client_for(leader)
    assert client.get(f"/development/{other_agent.employee_no}/").status_code == 404
    assert client.post(f"/development/{other_agent.employee_no}/idp/agree/").status_code == 404
    with pytest.raises(PermissionDenied):
        idp.agree_idp(leader, other_agent)
    assert Idp.objects.get(employee=other_agent).state == Idp.State.SUBMITTED


def test_leader_agrees_on_the_page_and_the_employee_sees_the_locked_version(org, client_for):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    employee = ready_plan(agent)
    client_for(agent).post(f"/development/{employee.employee_no}/idp/submit/")
    page = client_for(leader).get(f"/development/{employee.employee_no}/").content.decode()
    assert 'data-testid="leader-decision"' in page
    response = client_for(leader).post(f"/development/{employee.employee_no}/idp/agree/", {"comment": "好"})
    assert response.status_code == 302
    page = client_for(agent).get(f"/development/{employee.employee_no}/").content.decode()
    assert 'data-state="agreed"' in page and "第 1 版,已确认" in page


def test_overdue_actions_and_reviews_are_listed_for_the_team_leader(org, client_for):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    employee = ready_plan(agent, due=TODAY - datetime.timedelta(days=3))
    idp.submit_idp(agent, employee)
    agreed = idp.agree_idp(leader, employee)
    overview = team_overview(leader)
    assert [a.title for a in overview["overdue_actions"]] == ["Run the Monday briefing"]
    assert overview["overdue_reviews"] == []  # agreed today: the first review is due in a quarter

    Idp.objects.filter(pk=agreed.pk).update(decided_at=timezone.now() - datetime.timedelta(days=100))
    assert [i.pk for i in team_overview(leader)["overdue_reviews"]] == [agreed.pk]
    idp.record_review(leader, employee, outcome=IdpReview.Outcome.ON_TRACK, notes="fine")
    assert team_overview(leader)["overdue_reviews"] == []

    page = client_for(leader).get("/development/team/").content.decode()
    assert "Run the Monday briefing" in page.split('data-testid="overdue-actions"')[1]


def test_progress_after_agreement_is_recorded_without_a_new_version(org):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    employee = ready_plan(agent)
    idp.submit_idp(agent, employee)
    idp.agree_idp(leader, employee)
    action = IdpAction.objects.get(idp__employee=employee)
    with pytest.raises(ValidationError):
        idp.record_action_progress(agent, employee, action.pk, status=IdpAction.Status.DONE)
    idp.record_action_progress(leader, employee, action.pk, status=IdpAction.Status.DONE, evidence="briefed 4 times")
    assert Idp.objects.filter(employee=employee).count() == 1
    assert IdpAction.objects.get(pk=action.pk).status == IdpAction.Status.DONE


def test_the_team_page_takes_as_many_queries_for_three_agreed_plans_as_for_one(org, client_for, queries):
    leader = org.users[Role.TEAM_LEADER]
    users = [org.users[Role.AGENT]] + [UserFactory(role=Role.AGENT, employee=e) for e in org.agents["sz-a"][1:]]

    def agreed_with_an_overdue_action(user):
        ready_plan(user, due=TODAY - datetime.timedelta(days=1))
        idp.submit_idp(user, user.employee)
        idp.agree_idp(leader, user.employee)

    agreed_with_an_overdue_action(users[0])
    client = client_for(leader)
    queries.do_not_grow(queries.page(client, "/development/team/"),
                        grow=lambda: [agreed_with_an_overdue_action(user) for user in users[1:]])
    page = client.get("/development/team/").content.decode()
    assert page.split('data-testid="overdue-actions"')[1].split("</ul>")[0].count("<li") == 3


def test_the_workspace_takes_as_many_queries_for_eleven_actions_as_for_one(org, client_for, queries):
    agent = org.users[Role.AGENT]
    employee = ready_plan(agent)
    client = client_for(agent)

    def ten_more_actions():
        for n in range(10):
            idp.add_action(agent, employee, kind=IdpAction.Kind.STRETCH, title=f"Action {n}",
                           due_date=TODAY + datetime.timedelta(days=40 + n))

    queries.do_not_grow(queries.page(client, f"/development/{employee.employee_no}/"), grow=ten_more_actions)
    assert "Action 9" in client.get(f"/development/{employee.employee_no}/").content.decode()


def test_a_team_leaders_own_plan_is_agreed_by_their_manager(org):
    leader = org.users[Role.TEAM_LEADER]
    supervisor = org.leaders["sz-b"]  # stands in for the supervisor the leader reports to
    supervisor.level = Level.objects.get(code="mgmt-supervisor")
    supervisor.save()
    leader.employee.manager = supervisor
    leader.employee.save()
    supervisor_user = UserFactory(role=Role.CENTER_MANAGER, employee=supervisor)
    supervisor_user.centers.add(org.centers[0])
    ready_plan(leader)
    idp.submit_idp(leader, leader.employee)
    with pytest.raises(PermissionDenied):
        idp.agree_idp(leader, leader.employee)
    assert idp.agree_idp(supervisor_user, leader.employee).state == Idp.State.AGREED
