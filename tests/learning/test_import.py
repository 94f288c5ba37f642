"""Completions and attendance from CSV/XLSX with the row report; re-import changes nothing."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from agentpath.learning.models import Attendance, CourseCompletion
from agentpath.learning.services import schedule_recurring_sessions

pytestmark = pytest.mark.django_db


def test_completions_import_is_idempotent_and_counts_credits(org, catalogue, tmp_path, capsys):
    agent = org.agents["sz-a"][0]
    path = tmp_path / "done.csv"
    path.write_text(f"工号,课程代码,完成日期,成绩\n{agent.employee_no},complaint-handling,2026-07-01,86\n",
                    encoding="utf-8")
    call_command("import", "completions", str(path))
    completion = CourseCompletion.objects.get(employee=agent)
    assert (completion.course.code, completion.credits, completion.score) == ("complaint-handling", 2, 86)
    call_command("import", "completions", str(path))
    assert CourseCompletion.objects.filter(employee=agent).count() == 1
    assert "新建 0,更新 0,未变 1" in capsys.readouterr().out


def test_a_bad_row_names_line_column_and_value_and_stores_nothing(org, catalogue, client_for):
    agent = org.agents["sz-a"][0]
    text = f"employee_no,course,completed_on\n{agent.employee_no},complaint-handling,2026-07-01\n" \
           f"{agent.employee_no},no-such-course,2026-07-02\n"
    page = client_for(org.users["hr_admin"]).post("/training/import/", {
        "kind": "completions", "file": SimpleUploadedFile("c.csv", text.encode())}, HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "no-such-course" in body and '<td class="text-end">3</td>' in body
    assert not CourseCompletion.objects.exists()


def test_attendance_import_marks_the_teams_session_of_that_day(org, catalogue, tmp_path):
    day = datetime.date(2026, 11, 16)
    schedule_recurring_sessions([org.teams[0]], day, day)
    agent = org.agents["sz-a"][1]
    path = tmp_path / "att.csv"
    path.write_text(f"工号,日期,培训类型,考勤\n{agent.employee_no},2026-11-16,晨会,迟到\n", encoding="utf-8")
    call_command("import", "attendance", str(path))
    assert Attendance.objects.get(employee=agent, event__date=day).status == "late"
