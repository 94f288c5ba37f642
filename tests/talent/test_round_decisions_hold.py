"""Decisions that hold (issue 16): nobody nominates, recommends or decides on themselves, nor decides a nomination
they made; one decision per question, whatever a batch or a second round asks. Each test is a reproduction of the
issue, through the page and the API alike (the same refusal is the same status on both)."""
import datetime
import json

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Requirement, Transition
from agentpath.org.models import EmploymentEvent
from agentpath.org.services import record_move
from agentpath.talent import rounds
from agentpath.talent.models import Nomination, RoundCandidate, TalentDecision
from tests.factories import EmployeeFactory, UserFactory

from . import test_promotion_rounds as rounds_tests
from .test_promotion_rounds import TODAY, candidate, open_round

pytestmark = pytest.mark.django_db
ladder, people = rounds_tests.ladder, rounds_tests.people  # the promotion-round tests' fixtures
LATER = TODAY + datetime.timedelta(days=30)


def api(user, path, body):
    """POST to /api/v1 with the user's bearer token, CSRF enforced as a real server does: (status, body)."""
    client = Client(enforce_csrf_checks=True)
    key = ApiToken.issue(user)[1]
    response = client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, response.json()


def page_post(user, path, data):
    client = Client()
    client.force_login(user)
    return client.post(path, data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def leader_on_the_ladder(people, ladder):
    """The team leader (SZ00408 of the issue) at the ladder's first step, whose promotion asks for a supervisor's
    nomination."""
    low, _high, transition = ladder
    leader = people["users"]["leader"].employee
    leader.level, leader.grade, leader.hire_date = low, 8, TODAY - datetime.timedelta(days=400)
    leader.save()
    leader.events.update(to_level=low, to_position=low.positions.first(), to_grade=8, effective_date=leader.hire_date)
    Requirement.objects.create(transition=transition, kind="supervisor_nomination",
                               effective_from=datetime.date(2020, 1, 1))
    return leader


def test_a_team_leader_cannot_nominate_himself_on_the_page_nor_by_the_api(people, ladder, leader_on_the_ladder):
    rnd = open_round(people, ladder, state="open")
    leader = people["users"]["leader"]
    response = page_post(leader, f"/talent/rounds/{rnd.pk}/nominate/", {
        "employee": leader_on_the_ladder.employee_no, "to_level": "ladder-2", "reason": "我自己很优秀"})
    assert response.status_code == 403
    assert "Nobody nominates themselves; ask your supervisor." in response.content.decode()
    status, body = api(leader, f"/talent/rounds/{rnd.pk}/nominations", {
        "employee_no": leader_on_the_ladder.employee_no, "to_level": "ladder-2", "reason": "我自己很优秀"})
    assert (status, body["code"]) == (403, "self_nomination")
    status, body = api(leader, f"/talent/employees/{leader_on_the_ladder.employee_no}/nominations", {
        "transition_id": ladder[2].pk, "reason": "我自己很优秀"})
    assert (status, body["code"]) == (403, "self_nomination")
    assert not Nomination.objects.exists()
    reader = Client()
    reader.force_login(leader)
    path = reader.get(f"/api/v1/employees/{leader_on_the_ladder.employee_no}/path").json()
    promotion = next(o for o in path["options"] if o["transition_id"] == ladder[2].pk)
    assert [c["met"] for c in promotion["requirements"] if c["kind"] == "supervisor_nomination"] == [False]


def test_a_team_leader_cannot_recommend_himself(people, ladder, leader_on_the_ladder):
    rnd = open_round(people, ladder, state="open")
    mine = RoundCandidate.objects.create(round=rnd, employee=leader_on_the_ladder, transition=ladder[2],
                                         source="eligible")
    leader = people["users"]["leader"]
    response = page_post(leader, f"/talent/rounds/{rnd.pk}/recommend/", {"candidate": mine.pk,
                                                                          "recommendation": "support"})
    assert response.status_code == 403
    status, body = api(leader, f"/talent/rounds/{rnd.pk}/recommendations", {"candidate_id": mine.pk,
                                                                             "recommendation": "support"})
    assert (status, body["code"]) == (403, "self_recommendation")
    mine.refresh_from_db()
    assert mine.tl_recommendation == ""


@pytest.fixture
def manager_in_the_ladder(people, ladder):
    """The center manager (SZ00002 of the issue) with an employee record at the ladder's first step."""
    low, _high, _t = ladder
    manager = people["users"]["manager"]
    manager.employee = EmployeeFactory(center=people["center"], team=people["team_a"], level=low, grade=8,
                                       name="经理本人", hire_date=TODAY - datetime.timedelta(days=800))
    manager.save()
    return manager


def test_a_manager_cannot_approve_his_own_grade_step_by_the_api(people, ladder, manager_in_the_ladder):
    low, _high, _t = ladder
    step = Transition.objects.create(from_level=low, to_level=low, kind="grade_step")
    hr = people["users"]["hr"]
    rnd = rounds.open_round(center=people["center"], period="2026Q4", effective_date=LATER, quotas={}, by=hr,
                            today=TODAY, kind="annual_review")
    rounds.apply_round_action(rnd, "start_deciding", hr, today=TODAY)
    own = RoundCandidate.objects.get(round=rnd, employee=manager_in_the_ladder.employee, transition=step)
    status, body = api(manager_in_the_ladder, f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": own.pk, "decision": "approve", "reason": "我表现不错"}]})
    assert (status, body["code"]) == (403, "self_decision")
    assert body["errors"] == [{"code": "self_decision", "field": None, "line": 1, "message":
                               "Nobody decides on themselves; someone above you in your line decides."}]
    assert not TalentDecision.objects.exists()
    assert not EmploymentEvent.objects.filter(employee=manager_in_the_ladder.employee, kind="grade_step").exists()
    # someone above him decides: HR
    status, _body = api(hr, f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": own.pk, "decision": "approve", "reason": "年度考核优秀"}]})
    assert status == 201


def test_a_manager_cannot_decide_on_someone_not_below_him_in_the_line(people, ladder, manager_in_the_ladder):
    rnd = open_round(people, ladder)
    status, body = api(manager_in_the_ladder, f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": candidate(rnd, people["veteran"]).pk, "decision": "approve", "reason": "好"}]})
    assert (status, body["code"]) == (403, "not_above_candidate")


def test_a_manager_cannot_approve_a_nomination_he_made(people, ladder):
    manager = people["users"]["manager"]
    rnd = open_round(people, ladder, state="open")
    assert page_post(manager, f"/talent/rounds/{rnd.pk}/nominate/", {
        "employee": people["newcomer"].employee_no, "to_level": "ladder-2", "reason": "带教新人表现突出"}
    ).status_code == 302
    rounds.apply_round_action(rnd, "start_deciding", people["users"]["hr"], today=TODAY)
    nominated = candidate(rnd, people["newcomer"])
    response = page_post(manager, f"/talent/rounds/{rnd.pk}/decide/", {
        "candidate": nominated.pk, "decision": "approve", "reason": "我推荐的", "standing": ""})
    assert response.status_code == 403
    assert "You nominated 新员工; someone else decides on your nomination." in response.content.decode()
    status, body = api(manager, f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": nominated.pk, "decision": "approve", "reason": "我推荐的"}]})
    assert (status, body["code"]) == (403, "own_nomination")
    assert not TalentDecision.objects.exists()
    status, _body = api(people["users"]["hr"], f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": nominated.pk, "decision": "defer", "reason": "下轮再议"}]})
    assert status == 201


def test_a_batch_with_the_same_candidate_twice_is_refused_whole_and_uses_no_slot(people, ladder):
    rnd = open_round(people, ladder, slots=2, effective=LATER)
    veteran, second = candidate(rnd, people["veteran"]), candidate(rnd, people["second"])
    status, body = api(people["users"]["hr"], f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": veteran.pk, "decision": "approve", "reason": "好"},
        {"candidate_id": second.pk, "decision": "defer", "reason": "下轮"},
        {"candidate_id": veteran.pk, "decision": "approve", "reason": "再批一次"}]})
    assert (status, body["code"]) == (422, "duplicate_in_batch")
    assert body["errors"] == [{"code": "duplicate_in_batch", "field": None, "line": 3, "message":
                               "老员工 is decided 2 times in this batch (lines 1, 3); decide each candidate once."}]
    assert not TalentDecision.objects.exists()
    assert not EmploymentEvent.objects.filter(kind="promotion").exists()
    assert [q["used"] for q in rounds.quota_usage(rnd) if q["level"].code == "ladder-2"] == [0]


def test_approve_and_reject_of_one_candidate_in_a_batch_is_a_contradiction(people, ladder):
    rnd = open_round(people, ladder)
    veteran = candidate(rnd, people["veteran"])
    status, body = api(people["users"]["hr"], f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": veteran.pk, "decision": "approve", "reason": "好"},
        {"candidate_id": veteran.pk, "decision": "reject", "reason": "不好"}]})
    assert (status, body["code"]) == (422, "contradiction")
    assert "老员工 is given different decisions in this batch (lines 1, 2: approve / reject)" in body["message"]
    assert not TalentDecision.objects.exists()


def test_three_grade_steps_for_one_person_in_an_annual_review_batch_are_refused(people, ladder):
    low, _high, _t = ladder
    step = Transition.objects.create(from_level=low, to_level=low, kind="grade_step")
    hr = people["users"]["hr"]
    rnd = rounds.open_round(center=people["center"], period="2026Q4", effective_date=LATER, quotas={}, by=hr,
                            today=TODAY, kind="annual_review")
    rounds.apply_round_action(rnd, "start_deciding", hr, today=TODAY)
    veteran = RoundCandidate.objects.get(round=rnd, employee=people["veteran"], transition=step)
    with translation.override("zh-hans"):
        with pytest.raises(rounds.Invalid) as refused:
            rounds.decide_many(rnd, [rounds.DecisionRequest(veteran, "approve", f"第{n}次") for n in (1, 2, 3)], hr,
                               today=TODAY)
    assert refused.value.code == "duplicate_in_batch"
    assert "老员工 在本批中被决定了 3 次（第 1, 2, 3 条）" in refused.value.message
    assert not EmploymentEvent.objects.filter(employee=people["veteran"], kind="grade_step").exists()


def test_one_person_approved_in_two_rounds_for_the_same_move_is_scheduled_once(people, ladder):
    hr = people["users"]["hr"]
    first = open_round(people, ladder, effective=LATER)
    _low, high, _t = ladder
    second = rounds.open_round(center=people["center"], period="2027Q1", effective_date=LATER, quotas={high: 1},
                               by=hr, today=TODAY)
    rounds.apply_round_action(second, "start_deciding", hr, today=TODAY)
    rounds.decide(first, candidate(first, people["veteran"]), hr, "approve", "第一轮", today=TODAY)
    status, body = api(hr, f"/talent/rounds/{second.pk}/decisions", {"decisions": [
        {"candidate_id": candidate(second, people["veteran"]).pk, "decision": "approve", "reason": "第二轮"}]})
    assert (status, body["code"]) == (409, "move_already_scheduled")
    assert "老员工 already has this move scheduled for" in body["message"]
    assert EmploymentEvent.objects.filter(employee=people["veteran"], kind="promotion", scheduled=True).count() == 1
    # and the database holds it whoever writes: a second scheduled promotion to the same level is refused
    with pytest.raises(IntegrityError), transaction.atomic():
        record_move(people["veteran"], kind="promotion", effective_date=LATER, level=high, grade=6, today=TODAY)


def test_one_standing_decision_per_candidate_is_a_database_constraint(people, ladder):
    rnd = open_round(people, ladder)
    hr = people["users"]["hr"]
    first = rounds.decide(rnd, candidate(rnd, people["veteran"]), hr, "defer", "再看", today=TODAY)
    twin = dict(candidate=first.candidate, outcome="reject", reason="x", decided_by=hr, facts_as_of=TODAY,
                eligible_when_decided=True, framework_code="f", framework_version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TalentDecision.objects.create(**twin)  # a second decision reversing nothing
    later = rounds.decide(rnd, first.candidate, hr, "reject", "改判", today=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        TalentDecision.objects.create(**twin, reverses=first)  # reversing what is already reversed
    assert list(rounds.standing_decisions(rnd)) == [later]


def test_a_decision_on_a_page_that_showed_an_older_standing_decision_is_refused(people, ladder):
    """Two deciders look at the same candidate; the second one's approve must not silently reverse the first
    one's reject."""
    rnd = open_round(people, ladder)
    c = candidate(rnd, people["veteran"])
    other_hr = UserFactory(username="hr2", role=Role.HR_ADMIN)
    rounds.decide(rnd, c, other_hr, "reject", "不符合", today=TODAY)
    response = page_post(people["users"]["hr"], f"/talent/rounds/{rnd.pk}/decide/", {
        "candidate": c.pk, "decision": "approve", "reason": "好", "standing": ""})  # the page showed none
    assert response.status_code == 409
    assert "老员工 was decided meanwhile (Reject by hr2)" in response.content.decode()
    assert [d.outcome for d in rounds.standing_decisions(rnd)] == ["reject"]
