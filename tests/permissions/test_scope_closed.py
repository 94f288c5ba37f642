"""The scope cases of issue 16 for every role, on the matrix data: whose attendance each role writes at a session
of team sz-a (every employee target, a number nobody has), whose potential rating a supervisor reads (themselves
too), which programs a person enrols in, and whose training QA read."""
import pytest

from agentpath.accounts.models import Role
from agentpath.talent.potential import record_potential
from tests.learning import support as learning_support

from .matrix import ANON, HR, LOGIN, QA, ROLES, TARGETS, TL, serves
from .support import client_as, csrf_secret, outcome

pytestmark = pytest.mark.django_db
AGENT, TRAINER, MANAGER = Role.AGENT, Role.TRAINER, Role.CENTER_MANAGER
UNKNOWN = "unknown"  # an employee number nobody has


def attendance_rule(role, target):
    """learning.selectors.attendees_writable_by: on the session's audience (team sz-a's members at work: own,
    team; the exited member is not) and in the writer's scope; everyone else as a number nobody has (404)."""
    if role == ANON:
        return 401
    if role in (AGENT, QA):
        return 403
    return 200 if target in ("own", "team") and serves(role, target) else 404


@pytest.mark.parametrize("role", ROLES)
def test_attendance_api_writes_only_the_audience_in_scope(d, role):
    client = client_as(d, role)
    token = csrf_secret(client)
    session = learning_support.held_session_of_team_sz_a(d)
    failures, bodies = [], {}
    for target in [*TARGETS["employee"], UNKNOWN]:
        number = d.employees[target].employee_no if target != UNKNOWN else "NOBODY-404"
        response = client.post("/api/v1/training/attendance", {"session_id": session.pk, "employee_no": number,
                                                               "status": "late"},
                               content_type="application/json", headers={"X-CSRFToken": token})
        got, want = outcome(response), attendance_rule(role, target)
        if got != want:
            failures.append((target, got, want))
        if got == 404:
            bodies[target] = response.content.decode().replace(number, "NUMBER")
    assert failures == []
    assert len(set(bodies.values())) <= 1, bodies  # out of scope and unknown: one answer


def test_a_supervisor_reads_no_potential_rating_of_their_own(d):
    """The team leader user is the leader of team sz-a; the manager and HR users have no employee record."""
    leader = d.leaders["sz-a"]
    record_potential(employee=leader, period="2026Q3", rating=2, note="自评不算", by=d.users[HR])
    for role, want in ((TL, 404), (MANAGER, 200), (HR, 200)):
        client = client_as(d, role)
        assert outcome(client.get(f"/talent/potential/{leader.employee_no}/")) == want, role
        assert outcome(client.get(f"/api/v1/talent/employees/{leader.employee_no}/potential")) == want, role


@pytest.mark.parametrize("role", ROLES)
def test_a_person_enrols_only_in_a_program_offered_to_them(d, role):
    learning_support.differentiation_form(d)  # loads the training catalogue
    client = client_as(d, role)
    token = csrf_secret(client)
    for program, offered in (("pre-job", False), ("specialized-value", True), ("no-such-program", False)):
        got = outcome(client.post("/training/me/", {"action": "enrol", "program": program,
                                                    "csrfmiddlewaretoken": token}))
        has_record = role in (AGENT, TL)  # the others have no employee record: the page is not theirs
        want = LOGIN if role == ANON else (302 if offered else 404) if has_record else 404
        assert got == want, (program, got, want)


def test_qa_read_no_training_record_or_session_of_their_center(d):
    client = client_as(d, QA)
    session = learning_support.held_session_of_team_sz_a(d)
    for target in ("own", "team", "center"):
        assert outcome(client.get(f"/api/v1/training/employees/{d.employees[target].employee_no}")) == 404, target
    assert session.event.name not in client.get("/training/sessions/?when=past").content.decode()
    trainer = client_as(d, TRAINER)
    assert session.event.name in trainer.get("/training/sessions/?when=past").content.decode()
