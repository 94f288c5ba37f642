"""At most one import of a kind and center runs at a time, and none stays "running" when it did not finish."""
import datetime
import subprocess

import pytest
from django.utils import timezone, translation

from agentpath.accounts.models import Role
from agentpath.common import import_guard
from agentpath.common.import_guard import ImportBusy, begin, close_stale, finish, guarded
from agentpath.common.models import ImportRun

pytestmark = pytest.mark.django_db


def test_a_second_import_of_the_same_kind_is_refused_as_busy_in_chinese():
    begin("roster", file_name="first.xlsx")
    with translation.override("zh-hans"), pytest.raises(ImportBusy) as busy:
        begin("roster", file_name="second.xlsx")
    assert "另一个导入正在进行" in str(busy.value)
    assert "first.xlsx" in str(busy.value)


def test_imports_of_other_kinds_or_other_centers_run_side_by_side():
    begin("kpi", center="sz")
    begin("kpi", center="gz")
    begin("roster")
    assert ImportRun.objects.filter(status="running").count() == 3


def test_an_all_centers_import_and_a_one_center_import_of_the_same_kind_do_not_overlap():
    begin("kpi", center="sz")
    with pytest.raises(ImportBusy):
        begin("kpi")
    finish(ImportRun.objects.get(center="sz"), stored=True)
    begin("kpi")
    with pytest.raises(ImportBusy):
        begin("kpi", center="gz")


def test_a_finished_import_frees_its_kind():
    run = begin("roster")
    finish(run, stored=False, rows_read=3, error_count=2)
    assert ImportRun.objects.get(pk=run.pk).status == "rejected"
    begin("roster")


def test_an_import_that_raises_is_marked_failed_with_its_reason():
    with pytest.raises(MemoryError), guarded("roster", file_name="bomb.xlsx"):
        raise MemoryError("out of memory")
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert "MemoryError" in run.reason and run.finished_at is not None


def test_a_running_import_whose_process_died_is_closed_and_frees_its_kind():
    dead = subprocess.Popen(["true"])
    dead.wait()
    ImportRun.objects.create(kind="roster", host=import_guard.HOST, pid=dead.pid, file_name="crashed.csv")
    with translation.override("zh-hans"):
        run = begin("roster")
    crashed = ImportRun.objects.get(file_name="crashed.csv")
    assert crashed.status == "failed" and crashed.finished_at is not None
    assert str(dead.pid) in crashed.reason
    assert run.status == "running"


def test_a_run_far_older_than_any_import_is_closed_even_from_another_host():
    ImportRun.objects.create(kind="roster", host="elsewhere", pid=1,
                             started_at=timezone.now() - import_guard.MAX_RUN - datetime.timedelta(minutes=1))
    assert [r.host for r in close_stale()] == ["elsewhere"]
    assert ImportRun.objects.get().status == "failed"


def test_a_live_import_is_not_closed_as_stale():
    run = begin("roster")
    assert close_stale() == []
    assert ImportRun.objects.get(pk=run.pk).status == "running"


def test_hr_sees_every_import_run_in_the_admin_and_dead_ones_as_failed(org, client):
    dead = subprocess.Popen(["true"])
    dead.wait()
    ImportRun.objects.create(kind="roster", host=import_guard.HOST, pid=dead.pid, file_name="crashed.csv")
    client.force_login(org.users[Role.HR_ADMIN])

    response = client.get("/admin/common/importrun/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200 and "crashed.csv" in response.content.decode()
    assert ImportRun.objects.get().status == "failed"
