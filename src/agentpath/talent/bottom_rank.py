"""Bottom-rank reviews (末位评估) held to Chinese labour law (DOMAIN.md C8).

Ranking last among peers is not by itself "unable to do the job" (Supreme People's Court guiding case 18);
Labour Contract Law art. 40(2) asks for training or a change of post first. So the rule (default: the bottom
10 % of the business-capability composite of the peer group, two quarters running) only opens an improvement
step: mandatory training and a re-assessment date. Only when that step is recorded as done and failed may a
demotion or a change of post be decided; the product never proposes dismissal. Staff under a minimum tenure
are "too new to rate" and left out.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Position, Transition
from agentpath.common.calendar import add_months, last_quarters, parse_period
from agentpath.common.errors import Conflict, Forbidden, Invalid, NotFound
from agentpath.common.workflow import transition_under_lock
from agentpath.learning.models import Course
from agentpath.org import scoping
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.org.selectors import tenure_months, with_tenure
from agentpath.org.services import record_move
from agentpath.performance.aggregation import aggregates_of
from agentpath.performance.closed_periods import close_for_decision
from agentpath.performance.models import CompositeGroup, KpiResult, ScorecardMetric
from agentpath.performance.selectors import bottom_share

from . import duties, inbox
from .eligibility import evaluate
from .models import BottomRankReview, TalentDecision

DEFAULT_SHARE = Decimal("0.10")
DEFAULT_QUARTERS = 2
DEFAULT_MIN_TENURE_MONTHS = 6  # under this, "too new to rate"
R = BottomRankReview.State
Outcome = TalentDecision.Outcome
REVIEW_OUTCOMES = (Outcome.DEMOTE, Outcome.CHANGE_POST, Outcome.KEEP)
OPEN_STATES = (R.IMPROVING, R.FAILED)  # a step under way, or failed and waiting for its outcome
# the framework's moves a review may make: down, or sideways to a level no higher than the person's
REVIEW_MOVE_KINDS = (Transition.Kind.DEMOTION, Transition.Kind.LATERAL)


def default_reassess_on(as_of: datetime.date) -> datetime.date:
    """The re-assessment date an improvement step gets unless someone chooses one: settings.TALENT_REASSESS_MONTHS
    (three by default) after it opens."""
    return add_months(as_of, settings.TALENT_REASSESS_MONTHS)


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


WEAKEST = 2  # how many of a person's weakest metrics choose their course
GOAL_MAX = BottomRankReview._meta.get_field("goal").max_length


@dataclass
class Plan:
    """One person's improvement step as chosen: the mandatory course, the goal and the re-assessment date."""
    training: Course | None
    goal: str
    reassess_on: datetime.date | None


@dataclass
class Proposal:
    """What the rule proposes for one person: their weakest metrics against their peer group in the latest
    quarter ranked (name, percentile, peers), the courses that address them (best first) and the one
    pre-selected, with why."""
    employee: Employee
    weakest: list[dict] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    course: Course | None = None
    why: str = ""
    goal: str = ""


def weakest_metrics(people: list[Employee], quarter: str) -> dict[int, list[dict]]:
    """Each person's WEAKEST metrics of the business-capability group in `quarter`, by their percentile among
    their peer group there (the people ranked with them: same group, position and center, or the widened group),
    the worst first; a metric without a value for the person is left out."""
    period = parse_period(quarter)
    rows = {r.employee_id: r for r in KpiResult.objects.filter(
        period=quarter, group_code=CompositeGroup.BUSINESS, employee__in=people)}
    out: dict[int, list[dict]] = {}
    for person in people:
        row = rows.get(person.pk)
        if row is None:
            out[person.pk] = []
            continue
        peers = KpiResult.objects.filter(period=quarter, group_id=row.group_id, position_id=row.position_id)
        if not row.widened:
            peers = peers.filter(center_id=row.center_id)
        ids = list(peers.values_list("employee_id", flat=True))
        weights = list(ScorecardMetric.objects.filter(group_id=row.group_id).select_related("metric")
                       .order_by("-weight", "metric__order"))
        metrics = [w.metric for w in weights if not w.metric.per_period]
        values = aggregates_of(ids, metrics, period.start, period.end)
        mine = values.get(person.pk, {})
        found = []
        for m in metrics:
            own = mine.get(m.code)
            others = [v[m.code] for pk, v in values.items() if pk != person.pk and v.get(m.code) is not None]
            if own is None or not others:
                continue
            worse = sum(1 for v in others if (v < own if m.higher_is_better else v > own))
            found.append({"code": m.code, "name": m.display_name, "value": round(own, 2),
                          "percentile": round(100 * worse / len(others)), "peers": len(others) + 1})
        out[person.pk] = sorted(found, key=lambda f: f["percentile"])[:WEAKEST]
    return out


def plan_proposals(found: dict, as_of: datetime.date) -> list[Proposal]:
    """For everyone the rule rates (bottom_ranked's "rated"): the courses that address their weakest metrics
    (settings.TALENT_IMPROVEMENT_COURSES), the first of them pre-selected and why, and a goal to start from."""
    weakest = weakest_metrics(found["rated"], found["quarters"][-1]) if found["rated"] else {}
    catalogue = {c.code: c for c in Course.objects.filter(
        code__in={code for codes in settings.TALENT_IMPROVEMENT_COURSES.values() for code in codes})}
    out = []
    for person in found["rated"]:
        proposal = Proposal(employee=person, weakest=weakest.get(person.pk, []))
        for w in proposal.weakest:
            for code in settings.TALENT_IMPROVEMENT_COURSES.get(w["code"], []):
                course = catalogue.get(code)
                if course is not None and course not in proposal.courses:
                    proposal.courses.append(course)
                    if proposal.course is None:
                        proposal.course = course
                        proposal.why = _("weakest: %(metric)s P%(pct)s among %(n)s peers") % {
                            "metric": w["name"], "pct": w["percentile"], "n": w["peers"]}
        if proposal.weakest:
            proposal.goal = _("Bring %(metrics)s to the peer median (P50) by the re-assessment") % {
                "metrics": "、".join(w["name"] for w in proposal.weakest)}
        else:
            proposal.why = _("no metric values this quarter: choose the course")
        out.append(proposal)
    return out


def _check_decider(user) -> None:
    """Bottom-rank reviews are opened, recorded and decided by HR and center managers (talent.duties.DECIDE)."""
    if not scoping.can_decide_talent(user):
        raise Forbidden(_("Only HR and center managers open, record and decide bottom-rank reviews."),
                        code="not_a_decider")


def _check_center(user, center) -> None:
    ids = scoping.talent_center_ids_for(user)
    if ids is not None and center.pk not in ids:
        raise NotFound(_("No such center."), code="not_found")


def _check_plans(plans: dict[str, Plan], found: dict, as_of: datetime.date) -> dict[int, Plan]:
    """Per-person plans (by employee number) for exactly the people the rule rates: each with its course, goal and
    a re-assessment date after today (the default one when none is given). Keyed by employee id."""
    rated = {p.employee_no: p for p in found["rated"]}
    strangers = sorted(set(plans) - set(rated))
    if strangers:
        raise Invalid(_("The rule does not find %(nos)s in this center; no improvement step is opened for them.")
                      % {"nos": ", ".join(strangers)}, code="not_found_by_rule")
    missing = [p.name for no, p in rated.items() if no not in plans]
    if missing:
        raise Invalid(_("Choose the plan of everyone the rule finds; missing: %(names)s.")
                      % {"names": ", ".join(missing)}, code="plan_required")
    out, errors = {}, []
    for no, plan in plans.items():
        name = rated[no].name
        goal = (plan.goal or "").strip()
        reassess_on = plan.reassess_on or default_reassess_on(as_of)
        if plan.training is None:
            errors.append({"code": "training_required", "field": f"{no}.training",
                           "message": _("%(name)s: choose the mandatory training.") % {"name": name}})
        if not goal or len(goal) > GOAL_MAX:
            errors.append({"code": "goal_required", "field": f"{no}.goal",
                           "message": _("%(name)s: write the plan's goal (at most %(max)s characters).")
                           % {"name": name, "max": GOAL_MAX}})
        if reassess_on <= as_of:
            errors.append({"code": "reassessment_date_past", "field": f"{no}.reassess_on",
                           "message": _("%(name)s: the re-assessment date must come after today.") % {"name": name}})
        out[rated[no].pk] = Plan(training=plan.training, goal=goal, reassess_on=reassess_on)
    if errors:
        raise Invalid(" ".join(e["message"] for e in errors), code=errors[0]["code"], errors=errors)
    return out


def check_plans(center, *, by, plans: dict[str, Plan], as_of: datetime.date | None = None) -> list[tuple]:
    """The confirmation step: the plans checked as open_reviews will check them, nothing written; (person, plan)
    for everyone the rule finds, in employee-number order."""
    _check_decider(by)
    _check_center(by, center)
    as_of = as_of or timezone.localdate()
    found = bottom_ranked(center, as_of, scope=by)
    checked = _check_plans(plans, found, as_of)
    return [(p, checked[p.pk]) for p in found["rated"]]


@transaction.atomic
def open_reviews(center, *, by, training=None, plans: dict[str, Plan] | None = None,
                 as_of: datetime.date | None = None, share: Decimal = DEFAULT_SHARE,
                 min_tenure_months: int = DEFAULT_MIN_TENURE_MONTHS, reassess_on: datetime.date | None = None) -> dict:
    """Open an improvement step for everyone the rule finds, once per run of quarters; returns the rule's finding
    and the reviews opened. Each person's step is their `plans` entry (by employee number: the mandatory course,
    the goal, the re-assessment date), one for each person the rule finds (_check_plans); without plans, the
    one `training` and `reassess_on` (by default settings.TALENT_REASSESS_MONTHS on) for all. Nobody opens a
    step on themselves: the opener, if the rule finds them, is left for someone else (`left_to_others`);
    someone whose earlier step is still under way or waiting for its outcome gets no second one (`under_way`; a
    database constraint holds one open review per person)."""
    _check_decider(by)
    _check_center(by, center)
    as_of = as_of or timezone.localdate()
    if plans is None and training is None:
        raise Invalid(_("Choose the mandatory training."), code="training_required")
    if not Decimal(0) < share < Decimal(1):
        raise Invalid(_("The bottom share must lie between 0 and 1 (e.g. 0.10 for 10 %)."), code="invalid_share")
    reassess_on = reassess_on or default_reassess_on(as_of)
    if reassess_on <= as_of:
        raise Invalid(_("The re-assessment date must come after today."), code="reassessment_date_past")
    found = bottom_ranked(center, as_of, share, DEFAULT_QUARTERS, min_tenure_months, scope=by)
    per_person = _check_plans(plans, found, as_of) if plans is not None else {
        p.pk: Plan(training=training, goal="", reassess_on=reassess_on) for p in found["rated"]}
    close_for_decision(found["quarters"], today=as_of, decision="bottom_rank", ref=center.name)
    quarters = ",".join(found["quarters"])
    own = [p for p in found["rated"] if p.pk == by.employee_id]
    under_way = set(BottomRankReview.objects.filter(employee__in=found["rated"], state__in=OPEN_STATES)
                    .exclude(quarters=quarters).values_list("employee_id", flat=True))
    rated = [p for p in found["rated"] if p.pk != by.employee_id and p.pk not in under_way]
    rows = [BottomRankReview(employee=p, center=center, quarters=quarters, share=share,
                             ranks_snapshot=sorted(found["ranks"][p.id], key=lambda r: r["quarter"]),
                             training=per_person[p.pk].training, goal=per_person[p.pk].goal,
                             reassess_on=per_person[p.pk].reassess_on, opened_by=by, opened_on=as_of)
            for p in rated]
    BottomRankReview.objects.bulk_create(rows, ignore_conflicts=True)
    opened = BottomRankReview.objects.filter(center=center, quarters=quarters, opened_on=as_of, employee__in=rated)
    inbox.improvement_plans_opened(opened.select_related("training", "employee"))
    return {**found, "opened": list(opened), "left_to_others": own,
            "under_way": [p for p in found["rated"] if p.pk in under_way]}


def _check_employed(review: BottomRankReview) -> None:
    """A review moves only while its person is with the company (the transitions' condition, said by name)."""
    if review.employee.status == Employee.Status.EXITED:
        raise Conflict(_("%(name)s has left; the review no longer moves.") % {"name": review.employee.name},
                       code="employee_left")


def record_improvement_result(review: BottomRankReview, *, by, passed: bool, note: str,
                              today: datetime.date | None = None) -> BottomRankReview:
    """Record the improvement step as done: passed (the review closes) or failed (a decision may follow). Not
    before the re-assessment date, once only (under the review's row lock), never by the person themselves."""
    today = today or timezone.localdate()
    _check_decider(by)
    note = (note or "").strip()
    if not note:
        raise Invalid(_("Describe the training done and the re-assessment."), code="note_required")

    def check(fresh: BottomRankReview) -> None:
        duties.check_may_act(by, fresh.employee, duties.DECIDE)
        _check_employed(fresh)
        if fresh.state != R.IMPROVING:
            raise Conflict(_("The improvement step's result is already recorded (%(state)s).")
                           % {"state": fresh.get_state_display()}, code="already_recorded")
        if today < fresh.reassess_on:
            raise Invalid(_("The re-assessment is due on %(d)s; record the result on or after that day.")
                          % {"d": fresh.reassess_on}, code="reassessment_not_due")

    return transition_under_lock(BottomRankReview, review.pk, "pass_improvement" if passed else "fail_improvement",
                                 by=by, reason=note, check=check, recorded_by=by, note=note, on=today)


def is_not_higher(level: Level, than: Level) -> bool:
    """A level no higher than another: a step not above it in the same track; across tracks, a grade band whose
    highest grade is not above the other's (grade 1 is the highest, comparable across tracks)."""
    if level.track_id == than.track_id:
        return level.order <= than.order
    return level.grade_min >= than.grade_min


def change_of_post_options(employee: Employee) -> list[tuple[Transition, Position]]:
    """The posts a bottom-rank review may move a person to: every position reached by a demotion or lateral
    transition of the framework from the person's level (and position, when the transition names one) into a
    level no higher than theirs; none of them is the post they hold."""
    current = employee.level
    transitions = (Transition.objects.filter(from_level=current, kind__in=REVIEW_MOVE_KINDS)
                   .select_related("to_level__track", "to_position__level").prefetch_related("to_level__positions"))
    options = []
    for t in transitions:
        if t.from_position_id not in (None, employee.position_id) or not is_not_higher(t.to_level, current):
            continue
        for position in ([t.to_position] if t.to_position_id else list(t.to_level.positions.all())):
            if position.pk != employee.position_id and all(p.pk != position.pk for _t, p in options):
                options.append((t, position))
    return options


def _grade_in(level: Level, grade: int) -> int:
    """The grade after a move down or sideways: the present one if the band holds it, else the band's highest."""
    return grade if level.contains_grade(grade) else level.grade_min


def planned_move(employee: Employee, outcome: str, position: Position | None) -> tuple[Transition, dict] | None:
    """The framework's transition and the move a review's outcome makes (None: keep in post). A demotion takes the
    framework's demotion from the person's level; a change of post goes only to a post of change_of_post_options
    (the same or a lower level, reachable by a transition): anything else is refused naming the post."""
    if outcome == Outcome.KEEP:
        return None
    if outcome == Outcome.DEMOTE:
        demotion = (Transition.objects.filter(from_level_id=employee.level_id, kind=Transition.Kind.DEMOTION)
                    .filter(from_position__isnull=True).select_related("to_level", "to_position").first())
        if demotion is None:
            raise Invalid(_("The framework has no demotion from %(level)s.")
                          % {"level": employee.level.display_name}, code="no_demotion")
        positions = list(demotion.to_level.positions.all()[:2])
        position = demotion.to_position or (positions[0] if len(positions) == 1 else None)
        return demotion, {"kind": demotion.kind, "level": demotion.to_level, "position": position,
                          "grade": _grade_in(demotion.to_level, employee.grade)}
    if position is None:
        raise Invalid(_("Choose the new post."), code="position_required")
    if position.pk == employee.position_id:
        raise Invalid(_("%(name)s already holds %(post)s.") % {"name": employee.name, "post": position.display_name},
                      code="same_post")
    found = next((t for t, p in change_of_post_options(employee) if p.pk == position.pk), None)
    if found is None:
        raise Invalid(_("%(post)s is not a post a bottom-rank review may move %(name)s to: only a post at the same "
                        "or a lower level, reached by a demotion or a lateral move of the framework from %(level)s.")
                      % {"post": position.display_name, "name": employee.name, "level": employee.level.display_name},
                      code="post_not_reachable")
    return found, {"kind": found.kind, "level": position.level, "position": position,
                   "grade": _grade_in(position.level, employee.grade)}


def decide_review(review: BottomRankReview, *, by, outcome: str, reason: str, effective_date: datetime.date,
                  position=None, today: datetime.date | None = None) -> TalentDecision:
    """After a failed improvement step: demote by the framework's demotion from the person's level, change their
    post (planned_move: the same or a lower level, reachable by the framework), or keep them in post, with a
    reason. One outcome per review: taken under the review's row lock with its state re-read there (a second
    decision is refused 409 "already_decided"; a database constraint holds it too). Nobody decides on themselves
    (talent.duties). The move goes through org.services.record_move, the path of a round's approval: the level
    the person holds re-read under lock, the requirements of the framework's transition kept as seen that day,
    one scheduled move per person and target. (A round's quota counts promotion slots; a move down or sideways
    takes none.) Any other outcome (dismissal included) is refused: the product never proposes it."""
    today = today or timezone.localdate()
    _check_decider(by)
    if outcome not in REVIEW_OUTCOMES:
        raise Invalid(_("A bottom-rank review ends in a demotion, a change of post or keeping the person in post; "
                        "nothing else is decided here."), code="outcome_not_allowed")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("A decision needs a reason."), code="reason_required")

    def check(fresh: BottomRankReview) -> None:
        duties.check_may_act(by, fresh.employee, duties.DECIDE)
        _check_employed(fresh)
        if fresh.state == R.DECIDED:
            raise Conflict(_("The review of %(name)s is already decided.") % {"name": fresh.employee.name},
                           code="already_decided")
        if fresh.state != R.FAILED:
            raise Invalid(_("A demotion or a change of post may be decided only after the improvement step is "
                            "recorded as done and failed (Labour Contract Law art. 40)."),
                          code="improvement_not_failed")

    with transaction.atomic():
        fresh = transition_under_lock(BottomRankReview, review.pk, "decide", by=by, reason=reason, check=check)
        employee = Employee.objects.select_for_update(of=("self",)).select_related("level__track__framework", "position") \
            .get(pk=fresh.employee_id)
        planned = planned_move(employee, outcome, position)
        framework = employee.level.track.framework
        checks, eligible = [], False
        if planned is not None:
            option = next((o for o in evaluate(list(with_tenure(Employee.objects.filter(pk=employee.pk), today)),
                                               today).get(employee.pk, []) if o.transition.pk == planned[0].pk), None)
            if option is not None:
                checks = [{"kind": c.kind, "label": c.label, "description": c.description, "status": c.status,
                           "met": c.met, "actual": c.actual} for c in option.checks]
                eligible = option.eligible
        decision = TalentDecision.objects.create(
            review=fresh, outcome=outcome, reason=reason, decided_by=by, facts_as_of=today,
            requirements_snapshot=[{"ranks": fresh.ranks_snapshot, "improvement": fresh.result_note,
                                    "training": fresh.training.code, "transition": checks}],
            eligible_when_decided=eligible, framework_code=framework.code, framework_version=framework.version)
        if planned is not None:
            move = planned[1]
            if EmploymentEvent.objects.filter(employee=employee, scheduled=True, kind=move["kind"],
                                              to_level=move["level"]).exists():
                raise Conflict(_("%(name)s already has this move scheduled.") % {"name": employee.name},
                               code="move_already_scheduled")
            try:
                decision.event = record_move(
                    employee, effective_date=effective_date, decision_ref=decision.ref, today=today,
                    cause=_("Bottom-rank review %(q)s: %(reason)s") % {"q": fresh.quarters, "reason": reason},
                    **planned[1])
            except ValidationError as error:
                raise Invalid(" ".join(error.messages), code="move_refused") from None
            decision.save(update_fields=["event"])
        inbox.review_decided(fresh, decision)
    return decision
