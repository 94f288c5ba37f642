"""The inbox in real Chromium with the Chinese UI: the leader learns a plan waits for them, agrees it from the
item; the agent signs in, sees the unread count and the item on the home page, and opens it to the plan."""
import datetime

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.development import idp_services as idp
from agentpath.development.models import IdpAction
from agentpath.inbox.services import notify
from agentpath.learning.models import Enrolment, Program
from agentpath.learning.services import enrol
from agentpath.org.models import Team
from agentpath.talent import bottom_rank
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EmployeeFactory, UserFactory
from tests.talent.test_bottom_rank import AS_OF
from tests.talent.test_bottom_rank import floor as bottom_floor  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def test_the_leader_agrees_a_plan_from_the_inbox_and_the_agent_opens_the_news_from_the_home_page(page, org):
    agent = org.users["agent"]
    employee, today = agent.employee, timezone.localdate()
    idp.save_idp(agent, employee, target_position=None, target_date=today + datetime.timedelta(days=180),
                 goals=["主持每周早会", "辅导两名新人", "完成团队管理课程"])
    idp.add_action(agent, employee, kind=IdpAction.Kind.STRETCH, title="主持周一早会",
                   due_date=today + datetime.timedelta(days=30))
    enrol(employee, Program.objects.get(code="pre-job"), kind=Enrolment.Kind.ASSIGNED, reason="新员工入职培训")
    idp.submit_idp(agent, employee)

    login(page, "leader", PASSWORD)
    assert page.get_by_test_id("nav-inbox-unread").inner_text().endswith("1")
    page.get_by_test_id("home-inbox").get_by_role("button", name=f"{employee.name} 提交了个人发展计划").click()
    assert page.url.endswith(f"/development/{employee.employee_no}/#idp")
    assert page.get_by_test_id("nav-inbox-unread").count() == 0  # opened: read
    page.fill("#leader-comment", "同意,按计划推进")
    page.get_by_role("button", name="确认", exact=True).click()
    assert page.get_by_test_id("idp-state").get_attribute("data-state") == "agreed"

    switch_to(page, "agent")
    assert page.get_by_test_id("nav-inbox-unread").inner_text().endswith("2")  # the plan and the training
    card = page.get_by_test_id("home-inbox")
    assert card.get_by_test_id("home-inbox-unread").inner_text() == "2"
    assert "新员工入职培训" in card.inner_text()
    screenshot(page, "agent-home-inbox-zh")
    card.get_by_role("button", name="已确认您的个人发展计划(第 1 版)").click()
    assert page.url.endswith(f"/development/{employee.employee_no}/#idp")
    assert page.get_by_test_id("idp-state").get_attribute("data-state") == "agreed"
    assert page.get_by_test_id("nav-inbox-unread").inner_text().endswith("1")

    page.get_by_test_id("nav-inbox").click()
    assert page.locator("h1").inner_text() == "收件箱"
    assert page.get_by_test_id("inbox-item").count() == 2
    page.get_by_test_id("inbox-read-all").click()
    assert "已将 1 条消息标为已读。" in page.locator(".alert").inner_text()
    assert page.get_by_test_id("nav-inbox-unread").count() == 0
    screenshot(page, "agent-inbox-page-zh")


def test_on_a_phone_the_unread_count_shows_beside_the_menu_button(browser, live_server, org):
    notify(recipients=[org.users["agent"]], kind="learning.mandatory_enrolment", url="/training/me/",
           params={"program": {"zh-hans": "岗前培训", "en": "Pre-job"}, "reason": "新员工入职培训", "period": ""},
           key="phone")
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.base_url = live_server.url
    login(page, "agent", PASSWORD)
    phone_link = page.get_by_test_id("nav-inbox-phone")
    assert phone_link.is_visible() and phone_link.inner_text() == "收件箱 1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "agent-home-inbox-390-zh")
    phone_link.click()
    assert page.locator("h1").inner_text() == "收件箱"
    context.close()


def test_a_team_leader_learns_a_bottom_rank_outcome_from_the_inbox_and_opens_the_persons_file(page, bottom_floor):  # noqa: F811
    floor = bottom_floor
    person = floor["people"][18]
    leader = EmployeeFactory(center=floor["center"], team=person.team, name="组长甲")
    Team.objects.filter(pk=person.team_id).update(leader=leader)
    UserFactory(username="team-leader", role=Role.TEAM_LEADER, employee=leader)
    UserFactory(username="bottom-agent", role=Role.AGENT, employee=person)
    [review] = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                        as_of=AS_OF)["opened"]
    day = review.reassess_on
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="复评仍未达标", today=day)
    bottom_rank.decide_review(review, by=floor["hr"], outcome="keep", reason="调整班次后再观察一季",
                              effective_date=day, today=day)

    login(page, "team-leader", PASSWORD)
    assert page.get_by_test_id("nav-inbox-unread").inner_text().endswith("2")  # the step opened, its outcome
    card = page.get_by_test_id("home-inbox")
    assert "已为您班组的 坐席18 启动绩效改进" in card.inner_text()
    screenshot(page, "leader-home-inbox-bottom-rank-zh")
    card.get_by_role("button", name="您班组的 坐席18 的末位评审").click()
    assert page.url.endswith(f"/people/{person.employee_no}/")
    assert "坐席18" in page.locator("h1").inner_text()

    switch_to(page, "bottom-agent")
    card = page.get_by_test_id("home-inbox")
    assert "结果为留任原岗" in card.inner_text() and "组长甲" not in card.inner_text()
    screenshot(page, "agent-home-inbox-bottom-rank-zh")
