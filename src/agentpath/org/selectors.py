"""Reads about people, always scoped to the acting user (accounts.scoping).

Tenure and months in level are facts as of a day, read from the event history (org.history) and the
leave periods (org.leave): with_tenure annotates them set-based; tenure_months and months_in_level read the
annotations and refuse a person who was not annotated (no silent fallback to the hire date).
"""
import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import DateField, OuterRef, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone

from agentpath.accounts import scoping
from agentpath.common.calendar import months_between

from . import leave
from .history import InForceOn
from .models import Employee, EmploymentEvent

# What with_tenure annotates: the assignment in force on the day, the start of the stay in its level, and the
# days of leave that do not count (org.leave) within the tenure and within the stay in the level.
TENURE_FACTS = ("facts_as_of", "level_on", "position_on", "team_on", "center_on", "grade_on", "level_since",
                "uncounted_leave_days", "uncounted_leave_days_in_level")


def with_tenure(qs: QuerySet, as_of: datetime.date | None = None) -> QuerySet:
    """Annotate, as of a day (today by default), what was in force that day (level_on, position_on, team_on,
    center_on, grade_on; for someone who had left, their last assignment), `level_since` (the first day of
    that stay in the level, org.history) and the leave days that do not count toward tenure and toward months
    in level. NULL when the person had no assignment yet. Correlated subqueries: one query for the whole list."""
    as_of = as_of or timezone.localdate()
    qs = qs.annotate(facts_as_of=Value(as_of, output_field=DateField()),
                     level_on=InForceOn("level_id", as_of), position_on=InForceOn("position_id", as_of),
                     team_on=InForceOn("team_id", as_of), center_on=InForceOn("center_id", as_of),
                     grade_on=InForceOn("grade", as_of), level_since=InForceOn("level_since", as_of))
    return qs.annotate(uncounted_leave_days=leave.uncounted_days(since="hire_date", as_of=as_of),
                       uncounted_leave_days_in_level=leave.uncounted_days(since="level_since", as_of=as_of))


def tenure_fact(employee: Employee, name: str, as_of: datetime.date):
    """An annotation of with_tenure, checked to be there and for the same day: a missing fact is a bug."""
    if name not in employee.__dict__ or "facts_as_of" not in employee.__dict__:
        raise ImproperlyConfigured(f"{employee!r} has no {name}: read it through org.selectors.with_tenure")
    if employee.facts_as_of != as_of:
        raise ImproperlyConfigured(f"{employee!r} was annotated as of {employee.facts_as_of}, asked as of {as_of}")
    return employee.__dict__[name]


def employees_for(user, as_of: datetime.date | None = None) -> QuerySet:
    """The people the user may see, with their tenure facts as of a day (today by default)."""
    return with_tenure(scoping.employees_visible_to(user), as_of).select_related(
        "center", "team", "position", "level", "level__track", "manager")


def employee_for(user, employee_no: str, as_of: datetime.date | None = None) -> Employee:
    """The employee if the user may open them; 404 otherwise (out-of-scope looks like not found)."""
    employee = employees_for(user, as_of).filter(employee_no=employee_no).first()
    if employee is None:
        raise Http404
    return employee


def with_exit_cause(qs: QuerySet) -> QuerySet:
    """Annotate `exit_cause`: the cause of the person's latest exit event (voluntary or not and the reason,
    org.exits), NULL for someone who has not left. One correlated subquery, no query per row."""
    latest_exit = (EmploymentEvent.objects.filter(employee=OuterRef("pk"), kind=EmploymentEvent.Kind.EXIT)
                   .order_by("-effective_date", "-id").values("cause")[:1])
    return qs.annotate(exit_cause=Subquery(latest_exit))


def _counted_until(employee: Employee, as_of: datetime.date) -> datetime.date:
    return min(employee.exit_date, as_of) if employee.exit_date else as_of


def tenure_months(employee: Employee, as_of: datetime.date | None = None) -> int:
    """Whole months from the hire date to as_of (or the exit), less the leave that does not count (org.leave)."""
    as_of = as_of or timezone.localdate()
    uncounted = tenure_fact(employee, "uncounted_leave_days", as_of) or 0
    return months_between(employee.hire_date, _counted_until(employee, as_of) - datetime.timedelta(days=uncounted))


def months_in_level(employee: Employee, as_of: datetime.date | None = None) -> int | None:
    """Whole months in the level in force on as_of since the stay began (a move that keeps the level does not
    restart it, org.history), less the leave that does not count; None when there is no such fact."""
    as_of = as_of or timezone.localdate()
    since = tenure_fact(employee, "level_since", as_of)
    if since is None:
        return None
    uncounted = tenure_fact(employee, "uncounted_leave_days_in_level", as_of) or 0
    return months_between(since, _counted_until(employee, as_of) - datetime.timedelta(days=uncounted))


def events_of(employee: Employee) -> QuerySet:
    return employee.events.select_related("from_level", "to_level", "from_position", "to_position",
                                          "from_team", "to_team", "from_center", "to_center").order_by(
        "-effective_date", "-id")
