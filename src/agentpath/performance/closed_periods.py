"""When a period's ranks are final (docs/kpi.md "Closed periods").

A month or quarter closes KPI_RANKS_GRACE_DAYS days after it was first ranked (the time the other files of the
period — QA scores, exam results, a customer's history loaded in several files — usually take to arrive), or
on the day a decision (a promotion round's decision, a bottom-rank review, a 9-box review) first reads its
ranks, whichever comes first. The ranks of a closed period are what those decisions read, so a late correction
no longer rewrites them: recomputing one is an explicit action with a reason, logged with what it changed
(ranking.recompute_closed_period).
"""
import datetime

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agentpath.careers.models import Requirement
from agentpath.common.calendar import Period, last_quarters

from .models import RankedPeriod

# The decisions that read ranks (RankedPeriod.read_by is "kind:reference", shown in the reader's language).
DECISIONS = {
    "nine_box": gettext_lazy("the 9-box review of %(ref)s"),
    "bottom_rank": gettext_lazy("a bottom-rank review of %(ref)s"),
    "round": gettext_lazy("a decision in promotion round %(ref)s"),
}


class PeriodClosed(Exception):
    def __init__(self, period):
        self.period = period
        super().__init__(_("The ranks of %(period)s are closed since %(closed)s (%(why)s); recompute them "
                           "explicitly with a reason: agentpath kpi-ranks --period %(period)s --recompute-closed "
                           "--reason \"…\".")
                         % {"period": period.code, "closed": closes_on(period), "why": why_closed(period)})


def _ranked(period: Period) -> RankedPeriod | None:
    return RankedPeriod.objects.filter(period=period.code).first()


def _closing_day(ranked: RankedPeriod) -> datetime.date:
    by_grace = ranked.first_ranked_on + datetime.timedelta(days=settings.KPI_RANKS_GRACE_DAYS)
    return min(by_grace, ranked.read_by_decision_on) if ranked.read_by_decision_on else by_grace


def closes_on(period: Period) -> datetime.date | None:
    """The first day on which the period is closed; None while it has never been ranked."""
    ranked = _ranked(period)
    return _closing_day(ranked) if ranked else None


def why_closed(period: Period) -> str:
    ranked = _ranked(period)
    if ranked is None:
        return ""
    if ranked.read_by_decision_on and ranked.read_by_decision_on <= _closing_day(ranked):
        kind, _sep, ref = ranked.read_by.partition(":")
        return _("%(decision)s read its ranks") % {"decision": DECISIONS[kind] % {"ref": ref}}
    return _("first ranked on %(day)s, and its grace period of %(days)s days has passed") % {
        "day": ranked.first_ranked_on, "days": settings.KPI_RANKS_GRACE_DAYS}


def is_closed(period: Period, today: datetime.date) -> bool:
    ranked = _ranked(period)
    return ranked is not None and today >= _closing_day(ranked)


def record_ranking(period: Period, today: datetime.date) -> None:
    """The period's ranks were computed today: the first computation starts its grace period."""
    RankedPeriod.objects.get_or_create(period=period.code, defaults={"first_ranked_on": today})


def close_for_decision(period_codes: list[str], *, today: datetime.date, decision: str, ref) -> int:
    """A decision (a DECISIONS kind, and which one: a period, a center, a round) read the ranks of these periods
    today: those ranked and not yet read by one close today (a period never ranked has no ranks to keep).
    Returns how many were closed by it."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}; one of {sorted(DECISIONS)}")
    return RankedPeriod.objects.filter(period__in=list(period_codes), read_by_decision_on__isnull=True)\
        .update(read_by_decision_on=today, read_by=f"{decision}:{ref}"[:200])


def close_for_promotion_decision(*, today: datetime.date, round_id: int) -> int:
    """A promotion decision today reads the KPI percentiles of the last N quarters of the framework's longest
    KPI-percentile requirement (talent.eligibility): those quarters close."""
    longest = Requirement.objects.filter(kind=Requirement.Kind.MIN_KPI_PERCENTILE).aggregate(n=Max("quarters"))["n"]
    return close_for_decision([p.code for p in last_quarters(today, longest or 0)], today=today, decision="round",
                              ref=round_id)
