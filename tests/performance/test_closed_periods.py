"""A closed period's ranks are frozen: late KPI keeps them (and says so); recomputing one is explicit and logged."""
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.common.calendar import parse_period
from agentpath.performance.closed_periods import PeriodClosed, closes_on, is_closed
from agentpath.performance.models import KpiResult, RankLog
from agentpath.performance.ranking import compute_ranks, compute_ranks_between, recompute_closed_period
from agentpath.talent import nine_box
from tests.performance.test_ranks import CLOSED, IN_GRACE, JULY, put

pytestmark = pytest.mark.django_db
Q3 = parse_period("2026Q3")


@pytest.fixture
def ranked(kpi):
    """Three agents of one peer group ranked for 2026Q3: A first, B second, C third."""
    a, b, c = kpi.agents["sz-a"]
    put([(a, JULY, {"fcr": 90}), (b, JULY, {"fcr": 80}), (c, JULY, {"fcr": 70})])
    compute_ranks(Q3, today=IN_GRACE)
    return a, b, c


def late_fcr_for(employee):
    """Three late September days at FCR 100: the quarter's mean becomes (70 + 3 × 100) / 4 = 92.5."""
    put([(employee, datetime.date(2026, 9, day), {"fcr": 100}) for day in (1, 2, 3)])


def ranks():
    return {r.employee.employee_no: r.rank for r in KpiResult.objects.filter(period="2026Q3", group_code="business")
            .select_related("employee")}


def test_a_period_closes_its_grace_period_after_it_was_first_ranked(kpi, settings):
    settings.KPI_RANKS_GRACE_DAYS = 10
    assert closes_on(Q3) is None and not is_closed(Q3, CLOSED)  # never ranked: the first computation is free
    a = kpi.agents["sz-a"][0]
    put([(a, JULY, {"fcr": 90})])
    compute_ranks(Q3, today=IN_GRACE)
    assert closes_on(Q3) == datetime.date(2026, 10, 15)
    assert not is_closed(Q3, datetime.date(2026, 10, 14)) and is_closed(Q3, datetime.date(2026, 10, 15))


def test_history_loaded_long_after_the_quarter_ended_is_ranked_file_after_file(kpi, settings):
    """A new customer loads last quarter's history in three files: the first ranks the quarter (long past its
    end), and the later ones still change its ranks within the grace period that ranking started."""
    settings.KPI_RANKS_GRACE_DAYS = 10
    a, b, c = kpi.agents["sz-a"]
    put([(a, JULY, {"fcr": 90}), (b, JULY, {"fcr": 80}), (c, JULY, {"fcr": 70})])
    compute_ranks_between(JULY, JULY, today=CLOSED)  # the ACD file, imported on 2026-11-24
    assert not is_closed(Q3, CLOSED)
    late_fcr_for(c)  # the QA file, three days later
    compute_ranks_between(datetime.date(2026, 9, 1), datetime.date(2026, 9, 3), today=CLOSED + datetime.timedelta(3))
    assert ranks()[c.employee_no] == 1 and not RankLog.objects.exists()
    assert closes_on(Q3) == datetime.date(2026, 12, 4)


def test_a_decision_reading_the_ranks_closes_the_period_at_once(ranked, kpi):
    nine_box.open_review(center=kpi.centers[0], period="2026Q3", by=kpi.users[Role.HR_ADMIN],
                         as_of=datetime.date(2026, 10, 6))
    assert is_closed(Q3, datetime.date(2026, 10, 6)) and closes_on(Q3) == datetime.date(2026, 10, 6)
    with translation.override("en"), pytest.raises(PeriodClosed, match="the 9-box review of 2026Q3 read its ranks"):
        compute_ranks(Q3, today=datetime.date(2026, 10, 7))


def test_kpi_ranks_on_a_closed_period_the_data_would_not_change_succeeds_and_says_so(ranked, capsys):
    with translation.override("en"):
        call_command("kpi-ranks", "--period", "2026Q3")
    assert "2026Q3 is closed; its ranks are what the data gives, nothing to recompute." in capsys.readouterr().out
    assert not RankLog.objects.exists()


def test_late_kpi_for_a_closed_period_keeps_its_ranks_and_logs_it(ranked):
    a, b, c = ranked
    before = ranks()
    late_fcr_for(c)
    done = compute_ranks_between(datetime.date(2026, 9, 1), datetime.date(2026, 9, 3), today=CLOSED)
    assert done == {"2026-09": 1}  # the month was never ranked; the closed quarter was not touched
    assert ranks() == before
    log = RankLog.objects.get()
    assert (log.period, log.action) == ("2026Q3", RankLog.Action.KEPT)
    assert "2026-09-01" in log.reason


def test_computing_a_closed_period_is_refused(ranked):
    with pytest.raises(PeriodClosed, match="--recompute-closed"):
        compute_ranks(Q3, today=CLOSED)


def test_recomputing_a_closed_period_logs_who_why_and_every_changed_rank(ranked, kpi):
    a, b, c = ranked
    late_fcr_for(c)
    hr = kpi.users[Role.HR_ADMIN]
    log = recompute_closed_period(Q3, reason="QA re-scored September", by=hr)
    assert ranks() == {a.employee_no: 2, b.employee_no: 3, c.employee_no: 1}
    assert (log.action, log.reason, log.requested_by) == (RankLog.Action.RECOMPUTED, "QA re-scored September", hr)
    assert (log.ranks_before, log.ranks_after) == (3, 3)
    changed = {(x["employee_no"], x["rank_before"], x["rank_after"]) for x in log.changes}
    assert changed == {(a.employee_no, 1, 2), (b.employee_no, 2, 3), (c.employee_no, 3, 1)}
    assert log.ranks_changed == 3
    with pytest.raises(ValueError):
        recompute_closed_period(Q3, reason=" ")


def test_kpi_ranks_command_refuses_a_closed_period_without_the_explicit_flag(ranked, capsys):
    a, b, c = ranked
    late_fcr_for(c)
    with pytest.raises(CommandError, match="2026Q3"):
        call_command("kpi-ranks", "--period", "2026Q3")
    with pytest.raises(CommandError, match="--reason"):
        call_command("kpi-ranks", "--period", "2026Q3", "--recompute-closed")
    assert not RankLog.objects.exists()
    with translation.override("en"):
        call_command("kpi-ranks", "--period", "2026Q3", "--recompute-closed", "--reason", "late QA scores")
    out = capsys.readouterr().out
    assert "2026Q3" in out and "3 changed" in out
    assert f"{c.employee_no} business: rank 3 → 1 of 3 → 3, percentile 0.0 → 100.0" in out
    assert RankLog.objects.get().reason == "late QA scores"
