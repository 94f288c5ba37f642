"""The monthly star-service rating (星级服务, seed 003 "星级服务", DOMAIN.md C10) read from KPI with thresholds
as data (StarThreshold), and the star facts the promotion requirement `min_star_rating` reads (talent).

A month's rating is recomputed wholesale for everyone with KPI in the month: one aggregate query over the
month's daily values, the stars worked out per row in memory, one bulk write. A person has k stars when every
threshold of 2…k stars is met by the month's mean of its metric; one star for anyone with KPI that month."""
import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Avg, Count, Min
from django.utils import timezone

from agentpath.common.calendar import Period, add_months
from agentpath.common.rows import number_rows, of_people

from .models import KpiDay, Metric, StarRating, StarThreshold

# (stars, metric code, threshold): the default rule of seed 003's 星级服务, QA and satisfaction together.
DEFAULT_STAR_THRESHOLDS = [
    (2, "qa_score", 80), (3, "qa_score", 85), (3, "csat", 85), (4, "qa_score", 90), (4, "csat", 90),
    (5, "qa_score", 95), (5, "csat", 95),
]


def load_default_star_thresholds() -> int:
    """The default thresholds that are missing (never overwrites HR's edits). Idempotent."""
    metrics = {m.code: m for m in Metric.objects.filter(code__in={code for _s, code, _v in DEFAULT_STAR_THRESHOLDS})}
    existing = set(StarThreshold.objects.values_list("stars", "metric__code"))
    new = [StarThreshold(stars=stars, metric=metrics[code], value=value)
           for stars, code, value in DEFAULT_STAR_THRESHOLDS if (stars, code) not in existing and code in metrics]
    StarThreshold.objects.bulk_create(new)
    return len(new)


def stars_of(values: dict[str, float | None], thresholds: list[StarThreshold]) -> int:
    """The stars that a month's values earn under `thresholds` (the rule of the module docstring)."""
    by_stars = defaultdict(list)
    for t in thresholds:
        by_stars[t.stars].append(t)
    stars = 1
    for k in range(2, 6):
        if not by_stars[k]:
            break
        for t in by_stars[k]:
            v = values.get(t.metric.code)
            if v is None or (v < t.value if t.metric.higher_is_better else v > t.value):
                return stars
        stars = k
    return stars


@transaction.atomic
def compute_star_ratings(period: Period) -> int:
    """Every star rating of the month `period` (a month Period), replacing the month's earlier ratings.
    Returns how many people were rated."""
    thresholds = list(StarThreshold.objects.select_related("metric"))
    metrics = {t.metric.code: t.metric.column for t in thresholds}
    aggregates = {code: Avg(column) for code, column in metrics.items()}
    rows = (KpiDay.objects.filter(date__gte=period.start, date__lt=period.end)
            .values("employee_id").annotate(days=Count("date"), **aggregates).order_by())
    now = timezone.now()
    ratings = []
    for row in rows:
        values = {code: (round(row[code], 1) if row[code] is not None else None) for code in metrics}
        ratings.append(StarRating(employee_id=row["employee_id"], period=period.code, period_start=period.start,
                                  stars=stars_of(values, thresholds), facts=values, computed_at=now))
    StarRating.objects.filter(period_start=period.start).delete()
    StarRating.objects.bulk_create(ratings, batch_size=5000)
    return len(ratings)


def recent_star_ratings(employee_ids, months: int, as_of: datetime.date) -> dict[int, tuple[int, int]]:
    """For each person: (the lowest monthly stars, how many months are rated) over the last `months` complete
    months before as_of's month. People with no rating in those months are absent ("no rating yet")."""
    this_month = as_of.replace(day=1)
    rows = (of_people(StarRating.objects.filter(period_start__gte=add_months(this_month, -months),
                                                period_start__lt=this_month), employee_ids)
            .values("employee_id").annotate(low=Min("stars"), n=Count("period_start"))
            .values_list("employee_id", "low", "n"))
    return {emp_id: (low, n) for emp_id, low, n in number_rows(rows)}

