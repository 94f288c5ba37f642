"""Guidance by tenure (seed 003): the new hire's 90-day skills plan, the six-month conversation, then measures."""
import datetime
import io

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level
from agentpath.development.models import OnboardingTask
from agentpath.development.services import create_onboarding_plans, record_conversation
from agentpath.org.importers import import_roster_file
from agentpath.org.services import hire_employee
from tests.factories import EmployeeFactory, UserFactory
from tests.org.conftest import csv_bytes, roster_row

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_new_hire_gets_the_90_day_skills_plan_of_seed_003(org):
    team = org.teams[0]
    level = Level.objects.get(code="mgmt-agent")
    start = TODAY - datetime.timedelta(days=10)
    hired = hire_employee(employee_no="N0001", name="新人甲", center=team.center, team=team, level=level,
                          grade=8, hire_date=start)
    tasks = {t.skill: t.due_date for t in OnboardingTask.objects.filter(employee=hired)}
    assert set(tasks) == {"phone", "service", "complaints", "stress", "product"}
    assert max(tasks.values()) == start + datetime.timedelta(days=90)
    veteran = hire_employee(employee_no="N0002", name="老员工", center=team.center, team=team, level=level,
                            grade=8, hire_date=TODAY - datetime.timedelta(days=400))  # a roster of existing staff
    assert not OnboardingTask.objects.filter(employee=veteran).exists()


def test_onboarding_plans_for_many_people_are_one_insert_and_never_doubled(org, django_assert_num_queries):
    people = [EmployeeFactory(center=org.centers[0], team=org.teams[0], hire_date=TODAY) for _ in range(30)]
    with django_assert_num_queries(1):
        assert create_onboarding_plans(people) == 150
    create_onboarding_plans(people[:5])
    assert OnboardingTask.objects.filter(employee__in=people).count() == 150


def test_at_six_months_the_leader_is_prompted_and_the_plan_then_offers_seed_003_measures(org, client_for):
    agent_record = EmployeeFactory(center=org.centers[0], team=org.teams[0], hire_date=TODAY - datetime.timedelta(days=200))
    agent = UserFactory(role=Role.AGENT, employee=agent_record)
    newcomer = EmployeeFactory(center=org.centers[0], team=org.teams[0], hire_date=TODAY - datetime.timedelta(days=20))
    create_onboarding_plans([newcomer])
    leader = org.users[Role.TEAM_LEADER]
    due = client_for(leader).get("/development/team/").content.decode().split('data-testid="direction-due"')[1]
    assert agent_record.name in due.split("</ul>")[0] and newcomer.name not in due.split("</ul>")[0]
    page = client_for(agent).get(f"/development/{agent_record.employee_no}/").content.decode()
    assert 'data-testid="direction-due"' in page and "管理性工作分派" in page and "星级服务评选" in page
    new_page = client_for(leader).get(f"/development/{newcomer.employee_no}/").content.decode()
    assert "90 天技能计划" in new_page and "投诉处理" in new_page and "星级服务评选" not in new_page

    record_conversation(leader, agent_record, "direction", "想做质检, 下季度安排轮岗")
    due = client_for(leader).get("/development/team/").content.decode().split('data-testid="direction-due"')[1]
    assert agent_record.name not in due.split("</ul>")[0]


def test_the_roster_import_gives_new_hires_their_90_day_plan_and_long_serving_staff_none(org):
    recent = (TODAY - datetime.timedelta(days=5)).isoformat()
    rows = [roster_row("N0101", 入职日期=recent), roster_row("N0102", 入职日期="2019-05-01")]
    report = import_roster_file(io.BytesIO(csv_bytes(rows)), "roster.csv")
    assert report.created == 2
    assert OnboardingTask.objects.filter(employee__employee_no="N0101").count() == 5
    assert not OnboardingTask.objects.filter(employee__employee_no="N0102").exists()
