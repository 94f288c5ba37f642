"""Writes for KPI: default metrics and scorecards, import runs, trusted bulk loads, rank recomputation."""
import csv
import datetime
import io
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from agentpath.careers.models import Position
from agentpath.common.errors import Forbidden
from agentpath.org import scoping

from . import defaults, tasks
from .facts import EXAM_METRIC, exam_scores_index_sql
from .importers import ImportScope, KpiImportReport, import_kpi_file, records_source, run_import, runs
from .models import CompositeGroup, KpiDay, KpiImport, Metric, Scorecard, ScorecardMetric, slot_column
from .ranking import compute_ranks_between
from .stars import load_default_star_thresholds


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
    for order, (code, name, name_en, unit, higher, source, kind) in enumerate(defaults.PERIOD_METRICS, start=100):
        if code in existing:
            continue
        Metric.objects.create(code=code, name=name, name_en=name_en, unit=unit, higher_is_better=higher,
                              aggregation=Metric.Aggregation.LAST, source=source, kind=kind, order=order,
                              description=defaults.UNAVAILABLE_METRICS.get(code, ""))
    if created:
        exam = Metric.objects.get(code=EXAM_METRIC)
        with connection.cursor() as cursor:
            cursor.execute(exam_scores_index_sql(connection.vendor, exam.slot))
    load_default_star_thresholds()  # the star-service rating reads the default metrics
    return created


@transaction.atomic
def load_default_scorecards(position_codes: Iterable[str] | None = None) -> int:
    """Give each position without a scorecard its family's default scorecard (issue 18; defaults.SCORECARDS):
    agents the two composite groups of seed 002 (业务能力, 价值提升与收保), team leaders, supervisors and managers
    the derived team metrics of their team, teams or center plus their own monthly exam, QA, trainers, schedulers
    and the other functional families their own imported or product metrics. All positions when no codes are
    given. Idempotent; never overwrites HR's edits."""
    load_default_metrics()
    metrics = {m.code: m for m in Metric.objects.all()}
    positions = Position.objects.exclude(scorecard__isnull=False)
    if position_codes is not None:
        positions = positions.filter(code__in=list(position_codes))
    created = 0
    for position in positions:
        unit, min_peers, over_available, groups = defaults.SCORECARDS[
            defaults.scorecard_template(position.code, position.family)]
        scorecard = Scorecard.objects.create(position=position, unit=unit, min_peer_size=min_peers,
                                             composite_over_available=over_available)
        for order, (code, name, name_en, weights) in enumerate(groups):
            group = CompositeGroup.objects.create(scorecard=scorecard, code=code, name=name, name_en=name_en,
                                                  order=order)
            ScorecardMetric.objects.bulk_create(
                ScorecardMetric(group=group, metric=metrics[m], weight=w) for m, w in weights)
        created += 1
    return created


# ------------------------------------------------------------------------------------------- import runs

progress_path = runs.progress_path  # the import pages read the progress of a running import
close_stale_imports = runs.close_stale_imports  # the import pages close imports whose process died


def check_may_import_kpi(user) -> None:
    """HR and QA import KPI (org.scoping.can_import_kpi); everybody else is refused alike on the import pages and
    by the API (403)."""
    if not scoping.can_import_kpi(user):
        raise Forbidden(_("Only HR and QA may import KPI."))


def queue_upload(uploaded_file, *, user, skip_bad_rows: bool) -> KpiImport:
    """Keep the upload on disk and hand it to the background worker (large files)."""
    kpi_import = runs.start_import(source=KpiImport.Source.UPLOAD, file_name=uploaded_file.name, user=user,
                                   skip_bad_rows=skip_bad_rows)
    runs.store_upload(kpi_import, uploaded_file)
    transaction.on_commit(lambda: tasks.run_uploaded_import.enqueue(kpi_import.pk))
    return kpi_import


def import_records(records: list[dict], *, user, skip_bad_rows: bool = False):
    """POST /api/v1/kpi/records: a JSON batch goes through the same validation and merge as a file. A batch of
    up to KPI_API_BATCH_WAIT_MAX_RECORDS records that meets another KPI import of its center waits for it (up to
    KPI_API_BATCH_WAIT_SECONDS: an integration pushes per-team batches in parallel); ImportBusy after that, and
    at once for a larger batch."""
    scope = ImportScope.for_user(user)
    kpi_import = runs.start_import(source=KpiImport.Source.API, file_name=f"api batch of {len(records)}",
                                   user=user, skip_bad_rows=skip_bad_rows)
    wait = settings.KPI_API_BATCH_WAIT_SECONDS if len(records) <= settings.KPI_API_BATCH_WAIT_MAX_RECORDS else 0
    report = runs.guarded_import(kpi_import, scope, lambda: run_import(
        records_source(records), skip_bad_rows=skip_bad_rows, scope=scope, kpi_import=kpi_import),
        wait_seconds=wait)
    tasks.queue_rank_recompute(kpi_import)
    return kpi_import, report


def import_kpi_path(path, *, skip_bad_rows: bool = False, progress=None) -> KpiImportReport:
    """`agentpath import kpi FILE [--skip-bad-rows]`: the whole workforce in scope, progress in rows.
    Raises ImportBusy while another KPI import runs."""
    path = Path(path)
    kpi_import = runs.start_import(source=KpiImport.Source.CLI, file_name=path.name, skip_bad_rows=skip_bad_rows)

    def work():
        with open(path, "rb") as binary:
            return import_kpi_file(binary, path.name, skip_bad_rows=skip_bad_rows, progress=progress,
                                   kpi_import=kpi_import)

    report = runs.guarded_import(kpi_import, ImportScope(), work)
    tasks.queue_rank_recompute(kpi_import)
    return report


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
    return compute_ranks_between(first, last)


def record_metric_values(metric_code: str, values: dict) -> int:
    """Write one metric's values {(employee_id, date): value} into the daily table, replacing what was there
    (the exam module's monthly score and its regrade). Set-based upsert; other metrics of the day are kept."""
    column = Metric.objects.get(code=metric_code).column
    rows = [KpiDay(employee_id=e, date=d, **{column: v}) for (e, d), v in values.items()]
    KpiDay.objects.bulk_create(rows, update_conflicts=True, unique_fields=["employee", "date"],
                               update_fields=[column])
    return len(rows)
