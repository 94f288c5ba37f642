"""The answer save on exam day: few queries and one write per answer, and no answer acknowledged that the score
does not count (a save racing a submission is either graded or refused)."""
import datetime
import json
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agentpath.accounts.models import ApiToken
from agentpath.common.errors import DomainError
from agentpath.common.models import TransitionLog
from agentpath.exams import selectors, services
from agentpath.exams.drawing import schedule_exam, to_version_letters
from agentpath.exams.models import Answer, Attempt, Paper
from tests.exams.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(bank, make_exam, org):
    """The agent's attempt at an exam that opened five minutes ago."""
    exam = make_exam(opens=timezone.now() - datetime.timedelta(minutes=5))
    schedule_exam(exam, seed=11, now=NOW)
    paper = Paper.objects.select_related("exam", "employee").get(exam=exam, employee=org.users["agent"].employee)
    return services.start_attempt(paper)


def statements(queries):
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def post_answer(client, key, attempt, position, answer):
    return client.post(f"/api/v1/exams/attempts/{attempt.pk}/answers", content_type="application/json",
                       data=json.dumps({"position": position, "answer": answer}), HTTP_AUTHORIZATION=f"Bearer {key}")


def test_an_answer_save_through_the_api_is_three_queries_and_writes_only_the_answer(sitting, org, client):
    _token, key = ApiToken.issue(org.users["agent"])
    assert post_answer(client, key, sitting, 1, ["A"]).status_code == 200  # the token's first use is recorded
    with CaptureQueriesContext(connection) as queries:
        first = post_answer(client, key, sitting, 2, ["B"])
        again = post_answer(client, key, sitting, 2, ["C"])  # the taker changes their mind
    assert first.status_code == again.status_code == 200 and again.json()["answer"] == ["C"]
    sent = statements(queries.captured_queries)
    assert len(sent) == 6  # per save: the token, the attempt with its question, the answer
    assert [s.split()[0:3] for s in sent if not s.startswith("SELECT")] == [["INSERT", "INTO", "exams_answer"]] * 2
    orders = dict(sitting.paper.items.values_list("position", "option_order"))  # options shuffled per paper
    assert dict(Answer.objects.values_list("item__position", "response")) == {
        1: to_version_letters(["A"], orders[1]), 2: to_version_letters(["C"], orders[2])}


def test_a_token_records_its_last_use_to_the_nearest_ten_minutes(sitting, org, client):
    token, key = ApiToken.issue(org.users["agent"])
    post_answer(client, key, sitting, 1, ["A"])
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    post_answer(client, key, sitting, 2, ["A"])
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - datetime.timedelta(minutes=10))
    post_answer(client, key, sitting, 3, ["A"])
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_the_exam_page_renews_the_session_every_five_minutes_not_on_every_answer(sitting, org, client):
    client.force_login(org.users["agent"])
    url = f"/exams/attempts/{sitting.pk}/answer/"
    with CaptureQueriesContext(connection) as queries:
        for position in (1, 2, 3):
            assert client.post(url, {"position": position, "answer": "A"}).status_code == 200
    session_writes = [s for s in statements(queries.captured_queries) if s.startswith("UPDATE \"django_session\"")]
    assert len(session_writes) == 1
    session = client.session
    session["exam_alive_at"] -= 301
    session.save()
    with CaptureQueriesContext(connection) as queries:
        client.post(url, {"position": 4, "answer": "A"})
    assert [s for s in statements(queries.captured_queries) if s.startswith("UPDATE \"django_session\"")]


def test_a_save_read_before_a_submission_elsewhere_is_refused_and_not_stored(sitting, org):
    stale = selectors.own_attempt_at(org.users["agent"], sitting.pk, 1)  # read as in progress
    services.submit_attempt(Attempt.objects.get(pk=sitting.pk))  # another tab submits
    with pytest.raises(services.AttemptRefused, match="作答已结束"):
        services.save_answer(stale, 1, ["A"])
    assert not Answer.objects.exists()


def test_a_second_submission_is_refused_and_the_attempt_is_graded_once(sitting):
    services.save_answer(sitting, 1, ["A"])
    other_tab = Attempt.objects.get(pk=sitting.pk)
    services.submit_attempt(sitting)
    graded = Attempt.objects.get(pk=sitting.pk)
    with pytest.raises(services.AttemptRefused):
        services.submit_attempt(other_tab)
    assert Attempt.objects.get(pk=sitting.pk).submitted_at == graded.submitted_at


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_save_waits_for_a_submission_in_flight_and_is_then_refused(bank, make_exam, org):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the row lock is PostgreSQL's")
    exam = make_exam(opens=timezone.now() - datetime.timedelta(minutes=5), writes_kpi=False)
    schedule_exam(exam, seed=11, now=NOW)
    paper = Paper.objects.select_related("exam", "employee").get(exam=exam, employee=org.users["agent"].employee)
    attempt = services.start_attempt(paper)
    stale = selectors.own_attempt_at(org.users["agent"], attempt.pk, 1)
    submitted, release, outcome = threading.Event(), threading.Event(), {}

    def submit():
        try:
            with transaction.atomic():
                services.submit_attempt(Attempt.objects.get(pk=attempt.pk))
                submitted.set()
                release.wait(10)
        except Exception as exc:  # shown in the assertion below instead of vanishing with the thread
            outcome["submit failed"] = repr(exc)
        finally:
            connection.close()

    def save():
        try:
            services.save_answer(stale, 1, ["A"])
            outcome["saved"] = True
        except services.AttemptRefused:
            outcome["refused"] = True
        finally:
            connection.close()

    submitter = threading.Thread(target=submit)
    submitter.start()
    assert submitted.wait(10), outcome
    saver = threading.Thread(target=save)
    saver.start()
    saver.join(1)
    assert saver.is_alive()  # held by the submission's lock on the attempt
    release.set()
    submitter.join(10)
    saver.join(10)
    assert outcome == {"refused": True}
    assert not Answer.objects.filter(attempt_id=attempt.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_two_submissions_at_once_grade_once_and_the_other_is_refused(bank, make_exam, org):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the row lock is PostgreSQL's")
    exam = make_exam(opens=timezone.now() - datetime.timedelta(minutes=5), writes_kpi=False)
    schedule_exam(exam, seed=11)
    paper = Paper.objects.select_related("exam", "employee").get(exam=exam, employee=org.users["agent"].employee)
    attempt = services.start_attempt(paper)
    services.save_answer(attempt, 1, ["A"])
    barrier, outcomes = threading.Barrier(2), []

    def submit():
        try:
            tab = Attempt.objects.get(pk=attempt.pk)  # each tab read the attempt in progress
            barrier.wait(10)
            services.submit_attempt(tab)
            outcomes.append("submitted")
        except DomainError as exc:
            outcomes.append(f"{exc.status} {exc.code}")
        finally:
            connection.close()

    tabs = [threading.Thread(target=submit) for _ in range(2)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join(20)
    assert sorted(outcomes) == ["409 already_submitted", "submitted"]
    assert TransitionLog.objects.filter(object_id=attempt.pk, transition="submit").count() == 1
    assert Attempt.objects.get(pk=attempt.pk).state == "graded"
