"""The growth file (成长档案) shows the person's exams, IDP and enrolments by quarter, each as the viewer may see it."""
import datetime

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.development.models import Idp, IdpAction
from agentpath.exams import services
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import Exam, Paper
from agentpath.learning.models import Enrolment, Program
from agentpath.performance.services import load_default_metrics
from tests.exams.conftest import make_question, new_exam, shown_key

pytestmark = pytest.mark.django_db


def growth_of(client, user, employee) -> str:
    client.force_login(user)
    html = client.get(f"/people/{employee.employee_no}/?tab=growth").content.decode()
    return html.split('id="tab-growth"')[1].split('id="tab-performance"')[0]


@pytest.fixture
def graded(org):
    """The agent sat the team's monthly exam and got two of three right (66.7); its window is still open."""
    load_default_metrics()
    for code in ("g1", "g2", "g3"):
        make_question(code, key=("A",))
    exam = new_exam(org, cells=(("业务知识", 1, 3),), opens=timezone.now() - datetime.timedelta(hours=1))
    schedule_exam(exam, seed=5)
    agent = org.users[Role.AGENT].employee
    attempt = services.start_attempt(Paper.objects.select_related("exam", "employee").get(exam=exam, employee=agent))
    for item in list(attempt.paper.items.select_related("version__question"))[:2]:
        services.save_answer(attempt, item.position, shown_key(item))
    services.submit_attempt(attempt)
    return exam, attempt


def test_the_growth_file_lists_the_exam_with_its_score_and_a_link_to_the_review(client, org, graded):
    exam, attempt = graded
    agent = org.users[Role.AGENT].employee
    for viewer in (org.users[Role.AGENT], org.users[Role.TEAM_LEADER], org.users[Role.HR_ADMIN]):
        card = growth_of(client, viewer, agent).split('data-testid="growth-exams"')[1].split("</table>")[0]
        assert exam.title in card and 'data-testid="exam-score">66.7<' in card, viewer.username
        assert f'href="/exams/attempts/{attempt.pk}/result/"' in card


def test_a_team_leader_sees_no_score_when_the_exam_hides_it_from_supervisors(client, org, graded):
    exam, attempt = graded
    Exam.objects.filter(pk=exam.pk).update(supervisor_score="never", supervisor_answers="never",
                                           supervisor_key="never", supervisor_explanations="never")
    card = growth_of(client, org.users[Role.TEAM_LEADER], org.users[Role.AGENT].employee).split(
        'data-testid="growth-exams"')[1].split("</table>")[0]
    assert exam.title in card and "66.7" not in card and "—" in card
    assert f"/exams/attempts/{attempt.pk}/result/" not in card


def test_the_growth_file_shows_the_idp_status_and_its_actions(client, org):
    agent = org.users[Role.AGENT].employee
    idp = Idp.objects.create(employee=agent, version=2)
    IdpAction.objects.create(idp=idp, kind="mentor", title="跟组长学习辅导技巧", owner="组长",
                             due_date=datetime.date(2027, 1, 31))
    IdpAction.objects.create(idp=idp, kind="stretch", title="带新人一个月", owner="本人",
                             due_date=datetime.date(2027, 3, 31), status="done")
    card = growth_of(client, org.users[Role.TEAM_LEADER], agent).split('data-testid="growth-idp"')[1]
    assert "第 2 版,草稿" in card
    assert "已完成 1 / 2 项行动" in card
    assert card.index("跟组长学习辅导技巧") < card.index("带新人一个月")  # by due date


def test_an_enrolment_made_by_a_rule_and_by_choice_in_one_quarter_shows_once_under_its_quarter(client, org):
    agent = org.users[Role.AGENT].employee
    program = Program.objects.first()
    Enrolment.objects.create(employee=agent, program=program, kind="rule", mandatory=True, period="2026Q3",
                             reason="价值提升与收保综合排名 P48 < P50", enrolled_on=datetime.date(2026, 10, 8))
    Enrolment.objects.create(employee=agent, program=program, kind="self", mandatory=False,
                             reason="自选", enrolled_on=datetime.date(2026, 8, 20))
    html = growth_of(client, org.users[Role.HR_ADMIN], agent).split('data-testid="enrolments"')[1].split("</ul>")[0]
    assert html.count('data-testid="enrolment"') == 1
    assert html.count('data-testid="enrolment-quarter"') == 1 and ">2026Q3<" in html
    assert "价值提升与收保综合排名 P48 &lt; P50" in html and "另:自选" in html
