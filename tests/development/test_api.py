"""The development API: the inventory, the plan and IDP, and the agreement actions as POSTs — also by bearer token."""
import json
import urllib.request

import pytest

from agentpath.accounts.models import ApiToken, Role
from agentpath.development.models import Idp
from tests.development.test_anchors import MOST_TRUE, SHEET


def post(base, path, token, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.mark.django_db
def test_anchor_items_answers_and_profile_through_the_api(org, client_for):
    agent = org.users[Role.AGENT]
    client = client_for(agent)
    items = client.get("/api/v1/development/anchor-items").json()
    assert [i["number"] for i in items] == list(range(1, 41)) and items[0]["anchor"] == "technical"
    response = client.post("/api/v1/development/anchors/answers",
                           {"ratings": {str(k): v for k, v in SHEET.items()}, "most_true": MOST_TRUE},
                           content_type="application/json")
    assert response.status_code == 201
    assert response.json()["top"] == ["technical", "management", "lifestyle"]
    profile = client.get(f"/api/v1/development/employees/{agent.employee.employee_no}/anchors").json()
    assert {s["anchor"]: s["score"] for s in profile["scores"]}["technical"] == 6.8
    bad = client.post("/api/v1/development/anchors/answers", {"ratings": {"1": 7}, "most_true": [1]},
                      content_type="application/json")
    assert bad.status_code == 422 and "第 1 题:7 不是 1 到 6 之间的评分。" in bad.json()["message"]


@pytest.mark.django_db(transaction=True)
def test_the_whole_agreement_works_with_bearer_tokens_against_a_live_server(org, live_server):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    _, agent_key = ApiToken.issue(agent)
    _, leader_key = ApiToken.issue(leader)
    base = live_server.url + f"/api/v1/development/employees/{agent.employee.employee_no}"
    status, plan = post(base, "/idp", agent_key, {"target_position": "team-leader", "target_date": "2027-06-30",
                                                  "goals": ["带早会", "辅导新人", "完成团队管理课程"]})
    assert status == 200 and plan["idp"]["state"] == "draft" and plan["idp"]["target_position"] == "team-leader"
    status, plan = post(base, "/idp/actions", agent_key, {"kind": "course", "course": "team-management",
                                                          "due_date": "2027-01-31"})
    assert status == 201 and plan["idp"]["actions"][0]["course"] == "team-management"
    assert post(base, "/idp/agree", agent_key, {})[0] == 403  # nobody agrees their own plan
    assert post(base, "/idp/submit", agent_key, {})[1]["idp"]["state"] == "submitted"
    status, refused = post(base, "/idp/return", leader_key, {"comment": ""})
    assert status == 422 and refused["message"] == "退回前请说明需要修改什么。"
    assert post(base, "/idp/return", leader_key, {"comment": "加一个轮岗"})[1]["idp"]["state"] == "returned"
    post(base, "/idp/submit", agent_key, {})
    status, plan = post(base, "/idp/agree", leader_key, {"comment": "同意"})
    assert status == 200 and plan["idp"]["state"] == "agreed"
    status, _ = post(base, "/idp/review", leader_key, {"outcome": "on_track", "notes": "按计划"})
    assert status == 201
    assert Idp.objects.get(employee=agent.employee).reviews.count() == 1


def test_development_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/development/employees/{employee_no}/idp/agree" in paths
    assert "post" in paths["/api/v1/development/employees/{employee_no}/idp/review"]
