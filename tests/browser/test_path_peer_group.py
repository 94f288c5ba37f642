"""A team leader's own career path in real Chromium with the Chinese UI: the KPI percentile of the move to 主管 and
the peer group it was computed in (issue 18)."""
import pytest

from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.talent.test_path_peer_group import leaders_ranked  # noqa: F401 — the fixture, shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_leader_reads_on_their_path_that_the_percentile_is_among_team_leaders_of_every_center(
        page, leaders_ranked):  # noqa: F811
    login(page, "leader", PASSWORD)  # leader of team sz-a
    page.goto(page.base_url + "/me/path/")
    move = page.locator(".path-option[data-target='mgmt-supervisor']")
    kpi = move.locator("tr[data-kind='min_kpi_percentile']")
    assert kpi.locator(".value").inner_text() == "P100 / P70"
    assert kpi.get_by_test_id("peer-group").inner_text() == "对标组: 已扩大: 各中心同职族同职级 (本中心人数不足)"
    move.scroll_into_view_if_needed()
    screenshot(page, "path-team-leader-peer-group-zh")
