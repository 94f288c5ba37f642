"""Each rule of the award run at its boundary (one under, at, over), the IDP completed on time, the points table and
the ids an award run hands on (issue 20)."""
import datetime

import pytest
from django.utils import timezone, translation

from agentpath.development.idp_services import record_action_progress
from agentpath.development.models import Idp, IdpAction
from agentpath.learning.models import Attendance, Course, CourseCompletion, TrainingEvent, TrainingSession
from agentpath.recognition.models import Award, Badge, PointsRule
from agentpath.recognition.selectors import describe_facts, points_by_source, points_of
from agentpath.recognition.services import award_period, revoke_award
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def awarded(badge_code: str) -> set[int]:
    return set(Award.objects.filter(badge__code=badge_code).values_list("employee_id", flat=True))


def facts_of(badge_code: str, employee, language="zh-hans") -> str:
    with translation.override(language):
        return describe_facts(Award.objects.get(badge__code=badge_code, employee=employee))


def _sessions(team, days: list[int], state=TrainingSession.State.HELD):
    """One morning briefing of `team` on each October day in `days`, each with one session."""
    tz = timezone.get_current_timezone()
    made = []
    for day in days:
        date = datetime.date(2026, 10, day)
        event = TrainingEvent.objects.create(kind=TrainingEvent.Kind.MORNING_BRIEFING, team=team, center=team.center,
                                             date=date, name=f"晨会 {date}")
        start = datetime.datetime.combine(date, datetime.time(8, 30), tzinfo=tz)
        made.append(TrainingSession.objects.create(event=event, starts_at=start,
                                                   ends_at=start + datetime.timedelta(minutes=15), state=state))
    return made


def _attend(session, employee, status=Attendance.Status.PRESENT):
    Attendance.objects.create(event=session.event, session=session, employee=employee, status=status)


def test_full_attendance_needs_every_listed_session_present_and_at_least_the_minimum(org):
    Badge.objects.filter(code="full-attendance").update(params={"min_sessions": 2})
    under, at, over, late = org.agents["sz-a"] + [org.leaders["sz-a"]]
    one, two, three = _sessions(under.team, [5, 12, 19])
    _attend(one, under)  # one session: under the minimum of 2
    for s in (one, two):
        _attend(s, at)
    for s in (one, two, three):
        _attend(s, over)
    _attend(one, late)
    _attend(two, late, Attendance.Status.LATE)
    november = _sessions(under.team, [26])  # a session in the month but not held yet counts for nobody
    november[0].state = TrainingSession.State.SCHEDULED
    november[0].save()
    _attend(november[0], at, Attendance.Status.ABSENT)
    award_period("2026-10")
    assert awarded("full-attendance") == {at.id, over.id}
    assert facts_of("full-attendance", over) == "2026-10 全部 3 场培训出勤"


def test_a_course_finished_on_the_months_last_day_counts_the_first_of_next_month_does_not(org):
    on_last_day, next_month = org.agents["sz-a"][:2]
    course = Course.objects.get(code="pre-job-program")
    CourseCompletion.objects.create(employee=on_last_day, course=course, credits=6,
                                    completed_on=datetime.date(2026, 10, 31))
    CourseCompletion.objects.create(employee=next_month, course=course, credits=6,
                                    completed_on=datetime.date(2026, 11, 1))
    award_period("2026-10")
    assert awarded("pre-job-graduate") == {on_last_day.id}
    award_period("2026-11")
    assert awarded("pre-job-graduate") == {on_last_day.id, next_month.id}


def test_top_10_percent_of_twenty_is_rank_1_and_2_not_3(org, ranks):
    first, second, third = org.agents["sz-a"]
    ranks("2026-10", 20, [(first, 1), (second, 2), (third, 3)])
    award_period("2026-10")
    assert awarded("kpi-top10-month") == {first.id, second.id}


def test_qa_star_at_95_each_month_and_over_but_not_94_9_in_one_month(org, kpi_day):
    under, at, over = org.agents["sz-a"]
    for month in (8, 9, 10):
        kpi_day(under, datetime.date(2026, month, 3), qa_score=94.9 if month == 9 else 99)
        kpi_day(at, datetime.date(2026, month, 3), qa_score=95)
        kpi_day(over, datetime.date(2026, month, 3), qa_score=96)
    kpi_day(at, datetime.date(2026, 10, 4), qa_score=95)  # the month's mean, not a single day, is what counts
    award_period("2026-10")
    assert awarded("qa-star") == {at.id, over.id}
    assert facts_of("qa-star", at) == "截至 2026-10 连续 3 个月质检得分 ≥ 95(最低 95)"


def test_qa_months_run_from_each_months_first_to_last_day(org, kpi_day):
    running, gap = org.agents["sz-a"][:2]
    for day in (datetime.date(2026, 8, 1), datetime.date(2026, 9, 30), datetime.date(2026, 10, 31)):
        kpi_day(running, day, qa_score=96)  # one score in each of August, September and October
    for day in (datetime.date(2026, 7, 31), datetime.date(2026, 9, 1), datetime.date(2026, 9, 30),
                datetime.date(2026, 10, 1)):
        kpi_day(gap, day, qa_score=96)  # 31 July is not August: August has no score
    award_period("2026-10")
    assert awarded("qa-star") == {running.id}


def test_two_months_of_qa_data_are_not_three_months_running(org, kpi_day):
    agent = org.agents["sz-a"][0]
    for month in (9, 10):
        kpi_day(agent, datetime.date(2026, month, 3), qa_score=100)
    award_period("2026-10")
    assert awarded("qa-star") == set()


@pytest.mark.parametrize(("code", "years"), [("tenure-1y", 1), ("tenure-3y", 3), ("tenure-5y", 5)])
def test_tenure_years_are_earned_on_the_anniversary_not_a_day_before(framework, code, years):
    before = EmployeeFactory(hire_date=datetime.date(2026 - years, 11, 1))  # anniversary 1 November: next month
    on = EmployeeFactory(hire_date=datetime.date(2026 - years, 10, 31))
    after = EmployeeFactory(hire_date=datetime.date(2026 - years, 10, 30))
    award_period("2026-10")
    assert awarded(code) >= {on.id, after.id} and before.id not in awarded(code)
    assert Award.objects.get(badge__code=code, employee=on).earned_on == datetime.date(2026, 10, 31)
    with translation.override("zh-hans"):
        assert facts_of(code, on) == f"自 {2026 - years}-10-31 入职满 {years} 年"


def test_tenure_91_days_is_earned_too_and_leaving_before_the_milestone_is_not(framework):
    day_91 = EmployeeFactory(hire_date=datetime.date(2026, 8, 1))
    left_a_day_early = EmployeeFactory(hire_date=datetime.date(2026, 8, 1), exit_date=datetime.date(2026, 10, 29))
    left_that_day = EmployeeFactory(hire_date=datetime.date(2026, 8, 1), exit_date=datetime.date(2026, 10, 30))
    award_period("2026-10")
    assert awarded("tenure-90d") == {day_91.id, left_that_day.id}
    assert left_a_day_early.id not in awarded("tenure-90d")


@pytest.fixture
def agreed_idp(org):
    """The agent's agreed IDP with two actions due 15 and 31 October (target date 30 November)."""
    agent = org.agents["sz-a"][0]
    idp = Idp.objects.create(employee=agent, target_date=datetime.date(2026, 11, 30))
    Idp.objects.filter(pk=idp.pk).update(state=Idp.State.AGREED)
    for title, due in (("投诉处理课程", datetime.date(2026, 10, 15)), ("带教新人", datetime.date(2026, 10, 31))):
        IdpAction.objects.create(idp=idp, kind=IdpAction.Kind.STRETCH, title=title, owner="本人", due_date=due)
    return idp


def _done(idp, title, on):
    IdpAction.objects.filter(idp=idp, title=title).update(status=IdpAction.Status.DONE, completed_on=on)


def test_an_idp_whose_every_action_is_done_by_its_due_date_earns_the_badge(org, agreed_idp):
    _done(agreed_idp, "投诉处理课程", datetime.date(2026, 10, 14))
    _done(agreed_idp, "带教新人", datetime.date(2026, 10, 31))  # on the due date: on time
    award_period("2026-10")
    award = Award.objects.get(badge__code="idp-on-time")
    assert award.employee == agreed_idp.employee and award.occasion == "2026-10"
    assert award.earned_on == datetime.date(2026, 10, 31)
    assert facts_of("idp-on-time", agreed_idp.employee) == "第 1 版发展计划 2 项行动均按期完成(最后一项 2026-10-31)"


def test_an_idp_with_one_action_a_day_late_or_still_open_earns_nothing(org, agreed_idp):
    _done(agreed_idp, "投诉处理课程", datetime.date(2026, 10, 16))  # due the 15th
    _done(agreed_idp, "带教新人", datetime.date(2026, 10, 20))
    award_period("2026-10")
    assert awarded("idp-on-time") == set()
    _done(agreed_idp, "投诉处理课程", datetime.date(2026, 10, 15))
    IdpAction.objects.filter(idp=agreed_idp, title="带教新人").update(status=IdpAction.Status.ENROLLED,
                                                                     completed_on=None)
    award_period("2026-10")
    assert awarded("idp-on-time") == set()


def test_an_idp_finished_after_the_month_is_not_counted_in_it_and_a_cancelled_action_is_left_out(org, agreed_idp):
    _done(agreed_idp, "投诉处理课程", datetime.date(2026, 10, 10))
    IdpAction.objects.filter(idp=agreed_idp, title="带教新人").update(status=IdpAction.Status.CANCELLED)
    IdpAction.objects.create(idp=agreed_idp, kind=IdpAction.Kind.MENTOR, title="导师辅导", owner="组长",
                             due_date=datetime.date(2026, 11, 20), status=IdpAction.Status.DONE,
                             completed_on=datetime.date(2026, 11, 2))
    award_period("2026-10")  # as of the end of October the mentoring was not done yet
    assert awarded("idp-on-time") == set()
    award_period("2026-11")
    assert Award.objects.get(badge__code="idp-on-time").occasion == "2026-11"


def test_marking_an_action_done_records_the_day_and_reopening_it_clears_it(org, agreed_idp):
    agent, leader = agreed_idp.employee, org.users["team_leader"]
    action = agreed_idp.actions.first()
    record_action_progress(leader, agent, action.pk, status=IdpAction.Status.DONE, evidence="证书")
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()
    record_action_progress(leader, agent, action.pk, status=IdpAction.Status.ENROLLED)
    action.refresh_from_db()
    assert action.completed_on is None


def test_the_run_hands_on_the_ids_of_exactly_the_awards_it_created(org, kpi_day):
    first, second = org.agents["sz-a"][:2]
    kpi_day(first, datetime.date(2026, 10, 20), exam_score=100)
    run = award_period("2026-10")
    assert set(run.award_ids) == set(Award.objects.filter(run_period="2026-10").values_list("id", flat=True))
    assert run.counts["exam-ace"] == 1 and run.total == len(run.award_ids)
    kpi_day(second, datetime.date(2026, 10, 20), exam_score=95)  # late KPI
    again = award_period("2026-10")
    assert [Award.objects.get(pk=i).employee_id for i in again.award_ids] == [second.id]


def test_revoked_awards_stay_revoked_after_late_kpi_and_new_ones_are_added(org, kpi_day):
    first, second = org.agents["sz-a"][:2]
    kpi_day(first, datetime.date(2026, 10, 20), exam_score=97)
    award_period("2026-10")
    revoke_award(award=Award.objects.get(badge__code="exam-95", employee=first), by=org.users["hr_admin"],
                 reason="成绩更正")
    kpi_day(second, datetime.date(2026, 10, 20), exam_score=97)
    award_period("2026-10")
    history = {a.employee_id: a.revoke_reason for a in Award.objects.filter(badge__code="exam-95")}
    assert history == {first.id: "成绩更正", second.id: ""}


def test_points_come_from_badges_course_credits_exams_and_kpi_by_the_points_table(org, kpi_day, ranks):
    agent = org.agents["sz-a"][0]
    CourseCompletion.objects.create(employee=agent, course=Course.objects.get(code="pre-job-program"), credits=6,
                                    completed_on=datetime.date(2026, 9, 20))  # 6 credits × 5
    kpi_day(agent, datetime.date(2026, 9, 20), exam_score=59.9)  # under the pass mark of 60: no exam points
    kpi_day(agent, datetime.date(2026, 10, 20), exam_score=60)  # at it: 5
    ranks("2026-10", 20, [(agent, 10)])  # percentile 50: at the top half, 10
    award_period("2026-10")  # badges: pre-job graduate 30 (+ tenure 90 days 10 and 1 year 20 of a 2024 hire)
    assert points_by_source([agent.id])[agent.id] == {"badges": 60, "course_credit": 30, "exam": 5, "kpi": 10}
    PointsRule.objects.filter(code="course-credit").update(points=10)  # HR edits the table
    assert points_of([agent.id])[agent.id] == 135
    october = points_of([agent.id], datetime.date(2026, 10, 1), datetime.date(2026, 11, 1))[agent.id]
    assert october == 15  # the exam and the KPI month (the badges were earned before October)
