"""Issue 11 defects seen in the HTML: a position named like its level is shown once, the admin's history and
background-task pages speak Chinese."""
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Requirement
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_agent_whose_position_bears_the_level_name_is_shown_once_in_the_page_headers(client, org):
    agent = org.agents["sz-a"][0]
    assert agent.position.name == agent.level.name == "客服代表"
    client.force_login(org.users[Role.HR_ADMIN])
    files = text(client.get(f"/people/{agent.employee_no}/", **ZH).content.decode())
    assert "客服代表 · 客服代表" not in files and "深圳A组 · 客服代表 · 职等" in files
    path = client.get(f"/path/{agent.employee_no}/", **ZH).content.decode()
    standing = text(path[path.index('id="standing"'):path.index("</h2>")])
    assert standing.count("客服代表") == 1


def test_position_with_its_own_name_is_still_shown_beside_the_level(client, org):
    senior = Level.objects.get(code="cola-senior")
    lead = EmployeeFactory(center=org.centers[0], team=org.teams[0], level=senior,
                           position=senior.positions.get(code="cola-senior-cs-lead"))
    client.force_login(org.users[Role.HR_ADMIN])
    files = text(client.get(f"/people/{lead.employee_no}/", **ZH).content.decode())
    assert "客服组长 · 高级专员 · 职等" in files


def test_admin_history_page_is_in_chinese_and_an_empty_reason_is_said_in_words(client, org):
    requirement = Requirement.objects.filter(transition__isnull=False).first()
    requirement.value += 1
    requirement.save()  # a change without a reason
    client.force_login(org.users[Role.HR_ADMIN])
    html = client.get(f"/admin/careers/requirement/{requirement.pk}/history/", **ZH).content.decode()
    table = html[html.index('id="change-history"'):]
    header = text(table[:table.index("</thead>")])
    assert "变更内容" in header and "Changes" not in header and "修改原因" in header
    body = text(table[table.index("<tbody>"):table.index("</tbody>")])
    assert "未填写原因" in body and "None" not in body


def test_admin_background_task_results_are_in_chinese(client, org, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's backend
    DBTaskResult.objects.create(task_path="agentpath.org.tasks.apply_scheduled_moves_daily", args_kwargs={"args": [], "kwargs": {}},
                                backend_name="default", run_after=timezone.now(), status="FAILED",
                                exception_class_path="ValueError", traceback="Traceback …")
    client.force_login(org.users[Role.HR_ADMIN])
    user = org.users[Role.HR_ADMIN]
    user.is_superuser = True  # the task results are visible to superusers (django-tasks-db's permissions)
    user.save()
    index = text(client.get("/admin/", **ZH).content.decode())
    assert "后台任务" in index and "Tasks Database Backend" not in index and "Task Results" not in index
    listing = client.get("/admin/django_tasks_database/dbtaskresult/", **ZH)
    assert listing.status_code == 200
    page = text(listing.content.decode())
    for chinese in ("后台任务记录", "任务", "状态", "排队时间", "开始时间", "完成时间", "优先级", "队列名称", "失败"):
        assert chinese in page, chinese
    for english in ("Task name", "Enqueued at", "Priority", "Queue name", "FAILED", "Failed"):
        assert english not in page, english


def test_level_page_has_a_plain_title_and_one_trail_of_breadcrumbs_naming_the_level(client, org):
    client.force_login(org.users[Role.HR_ADMIN])
    html = client.get("/careers/levels/mgmt-agent/", **ZH).content.decode()
    assert "<title>客服代表 · 坐席职途</title>" in html
    assert html.count('<ol class="breadcrumb') == 1
    crumbs = text(html[html.index('data-testid="breadcrumbs"'):html.index("</ol>")])
    assert "首页 职业发展路线图 管理条线 客服代表" in crumbs and "mgmt-agent" not in crumbs
