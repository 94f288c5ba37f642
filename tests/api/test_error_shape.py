"""Every error answer of /api/v1/ is one ApiError {code, message, errors: [{code, field?, line?, message}]} (or a
schema extending it, such as an import's rejection with its report), declared so in the OpenAPI document, with a
stable code listed in docs/api.md."""
import ast
import datetime
import json
import pathlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponseServerError
from django.test import RequestFactory

from agentpath.accounts.models import Role
from agentpath.api import api
from agentpath.api_common import ERROR_CODES, statuses
from agentpath.common.errors import Conflict, DomainError
from agentpath.middleware import in_api_shape
from tests.api.openapi_walk import REF, alternatives, operations, resolve
from tests.org.conftest import csv_bytes, roster_row

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _types(schema: dict) -> set[str]:
    return {schema["type"]} if "type" in schema else {t for alt in schema.get("anyOf", []) for t in _types(alt)}


def _problems_of_error_schema(document, schema: dict) -> list[str]:
    """Why `schema` is not ApiError or a schema extending it (its properties and required fields, the items' too)."""
    problems = []
    error, item = (document["components"]["schemas"][name] for name in ("ApiError", "ApiErrorItem"))
    for alt in alternatives(document, schema):
        props = alt.get("properties", {})
        if not set(error["required"]) <= set(alt.get("required", [])):
            problems.append(f"required {alt.get('required')} lacks {error['required']}")
        for name in ("code", "message"):
            if props.get(name, {}).get("type") != "string":
                problems.append(f"{name} is not a string: {props.get(name)}")
        errors = props.get("errors", {})
        items = resolve(document, errors.get("items", {})) if errors.get("type") == "array" else {}
        if not set(item["properties"]) <= set(items.get("properties", {})) or \
                not set(item["required"]) <= set(items.get("required", [])):
            problems.append(f"errors' items are not ApiErrorItem: {errors}")
        else:
            for name, declared in item["properties"].items():  # the same type, or narrower (int of int | null)
                if not _types(items["properties"][name]) <= _types(declared):
                    problems.append(f"errors' item field {name} is {items['properties'][name]}, not {declared}")
    return problems


def test_every_error_answer_in_the_openapi_document_is_api_error_or_extends_it(document):
    wrong = {}
    for method, path, op in operations(document):
        for status, response in op["responses"].items():
            if int(status) < 400:
                continue
            content = response.get("content", {})
            if "application/json" not in content:
                wrong[(method, path, status)] = f"no JSON body: {sorted(content)}"
                continue
            problems = _problems_of_error_schema(document, content["application/json"]["schema"])
            if problems:
                wrong[(method, path, status)] = problems
    assert wrong == {}


def test_the_openapi_document_lists_every_error_code_with_its_status(document):
    described = document["components"]["schemas"]["ApiError"]["properties"]["code"]["description"]
    for code in ERROR_CODES:
        assert f"`{code}` ({statuses(code)})" in described


def test_an_import_rejection_extends_api_error_with_the_report_integrations_read(document):
    schemas = document["components"]["schemas"]
    for path in ("/api/v1/roster/import", "/api/v1/training/completions/import", "/api/v1/exams/questions/import"):
        declared = document["paths"][path]["post"]["responses"]["422"]["content"]["application/json"]["schema"]
        rejected = schemas[declared["anyOf"][0]["$ref"].removeprefix(REF)]
        assert {"code", "message", "errors", "rows_read", "error_count", "error_file_url", "errors_by_kind"} \
            <= set(rejected["properties"]), path
        row = resolve(document, rejected["properties"]["errors"]["items"])
        assert {"code", "field", "line", "message", "column", "value", "reason"} <= set(row["properties"])


def _raised_codes() -> dict[str, set[int]]:
    """The top-level codes written in src/, each with the statuses it is raised with: a DomainError subclass's
    `code`, `code=` given to one when raised (with its class's status or `status=`), and the code of an answer built
    with api_common.refusal or api.answer (with its status)."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (ROOT / "src" / "agentpath").rglob("*.py")
             if "migrations" not in p.parts]
    status = {"DomainError": 422, "Invalid": 422, "Forbidden": 403, "NotFound": 404, "Conflict": 409}
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:  # subclasses of subclasses, in any app, with their own status or their base's
        grew = False
        for node in classes:
            base = next((b for b in (getattr(b, "id", getattr(b, "attr", None)) for b in node.bases) if b in status),
                        None)
            if base is not None and node.name not in status:
                status[node.name] = next((stmt.value.value for stmt in node.body if isinstance(stmt, ast.Assign)
                                          and any(getattr(t, "id", None) == "status" for t in stmt.targets)),
                                         status[base])
                grew = True
    codes: dict[str, set[int]] = {}
    for node in classes:
        if node.name in status:
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == "code" for t in stmt.targets):
                    codes.setdefault(stmt.value.value, set()).add(status[node.name])
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            keywords = {kw.arg: kw.value.value for kw in node.keywords if isinstance(kw.value, ast.Constant)}
            if name in status and "code" in keywords:
                codes.setdefault(keywords["code"], set()).add(keywords.get("status", status[name]))
            if name in ("refusal", "answer", "api_error") and len(node.args) >= 2:
                constants = [a.value for a in node.args if isinstance(a, ast.Constant)]
                numbers = [c for c in constants if isinstance(c, int)]
                texts = [c for c in constants if isinstance(c, str)]
                if numbers and texts:
                    codes.setdefault(texts[0], set()).add(numbers[0])
    return codes


def test_every_error_code_raised_in_the_code_is_listed_with_its_status_and_meaning():
    raised = _raised_codes()
    assert {"forbidden", "not_found", "import_busy", "state_changed"} <= set(raised)  # the scan finds them
    assert set(raised) - set(ERROR_CODES) == set(), "add these codes to api_common.ERROR_CODES and docs/api.md"
    listed = {code: {int(s) for s in statuses(code).split(", ")} for code in ERROR_CODES}
    assert {code: found for code, found in raised.items() if not found <= listed[code]} == {}, \
        "a code answered with a status api_common.ERROR_CODES does not list for it"
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for code in ERROR_CODES:
        assert f"| `{code}` | {statuses(code)} |" in docs, code


def assert_api_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], list)
    for item in body["errors"]:
        assert {"code", "message"} <= set(item) and set(item) >= {"code", "message"}
    return body


def test_anonymous_is_401_not_authenticated(org, csrf_client):
    assert_api_error(csrf_client.get("/api/v1/employees"), 401, "not_authenticated")


def test_a_session_write_without_its_csrf_token_is_403_csrf_failed(org, csrf_client):
    csrf_client.force_login(org.users[Role.HR_ADMIN])
    response = csrf_client.post("/api/v1/kpi/records", {"records": []}, content_type="application/json")
    assert_api_error(response, 403, "csrf_failed")


def test_a_role_that_may_not_is_403_forbidden(org, csrf_client):
    csrf_client.force_login(org.users[Role.AGENT])
    assert_api_error(csrf_client.get("/api/v1/development/anchors/reliability"), 403, "forbidden")


@pytest.mark.parametrize("url", ["/api/v1/employees/NOBODY", "/api/v1/employees/NOBODY/path",
                                 "/api/v1/talent/rounds/999999", "/api/v1/exams/attempts/999999",
                                 "/api/v1/training/employees/NOBODY", "/api/v1/no-such-thing",
                                 "/api/v1/employees/E1/no-such-thing"])
def test_an_unknown_object_or_address_is_404_not_found(org, csrf_client, hr_bearer, url):
    assert_api_error(csrf_client.get(url, **hr_bearer), 404, "not_found")


@pytest.mark.parametrize("debug", [False, True])
def test_an_address_unknown_to_django_is_404_in_the_shape_with_debug_on_or_off(org, csrf_client, hr_bearer,
                                                                               settings, debug):
    settings.DEBUG = debug
    assert_api_error(csrf_client.get("/api/v1/", **hr_bearer), 404, "not_found")


def test_a_method_the_address_does_not_take_is_405_method_not_allowed(org, csrf_client, hr_bearer):
    response = csrf_client.delete("/api/v1/employees", **hr_bearer)
    assert_api_error(response, 405, "method_not_allowed")


def test_a_schema_mismatch_is_422_validation_error_naming_each_field_by_its_dotted_path(org, csrf_client, hr_bearer):
    batch = {"records": [{"employee_no": "E1", "date": "2026-06-01", "metric": "aht", "value": 1},
                         {"employee_no": "E1", "date": "2026-06-01", "metric": "x" * 61, "value": 1}]}
    response = csrf_client.post("/api/v1/kpi/records", batch, content_type="application/json", **hr_bearer)
    body = assert_api_error(response, 422, "validation_error")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("records.1.metric", "string_too_long")]


def test_a_body_that_is_not_json_is_400_bad_request(org, csrf_client, hr_bearer):
    response = csrf_client.post("/api/v1/kpi/records", "{not json", content_type="application/json", **hr_bearer)
    assert_api_error(response, 400, "bad_request")


def test_a_body_too_large_is_413_too_large(org, csrf_client, hr_bearer):
    response = csrf_client.post("/api/v1/roster/import", "x" * (6 * 1024 * 1024),
                                content_type="application/x-www-form-urlencoded", **hr_bearer)
    assert_api_error(response, 413, "too_large")


def test_a_rejected_roster_is_422_import_rejected_with_each_bad_row_and_its_report(org, csrf_client, hr_bearer):
    bad = roster_row("N0001", 入职日期="not a date")
    upload = SimpleUploadedFile("roster.csv", csv_bytes([roster_row("N0002"), bad]), content_type="text/csv")
    body = assert_api_error(csrf_client.post("/api/v1/roster/import", {"file": upload}, **hr_bearer),
                            422, "import_rejected")
    assert body["stored"] is False and body["rows_read"] == 2 and body["error_count"] >= 1
    row = body["errors"][0]
    assert row["line"] == 3 and row["field"] == row["column"] and row["message"] == row["reason"] and row["code"]


def test_a_file_that_cannot_be_read_is_422_upload_rejected_naming_the_file(org, csrf_client, hr_bearer):
    upload = SimpleUploadedFile("roster.xlsx", b"not a workbook", content_type="application/octet-stream")
    body = assert_api_error(csrf_client.post("/api/v1/roster/import", {"file": upload}, **hr_bearer),
                            422, "upload_rejected")
    assert body["errors"][0]["field"] == "file"


def test_a_rule_a_service_refuses_is_422_invalid_with_the_reason_as_an_item(org, csrf_client, hr_bearer):
    agent = org.agents["sz-a"][0]
    future = f"{datetime.date.today().year + 1}Q1"
    response = csrf_client.post(f"/api/v1/talent/employees/{agent.employee_no}/potential",
                                {"period": future, "rating": 3}, content_type="application/json", **hr_bearer)
    body = assert_api_error(response, 422, "invalid")
    assert body["errors"] and all(item["code"] for item in body["errors"])


def test_a_domain_error_a_service_raises_is_answered_with_its_status_code_message_and_items(rf: RequestFactory):
    refused = Conflict("The round was closed meanwhile.", code="state_changed",
                       errors=[{"code": "state_changed", "field": "action", "message": "closed"}])
    response = api.on_exception(rf.post("/api/v1/talent/rounds/1/actions"), refused)
    assert response.status_code == 409
    assert json.loads(response.content) == {
        "code": "state_changed", "message": "The round was closed meanwhile.",
        "errors": [{"code": "state_changed", "field": "action", "message": "closed"}]}
    plain = api.on_exception(rf.get("/api/v1/x"), DomainError("No."))
    assert plain.status_code == 422 and plain.content.startswith(b'{"code": "invalid"')


def test_a_django_validation_error_from_a_service_is_422_invalid_by_field(rf: RequestFactory):
    refused = ValidationError({"period": ["Too early."], "__all__": ["And more."]})
    response = api.on_exception(rf.post("/api/v1/x"), refused)
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body["code"] == "invalid" and body["errors"] == [
        {"code": "invalid", "field": "period", "message": "Too early."},
        {"code": "invalid", "field": None, "message": "And more."}]


def test_every_operation_answers_anonymous_and_malformed_requests_in_the_shape(document, org, csrf_client,
                                                                               hr_bearer):
    """Each operation of the document: without credentials 401 not_authenticated; with a JSON body, one that is not
    JSON 400 bad_request; every answer ApiError-shaped."""
    checked = 0
    for method, path, op in operations(document):
        address = re.sub(r"\{\w+\}", "1", path)
        assert_api_error(csrf_client.generic(method, address), 401, "not_authenticated")
        if "application/json" in op.get("requestBody", {}).get("content", {}):
            response = csrf_client.generic(method, address, "{not json", content_type="application/json",
                                           **hr_bearer)
            assert_api_error(response, 400, "bad_request")
        checked += 1
    assert checked >= 40


def test_a_server_error_under_the_api_is_500_server_error_in_the_shape_when_debug_is_off(rf: RequestFactory, settings):
    settings.DEBUG = False
    response = in_api_shape(rf.get("/api/v1/employees"), HttpResponseServerError("<h1>Server Error (500)</h1>"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
    page = HttpResponseServerError("<h1>Server Error (500)</h1>")
    assert in_api_shape(rf.get("/people/"), page) is page  # pages keep their own error page
