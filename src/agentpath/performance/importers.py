"""KPI import: wide or long files (CSV or XLSX), the API batch, and the CLI (`agentpath import kpi FILE`).

Typed fast path (PostgreSQL, a plain UTF-8 wide CSV starting with the employee number and the date): Python
swaps those two cells for the employee id and the ISO date while the bytes stream to one COPY into a typed
staging table (float8 per metric); a new period then goes to KpiDay with one INSERT … SELECT in primary-key
order that leaves out-of-range values behind (a repeated employee-day violates the key), a period with
existing days is checked set-based and merged as below. Anything the fast path will not take — quotes, an
unknown employee, a bad or future date, a cell COPY cannot read, a value out of range, a repeat — rolls its
savepoint back and the careful pipeline below runs instead and names every bad row.

The careful pipeline, set-based on both databases (docs/kpi.md):
1. stream the rows into a staging table — PostgreSQL: COPY (text columns); SQLite: batched executemany
   (numbers parsed while staging). Only the current chunk is in memory, whatever the file size;
2. resolve the distinct dates, employee numbers and metric codes against the database (joins, not loops);
3. write every problem as a row of a `kpi_errors` temp table with one INSERT … SELECT per rule;
4. reject (nothing stored) or, with skip_bad_rows, drop the bad lines;
5. merge into KpiDay: corrections are recorded in KpiRecordChange, then UPDATE the changed day rows and
   INSERT the new ones. Re-importing the same file changes nothing.
"""
import csv
import datetime
import io
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.spreadsheets import ImportReport, RowError, UploadRejected, check_upload, open_rows

from .models import KpiDay, KpiImport, KpiRecordChange, Metric

# Errors kept for the report; the count of all errors is always exact.
MAX_REPORTED_ERRORS = 10_000
COPY_CHUNK_BYTES = 1 << 20
SQLITE_BATCH = 5_000
PROGRESS_EVERY = 50_000

EMPLOYEE_HEADERS = {"employee_no", "employee", "employee number", "工号", "员工编号", "坐席工号", "agent_id"}
DATE_HEADERS = {"date", "日期", "统计日期", "day"}
METRIC_HEADERS = {"metric", "指标", "指标代码", "metric_code"}
VALUE_HEADERS = {"value", "数值", "值"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S")
# What PostgreSQL's float8 input accepts, minus NaN/Infinity and absurd lengths (checked only after a
# cast failed, to name the bad cells).
NUMBER_RE = r"^\s*[-+]?([0-9]{1,30}\.?[0-9]{0,30}|\.[0-9]{1,30})([eE][-+]?[0-9]{1,2})?\s*%?\s*$"
_NUMBER = re.compile(NUMBER_RE)

Progress = Callable[[int, int | None], None] | None


@dataclass
class KpiImportReport(ImportReport):
    """ImportReport counted in employee-days, plus the corrections made and the dates touched."""

    values_changed: int = 0
    error_count: int = 0
    first_date: datetime.date | None = None
    last_date: datetime.date | None = None
    timings: dict = field(default_factory=dict)  # seconds per phase, for the benchmark and the logs

    def as_dict(self) -> dict:
        return {**super().as_dict(), "values_changed": self.values_changed, "error_count": self.error_count,
                "first_date": self.first_date.isoformat() if self.first_date else None,
                "last_date": self.last_date.isoformat() if self.last_date else None,
                "timings": {k: round(v, 3) for k, v in self.timings.items()}}


class _Clock:
    def __init__(self, timings: dict):
        self.timings, self.last = timings, time.perf_counter()

    def __call__(self, phase: str):
        now = time.perf_counter()
        self.timings[phase] = self.timings.get(phase, 0) + now - self.last
        self.last = now


def psycopg_errors():
    """The errors COPY raises through the raw psycopg cursor (Django does not wrap them)."""
    import psycopg

    return psycopg.DataError


def _fast_path_errors() -> tuple:
    """What makes the typed fast path give the file to the careful path: a cell COPY cannot read, a repeated
    employee-day (primary key), or anything the fast path itself will not take."""
    import psycopg

    return _CarefulPath, DataError, IntegrityError, psycopg.DataError, psycopg.IntegrityError


class _CarefulPath(Exception):
    """The fast path cannot take this file; the careful path (Python's csv reader) will."""


class ImportRejected(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


@dataclass
class ImportScope:
    """Whose rows and which metrics an importer may write: None means all (HR, CLI)."""

    center_ids: list[int] | None = None
    metric_sources: set[str] | None = None

    @classmethod
    def for_user(cls, user) -> "ImportScope":
        from agentpath.accounts.models import Role
        from agentpath.accounts.scoping import center_ids_for

        if user.is_superuser or user.role == Role.HR_ADMIN:
            return cls()
        if user.role == Role.QA:
            return cls(center_ids=center_ids_for(user) or [], metric_sources={Metric.Source.QA})
        raise PermissionError(_("Only HR and QA may import KPI."))


@dataclass
class Layout:
    """Which file column holds what. Wide: a column per metric; long: metric and value columns."""

    headers: list[str]
    employee: int
    date: int
    metric: int | None = None
    value: int | None = None
    metric_columns: list[tuple[int, Metric]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)

    @property
    def is_long(self) -> bool:
        return self.metric is not None


# ---------------------------------------------------------------------------------------------- reading

# open_rows lives in common.spreadsheets (shared with the roster import).


def _metric_lookup(metrics: Iterable[Metric]) -> dict[str, Metric]:
    """A metric by its code, Chinese or English name (case-insensitive)."""
    lookup = {}
    for m in metrics:
        for key in (m.name_en, m.name, m.code):
            if key:
                lookup[key.strip().lower()] = m
    return lookup


def detect_layout(headers: list[str], metrics: dict[str, Metric], scope: ImportScope,
                  errors: list[RowError]) -> Layout:
    """Map the header row; unknown columns become errors on line 1. Raises ImportRejected when the file
    lacks a column nothing can be imported without."""
    lowered = [h.strip().lower() for h in headers]

    def find(names):
        return next((i for i, h in enumerate(lowered) if h in names), None)

    employee, date = find(EMPLOYEE_HEADERS), find(DATE_HEADERS)
    metric, value = find(METRIC_HEADERS), find(VALUE_HEADERS)
    fatal = []
    if employee is None:
        fatal.append(RowError(1, "employee_no", "", _("The file has no employee number column; the first row must "
                                                       "name the columns, e.g. employee_no,date,aht,fcr.")))
    if date is None:
        fatal.append(RowError(1, "date", "", _("The file has no date column; the first row must name the columns, "
                                               "e.g. employee_no,date,aht,fcr.")))
    if (metric is None) != (value is None):
        fatal.append(RowError(1, "metric" if metric is None else "value", "",
                              _("A long file needs both a metric column and a value column.")))
    if fatal:
        raise ImportRejected(KpiImportReport(errors=fatal, error_count=len(fatal)))
    layout = Layout(headers=headers, employee=employee, date=date, metric=metric, value=value)
    known = {employee, date, metric, value}
    codes = ", ".join(sorted({m.code for m in metrics.values()}))
    for i, h in enumerate(lowered):
        if i in known:
            continue
        if not h:
            layout.ignored.append(i)
            continue
        m = metrics.get(h)
        if m is None or layout.is_long:
            layout.ignored.append(i)
            errors.append(RowError(1, headers[i], headers[i], _(
                "Column %(value)s is not a metric code or a known column; known metric codes: %(codes)s.")
                % {"value": headers[i], "codes": codes}))
        elif scope.metric_sources is not None and m.source not in scope.metric_sources:
            layout.ignored.append(i)
            errors.append(RowError(1, headers[i], headers[i], _(
                "You may import only the metrics of your own system, not %(value)s.") % {"value": headers[i]}))
        elif any(m.pk == other.pk for _i, other in layout.metric_columns):
            layout.ignored.append(i)
            errors.append(RowError(1, headers[i], headers[i], _(
                "Column %(value)s repeats metric %(metric)s; keep one column per metric.")
                % {"value": headers[i], "metric": m.code}))
        else:
            layout.metric_columns.append((i, m))
    if not layout.is_long and not layout.metric_columns:
        errors.append(RowError(1, "", ",".join(headers), _(
            "No column is a metric code; a wide file has one column per metric, e.g. employee_no,date,aht,fcr; "
            "a long file has employee_no,date,metric,value.")))
        raise ImportRejected(KpiImportReport(errors=errors, error_count=len(errors)))
    return layout


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_number(text: str) -> float | None:
    """A float, or None when the text is not a number (NaN and infinities are not numbers here)."""
    if not _NUMBER.match(text):
        return None
    return float(text.strip().rstrip("%").strip())


# ---------------------------------------------------------------------------------------------- pipeline

class _Pipeline:
    def __init__(self, layout: Layout, scope: ImportScope, skip_bad_rows: bool, progress: Progress,
                 kpi_import: KpiImport | None, today: datetime.date):
        self.layout, self.scope, self.skip, self.progress = layout, scope, skip_bad_rows, progress
        self.kpi_import, self.today = kpi_import, today
        self.pg = connection.vendor == "postgresql"
        self.rows_read = 0
        self.header_errors: list[RowError] = []
        self.metrics_by_slot: dict[int, Metric] = {}

    # -- staging
    def stage_names(self) -> list[str]:
        """The staging column of each file column: employee_no, date_text, metric_text, value_text, cNN for
        metric slot NN, xI for an ignored column I."""
        lay = self.layout
        slots = {i: m.slot for i, m in lay.metric_columns}
        names = []
        for i in range(len(lay.headers)):
            if i == lay.employee:
                names.append("employee_no")
            elif i == lay.date:
                names.append("date_text")
            elif i == lay.metric:
                names.append("metric_text")
            elif i == lay.value:
                names.append("value_text")
            elif i in slots:
                names.append(f"c{slots[i]:02d}")
            else:
                names.append(f"x{i}")
        return names

    def number_names(self) -> list[str]:
        return [n for n in self.stage_names() if n == "value_text" or n.startswith("c")]

    @staticmethod
    def temp_buffers(cursor):
        # A bigger local buffer for the temp tables; only possible before the session's first temp table.
        try:
            with transaction.atomic():
                cursor.execute("SET temp_buffers = '256MB'")
        except Exception:  # noqa: BLE001 - already set for this session; the default is only slower
            pass

    def create_temp_tables(self, cursor):
        numbers = set(self.number_names())
        number_type = "text" if self.pg else "REAL"
        cols = ["line integer"] + [f"{n} {number_type if n in numbers else 'text'}" for n in self.stage_names()]
        on_commit = " ON COMMIT DROP" if self.pg else ""
        if self.pg:
            self.temp_buffers(cursor)
        for name in ("kpi_stage", "kpi_errors", "kpi_dates", "kpi_metric_map", "kpi_typed", "kpi_typed_long"):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMP TABLE kpi_stage ({', '.join(cols)}){on_commit}")
        cursor.execute(f"CREATE TEMP TABLE kpi_errors (line integer, col text, value text, code text, arg text)"
                       f"{on_commit}")
        cursor.execute(f"CREATE TEMP TABLE kpi_dates (date_text text, d date){on_commit}")
        cursor.execute(f"CREATE TEMP TABLE kpi_metric_map (metric_text text, slot integer, metric_id integer)"
                       f"{on_commit}")

    def stage_raw(self, cursor, raw, encoding: str, size: int | None) -> bool:
        """PostgreSQL fast path for plain CSV: the file's bytes go to COPY with the line number put in front;
        Python never splits the cells. Returns False (nothing staged) when the file needs the careful path:
        quoted cells, a row with the wrong number of cells, or bytes COPY cannot read."""
        names = ", ".join(["line", *self.stage_names()])
        copy_sql = (f"COPY kpi_stage ({names}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({names[6:]}), "
                    f"ENCODING '{encoding}')")
        start = raw.tell()
        line = 1
        try:
            with transaction.atomic(), cursor.cursor.copy(copy_sql) as copy:
                for lines, read in self._line_chunks(raw):
                    out = []
                    for text in lines:
                        line += 1
                        if text.strip(b" ,\t\r"):
                            out.append(b"%d,%s" % (line, text))
                    self._copy_rows(copy, out, read, size)
        except (_CarefulPath, DataError, psycopg_errors()):
            raw.seek(start)
            self.rows_read = 0
            return False
        return True

    def _line_chunks(self, raw):
        """The file's lines (bytes, without newline), a chunk at a time, with the bytes read so far. A quote
        means cells that only the csv parser reads right: the caller falls back to the careful path."""
        self._report_at = PROGRESS_EVERY
        pending, read = b"", 0
        while True:
            chunk = raw.read(COPY_CHUNK_BYTES)
            if b'"' in chunk:
                raise _CarefulPath
            read += len(chunk)
            data = (pending + chunk).replace(b"\r\n", b"\n") if chunk else pending + b"\n"
            lines = data.split(b"\n")
            pending = lines.pop()
            yield lines, read
            if not chunk:
                return

    def _copy_rows(self, copy, out: list[bytes], read: int, size: int | None) -> None:
        """Send prepared rows to COPY, count them, and report progress every PROGRESS_EVERY rows."""
        if out:
            copy.write(b"\n".join(out) + b"\n")
            self.rows_read += len(out)
        if self.rows_read >= self._report_at:
            self._report_at = self.rows_read + PROGRESS_EVERY
            estimate = int(self.rows_read * size / read) if size and read else None
            self._tell(self.rows_read, max(estimate or 0, self.rows_read))

    # -- the typed fast path (PostgreSQL, plain wide CSV)
    def fast_possible(self, encoding: str) -> bool:
        """A wide UTF-8 file whose first two columns are the employee number and the date and whose other
        columns are all metrics: the typed fast path may try it."""
        lay = self.layout
        return (self.pg and encoding == "UTF8" and not lay.is_long and not lay.ignored
                and {lay.employee, lay.date} == {0, 1} and len(lay.metric_columns) == len(lay.headers) - 2)

    def _employee_ids(self, cursor) -> dict[bytes, bytes]:
        sql = "SELECT employee_no, id FROM org_employee"
        params: list = []
        if self.scope.center_ids is not None:
            sql += f" WHERE center_id IN ({', '.join(['%s'] * len(self.scope.center_ids)) or 'NULL'})"
            params = list(self.scope.center_ids)
        cursor.execute(sql, params)
        return {no.encode(): b"%d" % pk for no, pk in cursor.fetchall()}

    def stage_typed(self, cursor, raw, size: int | None) -> tuple[set, dict]:
        """COPY the file into kpi_typed with typed columns (employee id, date, float8 per metric) in one go.
        Python only swaps the employee number and the date of each line for the id and the ISO date; anything
        it or COPY cannot take as is (quotes, an unknown employee, a bad or future date, a bad number, a wrong
        cell count) raises, and the careful path will name the bad rows. Returns (employee ids, dates)."""
        lay = self.layout
        employees = self._employee_ids(cursor)
        cols = ", ".join(m.column for _i, m in lay.metric_columns)
        self.temp_buffers(cursor)
        cursor.execute("DROP TABLE IF EXISTS kpi_typed")  # an earlier import in the same transaction (tests)
        cursor.execute(f"CREATE TEMP TABLE kpi_typed (employee_id bigint, date date, "
                       f"{', '.join(f'{m.column} double precision' for _i, m in lay.metric_columns)}) ON COMMIT DROP")
        dates: dict[bytes, bytes] = {}
        seen: set[bytes] = set()
        date_first = lay.date == 0
        with cursor.cursor.copy(f"COPY kpi_typed (employee_id, date, {cols}) FROM STDIN (FORMAT csv)") as copy:
            for lines, read in self._line_chunks(raw):
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
                            if d is None or d > self.today:
                                raise _CarefulPath
                            iso = dates[day] = d.isoformat().encode()
                        employee = employees[no]
                        seen.add(employee)
                        append(b"%s,%s,%s" % (employee, iso, rest))
                except (KeyError, ValueError) as exc:
                    raise _CarefulPath from exc
                self._copy_rows(copy, out, read, size)
        for _i, m in lay.metric_columns:
            self.metrics_by_slot[m.slot] = m
        return seen, dates

    def _valid_values(self) -> str:
        """SQL true when every value of a kpi_typed row is empty or a finite number in its metric's range."""
        conds = []
        for _i, m in self.layout.metric_columns:
            c = m.column
            lo = f"{c} >= {float(m.min_value)!r}" if m.min_value is not None else f"{c} > '-Infinity'"
            hi = f"{c} <= {float(m.max_value)!r}" if m.max_value is not None else f"{c} < 'Infinity'"
            conds.append(f"({c} IS NULL OR ({lo} AND {hi}))")  # NaN fails both comparisons' pair
        return " AND ".join(conds) or "true"

    def fast_import(self, cursor, raw, size: int | None, report: "KpiImportReport", clock) -> bool:
        """The typed fast path; True when the file is stored. Raises _CarefulPath, DataError or
        IntegrityError (inside a savepoint of the caller) when the careful path must build the report."""
        employees, dates = self.stage_typed(cursor, raw, size)
        clock("stage")
        report.rows_read = self.rows_read
        if not self.rows_read:
            raise _CarefulPath
        days = sorted(dates.values())
        first, last = datetime.date.fromisoformat(days[0].decode()), datetime.date.fromisoformat(days[-1].decode())
        day = KpiDay._meta.db_table
        cols = ", ".join(m.column for _i, m in self.layout.metric_columns)
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"LOCK TABLE {day} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT 1 FROM {day} WHERE date >= %s AND date <= %s AND employee_id = ANY(%s) LIMIT 1",
                       [first, last, [int(e) for e in employees]])
        fresh = cursor.fetchone() is None
        employees.clear()
        clock("resolve")
        if fresh:
            # None of the file's employee-days exists yet (a new period): a plain INSERT in primary key order.
            # A value out of range leaves its row out (the count then differs); a repeated employee-day
            # violates the primary key. Either way the careful path reports the rows.
            cursor.execute(f"""INSERT INTO {day} (employee_id, date, {cols})
                SELECT employee_id, date, {cols} FROM kpi_typed WHERE {self._valid_values()}
                ORDER BY employee_id, date""")
            if cursor.rowcount != self.rows_read:
                raise _CarefulPath
            report.created = cursor.rowcount
            clock("merge")
        else:
            # Some days exist: check set-based, then the regular merge (corrections kept in history).
            cursor.execute(f"SELECT 1 FROM kpi_typed WHERE NOT ({self._valid_values()}) LIMIT 1")
            if cursor.fetchone() is not None:
                raise _CarefulPath
            cursor.execute("SELECT 1 FROM kpi_typed GROUP BY employee_id, date HAVING COUNT(*) > 1 LIMIT 1")
            if cursor.fetchone() is not None:
                raise _CarefulPath
            clock("check")
            self.merge(cursor, report, clock)
            clock("merge")
        report.first_date, report.last_date = first, last
        return True

    def stage(self, cursor, rows: Iterator[tuple[int, list[str]]], estimate: int | None):
        width = len(self.layout.headers)
        names = self.stage_names()
        numbers = {i for i, n in enumerate(names) if n in set(self.number_names())}
        errors_batch = []
        report_every = PROGRESS_EVERY
        self._tell(0, estimate)

        def cells_of(line, cells):
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                errors_batch.append((line, "", ",".join(cells[width:])[:200], "cells", str(width)))
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            return [c.strip() for c in cells[:width]]

        if self.pg:
            cols = ", ".join(["line", *names])
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            # FORCE_NOT_NULL: an empty cell is '' (checked as empty), never NULL.
            copy_sql = f"COPY kpi_stage ({cols}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({cols[6:]}))"
            with cursor.cursor.copy(copy_sql) as copy:
                for line, cells in rows:
                    writer.writerow([line, *cells_of(line, cells)])
                    self.rows_read += 1
                    if buffer.tell() > COPY_CHUNK_BYTES:
                        copy.write(buffer.getvalue())
                        buffer.seek(0)
                        buffer.truncate()
                    if self.rows_read >= report_every:
                        report_every += PROGRESS_EVERY
                        self._tell(self.rows_read, max(estimate or 0, self.rows_read))
                copy.write(buffer.getvalue())
        else:
            placeholders = ", ".join(["%s"] * (1 + width))
            sql = f"INSERT INTO kpi_stage (line, {', '.join(names)}) VALUES ({placeholders})"
            batch = []
            for line, cells in rows:
                values = cells_of(line, cells)
                for k in numbers:
                    text = values[k]
                    if text == "":
                        values[k] = None
                        continue
                    number = parse_number(text)
                    if number is None:
                        errors_batch.append((line, self.layout.headers[k], text[:200], "number", ""))
                    values[k] = number
                batch.append([line, *values])
                self.rows_read += 1
                if len(batch) >= SQLITE_BATCH:
                    cursor.executemany(sql, batch)
                    batch.clear()
                if self.rows_read >= report_every:
                    report_every += PROGRESS_EVERY
                    self._tell(self.rows_read, max(estimate or 0, self.rows_read))
            if batch:
                cursor.executemany(sql, batch)
        if errors_batch:
            cursor.executemany("INSERT INTO kpi_errors VALUES (%s, %s, %s, %s, %s)", errors_batch)

    def _tell(self, done, total):
        if self.progress:
            self.progress(done, total)

    # -- resolving and checking, set-based
    def resolve(self, cursor):
        cursor.execute("SELECT DISTINCT date_text FROM kpi_stage")
        dates = []
        for (text,) in cursor.fetchall():
            d = parse_date(text or "")
            if d is not None and d <= self.today:
                dates.append((text, d))
        if dates:
            cursor.executemany("INSERT INTO kpi_dates VALUES (%s, %s)", dates)
        employee_cond = ""
        params: list = []
        if self.scope.center_ids is not None:
            employee_cond = f" AND e.center_id IN ({', '.join(['%s'] * len(self.scope.center_ids)) or 'NULL'})"
            params = list(self.scope.center_ids)
        self.employee_join = f"org_employee e ON e.employee_no = s.employee_no{employee_cond}"
        self.employee_params = params
        # Employee numbers and dates: empty, unknown, not a date, in the future.
        cursor.execute(f"""INSERT INTO kpi_errors
            SELECT s.line, 'employee_no', s.employee_no, CASE WHEN s.employee_no = '' THEN 'empty' ELSE 'employee' END, ''
            FROM kpi_stage s LEFT JOIN {self.employee_join} WHERE e.id IS NULL""", params)
        cursor.execute("""INSERT INTO kpi_errors
            SELECT s.line, 'date', s.date_text, CASE WHEN s.date_text = '' THEN 'empty' ELSE 'date' END, ''
            FROM kpi_stage s LEFT JOIN kpi_dates dm ON dm.date_text = s.date_text WHERE dm.d IS NULL""")
        if self.layout.is_long:
            self._resolve_metrics(cursor)

    def _resolve_metrics(self, cursor):
        lookup = _metric_lookup(Metric.objects.all())
        cursor.execute("SELECT DISTINCT metric_text FROM kpi_stage")
        mapped = []
        for (text,) in cursor.fetchall():
            m = lookup.get((text or "").strip().lower())
            if m is not None and (self.scope.metric_sources is None or m.source in self.scope.metric_sources):
                mapped.append((text, m.slot, m.pk))
                self.metrics_by_slot[m.slot] = m
            elif m is not None:
                cursor.execute("INSERT INTO kpi_errors SELECT line, 'metric', metric_text, 'metric_scope', '' "
                               "FROM kpi_stage WHERE metric_text = %s", [text])
        if mapped:
            cursor.executemany("INSERT INTO kpi_metric_map VALUES (%s, %s, %s)", mapped)
        cursor.execute("""INSERT INTO kpi_errors
            SELECT s.line, 'metric', s.metric_text, CASE WHEN s.metric_text = '' THEN 'empty' ELSE 'metric' END, ''
            FROM kpi_stage s LEFT JOIN kpi_metric_map mm ON mm.metric_text = s.metric_text
            WHERE mm.slot IS NULL AND s.metric_text NOT IN (SELECT e.value FROM kpi_errors e WHERE e.code = 'metric_scope')""")

    def _cast(self, expr: str) -> str:
        if not self.pg:
            return expr
        return f"CAST(NULLIF({expr}, '') AS double precision)"

    def _guarded_cast(self, expr: str) -> str:
        # The careful path: also reads "95.5%" and names every cell that is not a number.
        return f"CASE WHEN {expr} ~ %s THEN CAST(NULLIF(TRIM(REPLACE({expr}, '%%', '')), '') AS double precision) END"

    def build_typed(self, cursor):
        """The staged rows with employee ids, dates and numbers: kpi_typed (one row per employee-day)."""
        if self.layout.is_long:
            value = "s.value_text"
            select = (f"SELECT s.line, e.id AS employee_id, dm.d AS date, mm.slot, {{0}} AS value "
                      f"FROM kpi_stage s JOIN {self.employee_join} JOIN kpi_dates dm ON dm.date_text = s.date_text "
                      f"JOIN kpi_metric_map mm ON mm.metric_text = s.metric_text")
            self._create_typed(cursor, "kpi_typed_long", select, [value])
            if self.pg:
                cursor.execute("""INSERT INTO kpi_errors SELECT s.line, 'value', s.value_text, 'empty', ''
                    FROM kpi_stage s WHERE TRIM(s.value_text) = '' OR s.value_text IS NULL""")
            else:
                cursor.execute("""INSERT INTO kpi_errors SELECT s.line, 'value', '', 'empty', ''
                    FROM kpi_stage s WHERE s.value_text IS NULL
                    AND s.line NOT IN (SELECT line FROM kpi_errors WHERE code = 'number')""")
        else:
            exprs = [f"s.c{m.slot:02d}" for _i, m in self.layout.metric_columns]
            cols = ", ".join(f"{{{k}}} AS {m.column}" for k, (_i, m) in enumerate(self.layout.metric_columns))
            select = (f"SELECT s.line, e.id AS employee_id, dm.d AS date, {cols} FROM kpi_stage s "
                      f"JOIN {self.employee_join} JOIN kpi_dates dm ON dm.date_text = s.date_text")
            self._create_typed(cursor, "kpi_typed", select, exprs)
            for _i, m in self.layout.metric_columns:
                self.metrics_by_slot[m.slot] = m

    def _create_typed(self, cursor, table, select_template, exprs):
        on_commit = " ON COMMIT DROP" if self.pg else ""
        fast = select_template.format(*[self._cast(e) for e in exprs])
        if not self.pg:
            cursor.execute(f"CREATE TEMP TABLE {table} AS {fast}", self.employee_params)
            return
        try:
            with transaction.atomic():
                cursor.execute(f"CREATE TEMP TABLE {table}{on_commit} AS {fast}", self.employee_params)
            return
        except DataError:  # a cell PostgreSQL cannot read as a number: name every such cell, then go on
            pass
        stage_names = self.stage_names()
        cols = self.number_names()
        names = [self.layout.headers[stage_names.index(c)] for c in cols]
        for col, name in zip(cols, names, strict=True):
            cursor.execute(f"""INSERT INTO kpi_errors SELECT line, %s, LEFT({col}, 200), 'number', ''
                FROM kpi_stage WHERE {col} <> '' AND {col} !~ %s""", [name, NUMBER_RE])
        guarded = select_template.format(*[self._guarded_cast(e) for e in exprs])
        params = []
        for _e in exprs:
            params.append(NUMBER_RE)
        # The %s of the guarded casts come before the employee-scope parameters in the statement.
        cursor.execute(f"CREATE TEMP TABLE {table}{on_commit} AS {guarded}", params + self.employee_params)

    def check_values(self, cursor):
        """Out-of-range values and repeated employee/date(/metric) keys."""
        if self.layout.is_long:
            cursor.execute("""INSERT INTO kpi_errors
                SELECT t.line, 'value', CAST(t.value AS text), 'range', CAST(m.id AS text)
                FROM kpi_typed_long t JOIN performance_metric m ON m.slot = t.slot
                WHERE {} t.value < m.min_value OR t.value > m.max_value""".format(
                "t.value = 'NaN'::float8 OR" if self.pg else ""))
            self._duplicates(cursor, "kpi_typed_long", "t.employee_id, t.date, t.slot")
            self._pivot(cursor)
        elif self.pg:
            self._range_check_pg(cursor)
            self._duplicates(cursor, "kpi_typed", "t.employee_id, t.date")
        else:
            for _i, m in self.layout.metric_columns:
                conds = []
                if self.pg:
                    conds.append(f"t.{m.column} = 'NaN'::float8")
                if m.min_value is not None:
                    conds.append(f"t.{m.column} < {float(m.min_value)!r}")
                if m.max_value is not None:
                    conds.append(f"t.{m.column} > {float(m.max_value)!r}")
                if conds:
                    cursor.execute(f"""INSERT INTO kpi_errors
                        SELECT t.line, %s, CAST(t.{m.column} AS text), 'range', %s FROM kpi_typed t
                        WHERE {" OR ".join(conds)}""", [self.layout.headers[_i], str(m.pk)])
            self._duplicates(cursor, "kpi_typed", "t.employee_id, t.date")

    def _range_conditions(self, m: Metric, col: str) -> list[str]:
        conds = [f"{col} = 'NaN'::float8"] if self.pg else []
        if m.min_value is not None:
            conds.append(f"{col} < {float(m.min_value)!r}")
        if m.max_value is not None:
            conds.append(f"{col} > {float(m.max_value)!r}")
        return conds

    def _range_check_pg(self, cursor):
        """One scan for every metric column; only the offending rows are unpivoted into errors."""
        any_bad, cells = [], []
        for i, m in self.layout.metric_columns:
            conds = self._range_conditions(m, f"t.{m.column}")
            any_bad += conds
            header = self.layout.headers[i].replace("'", "''")
            cells.append(f"('{header}', t.{m.column}, {m.pk}, "
                         f"{' OR '.join(self._range_conditions(m, f't.{m.column}')) or 'false'})")
        if not any_bad:
            return
        cursor.execute(f"""INSERT INTO kpi_errors
            SELECT t.line, c.col, CAST(c.value AS text), 'range', CAST(c.metric_id AS text)
            FROM (SELECT * FROM kpi_typed t WHERE {" OR ".join(any_bad)}) t
            CROSS JOIN LATERAL (VALUES {", ".join(cells)}) AS c(col, value, metric_id, bad)
            WHERE c.bad""")

    def _duplicates(self, cursor, table, key):
        # Cheap test first (hash aggregate); the window that names the lines runs only when there are repeats.
        cursor.execute(f"SELECT 1 FROM {table} t GROUP BY {key} HAVING COUNT(*) > 1 LIMIT 1")
        if cursor.fetchone() is None:
            return
        # Every repeat after the first occurrence is an error naming the first line.
        cursor.execute(f"""INSERT INTO kpi_errors
            SELECT x.line, 'employee_no', s.employee_no, 'duplicate', CAST(x.first_line AS text) FROM (
                SELECT t.line, MIN(t.line) OVER k AS first_line, COUNT(*) OVER k AS n
                FROM {table} t WINDOW k AS (PARTITION BY {key})
            ) x JOIN kpi_stage s ON s.line = x.line
            WHERE x.n > 1 AND x.line <> x.first_line""")

    def _pivot(self, cursor):
        """Long rows → one row per employee-day with a column per metric slot."""
        on_commit = " ON COMMIT DROP" if self.pg else ""
        slots = sorted(self.metrics_by_slot)
        cols = ", ".join(f"MAX(CASE WHEN t.slot = {s} THEN t.value END) AS v{s:02d}" for s in slots) or "NULL AS v01"
        self.pivot_slots = slots
        cursor.execute(f"""CREATE TEMP TABLE kpi_typed{on_commit} AS
            SELECT MIN(t.line) AS line, t.employee_id, t.date, {cols}
            FROM kpi_typed_long t WHERE t.line NOT IN (SELECT line FROM kpi_errors)
            GROUP BY t.employee_id, t.date""")

    def errors(self, cursor) -> tuple[int, int, list[RowError]]:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT line) FROM kpi_errors")
        total, lines = cursor.fetchone()
        cursor.execute("SELECT line, col, value, code, arg FROM kpi_errors ORDER BY line, col LIMIT %s",
                       [MAX_REPORTED_ERRORS])
        rows = cursor.fetchall()
        metrics = {str(m.pk): m for m in Metric.objects.all()}
        return total, lines, [self._message(row, metrics) for row in rows]

    def _message(self, row, metrics) -> RowError:
        line, col, value, code, arg = row
        value = "" if value is None else str(value)
        if code == "employee":
            reason = _("Employee number %(value)s is not in the roster (or not in the centers you serve); check the "
                       "number or import the roster first.") % {"value": value}
        elif code == "empty":
            reason = _("This cell is empty; every row needs an employee number, a date and a value.")
        elif code == "date":
            reason = _("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-07-01.") % {"value": value}
            if (d := parse_date(value)) is not None and d > self.today:
                reason = _("%(value)s is in the future; KPI can be imported up to today, %(today)s.") % {
                    "value": value, "today": self.today.isoformat()}
        elif code == "number":
            reason = _("%(value)s is not a number; write digits with a dot for decimals, e.g. 92.5.") % {
                "value": value}
        elif code == "range":
            m = metrics.get(arg)
            lo = "" if m is None or m.min_value is None else f"{m.min_value:g}"
            hi = "" if m is None or m.max_value is None else f"{m.max_value:g}"
            shown = value
            try:
                shown = f"{float(value):g}"
            except ValueError:
                pass
            reason = _("%(value)s is outside the valid range of %(metric)s: %(min)s to %(max)s.") % {
                "value": shown, "metric": m.display_name if m else "?", "min": lo, "max": hi}
            value = shown
        elif code == "duplicate":
            what = (_("employee, date and metric") if self.layout.is_long else _("employee and date"))
            reason = _("The same %(what)s appears again (first on line %(first)s); keep one of them.") % {
                "what": what, "first": arg}
        elif code == "metric":
            codes = ", ".join(sorted(m.code for m in metrics.values()))
            reason = _("%(value)s is not a metric code; known codes: %(codes)s.") % {"value": value, "codes": codes}
        elif code == "metric_scope":
            reason = _("You may import only the metrics of your own system, not %(value)s.") % {"value": value}
        elif code == "cells":
            reason = _("This row has more cells than the header's %(n)s columns: %(value)s.") % {
                "n": arg, "value": value}
        else:
            reason = code
        return RowError(line=line, column=col, value=value, reason=reason)

    def drop_bad_lines(self, cursor):
        cursor.execute("DELETE FROM kpi_typed WHERE line IN (SELECT line FROM kpi_errors)")

    # -- merging
    def merge(self, cursor, report: ImportReport, clock) -> tuple[datetime.date | None, datetime.date | None]:
        slots = (self.pivot_slots if self.layout.is_long else [m.slot for _i, m in self.layout.metric_columns])
        day = KpiDay._meta.db_table
        if self.pg:
            cursor.execute(f"LOCK TABLE {day} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("ANALYZE kpi_typed")
        cursor.execute("SELECT MIN(date), MAX(date), COUNT(*) FROM kpi_typed")
        first, last, typed_rows = cursor.fetchone()
        clock("merge_prepare")
        if not typed_rows:
            return None, None
        if isinstance(first, str):
            first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        cols = [f"v{s:02d}" for s in slots]
        join = "d.employee_id = t.employee_id AND d.date = t.date AND d.date >= %s AND d.date <= %s"
        # Corrections: an existing value replaced by a different one is kept in history.
        change_table = KpiRecordChange._meta.db_table
        import_id = self.kpi_import.pk if self.kpi_import else None
        now = timezone.now()
        differs = " OR ".join(f"COALESCE(t.{c}, d.{c}) IS DISTINCT FROM d.{c}" for c in cols)
        if self.pg:
            # One join finds the day rows that change; they feed both the history and the UPDATE.
            values = ", ".join(f"({self.metrics_by_slot[s].pk}, c.o{c}, c.{c})" for s, c in zip(slots, cols,
                                                                                                strict=True))
            cursor.execute(f"""CREATE TEMP TABLE kpi_changed ON COMMIT DROP AS
                SELECT t.employee_id, t.date, {", ".join(f"t.{c}, d.{c} AS o{c}" for c in cols)}
                FROM kpi_typed t JOIN {day} d ON {join} WHERE {differs}""", [first, last])
            cursor.execute(f"""INSERT INTO {change_table}
                (employee_id, date, metric_id, old_value, new_value, kpi_import_id, changed_at)
                SELECT c.employee_id, c.date, v.metric_id, v.old, v.new, %s, %s
                FROM kpi_changed c CROSS JOIN LATERAL (VALUES {values}) AS v(metric_id, old, new)
                WHERE v.new IS NOT NULL AND v.old IS NOT NULL AND v.old <> v.new""", [import_id, now])
            report.values_changed = cursor.rowcount
            clock("merge_changes")
            sets = ", ".join(f"{c} = COALESCE(t.{c}, d.{c})" for c in cols)
            cursor.execute(f"""UPDATE {day} AS d SET {sets} FROM kpi_changed t
                WHERE d.employee_id = t.employee_id AND d.date = t.date""")
            report.updated = cursor.rowcount
            cursor.execute("DROP TABLE kpi_changed")
        else:
            for s, c in zip(slots, cols, strict=True):
                cursor.execute(f"""INSERT INTO {change_table}
                    (employee_id, date, metric_id, old_value, new_value, kpi_import_id, changed_at)
                    SELECT t.employee_id, t.date, %s, d.{c}, t.{c}, %s, %s
                    FROM kpi_typed t JOIN {day} d ON {join}
                    WHERE t.{c} IS NOT NULL AND d.{c} IS NOT NULL AND d.{c} <> t.{c}""",
                               [self.metrics_by_slot[s].pk, import_id, now, first, last])
                report.values_changed += cursor.rowcount
            sets = ", ".join(f"{c} = COALESCE(t.{c}, d.{c})" for c in cols)
            cursor.execute(f"UPDATE {day} AS d SET {sets} FROM kpi_typed t WHERE {join} AND ({differs})",
                           [first, last])
            report.updated = cursor.rowcount
        clock("merge_update")
        col_list = ", ".join(cols)
        cursor.execute(f"""INSERT INTO {day} (employee_id, date, {col_list})
            SELECT t.employee_id, t.date, {", ".join("t." + c for c in cols)} FROM kpi_typed t
            WHERE NOT EXISTS (SELECT 1 FROM {day} d WHERE {join})""", [first, last])
        report.created = cursor.rowcount
        report.unchanged = typed_rows - report.created - report.updated
        return first, last


def _careful_import(pipeline: "_Pipeline", cursor, report: KpiImportReport, clock, header_errors, rows, estimate,
                    raw) -> None:
    """Text staging with line numbers, one INSERT … SELECT per rule, then the merge: names every bad row."""
    pipeline.create_temp_tables(cursor)
    if not (raw and pipeline.pg and pipeline.stage_raw(cursor, *raw)):
        pipeline.stage(cursor, rows() if callable(rows) else rows, estimate)
    clock("stage")
    report.rows_read = pipeline.rows_read
    pipeline.resolve(cursor)
    clock("resolve")
    pipeline.build_typed(cursor)
    clock("typed")
    pipeline.check_values(cursor)
    clock("check")
    total, bad_lines, errors = pipeline.errors(cursor)
    report.errors = header_errors + errors
    report.error_count = total + len(header_errors)
    if report.errors and not pipeline.skip:
        raise ImportRejected(report)
    if bad_lines:
        pipeline.drop_bad_lines(cursor)
    report.skipped = bad_lines
    first, last = pipeline.merge(cursor, report, clock)
    clock("merge")
    report.first_date, report.last_date = first, last
    report.stored = True
    if not pipeline.pg:
        cursor.execute("DROP TABLE IF EXISTS kpi_typed_long")
        for name in ("kpi_stage", "kpi_errors", "kpi_dates", "kpi_metric_map", "kpi_typed"):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def run_import(rows_source: tuple[list[str], Iterator[tuple[int, list[str]]], int | None], *,
               skip_bad_rows: bool = False, progress: Progress = None, scope: ImportScope | None = None,
               kpi_import: KpiImport | None = None, today: datetime.date | None = None,
               raw: tuple | None = None) -> KpiImportReport:
    """Validate and store one file or batch; all-or-nothing unless skip_bad_rows (docs/kpi.md).

    raw = (binary file positioned after the header, encoding, size) lets PostgreSQL take the COPY fast path;
    rows_source is then read only if the file needs the careful path."""
    headers, rows, estimate = rows_source
    scope = scope or ImportScope()
    today = today or timezone.localdate()
    header_errors: list[RowError] = []
    metrics = _metric_lookup(Metric.objects.all())
    try:
        layout = detect_layout(headers, metrics, scope, header_errors)
    except ImportRejected as rejected:
        return rejected.report
    pipeline = _Pipeline(layout, scope, skip_bad_rows, progress, kpi_import, today)
    report = KpiImportReport()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            clock = _Clock(report.timings)
            if pipeline.pg:
                cursor.execute("SET LOCAL jit = off")
            if raw and not header_errors and pipeline.fast_possible(raw[1]):
                source, _encoding, size = raw
                start = source.tell()
                try:
                    with transaction.atomic():
                        pipeline.fast_import(cursor, source, size, report, clock)
                    report.stored = True
                except _fast_path_errors():
                    # Something to report: start again on the careful path, which names every bad row.
                    source.seek(start)
                    pipeline = _Pipeline(layout, scope, skip_bad_rows, progress, kpi_import, today)
                    report = KpiImportReport(timings=report.timings)
                    clock("fast_path_abandoned")
            if not report.stored:
                _careful_import(pipeline, cursor, report, clock, header_errors, rows, estimate, raw)
    except ImportRejected as rejected:
        rejected.report.stored = False
        return rejected.report
    if progress:
        progress(report.rows_read, report.rows_read)
    return report


def _raw_csv(binary, name: str):
    """For the COPY fast path: (headers, binary after the header line, COPY encoding, size) of a seekable CSV;
    None when the file should go the careful way."""
    if connection.vendor != "postgresql" or Path(name).suffix.lower() != ".csv":
        return None
    try:
        start = binary.tell()
        size = os.fstat(binary.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    head = binary.read(65536)
    binary.seek(start)
    encoding = "UTF8"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            encoding = "GB18030"
    first = binary.readline()
    if b'"' in first:
        binary.seek(start)
        return None
    text = first.decode("utf-8-sig" if encoding == "UTF8" else "gb18030", errors="replace")
    headers = [h.strip() for h in next(csv.reader([text.rstrip("\r\n")]), [])]
    return headers, binary, encoding, size, start


def import_kpi_file(binary, name: str, **kwargs) -> KpiImportReport:
    try:
        check_upload(name, None)
        fast = _raw_csv(binary, name)
        if fast is not None:
            headers, raw, encoding, size, start = fast

            def careful_rows():
                raw.seek(start)
                return open_rows(raw, name)[1]

            return run_import((headers, careful_rows, None), raw=(raw, encoding, size), **kwargs)
        source = open_rows(binary, name)
    except UploadRejected as exc:
        return KpiImportReport(errors=[RowError(1, "", name, str(exc))], error_count=1)
    return run_import(source, **kwargs)


def import_kpi_path(path, *, skip_bad_rows: bool = False, progress: Progress = None) -> KpiImportReport:
    """`agentpath import kpi FILE [--skip-bad-rows]`: the whole workforce in scope, progress in rows."""
    from .services import finish_import, start_import

    path = Path(path)
    kpi_import = start_import(source=KpiImport.Source.CLI, file_name=path.name, skip_bad_rows=skip_bad_rows)
    with open(path, "rb") as binary:
        try:
            check_upload(path.name, None)
        except UploadRejected:
            finish_import(kpi_import, None)
            raise
        report = import_kpi_file(binary, path.name, skip_bad_rows=skip_bad_rows, progress=progress,
                                 kpi_import=kpi_import)
    finish_import(kpi_import, report)
    return report


def records_source(records: list[dict]) -> tuple[list[str], Iterator[tuple[int, list[str]]], int]:
    """An API batch as a long file: item n is 'line' n."""
    headers = ["employee_no", "date", "metric", "value"]

    def rows():
        for n, r in enumerate(records, start=1):
            value = r.get("value")
            yield n, [str(r.get("employee_no") or ""), str(r.get("date") or ""), str(r.get("metric") or ""),
                      "" if value is None else repr(float(value)) if isinstance(value, int | float) else str(value)]

    return headers, rows(), len(records)
