"""Reads of bottom-rank reviews, 9-box reviews and succession benches, each scoped by the acting user
(org.scoping through talent.round_selectors.in_decided_centers): HR every center, center managers the centers
they serve, nobody else any. Out of scope and nonexistent answer alike: NotFound (404)."""
import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Position
from agentpath.common.errors import NotFound
from agentpath.learning.models import Course
from agentpath.org import scoping
from agentpath.org.models import Employee

from . import bottom_rank, nine_box, succession
from .models import BottomRankReview, Placement, SuccessionCandidate, TalentDecision, TalentReview
from .round_selectors import centers_to_open, in_decided_centers


def _not_found():
    return NotFound(_("Nothing here answers to that, or it is not yours to see."), code="not_found")


def decider_center(user, code: str):
    """The center of that code whose talent matters the user decides; NotFound otherwise (and for anyone who
    decides none)."""
    center = centers_to_open(user).filter(code=code or "").first()
    if center is None:
        raise _not_found()
    return center


# bottom-rank reviews

def bottom_rank_reviews_for(user) -> QuerySet:
    """Bottom-rank reviews of the centers a decider serves; nobody else sees any."""
    return in_decided_centers(user, BottomRankReview.objects.select_related(
        "employee__level", "employee__position", "center", "training").prefetch_related(
        Prefetch("decisions", queryset=TalentDecision.objects.select_related(
            "decided_by", "event__to_level", "event__to_position"))))


def bottom_rank_reviews_among(user, reviews) -> QuerySet:
    """These reviews (e.g. the ones just opened) as the user reads them, with their people and decisions."""
    return bottom_rank_reviews_for(user).filter(pk__in=[r.pk for r in reviews])


def bottom_rank_review_for(user, pk: int) -> BottomRankReview:
    review = bottom_rank_reviews_for(user).filter(pk=pk).first()
    if review is None:
        raise _not_found()
    return review


def course_named(code: str) -> Course | None:
    return Course.objects.filter(code=code or "").first()


def position_named(code: str) -> Position | None:
    return Position.objects.select_related("level").filter(code=code or "").first()


def reviews_page(user, center_code: str | None, today: datetime.date | None = None) -> dict:
    """The bottom-rank reviews page: the reviews in scope, the rule's preview for a chosen center, the courses to
    assign, the default re-assessment date, and for each failed step the posts a change of post may go to."""
    if not scoping.can_decide_talent(user):
        raise _not_found()
    today = today or timezone.localdate()
    centers = centers_to_open(user)
    center = centers.filter(code=center_code).first() if center_code else None
    reviews = list(bottom_rank_reviews_for(user))
    by_place = {}  # the posts open from a level and position, read once however many people hold them
    for r in reviews:
        place = (r.employee.level_id, r.employee.position_id)
        if r.state == BottomRankReview.State.FAILED and place not in by_place:
            by_place[place] = [p for _t, p in bottom_rank.change_of_post_options(r.employee)]
    posts = {r.pk: by_place[(r.employee.level_id, r.employee.position_id)]
             for r in reviews if r.state == BottomRankReview.State.FAILED}
    return {"reviews": [{"review": r, "posts": posts.get(r.pk, [])} for r in reviews], "centers": centers,
            "center": center, "preview": bottom_rank.bottom_ranked(center, today, scope=user) if center else None,
            "courses": Course.objects.order_by("code"), "reassess_on": bottom_rank.default_reassess_on(today),
            "outcomes": [(o, TalentDecision.Outcome(o).label) for o in bottom_rank.REVIEW_OUTCOMES]}


# 9-box reviews

def nine_box_reviews_for(user) -> QuerySet:
    return in_decided_centers(user, TalentReview.objects.select_related("center", "held_by"))


def nine_box_review_for(user, pk: int) -> TalentReview:
    review = nine_box_reviews_for(user).filter(pk=pk).first()
    if review is None:
        raise _not_found()
    return review


def nine_box_list(user) -> dict:
    if not scoping.can_decide_talent(user):
        raise _not_found()
    return {"reviews": nine_box_reviews_for(user), "centers": centers_to_open(user)}


def placements_of(review: TalentReview) -> list[Placement]:
    return list(review.placements.select_related("employee__team", "employee__position")
                .prefetch_related("moves__moved_by"))


def placement_in(user, review_id: int, employee_no: str) -> Placement:
    """A person's placement in a 9-box review the user may open; NotFound for anyone not in it."""
    review = nine_box_review_for(user, review_id)
    placement = review.placements.select_related("employee", "review").filter(employee__employee_no=employee_no) \
        .first()
    if placement is None:
        raise _not_found()
    return placement


def nine_box_page(user, pk: int) -> dict:
    review = nine_box_review_for(user, pk)
    placements = placements_of(review)
    data = nine_box.grid(placements)
    chart = [{"name": p.employee.name, "value": [p.performance, p.potential]}
             for cell in data["cells"] for p in cell["people"]]
    reasons = nine_box.unplaced_reasons(placements, review.period)
    return {**data, "review": review, "placements": placements, "chart_data": chart, "levels": nine_box.LEVELS,
            "moved": [p for p in placements if p.moves.all()],
            "unrated_reasons": [(p, reasons[p.pk]) for p in data["unrated"]]}


# succession benches

def bench_entry_for(user, center_code: str, position_code: str, employee_no: str) -> SuccessionCandidate:
    """A candidate on a bench of a center whose talent matters the user decides; NotFound otherwise."""
    center = decider_center(user, center_code)
    entry = SuccessionCandidate.objects.select_related("employee", "position", "center").filter(
        center=center, position__code=position_code or "", employee__employee_no=employee_no or "").first()
    if entry is None:
        raise _not_found()
    return entry


def bench_entry(user, pk: int) -> SuccessionCandidate:
    """A bench candidate (by id) of a center whose talent matters the user decides; NotFound otherwise."""
    entry = in_decided_centers(user, SuccessionCandidate.objects.select_related("employee", "position", "center")) \
        .filter(pk=pk).first()
    if entry is None:
        raise _not_found()
    return entry


def bench_person(user, center, employee_no: str) -> Employee:
    """An active person of the center to put on a bench; NotFound for anyone else."""
    person = scoping.employees_visible_to(user).filter(center=center, employee_no=employee_no or "",
                                                       status=Employee.Status.ACTIVE).first()
    if person is None:
        raise _not_found()
    return person


def key_position(code: str) -> Position:
    position = Position.objects.select_related("level").filter(code=code or "", is_key=True).first()
    if position is None:
        raise NotFound(_("%(code)s is not a key position.") % {"code": code}, code="not_a_key_position")
    return position


def succession_page(user, center_code: str | None) -> dict:
    """A center's benches as the page shows them (the first center by code when none is named)."""
    centers = centers_to_open(user)
    center = centers.filter(code=center_code).first() if center_code else centers.order_by("code").first()
    if center is None:
        raise _not_found()
    return {"center": center, "centers": centers, "positions": succession.benches(center),
            "key_positions": Position.objects.filter(is_key=True).order_by("code"),
            "people": Employee.objects.filter(center=center, status=Employee.Status.ACTIVE).order_by("employee_no"),
            "readiness": SuccessionCandidate.Readiness.choices}


def benches_of(user, center_code: str) -> tuple:
    center = decider_center(user, center_code)
    return center, succession.benches(center)
