"""What people see: the badge wall on the growth file, the level on the agent's home page, HR's run button and
export, the leaderboard's scope, and the API."""
import datetime
import io
import json

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.common.calendar import month_period
from agentpath.performance.stars import compute_star_ratings
from agentpath.recognition.models import Award, CenterSetting
from agentpath.recognition.services import award_period

pytestmark = pytest.mark.django_db
OCT = datetime.date(2026, 10, 12)


@pytest.fixture
def earned(org, kpi_day):
    """The agent (sz-a) scored 96 in October's exam and the month's awards ran."""
    agent = org.agents["sz-a"][0]
    kpi_day(agent, OCT, exam_score=96, qa_score=92, csat=91)
    award_period("2026-10")
    return agent


def test_agent_sees_the_badge_with_its_facts_and_the_level_on_the_growth_file(org, earned, client_for):
    page = client_for(org.users[Role.AGENT]).get(f"/people/{earned.employee_no}/?tab=growth",
                                                 HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "月考优秀" in page and "2026-10 月考 96 分 ≥ 95" in page
    # badges 15 + tenure 90 days 10 + 1 year 20, and 5 for the passed exam = 50 points
    assert "见习" in page and "距铜牌还差 50 分" in page and "徽章 45 · 月考 5" in page
    assert 'id="give-badge"' not in page  # an agent gives no badges


def test_agent_home_shows_the_level_and_the_latest_badges(org, earned, client_for):
    page = client_for(org.users[Role.AGENT]).get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="level-card"' in page and "50 分" in page and "月考优秀" in page


def test_star_ratings_appear_on_the_performance_file(org, earned, client_for):
    compute_star_ratings(month_period(2026, 10))
    page = client_for(org.users[Role.AGENT]).get(f"/people/{earned.employee_no}/?tab=performance").content.decode()
    assert 'data-period="2026-10"' in page and "★★★★☆" in page


def test_leader_gives_a_badge_from_the_growth_file_and_revokes_it_with_a_reason(org, client_for):
    member = org.agents["sz-a"][1]
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users[Role.TEAM_LEADER])
    page = client.get(f"/people/{member.employee_no}/?tab=growth")
    token = page.cookies["csrftoken"].value
    assert 'id="give-badge"' in page.content.decode()
    client.post(f"/recognition/{member.employee_no}/nominate/", {"badge": "good-example", "reason": "带教新人",
                                                                  "csrfmiddlewaretoken": token})
    award = Award.objects.get(employee=member, badge__code="good-example")
    response = client.post(f"/recognition/awards/{award.pk}/revoke/", {"reason": "", "csrfmiddlewaretoken": token},
                           HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "请填写撤销理由。" in response.content.decode()
    client.post(f"/recognition/awards/{award.pk}/revoke/", {"reason": "提名有误", "csrfmiddlewaretoken": token})
    page = client.get(f"/people/{member.employee_no}/?tab=growth", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已撤销:提名有误" in page


def test_hr_runs_the_month_from_the_button_and_exports_the_awards_safely(org, kpi_day, client_for):
    agent = org.agents["sz-a"][0]
    agent.name = "=HYPERLINK(1)"
    agent.save()
    kpi_day(agent, OCT, exam_score=100)
    client = client_for(org.users[Role.HR_ADMIN])
    response = client.post("/recognition/runs/", {"period": "2026-10"}, follow=True)
    assert Award.objects.filter(employee=agent, badge__code="exam-ace").exists()
    assert "月考满分" in response.content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/recognition/awards.xlsx?period=2026-10").content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in names


def test_run_page_and_export_are_hr_only(org, client_for):
    assert client_for(org.users[Role.TEAM_LEADER]).get("/recognition/runs/").status_code == 403  # as the API
    assert client_for(org.users[Role.CENTER_MANAGER]).get("/recognition/awards.xlsx").status_code == 403


def _points_board(org, kpi_day):
    a, b, c = org.agents["sz-a"]
    for agent, score in ((a, 100), (b, 96), (c, 80)):
        kpi_day(agent, OCT, exam_score=score)
    award_period("2026-10")
    return a, b, c


def test_agent_sees_the_team_board_with_names_where_the_center_allows_it(org, kpi_day, client_for):
    a, b, c = _points_board(org, kpi_day)
    page = client_for(org.users[Role.AGENT]).get("/recognition/leaderboard/?period=2026-10&by=badges").content.decode()
    assert b.name in page and a.name in page


def test_agent_of_a_center_that_hides_names_sees_only_their_own_place(org, kpi_day, client_for):
    a, b, c = _points_board(org, kpi_day)
    CenterSetting.objects.create(center=org.centers[0], agents_see_names=False)
    user = org.users[Role.AGENT]
    user.employee = b
    user.save()
    page = client_for(user).get("/recognition/leaderboard/?period=2026-10&by=badges").content.decode()
    assert b.name in page and a.name not in page
    assert '<tr class="table-primary" data-testid="me"><td class="kpi-number">2</td>' in page
    leader = client_for(org.users[Role.TEAM_LEADER]).get("/recognition/leaderboard/?period=2026-10&by=badges")
    assert a.name in leader.content.decode()


def test_agents_and_leaders_cannot_open_another_teams_or_a_centers_board(org, client_for):
    assert client_for(org.users[Role.AGENT]).get("/recognition/leaderboard/?team=sz-b&period=2026-10").status_code == 404
    assert client_for(org.users[Role.TEAM_LEADER]).get("/recognition/leaderboard/?center=sz&period=2026-10").status_code == 404
    assert client_for(org.users[Role.CENTER_MANAGER]).get("/recognition/leaderboard/?center=sz&period=2026-10").status_code == 200


def test_api_gives_a_persons_badges_points_level_and_stars_in_scope(org, earned, client_for):
    compute_star_ratings(month_period(2026, 10))
    client = client_for(org.users[Role.AGENT])
    body = client.get(f"/api/v1/recognition/employees/{earned.employee_no}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body["points"] == 50 and body["level"] == "见习" and body["points_to_next"] == 50
    assert {"badge": "exam-95", "facts": "2026-10 月考 96 分 ≥ 95"}.items() <= next(
        a for a in body["awards"] if a["badge"] == "exam-95").items()
    assert body["star_ratings"] == [{"period": "2026-10", "stars": 4}]
    other = org.agents["sz-b"][0]
    assert client.get(f"/api/v1/recognition/employees/{other.employee_no}").status_code == 404


def test_api_nomination_answers_the_services_refusals(org, csrf_client):
    csrf_client.force_login(org.users[Role.TEAM_LEADER])
    token = csrf_client.get("/").cookies["csrftoken"].value
    url = f"/api/v1/recognition/employees/{org.agents['sz-a'][0].employee_no}/awards"

    def post(body):
        return csrf_client.post(url, json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token)

    created = post({"badge": "good-example", "reason": "带教"})
    assert created.status_code == 201 and created.json()["occasion"] == timezone.localdate().strftime("%Y-%m")
    again = post({"badge": "good-example", "reason": "带教"})
    assert again.status_code == 409 and again.json()["code"] == "already_awarded"
    rule = post({"badge": "exam-ace", "reason": "x"})
    assert rule.status_code == 422 and rule.json()["code"] == "not_by_hand"
    own = csrf_client.post(f"/api/v1/recognition/employees/{org.leaders['sz-a'].employee_no}/awards",
                           json.dumps({"badge": "good-example", "reason": "x"}), content_type="application/json",
                           HTTP_X_CSRFTOKEN=token)
    assert own.status_code == 403 and own.json()["code"] == "self_award"


def test_api_run_is_hr_only_and_refuses_a_quarter(org, client_for):
    assert client_for(org.users[Role.TEAM_LEADER]).post(
        "/api/v1/recognition/runs", json.dumps({"period": "2026-10"}), content_type="application/json").status_code == 403
    client = client_for(org.users[Role.HR_ADMIN])
    assert client.post("/api/v1/recognition/runs", json.dumps({"period": "2026Q4"}),
                       content_type="application/json").json()["code"] == "bad_period"
    assert client.post("/api/v1/recognition/runs", json.dumps({"period": "2026-10"}),
                       content_type="application/json").status_code == 202
