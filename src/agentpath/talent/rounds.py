"""Promotion rounds (晋升评审, DOMAIN.md C8): candidates, recommendations, quotas and decisions.

A round gathers, for its whole center at once, everyone the eligibility engine finds eligible for a
promotion plus team-leader nominations with a reason. Its state moves only by the named actions of
ROUND_ACTIONS. A decision (approve, reject, defer) needs a reason, stores the explained requirements it saw
and the framework version, and is never deleted: a later decision on the same candidate reverses it. An
approval becomes an event on the round's effective date (org.services.record_move, decision_ref linking the
decision), held to the round's quota for the target level. `decide` (one candidate) and `decide_many` (the
whole round) are the same rule: one function validates and applies every decision of a batch.

Past 500 lines because the round's state machine, its decisions and the 破格/undecided rules share one row
lock and one validation; quotas already live in round_quotas.py and exports in round_exports.py. The next split
is the batch validation of decide_many into its own module.
"""
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from agentpath.accounts.models import Role
from agentpath.careers.models import Transition
from agentpath.common.calendar import parse_period
from agentpath.common.errors import Conflict, Forbidden, Invalid
from agentpath.common.workflow import state_refusal, transition_under_lock
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.org.selectors import with_tenure
from agentpath.org.services import cancel_scheduled_move, record_move
from agentpath.performance.closed_periods import close_for_promotion_decision

from . import duties, inbox, round_quotas, services
from .eligibility import evaluate, evaluate_people
from .models import Nomination, PromotionRound, Recommendation, RoundCandidate, TalentDecision
from .moves import grade_after_step
from .round_quotas import QuotaEntry, quota_usage  # noqa: F401  (QuotaEntry: the quota a caller enters)

S = PromotionRound.State
# The transitions a round considers: promotions, or the grade steps within a band of the annual review.
ROUND_KINDS = {PromotionRound.Kind.PROMOTION: (Transition.Kind.PROMOTION,),
               PromotionRound.Kind.ANNUAL_REVIEW: (Transition.Kind.GRADE_STEP,)}
ROUND_OUTCOMES = (TalentDecision.Outcome.APPROVE, TalentDecision.Outcome.REJECT, TalentDecision.Outcome.DEFER)

# The round's actions: the transitions of PromotionRound's state machine, in the order the page offers them.
ROUND_ACTIONS = ("start_deciding", "reopen", "close", "cancel")


def action_names() -> dict[str, str]:
    return {"start_deciding": _("Start deciding"), "reopen": _("Reopen for nominations"), "close": _("Close"),
            "cancel": _("Cancel")}


def available_actions(rnd: PromotionRound) -> list[str]:
    """The actions the round's state allows (their guards are checked when one is taken)."""
    names = {t.name for t in rnd.get_all_state_transitions() if t.source in (rnd.state, "*")}
    return [name for name in ROUND_ACTIONS if name in names]


check_decider = duties.check_round_decider


def undecided_candidates(rnd: PromotionRound):
    """The candidates of the round with no decision standing."""
    standing = TalentDecision.objects.filter(candidate__round=rnd, reversed_by__isnull=True).values("candidate_id")
    return (RoundCandidate.objects.filter(round=rnd).exclude(pk__in=standing)
            .select_related("employee__team", "transition__to_level__track__framework").order_by("employee__employee_no"))


def _undecided_refusal(undecided: list[RoundCandidate]) -> Conflict:
    names = "、".join(c.employee.name for c in undecided)
    return Conflict(_("%(n)s candidates have no decision: %(names)s. Closing records them as not decided; confirm "
                      "to close.") % {"n": len(undecided), "names": names}, code="undecided_candidates",
                    errors=[_item("undecided_candidate", _("%(name)s (%(no)s) has no decision.")
                                  % {"name": c.employee.name, "no": c.employee.employee_no}) for c in undecided])


def _round_guard(action: str, seen_state: str | None, close_undecided: bool = False):
    """The guard of `action`, run on the locked, fresh row: a round whose state is no longer the one the caller
    saw, or a move the state no longer allows, is refused (409 state_changed: another move came first); a cancel
    with approvals standing is refused by its reason; closing with candidates undecided is refused naming them
    (409 undecided_candidates) unless the caller confirms it (`close_undecided`)."""
    def check(rnd: PromotionRound) -> None:
        stale = seen_state is not None and rnd.state != seen_state
        if stale or not can_proceed(getattr(rnd, action), check_conditions=False):
            raise Conflict(state_refusal(rnd, "state", str(action_names()[action])), code="state_changed")
        if action == "cancel" and not rnd.has_no_standing_approval():
            raise Conflict(_("The round has approved moves; reverse them before cancelling the round."),
                           code="approvals_standing")
        if action == "close" and not close_undecided:
            undecided = list(undecided_candidates(rnd))
            if undecided:
                raise _undecided_refusal(undecided)
    return check


def _record_not_decided(rnd: PromotionRound, by, today: datetime.date, reason: str) -> list[TalentDecision]:
    """On closing: each candidate still undecided gets a decision "not decided" (with the requirements as they
    stood), so the round's record says who was left without a decision rather than leaving a blank."""
    undecided = list(undecided_candidates(rnd))
    if not undecided:
        return []
    people = list(with_tenure(Employee.objects.filter(pk__in={c.employee_id for c in undecided}), today))
    options = evaluate(people, today)
    rows = []
    for c in undecided:
        checks, eligible = _snapshot(option_of(options, c))
        framework = c.transition.to_level.track.framework
        rows.append(TalentDecision(
            candidate=c, outcome=TalentDecision.Outcome.NOT_DECIDED, decided_by=by, facts_as_of=today,
            reason=(reason or "").strip() or _("The round was closed without a decision."),
            requirements_snapshot=checks, eligible_when_decided=eligible, framework_code=framework.code,
            framework_version=framework.version))
    return TalentDecision.objects.bulk_create(rows)


@transaction.atomic
def apply_round_action(rnd: PromotionRound, action: str, by, today: datetime.date | None = None,
                       reason: str = "", seen_state: str | None = None,
                       close_undecided: bool = False) -> PromotionRound:
    """Move the round by a transition of its state machine, under a row lock with the state re-read inside the
    transaction (common.workflow.transition_under_lock): of two moves sent together one wins and the other is
    refused (409 state_changed), as is a move of a round whose state is no longer `seen_state` (the state the
    caller saw; by default the state of `rnd` as the caller loaded it). Starting to decide gathers the candidates
    again in the same transaction (someone may have become eligible); a round with approvals standing cannot be
    cancelled (reverse them first). Closing with candidates undecided needs `close_undecided` (the caller has
    asked the person, naming them; 409 undecided_candidates otherwise) and records each as not decided (issue
    19). Returns the round as it now stands (and refreshes `rnd`)."""
    if action not in ROUND_ACTIONS:
        raise Invalid(_("%(action)s is not an action of a promotion round; the actions are %(actions)s.")
                      % {"action": action, "actions": ", ".join(ROUND_ACTIONS)}, code="unknown_action")
    check_decider(by)
    moved = transition_under_lock(PromotionRound, rnd.pk, action, by=by, reason=reason,
                                  check=_round_guard(action, seen_state or rnd.state, close_undecided))
    if action == "start_deciding":
        gather_candidates(moved, today)
    if action == "close":
        _record_not_decided(moved, by, today or timezone.localdate(), reason)
        inbox.round_closed(moved, standing_decisions(moved))
    rnd.refresh_from_db(fields=["state"])  # the caller's round is the round as it now stands
    return moved


def _locked(rnd: PromotionRound) -> PromotionRound:
    """The round's row, locked until the transaction ends, with its state as it is now."""
    return PromotionRound.objects.select_for_update(of=("self",)).select_related("center").get(pk=rnd.pk)


@transaction.atomic
def open_round(*, center, period: str, effective_date: datetime.date, quotas: dict | None, by,
               today: datetime.date | None = None, kind: str = PromotionRound.Kind.PROMOTION) -> PromotionRound:
    """Open a round for a center and a period (a month 2026-07 or a quarter 2026Q3) with its quota per level
    ({level: slots or QuotaEntry}; QuotaEntry(None, reason) is no limit with its reason): a level the manager
    leaves out takes the slots its staffing ratio opens where one exists (talent.round_quotas, issue 18). The
    candidates are gathered at once. One round per center, kind and period."""
    check_decider(by)
    initial = round_quotas.initial_quotas(center, quotas)
    try:
        code = parse_period(period).code
    except ValueError as error:
        raise Invalid(str(error), code="invalid_period") from None
    exists = Conflict(_("%(center)s already has a round for %(period)s.") % {"center": center.name, "period": code},
                      code="round_exists")
    if PromotionRound.objects.filter(center=center, kind=kind, period=code).exists():
        raise exists
    try:
        with transaction.atomic():
            rnd = PromotionRound.objects.create(center=center, kind=kind, period=code, effective_date=effective_date,
                                                opened_by=by)
    except IntegrityError:
        raise exists from None  # opened by someone else at the same moment
    round_quotas.save_initial_quotas(rnd, initial, by)
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
    also counts for a requirement that asks for one (eligibility). Nobody nominates themselves (talent.duties)."""
    duties.check_may_act(by, employee, duties.NOMINATE)
    rnd = _locked(rnd)
    if rnd.state != S.OPEN:
        raise Conflict(_("Nominations are taken while the round is open; it is %(state)s.")
                       % {"state": rnd.get_state_display()}, code="round_not_open")
    if employee.center_id != rnd.center_id:
        raise Invalid(_("%(name)s is not in %(center)s.") % {"name": employee.name, "center": rnd.center.name},
                      code="not_in_center")
    transition = Transition.objects.filter(from_level_id=employee.level_id, to_level=to_level,
                                           kind__in=ROUND_KINDS[rnd.kind]).first()
    if transition is None:
        raise Invalid(_("%(level)s is not a promotion open from %(name)s's level.")
                      % {"level": to_level.display_name, "name": employee.name}, code="no_such_move")
    nomination = services.nominate(by, employee, transition, reason, today=today, reuse_open=True)
    candidate, created = RoundCandidate.objects.get_or_create(
        round=rnd, employee=employee, transition=transition,
        defaults={"source": RoundCandidate.Source.NOMINATED, "nomination": nomination})
    if not created and candidate.nomination_id is None:
        candidate.nomination = nomination
        candidate.save(update_fields=["nomination"])
    return candidate


@transaction.atomic
def recommend(rnd: PromotionRound, candidate: RoundCandidate, by, recommendation: str, note: str) -> RoundCandidate:
    """The team leader's or the manager's recommendation on a candidate (before the decision): a team leader's
    counts as the team leader's, a manager's as the manager's. Nobody recommends themselves (talent.duties)."""
    duties.check_may_act(by, candidate.employee, duties.RECOMMEND)
    rnd = _locked(rnd)
    if rnd.state not in (S.OPEN, S.DECIDING):
        raise Conflict(_("The round is %(state)s; recommendations are closed.") % {"state": rnd.get_state_display()},
                       code="round_not_open")
    if recommendation not in Recommendation.values:
        raise Invalid(_("Choose whether you recommend the candidate."), code="invalid_recommendation")
    prefix = "tl" if by.role == Role.TEAM_LEADER else "manager"
    candidate = RoundCandidate.objects.select_for_update().get(pk=candidate.pk, round=rnd)
    setattr(candidate, f"{prefix}_recommendation", recommendation)
    setattr(candidate, f"{prefix}_note", (note or "").strip())
    candidate.save(update_fields=[f"{prefix}_recommendation", f"{prefix}_note"])
    return candidate


def standing_decisions(rnd: PromotionRound):
    """The decisions in force in a round: those no later decision has reversed."""
    return TalentDecision.objects.filter(candidate__round=rnd, reversed_by__isnull=True)


class _Unseen:
    def __repr__(self):
        return "UNSEEN"


UNSEEN = _Unseen()  # a DecisionRequest whose caller did not say which standing decision they saw


@dataclass
class DecisionRequest:
    """One decision asked for. `seen_standing`: the standing decision the decider saw (its id, or None for none);
    when another decision was recorded meanwhile the request is refused (409 already_decided) rather than
    silently reversing it. UNSEEN: the caller did not say (a repeat of the standing outcome is still refused).
    `override` with `override_reason`: approve although requirements are unmet (破格)."""

    candidate: RoundCandidate
    outcome: str
    reason: str
    seen_standing: int | None | _Unseen = UNSEEN
    override: bool = False
    override_reason: str = ""


def _grade_after(transition: Transition, grade: int) -> int:
    """The grade after a move: a grade step goes one grade up the band; another level starts at the band's
    entry grade unless the present grade lies in it."""
    if transition.kind == Transition.Kind.GRADE_STEP:
        return grade_after_step(grade)
    return grade if transition.to_level.contains_grade(grade) else transition.to_level.grade_max


def only_position(level):
    """The position a move into a level takes when the transition names none: the level's one position, or none
    when it has several (HR then records the position)."""
    positions = list(level.positions.all()[:2])
    return positions[0] if len(positions) == 1 else None


def _snapshot(option, override: bool = False) -> tuple[list[dict], bool]:
    """The requirements as the decision saw them; with an override (破格) each unmet one is marked overridden."""
    if option is None:
        return [], False
    return ([{"kind": c.kind, "label": c.label, "description": c.description, "status": c.status, "met": c.met,
              "actual": c.actual, **({"overridden": True} if override and not c.met else {})}
             for c in option.checks], option.eligible)


def option_of(options: dict, c: RoundCandidate):
    """The candidate's move as the eligibility engine explains it today (None: no longer open from their level)."""
    return next((o for o in options.get(c.employee_id, []) if o.transition.id == c.transition_id), None)


def decide(rnd: PromotionRound, candidate: RoundCandidate, by, decision: str, reason: str,
           today: datetime.date | None = None) -> TalentDecision:
    """One decision: the rule of decide_many for a single candidate."""
    return decide_many(rnd, [DecisionRequest(candidate, decision, reason)], by, today)[0]


def _item(code: str, message: str, line: int | None = None) -> dict:
    return {"code": code, "message": message, **({"line": line} if line is not None else {})}


def _batch_refusals(requests: list[DecisionRequest], candidates: dict) -> tuple[list[dict], list[dict]]:
    """What makes a batch wrong as a whole: the same candidate twice with the same outcome (duplicates), with
    different outcomes (a contradiction), or one person approved for more than one move (e.g. three grade
    steps). Returns (duplicates, contradictions), each naming the people and the lines (1-based)."""
    by_candidate, approvals_by_person = defaultdict(list), defaultdict(list)
    for line, r in enumerate(requests, start=1):
        by_candidate[r.candidate.pk].append((line, r.outcome))
        c = candidates.get(r.candidate.pk)
        if c is not None and r.outcome == TalentDecision.Outcome.APPROVE:
            approvals_by_person[c.employee_id].append((line, c))
    duplicates, contradictions = [], []
    for pk, seen in by_candidate.items():
        if len(seen) < 2:
            continue
        c = candidates.get(pk)
        name = c.employee.name if c is not None else f"#{pk}"
        lines = ", ".join(str(line) for line, _outcome in seen)
        if len({outcome for _line, outcome in seen}) == 1:
            duplicates.append(_item("duplicate_in_batch", _("%(name)s is decided %(n)s times in this batch (lines "
                                                            "%(lines)s); decide each candidate once.")
                                    % {"name": name, "n": len(seen), "lines": lines}, seen[1][0]))
        else:
            contradictions.append(_item("contradiction", _("%(name)s is given different decisions in this batch "
                                                           "(lines %(lines)s: %(outcomes)s); give one.")
                                        % {"name": name, "lines": lines,
                                           "outcomes": " / ".join(outcome for _line, outcome in seen)}, seen[1][0]))
    for seen in approvals_by_person.values():
        if len({c.pk for _line, c in seen}) > 1:
            duplicates.append(_item("duplicate_in_batch", _("%(name)s is approved for %(n)s moves in this batch (lines "
                                                            "%(lines)s); a person takes one move at a time.")
                                    % {"name": seen[0][1].employee.name, "n": len(seen),
                                       "lines": ", ".join(str(line) for line, _c in seen)}, seen[1][0]))
    return duplicates, contradictions


def _own_nominations(by, candidates) -> dict[tuple[int, int], Nomination]:
    """The open nominations `by` made of the candidates' moves (a candidacy gathered as eligible may still carry
    one made on the path page): {(employee id, transition id): nomination}."""
    rows = Nomination.objects.filter(nominated_by=by, withdrawn=False,
                                     employee_id__in={c.employee_id for c in candidates})
    return {(n.employee_id, n.transition_id): n for n in rows}


@transaction.atomic
def decide_many(rnd: PromotionRound, requests: list[DecisionRequest], by,
                today: datetime.date | None = None) -> list[TalentDecision]:
    """Decide on candidates of a round, all or none. The round's row is locked and its state and standing
    decisions re-read inside the transaction, so decisions sent at the same moment are taken one after the
    other: a decision that repeats the standing one is refused (409 already_decided). A batch naming a candidate
    twice, contradicting itself or approving one person for two moves is refused whole, naming them (422
    duplicate_in_batch / contradiction). Nobody decides on themselves or on a nomination they made, and only
    someone above the candidate in their line decides (talent.duties, 403). Every decision needs a reason; the
    round must be deciding; approving someone with an unmet requirement needs an explicit override with its
    written reason (破格, issue 19: 422 override_reason_required otherwise), kept on the decision and its snapshot; approvals are held to the quota of their level, to the person still holding the
    transition's level and to one scheduled move per person and target (org's constraint: two rounds approving
    the same move are refused, 409 move_already_scheduled); reversing an approval withdraws its move while it is
    still scheduled (a move that took effect is history: record a new one). The facts are evaluated once."""
    today = today or timezone.localdate()
    check_decider(by)
    rnd = _locked(rnd)
    if rnd.state != S.DECIDING:
        raise Conflict(_("Decisions are taken while the round is deciding; it is %(state)s.")
                       % {"state": rnd.get_state_display()}, code="round_not_deciding")
    ids = [r.candidate.pk for r in requests]
    candidates = {c.pk: c for c in RoundCandidate.objects.filter(pk__in=ids, round=rnd).select_related(
        "employee__level", "nomination", "transition__to_level__track__framework", "transition__to_position")}
    duplicates, contradictions = _batch_refusals(requests, candidates)
    if duplicates or contradictions:
        items = duplicates + contradictions
        raise Invalid(_("The batch is refused whole: %(problems)s") % {"problems": " ".join(i["message"] for i in items)},
                      code=items[0]["code"], errors=items)
    missing = [_item("not_a_candidate", _("Line %(line)s: the candidate is not in this round.") % {"line": line}, line)
               for line, r in enumerate(requests, start=1) if r.candidate.pk not in candidates]
    if missing:
        raise Invalid(missing[0]["message"], code="not_a_candidate", errors=missing)
    own = _own_nominations(by, candidates.values())
    refused = []
    for line, r in enumerate(requests, start=1):
        c = candidates[r.candidate.pk]
        mine = c.nomination if c.nomination is not None and c.nomination.nominated_by_id == by.pk else \
            own.get((c.employee_id, c.transition_id))
        try:
            duties.check_may_act(by, c.employee, duties.DECIDE, nomination=mine)
        except Forbidden as error:
            refused.append(_item(error.code, error.message, line))
    if refused:
        raise Forbidden(" ".join(i["message"] for i in refused), code=refused[0]["code"], errors=refused)
    standing = {d.candidate_id: d for d in standing_decisions(rnd).filter(candidate_id__in=ids)
                .select_related("event", "decided_by")}
    repeated = []
    for line, r in enumerate(requests, start=1):
        now = standing.get(r.candidate.pk)
        name = candidates[r.candidate.pk].employee.name
        if now is not None and now.outcome == r.outcome:
            repeated.append(_item("already_decided", _("%(name)s: the standing decision is already %(outcome)s (by "
                                                       "%(by)s).") % {"name": name, "outcome": now.get_outcome_display(),
                                                                      "by": now.decided_by.username}, line))
        elif r.seen_standing is not UNSEEN and r.seen_standing != (now.pk if now is not None else None):
            repeated.append(_item("already_decided", _("%(name)s was decided meanwhile (%(outcome)s by %(by)s); "
                                                       "reload the round and decide again if you still disagree.")
                                  % {"name": name, "outcome": now.get_outcome_display() if now else "—",
                                     "by": now.decided_by.username if now else "—"}, line))
    if repeated:
        raise Conflict(" ".join(i["message"] for i in repeated), code="already_decided", errors=repeated)
    people = list(with_tenure(Employee.objects.filter(pk__in={c.employee_id for c in candidates.values()}), today))
    options = evaluate(people, today)
    errors = _decision_errors(rnd, requests, candidates, standing, options)
    if errors:
        raise Invalid(" ".join(i["message"] for i in errors), code=errors[0]["code"], errors=errors)
    scheduled = _scheduled_elsewhere(requests, candidates)
    if scheduled:
        raise Conflict(" ".join(i["message"] for i in scheduled), code="move_already_scheduled", errors=scheduled)
    close_for_promotion_decision(today=today, round_id=rnd.pk)
    try:
        with transaction.atomic():
            return [_record_decision(rnd, candidates[r.candidate.pk], r, by, today, standing, options)
                    for r in requests]
    except IntegrityError:
        # decided or scheduled by another request between our checks and our write (the constraints hold)
        raise Conflict(_("Another decision on these candidates was recorded at the same moment; reload the round "
                         "to see it."), code="already_decided") from None
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), code="invalid_move") from None


def _unmet_override(name: str, option, r: DecisionRequest, line: int) -> dict | None:
    """An approval of someone with unmet requirements stands only as an explicit override (破格) with a written
    reason (issue 19); the refusal names what is unmet."""
    if option is None or option.eligible or (r.override and (r.override_reason or "").strip()):
        return None
    unmet = "; ".join(f"{c.label} {c.actual}" for c in option.checks if not c.met)
    return _item("override_reason_required",
                 _("%(name)s does not meet %(n)s requirements (%(unmet)s): approving needs an override (破格) with "
                   "a written reason.") % {"name": name, "n": sum(1 for c in option.checks if not c.met),
                                           "unmet": unmet}, line)


def _decision_errors(rnd, requests, candidates, standing, options) -> list[dict]:
    """The rule's refusals of each decision of a batch (reason, outcome, override, quota, band, level held)."""
    usage = {q["level"].id: q for q in quota_usage(rnd)}
    errors, new_approvals = [], Counter()
    for line, r in enumerate(requests, start=1):
        c = candidates[r.candidate.pk]
        name = c.employee.name
        if r.outcome not in ROUND_OUTCOMES:
            errors.append(_item("invalid_outcome", _("%(name)s: choose approve, reject or defer.") % {"name": name},
                                line))
        if not (r.reason or "").strip():
            errors.append(_item("reason_required", _("%(name)s: a decision needs a reason.") % {"name": name}, line))
        previous = standing.get(c.pk)
        if previous is not None and previous.outcome == TalentDecision.Outcome.APPROVE and previous.event \
                and not previous.event.scheduled:
            errors.append(_item("move_took_effect",
                                _("%(name)s: the approved move took effect on %(d)s; record a new move instead.")
                                % {"name": name, "d": previous.event.effective_date}, line))
        if r.outcome != TalentDecision.Outcome.APPROVE:
            continue
        override = _unmet_override(name, option_of(options, c), r, line)
        if override is not None:
            errors.append(override)
        level = c.transition.to_level
        if c.transition.kind == Transition.Kind.GRADE_STEP and c.employee.grade <= level.grade_min:
            errors.append(_item("top_of_band", _("%(name)s is already at the top of the band.") % {"name": name},
                                line))
        if c.employee.level_id != c.transition.from_level_id:
            errors.append(_item("level_changed", _("%(name)s no longer holds the level this candidacy starts from.")
                                % {"name": name}, line))
        if c.transition.kind == Transition.Kind.GRADE_STEP:
            continue  # a grade step within the band takes no slot of a level
        quota = usage.get(level.id)
        new_approvals[level.id] += 1
        if quota is None:
            errors.append(_item("no_quota", _("%(name)s: the round has no quota for %(level)s.")
                                % {"name": name, "level": level.display_name}, line))
        elif quota["slots"] is not None and quota["used"] + new_approvals[level.id] > quota["slots"]:
            errors.append(_item("quota_full", _("%(name)s: the quota for %(level)s is full (%(slots)s slots).")
                                % {"name": name, "level": level.display_name, "slots": quota["slots"]}, line))
    return errors


def _scheduled_elsewhere(requests, candidates) -> list[dict]:
    """Approvals whose move already waits to take effect for the person (approved in another round or recorded
    by hand): one scheduled move per person, kind and target level (org.EmploymentEvent's constraint)."""
    wanted = {(c.employee_id, c.transition.kind, c.transition.to_level_id): (line, c)
              for line, r in enumerate(requests, start=1)
              if r.outcome == TalentDecision.Outcome.APPROVE for c in [candidates[r.candidate.pk]]}
    if not wanted:
        return []
    found = EmploymentEvent.objects.filter(scheduled=True, employee_id__in={k[0] for k in wanted},
                                           to_level_id__in={k[2] for k in wanted})
    out = []
    for event in found:
        hit = wanted.get((event.employee_id, event.kind, event.to_level_id))
        if hit is not None:
            line, c = hit
            out.append(_item("move_already_scheduled",
                             _("%(name)s already has this move scheduled for %(d)s (%(ref)s); it is not made twice.")
                             % {"name": c.employee.name, "d": event.effective_date,
                                "ref": event.decision_ref or event.cause}, line))
    return out


def _record_decision(rnd, c: RoundCandidate, r: DecisionRequest, by, today, standing, options) -> TalentDecision:
    option = option_of(options, c)
    override = r.outcome == TalentDecision.Outcome.APPROVE and option is not None and not option.eligible
    checks, eligible = _snapshot(option, override)
    framework = c.transition.to_level.track.framework
    previous = standing.get(c.pk)
    if previous is not None and previous.event is not None and previous.event.scheduled:
        cancel_scheduled_move(previous.event)
    decision = TalentDecision.objects.create(
        candidate=c, outcome=r.outcome, reason=r.reason.strip(), decided_by=by, facts_as_of=today,
        requirements_snapshot=checks, eligible_when_decided=eligible, framework_code=framework.code,
        framework_version=framework.version, reverses=previous, override=override,
        override_reason=r.override_reason.strip() if override else "")
    if r.outcome == TalentDecision.Outcome.APPROVE:
        t = c.transition
        decision.event = record_move(
            c.employee, kind=t.kind, effective_date=rnd.effective_date, level=t.to_level,
            position=t.to_position or only_position(t.to_level), grade=_grade_after(t, c.employee.grade),
            cause=_("Promotion round %(period)s: %(reason)s") % {"period": rnd.period, "reason": decision.reason},
            decision_ref=decision.ref, today=today)
        decision.save(update_fields=["event"])
    return decision
