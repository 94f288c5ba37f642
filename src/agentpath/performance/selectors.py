"""Reads about KPI, always scoped to the acting user through accounts.scoping (404 outside scope)."""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from agentpath.accounts import scoping
from agentpath.accounts.models import Role

from .defaults import DEDUCTIONS_METRIC, WEIGHT_METRIC
from .models import CompositeGroup, KpiDay, KpiImport, KpiRecordChange, KpiResult, Metric
from .ranking import Period, in_bottom_share, parse_period

# Who may open a team's KPI view (team leaders: their own teams) and a center's (managers and staff
# serving the center). Agents see only their own performance file.
TEAM_VIEW_ROLES = {Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN}
CENTER_VIEW_ROLES = {Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN}
IMPORT_ROLES = {Role.HR_ADMIN, Role.QA}
BOTTOM_HALF = 0.5


def can_import_kpi(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in IMPORT_ROLES)


def can_view_teams(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in TEAM_VIEW_ROLES)


def can_view_centers(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in CENTER_VIEW_ROLES)


def metrics() -> list[Metric]:
    return list(Metric.objects.all())


def results_visible_to(user) -> QuerySet:
    return KpiResult.objects.filter(employee__in=scoping.employees_visible_to(user))


def bottom_share(group: str | CompositeGroup, period: str | Period, share: float = BOTTOM_HALF, *, user=None,
                 center=None) -> QuerySet:
    """The people whose composite of `group` ranks in the bottom `share` of their peer group for the period
    (rank − 1 ≥ n × (1 − share); ties fall on the better side). The list the differentiated-training rule
    of seed 002 §3.5 uses ("业务能力季度综合排名50%以下")."""
    code = group.code if isinstance(group, CompositeGroup) else group
    period_code = period.code if isinstance(period, Period) else parse_period(period).code
    qs = KpiResult.objects if user is None else results_visible_to(user)
    qs = qs.filter(period=period_code, group_code=code)
    if center is not None:
        qs = qs.filter(center=center)
    cut = F("peer_size") * (1 - share) + 1 - 1e-9
    return qs.filter(rank__gte=cut).select_related("employee", "position", "center")


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


def aggregate(values: list[float], weights: list[float | None], aggregation: str) -> float | None:
    """One metric over a period for one person, by the metric's rule — the same rule as the set-based SQL
    in ranking.ranks_select_sql (mean, call-weighted mean, sum, last); values are in date order."""
    pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None]
    if not pairs:
        return None
    if aggregation == Metric.Aggregation.SUM:
        return sum(v for v, _w in pairs)
    if aggregation == Metric.Aggregation.LAST:
        return pairs[-1][0]
    if aggregation == Metric.Aggregation.WEIGHTED_MEAN:
        weighted = [(v, w) for v, w in pairs if w is not None]
        total = sum(w for _v, w in weighted)
        if total:
            return sum(v * w for v, w in weighted) / total
    return sum(v for v, _w in pairs) / len(pairs)


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

    def chart_data(self) -> dict:
        return {"months": self.months, "metrics": self.metric_series,
                "groups": [{"name": g["name"], "monthly": g["monthly"], "quarters": g["quarters"],
                            "quarter_labels": g["quarter_labels"]} for g in self.groups]}


def _month_key(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def performance_summary_for(user, employee, today: datetime.date | None = None, months: int = 12) -> PerformanceSummary:
    """The performance file (绩效档案) of one person: monthly trends per metric and composite, rank history,
    deductions and corrections. Raises Http404 when the employee is outside the user's scope."""
    if not scoping.employees_visible_to(user).filter(pk=employee.pk).exists():
        raise Http404
    today = today or timezone.localdate()
    first_month = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    all_metrics = metrics()
    month_keys = []
    day = first_month
    while day <= today:
        month_keys.append(_month_key(day))
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    summary = PerformanceSummary(employee=employee, months=month_keys)
    columns = [m.column for m in all_metrics]
    days = list(KpiDay.objects.filter(employee_id=employee.pk, date__gte=first_month, date__lte=today)
                .order_by("date").values_list("date", *columns))
    summary.has_data = bool(days)
    by_month: dict[str, list[tuple]] = defaultdict(list)
    for row in days:
        by_month[_month_key(row[0])].append(row)
    weight_index = next((i for i, m in enumerate(all_metrics) if m.code == WEIGHT_METRIC), None)
    for i, m in enumerate(all_metrics, start=1):
        series = []
        for key in month_keys:
            rows = by_month.get(key, [])
            weights = [r[weight_index + 1] if weight_index is not None else None for r in rows]
            value = aggregate([r[i] for r in rows], weights, m.aggregation)
            series.append(None if value is None else round(value, 2))
        if any(v is not None for v in series):
            summary.metric_series.append({"code": m.code, "name": m.display_name, "unit": m.get_unit_display(),
                                          "higher_is_better": m.higher_is_better, "values": series})
        if m.code == DEDUCTIONS_METRIC:
            summary.deductions = [{"month": k, "points": v} for k, v in zip(month_keys, series, strict=True) if v]
    results = list(KpiResult.objects.filter(employee_id=employee.pk, period_start__gte=first_month.replace(month=1))
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
        row["groups"].append({"name": r.group.display_name, "composite": r.composite, "rank": r.rank,
                              "peer_size": r.peer_size, "percentile": r.percentile,
                              "bottom_half": in_bottom_share(r.rank, r.peer_size, BOTTOM_HALF)})
    summary.quarter_rows = sorted(quarters.values(), key=lambda q: q["period"], reverse=True)
    if summary.quarter_rows:
        summary.latest = summary.quarter_rows[0]["groups"]
    summary.corrections = list(KpiRecordChange.objects.filter(employee_id=employee.pk)
                               .select_related("metric").order_by("-changed_at", "-date")[:10])
    return summary


def team_for(user, code: str):
    if not can_view_teams(user):
        raise Http404
    team = scoping.teams_visible_to(user).filter(code=code).first()
    if team is None:
        raise Http404
    return team


def center_for(user, code: str):
    if not can_view_centers(user):
        raise Http404
    center = scoping.centers_visible_to(user).filter(code=code).first()
    if center is None:
        raise Http404
    return center


def _histogram(percentiles: list[float], bins: int = 10) -> list[int]:
    counts = [0] * bins
    for p in percentiles:
        counts[min(int(p // (100 / bins)), bins - 1)] += 1
    return counts


def team_overview(user, team, period: Period | None) -> dict:
    """A team's people for a quarter or month: composite, rank and percentile per group, who is in the bottom
    half of their peer group, and the distribution of percentiles."""
    members = list(scoping.employees_visible_to(user).filter(team=team, status="active")
                   .select_related("position").order_by("employee_no"))
    groups: dict[str, str] = {}
    rows = {m.pk: {"employee": m, "results": {}, "bottom": []} for m in members}
    if period is not None:
        for r in (KpiResult.objects.filter(period=period.code, employee__in=[m.pk for m in members])
                  .select_related("group", "position")):
            groups.setdefault(r.group_code, r.group.display_name)
            rows[r.employee_id]["results"][r.group_code] = r
            if in_bottom_share(r.rank, r.peer_size, BOTTOM_HALF):
                rows[r.employee_id]["bottom"].append(r.group.display_name)
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
    """A center for a period: per team, the people ranked, their mean percentile and how many are in the
    bottom half, per group; the center's distribution; the bottom-half list of the business group."""
    teams, distribution, bottom, group_names = [], {}, [], {}
    if period is not None:
        base = results_visible_to(user).filter(period=period.code, center=center)
        for r in base.values("group_code", "group__name", "group__name_en").distinct():
            group_names[r["group_code"]] = CompositeGroup(name=r["group__name"], name_en=r["group__name_en"])\
                .display_name
        per_team = (base.values("employee__team__code", "employee__team__name", "group_code")
                    .annotate(people=Count("id"), mean=Avg("percentile"),
                              bottom=Count("id", filter=Q(rank__gte=F("peer_size") * (1 - BOTTOM_HALF) + 1 - 1e-9)))
                    .order_by("employee__team__code", "group_code"))
        by_team: dict[str, dict] = {}
        for row in per_team:
            t = by_team.setdefault(row["employee__team__code"] or "", {
                "code": row["employee__team__code"], "name": row["employee__team__name"] or "—", "groups": {}})
            t["groups"][row["group_code"]] = row
        for t in by_team.values():
            t["cells"] = [t["groups"].get(code) for code in group_names]
            teams.append(t)
        for code, name in group_names.items():
            distribution[name] = _histogram(list(base.filter(group_code=code).values_list("percentile", flat=True)))
        first_group = next(iter(group_names), None)
        if first_group:
            bottom = list(bottom_share(first_group, period, BOTTOM_HALF, user=user, center=center)
                          .select_related("employee__team").order_by("percentile", "employee__employee_no")[:200])
    return {"center": center, "period": period, "groups": list(group_names.items()), "teams": teams,
            "distribution": distribution, "bottom": bottom,
            "bottom_group": group_names.get(next(iter(group_names), ""), "")}


def periods_with_results(qs: QuerySet | None = None, limit: int = 12) -> list[str]:
    qs = KpiResult.objects.all() if qs is None else qs
    return list(qs.order_by("-period_start", "period").values_list("period", flat=True).distinct()[:limit])


def imports_for(user) -> QuerySet:
    if not can_import_kpi(user):
        return KpiImport.objects.none()
    qs = KpiImport.objects.select_related("created_by")
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return qs
    return qs.filter(created_by=user)


def import_for(user, pk: int) -> KpiImport:
    kpi_import = imports_for(user).filter(pk=pk).first()
    if kpi_import is None:
        raise Http404
    return kpi_import


def days_for(user, employee_no: str, start: datetime.date | None, end: datetime.date | None) -> tuple:
    """One person's daily values (API): the employee (404 outside scope) and rows of (date, {code: value})."""
    from agentpath.org.selectors import employee_for

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
    from agentpath.org.selectors import employee_for

    employee = employee_for(user, employee_no)
    qs = KpiResult.objects.filter(employee_id=employee.pk).select_related("group").order_by("period_start",
                                                                                             "group_code")
    if kind:
        qs = qs.filter(period_kind=kind)
    return employee, list(qs)
