"""Reads about KPI, always scoped to the acting user through org.scoping (404 outside scope)."""
import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role, User
from agentpath.common.calendar import Period, add_months, month_period, parse_period
from agentpath.org import scoping
from agentpath.org.selectors import employee_for

from .aggregation import aggregates_by_bucket
from .defaults import DEDUCTIONS_METRIC
from .facts import PeerGroup, peer_group_name
from .models import (
    CompositeGroup,
    KpiDay,
    KpiImport,
    KpiPeriodValue,
    KpiRecordChange,
    KpiResult,
    Metric,
    Scorecard,
    ScorecardMetric,
)
from .ranking import BOTTOM_HALF, bottom_share_condition


def kpi_results_visible_to(scope: User | scoping.SystemScope) -> QuerySet:
    """KPI ranks a user may read: those of the people they may open, and those earned in a team or center whose
    KPI view they may open (the team and center in force in that period: a past member of a team stays in the
    team's past periods). SYSTEM: every rank."""
    qs = KpiResult.objects.all()
    if isinstance(scope, scoping.SystemScope):
        return qs
    if not isinstance(scope, User | AnonymousUser):
        raise TypeError(f"a KPI read needs a user or scoping.SYSTEM, not {scope!r}")
    if not scope.is_authenticated or not scope.is_active:
        return qs.none()
    if (scope.is_superuser or scope.role == Role.HR_ADMIN):
        return qs
    return qs.filter(Q(employee__in=scoping.employees_visible_to(scope)) | Q(team__in=scoping.kpi_teams_visible_to(scope))
                     | Q(center__in=scoping.kpi_centers_visible_to(scope)))


def metrics() -> list[Metric]:
    return list(Metric.objects.all())


def results_visible_to(scope) -> QuerySet:
    """KPI ranks a user (or scoping.SYSTEM) may read, each flagged `in_bottom_half` (the one bottom-share rule)."""
    return with_bottom_flag(kpi_results_visible_to(scope))


def with_bottom_flag(qs: QuerySet, share: float = BOTTOM_HALF) -> QuerySet:
    return qs.annotate(in_bottom_half=ExpressionWrapper(bottom_share_condition(share), output_field=BooleanField()))


def bottom_share(group: str | CompositeGroup, period: str | Period, share: float = BOTTOM_HALF, *, scope,
                 center=None) -> QuerySet:
    """The people whose composite of `group` ranks in the bottom `share` of their peer group for the period
    (ranking.bottom_share_condition). The list the differentiated-training rule of seed 002 §3.5 uses
    ("业务能力季度综合排名50%以下"). `scope`: the acting user, or scoping.SYSTEM for a job acting for the
    organisation; there is no default, so a forgotten user never means "everybody"."""
    code = group.code if isinstance(group, CompositeGroup) else group
    period_code = period.code if isinstance(period, Period) else parse_period(period).code
    qs = kpi_results_visible_to(scope).filter(period=period_code, group_code=code)
    if center is not None:
        qs = qs.filter(center=center)
    return qs.filter(bottom_share_condition(share)).select_related("employee", "position", "center", "team")


def latest_period(kind: str = KpiResult.PeriodKind.QUARTER, qs: QuerySet | None = None) -> Period | None:
    qs = KpiResult.objects.all() if qs is None else qs
    row = qs.filter(period_kind=kind).order_by("-period_start").values_list("period", flat=True).first()
    return parse_period(row) if row else None


def period_from_request(text: str | None, qs: QuerySet | None = None) -> Period | None:
    if text:
        try:
            return parse_period(text)
        except ValueError:
            raise Http404 from None
    return latest_period(KpiResult.PeriodKind.QUARTER, qs)


@dataclass
class PerformanceSummary:
    employee: object
    months: list[str] = field(default_factory=list)
    metric_series: list[dict] = field(default_factory=list)  # {metric, unit, values per month}
    groups: list[dict] = field(default_factory=list)  # {code, name, monthly: [...], quarters: [...]}
    quarter_rows: list[dict] = field(default_factory=list)  # rank history table, newest first
    latest: list[dict] = field(default_factory=list)  # latest quarter: one entry per group
    deductions: list[dict] = field(default_factory=list)  # months with deductions
    corrections: list = field(default_factory=list)
    has_data: bool = False
    # latest quarter, per composite group: its metrics with the value or "no data", and the peer group used
    scorecard: list[dict] = field(default_factory=list)

    def chart_data(self) -> dict:
        return {"months": self.months, "metrics": self.metric_series,
                "groups": [{"name": g["name"], "monthly": g["monthly"], "quarters": g["quarters"],
                            "quarter_labels": g["quarter_labels"]} for g in self.groups]}


def _last_months(today: datetime.date, months: int) -> list[Period]:
    """The `months` calendar months ending with today's, oldest first."""
    days = [add_months(today.replace(day=1), -back) for back in range(months - 1, -1, -1)]
    return [month_period(d.year, d.month) for d in days]


def performance_summary_for(user, employee, today: datetime.date | None = None, months: int = 12) -> PerformanceSummary:
    """The performance file (绩效档案) of one person: monthly trends per metric and composite, rank history,
    deductions and corrections. Raises Http404 when the employee is outside the user's scope."""
    if not scoping.employees_visible_to(user).filter(pk=employee.pk).exists():
        raise Http404
    today = today or timezone.localdate()
    month_periods = _last_months(today, months)
    month_keys = [p.code for p in month_periods]
    first_month = month_periods[0].start
    all_metrics = metrics()
    summary = PerformanceSummary(employee=employee, months=month_keys)
    # Each month's value by the metric's own aggregation rule, the same SQL the ranks use (aggregation.py).
    until = today + datetime.timedelta(days=1)
    by_month = aggregates_by_bucket(employee.pk, all_metrics,
                                    [(p.code, p.start, min(p.end, until)) for p in month_periods])
    summary.has_data = bool(by_month)
    for m in all_metrics:
        series = [by_month.get(key, {}).get(m.code) for key in month_keys]
        series = [None if v is None else round(v, 2) for v in series]
        if any(v is not None for v in series):
            summary.metric_series.append({"code": m.code, "name": m.display_name, "unit": m.get_unit_display(),
                                          "aggregation": m.get_aggregation_display(),
                                          "higher_is_better": m.higher_is_better, "values": series})
        if m.code == DEDUCTIONS_METRIC:
            summary.deductions = [{"month": k, "points": v} for k, v in zip(month_keys, series, strict=True) if v]
    results = list(with_bottom_flag(KpiResult.objects.filter(employee_id=employee.pk,
                                                             period_start__gte=first_month.replace(month=1)))
                   .select_related("group").order_by("period_start", "group__order"))
    groups: dict[str, dict] = {}
    for r in results:
        g = groups.setdefault(r.group_code, {"code": r.group_code, "name": r.group.display_name,
                                             "monthly": [None] * len(month_keys), "quarters": [],
                                             "quarter_labels": []})
        if r.period_kind == KpiResult.PeriodKind.MONTH and r.period in month_keys:
            g["monthly"][month_keys.index(r.period)] = round(r.percentile, 1)
        elif r.period_kind == KpiResult.PeriodKind.QUARTER:
            g["quarters"].append(round(r.percentile, 1))
            g["quarter_labels"].append(r.period)
    summary.groups = list(groups.values())
    quarters: dict[str, dict] = {}
    for r in results:
        if r.period_kind != KpiResult.PeriodKind.QUARTER:
            continue
        row = quarters.setdefault(r.period, {"period": r.period, "deductions": r.deductions, "groups": []})
        row["groups"].append({"code": r.group_code, "name": r.group.display_name, "composite": r.composite, "rank": r.rank,
                              "peer_size": r.peer_size, "percentile": r.percentile,
                              "bottom_half": r.in_bottom_half})
    summary.quarter_rows = sorted(quarters.values(), key=lambda q: q["period"], reverse=True)
    if summary.quarter_rows:
        summary.latest = summary.quarter_rows[0]["groups"]
    summary.scorecard = _latest_scorecard(employee, results, all_metrics)
    summary.corrections = list(KpiRecordChange.objects.filter(employee_id=employee.pk)
                               .select_related("metric").order_by("-changed_at", "-date")[:10])
    return summary


def _latest_scorecard(employee, results: list, all_metrics: list[Metric]) -> list[dict]:
    """The metrics of each composite group of the latest ranked quarter with the person's value, or the reason it
    has none ("本期无质检校准偏差数据"), and which peer group the rank was read in (issue 18)."""
    quarters = [r for r in results if r.period_kind == KpiResult.PeriodKind.QUARTER]
    if not quarters:
        return []
    code = quarters[-1].period
    latest = [r for r in quarters if r.period == code]
    period = parse_period(code)
    daily = aggregates_by_bucket(employee.pk, [m for m in all_metrics if not m.per_period],
                                 [(code, period.start, period.end)]).get(code, {})
    per_period = dict(KpiPeriodValue.objects.filter(employee_id=employee.pk, period=code)
                      .values_list("metric__code", "value"))
    # every group of the scorecard the ranks were read on, ranked this quarter or not (no data for its metrics)
    ranked = {r.group_id: r for r in latest}
    groups = CompositeGroup.objects.filter(scorecard__position_id=latest[0].position_id).order_by("order")
    weights = ScorecardMetric.objects.filter(group__in=groups).select_related("metric")
    by_group: dict[int, list] = {}
    for w in weights.order_by("metric__order"):
        value = per_period.get(w.metric.code) if w.metric.per_period else daily.get(w.metric.code)
        by_group.setdefault(w.group_id, []).append({
            "code": w.metric.code, "name": w.metric.display_name, "weight": w.weight, "kind": w.metric.get_kind_display(),
            "value": None if value is None else round(value, 2),
            "no_data": _("No %(metric)s data this period") % {"metric": w.metric.display_name}})
    peer = {True: peer_group_name(PeerGroup.WIDENED), False: peer_group_name(PeerGroup.CENTER)}
    out = []
    for g in groups:
        r = ranked.get(g.id)
        out.append({"code": g.code, "name": g.display_name, "period": code, "ranked": r is not None,
                    "peer_group": peer[r.widened] if r else _("not ranked this period: no data for its metrics"),
                    "widened": bool(r and r.widened), "peer_size": r.peer_size if r else 0,
                    "metrics": by_group.get(g.id, [])})
    return out


def team_for(user, code: str):
    team = scoping.kpi_teams_visible_to(user).filter(code=code).first()
    if team is None:
        raise Http404
    return team


def center_for(user, code: str):
    center = scoping.kpi_centers_visible_to(user).filter(code=code).first()
    if center is None:
        raise Http404
    return center


def _histogram(percentiles: list[float], bins: int = 10) -> list[int]:
    counts = [0] * bins
    for p in percentiles:
        counts[min(int(p // (100 / bins)), bins - 1)] += 1
    return counts


def team_overview(user, team, period: Period | None) -> dict:
    """A team's people for a quarter or month — those in the team in that period (the team in force on their
    last working day of it, by the event history; a later move changes nothing): composite, rank and
    percentile per group, who is in the bottom half of their peer group, the distribution of percentiles."""
    groups: dict[str, str] = {}
    rows: dict[int, dict] = {}
    if period is not None:
        # the team's own people: the leader's ranks are among team leaders (their own file), not the team's
        for r in (results_visible_to(user).filter(period=period.code, team=team,
                                                  position__scorecard__unit=Scorecard.Unit.OWN)
                  .select_related("group", "employee", "position")
                  .order_by("employee__employee_no", "group__order")):
            groups.setdefault(r.group_code, r.group.display_name)
            row = rows.setdefault(r.employee_id, {"employee": r.employee, "results": {}, "bottom": []})
            row["results"][r.group_code] = r
            if r.in_bottom_half:
                row["bottom"].append(r.group.display_name)
    ordered_groups = list(groups.items())
    table = []
    for row in rows.values():
        row["cells"] = [row["results"].get(code) for code, _name in ordered_groups]
        table.append(row)
    distribution = {name: _histogram([r["results"][code].percentile for r in table if code in r["results"]])
                    for code, name in ordered_groups}
    return {"team": team, "period": period, "groups": ordered_groups, "rows": table,
            "bottom_count": sum(1 for r in table if r["bottom"]), "distribution": distribution}


def center_overview(user, center, period: Period | None) -> dict:
    """A center for a period (centers and teams in force in that period): per team, the people ranked, their mean percentile and how many are in the
    bottom half, per group; the center's distribution; the bottom-half list of the business group."""
    teams, distribution, bottom, group_names = [], {}, [], {}
    if period is not None:
        base = results_visible_to(user).filter(period=period.code, center=center)
        for r in base.values("group_code", "group__name", "group__name_en").distinct():
            group_names[r["group_code"]] = CompositeGroup(name=r["group__name"], name_en=r["group__name_en"])\
                .display_name
        per_team = (base.values("team__code", "team__name", "group_code")
                    .annotate(people=Count("id"), mean=Avg("percentile"),
                              bottom=Count("id", filter=bottom_share_condition(BOTTOM_HALF)))
                    .order_by("team__code", "group_code"))
        by_team: dict[str, dict] = {}
        for row in per_team:
            t = by_team.setdefault(row["team__code"] or "", {
                "code": row["team__code"], "name": row["team__name"] or "—", "groups": {}})
            t["groups"][row["group_code"]] = row
        for t in by_team.values():
            t["cells"] = [t["groups"].get(code) for code in group_names]
            teams.append(t)
        for code, name in group_names.items():
            distribution[name] = _histogram(list(base.filter(group_code=code).values_list("percentile", flat=True)))
        # the business group's list (seed 002), whatever other families' groups the center's ranks have
        first_group = CompositeGroup.BUSINESS if CompositeGroup.BUSINESS in group_names else next(iter(group_names),
                                                                                                  None)
        if first_group:
            bottom = list(bottom_share(first_group, period, BOTTOM_HALF, scope=user, center=center)
                          .order_by("percentile", "employee__employee_no")[:200])
    return {"center": center, "period": period, "groups": list(group_names.items()), "teams": teams,
            "distribution": distribution, "bottom": bottom,
            "bottom_group": group_names.get(next(iter(group_names), ""), "")}


def periods_with_results(qs: QuerySet | None = None, limit: int = 12) -> list[str]:
    qs = KpiResult.objects.all() if qs is None else qs
    return list(qs.order_by("-period_start", "period").values_list("period", flat=True).distinct()[:limit])


def imports_for(user) -> QuerySet:
    if not scoping.can_import_kpi(user):
        return KpiImport.objects.none()
    qs = KpiImport.objects.select_related("created_by")
    if scoping.can_see_every_kpi_import(user):
        return qs
    return qs.filter(created_by=user)


def import_for(user, pk: int) -> KpiImport:
    kpi_import = imports_for(user).filter(pk=pk).first()
    if kpi_import is None:
        raise Http404
    return kpi_import


def days_for(user, employee_no: str, start: datetime.date | None, end: datetime.date | None) -> tuple:
    """One person's daily values (API): the employee (404 outside scope) and rows of (date, {code: value})."""
    employee = employee_for(user, employee_no)
    all_metrics = metrics()
    qs = KpiDay.objects.filter(employee_id=employee.pk)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    rows = []
    for row in qs.order_by("date").values_list("date", *[m.column for m in all_metrics])[:5000]:
        rows.append((row[0], {m.code: v for m, v in zip(all_metrics, row[1:], strict=True) if v is not None}))
    return employee, rows


def ranks_for(user, employee_no: str, kind: str | None = None) -> tuple:
    employee = employee_for(user, employee_no)
    qs = (with_bottom_flag(KpiResult.objects.filter(employee_id=employee.pk)).select_related("group")
          .order_by("period_start", "group_code"))
    if kind:
        qs = qs.filter(period_kind=kind)
    return employee, list(qs)


def landing_of(user) -> tuple[str, str] | None:
    """Where each role's KPI pages begin (a page name and its argument): a center for those who see centers, the
    team for a team leader, one's own file for someone with an employee record; None for anyone else."""
    if scoping.can_view_kpi_centers(user):
        center = scoping.centers_visible_to(user).first()
        if center:
            return "performance:center", center.code
    if user.role == Role.TEAM_LEADER:
        team = scoping.teams_visible_to(user).first()
        if team:
            return "performance:team", team.code
    if user.employee_id:
        return "performance:employee", user.employee.employee_no
    return None
