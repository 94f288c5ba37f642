"""Bottom-rank reviews (末位评估) held to Chinese labour law (DOMAIN.md C8).

Ranking last among peers is not by itself "unable to do the job" (Supreme People's Court guiding case 18);
Labour Contract Law art. 40(2) asks for training or a change of post first. So the rule (default: the bottom
10 % of the business-capability composite of the peer group, two quarters running) only opens an improvement
step: mandatory training and a re-assessment date. Only when that step is recorded as done and failed may a
demotion or a change of post be decided; the product never proposes dismissal. Staff under a minimum tenure
are "too new to rate" and left out.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Transition
from agentpath.common.calendar import add_months, last_quarters
from agentpath.org.models import Employee
from agentpath.org.selectors import tenure_months, with_tenure
from agentpath.org.services import record_move
from agentpath.performance.closed_periods import close_for_decision
from agentpath.performance.models import CompositeGroup
from agentpath.performance.selectors import bottom_share

from .models import BottomRankReview, TalentDecision
from .rounds import only_position

DEFAULT_SHARE = Decimal("0.10")
DEFAULT_QUARTERS = 2
DEFAULT_MIN_TENURE_MONTHS = 6  # under this, "too new to rate"
DEFAULT_REASSESS_MONTHS = 3
R = BottomRankReview.State
Outcome = TalentDecision.Outcome
REVIEW_OUTCOMES = (Outcome.DEMOTE, Outcome.CHANGE_POST, Outcome.KEEP)


def bottom_ranked(center, as_of: datetime.date, share: Decimal = DEFAULT_SHARE, quarters: int = DEFAULT_QUARTERS,
                  min_tenure_months: int = DEFAULT_MIN_TENURE_MONTHS, *, scope) -> dict:
    """Who of the center ranked in the bottom `share` of the business-capability composite of their peer group
    in each of the last `quarters` complete quarters (one query per quarter), split into those to review and
    those too new to rate (tenure under `min_tenure_months` on `as_of`)."""
    periods = last_quarters(as_of, quarters)
    ranks: dict[int, list[dict]] = {}
    for period in periods:
        for r in bottom_share(CompositeGroup.BUSINESS, period.code, float(share), scope=scope, center=center):
            ranks.setdefault(r.employee_id, []).append({"quarter": period.code, "rank": r.rank,
                                                        "peer_size": r.peer_size, "percentile": r.percentile})
    every_quarter = [emp_id for emp_id, rows in ranks.items() if len(rows) == len(periods)]
    people = list(with_tenure(Employee.objects.filter(pk__in=every_quarter, status=Employee.Status.ACTIVE), as_of)
                  .select_related("level", "team").order_by("employee_no"))
    rated, too_new = [], []
    for person in people:
        (rated if tenure_months(person, as_of) >= min_tenure_months else too_new).append(person)
    return {"quarters": [p.code for p in reversed(periods)], "rated": rated, "too_new": too_new, "ranks": ranks}


@transaction.atomic
def open_reviews(center, *, by, training, as_of: datetime.date | None = None, share: Decimal = DEFAULT_SHARE,
                 min_tenure_months: int = DEFAULT_MIN_TENURE_MONTHS, reassess_on: datetime.date | None = None) -> dict:
    """Open an improvement step (the mandatory `training` and a re-assessment date, by default three months on)
    for everyone the rule finds, once per run of quarters; returns the rule's finding and the reviews opened."""
    as_of = as_of or timezone.localdate()
    if not Decimal(0) < share < Decimal(1):
        raise ValidationError(_("The bottom share must lie between 0 and 1 (e.g. 0.10 for 10 %)."))
    found = bottom_ranked(center, as_of, share, DEFAULT_QUARTERS, min_tenure_months, scope=by)
    close_for_decision(found["quarters"], today=as_of, decision="bottom_rank", ref=center.name)
    quarters = ",".join(found["quarters"])
    reassess_on = reassess_on or add_months(as_of, DEFAULT_REASSESS_MONTHS)
    if reassess_on <= as_of:
        raise ValidationError(_("The re-assessment date must come after today."))
    rows = [BottomRankReview(employee=p, center=center, quarters=quarters, share=share,
                             ranks_snapshot=sorted(found["ranks"][p.id], key=lambda r: r["quarter"]),
                             training=training, reassess_on=reassess_on, opened_by=by, opened_on=as_of)
            for p in found["rated"]]
    BottomRankReview.objects.bulk_create(rows, ignore_conflicts=True)
    opened = BottomRankReview.objects.filter(center=center, quarters=quarters, opened_on=as_of,
                                             employee__in=found["rated"])
    return {**found, "opened": list(opened)}


def record_improvement_result(review: BottomRankReview, *, by, passed: bool, note: str,
                              today: datetime.date | None = None) -> BottomRankReview:
    """Record the improvement step as done: passed (the review closes) or failed (a decision may follow). Not
    before the re-assessment date, and once only."""
    today = today or timezone.localdate()
    if review.state != R.IMPROVING:
        raise ValidationError(_("The improvement step's result is already recorded (%(state)s).")
                              % {"state": review.get_state_display()})
    if today < review.reassess_on:
        raise ValidationError(_("The re-assessment is due on %(d)s; record the result on or after that day.")
                              % {"d": review.reassess_on})
    if not note.strip():
        raise ValidationError(_("Describe the training done and the re-assessment."))
    review.state = R.PASSED if passed else R.FAILED
    review.result_recorded_by, review.result_recorded_on, review.result_note = by, today, note.strip()
    review.save(update_fields=["state", "result_recorded_by", "result_recorded_on", "result_note"])
    return review


@transaction.atomic
def decide_review(review: BottomRankReview, *, by, outcome: str, reason: str, effective_date: datetime.date,
                  position=None, today: datetime.date | None = None) -> TalentDecision:
    """After a failed improvement step: demote by the framework's demotion from the person's level, change their
    post (another position), or keep them in post, with a reason; the move becomes an event on its date. Any
    other outcome (dismissal included) is refused: the product never proposes it."""
    today = today or timezone.localdate()
    if outcome not in REVIEW_OUTCOMES:
        raise ValidationError(_("A bottom-rank review ends in a demotion, a change of post or keeping the person "
                                "in post; nothing else is decided here."))
    if review.state != R.FAILED:
        raise ValidationError(_("A demotion or a change of post may be decided only after the improvement step "
                                "is recorded as done and failed (Labour Contract Law art. 40)."))
    if not reason.strip():
        raise ValidationError(_("A decision needs a reason."))
    employee = review.employee
    move = None
    if outcome == Outcome.DEMOTE:
        demotion = Transition.objects.filter(from_level_id=employee.level_id, kind=Transition.Kind.DEMOTION) \
            .select_related("to_level").first()
        if demotion is None:
            raise ValidationError(_("The framework has no demotion from %(level)s.")
                                  % {"level": employee.level.display_name})
        move = {"kind": "demotion", "level": demotion.to_level,
                "position": demotion.to_position or only_position(demotion.to_level),
                "grade": employee.grade if demotion.to_level.contains_grade(employee.grade)
                else demotion.to_level.grade_min}
    elif outcome == Outcome.CHANGE_POST:
        if position is None or position.pk == employee.position_id:
            raise ValidationError(_("Choose the new post."))
        kind = "rotation" if position.level_id == employee.level_id else "lateral"
        move = {"kind": kind, "level": position.level, "position": position,
                "grade": employee.grade if position.level.contains_grade(employee.grade) else position.level.grade_max}
    framework = employee.level.track.framework
    decision = TalentDecision.objects.create(
        review=review, outcome=outcome, reason=reason.strip(), decided_by=by, facts_as_of=today,
        requirements_snapshot=[{"ranks": review.ranks_snapshot, "improvement": review.result_note,
                                "training": review.training.code}],
        eligible_when_decided=False, framework_code=framework.code, framework_version=framework.version)
    if move is not None:
        decision.event = record_move(employee, effective_date=effective_date, decision_ref=decision.ref, today=today,
                                     cause=_("Bottom-rank review %(q)s: %(reason)s") % {"q": review.quarters,
                                                                                        "reason": decision.reason},
                                     **move)
        decision.save(update_fields=["event"])
    review.state = R.DECIDED
    review.save(update_fields=["state"])
    return decision
