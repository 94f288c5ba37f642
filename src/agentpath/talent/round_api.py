"""Promotion rounds under /api/v1/talent/rounds: read a round with its quotas, candidates (each requirement
explained) and decisions; open a round, move it and decide as POSTs. The same services and selectors as the
pages (talent.rounds, talent.round_selectors): a batch of decisions is the whole-round speed of one rule."""
import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from agentpath.accounts import scoping
from agentpath.api_common import ApiError
from agentpath.careers.models import Level

from . import round_selectors as selectors
from . import rounds

router = Router()


class Refused(Schema):
    detail: str
    errors: list[str]


class QuotaOut(Schema):
    level: str
    slots: int
    used: int
    left: int


class CheckOut(Schema):
    kind: str
    label: str
    status: str
    actual: str


class DecisionOut(Schema):
    id: int
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime.datetime
    reverses: int | None
    event_id: int | None
    framework_version: int
    requirements: list[dict]


class CandidateOut(Schema):
    id: int
    employee_no: str
    name: str
    from_level: str
    to_level: str
    source: str
    nomination_reason: str
    tl_recommendation: str
    manager_recommendation: str
    eligible: bool
    requirements: list[CheckOut]
    decisions: list[DecisionOut]


class RoundOut(Schema):
    id: int
    kind: str
    center: str
    period: str
    effective_date: datetime.date
    state: str
    actions: list[str]


class RoundDetailOut(RoundOut):
    quotas: list[QuotaOut]
    candidates: list[CandidateOut]


class RoundIn(Schema):
    center: str = Field(..., max_length=40, examples=["sz"])
    kind: Literal["promotion", "annual_review"] = Field("promotion", description="annual_review: grade steps")
    period: str = Field(..., max_length=20, examples=["2026Q4"])
    effective_date: datetime.date
    quotas: dict[str, int] = Field(default_factory=dict, examples=[{"mgmt-tl": 2}])


class ActionIn(Schema):
    action: str = Field(..., max_length=40, examples=["start_deciding"])


class DecisionIn(Schema):
    candidate_id: int
    decision: str = Field(..., max_length=20, examples=["approve"])
    reason: str = Field(..., max_length=500)


class DecisionsIn(Schema):
    decisions: list[DecisionIn] = Field(..., min_length=1, max_length=10_000)


def _round(rnd) -> dict:
    return {"id": rnd.pk, "kind": rnd.kind, "center": rnd.center.code, "period": rnd.period, "effective_date": rnd.effective_date,
            "state": rnd.state, "actions": rounds.available_actions(rnd)}


def _decision(d) -> dict:
    return {"id": d.pk, "decision": d.outcome, "reason": d.reason, "decided_by": d.decided_by.username,
            "decided_at": d.decided_at, "reverses": d.reverses_id, "event_id": d.event_id,
            "framework_version": d.framework_version, "requirements": d.requirements_snapshot}


def _refused(error: ValidationError):
    return Status(422, {"detail": _("The request was refused."), "errors": error.messages})


@router.get("/rounds", response=list[RoundOut], summary="Promotion rounds in scope")
def round_list(request):
    return [_round(r) for r in selectors.rounds_for(request.user)]


@router.get("/rounds/{round_id}", response={200: RoundDetailOut, 404: ApiError},
            summary="A round: quotas, candidates, decisions")
def round_detail(request, round_id: int):
    data = selectors.round_page(request.user, round_id)
    candidates = []
    for row in data["rows"]:
        c, option = row["candidate"], row["option"]
        candidates.append({
            "id": c.pk, "employee_no": c.employee.employee_no, "name": c.employee.name,
            "from_level": c.transition.from_level.code, "to_level": c.transition.to_level.code, "source": c.source,
            "nomination_reason": c.nomination.reason if c.nomination else "",
            "tl_recommendation": c.tl_recommendation, "manager_recommendation": c.manager_recommendation,
            "eligible": bool(option and option.eligible),
            "requirements": [{"kind": ch.kind, "label": ch.label, "status": ch.status, "actual": ch.actual}
                             for ch in (option.checks if option else [])],
            "decisions": [_decision(d) for d in row["decisions"]]})
    return {**_round(data["round"]), "candidates": candidates,
            "quotas": [{"level": q["level"].code, "slots": q["slots"], "used": q["used"], "left": q["left"]}
                       for q in data["quotas"]]}


def _deciders_only(request):
    if not scoping.can_decide_talent(request.user):
        return Status(403, {"detail": _("Only HR and center managers decide in promotion rounds.")})
    return None


@router.post("/rounds", response={201: RoundOut, 403: ApiError, 404: ApiError, 422: Refused},
             summary="Open a promotion round")
def round_open(request, payload: RoundIn):
    if refused := _deciders_only(request):
        return refused
    center = selectors.centers_to_open(request.user).filter(code=payload.center).first()
    if center is None:
        return Status(404, {"detail": _("No such center in your scope.")})
    levels = {lv.code: lv for lv in Level.objects.filter(code__in=payload.quotas)}
    unknown = sorted(set(payload.quotas) - set(levels))
    if unknown:
        return _refused(ValidationError(_("Unknown levels: %(codes)s.") % {"codes": ", ".join(unknown)}))
    try:
        rnd = rounds.open_round(center=center, period=payload.period, effective_date=payload.effective_date,
                                quotas={levels[code]: slots for code, slots in payload.quotas.items()},
                                by=request.user, kind=payload.kind)
    except ValidationError as error:
        return _refused(error)
    return Status(201, _round(rnd))


@router.post("/rounds/{round_id}/actions", response={200: RoundOut, 403: ApiError, 404: ApiError, 422: Refused},
             summary="Move a round by a named action")
def round_action(request, round_id: int, payload: ActionIn):
    rnd = selectors.round_for(request.user, round_id)
    if refused := _deciders_only(request):
        return refused
    try:
        rounds.apply_round_action(rnd, payload.action, request.user)
    except ValidationError as error:
        return _refused(error)
    return _round(rnd)


@router.post("/rounds/{round_id}/decisions", response={201: list[DecisionOut], 403: ApiError, 404: ApiError,
                                                                  422: Refused},
             summary="Decide on one candidate or the whole round (all or none)")
def round_decide(request, round_id: int, payload: DecisionsIn):
    rnd = selectors.round_for(request.user, round_id)
    if refused := _deciders_only(request):
        return refused
    visible = {c.pk: c for c in selectors.candidates_for(request.user, rnd)
               .filter(pk__in=[d.candidate_id for d in payload.decisions])}
    missing = sorted({d.candidate_id for d in payload.decisions} - set(visible))
    if missing:
        return _refused(ValidationError(_("No such candidates in this round: %(ids)s.")
                                        % {"ids": ", ".join(map(str, missing))}))
    requests = [rounds.DecisionRequest(visible[d.candidate_id], d.decision, d.reason) for d in payload.decisions]
    try:
        decided = rounds.decide_many(rnd, requests, request.user)
    except ValidationError as error:
        return _refused(error)
    return Status(201, [_decision(d) for d in decided])
