"""Talent decisions reach the people they concern once: a nomination the nominee, a closed round each candidate
with a standing decision, an improvement step the person, a 9-box move HR and the managers but never the person."""
import pytest
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.careers.models import Transition
from agentpath.common.errors import Conflict
from agentpath.inbox.models import InboxItem
from agentpath.inbox.selectors import title_of
from agentpath.org.models import Team
from agentpath.talent import bottom_rank, nine_box, rounds, services
from tests.factories import EmployeeFactory, UserFactory
from tests.talent.test_bottom_rank import AS_OF
from tests.talent.test_nine_box import QUARTER, placement
from tests.talent.test_promotion_rounds import TODAY, candidate, open_round

pytestmark = pytest.mark.django_db


def test_a_nomination_reaches_the_nominee_with_who_and_why_once(org):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    move = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="mgmt-tl", kind="promotion")
    services.nominate(leader, agent.employee, move, "带新人表现突出")
    with pytest.raises(Conflict):
        services.nominate(leader, agent.employee, move, "带新人表现突出")
    [item] = InboxItem.objects.all()
    assert item.recipient == agent and item.kind == "talent.nominated" and item.url == "/me/path/"
    assert "带新人表现突出" in title_of(item) and leader.employee.name in title_of(item)


def test_a_closed_round_tells_each_decided_candidate_its_outcome_and_nobody_before_it_closes(round_people, ladder):
    veteran, second = round_people["veteran"], round_people["second"]
    veteran_user, second_user = UserFactory(employee=veteran), UserFactory(employee=second)
    hr = round_people["users"]["hr"]
    rnd = open_round(round_people, ladder)
    rounds.decide(rnd, candidate(rnd, veteran), hr, "approve", "连续两季度第一", today=TODAY)
    assert not InboxItem.objects.exists()  # a decision may still be reversed while the round decides
    rounds.apply_round_action(rnd, "close", hr, today=TODAY, reason="名额已用完", close_undecided=True)
    item = InboxItem.objects.get(recipient=veteran_user)
    assert item.kind == "talent.round_approved"
    with translation.override("en"):
        assert title_of(item) == (f"Promotion round 2026Q4: your move to Step two is approved, effective "
                                  f"{rnd.effective_date.isoformat()}")
    # closed with their candidacy undecided: they learn that, with the reason given at closing
    undecided = InboxItem.objects.get(recipient=second_user)
    assert undecided.kind == "talent.round_not_decided" and "名额已用完" in title_of(undecided)
    with pytest.raises(Conflict):
        rounds.apply_round_action(rnd, "close", hr, today=TODAY, close_undecided=True)
    assert InboxItem.objects.count() == 2


def test_an_improvement_step_reaches_the_person_with_the_training_and_the_reassessment_date(bottom_rank_floor):
    floor = bottom_rank_floor
    users = {p.pk: UserFactory(employee=p) for p in floor["people"]}
    result = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    opened = result["opened"]
    assert opened
    items = InboxItem.objects.filter(kind="talent.improvement_plan")
    assert sorted(i.recipient_id for i in items) == sorted(users[r.employee_id].pk for r in opened)
    assert all("绩效改进培训" in title_of(i) for i in items)
    bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    assert InboxItem.objects.count() == len(opened)


def test_an_improvement_step_reaches_the_persons_team_leader_once_and_nobody_else(bottom_rank_floor):
    floor = bottom_rank_floor
    person = floor["people"][18]  # the one the rule finds
    leader = EmployeeFactory(center=floor["center"], team=person.team, name="组长甲")
    Team.objects.filter(pk=person.team_id).update(leader=leader)
    leader_user, team_mate = UserFactory(employee=leader), UserFactory(employee=floor["people"][3])
    bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    [item] = InboxItem.objects.filter(kind="talent.improvement_plan_team")
    assert item.recipient == leader_user and item.url == f"/people/{person.employee_no}/"
    assert "坐席18" in title_of(item) and "绩效改进培训" in title_of(item)
    assert not InboxItem.objects.filter(recipient__in=[team_mate, floor["hr"]]).exists()


def test_a_review_outcome_reaches_the_person_and_their_team_leader_once_and_nobody_else(bottom_rank_floor):
    floor = bottom_rank_floor
    person = floor["people"][18]
    leader = EmployeeFactory(center=floor["center"], team=person.team, name="组长甲")
    Team.objects.filter(pk=person.team_id).update(leader=leader)
    person_user, leader_user = UserFactory(employee=person), UserFactory(employee=leader)
    team_mate = UserFactory(employee=floor["people"][3])
    [review] = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                        as_of=AS_OF)["opened"]
    day = review.reassess_on
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="复评仍未达标", today=day)
    assert not InboxItem.objects.filter(kind__startswith="talent.review_decided").exists()
    bottom_rank.decide_review(review, by=floor["hr"], outcome="keep", reason="调整班次后再观察一季", effective_date=day,
                              today=day)
    with pytest.raises(Conflict):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="keep", reason="再次", effective_date=day, today=day)
    [mine] = InboxItem.objects.filter(kind="talent.review_decided")
    [theirs] = InboxItem.objects.filter(kind="talent.review_decided_team")
    assert (mine.recipient, mine.url) == (person_user, "/me/path/")
    assert (theirs.recipient, theirs.url) == (leader_user, f"/people/{person.employee_no}/")
    with translation.override("zh-hans"):
        assert "结果为留任原岗" in title_of(mine) and "调整班次后再观察一季" in title_of(mine)
        assert "坐席18" in title_of(theirs) and "留任原岗" in title_of(theirs)
    with translation.override("en"):
        assert "the outcome is Keep in post" in title_of(mine)
    assert not InboxItem.objects.filter(recipient__in=[team_mate, floor["hr"]]).exists()


def test_a_nine_box_move_reaches_hr_and_the_managers_never_the_person_moved(nine_box_floor):
    floor = nine_box_floor
    person = floor["people"][0]
    person_user = UserFactory(employee=person, role=Role.AGENT)
    other_manager = UserFactory(role=Role.CENTER_MANAGER)  # serves no center of the review's
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    nine_box.move_placement(placement(review, person), by=floor["manager"], box="33",
                            reason="季度内带教成绩突出")
    items = list(InboxItem.objects.filter(kind="talent.nine_box_move"))
    assert [i.recipient for i in items] == [floor["hr"]]  # the manager moved: HR is told, not the mover
    assert not InboxItem.objects.filter(recipient__in=[person_user, other_manager]).exists()
    assert items[0].url == f"/talent/nine-box/{review.pk}/"
    with translation.override("zh-hans"):
        assert "绩效高 / 潜力高" in title_of(items[0]) and person.name in title_of(items[0])
    nine_box.move_placement(placement(review, person), by=floor["hr"], box="23", reason="复核")
    assert [i.recipient for i in InboxItem.objects.filter(kind="talent.nine_box_move").order_by("id")] == \
        [floor["hr"], floor["manager"]]
