"""POST /api/v1/kpi/records takes the documented batches of 100,000 records; past that, a clear 413 or 422."""
import datetime
import json
import time

import pytest

from agentpath.performance.models import Metric
from agentpath.performance.services import load_default_scorecards

pytestmark = pytest.mark.django_db

BATCH_LIMIT = 100_000


@pytest.fixture
def kpi(org):
    load_default_scorecards()
    return org


def records(org, count: int) -> list[dict]:
    """`count` valid records: every imported metric (derived and product ones are computed, never imported) for
    every employee of the org fixture, day after day from 2024."""
    metrics = list(Metric.objects.filter(kind=Metric.Kind.IMPORTED).values_list("code", "min_value"))
    people = [e.employee_no for team in org.agents.values() for e in team] + \
             [leader.employee_no for leader in org.leaders.values()]
    per_day = [(no, code, (low or 0) + 1) for no in people for code, low in metrics]
    days = -(-count // len(per_day))
    out = [{"employee_no": no, "date": (datetime.date(2024, 1, 1) + datetime.timedelta(days=d)).isoformat(),
            "metric": code, "value": value} for d in range(days) for no, code, value in per_day]
    return out[:count]


def test_a_batch_of_100000_records_is_stored(kpi, csrf_client, hr_bearer):
    body = json.dumps({"records": records(kpi, BATCH_LIMIT)})
    assert len(body) > 5 * 1024 * 1024  # past Django's default request size: this endpoint has its own limit
    started = time.monotonic()
    response = csrf_client.post("/api/v1/kpi/records", body, content_type="application/json", **hr_bearer)
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content[:500]
    assert response.json()["records_read"] == BATCH_LIMIT and response.json()["stored"] is True
    print(f"100,000 records, {len(body) / 1e6:.1f} MB: {elapsed:.1f} s")


def test_one_record_past_the_limit_is_422_with_a_message_naming_the_limit(kpi, csrf_client, hr_bearer):
    body = json.dumps({"records": records(kpi, BATCH_LIMIT + 1)})
    response = csrf_client.post("/api/v1/kpi/records", body, content_type="application/json",
                                HTTP_ACCEPT_LANGUAGE="zh-hans", **hr_bearer)
    assert response.status_code == 422
    assert response.json()["message"] == "每批最多 100000 条记录,本批有 100001 条。请分成较小的批次发送。"
    assert len(response.content) < 10_000  # the message, not the batch echoed back


def test_a_body_past_the_batch_size_limit_is_413_with_a_message(kpi, csrf_client, hr_bearer, settings):
    settings.API_BATCH_MAX_BYTES = 1024 * 1024
    body = json.dumps({"records": records(kpi, 20_000)})
    response = csrf_client.post("/api/v1/kpi/records", body, content_type="application/json",
                                HTTP_ACCEPT_LANGUAGE="zh-hans", **hr_bearer)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "此处最多接受 1 MiB" in response.json()["message"]


def test_other_endpoints_keep_the_small_body_limit_and_answer_413(org, csrf_client, hr_bearer):
    body = "x" * (6 * 1024 * 1024)
    response = csrf_client.post("/api/v1/roster/import", body, content_type="application/x-www-form-urlencoded",
                                **hr_bearer)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and response.json()["message"]


def test_an_anonymous_large_batch_is_401_without_being_read(kpi, csrf_client):
    body = json.dumps({"records": records(kpi, 80_000)})
    response = csrf_client.post("/api/v1/kpi/records", body, content_type="application/json")
    assert response.status_code == 401
