"""An early-warning alert opens an action of the person's IDP (issue 21): the team leader adds it from the alert, on
the page and through the API; an agreed plan stays as agreed and the action starts the next version; a person
without a plan in the current cycle is said to have none — no stub plan is made."""
import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agentpath.accounts.models import ApiToken, Role
from agentpath.analytics.models import Alert, AlertRule
from agentpath.development import idp_services as idp
from agentpath.development.models import Idp, IdpAction

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=30)
GOALS = ["稳定接通率", "学习投诉处理", "带教一名新人"]


def plan(agent_user, *, target=TODAY + datetime.timedelta(days=180)):
    """The agent's draft plan of the current cycle: a target date, three goals and one action."""
    employee = agent_user.employee
    idp.save_idp(agent_user, employee, target_position=None, target_date=target, goals=GOALS)
    idp.add_action(agent_user, employee, kind=IdpAction.Kind.STRETCH, title="主持周一晨会", due_date=DUE)
    return employee


@pytest.fixture
def alert(org):
    return Alert.objects.create(rule=AlertRule.objects.get(code="fcr-falling"), employee=org.agents["sz-a"][0],
                                period=f"{TODAY:%Y-%m}", raised_on=TODAY, facts={"weeks": []})


def bearer(user):
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}")


def test_the_team_leader_adds_a_mentor_action_from_the_alert_page_and_an_agreed_plan_starts_its_next_version(
        org, alert, client_for):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    employee = plan(agent)
    idp.submit_idp(agent, employee)
    idp.agree_idp(leader, employee)
    client = client_for(leader)
    page = client.get(reverse("analytics:alerts"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "在发展计划中添加行动" in page
    answer = client.post(reverse("analytics:alert-idp-action", args=[alert.pk]),
                         {"kind": "mentor", "title": "安排师傅每周陪听两次", "due_date": f"{DUE}"},
                         follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已添加到" in answer and "第 2 版" in answer
    assert "已发起行动：安排师傅每周陪听两次（计划第 2 版" in answer
    agreed, draft = Idp.objects.filter(employee=employee).order_by("version")
    assert agreed.state == Idp.State.AGREED and not agreed.actions.filter(title="安排师傅每周陪听两次").exists()
    assert draft.state == Idp.State.DRAFT and draft.actions.get(title="安排师傅每周陪听两次").kind == "mentor"
    alert.refresh_from_db()
    assert alert.idp_action.idp == draft


def test_without_a_plan_in_the_current_cycle_the_page_says_so_and_no_plan_is_made(org, alert, client_for):
    client = client_for(org.users[Role.TEAM_LEADER])
    answer = client.post(reverse("analytics:alert-idp-action", args=[alert.pk]),
                         {"kind": "mentor", "title": "安排师傅", "due_date": f"{DUE}"}, follow=True,
                         HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "在当前周期没有个人发展计划" in answer
    assert not Idp.objects.filter(employee=alert.employee).exists()
    alert.refresh_from_db()
    assert alert.idp_action is None


def test_the_api_adds_to_the_draft_once_and_answers_refusals_with_their_codes(org, alert):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    url = f"/api/v1/analytics/alerts/{alert.pk}/idp-action"
    body = {"kind": "course", "title": "投诉处理进阶", "due_date": f"{DUE}", "course": "no-such-course"}
    api = bearer(leader)
    none = api.post(url, json.dumps(body | {"course": None, "kind": "mentor"}), content_type="application/json")
    assert none.status_code == 422 and none.json()["code"] == "no_current_idp"
    employee = plan(agent)
    unknown = api.post(url, json.dumps(body), content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_course"
    incomplete = api.post(url, json.dumps({"kind": "mentor", "title": " "}), content_type="application/json")
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "action_incomplete"
    assert {e["field"] for e in incomplete.json()["errors"]} == {"title", "due_date"}
    created = api.post(url, json.dumps({"kind": "mentor", "title": "师傅带教", "due_date": f"{DUE}"}),
                       content_type="application/json")
    assert created.status_code == 201
    action = created.json()["idp_action"]
    assert (action["idp_version"], action["kind"], action["title"]) == (1, "mentor", "师傅带教")
    assert Idp.objects.get(employee=employee).actions.filter(title="师傅带教").exists()
    again = api.post(url, json.dumps({"kind": "mentor", "title": "再来", "due_date": f"{DUE}"}),
                     content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "action_already_opened"
    listed = api.get("/api/v1/analytics/alerts").json()
    assert listed[0]["idp_action"]["title"] == "师傅带教"


def test_a_plan_whose_target_date_has_passed_is_not_the_current_cycle(org, alert):
    plan(org.users[Role.AGENT], target=TODAY - datetime.timedelta(days=1))
    answer = bearer(org.users[Role.TEAM_LEADER]).post(
        f"/api/v1/analytics/alerts/{alert.pk}/idp-action",
        json.dumps({"kind": "mentor", "title": "师傅带教", "due_date": f"{DUE}"}), content_type="application/json")
    assert answer.status_code == 422 and answer.json()["code"] == "no_current_idp"
    assert Idp.objects.filter(employee=alert.employee).count() == 1


def test_a_plan_waiting_for_agreement_is_decided_first(org, alert):
    agent = org.users[Role.AGENT]
    idp.submit_idp(agent, plan(agent))
    answer = bearer(org.users[Role.TEAM_LEADER]).post(
        f"/api/v1/analytics/alerts/{alert.pk}/idp-action",
        json.dumps({"kind": "mentor", "title": "师傅带教", "due_date": f"{DUE}"}), content_type="application/json")
    assert answer.status_code == 409 and answer.json()["code"] == "idp_awaiting_decision"


def test_only_the_team_leader_adds_the_action_the_manager_is_refused_and_an_agent_answered_404(org, alert):
    plan(org.users[Role.AGENT])
    body = json.dumps({"kind": "mentor", "title": "师傅带教", "due_date": f"{DUE}"})
    url = f"/api/v1/analytics/alerts/{alert.pk}/idp-action"
    manager = bearer(org.users[Role.CENTER_MANAGER]).post(url, body, content_type="application/json")
    assert manager.status_code == 403 and manager.json()["code"] == "not_team_leader"
    assert bearer(org.users[Role.AGENT]).post(url, body, content_type="application/json").status_code == 404
    assert not IdpAction.objects.filter(title="师傅带教").exists()


def test_a_signed_in_write_without_its_csrf_token_is_refused(org, alert):
    plan(org.users[Role.AGENT])
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users[Role.TEAM_LEADER])
    answer = client.post(f"/api/v1/analytics/alerts/{alert.pk}/idp-action",
                         json.dumps({"kind": "mentor", "title": "师傅带教", "due_date": f"{DUE}"}),
                         content_type="application/json")
    assert answer.status_code == 403
    assert not IdpAction.objects.filter(title="师傅带教").exists()
