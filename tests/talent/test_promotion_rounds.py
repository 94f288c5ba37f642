"""Promotion rounds (DOMAIN.md C8): candidates with explanations, quotas, decisions with reasons and their trail."""
import datetime

import pytest
from django.utils import timezone, translation

from agentpath.accounts.models import Role
from agentpath.careers.models import Framework, Level, Position, Requirement, Track, Transition
from agentpath.common.errors import Conflict, DomainError, Invalid
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.talent import rounds
from agentpath.talent.models import Nomination, PromotionRound, RoundCandidate, TalentDecision
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def ladder(framework):
    """A two-step ladder whose promotion asks for six months in level only."""
    fw = Framework.objects.create(code="test-ladder", name="测试框架", version=3)
    track = Track.objects.create(framework=fw, code="ladder", name="测试通道", kind="management", order=9)
    low = Level.objects.create(track=track, code="ladder-1", name="一级", name_en="Step one", order=1,
                               grade_min=7, grade_max=8)
    high = Level.objects.create(track=track, code="ladder-2", name="二级", name_en="Step two", order=2,
                                grade_min=5, grade_max=6)
    Position.objects.create(code="ladder-p1", name="一级岗", level=low, family="customer_service")
    Position.objects.create(code="ladder-p2", name="二级岗", level=high, family="customer_service")
    transition = Transition.objects.create(from_level=low, to_level=high, kind="promotion")
    Requirement.objects.create(transition=transition, kind="min_months_in_level", value=6,
                               effective_from=datetime.date(2020, 1, 1))
    return low, high, transition


@pytest.fixture
def people(ladder):
    low, _high, _t = ladder
    center = CenterFactory(code="sz", name="深圳中心")
    team_a, team_b = TeamFactory(center=center, name="A组"), TeamFactory(center=center, name="B组")
    leader = EmployeeFactory(center=center, team=team_a, name="组长甲")
    team_a.leader = leader
    team_a.save()
    hired_long_ago = TODAY - datetime.timedelta(days=400)
    make = lambda name, team, hired=hired_long_ago: EmployeeFactory(  # noqa: E731
        center=center, team=team, level=low, grade=8, name=name, hire_date=hired)
    users = {
        "hr": UserFactory(username="hr", role=Role.HR_ADMIN),
        "manager": UserFactory(username="manager", role=Role.CENTER_MANAGER),
        "leader": UserFactory(username="leader", role=Role.TEAM_LEADER, employee=leader),
        "agent": UserFactory(username="agent", role=Role.AGENT),
    }
    users["manager"].centers.add(center)
    return {"center": center, "veteran": make("老员工", team_a), "second": make("第二人", team_b),
            "newcomer": make("新员工", team_a, TODAY - datetime.timedelta(days=40)), "users": users,
            "team_a": team_a}


def open_round(people, ladder, slots=1, effective=TODAY, state="deciding"):
    _low, high, _t = ladder
    rnd = rounds.open_round(center=people["center"], period="2026Q4", effective_date=effective, quotas={high: slots},
                            by=people["users"]["hr"], today=TODAY)
    if state == "deciding":
        rounds.apply_round_action(rnd, "start_deciding", people["users"]["hr"], today=TODAY)
    return rnd


def shown(page, employee) -> bool:
    """Whether the round page shows the person as a candidate."""
    return f'data-employee="{employee.employee_no}"' in page


def candidate(rnd, employee):
    return RoundCandidate.objects.get(round=rnd, employee=employee)


def test_opening_a_round_lists_the_eligible_of_the_center_with_their_explanations(people, ladder, client):
    client.force_login(people["users"]["hr"])
    response = client.post("/talent/rounds/open/", {
        "center": people["center"].pk, "kind": "promotion", "period": "2026q4", "effective_date": TODAY.isoformat(), "quota_ladder-2": 1})
    assert response.status_code == 302
    rnd = PromotionRound.objects.get()
    assert rnd.period == "2026Q4"
    page = client.get(response.url).content.decode()
    assert shown(page, people["veteran"]) and shown(page, people["second"])
    assert not shown(page, people["newcomer"])  # 1 month in level: not eligible and not nominated
    assert "13 / 6" in page  # the explained requirement: actual / required months
    assert 'data-testid="slots-left">1<' in page


def test_a_team_leaders_nomination_with_a_reason_brings_in_someone_not_yet_eligible(people, ladder, client):
    rnd = open_round(people, ladder, state="open")
    client.force_login(people["users"]["leader"])
    response = client.post(f"/talent/rounds/{rnd.pk}/nominate/", {
        "employee": people["newcomer"].employee_no, "to_level": "ladder-2", "reason": "带教新人表现突出"})
    assert response.status_code == 302
    page = client.get(f"/talent/rounds/{rnd.pk}/").content.decode()
    assert shown(page, people["newcomer"]) and "带教新人表现突出" in page
    assert not shown(page, people["second"])  # a team leader sees their own team's candidates only


def test_a_team_leader_cannot_nominate_outside_their_team(people, ladder, client):
    rnd = open_round(people, ladder, state="open")
    client.force_login(people["users"]["leader"])
    client.post(f"/talent/rounds/{rnd.pk}/nominate/", {
        "employee": people["second"].employee_no, "to_level": "ladder-2", "reason": "x"})
    assert not RoundCandidate.objects.filter(round=rnd, employee=people["second"], source="nominated").exists()


def test_a_path_page_nomination_is_taken_into_the_round_as_it_is(people, ladder, client):
    """One nomination rule (talent.services.nominate): the round takes in the open nomination of the same move
    made earlier from the path page instead of refusing or doubling it."""
    _low, _high, transition = ladder
    client.force_login(people["users"]["leader"])
    client.post(f"/path/{people['newcomer'].employee_no}/nominate/",
                {"transition": transition.pk, "reason": "带教新人表现突出"})
    rnd = open_round(people, ladder, state="open")
    client.post(f"/talent/rounds/{rnd.pk}/nominate/", {
        "employee": people["newcomer"].employee_no, "to_level": "ladder-2", "reason": "再次推荐"})
    nominations = list(Nomination.objects.filter(employee=people["newcomer"]))
    assert [n.reason for n in nominations] == ["带教新人表现突出"]
    assert candidate(rnd, people["newcomer"]).nomination == nominations[0]


@pytest.mark.parametrize("length,stored", [(300, True), (301, False)])
def test_a_nomination_reason_is_held_to_300_characters_in_a_round(people, ladder, length, stored):
    rnd = open_round(people, ladder, state="open")
    call = lambda: rounds.nominate(rnd, people["newcomer"], ladder[1], people["users"]["leader"],  # noqa: E731
                                   "好" * length, today=TODAY)
    if stored:
        assert len(call().nomination.reason) == 300
    else:
        with translation.override("en"), pytest.raises(Invalid, match="301 characters long; at most 300"):
            call()
        assert not Nomination.objects.exists()


def test_a_decision_without_a_reason_is_refused_with_a_message(people, ladder, client):
    rnd = open_round(people, ladder)
    client.force_login(people["users"]["hr"])
    response = client.post(f"/talent/rounds/{rnd.pk}/decide/", {
        "candidate": candidate(rnd, people["veteran"]).pk, "decision": "approve", "reason": "  "}, follow=True,
        HTTP_ACCEPT_LANGUAGE="en")
    assert "Reason: This field is required." in response.content.decode()
    assert not TalentDecision.objects.exists()
    with pytest.raises(Invalid, match="a decision needs a reason"):
        rounds.decide(rnd, candidate(rnd, people["veteran"]), people["users"]["hr"], "approve", " ", today=TODAY)


def test_approval_becomes_a_promotion_event_and_the_path_shows_the_new_level(people, ladder, client):
    rnd = open_round(people, ladder)
    client.force_login(people["users"]["hr"])
    response = client.post(f"/talent/rounds/{rnd.pk}/decide/", {
        "candidate": candidate(rnd, people["veteran"]).pk, "decision": "approve", "reason": "连续两季度表现优秀"})
    assert response.status_code == 302
    decision = TalentDecision.objects.get()
    event = EmploymentEvent.objects.get(decision_ref=decision.ref)
    assert (event.kind, event.effective_date, event.to_level.code, event.to_grade) == ("promotion", TODAY,
                                                                                       "ladder-2", 6)
    assert event.to_position.code == "ladder-p2"
    path = client.get(f"/path/{people['veteran'].employee_no}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    files = client.get(f"/people/{people['veteran'].employee_no}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Step two" in path
    assert "Step two" in files and "Promotion" in files
    assert 'data-testid="slots-left">0<' in client.get(f"/talent/rounds/{rnd.pk}/").content.decode()


def test_an_approval_dated_later_is_scheduled_for_its_effective_date(people, ladder):
    rnd = open_round(people, ladder, effective=TODAY + datetime.timedelta(days=30))
    decision = rounds.decide(rnd, candidate(rnd, people["veteran"]), people["users"]["hr"], "approve", "好",
                             today=TODAY)
    assert decision.event.scheduled and decision.event.effective_date == TODAY + datetime.timedelta(days=30)
    assert Employee.objects.get(pk=people["veteran"].pk).level.code == "ladder-1"  # until that day


def test_the_quota_of_a_level_is_enforced(people, ladder):
    rnd = open_round(people, ladder, slots=1)
    hr = people["users"]["hr"]
    rounds.decide(rnd, candidate(rnd, people["veteran"]), hr, "approve", "第一名", today=TODAY)
    with translation.override("en"), pytest.raises(Invalid, match=r"quota for Step two is full \(1 slots\)"):
        rounds.decide(rnd, candidate(rnd, people["second"]), hr, "approve", "第二名", today=TODAY)
    assert TalentDecision.objects.count() == 1


def test_a_whole_round_is_decided_all_or_nothing(people, ladder):
    rnd = open_round(people, ladder, slots=1)
    batch = [rounds.DecisionRequest(candidate(rnd, people["veteran"]), "approve", "好"),
             rounds.DecisionRequest(candidate(rnd, people["second"]), "approve", "也好")]
    with pytest.raises(DomainError):
        rounds.decide_many(rnd, batch, people["users"]["hr"], today=TODAY)
    assert not TalentDecision.objects.exists() and not EmploymentEvent.objects.exclude(decision_ref="").exists()
    batch[1].outcome = "defer"
    decided = rounds.decide_many(rnd, batch, people["users"]["hr"], today=TODAY)
    assert [d.outcome for d in decided] == ["approve", "defer"]


def test_the_decision_keeps_the_facts_it_saw_when_the_facts_change_later(people, ladder):
    _low, _high, transition = ladder
    rnd = open_round(people, ladder)
    version = Framework.objects.get(code="test-ladder").version
    with translation.override("zh-hans"):
        decision = rounds.decide(rnd, candidate(rnd, people["veteran"]), people["users"]["hr"], "reject", "名额有限",
                                 today=TODAY)
    seen = [(c["kind"], c["met"], c["actual"]) for c in decision.requirements_snapshot]
    assert seen == [("min_months_in_level", True, "13 / 6 个月")]
    assert (decision.framework_code, decision.framework_version, decision.eligible_when_decided) == (
        "test-ladder", version, True)
    requirement = Requirement.objects.get(transition=transition)
    requirement.value = 24
    requirement.save()  # the framework's version moves on
    assert Framework.objects.get(code="test-ladder").version > version
    decision.refresh_from_db()
    assert [(c["kind"], c["met"], c["actual"]) for c in decision.requirements_snapshot] == seen
    assert decision.framework_version == version


def test_decisions_are_never_deleted_only_reversed_by_a_later_one(people, ladder):
    rnd = open_round(people, ladder, effective=TODAY + datetime.timedelta(days=10))
    hr, c = people["users"]["hr"], candidate(rnd, people["veteran"])
    approved = rounds.decide(rnd, c, hr, "approve", "好", today=TODAY)
    deferred = rounds.decide(rnd, c, hr, "defer", "等下一轮", today=TODAY)
    approved.refresh_from_db()
    assert deferred.reverses == approved and approved.reversed_by == deferred
    assert approved.event is None  # the scheduled move was withdrawn with the reversal
    assert not EmploymentEvent.objects.filter(employee=people["veteran"], kind="promotion").exists()
    with pytest.raises(PermissionError):
        approved.delete()
    with pytest.raises(PermissionError):
        TalentDecision.objects.all().delete()
    assert TalentDecision.objects.count() == 2
    with translation.override("en"), pytest.raises(Conflict, match="already"):
        rounds.decide(rnd, c, hr, "defer", "再等", today=TODAY)


def test_a_move_that_took_effect_cannot_be_reversed_by_a_decision(people, ladder):
    rnd = open_round(people, ladder)
    hr, c = people["users"]["hr"], candidate(rnd, people["veteran"])
    rounds.decide(rnd, c, hr, "approve", "好", today=TODAY)
    with translation.override("en"), pytest.raises(Invalid, match="took effect"):
        rounds.decide(rnd, c, hr, "reject", "反悔", today=TODAY)


def test_invalid_round_transitions_are_refused_with_a_clear_message(people, ladder, client):
    rnd = open_round(people, ladder, state="open")
    client.force_login(people["users"]["hr"])
    response = client.post(f"/talent/rounds/{rnd.pk}/action/", {"action": "close"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409  # as the API answers a move the round's state does not allow
    assert "It is Open for nominations now, so “Close” no longer applies" in response.content.decode()
    assert PromotionRound.objects.get().state == "open"
    with translation.override("en"), pytest.raises(Conflict, match="while the round is deciding"):
        rounds.decide(rnd, candidate(rnd, people["veteran"]), people["users"]["hr"], "approve", "好", today=TODAY)
    with translation.override("zh-hans"), pytest.raises(Invalid, match="不是晋升评审的操作"):
        rounds.apply_round_action(rnd, "publish", people["users"]["hr"])


def test_a_round_with_standing_approvals_cannot_be_cancelled(people, ladder):
    rnd = open_round(people, ladder)
    rounds.decide(rnd, candidate(rnd, people["veteran"]), people["users"]["hr"], "approve", "好", today=TODAY)
    with translation.override("en"), pytest.raises(Conflict, match="reverse them"):
        rounds.apply_round_action(rnd, "cancel", people["users"]["hr"])


def test_team_leader_and_manager_recommend_and_the_page_shows_both(people, ladder, client):
    rnd = open_round(people, ladder, state="open")
    c = candidate(rnd, people["veteran"])
    client.force_login(people["users"]["leader"])
    client.post(f"/talent/rounds/{rnd.pk}/recommend/", {"candidate": c.pk, "recommendation": "support",
                                                        "note": "带教好"})
    client.force_login(people["users"]["manager"])
    client.post(f"/talent/rounds/{rnd.pk}/recommend/", {"candidate": c.pk, "recommendation": "oppose",
                                                        "note": "再观察"})
    c.refresh_from_db()
    assert (c.tl_recommendation, c.tl_note, c.manager_recommendation, c.manager_note) == (
        "support", "带教好", "oppose", "再观察")


def test_rounds_of_other_centers_and_for_agents_are_not_found(people, ladder, client):
    rnd = open_round(people, ladder, state="open")
    outsider = UserFactory(username="gz-manager", role=Role.CENTER_MANAGER)
    outsider.centers.add(CenterFactory(code="gz"))
    client.force_login(outsider)
    assert client.get(f"/talent/rounds/{rnd.pk}/").status_code == 404
    client.force_login(people["users"]["agent"])
    assert client.get("/talent/rounds/").status_code == 404
    client.force_login(people["users"]["leader"])  # sees the round of his center, does not move it: 403 as the API
    assert client.post(f"/talent/rounds/{rnd.pk}/action/", {"action": "start_deciding"}).status_code == 403


def test_the_round_page_takes_as_many_queries_for_six_more_candidates(people, ladder, client, queries):
    rnd = open_round(people, ladder, slots=3)

    def six_more_candidates():
        for i in range(6):
            EmployeeFactory(center=people["center"], team=people["team_a"], level=ladder[0], grade=8,
                            hire_date=TODAY - datetime.timedelta(days=400), name=f"新增{i}")
        rounds.gather_candidates(rnd, TODAY)

    client.force_login(people["users"]["hr"])
    queries.do_not_grow(queries.page(client, f"/talent/rounds/{rnd.pk}/"), grow=six_more_candidates)
    assert "新增5" in client.get(f"/talent/rounds/{rnd.pk}/").content.decode()


def test_an_annual_review_approves_a_grade_step_within_the_band_with_the_same_trail(people, ladder):
    low, _high, _t = ladder
    step = Transition.objects.create(from_level=low, to_level=low, kind="grade_step")
    Requirement.objects.create(transition=step, kind="min_months_in_level", value=12,
                               effective_from=datetime.date(2020, 1, 1))
    hr = people["users"]["hr"]
    rnd = rounds.open_round(center=people["center"], period="2026Q4", effective_date=TODAY, quotas={}, by=hr,
                            today=TODAY, kind="annual_review")
    assert {c.transition.kind for c in rnd.candidates.all()} == {"grade_step"}  # no promotions in this round
    rounds.apply_round_action(rnd, "start_deciding", hr, today=TODAY)
    decision = rounds.decide(rnd, candidate(rnd, people["veteran"]), hr, "approve", "年度考核优秀", today=TODAY)
    assert (decision.event.kind, decision.event.from_grade, decision.event.to_grade) == ("grade_step", 8, 7)
    assert decision.requirements_snapshot[0]["kind"] == "min_months_in_level"
    with pytest.raises(DomainError):
        rounds.decide(rnd, candidate(rnd, people["veteran"]), hr, "demotion", "x", today=TODAY)
