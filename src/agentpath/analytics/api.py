"""Analytics in the JSON API (HR and center managers, over their scope): retention curves and NPS–FCR."""
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from agentpath.api_common import errors
from agentpath.common.errors import NotFound

from .correlations import correlate, team_months
from .retention import can_read_retention, km_by, tenure_spells

router = Router()


class RetentionCurveOut(Schema):
    group: str
    people: int
    exits: int
    median_days: float | None
    attrition_90: float
    attrition_365: float
    points: list[list[float]]


class NpsFcrCorrelationOut(Schema):
    n: int
    pearson: float
    pearson_ci: tuple[float, float]
    spearman: float
    spearman_ci: tuple[float, float]
    slope: float
    intercept: float


@router.get("/retention", response={200: list[RetentionCurveOut], **errors(404, 422)},
            summary="Kaplan–Meier retention curves by a grouping")
def retention(request, by: str = Query("cohort", max_length=20)):
    """One curve per group of `by` (cohort, team, leader, track, level, center) over the caller's scope, the
    whole workforce first; points are [days, survival, lower 95 %, upper 95 %]. HR and center managers."""
    if not can_read_retention(request.user):
        raise NotFound(_("Not found."))
    return km_by(tenure_spells(request.user, timezone.localdate()), by)


@router.get("/correlations/nps-fcr", response={200: NpsFcrCorrelationOut, **errors(404, 422)},
            summary="NPS against FCR across team-months")
def nps_fcr(request):
    """Pearson and Spearman with 95 % intervals and the least-squares line; 422 too_few_points below four."""
    if not can_read_retention(request.user):
        raise NotFound(_("Not found."))
    return correlate(team_months(request.user))  # too few points: Invalid too_few_points (422)
