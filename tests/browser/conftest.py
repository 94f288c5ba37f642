"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live test server."""
import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Screenshots go to the repository's git-ignored var/screenshots/ (AGENTPATH_SCREENSHOTS names another folder).
SCREENSHOTS = os.environ.get("AGENTPATH_SCREENSHOTS",
                             os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 — only the browser tests load Playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium")
    profile = tempfile.mkdtemp(prefix="agentpath-chromium-")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"])
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username, password):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    # the click waits for the navigation it starts; the home page loads nothing after its load event (no page of
    # ours fetches after loading), so "load" is enough, and half a second quicker than "networkidle"
    page.wait_for_load_state("load")


def screenshot(page, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


def open_menu_item(page, label):
    """Click a navigation entry as a user does: open its dropdown group first when it sits in one."""
    nav = page.locator("nav.navbar")
    link = nav.locator("a.nav-link, a.dropdown-item").filter(has_text=label).first
    if not link.is_visible():
        link.locator("xpath=ancestor::li[contains(@class,'dropdown')]/a").click()
    link.click()
