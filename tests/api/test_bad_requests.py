"""Requests a server cannot use answer a clear 400/422, never a 500 with a traceback (DEBUG on or off)."""
import pytest

from agentpath.accounts.models import Role

pytestmark = pytest.mark.django_db

UPLOADS = ["/people/import/", "/kpi/import/", "/api/v1/roster/import"]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize("url", UPLOADS)
def test_an_upload_without_a_multipart_boundary_is_400_with_a_message(org, client_for, debug, url):
    client = client_for(org.users[Role.HR_ADMIN])
    response = client.post(url, b"--x\r\nnot a form\r\n", content_type="multipart/form-data",
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    text = response.json()["message"] if url.startswith("/api/") else response.content.decode()
    assert "multipart" in text and "Traceback" not in text


def test_an_api_upload_without_a_boundary_sent_with_a_bearer_token_is_400(org, csrf_client, hr_bearer, debug):
    response = csrf_client.post("/api/v1/roster/import", b"--x\r\n", content_type="multipart/form-data", **hr_bearer)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request" and response.json()["message"]


def test_a_huge_page_number_in_the_api_is_422_with_a_message(org, csrf_client, hr_bearer, debug):
    response = csrf_client.get("/api/v1/employees?page=922337203685477580", **hr_bearer)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"


def test_a_page_past_the_last_in_the_api_is_an_empty_list(org, csrf_client, hr_bearer):
    response = csrf_client.get("/api/v1/employees?page=1000", **hr_bearer)
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] == 12


@pytest.mark.parametrize("page", ["922337203685477580", "-1", "abc", "1e400"])
def test_a_huge_or_odd_page_number_on_the_people_list_shows_a_page_of_people(org, client_for, debug, page):
    response = client_for(org.users[Role.HR_ADMIN]).get(f"/people/?page={page}")
    assert response.status_code == 200
    assert org.agents["sz-a"][0].employee_no in response.content.decode()


def test_a_nul_character_in_a_kpi_record_is_422_with_a_message(org, csrf_client, hr_bearer):
    batch = '{"records": [{"employee_no": "E1\\u0000", "date": "2026-06-01", "metric": "aht", "value": 1}]}'
    response = csrf_client.post("/api/v1/kpi/records", batch, content_type="application/json",
                                HTTP_ACCEPT_LANGUAGE="zh-hans", **hr_bearer)
    assert response.status_code == 422
    assert response.json()["code"] == "nul_character" and "NUL" in response.json()["message"]


def test_an_escaped_backslash_before_u0000_is_ordinary_text(org, csrf_client, hr_bearer):
    batch = '{"records": [{"employee_no": "E1\\\\u0000", "date": "2026-06-01", "metric": "aht", "value": 1}]}'
    response = csrf_client.post("/api/v1/kpi/records", batch, content_type="application/json", **hr_bearer)
    assert response.status_code == 422
    assert response.json()["code"] == "import_rejected"  # an unknown employee, not a NUL refusal
    assert response.json()["errors"][0]["field"] == "employee_no"


@pytest.mark.parametrize("url", ["/api/v1/employees/E%00", "/api/v1/employees?q=a%00b",
                                 "/api/v1/kpi/employees/E%00/ranks"])
def test_a_nul_character_in_an_api_address_is_422(org, csrf_client, hr_bearer, url):
    response = csrf_client.get(url, **hr_bearer)
    assert response.status_code == 422
    assert response.json()["code"] == "nul_character" and "NUL" in response.json()["message"]


def test_a_nul_character_in_a_page_address_is_400(org, client_for):
    response = client_for(org.users[Role.HR_ADMIN]).get("/people/?q=a%00b")
    assert response.status_code == 400


@pytest.mark.parametrize("field, text", [("employee_no", "E1\r2"), ("metric", "aht\n"), ("value", "1\r2")])
def test_a_line_break_inside_a_kpi_record_is_422_naming_the_field(org, csrf_client, hr_bearer, field, text):
    record = {"employee_no": "E1", "date": "2026-06-01", "metric": "aht", "value": 1, field: text}
    response = csrf_client.post("/api/v1/kpi/records", {"records": [record]}, content_type="application/json",
                                **hr_bearer)
    assert response.status_code == 422
    assert field in {error["field"].split(".")[-1] for error in response.json()["errors"]}
