"""Pages and API endpoints: who sees what (404 outside scope), bounded queries, the upload flow."""
import datetime
import io

import pytest
from django.template.loader import render_to_string

from agentpath.accounts.models import Role
from agentpath.org.services import record_move
from agentpath.performance.demo_data import generate_demo_kpi
from agentpath.performance.models import KpiDay, KpiImport
from agentpath.performance.ranking import compute_ranks
from agentpath.performance.selectors import performance_summary_for
from tests.factories import EmployeeFactory
from tests.performance.conftest import TODAY, texts
from tests.performance.test_ranks import put

pytestmark = pytest.mark.django_db
JUNE = datetime.date(2026, 6, 10)


@pytest.fixture
def with_data(kpi, clock):
    generate_demo_kpi(3, TODAY)
    return kpi


@pytest.fixture
def june(kpi, clock):
    """2026Q2, one peer group of four in 深圳 (A, B, C of team sz-a and D of sz-b), hand-computed:
    FCR scores A 1, B 2/3, C 1/3, D 0; AHT (lower is better; A and B tie) A 2/3, B 2/3, C 1/3, D 0;
    composites A 0.833, B 0.667, C 0.333, D 0 → ranks 1-4, percentiles 100, 66.7, 33.3, 0;
    bottom half (rank − 1 ≥ 4 × 0.5): C and D."""
    a, b, c = kpi.agents["sz-a"]
    d = kpi.agents["sz-b"][0]
    put([(a, JUNE, {"fcr": 90, "aht": 300}), (b, JUNE, {"fcr": 80, "aht": 300}),
         (c, JUNE, {"fcr": 70, "aht": 400}), (d, JUNE, {"fcr": 60, "aht": 500})])
    compute_ranks("2026-06", today=TODAY)
    compute_ranks("2026Q2", today=TODAY)
    return a, b, c, d


def test_agent_sees_only_their_own_performance_file(with_data, client_for):
    org = with_data
    client = client_for(org.users[Role.AGENT])
    own, other = org.agents["sz-a"][0], org.agents["sz-a"][1]
    page = client.get(f"/kpi/employees/{own.employee_no}/")
    assert page.status_code == 200
    assert b"kpi-file" in page.content and b"rank-history" in page.content
    assert client.get(f"/kpi/employees/{other.employee_no}/").status_code == 404
    assert client.get("/kpi/teams/sz-a/").status_code == 404
    assert client.get("/kpi/centers/sz/").status_code == 404
    assert client.get("/kpi/import/").status_code == 403  # refused, as the API refuses the import


def test_team_leader_sees_their_own_team_only(with_data, client_for):
    org = with_data
    client = client_for(org.users[Role.TEAM_LEADER])
    assert client.get(f"/kpi/employees/{org.agents['sz-a'][1].employee_no}/").status_code == 200
    assert client.get(f"/kpi/employees/{org.agents['sz-b'][0].employee_no}/").status_code == 404
    team = client.get("/kpi/teams/sz-a/")
    assert team.status_code == 200 and b"team-table" in team.content
    assert client.get("/kpi/teams/sz-b/").status_code == 404
    assert client.get("/kpi/centers/sz/").status_code == 404


def test_center_manager_sees_their_centers_only(with_data, client_for):
    org = with_data
    client = client_for(org.users[Role.CENTER_MANAGER])
    page = client.get("/kpi/centers/sz/")
    assert page.status_code == 200 and b"center-bottom" in page.content
    assert client.get("/kpi/centers/gz/").status_code == 404
    assert client.get("/kpi/teams/sz-b/").status_code == 200
    assert client.get("/kpi/teams/gz-a/").status_code == 404
    assert client.get(f"/kpi/employees/{org.agents['gz-a'][0].employee_no}/").status_code == 404
    assert client.get("/kpi/import/").status_code == 403


@pytest.mark.parametrize("role", [Role.HR_ADMIN, Role.QA])
def test_hr_and_qa_may_open_the_import_page(kpi, client_for, role):
    assert client_for(kpi.users[role]).get("/kpi/import/").status_code == 200


def test_pages_take_as_many_queries_for_a_team_four_times_larger(with_data, client_for, queries):
    org = with_data
    client = client_for(org.users[Role.HR_ADMIN])
    pages = [queries.page(client, url) for url in
             (f"/kpi/employees/{org.agents['sz-a'][0].employee_no}/", "/kpi/teams/sz-a/", "/kpi/centers/sz/")]

    def nine_more_agents_with_two_weeks_of_kpi():
        more = EmployeeFactory.create_batch(9, center=org.centers[0], team=org.teams[0],
                                            position=org.agents["sz-a"][0].position)
        put([(person, datetime.date(2026, 7, day), {"fcr": 60 + day, "aht": 300 + day})
             for person in more for day in range(1, 15)])
        compute_ranks("2026-07", today=TODAY)
        compute_ranks("2026Q3", today=TODAY)

    queries.do_not_grow(*pages, grow=nine_more_agents_with_two_weeks_of_kpi)


def test_the_performance_fragment_renders_for_the_three_files_page(with_data):
    org = with_data
    summary = performance_summary_for(org.users[Role.HR_ADMIN], org.agents["sz-a"][0])
    html = render_to_string("performance/_employee_performance.html", {"summary": summary})
    assert "kpi-file" in html and "echarts" in html
    with pytest.raises(Exception):  # noqa: B017 - Http404 outside the agent's scope
        performance_summary_for(org.users[Role.AGENT], org.agents["sz-a"][1])


def test_upload_runs_in_the_background_and_reports_progress_and_errors(kpi, client_for,
                                                                       django_capture_on_commit_callbacks):
    client = client_for(kpi.users[Role.HR_ADMIN])
    a = kpi.agents["sz-a"][0]
    data = f"employee_no,date,aht\n{a.employee_no},2026-06-01,300\nNOBODY,2026-06-01,300\n".encode()
    upload = io.BytesIO(data)
    upload.name = "june.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kpi/import/", {"file": upload})
    kpi_import = KpiImport.objects.get()
    assert response.status_code == 302 and response.url == f"/kpi/import/{kpi_import.pk}/"
    assert kpi_import.status == KpiImport.Status.REJECTED
    page = client.get(response.url)
    assert b"import-errors" in page.content and b"NOBODY" in page.content
    report = client.get(f"/kpi/import/{kpi_import.pk}/errors.xlsx")
    assert report.status_code == 200 and report["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not KpiDay.objects.exists()
    upload = io.BytesIO(data)
    upload.name = "june.csv"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kpi/import/", {"file": upload, "skip_bad_rows": "on"})
    assert KpiImport.objects.filter(status=KpiImport.Status.DONE).count() == 1
    assert KpiDay.objects.count() == 1
    progress = client.get(f"/kpi/import/{KpiImport.objects.first().pk}/progress/")
    assert progress.status_code == 200 and b"100%" in progress.content


def test_api_batch_stores_values_and_rejects_bad_batches(kpi, client_for):
    client = client_for(kpi.users[Role.HR_ADMIN])
    a = kpi.agents["sz-a"][0]
    good = {"records": [{"employee_no": a.employee_no, "date": "2026-06-01", "metric": "aht", "value": 300},
                        {"employee_no": a.employee_no, "date": "2026-06-01", "metric": "fcr", "value": 82.5}]}
    response = client.post("/api/v1/kpi/records", good, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    bad = {"records": [{"employee_no": a.employee_no, "date": "2026-06-02", "metric": "aht", "value": -1}]}
    response = client.post("/api/v1/kpi/records", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["line"] == 1
    days = client.get(f"/api/v1/kpi/employees/{a.employee_no}/records").json()
    assert days["days"] == [{"date": "2026-06-01", "values": {"aht": 300.0, "fcr": 82.5}}]


def test_api_scoping(with_data, client_for):
    org = with_data
    agent = client_for(org.users[Role.AGENT])
    own, other = org.agents["sz-a"][0], org.agents["sz-a"][1]
    assert agent.get(f"/api/v1/kpi/employees/{own.employee_no}/ranks").status_code == 200
    assert agent.get(f"/api/v1/kpi/employees/{other.employee_no}/ranks").status_code == 404
    assert agent.get(f"/api/v1/kpi/employees/{other.employee_no}/records").status_code == 404
    batch = {"records": [{"employee_no": own.employee_no, "date": "2026-06-01", "metric": "aht", "value": 1}]}
    assert agent.post("/api/v1/kpi/records", batch, content_type="application/json").status_code == 403
    ranks = agent.get(f"/api/v1/kpi/employees/{own.employee_no}/ranks?kind=quarter").json()["ranks"]
    assert ranks and {r["group"] for r in ranks} == {"business", "value"}


def test_agent_reads_their_rank_percentile_and_composite_on_their_file(june, client_for, kpi):
    a = june[0]
    page = client_for(kpi.users[Role.AGENT]).get(f"/kpi/employees/{a.employee_no}/", HTTP_ACCEPT_LANGUAGE="en")
    shown = texts(page.content)
    assert shown["latest-rank-business"] == ["No. 1 of 4"]
    assert shown["latest-percentile-business"] == ["100.0"]
    assert shown["latest-composite-business"] == ["0.833"]
    history = texts(page.content)["rank-2026Q2-business"][0]
    assert "0.833" in history and "1 / 4" in history and "100.0" in history
    assert "bottom-half" not in shown
    chart = page.context["chart_data"]
    june_index = chart["months"].index("2026-06")
    assert chart["groups"][0]["monthly"][june_index] == 100.0
    fcr = next(m for m in chart["metrics"] if m["code"] == "fcr")
    assert fcr["values"][june_index] == 90
    assert chart["months"][-1] == "2026-07" and len(chart["months"]) == 12  # the clock: 15 July 2026


def test_bottom_half_member_sees_it_marked_on_their_file(june, client_for, kpi):
    c = june[2]
    page = client_for(kpi.users[Role.HR_ADMIN]).get(f"/kpi/employees/{c.employee_no}/", HTTP_ACCEPT_LANGUAGE="en")
    shown = texts(page.content)
    assert shown["latest-rank-business"] == ["No. 3 of 4"]
    assert shown["latest-percentile-business"] == ["33.3"]
    assert shown["bottom-half"] == ["bottom half", "bottom half"]  # the card and the history row


def test_team_leader_reads_each_members_rank_and_the_bottom_half(june, client_for, kpi):
    a, b, c, d = june
    page = client_for(kpi.users[Role.TEAM_LEADER]).get("/kpi/teams/sz-a/?period=2026Q2", HTTP_ACCEPT_LANGUAGE="en")
    shown = texts(page.content)
    rows = {no: shown[f"member-{no}"][0] for no in (a.employee_no, b.employee_no, c.employee_no)}
    assert f"member-{d.employee_no}" not in shown  # D is in team sz-b
    # rank, peer group (with its size) and percentile each in their own cell (issue 11)
    assert "4 people 100.0" in rows[a.employee_no] and "bottom half" not in rows[a.employee_no]
    assert "4 people 66.7" in rows[b.employee_no] and "bottom half" not in rows[b.employee_no]
    assert "4 people 33.3" in rows[c.employee_no] and "bottom half" in rows[c.employee_no]
    assert shown["bottom-count"] == ["1 person is in the bottom half of their peer group."]


def test_center_view_counts_per_team_and_lists_the_bottom_half(june, client_for, kpi):
    a, b, c, d = june
    page = client_for(kpi.users[Role.CENTER_MANAGER]).get("/kpi/centers/sz/?period=2026Q2",
                                                            HTTP_ACCEPT_LANGUAGE="en")
    shown = texts(page.content)
    assert "3 · 66.7 · 1" in shown["team-sz-a"][0]  # people · mean percentile · in the bottom half
    assert "1 · 0.0 · 1" in shown["team-sz-b"][0]
    assert {k for k in shown if k.startswith("bottom-E")} == {f"bottom-{c.employee_no}", f"bottom-{d.employee_no}"}
    assert " 3 4 33.3 " in shown[f"bottom-{c.employee_no}"][0]  # rank, peer group size, percentile


def test_team_view_lists_who_was_in_the_team_in_that_period(june, client_for, kpi):
    a, b, c, d = june
    record_move(b, kind="team_change", effective_date=datetime.date(2026, 7, 6), team=kpi.teams[1])  # to sz-b
    hr = client_for(kpi.users[Role.HR_ADMIN])
    sz_a = texts(hr.get("/kpi/teams/sz-a/?period=2026Q2", HTTP_ACCEPT_LANGUAGE="en").content)
    sz_b = texts(hr.get("/kpi/teams/sz-b/?period=2026Q2").content)
    assert f"member-{b.employee_no}" in sz_a and f"member-{b.employee_no}" not in sz_b
    assert "4 people 66.7" in sz_a[f"member-{b.employee_no}"][0]


def test_performance_file_shows_each_months_value_by_the_metrics_own_rule(kpi, clock):
    a = kpi.agents["sz-a"][0]
    put([(a, datetime.date(2026, 6, day), {"calls_handled": 90, "aht": aht, "deductions": 2})
         for day, aht in ((1, 300), (2, 600), (3, 300))]
        + [(a, datetime.date(2026, 6, 4), {"calls_handled": 0, "attendance": 0})])  # absent: not a day worked
    summary = performance_summary_for(kpi.users[Role.HR_ADMIN], a)
    june = summary.months.index("2026-06")
    values = {m["code"]: m["values"][june] for m in summary.metric_series}
    assert values["calls_handled"] == 90  # per day worked, not the month's 270
    assert values["aht"] == 400  # call-weighted mean of equal-call days
    assert summary.deductions == [{"month": "2026-06", "points": 6}]  # a sum
