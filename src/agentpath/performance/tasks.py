"""Background work (django-tasks): uploaded imports and rank recomputation, off the request path."""
import datetime

from django_tasks import task


@task()
def run_uploaded_import(kpi_import_id: int) -> dict:
    from .models import KpiImport
    from .services import run_queued_import

    kpi_import = KpiImport.objects.get(pk=kpi_import_id)
    kpi_import = run_queued_import(kpi_import)
    return {"status": kpi_import.status, "rows_read": kpi_import.rows_read}


@task()
def recompute_ranks(first: str, last: str) -> dict:
    """Composites and ranks of every month and quarter an import touched."""
    from .services import recompute_ranks as recompute

    return recompute(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
