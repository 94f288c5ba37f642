"""Background work (django-tasks): the quarterly differentiated-training run, off the request path."""
from django.utils import timezone, translation
from django_tasks import task

from .differentiation import run_differentiation
from .models import DifferentiationRun

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
