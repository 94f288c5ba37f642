"""Separation of duties (talent.duties.check_may_act): nobody acts on themselves, nor decides a nomination they made;
a decision needs someone above the candidate in their line."""
import pytest
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Transition
from agentpath.common.errors import Forbidden
from agentpath.talent import duties
from agentpath.talent.admin import NominationForm
from agentpath.talent.models import Nomination
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def refusal(user, subject, action, **kwargs) -> str:
    with pytest.raises(Forbidden) as caught:
        duties.check_may_act(user, subject, action, **kwargs)
    assert caught.value.status == 403
    return caught.value.code


@pytest.mark.parametrize("action,code", [("nominate", "self_nomination"), ("recommend", "self_recommendation"),
                                         ("assess", "self_assessment"), ("rate_potential", "self_rating"),
                                         ("decide", "self_decision")])
def test_nobody_acts_on_themselves_whatever_their_role(org, action, code):
    leader = org.users[Role.TEAM_LEADER]
    assert refusal(leader, leader.employee, action) == code
    manager_self = EmployeeFactory(center=org.centers[0], level=Level.objects.get(code="mgmt-manager"))
    manager = UserFactory(role=Role.CENTER_MANAGER, employee=manager_self)
    assert refusal(manager, manager_self, action) == code
    hr_self = EmployeeFactory(center=org.centers[0])
    assert refusal(UserFactory(role=Role.HR_ADMIN, employee=hr_self, is_superuser=True), hr_self, action) == code


def test_a_manager_does_not_decide_on_a_nomination_he_made(org):
    manager = org.users[Role.CENTER_MANAGER]
    agent = org.agents["sz-a"][1]
    move = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="mgmt-tl")
    nomination = Nomination.objects.create(employee=agent, transition=move, nominated_by=manager, reason="x")
    with translation.override("zh-hans"):
        with pytest.raises(Forbidden) as caught:
            duties.check_may_act(manager, agent, "decide", nomination=nomination)
    assert caught.value.code == "own_nomination"
    assert "是您推荐的" in caught.value.message
    other = Nomination(employee=agent, transition=move, nominated_by=org.users[Role.TEAM_LEADER])
    duties.check_may_act(manager, agent, "decide", nomination=other)  # someone else's nomination: allowed


def test_a_decision_needs_someone_above_the_candidate_in_their_line(org):
    supervisor = EmployeeFactory(center=org.centers[0], level=Level.objects.get(code="mgmt-supervisor"))
    manager = UserFactory(role=Role.CENTER_MANAGER, employee=supervisor)  # a manager's account held at 主管
    peer = EmployeeFactory(center=org.centers[0], level=Level.objects.get(code="mgmt-supervisor"))
    assert refusal(manager, peer, "decide") == "not_above_candidate"
    duties.check_may_act(manager, org.agents["sz-a"][0], "decide")  # an agent is below a supervisor
    assert refusal(org.users[Role.TEAM_LEADER], org.agents["sz-a"][0], "decide") == "not_a_decider"
    duties.check_may_act(org.users[Role.HR_ADMIN], peer, "decide")  # HR is outside every center's line


def test_across_tracks_the_grade_decides_who_is_above(org):
    """Grades are comparable across tracks (grade 1 the highest): a manager's account held at 首席业务专家 (grade 4)
    decides on a team leader (grade 7) but not on a supervisor at grade 4."""
    chief = EmployeeFactory(center=org.centers[0], level=Level.objects.get(code="pro-chief"), grade=4)
    manager = UserFactory(role=Role.CENTER_MANAGER, employee=chief)
    duties.check_may_act(manager, org.leaders["sz-a"], "decide")
    peer = EmployeeFactory(center=org.centers[0], level=Level.objects.get(code="mgmt-supervisor"), grade=4)
    assert refusal(manager, peer, "decide") == "not_above_candidate"


def test_each_action_has_its_roles(org):
    agent = org.agents["sz-a"][1]
    assert refusal(org.users[Role.AGENT], agent, "nominate") == "not_a_nominator"
    assert refusal(org.users[Role.QA], agent, "recommend") == "not_a_recommender"
    assert refusal(org.users[Role.TRAINER], agent, "rate_potential") == "not_a_supervisor"
    duties.check_may_act(org.users[Role.TEAM_LEADER], agent, "nominate")
    assert duties.may_act(org.users[Role.TEAM_LEADER], agent, "recommend")
    assert not duties.may_act(org.users[Role.TEAM_LEADER], org.users[Role.TEAM_LEADER].employee, "recommend")


def test_the_admin_records_no_nomination_of_oneself(org):
    leader = org.users[Role.TEAM_LEADER]
    move = Transition.objects.get(from_level__code="mgmt-tl", to_level__code="mgmt-supervisor")
    form = NominationForm(data={"employee": leader.employee.pk, "transition": move.pk, "nominated_by": leader.pk,
                                "nominated_on": "2026-12-01", "reason": "x"})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["nominated_by"] == ["Nobody nominates themselves; ask your supervisor."]
