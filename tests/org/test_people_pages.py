"""The employee list, its export and the roster import page: scoped, bounded, masked, translated."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.org.importers import import_roster_path
from agentpath.org.models import Employee
from tests.factories import EmployeeFactory

from .conftest import csv_bytes, roster_row

pytestmark = pytest.mark.usefixtures("english")


def list_page(client, **params):
    return client.get(reverse("org:employee-list"), params, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("role", [Role.AGENT])
def test_an_agent_has_no_employee_list(org, client_for, role):
    client = client_for(org.users[role])
    assert list_page(client).status_code == 404
    assert client.get(reverse("org:employee-export")).status_code == 404


def test_a_team_leader_sees_only_their_team(org, client_for):
    response = list_page(client_for(org.users[Role.TEAM_LEADER]))

    shown = {row["employee"].employee_no for row in response.context["rows"]}
    team = {e.employee_no for e in org.agents["sz-a"]} | {org.leaders["sz-a"].employee_no}
    assert shown == team


def test_a_center_manager_sees_their_center_and_can_filter_by_team_and_search(org, client_for):
    client = client_for(org.users[Role.CENTER_MANAGER])

    everyone = {r["employee"].center.code for r in list_page(client).context["rows"]}
    team_b = {r["employee"].team.code for r in list_page(client, team="sz-b").context["rows"]}
    found = [r["employee"] for r in list_page(client, q=org.agents["sz-b"][0].name).context["rows"]]

    assert everyone == {"sz"}
    assert team_b == {"sz-b"}
    assert found == [org.agents["sz-b"][0]]


def test_the_list_shows_the_columns_and_links_each_row_to_the_persons_files(org, client_for):
    person = org.agents["sz-a"][0]
    html = list_page(client_for(org.users[Role.HR_ADMIN]), q=person.employee_no).content.decode()

    assert reverse("org:employee-detail", args=[person.employee_no]) in html
    for text in (person.name, "深圳中心", "深圳A组", "Agent", "2024-01-15", "months", "Active"):
        assert text in html


def test_phone_is_masked_for_a_manager_and_shown_to_hr(org, client_for):
    manager_page = list_page(client_for(org.users[Role.CENTER_MANAGER])).content.decode()
    hr_page = list_page(client_for(org.users[Role.HR_ADMIN])).content.decode()

    assert "13812345678" not in manager_page and "138******78" in manager_page
    assert "13812345678" in hr_page


def test_the_list_takes_as_many_queries_for_seventy_more_people_and_pages_by_fifty(org, client_for, queries):
    center, team = org.centers[0], org.teams[0]
    client = client_for(org.users[Role.CENTER_MANAGER])

    few = queries.do_not_grow(lambda: list_page(client),
                              grow=lambda: EmployeeFactory.create_batch(70, center=center, team=team))
    assert queries.of(lambda: list_page(client, page=2)) <= few

    response, second = list_page(client), list_page(client, page=2)
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count == 70 + 8
    assert len(second.context["rows"]) == 28


def test_the_page_is_chinese_by_default(org, client_for):
    with translation.override(None):
        html = client_for(org.users[Role.HR_ADMIN]).get(reverse("org:employee-list"),
                                                        HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "员工" in html and "导出" in html


def export_rows(response):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                  else response.content)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_export_is_the_filtered_list_safe_from_formula_injection_and_masks_phone_for_non_hr(org, client_for):
    person = org.agents["sz-a"][0]
    Employee.objects.filter(pk=person.pk).update(name='=HYPERLINK("http://evil","x")')

    rows = export_rows(client_for(org.users[Role.CENTER_MANAGER]).get(reverse("org:employee-export"),
                                                                      {"team": "sz-a"}, HTTP_ACCEPT_LANGUAGE="en"))

    header, body = rows[0], rows[1:]
    assert header[:3] == ["employee number", "employee name", "center"]
    assert {r[3] for r in body} == {"深圳A组"}
    evil = next(r for r in body if r[0] == person.employee_no)
    assert evil[1] == '\'=HYPERLINK("http://evil","x")'
    phone = header.index("phone")
    assert evil[phone] == "138******78"


def test_hr_exports_unmasked_phone_and_the_export_imports_back_unchanged(org, client_for, tmp_path):
    response = client_for(org.users[Role.HR_ADMIN]).get(reverse("org:employee-export"), {"center": "sz"})
    rows = export_rows(response)
    assert "13812345678" in rows[1]
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)

    report = import_roster_path(path)

    assert report.ok, [e.as_dict() for e in report.errors]
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(rows) - 1)


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.QA, Role.TRAINER])
def test_only_hr_may_open_the_roster_import_and_its_template(org, client_for, role):
    client = client_for(org.users[role])
    assert client.get(reverse("org:roster-import")).status_code == 403  # as the API refuses the import
    assert client.get(reverse("org:roster-template")).status_code == 403


def upload(client, rows, name="roster.csv", skip=False):
    data = {"file": SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")}
    if skip:
        data["skip_bad_rows"] = "on"
    return client.post(reverse("org:roster-import"), data, HTTP_ACCEPT_LANGUAGE="en")


def test_hr_imports_a_roster_on_the_page_and_sees_the_counts(org, client_for):
    response = upload(client_for(org.users[Role.HR_ADMIN]), [roster_row("N0001"), roster_row("N0002")])

    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert "The roster was imported." in response.content.decode()


def test_a_rejected_upload_lists_every_bad_row_and_says_nothing_was_stored(org, client_for):
    rows = [roster_row("N0001", 团队="sz-zz"), roster_row("N0002"), roster_row("N0003", 入职日期="yesterday")]

    html = upload(client_for(org.users[Role.HR_ADMIN]), rows).content.decode()

    assert "nothing was stored" in html
    assert "sz-zz" in html and "yesterday" in html
    assert not Employee.objects.filter(employee_no__startswith="N").exists()


def test_skip_bad_rows_on_the_page_stores_the_good_rows(org, client_for):
    rows = [roster_row("N0001", 团队="sz-zz"), roster_row("N0002")]

    response = upload(client_for(org.users[Role.HR_ADMIN]), rows, skip=True)

    assert response.context["report"].stored
    assert list(Employee.objects.filter(employee_no__startswith="N").values_list("employee_no", flat=True)) == \
        ["N0002"]


def test_an_upload_of_the_wrong_type_or_size_is_refused_before_parsing(org, client_for, settings):
    client = client_for(org.users[Role.HR_ADMIN])
    assert "not a CSV or XLSX file" in upload(client, [roster_row()], name="roster.exe").content.decode()
    settings.MAX_UPLOAD_BYTES = 100
    assert "files up to" in upload(client, [roster_row()]).content.decode()


def test_hr_downloads_the_template(org, client_for):
    response = client_for(org.users[Role.HR_ADMIN]).get(reverse("org:roster-template"))

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == "工号"
