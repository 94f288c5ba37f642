"""Centers and teams from a file (issue 11, "Setting up a real center without the demo"): `agentpath org import`,
its template and its page; the same row report as the roster import."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from agentpath.accounts.models import Role
from agentpath.common import import_guard
from agentpath.common.import_guard import ImportBusy
from agentpath.common.importing import importer
from agentpath.common.models import ImportRun
from agentpath.common.reports import error_dir
from agentpath.org.importers.structure import import_org_path, org_template_bytes
from agentpath.org.models import Center, Team

from .conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")
ORG_HEADERS = ["中心代码", "中心名称", "城市", "团队代码", "团队名称", "组长工号"]


def org_row(center="hz", center_name="杭州客服中心", city="杭州", team="hz-a", team_name="杭州一组", leader=""):
    return dict(zip(ORG_HEADERS, [center, center_name, city, team, team_name, leader], strict=True))


@pytest.fixture
def org_file(tmp_path):
    counter = iter(range(1000))

    def write(rows, kind="xlsx", headers=ORG_HEADERS):
        path = tmp_path / f"org{next(counter)}.{kind}"
        path.write_bytes(xlsx_bytes(rows, headers) if kind == "xlsx" else csv_bytes(rows, headers))
        return path

    return write


def test_an_empty_database_gets_its_centers_and_teams_and_a_second_import_changes_nothing(db, org_file):
    path = org_file([org_row(), org_row(team="hz-b", team_name="杭州二组"),
                     org_row(center="nj", center_name="南京客服中心", city="南京", team="", team_name="")])

    first = import_org_path(path)
    again = import_org_path(path)

    assert first.stored and (first.rows_read, first.created, first.errors) == (3, 4, [])
    assert {(t.code, t.name, t.center.code) for t in Team.objects.select_related("center")} == \
        {("hz-a", "杭州一组", "hz"), ("hz-b", "杭州二组", "hz")}
    assert Center.objects.get(code="nj").city == "南京"
    assert again.stored and (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_every_bad_row_is_reported_with_line_column_value_and_reason_and_nothing_is_stored(org, org_file):
    path = org_file([
        org_row(),
        org_row(team="hz-a", team_name="重复"),                      # line 3: team code repeated
        org_row(center="深圳", team="x-1"),                           # line 4: not a code
        org_row(center="gz", center_name="广州客服中心", team="sz-a"),  # line 5: sz-a belongs to sz
        org_row(team="hz-c", leader="E99999"),                        # line 6: unknown leader
        org_row(center_name="杭州另一个名字", team="hz-d"),             # line 7: the center named differently
    ], kind="csv")

    report = import_org_path(path)

    assert not report.stored and not Center.objects.filter(code="hz").exists()
    found = {(e.line, e.column, e.value) for e in report.errors}
    assert found == {(3, "团队代码", "hz-a"), (4, "中心代码", "深圳"), (5, "中心代码", "gz"), (6, "组长工号", "E99999"),
                     (7, "中心名称", "杭州另一个名字")}
    reasons = {e.line: e.reason for e in report.errors}
    assert "also appears on line 2" in reasons[3] and "belongs to center sz" in reasons[5]
    assert "Import the roster first" in reasons[6] and "Line 2 gives center hz" in reasons[7]


def test_skip_bad_rows_stores_the_good_ones(db, org_file):
    report = import_org_path(org_file([org_row(), org_row(team="bad code", team_name="x")]), skip_bad_rows=True)

    assert report.stored and report.skipped == 1 and report.created == 2
    assert list(Team.objects.values_list("code", flat=True)) == ["hz-a"]


def test_a_leader_from_the_roster_is_set_and_a_blank_leader_keeps_it(org, org_file):
    leader = org.leaders["sz-a"]
    Team.objects.filter(code="sz-a").update(leader=None)

    import_org_path(org_file([org_row("sz", "深圳中心", "", "sz-a", "深圳A组", leader.employee_no)]))
    report = import_org_path(org_file([org_row("sz", "深圳中心", "", "sz-a", "深圳A组", "")]))

    assert Team.objects.get(code="sz-a").leader == leader and report.unchanged == 2


def test_unknown_and_missing_columns_are_named(db, org_file):
    report = import_org_path(org_file([{"中心名称": "x", "部门": "y"}], headers=["中心名称", "部门"]))

    assert not report.stored
    assert {(e.line, e.column) for e in report.errors} == {(1, "部门"), (1, "中心代码")}


def test_the_template_imports_back_as_is(org, tmp_path):
    path = tmp_path / "org-template.xlsx"
    path.write_bytes(org_template_bytes())

    report = import_org_path(path)

    assert report.stored and report.errors == [] and report.unchanged == Center.objects.count() + Team.objects.count()


def test_cli_org_import_prints_the_row_report_and_fails_on_a_rejected_file(db, org_file, tmp_path):
    out = io.StringIO()
    call_command("org", "import", str(org_file([org_row()])), stdout=out, stderr=io.StringIO())
    assert "created: 2" in out.getvalue()

    out = io.StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("org", "import", str(org_file([org_row(team="a b")])), stdout=out, stderr=io.StringIO())
    assert "line 2, column 团队代码, value 'a b'" in out.getvalue()

    call_command("org", "template", str(tmp_path / "mine.xlsx"), stdout=io.StringIO())
    assert (tmp_path / "mine.xlsx").stat().st_size > 0
    assert importer("org") is import_org_path  # agentpath import org FILE is the same import


def test_hr_imports_centers_and_teams_on_the_page_beside_the_roster_import(org, client):
    client.force_login(org.users[Role.HR_ADMIN])
    roster_page = client.get("/people/import/").content.decode()
    assert 'href="/people/import/org/"' in roster_page

    upload = SimpleUploadedFile("org.xlsx", xlsx_bytes([org_row()], ORG_HEADERS))
    html = client.post("/people/import/org/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert Team.objects.filter(code="hz-a", center__code="hz").exists()
    assert 'data-testid="created">2<' in html
    template = client.get("/people/import/org/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")


def test_only_hr_may_import_centers_and_teams(org, client):
    client.force_login(org.users[Role.CENTER_MANAGER])
    assert client.get("/people/import/org/").status_code == 403
    assert client.get("/people/import/org/template.xlsx").status_code == 403


def test_an_org_file_of_60_teams_is_stored_in_as_many_queries_as_one_of_6(db, org_file, queries):
    """Ten times the rows, no more queries (60 teams stay inside one INSERT even with SQLite's parameter limit)."""
    def rows(count, prefix):
        return [org_row(center=f"{prefix}{n % 5}", center_name=f"中心{prefix}{n % 5}", team=f"{prefix}{n % 5}-t{n}",
                        team_name=f"团队{prefix}{n}") for n in range(count)]

    small, large = org_file(rows(6, "s"), kind="csv"), org_file(rows(60, "c"), kind="csv")
    reports = []
    queries.same_at_two_sizes(lambda: reports.append(import_org_path(small)),
                              lambda: reports.append(import_org_path(large)))

    assert reports[1].stored and reports[1].created == 65 and Team.objects.count() == 66
    queries.same_at_two_sizes(lambda: reports.append(import_org_path(small)),
                              lambda: reports.append(import_org_path(large)))
    assert reports[2].unchanged == 11 and reports[3].unchanged == 65


def test_one_org_import_at_a_time_and_every_run_is_recorded_with_its_error_list(db, org_file):
    running = import_guard.begin("org")
    with pytest.raises(ImportBusy):
        import_org_path(org_file([org_row()]))
    import_guard.finish(running, stored=True)

    report = import_org_path(org_file([org_row(team="a b")]))

    assert ImportRun.objects.filter(kind="org").order_by("-started_at").first().status == "rejected"
    assert (error_dir() / report.error_file).is_file()
