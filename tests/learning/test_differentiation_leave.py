"""People on leave and differentiated training: one rule (learning.differentiation.leave_rule) that the rank, the
deduction and the tenure criteria of both groups' rules apply alike — they are enrolled, and their enrolment
starts when they are back (issue 16: five on leave in the bottom half got no program, one got half)."""
import datetime

import pytest
from django.utils import timezone, translation

from agentpath.learning.differentiation import run_differentiation, start_run
from agentpath.learning.models import Enrolment
from agentpath.org.models import Employee, LeavePeriod
from agentpath.performance.services import load_default_scorecards
from tests.factories import EmployeeFactory
from tests.learning.test_differentiation import LONG_AGO, ranked

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor(catalogue):
    """Five people ranked in both groups of 2026Q3 (the first best in business, worst in value) and one who has
    left since; the two at the bottom of business are on leave, one until a known day, one with no end yet; the
    best has a deduction and is on leave too."""
    load_default_scorecards()
    center = EmployeeFactory().center
    people = [EmployeeFactory(center=center, team=None, hire_date=LONG_AGO, name=f"坐席{i}") for i in range(5)]
    left = EmployeeFactory(center=center, team=None, hire_date=LONG_AGO, name="已离职")
    ranked("business", [*people, left], deductions={people[0].pk: 2})  # P100, 80, 60, 40, 20, 0
    ranked("value", list(reversed(people)))  # P100 … P0
    left.status = Employee.Status.EXITED
    left.save(update_fields=["status"])
    today = timezone.localdate()
    back_on = today + datetime.timedelta(days=20)
    for person, end in ((people[0], back_on), (people[3], back_on), (people[4], None)):
        person.status = Employee.Status.LEAVE
        person.save(update_fields=["status"])
        LeavePeriod.objects.create(employee=person, kind=LeavePeriod.Kind.SICK, start=today - datetime.timedelta(5),
                                   end=end)
    return people, today, back_on


def enrolments(program):
    return {e.employee.name: (e.mandatory, e.reason, e.enrolled_on)
            for e in Enrolment.objects.filter(program__code=program).select_related("employee")}


def test_people_on_leave_are_enrolled_by_every_rule_and_start_when_they_are_back(floor):
    _people, today, back_on = floor
    with translation.override("zh-hans"):
        run_differentiation(start_run("2026Q3"))
    business, value = enrolments("specialized-business"), enrolments("specialized-value")
    first_day = back_on + datetime.timedelta(days=1)

    assert business["坐席3"] == (True, f"业务能力综合排名 P40 < P50;休假至 {back_on}:{first_day} 起参加", first_day)
    assert business["坐席4"] == (True, "业务能力综合排名 P20 < P50;休假中:返岗后参加", today)
    assert business["坐席0"][:2] == (True, f"2026Q3 业务受理扣分 2 分;休假至 {back_on}:{first_day} 起参加")
    # the same rule in the value group: on leave, ranked at its bottom, enrolled from the same day
    assert value["坐席0"] == (True, f"价值提升与收保综合排名 P0 < P50;休假至 {back_on}:{first_day} 起参加", first_day)
    assert value["坐席4"][0] is False and value["坐席4"][1].endswith("休假中:返岗后参加")
    assert business["坐席1"] == (False, "业务能力综合排名 P80 ≥ P50:可选", today)  # at work: no note, today
    assert "已离职" not in business and "已离职" not in value
