"""Completions and attendance over the API (POST /api/v1/training/{completions,attendance}/import): the row report
of every import API, all or nothing, idempotent; large files in the background with progress (issue 8, 11)."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from agentpath.accounts.models import ApiToken, Role
from agentpath.common import import_guard
from agentpath.common.models import ImportRun
from agentpath.learning import import_jobs
from agentpath.learning.models import Attendance, CourseCompletion, TrainingImport
from agentpath.learning.services import schedule_recurring_sessions

pytestmark = pytest.mark.django_db
URL = "/api/v1/training/completions/import"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}


def completions_csv(*rows) -> SimpleUploadedFile:
    text = "工号,课程代码,完成日期,成绩\n" + "".join(",".join(r) + "\n" for r in rows)
    return SimpleUploadedFile("completions.csv", text.encode("utf-8"))


def test_hr_imports_completions_and_the_same_file_again_changes_nothing(org, catalogue, client):
    agent, hr = org.agents["sz-a"][0], org.users[Role.HR_ADMIN]
    row = (agent.employee_no, "complaint-handling", "2026-07-01", "86")

    first = client.post(URL, {"file": completions_csv(row)}, **bearer(hr))
    again = client.post(URL, {"file": completions_csv(row)}, **bearer(hr))

    assert first.status_code == 200
    assert {k: first.json()[k] for k in ("rows_read", "created", "stored", "error_count")} == \
        {"rows_read": 1, "created": 1, "stored": True, "error_count": 0}
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 1)
    assert CourseCompletion.objects.get(employee=agent).score == 86


def test_a_rejected_file_names_every_bad_row_stores_nothing_and_offers_the_full_list(org, catalogue, client):
    agent, hr = org.agents["sz-a"][0], org.users[Role.HR_ADMIN]
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(URL, {"file": completions_csv(
        (agent.employee_no, "complaint-handling", "2026-07-01", "86"),
        ("NOBODY1", "complaint-handling", "2026-07-01", ""),
        (agent.employee_no, "no-such-course", "2026-07-01", ""),
        (agent.employee_no, "complaint-handling", future, ""),
        (agent.employee_no, "complaint-handling", "2026-07-01", "90"),  # the same completion again, other score
    )}, **bearer(hr))

    body = response.json()
    assert response.status_code == 422 and body["stored"] is False and not CourseCompletion.objects.exists()
    assert [(e["line"], e["column"], e["value"]) for e in body["errors"]] == [
        (3, "工号", "NOBODY1"), (4, "课程代码", "no-such-course"), (5, "完成日期", future), (6, "工号", agent.employee_no)]
    assert "Line 2 already gives" in body["errors"][3]["reason"]
    assert client.get(body["error_file_url"], **bearer(hr)).status_code == 200


def test_skip_bad_rows_stores_the_good_ones(org, catalogue, client):
    agent = org.agents["sz-a"][0]
    response = client.post(URL, {"skip_bad_rows": "true", "file": completions_csv(
        (agent.employee_no, "complaint-handling", "2026-07-01", "86"), ("NOBODY1", "complaint-handling", "2026-07-01",
                                                                        ""))},
        **bearer(org.users[Role.HR_ADMIN]))

    assert response.status_code == 200
    assert (response.json()["created"], response.json()["skipped"], response.json()["error_count"]) == (1, 1, 1)


def test_attendance_is_imported_over_the_api(org, catalogue, client):
    day = datetime.date(2026, 11, 16)
    schedule_recurring_sessions([org.teams[0]], day, day)
    agent = org.agents["sz-a"][1]
    upload = SimpleUploadedFile("att.csv", f"工号,日期,培训类型,考勤\n{agent.employee_no},2026-11-16,晨会,迟到\n".encode())

    response = client.post("/api/v1/training/attendance/import", {"file": upload}, **bearer(org.users[Role.HR_ADMIN]))

    assert response.status_code == 200 and response.json()["updated"] == 1  # the session's sheet had a blank mark
    assert Attendance.objects.get(employee=agent, event__date=day).status == "late"


def test_a_large_file_runs_in_the_background_and_its_status_gives_progress_then_the_report(
        org, catalogue, client, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(import_jobs, "INLINE_MAX_BYTES", 10)
    agents = [a for team in org.agents.values() for a in team]
    rows = [(a.employee_no, "complaint-handling", "2026-07-01", "80") for a in agents]
    headers = bearer(org.users[Role.HR_ADMIN])

    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(URL, {"file": completions_csv(*rows)}, **headers)

    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    status = client.get(queued.json()["status_url"], **headers).json()
    assert (status["status"], status["percent"], status["rows_done"], status["rows_total"]) == \
        ("done", 100, len(rows), len(rows))
    assert status["report"]["created"] == len(rows) and status["report"]["stored"] is True
    assert CourseCompletion.objects.count() == len(rows)


def test_a_background_import_whose_worker_died_is_failed_with_the_reason(org, client):
    run = import_guard.begin("training-completions")
    job = TrainingImport.objects.create(kind="completions", file_name="big.xlsx", status="running", run=run)
    ImportRun.objects.filter(pk=run.pk).update(pid=2**22 + 12345)  # a process that does not exist

    body = client.get(f"/api/v1/training/imports/{job.pk}", **bearer(org.users[Role.HR_ADMIN])).json()

    assert body["status"] == "failed" and "stopped before the import finished" in body["failure"]


def test_another_running_import_of_the_kind_answers_409(org, catalogue, client):
    import_guard.begin("training-completions")
    agent = org.agents["sz-a"][0]

    response = client.post(URL, {"file": completions_csv((agent.employee_no, "complaint-handling", "2026-07-01", ""))},
                           **bearer(org.users[Role.HR_ADMIN]))

    assert response.status_code == 409 and "Another import is in progress" in response.json()["message"]


def test_only_hr_imports_training_records(org, catalogue, client):
    headers = bearer(org.users[Role.TRAINER])
    agent = org.agents["sz-a"][0]

    assert client.post(URL, {"file": completions_csv((agent.employee_no, "complaint-handling", "2026-07-01", ""))},
                       **headers).status_code == 403
    assert client.get("/api/v1/training/imports/1", **headers).status_code == 403
    assert client.get("/api/v1/training/imports/99999", **bearer(org.users[Role.HR_ADMIN])).status_code == 404


def test_the_page_sends_a_large_file_to_the_background_and_shows_its_outcome_in_chinese(
        org, catalogue, client_for, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(import_jobs, "INLINE_MAX_BYTES", 10)
    agent = org.agents["sz-a"][0]
    client = client_for(org.users[Role.HR_ADMIN])
    assert 'href="/training/import/"' in client.get("/training/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/training/import/", {"kind": "completions", "file": completions_csv(
            (agent.employee_no, "complaint-handling", "2026-07-01", "86"))}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert page.status_code == 302
    with translation.override("zh-hans"):
        html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="import-outcome"' in html and "100%" in html and "读取 1 行" in html
