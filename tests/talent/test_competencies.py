"""Competencies and fit (C3): dictionary, profiles, assessments (the supervisor's counts), min_competency."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Level, Position, Requirement
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.talent.competencies import load_competencies, profile_for
from agentpath.talent.eligibility import evaluate
from agentpath.talent.models import Competency, CompetencyAssessment, PositionCompetency
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def loaded(framework):
    load_competencies()
    return UserFactory(username="leader", role=Role.TEAM_LEADER)


def assess(employee, code, level, by, kind="supervisor", period="2026H2", day=TODAY):
    return CompetencyAssessment.objects.create(employee=employee, competency=Competency.objects.get(code=code),
                                               period=period, by=kind, level=level, assessed_by=by, assessed_on=day)


def test_load_framework_loads_the_dictionary_and_profiles_idempotently(framework):
    out = StringIO()
    call_command("load-framework", "cola", stdout=out)
    call_command("load-framework", "cola", stdout=out)
    assert out.getvalue().strip().endswith("competencies: 0 created, 0 changed")
    # the nine of the agents' and functional posts, the six of supervisors and managers (seed 001), two functional
    assert Competency.objects.count() == 17 and len(Competency.objects.get(code="communication").levels) == 5
    assert set(Competency.objects.filter(name__in=["团队建设", "绩效辅导", "现场管理", "运营分析", "成本控制", "激励"])
               .values_list("name", flat=True)) == {"团队建设", "绩效辅导", "现场管理", "运营分析", "成本控制", "激励"}
    assert all(len(set(c.levels)) == 5 for c in Competency.objects.all())  # each level 1–5 described
    # every position of the default framework has a profile
    assert not Position.objects.exclude(competency_profile__isnull=False).exists()
    assert PositionCompetency.objects.get(position__code="team-leader", competency__code="team-management").level == 3


def competency_check(employee, as_of=TODAY):
    emp = with_tenure(Employee.objects.filter(pk=employee.pk), as_of).get()
    option = next(o for o in evaluate([emp], as_of)[emp.id] if o.transition.to_level.code == "mgmt-tl")
    return next(c for c in option.checks if c.kind == Requirement.Kind.MIN_COMPETENCY)


@pytest.mark.parametrize("level,met", [(1, False), (2, True)])
def test_min_competency_reads_the_supervisor_assessment_at_its_boundary(loaded, level, met):
    """The default promotion to team leader asks team management 2 (seed 001 职位及能力配比)."""
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 1))
    assert competency_check(agent).actual == "not assessed yet" or not competency_check(agent).has_data
    assess(agent, "team-management", 5, loaded, kind="self")  # the self-assessment does not count
    assert not competency_check(agent).has_data
    assess(agent, "team-management", level, loaded)
    check = competency_check(agent)
    assert (check.met, check.actual) == (met, f"{level} / 2")


def test_fit_score_gaps_and_best_lateral_moves(loaded):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 1))
    for code, level in (("communication", 3), ("complaint-handling", 1), ("product-knowledge", 3),
                        ("system-operation", 3), ("data-analysis", 4)):
        assess(agent, code, level, loaded)
    data = profile_for(agent)
    assert data["own"]["score"] == round(100 * (1 + 0.5 + 1 + 1) / 4)  # complaint handling 1 of 2
    assert [r["gap"] for r in data["own"]["rows"] if r["competency"].code == "complaint-handling"] == [1]
    # the framework's lateral moves from 客服代表 lead to the clerks: 文书专员 (systems 3/3, product 3/3), 账务专员
    # (also data analysis 4/2), 催收专员 (collection negotiation not assessed)
    assert [(m["position"].code, m["score"]) for m in data["lateral"]] == [
        ("billing-clerk", 100), ("paperwork-clerk", 100), ("collections-agent", 67)]
    senior = EmployeeFactory(hire_date=datetime.date(2022, 1, 1), level=Level.objects.get(code="pro-senior"),
                             position=Position.objects.get(code="senior-agent"))
    for code, level in (("communication", 3), ("complaint-handling", 1), ("product-knowledge", 3),
                        ("system-operation", 3), ("data-analysis", 4)):
        assess(senior, code, level, loaded)
    best = [(m["position"].code, m["score"]) for m in profile_for(senior)["lateral"]]
    # data 4/4, systems 3/4; risk identification 0/3, data 3/3, product 3/3; scheduling 0/4, data 3/3, systems 3/3
    # (then 质检员 58 %, 内训师 50 %)
    assert best == [("mis-analyst", 88), ("risk-officer", 67), ("scheduler", 67)]


def test_the_path_page_shows_the_radar_and_the_fit_score(loaded, client):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 1))
    assess(agent, "communication", 3, loaded)
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    client.force_login(hr)
    page = client.get(f"/path/{agent.employee_no}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "competency-radar" in page and "person–position fit 25 %" in page


def test_assessments_through_the_api_self_and_supervisor_and_the_supervisor_counts(loaded, client):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 1))
    me = UserFactory(username="me", role=Role.AGENT, employee=agent)
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    url = f"/api/v1/talent/employees/{agent.employee_no}/assessments"

    def post(user, level):
        return client.post(url, {"competency": "communication", "period": "2026Q4", "level": level},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}")

    assert post(me, 5).json()["by"] == "self"
    assert post(hr, 2).json()["by"] == "supervisor"
    body = client.get(f"/api/v1/talent/employees/{agent.employee_no}/competencies",
                      HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(hr)[1]}").json()
    communication = next(r for r in body["profile"] if r["competency"] == "communication")
    assert (communication["actual"], communication["gap"]) == (2, 1)
