"""Composites and ranks: a hand-computed example with ties and a lower-is-better metric; bottom half."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from agentpath.accounts.models import Role, User
from agentpath.common.calendar import parse_period, periods_between
from agentpath.org.models import EmploymentEvent
from agentpath.org.scoping import SYSTEM
from agentpath.org.services import record_move
from agentpath.performance.demo_data import generate_demo_kpi
from agentpath.performance.models import KpiResult, Metric, Scorecard
from agentpath.performance.ranking import compute_ranks, compute_ranks_between, recompute_closed_period
from agentpath.performance.selectors import bottom_share
from agentpath.performance.services import store_kpi_days

pytestmark = pytest.mark.django_db
JULY = datetime.date(2026, 7, 1)
IN_GRACE = datetime.date(2026, 10, 5)  # 2026Q3 has ended, its grace period has not (KPI_RANKS_GRACE_DAYS = 10)
CLOSED = datetime.date(2026, 11, 24)  # 2026Q3 is closed once ranked


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
    assert {r.employee for r in bottom_share("business", "2026Q3", 0.5, scope=SYSTEM)} == {a, b}
    assert {r.employee for r in bottom_share("business", "2026Q3", 1.0, scope=SYSTEM)} == {a, b, c, d, e}


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


def test_recomputing_an_open_period_replaces_its_results(four):
    compute_ranks("2026Q3", today=IN_GRACE)
    compute_ranks("2026Q3", today=IN_GRACE)
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
    call_command("kpi-ranks", "--period", "2026Q3")
    assert "2026Q3" in capsys.readouterr().out
    assert KpiResult.objects.filter(period="2026Q3").count() == 5


def test_kpi_ranks_command_names_people_it_cannot_place_in_a_peer_group(four, capsys):
    a = four[0]
    EmploymentEvent.objects.filter(employee=a).delete()  # no history: no position or center on any day
    with translation.override("en"):
        call_command("kpi-ranks", "--period", "2026-07")
    err = capsys.readouterr().err
    assert "2026-07: 1 person with KPI has no position or center in force" in err and a.employee_no in err
    assert not KpiResult.objects.filter(period="2026-07", employee=a).exists()


def test_demo_kpi_generates_a_year_with_ranks(kpi):
    values = generate_demo_kpi(7, datetime.date(2026, 7, 15))
    assert values > 9 * 200 * 9  # nine agents, about 250 working days, most metrics daily
    assert KpiResult.objects.filter(period="2026Q2", group_code="business").count() == 9


def days(first: datetime.date, count: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i) for i in range(count)]


def test_calls_handled_ranks_per_day_worked_not_as_a_sum(kpi):
    back_from_leave, steady = kpi.agents["sz-a"][:2]
    put([(back_from_leave, d, {"calls_handled": 90}) for d in days(datetime.date(2026, 9, 1), 10)]
        + [(steady, d, {"calls_handled": 60}) for d in days(datetime.date(2026, 8, 1), 30)])
    compute_ranks("2026Q3", today=IN_GRACE)
    got = results()
    # 90 calls per day worked beat 60, although 900 calls in all are fewer than 1,800
    assert (got[back_from_leave.employee_no].rank, got[steady.employee_no].rank) == (1, 2)
    assert Metric.objects.get(code="calls_handled").aggregation == Metric.Aggregation.PER_DAY_WORKED


def test_days_without_calls_are_not_days_worked(kpi):
    x, y = kpi.agents["sz-a"][:2]
    # X: 80 calls on each of 5 days, and 5 days absent (0 calls, only attendance); Y: 70 calls on 10 days
    put([(x, d, {"calls_handled": 80, "attendance": 100}) for d in days(JULY, 5)]
        + [(x, d, {"calls_handled": 0, "attendance": 0}) for d in days(JULY + datetime.timedelta(days=5), 5)]
        + [(y, d, {"calls_handled": 70, "attendance": 100}) for d in days(JULY, 10)])
    compute_ranks("2026-07", today=IN_GRACE)
    got = results("2026-07")
    assert (got[x.employee_no].rank, got[y.employee_no].rank) == (1, 2)


def test_zscore_normalisation_matches_the_hand_computed_example(kpi):
    Scorecard.objects.update(normalisation=Scorecard.Normalisation.ZSCORE)
    a, b, c = kpi.agents["sz-a"]
    put([(a, JULY, {"fcr": 70, "aht": 300}), (b, JULY, {"fcr": 80, "aht": 300}), (c, JULY, {"fcr": 90, "aht": 400})])
    compute_ranks("2026-07", today=IN_GRACE)
    got = results("2026-07")
    # FCR z-scores (mean 80, population sd √(200/3)): −1.2247, 0, 1.2247. AHT is lower-is-better, negated first:
    # −300, −300, −400 (mean −333.33, sd 47.14) → 0.7071, 0.7071, −1.4142. Equal weights: the mean of the two.
    assert got[a.employee_no].composite == pytest.approx((-1.224745 + 0.707107) / 2, abs=1e-6)
    assert got[b.employee_no].composite == pytest.approx((0 + 0.707107) / 2, abs=1e-6)
    assert got[c.employee_no].composite == pytest.approx((1.224745 - 1.414214) / 2, abs=1e-6)
    assert [got[x.employee_no].rank for x in (a, b, c)] == [3, 1, 2]
    assert [got[x.employee_no].percentile for x in (a, b, c)] == [0, 100, 50]


def test_zscore_of_a_peer_group_with_equal_values_is_zero(kpi):
    Scorecard.objects.update(normalisation=Scorecard.Normalisation.ZSCORE)
    a, b = kpi.agents["sz-a"][:2]
    put([(a, JULY, {"fcr": 80}), (b, JULY, {"fcr": 80})])
    compute_ranks("2026-07", today=IN_GRACE)
    got = results("2026-07")
    assert [(got[x.employee_no].composite, got[x.employee_no].rank) for x in (a, b)] == [(0, 1), (0, 1)]


def test_last_value_aggregation_ranks_by_the_latest_value_of_the_period(kpi):
    Metric.objects.filter(code="exam_score").update(aggregation=Metric.Aggregation.LAST)
    x, y = kpi.agents["sz-a"][:2]
    put([(x, datetime.date(2026, 7, 10), {"exam_score": 90}), (x, datetime.date(2026, 9, 28), {"exam_score": 60}),
         (y, datetime.date(2026, 7, 10), {"exam_score": 70}), (y, datetime.date(2026, 8, 28), {"exam_score": 75}),
         (y, datetime.date(2026, 9, 29), {"aht": 300})])  # a later day without an exam does not hide the last one
    compute_ranks("2026Q3", today=IN_GRACE)
    got = results()
    # means would be X 75 > Y 72.5; the last values are X 60 < Y 75
    assert (got[y.employee_no].rank, got[x.employee_no].rank) == (1, 2)
    compute_ranks("2026-07", today=IN_GRACE)
    july = results("2026-07")
    assert july[x.employee_no].rank == 1  # in July alone X's last exam (90) beats Y's (70)


def test_bottom_share_needs_an_explicit_scope(four):
    a, b = four[0], four[1]
    compute_ranks("2026Q3", today=IN_GRACE)
    with pytest.raises(TypeError):
        bottom_share("business", "2026Q3", 0.5)  # no user, no system scope: refused, never "everybody"
    agent = User.objects.get(role=Role.AGENT)  # the org fixture's agent is A, in the bottom half
    assert {r.employee for r in bottom_share("business", "2026Q3", 0.5, scope=agent)} == {a}
    assert {r.employee for r in bottom_share("business", "2026Q3", 0.5, scope=SYSTEM)} == {a, b}


def test_reorg_does_not_change_past_peer_group_or_rank(kpi):
    sz, gz = kpi.agents["sz-a"], kpi.agents["gz-a"]
    put([(e, JULY, {"aht": 280 + 20 * i, "fcr": 85 - 5 * i}) for i, e in enumerate(sz + gz)])
    compute_ranks("2026Q3", today=IN_GRACE)
    ranks = {r.employee_id: (r.rank, r.peer_size, r.percentile, r.center.name, r.team_id)
             for r in KpiResult.objects.filter(period="2026Q3", group_code="business").select_related("center")}
    moved = sz[1]
    assert ranks[moved.pk] == (2, 3, 50.0, "深圳中心", kpi.teams[0].pk)

    # 5 October: a reorg moves the agent to 广州; then a late KPI row for 2026Q3 arrives and the quarter,
    # still in its grace period, is recomputed
    record_move(moved, kind="team_change", effective_date=datetime.date(2026, 10, 5), team=kpi.teams[2])
    assert moved.center == kpi.centers[1]
    put([(gz[0], datetime.date(2026, 9, 30), {"aht": 340, "fcr": 70})])
    assert compute_ranks_between(datetime.date(2026, 9, 30), datetime.date(2026, 9, 30),
                                 today=datetime.date(2026, 10, 6)) == {"2026-09": 1, "2026Q3": 6}
    again = {r.employee_id: (r.rank, r.peer_size, r.percentile, r.center.name, r.team_id)
             for r in KpiResult.objects.filter(period="2026Q3", group_code="business").select_related("center")}
    assert again[moved.pk] == (2, 3, 50.0, "深圳中心", kpi.teams[0].pk)
    assert {again[e.pk][1] for e in sz} == {3}  # the 深圳 peer group keeps its three people
    assert again == ranks

    # months later, the explicit recomputation of the closed quarter changes nothing either
    log = recompute_closed_period("2026Q3", reason="audit after the reorg")
    assert (log.ranks_before, log.ranks_after, log.ranks_changed) == (6, 6, 0)
    assert KpiResult.objects.get(period="2026Q3", group_code="business", employee=moved).peer_size == 3
