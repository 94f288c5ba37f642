"""Composites and ranks: a hand-computed example with ties and a lower-is-better metric; bottom half."""
import datetime

import pytest

from agentpath.performance.models import KpiResult, Metric
from agentpath.performance.ranking import compute_ranks, parse_period, periods_between
from agentpath.performance.selectors import bottom_share
from agentpath.performance.services import store_kpi_days

pytestmark = pytest.mark.django_db
JULY = datetime.date(2026, 7, 1)


def put(rows):
    """rows: [(employee, date, {code: value})]"""
    metrics = {m.code: m for m in Metric.objects.all()}
    codes = sorted({c for _e, _d, values in rows for c in values})
    store_kpi_days([(e.pk, d, *[v.get(c) for c in codes]) for e, d, v in rows], [metrics[c].slot for c in codes])


def results(period="2026Q3", group="business"):
    return {r.employee.employee_no: r for r in KpiResult.objects.filter(period=period, group_code=group)
            .select_related("employee")}


@pytest.fixture
def four(kpi):
    """Four agents of center sz (one peer group) and one of center gz (a peer group of one)."""
    a, b, c = kpi.agents["sz-a"]
    d = kpi.agents["sz-b"][0]
    e = kpi.agents["gz-a"][0]
    put([(a, JULY, {"aht": 300, "fcr": 80, "deductions": 3}), (b, JULY, {"aht": 300, "fcr": 80, "deductions": 0}),
         (c, JULY, {"aht": 400, "fcr": 90, "deductions": 0}), (d, JULY, {"aht": 200, "fcr": 70, "deductions": 0}),
         (e, JULY, {"aht": 300, "fcr": 80, "deductions": 0})])
    return a, b, c, d, e


def test_ranks_match_the_hand_computed_example_with_ties_and_lower_is_better(four):
    a, b, c, d, e = four
    assert compute_ranks("2026Q3") == 5
    got = results()
    # percentile scores: AHT (lower is better) C 0, A 1/3, B 1/3, D 1; FCR D 0, A 1/3, B 1/3, C 1
    # composites (equal weights of the two present metrics): A 1/3, B 1/3, C 1/2, D 1/2
    assert got[c.employee_no].composite == pytest.approx(0.5)
    assert got[a.employee_no].composite == pytest.approx(1 / 3)
    assert [(got[x.employee_no].rank, got[x.employee_no].peer_size) for x in (a, b, c, d)] == \
        [(3, 4), (3, 4), (1, 4), (1, 4)]
    assert [round(got[x.employee_no].percentile, 2) for x in (a, b, c, d)] == [33.33, 33.33, 100, 100]
    assert got[a.employee_no].deductions == 3
    alone = got[e.employee_no]
    assert (alone.rank, alone.peer_size, alone.percentile, alone.composite) == (1, 1, 100, 0.5)


def test_bottom_half_is_the_lower_ranked_half_of_each_peer_group(four):
    a, b, c, d, e = four
    compute_ranks("2026Q3")
    assert {r.employee for r in bottom_share("business", "2026Q3", 0.5)} == {a, b}
    assert {r.employee for r in bottom_share("business", "2026Q3", 1.0)} == {a, b, c, d, e}


def test_call_weighted_mean_weighs_each_day_by_its_calls(kpi):
    x, y = kpi.agents["sz-a"][:2]
    day2 = JULY + datetime.timedelta(days=1)
    put([(x, JULY, {"aht": 300, "calls_handled": 10}), (x, day2, {"aht": 600, "calls_handled": 30}),
         (y, JULY, {"aht": 500, "calls_handled": 20}), (y, day2, {"aht": 500, "calls_handled": 20})])
    compute_ranks("2026-07")
    got = results("2026-07")
    # X: weighted AHT 525 (plain mean 450) is worse than Y's 500; X handled as many calls (40 each)
    assert got[y.employee_no].rank == 1
    assert got[x.employee_no].rank == 2


def test_recomputing_a_period_replaces_its_results(four):
    compute_ranks("2026Q3")
    compute_ranks("2026Q3")
    assert KpiResult.objects.filter(period="2026Q3").count() == 5


def test_periods_parse_and_cover_months_and_quarters():
    assert parse_period("2026Q3").start == datetime.date(2026, 7, 1)
    assert parse_period("2026-q4").end == datetime.date(2027, 1, 1)
    assert parse_period("2026-02").end == datetime.date(2026, 3, 1)
    assert [p.code for p in periods_between(datetime.date(2026, 6, 20), datetime.date(2026, 7, 2))] == \
        ["2026-06", "2026Q2", "2026-07", "2026Q3"]
    with pytest.raises(ValueError):
        parse_period("2026Q5")


def test_kpi_ranks_command(four, capsys):
    from django.core.management import call_command

    call_command("kpi-ranks", "--period", "2026Q3")
    assert "2026Q3" in capsys.readouterr().out
    assert KpiResult.objects.filter(period="2026Q3").count() == 5


def test_demo_kpi_generates_a_year_with_ranks(kpi):
    from agentpath.performance.demo_data import generate_demo_kpi

    values = generate_demo_kpi(7, datetime.date(2026, 7, 15))
    assert values > 9 * 200 * 9  # nine agents, about 250 working days, most metrics daily
    assert KpiResult.objects.filter(period="2026Q2", group_code="business").count() == 9
