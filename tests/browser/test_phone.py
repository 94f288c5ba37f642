"""On a phone (390 × 844): the anchor inventory, the exam list and the IDP's actions work without scrolling sideways."""
import datetime

import pytest
from django.utils import timezone

from agentpath.development.models import AnchorTake, Idp, IdpAction
from agentpath.exams.drawing import schedule_exam
from agentpath.performance.services import load_default_metrics
from tests.browser.conftest import login, screenshot
from tests.exams.conftest import make_question, new_exam
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def fits_the_screen(page, selector) -> None:
    """No sideways scrolling of the page, and every control of `selector` lies within the screen's width."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = page.eval_on_selector_all(
        selector, "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })")
    assert boxes, selector
    off = [box for box in boxes if box[0] < 0 or box[1] > PHONE["width"]]
    assert not off, f"{len(off)} of {len(boxes)} {selector} off the screen: {off[:3]}"


def test_an_agent_completes_the_anchor_inventory_on_a_phone(page, org):
    page.set_viewport_size(PHONE)
    login(page, "agent", PASSWORD)
    page.goto(page.base_url + "/development/anchors/")
    fits_the_screen(page, ".anchor-rating, input[name=most_true]")
    for n in range(1, 41):
        page.locator(f"label[for='id_item_{n}_{5 if n % 8 == 2 else 2}']").click()  # the 6 and the 3 buttons
    for n in (2, 10, 18):
        page.locator(f"label[for='most-{n}']").click()
    screenshot(page, "agent-anchor-inventory-phone-zh")
    page.get_by_role("button", name="查看我的职业锚画像").click()
    page.wait_for_selector("[data-anchor='management']")
    assert "管理型" in page.locator("[data-anchor='management']").first.inner_text()
    assert AnchorTake.objects.filter(employee=org.users["agent"].employee).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_start_button_and_the_idp_actions_are_on_the_screen_of_a_phone(page, org):
    load_default_metrics()
    make_question("p1")
    exam = new_exam(org, cells=(("业务知识", 1, 1),), opens=timezone.now() - datetime.timedelta(minutes=5))
    schedule_exam(exam, seed=2)
    agent = org.users["agent"].employee
    idp = Idp.objects.create(employee=agent)
    for n in range(3):
        IdpAction.objects.create(idp=idp, kind="stretch", title=f"带新人完成第{n + 1}个月的辅导并写下复盘",
                                 owner="本人与组长", due_date=datetime.date(2027, 1 + n, 28))
    page.set_viewport_size(PHONE)
    login(page, "agent", PASSWORD)
    page.goto(page.base_url + "/exams/")
    fits_the_screen(page, "#my-exams button")
    page.goto(page.base_url + f"/development/{agent.employee_no}/")
    fits_the_screen(page, "[data-testid=idp-actions] select, [data-testid=idp-actions] input[name=evidence], "
                          "[data-testid=idp-actions] button")
    screenshot(page, "agent-idp-actions-phone-zh")
    row = page.locator("[data-testid=idp-actions] tr[data-kind=stretch]").first
    row.locator("select[name=status]").select_option("enrolled")
    row.locator("input[name=evidence]").fill("已带一名新人")
    row.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert IdpAction.objects.filter(idp=idp, status="enrolled", evidence="已带一名新人").count() == 1
