"""Background work (django-tasks): uploaded imports and rank recomputation, off the request path."""
import datetime

from django.utils import translation
from django_tasks import task

from agentpath.common.import_guard import ImportBusy

from .importers import runs
from .models import KpiImport
from .ranking import compute_ranks_between

# An uploaded import waits this long for another KPI import of its center to finish, then fails as busy.
BUSY_WAIT_SECONDS = 15 * 60


def queue_rank_recompute(kpi_import: KpiImport) -> None:
    """A stored import queues the recomputation of the months and quarters it touched."""
    if kpi_import.status == KpiImport.Status.DONE and kpi_import.first_date and (
            kpi_import.created or kpi_import.updated):
        recompute_ranks.enqueue(kpi_import.first_date.isoformat(), kpi_import.last_date.isoformat())


@task()
def run_uploaded_import(kpi_import_id: int) -> dict:
    kpi_import = KpiImport.objects.get(pk=kpi_import_id)
    with translation.override(kpi_import.language or None):  # reasons in the uploader's language
        try:
            scope = runs.scope_of(kpi_import)
            runs.guarded_import(kpi_import, scope, lambda: runs.import_stored_file(kpi_import),
                                wait_seconds=BUSY_WAIT_SECONDS)
        except (ImportBusy, PermissionError) as refused:  # failed with the reason on its page
            if kpi_import.status != KpiImport.Status.FAILED:
                runs.fail_import(kpi_import, str(refused))
            runs.discard_stored_file(kpi_import)
    queue_rank_recompute(kpi_import)
    return {"status": kpi_import.status, "rows_read": kpi_import.rows_read}


@task()
def recompute_ranks(first: str, last: str) -> dict:
    """Composites and ranks of every month and quarter an import touched."""
    return compute_ranks_between(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
