"""KPI pages in real Chromium with the Chinese UI: the numbers an agent and a team leader read."""
import datetime

import pytest
from django.utils import timezone

from agentpath.performance.ranking import compute_ranks
from agentpath.performance.services import load_default_scorecards
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.performance.test_ranks import put

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date(2026, 7, 15)
JUNE = datetime.date(2026, 6, 10)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def ranked(org, clock):
    """2026Q2: one 深圳 peer group of four (A, B, C of team sz-a, D of sz-b); A ranks 1st, C 3rd, D 4th;
    the bottom half is C and D (tests/performance/test_pages.py works the numbers out)."""
    load_default_scorecards()
    a, b, c = org.agents["sz-a"]
    d = org.agents["sz-b"][0]
    put([(a, JUNE, {"fcr": 90, "aht": 300}), (b, JUNE, {"fcr": 80, "aht": 300}),
         (c, JUNE, {"fcr": 70, "aht": 400}), (d, JUNE, {"fcr": 60, "aht": 500})])
    compute_ranks("2026-06", today=TODAY)
    compute_ranks("2026Q2", today=TODAY)
    return a, b, c, d


def test_agent_reads_their_rank_and_percentile_on_their_performance_file(page, ranked):
    a = ranked[0]
    login(page, "agent", PASSWORD)  # the org fixture's agent is A
    page.goto(page.base_url + "/kpi/")
    assert page.url.endswith(f"/kpi/employees/{a.employee_no}/")
    assert page.get_by_test_id("latest-rank-business").inner_text() == "第 1 名 / 共 4 人"
    assert page.get_by_test_id("latest-percentile-business").inner_text() == "100.0"  # one format (issue 11)
    assert page.get_by_test_id("latest-composite-business").inner_text() == "0.833"
    history = page.get_by_test_id("rank-2026Q2-business")
    assert history.get_by_test_id("rank").inner_text() == "1 / 4"
    assert history.get_by_test_id("percentile").inner_text() == "100.0"
    assert page.get_by_test_id("bottom-half").count() == 0
    page.wait_for_selector(f"#kpi-composite-{a.pk} canvas")  # the monthly chart drew
    screenshot(page, "agent-kpi-file-zh")


def test_team_leader_sees_the_right_people_in_the_bottom_half(page, ranked):
    a, b, c, d = ranked
    login(page, "leader", PASSWORD)  # leader of team sz-a
    page.goto(page.base_url + "/kpi/teams/sz-a/?period=2026Q2")
    table = page.get_by_test_id("team-table")
    marked = table.locator("tr.table-warning")
    assert marked.count() == 1
    assert c.name in marked.inner_text()
    # rank, peer group and percentile each in their own cell (issue 11); the first group is the business one
    assert marked.get_by_test_id("rank").first.inner_text() == "3"
    assert marked.get_by_test_id("percentile").first.inner_text() == "33.3"
    first = table.get_by_test_id(f"member-{a.employee_no}")
    assert first.get_by_test_id("rank").first.inner_text() == "1"
    assert first.get_by_test_id("percentile").first.inner_text() == "100.0"
    assert table.get_by_test_id(f"member-{b.employee_no}").get_by_test_id("bottom-half").count() == 0
    assert table.get_by_test_id(f"member-{d.employee_no}").count() == 0  # D is in another team
    assert "1" in page.get_by_test_id("bottom-count").inner_text()
    screenshot(page, "team-leader-kpi-bottom-half-zh")
