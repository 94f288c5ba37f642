""""Self" as a target: nobody records, decides, moves or changes a review, a box or a bench place of their own
(talent.duties). The deciders (a center manager, HR) are given an employee record in center sz for the test; the
same refusal answers 403 on the page and through the API, and nothing changes."""
import datetime
import json
import re

import pytest
from django.urls import reverse

from agentpath.accounts.models import Role
from agentpath.careers.models import Position
from agentpath.talent.models import (
    BottomRankReview,
    Placement,
    PlacementMove,
    SuccessionCandidate,
    TalentDecision,
)
from tests.factories import EmployeeFactory

from .matrix import SELF_API, SELF_POSTS
from .support import client_as, csrf_secret, outcome

pytestmark = pytest.mark.django_db
DECIDERS = [Role.CENTER_MANAGER, Role.HR_ADMIN]


def own_targets(d, role):
    """The role's user becomes an employee of team sz-b with a failed bottom-rank review, a placement in the sz
    9-box review and a place on the team-leader bench; returns the employee and the URL arguments."""
    me = EmployeeFactory(center=d.centers[0], team=d.teams[1], name="自己")
    user = d.users[role]
    user.employee = me
    user.save(update_fields=["employee"])
    review = BottomRankReview.objects.create(
        employee=me, center=me.center, quarters="2026Q2,2026Q3", share="0.10", state="failed",
        training=d.reviews["sz"].training, reassess_on=datetime.date(2026, 1, 1), opened_by=d.users[Role.HR_ADMIN],
        opened_on=datetime.date(2025, 10, 1), result_note="未达标")
    Placement.objects.create(review=d.nine_boxes["sz"], employee=me, performance=2, potential=2,
                             computed_performance=2, computed_potential=2)
    bench = SuccessionCandidate.objects.create(center=me.center, position=Position.objects.get(code="team-leader"),
                                               employee=me, readiness="6-12", added_by=d.users[Role.HR_ADMIN])
    return me, {"review": review.pk, "nine-box": d.nine_boxes["sz"].pk, "bench": bench.pk, "center": "sz"}


def unchanged(me):
    return (not TalentDecision.objects.filter(review__employee=me).exists()
            and BottomRankReview.objects.get(employee=me).state == "failed"
            and not PlacementMove.objects.filter(placement__employee=me).exists()
            and list(SuccessionCandidate.objects.filter(employee=me).values_list("position__code", "readiness"))
            == [("team-leader", "6-12")])


@pytest.mark.parametrize("role", DECIDERS)
def test_no_decider_acts_on_themselves_through_a_page(d, role):
    me, args = own_targets(d, role)
    failures = []
    for name, (kind, data) in SELF_POSTS.items():
        client = client_as(d, role)
        url = reverse(name, args=[args[kind]] if kind else [])
        got = outcome(client.post(url, {**data(me), "csrfmiddlewaretoken": csrf_secret(client)}))
        if got != 403:
            failures.append((name, got))
    assert failures == [] and unchanged(me)


@pytest.mark.parametrize("role", DECIDERS)
def test_no_decider_acts_on_themselves_through_the_api(d, role):
    me, args = own_targets(d, role)
    client = client_as(d, role)
    token = csrf_secret(client)
    failures = []
    for (method, path), (kind, body) in SELF_API.items():
        url = re.sub(r"\{[^}]+\}", str(args[kind]), path)
        answer = client.generic(method.upper(), url, "" if body(me) is None else json.dumps(body(me)),
                                content_type="application/json", headers={"X-CSRFToken": token})
        got = (answer.status_code, answer.json().get("code"))
        if got != (403, "self_decision"):
            failures.append((method, path, got))
    assert failures == [] and unchanged(me)
