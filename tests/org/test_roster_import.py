"""Roster import (DOMAIN.md C2, C12): every row checked, bad rows named, nothing stored from a rejected file."""
import datetime
import io
import math
import re
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Position
from agentpath.common import import_guard
from agentpath.common.import_guard import ImportBusy
from agentpath.common.importing import importer
from agentpath.common.models import ImportRun
from agentpath.common.spreadsheets import UploadRejected
from agentpath.org.importers import import_roster_path, roster_template_bytes
from agentpath.org.models import Employee, EmploymentEvent
from tests.factories import EmployeeFactory

from .conftest import HEADERS, csv_bytes, roster_row, tomorrow

pytestmark = pytest.mark.usefixtures("english")


def only_error(report):
    assert not report.stored
    assert len(report.errors) == 1, [e.as_dict() for e in report.errors]
    return report.errors[0]


def test_new_people_are_hired_with_a_hire_event(org, roster_file):
    report = import_roster_path(roster_file([roster_row("N0001"), roster_row("N0002", 职等="7")]))

    assert report.ok and report.stored and report.created == 2
    person = Employee.objects.get(employee_no="N0002")
    assert (person.center.code, person.team.code, person.position.code, person.level.code, person.grade) == \
        ("sz", "sz-a", "agent", "mgmt-agent", 7)
    assert (person.education, person.status, person.hire_date) == ("bachelor", "active", datetime.date(2024, 3, 1))
    hire = person.events.get()
    assert (hire.kind, hire.effective_date, hire.to_level.code) == ("hire", datetime.date(2024, 3, 1), "mgmt-agent")


def test_the_importer_is_registered_for_the_cli():
    assert importer("roster") is import_roster_path


def test_english_headers_and_names_instead_of_codes_are_accepted(org, roster_file):
    headers = ["employee_no", "name", "center", "team", "position", "level", "grade", "hire_date", "status",
               "education"]
    row = {"employee_no": "N0100", "name": "Li Lei", "center": "深圳中心", "team": "深圳B组", "position": "客服代表",
           "level": "客服代表", "grade": "7", "hire_date": "2023/11/05", "status": "active", "education": "大专"}

    report = import_roster_path(roster_file([row], headers=headers))

    assert report.ok, [e.as_dict() for e in report.errors]
    person = Employee.objects.get(employee_no="N0100")
    assert (person.team.code, person.level.code, person.hire_date, person.education) == \
        ("sz-b", "mgmt-agent", datetime.date(2023, 11, 5), "vocational")


BAD_CELLS = [
    # (column, bad value, words the reason must contain)
    ("中心", "bj", ["Unknown center", "sz (深圳中心)"]),
    ("团队", "no-such-team", ["Unknown team", "sz-a"]),
    ("团队", "gz-a", ["belongs to center 广州中心", "not to 深圳中心"]),
    ("职位", "no-such-position", ["Unknown position"]),
    ("职位", "team-leader", ["Position 客服组长 is at level 组长/领班, not at 客服代表", "agent (客服代表)"]),
    ("职级", "no-such-level", ["Unknown level", "mgmt-agent"]),
    ("职等", "seven", ["whole number", "7–8"]),
    ("职等", "3", ["Grade 3 is outside the band", "from 7 to 8"]),
    ("入职日期", "01-03-2024", ["Not a date", "YYYY-MM-DD"]),
    ("入职日期", "2024-02-30", ["Not a date"]),
    ("直属上级工号", "X9999", ["No employee has number X9999"]),
    ("直属上级工号", "N0002", ["own manager"]),
    ("状态", "retired", ["Unknown value", "在职/active"]),
    ("学历", "kindergarten", ["Unknown value", "本科/bachelor"]),
    ("姓名", "", ["姓名 is empty", "required"]),
    ("工号", "", ["工号 is empty"]),
    ("邮箱", "not-an-email", ["name@example.com"]),
    ("手机", "1" * 31, ["Too long", "at most 30"]),
    ("工号", "TS/001", ["letters, digits", "E10001"]),
    ("工号", "工号一", ["letters, digits"]),
]


@pytest.mark.parametrize(("column", "value", "words"), BAD_CELLS, ids=[f"{c}={v[:12]}" for c, v, _ in BAD_CELLS])
def test_each_rule_rejects_its_bad_row_naming_line_column_value_and_what_is_accepted(org, roster_file, column,
                                                                                    value, words):
    rows = [roster_row("N0001"), roster_row("N0002", **{column: value}), roster_row("N0003")]

    error = only_error(import_roster_path(roster_file(rows)))

    assert (error.line, error.column, error.value) == (3, column, value)
    for word in words:
        assert word in error.reason
    assert not Employee.objects.filter(employee_no__startswith="N").exists()


def test_a_future_hire_date_is_rejected(org, roster_file):
    error = only_error(import_roster_path(roster_file([roster_row("N0001", 入职日期=tomorrow().isoformat())])))

    assert (error.line, error.column) == (2, "入职日期")
    assert "in the future" in error.reason


def test_a_duplicate_employee_number_is_reported_on_every_line_it_appears(org, roster_file):
    report = import_roster_path(roster_file([roster_row("N0001"), roster_row("N0002"), roster_row("N0001")]))

    assert not report.stored
    assert [(e.line, e.column, e.value) for e in report.errors] == [(2, "工号", "N0001"), (4, "工号", "N0001")]
    assert "also appears on line 4" in report.errors[0].reason


def test_an_unknown_column_rejects_the_file_and_lists_the_accepted_columns(org, roster_file):
    report = import_roster_path(roster_file([roster_row("N0001")], headers=[*HEADERS, "星座"]))

    error = only_error(report)
    assert (error.line, error.column) == (1, "星座")
    assert "Unknown column" in error.reason and "工号" in error.reason


def test_a_missing_required_column_rejects_the_file(org, roster_file):
    headers = [h for h in HEADERS if h != "职等"]

    error = only_error(import_roster_path(roster_file([roster_row("N0001")], headers=headers)))

    assert (error.line, error.column) == (1, "职等")
    assert "missing" in error.reason


def test_one_bad_row_among_many_stores_nothing(org, roster_file):
    rows = [roster_row(f"N{i:04d}") for i in range(1, 60)]
    rows[41]["职等"] = "99"

    report = import_roster_path(roster_file(rows))

    assert not report.stored and report.created == 0
    assert [(e.line, e.column) for e in report.errors] == [(43, "职等")]
    assert not Employee.objects.filter(employee_no__startswith="N").exists()


def test_bad_roster_with_unknown_team_duplicate_number_and_bad_date_names_every_bad_row_and_stores_nothing(
        org, roster_file):
    """The acceptance case of the foundation issue."""
    events_before, people_before = EmploymentEvent.objects.count(), Employee.objects.count()
    rows = [roster_row("N0001"), roster_row("N0002", 团队="sz-zz"), roster_row("N0003"),
            roster_row("N0001", 姓名="重复的人"), roster_row("N0005", 入职日期="2024-13-01"), roster_row("N0006")]

    report = import_roster_path(roster_file(rows, kind="xlsx"))

    assert not report.stored
    assert {(e.line, e.column, e.value) for e in report.errors} == {
        (3, "团队", "sz-zz"), (2, "工号", "N0001"), (5, "工号", "N0001"), (6, "入职日期", "2024-13-01")}
    assert (Employee.objects.count(), EmploymentEvent.objects.count()) == (people_before, events_before)


def test_skip_bad_rows_lands_the_good_rows_and_reports_the_bad(org, roster_file):
    rows = [roster_row("N0001"), roster_row("N0002", 团队="sz-zz"), roster_row("N0003")]

    report = import_roster_path(roster_file(rows), skip_bad_rows=True)

    assert report.stored and (report.created, report.skipped) == (2, 1)
    assert [(e.line, e.column) for e in report.errors] == [(3, "团队")]
    assert set(Employee.objects.filter(employee_no__startswith="N").values_list("employee_no", flat=True)) == \
        {"N0001", "N0003"}


def test_reimporting_the_same_file_changes_nothing(org, roster_file):
    rows = [roster_row("N0001"), roster_row("N0002", 直属上级工号="N0003"), roster_row("N0003", 职级="mgmt-tl",
                                                                                  职位="team-leader", 职等="6")]
    path = roster_file(rows, kind="xlsx")
    first = import_roster_path(path)
    history = Employee.history.count()
    events = EmploymentEvent.objects.count()

    second = import_roster_path(path)

    assert (first.created, first.updated) == (3, 0)
    assert (second.created, second.updated, second.unchanged, second.stored) == (0, 0, 3, True)
    assert (Employee.history.count(), EmploymentEvent.objects.count()) == (history, events)


def test_a_manager_may_appear_later_in_the_same_file(org, roster_file):
    rows = [roster_row("N0001", 直属上级工号="N0002"), roster_row("N0002", 职级="mgmt-tl", 职位="team-leader",
                                                                 职等="6")]

    report = import_roster_path(roster_file(rows))

    assert report.ok
    assert Employee.objects.get(employee_no="N0001").manager.employee_no == "N0002"


def test_skipping_a_managers_bad_row_rejects_the_rows_that_report_to_them(org, roster_file):
    rows = [roster_row("N0001", 直属上级工号="N0002"), roster_row("N0002", 职等="x")]

    report = import_roster_path(roster_file(rows), skip_bad_rows=True)

    assert {(e.line, e.column) for e in report.errors} == {(3, "职等"), (2, "直属上级工号")}
    assert report.created == 0


def test_xlsx_with_real_excel_date_cells_and_numbers_is_read(org, roster_file):
    rows = [roster_row("N0001", 入职日期=datetime.datetime(2022, 5, 9), 职等=8, 手机=13900001111),
            roster_row("N0002", 入职日期="45306")]  # an Excel date serial typed as a number: 2024-01-15

    report = import_roster_path(roster_file(rows, kind="xlsx"))

    assert report.ok, [e.as_dict() for e in report.errors]
    assert Employee.objects.get(employee_no="N0001").hire_date == datetime.date(2022, 5, 9)
    assert Employee.objects.get(employee_no="N0001").phone == "13900001111"
    assert Employee.objects.get(employee_no="N0002").hire_date == datetime.date(2024, 1, 15)


def test_a_gbk_encoded_csv_from_chinese_excel_is_read(org, roster_file):
    report = import_roster_path(roster_file([roster_row("N0001", 姓名="欧阳娜娜")], kind="gbk"))

    assert report.ok
    assert Employee.objects.get(employee_no="N0001").name == "欧阳娜娜"


def existing(org):
    return org.agents["sz-a"][1]


def import_change(roster_file, person, **changes):
    row = roster_row(person.employee_no, 姓名=person.name, 中心=person.center.code, 团队=person.team.code,
                     职位=person.position.code if person.position else "", 职级=person.level.code,
                     职等=str(person.grade), 入职日期=person.hire_date.isoformat(), 学历="", 状态="",
                     手机=person.phone, 身份证号=person.id_number, 邮箱="")
    row.update(changes)
    return import_roster_path(roster_file([row]))


def test_importing_a_known_person_unchanged_counts_as_unchanged(org, roster_file):
    report = import_change(roster_file, existing(org))

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_higher_level_in_the_same_track_is_recorded_as_a_promotion_effective_today(org, roster_file):
    person = existing(org)

    report = import_change(roster_file, person, 职级="mgmt-tl", 职位="team-leader", 职等="7")

    assert report.updated == 1
    event = person.events.latest("id")
    assert (event.kind, event.from_level.code, event.to_level.code, event.to_position.code) == \
        ("promotion", "mgmt-agent", "mgmt-tl", "team-leader")
    assert event.effective_date == timezone.localdate()
    person.refresh_from_db()
    assert (person.level.code, person.grade) == ("mgmt-tl", 7)


def test_a_lower_level_is_a_demotion_and_another_track_is_a_lateral_move(org, roster_file):
    leader = org.leaders["sz-b"]
    import_change(roster_file, leader, 职级="mgmt-agent", 职位="agent", 职等="8")
    assert leader.events.latest("id").kind == "demotion"

    import_change(roster_file, leader, 职级="pro-senior", 职位="senior-agent", 职等="7")
    assert leader.events.latest("id").kind == "lateral"


def test_grade_team_and_position_changes_are_their_own_events(org, roster_file):
    person = existing(org)
    import_change(roster_file, person, 职等="7")
    assert person.events.latest("id").kind == "grade_step"

    import_change(roster_file, person, 职等="7", 团队="sz-b")
    event = person.events.latest("id")
    assert (event.kind, event.from_team.code, event.to_team.code) == ("team_change", "sz-a", "sz-b")

    other_position = Position.objects.filter(level__code="cola-rep").exclude(code="cola-rep-cs").first()
    import_change(roster_file, person, 职级="cola-rep", 职位="cola-rep-cs", 职等="7", 团队="sz-b")
    import_change(roster_file, person, 职级="cola-rep", 职位=other_position.code, 职等="7", 团队="sz-b")
    assert person.events.latest("id").kind == "rotation"


def test_personal_fields_just_update_without_an_event(org, roster_file):
    person = existing(org)
    events = person.events.count()

    report = import_change(roster_file, person, 手机="13700000000", 学历="硕士")

    assert report.updated == 1 and person.events.count() == events
    person.refresh_from_db()
    assert (person.phone, person.education) == ("13700000000", "master")


def test_an_exit_in_the_roster_records_an_exit_event(org, roster_file):
    person = existing(org)

    import_change(roster_file, person, 状态="离职")

    person.refresh_from_db()
    assert person.status == "exited" and person.events.latest("id").kind == "exit"


def test_a_level_change_without_a_fitting_position_is_rejected(org, roster_file):
    error = only_error(import_change(roster_file, existing(org), 职级="mgmt-tl", 职位="", 职等="7"))

    assert error.column == "职位" and "give the new position" in error.reason


def test_lookups_take_a_bounded_number_of_queries_whatever_the_file_size(org, roster_file):
    def queries_for(n):
        rows = [roster_row(f"N{i:04d}") for i in range(n)]
        rows[-1]["职等"] = "x"  # rejected: only the checks run
        with CaptureQueriesContext(connection) as ctx:
            assert not import_roster_path(roster_file(rows)).stored
        return len(ctx)

    assert queries_for(300) == queries_for(5) <= 16  # the lookups, and the import run (lock) opened and closed


def test_the_template_has_the_chinese_headers_an_example_and_the_valid_codes(org):
    wb = load_workbook(io.BytesIO(roster_template_bytes()))
    roster, codes = wb.worksheets
    assert [c.value for c in roster[1]] == [*HEADERS, "离职日期", "离职类型", "离职原因"]
    assert roster.max_row == 2 and roster.cell(2, 1).value.startswith("示例")
    listed = {row[1] for row in codes.iter_rows(min_row=2, values_only=True)}
    assert {"sz", "sz-a", "gz-a", "mgmt-agent", "agent", "team-leader"} <= listed
    assert Level.objects.count() <= len([r for r in codes.iter_rows(values_only=True) if r[0] == "level"])


def test_the_template_uploaded_as_it_is_imports_nothing_and_says_its_example_row_is_skipped(org, tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(roster_template_bytes())
    people = Employee.objects.count()

    report = import_roster_path(path)

    assert not report.stored and report.example_rows == 1 and Employee.objects.count() == people
    assert [(e.line, e.reason) for e in report.errors] == [(2, (
        "The file holds only the template's example row (its employee number begins with 示例), which is never "
        "imported; nothing was imported. Add your people below it or in its place."))]


def test_the_template_with_the_example_left_in_imports_the_rows_below_it(org, tmp_path):
    wb = load_workbook(io.BytesIO(roster_template_bytes()))
    sheet = wb.worksheets[0]
    example = [c.value for c in sheet[2]]
    sheet.append(["N0500", "王五", *example[2:]])
    path = tmp_path / "filled.xlsx"
    wb.save(path)

    report = import_roster_path(path)

    assert report.stored and (report.created, report.example_rows) == (1, 1), [e.as_dict() for e in report.errors]
    assert not Employee.objects.filter(employee_no__startswith="示例").exists()
    assert Employee.objects.get(employee_no="N0500").name == "王五"


def first_roster(prefix, count, team_size=7):
    """A new center's first roster: a head of center last, team leaders reporting to the head, agents to their
    leader, every other leader after their agents; the first leader reports to a person already in the system.
    Returns the rows and {employee number: manager's number}."""
    rows, manager_of = [], {}
    head = f"{prefix}0000"
    serial = iter(range(1, count))
    while len(rows) < count - 1:
        leader_no = f"{prefix}{next(serial):04d}"
        manager_of[leader_no] = head if rows else "EXISTING"
        leader = roster_row(leader_no, 职级="mgmt-tl", 职位="team-leader", 职等="6", 直属上级工号=manager_of[leader_no])
        agents = []
        for _ in range(min(team_size - 1, count - 2 - len(rows))):
            no = f"{prefix}{next(serial):04d}"
            manager_of[no] = leader_no
            agents.append(roster_row(no, 职等=str(7 + len(agents) % 2), 直属上级工号=leader_no))
        rows.extend([*agents, leader] if len(rows) // team_size % 2 else [leader, *agents])
    rows.append(roster_row(head, 职级="mgmt-tl", 职位="team-leader", 职等="6"))
    for i, row in enumerate(rows):
        row["入职日期"] = (datetime.date(2020, 1, 1) + datetime.timedelta(days=i)).isoformat()
    return rows, manager_of


def import_first_roster(org, roster_file, prefix, count):
    rows, manager_of = first_roster(prefix, count)
    existing_no = org.leaders["sz-a"].employee_no
    for row in rows:
        if row["直属上级工号"] == "EXISTING":
            row["直属上级工号"] = existing_no
    manager_of = {no: existing_no if m == "EXISTING" else m for no, m in manager_of.items()}
    path = roster_file(rows)
    with CaptureQueriesContext(connection) as ctx:
        report = import_roster_path(path)
    assert report.stored and report.created == count, [e.as_dict() for e in report.errors]
    return manager_of, len(ctx)


def test_a_first_roster_of_hundreds_hires_everyone_set_based_with_events_history_and_managers(org, roster_file):
    manager_of, _queries = import_first_roster(org, roster_file, "N", 500)

    people = Employee.objects.filter(employee_no__startswith="N")
    assert people.count() == 500
    hired = {(e.employee_no, "hire", e.hire_date, e.level_id, e.position_id, e.grade, e.team_id, "roster import")
             for e in people}
    events = EmploymentEvent.objects.filter(employee__in=people)
    assert events.count() == 500  # exactly one each
    assert set(events.values_list("employee__employee_no", "kind", "effective_date", "to_level", "to_position",
                                  "to_grade", "to_team", "cause")) == hired
    assert not events.filter(from_level__isnull=False).exists()
    managers = dict(people.values_list("employee_no", "manager__employee_no"))
    assert managers == {**manager_of, "N0000": None}
    created = Employee.history.filter(employee_no__startswith="N")
    assert created.count() == 500 and set(created.values_list("history_type", flat=True)) == {"+"}
    assert set(created.values_list("employee_no", "manager_id")) == set(people.values_list("employee_no", "manager"))


def test_hiring_a_first_roster_takes_no_more_queries_for_500_rows_than_for_50(org, roster_file):
    _managers, for_50 = import_first_roster(org, roster_file, "S", 50)
    _managers, for_500 = import_first_roster(org, roster_file, "N", 500)

    # PostgreSQL takes 1,000 rows per INSERT; SQLite's 999-parameter limit splits each INSERT of people, history
    # rows and events (< 20 columns) into more statements, but never one per row.
    limit = connection.features.max_query_params
    split = 0 if limit is None else 3 * math.ceil(500 * 20 / limit)
    assert for_50 <= 24  # with the import run (lock) and one INSERT of history and events per wave of managers
    assert for_500 <= for_50 + split


@pytest.mark.parametrize("chain", [2, 12], ids=["two-naming-each-other", "twelve-levels-deep"])
def test_managers_later_in_the_file_are_linked_however_deep_the_hierarchy(org, roster_file, chain):
    """Each person reports to the next row; the last reports to the first (a circle) or to no one."""
    nos = [f"N{i:04d}" for i in range(chain)]
    rows = [roster_row(no, 直属上级工号=nos[(i + 1) % chain] if chain == 2 or i + 1 < chain else "")
            for i, no in enumerate(nos)]

    assert import_roster_path(roster_file(rows)).created == chain

    managers = dict(Employee.objects.filter(employee_no__in=nos).values_list("employee_no", "manager__employee_no"))
    assert managers == {row["工号"]: row["直属上级工号"] or None for row in rows}
    assert Employee.history.filter(employee_no__in=nos, history_type="+").count() == chain


# ------------------------------------------------------------------------------------ files that cannot hurt

@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_roster_past_the_row_limit_is_refused_and_nothing_is_stored(org, roster_file, settings, kind):
    settings.ROSTER_MAX_ROWS = 3
    path = roster_file([roster_row(f"N{i:04d}") for i in range(4)], kind=kind)

    with pytest.raises(UploadRejected) as refused:
        import_roster_path(path)

    assert "more than 3 rows" in str(refused.value) and "at most 3 rows" in str(refused.value)
    assert not Employee.objects.filter(employee_no__startswith="N").exists()
    assert ImportRun.objects.get().status == "rejected"
    settings.ROSTER_MAX_ROWS = 4
    assert import_roster_path(path).stored


def test_a_utf8_roster_with_one_stray_latin1_byte_is_refused_and_renames_nobody(org, tmp_path):
    person = existing(org)
    person.name = "赵敏"
    person.save()
    row = ",".join([person.employee_no, "赵敏", "sz", "sz-a", "agent", "mgmt-agent", str(person.grade), "2024-01-15"])
    path = tmp_path / "roster.csv"
    path.write_bytes(("工号,姓名,中心,团队,职位,职级,职等,入职日期\n" + row + "\n").encode() + b"N0001,Caf\xe9\n")

    with pytest.raises(UploadRejected) as refused:
        import_roster_path(path)

    assert "line 3" in str(refused.value) and "0xE9" in str(refused.value)
    person.refresh_from_db()
    assert person.name == "赵敏"


def test_a_roster_that_renames_known_people_shows_their_old_and_new_names(org, roster_file):
    person = existing(org)
    old = person.name

    report = import_change(roster_file, person, 姓名="周芷若")

    assert report.stored and report.renamed_count == 1
    assert report.renamed == [{"line": 2, "employee_no": person.employee_no, "old": old, "new": "周芷若"}]


def test_more_than_a_thousand_bad_rows_show_the_first_thousand_with_the_true_total_and_the_full_list(
        org, roster_file, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [roster_row(f"N{i:04d}", 职等="x") for i in range(1200)] + [roster_row("N9999", 中心="nowhere")]

    report = import_roster_path(roster_file(rows))

    assert not report.stored
    assert (len(report.errors), report.total_errors) == (1000, 1201)
    assert report.kinds()[0]["count"] == 1200 and report.kinds()[0]["kind"].startswith("职等: The grade must be")
    assert report.kinds()[1]["count"] == 1 and report.kinds()[1]["kind"].startswith("中心: Unknown center")
    sheet = load_workbook(tmp_path / "import-errors" / report.error_file, read_only=True).worksheets[0]
    lines = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(lines) == 1201 and lines[-1] == 1202


def test_a_promotion_into_a_level_without_positions_needs_no_position(org, roster_file):
    cola_rep, cola_f1 = Level.objects.get(code="cola-rep"), Level.objects.get(code="cola-f1")
    cola_f1.positions.all().delete()  # a level HR keeps without posts (the default framework gives F1 one)
    person = EmployeeFactory(center=existing(org).center, team=existing(org).team, level=cola_rep,
                             position=Position.objects.get(code="cola-rep-cs"))

    report = import_change(roster_file, person, 职级="cola-f1", 职位="", 职等=str(cola_f1.grade_max))

    assert report.stored and report.errors == []
    assert person.events.latest("id").kind == "promotion"


def test_a_position_of_another_level_is_refused_for_a_cola_row(org, roster_file):
    cola_f1 = Level.objects.get(code="cola-f1")

    error = only_error(import_change(roster_file, existing(org), 职级="cola-f1", 职位="客服专员",
                                     职等=str(cola_f1.grade_max)))

    assert error.column == "职位" and "客服专员" in error.reason and cola_f1.name in error.reason


def test_exporting_the_people_list_and_importing_it_back_changes_nothing(org, client, tmp_path):
    names = {"=SUM(1)": org.agents["sz-a"][1], "-李四": org.agents["sz-b"][0], "+王五": org.agents["gz-a"][0],
             "@赵六": org.agents["gz-a"][1]}
    for name, person in names.items():
        person.name = name
        person.save()
    client.force_login(org.users[Role.HR_ADMIN])
    export = client.get(reverse("org:employee-export"))
    path = tmp_path / "employees.xlsx"
    path.write_bytes(b"".join(export.streaming_content) if export.streaming else export.content)

    report = import_roster_path(path)

    assert report.stored and report.errors == [], report.errors[:3]
    assert (report.created, report.updated, report.renamed_count) == (0, 0, 0)
    assert report.unchanged == Employee.objects.count()
    assert {p.name for p in Employee.objects.filter(pk__in=[p.pk for p in names.values()])} == set(names)


# --------------------------------------------------------------------------------------------- one at a time

def test_a_roster_import_that_stops_midway_is_recorded_failed_with_its_reason(org, roster_file):
    def crash(done, total):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_roster_path(roster_file([roster_row("N0001")]), progress=crash)

    run = ImportRun.objects.get(kind="roster")
    assert run.status == "failed" and "disk full" in run.reason
    assert not Employee.objects.filter(employee_no="N0001").exists()
    assert import_roster_path(roster_file([roster_row("N0001")])).stored  # the lock was released


def test_a_roster_import_whose_process_died_is_closed_and_does_not_block_the_next(org, roster_file):
    dead = subprocess.Popen(["true"])
    dead.wait()
    ImportRun.objects.create(kind="roster", host=import_guard.HOST, pid=dead.pid, file_name="crashed.xlsx")

    assert import_roster_path(roster_file([roster_row("N0001")])).stored
    assert ImportRun.objects.get(file_name="crashed.xlsx").status == "failed"


def test_a_second_roster_import_while_one_runs_is_refused_as_busy(org, roster_file):
    import_guard.begin("roster", file_name="first.csv")

    with pytest.raises(ImportBusy) as busy:
        import_roster_path(roster_file([roster_row("N0001")]))

    assert "first.csv" in str(busy.value)
    assert not Employee.objects.filter(employee_no="N0001").exists()


# -------------------------------------------------------------------------------------- the page and the admin

def upload_on_page(client, rows, language="zh-hans"):
    data = {"file": SimpleUploadedFile("roster.csv", csv_bytes(rows), content_type="text/csv")}
    return client.post(reverse("org:roster-import"), data, HTTP_ACCEPT_LANGUAGE=language)


def test_the_page_shows_the_true_total_of_problems_by_kind_and_links_the_full_list(org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(org.users[Role.HR_ADMIN])
    rows = [roster_row(f"N{i:04d}", 职等="x") for i in range(1050)] + [roster_row("TS/001")]

    page = upload_on_page(client, rows).content.decode()

    assert "共 1051 处错误" in page and "下面列出前 1000 处" in page
    assert page.count("<tr><td class=\"text-end\">") == 1000
    assert "工号: 不是有效工号" in page
    link = re.search(r'href="([^"]+)" data-testid="error-file"', page)[1]
    assert client.get(link).status_code == 200


def test_the_page_answers_409_while_another_roster_import_runs(org, client):
    import_guard.begin("roster", file_name="first.csv")
    client.force_login(org.users[Role.HR_ADMIN])

    response = upload_on_page(client, [roster_row("N0001")])

    assert response.status_code == 409 and "另一个导入正在进行" in response.content.decode()
    assert not Employee.objects.filter(employee_no="N0001").exists()


def admin_change(client, person, **changes):
    data = {"employee_no": person.employee_no, "name": person.name, "center": person.center_id,
            "team": person.team_id or "", "position": person.position_id or "", "level": person.level_id,
            "grade": person.grade, "hire_date": person.hire_date.isoformat(), "manager": "", "education": "",
            "status": person.status, "exit_date": "", "phone": person.phone, "id_number": person.id_number,
            "email": person.email, "_save": "Save"}
    for prefix in ("events", "disciplinary_records", "leave_periods"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                     f"{prefix}-MAX_NUM_FORMS": 1000})
    data.update(changes)
    return client.post(reverse("admin:org_employee_change", args=[person.pk]), data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_admin_refuses_an_employee_number_outside_the_pattern_and_a_position_of_another_level(org, client):
    client.force_login(org.users[Role.HR_ADMIN])
    person = existing(org)
    assert admin_change(client, person).status_code == 302  # the form as it is saves

    bad_number = admin_change(client, person, employee_no="TS/001")
    other_level = admin_change(client, person, position=Position.objects.get(code="cola-rep-cs").pk)

    assert bad_number.status_code == 200 and "letters, digits" in bad_number.content.decode()
    assert other_level.status_code == 200 and "belongs to level" in other_level.content.decode()
    person.refresh_from_db()
    assert person.position.code == "agent" and "/" not in person.employee_no
