"""QA's and a trainer's homes in real Chromium with the Chinese UI (issue 19), and QA's closed door to people's
files (issue 16)."""
import datetime

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.performance.models import KpiImport
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.portal.test_qa_and_trainer_homes import (
    exam_for,
    own_session,
    qa_scores,
    submitted_short_answers,
    trainee_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_qa_signs_in_sees_their_imports_and_no_file_of_an_agent(page, org):
    agents = org.agents["sz-a"] + org.agents["sz-b"]
    today = timezone.localdate()
    qa_scores(dict(zip(agents, [86, 88, 84, 90, 85, 31], strict=True)), today)
    qa_scores(dict(zip(agents, [82, 87, 85, 91, 80, 35], strict=True)), today - datetime.timedelta(days=1))
    KpiImport.objects.create(source="upload", file_name="质检评分-本月.xlsx", created_by=org.users[Role.QA],
                             status="done", rows_read=240, error_count=0)
    rejected = KpiImport.objects.create(source="upload", file_name="质检评分-补录.xlsx",
                                        created_by=org.users[Role.QA], status="rejected", rows_read=12, error_count=2)
    login(page, "qa", PASSWORD)
    page.goto(page.base_url + "/")
    imports = page.locator("#qa-imports")
    assert "质检评分-本月.xlsx" in imports.inner_text() and "12 行，2 个错误" in imports.inner_text()
    imports.get_by_role("link", name="质检评分-补录.xlsx").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/kpi/import/{rejected.pk}/")
    page.goto(page.base_url + "/")
    outlier = agents[5]
    assert outlier.name in page.locator("#qa-outliers").inner_text()
    assert page.locator(f'a[href="/people/{outlier.employee_no}/"]').count() == 0  # named, not linked
    assert page.locator("nav.navbar").get_by_text("人员", exact=True).count() == 0
    screenshot(page, "qa-home-zh")
    response = page.goto(page.base_url + f"/people/{outlier.employee_no}/")
    assert response.status == 404


def test_trainer_signs_in_and_sees_the_grading_queue_count(page, org):
    trainer = org.users[Role.TRAINER]
    team = org.teams[0]
    own_session(trainer, team, days=1, listed=org.agents["sz-a"])
    own_session(trainer, team, days=-1, listed=org.agents["sz-a"])
    submitted_short_answers(exam_for(trainer, team), org.agents["sz-a"])
    for person in org.agents["sz-a"][:2]:
        trainee_of(trainer, person)
    login(page, "trainer", PASSWORD)
    page.goto(page.base_url + "/")
    assert page.get_by_test_id("grading-total").inner_text() == "3"
    assert "月度考试" in page.locator("#grading-queue").inner_text()
    assert page.get_by_test_id("trainees-total").inner_text() == "4"  # the exam's takers: team sz-a and its leader
    screenshot(page, "trainer-home-zh")
    page.locator("#grading-count").get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/exams/grading/")
