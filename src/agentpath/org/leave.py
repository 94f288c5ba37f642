"""Leave that does not count toward tenure and months in level: the one rule, in SQL for whole lists.

The rule (settings UNCOUNTED_LEAVE_KINDS and UNCOUNTED_LEAVE_LONGER_THAN_DAYS; default: unpaid long leave
停薪留职 lasting more than 30 days): every day of such a period that falls in the counted span is taken
out of it, so 45 days of unpaid leave within a stay in a level push its anniversaries 45 days later.
Shorter periods and other kinds (annual, sick, maternity) count as time worked.
"""
import datetime

from django.conf import settings
from django.db.models import DateField, Func, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from .models import LeavePeriod


class DaysBetween(Func):
    """end − start in days, for two dates (PostgreSQL date arithmetic; SQLite julianday)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="", arg_joiner=") - julianday(",
                              template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra)


def uncounted_kinds() -> list[str]:
    return list(settings.UNCOUNTED_LEAVE_KINDS)


def uncounted_kind_names() -> str:
    names = dict(LeavePeriod.Kind.choices)
    return "、".join(str(names[k]) for k in uncounted_kinds())


def uncounted_days(*, since: str, as_of: datetime.date) -> Subquery:
    """A subquery for an Employee queryset: the days in [since, as_of] (since names a date of the outer row,
    e.g. "hire_date" or the annotation "level_since") of leave that does not count. NULL when there are none."""
    day = Value(as_of, output_field=DateField())
    until = Coalesce("end", day)
    periods = (LeavePeriod.objects.filter(employee=OuterRef("pk"), kind__in=uncounted_kinds(), start__lte=as_of)
               .annotate(length=DaysBetween(until, "start") + 1)
               .filter(length__gt=settings.UNCOUNTED_LEAVE_LONGER_THAN_DAYS)
               .annotate(overlap=DaysBetween(Least(until, day), Greatest("start", OuterRef(since))) + 1)
               .filter(overlap__gt=0)
               .values("employee").annotate(total=Sum("overlap")).values("total"))
    return Subquery(periods, output_field=IntegerField())
