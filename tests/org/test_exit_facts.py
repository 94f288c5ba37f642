"""Exits as data (C11, issue 21): type, reason, last working day, regretted, interview notes — written by the
roster import, the admin, HR's exit form and the API through services.record_exit; notes seen by HR only."""
import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agentpath.accounts.models import Role
from agentpath.common.errors import Conflict, Invalid
from agentpath.org.models import Employee, EmploymentEvent, ExitReason, ExitRecord
from agentpath.org.services import record_exit

from .conftest import csv_bytes, roster_row

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 30)


def test_hr_records_an_exit_with_interview_notes_through_the_form(org, client_for):
    agent = org.agents["sz-a"][1]
    client = client_for(org.users[Role.HR_ADMIN])
    url = reverse("org:record-exit", args=[agent.employee_no])
    response = client.post(url, {"effective_date": "2026-06-30", "last_working_day": "2026-06-28",
                                 "exit_type": "voluntary", "reason": ExitReason.objects.get(code="shifts").pk,
                                 "regretted": "yes", "interview_notes": "夜班太多，组长排班不公"})
    assert response.status_code == 302
    record = ExitRecord.objects.get(event__employee=agent)
    assert (record.exit_type, record.reason.code, record.last_working_day, record.regretted,
            record.interview_notes) == ("voluntary", "shifts", datetime.date(2026, 6, 28), True, "夜班太多，组长排班不公")
    assert record.event.cause == "主动离职: 不适应倒班与夜班"  # the people list and the export read alike
    agent.refresh_from_db()
    assert (agent.status, agent.exit_date) == (Employee.Status.EXITED, DAY)


def test_the_form_shows_the_rule_a_contradiction_breaks(org, client_for):
    agent = org.agents["sz-a"][1]
    client = client_for(org.users[Role.HR_ADMIN])
    response = client.post(reverse("org:record-exit", args=[agent.employee_no]), {
        "effective_date": "2026-06-30", "last_working_day": "2026-07-02", "exit_type": "voluntary",
        "reason": ExitReason.objects.get(code="shifts").pk, "regretted": "", "interview_notes": ""},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "The last working day 2026-07-02 is after the exit date 2026-06-30." in response.content.decode()
    assert not EmploymentEvent.objects.filter(employee=agent, kind="exit").exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER])
def test_only_hr_reaches_the_exit_form(org, client_for, role):
    agent = org.agents["sz-a"][1]
    assert client_for(org.users[role]).get(reverse("org:record-exit", args=[agent.employee_no])).status_code == 404


def test_a_reason_of_the_other_type_is_refused_and_nothing_is_recorded(org):
    agent = org.agents["sz-a"][1]
    with pytest.raises(Invalid) as refused:
        record_exit(agent, effective_date=DAY, exit_type="voluntary", reason="misconduct")
    assert refused.value.code == "reason_of_other_type"
    assert not EmploymentEvent.objects.filter(employee=agent, kind="exit").exists()


def test_a_second_exit_of_the_same_person_is_refused(org):
    agent = org.agents["sz-a"][1]
    record_exit(agent, effective_date=DAY, exit_type="voluntary", reason="pay")
    with pytest.raises(Conflict) as refused:
        record_exit(agent, effective_date=DAY, exit_type="voluntary", reason="family")
    assert refused.value.code == "already_exited"
    assert ExitRecord.objects.get(event__employee=agent).reason.code == "pay"


def test_the_api_records_an_exit_and_only_hr_reads_it(org, csrf_client):
    agent = org.agents["sz-a"][0]  # the agent user's own record
    csrf_client.force_login(org.users[Role.HR_ADMIN])
    csrf_client.get(reverse("org:employee-list"))
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(f"/api/v1/employees/{agent.employee_no}/exit", json.dumps({
        "effective_date": "2026-06-30", "exit_type": "involuntary", "reason": "绩效考核末位淘汰",
        "regretted": False, "interview_notes": "对考核结果有异议"}), content_type="application/json",
        HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["exit_type"], body["reason"], body["regretted"], body["interview_notes"]) == (
        "involuntary", "performance", False, "对考核结果有异议")
    assert csrf_client.get(f"/api/v1/employees/{agent.employee_no}/exit").json()["interview_notes"] == "对考核结果有异议"
    for role in (Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.TRAINER, Role.QA):  # they see the person, not this
        csrf_client.force_login(org.users[role])
        assert csrf_client.get(f"/api/v1/employees/{agent.employee_no}/exit").status_code == 404


def test_the_api_answers_a_contradiction_with_its_code(org, csrf_client):
    agent = org.agents["sz-a"][1]
    csrf_client.force_login(org.users[Role.HR_ADMIN])
    csrf_client.get(reverse("org:employee-list"))
    response = csrf_client.post(f"/api/v1/employees/{agent.employee_no}/exit", json.dumps({
        "effective_date": "2026-06-30", "exit_type": "voluntary", "reason": "misconduct"}),
        content_type="application/json", HTTP_X_CSRFTOKEN=csrf_client.cookies["csrftoken"].value)
    assert response.status_code == 422
    assert response.json()["code"] == "reason_of_other_type"


def test_the_roster_import_writes_the_exit_facts(org, client_for):
    client = client_for(org.users[Role.HR_ADMIN])
    headers = ["工号", "姓名", "中心", "团队", "职位", "职级", "职等", "入职日期", "状态", "离职日期", "离职类型",
               "离职原因"]
    row = roster_row("N0100", 状态="离职", 离职日期="2026-05-31", 离职类型="主动", 离职原因="family")
    upload = csv_bytes([row], headers=headers)
    response = client.post(reverse("org:roster-import"), {"file": SimpleUploadedFile("r.csv", upload)})
    assert response.status_code == 200
    record = ExitRecord.objects.get(event__employee__employee_no="N0100")
    assert (record.exit_type, record.reason.code) == ("voluntary", "family")


def test_hr_corrects_an_exit_in_the_admin(org, client_for):
    agent = org.agents["sz-a"][1]
    record_exit(agent, effective_date=DAY, cause="主动离职: 薪资待遇")
    record = ExitRecord.objects.get(event__employee=agent)
    hr = org.users[Role.HR_ADMIN]
    hr.is_staff = True
    hr.save()
    client = client_for(hr)
    response = client.post(reverse("admin:org_exitrecord_change", args=[record.pk]), {
        "exit_type": "voluntary", "reason": ExitReason.objects.get(code="new_job").pk, "last_working_day": "",
        "regretted": "true", "interview_notes": "去了同行"})
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert (record.reason.code, record.regretted, record.interview_notes) == ("new_job", True, "去了同行")
    assert record.event.cause == "主动离职: 找到其他工作"


def test_a_person_leaving_later_reads_their_exit_without_the_interview_notes(org, client_for):
    agent = org.agents["sz-a"][0]  # the agent user's own record; still working until the exit's date
    record_exit(agent, effective_date=datetime.date.today() + datetime.timedelta(days=30), exit_type="voluntary",
                reason="study", interview_notes="想考研，也嫌排班乱")
    body = client_for(org.users[Role.AGENT]).get(f"/api/v1/employees/{agent.employee_no}/exit").json()
    assert (body["reason"], body["reason_word"], body["interview_notes"]) == ("study", "继续深造", None)


def test_hr_finds_the_exit_form_on_the_persons_page_and_a_leader_does_not(org, client_for):
    agent = org.agents["sz-a"][1]
    url = reverse("org:employee-detail", args=[agent.employee_no])
    form = reverse("org:record-exit", args=[agent.employee_no])
    assert form in client_for(org.users[Role.HR_ADMIN]).get(url).content.decode()
    assert form not in client_for(org.users[Role.TEAM_LEADER]).get(url).content.decode()
