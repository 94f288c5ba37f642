"""Reads of promotion rounds, scoped by the acting user (org.scoping): HR all centers, managers the centers
they serve, team leaders their team's center and, inside a round, their own team's candidates only."""
import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure

from .eligibility import evaluate
from .models import PromotionRound, RoundCandidate, TalentDecision
from .round_quotas import quota_history
from .rounds import available_actions, quota_usage


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
    requirements explained today, the recommendations and the decision trail (one evaluation for all)."""
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
        option = next((o for o in options.get(c.employee_id, []) if o.transition.id == c.transition_id), None)
        trail = decisions.get(c.pk, [])
        rows.append({"candidate": c, "option": option, "decisions": trail,
                     "standing": trail[-1] if trail else None})
    return {"round": rnd, "quotas": quota_usage(rnd), "rows": rows, "actions": available_actions(rnd),
            "as_of": today, "quota_history": list(quota_history(rnd))}
