"""An exam longer than the session lifetime still submits (issue 8): the sign-in session must not run out
while the taker is sitting it, even when they think longer than the session lifetime between two answers,
and the CSRF token of the exam page still works then (it is checked against the CSRF cookie, not the
session; the test client keeps cookies past their max-age, so the CSRF cookie's own lifetime, a year by
default, is a setting to keep longer than any exam: docs/operations.md). The session lifetime is set to one
second here; the taker pauses longer than that before the next answer and before submitting. Starting (or
resuming) the attempt stretches the session to the attempt's deadline: exams.sessions.keep_session_through."""
import re
import time

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import Answer, Attempt
from tests.exams.conftest import NOW

pytestmark = pytest.mark.django_db
SESSION_SECONDS = 1
THINKING = SESSION_SECONDS + 0.5  # longer than the session lives


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@override_settings(SESSION_COOKIE_AGE=SESSION_SECONDS, CSRF_COOKIE_AGE=SESSION_SECONDS)
def test_answers_saved_and_the_submission_count_after_the_session_lifetime(bank, make_exam, org):
    exam = make_exam(cells=(("服务规范", 1, 2),), minutes=30, opens=timezone.now())
    schedule_exam(exam, seed=5, now=NOW)
    client = Client(enforce_csrf_checks=True)
    # The first request loads the URLs and templates and sets the CSRF cookie: not part of the session's second,
    # in which the only request is the start (which stretches the session).
    sign_in_page = client.get("/login/").content.decode()
    client.force_login(org.users["agent"])
    started = client.post(f"/exams/{exam.pk}/start/", {"csrfmiddlewaretoken": csrf_of(sign_in_page)})
    assert started.status_code == 302 and "/exams/attempts/" in started["Location"]
    assert client.get("/exams/").status_code == 200
    take = client.get(started["Location"]).content.decode()
    token = csrf_of(take)
    attempt = Attempt.objects.get(paper__employee=org.agents["sz-a"][0])

    def save(position):
        return client.post(f"/exams/attempts/{attempt.pk}/answer/", {"position": position, "answer": "true"},
                           headers={"X-CSRFToken": token, "HX-Request": "true"})

    assert save(1).status_code == 200
    time.sleep(THINKING)
    second = save(2)
    assert second.status_code == 200 and "已保存" in second.content.decode()
    time.sleep(THINKING)
    submitted = client.post(f"/exams/attempts/{attempt.pk}/submit/", {"csrfmiddlewaretoken": token})
    assert submitted.status_code == 302 and submitted["Location"].endswith(f"/exams/attempts/{attempt.pk}/result/")

    attempt.refresh_from_db()
    assert Answer.objects.filter(attempt=attempt).count() == 2
    assert attempt.state == "graded" and not attempt.timed_out and attempt.score == 100.0
    result = client.get(submitted["Location"]).content.decode()
    assert "100.0" in result
