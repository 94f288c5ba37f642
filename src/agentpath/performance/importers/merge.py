"""Merging kpi_typed into KpiDay, the same statements on PostgreSQL and SQLite: the day rows that change are
found by one join (kpi_changed); their replaced values go to KpiRecordChange (corrections), then one UPDATE
(COALESCE(new, old): an empty cell leaves a value alone) and one INSERT of the new days. Re-importing the
same file changes nothing."""
import datetime

from django.db import connection
from django.utils import timezone

from ..models import KpiDay, KpiRecordChange, slot_column
from .job import Job

DAY = KpiDay._meta.db_table
CHANGE = KpiRecordChange._meta.db_table


def lock_days(cursor) -> None:
    """Concurrent imports serialise on the day table (PostgreSQL; SQLite has one writer anyway)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"LOCK TABLE {DAY} IN SHARE ROW EXCLUSIVE MODE")


def date_span(cursor) -> tuple[datetime.date | None, datetime.date | None, int]:
    cursor.execute("SELECT MIN(date), MAX(date), COUNT(*) FROM kpi_typed")
    first, last, rows = cursor.fetchone()
    if isinstance(first, str):  # SQLite
        first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    return first, last, rows


def merge(job: Job, cursor, report, clock) -> tuple[datetime.date | None, datetime.date | None]:
    """Upsert kpi_typed into KpiDay, keeping corrections; sets report.created/updated/unchanged/values_changed.
    Returns the first and last date written."""
    lock_days(cursor)
    if job.pg:
        cursor.execute("ANALYZE kpi_typed")
    first, last, typed_rows = date_span(cursor)
    clock("merge_prepare")
    cols = [slot_column(s) for s in job.slots()]
    if not typed_rows or not cols:
        return None, None
    join = "d.employee_id = t.employee_id AND d.date = t.date AND d.date >= %s AND d.date <= %s"
    differs = " OR ".join(f"COALESCE(t.{c}, d.{c}) IS DISTINCT FROM d.{c}" for c in cols)
    if not job.pg:
        differs = differs.replace("IS DISTINCT FROM", "IS NOT")
    cursor.execute(f"""CREATE TEMP TABLE kpi_changed{job.temp} AS
        SELECT t.employee_id, t.date, {", ".join(f"t.{c}, d.{c} AS o{c}" for c in cols)}
        FROM kpi_typed t JOIN {DAY} d ON {join} WHERE {differs}""", [first, last])
    # Corrections: an existing value replaced by a different one is kept in history.
    import_id = job.kpi_import.pk if job.kpi_import else None
    now = timezone.now()
    params = "CAST(%s AS bigint), CAST(%s AS timestamptz)" if job.pg else "%s, %s"  # typed for UNION ALL
    history = " UNION ALL ".join(
        f"SELECT employee_id, date, {job.metrics_by_slot[s].pk}, o{c}, {c}, {params} FROM kpi_changed "
        f"WHERE {c} IS NOT NULL AND o{c} IS NOT NULL AND o{c} <> {c}" for s, c in zip(job.slots(), cols, strict=True))
    cursor.execute(f"""INSERT INTO {CHANGE} (employee_id, date, metric_id, old_value, new_value, kpi_import_id,
        changed_at) {history}""", [import_id, now] * len(cols))
    report.values_changed = cursor.rowcount
    clock("merge_changes")
    sets = ", ".join(f"{c} = COALESCE(t.{c}, {DAY}.{c})" for c in cols)
    cursor.execute(f"""UPDATE {DAY} SET {sets} FROM kpi_changed t
        WHERE {DAY}.employee_id = t.employee_id AND {DAY}.date = t.date""")
    report.updated = cursor.rowcount
    cursor.execute("DROP TABLE kpi_changed")
    clock("merge_update")
    cursor.execute(f"""INSERT INTO {DAY} (employee_id, date, {", ".join(cols)})
        SELECT t.employee_id, t.date, {", ".join("t." + c for c in cols)} FROM kpi_typed t
        WHERE NOT EXISTS (SELECT 1 FROM {DAY} d WHERE {join})""", [first, last])
    report.created = cursor.rowcount
    report.unchanged = typed_rows - report.created - report.updated
    return first, last
