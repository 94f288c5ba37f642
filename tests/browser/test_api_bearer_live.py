"""Every API write, sent by an integration with a bearer token to a real server (no test-client shortcuts)."""
import datetime

import pytest
import requests

from agentpath.accounts.models import ApiToken, Role
from agentpath.analytics.models import Alert, AlertRule
from agentpath.development import idp_services
from agentpath.development.models import IdpAction
from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.models import Attendance, CourseCompletion
from agentpath.learning.services import schedule_recurring_sessions
from agentpath.performance.services import load_default_scorecards
from agentpath.recognition.models import Award
from agentpath.talent.competencies import load_competencies
from agentpath.talent.nine_box import open_review
from tests.org.conftest import csv_bytes, roster_row

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def integration(org, live_server):
    """A requests session carrying an HR bearer token, and the live server's base URL."""
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
    exam_posts = {"/api/v1/exams", "/api/v1/exams/questions/import", "/api/v1/exams/{exam_id}/attempts",
                  "/api/v1/exams/attempts/{attempt_id}/answers", "/api/v1/exams/attempts/{attempt_id}/submit"}
    # the exam writes have their bearer tests through a live server in tests/exams/test_api.py,
    # the training writes in tests/learning/test_api.py
    training_posts = {"/api/v1/training/attendance", "/api/v1/training/differentiated/runs"}
    # the training imports below (completions inline, attendance in the background)
    training_import_posts = {"/api/v1/training/completions/import", "/api/v1/training/attendance/import"}
    # the development writes walk the whole IDP agreement by bearer token in tests/development/test_api.py
    development_posts = {"/api/v1/development/anchors/answers"} | {
        f"/api/v1/development/employees/{{employee_no}}/idp{tail}"
        for tail in ("", "/actions", "/submit", "/return", "/agree", "/review")} | {
        "/api/v1/development/employees/{employee_no}/idp/progress"}  # below
    # bottom-rank reviews, 9-box reviews and succession benches: bearer tests in tests/talent/test_bottom_rank.py,
    # test_nine_box.py and test_succession.py
    review_posts = {"/api/v1/talent/reviews", "/api/v1/talent/reviews/{review_id}/result",
                    "/api/v1/talent/reviews/{review_id}/decision", "/api/v1/talent/nine-box",
                    "/api/v1/talent/nine-box/{review_id}/freeze", "/api/v1/talent/nine-box/{review_id}/risks",
                    "/api/v1/talent/succession/{center}/candidates"}
    # marking one's inbox read: bearer tests through a live server in tests/inbox/test_pages_and_api.py
    inbox_posts = {"/api/v1/inbox/{item_id}/read", "/api/v1/inbox/read-all"}
    assert posts == {"/api/v1/kpi/records", "/api/v1/roster/import",
                     # the talent writes: rounds in tests/talent/test_rounds_api.py, the other two below
                     "/api/v1/talent/rounds", "/api/v1/talent/rounds/{round_id}/actions",
                     "/api/v1/talent/rounds/{round_id}/decisions", "/api/v1/talent/nine-box/{review_id}/moves",
                     # nominations and recommendations: in tests/talent/test_rounds_api.py as well
                     "/api/v1/talent/rounds/{round_id}/nominations", "/api/v1/talent/rounds/{round_id}/recommendations",
                     "/api/v1/talent/rounds/{round_id}/quotas",  # quotas and 破格: tests/talent/test_rounds_api.py
                     "/api/v1/talent/employees/{employee_no}/nominations",
                     "/api/v1/talent/employees/{employee_no}/assessments",
                     # competency sheets and potential ratings: below
                     "/api/v1/talent/employees/{employee_no}/assessment-sheets",
                     "/api/v1/talent/employees/{employee_no}/potential",
                     # badges by hand and HR's month award run: below
                     "/api/v1/recognition/employees/{employee_no}/awards", "/api/v1/recognition/runs",
                     "/api/v1/recognition/awards/{award_id}/revoke",
                     # an exit with its facts: below
                     "/api/v1/employees/{employee_no}/exit",
                     # an alert acknowledged, an IDP action opened from it, the flight-risk model retrained: below
                     "/api/v1/analytics/alerts/{alert_id}/acknowledge", "/api/v1/analytics/risk/retrain",
                     "/api/v1/analytics/alerts/{alert_id}/idp-action",
                     } | review_posts | exam_posts | training_posts | development_posts | training_import_posts \
        | inbox_posts


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


def test_integration_assesses_a_competency_and_moves_a_person_in_the_9_box(integration, org):
    load_competencies()
    agent = org.agents["sz-a"][0]
    response = integration.post(integration.base_url + f"/talent/employees/{agent.employee_no}/assessments",
                                json={"competency": "communication", "period": "2026Q4", "level": 4}, timeout=30)
    assert response.status_code == 201, response.text
    assert response.json()["by"] == "supervisor"
    review = open_review(center=org.centers[0], period="2026Q3", by=org.users[Role.HR_ADMIN])
    response = integration.post(integration.base_url + f"/talent/nine-box/{review.pk}/moves", timeout=30,
                                json={"employee_no": agent.employee_no, "box": "33",
                                      "reason": "跨组支援表现突出"})
    assert response.status_code == 201, response.text


def test_integration_imports_course_completions_with_its_bearer_token(integration, org):
    load_training_catalogue()
    agent = org.agents["sz-a"][0]
    text = f"工号,课程代码,完成日期,成绩\n{agent.employee_no},complaint-handling,2026-07-01,88\n"
    files = {"file": ("completions.csv", text.encode(), "text/csv")}
    response = integration.post(integration.base_url + "/training/completions/import", files=files, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 1 and CourseCompletion.objects.get(employee=agent).score == 88


def test_integration_imports_attendance_in_the_background_and_reads_the_outcome(integration, org):
    load_training_catalogue()
    day = datetime.date(2026, 11, 16)
    schedule_recurring_sessions([org.teams[0]], day, day)
    agent = org.agents["sz-a"][1]
    files = {"file": ("att.csv", f"工号,日期,培训类型,考勤\n{agent.employee_no},2026-11-16,晨会,出席\n".encode(), "text/csv")}
    queued = integration.post(integration.base_url + "/training/attendance/import", files=files,
                              data={"background": "true"}, timeout=30)
    assert queued.status_code == 202, queued.text
    status = integration.get(integration.base_url.removesuffix("/api/v1") + queued.json()["status_url"], timeout=30)
    assert status.json()["status"] == "done" and status.json()["report"]["updated"] == 1
    assert Attendance.objects.get(employee=agent, event__date=day).status == "present"


def test_integration_sends_a_whole_assessment_sheet_and_a_potential_rating(integration, org):
    """HR's integration assesses an agent's whole profile for a quarter and rates their potential; the fit and
    the rating the 9-box reads come back through the same API."""
    load_competencies()
    agent = org.agents["sz-a"][0]
    base = integration.base_url + f"/talent/employees/{agent.employee_no}"
    sheet = {"communication": 3, "complaint-handling": 1, "product-knowledge": 3, "system-operation": 3}
    response = integration.post(base + "/assessment-sheets", json={"period": "2026Q4", "levels": sheet}, timeout=30)
    assert response.status_code == 201, response.text
    assert response.json() == {"employee_no": agent.employee_no, "period": "2026Q4", "by": "supervisor", "count": 4}
    assert integration.get(base + "/competencies", timeout=30).json()["fit_score"] == 88
    response = integration.post(base + "/assessment-sheets", json={"period": "2026Q4", "levels": {
        "communication": 6, "no-such": 2}}, timeout=30)
    assert response.status_code == 422 and [e["message"] for e in response.json()["errors"]] == ["没有能力项 no-such。"]  # Chinese first
    response = integration.post(base + "/potential", json={"period": "2026Q4", "rating": 4, "note": "可培养"},
                                timeout=30)
    assert response.status_code == 201, response.text
    assert integration.get(base + "/potential", timeout=30).json()["read_by_nine_box"] == 4


def test_agent_and_team_leader_record_progress_on_an_idp_action_with_bearer_tokens(org, live_server):
    agent, leader, hr = org.users[Role.AGENT], org.users[Role.TEAM_LEADER], org.users[Role.HR_ADMIN]
    idp_services.save_idp(agent, agent.employee, target_position=None, target_date=None, goals=["辅导新人"])
    action = idp_services.add_action(agent, agent.employee, kind="mentor", title="跟随组长带早会",
                                     due_date=datetime.date(2027, 1, 31))
    url = live_server.url + f"/api/v1/development/employees/{agent.employee.employee_no}/idp/progress"

    def post(user, body):
        _, key = ApiToken.issue(user, "progress")
        return requests.post(url, json=body, headers={"Authorization": f"Bearer {key}"}, timeout=30)

    response = post(agent, {"action": action.pk, "status": "enrolled"})
    assert response.status_code == 200, response.text
    assert response.json()["idp"]["actions"][0]["status"] == "enrolled"
    refused = post(agent, {"action": action.pk, "status": "finished"})
    assert refused.status_code == 422 and "finished" in refused.json()["message"] and "done" in refused.json()["message"]
    assert post(leader, {"action": action.pk, "status": "done"}).status_code == 422  # done needs its evidence
    assert post(hr, {"action": action.pk, "status": "done", "evidence": "x"}).status_code == 403  # not their plan
    assert post(leader, {"action": 999999, "status": "done", "evidence": "x"}).status_code == 404
    response = post(leader, {"action": action.pk, "status": "done", "evidence": "2026-12-01 独立带早会"})
    assert response.status_code == 200, response.text
    assert IdpAction.objects.values_list("status", "evidence").get(pk=action.pk) == ("done", "2026-12-01 独立带早会")


def test_a_badge_given_by_hand_and_the_month_award_run_with_bearer_tokens(org, integration):
    agent = org.agents["sz-a"][1]
    url = integration.base_url + f"/recognition/employees/{agent.employee_no}/awards"
    given = integration.post(url, json={"badge": "good-example", "reason": "主动带新人熟悉系统"}, timeout=30)
    assert given.status_code == 201, given.text
    assert given.json()["badge"] == "good-example" and given.json()["revoked"] is False
    again = integration.post(url, json={"badge": "good-example", "reason": "再给一次"}, timeout=30)
    assert again.status_code == 409 and again.json()["code"] == "already_awarded"
    shown = integration.get(integration.base_url + f"/recognition/employees/{agent.employee_no}", timeout=30)
    assert [a["badge"] for a in shown.json()["awards"]] == ["good-example"]
    revoke = integration.base_url + f"/recognition/awards/{given.json()['id']}/revoke"
    unexplained = integration.post(revoke, json={"reason": " "}, timeout=30)
    assert unexplained.status_code == 422 and unexplained.json()["code"] == "reason_required"
    revoked = integration.post(revoke, json={"reason": "提名有误,撤回"}, timeout=30)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked"] is True and revoked.json()["revoke_reason"] == "提名有误,撤回"
    twice = integration.post(revoke, json={"reason": "再撤一次"}, timeout=30)
    assert twice.status_code == 409 and twice.json()["code"] == "already_revoked"
    assert Award.objects.get(pk=given.json()["id"]).revoked_by == org.users[Role.HR_ADMIN]

    run = integration.post(integration.base_url + "/recognition/runs", json={"period": "2026-10"}, timeout=30)
    assert run.status_code == 202, run.text
    assert run.json()["period"] == "2026-10"
    _, agent_key = ApiToken.issue(org.users[Role.AGENT], "awards")
    refused = requests.post(integration.base_url + "/recognition/runs", json={"period": "2026-10"},
                            headers={"Authorization": f"Bearer {agent_key}"}, timeout=30)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


def test_hr_records_an_exit_with_its_facts_with_a_bearer_token(org, integration):
    agent = org.agents["sz-b"][0]
    url = integration.base_url + f"/employees/{agent.employee_no}/exit"
    recorded = integration.post(url, json={"effective_date": "2026-11-30", "exit_type": "voluntary",
                                           "reason": "workload", "last_working_day": "2026-11-28",
                                           "regretted": True, "interview_notes": "夜班太多"}, timeout=30)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["exit_type"] == "voluntary" and recorded.json()["reason"] == "workload"
    again = integration.post(url, json={"effective_date": "2026-12-01", "exit_type": "voluntary"}, timeout=30)
    assert again.status_code == 409 and again.json()["code"] == "already_exited"


def test_a_team_leader_acknowledges_an_alert_and_hr_retrains_the_risk_model_with_bearer_tokens(org, integration):
    rule = AlertRule.objects.create(code="bearer-absences", name="本月缺勤三次", kind=AlertRule.Kind.ABSENCES,
                                    threshold=3)
    alert = Alert.objects.create(rule=rule, employee=org.agents["sz-a"][1], period="2026-11",
                                 raised_on=datetime.date(2026, 11, 20), facts={"absences": 3})
    _, leader_key = ApiToken.issue(org.users[Role.TEAM_LEADER], "alerts")
    url = integration.base_url + f"/analytics/alerts/{alert.pk}/acknowledge"
    leader = {"Authorization": f"Bearer {leader_key}"}
    empty = requests.post(url, json={"note": " "}, headers=leader, timeout=30)
    assert empty.status_code == 422 and empty.json()["code"] == "note_required"
    done = requests.post(url, json={"note": "已面谈,安排师傅带教"}, headers=leader, timeout=30)
    assert done.status_code == 200, done.text
    alert.refresh_from_db()
    assert alert.note == "已面谈,安排师傅带教" and alert.acknowledged_by == org.users[Role.TEAM_LEADER]
    again = requests.post(url, json={"note": "再谈"}, headers=leader, timeout=30)
    assert again.status_code == 409 and again.json()["code"] == "already_acknowledged"

    retrain = integration.post(integration.base_url + "/analytics/risk/retrain", json={}, timeout=30)
    assert retrain.status_code == 202 and retrain.json()["task_id"], retrain.text
    _, agent_key = ApiToken.issue(org.users[Role.AGENT], "risk")
    refused = requests.post(integration.base_url + "/analytics/risk/retrain", json={},
                            headers={"Authorization": f"Bearer {agent_key}"}, timeout=30)
    assert refused.status_code == 404  # agents never reach flight risk, not even to know it exists


def test_a_team_leader_opens_an_idp_action_from_an_alert_with_a_bearer_token(org, live_server):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    rule = AlertRule.objects.create(code="bearer-fcr", name="FCR 连续下降", kind=AlertRule.Kind.ABSENCES, threshold=3)
    alert = Alert.objects.create(rule=rule, employee=agent.employee, period="2026-11",
                                 raised_on=datetime.date(2026, 11, 20), facts={"absent_days": 3})
    url = live_server.url + f"/api/v1/analytics/alerts/{alert.pk}/idp-action"
    body = {"kind": "mentor", "title": "安排师傅每周陪听两次", "due_date": "2027-01-31"}

    def post(user):
        _, key = ApiToken.issue(user, "idp-action")
        return requests.post(url, json=body, headers={"Authorization": f"Bearer {key}"}, timeout=30)

    none = post(leader)
    assert none.status_code == 422 and none.json()["code"] == "no_current_idp"
    idp_services.save_idp(agent, agent.employee, target_position=None, target_date=None, goals=["稳定接通率"])
    assert post(org.users[Role.CENTER_MANAGER]).json()["code"] == "not_team_leader"
    opened = post(leader)
    assert opened.status_code == 201, opened.text
    assert opened.json()["idp_action"]["title"] == "安排师傅每周陪听两次"
    assert IdpAction.objects.get(idp__employee=agent.employee).kind == "mentor"
    assert post(leader).json()["code"] == "action_already_opened"
    assert post(agent).status_code == 404
