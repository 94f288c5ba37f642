"""Background work (django-tasks): the quarterly differentiated-training run, off the request path."""
from django.utils import timezone, translation
from django_tasks import task

from . import import_jobs  # a module import: import_jobs enqueues run_training_import below
from .differentiation import run_differentiation
from .models import DifferentiationRun, TrainingImport

# Reasons are stored in the language of the one who started the run (Chinese by default).
RUN_LANGUAGE = "zh-hans"


@task()
def differentiate(run_id: int, language: str = RUN_LANGUAGE) -> dict:
    run = DifferentiationRun.objects.get(pk=run_id)
    with translation.override(language):
        try:
            run_differentiation(run)
        except Exception as exc:  # the run shows why it failed, then the task fails loudly too
            DifferentiationRun.objects.filter(pk=run.pk).update(
                status=DifferentiationRun.Status.FAILED, error=str(exc), finished_at=timezone.now())
            raise
    return {"mandatory": run.mandatory, "optional": run.optional}


@task()
def run_training_import(job_id: int) -> dict:
    """A large completions or attendance file, off the request path (learning.import_jobs)."""
    job = import_jobs.run_queued(TrainingImport.objects.get(pk=job_id))
    return {"status": job.status, "rows_read": job.report.get("rows_read", 0)}
