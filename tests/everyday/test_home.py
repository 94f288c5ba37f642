"""The home page at / after login: each role's cards, dated, computed in a bounded number of queries."""
import datetime
import re

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level
from agentpath.common.calendar import add_months
from agentpath.common.models import ImportRun
from agentpath.performance.demo_data import generate_demo_kpi
from agentpath.performance.models import KpiResult
from agentpath.performance.selectors import bottom_share
from agentpath.performance.services import load_default_scorecards
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def section(html: str, card_id: str) -> str:
    start = html.index(f'id="{card_id}"')
    return html[start:html.index("</ul>", start)] if "<ul" in html[start:start + 800] else html[start:start + 2000]


def test_team_leader_home_names_who_is_ready_and_who_is_close(client, org, team):
    client.force_login(org.users[Role.TEAM_LEADER])
    html = client.get("/", **ZH).content.decode()
    ready, close = section(html, "ready"), section(html, "close")
    assert all(a.name in ready for a in team["ready"]) and "新人小李" not in ready
    assert "新人小李" in close and "3 / 6 个月" in close
    assert "离职老王" in section(html, "exits") and "离职老王" not in ready
    assert 'data-testid="headcount">4<' in html  # three agents and the newcomer; the leaver is not counted
    assert "截至" in html  # every card says as of when


def test_team_leader_home_queries_do_not_grow_with_the_team(client, org, team, queries):
    client.force_login(org.users[Role.TEAM_LEADER])
    queries.do_not_grow(queries.page(client, "/"),
                        grow=lambda: EmployeeFactory.create_batch(30, center=team["team"].center, team=team["team"]))


def test_agent_home_shows_the_nearest_move_and_what_is_missing(client, org, six_months_rule):
    me = EmployeeFactory(center=org.centers[0], team=org.teams[0], hire_date=add_months(timezone.localdate(), -4))
    client.force_login(UserFactory(role=Role.AGENT, employee=me))
    html = client.get("/", **ZH).content.decode()
    step = section(html, "next-step")
    assert "我的下一步" in html and "4 / 6 个月" in step and "在级时长" in step
    assert "暂无 KPI 排名" in html


def test_manager_home_shows_headcount_by_level_attrition_and_ready_per_level(client, org, team):
    client.force_login(org.users[Role.CENTER_MANAGER])
    html = client.get("/", **ZH).content.decode()
    # sz: 2 leaders + 6 agents + the newcomer active; 3 agents of sz-a and 3 of sz-b hired in 2024 are ready
    assert 'data-testid="headcount">9<' in html
    assert 'data-testid="ready-mgmt-agent">6<' in html
    assert 'data-testid="close-mgmt-agent">1<' in html  # the newcomer: three months of the six
    assert "差一项条件" in section(html, "pyramid")
    assert "近 90 天流失率" in html and "1 人离职" in html
    assert 'id="center-switch"' not in html  # only HR switches centers


@pytest.mark.parametrize("role", [Role.CENTER_MANAGER, Role.HR_ADMIN])
def test_manager_and_hr_home_queries_do_not_grow_with_the_center(client, org, team, queries, role):
    client.force_login(org.users[role])
    queries.do_not_grow(queries.page(client, "/"),
                        grow=lambda: EmployeeFactory.create_batch(30, center=org.centers[0], team=org.teams[1]))


def test_hr_switches_center_and_sees_all_centers_by_default(client, org, team):
    client.force_login(org.users[Role.HR_ADMIN])
    ImportRun.objects.create(kind="roster", status="done", file_name="roster-nov.xlsx", rows_read=66,
                             started_by=org.users[Role.HR_ADMIN])
    html = client.get("/", **ZH).content.decode()
    assert 'id="center-switch"' in html and 'data-testid="headcount">13<' in html  # both centers
    assert "roster-nov.xlsx" in html and "完成" in html
    gz = client.get("/?center=gz", **ZH).content.decode()
    assert 'data-testid="headcount">4<' in gz


def test_hr_home_names_the_kinds_of_recent_imports_in_chinese(client, org):
    hr = org.users[Role.HR_ADMIN]
    for kind in ("roster", "org", "kpi", "training-completions", "training-attendance"):
        ImportRun.objects.create(kind=kind, status="done", file_name=f"{kind}.xlsx", started_by=hr)
    client.force_login(hr)
    card = section(client.get("/", **ZH).content.decode(), "imports")
    shown = dict(re.findall(r"</span>\s*([^·<]+?) · ([\w-]+)\.xlsx", card))
    assert shown == {"花名册导入": "roster", "中心与团队导入": "org", "KPI 导入": "kpi",
                     "结业记录导入": "training-completions", "考勤导入": "training-attendance"}


def test_agent_home_shows_the_quarter_rank_not_the_running_month(client, org):
    load_default_scorecards()
    generate_demo_kpi(3, datetime.date.today())
    client.force_login(org.users[Role.AGENT])
    card = section(client.get("/", **ZH).content.decode(), "latest-rank")
    assert "Q" in card.split("·")[0]  # e.g. "2026Q4 · 业务能力 · 百分位 55.4"


def test_team_leader_home_lists_the_bottom_half_of_the_latest_ranked_quarter(client, org):
    """With ranked KPI the card names the team's bottom-half members (it crashed once bottom_share took a scope)."""
    load_default_scorecards()
    generate_demo_kpi(3, datetime.date.today())
    leader = org.users[Role.TEAM_LEADER]
    quarter = KpiResult.objects.filter(period_kind="quarter").order_by("-period").values_list("period", flat=True)[0]
    expected = {r.employee.name for r in bottom_share("business", quarter, scope=leader)
                .filter(team__leader_id=leader.employee_id)}
    client.force_login(leader)
    response = client.get("/", **ZH)
    assert response.status_code == 200
    card = section(response.content.decode(), "bottom-half")
    assert expected and all(name in card for name in expected)


def test_team_leader_home_names_a_grade_step_晋等_never_a_move_to_ones_own_level(client, org, framework):
    """Issue 18: a business expert four years in level is ready for the grade step 6 → 5 within 业务专家."""
    expert = EmployeeFactory(center=org.centers[0], team=org.teams[0], level=Level.objects.get(code="pro-expert"),
                             grade=6, name="沈帆文", hire_date=datetime.date(2020, 1, 1))
    client.force_login(org.users[Role.TEAM_LEADER])
    ready = section(client.get("/", **ZH).content.decode(), "ready")
    line = ready[ready.index(expert.name):].split("</li>")[0]
    assert "晋等 6 → 5，业务专家" in line
    assert "→ 业务专家" not in line.replace("晋等 6 → 5，业务专家", "")
