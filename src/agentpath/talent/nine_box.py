"""The 9-box talent review (九宫格人才盘点, DOMAIN.md C8, seed 004).

Performance axis: the main composite of the person's own family's scorecard for the review's quarter (its first
composite group: 业务能力 for agents, 团队绩效 for team leaders, supervisors and managers, 质检工作 for QA, 培训效果
for trainers, …), as a percentile among people of the same position and tenure band (under 1 year, 1–3 years,
over 3 years); where that band has nobody else with a composite, the rank's own percentile (its peer group,
widened across centers where the scorecard says so). A person left unplaced is listed with the reason and the
fix (unplaced_reasons). Potential axis: the latest
supervisor potential rating (1–5). Each axis falls into three bands by configurable cut-offs; people under a
minimum tenure are "too new to rate" and kept apart. In the meeting a manager moves a person to another box only
with a written reason (each move kept); freezing the review keeps what the meeting agreed: placements are
snapshots, so later ratings or KPI do not change them.
"""
import datetime
from bisect import bisect_left
from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agentpath.common.calendar import months_between, parse_period
from agentpath.common.errors import Conflict, Forbidden, Invalid
from agentpath.common.rows import cycles_not_collected, number_rows
from agentpath.common.workflow import transition_under_lock
from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.org.selectors import months_of_tenure, uncounted_tenure_leave
from agentpath.performance.closed_periods import close_for_decision
from agentpath.performance.models import KpiResult, Scorecard

from . import duties, inbox
from .models import Placement, PlacementMove, PotentialRating, TalentReview

# performance: percentile cut-offs (below the first: low; from the second: high); potential: rating cut-offs
DEFAULT_CUTOFFS = {"performance": [34, 67], "potential": [3, 4], "min_tenure_months": 6}
TENURE_BANDS = (12, 36)  # months: under 1 year, 1–3 years, over 3 years
LEVELS = ("low", "medium", "high")
# (performance band, potential band) -> the standard action of the box
BOX_ACTIONS = {
    (3, 3): "promote", (2, 3): "develop", (3, 2): "develop", (1, 3): "develop",
    (2, 2): "keep", (3, 1): "keep", (2, 1): "keep",
    (1, 2): "improvement_plan", (1, 1): "improvement_plan",
}
# each box's own name, once (performance band, potential band)
BOX_NAMES = {
    (3, 3): gettext_lazy("Star"), (2, 3): gettext_lazy("Future star"), (1, 3): gettext_lazy("Rough diamond"),
    (3, 2): gettext_lazy("High performer"), (2, 2): gettext_lazy("Core player"),
    (1, 2): gettext_lazy("Inconsistent player"), (3, 1): gettext_lazy("Trusted professional"),
    (2, 1): gettext_lazy("Effective contributor"), (1, 1): gettext_lazy("Underperformer"),
}
# each box's code for programs ("33" = performance high, potential high; the page's and the API's "box")
BOX_SLUGS = {
    (3, 3): "star", (2, 3): "future_star", (1, 3): "rough_diamond", (3, 2): "high_performer", (2, 2): "core_player",
    (1, 2): "inconsistent_player", (3, 1): "trusted_professional", (2, 1): "effective_contributor",
    (1, 1): "underperformer",
}
BAND_NAMES = {1: gettext_lazy("low"), 2: gettext_lazy("medium"), 3: gettext_lazy("high")}
ACTION_NAMES = {"promote": gettext_lazy("Promote"), "develop": gettext_lazy("Develop"),
                "keep": gettext_lazy("Keep"), "improvement_plan": gettext_lazy("Improvement plan")}


def band(value, cuts) -> int | None:
    if value is None:
        return None
    return 1 if value < cuts[0] else 2 if value < cuts[1] else 3


def tenure_band(months: int) -> int:
    return sum(months >= edge for edge in TENURE_BANDS)


def performance_percentiles(people: list[tuple], composites: dict[int, float]) -> dict[int, float]:
    """Each person's business-capability composite of the quarter as the share (0–100) of their peers (the
    people of the same center, position and tenure band) whose composite is lower. `people`: (id, center,
    position, tenure band). A person alone in their group, or without a composite, has none."""
    groups = defaultdict(list)
    group_of = {}
    for emp_id, center_id, position_id, tenure in people:
        if emp_id in composites:
            group_of[emp_id] = key = (center_id, position_id, tenure)
            groups[key].append(composites[emp_id])
    for peers in groups.values():
        peers.sort()
    out = {}
    for emp_id, group in group_of.items():
        peers = groups[group]
        if len(peers) > 1:  # how many peers are lower: a binary search in the sorted composites of the group
            out[emp_id] = round(100 * bisect_left(peers, composites[emp_id]) / (len(peers) - 1), 1)
    return out


def main_composites(period: str, people) -> dict[int, tuple[float, float]]:
    """Each person's main composite of the quarter and its percentile among the rank's peers: the result of the
    first composite group (lowest order) of the scorecard they were ranked on (one query)."""
    rows = (KpiResult.objects.filter(period=period, period_kind=KpiResult.PeriodKind.QUARTER,
                                     employee_id__in=people.values("pk"))
            .order_by("employee_id", "-group__order", "-group_code")
            .values_list("employee_id", "composite", "percentile"))
    return {emp_id: (composite, pct) for emp_id, composite, pct in number_rows(rows)}  # the last row: the main


def unplaced_reasons(placements: list[Placement], period: str) -> dict[int, list[str]]:
    """Why each person rated but left out of the grid is there, each reason with its fix: no scorecard for their
    post, no composite for the quarter, no potential rating (two queries whatever the number of people)."""
    unplaced = [p for p in placements if not p.too_new and (p.performance is None or p.potential is None)]
    with_scorecard = set(Scorecard.objects.filter(active=True, position_id__in={
        p.employee.position_id for p in unplaced}).values_list("position_id", flat=True))
    out: dict[int, list[str]] = {}
    for p in unplaced:
        reasons = []
        if p.performance is None:
            if p.employee.position_id is None:
                reasons.append(_("holds no post, so no scorecard ranks them: record their post on the roster"))
            elif p.employee.position_id not in with_scorecard:
                reasons.append(_("%(post)s has no scorecard: give the post a scorecard in the KPI settings")
                               % {"post": p.employee.position.name})
            else:
                reasons.append(_("no KPI composite for %(period)s: import the quarter's KPI and recompute the ranks")
                               % {"period": period})
        if p.potential is None:
            reasons.append(_("no potential rating: their supervisor rates their potential"))
        out[p.pk] = reasons
    return out


def latest_potential(employee_ids, as_of: datetime.date) -> dict[int, int]:
    """The latest potential rating by `as_of` of each person (employee_ids: ids or a queryset of the people)."""
    if isinstance(employee_ids, QuerySet):
        employee_ids = employee_ids.values("pk")
    rows = (PotentialRating.objects.filter(employee_id__in=employee_ids, rated_on__lte=as_of)
            .order_by("employee_id", "rated_on", "id").values_list("employee_id", "rating"))
    return dict(number_rows(rows))  # the last row of each person wins: the latest rating


def open_review(*, center, period: str, by, as_of: datetime.date | None = None,
                cutoffs: dict | None = None) -> TalentReview:
    """Hold a review of a center for a quarter (2026Q3): everyone active is placed from the facts of `as_of`."""
    return open_reviews([center], period=period, by=by, as_of=as_of, cutoffs=cutoffs)[0]


@transaction.atomic
@cycles_not_collected()
def open_reviews(centers, *, period: str, by, as_of: datetime.date | None = None,
                 cutoffs: dict | None = None) -> list[TalentReview]:
    """open_review for several centers at once (a quarter's reviews of the whole company): each center's people
    are placed among their own peers; the facts are read for all of them together, set-based."""
    _check_decider(by)
    as_of = as_of or timezone.localdate()
    cutoffs = {**DEFAULT_CUTOFFS, **(cutoffs or {})}
    try:
        quarter = parse_period(period)
    except ValueError as error:
        raise Invalid(str(error), code="invalid_period") from None
    if quarter.kind != "quarter":
        raise Invalid(_("A talent review is held for a quarter, e.g. 2026Q3."), code="invalid_period")
    held = TalentReview.objects.filter(center__in=centers, period=quarter.code).select_related("center").first()
    if held:
        raise Conflict(_("%(center)s already has a talent review for %(period)s.")
                       % {"center": held.center.name, "period": quarter.code}, code="review_exists")
    reviews = {c.pk: TalentReview.objects.create(center=c, period=quarter.code, held_on=as_of, held_by=by,
                                                 cutoffs=cutoffs) for c in centers}
    scope = Employee.objects.filter(center__in=centers, status=Employee.Status.ACTIVE)
    # the tenure band needs the tenure only (not the assignment in force): no reading of the event history
    people = list(scope.order_by().values_list("id", "center_id", "position_id", "hire_date", "exit_date"))
    uncounted = uncounted_tenure_leave([p[0] for p in people], as_of)
    close_for_decision([quarter.code], today=as_of, decision="nine_box", ref=quarter.code)
    main = main_composites(quarter.code, scope)
    composites = {emp_id: composite for emp_id, (composite, _pct) in main.items()}
    percentiles = performance_percentiles(
        [(emp_id, center_id, position_id, tenure_band(months_of_tenure(hired, left, uncounted.get(emp_id), as_of)))
         for emp_id, center_id, position_id, hired, left in people], composites)
    for emp_id, (_composite, ranked_percentile) in main.items():  # alone in the tenure band: the rank's peers
        percentiles.setdefault(emp_id, round(ranked_percentile, 1))
    potentials = latest_potential(scope, as_of)
    perf_cuts, pot_cuts, min_tenure = cutoffs["performance"], cutoffs["potential"], cutoffs["min_tenure_months"]
    review_of = {center_id: review.pk for center_id, review in reviews.items()}
    rows = []  # in _PLACEMENT_COLUMNS' order
    for emp_id, center_id, _position, hired, _left in people:
        too_new = months_between(hired, as_of) < min_tenure
        percentile, rating = percentiles.get(emp_id), potentials.get(emp_id)
        perf = None if too_new else band(percentile, perf_cuts)
        pot = None if too_new else band(rating, pot_cuts)
        rows.append((review_of[center_id], emp_id, percentile, rating, too_new, perf, pot, perf, pot, "", ""))
    _insert(rows)
    return list(reviews.values())


# a placement as open_review writes it (the risk and impact of loss are recorded later in the meeting)
_PLACEMENT_COLUMNS = ("review_id", "employee_id", "kpi_percentile", "potential_rating", "too_new",
                      "computed_performance", "computed_potential", "performance", "potential", "risk_of_loss",
                      "impact_of_loss")


def _insert(rows: list[tuple]) -> None:
    """Insert a whole center's placements: COPY on PostgreSQL (tens of thousands of rows in one stream, no model
    objects), large batches elsewhere."""
    if connection.vendor != "postgresql":
        Placement.objects.bulk_create((Placement(**dict(zip(_PLACEMENT_COLUMNS, row, strict=True))) for row in rows),
                                      batch_size=2000)
        return
    columns = ", ".join(connection.ops.quote_name(Placement._meta.get_field(c).column) for c in _PLACEMENT_COLUMNS)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(Placement._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _check_decider(user) -> None:
    if not scoping.can_decide_talent(user):
        raise Forbidden(_("Only HR and center managers move people in a talent review."), code="not_a_decider")


def _locked_open(review_id: int) -> TalentReview:
    """The review's row, locked, its state read inside the transaction: a move never lands in a frozen review."""
    review = TalentReview.objects.select_for_update().get(pk=review_id)
    if review.state != TalentReview.State.OPEN:
        raise Conflict(_("The review was agreed and frozen; what the meeting decided does not change."),
                       code="review_frozen")
    return review


def parse_box(box: str) -> tuple[int, int]:
    """A box as the page and the API name it: its two digits, performance then potential ("32": performance high,
    potential medium), or its code ("high_performer", BOX_SLUGS); anything else is refused 422 invalid_box."""
    box = (box or "").strip()
    for key, slug in BOX_SLUGS.items():
        if box in (slug, f"{key[0]}{key[1]}"):
            return key
    raise Invalid(_("Choose a box: performance and potential each low, medium or high."), code="invalid_box")


def box_code(performance: int | None, potential: int | None) -> str | None:
    """The two-digit code of a box ("32"), None for no box."""
    return f"{performance}{potential}" if (performance, potential) in BOX_NAMES else None


@transaction.atomic
def move_placement(placement: Placement, *, by, box: str, reason: str) -> PlacementMove:
    """Move a person to another box in the meeting (`box`: "32" or "high_performer", parse_box), only with a
    written reason; the move is kept. The page's pick and drop and the API all call this. Taken under the review's
    and the placement's row locks (the box is re-read there); nobody moves themselves (talent.duties)."""
    _check_decider(by)
    review = _locked_open(placement.review_id)
    placement = Placement.objects.select_for_update(of=("self",)).select_related("employee").get(pk=placement.pk)
    duties.check_may_act(by, placement.employee, duties.DECIDE)
    if placement.too_new:
        raise Invalid(_("%(name)s is too new to rate.") % {"name": placement.employee.name}, code="too_new")
    performance, potential = parse_box(box)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Moving a person to another box needs a written reason."), code="reason_required")
    if (performance, potential) == (placement.performance, placement.potential):
        raise Conflict(_("%(name)s is already in that box.") % {"name": placement.employee.name},
                       code="already_in_box")
    move = PlacementMove.objects.create(placement=placement, from_performance=placement.performance or 0,
                                        from_potential=placement.potential or 0, to_performance=performance,
                                        to_potential=potential, reason=reason, moved_by=by)
    placement.performance, placement.potential = performance, potential
    placement.save(update_fields=["performance", "potential"])
    inbox.nine_box_moved(move, placement, review)
    return move


@transaction.atomic
def record_risk(placement: Placement, *, by, risk_of_loss: str, impact_of_loss: str) -> Placement:
    """Risk of loss and impact of loss of a key person (low / medium / high), recorded in the meeting."""
    _check_decider(by)
    _locked_open(placement.review_id)
    placement = Placement.objects.select_for_update(of=("self",)).select_related("employee").get(pk=placement.pk)
    duties.check_may_act(by, placement.employee, duties.DECIDE)
    if risk_of_loss not in LEVELS or impact_of_loss not in LEVELS:
        raise Invalid(_("Risk and impact of loss are each low, medium or high."), code="invalid_risk")
    placement.risk_of_loss, placement.impact_of_loss = risk_of_loss, impact_of_loss
    placement.save(update_fields=["risk_of_loss", "impact_of_loss"])
    return placement


def freeze(review: TalentReview, *, by) -> TalentReview:
    """Agree the review: its placements stay as the meeting left them (a django-fsm-2 transition under the row
    lock; a second freeze, or one racing another, is refused 409)."""
    _check_decider(by)
    return transition_under_lock(TalentReview, review.pk, "freeze", by=by)


def box_name(performance: int | None, potential: int | None) -> str:
    """A box by its name ("Star"); "—" for no box (a person not rated)."""
    name = BOX_NAMES.get((performance, potential))
    return str(name) if name is not None else "—"


def grid(placements: list[Placement]) -> dict:
    """The grid as the page draws it, potential high on top and performance high on the right: each rated person
    in their box with the box's name, standard action, count and share of the rated against the guide
    distribution (settings.TALENT_NINE_BOX_GUIDE, per cent), the distribution per team, and the too-new and
    not-rated apart."""
    boxes = defaultdict(list)
    by_team = defaultdict(Counter)
    too_new, unrated = [], []
    for p in placements:
        if p.too_new:
            too_new.append(p)
        elif p.performance is None or p.potential is None:
            unrated.append(p)
        else:
            boxes[(p.performance, p.potential)].append(p)
            by_team[p.employee.team.name if p.employee.team_id else "—"][(p.performance, p.potential)] += 1
    rated = sum(len(people) for people in boxes.values())
    guide = settings.TALENT_NINE_BOX_GUIDE
    cells = [{"performance": perf, "potential": pot, "code": f"{perf}{pot}", "people": boxes[(perf, pot)],
              "name": BOX_NAMES[(perf, pot)],
              "count": len(boxes[(perf, pot)]),
              "share": round(100 * len(boxes[(perf, pot)]) / rated) if rated else 0,
              "guide": guide[f"{perf}{pot}"],
              "action": BOX_ACTIONS[(perf, pot)], "action_name": ACTION_NAMES[BOX_ACTIONS[(perf, pot)]]}
             for pot in (3, 2, 1) for perf in (1, 2, 3)]
    for c in cells:
        c["off_guide"] = abs(c["share"] - c["guide"]) >= 10 if rated else False
    return {"cells": cells, "too_new": too_new, "unrated": unrated, "rated": rated,
            "teams": {team: [counts[(c["performance"], c["potential"])] for c in cells]
                      for team, counts in sorted(by_team.items())}}
