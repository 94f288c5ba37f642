"""Typing the staged text: employee ids, dates and numbers, into kpi_typed (one row per employee-day, a column
per metric slot) — directly for a wide file, through kpi_typed_long and a pivot for a long one."""
from django.db import DataError, transaction

from . import rules
from .job import Job
from .layout import NUMBER_RE

FLOAT_MAX = "1.7976931348623157e308"


def _cast(job: Job, expr: str) -> str:
    if not job.pg:
        return expr  # SQLite staged numbers already
    return f"CAST(NULLIF({expr}, '') AS double precision)"


def _guarded_cast(expr: str) -> str:
    """PostgreSQL, once a cast failed: NULL for a cell that is not a number (rules.not_numbers names it),
    "95.5%" read as 95.5, and a number too large for a float as ±Infinity (out of any range, not unreadable)."""
    n = f"CAST(NULLIF(TRIM(REPLACE({expr}, '%%', '')), '') AS numeric)"
    return (f"CASE WHEN {expr} ~ %s THEN CASE WHEN ABS({n}) > {FLOAT_MAX} "
            f"THEN CAST(SIGN({n}) AS double precision) * CAST('Infinity' AS double precision) "
            f"ELSE CAST({n} AS double precision) END END")


def build_typed(job: Job, cursor) -> None:
    """The staged rows with employee ids, dates and numbers (kpi_typed, or kpi_typed_long for a long file)."""
    join, params = job.employee_join()
    source = f"FROM kpi_stage s JOIN {join} JOIN kpi_dates dm ON dm.date_text = s.date_text"
    if job.layout.is_long:
        table, exprs = "kpi_typed_long", ["s.value_text"]
        template = (f"SELECT s.line, e.id AS employee_id, dm.d AS date, mm.slot, {{0}} AS value {source} "
                    f"JOIN kpi_metric_map mm ON mm.metric_text = s.metric_text")
    else:
        table = "kpi_typed"
        columns = job.layout.metric_columns
        exprs = [f"s.c{m.slot:02d}" for _i, m in columns]
        cols = ", ".join(f"{{{k}}} AS {m.column}" for k, (_i, m) in enumerate(columns))
        template = f"SELECT s.line, e.id AS employee_id, dm.d AS date, {cols} {source}"
        for _i, m in columns:
            job.metrics_by_slot[m.slot] = m
    plain = template.format(*[_cast(job, e) for e in exprs])
    if not job.pg:
        cursor.execute(f"CREATE TEMP TABLE {table} AS {plain}", params)
        return
    try:
        with transaction.atomic():
            cursor.execute(f"CREATE TEMP TABLE {table}{job.temp} AS {plain}", params)
        return
    except DataError:  # a cell PostgreSQL cannot read as a number: name every such cell, then go on
        pass
    rules.not_numbers(job, cursor)
    guarded = template.format(*[_guarded_cast(e) for e in exprs])
    # The %s of the guarded casts come before the employee-scope parameters in the statement.
    cursor.execute(f"CREATE TEMP TABLE {table}{job.temp} AS {guarded}", [NUMBER_RE] * len(exprs) + params)


def pivot(job: Job, cursor) -> None:
    """Long rows without errors → kpi_typed, one row per employee-day with a column per metric slot."""
    if not job.layout.is_long:
        return
    cols = ", ".join(f"MAX(CASE WHEN t.slot = {s} THEN t.value END) AS v{s:02d}" for s in job.slots()) \
        or "NULL AS v01"
    cursor.execute(f"""CREATE TEMP TABLE kpi_typed{job.temp} AS
        SELECT MIN(t.line) AS line, t.employee_id, t.date, {cols}
        FROM kpi_typed_long t WHERE t.line NOT IN (SELECT line FROM kpi_errors)
        GROUP BY t.employee_id, t.date""")


def drop_bad_lines(cursor) -> None:
    cursor.execute("DELETE FROM kpi_typed WHERE line IN (SELECT line FROM kpi_errors)")
