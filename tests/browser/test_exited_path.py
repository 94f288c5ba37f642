"""Issue 11 in real Chromium: HR records an exit through the roster page, then opens the leaver's path page in
Chinese: it says the person left on that day and shows the figures of that day; the people list shows the exit
date and reason."""
import os

import pytest
from django.utils import timezone

from agentpath.common.calendar import add_months
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.models import Employee
from tests.browser.conftest import login
from tests.factories import PASSWORD, EmployeeFactory
from tests.org.conftest import HEADERS, csv_bytes, roster_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("AGENTPATH_SHOTS", "/work/shots/roster-exits")


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_hr_records_an_exit_by_roster_and_the_path_page_is_as_of_that_day_in_chinese(page, org):
    today = timezone.localdate()
    team = org.teams[0]
    person = EmployeeFactory(center=team.center, team=team, hire_date=add_months(today, -48), name="林离职")
    exit_day = add_months(today, -24)
    for code in ("pre-job-program", "complaint-handling"):
        CourseCompletion.objects.create(employee=person, course=Course.objects.get(code=code),
                                        completed_on=add_months(exit_day, -3), credits=4)
    row = roster_row(person.employee_no, 姓名=person.name, 中心="sz", 团队=team.code, 职位=person.position.code,
                     职级=person.level.code, 职等=str(person.grade), 入职日期=person.hire_date.isoformat(), 状态="离职",
                     手机=person.phone, 身份证号=person.id_number, 邮箱="")
    row.update({"离职日期": exit_day.isoformat(), "离职类型": "主动", "离职原因": "family"})

    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/people/import/")
    page.set_input_files("#id_file", files=[{"name": "离职名单.csv", "mimeType": "text/csv",
                                             "buffer": csv_bytes([row], [*HEADERS, "离职日期", "离职类型", "离职原因"])}])
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_load_state("networkidle")
    assert Employee.objects.get(pk=person.pk).exit_date == exit_day

    page.goto(page.base_url + f"/path/{person.employee_no}/")
    notice = page.locator("[data-testid=left-on]").inner_text()
    assert f"林离职 已于 {exit_day.year}年{exit_day.month}月{exit_day.day}日 离职" in notice
    assert page.locator("[data-testid=months-in-level]").inner_text() == "24 个月"
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "24 / 6 个月" in body and "8 / 8 学分" in body and "0 / 8 学分" not in body
    shot(page, "leaver-path-zh")

    page.goto(page.base_url + "/people/?status=exited")
    table = page.locator("#employee-table").inner_text()
    assert "林离职" in table and exit_day.isoformat() in table and "主动离职：家庭原因" in table
    shot(page, "people-exited-zh")
