"""The three files of one person (profile, growth, performance) on one page."""
import datetime

import pytest

from agentpath.accounts.models import Role
from agentpath.careers.models import Level
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.services import record_move
from agentpath.portal.files import employee_files

pytestmark = pytest.mark.django_db


def test_three_tabs_show_profile_growth_and_performance(client, org):
    agent = org.agents["sz-a"][0]
    c = Course.objects.get(code="complaint-handling")
    CourseCompletion.objects.create(employee=agent, course=c, completed_on=datetime.date(2026, 3, 2), credits=c.credits)
    record_move(agent, kind="promotion", effective_date=datetime.date(2026, 4, 1),
                level=Level.objects.get(code="pro-senior"), grade=7, cause="季度晋升评审")
    client.force_login(org.users[Role.HR_ADMIN])
    html = client.get(f"/people/{agent.employee_no}/").content.decode()
    for text in ("基本档案", "成长档案", "绩效档案", "投诉处理技巧", "季度晋升评审", "资深客服 (BUDDY)"):
        assert text in html, text


def test_phone_and_id_number_are_masked_for_a_team_leader_but_not_for_hr(client, org):
    agent = org.agents["sz-a"][1]
    client.force_login(org.users[Role.TEAM_LEADER])
    html = client.get(f"/people/{agent.employee_no}/").content.decode()
    assert "13812345678" not in html and "138******78" in html
    assert "440301199001011234" not in html
    client.force_login(org.users[Role.HR_ADMIN])
    html = client.get(f"/people/{agent.employee_no}/").content.decode()
    assert "13812345678" in html and "440301199001011234" in html


def test_an_agent_sees_their_own_contact_data_unmasked(client, org):
    client.force_login(org.users[Role.AGENT])
    html = client.get(f"/people/{org.users[Role.AGENT].employee.employee_no}/").content.decode()
    assert "13812345678" in html


def test_out_of_scope_file_is_404(client, org):
    client.force_login(org.users[Role.CENTER_MANAGER])  # serves the sz center only
    assert client.get(f"/people/{org.agents['gz-a'][0].employee_no}/").status_code == 404
    assert client.get(f"/people/{org.agents['sz-b'][0].employee_no}/").status_code == 200


def test_credits_of_the_last_12_months_are_calendar_months_not_365_days(org):
    """As of 1 March 2024 (a leap year) the last 12 months start after 1 March 2023: 2 March 2023 is inside,
    although it is 365 days back."""
    agent = org.agents["sz-a"][0]
    c = Course.objects.get(code="complaint-handling")
    CourseCompletion.objects.create(employee=agent, course=c, completed_on=datetime.date(2023, 3, 2), credits=c.credits)
    CourseCompletion.objects.create(employee=agent, course=c, completed_on=datetime.date(2023, 3, 1), credits=c.credits)
    files = employee_files(org.users[Role.HR_ADMIN], agent.employee_no, datetime.date(2024, 3, 1))
    assert (files["credits_12m"], files["total_credits"]) == (c.credits, 2 * c.credits)
