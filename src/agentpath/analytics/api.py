"""Analytics in the JSON API (HR and center managers, over their scope): retention curves and NPS–FCR."""
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from agentpath.common.errors import DomainError

from .correlations import correlate, team_months
from .retention import GROUPINGS, can_read_retention, km_by, tenure_spells

router = Router()


class Detail(Schema):
    detail: str


class Refusal(Schema):
    code: str
    detail: str


class CurveOut(Schema):
    group: str
    people: int
    exits: int
    median_days: float | None
    attrition_90: float
    attrition_365: float
    points: list[list[float]]


class CorrelationOut(Schema):
    n: int
    pearson: float
    pearson_ci: tuple[float, float]
    spearman: float
    spearman_ci: tuple[float, float]
    slope: float
    intercept: float


@router.get("/retention", response={200: list[CurveOut], 404: Detail, 422: Refusal},
            summary="Kaplan–Meier retention curves by a grouping")
def retention(request, by: Query[str] = "cohort"):
    """One curve per group of `by` (cohort, team, leader, track, level, center) over the caller's scope, the
    whole workforce first; points are [days, survival, lower 95 %, upper 95 %]. HR and center managers."""
    if not can_read_retention(request.user):
        return Status(404, {"detail": _("Not found.")})
    if by not in GROUPINGS:
        return Status(422, {"code": "unknown_grouping", "detail": _("Unknown grouping %(by)s. Accepted: %(ok)s.")
                            % {"by": by, "ok": ", ".join(GROUPINGS)}})
    return km_by(tenure_spells(request.user, timezone.localdate()), by)


@router.get("/correlations/nps-fcr", response={200: CorrelationOut, 404: Detail, 422: Refusal},
            summary="NPS against FCR across team-months")
def nps_fcr(request):
    """Pearson and Spearman with 95 % intervals and the least-squares line; 422 too_few_points below four."""
    if not can_read_retention(request.user):
        return Status(404, {"detail": _("Not found.")})
    try:
        return correlate(team_months(request.user))
    except DomainError as exc:
        return Status(exc.status, {"code": exc.code, "detail": exc.message})
