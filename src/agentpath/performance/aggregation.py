"""How a metric's daily values become one value for a period (docs/kpi.md "Metrics"): one definition, in SQL.

The ranks (the whole workforce, one period) and the performance file (one person, month by month) both read
their figures through `aggregate_columns`, so a chart and a rank never disagree about what "the month's AHT"
is. Rules, by `Metric.aggregation`:
- mean: the mean of the days with a value;
- call-weighted mean: Σ(value × calls of the same day) / Σ calls (plain mean when no calls are known);
- mean per day worked (volume metrics): the period's total ÷ days worked, a day worked being a day with
  calls handled (> 0), so ten days back from leave at 90 calls a day beat thirty days at 60;
- sum: the period's total (deductions, kept beside each rank);
- last: the latest value of the period.
"""
from django.db import connection
from django.utils.translation import gettext as _

from .defaults import WEIGHT_METRIC
from .models import KpiDay, Metric

# Bound parameters of a correlated expression, by name: the caller supplies each bucket's bounds.
START, END = "start", "end"


class MissingWeightMetric(ValueError):
    """A rule needs the calls-handled metric (weights, days worked) and the installation has none."""


def weight_column() -> str | None:
    """The daily column holding calls handled (weights of call-weighted means, days worked)."""
    metric = Metric.objects.filter(code=WEIGHT_METRIC).first()
    return metric.column if metric else None


def _expression(metric: Metric, weights: str | None, table: str) -> tuple[str, list[str]]:
    col = f"d.{metric.column}"
    rule = metric.aggregation
    if rule in (Metric.Aggregation.WEIGHTED_MEAN, Metric.Aggregation.PER_DAY_WORKED) and weights is None:
        raise MissingWeightMetric(_("Metric %(code)s is aggregated by calls handled, but there is no metric "
                                    "%(weight)s.") % {"code": metric.code, "weight": WEIGHT_METRIC})
    if rule == Metric.Aggregation.SUM:
        return f"SUM({col})", []
    if rule == Metric.Aggregation.PER_DAY_WORKED:
        w = f"d.{weights}"
        return f"SUM({col}) / NULLIF(COUNT(CASE WHEN {w} > 0 THEN 1 END), 0)", []
    if rule == Metric.Aggregation.WEIGHTED_MEAN:
        w = f"d.{weights}"
        return (f"COALESCE(SUM({col} * {w}) / NULLIF(SUM(CASE WHEN {col} IS NOT NULL THEN {w} END), 0), "
                f"AVG({col}))"), []
    if rule == Metric.Aggregation.LAST:
        # The latest value of the bucket: one index probe per employee on the (employee, date) key.
        return (f"(SELECT d2.{metric.column} FROM {table} d2 WHERE d2.employee_id = d.employee_id "
                f"AND d2.date >= %s AND d2.date < %s AND d2.{metric.column} IS NOT NULL "
                f"ORDER BY d2.date DESC LIMIT 1)"), [START, END]
    return f"AVG({col})", []


def aggregate_columns(metrics: list[Metric], weights: str | None) -> tuple[list[str], list[str]]:
    """SELECT expressions `a<slot>` aggregating each metric over the rows `d` of the daily table grouped by
    employee (and bucket), with the names of their parameters in order (START/END: the bucket's bounds)."""
    table = KpiDay._meta.db_table
    columns, params = [], []
    for m in metrics:
        expr, names = _expression(m, weights, table)
        columns.append(f"{expr} AS {alias(m)}")
        params += names
    return columns, params


def alias(metric: Metric) -> str:
    return f"a{metric.slot:02d}"


def aggregates_by_bucket(employee_id: int, metrics: list[Metric], buckets: list[tuple[str, object, object]]
                         ) -> dict[str, dict[str, float | None]]:
    """One person's value of each metric per bucket (code, start, end exclusive), e.g. month by month for the
    performance file: one statement (a UNION ALL of one grouped select per bucket)."""
    if not metrics or not buckets:
        return {}
    columns, names = aggregate_columns(metrics, weight_column())
    table = KpiDay._meta.db_table
    branch = (f"SELECT %s AS bucket, {', '.join(columns)} FROM {table} d "
              f"WHERE d.employee_id = %s AND d.date >= %s AND d.date < %s GROUP BY d.employee_id")
    sql, params = [], []
    for code, start, end in buckets:
        bounds = {START: start, END: end}
        sql.append(branch)
        params += [code, *[bounds[n] for n in names], employee_id, start, end]
    out: dict[str, dict[str, float | None]] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        for row in cursor.fetchall():
            out[row[0]] = {m.code: (None if v is None else float(v)) for m, v in zip(metrics, row[1:], strict=True)}
    return out


def aggregates_of(employee_ids: list[int], metrics: list[Metric], start, end) -> dict[int, dict[str, float | None]]:
    """Several people's value of each metric over one period [start, end): one grouped statement (e.g. a peer
    group, to tell which of a person's metrics lag their peers')."""
    if not metrics or not employee_ids:
        return {}
    columns, names = aggregate_columns(metrics, weight_column())
    table = KpiDay._meta.db_table
    bounds = {START: start, END: end}
    marks = ", ".join(["%s"] * len(employee_ids))
    sql = (f"SELECT d.employee_id, {', '.join(columns)} FROM {table} d "
           f"WHERE d.employee_id IN ({marks}) AND d.date >= %s AND d.date < %s GROUP BY d.employee_id")
    out: dict[int, dict[str, float | None]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*[bounds[n] for n in names], *employee_ids, start, end])
        for row in cursor.fetchall():
            out[row[0]] = {m.code: (None if v is None else float(v)) for m, v in zip(metrics, row[1:], strict=True)}
    return out
