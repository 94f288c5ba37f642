"""Everyday use as a team leader, in real Chromium with the Chinese UI (issue 11, "Done when")."""
import datetime
import io

import pytest
from django.db.models import Q
from django.utils import timezone
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.careers.models import Requirement, Transition
from agentpath.common.calendar import add_months
from agentpath.performance.demo_data import generate_demo_kpi
from agentpath.performance.services import load_default_scorecards
from agentpath.talent.models import Nomination
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(org):
    moves = Transition.objects.filter(from_level__code="mgmt-agent")
    Requirement.objects.filter(Q(transition__in=moves) | Q(level__in=moves.values("to_level"))).delete()
    Requirement.objects.bulk_create([Requirement(transition=t, kind=Requirement.Kind.MIN_MONTHS_IN_LEVEL, value=6,
                                                 effective_from=datetime.date(2000, 1, 1)) for t in moves])
    t, today = org.teams[0], timezone.localdate()
    newcomer = EmployeeFactory(center=t.center, team=t, name="新人小李", hire_date=add_months(today, -3))
    leaver = EmployeeFactory(center=t.center, team=t, name="离职老王", status="exited",
                             exit_date=today - datetime.timedelta(days=20))
    return {"ready": org.agents["sz-a"], "close": newcomer, "leaver": leaver}


def test_team_leader_day_home_list_export_and_nomination(page, org, team):
    login(page, "leader", PASSWORD)
    assert page.locator("h1").inner_text() == "首页"
    ready = page.locator("#ready").inner_text()
    assert all(a.name in ready for a in team["ready"]) and "新人小李" in page.locator("#close").inner_text()
    screenshot(page, "everyday-leader-home-zh")

    page.click("nav.navbar >> text=人员")
    page.click("#employee-table th >> text=在级时长")
    page.wait_for_load_state("networkidle")
    assert "sort=months_in_level" in page.url
    first = page.locator("#employee-table tbody tr").first.inner_text()
    assert "新人小李" in first  # fewest months in level first
    page.select_option("#id_status", "active")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "离职老王" not in page.locator("#employee-table").inner_text()
    screenshot(page, "everyday-leader-people-zh")

    with page.expect_download() as info:
        page.click("[data-testid=export]")
    path = info.value.path()
    rows = [list(r) for r in load_workbook(io.BytesIO(open(path, "rb").read())).worksheets[0].iter_rows(values_only=True)]
    names = [r[1] for r in rows[1:]]
    assert names[0] == "新人小李" and "离职老王" not in names and len(names) == 5  # 3 agents, newcomer, the leader

    member = team["ready"][1]
    page.click(f"#employee-table >> text={member.name}")
    page.wait_for_selector("#nominate")
    page.select_option("#nominate select", label="资深客服 (BUDDY)")
    page.fill("#nominate textarea", "连续两季度排名前 20%，带教新人")
    page.click("#nominate button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "已推荐" in page.locator(".alert-success").inner_text()
    assert Nomination.objects.get(employee=member).nominated_by == org.users[Role.TEAM_LEADER]
    screenshot(page, "everyday-leader-nominated-zh")


def test_hr_and_agent_pages_in_chinese_screenshots(page, org):
    load_default_scorecards()
    for t in org.teams[:2]:
        EmployeeFactory.create_batch(30, center=t.center, team=t)
    generate_demo_kpi(3, datetime.date.today())

    login(page, "hr", PASSWORD)
    assert page.locator("#pyramid").count() == 1 and page.locator("#center-switch").count() == 1
    screenshot(page, "everyday-hr-home-zh")
    page.goto(page.base_url + "/kpi/centers/sz/")
    page.wait_for_selector("#kpi-distribution canvas")
    assert page.locator("[data-testid=center-bottom] tbody tr").count() == 25
    screenshot(page, "everyday-hr-kpi-center-zh")
    page.goto(page.base_url + "/kpi/teams/sz-a/")
    page.wait_for_selector("#kpi-distribution canvas")
    screenshot(page, "everyday-hr-kpi-team-zh")
    page.goto(page.base_url + f"/kpi/employees/{org.agents['sz-a'][0].employee_no}/")
    page.wait_for_selector(".kpi-file canvas")
    screenshot(page, "everyday-hr-kpi-employee-zh")
    page.goto(page.base_url + "/no-such-page/")
    screenshot(page, "everyday-404-zh")

    page.click("text=退出登录")
    login(page, "agent", PASSWORD)
    assert page.locator("#next-step").count() == 1
    screenshot(page, "everyday-agent-home-zh")
