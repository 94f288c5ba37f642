"""Every promotion of the default framework can be earned (issue 18 "Every default transition is reachable"): for
each promotion transition shipped by `agentpath load-framework cola`, each requirement kind has, for the people at
its source level, something that can meet it — a scorecard with metrics for a KPI percentile, the monthly exam's
metric for an exam average, a course for a required course, enough credits in the catalogue, a competency of the
dictionary on the assessment sheet of people at that level. A requirement kind the walk does not know fails it:
a new kind must say how it is met before it ships."""
import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Q, Sum

from agentpath.careers import default_framework
from agentpath.careers.models import Position, Requirement, Transition
from agentpath.careers.selectors import effective_requirements
from agentpath.learning.models import Course
from agentpath.org.models import Employee
from agentpath.performance.facts import EXAM_METRIC
from agentpath.performance.models import Metric, ScorecardMetric
from agentpath.talent.assessments import asked_by_moves
from agentpath.talent.models import Competency, PositionCompetency

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
K = Requirement.Kind




@pytest.fixture
def shipped(framework):
    call_command("load-framework", "cola", stdout=StringIO())  # what an installation gets: framework, scorecards,
    # the competency dictionary and profiles


def source_positions(transition: Transition) -> list[Position]:
    if transition.from_position_id:
        return [transition.from_position]
    return list(transition.from_level.positions.all())


def why_never_met(req: Requirement, transition: Transition, positions: list[Position]) -> str | None:
    """None when people at the source level can meet `req`; otherwise what is missing."""
    if req.kind in (K.MIN_MONTHS_IN_LEVEL, K.NO_DISCIPLINE, K.SUPERVISOR_NOMINATION):
        return None  # time, a clean record and a supervisor's word: open to everyone at the level
    if req.kind == K.MIN_KPI_PERCENTILE:
        if not positions:
            return "nobody at the level holds a post, so no scorecard ranks them"
        unranked = [p.code for p in positions
                    if not ScorecardMetric.objects.filter(group__scorecard__position=p,
                                                          group__scorecard__active=True).exists()]
        return f"no scorecard with metrics for {unranked}" if unranked else None
    if req.kind == K.MIN_EXAM_AVERAGE:
        return None if Metric.objects.filter(code=EXAM_METRIC).exists() else "no monthly exam metric"
    if req.kind == K.REQUIRED_COURSE:
        return None if req.course_id and Course.objects.filter(pk=req.course_id).exists() else "no such course"
    if req.kind == K.MIN_CREDITS:
        catalogue = Course.objects.aggregate(total=Sum("credits"))["total"] or 0
        return None if catalogue >= req.value else f"the catalogue has {catalogue} credits, {req.value} asked"
    if req.kind == K.MIN_COMPETENCY:
        if not Competency.objects.filter(code=req.competency).exists():
            return f"{req.competency} is not in the competency dictionary"
        person = Employee(level=transition.from_level)  # the sheet of anyone at the level (asked_by_moves)
        if req.competency not in asked_by_moves(person, TODAY):
            return f"{req.competency} is not on the assessment sheet of people at {transition.from_level.code}"
        return None
    return f"the walk does not know how {req.kind} is met"


def test_every_requirement_of_every_default_promotion_can_be_met_by_people_at_its_source_level(shipped):
    promotions = list(Transition.objects.filter(kind=Transition.Kind.PROMOTION)
                      .select_related("from_level", "to_level", "from_position"))
    assert len(promotions) == 27
    dead = []
    kinds_seen = set()
    for transition in promotions:
        positions = source_positions(transition)
        for req in effective_requirements(TODAY).filter(Q(transition=transition) | Q(level=transition.to_level)):
            kinds_seen.add(req.kind)
            reason = why_never_met(req, transition, positions)
            if reason:
                dead.append(f"{transition.from_level.code} → {transition.to_level.code} {req.kind}: {reason}")
    assert dead == []
    assert {K.MIN_KPI_PERCENTILE, K.MIN_COMPETENCY, K.REQUIRED_COURSE, K.MIN_CREDITS} <= kinds_seen


def test_the_management_and_functional_promotions_ask_for_the_competencies_of_the_post_above(shipped):
    asked = {(r.transition.from_level.code, r.transition.to_level.code, r.competency): int(r.value)
             for r in Requirement.objects.filter(kind=K.MIN_COMPETENCY).select_related(
                 "transition__from_level", "transition__to_level")}
    assert asked[("mgmt-tl", "mgmt-supervisor", "team-building")] == 3
    assert asked[("mgmt-tl", "mgmt-supervisor", "performance-coaching")] == 3
    assert asked[("qa-officer", "qa-lead", "quality-evaluation")] == 4
    # every promotion of the management track and of every functional family asks for at least one
    functional = Transition.objects.filter(kind="promotion").filter(
        Q(to_level__track__kind="functional") | Q(to_level__track__code="mgmt"))
    assert {(t.from_level.code, t.to_level.code) for t in functional} <= {(f, t) for f, t, _c in asked}
    # the level asked is never above what the profiles of the target level's posts expect (the COLA rows F1–F3
    # have no post of their own: their people hold none)
    for (src, dst, code), level in asked.items():
        profile_levels = set(PositionCompetency.objects.filter(position__level__code=dst, competency__code=code)
                             .values_list("level", flat=True))
        if Position.objects.filter(level__code=dst).exists():
            assert profile_levels and level <= max(profile_levels), (src, dst, code)
    assert set(default_framework.COMPETENCY_REQUIREMENTS) == {(s, d) for s, d, _c in asked}


def test_a_requirement_names_its_competency_never_its_code(shipped):
    req = Requirement.objects.get(transition__from_level__code="mgmt-tl", transition__to_level__code="mgmt-supervisor",
                                  competency="team-building")
    assert str(req) == "能力「团队建设」≥ 3"
    req.competency = "team-bilding"
    with pytest.raises(ValidationError) as refused:
        req.full_clean()
    assert "team-bilding 不是能力词典中的能力项。" in str(refused.value)
