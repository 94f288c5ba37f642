"""Issue 20's acceptance walk in real Chromium with the Chinese UI: HR runs the month's awards from the button, the
agent finds the new badge on the home page and on the badge wall with the facts that earned it, and the team
leader revokes a badge given by hand, with a reason, which stays on the wall struck through."""
import datetime

import pytest

from agentpath.performance.models import KpiDay, Metric
from agentpath.performance.services import load_default_metrics
from agentpath.recognition.models import Award, Badge
from agentpath.recognition.services import award_by_hand
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def test_hr_runs_the_months_awards_and_the_agent_finds_the_badge_on_home_and_wall(page, org):
    agent = org.agents["sz-a"][0]
    load_default_metrics()
    KpiDay.objects.create(employee=agent, date=datetime.date(2026, 10, 20),
                          **{Metric.objects.get(code="exam_score").column: 96})

    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/recognition/runs/")
    page.fill("#period", "2026-10")
    page.get_by_role("button", name="授予当月徽章").click()
    page.wait_for_load_state("networkidle")
    assert "月考优秀" in page.locator("main").inner_text()
    screenshot(page, "recognition-hr-award-run-zh")
    assert Award.objects.filter(employee=agent, badge__code="exam-95", run_period="2026-10").exists()

    switch_to(page, "agent")
    card = page.locator("#level-card")
    assert "月考优秀" in card.inner_text()
    assert "距铜牌还差" in card.get_by_test_id("to-next").inner_text()
    screenshot(page, "recognition-agent-home-zh")

    page.goto(page.base_url + f"/people/{agent.employee_no}/?tab=growth")
    wall = page.locator("#badge-wall")
    badge = wall.locator("[data-badge='exam-95']")
    assert "2026-10 月考 96 分 ≥ 95" in badge.get_by_test_id("facts").inner_text()
    assert "徽章" in wall.get_by_test_id("point-sources").inner_text()
    wall.scroll_into_view_if_needed()
    screenshot(page, "recognition-agent-badge-wall-zh")


def test_team_leader_revokes_a_badge_given_by_hand_with_a_reason(page, org):
    member = org.agents["sz-a"][1]
    award_by_hand(badge=Badge.objects.get(code="good-example"), employee=member, by=org.users["team_leader"],
                  reason="主动带新人熟悉系统")

    login(page, "leader", PASSWORD)
    page.goto(page.base_url + f"/people/{member.employee_no}/?tab=growth")
    given = page.locator("#badge-wall [data-badge='good-example']")
    assert "主动带新人熟悉系统" in given.get_by_test_id("facts").inner_text()
    given.get_by_placeholder("撤销理由").fill("提名有误,改为下月再评")
    given.get_by_role("button", name="撤销").click()
    page.wait_for_load_state("networkidle")
    assert "徽章已撤销。" in page.locator("body").inner_text()
    revoked = page.locator("#badge-wall [data-badge='good-example']")
    assert "已撤销:提名有误,改为下月再评" in revoked.get_by_test_id("revoked").inner_text()
    assert revoked.locator("s").inner_text() == "好榜样"
    screenshot(page, "recognition-leader-revoked-zh")
    award = Award.objects.get(employee=member, badge__code="good-example")
    assert award.revoked_by == org.users["team_leader"] and award.revoke_reason == "提名有误,改为下月再评"
