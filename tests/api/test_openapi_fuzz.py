"""Schemathesis over every operation of the OpenAPI document as an integration (bearer token): no server error,
and every answer's status and body as declared (tests/api/fuzz.py; the browser's session: test_openapi_fuzz_session.py)."""
import pytest

from .fuzz import FUZZ, call_and_check, credentials, schema


# On PostgreSQL only (`make test-postgres`): the engine that turns a missed input check into a server error
# (tests/api/fuzz.py). On SQLite the session variant (test_openapi_fuzz_session.py) calls every operation.
@pytest.mark.django_db
@pytest.mark.postgresql_only
@schema.parametrize()
@FUZZ
def test_every_operation_answers_as_declared_to_a_bearer_token(case, served):
    call_and_check(case, credentials("bearer", served))
