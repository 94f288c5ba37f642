"""Integrations write with a bearer token and no CSRF token; a browser session still needs its CSRF token."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agentpath.accounts.models import Role
from agentpath.performance.services import load_default_scorecards
from tests.org.conftest import csv_bytes, roster_row

pytestmark = pytest.mark.django_db


def _batch(org):
    agent = org.agents["sz-a"][0]
    return {"records": [{"employee_no": agent.employee_no, "date": "2026-06-01", "metric": "aht", "value": 300}]}


@pytest.fixture
def kpi(org):
    load_default_scorecards()
    return org


def test_bearer_token_batch_post_is_accepted_without_a_csrf_token(kpi, csrf_client, hr_bearer):
    response = csrf_client.post("/api/v1/kpi/records", _batch(kpi), content_type="application/json", **hr_bearer)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1


def test_bearer_token_roster_upload_is_accepted_without_a_csrf_token(org, csrf_client, hr_bearer):
    upload = SimpleUploadedFile("roster.csv", csv_bytes([roster_row("N0001")]), content_type="text/csv")
    response = csrf_client.post("/api/v1/roster/import", {"file": upload}, **hr_bearer)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1


def test_session_post_without_csrf_token_is_refused(kpi, csrf_client):
    csrf_client.force_login(kpi.users[Role.HR_ADMIN])
    response = csrf_client.post("/api/v1/kpi/records", _batch(kpi), content_type="application/json")
    assert response.status_code == 403


def test_session_post_with_its_csrf_token_is_accepted(kpi, csrf_client):
    csrf_client.force_login(kpi.users[Role.HR_ADMIN])
    csrf_client.get("/kpi/import/")  # the page sets the CSRF cookie a browser would carry
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/api/v1/kpi/records", _batch(kpi), content_type="application/json",
                                HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_a_wrong_bearer_token_answers_401_not_a_csrf_failure(org, csrf_client):
    response = csrf_client.post("/api/v1/kpi/records", {"records": []}, content_type="application/json",
                                HTTP_AUTHORIZATION="Bearer ap_wrong")
    assert response.status_code == 401
