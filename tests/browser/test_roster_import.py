"""HR uploads a bad roster in real Chromium: every bad row is shown in Chinese and nothing is stored."""
import pytest

from agentpath.common.models import ImportRun
from agentpath.org.models import Employee
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.org.conftest import csv_bytes, roster_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_uploads_a_bad_roster_and_sees_each_bad_row_in_chinese_with_nothing_stored(page, org):
    rows = [roster_row("N0001"), roster_row("N0002", 团队="sz-zz"), roster_row("TS/001"),
            roster_row("N0004", 入职日期="2024-02-30")]
    before = Employee.objects.count()

    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/people/import/")
    page.set_input_files("#id_file", files=[{"name": "花名册.csv", "mimeType": "text/csv",
                                             "buffer": csv_bytes(rows)}])
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_selector("#import-errors")

    assert "未保存任何数据" in page.locator("[data-testid=rejected]").inner_text()
    assert page.locator("[data-testid=error-total]").inner_text() == "共 3 处错误"
    cells = [[td.inner_text() for td in row.locator("td").all()]
             for row in page.locator("#import-errors tbody tr").all()]
    assert [(line, column, value) for line, column, value, _reason in cells] == [
        ("3", "团队", "sz-zz"), ("4", "工号", "TS/001"), ("5", "入职日期", "2024-02-30")]
    reasons = [reason for *_rest, reason in cells]
    assert reasons[0].startswith("未知的团队") and "sz-a" in reasons[0]
    assert "工号由 1 到 20 个字母" in reasons[1]
    assert "YYYY-MM-DD" in reasons[2]
    screenshot(page, "hr-roster-import-bad-file-zh")
    assert Employee.objects.count() == before
    assert not Employee.objects.filter(employee_no__in=["N0001", "TS/001"]).exists()
    assert ImportRun.objects.get(kind="roster").status == "rejected"
