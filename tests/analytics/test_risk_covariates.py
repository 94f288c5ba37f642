"""Two more flight-risk covariates (issue 21): the requirements a person misses on their nearest promotion (the
eligibility engine over everyone at once, the same count as their path page's nearest promotion) and the badges earned
in the 12 months before the landmark (recognition provides it through common.covariates: analytics and recognition
are siblings and never import each other); a model keeps the set of covariates it was trained over."""
import datetime

import pytest

from agentpath.accounts.models import Role
from agentpath.analytics.risk import covariate_frame, covariate_labels, train_risk_model
from agentpath.careers.models import Transition
from agentpath.common import covariates
from agentpath.org.models import Employee
from agentpath.recognition.models import Award, Badge
from agentpath.recognition.services import load_default_badges
from agentpath.talent.selectors import nearest_move, path_for
from tests.analytics.test_risk import AS_OF, _synthetic_workforce

pytestmark = pytest.mark.django_db
LANDMARK = datetime.date(2026, 11, 20)


def test_unmet_requirements_on_the_nearest_promotion_match_each_persons_path(org):
    frame = covariate_frame(LANDMARK).set_index("employee_id")
    hr = org.users[Role.HR_ADMIN]
    from_path = {}
    for person in Employee.objects.filter(pk__in=frame.index):  # one person at a time, as the path page reads it
        options = path_for(hr, person.employee_no, LANDMARK)["options"]
        nearest = nearest_move([o for o in options if o.transition.kind == Transition.Kind.PROMOTION])
        if nearest is not None:
            from_path[person.pk] = len(nearest.checks) - nearest.met_count
    assert from_path, "the fixture's agents and leaders have moves open"
    assert {pk: int(frame.loc[pk, "unmet_on_nearest_promotion"]) for pk in from_path} == from_path
    assert any(v > 0 for v in from_path.values())


def test_badges_of_the_last_twelve_months_are_counted_and_revoked_or_older_ones_are_not(org):
    load_default_badges()
    badge = Badge.objects.get(code="good-example")
    person = org.agents["sz-a"][1]
    for occasion, earned, revoked in (("2026-10", datetime.date(2026, 10, 5), None),
                                      ("2026-06", datetime.date(2026, 6, 1), None),
                                      ("2025-10", datetime.date(2025, 10, 1), None),  # more than a year before
                                      ("2026-09", datetime.date(2026, 9, 1), datetime.datetime(2026, 9, 10, 9, 0,
                                                                                               tzinfo=datetime.UTC))):
        Award.objects.create(badge=badge, employee=person, occasion=occasion, earned_on=earned, revoked_at=revoked)
    frame = covariate_frame(LANDMARK).set_index("employee_id")
    assert frame.loc[person.pk, "badges"] == 2
    assert frame.loc[org.agents["sz-a"][2].pk, "badges"] == 0  # no badge: zero, not a missing fact
    # a badge revoked after the landmark still counted on that day
    assert covariate_frame(datetime.date(2026, 9, 5)).set_index("employee_id").loc[person.pk, "badges"] == 3


def test_the_badges_covariate_comes_from_recognitions_registration_and_a_model_records_its_set(org):
    assert "badges" in {c.name for c in covariates.registered()}
    assert {"badges", "unmet_on_nearest_promotion"} <= set(covariate_labels())
    _synthetic_workforce(org)
    model = train_risk_model(AS_OF)
    assert model.covariates == list(covariate_labels())
    assert {"badges", "unmet_on_nearest_promotion"} <= set(model.covariates)
    assert set(model.coefficients) <= set(model.covariates)
    score = model.scores.first()
    assert {"badges", "unmet_on_nearest_promotion"} <= set(score.facts)
