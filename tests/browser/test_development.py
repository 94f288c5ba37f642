"""Issue 10's acceptance walk in real Chromium with the Chinese UI: anchors, a plan toward team leader with two
actions proposed from unmet requirements, submission, a return with a comment, agreement and the Chinese PDF."""
import io
import re

import pytest
from pypdf import PdfReader

from agentpath.careers.models import Transition
from agentpath.development.models import Idp, IdpAction
from tests.browser.conftest import login, open_menu_item, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def switch_to(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def test_agent_plans_toward_team_leader_leader_returns_then_agrees_and_the_pdf_is_chinese(page, org):
    agent = org.users["agent"]
    no, name = agent.employee.employee_no, agent.employee.name
    to_leader = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="mgmt-tl", kind="promotion")

    login(page, "agent", PASSWORD)
    page.goto(page.base_url + "/development/anchors/")
    assert page.locator("h1").inner_text() == "职业锚测评"
    for n in range(1, 41):
        # the rating buttons are labels of their radio inputs (one card per statement)
        page.locator(f"input[name='item_{n}'][value='{6 if n % 8 == 2 else 3}'] + label").click()
    for n in (2, 10, 18):
        page.locator(f"input[name='most_true'][value='{n}']").check()
    page.get_by_role("button", name="查看我的职业锚画像").click()
    page.wait_for_selector("#anchor-radar[data-ready='1'] canvas")
    assert "管理型" in page.locator("[data-anchor='management']").first.inner_text()
    screenshot(page, "agent-anchor-profile-zh")

    open_menu_item(page, "我的发展")
    page.get_by_role("link", name="编辑").nth(1).click()  # want/fit/can is first; the plan's step 1 next
    page.fill("#id_self_analysis", "耐心, 善于倾听, 喜欢带新人")
    page.fill("#id_key_problems", "缺少带团队的经验")
    page.get_by_role("button", name="保存并继续").click()
    page.select_option("#id_stage", "advancement")
    page.fill("#id_goals_short", "一年内成为客服组长")
    page.get_by_role("button", name="保存并继续").click()
    page.select_option("#id_target_transition", str(to_leader.pk))
    page.wait_for_selector("#gaps li[data-kind='required_course'] >> nth=1")  # htmx: the gaps before saving
    page.fill("#id_role_transition", "从个人贡献者到带团队的人")
    page.get_by_role("button", name="保存并继续").click()
    page.fill("#id_plan_summary", "按 IDP 完成课程和管理性工作分派")
    page.get_by_role("button", name="保存规划").click()

    page.get_by_test_id("prefill").click()
    courses = page.locator("[data-testid='idp-actions'] tr[data-kind='course']")
    assert courses.count() == 2
    assert {courses.nth(i).get_attribute("data-course") for i in range(2)} == {"team-management", "coaching-skills"}
    page.get_by_role("link", name="目标与发展目标").click()
    page.fill("#id_target_date", "2027-06-30")
    for n, goal in enumerate(["主持每周早会", "辅导两名新人", "完成团队管理课程"], start=1):
        page.fill(f"#id_goal_{n}", goal)
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("submit-idp").click()
    assert page.get_by_test_id("idp-state").get_attribute("data-state") == "submitted"

    switch_to(page, "leader")
    page.goto(page.base_url + "/development/team/")
    page.get_by_test_id("waiting").get_by_role("link", name=name).click()
    page.fill("#leader-comment", "请加一项轮岗")
    page.get_by_role("button", name="退回并附意见").click()
    assert page.get_by_test_id("idp-state").get_attribute("data-state") == "returned"
    assert "请加一项轮岗" in page.get_by_test_id("leader-comment").inner_text()

    switch_to(page, "agent")
    page.goto(page.base_url + f"/development/{no}/")
    assert "请加一项轮岗" in page.get_by_test_id("leader-comment").inner_text()
    page.get_by_test_id("submit-idp").click()

    switch_to(page, "leader")
    page.goto(page.base_url + f"/development/{no}/")
    page.fill("#leader-comment", "同意")
    page.get_by_role("button", name="确认", exact=True).click()
    assert page.get_by_test_id("idp-state").get_attribute("data-state") == "agreed"
    screenshot(page, "leader-agreed-idp-zh")
    idp = Idp.objects.get(employee=agent.employee)
    assert (idp.state, idp.version, idp.actions.filter(kind=IdpAction.Kind.COURSE).count()) == ("agreed", 1, 2)

    pdf = page.request.get(page.base_url + f"/development/{no}/document.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "职业生涯规划书" in text and name in text and "主持每周早会" in text
    assert len(CJK.findall(text)) > 100  # real CJK glyphs extracted, not boxes
