"""Reads about people, always scoped to the acting user (accounts.scoping)."""
import datetime

from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from agentpath.accounts import scoping

from .models import Employee, EmploymentEvent


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end (5 Jan → 4 Mar is 1 month; → 5 Mar is 2)."""
    if start is None or end is None or end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def with_tenure(qs: QuerySet) -> QuerySet:
    """Annotate `level_since`: the date of the latest event that put the person in their current level
    (hire, promotion, demotion or lateral move). One subquery for the whole list."""
    latest_level_event = (EmploymentEvent.objects
                          .filter(employee=OuterRef("pk"), kind__in=EmploymentEvent.LEVEL_CHANGING,
                                  to_level=OuterRef("level_id"))
                          .values("employee").annotate(d=Max("effective_date")).values("d"))
    return qs.annotate(level_since=Coalesce(Subquery(latest_level_event, output_field=DateField()), "hire_date"))


def employees_for(user) -> QuerySet:
    return scoping.employees_visible_to(user).select_related(
        "center", "team", "position", "level", "level__track", "manager")


def employee_for(user, employee_no: str) -> Employee:
    """The employee if the user may open them; 404 otherwise (out-of-scope looks like not found)."""
    employee = with_tenure(employees_for(user)).filter(employee_no=employee_no).first()
    if employee is None:
        raise Http404
    return employee


def tenure_months(employee: Employee, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    end = employee.exit_date or today
    return months_between(employee.hire_date, end)


def months_in_level(employee: Employee, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    since = getattr(employee, "level_since", None) or employee.hire_date
    return months_between(since, employee.exit_date or today)


def events_of(employee: Employee) -> QuerySet:
    return employee.events.select_related("from_level", "to_level", "from_position", "to_position",
                                          "from_team", "to_team").order_by("-effective_date", "-id")
