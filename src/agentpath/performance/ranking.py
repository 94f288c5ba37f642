"""Composites and ranks per month and quarter, computed set-based for the whole workforce.

The method (docs/kpi.md "Normalisation and ranking"):
1. Each metric of a scorecard is aggregated over the period per employee by its rule: mean of the days,
   call-weighted mean (weighted by calls_handled of the same day), sum, or last value; rounded to 6 decimals.
2. Within the peer group (same position and center) each metric is normalised:
   percentile = PERCENT_RANK() = share of peers with a strictly worse value (0 worst … 1 best; a peer group
   of one scores 0.5), or z-score = (value − mean) / population standard deviation. Lower-is-better
   metrics are negated first, so "better" always sorts higher.
3. A group's composite is the weighted mean of its normalised metrics that have a value (weights of
   missing metrics are left out, not counted as zero).
4. Rank = RANK() by composite descending within the peer group (ties share the better rank, the next
   rank skips: 1, 2, 2, 4); percentile = 100 × (n − rank) / (n − 1), 100 when alone.
5. Bottom X %: rank − 1 ≥ n × (1 − X), i.e. at least (1 − X) of the peers rank strictly better; ties
   at the boundary fall on the better side (seed 002 §3.5 "季度综合排名50%以下").
"""
import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .defaults import DEDUCTIONS_METRIC, WEIGHT_METRIC
from .models import KpiDay, KpiResult, Metric, ScorecardMetric

_EPSILON = 1e-9


@dataclass(frozen=True)
class Period:
    kind: str  # "month" or "quarter"
    code: str  # "2026-07" or "2026Q3"
    start: datetime.date
    end: datetime.date  # exclusive

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)


def month_period(year: int, month: int) -> Period:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return Period(KpiResult.PeriodKind.MONTH, f"{year:04d}-{month:02d}", start, end)


def quarter_period(year: int, quarter: int) -> Period:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return Period(KpiResult.PeriodKind.QUARTER, f"{year:04d}Q{quarter}", start, end)


def parse_period(text: str) -> Period:
    """'2026-07' (a month) or '2026Q3' / '2026-Q3' (a quarter)."""
    value = (text or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", value):
        return quarter_period(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        if 1 <= int(m[2]) <= 12:
            return month_period(int(m[1]), int(m[2]))
    raise ValueError(_("%(value)s is not a period; write a month as 2026-07 or a quarter as 2026Q3.")
                     % {"value": text})


def period_of(day: datetime.date, kind: str) -> Period:
    if kind == KpiResult.PeriodKind.MONTH:
        return month_period(day.year, day.month)
    return quarter_period(day.year, (day.month - 1) // 3 + 1)


def periods_between(first: datetime.date, last: datetime.date) -> list[Period]:
    """Every month and quarter that contains a day in [first, last]."""
    periods, seen = [], set()
    day = first.replace(day=1)
    while day <= last:
        for kind in (KpiResult.PeriodKind.MONTH, KpiResult.PeriodKind.QUARTER):
            p = period_of(day, kind)
            if p.code not in seen:
                seen.add(p.code)
                periods.append(p)
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1]) + datetime.timedelta(days=1)
    return periods


def in_bottom_share(rank: int, peer_size: int, share: float) -> bool:
    return (rank - 1) >= peer_size * (1 - share) - _EPSILON


def _aggregate_sql(metric: Metric, weight_col: str | None, table: str) -> tuple[str, list]:
    col = f"d.{metric.column}"
    if metric.aggregation == Metric.Aggregation.SUM:
        return f"SUM({col})", []
    if metric.aggregation == Metric.Aggregation.WEIGHTED_MEAN and weight_col:
        w = f"d.{weight_col}"
        return (f"COALESCE(SUM({col} * {w}) / NULLIF(SUM(CASE WHEN {col} IS NOT NULL THEN {w} END), 0), "
                f"AVG({col}))"), []
    if metric.aggregation == Metric.Aggregation.LAST:
        # The latest value of the period: one index probe per employee on the (employee, date) key.
        return (f"(SELECT d2.{metric.column} FROM {table} d2 WHERE d2.employee_id = d.employee_id "
                f"AND d2.date >= %s AND d2.date < %s AND d2.{metric.column} IS NOT NULL "
                f"ORDER BY d2.date DESC LIMIT 1)"), ["start", "end"]
    return f"AVG({col})", []


def ranks_select_sql(vendor: str) -> tuple[str, list[str]] | None:
    """The one statement computing every person's composites and ranks for a period.

    Returns the SQL (a SELECT producing the columns of KpiResult) and the names of its parameters in
    order (start, end, kind, period, computed_at), or None when no active scorecard weighs any metric."""
    weighted = (ScorecardMetric.objects.filter(group__scorecard__active=True)
                .values_list("metric_id", flat=True).distinct())
    metrics = list(Metric.objects.filter(id__in=weighted).order_by("slot"))
    if not metrics:
        return None
    slots = {m.code: m for m in Metric.objects.filter(code__in=[WEIGHT_METRIC, DEDUCTIONS_METRIC])}
    weight_col = slots[WEIGHT_METRIC].column if WEIGHT_METRIC in slots else None
    table = KpiDay._meta.db_table
    params: list[str] = []
    agg_cols = []
    for m in metrics:
        expr, p = _aggregate_sql(m, weight_col, table)
        agg_cols.append(f"{expr} AS a{m.slot:02d}")
        params += p
    ded = f"SUM(d.{slots[DEDUCTIONS_METRIC].column})" if DEDUCTIONS_METRIC in slots else "0"
    params += ["start", "end"]
    value_case = "CASE m.slot " + " ".join(f"WHEN {m.slot} THEN p.a{m.slot:02d}" for m in metrics) + " END"
    # Aggregates are rounded to 6 decimals before comparing, so that equal values tie whatever the order in
    # which (parallel) sums were added up.
    if vendor == "postgresql":
        value_case = f"ROUND(CAST({value_case} AS NUMERIC), 6)::float8"
    else:
        value_case = f"ROUND({value_case}, 6)"
    if vendor == "postgresql":
        zscore = ("COALESCE((l.sv - AVG(l.sv) OVER w) / NULLIF(STDDEV_POP(l.sv) OVER w, 0), 0)")
        rounded = "ROUND(CAST(SUM(s.weight * s.score) / SUM(s.weight) AS NUMERIC), 9)::float8"
    else:
        zscore = ("COALESCE((l.sv - AVG(l.sv) OVER w) / NULLIF(SQRT(MAX(AVG(l.sv * l.sv) OVER w - "
                  "AVG(l.sv) OVER w * AVG(l.sv) OVER w, 0)), 0), 0)")
        rounded = "ROUND(SUM(s.weight * s.score) / SUM(s.weight), 9)"
    sql = f"""
WITH agg AS (
    SELECT d.employee_id, {", ".join(agg_cols)}, {ded} AS deductions
    FROM {table} d
    WHERE d.date >= %s AND d.date < %s
    GROUP BY d.employee_id
), peer AS (
    SELECT a.*, e.position_id, e.center_id, sc.id AS scorecard_id, sc.normalisation
    FROM agg a
    JOIN org_employee e ON e.id = a.employee_id
    JOIN performance_scorecard sc ON sc.position_id = e.position_id AND sc.active
), long AS (
    SELECT x.* FROM (
        SELECT p.employee_id, p.position_id, p.center_id, p.normalisation, g.id AS group_id, m.id AS metric_id,
               sm.weight, CASE WHEN m.higher_is_better THEN {value_case} ELSE -({value_case}) END AS sv
        FROM peer p
        JOIN performance_compositegroup g ON g.scorecard_id = p.scorecard_id
        JOIN performance_scorecardmetric sm ON sm.group_id = g.id
        JOIN performance_metric m ON m.id = sm.metric_id
    ) x WHERE x.sv IS NOT NULL
), scored AS (
    SELECT l.employee_id, l.position_id, l.center_id, l.group_id, l.weight,
           CASE WHEN l.normalisation = 'zscore' THEN {zscore}
                WHEN COUNT(*) OVER w = 1 THEN 0.5
                ELSE PERCENT_RANK() OVER (w ORDER BY l.sv) END AS score
    FROM long l
    WINDOW w AS (PARTITION BY l.position_id, l.center_id, l.metric_id)
), composite AS (
    SELECT s.employee_id, s.position_id, s.center_id, s.group_id, {rounded} AS composite
    FROM scored s GROUP BY s.employee_id, s.position_id, s.center_id, s.group_id
), ranked AS (
    SELECT c.*, RANK() OVER (PARTITION BY c.position_id, c.center_id, c.group_id ORDER BY c.composite DESC) AS rnk,
           COUNT(*) OVER (PARTITION BY c.position_id, c.center_id, c.group_id) AS n
    FROM composite c
)
SELECT r.employee_id, %s AS period_kind, %s AS period, %s AS period_start, r.group_id, g.code AS group_code,
       r.position_id, r.center_id, r.composite, r.rnk AS rank, r.n AS peer_size,
       CASE WHEN r.n = 1 THEN 100.0 ELSE 100.0 * (r.n - r.rnk) / (r.n - 1) END AS percentile,
       COALESCE(a.deductions, 0) AS deductions, %s AS computed_at
FROM ranked r
JOIN performance_compositegroup g ON g.id = r.group_id
JOIN agg a ON a.employee_id = r.employee_id
"""
    return sql, params + ["kind", "period", "start", "computed_at"]


RESULT_COLUMNS = ("employee_id, period_kind, period, period_start, group_id, group_code, position_id, center_id, "
                  "composite, rank, peer_size, percentile, deductions, computed_at")


def compute_ranks(period: Period | str) -> int:
    """Recompute every composite, rank and percentile of one month or quarter; returns the rows stored.

    One statement over the workforce (window functions); the period's previous results are replaced."""
    if isinstance(period, str):
        period = parse_period(period)
    built = ranks_select_sql(connection.vendor)
    values = {"start": period.start, "end": period.end, "kind": period.kind, "period": period.code,
              "computed_at": timezone.now()}
    table = KpiResult._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE period = %s", [period.code])
        if built is None:
            return 0
        sql, names = built
        params = [values[n] for n in names]
        if connection.vendor == "postgresql":
            # CREATE TABLE AS may run the scan and aggregation with parallel workers; INSERT … SELECT may not.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(f"CREATE TEMP TABLE kpi_ranked ON COMMIT DROP AS {sql}", params)
            cursor.execute(f"INSERT INTO {table} ({RESULT_COLUMNS}) SELECT {RESULT_COLUMNS} FROM kpi_ranked")
            stored = cursor.rowcount
            cursor.execute("DROP TABLE kpi_ranked")
        else:
            cursor.execute(f"INSERT INTO {table} ({RESULT_COLUMNS}) {sql}", params)
            stored = cursor.rowcount
    return stored


def compute_ranks_between(first: datetime.date, last: datetime.date) -> dict[str, int]:
    """Recompute every month and quarter touching [first, last] (after an import)."""
    return {p.code: compute_ranks(p) for p in periods_between(first, last)}
