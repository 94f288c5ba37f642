"""Background work (django-tasks): the month's award run off the request path, with its progress."""
from django.core.cache import cache
from django_tasks import task

from agentpath.accounts.models import User

from .services import award_period

PROGRESS_KEY = "recognition:award-progress:%s"


@task()
def run_awards(period: str, user_id: int | None = None) -> dict:
    """award_period for `period`; progress (badges done of all) in the cache for the HR page to read."""
    by = User.objects.filter(pk=user_id).first() if user_id else None

    def progress(done, total):
        cache.set(PROGRESS_KEY % period, {"done": done, "total": total}, 3600)

    run = award_period(period, by=by, progress=progress)
    return {"period": run.period, "awarded": run.total, "by_badge": run.counts}
