"""Analytics in the JSON API: retention curves, NPS–FCR and training effectiveness (HR and center managers, over
their scope); flight risk
and early-warning alerts (team leaders their team, managers their centers, HR everyone; agents never: 404)."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from agentpath.api_common import errors, max_length_of
from agentpath.common.errors import NotFound
from agentpath.development.models import IdpAction

from .correlations import correlate, team_months
from .early_warning import acknowledge_alert, alerts_visible_to, can_read_alerts, open_idp_action
from .models import Alert
from .retention import can_read_retention, km_by, tenure_spells
from .risk import can_read_risk, can_train_risk, current_model, risk_list
from .tasks import retrain_risk_model
from .training import training_effect

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


class OutcomeEffectOut(Schema):
    outcome: str
    treated_n: int
    comparison_n: int
    unmatched_n: int
    treated_before: float | None
    treated_after: float | None
    comparison_before: float | None
    comparison_after: float | None
    difference: float | None
    low: float | None
    high: float | None
    sufficient: bool


class TrainingEffectOut(Schema):
    training: str
    takers: int
    min_group: int
    window_months: int
    outcomes: list[OutcomeEffectOut]


@router.get("/training-effect", response={200: TrainingEffectOut, **errors(404, 422)},
            summary="A course's or program's KPI and QA change against a matched group")
def training_effectiveness(request, course: str | None = Query(None, max_length=60),
                           program: str | None = Query(None, max_length=60)):
    """Name one `course` or one `program` (code; 422 one_training otherwise, 404 unknown). For the KPI composite
    percentile and the QA score: the takers' and the matched comparison group's sizes and before/after means, the
    difference of changes and its 95 % bounds (`low`, `high`); `sufficient` false and no difference when either
    group has fewer than `min_group` people. HR and center managers over their scope; others 404."""
    name, effect = training_effect(request.user, course=course, program=program)
    return {"training": name, "takers": effect.takers, "min_group": effect.min_group,
            "window_months": effect.window_months, "outcomes": effect.outcomes}


class HazardRatioOut(Schema):
    covariate: str
    hr: float | None
    lower: float | None
    upper: float | None
    p: float | None


class CalibrationOut(Schema):
    decile: int
    n: int
    predicted: float
    observed: float


class RiskModelOut(Schema):
    version: int
    trained_at: datetime.datetime
    as_of: datetime.date
    n: int
    events: int
    holdout_n: int
    holdout_events: int
    c_index: float
    calibration: list[CalibrationOut]
    hazard_ratios: list[HazardRatioOut]


class RiskScoreOut(Schema):
    employee_no: str
    name: str
    team: str | None
    risk_90: float
    facts: dict


class RiskOut(Schema):
    notice: str
    model: RiskModelOut | None
    scores: list[RiskScoreOut]


class RetrainOut(Schema):
    task_id: str


class IdpActionOut(Schema):
    id: int
    idp_version: int
    kind: str
    title: str
    due_date: datetime.date
    owner: str
    status: str


class AlertOut(Schema):
    id: int
    employee_no: str
    name: str
    rule: str
    rule_name: str
    period: str
    raised_on: datetime.date
    facts: dict
    acknowledged_at: datetime.datetime | None
    note: str
    idp_action: IdpActionOut | None


class IdpActionIn(Schema):
    kind: str = Field(..., max_length=20, description="course, stretch, rotation, mentor or trial")
    title: str = Field("", max_length=max_length_of(IdpAction, "title"))
    due_date: datetime.date | None = None
    course: str | None = Field(None, max_length=60, description="the course's code, for a course action")


class AcknowledgeIn(Schema):
    note: str = Field(..., max_length=max_length_of(Alert, "note"))


def _alert(a: Alert) -> dict:
    return {"id": a.pk, "employee_no": a.employee.employee_no, "name": a.employee.name, "rule": a.rule.code,
            "rule_name": a.rule.display_name, "period": a.period, "raised_on": a.raised_on, "facts": a.facts,
            "acknowledged_at": a.acknowledged_at, "note": a.note, "idp_action": _action(a.idp_action)}


def _action(action: IdpAction | None) -> dict | None:
    if action is None:
        return None
    return {"id": action.pk, "idp_version": action.idp.version, "kind": action.kind, "title": action.title,
            "due_date": action.due_date, "owner": action.owner, "status": action.status}


@router.get("/risk", response={200: RiskOut, **errors(404)}, summary="Flight-risk scores and the model's accuracy")
def risk(request, limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=1_000_000)):
    """The current model (concordance on the hold-out, calibration at 90 days, hazard ratios) and the scores of the
    people the caller sees, highest first. Team leaders, center managers and HR; 404 for everyone else."""
    if not can_read_risk(request.user):
        raise NotFound(_("Not found."))
    model = current_model()
    scores = [] if model is None else [
        {"employee_no": s.employee.employee_no, "name": s.employee.name,
         "team": s.employee.team.name if s.employee.team else None, "risk_90": s.risk_90, "facts": s.facts}
        for s in risk_list(request.user, model)[offset:offset + limit]]
    return {"notice": _("The score supports a conversation; it makes no decision."), "model": model,
            "scores": scores}


@router.post("/risk/retrain", response={202: RetrainOut, **errors(404)},
             summary="HR: retrain the flight-risk model in the background")
def retrain(request):
    if not can_train_risk(request.user):
        raise NotFound(_("Not found."))
    return Status(202, {"task_id": str(retrain_risk_model.enqueue(None, request.user.pk).id)})


@router.get("/alerts", response={200: list[AlertOut], **errors(404)}, summary="Early-warning alerts in scope")
def alerts(request, open_only: bool = True, limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0, le=1_000_000)):
    if not can_read_alerts(request.user):
        raise NotFound(_("Not found."))
    rows = alerts_visible_to(request.user)
    if open_only:
        rows = rows.filter(acknowledged_at__isnull=True)
    return [_alert(a) for a in rows[offset:offset + limit]]


@router.post("/alerts/{alert_id}/acknowledge", response={200: AlertOut, **errors(404, 409, 422)},
             summary="Acknowledge an early-warning alert with a note")
def acknowledge(request, alert_id: int, payload: AcknowledgeIn):
    """422 note_required for an empty note, 409 already_acknowledged, 404 out of scope or unknown."""
    return _alert(acknowledge_alert(request.user, alert_id, payload.note))


@router.post("/alerts/{alert_id}/idp-action", response={201: AlertOut, **errors(403, 404, 409, 422)},
             summary="The team leader adds an action to the person's IDP from an alert")
def idp_action(request, alert_id: int, payload: IdpActionIn):
    """The person's team leader adds an action to their IDP of the current cycle (an agreed version starts the next
    draft); 422 no_current_idp when there is none (never a stub plan), action_incomplete, unknown_course; 409
    idp_awaiting_decision, action_already_opened; 403 not_team_leader; 404 out of scope or unknown."""
    alert = open_idp_action(request.user, alert_id, kind=payload.kind, title=payload.title,
                            due_date=payload.due_date, course_code=payload.course)
    return Status(201, _alert(alert))
