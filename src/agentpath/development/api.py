"""/api/v1/development/…: the anchor inventory, the plan and IDP, and the agreement actions — scoped like the pages
and calling the same services. Refusals: 404 out of scope, 403 not yours to do, 422 a rule refused (with why)."""
import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from agentpath.api_common import errors, max_length_of
from agentpath.careers.models import Position
from agentpath.learning.models import Course

from . import anchors, idp_services, selectors, services
from .models import Idp, IdpAction, IdpGoal, IdpReview

router = Router()


class ItemOut(Schema):
    number: int
    anchor: str
    text: str


class AnswersIn(Schema):
    ratings: dict[int, int] = Field(..., max_length=100)  # item number -> 1..6
    most_true: list[int] = Field(..., max_length=40)  # exactly three item numbers


class AnchorScoreOut(Schema):
    anchor: str
    name: str
    score: float


class ProfileOut(Schema):
    employee_no: str
    taken_at: datetime.datetime | None
    retakes: int
    scores: list[AnchorScoreOut]
    top: list[str]


class ReliabilityRowOut(Schema):
    anchor: str
    alpha: float | None


class ReliabilityOut(Schema):
    answers: int
    anchors: list[ReliabilityRowOut]


class GoalOut(Schema):
    order: int
    text: str


class ActionOut(Schema):
    id: int
    kind: str
    title: str
    course: str | None
    owner: str
    due_date: datetime.date
    status: str
    evidence: str
    from_requirement: int | None


class IdpOut(Schema):
    version: int
    state: str
    target_position: str | None
    target_date: datetime.date | None
    leader_comment: str
    goals: list[GoalOut]
    actions: list[ActionOut]
    progress_percent: int


class PlanOut(Schema):
    employee_no: str
    name: str
    steps: dict[str, str]
    target_move: str | None
    target_position: str | None
    want_fit_can_summary: str
    idp: IdpOut | None


class IdpIn(Schema):
    target_position: str | None = Field(None, max_length=max_length_of(Position, "code"), description="position code")
    target_date: datetime.date | None = None
    goals: list[Annotated[str, Field(max_length=max_length_of(IdpGoal, "text"))]] = Field(..., max_length=20)


class ActionIn(Schema):
    kind: str = Field(..., max_length=max_length_of(IdpAction, "kind"))
    title: str = Field("", max_length=max_length_of(IdpAction, "title"))
    course: str | None = Field(None, max_length=max_length_of(Course, "code"), description="course code")
    owner: str = Field("", max_length=max_length_of(IdpAction, "owner"))
    due_date: datetime.date


class CommentIn(Schema):
    comment: str = Field("", max_length=max_length_of(Idp, "leader_comment"))


class ProgressIn(Schema):
    action: int = Field(..., description="the action's id, from the plan's actions")
    status: str = Field(..., max_length=max_length_of(IdpAction, "status"),
                        description="planned, enrolled, done, cancelled")
    evidence: str = Field("", max_length=max_length_of(IdpAction, "evidence"))


class ReviewIn(Schema):
    outcome: str = Field(..., max_length=max_length_of(IdpReview, "outcome"))
    notes: str = Field("", max_length=max_length_of(IdpReview, "notes"))


def _acted(request, employee_no: str, act) -> dict:
    """The person's plan after `act(employee)`, a service whose refusals (PermissionDenied 403, ValidationError 422,
    a DomainError) the API's handlers answer in the shared error shape."""
    employee = selectors.subject_for(request.user, employee_no)
    act(employee)
    return _plan(employee)


def _profile(employee) -> dict:
    profile = selectors.anchor_profile(employee)
    if profile is None:
        return {"employee_no": employee.employee_no, "taken_at": None, "retakes": 0, "scores": [], "top": []}
    return {"employee_no": employee.employee_no, "taken_at": profile["take"].taken_at, "retakes": profile["retakes"],
            "scores": [{"anchor": a.code, "name": str(a.name), "score": s} for a, s in profile["scores"]],
            "top": [row["anchor"].code for row in profile["top"]]}


def _plan(employee) -> dict:
    plan = selectors.plan_of(employee)
    idp = selectors.current_idp(employee)
    steps = {f: getattr(plan, f) or "" for fields in services.PLAN_STEPS.values() for f in fields
             if f not in ("target_transition", "target_position")} if plan else {}
    return {
        "employee_no": employee.employee_no, "name": employee.name, "steps": steps,
        "target_move": str(plan.target_transition) if plan and plan.target_transition_id else None,
        "target_position": plan.target_position.code if plan and plan.target_position_id else None,
        "want_fit_can_summary": plan.want_fit_can_summary if plan else "",
        "idp": None if idp is None else {
            "version": idp.version, "state": idp.state, "leader_comment": idp.leader_comment,
            "target_position": idp.target_position.code if idp.target_position_id else None,
            "target_date": idp.target_date, "progress_percent": selectors.idp_progress(idp)["percent"],
            "goals": [{"order": g.order, "text": g.text} for g in idp.goals.all()],
            "actions": [{"id": a.id, "kind": a.kind, "title": a.title, "course": a.course.code if a.course_id else None,
                         "owner": a.owner, "due_date": a.due_date, "status": a.status, "evidence": a.evidence,
                         "from_requirement": a.source_requirement_id} for a in idp.actions.all()]},
    }


@router.get("/anchor-items", response=list[ItemOut], summary="The 40 career-anchor statements, in order")
def anchor_items(request):
    return [{"number": i.number, "anchor": i.anchor, "text": str(i.text)} for i in anchors.ITEMS]


@router.post("/anchors/answers", response={201: ProfileOut, **errors(403, 422)},
             summary="Answer the inventory for yourself (kept; the profile shows the latest)")
def answer_anchors(request, payload: AnswersIn):
    services.check_may_take_inventory(request.user)
    employee = selectors.own_subject(request.user)
    services.record_anchor_take(request.user, employee, payload.ratings, payload.most_true)
    return Status(201, _profile(employee))


@router.get("/anchors/reliability", response={200: ReliabilityOut, **errors(403)},
            summary="Cronbach's α per anchor over all answer sheets (HR)")
def anchor_reliability(request):
    data = selectors.anchor_reliability(request.user)
    return {"answers": data["answers"], "anchors": [{"anchor": r["anchor"].code, "alpha": r["alpha"]}
                                                    for r in data["rows"]]}


@router.get("/employees/{employee_no}/anchors", response={200: ProfileOut, **errors(404)},
            summary="An employee's latest anchor profile")
def anchor_profile(request, employee_no: str):
    return _profile(selectors.subject_for(request.user, employee_no))


@router.get("/employees/{employee_no}/plan", response={200: PlanOut, **errors(404)},
            summary="An employee's career plan and current IDP with its actions")
def plan(request, employee_no: str):
    return _plan(selectors.subject_for(request.user, employee_no))


@router.post("/employees/{employee_no}/idp", response={200: PlanOut, **errors(403, 404, 422)},
             summary="Set the IDP's target and goals (a new version after agreement)")
def save_idp(request, employee_no: str, payload: IdpIn):
    position = selectors.target_position(payload.target_position)
    return _acted(request, employee_no, lambda employee: idp_services.save_idp(
        request.user, employee, target_position=position, target_date=payload.target_date, goals=payload.goals))


@router.post("/employees/{employee_no}/idp/actions", response={201: PlanOut, **errors(403, 404, 422)},
             summary="Add a development action")
def add_action(request, employee_no: str, payload: ActionIn):
    course = selectors.action_course(payload.course)
    return Status(201, _acted(request, employee_no, lambda employee: idp_services.add_action(
        request.user, employee, kind=payload.kind, title=payload.title, due_date=payload.due_date,
        owner=payload.owner, course=course)))


@router.post("/employees/{employee_no}/idp/submit", response={200: PlanOut, **errors(403, 404, 422)},
             summary="Submit the IDP to the team leader")
def submit(request, employee_no: str):
    return _acted(request, employee_no, lambda employee: idp_services.submit_idp(request.user, employee))


@router.post("/employees/{employee_no}/idp/return", response={200: PlanOut, **errors(403, 404, 422)},
             summary="Return the submitted IDP with comments (team leader)")
def return_idp(request, employee_no: str, payload: CommentIn):
    return _acted(request, employee_no,
                  lambda employee: idp_services.return_idp(request.user, employee, payload.comment))


@router.post("/employees/{employee_no}/idp/agree", response={200: PlanOut, **errors(403, 404, 422)},
             summary="Agree the submitted IDP (team leader); the version is locked")
def agree(request, employee_no: str, payload: CommentIn):
    return _acted(request, employee_no,
                  lambda employee: idp_services.agree_idp(request.user, employee, payload.comment))


@router.post("/employees/{employee_no}/idp/review", response={201: PlanOut, **errors(403, 404, 422)},
             summary="Record the quarterly review of the agreed IDP (team leader)")
def review(request, employee_no: str, payload: ReviewIn):
    return Status(201, _acted(request, employee_no, lambda employee: idp_services.record_review(
        request.user, employee, outcome=payload.outcome, notes=payload.notes)))


@router.post("/employees/{employee_no}/idp/progress",
             response={200: PlanOut, **errors(403, 404, 422)},
             summary="Record progress on a development action (the employee or their team leader)")
def action_progress(request, employee_no: str, payload: ProgressIn):
    """Status planned, enrolled, done (with evidence: a certificate, a result, a date) or cancelled, on the
    current IDP version; allowed after agreement. An action of another plan or version answers 404."""
    try:
        return _acted(request, employee_no, lambda employee: idp_services.record_action_progress(
            request.user, employee, payload.action, status=payload.status, evidence=payload.evidence))
    except IdpAction.DoesNotExist:
        raise HttpError(404, _("There is no such action in the current plan.")) from None
