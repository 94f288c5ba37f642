"""Training effectiveness, the one method (learning.effectiveness.matched_effect): on a hand-built workforce whose true
effect is known, the difference against the matched group that did not take the course recovers it inside its 95 %
confidence interval; regression to the mean is taken out by matching; a group too small says so."""
import pytest

from agentpath.learning.effectiveness import MIN_GROUP, course_effect
from agentpath.org.models import Employee
from tests.learning import effect_workforce as wf

pytestmark = pytest.mark.django_db


def test_the_known_effect_of_a_course_lies_inside_the_confidence_interval(org):
    training = wf.course()
    took = wf.build(org.centers[0], org.teams[0], wf.completed_course(training), takers=4, others=8)
    effect = course_effect(Employee.objects.all(), training)
    assert effect.takers == len(took) == 32
    kpi, qa = effect.of("kpi"), effect.of("qa")
    assert (kpi.treated_n, kpi.comparison_n, kpi.unmatched_n) == (32, 64, 0)
    assert kpi.low < wf.KPI_EFFECT < kpi.high and kpi.low > 0  # found, and not taken for nothing
    assert kpi.high - kpi.low < 4
    assert qa.low < wf.QA_EFFECT < qa.high and qa.low > 0
    # both groups drift by the same amount (the low band up by regression to the mean): the takers' raw change is
    # drift plus effect, and only the difference isolates the effect
    assert kpi.treated_change == pytest.approx(kpi.comparison_change + kpi.difference)
    assert kpi.comparison_change == pytest.approx((wf.DRIFT["low"] + wf.DRIFT["high"]) / 2, abs=1.5)


def test_people_who_took_it_are_never_in_the_comparison_group(org):
    training = wf.course()
    wf.build(org.centers[0], org.teams[0], wf.completed_course(training), takers=4, others=8)
    effect = course_effect(Employee.objects.all(), training)
    assert effect.of("kpi").comparison_n == 8 * 8  # the 64 who did not, never the 32 who did


def test_too_few_takers_say_so_instead_of_a_difference(org, client_for):
    training = wf.course()
    wf.build(org.centers[0], org.teams[0], wf.completed_course(training), takers=0, others=3)
    few = [p for p in Employee.objects.filter(level__code="mgmt-agent", hire_date=wf.HIRED["old"])
           if p.name.endswith(("low0", "low1"))]
    for person in few:  # two takers, far fewer than MIN_GROUP
        training.completions.create(employee=person, completed_on=wf.COMPLETED, credits=2)
    effect = course_effect(Employee.objects.all(), training)
    kpi = effect.of("kpi")
    assert kpi.treated_n == 2 < MIN_GROUP and kpi.comparison_n == 1
    assert not kpi.sufficient and kpi.difference is None and kpi.low is None
