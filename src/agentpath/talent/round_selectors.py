"""Reads of promotion rounds, scoped by the acting user (org.scoping): HR all centers, managers the centers
they serve, team leaders their team's center and, inside a round, their own team's candidates only."""
import datetime
from collections import Counter

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Level
from agentpath.common.errors import Invalid
from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure

from .eligibility import RequirementCheck, evaluate
from .models import PromotionRound, RoundCandidate, TalentDecision
from .moves import move_label
from .round_quotas import quota_history
from .rounds import available_actions, option_of, quota_usage


def rounds_for(user) -> QuerySet:
    ids = scoping.talent_center_ids_for(user)
    qs = PromotionRound.objects.select_related("center", "opened_by")
    return qs if ids is None else qs.filter(center_id__in=ids)


def round_for(user, pk: int) -> PromotionRound:
    rnd = rounds_for(user).filter(pk=pk).first()
    if rnd is None:
        raise Http404
    return rnd


def centers_to_open(user) -> QuerySet:
    """Centers in which the user may open a round (deciders only)."""
    if not scoping.can_decide_talent(user):
        return scoping.centers_visible_to(user).none()
    return scoping.centers_visible_to(user)


def center_to_open(user, code: str, *, or_404: bool = False):
    """The center of that code in which the user may open a round or a review; None (or 404 with `or_404`) when
    they serve no such center. Anyone who decides no talent matter is answered 404: these forms are not theirs."""
    if not scoping.can_decide_talent(user):
        raise Http404
    center = centers_to_open(user).filter(code=code).first()
    if center is None and or_404:
        raise Http404
    return center


def center_opened(user, code: str):
    """A center of that code among those in which the user may open a round (404 for none; nobody who decides no
    talent matter has any)."""
    center = centers_to_open(user).filter(code=code).first()
    if center is None:
        raise Http404
    return center


def levels_named(codes) -> dict:
    """The levels of these codes, by code; unknown codes are refused together (422 unknown_level)."""
    levels = {lv.code: lv for lv in Level.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(levels))
    if unknown:
        raise Invalid(_("Unknown levels: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_level")
    return levels


def nominee_for(user, rnd: PromotionRound, employee_no: str) -> Employee:
    """Someone the user may nominate in the round (nominable_for); anybody else is 404, as for nobody."""
    employee = nominable_for(user, rnd).filter(employee_no=employee_no).first()
    if employee is None:
        raise Http404
    return employee


def candidates_named(user, rnd: PromotionRound, ids) -> dict:
    """The round's candidates of these ids that the user sees, by id; any other id is refused with the rest
    (422 not_a_candidate)."""
    visible = {c.pk: c for c in candidates_for(user, rnd).filter(pk__in=ids)}
    missing = sorted(set(ids) - set(visible))
    if missing:
        raise Invalid(_("No such candidates in this round: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                      code="not_a_candidate")
    return visible


def in_decided_centers(user, qs: QuerySet) -> QuerySet:
    """The rows of `qs` (reviews of a center) in the centers whose talent matters the user decides
    (org.scoping); nobody else sees any."""
    if not scoping.can_decide_talent(user):
        return qs.none()
    ids = scoping.talent_center_ids_for(user)
    return qs if ids is None else qs.filter(center_id__in=ids)


def center_shown(user, code: str | None):
    """For a deciders' page of one center: the centers the user may choose from and the one chosen by `code`
    (the first by code when none is named); 404 when there is none."""
    centers = centers_to_open(user)
    center = centers.filter(code=code).first() if code else centers.order_by("code").first()
    if center is None:
        raise Http404
    return centers, center


def candidates_for(user, rnd: PromotionRound) -> QuerySet:
    return (RoundCandidate.objects.filter(round=rnd, employee__in=scoping.employees_visible_to(user))
            .select_related("employee__team", "employee__level", "transition__from_level",
                            "transition__to_level__track", "nomination__nominated_by"))


def candidate_for(user, rnd: PromotionRound, pk: int) -> RoundCandidate:
    candidate = candidates_for(user, rnd).filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def nominable_for(user, rnd: PromotionRound) -> QuerySet:
    """People of the round's center the user may nominate (a team leader: their team)."""
    return scoping.employees_visible_to(user).filter(center=rnd.center, status=Employee.Status.ACTIVE) \
        .select_related("level").order_by("employee_no")


def round_page(user, pk: int, today: datetime.date | None = None) -> dict:
    """A round as the user may see it: quotas with slots used and left, and each visible candidate with the
    requirements explained today (unmet first), the recommendations and the decision trail (one evaluation for
    all), and the round's summary (eligible, decided by outcome, 破格, undecided)."""
    today = today or timezone.localdate()
    rnd = round_for(user, pk)
    candidates = list(candidates_for(user, rnd))
    people = list(with_tenure(Employee.objects.filter(pk__in={c.employee_id for c in candidates}), today))
    options = evaluate(people, today)
    decisions = {}
    for d in (TalentDecision.objects.filter(candidate__in=candidates).select_related("decided_by", "event")
              .order_by("decided_at", "id")):
        decisions.setdefault(d.candidate_id, []).append(d)
    rows = []
    for c in candidates:
        option = option_of(options, c)
        trail = decisions.get(c.pk, [])
        standing = trail[-1] if trail else None
        as_decided = option is None and standing is not None and bool(standing.requirements_snapshot)
        if as_decided:  # the move took effect (or the level changed): the requirements as the decision saw them
            checks = sorted((snapshot_check(s) for s in standing.requirements_snapshot),
                            key=lambda ch: CHECK_ORDER[ch.status])
        else:
            checks = sorted(option.checks, key=lambda ch: CHECK_ORDER[ch.status]) if option else []
        rows.append({"candidate": c, "option": option, "decisions": trail, "standing": standing,
                     "checks": checks, "unmet": sum(1 for ch in checks if not ch.met), "as_decided": as_decided,
                     "eligible": standing.eligible_when_decided if as_decided else bool(option and option.eligible),
                     "move": move_label(c.transition, grade_before(c, standing))})
    return {"round": rnd, "quotas": quota_usage(rnd), "rows": rows, "actions": available_actions(rnd),
            "as_of": today, "quota_history": list(quota_history(rnd)), "summary": round_summary(rows)}


CHECK_ORDER = {"unmet": 0, "unknown": 1, "met": 2}  # a committee reads what is missing first


def grade_before(c, standing) -> int:
    """The candidate's grade before the move: the approved move's starting grade once it took effect."""
    event = standing.event if standing is not None and standing.outcome == TalentDecision.Outcome.APPROVE else None
    return event.from_grade if event is not None and not event.scheduled and event.from_grade else c.employee.grade


def snapshot_check(item: dict) -> RequirementCheck:
    """A requirement of a decision's frozen snapshot, read back as the engine's check."""
    return RequirementCheck(requirement_id=0, kind=item["kind"], label=item["label"],
                            description=item["description"], met=item["met"], actual=item["actual"],
                            has_data=item["status"] != "unknown")


def round_summary(rows: list[dict]) -> dict:
    """What the committee decided so far: candidates, eligible, standing decisions by outcome, overrides (破格)
    and the undecided."""
    standing = [r["standing"] for r in rows if r["standing"] is not None]
    by_outcome = Counter(d.outcome for d in standing)
    return {"candidates": len(rows), "eligible": sum(1 for r in rows if r["eligible"]),
            "approved": by_outcome[TalentDecision.Outcome.APPROVE],
            "rejected": by_outcome[TalentDecision.Outcome.REJECT],
            "deferred": by_outcome[TalentDecision.Outcome.DEFER],
            "not_decided": by_outcome[TalentDecision.Outcome.NOT_DECIDED],
            "overrides": sum(1 for d in standing if d.override),
            "undecided": len(rows) - len(standing)}


# The committee table's sort keys (?sort=, "-" first for descending) and filters (?target= ?team= ?eligible=
# ?rec= ?decision=): applied on the server, so the table works without JavaScript.
SORTS = {
    "name": lambda r: r["candidate"].employee.name,
    "employee_no": lambda r: r["candidate"].employee.employee_no,
    "team": lambda r: (r["candidate"].employee.team.name if r["candidate"].employee.team else ""),
    "target": lambda r: (r["candidate"].transition.to_level.track.order, r["candidate"].transition.to_level.order),
    "unmet": lambda r: (r["unmet"], r["candidate"].employee.employee_no),
    "recommendation": lambda r: (_rec_rank(r["candidate"]), r["candidate"].employee.employee_no),
    "decision": lambda r: (r["standing"].outcome if r["standing"] else "", r["candidate"].employee.employee_no),
}


def _rec_rank(c) -> int:
    """Supported by both first, then by one, none given, opposed by one, by both."""
    score = {"support": 1, "oppose": -1, "": 0}
    return -(score[c.tl_recommendation] + score[c.manager_recommendation])


def _matches(row: dict, filters: dict) -> bool:
    c = row["candidate"]
    if filters.get("target") and c.transition.to_level.code != filters["target"]:
        return False
    if filters.get("team") and str(c.employee.team_id) != filters["team"]:
        return False
    if filters.get("eligible") in ("yes", "no") and row["eligible"] != (filters["eligible"] == "yes"):
        return False
    rec = filters.get("rec")
    given = {c.tl_recommendation, c.manager_recommendation} - {""}
    if rec in ("support", "oppose") and rec not in given:
        return False
    if rec == "none" and given:
        return False
    decision = filters.get("decision")
    if decision == "undecided" and row["standing"] is not None:
        return False
    if decision and decision != "undecided" and (row["standing"] is None or row["standing"].outcome != decision):
        return False
    return True


def committee_rows(rows: list[dict], params) -> tuple[list[dict], dict, str]:
    """The rows the committee asked for (`params`: the page's query string), filtered and sorted; returns the
    rows, the filters understood and the sort applied."""
    filters = {k: params.get(k, "").strip() for k in ("target", "team", "eligible", "rec", "decision")}
    sort = params.get("sort", "employee_no").strip()
    key = SORTS.get(sort.lstrip("-"))
    if key is None:
        sort, key = "employee_no", SORTS["employee_no"]
    shown = sorted((r for r in rows if _matches(r, filters)), key=key, reverse=sort.startswith("-"))
    return shown, filters, sort
