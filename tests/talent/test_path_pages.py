"""My path page and GET /api/v1/employees/{employee_no}/path, scoped per role."""
import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Requirement, Transition
from agentpath.common.calendar import add_months
from agentpath.learning.models import Course, CourseCompletion
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(org):
    team = org.teams[0]
    emp = EmployeeFactory(center=team.center, team=team, hire_date=add_months(timezone.localdate(), -5), name="王小雨")
    UserFactory(username="xiaoyu", role=Role.AGENT, employee=emp)
    course = Course.objects.get(code="pre-job-program")
    CourseCompletion.objects.create(employee=emp, course=course, completed_on=emp.hire_date, credits=course.credits)
    return emp


def test_agent_path_api_explains_each_requirement_with_actual_and_required(client, newcomer):
    client.force_login(newcomer.user)
    data = client.get(f"/api/v1/employees/{newcomer.employee_no}/path", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert data["level"] == "mgmt-agent" and data["months_in_level"] == 5
    to_senior = next(o for o in data["options"] if o["to_level"] == "pro-senior")
    months = next(r for r in to_senior["requirements"] if r["kind"] == "min_months_in_level")
    assert months == {**months, "status": "unmet", "met": False, "actual": "5 / 6 个月", "label": "在级时长"}
    credits = next(r for r in to_senior["requirements"] if r["kind"] == "min_credits")
    assert credits["actual"] == "6 / 8 学分" and credits["status"] == "unmet"
    kpi = next(r for r in to_senior["requirements"] if r["kind"] == "min_kpi_percentile")
    assert kpi["status"] in {"unknown", "met", "unmet"}
    assert not to_senior["eligible"]


def test_path_page_shows_the_standing_and_the_unmet_rule(client, newcomer):
    client.force_login(newcomer.user)
    html = client.get("/me/path/").content.decode()
    assert "我的职业路径" in html and "在级时长" in html and "5 / 6 个月" in html
    assert "资深客服 (BUDDY)" in html  # the professional-track move is offered next to team leader
    assert "组长/领班" in html


def test_agent_cannot_read_a_colleagues_path(client, org, newcomer):
    client.force_login(newcomer.user)
    colleague = org.agents["sz-a"][0]
    assert client.get(f"/api/v1/employees/{colleague.employee_no}/path").status_code == 404
    assert client.get(f"/path/{colleague.employee_no}/").status_code == 404


def test_team_leader_reads_team_paths_but_not_other_teams(client, org, newcomer):
    client.force_login(org.users[Role.TEAM_LEADER])
    assert client.get(f"/api/v1/employees/{newcomer.employee_no}/path").status_code == 200
    other = org.agents["sz-b"][0]
    assert client.get(f"/api/v1/employees/{other.employee_no}/path").status_code == 404
    assert client.get(f"/path/{other.employee_no}/").status_code == 404


def test_english_ui_explains_the_same_rule_in_english(client, newcomer):
    client.force_login(newcomer.user)
    client.cookies["django_language"] = "en"
    html = client.get("/me/path/").content.decode()
    assert "My path" in html and "Months in level" in html and "5 / 6 months" in html


def test_path_page_query_count_does_not_grow_with_requirements(client, newcomer, queries):
    def three_courses_and_a_window_rule_more_on_each_move():
        courses = Course.objects.bulk_create(Course(code=f"extra-{n}", name=f"加修课程{n}") for n in range(3))
        moves = Transition.objects.filter(from_level=newcomer.level)
        Requirement.objects.bulk_create(
            [Requirement(transition=t, kind=Requirement.Kind.REQUIRED_COURSE, course=c) for t in moves for c in courses]
            + [Requirement(transition=t, kind=Requirement.Kind.NO_DISCIPLINE, window_months=12) for t in moves])

    client.force_login(newcomer.user)
    queries.do_not_grow(queries.page(client, "/me/path/"), grow=three_courses_and_a_window_rule_more_on_each_move)
    assert "加修课程2" in client.get("/me/path/").content.decode()
