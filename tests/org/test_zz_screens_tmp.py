import pytest

from agentpath.accounts.models import Role
from tests.browser.conftest import browser, login, page, screenshot  # noqa: F401
from tests.factories import PASSWORD, EmployeeFactory

from .conftest import csv_bytes, roster_row


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_screens(org, page, tmp_path):  # noqa: F811
    EmployeeFactory.create_batch(12, center=org.centers[0], team=org.teams[1])
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/people/")
    print(screenshot(page, "org-employee-list-zh"))
    login(page, "manager", PASSWORD)
    page.goto(page.base_url + "/people/?team=sz-b")
    print(screenshot(page, "org-employee-list-manager-zh"))
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/people/import/")
    path = tmp_path / "bad.csv"
    rows = [roster_row("N0001"), roster_row("N0002", 团队="sz-zz"), roster_row("N0001"),
            roster_row("N0004", 入职日期="2024-13-01")]
    path.write_bytes(csv_bytes(rows))
    page.set_input_files("#id_file", str(path))
    page.click("button[type=submit]")
    page.wait_for_selector("#import-errors")
    print(screenshot(page, "org-roster-import-rejected-zh"))
