"""Staging: the file's rows go, a chunk at a time, into the temp table kpi_stage (one text column per file
column, named by layout.stage_names(), plus the line number). PostgreSQL: COPY — of the file's own bytes
when it is a plain CSV (Python never splits the cells), else of rows written by Python's csv module.
SQLite: batched executemany, numbers parsed on the way. Memory stays flat whatever the file size."""
import csv
import io
from collections.abc import Iterator

from django.conf import settings
from django.db import DataError, transaction

from . import rules
from .job import Job, bigger_temp_buffers, drop_temp_tables
from .layout import parse_number

COPY_CHUNK_BYTES = 1 << 20
SQLITE_BATCH = 5_000
PROGRESS_EVERY = 50_000


class CarefulPath(Exception):
    """The fast way cannot take this file; the careful path (Python's csv reader, every rule) will."""


def psycopg_data_error():
    """The error COPY raises through the raw psycopg cursor (Django does not wrap it)."""
    import psycopg

    return psycopg.DataError


def create_stage_tables(job: Job, cursor) -> None:
    numbers = set(job.layout.number_names())
    number_type = "text" if job.pg else "REAL"
    cols = ["line integer"] + [f"{n} {number_type if n in numbers else 'text'}" for n in job.layout.stage_names()]
    if job.pg:
        bigger_temp_buffers(cursor)
    drop_temp_tables(cursor)
    cursor.execute(f"CREATE TEMP TABLE kpi_stage ({', '.join(cols)}){job.temp}")
    cursor.execute(f"CREATE TEMP TABLE kpi_errors (line integer, col text, value text, code text, arg text){job.temp}")
    cursor.execute(f"CREATE TEMP TABLE kpi_dates (date_text text, d date){job.temp}")
    cursor.execute(f"CREATE TEMP TABLE kpi_metric_map (metric_text text, slot integer, metric_id integer){job.temp}")


class ProgressCounter:
    """Counts the rows sent and reports progress every PROGRESS_EVERY rows, estimating the total from the
    share of the file read so far."""

    def __init__(self, job: Job, size: int | None):
        self.job, self.size, self.next_report = job, size, PROGRESS_EVERY

    def add(self, rows: int, bytes_read: int | None = None, estimate: int | None = None) -> None:
        self.job.rows_read += rows
        if self.job.rows_read < self.next_report:
            return
        self.next_report = self.job.rows_read + PROGRESS_EVERY
        if bytes_read and self.size:
            estimate = int(self.job.rows_read * self.size / bytes_read)
        self.job.tell(self.job.rows_read, max(estimate or 0, self.job.rows_read))


def line_chunks(raw) -> Iterator[tuple[list[bytes], int]]:
    """The file's lines (bytes, without newline), a chunk at a time, with the bytes read so far. A quote means
    cells that only the csv parser reads right, and a line that may hold a cell past IMPORT_MAX_CELL_CHARS (which
    the careful path refuses, naming it): CarefulPath."""
    pending, read = b"", 0
    while True:
        chunk = raw.read(COPY_CHUNK_BYTES)
        if b'"' in chunk:
            raise CarefulPath
        read += len(chunk)
        data = (pending + chunk).replace(b"\r\n", b"\n") if chunk else pending + b"\n"
        lines = data.split(b"\n")
        pending = lines.pop()
        if max(map(len, lines), default=0) > settings.IMPORT_MAX_CELL_CHARS:
            raise CarefulPath
        yield lines, read
        if not chunk:
            return


def stage_raw(job: Job, cursor, raw, encoding: str, size: int | None) -> bool:
    """PostgreSQL, plain CSV: the file's bytes go to COPY with the line number put in front. Returns False
    (nothing staged) when the file needs Python's csv reader: quoted cells, a row with the wrong number of
    cells, or bytes COPY cannot read."""
    names = ", ".join(["line", *job.layout.stage_names()])
    copy_sql = (f"COPY kpi_stage ({names}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({names[6:]}), "
                f"ENCODING '{encoding}')")
    start = raw.tell()
    counter = ProgressCounter(job, size)
    line = 1
    try:
        with transaction.atomic(), cursor.cursor.copy(copy_sql) as copy:
            for lines, read in line_chunks(raw):
                out = []
                for text in lines:
                    line += 1
                    if text.strip(b" ,\t\r"):
                        out.append(b"%d,%s" % (line, text))
                if out:
                    copy.write(b"\n".join(out) + b"\n")
                counter.add(len(out), read)
    except (CarefulPath, DataError, psycopg_data_error()):
        raw.seek(start)
        job.rows_read = 0
        return False
    return True


def stage_rows(job: Job, cursor, rows: Iterator[tuple[int, list[str]]], estimate: int | None) -> None:
    """Rows read by Python (csv module, XLSX, an API batch) into kpi_stage; a row with more cells than the
    header and (SQLite) a cell that is not a number are recorded as errors on the way."""
    layout = job.layout
    width = len(layout.headers)
    names = layout.stage_names()
    numbers = {i for i, n in enumerate(names) if n in set(layout.number_names())}
    errors = []
    counter = ProgressCounter(job, None)
    job.tell(0, estimate)

    def cells_of(line, cells):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            errors.append((line, "", ",".join(cells[width:])[:200], rules.CELLS, str(width)))
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        return [c.strip() for c in cells[:width]]

    if job.pg:
        cols = ", ".join(["line", *names])
        buffer = io.StringIO()
        # "\r\n" ends each row so that the writer quotes any cell holding a CR or LF (COPY refuses a bare CR).
        writer = csv.writer(buffer, lineterminator="\r\n")
        # FORCE_NOT_NULL: an empty cell is '' (checked as empty), never NULL.
        with cursor.cursor.copy(f"COPY kpi_stage ({cols}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({cols[6:]}))") \
                as copy:
            for line, cells in rows:
                writer.writerow([line, *cells_of(line, cells)])
                if buffer.tell() > COPY_CHUNK_BYTES:
                    copy.write(buffer.getvalue())
                    buffer.seek(0)
                    buffer.truncate()
                counter.add(1, estimate=estimate)
            copy.write(buffer.getvalue())
    else:
        sql = f"INSERT INTO kpi_stage (line, {', '.join(names)}) VALUES ({', '.join(['%s'] * (1 + width))})"
        batch = []
        for line, cells in rows:
            values = cells_of(line, cells)
            for k in numbers:
                text = values[k]
                values[k] = None if text == "" else parse_number(text)
                if text and values[k] is None:
                    errors.append((line, names[k], text[:200], rules.NUMBER, ""))
            batch.append([line, *values])
            if len(batch) >= SQLITE_BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
            counter.add(1, estimate=estimate)
        if batch:
            cursor.executemany(sql, batch)
    if errors:
        cursor.executemany("INSERT INTO kpi_errors VALUES (%s, %s, %s, %s, %s)", errors)
