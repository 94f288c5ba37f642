"""NPS–FCR (DOMAIN.md C11, issue 21): does first-contact resolution move with NPS? The correlation across
team-months (Pearson and Spearman with 95 % confidence intervals, scipy) and the least-squares line."""
import math
import statistics
from dataclasses import dataclass

from django.db.models import Avg
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from agentpath.common.errors import Invalid
from agentpath.org import scoping
from agentpath.performance.models import KpiDay, Metric

Z95 = statistics.NormalDist().inv_cdf(0.975)


@dataclass
class Correlation:
    points: list  # [fcr, nps, "team month"]
    pearson: float
    pearson_ci: tuple
    spearman: float
    spearman_ci: tuple
    slope: float
    intercept: float

    @property
    def n(self) -> int:
        return len(self.points)


def team_months(user, x_code: str = "fcr", y_code: str = "nps") -> list[tuple[float, float, str]]:
    """Each team's monthly mean of the two metrics over the people the user may see (their current team):
    one grouped query over the daily KPI; team-months missing either metric are left out."""
    x, y = Metric.objects.get(code=x_code), Metric.objects.get(code=y_code)
    rows = (KpiDay.objects.filter(employee__in=scoping.employees_visible_to(user), employee__team__isnull=False)
            .annotate(month=TruncMonth("date")).values("employee__team__name", "month")
            .annotate(x=Avg(x.column), y=Avg(y.column)).order_by("employee__team__name", "month"))
    return [(r["x"], r["y"], f"{r['employee__team__name']} {r['month']:%Y-%m}") for r in rows
            if r["x"] is not None and r["y"] is not None]


def _fisher_ci(r: float, n: int, se: float) -> tuple[float, float]:
    z = math.atanh(max(min(r, 1 - 1e-15), -1 + 1e-15))
    return math.tanh(z - Z95 * se), math.tanh(z + Z95 * se)


def correlate(points: list[tuple[float, float, str]]) -> Correlation:
    """Pearson r with scipy's 95 % interval (Fisher z); Spearman ρ with the Fisher z interval whose standard
    error is √(1.06 / (n − 3)) (Fieller, Hartley & Pearson 1957); the least-squares line of y on x."""
    n = len(points)
    if n < 4:
        raise Invalid(_("At least four team-months with both metrics are needed; there are %(n)s.") % {"n": n},
                      code="too_few_points")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    from scipy import stats  # scipy (about 1 s to import) when a correlation is computed, not at start

    pearson = stats.pearsonr(xs, ys)
    ci = pearson.confidence_interval(0.95)
    spearman = float(stats.spearmanr(xs, ys).statistic)
    line = stats.linregress(xs, ys)
    return Correlation(points=[list(p) for p in points], pearson=float(pearson.statistic),
                       pearson_ci=(float(ci.low), float(ci.high)), spearman=spearman,
                       spearman_ci=_fisher_ci(spearman, n, math.sqrt(1.06 / (n - 3))),
                       slope=float(line.slope), intercept=float(line.intercept))
