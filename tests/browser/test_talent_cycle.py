"""The talent cycle in real Chromium with the Chinese UI: a promotion round from opening to an approved move."""
import pytest
from django.utils import timezone

from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.talent.test_nine_box import QUARTER, floor  # noqa: F401  (fixtures)
from tests.talent.test_promotion_rounds import ladder, people  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_opens_a_round_approves_a_candidate_with_a_reason_and_the_path_shows_the_new_level(page, people):  # noqa: F811
    veteran = people["veteran"]
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/talent/rounds/")
    assert page.locator("h1").inner_text() == "晋升评审"
    form = page.locator("#open-round")
    assert form.get_by_test_id("only-center").inner_text() == people["center"].name  # the one center: not picked
    form.locator("input[name=period]").fill("2026Q4")
    form.locator("input[name=effective_date]").fill(timezone.localdate().isoformat())
    form.locator("input[name='quota_ladder-2']").fill("1")
    form.get_by_role("button", name="发起本轮评审").click()
    page.wait_for_load_state("networkidle")
    assert "/talent/rounds/" in page.url and page.get_by_test_id("round-state").inner_text() == "接受推荐中"
    card = page.locator(f".candidate[data-employee='{veteran.employee_no}']")
    assert "13 / 6 个月" in card.locator(".req-cell").inner_text()
    assert "0 / 1" in page.locator("#quota-usage .quota-chip[data-level='ladder-2']").inner_text()

    page.get_by_role("button", name="开始决策").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("round-state").inner_text() == "决策中"
    card = page.locator(f".candidate[data-employee='{veteran.employee_no}']")
    card.locator("summary").click()  # the full explanation and the decision open in place
    card.locator("form.decide select[name=decision]").select_option("approve")
    card.locator("form.decide input[name=reason]").fill("连续两季度业绩优秀，带教新人")
    screenshot(page, "hr-promotion-round-zh")
    card.locator("form.decide button").click()
    page.wait_for_load_state("networkidle")
    card = page.locator(f".candidate[data-employee='{veteran.employee_no}']")
    assert card.get_by_test_id("standing-decision").inner_text() == "批准"
    assert "连续两季度业绩优秀，带教新人" in card.locator(".decision-trail").text_content()
    assert "1 / 1" in page.locator("#quota-usage .quota-chip[data-level='ladder-2']").inner_text()

    page.goto(page.base_url + f"/path/{veteran.employee_no}/")
    assert "二级" in page.locator("#standing").inner_text()



def test_a_manager_moves_a_person_in_the_9_box_with_a_written_reason(page, floor):  # noqa: F811
    who = floor["people"][1]  # computed box: performance low, potential medium
    login(page, "manager", PASSWORD)
    page.goto(page.base_url + "/talent/nine-box/")
    form = page.locator("#open-review")
    form.locator("input[name=period]").fill(QUARTER.code)
    form.get_by_role("button", name="召开盘点会").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("review-state").inner_text() == "盘点会进行中"
    assert page.locator(".box[data-box='12'] details.chip").get_by_text(who.name).count() == 1
    chip = page.locator(f"details.chip[data-employee='{who.employee_no}']")
    chip.locator("summary").click()
    chip.locator("select[name=box]").select_option("23")
    chip.get_by_role("button", name="移至该格").click()  # no reason: the form does not go
    assert chip.locator("input[name=reason]").evaluate("el => !el.validity.valid")
    assert page.locator("#moves").inner_text().strip() == "—"
    chip.locator("input[name=reason]").fill("跨组支援表现突出")
    chip.get_by_role("button", name="移至该格").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".box[data-box='23'] details.chip").get_by_text(who.name).count() == 1
    assert "跨组支援表现突出" in page.locator("#moves").inner_text()
    screenshot(page, "manager-nine-box-zh")
