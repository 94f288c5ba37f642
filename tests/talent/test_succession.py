"""Succession benches: key positions with ready now / 6–12 / 12–24 months, each candidate with their gaps."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from agentpath.accounts.models import Role
from agentpath.careers.models import Position
from agentpath.talent import succession
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def center(framework):
    c = CenterFactory(code="sz", name="深圳中心")
    team = TeamFactory(center=c)
    manager = UserFactory(username="manager", role=Role.CENTER_MANAGER)
    manager.centers.add(c)
    agent = EmployeeFactory(center=c, team=team, name="候补甲", hire_date=datetime.date(2026, 6, 1))
    return {"center": c, "agent": agent, "manager": manager}


def test_a_bench_candidate_is_shown_by_readiness_with_the_gaps_to_the_key_position(center, client):
    client.force_login(center["manager"])
    client.post("/talent/succession/add/", {"center": "sz", "position": "team-leader",
                                            "employee": center["agent"].employee_no, "readiness": "12-24",
                                            "note": "带教意愿强"})
    page = client.get("/talent/succession/?center=sz", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bench = page.split('data-position="team-leader"')[1].split('class="card mb-3 bench"')[0]
    later = bench.split('data-readiness="12-24"')[1]
    assert "候补甲" in later and "带教意愿强" in later
    assert "Months in level" in later  # a gap: months in level toward team leader, explained


def test_only_key_positions_have_benches(center):
    with pytest.raises(ValidationError):
        succession.add_to_bench(center=center["center"], position=Position.objects.get(code="agent"),
                                employee=center["agent"], readiness="now", by=center["manager"])


def test_an_agent_has_no_succession_page(center, client):
    client.force_login(UserFactory(username="agent", role=Role.AGENT))
    assert client.get("/talent/succession/").status_code == 404


def test_the_succession_api_lists_the_bench_with_gaps(center, client):
    from agentpath.accounts.models import ApiToken

    succession.add_to_bench(center=center["center"], position=Position.objects.get(code="team-leader"),
                            employee=center["agent"], readiness="6-12", by=center["manager"])
    body = client.get("/api/v1/talent/succession/sz",
                      HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(center['manager'])[1]}").json()
    tl = next(row for row in body if row["position"] == "team-leader")
    assert tl["candidates"][0]["readiness"] == "6-12" and tl["candidates"][0]["gaps"]
