"""Every text an integration can send has a limit the OpenAPI document states (the model's column length, or the
documented cap for free text), and one character more answers 422 in the ApiError shape — never a 500 (PostgreSQL
refused a 301-character IDP goal with a DataError) nor a stored 100,000-character text (SQLite)."""
import datetime
import json
import re
import secrets

import pytest

from agentpath.accounts.models import Role
from agentpath.api import api
from agentpath.api_common import TEXT_MAX_LENGTH
from agentpath.development.models import Idp, IdpGoal
from tests.api.openapi_walk import WRITE_METHODS, json_body, operations, string_fields

pytestmark = pytest.mark.django_db

UNBOUNDED_FORMATS = {"date", "date-time", "time", "binary"}  # parsed by their format, never stored as text


@pytest.fixture(scope="module")
def document(django_db_blocker):
    with django_db_blocker.unblock():
        return api.get_openapi_schema(path_prefix="/api/v1/")


def write_string_fields(document):
    for method, path, op in operations(document):
        body = json_body(document, op)
        if method.lower() in WRITE_METHODS and body is not None:
            for field, schema in string_fields(document, body):
                yield method, path, op, field, schema


def test_every_string_a_write_operation_takes_has_a_max_length(document):
    unbounded = [(method, path, field) for method, path, _op, field, schema in write_string_fields(document)
                 if "maxLength" not in schema and "enum" not in schema
                 and schema.get("format") not in UNBOUNDED_FORMATS]
    assert unbounded == [], unbounded


def test_every_text_a_query_takes_has_a_max_length(document):
    unbounded = [(method, path, param["name"]) for method, path, op in operations(document)
                 for param in op.get("parameters", []) if param["in"] == "query"
                 for _field, schema in string_fields(document, param["schema"])
                 if "maxLength" not in schema and "enum" not in schema
                 and schema.get("format") not in UNBOUNDED_FORMATS]
    assert unbounded == [], unbounded


def test_free_text_caps_are_the_documented_one(document):
    idp = document["components"]["schemas"]["IdpIn"]["properties"]["goals"]["items"]
    assert idp["maxLength"] == IdpGoal._meta.get_field("text").max_length == 300
    comment = document["components"]["schemas"]["CommentIn"]["properties"]["comment"]
    assert comment["maxLength"] == TEXT_MAX_LENGTH  # Idp.leader_comment is a TextField
    assert Idp._meta.get_field("leader_comment").max_length is None


def _body_with(field: str, value: str):
    """A JSON body with `value` at the dotted path `field` (0 for an array's element), nothing else."""
    parts = field.split(".")
    leaf = value
    for part in reversed(parts):
        leaf = [leaf] if part == "0" else {part: leaf}
    return leaf


def _address(path: str, op: dict) -> str:
    params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "path"}
    return re.sub(r"\{(\w+)\}", lambda m: "1" if params[m[1]]["schema"].get("type") == "integer" else "E1", path)


def test_one_character_past_every_limit_is_422_naming_the_field_never_a_server_error(document, org, csrf_client,
                                                                                     hr_bearer):
    checked, wrong = 0, {}
    for method, path, op, field, schema in write_string_fields(document):
        if "maxLength" not in schema:
            continue
        too_long = "x" * (schema["maxLength"] + 1)
        response = csrf_client.generic(method, _address(path, op), data=json.dumps(
            _body_with(field, too_long)), content_type="application/json", **hr_bearer)
        checked += 1
        body = response.json() if response["Content-Type"].startswith("application/json") else {}
        named = [e for e in body.get("errors", []) if e.get("field") == field]
        if response.status_code != 422 or body.get("code") != "validation_error" or not body.get("message") or \
                "string_too_long" not in [e["code"] for e in named]:  # (a union's other member may fail too)
            wrong[(method, path, field)] = (response.status_code, response.content[:300])
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())
    assert checked >= 30  # the walk reached the write operations' fields


def test_an_idp_goal_of_the_columns_length_is_stored_and_one_more_is_refused(org, csrf_client, hr_bearer):
    """The reproduction: a 301-character goal was a 500 DataError on PostgreSQL; 300 fits the column."""
    agent = org.agents["sz-a"][0]
    url = f"/api/v1/development/employees/{agent.employee_no}/idp"
    fits = csrf_client.post(url, {"goals": ["目" * 300]}, content_type="application/json", **hr_bearer)
    too_long = csrf_client.post(url, {"goals": ["目" * 301]}, content_type="application/json", **hr_bearer)
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "goals.0"
    assert fits.status_code in (200, 403), fits.content[:300]  # stored, or refused by a rule: never a 500
    if fits.status_code == 200:
        assert IdpGoal.objects.get().text == "目" * 300


@pytest.mark.parametrize("period", ["1900Q1", "2101Q1", "2026Q5", "2026-13", "26Q1", "Q1", "0000-01"])
def test_a_self_assessment_for_a_period_out_of_range_or_form_is_422_naming_the_period(org, csrf_client, period):
    agent = org.users[Role.AGENT]
    csrf_client.force_login(agent)
    csrf_client.cookies["csrftoken"] = secret = secrets.token_hex(16)  # the cookie a browser holds, sent back
    response = csrf_client.post(f"/api/v1/talent/employees/{agent.employee.employee_no}/assessments",
                                {"competency": "communication", "period": period, "level": 3},
                                content_type="application/json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_error"
    assert [e["field"] for e in response.json()["errors"]] == ["period"]


def test_a_period_in_range_passes_the_schema(org, csrf_client, hr_bearer):
    agent = org.agents["sz-a"][0]
    this_quarter = f"{datetime.date.today().year}Q1"
    response = csrf_client.post(f"/api/v1/talent/employees/{agent.employee_no}/potential",
                                {"period": this_quarter, "rating": 3}, content_type="application/json", **hr_bearer)
    assert response.status_code in (201, 422)
    assert not any(e.get("field") == "period" for e in response.json().get("errors", []))
