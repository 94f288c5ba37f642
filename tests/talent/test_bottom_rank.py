"""Bottom-rank reviews (末位) under Chinese labour law: an improvement step first, never a dismissal."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Position
from agentpath.common.calendar import add_months, last_quarters
from agentpath.learning.models import Course
from agentpath.org.models import EmploymentEvent
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.services import load_default_scorecards
from agentpath.talent import bottom_rank
from agentpath.talent.models import BottomRankReview, TalentDecision
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 20)  # the last two complete quarters: 2026Q2 and 2026Q3


@pytest.fixture
def floor(framework):
    """Twenty agents of one center ranked on business capability; the two last in 2026Q3 are listed."""
    load_default_scorecards()
    center = CenterFactory(code="sz")
    team = TeamFactory(center=center)
    tl_level = Level.objects.get(code="mgmt-tl")
    people = [EmployeeFactory(center=center, team=team, name=f"坐席{i:02d}", hire_date=datetime.date(2024, 1, 1))
              for i in range(20)]
    people[19].hire_date = datetime.date(2026, 9, 1)  # too new to rate
    people[19].save()
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code=CompositeGroup.BUSINESS)
    q3, q2 = last_quarters(AS_OF, 2)
    rows = []
    for period, order in ((q2, list(range(20))), (q3, list(range(20)))):
        if period is q2:  # in 2026Q2, 坐席17 was mid-table: only one quarter in the bottom
            order[17], order[5] = order[5], order[17]
        for rank, index in enumerate(order, start=1):
            person = people[index]
            rows.append(KpiResult(employee=person, period_kind="quarter", period=period.code,
                                  period_start=period.start, group=group, group_code=group.code,
                                  position=person.position, center=center, composite=100 - rank, rank=rank,
                                  peer_size=20, percentile=100 * (20 - rank) / 20))
    KpiResult.objects.bulk_create(rows)
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    course = Course.objects.create(code="improve", name="绩效改进培训")
    return {"center": center, "people": people, "hr": hr, "course": course, "tl_level": tl_level}


def test_two_quarters_in_the_bottom_ten_percent_open_an_improvement_step_not_a_demotion(floor):
    result = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    assert [r.employee.name for r in result["opened"]] == ["坐席18"]  # 坐席17 was bottom in one quarter only
    review = result["opened"][0]
    assert review.state == "improving" and review.training == floor["course"]
    assert review.reassess_on == add_months(AS_OF, 3)
    assert [r["quarter"] for r in review.ranks_snapshot] == ["2026Q2", "2026Q3"]
    assert not EmploymentEvent.objects.filter(kind="demotion").exists()


def test_staff_under_the_minimum_tenure_are_too_new_to_rate_and_excluded(floor):
    result = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    assert [p.name for p in result["too_new"]] == ["坐席19"]
    assert not BottomRankReview.objects.filter(employee=floor["people"][19]).exists()


def test_a_demotion_cannot_be_decided_before_the_improvement_step_is_recorded_as_failed(floor):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    with translation.override("en"), pytest.raises(ValidationError, match="only after the improvement step"):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="demotion", reason="末位",
                                  effective_date=AS_OF, today=AS_OF)
    with translation.override("en"), pytest.raises(ValidationError, match="due on"):
        bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="未通过", today=AS_OF)
    later = review.reassess_on
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=True, note="复评合格", today=later)
    with pytest.raises(ValidationError):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="change_of_post", reason="x",
                                  effective_date=later, today=later)
    assert not TalentDecision.objects.exists()


def test_after_a_failed_improvement_step_a_change_of_post_becomes_an_event_with_its_decision(floor):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    day = review.reassess_on
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="培训已完成，复评仍未达标",
                                          today=day)
    clerk = Position.objects.get(code="paperwork-clerk")
    decision = bottom_rank.decide_review(review, by=floor["hr"], outcome="change_of_post", reason="调至文书岗",
                                         effective_date=day, position=clerk, today=day)
    event = EmploymentEvent.objects.get(decision_ref=decision.ref)
    assert (event.kind, event.to_position.code) == ("lateral", "paperwork-clerk")
    assert decision.requirements_snapshot[0]["improvement"] == "培训已完成，复评仍未达标"
    review.refresh_from_db()
    assert review.state == "decided"


def test_dismissal_is_never_proposed_nor_accepted(floor):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="未达标", today=review.reassess_on)
    assert "dismiss" not in " ".join(bottom_rank.REVIEW_OUTCOMES)
    with translation.override("en"), pytest.raises(ValidationError, match="nothing else is decided here"):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="dismissal", reason="x",
                                  effective_date=review.reassess_on, today=review.reassess_on)


def test_the_review_page_opens_improvement_steps_and_records_a_failed_step(floor, client):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    client.force_login(floor["hr"])
    page = client.get("/talent/reviews/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-employee="{review.employee.employee_no}"' in page and "Improvement step under way" in page
    assert "dismiss" not in page.lower().replace("dismissal is never proposed", "")
    BottomRankReview.objects.filter(pk=review.pk).update(reassess_on=datetime.date(2020, 1, 1))
    client.post(f"/talent/reviews/{review.pk}/result/", {"passed": "no", "note": "复评未达标"})
    client.post(f"/talent/reviews/{review.pk}/decide/", {"outcome": "keep", "reason": "再给一次机会"})
    review.refresh_from_db()
    assert review.state == "decided" and review.decisions.get().reason == "再给一次机会"
