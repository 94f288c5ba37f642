"""Background work (django-tasks): uploaded imports and rank recomputation, off the request path."""
import datetime

from django_tasks import task

from .importers import runs
from .models import KpiImport
from .ranking import compute_ranks_between


def queue_rank_recompute(kpi_import: KpiImport) -> None:
    """A stored import queues the recomputation of the months and quarters it touched."""
    if kpi_import.status == KpiImport.Status.DONE and kpi_import.first_date and (
            kpi_import.created or kpi_import.updated):
        recompute_ranks.enqueue(kpi_import.first_date.isoformat(), kpi_import.last_date.isoformat())


@task()
def run_uploaded_import(kpi_import_id: int) -> dict:
    kpi_import = KpiImport.objects.get(pk=kpi_import_id)
    kpi_import.status = KpiImport.Status.RUNNING
    kpi_import.save(update_fields=["status"])
    try:
        report = runs.import_stored_file(kpi_import)
    except BaseException as exc:
        runs.fail_import(kpi_import, f"{type(exc).__name__}: {exc}")
        raise
    runs.finish_import(kpi_import, report)
    queue_rank_recompute(kpi_import)
    return {"status": kpi_import.status, "rows_read": kpi_import.rows_read}


@task()
def recompute_ranks(first: str, last: str) -> dict:
    """Composites and ranks of every month and quarter an import touched."""
    return compute_ranks_between(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
