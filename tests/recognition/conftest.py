import datetime

import pytest

from agentpath.careers.models import Position
from agentpath.performance.models import CompositeGroup, KpiDay, KpiResult, Metric, Scorecard
from agentpath.performance.services import load_default_metrics, load_default_scorecards


@pytest.fixture
def metrics(db):
    load_default_metrics()
    return {m.code: m for m in Metric.objects.all()}


@pytest.fixture
def kpi_day(metrics):
    """kpi_day(employee, date, exam_score=96, …): one person's values of one day (a late import or correction
    of the same day overwrites them)."""

    def put(employee, day: datetime.date, **values):
        columns = {metrics[code].column: value for code, value in values.items()}
        KpiDay.objects.update_or_create(employee=employee, date=day, defaults=columns)

    return put


@pytest.fixture
def ranks(org):
    """ranks("2026-10", peers, [(employee, rank), …]): business-composite ranks of a month or quarter (2026Q4)."""
    load_default_scorecards()
    position = Position.objects.get(code="agent")
    group = CompositeGroup.objects.get(scorecard=Scorecard.objects.get(position=position), code="business")

    def put(period, peers, ranks_of):
        kind = KpiResult.PeriodKind.QUARTER if "Q" in period else KpiResult.PeriodKind.MONTH
        for employee, rank in ranks_of:
            KpiResult.objects.create(employee=employee, period_kind=kind, period=period,
                                     period_start=datetime.date(2026, 10, 1), group=group, group_code="business",
                                     position=position, center=employee.center, composite=100 - rank, rank=rank,
                                     peer_size=peers, percentile=100 * (peers - rank) / peers)

    return put
