"""The typed fast path (PostgreSQL, a plain UTF-8 wide CSV starting with the employee number and the date):
Python swaps those two cells for the employee id and the ISO date while the bytes stream to one COPY into a
typed temp table (float8 per metric); a new period then goes to KpiDay with one INSERT … SELECT in
primary-key order that leaves out-of-range values behind, a period with existing days is checked set-based
and merged (merge.py). Anything it will not take — quotes, an unknown employee, a bad or future date, a cell
COPY cannot read, a value out of range, a repeat — raises, the caller rolls the savepoint back and the careful
path names every bad row."""
import datetime

from django.db import DataError, IntegrityError

from . import rules
from .job import Job, bigger_temp_buffers
from .layout import parse_date
from .merge import DAY, lock_days, merge
from .staging import CarefulPath, ProgressCounter, line_chunks


def fallback_errors() -> tuple:
    """What sends the file to the careful path: a cell COPY cannot read, a repeated employee-day (primary
    key), or anything the fast path itself will not take."""
    import psycopg

    return CarefulPath, DataError, IntegrityError, psycopg.DataError, psycopg.IntegrityError


def possible(job: Job, encoding: str) -> bool:
    """A wide UTF-8 file whose first two columns are the employee number and the date and whose other columns
    are all metrics."""
    lay = job.layout
    return (job.pg and encoding == "UTF8" and not lay.is_long and not lay.ignored
            and {lay.employee, lay.date} == {0, 1} and len(lay.metric_columns) == len(lay.headers) - 2)


def _employee_ids(job: Job, cursor) -> dict[bytes, bytes]:
    cond, params = job.scope.employee_filter("e")
    cursor.execute(f"SELECT e.employee_no, e.id FROM org_employee e WHERE true{cond}", params)
    return {no.encode(): b"%d" % pk for no, pk in cursor.fetchall()}


def stage_typed(job: Job, cursor, raw, size: int | None) -> tuple[set, dict]:
    """COPY the file into kpi_typed with typed columns in one go. Returns (employee ids, dates seen)."""
    lay = job.layout
    employees = _employee_ids(job, cursor)
    cols = ", ".join(m.column for _i, m in lay.metric_columns)
    bigger_temp_buffers(cursor)
    cursor.execute("DROP TABLE IF EXISTS kpi_typed")  # an earlier import in the same transaction (tests)
    cursor.execute(f"CREATE TEMP TABLE kpi_typed (employee_id bigint, date date, "
                   f"{', '.join(f'{m.column} double precision' for _i, m in lay.metric_columns)}) ON COMMIT DROP")
    dates: dict[bytes, bytes] = {}
    seen: set[bytes] = set()
    date_first = lay.date == 0
    counter = ProgressCounter(job, size)
    with cursor.cursor.copy(f"COPY kpi_typed (employee_id, date, {cols}) FROM STDIN (FORMAT csv)") as copy:
        for lines, read in line_chunks(raw):
            out = []
            append = out.append
            try:
                for text in lines:
                    if not text:
                        continue
                    first, second, rest = text.split(b",", 2)
                    no, day = (second, first) if date_first else (first, second)
                    iso = dates.get(day)
                    if iso is None:
                        d = parse_date(day.decode("utf-8", "replace"))
                        if d is None or d > job.today:
                            raise CarefulPath
                        iso = dates[day] = d.isoformat().encode()
                    employee = employees[no]
                    seen.add(employee)
                    append(b"%s,%s,%s" % (employee, iso, rest))
            except (KeyError, ValueError) as exc:
                raise CarefulPath from exc
            if out:
                copy.write(b"\n".join(out) + b"\n")
            counter.add(len(out), read)
    for _i, m in lay.metric_columns:
        job.metrics_by_slot[m.slot] = m
    return seen, dates


def fast_import(job: Job, cursor, raw, size: int | None, report, clock) -> None:
    """Store the file the fast way, or raise one of fallback_errors() (inside the caller's savepoint)."""
    employees, dates = stage_typed(job, cursor, raw, size)
    clock("stage")
    report.rows_read = job.rows_read
    if not job.rows_read:
        raise CarefulPath
    days = sorted(dates.values())
    first, last = datetime.date.fromisoformat(days[0].decode()), datetime.date.fromisoformat(days[-1].decode())
    cols = ", ".join(m.column for _i, m in job.layout.metric_columns)
    cursor.execute("SET LOCAL work_mem = '256MB'")
    lock_days(cursor)
    cursor.execute(f"SELECT 1 FROM {DAY} WHERE date >= %s AND date <= %s AND employee_id = ANY(%s) LIMIT 1",
                   [first, last, [int(e) for e in employees]])
    fresh = cursor.fetchone() is None
    employees.clear()
    clock("resolve")
    if fresh:
        # A new period: a plain INSERT in primary key order. A value out of range leaves its row out (the count
        # then differs); a repeated employee-day violates the primary key: the careful path reports either.
        cursor.execute(f"""INSERT INTO {DAY} (employee_id, date, {cols})
            SELECT employee_id, date, {cols} FROM kpi_typed WHERE NOT ({rules.any_out_of_range(job)})
            ORDER BY employee_id, date""")
        if cursor.rowcount != job.rows_read:
            raise CarefulPath
        report.created = cursor.rowcount
        clock("merge")
    else:
        # Some days exist: check set-based, then the regular merge (corrections kept in history).
        cursor.execute(f"SELECT 1 FROM kpi_typed WHERE {rules.any_out_of_range(job)} LIMIT 1")
        if cursor.fetchone() is not None:
            raise CarefulPath
        if rules.any_repeat(cursor, "kpi_typed", "t.employee_id, t.date"):
            raise CarefulPath
        clock("check")
        merge(job, cursor, report, clock)
        clock("merge")
    report.first_date, report.last_date = first, last
