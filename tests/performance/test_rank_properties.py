"""Property tests of the ranking (hypothesis): whatever the values, ranks behave as docs/kpi.md says."""
import datetime
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentpath.performance.models import KpiDay, KpiResult
from agentpath.performance.ranking import compute_ranks
from tests.performance.test_ranks import put

pytestmark = pytest.mark.django_db
JULY = datetime.date(2026, 7, 1)
TODAY = datetime.date(2026, 7, 20)  # the month is open: recomputed at will
AGENTS = 9  # sz-a, sz-b (one 深圳 peer group of six) and gz-a (a 广州 peer group of three)
EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Small integer levels make ties common; None: no value for that metric.
values = st.dictionaries(keys=st.integers(0, AGENTS - 1), min_size=1, max_size=AGENTS,
                         values=st.tuples(st.integers(0, 4), st.one_of(st.none(), st.integers(0, 4))))


def agents(kpi):
    return kpi.agents["sz-a"] + kpi.agents["sz-b"] + kpi.agents["gz-a"]


def rank(kpi, rows: dict[int, dict]) -> dict[tuple, list[KpiResult]]:
    """Store one July day per agent (index → {metric: value}), rank July; results per peer group and group."""
    KpiDay.objects.all().delete()
    people = agents(kpi)
    put([(people[i], JULY, v) for i, v in rows.items()])
    compute_ranks("2026-07", today=TODAY)
    groups = defaultdict(list)
    for r in KpiResult.objects.filter(period="2026-07"):
        groups[(r.position_id, r.center_id, r.group_code)].append(r)
    return groups


@EXAMPLES
@given(values)
def test_ranks_are_competition_ranks_within_each_peer_group_and_ties_share_a_rank(kpi, levels):
    groups = rank(kpi, {i: {"aht": 300 + 10 * a, **({} if f is None else {"fcr": 70 + 5 * f})}
                        for i, (a, f) in levels.items()})
    assert sum(len(g) for g in groups.values()) == len(levels)  # everybody with KPI, once per group
    for results in groups.values():
        n = len(results)
        for r in results:
            assert r.peer_size == n
            assert r.rank == 1 + sum(1 for o in results if o.composite > r.composite)
            assert all(o.rank == r.rank for o in results if o.composite == r.composite)
        if len({r.composite for r in results}) == n:
            assert sorted(r.rank for r in results) == list(range(1, n + 1))  # a permutation


@EXAMPLES
@given(values)
def test_percentiles_are_monotone_in_rank(kpi, levels):
    groups = rank(kpi, {i: {"fcr": 70 + 5 * a} for i, (a, _f) in levels.items()})
    for results in groups.values():
        n = len(results)
        for r in results:
            assert 0 <= r.percentile <= 100
            assert r.percentile == pytest.approx(100 if n == 1 else 100 * (n - r.rank) / (n - 1))
            for o in results:
                if r.rank < o.rank:
                    assert r.percentile > o.percentile
                if r.rank == o.rank:
                    assert r.percentile == o.percentile
        assert max(r.percentile for r in results) == 100


@EXAMPLES
@given(values)
def test_lower_is_better_metrics_invert(kpi, levels):
    """AHT (lower is better) at 300 + 10·v ranks people exactly as FCR (higher is better) at 90 − 5·v."""
    by_aht = rank(kpi, {i: {"aht": 300 + 10 * a} for i, (a, _f) in levels.items()})
    aht_ranks = {(key, r.employee_id): r.rank for key, results in by_aht.items() for r in results}
    by_fcr = rank(kpi, {i: {"fcr": 90 - 5 * a} for i, (a, _f) in levels.items()})
    fcr_ranks = {(key, r.employee_id): r.rank for key, results in by_fcr.items() for r in results}
    assert aht_ranks == fcr_ranks
    aht_of = {p.pk: 300 + 10 * levels[i][0] for i, p in enumerate(agents(kpi)) if i in levels}
    for results in by_aht.values():
        for r in results:
            for o in results:
                if aht_of[r.employee_id] < aht_of[o.employee_id]:
                    assert r.rank < o.rank  # a lower AHT ranks better
                if aht_of[r.employee_id] == aht_of[o.employee_id]:
                    assert r.rank == o.rank
