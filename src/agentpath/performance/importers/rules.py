"""The validation rules of a KPI import, each once: what it checks (set-based, one INSERT INTO kpi_errors …
SELECT per rule) and what it tells the user (messages.py renders the rows). Adding a rule: a code, a check
called from check_all() (or from staging for a per-cell rule) and a message in MESSAGES — all in this file.

kpi_errors rows are (line, col, value, code, arg): col is a staging column name (layout.stage_names()),
never header text; arg is rule-specific (a metric id, a first line, a width)."""
from django.utils.translation import gettext as _

from ..models import Metric
from .job import Job
from .layout import DATE, EMPLOYEE, METRIC, NUMBER_RE, VALUE, metric_lookup, parse_date

EMPTY, UNKNOWN_EMPLOYEE, NOT_A_DATE, NUMBER, RANGE = "empty", "employee", "date", "number", "range"
DUPLICATE, UNKNOWN_METRIC, METRIC_SCOPE, CELLS = "duplicate", "metric", "metric_scope", "cells"


def _errors(cursor, select: str, params=()) -> None:
    cursor.execute(f"INSERT INTO kpi_errors (line, col, value, code, arg) {select}", list(params))


# ---------------------------------------------------------------- employee number, date, metric (resolving)

def employees(job: Job, cursor) -> None:
    """Empty or unknown employee number (or outside the importing user's centers)."""
    join, params = job.employee_join()
    _errors(cursor, f"""SELECT s.line, '{EMPLOYEE}', s.employee_no,
        CASE WHEN s.employee_no = '' THEN '{EMPTY}' ELSE '{UNKNOWN_EMPLOYEE}' END, ''
        FROM kpi_stage s LEFT JOIN {join} WHERE e.id IS NULL""", params)


def dates(job: Job, cursor) -> None:
    """Empty, not a date, or in the future. The distinct date texts are parsed once into kpi_dates."""
    cursor.execute("SELECT DISTINCT date_text FROM kpi_stage")
    parsed = [(text, d) for (text,) in cursor.fetchall()
              if (d := parse_date(text or "")) is not None and d <= job.today]
    if parsed:
        cursor.executemany("INSERT INTO kpi_dates VALUES (%s, %s)", parsed)
    _errors(cursor, f"""SELECT s.line, '{DATE}', s.date_text,
        CASE WHEN s.date_text = '' THEN '{EMPTY}' ELSE '{NOT_A_DATE}' END, ''
        FROM kpi_stage s LEFT JOIN kpi_dates dm ON dm.date_text = s.date_text WHERE dm.d IS NULL""")


def metrics(job: Job, cursor) -> None:
    """Long files: empty or unknown metric, or a metric the user may not import. Fills kpi_metric_map."""
    lookup = metric_lookup(Metric.objects.filter(kind=Metric.Kind.IMPORTED))
    cursor.execute("SELECT DISTINCT metric_text FROM kpi_stage")
    mapped, refused = [], []
    for (text,) in cursor.fetchall():
        m = lookup.get((text or "").strip().lower())
        if m is not None and job.scope.allows(m):
            mapped.append((text, m.slot, m.pk))
            job.metrics_by_slot[m.slot] = m
        elif m is not None:
            refused.append((text, m.pk))
    if refused:  # kept in the map for this rule only (no slot), then removed
        cursor.executemany("INSERT INTO kpi_metric_map VALUES (%s, NULL, %s)", refused)
    if mapped:
        cursor.executemany("INSERT INTO kpi_metric_map VALUES (%s, %s, %s)", mapped)
    _errors(cursor, f"""SELECT s.line, '{METRIC}', s.metric_text, CASE WHEN s.metric_text = '' THEN '{EMPTY}'
        WHEN mm.metric_id IS NOT NULL THEN '{METRIC_SCOPE}' ELSE '{UNKNOWN_METRIC}' END, ''
        FROM kpi_stage s LEFT JOIN kpi_metric_map mm ON mm.metric_text = s.metric_text WHERE mm.slot IS NULL""")
    cursor.execute("DELETE FROM kpi_metric_map WHERE slot IS NULL")


# ---------------------------------------------------------------- values

def empty_values(job: Job, cursor) -> None:
    """Long files: a row without a value (SQLite stages an unreadable number as NULL: not "empty")."""
    if job.pg:
        _errors(cursor, f"""SELECT line, '{VALUE}', value_text, '{EMPTY}', '' FROM kpi_stage
            WHERE TRIM(value_text) = ''""")
    else:
        _errors(cursor, f"""SELECT line, '{VALUE}', '', '{EMPTY}', '' FROM kpi_stage WHERE value_text IS NULL
            AND line NOT IN (SELECT line FROM kpi_errors WHERE code = '{NUMBER}')""")


def not_numbers(job: Job, cursor) -> None:
    """PostgreSQL, after a cast failed: every cell that is not a number (SQLite checks while staging)."""
    for col in job.layout.number_names():
        _errors(cursor, f"""SELECT line, '{col}', LEFT({col}, 200), '{NUMBER}', '' FROM kpi_stage
            WHERE {col} <> '' AND {col} !~ %s""", [NUMBER_RE])


def out_of_range(job: Job, metric: Metric, expr: str) -> str:
    """SQL true when the number expr is outside the metric's valid range (NaN and infinities included);
    false for NULL. The one definition of the range rule, used by every path."""
    inf = "CAST('Infinity' AS double precision)" if job.pg else "9e999"
    conds = [f"{expr} = CAST('NaN' AS double precision)"] if job.pg else []
    conds.append(f"{expr} < {float(metric.min_value)!r}" if metric.min_value is not None else f"{expr} = -{inf}")
    conds.append(f"{expr} > {float(metric.max_value)!r}" if metric.max_value is not None else f"{expr} = {inf}")
    return f"({expr} IS NOT NULL AND ({' OR '.join(conds)}))"


def any_out_of_range(job: Job, metrics: list[Metric] | None = None) -> str:
    """SQL over kpi_typed (wide, or a long file folded by the fast path): some value of the row is out of range.
    `metrics`: the row's metric columns (default: the wide file's)."""
    metrics = [m for _i, m in job.layout.metric_columns] if metrics is None else metrics
    return " OR ".join(out_of_range(job, m, m.column) for m in metrics) or "false"


def ranges(job: Job, cursor) -> None:
    """Values outside their metric's range: one SELECT per metric, over kpi_typed (wide) or kpi_typed_long."""
    parts = []
    if job.layout.is_long:
        for slot, m in sorted(job.metrics_by_slot.items()):
            parts.append(f"""SELECT line, '{VALUE}', CAST(value AS text), '{RANGE}', '{m.pk}' FROM kpi_typed_long
                WHERE slot = {slot} AND {out_of_range(job, m, 'value')}""")
    else:
        for _i, m in job.layout.metric_columns:
            parts.append(f"""SELECT line, 'c{m.slot:02d}', CAST({m.column} AS text), '{RANGE}', '{m.pk}'
                FROM kpi_typed WHERE {out_of_range(job, m, m.column)}""")
    for part in parts:
        _errors(cursor, part)


def any_repeat(cursor, table: str, key: str) -> bool:
    cursor.execute(f"SELECT 1 FROM {table} t GROUP BY {key} HAVING COUNT(*) > 1 LIMIT 1")
    return cursor.fetchone() is not None


def duplicates(job: Job, cursor) -> None:
    """The same employee and date (wide) or employee, date and metric (long) again: every repeat after the
    first is an error naming the first line."""
    table, key = (("kpi_typed_long", "t.employee_id, t.date, t.slot") if job.layout.is_long
                  else ("kpi_typed", "t.employee_id, t.date"))
    # Cheap test first (hash aggregate); the window that names the lines runs only when there are repeats.
    if not any_repeat(cursor, table, key):
        return
    _errors(cursor, f"""SELECT x.line, '{EMPLOYEE}', s.employee_no, '{DUPLICATE}', CAST(x.first_line AS text) FROM (
            SELECT t.line, MIN(t.line) OVER k AS first_line, COUNT(*) OVER k AS n
            FROM {table} t WINDOW k AS (PARTITION BY {key})
        ) x JOIN kpi_stage s ON s.line = x.line
        WHERE x.n > 1 AND x.line <> x.first_line""")


def check_resolved(job: Job, cursor) -> None:
    """The rules that run on the staged text, before typing."""
    employees(job, cursor)
    dates(job, cursor)
    if job.layout.is_long:
        metrics(job, cursor)
        empty_values(job, cursor)


def check_typed(job: Job, cursor) -> None:
    """The rules that run on typed values."""
    ranges(job, cursor)
    duplicates(job, cursor)


# ---------------------------------------------------------------- what each rule tells the user

def _employee(value, arg, ctx):
    return _("Employee number %(value)s is not in the roster (or not in the centers you serve); check the number "
             "or import the roster first.") % {"value": value}


def _empty(value, arg, ctx):
    return _("This cell is empty; every row needs an employee number, a date and a value.")


def _date(value, arg, ctx):
    if (d := parse_date(value)) is not None and d > ctx.today:
        return _("%(value)s is in the future; KPI can be imported up to today, %(today)s.") % {
            "value": value, "today": ctx.today.isoformat()}
    return _("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-07-01.") % {"value": value}


def _number(value, arg, ctx):
    return _("%(value)s is not a number; write digits with a dot for decimals, e.g. 92.5.") % {"value": value}


def _range(value, arg, ctx):
    m = ctx.metrics.get(arg)
    return _("%(value)s is outside the valid range of %(metric)s: %(min)s to %(max)s.") % {
        "value": value, "metric": m.display_name if m else "?",
        "min": "" if m is None or m.min_value is None else f"{m.min_value:g}",
        "max": "" if m is None or m.max_value is None else f"{m.max_value:g}"}


def _duplicate(value, arg, ctx):
    what = _("employee, date and metric") if ctx.layout.is_long else _("employee and date")
    return _("The same %(what)s appears again (first on line %(first)s); keep one of them.") % {
        "what": what, "first": arg}


def _metric(value, arg, ctx):
    codes = ", ".join(sorted(m.code for m in ctx.metrics.values()))
    return _("%(value)s is not a metric code; known codes: %(codes)s.") % {"value": value, "codes": codes}


def _metric_scope(value, arg, ctx):
    return _("You may import only the metrics of your own system, not %(value)s.") % {"value": value}


def _cells(value, arg, ctx):
    return _("This row has more cells than the header's %(n)s columns: %(value)s.") % {"n": arg, "value": value}


MESSAGES = {UNKNOWN_EMPLOYEE: _employee, EMPTY: _empty, NOT_A_DATE: _date, NUMBER: _number, RANGE: _range,
            DUPLICATE: _duplicate, UNKNOWN_METRIC: _metric, METRIC_SCOPE: _metric_scope, CELLS: _cells}
