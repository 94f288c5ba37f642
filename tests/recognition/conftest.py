import datetime

import pytest

from agentpath.performance.models import KpiDay, Metric
from agentpath.performance.services import load_default_metrics


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
