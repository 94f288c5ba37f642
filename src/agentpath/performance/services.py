"""Writes for KPI: default metrics and scorecards, import runs, trusted bulk loads, rank recomputation."""
import csv
import datetime
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from . import defaults
from .models import CompositeGroup, KpiDay, KpiImport, Metric, Scorecard, ScorecardMetric, slot_column


def load_default_metrics() -> int:
    """Create the default metrics (DOMAIN.md C5) that are missing; never overwrite HR's edits. Idempotent."""
    existing = set(Metric.objects.values_list("code", flat=True))
    created = 0
    for order, (code, name, name_en, unit, higher, aggregation, lo, hi, source) in enumerate(defaults.DEFAULT_METRICS):
        if code in existing:
            continue
        Metric.objects.create(code=code, name=name, name_en=name_en, unit=unit, higher_is_better=higher,
                              aggregation=aggregation, min_value=lo, max_value=hi, source=source, order=order)
        created += 1
    return created


@transaction.atomic
def load_default_scorecards(position_codes: Iterable[str] | None = None) -> int:
    """Give each agent-like position without a scorecard the default two composite groups of seed 002
    (业务能力 business capability, 价值提升与收保 value uplift & retention). Idempotent."""
    from agentpath.careers.models import Position

    load_default_metrics()
    metrics = {m.code: m for m in Metric.objects.all()}
    codes = list(position_codes or defaults.AGENT_POSITIONS)
    created = 0
    for position in Position.objects.filter(code__in=codes).exclude(scorecard__isnull=False):
        scorecard = Scorecard.objects.create(position=position)
        for order, (code, name, name_en, weights) in enumerate(defaults.DEFAULT_GROUPS):
            group = CompositeGroup.objects.create(scorecard=scorecard, code=code, name=name, name_en=name_en,
                                                  order=order)
            ScorecardMetric.objects.bulk_create(
                ScorecardMetric(group=group, metric=metrics[m], weight=w) for m, w in weights)
        created += 1
    return created


# ------------------------------------------------------------------------------------------- import runs

def start_import(*, source: str, file_name: str = "", skip_bad_rows: bool = False, user=None,
                 stored_file: str = "") -> KpiImport:
    return KpiImport.objects.create(source=source, file_name=file_name[:255], skip_bad_rows=skip_bad_rows,
                                    created_by=user, stored_file=stored_file,
                                    language=translation.get_language() or "",
                                    status=KpiImport.Status.QUEUED if stored_file else KpiImport.Status.RUNNING)


def finish_import(kpi_import: KpiImport, report) -> KpiImport:
    """Record the outcome; a stored import queues the recomputation of the months and quarters it touched."""
    kpi_import.finished_at = timezone.now()
    if report is None:
        kpi_import.status = KpiImport.Status.FAILED
    else:
        kpi_import.status = KpiImport.Status.DONE if report.stored else KpiImport.Status.REJECTED
        kpi_import.rows_read, kpi_import.created = report.rows_read, report.created
        kpi_import.updated, kpi_import.unchanged = report.updated, report.unchanged
        kpi_import.skipped = report.skipped
        kpi_import.values_changed = getattr(report, "values_changed", 0) or 0
        kpi_import.error_count = getattr(report, "error_count", len(report.errors)) or len(report.errors)
        kpi_import.report = report.as_dict()
        kpi_import.first_date = getattr(report, "first_date", None)
        kpi_import.last_date = getattr(report, "last_date", None)
    kpi_import.save()
    remove_progress(kpi_import)
    if kpi_import.status == KpiImport.Status.DONE and kpi_import.first_date and (
            kpi_import.created or kpi_import.updated):
        from .tasks import recompute_ranks

        recompute_ranks.enqueue(kpi_import.first_date.isoformat(), kpi_import.last_date.isoformat())
    return kpi_import


def import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "kpi-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(kpi_import: KpiImport) -> Path:
    return import_dir() / f"{kpi_import.pk}.progress.json"


def write_progress(kpi_import: KpiImport, done: int, total: int | None) -> None:
    """Progress lives in a small file, not in the database: the import's own transaction would hide it."""
    path = progress_path(kpi_import)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"done": done, "total": total}))
    os.replace(tmp, path)


def remove_progress(kpi_import: KpiImport) -> None:
    try:
        progress_path(kpi_import).unlink()
    except (FileNotFoundError, ValueError):
        pass


def queue_upload(uploaded_file, *, user, skip_bad_rows: bool) -> KpiImport:
    """Keep the upload on disk and hand it to the background worker (large files)."""
    from .tasks import run_uploaded_import

    kpi_import = start_import(source=KpiImport.Source.UPLOAD, file_name=uploaded_file.name, user=user,
                              skip_bad_rows=skip_bad_rows, stored_file="pending")
    suffix = Path(uploaded_file.name).suffix.lower()
    target = import_dir() / f"{kpi_import.pk}{suffix}"
    with open(target, "wb") as out:
        for chunk in uploaded_file.chunks():
            out.write(chunk)
    kpi_import.stored_file = str(target.relative_to(settings.MEDIA_ROOT))
    kpi_import.save(update_fields=["stored_file"])
    transaction.on_commit(lambda: run_uploaded_import.enqueue(kpi_import.pk))
    return kpi_import


def run_queued_import(kpi_import: KpiImport):
    from agentpath.accounts.models import User

    from .importers import ImportScope, import_kpi_file

    path = Path(settings.MEDIA_ROOT) / kpi_import.stored_file
    kpi_import.status = KpiImport.Status.RUNNING
    kpi_import.save(update_fields=["status"])
    user = User.objects.filter(pk=kpi_import.created_by_id).first()
    try:
        scope = ImportScope.for_user(user) if user else ImportScope()
        # The report is written in the language of the person who uploaded the file.
        with open(path, "rb") as binary, translation.override(kpi_import.language or None):
            report = import_kpi_file(binary, kpi_import.file_name, skip_bad_rows=kpi_import.skip_bad_rows,
                                     scope=scope, kpi_import=kpi_import,
                                     progress=lambda done, total: write_progress(kpi_import, done, total))
    except Exception:
        finish_import(kpi_import, None)
        raise
    finally:
        path.unlink(missing_ok=True)
    return finish_import(kpi_import, report)


def import_records(records: list[dict], *, user, skip_bad_rows: bool = False):
    """POST /api/v1/kpi/records: a JSON batch goes through the same validation and merge as a file."""
    from .importers import ImportScope, records_source, run_import

    scope = ImportScope.for_user(user)
    kpi_import = start_import(source=KpiImport.Source.API, file_name=f"api batch of {len(records)}", user=user,
                              skip_bad_rows=skip_bad_rows)
    report = run_import(records_source(records), skip_bad_rows=skip_bad_rows, scope=scope, kpi_import=kpi_import)
    finish_import(kpi_import, report)
    return kpi_import, report


# ------------------------------------------------------------------------------------------- bulk loads

def store_kpi_days(rows: Iterable[tuple], slots: list[int]) -> int:
    """Trusted bulk load (demo data, benchmarks): rows are (employee_id, date, value per slot), new days only.
    PostgreSQL: COPY; SQLite: executemany in batches. Returns the number of day rows."""
    table = KpiDay._meta.db_table
    cols = ["employee_id", "date"] + [slot_column(s) for s in slots]
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            with cursor.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN (FORMAT csv)") as copy:
                for row in rows:
                    writer.writerow(row)
                    count += 1
                    if buffer.tell() > 1 << 20:
                        copy.write(buffer.getvalue())
                        buffer.seek(0)
                        buffer.truncate()
                copy.write(buffer.getvalue())
        else:
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def recompute_ranks(first: datetime.date, last: datetime.date) -> dict[str, int]:
    from .ranking import compute_ranks_between

    return compute_ranks_between(first, last)
