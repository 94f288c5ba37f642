"""Parallel KPI imports (issue 7): a KPI import never stays "running" when it did not finish, a dead one is
closed, and a second import for the same center waits or answers 409 "另一个导入正在进行" — never a 500."""
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.common import import_guard
from agentpath.common.models import ImportRun
from agentpath.performance import tasks
from agentpath.performance.models import KpiDay, KpiImport
from agentpath.performance.services import import_kpi_path

pytestmark = pytest.mark.django_db


def kpi_file(tmp_path, kpi, name="kpi.csv"):
    a = kpi.agents["sz-a"][0]
    path = tmp_path / name
    path.write_text(f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n", encoding="utf-8")
    return path


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_kpi_import_that_stops_midway_is_marked_failed_with_its_reason(kpi, tmp_path):
    def progress(done, total):
        if done:
            raise OSError("disk full")

    with pytest.raises(OSError):
        import_kpi_path(kpi_file(tmp_path, kpi), progress=progress)
    kpi_import = KpiImport.objects.get()
    assert kpi_import.status == KpiImport.Status.FAILED
    assert "disk full" in kpi_import.report["failure"]
    assert not KpiDay.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_a_running_kpi_import_whose_process_died_is_closed_as_failed(kpi, tmp_path, client_for):
    stale = KpiImport.objects.create(source=KpiImport.Source.CLI, file_name="old.csv",
                                     status=KpiImport.Status.RUNNING)
    run = ImportRun.objects.create(kind="kpi", host=import_guard.HOST, pid=dead_pid(), file_name="old.csv",
                                   ref=f"performance.KpiImport:{stale.pk}")
    stale.report = {"run": run.pk}
    stale.save()
    legacy = KpiImport.objects.create(source=KpiImport.Source.API, status=KpiImport.Status.RUNNING)
    hr = client_for(kpi.users[Role.HR_ADMIN])
    page = hr.get("/kpi/import/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    stale.refresh_from_db()
    assert stale.status == KpiImport.Status.FAILED and "old.csv" not in stale.report["failure"]
    assert "进程" in stale.report["failure"]  # the process running it stopped
    legacy.refresh_from_db()
    assert legacy.status == KpiImport.Status.FAILED and legacy.report["failure"]
    status = hr.get(f"/kpi/import/{stale.pk}/progress/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert stale.report["failure"] in status
    call_command("import", "kpi", str(kpi_file(tmp_path, kpi)), stdout=io.StringIO(), stderr=io.StringIO())
    assert KpiImport.objects.filter(status=KpiImport.Status.DONE).count() == 1


def test_a_second_kpi_import_on_the_cli_is_refused_while_one_runs(kpi, tmp_path):
    import_guard.begin("kpi", file_name="first.csv")
    with translation.override("zh-hans"), pytest.raises(CommandError) as busy:
        call_command("import", "kpi", str(kpi_file(tmp_path, kpi)), stdout=io.StringIO(), stderr=io.StringIO())
    assert busy.value.returncode != 0 and "另一个导入正在进行" in str(busy.value)
    assert not KpiDay.objects.exists()
    assert not KpiImport.objects.filter(status=KpiImport.Status.RUNNING).exists()


def test_a_second_kpi_batch_on_the_api_answers_409_while_one_runs(kpi, client_for, settings):
    settings.KPI_API_BATCH_WAIT_SECONDS = 0.2  # it waits for the running one (test_api_batches_wait.py), in vain
    import_guard.begin("kpi", file_name="first.csv")
    a = kpi.agents["sz-a"][0]
    batch = {"records": [{"employee_no": a.employee_no, "date": "2026-07-01", "metric": "aht", "value": 300}]}
    hr = client_for(kpi.users[Role.HR_ADMIN])
    response = hr.post("/api/v1/kpi/records", batch, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 409
    assert "另一个导入正在进行" in response.json()["message"]
    assert not KpiImport.objects.filter(status=KpiImport.Status.RUNNING).exists()


def test_a_qa_import_for_a_center_waits_for_an_import_of_all_centers(kpi, client_for, settings):
    settings.KPI_API_BATCH_WAIT_SECONDS = 0.2
    import_guard.begin("kpi", file_name="all.csv")
    a = kpi.agents["sz-a"][0]
    batch = {"records": [{"employee_no": a.employee_no, "date": "2026-07-01", "metric": "qa_score", "value": 90}]}
    response = client_for(kpi.users[Role.QA]).post("/api/v1/kpi/records", batch, content_type="application/json")
    assert response.status_code == 409


def test_an_upload_waits_for_the_running_import_then_fails_with_busy_if_it_never_ends(
        kpi, client_for, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(tasks, "BUSY_WAIT_SECONDS", 0)
    import_guard.begin("kpi", file_name="first.csv")
    a = kpi.agents["sz-a"][0]
    upload = io.BytesIO(f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n".encode())
    upload.name = "second.csv"
    hr = client_for(kpi.users[Role.HR_ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post("/kpi/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    kpi_import = KpiImport.objects.get()
    assert kpi_import.status == KpiImport.Status.FAILED
    assert "另一个导入正在进行" in hr.get(response.url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert not KpiDay.objects.exists()


def test_an_upload_runs_once_the_other_import_has_finished(kpi, client_for, django_capture_on_commit_callbacks):
    run = import_guard.begin("kpi", file_name="first.csv")
    import_guard.finish(run, stored=True)
    a = kpi.agents["sz-a"][0]
    upload = io.BytesIO(f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n".encode())
    upload.name = "second.csv"
    with django_capture_on_commit_callbacks(execute=True):
        client_for(kpi.users[Role.HR_ADMIN]).post("/kpi/import/", {"file": upload})
    assert KpiImport.objects.get().status == KpiImport.Status.DONE
    assert ImportRun.objects.filter(kind="kpi", status=ImportRun.Status.DONE).count() == 2


def test_an_upload_by_someone_who_may_no_longer_import_fails_with_the_reason(kpi, client_for,
                                                                            django_capture_on_commit_callbacks):
    hr = kpi.users[Role.HR_ADMIN]
    a = kpi.agents["sz-a"][0]
    upload = io.BytesIO(f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n".encode())
    upload.name = "kpi.csv"
    client = client_for(hr)

    def demote():
        hr.role = Role.TRAINER
        hr.save(update_fields=["role"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/kpi/import/", {"file": upload})
    demote()
    for callback in callbacks:
        callback()
    kpi_import = KpiImport.objects.get()
    assert kpi_import.status == KpiImport.Status.FAILED and kpi_import.report["failure"]
    assert not KpiDay.objects.exists()
