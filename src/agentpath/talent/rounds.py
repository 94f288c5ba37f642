"""Promotion rounds (晋升评审, DOMAIN.md C8): candidates, recommendations, quotas and decisions.

A round gathers, for its whole center at once, everyone the eligibility engine finds eligible for a
promotion plus team-leader nominations with a reason. Its state moves only by the named actions of
ROUND_ACTIONS. A decision (approve, reject, defer) needs a reason, stores the explained requirements it saw
and the framework version, and is never deleted: a later decision on the same candidate reverses it. An
approval becomes an event on the round's effective date (org.services.record_move, decision_ref linking the
decision), held to the round's quota for the target level. `decide` (one candidate) and `decide_many` (the
whole round) are the same rule: one function validates and applies every decision of a batch.
"""
import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Transition
from agentpath.common.calendar import parse_period
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.org.services import cancel_scheduled_move, record_move
from agentpath.performance.closed_periods import close_for_promotion_decision

from . import services
from .eligibility import evaluate, evaluate_people
from .models import Nomination, PromotionRound, Recommendation, RoundCandidate, RoundQuota, TalentDecision
from .staffing import promotion_slots

S = PromotionRound.State
# The transitions a round considers: promotions, or the grade steps within a band of the annual review.
ROUND_KINDS = {PromotionRound.Kind.PROMOTION: (Transition.Kind.PROMOTION,),
               PromotionRound.Kind.ANNUAL_REVIEW: (Transition.Kind.GRADE_STEP,)}
ROUND_OUTCOMES = (TalentDecision.Outcome.APPROVE, TalentDecision.Outcome.REJECT, TalentDecision.Outcome.DEFER)

# The round's state machine: action -> (states it may be taken from, state it leads to).
ROUND_ACTIONS = {
    "start_deciding": ({S.OPEN}, S.DECIDING),
    "reopen": ({S.DECIDING}, S.OPEN),
    "close": ({S.DECIDING}, S.CLOSED),
    "cancel": ({S.OPEN, S.DECIDING}, S.CANCELLED),
}


def action_names() -> dict[str, str]:
    return {"start_deciding": _("Start deciding"), "reopen": _("Reopen for nominations"), "close": _("Close"),
            "cancel": _("Cancel")}


def available_actions(rnd: PromotionRound) -> list[str]:
    return [name for name, (sources, _target) in ROUND_ACTIONS.items() if rnd.state in sources]


@transaction.atomic
def apply_round_action(rnd: PromotionRound, action: str, by, today: datetime.date | None = None) -> PromotionRound:
    """Move the round by a named action; any other move is refused with the states it is allowed from. Starting
    to decide gathers the candidates again (someone may have become eligible); a round with approvals standing
    cannot be cancelled (reverse them first)."""
    if action not in ROUND_ACTIONS:
        raise ValidationError(_("%(action)s is not an action of a promotion round.") % {"action": action})
    sources, target = ROUND_ACTIONS[action]
    if rnd.state not in sources:
        raise ValidationError(_("A round that is %(state)s cannot %(action)s; only a round that is %(allowed)s can.")
                              % {"state": rnd.get_state_display(), "action": action_names()[action],
                                 "allowed": " / ".join(str(S(s).label) for s in sorted(sources))})
    if action == "cancel" and standing_decisions(rnd).filter(outcome=TalentDecision.Outcome.APPROVE).exists():
        raise ValidationError(_("The round has approved moves; reverse them before cancelling the round."))
    if action == "start_deciding":
        gather_candidates(rnd, today)
    rnd.state = target
    rnd.save(update_fields=["state"])
    return rnd


@transaction.atomic
def open_round(*, center, period: str, effective_date: datetime.date, quotas: dict | None, by,
               today: datetime.date | None = None, kind: str = PromotionRound.Kind.PROMOTION) -> PromotionRound:
    """Open a round for a center and a period (a month 2026-07 or a quarter 2026Q3) with its quota per level
    ({level: slots}); without quotas, the promotion slots the center's staffing gaps open (talent.staffing).
    The candidates are gathered at once."""
    if quotas is None:
        slots = promotion_slots(center)
        quotas = {level: slots[level.code] for level in Level.objects.filter(code__in=slots)}
    try:
        code = parse_period(period).code
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if PromotionRound.objects.filter(center=center, kind=kind, period=code).exists():
        raise ValidationError(_("%(center)s already has a round for %(period)s.") % {"center": center.name,
                                                                                      "period": code})
    rnd = PromotionRound.objects.create(center=center, kind=kind, period=code, effective_date=effective_date,
                                        opened_by=by)
    RoundQuota.objects.bulk_create([RoundQuota(round=rnd, level=level, slots=slots)
                                    for level, slots in quotas.items() if slots])
    gather_candidates(rnd, today)
    return rnd


def gather_candidates(rnd: PromotionRound, today: datetime.date | None = None) -> int:
    """Add everyone of the center eligible for a promotion today (one evaluation for the whole center) and every
    open nomination of the center's people; people already in the round stay. Returns how many were added."""
    today = today or timezone.localdate()
    options = evaluate_people(Employee.objects.filter(center=rnd.center, status=Employee.Status.ACTIVE), today,
                              kinds=ROUND_KINDS[rnd.kind])
    rows = [RoundCandidate(round=rnd, employee_id=emp_id, transition=o.transition,
                           source=RoundCandidate.Source.ELIGIBLE)
            for emp_id, opts in options.items() for o in opts if o.eligible]
    nominations = Nomination.objects.filter(employee__center=rnd.center, employee__status=Employee.Status.ACTIVE,
                                            withdrawn=False, transition__kind__in=ROUND_KINDS[rnd.kind])
    rows += [RoundCandidate(round=rnd, employee_id=n.employee_id, transition_id=n.transition_id, nomination=n,
                            source=RoundCandidate.Source.NOMINATED) for n in nominations]
    before = rnd.candidates.count()
    RoundCandidate.objects.bulk_create(rows, ignore_conflicts=True)
    return rnd.candidates.count() - before


@transaction.atomic
def nominate(rnd: PromotionRound, employee: Employee, to_level, by, reason: str,
             today: datetime.date | None = None) -> RoundCandidate:
    """A team leader (or manager) nominates someone of the round's center for a promotion, with a reason; the
    nomination (the one rule of talent.services.nominate; an open nomination of the same move is taken as it is)
    also counts for a requirement that asks for one (eligibility)."""
    if rnd.state != S.OPEN:
        raise ValidationError(_("Nominations are taken while the round is open."))
    if employee.center_id != rnd.center_id:
        raise ValidationError(_("%(name)s is not in %(center)s.") % {"name": employee.name, "center": rnd.center.name})
    transition = Transition.objects.filter(from_level_id=employee.level_id, to_level=to_level,
                                           kind__in=ROUND_KINDS[rnd.kind]).first()
    if transition is None:
        raise ValidationError(_("%(level)s is not a promotion open from %(name)s's level.")
                              % {"level": to_level.display_name, "name": employee.name})
    nomination = services.nominate(by, employee, transition, reason, today=today, reuse_open=True)
    candidate, created = RoundCandidate.objects.get_or_create(
        round=rnd, employee=employee, transition=transition,
        defaults={"source": RoundCandidate.Source.NOMINATED, "nomination": nomination})
    if not created and candidate.nomination_id is None:
        candidate.nomination = nomination
        candidate.save(update_fields=["nomination"])
    return candidate


def recommend(rnd: PromotionRound, candidate: RoundCandidate, by, recommendation: str, note: str,
              as_manager: bool) -> RoundCandidate:
    """The team leader's or the manager's recommendation on a candidate (before the decision)."""
    if rnd.state not in (S.OPEN, S.DECIDING):
        raise ValidationError(_("The round is %(state)s; recommendations are closed.")
                              % {"state": rnd.get_state_display()})
    if recommendation not in Recommendation.values:
        raise ValidationError(_("Choose whether you recommend the candidate."))
    prefix = "manager" if as_manager else "tl"
    setattr(candidate, f"{prefix}_recommendation", recommendation)
    setattr(candidate, f"{prefix}_note", note.strip())
    candidate.save(update_fields=[f"{prefix}_recommendation", f"{prefix}_note"])
    return candidate


def standing_decisions(rnd: PromotionRound):
    """The decisions in force in a round: those no later decision has reversed."""
    return TalentDecision.objects.filter(candidate__round=rnd, reversed_by__isnull=True)


def quota_usage(rnd: PromotionRound) -> list[dict]:
    """For each level with a quota: the slots, the approvals standing and the slots left."""
    used = Counter(standing_decisions(rnd).filter(outcome=TalentDecision.Outcome.APPROVE)
                   .values_list("candidate__transition__to_level_id", flat=True))
    return [{"level": q.level, "slots": q.slots, "used": used[q.level_id], "left": q.slots - used[q.level_id]}
            for q in rnd.quotas.select_related("level").order_by("level__track__order", "level__order")]


@dataclass
class DecisionRequest:
    candidate: RoundCandidate
    outcome: str
    reason: str


def _grade_after(transition: Transition, grade: int) -> int:
    """The grade after a move: a grade step goes one grade up the band; another level starts at the band's
    entry grade unless the present grade lies in it."""
    if transition.kind == Transition.Kind.GRADE_STEP:
        return grade - 1
    return grade if transition.to_level.contains_grade(grade) else transition.to_level.grade_max


def only_position(level):
    """The position a move into a level takes when the transition names none: the level's one position, or none
    when it has several (HR then records the position)."""
    positions = list(level.positions.all()[:2])
    return positions[0] if len(positions) == 1 else None


def _snapshot(option) -> tuple[list[dict], bool]:
    if option is None:
        return [], False
    return ([{"kind": c.kind, "label": c.label, "description": c.description, "status": c.status, "met": c.met,
              "actual": c.actual} for c in option.checks], option.eligible)


def decide(rnd: PromotionRound, candidate: RoundCandidate, by, decision: str, reason: str,
           today: datetime.date | None = None) -> TalentDecision:
    """One decision: the rule of decide_many for a single candidate."""
    return decide_many(rnd, [DecisionRequest(candidate, decision, reason)], by, today)[0]


@transaction.atomic
def decide_many(rnd: PromotionRound, requests: list[DecisionRequest], by,
                today: datetime.date | None = None) -> list[TalentDecision]:
    """Decide on candidates of a round, all or none: every decision needs a reason; the round must be deciding;
    a decision that repeats the standing one is refused; approvals are held to the quota of their level and to
    the person still holding the transition's level; reversing an approval withdraws its move while it is still
    scheduled (a move that took effect is history: record a new one). The facts are evaluated once for all."""
    today = today or timezone.localdate()
    rnd = PromotionRound.objects.select_for_update().get(pk=rnd.pk)
    if rnd.state != S.DECIDING:
        raise ValidationError(_("Decisions are taken while the round is deciding; it is %(state)s.")
                              % {"state": rnd.get_state_display()})
    ids = [r.candidate.pk for r in requests]
    candidates = {c.pk: c for c in RoundCandidate.objects.filter(pk__in=ids, round=rnd).select_related(
        "employee", "transition__to_level__track__framework", "transition__to_position")}
    standing = {d.candidate_id: d for d in standing_decisions(rnd).filter(candidate_id__in=ids)
                .select_related("event")}
    people = list(with_tenure(Employee.objects.filter(pk__in={c.employee_id for c in candidates.values()}), today))
    options = evaluate(people, today)
    close_for_promotion_decision(today=today, round_id=rnd.pk)
    usage = {q["level"].id: q for q in quota_usage(rnd)}
    errors, new_approvals = [], Counter()
    for r in requests:
        c = candidates.get(r.candidate.pk)
        name = c.employee.name if c else "?"
        if c is None:
            errors.append(_("The candidate is not in this round."))
            continue
        if r.outcome not in ROUND_OUTCOMES:
            errors.append(_("%(name)s: choose approve, reject or defer.") % {"name": name})
        if not (r.reason or "").strip():
            errors.append(_("%(name)s: a decision needs a reason.") % {"name": name})
        previous = standing.get(c.pk)
        if previous is not None and previous.outcome == r.outcome:
            errors.append(_("%(name)s: the standing decision is already %(outcome)s.")
                          % {"name": name, "outcome": previous.get_outcome_display()})
        if previous is not None and previous.outcome == TalentDecision.Outcome.APPROVE and previous.event \
                and not previous.event.scheduled:
            errors.append(_("%(name)s: the approved move took effect on %(d)s; record a new move instead.")
                          % {"name": name, "d": previous.event.effective_date})
        if r.outcome == TalentDecision.Outcome.APPROVE:
            level = c.transition.to_level
            if c.transition.kind == Transition.Kind.GRADE_STEP and c.employee.grade <= level.grade_min:
                errors.append(_("%(name)s is already at the top of the band.") % {"name": name})
            if c.employee.level_id != c.transition.from_level_id:
                errors.append(_("%(name)s no longer holds the level this candidacy starts from.") % {"name": name})
            if c.transition.kind == Transition.Kind.GRADE_STEP:
                continue  # a grade step within the band takes no slot of a level
            quota = usage.get(level.id)
            new_approvals[level.id] += 1
            if quota is None:
                errors.append(_("%(name)s: the round has no quota for %(level)s.")
                              % {"name": name, "level": level.display_name})
            elif quota["used"] + new_approvals[level.id] > quota["slots"]:
                errors.append(_("%(name)s: the quota for %(level)s is full (%(slots)s slots).")
                              % {"name": name, "level": level.display_name, "slots": quota["slots"]})
    if errors:
        raise ValidationError(errors)
    decisions = []
    for r in requests:
        c = candidates[r.candidate.pk]
        option = next((o for o in options.get(c.employee_id, []) if o.transition.id == c.transition_id), None)
        checks, eligible = _snapshot(option)
        framework = c.transition.to_level.track.framework
        previous = standing.get(c.pk)
        if previous is not None and previous.event is not None and previous.event.scheduled:
            cancel_scheduled_move(previous.event)
        decision = TalentDecision.objects.create(
            candidate=c, outcome=r.outcome, reason=r.reason.strip(), decided_by=by, facts_as_of=today,
            requirements_snapshot=checks, eligible_when_decided=eligible, framework_code=framework.code,
            framework_version=framework.version, reverses=previous)
        if r.outcome == TalentDecision.Outcome.APPROVE:
            t = c.transition
            decision.event = record_move(
                c.employee, kind=t.kind, effective_date=rnd.effective_date, level=t.to_level,
                position=t.to_position or only_position(t.to_level), grade=_grade_after(t, c.employee.grade),
                cause=_("Promotion round %(period)s: %(reason)s") % {"period": rnd.period, "reason": decision.reason},
                decision_ref=decision.ref, today=today)
            decision.save(update_fields=["event"])
        decisions.append(decision)
    return decisions

