"""Separation of duties for every role, every decision action, on the page and by the API (matrix.DUTIES): the
targets "self" (the actor's own record) and "own-nomination" (someone the actor nominated) — talent.duties.

The data of this file: every role's user has an employee record in center sz; each role has nominated an agent of
team sz-duty for mgmt-agent → mgmt-tl; an open promotion round, a deciding promotion round and a deciding annual
review hold both targets of every role as candidates."""
import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Transition
from agentpath.talent import rounds
from agentpath.talent.assessments import present_period
from agentpath.talent.competencies import load_competencies
from agentpath.talent.models import Competency, Nomination, PromotionRound, RoundCandidate
from tests.factories import EmployeeFactory, TeamFactory, UserFactory

from .matrix import ANON, DUTIES, DUTY_TARGETS, ROLE_WALKS
from .support import client_as, csrf_secret, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def duty_data(d):
    sz = d.centers[0]  # the matrix data's center sz, with a team of this file's own
    team = TeamFactory(code="sz-duty", name="深圳职责组", center=sz)
    level = {code: Level.objects.get(code=code) for code in ("mgmt-agent", "mgmt-tl", "mgmt-manager")}
    leader = EmployeeFactory(center=sz, team=team, level=level["mgmt-tl"], name="组长本人")
    team.leader = leader
    team.save()
    records = {Role.AGENT: EmployeeFactory(center=sz, team=team, name="坐席本人"), Role.TEAM_LEADER: leader,
               Role.TRAINER: EmployeeFactory(center=sz, team=team, name="培训师本人"),
               Role.QA: EmployeeFactory(center=sz, team=team, name="质检本人"),
               Role.CENTER_MANAGER: EmployeeFactory(center=sz, level=level["mgmt-manager"], name="经理本人"),
               Role.HR_ADMIN: EmployeeFactory(center=sz, name="人事本人")}
    users = {role: UserFactory(username=f"duty-{role}", role=role, employee=records[role]) for role in records}
    for role in (Role.TRAINER, Role.QA, Role.CENTER_MANAGER):
        users[role].centers.add(sz)
    promotion = Transition.objects.get(from_level=level["mgmt-agent"], to_level=level["mgmt-tl"], from_position=None,
                                       to_position=None, kind="promotion")
    steps = {lv.pk: Transition.objects.get_or_create(from_level=lv, to_level=lv, kind="grade_step", from_position=None,
                                                    to_position=None)[0] for lv in level.values()}
    nominees = {role: EmployeeFactory(center=sz, team=team, name=f"被推荐人{n}") for n, role in enumerate(records)}
    nominations = {role: Nomination.objects.create(employee=nominees[role], transition=promotion, reason="推荐",
                                                   nominated_by=users[role]) for role in records}
    hr = UserFactory(username="duty-hr-opener", role=Role.HR_ADMIN)
    made = {}
    for name, kind, period in (("open", "promotion", "2031Q1"), ("deciding", "promotion", "2031Q2"),
                               ("annual", "annual_review", "2031Q3")):
        rnd = PromotionRound.objects.create(center=sz, kind=kind, period=period,
                                            effective_date=datetime.date(2029, 1, 1), opened_by=hr)
        candidates = {}
        for role, person in records.items():
            self_move = steps[person.level_id] if kind == "annual_review" else (
                Transition.objects.filter(from_level=person.level, kind="promotion").first() or steps[person.level_id])
            candidates[(role, "self")] = RoundCandidate.objects.create(round=rnd, employee=person, transition=self_move,
                                                                       source="eligible")
            candidates[(role, "own-nomination")] = RoundCandidate.objects.create(
                round=rnd, employee=nominees[role], source="nominated", nomination=nominations[role],
                transition=steps[level["mgmt-agent"].pk] if kind == "annual_review" else promotion)
        if name != "open":
            rnd = rounds.apply_round_action(rnd, "start_deciding", hr)
        made[name] = SimpleNamespace(round=rnd, candidates=candidates)
    users[ANON] = None
    return SimpleNamespace(users=users, records=records, nominees=nominees, rounds=made, promotion=promotion,
                           targets={(role, "self"): records.get(role) for role in records}
                           | {(role, "own-nomination"): nominees.get(role) for role in records})


def person(data, role, target):
    # the anonymous visitor aims at the agent's targets
    return data.targets[(Role.AGENT if role == ANON else role, target)]


def candidate(data, name, role, target):
    return data.rounds[name].candidates[(Role.AGENT if role == ANON else role, target)]


def sheet(data, role, target):
    """A whole sheet: a level for every competency there is (the person's profile takes its own)."""
    return {"period": present_period(), **{f"level_{code}": "3" for code in Competency.objects.values_list(
        "code", flat=True)}}


# action -> (page url, page data, api path, api body), each taking (data, role, target)
SENDS = {
    "nominate": (
        lambda x, r, t: reverse("talent:round-nominate", args=[x.rounds["open"].round.pk]),
        lambda x, r, t: {"employee": person(x, r, t).employee_no, "to_level": "mgmt-tl", "reason": "推荐"},
        lambda x, r, t: f"/api/v1/talent/rounds/{x.rounds['open'].round.pk}/nominations",
        lambda x, r, t: {"employee_no": person(x, r, t).employee_no, "to_level": "mgmt-tl", "reason": "推荐"}),
    "nominate-path": (
        lambda x, r, t: reverse("employee-nominate", args=[person(x, r, t).employee_no]),
        lambda x, r, t: {"transition": _path_move(x, r, t).pk, "reason": "推荐"},
        lambda x, r, t: f"/api/v1/talent/employees/{person(x, r, t).employee_no}/nominations",
        lambda x, r, t: {"transition_id": _path_move(x, r, t).pk, "reason": "推荐"}),
    "recommend": (
        lambda x, r, t: reverse("talent:round-recommend", args=[x.rounds["open"].round.pk]),
        lambda x, r, t: {"candidate": candidate(x, "open", r, t).pk, "recommendation": "support"},
        lambda x, r, t: f"/api/v1/talent/rounds/{x.rounds['open'].round.pk}/recommendations",
        lambda x, r, t: {"candidate_id": candidate(x, "open", r, t).pk, "recommendation": "support"}),
    "decide": (
        lambda x, r, t: reverse("talent:round-decide", args=[x.rounds["deciding"].round.pk]),
        lambda x, r, t: {"candidate": candidate(x, "deciding", r, t).pk, "decision": "defer", "reason": "x"},
        lambda x, r, t: f"/api/v1/talent/rounds/{x.rounds['deciding'].round.pk}/decisions",
        lambda x, r, t: {"decisions": [{"candidate_id": candidate(x, "deciding", r, t).pk, "decision": "defer",
                                        "reason": "x"}]}),
    "grade-step": (
        lambda x, r, t: reverse("talent:round-decide", args=[x.rounds["annual"].round.pk]),
        lambda x, r, t: {"candidate": candidate(x, "annual", r, t).pk, "decision": "approve", "reason": "x"},
        lambda x, r, t: f"/api/v1/talent/rounds/{x.rounds['annual'].round.pk}/decisions",
        lambda x, r, t: {"decisions": [{"candidate_id": candidate(x, "annual", r, t).pk, "decision": "approve",
                                        "reason": "x"}]}),
    "assess": (
        lambda x, r, t: reverse("talent:competency-assess", args=[person(x, r, t).employee_no]),
        sheet,
        lambda x, r, t: f"/api/v1/talent/employees/{person(x, r, t).employee_no}/assessments",
        lambda x, r, t: {"competency": "communication", "period": present_period(), "level": 3}),
    "rate-potential": (
        lambda x, r, t: reverse("talent:potential-person", args=[person(x, r, t).employee_no]),
        lambda x, r, t: {"period": present_period(), "rating": "3"},
        lambda x, r, t: f"/api/v1/talent/employees/{person(x, r, t).employee_no}/potential",
        lambda x, r, t: {"period": present_period(), "rating": 3}),
}


def _path_move(data, role, target):
    """The move named: the nominee's, the one they are nominated for; one's own, a promotion from one's level."""
    if target == "own-nomination":
        return data.promotion
    own = Transition.objects.filter(from_level=person(data, role, target).level, kind="promotion").first()
    return own or data.promotion


@pytest.fixture
def competencies_loaded(framework):
    load_competencies()


def test_every_action_has_its_duties_written_down():
    assert {action for action, _channel in DUTIES} == set(SENDS)
    assert {channel for _action, channel in DUTIES} == {"page", "api"}


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_decision_actions_on_oneself_and_on_ones_own_nomination_answer_as_the_matrix_says(
        duty_data, competencies_loaded, role):
    d = SimpleNamespace(users=duty_data.users)
    failures = []
    for (action, channel), rule in DUTIES.items():
        page_url, page_data, api_path, api_body = SENDS[action]
        for target in DUTY_TARGETS:
            client = client_as(d, role)
            if channel == "page":
                url = page_url(duty_data, role, target)
                response = client.post(url, {**page_data(duty_data, role, target),
                                             "csrfmiddlewaretoken": csrf_secret(client)})
            else:
                token = csrf_secret(client)
                response = client.post(api_path(duty_data, role, target), api_body(duty_data, role, target),
                                       content_type="application/json", headers={"X-CSRFToken": token})
            got, want = outcome(response), rule(role, target)
            if channel == "api" and role == ANON:
                want = 401
            if got != want:
                failures.append((action, channel, target, got, want))
    assert failures == [], "\n".join(map(str, failures))
