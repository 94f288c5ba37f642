"""A refused action in real Chromium with the Chinese UI: the page answers 403, as the API does, and says why."""
import pytest

from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_who_opens_the_kpi_import_reads_that_only_hr_and_qa_import(page, org):
    login(page, "agent", PASSWORD)

    response = page.goto(page.base_url + "/kpi/import/")

    assert response.status == 403
    error = page.get_by_test_id("error-page")
    assert "只有人力资源和质检可以导入 KPI。" in error.inner_text()
    screenshot(page, "refused-kpi-import")
