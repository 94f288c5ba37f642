"""Background work (django-tasks): the month's award run off the request path, with its progress."""
from django.core.cache import cache
from django_tasks import task

from agentpath.accounts.models import User

from .services import AwardRuleFailed, award_period

PROGRESS_KEY = "recognition:award-progress:%s"


@task()
def run_awards(period: str, user_id: int | None = None) -> dict:
    """award_period for `period`; progress (badges done of all) in the cache for the HR page to read. A failed rule
    fails the task (django-tasks records it failed, with the error naming the rule) and the page says which."""
    by = User.objects.filter(pk=user_id).first() if user_id else None
    shown = {"done": 0, "total": None}

    def progress(done, total):
        shown.update(done=done, total=total)
        cache.set(PROGRESS_KEY % period, shown, 3600)

    try:
        run = award_period(period, by=by, progress=progress)
    except AwardRuleFailed as failure:
        cache.set(PROGRESS_KEY % period, {**shown, "failed": failure.badge_code}, 3600)
        raise
    return {"period": run.period, "awarded": run.total, "by_badge": run.counts}
