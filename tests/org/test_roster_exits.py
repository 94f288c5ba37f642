"""Issue 11: the roster records departures (离职日期, 离职类型, 离职原因) as exit events, once; phone, ID number and
education are checked; a renamed file says in Chinese that it is no workbook; the people list and its export
carry the exit date and, for those who may see it, the reason."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agentpath.accounts.models import ApiToken, Role
from agentpath.common.spreadsheets import UploadRejected
from agentpath.org.importers import import_roster_path, import_roster_upload
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.org.services import record_exit

from .conftest import HEADERS, csv_bytes, roster_row

pytestmark = pytest.mark.usefixtures("english")
EXIT_HEADERS = [*HEADERS, "离职日期", "离职类型", "离职原因"]


def row_of(person, **changes):
    """The roster row that states `person` as stored, with `changes`."""
    row = roster_row(person.employee_no, 姓名=person.name, 中心=person.center.code, 团队=person.team.code,
                     职位=person.position.code if person.position else "", 职级=person.level.code,
                     职等=str(person.grade), 入职日期=person.hire_date.isoformat(), 学历="", 状态="",
                     手机=person.phone, 身份证号=person.id_number, 邮箱="")
    row.update(changes)
    return row


def write(tmp_path, rows, name="roster.csv", headers=EXIT_HEADERS):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, headers))
    return path


def only_error(report):
    assert not report.stored
    assert len(report.errors) == 1, [e.as_dict() for e in report.errors]
    return report.errors[0]


# ------------------------------------------------------------------------------------------------ exits

def test_an_exit_date_type_and_reason_become_one_exit_event_and_a_reimport_changes_nothing(org, tmp_path):
    person = org.agents["sz-a"][1]
    path = write(tmp_path, [row_of(person, 离职日期="2025-06-30", 状态="离职", 离职类型="主动", 离职原因="family")])

    first = import_roster_path(path)
    events = EmploymentEvent.objects.count()
    history = Employee.history.count()
    second = import_roster_path(path)

    assert first.stored and (first.updated, first.exits) == (1, 1), [e.as_dict() for e in first.errors]
    person.refresh_from_db()
    assert (person.status, person.exit_date) == ("exited", datetime.date(2025, 6, 30))
    exit_event = person.events.get(kind="exit")
    assert (exit_event.effective_date, exit_event.cause) == (datetime.date(2025, 6, 30), "主动离职: 家庭原因")
    assert (second.stored, second.updated, second.unchanged, second.exits) == (True, 0, 1, 0)
    assert (EmploymentEvent.objects.count(), Employee.history.count()) == (events, history)


def test_an_exit_date_alone_means_the_person_left_and_english_headers_are_accepted(org, tmp_path):
    person = org.agents["sz-b"][0]
    headers = [*HEADERS, "exit_date", "exit_type", "exit_reason"]
    row = row_of(person)
    row.update({"exit_date": "2025/01/31", "exit_type": "involuntary", "exit_reason": "probation"})

    report = import_roster_path(write(tmp_path, [row], headers=headers))

    assert report.stored and report.exits == 1, [e.as_dict() for e in report.errors]
    person.refresh_from_db()
    assert person.status == "exited" and person.events.get(kind="exit").cause == "被动离职: 试用期考核未通过"


def test_a_new_person_who_left_is_hired_then_exited_and_a_reimport_changes_nothing(org, tmp_path):
    path = write(tmp_path, [roster_row("N0700", 状态="离职", 离职日期="2025-02-28", 离职原因="pay")])

    first = import_roster_path(path)
    second = import_roster_path(path)

    assert (first.created, first.exits) == (1, 1), [e.as_dict() for e in first.errors]
    person = Employee.objects.get(employee_no="N0700")
    assert [(e.kind, e.effective_date) for e in person.events.order_by("effective_date")] == [
        ("hire", datetime.date(2024, 3, 1)), ("exit", datetime.date(2025, 2, 28))]
    assert (person.status, person.exit_date) == ("exited", datetime.date(2025, 2, 28))
    assert person.events.get(kind="exit").cause == "主动离职: 薪资待遇"
    assert (second.created, second.updated, second.unchanged, second.exits) == (0, 0, 1, 0)
    assert person.events.count() == 2


def test_a_reimport_may_add_the_reason_to_a_recorded_exit_but_never_a_second_exit(org, tmp_path):
    person = org.agents["sz-a"][2]
    record_exit(person, effective_date=datetime.date(2025, 5, 1), cause="roster import")

    report = import_roster_path(write(tmp_path, [row_of(person, 状态="离职", 离职日期="2025-05-01",
                                                        离职类型="被动离职", 离职原因="performance")]))

    assert report.stored and (report.updated, report.exits) == (1, 0), [e.as_dict() for e in report.errors]
    assert [e.cause for e in person.events.filter(kind="exit")] == ["被动离职: 绩效考核末位淘汰"]


BAD_EXITS = [
    # (changes, column, value, words of the reason)
    ({"离职日期": "2023-12-31", "状态": "离职"}, "离职日期", "2023-12-31",
     ["before the hire date 2024-01-15", "on or after the hire date"]),
    ({"离职日期": "2025-06-30", "离职原因": "bored"}, "离职原因", "bored",
     ["Unknown exit reason code", "career (职业发展)", "family (家庭原因)", "probation (试用期考核未通过)"]),
    ({"离职日期": "2025-06-30", "状态": "在职"}, "离职日期", "2025-06-30",
     ["goes with the status 离职", "says 在职", "Accepted"]),
    ({"离职日期": "2025-06-30", "离职类型": "maybe"}, "离职类型", "maybe",
     ["Unknown exit type", "主动/voluntary", "被动/involuntary"]),
    ({"离职日期": "2025-06-30", "离职类型": "主动", "离职原因": "probation"}, "离职原因", "probation",
     ["is a reason for a Involuntary exit", "Accepted with Voluntary", "family"]),
    ({"离职日期": "30.06.2025"}, "离职日期", "30.06.2025", ["Not a date", "YYYY-MM-DD"]),
    ({"离职原因": "family"}, "离职原因", "family", ["belongs to someone who left", "离职日期"]),
]


@pytest.mark.parametrize(("changes", "column", "value", "words"), BAD_EXITS,
                         ids=[f"{c}={v}" for _ch, c, v, _w in BAD_EXITS])
def test_a_bad_exit_is_a_row_error_naming_line_column_value_and_what_is_accepted(org, tmp_path, changes, column,
                                                                                value, words):
    person = org.agents["sz-a"][1]
    events = person.events.count()

    error = only_error(import_roster_path(write(tmp_path, [roster_row("N0001"), row_of(person, **changes)])))

    assert (error.line, error.column, error.value) == (3, column, value)
    for word in words:
        assert word in error.reason
    assert person.events.count() == events and not Employee.objects.filter(employee_no="N0001").exists()


def test_a_file_naming_the_recorded_reason_in_other_words_changes_nothing(org, tmp_path):
    person = org.agents["sz-a"][2]
    record_exit(person, effective_date=datetime.date(2025, 5, 1), cause="主动离职: 职业发展 (跳槽)")  # the demo's

    report = import_roster_path(write(tmp_path, [row_of(person, 状态="离职", 离职日期="2025-05-01",
                                                        离职类型="主动离职", 离职原因="职业发展")]))

    assert (report.stored, report.updated, report.unchanged) == (True, 0, 1), [e.as_dict() for e in report.errors]
    assert person.events.get(kind="exit").cause == "主动离职: 职业发展 (跳槽)"


def test_another_exit_date_for_someone_who_left_is_refused(org, tmp_path):
    person = org.agents["sz-a"][1]
    record_exit(person, effective_date=datetime.date(2025, 5, 1))

    error = only_error(import_roster_path(write(tmp_path, [row_of(person, 状态="离职", 离职日期="2025-06-01")])))

    assert (error.line, error.column, error.value) == (2, "离职日期", "2025-06-01")
    assert "recorded on 2025-05-01" in error.reason and person.events.filter(kind="exit").count() == 1


def test_an_exit_typed_in_the_admin_is_kept_and_another_date_refused(org, tmp_path):
    person = org.agents["sz-b"][2]
    Employee.objects.filter(pk=person.pk).update(status="exited", exit_date=datetime.date(2025, 3, 1))

    same = import_roster_path(write(tmp_path, [row_of(person, 状态="离职", 离职日期="2025-03-01")], "same.csv"))
    other = import_roster_path(write(tmp_path, [row_of(person, 离职日期="2025-04-01")], "other.csv"))

    assert (same.stored, same.unchanged, same.exits) == (True, 1, 0), [e.as_dict() for e in same.errors]
    assert only_error(other).column == "离职日期" and "recorded on 2025-03-01" in other.errors[0].reason
    assert not person.events.filter(kind="exit").exists()


def test_a_new_person_marked_exited_needs_the_exit_date(org, tmp_path):
    error = only_error(import_roster_path(write(tmp_path, [roster_row("N0001", 状态="离职")])))

    assert (error.line, error.column, error.value) == (2, "离职日期", "")
    assert "give the exit date" in error.reason


def test_the_cli_records_an_exit(org, tmp_path):
    person = org.agents["gz-a"][0]
    path = write(tmp_path, [row_of(person, 离职日期="2025-03-31", 离职类型="被动", 离职原因="contract_end")])

    out = io.StringIO()
    call_command("import", "roster", str(path), stdout=out, stderr=io.StringIO())

    assert "exits recorded: 1, example rows skipped: 0" in out.getvalue()
    person.refresh_from_db()
    assert person.status == "exited" and person.events.get(kind="exit").cause == "被动离职: 合同到期不续签"


def test_the_api_records_an_exit_and_reports_it(org, client):
    person = org.agents["gz-a"][1]
    _token, key = ApiToken.issue(org.users[Role.HR_ADMIN])
    data = {"file": SimpleUploadedFile("roster.csv", csv_bytes([row_of(person, 离职日期="2025-04-30")], EXIT_HEADERS),
                                       content_type="text/csv")}

    body = client.post("/api/v1/roster/import", data, HTTP_AUTHORIZATION=f"Bearer {key}").json()

    assert (body["stored"], body["updated"], body["exits"], body["example_rows"]) == (True, 1, 1, 0)
    assert Employee.objects.get(pk=person.pk).exit_date == datetime.date(2025, 4, 30)


def test_the_page_records_an_exit(org, client):
    person = org.agents["sz-b"][1]
    client.force_login(org.users[Role.HR_ADMIN])
    data = {"file": SimpleUploadedFile("roster.csv", csv_bytes([row_of(person, 离职日期="2025-04-30",
                                                                        离职原因="study")], EXIT_HEADERS),
                                       content_type="text/csv")}

    response = client.post(reverse("org:roster-import"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.context["report"].exits == 1
    assert Employee.objects.get(pk=person.pk).events.get(kind="exit").cause == "主动离职: 继续深造"


# ------------------------------------------------------------------------------------ phone, ID, education

BAD_PERSONAL = [
    ("手机", "12345", ["Not a mobile number", "11 digits", "13800138000"]),
    ("身份证号", "123", ["Not a resident ID number", "18-character", "check digit"]),
    ("身份证号", "440301199202021234", ["Not a resident ID number"]),  # the check digit is 6
    ("身份证号", "440301199213021236", ["Not a resident ID number"]),  # month 13
    ("学历", "大学", ["Unknown value", "高中/high_school", "大专/vocational", "本科/bachelor", "硕士/master"]),
]


@pytest.mark.parametrize(("column", "value", "words"), BAD_PERSONAL, ids=[f"{c}={v}" for c, v, _w in BAD_PERSONAL])
def test_a_bad_phone_id_number_or_education_is_refused_listing_what_is_accepted(org, tmp_path, column, value, words):
    error = only_error(import_roster_path(write(tmp_path, [roster_row("N0001"), roster_row("N0002", **{column: value})],
                                                headers=HEADERS)))

    assert (error.line, error.column, error.value) == (3, column, value)
    for word in words:
        assert word in error.reason


def test_a_phone_with_country_code_and_spaces_and_a_lowercase_x_are_stored_plainly(org, tmp_path):
    report = import_roster_path(write(tmp_path, [roster_row("N0001", 手机="+86 139-0000-1111",
                                                            身份证号="11010519491231002x")], headers=HEADERS))

    assert report.stored, [e.as_dict() for e in report.errors]
    person = Employee.objects.get(employee_no="N0001")
    assert (person.phone, person.id_number) == ("13900001111", "11010519491231002X")


def test_a_file_named_xlsx_that_is_no_workbook_is_refused_in_chinese(org, tmp_path):
    upload = SimpleUploadedFile("花名册.xlsx", csv_bytes([roster_row("N0001")]))

    with translation.override("zh-hans"), pytest.raises(UploadRejected) as refused:
        import_roster_upload(upload)

    assert "这不是 Excel 工作簿" in str(refused.value) and "zip file" not in str(refused.value)
    assert not Employee.objects.filter(employee_no="N0001").exists()


# ------------------------------------------------------------------------------------ the list and its export

def export_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def left(org):
    person = org.agents["sz-a"][1]
    record_exit(person, effective_date=datetime.date(2025, 6, 30), cause="主动离职: 家庭原因")
    return person


def test_hr_sees_exit_date_and_reason_on_the_list_and_in_the_export(org, client, left):
    client.force_login(org.users[Role.HR_ADMIN])

    page = client.get(reverse("org:employee-list"), {"status": "exited"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    rows = export_rows(client.get(reverse("org:employee-export"), {"status": "exited"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))

    html = page.content.decode()
    assert "离职原因" in html and "2025-06-30" in html and "主动离职：家庭原因" in html
    header, person_row = rows[0], rows[1]
    assert header[-3:] == ["离职日期", "离职类型", "离职原因"]
    assert person_row[0] == left.employee_no
    assert person_row[-3:] == [datetime.datetime(2025, 6, 30), "主动离职", "家庭原因"]


def test_a_team_leader_sees_the_exit_date_masked_data_and_no_exit_reason(org, client, left):
    client.force_login(org.users[Role.TEAM_LEADER])

    page = client.get(reverse("org:employee-list"), {"status": "exited"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    rows = export_rows(client.get(reverse("org:employee-export"), {"status": "exited"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))

    html = page.content.decode()
    assert "2025-06-30" in html and "离职原因" not in html and "家庭原因" not in html
    header, person_row = rows[0], rows[1]
    assert header[-1] == "离职日期" and "离职原因" not in header
    assert person_row[-1] == datetime.datetime(2025, 6, 30)
    assert person_row[header.index("手机")] == "138******78"


def test_an_export_with_exits_imports_back_unchanged(org, client, left, tmp_path):
    client.force_login(org.users[Role.HR_ADMIN])
    response = client.get(reverse("org:employee-export"), {"status": "all"})
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    events = EmploymentEvent.objects.count()

    report = import_roster_path(path)

    assert report.stored and report.errors == [], [e.as_dict() for e in report.errors]
    assert (report.updated, report.exits, report.unchanged) == (0, 0, Employee.objects.count())
    assert EmploymentEvent.objects.count() == events
