"""The career path names the peer group a KPI percentile was computed in, as the performance file does (issue 18):
a team leader's move to 主管, ranked among the team leaders of the center or, with too few of them, among the team
leaders of every center."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.performance.models import Metric, Scorecard
from agentpath.performance.ranking import compute_ranks
from agentpath.performance.services import load_default_scorecards, store_kpi_days

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 10, 10)  # the requirement reads the last two complete quarters: 2026Q2 and 2026Q3
QUARTERS = ("2026Q2", "2026Q3")
DAYS = (datetime.date(2026, 5, 6), datetime.date(2026, 8, 5))
EXAM_DAYS = (datetime.date(2026, 5, 29), datetime.date(2026, 8, 31))


def rank_two_quarters():
    for quarter in QUARTERS:
        compute_ranks(quarter, today=TODAY)


@pytest.fixture
def leaders_ranked(org, monkeypatch):
    """Every agent of the three teams has a day of KPI in each quarter (team sz-a best), every team leader their
    monthly exam: the three team leaders are ranked in both quarters on their team's measures and their exam."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    load_default_scorecards()
    metrics = {m.code: m for m in Metric.objects.all()}
    codes = ["calls_handled", "fcr", "csat", "aht", "qa_score", "exam_score"]
    rows = []
    for skill, team in enumerate(("sz-a", "sz-b", "gz-a")):
        for n, agent in enumerate(org.agents[team]):
            for day in DAYS:
                rows.append((agent.pk, day, 60 - 10 * skill + n, 85 - 10 * skill, 90 - 5 * skill, 300 + 30 * skill,
                             90 - 5 * skill, 80 - 5 * skill))
        for day in EXAM_DAYS:
            rows.append((org.leaders[team].pk, day, None, None, None, None, None, 90 - 10 * skill))
    store_kpi_days(rows, [metrics[c].slot for c in codes])
    rank_two_quarters()
    return org


def kpi_row_of_move_to_supervisor(client, leader) -> str:
    page = client.get(reverse("employee-path", args=[leader.employee_no]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    html = page.content.decode()
    card = re.search(r'<div class="card mb-3 path-option"[^>]*data-target="mgmt-supervisor".*?</table>', html, re.S)
    assert card, "the path offers the move to 主管"
    row = re.search(r'<tr [^>]*data-kind="min_kpi_percentile".*?</tr>', card.group(0), re.S)
    assert row, "the move to 主管 asks a KPI percentile"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0))).strip()


def test_a_team_leaders_path_to_supervisor_says_the_percentile_is_among_the_team_leaders_of_the_center(
        leaders_ranked, client_for):
    Scorecard.objects.filter(position__code="team-leader").update(min_peer_size=1)
    rank_two_quarters()
    client = client_for(leaders_ranked.users[Role.HR_ADMIN])
    row = kpi_row_of_move_to_supervisor(client, leaders_ranked.leaders["sz-a"])
    assert re.search(r"P\d+(\.\d)? / P70", row)
    assert "对标组: 本中心同岗位" in row
    assert "已扩大" not in row


def test_with_too_few_team_leaders_in_the_center_the_path_names_the_widened_peer_group(leaders_ranked, client_for):
    """Two team leaders in sz and one in gz, below the team-leader scorecard's minimum of 5: every team leader is
    ranked among the team leaders of both centers, and the path says so."""
    client = client_for(leaders_ranked.users[Role.HR_ADMIN])
    for team in ("sz-a", "gz-a"):
        row = kpi_row_of_move_to_supervisor(client, leaders_ranked.leaders[team])
        assert re.search(r"P\d+(\.\d)? / P70", row)
        assert "对标组: 已扩大: 各中心同职族同职级 (本中心人数不足)" in row


def test_the_path_api_gives_the_peer_group_of_the_kpi_percentile(leaders_ranked, client_for):
    client = client_for(leaders_ranked.users[Role.HR_ADMIN])
    data = client.get(f"/api/v1/employees/{leaders_ranked.leaders['sz-b'].employee_no}/path",
                      HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    option = next(o for o in data["options"] if o["to_level"] == "mgmt-supervisor")
    kpi = next(r for r in option["requirements"] if r["kind"] == "min_kpi_percentile")
    assert kpi["peer_group"] == "对标组: 已扩大: 各中心同职族同职级 (本中心人数不足)"
    months = next(r for r in option["requirements"] if r["kind"] == "min_months_in_level")
    assert months["peer_group"] is None
