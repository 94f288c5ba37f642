"""KPI facts that promotion requirements read (talent.eligibility), computed for many people at once."""
import datetime

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from agentpath.common.calendar import last_quarters
from agentpath.common.rows import number_rows, of_people

from .models import KpiDay, KpiResult, Metric, slot_column

EXAM_METRIC = "exam_score"  # the monthly exam counts into KPI (seed 002 §3.4.4)


def exam_scores_index_sql(vendor: str, slot: int) -> str:
    """The index the exam average reads (exam_score_averages): the monthly exam is one value a month among some
    twenty working days of a person, so a partial index of the rows that have it, with the person and the score
    (PostgreSQL reads it alone, index-only), spares reading half a year of every daily row (about 10 times
    faster for 50,000 people). Made with the default metrics (migration 0003, load_default_metrics)."""
    column = slot_column(slot)
    name = f"performance_kpiday_exam_{column}"
    if vendor == "postgresql":
        return (f"CREATE INDEX IF NOT EXISTS {name} ON performance_kpiday (date) INCLUDE (employee_id, {column}) "
                f"WHERE {column} IS NOT NULL")
    return f"CREATE INDEX IF NOT EXISTS {name} ON performance_kpiday (date, employee_id, {column}) " \
           f"WHERE {column} IS NOT NULL"


class PeerGroup:
    """Which peer group ranks were read in (KpiResult.widened, issue 18)."""
    CENTER = "center"  # the same position in the same center
    WIDENED = "widened"  # too few peers in the center: the same family and level across centers
    MIXED = "mixed"  # over several quarters or composite groups, some of each


def peer_group_name(kind: str) -> str:
    """The words for a peer group, as the performance file and the career path say it."""
    return {PeerGroup.CENTER: _("same position in the center"),
            PeerGroup.WIDENED: _("widened: same family and level across centers (too few peers in the center)"),
            PeerGroup.MIXED: _("same position in the center, widened in some quarters (too few peers in the "
                               "center)")}[kind]


def recent_composite_percentiles(employee_ids, quarters: int, as_of: datetime.date
                                 ) -> dict[int, tuple[float, int, str]]:
    """Mean percentile over every composite group and over the last `quarters` complete quarters, how many
    of those quarters have a ranking (a percentile over N quarters needs all N: DOMAIN.md C1 "over the last N
    quarters") and the peer group those ranks were read in (PeerGroup). People with no ranking in those quarters
    are absent: the requirement shows "no data yet"."""
    starts = [p.start for p in last_quarters(as_of, quarters)]
    rows = (of_people(KpiResult.objects.filter(period_kind=KpiResult.PeriodKind.QUARTER, period_start__in=starts),
                 employee_ids)
            .values("employee_id").annotate(p=Avg("percentile"), q=Count("period", distinct=True),
                                            ranks=Count("id"), widened=Count("id", filter=Q(widened=True)))
            .values_list("employee_id", "p", "q", "ranks", "widened"))
    rows = number_rows(rows)  # a workforce's averages and counts: numbers, read straight from the cursor
    return {emp_id: (round(p, 1), q, _peer_group(ranks, widened)) for emp_id, p, q, ranks, widened in rows if q}


def _peer_group(ranks: int, widened: int) -> str:
    if widened == 0:
        return PeerGroup.CENTER
    return PeerGroup.WIDENED if widened == ranks else PeerGroup.MIXED


def exam_score_averages(employee_ids, since: datetime.date, as_of: datetime.date) -> dict[int, float]:
    """Mean monthly exam score recorded in (since, as_of]."""
    metric = Metric.objects.filter(code=EXAM_METRIC).first()
    if metric is None:
        return {}
    column = metric.column
    rows = (of_people(KpiDay.objects.filter(date__gt=since, date__lte=as_of, **{f"{column}__isnull": False}), employee_ids)
            .values("employee_id").annotate(avg=Avg(column)).values_list("employee_id", "avg"))
    rows = number_rows(rows)
    return {emp_id: round(avg, 1) for emp_id, avg in rows}
