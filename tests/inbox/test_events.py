"""Each decision reaches the people it concerns once, through their inbox: the IDP agreement, an exam scheduled,
an enrolment in mandatory training, a badge and a level-up. Re-running an event creates nothing new."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from agentpath.accounts.models import Role, User
from agentpath.development import idp_services as idp
from agentpath.development.models import IdpAction
from agentpath.exams import services as exams
from agentpath.exams.drawing import ExamRefused, schedule_exam
from agentpath.exams.models import Paper
from agentpath.inbox.models import InboxItem
from agentpath.inbox.selectors import title_of
from agentpath.learning.differentiation import run_differentiation, start_run
from agentpath.learning.models import Enrolment, Program
from agentpath.learning.services import enrol
from agentpath.performance.services import load_default_scorecards
from agentpath.recognition import inbox as recognition_inbox
from agentpath.recognition.models import Award, Badge, XpLevel
from agentpath.recognition.services import award_by_hand, load_default_badges
from tests.exams.conftest import make_question, new_exam, shown_key, wrong_answer
from tests.factories import EmployeeFactory, UserFactory
from tests.learning.test_differentiation import ranked

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def items_of(user, kind=None):
    items = InboxItem.objects.filter(recipient=user)
    return list(items.filter(kind=kind) if kind else items)


def submitted_plan(org):
    agent, employee = org.users[Role.AGENT], org.users[Role.AGENT].employee
    idp.save_idp(agent, employee, target_position=None, target_date=TODAY + datetime.timedelta(days=180),
                 goals=["带早会", "辅导新人", "通过班组管理课"])
    idp.add_action(agent, employee, kind=IdpAction.Kind.STRETCH, title="主持周一早会",
                   due_date=TODAY + datetime.timedelta(days=30))
    return idp.submit_idp(agent, employee)


def test_a_submitted_plan_reaches_the_team_leader_and_nobody_else(org):
    plan = submitted_plan(org)
    leader, agent = org.users[Role.TEAM_LEADER], org.users[Role.AGENT]
    [item] = items_of(leader)
    assert item.kind == "development.idp_submitted"
    assert item.url == f"/development/{agent.employee.employee_no}/#idp"
    assert agent.employee.name in title_of(item) and f"第 {plan.version} 版" in title_of(item)
    assert InboxItem.objects.exclude(recipient=leader).count() == 0


def test_a_team_leaders_own_plan_reaches_their_manager_who_agrees_it(org):
    leader = org.users[Role.TEAM_LEADER]
    manager = org.leaders["sz-b"]  # stands in for the manager the leader reports to
    leader.employee.manager = manager
    leader.employee.save()
    manager_user = UserFactory(role=Role.CENTER_MANAGER, employee=manager)
    idp.save_idp(leader, leader.employee, target_position=None, target_date=TODAY + datetime.timedelta(days=90),
                 goals=["带好班组", "培养储备组长", "完成管理课程"])
    idp.add_action(leader, leader.employee, kind=IdpAction.Kind.STRETCH, title="主持班组例会", due_date=TODAY)
    idp.submit_idp(leader, leader.employee)
    assert [i.kind for i in items_of(manager_user)] == ["development.idp_submitted"]
    assert items_of(leader) == []


def test_an_agreed_plan_reaches_the_agent_once_and_a_returned_one_with_the_leaders_comment(org):
    submitted_plan(org)
    leader, agent = org.users[Role.TEAM_LEADER], org.users[Role.AGENT]
    idp.return_idp(leader, agent.employee, "目标再具体一些")
    [returned] = items_of(agent)
    assert returned.kind == "development.idp_returned" and "目标再具体一些" in title_of(returned)
    idp.submit_idp(agent, agent.employee)
    idp.agree_idp(leader, agent.employee)
    assert [i.kind for i in items_of(agent)] == ["development.idp_agreed", "development.idp_returned"]
    assert len(items_of(leader, "development.idp_submitted")) == 2  # each submission is its own event
    with pytest.raises(ValidationError):  # agreeing again is refused by the plan's state: no second item
        idp.agree_idp(leader, agent.employee)
    assert len(items_of(agent, "development.idp_agreed")) == 1


def test_a_scheduled_exam_reaches_each_taker_with_an_account_once(org):
    for i in range(6):
        make_question(f"q{i}")
    exam = new_exam(org, cells=(("业务知识", 1, 3),), opens=timezone.now() + datetime.timedelta(days=1))
    schedule_exam(exam, seed=1)
    takers = [org.users[Role.AGENT], org.users[Role.TEAM_LEADER]]  # team sz-a: the others have no account
    assert sorted(i.recipient_id for i in InboxItem.objects.filter(kind="exams.exam_scheduled")) == \
        sorted(u.pk for u in takers)
    item = items_of(org.users[Role.AGENT])[0]
    assert "2026年9月业务知识月考" in title_of(item) and item.url == "/exams/"
    with pytest.raises(ExamRefused):  # scheduled already: refused, nothing new
        schedule_exam(exam, seed=1)
    assert InboxItem.objects.count() == 2


def test_a_failed_attempt_with_a_retake_left_tells_the_taker_until_when_once_and_nobody_else(org):
    for i in range(8):
        make_question(f"r{i}")
    opens = timezone.now() - datetime.timedelta(hours=1)
    exam = new_exam(org, cells=(("业务知识", 1, 3),), opens=opens, attempts=2, code="practice")
    schedule_exam(exam, seed=2)
    InboxItem.objects.all().delete()  # the scheduling's own items
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]

    def sit(user, right: bool):
        paper = Paper.objects.select_related("exam", "employee").filter(exam=exam, employee=user.employee) \
            .order_by("-number").first()
        attempt = exams.start_attempt(paper)
        for item in attempt.paper.items.select_related("version__question"):
            exams.save_answer(attempt, item.position, shown_key(item) if right else wrong_answer(item))
        return exams.submit_attempt(attempt)

    failed = sit(agent, right=False)
    sit(leader, right=True)  # passed: nothing to retake
    [item] = InboxItem.objects.all()
    assert (item.recipient, item.kind, item.url) == (agent, "exams.retake_open", "/exams/")
    with translation.override("zh-hans"):
        assert title_of(item) == (f"您未通过“2026年9月业务知识月考”(0 分,及格线 60 分):可在 "
                                  f"{timezone.localtime(exam.closes_at):%Y-%m-%d %H:%M} 前补考")
    exams.grade_attempts([failed])  # graded again (a regrade): no second item
    sit(agent, right=False)  # the last attempt allowed: no retake left, nothing new
    assert InboxItem.objects.count() == 1


def test_a_mandatory_enrolment_reaches_the_person_with_its_reason_and_an_optional_one_does_not(org):
    agent = org.users[Role.AGENT]
    program = Program.objects.get(code="pre-job")
    enrol(agent.employee, program, kind=Enrolment.Kind.ASSIGNED, reason="新员工入职培训")
    enrol(agent.employee, program, kind=Enrolment.Kind.ASSIGNED, reason="新员工入职培训")  # once
    [item] = items_of(agent)
    assert item.kind == "learning.mandatory_enrolment" and "新员工入职培训" in title_of(item)
    with translation.override("en"):
        assert title_of(item).startswith("You are enrolled in the mandatory training")
    enrol(agent.employee, program, kind=Enrolment.Kind.SELF, reason="自选", mandatory=False, period="2026Q4")
    assert len(items_of(agent)) == 1


def test_a_badge_given_by_hand_reaches_the_person_and_a_level_up_when_its_points_cross_a_threshold(org):
    load_default_badges()
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    badge = Badge.objects.get(code="good-example")
    first_level = XpLevel.objects.filter(min_points__gt=0).order_by("min_points").first()
    badge.points = first_level.min_points
    badge.save()
    award = award_by_hand(badge=badge, employee=agent.employee, by=leader, reason="帮助同事")
    assert InboxItem.objects.filter(recipient=agent).count() == 2  # giving the badge told the person, once
    assert recognition_inbox.awards_created([award.pk]) == 0  # the same awards again: nothing new
    kinds = {i.kind: i for i in items_of(agent)}
    assert set(kinds) == {"recognition.badge_awarded", "recognition.level_up"}
    assert badge.name in title_of(kinds["recognition.badge_awarded"])
    assert first_level.name in title_of(kinds["recognition.level_up"])
    assert kinds["recognition.badge_awarded"].url == f"/people/{agent.employee.employee_no}/?tab=growth"
    assert InboxItem.objects.exclude(recipient=agent).count() == 0


def test_awards_of_a_run_reach_their_people_in_a_few_queries_whatever_their_number(org, queries):
    load_default_badges()
    badge = Badge.objects.get(code="good-example")
    people = [a for team in org.agents.values() for a in team] + list(org.leaders.values())
    with_account = set(User.objects.values_list("employee_id", flat=True))
    for person in people:
        if person.pk not in with_account:
            UserFactory(employee=person)
    awards = [Award.objects.create(badge=badge, employee=p, occasion="2026-10", earned_on=datetime.date(2026, 10, 31),
                                   reason="x", run_period="2026-10") for p in people]
    few = queries.of(lambda: recognition_inbox.awards_created([awards[0].pk]))
    many = queries.of(lambda: recognition_inbox.awards_created(
        Award.objects.filter(run_period="2026-10").values("pk")))  # the whole run, as a subquery
    assert many <= few
    assert InboxItem.objects.filter(kind="recognition.badge_awarded").count() == len(people)


def test_the_quarters_run_tells_each_person_enrolled_as_mandatory_with_its_rank_once(catalogue):
    load_default_scorecards()
    center = EmployeeFactory().center
    people = [EmployeeFactory(center=center, team=None, hire_date=datetime.date(2020, 1, 6), name=f"坐席{i}")
              for i in range(4)]
    users = {p.pk: UserFactory(employee=p) for p in people}
    ranked("business", people)
    ranked("value", list(reversed(people)))
    with translation.override("zh-hans"):
        run_differentiation(start_run("2026Q3"))
        run_differentiation(start_run("2026Q3"))  # a second run of the quarter: no new enrolment, no new item
    mandatory = Enrolment.objects.filter(mandatory=True, period="2026Q3")
    items = InboxItem.objects.filter(kind="learning.mandatory_enrolment")
    assert sorted(i.recipient_id for i in items) == sorted(users[e.employee_id].pk for e in mandatory)
    assert any("业务能力综合排名 P0 < P50" in title_of(i) for i in items)
