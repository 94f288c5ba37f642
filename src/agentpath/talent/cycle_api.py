"""Staffing and 9-box reviews under /api/v1/talent: the same rules and scope as the pages (talent.staffing,
talent.nine_box; deciders only, out of scope 404)."""
from ninja import Field, Router, Schema, Status

from agentpath.api_common import ApiError, OneLineText, errors, max_length_of
from agentpath.org import selectors as org_selectors
from agentpath.org.models import Employee

from . import assessments, competencies, nine_box, review_selectors, staffing
from . import round_selectors as selectors
from .models import PlacementMove

router = Router()


class StaffingLineOut(Schema):
    role: str
    agents_per_person_from: int
    agents_per_person_to: int
    actual: int
    needed_min: int
    needed_max: int
    agents_per_person_actual: float | None
    promotion_slots: int
    surplus: int


class StaffingOut(Schema):
    center: str
    agents: int
    total: int
    own_targets: bool
    lines: list[StaffingLineOut]
    promotion_slots: dict[str, int]


class PlacementOut(Schema):
    employee_no: str
    name: str
    too_new: bool
    kpi_percentile: float | None
    potential_rating: int | None
    performance: int | None
    potential: int | None
    computed_performance: int | None
    computed_potential: int | None
    box: str | None = Field(..., description="the box agreed so far (two digits, performance then potential)")
    action: str | None
    risk_of_loss: str
    impact_of_loss: str
    moves: list[dict]


class NineBoxOut(Schema):
    id: int
    center: str
    period: str
    state: str
    placements: list[PlacementOut]


class MoveIn(Schema):
    employee_no: str = Field(..., max_length=max_length_of(Employee, "employee_no"))
    box: str = Field(..., max_length=30, description=(
        "the box to move to, as the page names it: two digits, performance then potential, each 1 low, 2 medium, "
        "3 high (\"32\": performance high, potential medium), or the box's code: "
        + ", ".join(f"{slug} ({perf}{pot})" for (perf, pot), slug in nine_box.BOX_SLUGS.items())))
    reason: str = Field(..., max_length=max_length_of(PlacementMove, "reason"))


class MoveOut(Schema):
    id: int
    employee_no: str
    box: str = Field(..., description="the box moved to (two digits, performance then potential)")
    box_code: str = Field(..., description="the box's code, e.g. high_performer")
    from_box: str | None = Field(..., description="the box moved from; none when the person was not placed")
    to: list[int] = Field(..., description="[performance, potential] moved to")
    reason: str


@router.get("/staffing/{center}", response={200: StaffingOut, **errors(404)}, summary="A center's staffing: actual vs target, slots")
def staffing_of(request, center: str):
    found = selectors.center_opened(request.user, center)
    data = staffing.staffing_for(found)
    return {"center": found.code, "agents": data["agents"], "total": data["total"], "own_targets": data["own_targets"],
            "promotion_slots": {x["level_code"]: x["slots"] for x in data["lines"] if x["slots"]},
            "lines": [{"role": x["role"], "agents_per_person_from": x["low"], "agents_per_person_to": x["high"],
                       "actual": x["actual"], "needed_min": x["needed_min"], "needed_max": x["needed_max"],
                       "agents_per_person_actual": x["ratio"], "promotion_slots": x["slots"],
                       "surplus": x["surplus"]} for x in data["lines"]]}


REFUSALS = {403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError}


class NineBoxOpenIn(Schema):
    center: OneLineText = Field(..., max_length=30)
    period: OneLineText = Field(..., max_length=20, description="the quarter, e.g. 2026Q3")


class NineBoxStateOut(Schema):
    id: int
    center: str
    period: str
    state: str


class RiskIn(Schema):
    employee_no: str = Field(..., max_length=20)
    risk_of_loss: str = Field(..., max_length=10, description="low | medium | high")
    impact_of_loss: str = Field(..., max_length=10, description="low | medium | high")


def _state_out(review) -> dict:
    return {"id": review.pk, "center": review.center.code, "period": review.period, "state": review.state}


@router.post("/nine-box", response={201: NineBoxStateOut, **REFUSALS},
             summary="Hold a 9-box review of a center for a quarter (people placed from the facts)")
def nine_box_open(request, payload: NineBoxOpenIn):
    center = review_selectors.decider_center(request.user, payload.center)
    review = nine_box.open_review(center=center, period=payload.period, by=request.user)
    return Status(201, _state_out(review))


@router.post("/nine-box/{review_id}/freeze", response={200: NineBoxStateOut, **REFUSALS},
             summary="Agree and freeze a 9-box review: its placements no longer change")
def nine_box_freeze(request, review_id: int):
    review = nine_box.freeze(review_selectors.nine_box_review_for(request.user, review_id), by=request.user)
    return _state_out(review_selectors.nine_box_review_for(request.user, review.pk))


@router.post("/nine-box/{review_id}/risks", response={200: dict, **REFUSALS},
             summary="Record a person's risk and impact of loss in a 9-box review")
def nine_box_risk(request, review_id: int, payload: RiskIn):
    placement = review_selectors.placement_in(request.user, review_id, payload.employee_no)
    placement = nine_box.record_risk(placement, by=request.user, risk_of_loss=payload.risk_of_loss,
                                     impact_of_loss=payload.impact_of_loss)
    return {"employee_no": payload.employee_no, "risk_of_loss": placement.risk_of_loss,
            "impact_of_loss": placement.impact_of_loss}


@router.get("/nine-box/{review_id}", response={200: NineBoxOut, **errors(404)}, summary="A 9-box review with its placements")
def nine_box_review(request, review_id: int):
    review = review_selectors.nine_box_review_for(request.user, review_id)
    placements = review_selectors.placements_of(review)
    return {"id": review.pk, "center": review.center.code, "period": review.period, "state": review.state,
            "placements": [{
                "employee_no": p.employee.employee_no, "name": p.employee.name, "too_new": p.too_new,
                "kpi_percentile": p.kpi_percentile, "potential_rating": p.potential_rating,
                "performance": p.performance, "potential": p.potential,
                "computed_performance": p.computed_performance, "computed_potential": p.computed_potential,
                "box": nine_box.box_code(p.performance, p.potential),
                "action": nine_box.BOX_ACTIONS.get((p.performance, p.potential)),
                "risk_of_loss": p.risk_of_loss, "impact_of_loss": p.impact_of_loss,
                "moves": [{"to": [m.to_performance, m.to_potential],
                           "box": nine_box.box_code(m.to_performance, m.to_potential), "reason": m.reason, "by": m.moved_by.username,
                           "at": m.moved_at.isoformat()} for m in p.moves.all()]} for p in placements]}


@router.post("/nine-box/{review_id}/moves", response={201: MoveOut, **REFUSALS},
             summary="Move a person to another box, with a written reason (as the page's pick and drop)")
def nine_box_move(request, review_id: int, payload: MoveIn):
    placement = review_selectors.placement_in(request.user, review_id, payload.employee_no)
    move = nine_box.move_placement(placement, by=request.user, box=payload.box, reason=payload.reason)
    return Status(201, {"id": move.pk, "employee_no": payload.employee_no,
                        "box": nine_box.box_code(move.to_performance, move.to_potential),
                        "box_code": nine_box.BOX_SLUGS[(move.to_performance, move.to_potential)],
                        "from_box": nine_box.box_code(move.from_performance, move.from_potential),
                        "to": [move.to_performance, move.to_potential], "reason": move.reason})


class BenchCandidateOut(Schema):
    id: int
    employee_no: str
    name: str
    readiness: str
    note: str
    gaps: list[dict] | None  # None: no move to the position's level is defined from the person's level


class BenchOut(Schema):
    position: str
    position_name: str
    holders: int
    candidates: list[BenchCandidateOut]


@router.get("/succession/{center}", response={200: list[BenchOut], **errors(404)}, summary="Succession benches of a center")
def succession_of(request, center: str):
    _found, benches = review_selectors.benches_of(request.user, center)
    return [{"position": row["position"].code, "position_name": row["position"].display_name,
             "holders": row["holders"],
             "candidates": [{"id": c["entry"].pk, "employee_no": c["entry"].employee.employee_no, "name": c["entry"].employee.name,
                             "readiness": key, "note": c["entry"].note,
                             "gaps": None if c["gaps"] is None else [{"label": g.label, "actual": g.actual}
                                                                     for g in c["gaps"]]}
                            for key, _label, people in row["bench"] for c in people]}
            for row in benches]


class CompetencyOut(Schema):
    code: str
    name: str
    name_en: str
    levels: list[str]


class FitRowOut(Schema):
    competency: str
    required: int
    actual: int | None
    gap: int


class LateralFitOut(Schema):
    position: str
    score: int | None
    gaps: list[FitRowOut]


class EmployeeCompetenciesOut(Schema):
    employee_no: str
    fit_score: int | None
    profile: list[FitRowOut]
    lateral_moves: list[LateralFitOut]


def _rows(rows):
    return [{"competency": r["competency"].code, "required": r["required"], "actual": r["actual"], "gap": r["gap"]}
            for r in rows]


@router.get("/competencies", response=list[CompetencyOut], summary="The competency dictionary")
def competency_list(request):
    return [{"code": c.code, "name": c.name, "name_en": c.name_en, "levels": c.levels}
            for c in assessments.competency_dictionary()]


@router.get("/employees/{employee_no}/competencies", response={200: EmployeeCompetenciesOut, **errors(404)},
            summary="An employee's competencies: fit to the position, gaps, best lateral moves")
def employee_competencies(request, employee_no: str):
    employee = org_selectors.employee_for(request.user, employee_no)
    data = competencies.profile_for(employee)
    return {"employee_no": employee.employee_no, "fit_score": data["own"]["score"], "profile": _rows(data["own"]["rows"]),
            "lateral_moves": [{"position": m["position"].code, "score": m["score"],
                               "gaps": [r for r in _rows(m["rows"]) if r["gap"]]} for m in data["lateral"]]}
