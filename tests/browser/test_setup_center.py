"""Setting up a center without the demo, in real Chromium: HR goes from the roster import to the centers-and-teams
import, sees each bad row in Chinese, then imports the file; a large training file runs in the background and the
page follows its progress to the outcome."""
import os

import pytest

from agentpath.learning import import_jobs
from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.models import CourseCompletion
from agentpath.org.models import Team
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.org.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR", "")
HEADERS = ["中心代码", "中心名称", "城市", "团队代码", "团队名称", "组长工号"]


def shot(page, name):
    path = screenshot(page, name)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    return path


def org_csv(rows) -> bytes:
    return csv_bytes([dict(zip(HEADERS, r, strict=True)) for r in rows], HEADERS)


def test_hr_sets_up_centers_and_teams_from_the_roster_import_page(page, org):
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/people/import/")
    page.get_by_test_id("org-import").click()
    page.wait_for_selector("#org-form")
    assert page.locator("h1").inner_text() == "中心与团队导入"

    bad = org_csv([["hz", "杭州客服中心", "杭州", "hz-a", "杭州一组", ""], ["hz", "杭州客服中心", "杭州", "hz a", "杭州二组", ""]])
    page.set_input_files("#id_file", files=[{"name": "中心与团队.csv", "mimeType": "text/csv", "buffer": bad}])
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_selector("#import-errors")
    cells = [[td.inner_text() for td in row.locator("td").all()] for row in page.locator("#import-errors tbody tr").all()]
    assert [(line, column, value) for line, column, value, _reason in cells] == [("3", "团队代码", "hz a")]
    assert "代码只能包含字母" in cells[0][3]
    shot(page, "hr-org-import-bad-file-zh")
    assert not Team.objects.filter(center__code="hz").exists()

    good = org_csv([["hz", "杭州客服中心", "杭州", "hz-a", "杭州一组", ""], ["hz", "杭州客服中心", "杭州", "hz-b", "杭州二组", ""]])
    page.set_input_files("#id_file", files=[{"name": "中心与团队.csv", "mimeType": "text/csv", "buffer": good}])
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_selector("[data-testid=created]")
    assert page.get_by_test_id("created").inner_text() == "3"
    assert "中心与团队已导入" in page.locator("#import-result").inner_text()
    shot(page, "hr-org-import-done-zh")
    assert sorted(Team.objects.filter(center__code="hz").values_list("code", flat=True)) == ["hz-a", "hz-b"]


def test_a_large_completions_file_runs_in_the_background_and_the_page_shows_the_outcome(page, org, monkeypatch):
    load_training_catalogue()
    monkeypatch.setattr(import_jobs, "INLINE_MAX_BYTES", 10)  # the live server runs in this process
    agents = [a for team in org.agents.values() for a in team]
    text = "工号,课程代码,完成日期,成绩\n" + "".join(f"{a.employee_no},complaint-handling,2026-07-01,80\n" for a in agents)

    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/training/")
    page.get_by_test_id("training-import").click()
    page.select_option("#id_kind", "completions")
    page.set_input_files("#id_file", files=[{"name": "结业记录.csv", "mimeType": "text/csv", "buffer": text.encode()}])
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_selector("[data-testid=import-outcome]")

    assert f"读取 {len(agents)} 行" in page.get_by_test_id("import-outcome").inner_text()
    assert page.locator(".progress-bar").inner_text() == "100%"
    shot(page, "hr-training-import-background-done-zh")
    assert CourseCompletion.objects.count() == len(agents)
