"""Leave periods: long unpaid leave does not count toward tenure and months in level (settings
UNCOUNTED_LEAVE_*; default: unpaid long leave of more than 30 days); other leave counts as time worked."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from agentpath.accounts.models import Role
from agentpath.careers.models import Level
from agentpath.org.models import Employee
from agentpath.org.selectors import months_in_level, tenure_months, with_tenure
from agentpath.org.services import record_leave, record_move
from agentpath.portal.files import employee_files
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 1)


def facts(employee, as_of=AS_OF):
    emp = with_tenure(Employee.objects.filter(pk=employee.pk), as_of).get()
    return tenure_months(emp, as_of), months_in_level(emp, as_of)


def test_unpaid_leave_of_45_days_is_taken_out_of_tenure_on_the_files_page(org):
    agent = org.agents["sz-a"][0]  # hired 2024-01-15: 33 whole months by AS_OF, 32 less 45 days
    record_leave(agent, kind="unpaid", start=datetime.date(2025, 3, 1), end=datetime.date(2025, 4, 14))
    page = employee_files(org.users[Role.HR_ADMIN], agent.employee_no, AS_OF)
    assert (page["tenure_months"], page["months_in_level"], page["uncounted_leave_days"]) == (32, 32, 45)


@pytest.mark.parametrize("kind, days, counts", [("unpaid", 30, True), ("unpaid", 31, False), ("sick", 90, True),
                                                ("maternity", 120, True), ("annual", 10, True)])
def test_which_leave_counts(framework, kind, days, counts):
    agent = EmployeeFactory(hire_date=datetime.date(2025, 11, 1))
    record_leave(agent, kind=kind, start=datetime.date(2026, 3, 1),
                 end=datetime.date(2026, 3, 1) + datetime.timedelta(days=days - 1))
    assert (facts(agent) == (12, 12)) is counts


def test_ongoing_leave_counts_the_days_so_far(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2025, 11, 1))
    record_leave(agent, kind="unpaid", start=datetime.date(2026, 9, 1))  # 62 days by AS_OF
    assert facts(agent) == (9, 9)


def test_leave_before_the_stay_in_the_level_does_not_shorten_it(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2024, 11, 1))
    record_leave(agent, kind="unpaid", start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 1))
    record_move(agent, kind="promotion", effective_date=datetime.date(2025, 11, 1),
                level=Level.objects.get(code="pro-senior"), grade=7)
    assert facts(agent) == (22, 12)  # tenure 24 months less 60 days; level since 2025-11-01 untouched


def test_the_setting_decides_which_leave_does_not_count(framework, settings):
    settings.UNCOUNTED_LEAVE_KINDS = ["unpaid", "sick"]
    settings.UNCOUNTED_LEAVE_LONGER_THAN_DAYS = 60
    agent = EmployeeFactory(hire_date=datetime.date(2025, 11, 1))
    record_leave(agent, kind="sick", start=datetime.date(2026, 3, 1), end=datetime.date(2026, 5, 31))  # 92 days
    assert facts(agent) == (9, 9)


def test_overlapping_leave_is_refused(framework):
    agent = EmployeeFactory(hire_date=datetime.date(2025, 11, 1))
    record_leave(agent, kind="sick", start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 10))
    with pytest.raises(ValidationError, match="2026-03-01"):
        record_leave(agent, kind="unpaid", start=datetime.date(2026, 3, 10), end=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        record_leave(agent, kind="annual", start=datetime.date(2026, 6, 10), end=datetime.date(2026, 6, 1))


def test_tenure_of_a_whole_list_takes_the_same_few_queries_whatever_its_length(framework, django_assert_num_queries):
    def tenures():
        return [(tenure_months(e, AS_OF), months_in_level(e, AS_OF)) for e in with_tenure(Employee.objects.all(), AS_OF)]

    for size in (20, 60):
        for i in range(size - Employee.objects.count()):
            agent = EmployeeFactory(hire_date=datetime.date(2024, 1 + i % 12, 1))
            record_leave(agent, kind="unpaid", start=datetime.date(2025, 1, 1), end=datetime.date(2025, 2, 14))
        # the people, their history in one pass, who has such leave, and that leave's days
        with django_assert_num_queries(4):
            rows = tenures()
        assert len(rows) == size and all(t == m for t, m in rows)
