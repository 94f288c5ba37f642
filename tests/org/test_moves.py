"""Moves as the history records them: future dates wait for their day, a level brings its own position,
and months in level count the stay in the level, whatever the kind of move that kept it."""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Level, Position
from agentpath.common.calendar import add_months
from agentpath.org.importers import import_roster
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.org.services import apply_scheduled_moves, cancel_scheduled_move, hire_employee, record_move
from agentpath.portal.files import employee_files
from tests.factories import EmployeeFactory
from tests.org.conftest import HEADERS, roster_row

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def files(org, employee, today):
    return employee_files(org.users[Role.HR_ADMIN], employee.employee_no, today)


def test_future_dated_move_takes_effect_on_its_date(org):
    agent = org.agents["sz-a"][0]  # hired 2024-01-15 as mgmt-agent
    senior = Level.objects.get(code="pro-senior")
    effective = datetime.date(2026, 12, 1)
    event = record_move(agent, kind="promotion", effective_date=effective, level=senior, grade=7, today=TODAY)

    agent.refresh_from_db()
    assert event.scheduled and agent.level.code == "mgmt-agent"
    before = files(org, agent, TODAY)
    assert (before["employee"].level.code, before["months_in_level"]) == ("mgmt-agent", 34)
    on_the_day = files(org, agent, effective)
    assert on_the_day["months_in_level"] == 0 and on_the_day["employee"].level_on == senior.id

    assert apply_scheduled_moves(TODAY) == 0  # not yet
    assert apply_scheduled_moves(effective) == 1
    agent.refresh_from_db()
    assert (agent.level, agent.grade, agent.position) == (senior, 7, None)
    assert not EmploymentEvent.objects.get(pk=event.pk).scheduled
    assert agent.history.first().level == senior  # the change is in the audit trail


def test_the_command_applies_the_moves_due_by_today(org):
    agent = org.agents["sz-a"][1]
    record_move(agent, kind="team_change", effective_date=datetime.date(2026, 12, 1), team=org.teams[2], today=TODAY)
    call_command("apply-scheduled-moves", "--date", "2026-12-02", stdout=open("/dev/null", "w"))
    agent.refresh_from_db()
    assert (agent.team, agent.center) == (org.teams[2], org.centers[1])


def test_a_move_dated_before_a_scheduled_one_is_refused(org):
    agent = org.agents["sz-a"][0]
    record_move(agent, kind="grade_step", effective_date=datetime.date(2027, 1, 1), grade=7, today=TODAY)
    with pytest.raises(ValidationError, match="2027-01-01"):
        record_move(agent, kind="team_change", effective_date=TODAY, team=org.teams[1], today=TODAY)


def test_promotion_into_f1_does_not_keep_the_customer_service_position(framework):
    rep, f1 = Level.objects.get(code="cola-rep"), Level.objects.get(code="cola-f1")
    person = EmployeeFactory(level=rep, position=Position.objects.get(code="cola-rep-cs"), grade=8)
    event = record_move(person, kind="promotion", effective_date=datetime.date(2026, 4, 1), level=f1, grade=8)
    person.refresh_from_db()
    assert (person.level, person.position, event.from_position.code, event.to_position) == (f1, None, "cola-rep-cs",
                                                                                            None)


def test_the_files_page_says_no_position(client, framework, org):
    f1 = Level.objects.get(code="cola-f1")
    agent = org.agents["sz-a"][0]
    record_move(agent, kind="lateral", effective_date=datetime.date(2026, 4, 1), level=f1, grade=8)
    client.force_login(org.users[Role.HR_ADMIN])
    html = client.get(f"/people/{agent.employee_no}/").content.decode()
    assert '<td data-testid="position">无岗位</td>' in html


def test_a_position_of_another_level_is_refused(framework):
    rep, f1 = Level.objects.get(code="cola-rep"), Level.objects.get(code="cola-f1")
    person = EmployeeFactory(level=rep, position=Position.objects.get(code="cola-rep-cs"), grade=8)
    with pytest.raises(ValidationError, match="账务专员"):
        record_move(person, kind="promotion", effective_date=datetime.date(2026, 4, 1), level=f1, grade=8,
                    position=Position.objects.get(code="cola-rep-billing"))


def test_a_lateral_move_within_the_same_level_keeps_months_in_level(org, framework):
    rep = Level.objects.get(code="cola-rep")
    person = EmployeeFactory(level=rep, position=Position.objects.get(code="cola-rep-cs"), grade=8,
                             hire_date=datetime.date(2025, 1, 10), center=org.centers[0], team=org.teams[0])
    record_move(person, kind="lateral", effective_date=datetime.date(2026, 9, 1),
                position=Position.objects.get(code="cola-rep-hdqa"), cause="客服 → HD/QA")
    assert files(org, person, TODAY)["months_in_level"] == 22


def test_the_roster_import_and_a_lateral_move_count_months_in_level_alike(org, framework):
    """The same change of position at one level, once as a lateral decision and once from a roster file."""
    rep = Level.objects.get(code="cola-rep")
    by_decision, by_file = (EmployeeFactory(level=rep, position=Position.objects.get(code="cola-rep-cs"), grade=8,
                                            hire_date=datetime.date(2025, 1, 10), center=org.centers[0],
                                            team=org.teams[0]) for _ in range(2))
    record_move(by_decision, kind="lateral", effective_date=datetime.date(2026, 9, 1),
                position=Position.objects.get(code="cola-rep-hdqa"))
    row = roster_row(by_file.employee_no, 姓名=by_file.name, 职位="cola-rep-hdqa", 职级="cola-rep", 职等="8",
                     入职日期="2025-01-10")
    report = import_roster(HEADERS, [(2, row)])
    assert report.updated == 1, report.errors
    assert EmploymentEvent.objects.filter(employee=by_file, kind="rotation").exists()
    assert files(org, by_decision, TODAY)["months_in_level"] == files(org, by_file, TODAY)["months_in_level"] == 22


def test_a_reorg_in_the_roster_records_the_center_change(org):
    agent = org.agents["sz-a"][0]
    row = roster_row(agent.employee_no, 姓名=agent.name, 中心="gz", 团队="gz-a", 入职日期="2024-01-15",
                     职等=str(agent.grade))
    report = import_roster(HEADERS, [(2, row)])
    assert report.updated == 1, report.errors
    event = EmploymentEvent.objects.get(employee=agent, kind="team_change")
    assert (event.from_center, event.to_center) == (org.centers[0], org.centers[1])
    assert Employee.objects.get(pk=agent.pk).center == org.centers[1]


def test_the_admin_refuses_a_position_of_another_level(client, framework, org):
    agent = org.agents["sz-a"][0]
    agent.position = Position.objects.get(code="cola-rep-cs")
    with pytest.raises(ValidationError, match="cola-rep|代表|客服专员"):
        agent.full_clean()
    client.force_login(org.users[Role.HR_ADMIN])
    assert client.get("/admin/org/leaveperiod/").status_code == 200
    assert client.get(f"/admin/org/employee/{agent.pk}/change/").status_code == 200


def test_a_hire_refuses_a_position_of_another_level(org):
    with pytest.raises(ValidationError, match="客服专员"):
        hire_employee(employee_no="N9", name="新人", center=org.centers[0], team=org.teams[0],
                      level=Level.objects.get(code="mgmt-agent"), grade=8, hire_date=TODAY,
                      position=Position.objects.get(code="cola-rep-cs"))


def test_someone_hired_from_next_month_has_no_months_in_level_yet(client, org):
    newcomer = hire_employee(employee_no="N10", name="新人", center=org.centers[0], team=org.teams[0],
                             level=Level.objects.get(code="mgmt-agent"), grade=8,
                             hire_date=add_months(timezone.localdate(), 1))
    hr = org.users[Role.HR_ADMIN]
    client.force_login(hr)
    page = client.get(f"/people/{newcomer.employee_no}/")
    assert page.status_code == 200 and "无职级记录" in page.content.decode()
    _token, key = ApiToken.issue(hr)
    body = client.get(f"/api/v1/employees/{newcomer.employee_no}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert (body["months_in_level"], body["tenure_months"]) == (None, 0)


def test_the_daily_run_is_queued_once_for_the_worker(framework, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for _ in range(2):
        call_command("apply-scheduled-moves", "--daily", stdout=io.StringIO())
    queued = DBTaskResult.objects.filter(task_path="agentpath.org.tasks.apply_scheduled_moves_daily")

    assert queued.count() == 1
    assert timezone.localtime(queued.get().run_after).time() == datetime.time(0, 0, 5)


def test_a_scheduled_move_can_be_cancelled_before_its_date_but_not_after(org):
    agent = org.agents["sz-a"][0]
    event = record_move(agent, kind="grade_step", effective_date=datetime.date(2027, 1, 1), grade=7, today=TODAY)
    cancel_scheduled_move(event)
    assert not EmploymentEvent.objects.filter(pk=event.pk).exists()
    done = record_move(agent, kind="grade_step", effective_date=TODAY, grade=7, today=TODAY)
    with pytest.raises(ValidationError):
        cancel_scheduled_move(done)


def test_hr_cancels_a_scheduled_move_in_the_admin(client, org):
    agent = org.agents["sz-a"][0]
    event = record_move(agent, kind="grade_step", effective_date=datetime.date(2027, 1, 1), grade=7, today=TODAY)
    client.force_login(org.users[Role.HR_ADMIN])
    response = client.post("/admin/org/employmentevent/", {"action": "cancel_scheduled", "_selected_action": [event.pk]})
    assert response.status_code == 302 and not EmploymentEvent.objects.filter(pk=event.pk).exists()
