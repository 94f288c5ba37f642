"""API KPI batches wait their turn (issue 16): a batch of up to KPI_API_BATCH_WAIT_MAX_RECORDS records that meets a
running KPI import of its center waits for it (up to KPI_API_BATCH_WAIT_SECONDS) instead of answering 409; a file
import still answers 409 at once; the time in the message carries its zone."""
import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.common import import_guard
from agentpath.performance.models import KpiDay

pytestmark = pytest.mark.django_db
BATCHES = 10


def batch_for(employee, day=1):
    return {"records": [{"employee_no": employee.employee_no, "date": f"2026-07-{day:02d}", "metric": "aht",
                         "value": 300 + day}]}


def test_a_batch_that_waited_in_vain_answers_409_with_the_time_and_its_zone(kpi, client_for, settings):
    settings.KPI_API_BATCH_WAIT_SECONDS = 0.6
    import_guard.begin("kpi", file_name="first.csv")
    started = time.monotonic()
    response = client_for(kpi.users[Role.HR_ADMIN]).post(
        "/api/v1/kpi/records", batch_for(kpi.agents["sz-a"][0]), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409 and time.monotonic() - started >= 0.6
    assert response.json()["code"] == "import_busy"
    assert "first.csv" in response.json()["message"] and "UTC+08:00" in response.json()["message"]


def test_a_batch_past_the_waiting_size_and_a_file_import_answer_409_at_once(kpi, client_for, settings, tmp_path):
    settings.KPI_API_BATCH_WAIT_SECONDS, settings.KPI_API_BATCH_WAIT_MAX_RECORDS = 30, 1
    import_guard.begin("kpi", file_name="first.csv")
    a, b = kpi.agents["sz-a"][:2]
    two = {"records": batch_for(a)["records"] + batch_for(b)["records"]}
    started = time.monotonic()
    response = client_for(kpi.users[Role.HR_ADMIN]).post("/api/v1/kpi/records", two, content_type="application/json")
    assert response.status_code == 409 and time.monotonic() - started < 10
    path = tmp_path / "kpi.csv"
    path.write_text(f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n", encoding="utf-8")
    started = time.monotonic()
    with translation.override("zh-hans"), pytest.raises(CommandError, match="另一个导入正在进行"):
        call_command("import", "kpi", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert time.monotonic() - started < 10 and not KpiDay.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_ten_batches_posted_together_each_wait_their_turn_and_are_all_stored(kpi):
    """PostgreSQL, ten threads released together by a barrier (each with its own database session)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL (python -m agentpath.devtools.throwaway_pg)")
    people = [p for team in ("sz-a", "sz-b", "gz-a") for p in kpi.agents[team]] + [kpi.leaders["sz-a"]]
    hr = kpi.users[Role.HR_ADMIN]
    barrier, answers = threading.Barrier(BATCHES), {}

    def post(i):
        try:
            client = Client()
            client.force_login(hr)
            barrier.wait()
            answers[i] = client.post("/api/v1/kpi/records", batch_for(people[i], day=i + 1),
                                     content_type="application/json").status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(BATCHES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == {i: 200 for i in range(BATCHES)}
    assert KpiDay.objects.count() == BATCHES
