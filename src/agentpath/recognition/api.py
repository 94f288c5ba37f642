"""/api/v1/recognition/…: badges, levels, a person's badges, points, level and star ratings (scoped like the
pages), a nomination, and HR's month award run. Refusals carry the service's code (common.errors)."""
import datetime

from django.templatetags.static import static
from ninja import Field, Router, Schema, Status

from agentpath.api_common import PeriodCode, domain_refusal, errors, max_length_of
from agentpath.common.errors import DomainError

from . import selectors, services
from .models import Award, Badge
from .tasks import run_awards

router = Router()


def refused(exc: DomainError) -> Status:
    return domain_refusal(exc)


class BadgeOut(Schema):
    code: str
    name: str
    icon_url: str
    rule: str
    params: dict
    points: int


class XpLevelOut(Schema):
    code: str
    name: str
    min_points: int


class AwardOut(Schema):
    id: int
    badge: str
    badge_name: str
    icon_url: str
    occasion: str
    earned_on: datetime.date
    facts: str = Field(..., description="which facts gave it, e.g. 2026-10 月考 96 分 ≥ 95")
    points: int
    revoked: bool
    revoke_reason: str


class StarOut(Schema):
    period: str
    stars: int


class RecognitionOut(Schema):
    employee_no: str
    points: int
    level: str | None
    next_level: str | None
    points_to_next: int | None
    awards: list[AwardOut]
    star_ratings: list[StarOut]


class BadgeGiftIn(Schema):
    badge: str = Field(..., max_length=max_length_of(Badge, "code"))
    reason: str = Field(..., max_length=300)


class RevokeIn(Schema):
    reason: str = Field(..., max_length=max_length_of(Award, "revoke_reason"),
                        description="why the award is revoked (kept in the history)")


class AwardRunIn(Schema):
    period: PeriodCode = Field(..., description="the month, e.g. 2026-10")


class AwardRunOut(Schema):
    period: str
    task_id: str


def _award_out(a: Award) -> dict:
    return {"id": a.pk, "badge": a.badge.code, "badge_name": a.badge.display_name, "icon_url": static(a.badge.icon_path),
            "occasion": a.occasion, "earned_on": a.earned_on, "facts": selectors.describe_facts(a),
            "points": a.badge.points, "revoked": a.revoked, "revoke_reason": a.revoke_reason}


def _badge_out(b: Badge) -> dict:
    return {"code": b.code, "name": b.display_name, "icon_url": static(b.icon_path), "rule": b.rule,
            "params": b.params, "points": b.points}


@router.get("/badges", response=list[BadgeOut], summary="The badges and the rules that award them")
def list_badges(request):
    return [_badge_out(b) for b in selectors.active_badges()]


@router.get("/levels", response=list[XpLevelOut], summary="The named experience levels")
def list_levels(request):
    return [{"code": lv.code, "name": lv.display_name, "min_points": lv.min_points} for lv in selectors.xp_levels()]


@router.get("/employees/{employee_no}", response={200: RecognitionOut, **errors(404)},
            summary="A person's badges with their facts, points, level and star ratings (in your scope)")
def employee_recognition(request, employee_no: str):
    try:
        file = selectors.recognition_file(request.user, employee_no)
    except DomainError as exc:
        return refused(exc)
    return {
        "employee_no": file.employee.employee_no, "points": file.progress.points,
        "level": file.progress.level.display_name if file.progress.level else None,
        "next_level": file.progress.next_level.display_name if file.progress.next_level else None,
        "points_to_next": file.progress.to_next,
        "awards": [_award_out(a) for a in file.awards],
        "star_ratings": [{"period": r.period, "stars": r.stars} for r in file.star_ratings],
    }


@router.post("/employees/{employee_no}/awards", response={201: AwardOut, **errors(403, 404, 409, 422)},
             summary="Give a by-hand badge with a reason (team leaders, center managers, HR)")
def nominate(request, employee_no: str, payload: BadgeGiftIn):
    try:
        employee = selectors.employee_in_scope(request.user, employee_no)
        badge = selectors.badge_named(payload.badge)
        award = services.award_by_hand(badge=badge, employee=employee, by=request.user, reason=payload.reason)
    except DomainError as exc:
        return refused(exc)
    return Status(201, _award_out(award))


@router.post("/awards/{award_id}/revoke", response={200: AwardOut, **errors(403, 404, 409, 422)},
             summary="Revoke an award with a reason (HR any award; a team leader or center manager one given by hand "
                     "to someone in their scope); it stays in the history, marked revoked")
def revoke(request, award_id: int, payload: RevokeIn):
    try:
        award = services.revoke_award(award=award_id, by=request.user, reason=payload.reason)
    except DomainError as exc:
        return refused(exc)
    return _award_out(award)


@router.post("/runs", response={202: AwardRunOut, **errors(403, 422)},
             summary="HR: award a month's badges over the whole workforce in the background")
def start_run(request, payload: AwardRunIn):
    services.check_may_run_awards(request.user)
    try:
        month = services.month_of(payload.period)
    except DomainError as exc:
        return refused(exc)
    result = run_awards.enqueue(month.code, request.user.pk)
    return Status(202, {"period": month.code, "task_id": str(result.id)})
