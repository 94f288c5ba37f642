"""One KPI import from start to end: the fast path when the file allows it (fast.py), else the careful path —
stage (staging.py), check every rule (rules.py), type (typed.py), report (messages.py), merge (merge.py) —
all-or-nothing unless skip_bad_rows (docs/kpi.md)."""
import csv
import datetime
import io
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from agentpath.common.encodings import UndecidableEncoding, detect_csv_encoding
from agentpath.common.spreadsheets import RowError, UploadRejected, check_upload, open_rows

from ..models import KpiImport, Metric
from . import fast, messages, rules, staging, typed
from .job import Job, drop_temp_tables
from .layout import (
    Clock,
    ImportRejected,
    ImportScope,
    KpiImportReport,
    Progress,
    detect_layout,
    metric_lookup,
)
from .merge import merge

RowsSource = tuple[list[str], Iterator[tuple[int, list[str]]], int | None]


def careful_import(job: Job, cursor, report: KpiImportReport, clock, header_errors, rows, estimate, raw,
                   require_rows: bool) -> None:
    """Text staging with line numbers, one INSERT … SELECT per rule, then the merge: names every bad row."""
    staging.create_stage_tables(job, cursor)
    if not (raw and job.pg and staging.stage_raw(job, cursor, *raw)):
        staging.stage_rows(job, cursor, rows() if callable(rows) else rows, estimate)
    clock("stage")
    report.rows_read = job.rows_read
    if require_rows and not job.rows_read:
        raise ImportRejected(KpiImportReport(errors=[messages.no_data_rows()], error_count=1))
    rules.check_resolved(job, cursor)
    clock("resolve")
    typed.build_typed(job, cursor)
    clock("typed")
    rules.check_typed(job, cursor)
    typed.pivot(job, cursor)
    clock("check")
    total, bad_lines, errors = messages.collect(job, cursor)
    report.errors = header_errors + errors
    report.error_count = total + len(header_errors)
    if report.errors and not job.skip_bad_rows:
        raise ImportRejected(report)
    if bad_lines:
        typed.drop_bad_lines(cursor)
    report.skipped = bad_lines
    report.first_date, report.last_date = merge(job, cursor, report, clock)
    clock("merge")
    report.stored = True
    if not job.pg:
        drop_temp_tables(cursor)


def run_import(rows_source: RowsSource, *, skip_bad_rows: bool = False, progress: Progress = None,
               scope: ImportScope | None = None, kpi_import: KpiImport | None = None,
               today: datetime.date | None = None, raw: tuple | None = None,
               require_rows: bool = False) -> KpiImportReport:
    """Validate and store one file or batch; all-or-nothing unless skip_bad_rows (docs/kpi.md).

    raw = (binary file positioned after the header, encoding, size) lets PostgreSQL take the COPY fast path;
    rows_source is then read only if the file needs the careful path. require_rows: a file without data rows
    is refused (an empty API batch is simply nothing to do)."""
    headers, rows, estimate = rows_source
    scope = scope or ImportScope()
    today = today or timezone.localdate()
    header_errors: list[RowError] = []
    try:
        layout = detect_layout(headers, metric_lookup(Metric.objects.filter(kind=Metric.Kind.IMPORTED)), scope,
                               header_errors)
    except ImportRejected as rejected:
        return rejected.report

    def new_job():
        return Job(layout, scope, skip_bad_rows, progress, kpi_import, today)

    job = new_job()
    report = KpiImportReport()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            clock = Clock(report.timings)
            if job.pg:
                cursor.execute("SET LOCAL jit = off")
            if raw and not header_errors and fast.possible(job, raw[1]):
                source, _encoding, size = raw
                start = source.tell()
                try:
                    with transaction.atomic():
                        fast.fast_import(job, cursor, source, size, report, clock)
                    report.stored = True
                except fast.fallback_errors():
                    # Something to report: start again on the careful path, which names every bad row.
                    source.seek(start)
                    job, report = new_job(), KpiImportReport(timings=report.timings)
                    clock("fast_path_abandoned")
            if not report.stored:
                careful_import(job, cursor, report, clock, header_errors, rows, estimate, raw, require_rows)
            job.tell(report.rows_read, report.rows_read)  # inside the transaction: if it fails, nothing is stored
    except ImportRejected as rejected:
        rejected.report.stored = False
        return rejected.report
    return report


def _raw_csv(binary, name: str):
    """For the COPY fast path: (headers, binary after the header line, COPY encoding, size, start) of a seekable
    CSV; None when the file should go the careful way."""
    if connection.vendor != "postgresql" or Path(name).suffix.lower() != ".csv":
        return None
    try:
        start = binary.tell()
        size = os.fstat(binary.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    try:  # decided on evidence from the whole file (common.encodings), as on the careful path
        encoding = {"utf-8-sig": "UTF8", "gb18030": "GB18030"}[detect_csv_encoding(binary)]
    except UndecidableEncoding:
        return None  # the careful path refuses it, naming the first bad byte
    first = binary.readline()
    if b'"' in first:
        binary.seek(start)
        return None
    text = first.decode("utf-8-sig" if encoding == "UTF8" else "gb18030", errors="replace")
    headers = [h.strip() for h in next(csv.reader([text.rstrip("\r\n")]), [])]
    return headers, binary, encoding, size, start


def import_kpi_file(binary, name: str, **kwargs) -> KpiImportReport:
    """A CSV or XLSX file: an empty file and a file without data rows are refused."""
    kwargs.setdefault("require_rows", True)
    try:
        check_upload(name, None)
        fast_csv = _raw_csv(binary, name)
        if fast_csv is not None:
            headers, raw, encoding, size, start = fast_csv
            if any(headers):
                def careful_rows():
                    raw.seek(start)
                    return open_rows(raw, name, max_rows=settings.KPI_MAX_ROWS)[1]

                return run_import((headers, careful_rows, None), raw=(raw, encoding, size), **kwargs)
            raw.seek(start)
        source = open_rows(binary, name, max_rows=settings.KPI_MAX_ROWS)
    except UploadRejected as exc:
        return KpiImportReport(errors=[RowError(1, "", name, str(exc))], error_count=1)
    if not any(h.strip() for h in source[0]):
        return KpiImportReport(errors=[messages.empty_file(name)], error_count=1)
    return run_import(source, **kwargs)


def records_source(records: list[dict]) -> RowsSource:
    """An API batch as a long file: item n is 'line' n."""
    headers = ["employee_no", "date", "metric", "value"]

    def rows():
        for n, r in enumerate(records, start=1):
            value = r.get("value")
            yield n, [str(r.get("employee_no") or ""), str(r.get("date") or ""), str(r.get("metric") or ""),
                      "" if value is None else repr(float(value)) if isinstance(value, int | float) else str(value)]

    return headers, rows(), len(records)
