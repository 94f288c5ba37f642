"""The rules that award badges, each set-based over the whole workforce for a month: one query reads who met
the rule and the facts that show it (people already holding the award for that occasion are left out in the
same query), and the caller stores the new awards in one bulk insert. Never a query per person.

An earned award is (employee id, occasion, earned on, facts): the occasion is the month ("2026-10") of a
periodic rule, the quarter ("2026Q4") of a quarterly KPI rank, or "once" for a once-in-a-career rule."""
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agentpath.common.calendar import MONTH, QUARTER, Period, add_months, period_of
from agentpath.learning.models import Attendance, CourseCompletion, Enrolment, TrainingSession
from agentpath.org.models import Employee
from agentpath.performance.models import KpiDay, KpiResult, Metric

from .models import Award, Badge

ONCE = "once"
EXAM_METRIC = "exam_score"
QA_METRIC = "qa_score"


class Earned(NamedTuple):
    employee_id: int
    occasion: str
    earned_on: datetime.date
    facts: dict


def _not_held(qs: QuerySet, badge: Badge, occasion, employee_field: str = "employee_id") -> QuerySet:
    """`qs` without the people who already hold `badge` for `occasion` (a value or an expression)."""
    return qs.filter(~Exists(Award.objects.filter(badge=badge, employee_id=OuterRef(employee_field),
                                                  occasion=occasion)))


def _metric_column(code: str) -> str:
    return Metric.objects.get(code=code).column


def course(badge: Badge, period: Period) -> Iterable[Earned]:
    """Finished the course (its first completion up to the end of the month); once."""
    code = badge.params["course"]
    rows = (_not_held(CourseCompletion.objects.filter(course__code=code, completed_on__lt=period.end), badge, ONCE)
            .values("employee_id").annotate(on=Min("completed_on")).values_list("employee_id", "on", "course__name"))
    return (Earned(emp, ONCE, on, {"course": code, "name": name, "on": on.isoformat()}) for emp, on, name in rows)


def program(badge: Badge, period: Period) -> Iterable[Earned]:
    """Finished the program (its completed enrolment up to the end of the month); once."""
    code = badge.params["program"]
    qs = Enrolment.objects.filter(program__code=code, status=Enrolment.Status.COMPLETED,
                                  completed_on__lt=period.end)
    rows = (_not_held(qs, badge, ONCE).values("employee_id").annotate(on=Min("completed_on"))
            .values_list("employee_id", "on", "program__name"))
    return (Earned(emp, ONCE, on, {"program": code, "name": name, "on": on.isoformat()}) for emp, on, name in rows)


def full_attendance(badge: Badge, period: Period) -> Iterable[Earned]:
    """Present (neither late, absent nor excused) at every session held in the month that they were listed for,
    and at least `min_sessions` of them."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period.end, datetime.time.min, tzinfo=tz)
    held = [TrainingSession.State.HELD, TrainingSession.State.FEEDBACK_CLOSED]
    qs = Attendance.objects.filter(session__starts_at__gte=start, session__starts_at__lt=end, session__state__in=held)
    rows = (_not_held(qs, badge, period.code).values("employee_id")
            .annotate(listed=Count("id"), present=Count("id", filter=Q(status=Attendance.Status.PRESENT)))
            .filter(listed=F("present"), present__gte=badge.params["min_sessions"])
            .values_list("employee_id", "present"))
    return (Earned(emp, period.code, period.last_day, {"period": period.code, "sessions": n}) for emp, n in rows)


def monthly_exam(badge: Badge, period: Period) -> Iterable[Earned]:
    """The month's exam (performance metric exam_score, seed 002 §3.4.4) at or above `min_score`."""
    column, floor = _metric_column(EXAM_METRIC), badge.params["min_score"]
    qs = KpiDay.objects.filter(date__gte=period.start, date__lt=period.end, **{f"{column}__gte": floor})
    rows = _not_held(qs, badge, period.code).values("employee_id").annotate(score=Max(column)).values_list(
        "employee_id", "score")
    return (Earned(emp, period.code, period.last_day, {"period": period.code, "score": score, "min": floor})
            for emp, score in rows)


def kpi_top(badge: Badge, period: Period) -> Iterable[Earned]:
    """The composite of group `group` ranked in the top `top_percent` % of the peer group (rank ≤ peers × N %)
    for the month, or for the quarter when the month ends a quarter."""
    kind = badge.params["period_kind"]
    if kind == QUARTER:
        if period.end != period_of(period.last_day, QUARTER).end:
            return ()
        ranked = period_of(period.last_day, QUARTER)
    else:
        ranked = period_of(period.start, MONTH)
    top = badge.params["top_percent"]
    qs = (KpiResult.objects.filter(period=ranked.code, group_code=badge.params["group"])
          .alias(cut=ExpressionWrapper(F("peer_size") * Value(top / 100.0), output_field=FloatField()))
          .filter(rank__lte=F("cut")))
    rows = _not_held(qs, badge, ranked.code).values_list("employee_id", "rank", "peer_size", "composite")
    return (Earned(emp, ranked.code, ranked.last_day, {"period": ranked.code, "group": badge.params["group"],
                                                       "rank": rank, "peers": peers, "top": top,
                                                       "composite": round(composite, 1)})
            for emp, rank, peers, composite in rows)


def qa_streak(badge: Badge, period: Period) -> Iterable[Earned]:
    """The QA score's monthly mean at or above `min_score` in each of the `months` months ending with this one."""
    column, floor, months = _metric_column(QA_METRIC), badge.params["min_score"], badge.params["months"]
    first = add_months(period.start, 1 - months)
    qs = KpiDay.objects.filter(date__gte=first, date__lt=period.end, **{f"{column}__isnull": False})
    rows = (_not_held(qs, badge, period.code).annotate(month=TruncMonth("date")).values("employee_id", "month")
            .annotate(score=Avg(column)).filter(score__gte=floor).values_list("employee_id", "score").order_by())
    lowest: dict[int, list[float]] = defaultdict(list)
    for emp, score in rows:
        lowest[emp].append(score)
    return (Earned(emp, period.code, period.last_day, {"period": period.code, "months": months, "min": floor,
                                                       "lowest": round(min(scores), 1)})
            for emp, scores in lowest.items() if len(scores) == months)


def tenure(badge: Badge, period: Period) -> Iterable[Earned]:
    """Reached `days` days or `years` years since hire by the end of the month, still employed that day; once."""
    days, years = badge.params.get("days"), badge.params.get("years")

    def milestone(hired: datetime.date) -> datetime.date:
        return hired + datetime.timedelta(days=days) if days else add_months(hired, 12 * years)

    # The query keeps a few days' margin (a 29 February hire); the exact day is checked on each row read.
    latest_hire = period.last_day - datetime.timedelta(days=days) if days else add_months(period.last_day,
                                                                                           -12 * years)
    qs = Employee.objects.filter(hire_date__lte=latest_hire + datetime.timedelta(days=3))
    rows = _not_held(qs, badge, ONCE, "pk").values_list("pk", "hire_date", "exit_date")
    for emp, hired, left in rows:
        day = milestone(hired)
        if day <= period.last_day and (left is None or left >= day):
            yield Earned(emp, ONCE, day, {"hired": hired.isoformat(), "days": days, "years": years})


RULES: dict[str, Callable[[Badge, Period], Iterable[Earned]]] = {
    Badge.Rule.COURSE: course, Badge.Rule.PROGRAM: program, Badge.Rule.FULL_ATTENDANCE: full_attendance,
    Badge.Rule.MONTHLY_EXAM: monthly_exam, Badge.Rule.KPI_TOP: kpi_top, Badge.Rule.QA_STREAK: qa_streak,
    Badge.Rule.TENURE: tenure,
}
