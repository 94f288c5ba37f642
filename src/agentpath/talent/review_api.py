"""Bottom-rank reviews and succession benches under /api/v1/talent: every action of the pages, through the same
services (talent.bottom_rank, talent.succession) and the same scoped reads (talent.review_selectors). A refusal
is a common.errors exception answered with its status and code (out of scope 404, who may act 403, the rule 422,
a state that changed or a question already decided 409)."""
import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from agentpath.api_common import ApiError, OneLineText

from . import bottom_rank, succession
from . import review_selectors as selectors
from .models import BottomRankReview, SuccessionCandidate, TalentDecision

router = Router()
REFUSALS = {403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError}


class ReviewDecisionOut(Schema):
    id: int
    outcome: str
    reason: str
    decided_by: str
    decided_at: datetime.datetime
    eligible_when_decided: bool
    move_kind: str | None = Field(None, description="the move recorded (demotion, lateral), none when kept in post")
    move_effective_date: datetime.date | None
    to_level: str | None
    to_position: str | None


class BottomRankReviewOut(Schema):
    id: int
    employee_no: str
    name: str
    center: str
    quarters: str
    state: str = Field(..., description="improving | passed | failed | decided")
    training: str
    goal: str
    reassess_on: datetime.date
    opened_on: datetime.date
    result_recorded_on: datetime.date | None
    result_note: str
    ranks: list[dict]
    decision: ReviewDecisionOut | None


def _decision_out(d: TalentDecision) -> dict:
    event = d.event
    return {"id": d.pk, "outcome": d.outcome, "reason": d.reason, "decided_by": d.decided_by.username,
            "decided_at": d.decided_at, "eligible_when_decided": d.eligible_when_decided,
            "move_kind": event.kind if event else None, "move_effective_date": event.effective_date if event else None,
            "to_level": event.to_level.code if event and event.to_level_id else None,
            "to_position": event.to_position.code if event and event.to_position_id else None}


def _review_out(r: BottomRankReview) -> dict:
    decisions = [d for d in r.decisions.all() if d.reverses_id is None]
    return {"id": r.pk, "employee_no": r.employee.employee_no, "name": r.employee.name, "center": r.center.code,
            "quarters": r.quarters, "state": r.state, "training": r.training.code, "goal": r.goal, "reassess_on": r.reassess_on,
            "opened_on": r.opened_on, "result_recorded_on": r.result_recorded_on, "result_note": r.result_note,
            "ranks": r.ranks_snapshot, "decision": _decision_out(decisions[0]) if decisions else None}


class PlanIn(Schema):
    employee_no: OneLineText = Field(..., max_length=20)
    training: OneLineText = Field(..., max_length=60, description="the code of the person's mandatory course")
    goal: OneLineText = Field(..., max_length=300, description="the goal of the person's improvement step")
    reassess_on: datetime.date | None = Field(
        None, description="the re-assessment date; default: settings.TALENT_REASSESS_MONTHS (3) months on")


class OpenReviewsIn(Schema):
    center: OneLineText = Field(..., max_length=30)
    plans: list[PlanIn] | None = Field(
        None, description="one plan per person the rule finds (GET …/reviews/proposals lists them with the "
                          "courses proposed); without plans, `training` and `reassess_on` apply to everyone")
    training: OneLineText | None = Field(None, max_length=60, description="the one course for all (without plans)")
    reassess_on: datetime.date | None = Field(
        None, description="the re-assessment date; default: settings.TALENT_REASSESS_MONTHS (3) months on")


class WeakMetricOut(Schema):
    code: str
    name: str
    value: float
    percentile: int
    peers: int


class ProposalOut(Schema):
    employee_no: str
    name: str
    weakest: list[WeakMetricOut]
    courses: list[str] = Field(..., description="codes of the courses that address the weakest metrics, best first")
    training: str | None = Field(..., description="the course proposed (the first of `courses`)")
    why: str
    goal: str


class OpenedOut(Schema):
    quarters: list[str]
    opened: list[BottomRankReviewOut]
    too_new: list[str] = Field(..., description="employee numbers of people found but too new to rate")


class ResultIn(Schema):
    passed: bool
    note: str = Field(..., max_length=500)


class DecideIn(Schema):
    outcome: str = Field(..., max_length=20, description="demotion | change_of_post | keep")
    reason: str = Field(..., max_length=500)
    position: OneLineText | None = Field(None, max_length=40, description="the new post's code (change_of_post)")
    effective_date: datetime.date | None = Field(None, description="the move's date; default today")


@router.get("/reviews", response=list[BottomRankReviewOut], summary="Bottom-rank reviews in the caller's centers")
def review_list(request):
    return [_review_out(r) for r in selectors.bottom_rank_reviews_for(request.user)]


@router.post("/reviews", response={201: OpenedOut, **REFUSALS},
             summary="Open improvement steps for everyone the bottom-rank rule finds in a center")
def review_open(request, payload: OpenReviewsIn):
    center = selectors.decider_center(request.user, payload.center)
    plans = None if payload.plans is None else {
        p.employee_no: bottom_rank.Plan(training=selectors.course_named(p.training), goal=p.goal,
                                        reassess_on=p.reassess_on) for p in payload.plans}
    result = bottom_rank.open_reviews(center, by=request.user, plans=plans,
                                      training=selectors.course_named(payload.training or ""),
                                      reassess_on=payload.reassess_on)
    opened = selectors.bottom_rank_reviews_among(request.user, result["opened"])
    return Status(201, {"quarters": result["quarters"], "opened": [_review_out(r) for r in opened],
                        "too_new": [p.employee_no for p in result["too_new"]]})


@router.get("/reviews/proposals/{center}", response={200: list[ProposalOut], 404: ApiError},
            summary="The improvement plans the rule proposes for a center: per person, the weakest metrics and the "
                    "courses that address them")
def review_proposals(request, center: str):
    found = selectors.decider_center(request.user, center)
    preview = bottom_rank.bottom_ranked(found, timezone.localdate(), scope=request.user)
    return [{"employee_no": p.employee.employee_no, "name": p.employee.name, "weakest": p.weakest,
             "courses": [c.code for c in p.courses], "training": p.course.code if p.course else None,
             "why": p.why, "goal": p.goal} for p in bottom_rank.plan_proposals(preview, timezone.localdate())]


@router.get("/reviews/{review_id}", response={200: BottomRankReviewOut, 404: ApiError}, summary="A bottom-rank review")
def review_detail(request, review_id: int):
    return _review_out(selectors.bottom_rank_review_for(request.user, review_id))


@router.post("/reviews/{review_id}/result", response={200: BottomRankReviewOut, **REFUSALS},
             summary="Record the improvement step's result (passed or failed), on or after the re-assessment date")
def review_result(request, review_id: int, payload: ResultIn):
    review = selectors.bottom_rank_review_for(request.user, review_id)
    bottom_rank.record_improvement_result(review, by=request.user, passed=payload.passed, note=payload.note)
    return _review_out(selectors.bottom_rank_review_for(request.user, review_id))


@router.post("/reviews/{review_id}/decision", response={201: ReviewDecisionOut, **REFUSALS},
             summary="Decide a review after a failed improvement step: demotion, change of post or keep in post")
def review_decide(request, review_id: int, payload: DecideIn):
    review = selectors.bottom_rank_review_for(request.user, review_id)
    position = selectors.position_named(payload.position) if payload.position else None
    decision = bottom_rank.decide_review(review, by=request.user, outcome=payload.outcome, reason=payload.reason,
                                         position=position, effective_date=payload.effective_date
                                         or timezone.localdate())
    return Status(201, _decision_out(decision))


class BenchEntryIn(Schema):
    position: OneLineText = Field(..., max_length=40)
    employee_no: OneLineText = Field(..., max_length=20)
    readiness: str = Field(..., max_length=10, description="now | 6-12 | 12-24")
    note: str = Field("", max_length=300)


class ReadinessIn(Schema):
    readiness: str = Field(..., max_length=10, description="now | 6-12 | 12-24")
    note: str | None = Field(None, max_length=300, description="a new note; omitted: the note stays")


class BenchEntryOut(Schema):
    id: int
    center: str
    position: str
    employee_no: str
    name: str
    readiness: str
    note: str


def _entry_out(e: SuccessionCandidate) -> dict:
    return {"id": e.pk, "center": e.center.code, "position": e.position.code, "employee_no": e.employee.employee_no,
            "name": e.employee.name, "readiness": e.readiness, "note": e.note}


@router.post("/succession/{center}/candidates", response={201: BenchEntryOut, **REFUSALS},
             summary="Put a person on the bench of a key position")
def bench_add(request, center: str, payload: BenchEntryIn):
    found = selectors.decider_center(request.user, center)
    entry = succession.add_to_bench(center=found, position=selectors.key_position(payload.position),
                                    employee=selectors.bench_person(request.user, found, payload.employee_no),
                                    readiness=payload.readiness, note=payload.note, by=request.user)
    return Status(201, _entry_out(entry))


@router.patch("/succession/candidates/{entry_id}", response={200: BenchEntryOut, **REFUSALS},
              summary="Change how soon a bench candidate will be ready")
def bench_readiness(request, entry_id: int, payload: ReadinessIn):
    entry = selectors.bench_entry(request.user, entry_id)
    return _entry_out(succession.change_readiness(entry, by=request.user, readiness=payload.readiness,
                                                  note=payload.note))


@router.delete("/succession/candidates/{entry_id}", response={204: None, **REFUSALS},
               summary="Take a candidate off a bench")
def bench_remove(request, entry_id: int):
    entry = selectors.bench_entry(request.user, entry_id)
    succession.remove_from_bench(entry, by=request.user)
    return Status(204, None)
