"""When a period's ranks are final (docs/kpi.md "Closed periods").

A month or quarter is closed once it has been ranked and KPI_RANKS_GRACE_DAYS days have passed since it ended
(the time late KPI files and QA scores usually take to arrive). The ranks of a closed period are what
promotion rounds and bottom-rank reviews read, so a late correction no longer rewrites them: recomputing one
is an explicit action with a reason, logged with what it changed (ranking.recompute_closed_period).
"""
import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from .models import KpiResult


class PeriodClosed(Exception):
    def __init__(self, period):
        self.period = period
        super().__init__(_("The ranks of %(period)s are closed (ranked, and its grace period of %(days)s days "
                           "ended on %(closed)s); recompute them explicitly with a reason: agentpath kpi-ranks "
                           "--period %(period)s --recompute-closed --reason \"…\".")
                         % {"period": period.code, "days": settings.KPI_RANKS_GRACE_DAYS,
                            "closed": closes_on(period)})


def closes_on(period) -> datetime.date:
    """The first day on which a ranked period is closed."""
    return period.end + datetime.timedelta(days=settings.KPI_RANKS_GRACE_DAYS)


def is_closed(period, today: datetime.date) -> bool:
    return today >= closes_on(period) and KpiResult.objects.filter(period=period.code).exists()
