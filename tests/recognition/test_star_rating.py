"""The monthly star-service rating (星级服务, performance) and the promotion requirement that reads it."""
import datetime

import pytest
from django.utils import translation

from agentpath.careers.models import Requirement, Transition
from agentpath.common.calendar import month_period
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.performance.models import StarRating, StarThreshold
from agentpath.performance.stars import compute_star_ratings
from agentpath.talent.eligibility import evaluate

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 5)  # the last three complete months: August, September, October


def stars_of(employee, month="2026-10"):
    return StarRating.objects.get(employee=employee, period=month).stars


def test_stars_follow_the_thresholds_one_point_under_at_and_over(org, kpi_day):
    under, at, over = org.agents["sz-a"]
    day = datetime.date(2026, 10, 8)
    kpi_day(under, day, qa_score=89.9, csat=95)  # 4 stars need QA ≥ 90 and CSAT ≥ 90
    kpi_day(at, day, qa_score=90, csat=90)
    kpi_day(over, day, qa_score=96, csat=99)
    assert compute_star_ratings(month_period(2026, 10)) == 3
    assert (stars_of(under), stars_of(at), stars_of(over)) == (3, 4, 5)
    assert StarRating.objects.get(employee=at).facts == {"qa_score": 90.0, "csat": 90.0}


def test_a_missing_metric_keeps_the_rating_at_the_stars_it_reaches_and_hr_thresholds_change_it(org, kpi_day):
    agent = org.agents["sz-a"][0]
    kpi_day(agent, datetime.date(2026, 10, 8), qa_score=99)  # no CSAT this month
    compute_star_ratings(month_period(2026, 10))
    assert stars_of(agent) == 2
    StarThreshold.objects.filter(stars=2).update(value=99.5)  # HR raises the 2-star bar
    compute_star_ratings(month_period(2026, 10))
    assert stars_of(agent) == 1


def star_check(employee):
    emp = with_tenure(Employee.objects.filter(pk=employee.pk), AS_OF).get()
    option = next(o for o in evaluate([emp], AS_OF)[emp.id] if o.transition.to_level.code == "pro-senior")
    return next(c for c in option.checks if c.kind == Requirement.Kind.MIN_STAR_RATING)


@pytest.fixture
def four_stars_over_three_months(org):
    transition = Transition.objects.filter(from_level__code="mgmt-agent", to_level__code="pro-senior").first()
    return Requirement.objects.create(transition=transition, kind=Requirement.Kind.MIN_STAR_RATING, value=4,
                                      window_months=3, effective_from=datetime.date(2022, 1, 1))


def test_min_star_rating_is_explained_on_the_path_as_stars_over_the_last_months(org, kpi_day,
                                                                                four_stars_over_three_months):
    steady, dipped = org.agents["sz-a"][:2]
    for month in (8, 9, 10):
        kpi_day(steady, datetime.date(2026, month, 8), qa_score=92, csat=93)
        kpi_day(dipped, datetime.date(2026, month, 8), qa_score=92 if month != 9 else 86, csat=93)
        compute_star_ratings(month_period(2026, month))
    with translation.override("zh-hans"):
        met, unmet = star_check(steady), star_check(dipped)
        assert met.met and met.actual == "星级 4 / 4 星, 近 3 个月"
        assert not unmet.met and unmet.actual == "星级 3 / 4 星, 近 3 个月"
        assert met.description == "近 3 个月每月星级服务至少 4 星"


def test_min_star_rating_with_two_rated_months_of_three_is_not_enough_data(org, kpi_day,
                                                                          four_stars_over_three_months):
    agent, unrated = org.agents["sz-a"][:2]
    for month in (9, 10):
        kpi_day(agent, datetime.date(2026, month, 8), qa_score=99, csat=99)
        compute_star_ratings(month_period(2026, month))
    with translation.override("en"):
        short = star_check(agent)
        assert short.status == "unknown" and short.actual == "not enough data (2 / 3 months)"
        assert star_check(unrated).actual == "no star rating yet"
