"""Pages and API endpoints: who sees what (404 outside scope), bounded queries, the upload flow."""
import datetime
import io

import pytest

from agentpath.accounts.models import Role
from agentpath.performance.demo_data import generate_demo_kpi
from agentpath.performance.models import KpiDay, KpiImport

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_data(kpi):
    generate_demo_kpi(3, datetime.date.today())
    return kpi


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
    assert client.get("/kpi/import/").status_code == 404


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
    assert client.get("/kpi/import/").status_code == 404


@pytest.mark.parametrize("role", [Role.HR_ADMIN, Role.QA])
def test_hr_and_qa_may_open_the_import_page(kpi, client_for, role):
    assert client_for(kpi.users[role]).get("/kpi/import/").status_code == 200


def test_pages_use_a_bounded_number_of_queries(with_data, client_for, django_assert_max_num_queries):
    org = with_data
    client = client_for(org.users[Role.HR_ADMIN])
    with django_assert_max_num_queries(14):
        assert client.get(f"/kpi/employees/{org.agents['sz-a'][0].employee_no}/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/kpi/teams/sz-a/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/kpi/centers/sz/").status_code == 200


def test_the_performance_fragment_renders_for_the_three_files_page(with_data):
    from django.template.loader import render_to_string

    from agentpath.performance.selectors import performance_summary_for

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
