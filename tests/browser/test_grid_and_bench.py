"""Decision screens in real Chromium with the Chinese UI (issue 19): a 9-box move with its reason lands in the
meeting's list; a succession add starts from nothing pre-selected."""
import pytest

from agentpath.talent import nine_box
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.talent.test_nine_box import QUARTER, floor  # noqa: F401  (fixtures)
from tests.talent.test_succession_pickers import bench  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_9_box_move_with_its_reason_shows_in_the_meeting_list(page, floor):  # noqa: F811
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["hr"])
    who = floor["people"][0]
    login(page, "manager", PASSWORD)
    page.goto(page.base_url + f"/talent/nine-box/{review.pk}/")
    assert page.locator("#grid .box").count() == 9
    chip = page.locator(f"details.chip[data-employee='{who.employee_no}']")
    chip.locator("summary").click()
    assert "潜力评级" in chip.inner_text()
    chip.locator("select[name=box]").select_option(label="中坚力量")
    chip.locator("input[name=reason]").fill("新业务线表现突出，带教两名新人")
    screenshot(page, "nine-box-grid-move-zh")
    chip.get_by_role("button", name="移至该格").click()
    page.wait_for_load_state("networkidle")
    assert "员工0 已从 待改进 调整到 中坚力量" in page.locator("main").inner_text()
    moves = page.locator("#moves").inner_text()
    assert "待改进 → 中坚力量" in moves and "新业务线表现突出" in moves and "manager" in moves
    assert page.locator(f".box[data-box='22'] details.chip[data-employee='{who.employee_no}']").count() == 1
    screenshot(page, "nine-box-grid-moved-zh")


def test_a_name_dropped_on_another_box_opens_its_move_form_and_moves_only_with_a_reason(page, floor):  # noqa: F811
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["hr"])
    who = floor["people"][0]  # placed 待改进 (low / low)
    login(page, "manager", PASSWORD)
    page.goto(page.base_url + f"/talent/nine-box/{review.pk}/")
    assert "把姓名拖到另一格" in page.locator("#move-hint").inner_text()
    chip = page.locator(f"details.chip[data-employee='{who.employee_no}']")
    page.drag_and_drop(f"details.chip[data-employee='{who.employee_no}'] > summary", ".box[data-box='32']")
    form = chip.locator("form.move")
    assert form.is_visible() and chip.locator("select[name=box]").input_value() == "32"
    assert page.evaluate("document.activeElement.name") == "reason"  # the reason is asked for at once
    chip.get_by_role("button", name="移至该格").click()  # without a reason: the browser keeps the form
    assert page.locator("#moves").inner_text().strip() == "—"
    form.locator("input[name=reason]").fill("季度末冲刺，投诉率下降一半")
    screenshot(page, "nine-box-drop-reason-zh")
    chip.get_by_role("button", name="移至该格").click()
    page.wait_for_load_state("networkidle")
    assert "员工0 已从 待改进 调整到 绩效骨干" in page.locator("main").inner_text()
    assert "待改进 → 绩效骨干" in page.locator("#moves").inner_text()
    assert page.locator(f".box[data-box='32'] details.chip[data-employee='{who.employee_no}']").count() == 1
    # a name dropped back on its own box opens nothing
    page.drag_and_drop(f"details.chip[data-employee='{who.employee_no}'] > summary", ".box[data-box='32']")
    assert not page.locator(f"details.chip[data-employee='{who.employee_no}'] form.move").is_visible()
    screenshot(page, "nine-box-dropped-zh")


def test_a_succession_add_starts_with_nothing_pre_selected(page, bench):  # noqa: F811
    login(page, "manager", PASSWORD)
    page.goto(page.base_url + "/talent/succession/?center=sz")
    form = page.locator("#add-to-bench")
    for name in ("position", "employee", "readiness"):
        assert form.locator(f"select[name={name}]").input_value() == ""
    screenshot(page, "succession-add-empty-zh")
    form.locator("select[name=position]").select_option("team-leader")
    form.locator("select[name=employee]").select_option(bench["agent"].employee_no)
    form.locator("select[name=readiness]").select_option("12-24")
    form.get_by_role("button", name="加入继任梯队").click()
    page.wait_for_load_state("networkidle")
    assert "候补甲 已加入 客服组长 的继任梯队" in page.locator("main").inner_text()
    bench_card = page.locator(".bench[data-position='team-leader'] [data-readiness='12-24']")
    assert "候补甲" in bench_card.inner_text()
    screenshot(page, "succession-added-zh")
