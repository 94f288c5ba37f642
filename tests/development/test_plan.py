"""The four-step plan of seed 000, gaps from the eligibility engine, want/fit/can, conversations, the document."""
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from agentpath.accounts.models import Role
from agentpath.careers.models import Transition
from agentpath.development.models import CareerPlan, Conversation, IdpAction
from agentpath.development.services import record_anchor_take, save_plan_step
from agentpath.talent.assessments import present_period
from tests.development.test_anchors import MOST_TRUE, SHEET

pytestmark = pytest.mark.django_db


def to_team_leader():
    return Transition.objects.get(from_level__code="mgmt-agent", to_level__code="mgmt-tl", kind="promotion")


def test_agent_walks_the_four_steps_and_the_course_and_competency_gaps_become_proposed_idp_actions(org, client_for):
    agent = org.users[Role.AGENT]
    no = agent.employee.employee_no
    client = client_for(agent)
    response = client.post(f"/development/{no}/plan/?step=1", {"self_analysis": "耐心, 善于倾听",
                                                                 "key_problems": "缺少带人经验"})
    assert response["Location"].endswith("?step=2")
    client.post(f"/development/{no}/plan/?step=2", {"stage": "advancement", "goals_short": "一年内成为组长"})
    page = client.get(f"/development/{no}/plan/?step=3").content.decode()
    assert f'value="{to_team_leader().pk}"' in page  # the move is offered from the agent's level
    client.post(f"/development/{no}/plan/?step=3", {"target_transition": to_team_leader().pk,
                                                     "role_transition": "从个人贡献者到带团队"})
    plan = CareerPlan.objects.get(employee=agent.employee)
    assert plan.target_position.code == "team-leader"  # the target level's position, filled in
    gaps = client.get(f"/development/{no}/plan/?step=3").content.decode().split('data-testid="gaps"')[1]
    assert gaps.count('data-kind="required_course"') == 2

    assert gaps.count('data-kind="min_competency"') == 1  # team management 2, not assessed yet

    client.post(f"/development/{no}/idp/prefill/")
    actions = IdpAction.objects.filter(idp__employee=agent.employee, kind="course").order_by("course__code")
    assert [(a.kind, a.course.code) for a in actions] == [("course", "coaching-skills"), ("course", "team-management")]
    stretch = IdpAction.objects.get(idp__employee=agent.employee, kind="stretch")
    assert (stretch.title, stretch.owner) == ("提升「团队管理」至 2 级：带教新人", agent.employee.team.leader.name)
    assert stretch.source_requirement.kind == "min_competency"
    client.post(f"/development/{no}/idp/prefill/")  # proposing again adds nothing twice
    assert IdpAction.objects.filter(idp__employee=agent.employee).count() == 3


def test_a_competency_met_by_the_supervisors_assessment_proposes_no_action(org, client_for):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    no = agent.employee.employee_no
    client_for(leader).post(f"/talent/competencies/{no}/assess/", {
        "period": present_period(), "level_communication": "3", "level_complaint-handling": "2",
        "level_product-knowledge": "3", "level_system-operation": "3", "level_team-management": "2"})
    client = client_for(agent)
    client.post(f"/development/{no}/plan/?step=3", {"target_transition": to_team_leader().pk})
    client.post(f"/development/{no}/idp/prefill/")
    assert list(IdpAction.objects.filter(idp__employee=agent.employee).values_list("kind", flat=True)) == [
        "course", "course"]


def test_a_target_move_that_does_not_start_from_the_agents_level_is_refused(org, client_for):
    agent = org.users[Role.AGENT]
    wrong = Transition.objects.get(from_level__code="mgmt-tl", to_level__code="mgmt-supervisor", kind="promotion")
    with pytest.raises(ValidationError):
        save_plan_step(agent, agent.employee, 3, {"target_transition": wrong})


def test_want_fit_can_summary_is_drafted_from_the_answers_and_stays_editable(org, client_for):
    agent = org.users[Role.AGENT]
    no = agent.employee.employee_no
    client = client_for(agent)
    client.post(f"/development/{no}/want-fit-can/", {"values": "帮助他人", "skills": "沟通", "organization": "中心在扩张"})
    plan = CareerPlan.objects.get(employee=agent.employee)
    assert plan.want_fit_can_summary == "想: 帮助他人\n适合: 沟通\n可以: 中心在扩张"
    client.post(f"/development/{no}/want-fit-can/", {"values": "帮助他人", "summary": "我想走培训师路线"})
    plan.refresh_from_db()
    assert plan.want_fit_can_summary == "我想走培训师路线"
    assert "我想走培训师路线" in client.get(f"/development/{no}/").content.decode()


def test_team_leader_records_an_anchor_conversation_and_the_agent_cannot(org, client_for):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    no = agent.employee.employee_no
    assert client_for(agent).post(f"/development/{no}/conversations/",
                                  {"kind": "anchor", "conclusion": "x"}).status_code == 403
    client_for(leader).post(f"/development/{no}/conversations/",
                            {"kind": "anchor", "conclusion": "服务型突出, 下季度试做新人 BUDDY"})
    conversation = Conversation.objects.get(employee=agent.employee)
    assert (conversation.kind, conversation.held_by) == ("anchor", leader)
    assert "下季度试做新人 BUDDY" in client_for(agent).get(f"/development/{no}/anchors/").content.decode()


def test_the_career_plan_pdf_is_chinese_text_with_the_title_and_the_persons_name(org, client_for):
    agent = org.users[Role.AGENT]
    employee = agent.employee
    client = client_for(agent)
    client.post(f"/development/{employee.employee_no}/plan/?step=1", {"self_analysis": "耐心, 善于倾听"})
    response = client.get(f"/development/{employee.employee_no}/document.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "职业生涯规划书" in text
    assert employee.name in text
    assert "耐心" in text
    printable = client.get(f"/development/{employee.employee_no}/document/").content.decode()
    assert "data-print" in printable and "职业生涯规划书" in printable


def test_the_profile_file_shows_the_latest_top_anchors_and_the_current_idp(org, client_for):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    record_anchor_take(agent, agent.employee, SHEET, MOST_TRUE)
    page = client_for(leader).get(f"/people/{agent.employee.employee_no}/").content.decode()
    summary = page.split('data-testid="development-summary"')[1].split("</div>\n")[0]
    assert "技术/职能型</a> (6.8)" in summary
    trainer_page = client_for(org.users[Role.TRAINER]).get(f"/people/{agent.employee.employee_no}/").content.decode()
    assert "技术/职能型" not in trainer_page  # a trainer opens the file but not the development plan


def test_the_agent_enrols_in_a_proposed_course_straight_from_the_plan(org, client_for):
    agent = org.users[Role.AGENT]
    no = agent.employee.employee_no
    client = client_for(agent)
    client.post(f"/development/{no}/plan/?step=3", {"target_transition": to_team_leader().pk})
    client.post(f"/development/{no}/idp/prefill/")
    page = client.get(f"/development/{no}/").content.decode()
    assert page.count('data-testid="enrol"') == 2
    action = IdpAction.objects.filter(idp__employee=agent.employee).first()
    client.post(f"/development/{no}/idp/progress/", {"action": action.pk, "status": "enrolled"})
    action.refresh_from_db()
    assert action.status == IdpAction.Status.ENROLLED
    assert client.get(f"/development/{no}/").content.decode().count('data-testid="enrol"') == 1


def test_choosing_a_target_move_shows_its_gaps_before_saving(org, client_for):
    agent = org.users[Role.AGENT]
    no = agent.employee.employee_no
    client = client_for(agent)
    page = client.get(f"/development/{no}/plan/?step=3").content.decode()
    assert f'hx-get="/development/{no}/plan/"' in page
    fragment = client.get(f"/development/{no}/plan/", {"step": "3", "target_transition": to_team_leader().pk},
                          HTTP_HX_REQUEST="true").content.decode()
    assert fragment.count('data-kind="required_course"') == 2 and "<html" not in fragment
