"""Staffing ratios (DOMAIN.md C4): actual vs target, gaps, the promotion slots they open, chart and export."""
import io

import openpyxl
import pytest
from django.utils import timezone

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Level, Position
from agentpath.talent import rounds, staffing
from agentpath.talent.models import StaffingTarget
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def center(framework):
    """30 agents and 2 team leaders: at 8–12 agents each, 30 agents need 3 to 3 leaders (1 slot open)."""
    c = CenterFactory(code="sz", name="深圳中心")
    team = TeamFactory(center=c)
    for _ in range(30):
        EmployeeFactory(center=c, team=team)
    tl = Level.objects.get(code="mgmt-tl")
    for _ in range(2):
        EmployeeFactory(center=c, team=team, level=tl, position=Position.objects.get(code="team-leader"))
    return c


def line(data, role):
    return next(x for x in data["lines"] if x["role"] == role)


def test_thirty_agents_and_two_team_leaders_open_one_team_leader_slot(center):
    data = staffing.staffing_for(center)
    assert data["agents"] == 30 and not data["own_targets"]
    tl = line(data, "team_leader")
    assert (tl["actual"], tl["needed_min"], tl["needed_max"], tl["slots"], tl["ratio"]) == (2, 3, 3, 1, 15.0)
    assert line(data, "qa")["slots"] == 1  # 30 agents at 25–30 per QA need one
    assert staffing.promotion_slots(center)["mgmt-tl"] == 1


def test_a_center_s_own_targets_replace_the_defaults(center):
    StaffingTarget.objects.create(center=center, agents_per_team_leader_min=10, agents_per_team_leader_max=15,
                                  agents_per_qa_min=25, agents_per_qa_max=30, agents_per_trainer_min=15,
                                  agents_per_trainer_max=25, agents_per_scheduler_min=50,
                                  agents_per_scheduler_max=100)
    data = staffing.staffing_for(center)
    assert data["own_targets"] and line(data, "team_leader")["slots"] == 0  # 30 / 15 = 2 leaders suffice


def test_a_round_opened_without_quotas_takes_the_staffing_slots(center):
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    rnd = rounds.open_round(center=center, period="2026Q4", effective_date=timezone.localdate(), quotas=None, by=hr)
    assert {q["level"].code: q["slots"] for q in rounds.quota_usage(rnd)}["mgmt-tl"] == 1


def test_the_staffing_page_shows_the_slots_and_exports_them(center, client):
    manager = UserFactory(username="manager", role=Role.CENTER_MANAGER)
    manager.centers.add(center)
    client.force_login(manager)
    page = client.get("/talent/staffing/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<tr data-role="team_leader"><td>Team leaders</td><td>8–12</td><td>2</td><td>3–3</td>' in page
    assert "staffing-chart" in page and "echarts" in page
    export = client.get("/talent/staffing/export/?center=sz", HTTP_ACCEPT_LANGUAGE="en")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Role" and rows[1][:8] == ("Team leaders", 8, 12, 2, 3, 3, 15, 1)
    other = CenterFactory(code="gz")
    assert client.get("/talent/staffing/?center=gz").status_code == 404
    assert other.pk


def test_the_level_distribution_names_each_level_and_its_track_never_its_code(center, client):
    manager = UserFactory(username="manager", role=Role.CENTER_MANAGER)
    manager.centers.add(center)
    client.force_login(manager)
    page = client.get("/talent/staffing/").content.decode()
    levels = page.split('id="levels"')[1].split("</table>")[0]
    tl = Level.objects.select_related("track").get(code="mgmt-tl")
    assert f'<tr data-level="mgmt-tl"><td class="text-muted">{tl.track.name}</td><td>{tl.name}</td><td>2</td>' in levels
    assert ">mgmt-tl<" not in levels and ">mgmt-agent<" not in levels


def test_agents_and_team_leaders_have_no_staffing_page(center, client):
    client.force_login(UserFactory(username="agent", role=Role.AGENT))
    assert client.get("/talent/staffing/").status_code == 404


def test_the_staffing_api_gives_the_gaps_and_slots_with_a_bearer_token(center, client):
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    body = client.get("/api/v1/talent/staffing/sz", HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(hr)[1]}").json()
    assert body["agents"] == 30 and body["promotion_slots"]["mgmt-tl"] == 1
    assert body["lines"][0] == {"role": "team_leader", "agents_per_person_from": 8, "agents_per_person_to": 12,
                                "actual": 2, "needed_min": 3, "needed_max": 3, "agents_per_person_actual": 15.0,
                                "promotion_slots": 1, "surplus": 0}
