"""NPS–FCR (issue 21): the product's coefficients and intervals are scipy's on the same team-months, and the
page shows them with the scatter's data."""
import datetime
import math
import random

import pytest
from django.urls import reverse
from scipy import stats

from agentpath.accounts.models import Role
from agentpath.analytics.correlations import correlate, team_months
from agentpath.performance.models import KpiDay, Metric
from agentpath.performance.services import load_default_metrics

pytestmark = pytest.mark.django_db


def _kpi(org, months=6, seed=7):
    """Each person's daily FCR and NPS for a few days a month; NPS rises with the team-month's FCR."""
    load_default_metrics()
    fcr, nps = Metric.objects.get(code="fcr"), Metric.objects.get(code="nps")
    rng = random.Random(seed)
    days = []
    for team in org.teams:
        for m in range(1, months + 1):
            level = rng.uniform(60, 90)
            for person in org.agents[team.code]:
                for day in (3, 10, 17):
                    value = level + rng.gauss(0, 2)
                    days.append(KpiDay(employee=person, date=datetime.date(2026, m, day),
                                       **{fcr.column: value, nps.column: 0.8 * value - 20 + rng.gauss(0, 3)}))
    KpiDay.objects.bulk_create(days)


def test_coefficients_and_intervals_are_scipys_on_the_team_months(org):
    _kpi(org)
    points = team_months(org.users[Role.HR_ADMIN])
    assert len(points) == 18  # three teams × six months
    result = correlate(points)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    direct = stats.pearsonr(xs, ys)
    assert result.pearson == pytest.approx(direct.statistic, abs=1e-12)
    assert result.pearson_ci == pytest.approx(tuple(direct.confidence_interval(0.95)), abs=1e-12)
    rho = stats.spearmanr(xs, ys).statistic
    se = math.sqrt(1.06 / 15)
    assert result.spearman == pytest.approx(rho, abs=1e-12)
    assert result.spearman_ci == pytest.approx((math.tanh(math.atanh(rho) - 1.959963984540054 * se),
                                                math.tanh(math.atanh(rho) + 1.959963984540054 * se)), abs=1e-9)
    assert result.pearson > 0.8 and result.pearson_ci[0] > 0


def test_a_manager_reads_only_their_centers_team_months(org):
    _kpi(org)
    labels = {p[2].rsplit(" ", 1)[0] for p in team_months(org.users[Role.CENTER_MANAGER])}
    assert labels == {"深圳A组", "深圳B组"}


def test_the_page_shows_the_coefficients_and_too_few_points_says_so(org, client_for):
    client = client_for(org.users[Role.HR_ADMIN])
    page = client.get(reverse("analytics:nps-fcr"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "At least four team-months with both metrics are needed; there are 0." in page
    _kpi(org)
    page = client.get(reverse("analytics:nps-fcr"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "18 team-months" in page and 'id="correlation-data"' in page and "correlation.js" in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.TRAINER, Role.QA])
def test_the_correlation_page_is_for_hr_and_managers(org, client_for, role):
    assert client_for(org.users[role]).get(reverse("analytics:nps-fcr")).status_code == 404


def test_the_api_answers_the_same_coefficients(org, client_for):
    _kpi(org)
    body = client_for(org.users[Role.HR_ADMIN]).get("/api/v1/analytics/correlations/nps-fcr").json()
    result = correlate(team_months(org.users[Role.HR_ADMIN]))
    assert body["n"] == 18 and body["pearson"] == pytest.approx(result.pearson, abs=1e-12)
    assert body["spearman_ci"] == pytest.approx(list(result.spearman_ci), abs=1e-12)
