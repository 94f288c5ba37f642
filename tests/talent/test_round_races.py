"""Races on a round's state and decisions (issue 16 "Races on state", "Decisions twice"): requests sent at the same
moment are taken one after the other under the round's row lock; exactly one wins, the others are answered 409.

On PostgreSQL the requests run in threads released together by a barrier; SQLite has no row locks and one writer
at a time, so there they run one after the other — the test still asserts exactly one winner."""
import json
import threading

import pytest
from django.db import connection
from django.test import Client

from agentpath.accounts.models import ApiToken
from agentpath.common.errors import Conflict
from agentpath.common.models import TransitionLog
from agentpath.org.models import EmploymentEvent
from agentpath.talent import rounds
from agentpath.talent.models import PromotionRound, TalentDecision

from . import test_promotion_rounds as rounds_tests
from .test_promotion_rounds import TODAY, candidate, open_round

pytestmark = pytest.mark.django_db(transaction=True)
ladder, people = rounds_tests.ladder, rounds_tests.people  # the promotion-round tests' fixtures


def at_once(*calls) -> list:
    """Run the calls at the same moment and return each one's result or the error it raised, in order."""
    outcomes: list = [None] * len(calls)

    def run(i, call, barrier):
        try:
            if barrier is not None:
                barrier.wait(timeout=30)
            outcomes[i] = call()
        except Exception as error:  # noqa: BLE001 — the outcome of a request, asserted by the test
            outcomes[i] = error
        finally:
            if barrier is not None:
                connection.close()  # the thread's own connection

    if connection.vendor != "postgresql":
        for i, call in enumerate(calls):
            run(i, call, None)
        return outcomes
    barrier = threading.Barrier(len(calls))
    threads = [threading.Thread(target=run, args=(i, call, barrier)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def move(rnd_pk, action, by):
    """A request's move: the round as the request loaded it (before the other request's move), then the action."""
    rnd = PromotionRound.objects.get(pk=rnd_pk)
    return lambda: rounds.apply_round_action(rnd, action, by, today=TODAY, close_undecided=True)


def one_winner(outcomes) -> tuple[int, list]:
    wins = [i for i, o in enumerate(outcomes) if isinstance(o, PromotionRound)]
    losses = [o for o in outcomes if not isinstance(o, PromotionRound)]
    assert len(wins) == 1, outcomes
    assert all(isinstance(o, Conflict) and o.code == "state_changed" and o.status == 409 for o in losses), outcomes
    return wins[0], losses


def test_close_and_reopen_sent_together_one_wins_and_the_other_is_409(people, ladder):
    hr = people["users"]["hr"]
    rnd = open_round(people, ladder)  # deciding
    winner, _ = one_winner(at_once(move(rnd.pk, "close", hr), move(rnd.pk, "reopen", hr)))
    rnd.refresh_from_db()
    assert rnd.state == ("closed" if winner == 0 else "open")
    moves = list(TransitionLog.objects.filter(object_id=rnd.pk, transition__in=["close", "reopen"]))
    assert [(m.transition, m.source, m.target) for m in moves] == [
        ("close", "deciding", "closed") if winner == 0 else ("reopen", "deciding", "open")]


def test_cancel_and_start_deciding_sent_together_one_wins_and_the_other_is_409(people, ladder):
    hr = people["users"]["hr"]
    rnd = open_round(people, ladder, state="open")
    winner, _ = one_winner(at_once(move(rnd.pk, "cancel", hr), move(rnd.pk, "start_deciding", hr)))
    rnd.refresh_from_db()
    assert rnd.state == ("cancelled" if winner == 0 else "deciding")  # never a cancelled round deciding again


def test_the_same_move_sent_twice_happens_once_through_the_api(people, ladder):
    hr = people["users"]["hr"]
    rnd = open_round(people, ladder, state="open")
    key = ApiToken.issue(hr)[1]

    def post():
        response = Client(enforce_csrf_checks=True).post(
            f"/api/v1/talent/rounds/{rnd.pk}/actions", json.dumps({"action": "start_deciding", "from_state": "open"}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        return response.status_code, response.json()

    answers = at_once(post, post)
    assert sorted(status for status, _body in answers) == [200, 409]
    assert [body["code"] for status, body in answers if status == 409] == ["state_changed"]
    assert TransitionLog.objects.filter(object_id=rnd.pk, transition="start_deciding").count() == 1


def test_eight_decide_posts_at_once_make_one_decision_and_one_move(people, ladder):
    hr = people["users"]["hr"]
    rnd = open_round(people, ladder)
    c = candidate(rnd, people["veteran"])
    key = ApiToken.issue(hr)[1]

    def post():
        response = Client(enforce_csrf_checks=True).post(
            f"/api/v1/talent/rounds/{rnd.pk}/decisions",
            json.dumps({"decisions": [{"candidate_id": c.pk, "decision": "approve", "reason": "好"}]}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        return response.status_code, response.json()

    answers = at_once(*[post] * 8)
    assert sorted(status for status, _body in answers) == [201] + [409] * 7, answers
    assert {body["code"] for status, body in answers if status == 409} == {"already_decided"}
    assert TalentDecision.objects.filter(candidate=c).count() == 1
    assert EmploymentEvent.objects.filter(employee=people["veteran"], kind="promotion").count() == 1
