"""Schemathesis over every operation of the OpenAPI document as a browser (a signed-in session with its CSRF
token): no server error, and every answer's status and body as declared (tests/api/fuzz.py)."""
import pytest

from .fuzz import FUZZ_SESSION, call_and_check, credentials, schema


@pytest.mark.django_db
@pytest.mark.engine_independent  # the bearer variant fuzzes the same operations on each engine; this one on SQLite
@schema.parametrize()
@FUZZ_SESSION
def test_every_operation_answers_as_declared_to_a_signed_in_session(case, served):
    call_and_check(case, credentials("session", served))
