"""Reads about people, always scoped to the acting user (org.scoping).

Tenure and months in level are facts as of a day, read from the event history (org.history) and the
leave periods (org.leave): with_tenure annotates them set-based; tenure_months and months_in_level read the
annotations and refuse a person who was not annotated (no silent fallback to the hire date).
"""
import datetime
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import DateField, OuterRef, QuerySet, Subquery, Value
from django.db.models.query import ModelIterable
from django.http import Http404
from django.utils import timezone

from agentpath.common.calendar import months_between
from agentpath.common.reports import ERROR_FILE_NAME, error_dir
from agentpath.common.rows import of_people
from agentpath.org import scoping

from . import leave
from .history import InForceOn, _as_date, intervals_sql
from .models import DisciplinaryRecord, Employee, EmploymentEvent, ExitRecord, LeavePeriod

# What with_tenure annotates: the assignment in force on the day, the start of the stay in its level, and the
# days of leave that do not count (org.leave) within the tenure and within the stay in the level.
TENURE_FACTS = ("facts_as_of", "level_on", "position_on", "team_on", "center_on", "grade_on", "level_since",
                "uncounted_leave_days", "uncounted_leave_days_in_level")


def with_tenure(qs: QuerySet, as_of: datetime.date | None = None) -> QuerySet:
    """Annotate, as of a day (today by default), what was in force that day (level_on, position_on, team_on,
    center_on, grade_on; for someone who had left, their last assignment), `level_since` (the first day of
    that stay in the level, org.history) and the leave days that do not count toward tenure and toward months
    in level. NULL when the person had no assignment yet.

    The facts are SQL aliases (filter and order_by on them work: one correlated subquery each, used only
    then) and are read for the fetched people set-based (_TenureIterable): one pass over the event history of
    everyone fetched, and the leave rule only for the few who have leave of a kind that does not count."""
    as_of = as_of or timezone.localdate()
    qs = _facts_sql(qs.annotate(facts_as_of=Value(as_of, output_field=DateField())), as_of, QuerySet.alias)
    qs._iterable_class = type("TenureIterable", (_TenureIterable,), {"as_of": as_of})
    return qs


def _facts_sql(qs: QuerySet, as_of: datetime.date, add=QuerySet.annotate) -> QuerySet:
    """The facts as SQL on the queryset (correlated subqueries), as aliases or as annotations."""
    qs = add(qs, level_on=InForceOn("level_id", as_of), position_on=InForceOn("position_id", as_of),
             team_on=InForceOn("team_id", as_of), center_on=InForceOn("center_id", as_of),
             grade_on=InForceOn("grade", as_of), level_since=InForceOn("level_since", as_of))
    return add(qs, uncounted_leave_days=leave.uncounted_days(since="hire_date", as_of=as_of),
               uncounted_leave_days_in_level=leave.uncounted_days(since="level_since", as_of=as_of))


# what each fact is in org.history's intervals
_INTERVAL_OF = {"level_on": "level_id", "position_on": "position_id", "team_on": "team_id",
                "center_on": "center_id", "grade_on": "grade", "level_since": "level_since"}


class _TenureIterable(ModelIterable):
    """Employees of a with_tenure queryset, with the facts of `as_of` set on them for the whole list at once."""

    as_of: datetime.date

    def __iter__(self):
        people = list(super().__iter__())
        fill_tenure(people, self.as_of)
        yield from people


def fill_tenure(people: list[Employee], as_of: datetime.date) -> None:
    """Set with_tenure's facts of `as_of` on fetched people, set-based: per person, the last interval of the
    event history (org.history.intervals_sql) that began by `as_of` (their assignment that day, or their last one
    if they had left), read in a few queries of many people each; the leave that does not count (org.leave,
    the rule in SQL) only for the people with leave of such a kind begun by `as_of` (others have none: NULL)."""
    if not people:
        return
    # PostgreSQL takes the ids as one array parameter (org.history.intervals_sql): one chunk
    chunk = len(people) if connection.vendor == "postgresql" else \
        min(connection.features.max_query_params or 10_000, 10_000) - 10
    ids = [p.id for p in people]
    found = {}
    for start in range(0, len(ids), chunk):
        sql, params = intervals_sql(ids[start:start + chunk], end=as_of)
        columns = ", ".join(f"l.{c}" for c in _INTERVAL_OF.values())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT l.employee_id, {columns} FROM (SELECT i.*, ROW_NUMBER() OVER ("
                           f"PARTITION BY i.employee_id ORDER BY i.valid_from DESC) AS latest FROM ({sql}) i) l "
                           f"WHERE l.latest = 1", params)
            found.update((row[0], row[1:]) for row in cursor.fetchall())
    on_leave = _with_uncounted_leave(ids, as_of)
    leave_days = {}
    if on_leave:
        leave_days = {row[0]: row[1:] for row in _facts_sql(Employee.objects.filter(pk__in=on_leave), as_of)
                      .values_list("pk", "uncounted_leave_days", "uncounted_leave_days_in_level")}
    empty, names, no_leave = (None,) * len(_INTERVAL_OF), tuple(_INTERVAL_OF), (None, None)
    for person in people:
        facts = person.__dict__
        facts.update(zip(names, found.get(person.id, empty), strict=True))
        facts["level_since"] = _as_date(facts["level_since"])
        facts["uncounted_leave_days"], facts["uncounted_leave_days_in_level"] = leave_days.get(person.id, no_leave)


def _with_uncounted_leave(ids: list[int], as_of: datetime.date) -> set[int]:
    """Those of `ids` with leave of a kind that does not count begun by `as_of` (few people: for a long list, the
    leave of everyone is read and the list's people kept, rather than sending every id)."""
    periods = of_people(LeavePeriod.objects.filter(kind__in=leave.uncounted_kinds(), start__lte=as_of), ids)
    return set(periods.values_list("employee_id", flat=True).distinct()) & set(ids)


def uncounted_tenure_leave(ids: list[int], as_of: datetime.date) -> dict[int, int]:
    """Only what tenure_months reads, for many people as rows (months_of_tenure): the leave days since the hire
    that do not count, for those of `ids` who have any (org.leave's rule in SQL, for them only). Lists that need
    the tenure and not the assignment in force (the 9-box tenure band) need no reading of the event history."""
    on_leave = _with_uncounted_leave(ids, as_of)
    if not on_leave:
        return {}
    rows = (Employee.objects.filter(pk__in=on_leave)
            .annotate(days=leave.uncounted_days(since="hire_date", as_of=as_of)).values_list("pk", "days"))
    return {pk: days for pk, days in rows if days}


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


def employees_at_level(user, level) -> QuerySet:
    """The people of a level the user may see (employees_for), for the level's page."""
    return employees_for(user).filter(level=level)


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
    return months_of_tenure(employee.hire_date, employee.exit_date,
                            tenure_fact(employee, "uncounted_leave_days", as_of), as_of)


def months_of_tenure(hire_date: datetime.date, exit_date: datetime.date | None, uncounted_leave_days: int | None,
                     as_of: datetime.date) -> int:
    """tenure_months from the facts themselves (people read as rows with uncounted_tenure_leave, for a workforce)."""
    until = min(exit_date, as_of) if exit_date else as_of
    return months_between(hire_date, until - datetime.timedelta(days=uncounted_leave_days or 0))


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


def discipline_of(employee: Employee) -> list[DisciplinaryRecord]:
    """A person's disciplinary records (the profile file); the caller has checked that the user may open them."""
    return list(DisciplinaryRecord.objects.filter(employee=employee))


def error_file_for(user, name: str) -> Path | None:
    """The error file `name` if `user` may download it: the person who ran the import, and HR."""
    owner = name.partition("-")[0]
    if not re.fullmatch(ERROR_FILE_NAME, name) or not (int(owner) == user.pk or scoping.can_import_roster(user)):
        return None
    path = error_dir() / name
    return path if path.is_file() else None


def exit_record_for(user, employee_no: str) -> ExitRecord:
    """The facts of a person's latest exit for those who may see their personal data (HR; the person), 404 for
    everybody else and for someone who has not left. The interview notes are HR's: blanked for every other role
    (the object is not saved)."""
    employee = employee_for(user, employee_no)
    record = (ExitRecord.objects.select_related("reason", "event").filter(event__employee=employee)
              .order_by("-event__effective_date", "-event_id").first())
    if record is None or not scoping.can_see_personal_data(user, employee):
        raise Http404
    if not can_read_exit_interviews(user):
        record.interview_notes = None
    return record


def can_read_exit_interviews(user) -> bool:
    """Exit-interview notes are read by HR only (C11): candid words about leaders and pay."""
    return scoping.can_import_roster(user)
