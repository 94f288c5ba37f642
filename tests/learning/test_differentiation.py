"""Differentiated training (seed 002 §3.5): each rule at its boundary with its reason, idempotence, the page."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from agentpath.learning.differentiation import run_differentiation, start_run
from agentpath.learning.models import DifferentiationRun, Enrolment
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.services import load_default_scorecards
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.date(2020, 1, 6)


def ranked(group_code, people, deductions=None):
    """A peer group of the quarter 2026Q3 ranked in the order given (first is best)."""
    group = CompositeGroup.objects.filter(code=group_code).first()
    n = len(people)
    for rank, emp in enumerate(people, start=1):
        KpiResult.objects.create(
            employee=emp, period_kind="quarter", period="2026Q3", period_start=datetime.date(2026, 7, 1), group=group,
            group_code=group_code, position=emp.position, center=emp.center, composite=1 - rank / 10, rank=rank,
            peer_size=n, percentile=round(100 * (n - rank) / (n - 1), 1),
            deductions=(deductions or {}).get(emp.pk, 0))


@pytest.fixture
def quarter(catalogue):
    load_default_scorecards()
    center = EmployeeFactory().center
    people = [EmployeeFactory(center=center, team=None, hire_date=LONG_AGO, name=f"坐席{i}") for i in range(4)]
    ranked("business", people, deductions={people[0].pk: 2})
    ranked("value", list(reversed(people)))
    return people


def reasons(program_code):
    return {e.employee.name: (e.mandatory, e.reason) for e in
            Enrolment.objects.filter(program__code=program_code).select_related("employee")}


def run(q="2026Q3"):
    with translation.override("zh-hans"):
        return run_differentiation(start_run(q))


def test_bottom_half_is_mandatory_with_its_rank_and_the_rest_optional(quarter):
    run()
    got = reasons("specialized-business")
    assert got["坐席2"] == (True, "业务能力综合排名 P33 < P50")  # rank 3 of 4: the boundary, inside
    assert got["坐席3"] == (True, "业务能力综合排名 P0 < P50")
    assert got["坐席1"] == (False, "业务能力综合排名 P67 ≥ P50:可选")  # rank 2 of 4: just outside


def test_business_handling_deduction_makes_it_mandatory_for_the_best_ranked(quarter):
    run()
    assert reasons("specialized-business")["坐席0"] == (True, "2026Q3 业务受理扣分 2 分")


def test_under_twelve_months_of_tenure_is_mandatory_and_twelve_is_not(quarter):
    newcomer = EmployeeFactory(hire_date=datetime.date(2025, 10, 1), name="新人")  # 11 months at 30 Sep 2026
    veteran = EmployeeFactory(hire_date=datetime.date(2025, 9, 30), name="满一年", center=newcomer.center)
    ranked("business", [newcomer, veteran])
    run()
    got = reasons("specialized-business")
    assert got["新人"] == (True, "入职 11 个月 < 12 个月")
    assert got["满一年"] == (True, "业务能力综合排名 P0 < P50")  # ranked last, but not for tenure
    del veteran


def test_value_uplift_composite_assigns_its_own_program(quarter):
    run()
    got = reasons("specialized-value")
    assert got["坐席0"] == (True, "价值提升与收保综合排名 P0 < P50")  # the deduction rule is business-only
    assert got["坐席3"][0] is False


def test_running_the_quarter_twice_changes_nothing(quarter):
    run()
    before = sorted(Enrolment.objects.values_list("employee_id", "program_id", "mandatory", "reason"))
    second = run()
    assert sorted(Enrolment.objects.values_list("employee_id", "program_id", "mandatory", "reason")) == before
    assert second.status == DifferentiationRun.Status.DONE


def test_the_rule_takes_as_many_queries_for_thirty_more_people(quarter, queries):
    def thirty_more_ranked_and_new():
        more = [EmployeeFactory(center=quarter[0].center, team=None, hire_date=LONG_AGO) for _ in range(20)]
        ranked("business", more)
        ranked("value", more)
        for _ in range(10):
            EmployeeFactory(center=quarter[0].center, hire_date=datetime.date(2026, 5, 1))

    queries.do_not_grow(run, grow=thirty_more_ranked_and_new)
    assert Enrolment.objects.filter(program__code="specialized-business").count() >= 4 + 20 + 10


def test_command_runs_the_quarter(quarter, capsys):
    call_command("training", "differentiate", "--quarter", "2026Q3")
    assert "2026Q3: 5 mandatory, 3 optional" in capsys.readouterr().out


def test_hr_starts_the_run_from_the_page_and_sees_who_and_why(quarter, org, client_for):
    client = client_for(org.users["hr_admin"])
    response = client.post("/training/differentiated/", {"quarter": "2026Q3"})
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "业务能力综合排名 P33 &lt; P50" in page
    assert "坐席2" in page
    manager_page = client_for(org.users["center_manager"]).get("/training/differentiated/").content.decode()
    assert "坐席2" not in manager_page  # not in the manager's centers
    bad = client_for(org.users["hr_admin"]).post("/training/differentiated/", {"quarter": "2026-07"}, follow=True)
    assert "2026Q3" in bad.content.decode()
