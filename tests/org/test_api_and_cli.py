"""The people API (scoped, masked, HR-only import) and `agentpath import`."""
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import load_workbook

from agentpath.accounts.models import ApiToken, Role
from agentpath.org.importers import import_roster_upload
from agentpath.org.models import Employee

from .conftest import csv_bytes, roster_row

pytestmark = pytest.mark.usefixtures("english")


def bearer(user):
    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_lists_only_the_team_of_a_team_leader_with_masked_phones(org, client):
    response = client.get("/api/v1/employees", **bearer(org.users[Role.TEAM_LEADER]))

    body = response.json()
    assert response.status_code == 200
    assert {e["team"] for e in body["items"]} == {"sz-a"} and body["count"] == 4
    others = [e for e in body["items"] if e["employee_no"] != org.leaders["sz-a"].employee_no]
    assert {e["phone"] for e in others} == {"138******78"}


def test_api_filters_by_center_team_status_and_search(org, client):
    headers = bearer(org.users[Role.HR_ADMIN])
    person = org.agents["gz-a"][1]

    assert client.get("/api/v1/employees", {"center": "gz"}, **headers).json()["count"] == 4
    assert client.get("/api/v1/employees", {"team": "sz-b"}, **headers).json()["count"] == 4
    assert client.get("/api/v1/employees", {"status": "exited"}, **headers).json()["count"] == 0
    found = client.get("/api/v1/employees", {"q": person.employee_no}, **headers).json()["items"]
    assert [e["employee_no"] for e in found] == [person.employee_no]


def test_api_gives_an_agent_only_themselves(org, client):
    body = client.get("/api/v1/employees", **bearer(org.users[Role.AGENT])).json()

    assert [e["employee_no"] for e in body["items"]] == [org.agents["sz-a"][0].employee_no]


def test_api_detail_is_404_outside_a_team_leaders_team(org, client):
    headers = bearer(org.users[Role.TEAM_LEADER])
    inside, outside = org.agents["sz-a"][0], org.agents["sz-b"][0]

    ok = client.get(f"/api/v1/employees/{inside.employee_no}", **headers)
    assert ok.status_code == 200
    assert ok.json()["phone"] == "138******78" and ok.json()["personal_data_masked"] is True
    assert client.get(f"/api/v1/employees/{outside.employee_no}", **headers).status_code == 404


def test_api_detail_shows_hr_the_personal_data(org, client):
    person = org.agents["sz-b"][0]

    body = client.get(f"/api/v1/employees/{person.employee_no}", **bearer(org.users[Role.HR_ADMIN])).json()

    assert (body["phone"], body["id_number"], body["level"], body["tenure_months"] >= 0) == \
        ("13812345678", "440301199001011234", "mgmt-agent", True)


def post_roster(client, user, rows, skip=False):
    data = {"file": SimpleUploadedFile("roster.csv", csv_bytes(rows), content_type="text/csv")}
    if skip:
        data["skip_bad_rows"] = "true"
    return client.post("/api/v1/roster/import", data, **bearer(user))


def test_api_import_by_hr_returns_the_report(org, client):
    response = post_roster(client, org.users[Role.HR_ADMIN], [roster_row("N0001"), roster_row("N0002")])

    assert response.status_code == 200
    assert response.json()["created"] == 2 and response.json()["stored"] is True


def test_api_import_of_a_bad_file_is_422_with_every_bad_row(org, client):
    rows = [roster_row("N0001", 团队="sz-zz"), roster_row("N0002", 职等="99")]

    response = post_roster(client, org.users[Role.HR_ADMIN], rows)

    assert response.status_code == 422
    assert [(e["line"], e["column"]) for e in response.json()["errors"]] == [(2, "团队"), (3, "职等")]
    assert response.json()["stored"] is False and not Employee.objects.filter(employee_no__startswith="N").exists()


def test_api_import_skip_bad_rows(org, client):
    rows = [roster_row("N0001", 团队="sz-zz"), roster_row("N0002")]

    body = post_roster(client, org.users[Role.HR_ADMIN], rows, skip=True).json()

    assert (body["created"], body["skipped"], body["stored"]) == (1, 1, True)


@pytest.mark.parametrize("role", [Role.CENTER_MANAGER, Role.TEAM_LEADER, Role.AGENT])
def test_api_import_is_forbidden_to_everyone_but_hr(org, client, role):
    assert post_roster(client, org.users[role], [roster_row("N0001")]).status_code == 403
    assert not Employee.objects.filter(employee_no="N0001").exists()


def test_cli_imports_a_roster_and_prints_the_counts(org, roster_file):
    out = io.StringIO()

    call_command("import", "roster", str(roster_file([roster_row("N0001")])), stdout=out, stderr=io.StringIO())

    assert "created: 1" in out.getvalue()
    assert Employee.objects.filter(employee_no="N0001").exists()


def test_cli_prints_every_bad_row_and_fails_with_exit_status_1(org, roster_file):
    out = io.StringIO()
    path = roster_file([roster_row("N0001", 团队="sz-zz"), roster_row("N0002")])

    with pytest.raises(CommandError) as failure:
        call_command("import", "roster", str(path), stdout=out, stderr=io.StringIO())

    assert failure.value.returncode == 1
    assert "line 2, column 团队, value 'sz-zz': Unknown team" in out.getvalue()
    assert "nothing was stored" in str(failure.value)
    assert not Employee.objects.filter(employee_no="N0002").exists()


def test_cli_skip_bad_rows_stores_the_good_rows(org, roster_file):
    path = roster_file([roster_row("N0001", 团队="sz-zz"), roster_row("N0002")])

    call_command("import", "roster", str(path), "--skip-bad-rows", stdout=io.StringIO(), stderr=io.StringIO())

    assert Employee.objects.filter(employee_no="N0002").exists()


def test_cli_refuses_a_file_of_the_wrong_type(org, tmp_path):
    path = tmp_path / "roster.txt"
    path.write_text("x")

    with pytest.raises(CommandError) as failure:
        call_command("import", "roster", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert failure.value.returncode == 1 and "not a CSV or XLSX" in str(failure.value)


# ----------------------------------------------------------------------------------- hardening (issue 7)

def test_api_import_reports_the_true_total_the_totals_by_kind_and_a_downloadable_full_list(
        org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hr = org.users[Role.HR_ADMIN]
    rows = [roster_row(f"N{i:04d}", 职等="x") for i in range(1005)] + [roster_row("TS/001")]

    body = post_roster(client, hr, rows).json()

    assert (body["error_count"], len(body["errors"])) == (1006, 1000)
    assert [k["count"] for k in body["errors_by_kind"]] == [1005, 1]
    download = client.get(body["error_file_url"], **bearer(hr))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).worksheets[0]
    rows_out = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows_out) == 1006 and rows_out[-1][:3] == (1007, "工号", "TS/001")
    other_hr = org.users[Role.CENTER_MANAGER]
    assert client.get(body["error_file_url"], **bearer(other_hr)).status_code == 404


def test_api_import_of_an_empty_file_says_the_file_is_empty(org, client):
    data = {"file": SimpleUploadedFile("roster.csv", b"", content_type="text/csv")}

    response = client.post("/api/v1/roster/import", data, HTTP_ACCEPT_LANGUAGE="zh-hans",
                           **bearer(org.users[Role.HR_ADMIN]))

    assert response.status_code == 422
    assert "文件为空" in response.json()["message"] and len(response.json()["errors"]) == 1


def test_cli_says_how_many_errors_there_are_in_all_when_it_lists_the_first_thousand(org, roster_file, settings,
                                                                                   tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    path = roster_file([roster_row(f"N{i:04d}", 职等="x") for i in range(1001)])

    with pytest.raises(CommandError) as failure:
        call_command("import", "roster", str(path), stdout=out, stderr=io.StringIO())

    assert "1001 error(s)" in str(failure.value)
    assert "the first 1000 of 1001 errors" in out.getvalue()
    assert "Every error: " in out.getvalue() and ".xlsx" in out.getvalue()


class BlockingUpload(io.BytesIO):
    """An upload whose reading waits until the test lets it go: an import caught in the middle."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.size = name, len(data)
        self.started, self.go_on = threading.Event(), threading.Event()

    def read(self, *args):
        self.started.set()
        assert self.go_on.wait(30)
        return super().read(*args)


@pytest.mark.django_db(transaction=True)
def test_a_second_roster_import_while_one_runs_answers_409_and_the_first_completes(org, client):
    hr = org.users[Role.HR_ADMIN]
    first = BlockingUpload(csv_bytes([roster_row("N0001")]), "first.csv")
    outcome = {}

    def run_first():
        try:
            outcome["report"] = import_roster_upload(first, user=hr)
        except Exception as exc:  # reported by the assertion below
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run_first)
    thread.start()
    assert first.started.wait(30)
    try:
        second = client.post("/api/v1/roster/import",
                             {"file": SimpleUploadedFile("second.csv", csv_bytes([roster_row("N0002")]))},
                             HTTP_ACCEPT_LANGUAGE="zh-hans", **bearer(hr))
    finally:
        first.go_on.set()
        thread.join(60)

    assert second.status_code == 409
    assert second.json()["code"] == "import_busy"
    assert "另一个导入正在进行" in second.json()["message"] and "first.csv" in second.json()["message"]
    assert "error" not in outcome and outcome["report"].stored
    assert list(Employee.objects.filter(employee_no__in=["N0001", "N0002"]).values_list("employee_no", flat=True)) \
        == ["N0001"]
    assert post_roster(client, hr, [roster_row("N0002")]).status_code == 200
