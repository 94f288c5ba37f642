"""Background work of the org app (django-tasks): the daily application of scheduled moves."""
import datetime

from django.utils import timezone
from django_tasks import task

from .services import apply_scheduled_moves


def next_midnight(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now)
    return (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=5, microsecond=0)


@task()
def apply_scheduled_moves_daily() -> int:
    """Apply the moves due today, then queue the next run for just after the coming midnight."""
    changed = apply_scheduled_moves()
    apply_scheduled_moves_daily.using(run_after=next_midnight()).enqueue()
    return changed
