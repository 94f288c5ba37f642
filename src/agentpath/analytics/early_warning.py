"""Early warning (DOMAIN.md C11, issue 21): rules as data (AlertRule) over the daily KPI and the monthly ranks,
each evaluated by one query over the whole workforce, raising one alert per person, rule and month with the data
that met it, for the team leader and the manager (alerts_visible_to); acknowledged with a note; the team leader
opens an action of the person's IDP from it (open_idp_action)."""
import datetime

from django.db import transaction
from django.db.models import Avg, Case, Count, F, FloatField, Max, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agentpath.common.errors import Conflict, Invalid, NotFound
from agentpath.development.idp_services import leader_adds_action
from agentpath.learning.models import Course
from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.performance.models import KpiDay, KpiResult

from .models import Alert, AlertRule

WEEK = 7


def month_code(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def week_windows(as_of: datetime.date, weeks: int) -> list[tuple[datetime.date, datetime.date]]:
    """`weeks` + 1 seven-day windows ending on as_of, oldest first (both ends included)."""
    ends = [as_of - datetime.timedelta(days=WEEK * k) for k in range(weeks, -1, -1)]
    return [(end - datetime.timedelta(days=WEEK - 1), end) for end in ends]


def _active():
    return Employee.objects.exclude(status=Employee.Status.EXITED)


def kpi_drop_hits(rule: AlertRule, as_of: datetime.date) -> list[tuple[int, dict]]:
    """The metric's weekly mean fell by at least `threshold` points in each of the last `count` weeks (seven-day
    windows ending on as_of, each against the one before it), e.g. FCR down 3 points two weeks running."""
    column, windows = rule.metric.column, week_windows(as_of, rule.count)
    means = {f"w{i}": Avg(Case(When(date__range=w, then=F(column)), output_field=FloatField()))
             for i, w in enumerate(windows)}
    drops = Q()
    for i in range(1, len(windows)):
        drops &= Q(**{f"w{i}__lte": F(f"w{i - 1}") - rule.threshold})
    rows = (KpiDay.objects.filter(date__range=(windows[0][0], as_of), employee__in=_active().values("pk"))
            .values("employee_id").annotate(**means).filter(drops).values_list("employee_id", *means))
    return [(row[0], {"weeks": [[f"{a}", f"{b}", round(m, 2)] for (a, b), m in zip(windows, row[1:], strict=True)]})
            for row in rows]


def kpi_above_hits(rule: AlertRule, as_of: datetime.date) -> list[tuple[int, dict]]:
    """The metric's mean over the month's days up to as_of is above `threshold` (e.g. complaints per day)."""
    first = as_of.replace(day=1)
    rows = (KpiDay.objects.filter(date__range=(first, as_of), employee__in=_active().values("pk"))
            .values("employee_id").annotate(mean=Avg(rule.metric.column), days=Count(rule.metric.column))
            .filter(mean__gt=rule.threshold).values_list("employee_id", "mean", "days"))
    return [(e, {"mean": round(m, 4), "days": d, "from": f"{first}", "to": f"{as_of}"}) for e, m, d in rows]


def absences_hits(rule: AlertRule, as_of: datetime.date) -> list[tuple[int, dict]]:
    """At least `count` days of the month up to as_of with the metric (attendance) at or below `threshold`."""
    first = as_of.replace(day=1)
    rows = (KpiDay.objects.filter(date__range=(first, as_of), employee__in=_active().values("pk"),
                                  **{f"{rule.metric.column}__lte": rule.threshold})
            .values("employee_id").annotate(absent=Count("date"), last=Max("date"))
            .filter(absent__gte=rule.count).values_list("employee_id", "absent", "last"))
    return [(e, {"absent_days": n, "last": f"{last}", "from": f"{first}", "to": f"{as_of}"}) for e, n, last in rows]


def new_hire_low_hits(rule: AlertRule, as_of: datetime.date) -> list[tuple[int, dict]]:
    """Hired at most `days` days before as_of and the mean percentile of their latest ranked month (on or before
    as_of, over the composite groups) under `threshold`, e.g. a new agent under P20 in their first 60 days."""
    latest = (KpiResult.objects.filter(employee_id=OuterRef("employee_id"), period_kind=KpiResult.PeriodKind.MONTH,
                                       period_start__lte=as_of).order_by("-period_start").values("period_start")[:1])
    rows = (KpiResult.objects.filter(period_kind=KpiResult.PeriodKind.MONTH, period_start=Subquery(latest),
                                     employee__in=_active().filter(
                                         hire_date__gte=as_of - datetime.timedelta(days=rule.days),
                                         hire_date__lte=as_of).values("pk"))
            .values("employee_id", "period").annotate(percentile=Avg("percentile"))
            .filter(percentile__lt=rule.threshold).values_list("employee_id", "period", "percentile",
                                                               "employee__hire_date"))
    return [(e, {"period": p, "percentile": round(pct, 1), "hired": f"{hired}"}) for e, p, pct, hired in rows]


# The words of an alert's facts on the page (the API keeps the keys).
FACT_LABELS = {"weeks": gettext_lazy("Weekly means"), "mean": gettext_lazy("Mean this month"),
               "days": gettext_lazy("Days with a value"), "from": gettext_lazy("From"), "to": gettext_lazy("Until"),
               "absent_days": gettext_lazy("Absent days"), "last": gettext_lazy("Last absence"),
               "period": gettext_lazy("Ranked month"), "percentile": gettext_lazy("Percentile"),
               "hired": gettext_lazy("Hired on")}


def describe_facts(facts: dict) -> list[tuple[str, str]]:
    """An alert's facts as (label, value) lines for people; weekly means as "first–last: mean" each."""
    rows = []
    for key, value in facts.items():
        if key == "weeks":
            value = "; ".join(f"{a[5:]}–{b[5:]}: {m}" for a, b, m in value)
        rows.append((str(FACT_LABELS.get(key, key)), str(value)))
    return rows


EVALUATORS = {AlertRule.Kind.KPI_DROP: kpi_drop_hits, AlertRule.Kind.KPI_ABOVE: kpi_above_hits,
              AlertRule.Kind.ABSENCES: absences_hits, AlertRule.Kind.NEW_HIRE_LOW: new_hire_low_hits}


def hits(rule: AlertRule, as_of: datetime.date) -> list[tuple[int, dict]]:
    return EVALUATORS[rule.kind](rule, as_of)


@transaction.atomic
def raise_alerts(as_of: datetime.date | None = None) -> dict[str, int]:
    """Evaluate every active rule over everyone on as_of (default today) and store the alerts of the month;
    running it again on any later day of the month adds only new ones (one per person, rule and month).
    Returns the number of people meeting each rule."""
    as_of = as_of or timezone.localdate()
    period, found = month_code(as_of), {}
    for rule in AlertRule.objects.filter(active=True).select_related("metric"):
        rows = hits(rule, as_of)
        found[rule.code] = len(rows)
        Alert.objects.bulk_create([Alert(rule=rule, employee_id=e, period=period, raised_on=as_of, facts=facts)
                                   for e, facts in rows], ignore_conflicts=True, batch_size=5000)
    return found


# --------------------------------------------------------------------------------------------- who sees them
def can_read_alerts(user) -> bool:
    """Team leaders (their team), center managers (their centers) and HR; agents, trainers and QA never."""
    return scoping.supervises_people(user)


def alerts_visible_to(user):
    if not can_read_alerts(user):
        return Alert.objects.none()
    return (Alert.objects.filter(employee__in=scoping.employees_visible_to(user).exclude(pk=user.employee_id))
            .select_related("rule", "employee", "employee__team", "acknowledged_by",
                            "idp_action__idp"))


def visible_alert(user, alert_id: int) -> Alert:
    alert = alerts_visible_to(user).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("Not found."))
    return alert


@transaction.atomic
def acknowledge_alert(user, alert_id: int, note: str) -> Alert:
    """The team leader, manager or HR acknowledges an alert in their scope with a note saying what was done; an
    alert is acknowledged once."""
    alert = visible_alert(user, alert_id)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    note = (note or "").strip()
    if not note:
        message = _("Write a note: what was said or done about this alert.")
        raise Invalid(message, code="note_required", errors=[{"code": "note_required", "field": "note",
                                                               "message": message}])
    if alert.acknowledged_at is not None:
        raise Conflict(_("This alert was acknowledged already."), code="already_acknowledged")
    alert.acknowledged_by, alert.acknowledged_at, alert.note = user, timezone.now(), note
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "note"])
    return alert


@transaction.atomic
def open_idp_action(user, alert_id: int, *, kind: str, title: str, due_date: datetime.date | None,
                    course_code: str | None = None) -> Alert:
    """From an alert in scope, the person's team leader adds an action to their IDP of the current cycle
    (development.idp_services.leader_adds_action holds the rule: who, which version, no plan no action); the
    alert keeps the action it opened, one per alert."""
    alert = visible_alert(user, alert_id)
    alert = Alert.objects.select_for_update(of=("self",)).select_related("employee", "idp_action").get(pk=alert.pk)
    if alert.idp_action_id is not None:
        raise Conflict(_("An action of the development plan was opened from this alert already: %(title)s.")
                       % {"title": alert.idp_action.title}, code="action_already_opened")
    course = None
    if course_code:
        course = Course.objects.filter(code=course_code).first()
        if course is None:
            message = _("No course has the code %(code)s.") % {"code": course_code}
            raise Invalid(message, code="unknown_course",
                          errors=[{"code": "unknown_course", "field": "course", "message": message}])
    alert.idp_action = leader_adds_action(user, alert.employee, kind=kind, title=title, due_date=due_date,
                                          course=course)
    alert.save(update_fields=["idp_action"])
    return alert
