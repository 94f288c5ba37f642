"""Issue 11: for a person who has left, the path page and GET /api/v1/employees/{no}/path evaluate every
requirement as of the exit date (not up to today), say that the person left, and the API gives status and exit
date."""
import datetime

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.common.calendar import add_months
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.models import DisciplinaryRecord
from agentpath.org.services import record_exit
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(org):
    """An agent hired four years ago who earned 8 credits and got a warning in the year before leaving two years
    ago: as of the exit the credits are met and the record is not clean; as of today it would be the reverse."""
    today = timezone.localdate()
    team = org.teams[0]
    person = EmployeeFactory(center=team.center, team=team, hire_date=add_months(today, -48), name="离职员工")
    exit_day = add_months(today, -24)
    for code in ("pre-job-program", "complaint-handling"):
        course = Course.objects.get(code=code)
        CourseCompletion.objects.create(employee=person, course=course, completed_on=add_months(exit_day, -3),
                                        credits=4)
    DisciplinaryRecord.objects.create(employee=person, date=add_months(exit_day, -2), description="迟到")
    record_exit(person, effective_date=exit_day, cause="主动离职: 家庭原因")
    person.refresh_from_db()
    return person


def requirement(option, kind):
    return next(r for r in option["requirements"] if r["kind"] == kind)


def test_the_api_evaluates_a_leaver_as_of_the_exit_date_and_gives_status_and_exit_date(client, org, leaver):
    client.force_login(org.users[Role.HR_ADMIN])

    data = client.get(f"/api/v1/employees/{leaver.employee_no}/path", HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert (data["status"], data["exit_date"], data["as_of"]) == ("exited", leaver.exit_date.isoformat(),
                                                                  leaver.exit_date.isoformat())
    assert data["months_in_level"] == data["tenure_months"] == 24
    to_senior = next(o for o in data["options"] if o["to_level"] == "pro-senior")
    assert requirement(to_senior, "min_months_in_level")["actual"] == "24 / 6 个月"
    assert requirement(to_senior, "min_credits")["actual"] == "8 / 8 学分"  # today: 0 / 8, the window moved on
    discipline = [r for r in to_senior["requirements"] if r["kind"] == "no_discipline"]
    assert all(r["status"] == "unmet" for r in discipline)  # today: none within the window
    assert not to_senior["eligible"]


def test_an_active_person_has_status_and_no_exit_date(client, org):
    client.force_login(org.users[Role.HR_ADMIN])
    person = org.agents["sz-a"][0]

    data = client.get(f"/api/v1/employees/{person.employee_no}/path").json()

    assert (data["status"], data["exit_date"], data["as_of"]) == ("active", None, timezone.localdate().isoformat())


def test_the_path_page_says_the_person_left_and_shows_the_figures_of_that_day(client, org, leaver):
    client.force_login(org.users[Role.HR_ADMIN])

    html = client.get(f"/path/{leaver.employee_no}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    day = leaver.exit_date
    assert f"离职员工 已于 {day.year}年{day.month}月{day.day}日 离职" in html
    assert "8 / 8 学分" in html and "0 / 8 学分" not in html


def test_a_scheduled_exit_changes_nothing_before_its_date(client, org):
    person = org.agents["sz-a"][1]
    record_exit(person, effective_date=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(org.users[Role.HR_ADMIN])

    data = client.get(f"/api/v1/employees/{person.employee_no}/path").json()

    assert (data["status"], data["exit_date"], data["as_of"]) == ("active", None, timezone.localdate().isoformat())
