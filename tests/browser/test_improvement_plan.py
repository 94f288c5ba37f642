"""An improvement plan with a per-person course, in real Chromium with the Chinese UI (issue 19)."""
import pytest

from agentpath.talent.models import BottomRankReview
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.talent.test_bottom_rank import floor  # noqa: F401  (fixtures)
from tests.talent.test_improvement_plans import plans  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_improvement_plan_with_a_per_person_course_is_confirmed_then_opened(page, plans):  # noqa: F811
    aht, qa = plans["weak_aht"].employee_no, plans["weak_qa"].employee_no
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/talent/reviews/?center=sz")
    form = page.locator("#improvement-plans")
    assert form.locator(f"select[name='training-{aht}']").input_value() == "business-time-management"
    assert "平均处理时长" in form.locator(f"tr[data-employee='{aht}'] .why").inner_text()
    form.locator(f"select[name='training-{qa}']").select_option("self-review")
    form.locator(f"input[name='goal-{qa}']").fill("质检得分达到 80 分")
    screenshot(page, "improvement-plans-per-person-zh")
    form.get_by_role("button", name="核对改进计划").click()
    page.wait_for_load_state("networkidle")
    table = page.locator("#plans-to-open").inner_text()
    assert "自我复盘技巧" in table and "业务/时间管理" in table and "质检得分达到 80 分" in table
    assert not BottomRankReview.objects.exists()
    screenshot(page, "improvement-plans-confirm-zh")
    page.get_by_role("button", name="确认并发起改进期").click()
    page.wait_for_load_state("networkidle")
    assert "已发起 2 个改进期" in page.locator("main").inner_text()
    assert dict(BottomRankReview.objects.values_list("employee__employee_no", "training__code")) == {
        aht: "business-time-management", qa: "self-review"}
    screenshot(page, "improvement-plans-opened-zh")
