"""Sign-in lockout in real Chromium with the Chinese UI: the owner's own browser keeps signing in while a colleague's
browser is paused; HR lifts the lockout on the lockouts page (issue 16)."""
import pytest

from agentpath.accounts.models import Role
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def try_password(page, username, password):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_a_colleague_cannot_lock_the_owner_out_of_their_own_browser_and_hr_lifts_the_lockout(page, browser, org):
    owner = org.users[Role.AGENT]
    login(page, owner.username, PASSWORD)  # the owner's desk: this browser now holds a device cookie
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state("networkidle")

    colleague = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}).new_page()
    colleague.base_url = page.base_url
    for _ in range(5):
        try_password(colleague, owner.username, "guess")
    alert = colleague.locator("[data-lockout]")
    assert colleague.locator("h1").inner_text() == "登录已暂停"
    assert "在未登录过的浏览器上密码错误次数过多" in alert.inner_text() and "15 分钟" in alert.inner_text()
    screenshot(colleague, "sign-in-lockout-zh")
    try_password(colleague, owner.username, PASSWORD)  # the right password from that desk is refused too
    assert colleague.locator("[data-lockout]").count() == 1

    login(page, owner.username, PASSWORD)  # the owner's own browser is not affected
    assert page.get_by_test_id("whoami").count() == 1

    hr = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}).new_page()
    hr.base_url = page.base_url
    login(hr, "hr", PASSWORD)
    hr.locator("nav.navbar").get_by_text("数据与管理").click()
    hr.locator("nav.navbar").get_by_text("登录锁定").click()
    hr.wait_for_load_state("networkidle")
    row = hr.locator(f"#lockouts tr[data-username='{owner.username}']")
    assert row.get_by_test_id("client").inner_text() == "未登录过的浏览器"
    assert row.get_by_test_id("failures").inner_text() == "5"
    screenshot(hr, "sign-in-lockouts-hr-zh")
    row.get_by_role("button", name="解除锁定").click()
    hr.wait_for_load_state("networkidle")
    assert hr.get_by_text(f"已解除 {owner.username} 的登录锁定。").count() == 1
    assert hr.get_by_test_id("no-lockouts").count() == 1

    try_password(colleague, owner.username, PASSWORD)
    assert colleague.get_by_test_id("whoami").count() == 1
