"""The foundation's acceptance scenarios, in real Chromium with the Chinese UI."""
import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Requirement, Transition
from agentpath.common.calendar import add_months
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EmployeeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_sees_their_path_with_an_unmet_requirement_explained(page, org):
    today = timezone.localdate()
    team = org.teams[0]
    newcomer = EmployeeFactory(center=team.center, team=team, hire_date=add_months(today, -5), name="王小雨")
    UserFactory(username="xiaoyu", role=Role.AGENT, employee=newcomer)

    login(page, "xiaoyu", PASSWORD)
    assert page.locator("#next-step").count() == 1  # the home page starts with the next step
    page.goto(page.base_url + "/me/path/")
    assert page.locator("h1").inner_text() == "我的职业路径"
    to_senior = page.locator(".path-option[data-target='pro-senior']")
    months_row = to_senior.locator("tr[data-kind='min_months_in_level']")
    assert months_row.get_attribute("data-status") == "unmet"
    assert "在级时长" in months_row.inner_text()
    assert "5 / 6 个月" in months_row.inner_text()
    course_row = to_senior.locator("tr[data-kind='required_course']").first
    assert "缺少" in course_row.inner_text()
    screenshot(page, "agent-my-path-zh")


def test_hr_opens_the_roadmap_picture_and_edits_a_requirement_in_the_admin(page, org):
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/careers/roadmap/")
    page.wait_for_selector("#roadmap-chart[data-ready='1'] svg")
    assert page.locator("h1").inner_text() == "职业发展路线图"
    assert page.locator("#roadmap-table").get_by_text("客户运营职业路线图").count() == 1
    screenshot(page, "hr-roadmap-zh")

    page.locator("#roadmap-table").get_by_role("link", name="客服代表", exact=True).click()
    assert "客服代表" in page.locator("h1").inner_text()
    assert page.get_by_text("至少 6 个月").count() >= 1  # months rule of agent → senior agent

    transition = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="pro-senior", kind="promotion")
    months = Requirement.objects.get(transition=transition, kind=Requirement.Kind.MIN_MONTHS_IN_LEVEL)
    page.goto(page.base_url + f"/admin/careers/transition/{transition.pk}/change/")
    rows = page.locator("#requirements-group tr.form-row.has_original")
    row = rows.filter(has=page.locator("select option[selected][value='min_months_in_level']"))
    row.locator("input[name$='-value']").fill("9")
    page.click("input[name='_save']")
    page.wait_for_selector(".messagelist .success")
    months.refresh_from_db()
    assert months.value == 9
    assert months.history.count() == 2  # created, then changed by HR: the change is kept

    page.goto(page.base_url + "/careers/levels/mgmt-agent/")
    assert page.get_by_text("至少 9 个月").count() >= 1
    screenshot(page, "hr-level-after-edit-zh")


def test_team_leader_cannot_open_an_employee_outside_the_team(page, org):
    outsider = org.agents["gz-a"][0]
    insider = org.agents["sz-a"][1]
    login(page, "leader", PASSWORD)
    ok = page.goto(page.base_url + f"/people/{insider.employee_no}/")
    assert ok.status == 200
    assert insider.name in page.locator("h1").inner_text()
    denied = page.goto(page.base_url + f"/people/{outsider.employee_no}/")
    assert denied.status == 404
    denied_path = page.goto(page.base_url + f"/path/{outsider.employee_no}/")
    assert denied_path.status == 404
