"""Succession benches: key positions with ready now / 6–12 / 12–24 months, each candidate with their gaps."""
import datetime

import pytest
from django.test import Client

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Position
from agentpath.common.calendar import last_quarters
from agentpath.common.errors import Invalid
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.services import load_default_scorecards
from agentpath.talent import succession
from agentpath.talent.models import Competency, CompetencyAssessment, SuccessionCandidate
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
    with pytest.raises(Invalid):
        succession.add_to_bench(center=center["center"], position=Position.objects.get(code="agent"),
                                employee=center["agent"], readiness="now", by=center["manager"])


def test_an_agent_has_no_succession_page(center, client):
    client.force_login(UserFactory(username="agent", role=Role.AGENT))
    assert client.get("/talent/succession/").status_code == 404


def test_the_succession_api_lists_the_bench_with_gaps(center, client):
    succession.add_to_bench(center=center["center"], position=Position.objects.get(code="team-leader"),
                            employee=center["agent"], readiness="6-12", by=center["manager"])
    body = client.get("/api/v1/talent/succession/sz",
                      HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(center['manager'])[1]}").json()
    tl = next(row for row in body if row["position"] == "team-leader")
    assert tl["candidates"][0]["readiness"] == "6-12" and tl["candidates"][0]["gaps"]


def test_an_integration_adds_changes_and_removes_a_bench_candidate_and_the_history_keeps_it(center):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(center['manager'])[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}
    http = Client(enforce_csrf_checks=True)
    who = center["agent"].employee_no
    added = http.post("/api/v1/talent/succession/sz/candidates", {"position": "team-leader", "employee_no": who,
                                                                  "readiness": "12-24", "note": "带教意愿强"},
                      content_type="application/json", **auth)
    assert added.status_code == 201
    entry_id = added.json()["id"]
    twice = http.post("/api/v1/talent/succession/sz/candidates", {"position": "team-leader", "employee_no": who,
                                                                  "readiness": "now"},
                      content_type="application/json", **auth)
    assert twice.status_code == 409 and twice.json()["code"] == "already_on_bench"
    changed = http.patch(f"/api/v1/talent/succession/candidates/{entry_id}", {"readiness": "6-12"},
                         content_type="application/json", **auth)
    assert changed.status_code == 200 and (changed.json()["readiness"], changed.json()["note"]) == ("6-12", "带教意愿强")
    assert http.delete(f"/api/v1/talent/succession/candidates/{entry_id}", **auth).status_code == 204
    assert not SuccessionCandidate.objects.exists()
    trail = SuccessionCandidate.history.filter(id=entry_id).order_by("history_date")
    assert [(h.history_type, h.readiness, h.history_user) for h in trail] == [
        ("+", "12-24", center["manager"]), ("~", "6-12", center["manager"]), ("-", "6-12", center["manager"])]


def test_the_page_changes_readiness_and_takes_a_candidate_off(center, client):
    succession.add_to_bench(center=center["center"], position=Position.objects.get(code="team-leader"),
                            employee=center["agent"], readiness="12-24", by=center["manager"])
    client.force_login(center["manager"])
    form = {"center": "sz", "position": "team-leader", "employee": center["agent"].employee_no}
    assert client.post("/talent/succession/readiness/", {**form, "readiness": "now"}).status_code == 302
    assert SuccessionCandidate.objects.get().readiness == "now"
    assert client.post("/talent/succession/remove/", form).status_code == 302
    assert not SuccessionCandidate.objects.exists()


def test_nobody_puts_themselves_on_a_bench(center, client):
    me = EmployeeFactory(center=center["center"], name="自荐者")
    own = UserFactory(username="own-manager", role=Role.CENTER_MANAGER, employee=me)
    own.centers.add(center["center"])
    client.force_login(own)
    page = client.post("/talent/succession/add/", {"center": "sz", "position": "team-leader",
                                                   "employee": me.employee_no, "readiness": "now"})
    assert page.status_code == 403 and not SuccessionCandidate.objects.exists()


def test_a_team_leader_on_the_supervisor_bench_shows_the_team_composite_the_competencies_and_the_fit(center, client):
    """The supervisor bench reads the new measures: the gaps name the team composite percentile and the
    competencies the move asks for (团队建设, 绩效辅导), and the candidate shows their fit to 客服主管's profile and
    their latest percentile on their own family's main composite (团队绩效)."""
    load_default_scorecards()
    tl_post = Position.objects.get(code="team-leader")
    leader = EmployeeFactory(center=center["center"], position=tl_post, level=tl_post.level, name="组长乙",
                             hire_date=datetime.date(2022, 1, 1))
    group = CompositeGroup.objects.get(scorecard__position=tl_post, code="team")
    quarter = last_quarters(datetime.date.today(), 1)[0]
    KpiResult.objects.create(employee=leader, period_kind="quarter", period=quarter.code, period_start=quarter.start,
                             group=group, group_code="team", position=tl_post, center=center["center"],
                             composite=70, rank=2, peer_size=6, percentile=80)
    for code, level in (("team-building", 3), ("performance-coaching", 2)):
        CompetencyAssessment.objects.create(employee=leader, competency=Competency.objects.get(code=code),
                                            period=quarter.code, by="supervisor", level=level,
                                            assessed_by=center["manager"], assessed_on=datetime.date.today())
    succession.add_to_bench(center=center["center"], position=Position.objects.get(code="supervisor"),
                            employee=leader, readiness="6-12", by=center["manager"])
    client.force_login(center["manager"])
    page = client.get("/talent/succession/?center=sz", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    bench = page.split('data-position="supervisor"')[1].split('class="card mb-3 bench"')[0]
    measures = bench.split('data-testid="bench-measures">')[1].split("</span>")[0]
    # 客服主管's profile: team building 3/3, performance coaching 2/3, the other eight not assessed
    assert measures == f"人岗匹配度 17 % · {quarter.code} 百分位 P80"
    assert "能力「绩效辅导」: 2 / 3" in bench and "能力「团队建设」" not in bench  # met: not a gap
    assert "KPI" in bench  # the team composite percentile of the move, checked
