"""The OpenAPI document declares every status an operation answers, each with its body's schema."""
import sys
from collections import Counter

import pytest
from ninja import Schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def operations(document):
    return [(method.upper(), path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_every_operation_declares_401_with_the_shared_error_body(document):
    for method, path, op in operations(document):
        assert op["responses"]["401"]["content"]["application/json"]["schema"] == \
            {"$ref": "#/components/schemas/ApiError"}, (method, path)
    assert document["components"]["schemas"]["ApiError"]["required"] == ["code", "message", "errors"]


def test_operations_on_one_employee_declare_404(document):
    employee_paths = [(m, p, op) for m, p, op in operations(document) if "{employee_no}" in p]
    assert {p.rsplit("/", 1)[-1] for _, p, _ in employee_paths} == {"{employee_no}", "path", "records", "ranks",
                                                                 "competencies", "assessments", "anchors", "plan",
                                                                 "idp", "actions", "submit", "return", "agree", "review",
                                                                 "assessment-sheets", "potential",
                                                                 "progress", "nominations", "exit", "awards"}
    for method, path, op in employee_paths:
        assert "404" in op["responses"], (method, path)


def test_request_validation_422_is_declared_next_to_the_operations_own_422_body(document):
    batch = document["paths"]["/api/v1/kpi/records"]["post"]["responses"]
    assert batch["422"]["content"]["application/json"]["schema"] == {"anyOf": [
        {"$ref": "#/components/schemas/BatchRejectedOut"}, {"$ref": "#/components/schemas/ApiError"}]}
    assert {"400", "413"} <= set(batch)


def test_a_request_validation_error_answers_the_shared_error_body(org, csrf_client, hr_bearer):
    response = csrf_client.post("/api/v1/kpi/records", {"records": "not a list"}, content_type="application/json",
                                **hr_bearer)
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "errors"}
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["field"] == "records"


def test_the_path_says_status_and_exit_date_and_the_roster_report_counts_exits_and_example_rows(document):
    schemas = document["components"]["schemas"]
    path = schemas["PathOut"]["properties"]
    assert {"status", "exit_date"} <= set(path) and {"status", "exit_date"} <= set(schemas["PathOut"]["required"])
    assert path["exit_date"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    roster = document["paths"]["/api/v1/roster/import"]["post"]["responses"]["200"]["content"]["application/json"]
    report = schemas[roster["schema"]["$ref"].rsplit("/", 1)[-1]]["properties"]
    assert report["exits"]["type"] == report["example_rows"]["type"] == "integer"


def test_the_training_imports_declare_the_report_the_background_answer_and_busy(document):
    for kind in ("completions", "attendance"):
        responses = document["paths"][f"/api/v1/training/{kind}/import"]["post"]["responses"]
        assert {"200", "202", "403", "409", "422"} <= set(responses), kind
        assert responses["200"]["content"]["application/json"]["schema"] == \
            {"$ref": "#/components/schemas/TrainingImportReportOut"}
        assert responses["202"]["content"]["application/json"]["schema"] == \
            {"$ref": "#/components/schemas/TrainingImportJobOut"}
    status = document["paths"]["/api/v1/training/imports/{import_id}"]["get"]["responses"]
    assert {"200", "403", "404"} <= set(status)
    report = document["components"]["schemas"]["TrainingImportReportOut"]["properties"]
    assert {"rows_read", "created", "updated", "unchanged", "skipped", "stored", "error_count", "errors_by_kind",
            "error_file_url", "errors"} <= set(report)


def test_recording_progress_on_an_idp_action_declares_its_refusals(document):
    op = document["paths"]["/api/v1/development/employees/{employee_no}/idp/progress"]["post"]
    assert {"200", "403", "404", "422"} <= set(op["responses"])
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("ProgressIn")


def test_no_two_api_schemas_share_a_name(document):
    """The OpenAPI document names a schema by its class name: two classes of one name (ActionIn of the IDP and of
    a round) show one operation the other's body."""
    modules = [m for name, m in sys.modules.items() if name.startswith("agentpath.") and
               (name.endswith(".api") or name.endswith("_api") or name == "agentpath.api_common")]
    classes = {cls for m in modules for cls in vars(m).values()
               if isinstance(cls, type) and issubclass(cls, Schema) and cls.__module__ == m.__name__}
    names = Counter(cls.__name__ for cls in classes)
    assert len(modules) >= 8 and [name for name, count in names.items() if count > 1] == []
