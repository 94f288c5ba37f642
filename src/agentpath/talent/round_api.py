"""Promotion rounds under /api/v1/talent/rounds: read a round with its quotas, candidates (each requirement
explained) and decisions; open a round, move it, nominate, recommend and decide as POSTs; nominate from a person's
path. The same services and selectors as the pages (talent.rounds, talent.services, talent.round_selectors): a
batch of decisions is the whole-round speed of one rule, and a refusal of a rule (talent.duties' separation of
duties, a state that changed, a duplicate) is the same status and code on the page and here."""
import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from agentpath.api_common import ApiError, PeriodCode, errors, max_length_of
from agentpath.common.errors import DomainError, Invalid, domain_error_body
from agentpath.org.models import Center

from . import duties, round_quotas, rounds, services
from . import round_selectors as selectors
from . import selectors as path_selectors
from .models import TalentDecision

router = Router()
REFUSALS = {403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError}


def refusal(error: DomainError) -> Status:
    """A service's refusal as the API answers it: its status, stable code, message and items."""
    return Status(error.status, domain_error_body(error))


class QuotaOut(Schema):
    level: str
    slots: int | None = Field(..., description="null: no limit")
    used: int
    left: int | None = Field(..., description="null: no limit")
    source: Literal["staffing", "manual", "no_limit"]
    reason: str


class QuotaChangeOut(Schema):
    level: str
    from_slots: int | None
    to_slots: int | None
    had_quota: bool
    source: str
    reason: str
    changed_by: str
    changed_at: datetime.datetime


class QuotaIn(Schema):
    level: str = Field(..., max_length=40, examples=["pro-senior"])
    slots: int | None = Field(..., ge=0, le=999, description="null: no limit (the reason says why)")
    reason: str = Field(..., max_length=300, description="kept in the quota's history")


class RoundCheckOut(Schema):
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
    override: bool = Field(..., description="破格: approved although requirements were unmet")
    override_reason: str


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
    requirements: list[RoundCheckOut]
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
    quota_history: list[QuotaChangeOut]
    candidates: list[CandidateOut]


class RoundIn(Schema):
    center: str = Field(..., max_length=max_length_of(Center, "code"), examples=["sz"])
    kind: Literal["promotion", "annual_review"] = Field("promotion", description="annual_review: grade steps")
    period: PeriodCode
    effective_date: datetime.date
    quotas: dict[str, int] = Field(default_factory=dict, examples=[{"mgmt-tl": 2}],
                                   description="slots per target level; a level left out takes its staffing "
                                               "ratio's slots where one exists, else has no quota")
    no_limit: dict[str, str] = Field(default_factory=dict, examples=[{"pro-senior": "全员达标即可晋升"}],
                                     description="target levels with no limit, each with the reason")


class RoundActionIn(Schema):
    action: str = Field(..., max_length=40, examples=["start_deciding"])
    reason: str = Field("", max_length=500, description="kept in the round's transition log")
    from_state: Literal["open", "deciding", "closed", "cancelled"] | None = Field(
        None, description="the state you saw; if the round has moved since, 409 state_changed (default: its state "
                          "when the request arrives)")
    close_undecided: bool = Field(False, description="close although candidates have no decision (each is then "
                                                     "recorded as not_decided); without it such a close is 409 "
                                                     "undecided_candidates, naming them")


class NominationIn(Schema):
    employee_no: str = Field(..., max_length=20, examples=["SZ00123"])
    to_level: str = Field(..., max_length=40, examples=["mgmt-tl"])
    reason: str = Field(..., max_length=300)


class PathNominationIn(Schema):
    transition_id: int = Field(..., description="one of the moves the person's path lists (options)")
    reason: str = Field(..., max_length=300)


class NominationOut(Schema):
    id: int
    employee_no: str
    to_level: str
    reason: str
    nominated_by: str
    nominated_on: datetime.date


class RecommendationIn(Schema):
    candidate_id: int
    recommendation: Literal["support", "oppose"]
    note: str = Field("", max_length=300)


class RecommendationOut(Schema):
    candidate_id: int
    tl_recommendation: str
    tl_note: str
    manager_recommendation: str
    manager_note: str


class DecisionIn(Schema):
    candidate_id: int
    decision: str = Field(..., max_length=max_length_of(TalentDecision, "outcome"), examples=["approve"])
    reason: str = Field(..., max_length=max_length_of(TalentDecision, "reason"))
    standing_decision_id: int | None = Field(
        None, description="the standing decision you saw (null: none); if another was recorded since, 409 "
                          "already_decided. Leave it out to say nothing (a repeat of the standing outcome is 409)")
    override: bool = Field(False, description="破格: approve although requirements are unmet (needs override_reason; "
                                              "without both such an approval is 422 override_reason_required)")
    override_reason: str = Field("", max_length=max_length_of(TalentDecision, "override_reason"))


class DecisionsIn(Schema):
    decisions: list[DecisionIn] = Field(..., min_length=1, max_length=10_000)


def _round(rnd) -> dict:
    return {"id": rnd.pk, "kind": rnd.kind, "center": rnd.center.code, "period": rnd.period, "effective_date": rnd.effective_date,
            "state": rnd.state, "actions": rounds.available_actions(rnd)}


def _decision(d) -> dict:
    return {"id": d.pk, "decision": d.outcome, "reason": d.reason, "decided_by": d.decided_by.username,
            "decided_at": d.decided_at, "reverses": d.reverses_id, "event_id": d.event_id,
            "framework_version": d.framework_version, "requirements": d.requirements_snapshot,
            "override": d.override, "override_reason": d.override_reason}


def _quota(q: dict) -> dict:
    return {"level": q["level"].code, "slots": q["slots"], "used": q["used"], "left": q["left"],
            "source": q["source"], "reason": q["reason"]}


@router.get("/rounds", response=list[RoundOut], summary="Promotion rounds in scope")
def round_list(request):
    return [_round(r) for r in selectors.rounds_for(request.user)]


@router.get("/rounds/{round_id}", response={200: RoundDetailOut, **errors(404)},
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
    return {**_round(data["round"]), "candidates": candidates, "quotas": [_quota(q) for q in data["quotas"]],
            "quota_history": [{"level": h.level.code, "from_slots": h.from_slots, "to_slots": h.to_slots,
                               "had_quota": h.had_quota, "source": h.source, "reason": h.reason,
                               "changed_by": h.changed_by.username, "changed_at": h.changed_at}
                              for h in data["quota_history"]]}


@router.post("/rounds", response={201: RoundOut, **REFUSALS}, summary="Open a promotion round")
def round_open(request, payload: RoundIn):
    try:
        duties.check_round_decider(request.user)
        center = selectors.center_opened(request.user, payload.center)
        levels = selectors.levels_named(set(payload.quotas) | set(payload.no_limit))
        quotas = {levels[code]: slots for code, slots in payload.quotas.items()}
        quotas |= {levels[code]: rounds.QuotaEntry(None, reason) for code, reason in payload.no_limit.items()}
        rnd = rounds.open_round(center=center, period=payload.period, effective_date=payload.effective_date,
                                quotas=quotas, by=request.user, kind=payload.kind)
    except DomainError as error:
        return refusal(error)
    return Status(201, _round(rnd))


@router.post("/rounds/{round_id}/actions", response={200: RoundOut, **REFUSALS},
             summary="Move a round by a named action (one of `actions`); a move the round's state no longer "
                     "allows is 409 state_changed")
def round_action(request, round_id: int, payload: RoundActionIn):
    rnd = selectors.round_for(request.user, round_id)
    try:
        rnd = rounds.apply_round_action(rnd, payload.action, request.user, reason=payload.reason,
                                        seen_state=payload.from_state, close_undecided=payload.close_undecided)
    except DomainError as error:
        return refusal(error)
    return _round(rnd)


@router.post("/rounds/{round_id}/quotas", response={200: QuotaOut, **REFUSALS},
             summary="Set or change one target level's quota while the round is open or deciding, with a reason "
                     "kept in the quota's history (slots null: no limit)")
def round_quota(request, round_id: int, payload: QuotaIn):
    rnd = selectors.round_for(request.user, round_id)
    try:
        level = selectors.levels_named([payload.level])[payload.level]
        round_quotas.change_quota(rnd, level, payload.slots, payload.reason, request.user)
    except DomainError as error:
        return refusal(error)
    return _quota(next(q for q in rounds.quota_usage(rnd) if q["level"].pk == level.pk))


@router.post("/rounds/{round_id}/nominations", response={201: NominationOut, **REFUSALS},
             summary="Nominate someone of the round's center for a promotion, with a reason")
def round_nominate(request, round_id: int, payload: NominationIn):
    rnd = selectors.round_for(request.user, round_id)
    employee = selectors.nominee_for(request.user, rnd, payload.employee_no)
    try:
        level = selectors.levels_named([payload.to_level])[payload.to_level]
        candidate = rounds.nominate(rnd, employee, level, request.user, payload.reason)
    except DomainError as error:
        return refusal(error)
    return Status(201, _nomination(candidate.nomination))


@router.post("/rounds/{round_id}/recommendations", response={200: RecommendationOut, **REFUSALS},
             summary="The team leader's or the manager's recommendation on a candidate")
def round_recommend(request, round_id: int, payload: RecommendationIn):
    rnd = selectors.round_for(request.user, round_id)
    candidate = selectors.candidate_for(request.user, rnd, payload.candidate_id)
    try:
        c = rounds.recommend(rnd, candidate, request.user, payload.recommendation, payload.note)
    except DomainError as error:
        return refusal(error)
    return {"candidate_id": c.pk, "tl_recommendation": c.tl_recommendation, "tl_note": c.tl_note,
            "manager_recommendation": c.manager_recommendation, "manager_note": c.manager_note}


@router.post("/rounds/{round_id}/decisions", response={201: list[DecisionOut], **REFUSALS},
             summary="Decide on one candidate or the whole round (all or none; a batch with duplicates or "
                     "contradictions is refused whole)")
def round_decide(request, round_id: int, payload: DecisionsIn):
    rnd = selectors.round_for(request.user, round_id)
    try:
        duties.check_round_decider(request.user)
        visible = selectors.candidates_named(request.user, rnd, [d.candidate_id for d in payload.decisions])
        requests = [rounds.DecisionRequest(visible[d.candidate_id], d.decision, d.reason,
                                           d.standing_decision_id if "standing_decision_id" in d.model_fields_set
                                           else rounds.UNSEEN, override=d.override,
                                           override_reason=d.override_reason) for d in payload.decisions]
        decided = rounds.decide_many(rnd, requests, request.user)
    except DomainError as error:
        return refusal(error)
    return Status(201, [_decision(d) for d in decided])


def _nomination(n) -> dict:
    return {"id": n.pk, "employee_no": n.employee.employee_no, "to_level": n.transition.to_level.code,
            "reason": n.reason, "nominated_by": n.nominated_by.username, "nominated_on": n.nominated_on}


@router.post("/employees/{employee_no}/nominations", response={201: NominationOut, **REFUSALS},
             summary="Nominate a person for one of the moves their path lists (as on the path page)")
def path_nominate(request, employee_no: str, payload: PathNominationIn):
    data = path_selectors.path_for(request.user, employee_no)  # 404 outside the user's scope
    transition = next((o.transition for o in data["options"] if o.transition.id == payload.transition_id), None)
    try:
        duties.check_may_act(request.user, data["employee"], duties.NOMINATE)  # whatever the move named
        if transition is None:
            raise Invalid(_("This move is not open to %(name)s; choose one their path lists.")
                          % {"name": data["employee"].name}, code="no_such_move")
        nomination = services.nominate(request.user, data["employee"], transition, payload.reason)
    except DomainError as error:
        return refusal(error)
    return Status(201, _nomination(nomination))
