"""GET /api/v1/employees/{employee_no}/path: standing and every open move with each requirement explained;
competency assessments and potential ratings under /api/v1/talent/employees/{employee_no}/…"""
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from agentpath.api_common import PeriodCode, errors, max_length_of

from . import assessments, competencies, potential, selectors
from .cycle_api import router as cycle_router
from .models import Competency, PotentialRating
from .nine_box import latest_potential
from .review_api import router as review_router
from .round_api import router as round_router

router = Router()
router.add_router("/talent", round_router)  # promotion rounds: /api/v1/talent/rounds…
router.add_router("/talent", cycle_router)  # staffing and 9-box reviews
router.add_router("/talent", review_router)  # bottom-rank reviews and succession changes


class CheckOut(Schema):
    kind: str
    label: str
    description: str
    status: str  # met | unmet | unknown (no data yet)
    met: bool
    actual: str
    peer_group: str | None = Field(None, description="a KPI percentile: the peer group it was computed in "
                                                       "(the same position in the center, or widened across centers)")


class OptionOut(Schema):
    transition_id: int
    kind: str
    to_level: str
    to_level_name: str
    to_position: str | None
    track: str
    eligible: bool
    met: int
    total: int
    requirements: list[CheckOut]


class PathOut(Schema):
    employee_no: str
    name: str
    track: str
    level: str
    level_name: str
    grade: int
    status: str  # active | leave | exited
    exit_date: str | None  # the day the person left; the requirements are then evaluated as of that day
    months_in_level: int | None  # None: no level history on the day
    tenure_months: int
    as_of: str
    options: list[OptionOut]


@router.get("/employees/{employee_no}/path", response={200: PathOut, **errors(404)},
            summary="An employee's path and open moves")
def employee_path(request, employee_no: str):
    data = selectors.path_for(request.user, employee_no)
    e = data["employee"]
    return {
        "employee_no": e.employee_no, "name": e.name, "track": e.level.track.code, "level": e.level.code,
        "level_name": e.level.display_name, "grade": e.grade, "status": e.status,
        "exit_date": data["left_on"].isoformat() if data["left_on"] else None, "months_in_level": data["months_in_level"],
        "tenure_months": data["tenure_months"], "as_of": data["as_of"].isoformat(),
        "options": [{
            "transition_id": o.transition.id, "kind": o.transition.kind, "to_level": o.transition.to_level.code,
            "to_level_name": o.transition.to_level.display_name,
            "to_position": o.transition.to_position.code if o.transition.to_position_id else None,
            "track": o.transition.to_level.track.code, "eligible": o.eligible, "met": o.met_count,
            "total": len(o.checks),
            "requirements": [{"kind": c.kind, "label": c.label, "description": c.description, "status": c.status,
                              "met": c.met, "actual": c.actual, "peer_group": c.peer_group or None}
                             for c in o.checks],
        } for o in data["options"]],
    }


# ---------------------------------------------------------------- competency assessments and potential ratings
class AssessmentRowOut(Schema):
    competency: str
    self_level: int | None
    supervisor_level: int | None


class AssessmentPeriodOut(Schema):
    period: str
    competencies: list[AssessmentRowOut]


class AssessmentsOut(Schema):
    employee_no: str
    periods: list[AssessmentPeriodOut]


class AssessmentIn(Schema):
    competency: str = Field(..., max_length=max_length_of(Competency, "code"), examples=["communication"])
    period: PeriodCode
    level: int = Field(..., ge=1, le=5)


class SheetIn(Schema):
    period: PeriodCode
    levels: dict[str, int] = Field(..., examples=[{"communication": 3, "complaint-handling": 2}])


@router.get("/talent/employees/{employee_no}/assessments", response={200: AssessmentsOut, **errors(404)},
            summary="An employee's competency assessments per period (self and supervisor)")
def employee_assessments(request, employee_no: str):
    employee = assessments.person_for(request.user, employee_no)
    return {"employee_no": employee.employee_no, "periods": [
        {"period": h["period"], "competencies": [
            {"competency": r["competency"].code, "self_level": r.get("self"), "supervisor_level": r.get("supervisor")}
            for r in h["rows"]]} for h in assessments.history(employee)]}


@router.post("/talent/employees/{employee_no}/assessments",
             response={201: dict, **errors(403, 404, 422)},
             summary="Assess a competency (self, or as the supervisor)")
def assess(request, employee_no: str, payload: AssessmentIn):
    employee = assessments.person_for(request.user, employee_no)
    competency = assessments.competency_named(payload.competency)
    # a refusal (the supervisor rule and the separation of duties, talent.duties: 403) answers in the API's shape
    a = competencies.record_assessment(employee=employee, competency=competency, period=payload.period,
                                       level=payload.level, by=request.user)
    return Status(201, {"id": a.pk, "by": a.by, "level": a.level, "period": a.period})


@router.post("/talent/employees/{employee_no}/assessment-sheets",
             response={201: dict, **errors(403, 404, 422)},
             summary="Assess several competencies for a period at once, all or none (self, or as the supervisor)")
def assess_sheet(request, employee_no: str, payload: SheetIn):
    employee = assessments.person_for(request.user, employee_no)
    found = assessments.competencies_named(payload.levels)
    saved = competencies.record_assessments(employee=employee, period=payload.period, by=request.user,
                                            levels={found[code]: lv for code, lv in payload.levels.items()})
    return Status(201, {"employee_no": employee.employee_no, "period": saved[0].period if saved else None,
                        "by": saved[0].by if saved else None, "count": len(saved)})


class RatingVersionOut(Schema):
    rating: int
    note: str
    rated_by: str
    rated_on: str


class PotentialRatingOut(RatingVersionOut):
    period: str
    earlier: list[RatingVersionOut]


class PotentialOut(Schema):
    employee_no: str
    read_by_nine_box: int | None  # the latest rating today: what a 9-box review held today places by
    ratings: list[PotentialRatingOut]


class PotentialIn(Schema):
    period: PeriodCode  # a quarter: potential.rating_period says so of a month
    rating: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=max_length_of(PotentialRating, "note"))


def _version(r) -> dict:
    return {"rating": r.rating, "note": r.note, "rated_by": r.rated_by.username if r.rated_by else "",
            "rated_on": r.rated_on.isoformat()}


def _rater_scope(request, employee_no):
    potential.check_may_rate_potential(request.user)
    return assessments.person_for(request.user, employee_no)


@router.get("/talent/employees/{employee_no}/potential", response={200: PotentialOut, **errors(403, 404)},
            summary="An employee's potential ratings with their history (supervisors)")
def employee_potential(request, employee_no: str):
    employee = _rater_scope(request, employee_no)
    history = potential.ratings_readable_by(request.user, employee)
    return {"employee_no": employee.employee_no,
            "read_by_nine_box": latest_potential([employee.pk], timezone.localdate()).get(employee.pk),
            "ratings": [{"period": h["rating"].period, **_version(h["rating"]),
                         "earlier": [_version(e) for e in h["earlier"]]} for h in history]}


@router.post("/talent/employees/{employee_no}/potential",
             response={201: dict, **errors(403, 404, 422)},
             summary="Rate an employee's potential for a quarter (their supervisor)")
def rate_potential(request, employee_no: str, payload: PotentialIn):
    employee = _rater_scope(request, employee_no)
    r = potential.record_potential(employee=employee, period=payload.period, rating=payload.rating,
                                   note=payload.note, by=request.user)  # a refusal answers in the API's shape
    return Status(201, {"employee_no": employee.employee_no, "period": r.period, "rating": r.rating})
