"""Eligibility: each requirement evaluated from facts and explained as actual / required (DOMAIN.md C1, C8)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from agentpath.careers.models import Level, Requirement, Transition
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.models import DisciplinaryRecord, Employee
from agentpath.org.selectors import with_tenure
from agentpath.org.services import record_leave, record_move
from agentpath.talent.eligibility import evaluate
from agentpath.talent.models import Nomination
from tests.factories import EmployeeFactory, UserFactory

TODAY = datetime.date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def option_to(employee, level_code, as_of=TODAY):
    emp = with_tenure(Employee.objects.filter(pk=employee.pk), as_of).get()
    options = evaluate([emp], as_of)[emp.id]
    return next(o for o in options if o.transition.to_level.code == level_code and not o.transition.from_position_id)


def check(option, kind):
    return next(c for c in option.checks if c.kind == kind)


def test_agent_five_months_in_level_is_told_5_of_6_months(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2026, 6, 20))
    with translation.override("zh-hans"):
        months = check(option_to(agent, "pro-senior"), Requirement.Kind.MIN_MONTHS_IN_LEVEL)
    assert not months.met
    assert months.actual == "5 / 6 个月"
    assert months.label == "在级时长"


def test_months_in_level_restart_at_the_latest_promotion(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2022, 1, 10))
    record_move(agent, kind="promotion", effective_date=datetime.date(2026, 8, 1),
                level=Level.objects.get(code="pro-senior"), grade=7)
    months = check(option_to(agent, "pro-expert"), Requirement.Kind.MIN_MONTHS_IN_LEVEL)
    assert months.actual.startswith("3 / 12")
    assert not months.met


def test_required_course_of_the_target_level_is_met_only_when_completed(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 10))
    course = Course.objects.get(code="complaint-handling")  # required to enter pro-senior
    before = [c for c in option_to(agent, "pro-senior").checks if c.kind == Requirement.Kind.REQUIRED_COURSE]
    assert [c.met for c in before] == [False]
    CourseCompletion.objects.create(employee=agent, course=course, completed_on=datetime.date(2026, 3, 1),
                                    credits=course.credits)
    after = [c for c in option_to(agent, "pro-senior").checks if c.kind == Requirement.Kind.REQUIRED_COURSE]
    assert [c.met for c in after] == [True]


def test_only_credits_earned_inside_the_window_count(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2023, 1, 10))
    course = Course.objects.get(code="pre-job-program")
    CourseCompletion.objects.create(employee=agent, course=course, completed_on=datetime.date(2023, 2, 1), credits=6)
    CourseCompletion.objects.create(employee=agent, course=Course.objects.get(code="telephone-training"),
                                    completed_on=datetime.date(2026, 9, 1), credits=Decimal("1.5"))
    with translation.override("en"):
        credits = check(option_to(agent, "pro-senior"), Requirement.Kind.MIN_CREDITS)
    assert credits.actual == "1.5 / 8 credits"
    assert not credits.met


def test_a_disciplinary_record_in_the_last_year_blocks_promotion(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2023, 1, 10))
    assert check(option_to(agent, "pro-senior"), Requirement.Kind.NO_DISCIPLINE).met
    DisciplinaryRecord.objects.create(employee=agent, date=datetime.date(2026, 5, 1), description="迟到三次")
    assert not check(option_to(agent, "pro-senior"), Requirement.Kind.NO_DISCIPLINE).met


def test_team_leader_nomination_meets_the_nomination_requirement(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2023, 1, 10))
    to_tl = option_to(agent, "mgmt-tl")
    assert not check(to_tl, Requirement.Kind.SUPERVISOR_NOMINATION).met
    Nomination.objects.create(employee=agent, transition=to_tl.transition, nominated_by=UserFactory(),
                              nominated_on=datetime.date(2026, 11, 1))
    assert check(option_to(agent, "mgmt-tl"), Requirement.Kind.SUPERVISOR_NOMINATION).met


def test_a_requirement_not_yet_in_force_is_not_applied(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2023, 1, 10))
    transition = option_to(agent, "pro-senior").transition
    Requirement.objects.create(transition=transition, kind=Requirement.Kind.MIN_MONTHS_IN_LEVEL, value=60,
                               effective_from=datetime.date(2027, 1, 1))
    months = [c for c in option_to(agent, "pro-senior").checks if c.kind == Requirement.Kind.MIN_MONTHS_IN_LEVEL]
    assert len(months) == 1 and months[0].met  # the 6-month rule in force, not the future 60-month one


def test_all_requirements_met_makes_the_move_eligible(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 10))
    for code in ("complaint-handling", "pre-job-program"):
        c = Course.objects.get(code=code)
        CourseCompletion.objects.create(employee=agent, course=c, completed_on=datetime.date(2026, 6, 1),
                                        credits=c.credits)
    # remove the KPI and exam rules, which need data from later capabilities
    option = option_to(agent, "pro-senior")
    Requirement.objects.filter(transition=option.transition,
                               kind__in=[Requirement.Kind.MIN_KPI_PERCENTILE, Requirement.Kind.MIN_EXAM_AVERAGE]).delete()
    option = option_to(agent, "pro-senior")
    assert option.eligible, [(c.label, c.actual) for c in option.checks if not c.met]


def test_position_specific_lateral_move_is_offered_only_in_that_position(framework):
    rep = Level.objects.get(code="cola-rep")
    cs = EmployeeFactory(level=rep, position=rep.positions.get(code="cola-rep-cs"), grade=8)
    billing = EmployeeFactory(level=rep, position=rep.positions.get(code="cola-rep-billing"), grade=8)
    emps = list(with_tenure(Employee.objects.filter(pk__in=[cs.pk, billing.pk]), TODAY))
    result = evaluate(emps, TODAY)
    laterals = {e.pk: [o.transition.to_position.code for o in result[e.id]
                       if o.transition.kind == Transition.Kind.LATERAL] for e in emps}
    assert sorted(laterals[cs.pk]) == ["cola-rep-billing", "cola-rep-hdqa"]
    assert laterals[billing.pk] == []


def test_a_workforce_of_40_is_evaluated_in_as_many_queries_as_one_of_4(framework, queries):
    for i in range(40):
        EmployeeFactory(hire_date=datetime.date(2020 + i % 6, 1 + i % 12, 1))
    emps = list(with_tenure(Employee.objects.all(), TODAY))
    results = []
    queries.same_at_two_sizes(lambda: results.append(evaluate(emps[:4], TODAY)),
                              lambda: results.append(evaluate(emps, TODAY)))
    assert len(results[1]) == 40 and all(results[1].values())


def test_months_in_level_counts_31_aug_to_28_feb_as_6(framework):
    """The anniversary of 31 August falls on the last day of February: six whole months (common.calendar)."""
    agent = EmployeeFactory(hire_date=datetime.date(2025, 8, 31))
    months = check(option_to(agent, "pro-senior", as_of=datetime.date(2026, 2, 28)), Requirement.Kind.MIN_MONTHS_IN_LEVEL)
    assert months.met and months.actual.startswith("6 / 6")


def test_eligibility_as_of_a_date_reads_the_level_in_force_then(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 10))
    record_move(agent, kind="promotion", effective_date=datetime.date(2026, 8, 1),
                level=Level.objects.get(code="pro-senior"), grade=7)
    july, september = datetime.date(2026, 7, 1), datetime.date(2026, 9, 1)
    in_july = with_tenure(Employee.objects.filter(pk=agent.pk), july).get()
    targets = {o.transition.to_level.code for o in evaluate([in_july], july)[agent.id]}
    assert "pro-senior" in targets and "pro-expert" not in targets
    months = check(option_to(agent, "pro-senior", as_of=july), Requirement.Kind.MIN_MONTHS_IN_LEVEL)
    assert months.actual.startswith("29 / ")
    assert check(option_to(agent, "pro-expert", as_of=september),
                 Requirement.Kind.MIN_MONTHS_IN_LEVEL).actual.startswith("1 / 12")


def test_an_employee_without_the_tenure_facts_is_a_programming_error(framework):
    agent = EmployeeFactory()
    with pytest.raises(ImproperlyConfigured):
        evaluate([Employee.objects.get(pk=agent.pk)], TODAY)
    annotated_today = with_tenure(Employee.objects.filter(pk=agent.pk), TODAY).get()
    with pytest.raises(ImproperlyConfigured):
        evaluate([annotated_today], datetime.date(2026, 1, 1))  # facts of another day


def test_a_person_without_level_history_is_told_no_data(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 1, 10))
    agent.events.all().delete()
    emp = with_tenure(Employee.objects.filter(pk=agent.pk), TODAY).get()
    assert evaluate([emp], TODAY)[emp.id] == []  # no level in force: no move is offered on a guess


def test_unpaid_leave_longer_than_30_days_is_taken_out_of_months_in_level_and_explained(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2026, 5, 1))
    record_leave(agent, kind="unpaid", start=datetime.date(2026, 7, 1), end=datetime.date(2026, 8, 14))  # 45 days
    with translation.override("zh-hans"):
        months = check(option_to(agent, "pro-senior", as_of=datetime.date(2026, 11, 1)),
                       Requirement.Kind.MIN_MONTHS_IN_LEVEL)
    assert f"{months.label} {months.actual}" == "在级时长 4 / 6 个月 (扣除停薪留职 45 天)"
    assert not months.met
