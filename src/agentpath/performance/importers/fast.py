"""The typed fast path (PostgreSQL, a plain UTF-8 CSV: wide, starting with the employee number and the date, or
long, employee_no,date,metric,value): Python swaps the first two cells for the employee id and the ISO date (and
folds the consecutive lines of one employee-day of a long file into one row, issue 18) while the bytes stream to
one COPY with typed columns — straight into KpiDay for a new period (ranges checked by one scan afterwards), into a temp
table that is checked set-based and merged (merge.py) when some employee-days exist. Anything it will not take — quotes, an unknown employee, a bad or future date, a cell
COPY cannot read, a value out of range, a repeat — raises, the caller rolls the savepoint back and the careful
path names every bad row."""
import datetime
from collections.abc import Iterator

from django.db import DataError, IntegrityError, transaction

from ..models import Metric
from . import rules
from .job import Job, bigger_temp_buffers
from .layout import metric_lookup, parse_date
from .merge import DAY, lock_days, merge
from .staging import CarefulPath, ProgressCounter, line_chunks


def fallback_errors() -> tuple:
    """What sends the file to the careful path: a cell COPY cannot read, a repeated employee-day (primary
    key), or anything the fast path itself will not take."""
    import psycopg

    return CarefulPath, DataError, IntegrityError, psycopg.DataError, psycopg.IntegrityError


def possible(job: Job, encoding: str) -> bool:
    """A wide UTF-8 file whose first two columns are the employee number and the date and whose other columns
    are all metrics, or a long one of exactly employee_no, date, metric, value."""
    lay = job.layout
    if not (job.pg and encoding == "UTF8" and not lay.ignored):
        return False
    if lay.is_long:
        return (lay.employee, lay.date, lay.metric, lay.value) == (0, 1, 2, 3) and len(lay.headers) == 4
    return {lay.employee, lay.date} == {0, 1} and len(lay.metric_columns) == len(lay.headers) - 2


def copy_metrics(job: Job) -> list[Metric]:
    """The metric columns the COPY writes: a wide file's own; for a long file every metric the user may import
    (a metric absent from the file stays NULL, which the merge leaves alone)."""
    if job.layout.is_long:
        return [m for m in Metric.objects.filter(kind=Metric.Kind.IMPORTED).order_by("slot") if job.scope.allows(m)]
    return [m for _i, m in job.layout.metric_columns]


def _employee_ids(job: Job, cursor) -> dict[bytes, bytes]:
    cond, params = job.scope.employee_filter("e")
    cursor.execute(f"SELECT e.employee_no, e.id FROM org_employee e WHERE true{cond}", params)
    return {no.encode(): b"%d" % pk for no, pk in cursor.fetchall()}


def copy_typed(job: Job, cursor, raw, size: int | None, table: str, where: str = "") -> tuple[dict, int, int]:
    """COPY the file into `table` (kpi_typed or KpiDay itself) with typed columns in one go, leaving out the
    rows that fail `where` (if given). Returns (dates seen, rows stored, employee-day rows sent)."""
    lay = job.layout
    employees = _employee_ids(job, cursor)
    metrics = copy_metrics(job)
    cols = ", ".join(m.column for m in metrics)
    dates: dict[bytes, bytes] = {}
    counter = ProgressCounter(job, size)
    where = f" WHERE {where}" if where else ""

    def iso_of(day: bytes) -> bytes:
        iso = dates.get(day)
        if iso is None:
            d = parse_date(day.decode("utf-8", "replace"))
            if d is None or d > job.today:
                raise CarefulPath
            iso = dates[day] = d.isoformat().encode()
        return iso

    sent = 0
    with cursor.cursor.copy(f"COPY {table} (employee_id, date, {cols}) FROM STDIN (FORMAT csv){where}") as copy:
        rows = _long_rows(job, raw, metrics, employees, iso_of, counter) if lay.is_long else \
            _wide_rows(lay.date == 0, raw, employees, iso_of, counter)
        for out in rows:
            copy.write(b"\n".join(out) + b"\n")
            sent += len(out)
    stored = cursor.cursor.rowcount
    if not lay.is_long:
        for m in metrics:
            job.metrics_by_slot[m.slot] = m
    if not job.rows_read:
        raise CarefulPath
    return dates, stored, sent


def _wide_rows(date_first: bool, raw, employees: dict, iso_of, counter) -> Iterator[list[bytes]]:
    for lines, read in line_chunks(raw):
        out = []
        append = out.append
        try:
            for text in lines:
                if not text:
                    continue
                first, second, rest = text.split(b",", 2)
                no, day = (second, first) if date_first else (first, second)
                append(b"%s,%s,%s" % (employees[no], iso_of(day), rest))
        except (KeyError, ValueError) as exc:
            raise CarefulPath from exc
        counter.add(len(out), read)
        if out:
            yield out


def _long_rows(job: Job, raw, metrics: list[Metric], employees: dict, iso_of, counter) -> Iterator[list[bytes]]:
    """Consecutive lines of one employee and day folded into one row with a cell per metric column. A repeated
    metric in a run, an empty value or a metric the user may not import: CarefulPath (which names them); an
    employee-day that comes back later in the file meets the primary key or the repeat check (merge path)."""
    lookup = metric_lookup(metrics)
    position: dict[bytes, int] = {}
    slot_index = {m.slot: i for i, m in enumerate(metrics)}
    empty = [b""] * len(metrics)
    key, cells = None, None
    for lines, read in line_chunks(raw):
        out = []
        append = out.append
        n = 0
        try:
            for text in lines:
                if not text:
                    continue
                n += 1
                no, day, metric, value = text.split(b",")
                if (no, day) != key:
                    if cells is not None:
                        append(b"%s,%s,%s" % (employees[key[0]], iso_of(key[1]), b",".join(cells)))
                    key, cells = (no, day), empty.copy()
                i = position.get(metric)
                if i is None:
                    m = lookup[metric.decode("utf-8").strip().lower()]
                    i = position[metric] = slot_index[m.slot]
                    job.metrics_by_slot[m.slot] = m
                if cells[i] or not value:
                    raise CarefulPath
                cells[i] = value
        except (KeyError, ValueError) as exc:
            raise CarefulPath from exc
        counter.add(n, read)
        if out:
            yield out
    if cells is not None:
        try:
            yield [b"%s,%s,%s" % (employees[key[0]], iso_of(key[1]), b",".join(cells))]
        except KeyError as exc:
            raise CarefulPath from exc


def _span(dates: dict) -> tuple[datetime.date, datetime.date]:
    days = sorted(dates.values())
    return datetime.date.fromisoformat(days[0].decode()), datetime.date.fromisoformat(days[-1].decode())


def direct_import(job: Job, cursor, raw, size: int | None, report, clock) -> None:
    """A new period straight into KpiDay, as cheap as a COPY can be: COPY's WHERE leaves a row with a value out
    of range behind (the count then differs: CarefulPath) and the primary key refuses an employee-day that
    exists or repeats (psycopg.IntegrityError: the caller then merges through the typed temp table).
    (IS NOT TRUE, not NOT: PostgreSQL 15 fails COPY … WHERE NOT (x < y) with "cache lookup failed".)"""
    lock_days(cursor)
    out_of_range = rules.any_out_of_range(job, copy_metrics(job))
    dates, stored, sent = copy_typed(job, cursor, raw, size, DAY, where=f"({out_of_range}) IS NOT TRUE")
    clock("stage")
    if stored != sent:
        raise CarefulPath
    report.rows_read = job.rows_read
    report.created = stored
    report.first_date, report.last_date = _span(dates)


def typed_import(job: Job, cursor, raw, size: int | None, report, clock) -> None:
    """Through a typed temp table, when some employee-days exist: checked set-based, then merged (merge.py)."""
    bigger_temp_buffers(cursor)
    cursor.execute("DROP TABLE IF EXISTS kpi_typed")  # an earlier import in the same transaction (tests)
    cursor.execute(f"CREATE TEMP TABLE kpi_typed (employee_id bigint, date date, "
                   f"{', '.join(f'{m.column} double precision' for m in copy_metrics(job))}) "
                   f"ON COMMIT DROP")
    dates, _stored, _sent = copy_typed(job, cursor, raw, size, "kpi_typed")
    clock("stage")
    report.rows_read = job.rows_read
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute(f"SELECT 1 FROM kpi_typed WHERE {rules.any_out_of_range(job, copy_metrics(job))} LIMIT 1")
    if cursor.fetchone() is not None or rules.any_repeat(cursor, "kpi_typed", "t.employee_id, t.date"):
        raise CarefulPath
    clock("check")
    merge(job, cursor, report, clock)
    clock("merge")
    report.first_date, report.last_date = _span(dates)


def fast_import(job: Job, cursor, raw, size: int | None, report, clock) -> None:
    """Store the file the fast way, or raise one of fallback_errors() (inside the caller's savepoint)."""
    import psycopg

    start = raw.tell()
    try:
        with transaction.atomic():
            direct_import(job, cursor, raw, size, report, clock)
        return
    except psycopg.IntegrityError:  # some employee-day exists already (or repeats): merge instead
        raw.seek(start)
        job.rows_read, report.rows_read, report.created = 0, 0, 0
        clock("direct_abandoned")
    typed_import(job, cursor, raw, size, report, clock)
