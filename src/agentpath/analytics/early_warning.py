"""Early warning (DOMAIN.md C11, issue 21): rules as data (AlertRule) over the daily KPI and the monthly ranks,
each evaluated and stored by one INSERT … SELECT over the whole workforce, raising one alert per person, rule and
month with the data that met it (built in SQL), for the team leader and the manager (alerts_visible_to);
acknowledged with a note; the team leader opens an action of the person's IDP from it (open_idp_action)."""
import datetime

from django.db import connection, transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import JSONArray, JSONObject, Round
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


def _active_days(first: datetime.date, last: datetime.date):
    """The daily KPI rows of [first, last] of everyone still employed (joined to the employee row)."""
    return KpiDay.objects.filter(date__range=(first, last)).exclude(employee__status=Employee.Status.EXITED)


def _text(value) -> Value:
    return Value(f"{value}", output_field=TextField())


def kpi_drop_hits(rule: AlertRule, as_of: datetime.date):
    """The metric's weekly mean fell by at least `threshold` points in each of the last `count` weeks (seven-day
    windows ending on as_of, each against the one before it), e.g. FCR down 3 points two weeks running.
    Facts: {"weeks": [[first day, last day, mean rounded to 0.01], …]} oldest first."""
    column, windows = rule.metric.column, week_windows(as_of, rule.count)
    means = {f"w{i}": Avg(Case(When(date__range=w, then=F(column)), output_field=FloatField()))
             for i, w in enumerate(windows)}
    drops = Q()
    for i in range(1, len(windows)):
        drops &= Q(**{f"w{i}__lte": F(f"w{i - 1}") - rule.threshold})
    weeks = JSONArray(*[JSONArray(_text(a), _text(b), Round(F(f"w{i}"), 2)) for i, (a, b) in enumerate(windows)])
    return (_active_days(windows[0][0], as_of).values("employee_id").annotate(**means).filter(drops)
            .annotate(facts=JSONObject(weeks=weeks)).values_list("employee_id", "facts"))


def kpi_above_hits(rule: AlertRule, as_of: datetime.date):
    """The metric's mean over the month's days up to as_of is above `threshold` (e.g. complaints per day).
    Facts: the mean (to 0.0001), the days with a value, the month's first day and as_of."""
    first, column = as_of.replace(day=1), rule.metric.column
    return (_active_days(first, as_of).values("employee_id")
            .annotate(mean=Avg(column), days=Count(column)).filter(mean__gt=rule.threshold)
            .annotate(facts=JSONObject(mean=Round(F("mean"), 4), days=F("days"), **{"from": _text(first)},
                                       to=_text(as_of)))
            .values_list("employee_id", "facts"))


def absences_hits(rule: AlertRule, as_of: datetime.date):
    """At least `count` days of the month up to as_of with the metric (attendance) at or below `threshold`.
    Facts: the absent days, the last of them, the month's first day and as_of."""
    first = as_of.replace(day=1)
    return (_active_days(first, as_of).filter(**{f"{rule.metric.column}__lte": rule.threshold})
            .values("employee_id").annotate(absent=Count("date"), last=Max("date")).filter(absent__gte=rule.count)
            .annotate(facts=JSONObject(absent_days=F("absent"), last=F("last"), **{"from": _text(first)},
                                       to=_text(as_of)))
            .values_list("employee_id", "facts"))


def new_hire_low_hits(rule: AlertRule, as_of: datetime.date):
    """Hired at most `days` days before as_of and the mean percentile of their latest ranked month (on or before
    as_of, over the composite groups) under `threshold`, e.g. a new agent under P20 in their first 60 days.
    Facts: the month, the mean percentile (to 0.1), the hire date."""
    latest = (KpiResult.objects.filter(employee_id=OuterRef("employee_id"), period_kind=KpiResult.PeriodKind.MONTH,
                                       period_start__lte=as_of).order_by("-period_start").values("period_start")[:1])
    return (KpiResult.objects.filter(period_kind=KpiResult.PeriodKind.MONTH, period_start=Subquery(latest),
                                     employee__hire_date__range=(as_of - datetime.timedelta(days=rule.days), as_of))
            .exclude(employee__status=Employee.Status.EXITED)
            .values("employee_id", "period", "employee__hire_date").annotate(percentile=Avg("percentile"))
            .filter(percentile__lt=rule.threshold)
            .annotate(facts=JSONObject(period=F("period"), percentile=Round(F("percentile"), 1),
                                       hired=F("employee__hire_date")))
            .values_list("employee_id", "facts"))


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


def hits(rule: AlertRule, as_of: datetime.date):
    """The people meeting a rule on as_of: a query of (employee_id, facts), the facts built in SQL."""
    return EVALUATORS[rule.kind](rule, as_of)


def _store(rule: AlertRule, as_of: datetime.date) -> int:
    """One INSERT … SELECT: the rule's hits become alerts of the month with their facts; those already raised
    this month are left as they are (ON CONFLICT on the once-per-person-rule-and-month constraint). No row comes
    to Python. Returns the number of new alerts."""
    sql, params = hits(rule, as_of).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {Alert._meta.db_table} (rule_id, employee_id, period, raised_on, facts, note)
                SELECT %s, hit.employee_id, %s, %s, hit.facts, %s FROM ({sql}) hit WHERE 1 = 1
                ON CONFLICT (rule_id, employee_id, period) DO NOTHING""",
            [rule.pk, month_code(as_of), connection.ops.adapt_datefield_value(as_of), "", *params])
        return cursor.rowcount


@transaction.atomic
def raise_alerts(as_of: datetime.date | None = None) -> dict[str, int]:
    """Evaluate every active rule over everyone on as_of (default today) and store the alerts of the month, one
    statement per rule; running it again on any later day of the month adds only new ones (one per person,
    rule and month). Returns the number of new alerts of each active rule."""
    as_of = as_of or timezone.localdate()
    return {rule.code: _store(rule, as_of) for rule in AlertRule.objects.filter(active=True).select_related("metric")}


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
