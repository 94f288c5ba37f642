"""The growth file shows enrolments with stage results, the credits ledger and attendance."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agentpath.learning.models import Enrolment, Program
from agentpath.learning.services import (
    enrol,
    mark_attendance,
    record_stage_result,
    schedule_recurring_sessions,
)

pytestmark = pytest.mark.django_db


def test_growth_tab_shows_program_progress_credits_ledger_and_attendance(org, catalogue, client_for):
    agent = org.agents["sz-a"][0]
    enrolment = enrol(agent, Program.objects.get(code="pre-job"), kind=Enrolment.Kind.ASSIGNED, reason="新员工入职")
    stages = list(enrolment.program.stages.order_by("order"))
    record_stage_result(enrolment, stages[0], Decimal(50), on=datetime.date(2026, 9, 1))
    for stage in stages:
        record_stage_result(enrolment, stage, Decimal(88), on=datetime.date(2026, 9, 2))
    schedule_recurring_sessions([org.teams[0]], timezone.localdate(), timezone.localdate())
    session = agent.attendances.first().session
    mark_attendance(session, agent, "late", org.users["team_leader"])
    page = client_for(org.users["team_leader"]).get(f"/people/{agent.employee_no}/?tab=growth",
                                                     HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "新员工入职" in page
    assert "未通过(50.0)" in page and "通过(88.0)" in page
    assert "学分台账" in page
    assert "0 出席,1 迟到" in page


def test_team_leader_finds_the_attendance_sheet_from_my_courses(org, client_for):
    page = client_for(org.users["team_leader"]).get("/training/me/").content.decode()
    assert "/training/teams/sz-a/attendance/" in page
