"""Reads of bottom-rank reviews, 9-box reviews and succession benches, each scoped by the acting user
(org.scoping through talent.round_selectors.in_decided_centers): HR every center, center managers the centers
they serve, nobody else any. Out of scope and nonexistent answer alike: NotFound (404)."""
import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Position
from agentpath.common.calendar import last_quarters, parse_period
from agentpath.common.errors import Invalid, NotFound
from agentpath.learning.models import Course
from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.performance.models import CompositeGroup, KpiResult

from . import bottom_rank, competencies, nine_box, succession
from .models import (
    BottomRankReview,
    Placement,
    PotentialRating,
    SuccessionCandidate,
    TalentDecision,
    TalentReview,
)
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


def plans_posted(post) -> dict:
    """The per-person plans of the improvement-step form: for each employee number in `people`, the course
    (`training-<no>`), the goal (`goal-<no>`) and the re-assessment date (`reassess_on-<no>`, YYYY-MM-DD)."""
    plans = {}
    for no in post.getlist("people"):
        day = (post.get(f"reassess_on-{no}") or "").strip()
        try:
            reassess_on = datetime.date.fromisoformat(day) if day else None
        except ValueError:
            raise Invalid(_("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2027-03-01.") % {"value": day},
                          code="invalid_date", errors=[{"code": "invalid_date", "field": f"reassess_on-{no}",
                                                        "message": _("write it as YYYY-MM-DD")}]) from None
        plans[no] = bottom_rank.Plan(training=course_named(post.get(f"training-{no}", "")),
                                     goal=post.get(f"goal-{no}", ""), reassess_on=reassess_on)
    return plans


def position_named(code: str) -> Position | None:
    return Position.objects.select_related("level").filter(code=code or "").first()


def _keep_posted(proposals: list, posted) -> list:
    """The plans as the decider chose them (a refused form shown again): course and goal per person posted."""
    for p in proposals:
        no = p.employee.employee_no
        if f"training-{no}" in posted:
            p.course = course_named(posted.get(f"training-{no}", ""))
            p.goal = posted.get(f"goal-{no}", "")
    return proposals


def reviews_page(user, center_code: str | None, today: datetime.date | None = None, posted=None) -> dict:
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
    preview = bottom_rank.bottom_ranked(center, today, scope=user) if center else None
    return {"reviews": [{"review": r, "posts": posts.get(r.pk, [])} for r in reviews], "centers": centers,
            "center": center, "preview": preview,
            "proposals": _keep_posted(bottom_rank.plan_proposals(preview, today), posted or {}) if preview else [],
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
                .prefetch_related("moves__moved_by").order_by("employee__employee_no"))


def placement_in(user, review_id: int, employee_no: str) -> Placement:
    """A person's placement in a 9-box review the user may open; NotFound for anyone not in it."""
    review = nine_box_review_for(user, review_id)
    placement = review.placements.select_related("employee", "review").filter(employee__employee_no=employee_no) \
        .first()
    if placement is None:
        raise _not_found()
    return placement


def _cards(review: TalentReview, placements: list[Placement]) -> dict[int, dict]:
    """What a person's chip opens, per employee id: the business-capability percentile of the last four quarters
    up to the review's (the KPI trend), the fit to their position, the latest potential rating by the review's
    day with who rated it."""
    ids = [p.employee_id for p in placements]
    quarters = [q.code for q in reversed(last_quarters(parse_period(review.period).end, 4))]
    trend: dict[int, dict[str, float]] = {}
    for emp_id, period, pct in KpiResult.objects.filter(
            employee_id__in=ids, period__in=quarters, group_code=CompositeGroup.BUSINESS) \
            .values_list("employee_id", "period", "percentile"):
        trend.setdefault(emp_id, {})[period] = round(pct)
    ratings = {}
    for r in PotentialRating.objects.filter(employee_id__in=ids, rated_on__lte=review.held_on) \
            .select_related("rated_by").order_by("employee_id", "rated_on", "id"):
        ratings[r.employee_id] = r  # the latest wins
    fits = competencies.fit_scores([p.employee for p in placements])
    return {i: {"trend": [(q, trend.get(i, {}).get(q)) for q in quarters], "fit": fits.get(i),
                "rating": ratings.get(i)} for i in ids}


def nine_box_page(user, pk: int, team: str = "", family: str = "") -> dict:
    """A 9-box review as the calibration meeting reads it: the grid (filtered by team and position family), each
    person's card, the meeting's moves with who and why, and the filters' choices."""
    review = nine_box_review_for(user, pk)
    everyone = placements_of(review)
    placements = [p for p in everyone if (not team or (p.employee.team_id and p.employee.team.code == team))
                  and (not family or (p.employee.position_id and p.employee.position.family == family))]
    data = nine_box.grid(placements)
    cards = _cards(review, placements)
    reasons = nine_box.unplaced_reasons(placements, review.period)
    for cell in data["cells"]:
        cell["chips"] = [{"placement": p, **cards[p.employee_id]} for p in cell["people"]]
    moves = sorted((m for p in everyone for m in p.moves.all()), key=lambda m: m.moved_at)
    teams = sorted({(p.employee.team.code, p.employee.team.name) for p in everyone if p.employee.team_id})
    families = sorted({p.employee.position.family for p in everyone if p.employee.position_id})
    return {**data, "review": review, "placements": placements, "levels": nine_box.LEVELS,
            "moves": [{"move": m, "name": m.placement.employee.name,
                       "from": nine_box.box_name(m.from_performance, m.from_potential),
                       "to": nine_box.box_name(m.to_performance, m.to_potential)} for m in moves],
            "boxes": [(f"{perf}{pot}", nine_box.BOX_NAMES[(perf, pot)]) for pot in (3, 2, 1) for perf in (1, 2, 3)],
            "team_choices": teams, "family_choices": [(f, Position.Family(f).label) for f in families],
            "team": team, "family": family,
            "unrated_reasons": [(p, reasons[p.pk]) for p in data["unrated"]]}


def nine_box_rows(user, pk: int) -> tuple[TalentReview, list[list]]:
    """The review's placements as the export lists them (no personal data beyond name and number: nothing to
    mask): person, team, position, family, KPI percentile, potential rating, the computed and agreed boxes,
    the moves with who and why."""
    review = nine_box_review_for(user, pk)
    rows = []
    for p in placements_of(review):
        e = p.employee
        moves = "; ".join(f"{nine_box.box_name(m.from_performance, m.from_potential)} → "
                          f"{nine_box.box_name(m.to_performance, m.to_potential)} ({m.moved_by.username}: {m.reason})"
                          for m in p.moves.all())
        rows.append([e.employee_no, e.name, e.team.name if e.team_id else "—",
                     e.position.display_name if e.position_id else "—",
                     e.position.get_family_display() if e.position_id else "—",
                     p.kpi_percentile, p.potential_rating,
                     _("too new to rate") if p.too_new else nine_box.box_name(p.computed_performance,
                                                                              p.computed_potential),
                     _("too new to rate") if p.too_new else nine_box.box_name(p.performance, p.potential), moves])
    return review, rows


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
            "key_positions": succession.position_choices(
                Position.objects.filter(is_key=True).select_related("level__track")
                .order_by("level__track__order", "level__order", "code"), center),
            "people": Employee.objects.filter(center=center, status=Employee.Status.ACTIVE).select_related("level")
            .order_by("employee_no"),
            "readiness": SuccessionCandidate.Readiness.choices}


def benches_of(user, center_code: str) -> tuple:
    center = decider_center(user, center_code)
    return center, succession.benches(center)
