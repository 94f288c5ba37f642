"""The talent cycle in real Chromium with the Chinese UI: a promotion round from opening to an approved move."""
import pytest
from django.utils import timezone

from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.talent.test_promotion_rounds import ladder, people  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_opens_a_round_approves_a_candidate_with_a_reason_and_the_path_shows_the_new_level(page, people):  # noqa: F811
    veteran = people["veteran"]
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/talent/rounds/")
    assert page.locator("h1").inner_text() == "晋升评审"
    form = page.locator("#open-round")
    form.locator("select[name=center]").select_option(label=people["center"].name)
    form.locator("input[name=period]").fill("2026Q4")
    form.locator("input[name=effective_date]").fill(timezone.localdate().isoformat())
    form.locator("input[name='quota_ladder-2']").fill("1")
    form.get_by_role("button", name="发起本轮评审").click()
    page.wait_for_load_state("networkidle")
    assert "/talent/rounds/" in page.url and page.get_by_test_id("round-state").inner_text() == "接受推荐中"
    card = page.locator(f".candidate[data-employee='{veteran.employee_no}']")
    assert "13 / 6 个月" in card.inner_text()
    assert page.locator("#quotas tr[data-level='ladder-2'] [data-testid=slots-left]").inner_text() == "1"

    page.get_by_role("button", name="开始决策").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("round-state").inner_text() == "决策中"
    card = page.locator(f".candidate[data-employee='{veteran.employee_no}']")
    card.locator("form.decide select[name=decision]").select_option("approve")
    card.locator("form.decide input[name=reason]").fill("连续两季度业绩优秀，带教新人")
    screenshot(page, "hr-promotion-round-zh")
    card.locator("form.decide button").click()
    page.wait_for_load_state("networkidle")
    card = page.locator(f".candidate[data-employee='{veteran.employee_no}']")
    assert card.get_by_test_id("standing-decision").inner_text() == "批准"
    assert "连续两季度业绩优秀，带教新人" in card.locator(".decision-trail").inner_text()
    assert page.locator("#quotas tr[data-level='ladder-2'] [data-testid=slots-left]").inner_text() == "0"

    page.goto(page.base_url + f"/path/{veteran.employee_no}/")
    assert "二级" in page.locator("#standing").inner_text()
