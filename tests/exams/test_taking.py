"""Taking an exam: server-kept time, answers saved one by one, resume, time-out, grading, regrade, KPI."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from agentpath.careers.models import Requirement
from agentpath.common.models import TransitionLog
from agentpath.exams import services
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import Attempt, ExamOverride, Paper
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.performance.facts import exam_score_averages
from agentpath.performance.services import load_default_metrics
from agentpath.talent.eligibility import evaluate
from tests.exams.conftest import NOW, shown_key, wrong_answer

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


def answer_all(attempt, correct=True, now=NOW):
    for item in attempt.paper.items.select_related("version__question"):
        services.save_answer(attempt, item.position, shown_key(item) if correct else wrong_answer(item), now)


@pytest.fixture
def scheduled(bank, make_exam, org):
    load_default_metrics()
    exam = make_exam()
    schedule_exam(exam, seed=11, now=NOW)
    return exam


def paper_of(exam, employee):
    return Paper.objects.select_related("exam", "employee").get(exam=exam, employee=employee)


def test_time_out_submits_with_the_answers_saved_before_the_deadline(scheduled, org):
    paper = paper_of(scheduled, org.agents["sz-a"][0])
    attempt = services.start_attempt(paper, NOW)
    assert attempt.deadline == NOW + 30 * MIN
    first, second = paper.items.select_related("version")[:2]
    services.save_answer(attempt, first.position, shown_key(first), NOW + 5 * MIN)
    services.save_answer(attempt, second.position, shown_key(second), NOW + 10 * MIN)
    with pytest.raises(services.AttemptRefused):
        services.save_answer(attempt, 3, ["A"], NOW + 45 * MIN)  # too late: the attempt closes at once
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.timed_out and attempt.submitted_at == attempt.deadline
    assert attempt.points == 2 and attempt.score == round(100 * 2 / 6, 1)


def test_the_lazy_sweep_closes_expired_attempts(scheduled, org):
    attempt = services.start_attempt(paper_of(scheduled, org.agents["sz-a"][1]), NOW)
    answer_all(attempt, now=NOW + MIN)
    assert services.close_expired_attempts(NOW + 30 * MIN + datetime.timedelta(seconds=20)) == 0  # within the grace
    assert services.close_expired_attempts(NOW + 40 * MIN) == 1
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.score == 100.0 and attempt.passed


def test_a_sweep_with_a_stale_copy_keeps_a_submission_made_meanwhile(scheduled, org):
    paper = paper_of(scheduled, org.agents["sz-a"][1])
    stale = services.start_attempt(paper, NOW)  # what a page read before the taker submitted in another tab
    answer_all(stale, now=NOW + MIN)
    services.submit_attempt(Attempt.objects.get(pk=stale.pk), NOW + 29 * MIN)
    assert services.time_out([stale]) == 0
    attempt = Attempt.objects.get(pk=stale.pk)
    assert attempt.submitted_at == NOW + 29 * MIN and not attempt.timed_out and attempt.score == 100.0
    assert stale.state == "graded" and stale.submitted_at == NOW + 29 * MIN  # the copy is brought up to date


def test_a_second_start_resumes_the_one_active_attempt_with_the_remaining_time(scheduled, org):
    paper = paper_of(scheduled, org.agents["sz-a"][0])
    attempt = services.start_attempt(paper, NOW)
    again = services.start_attempt(paper, NOW + 12 * MIN)
    assert again.pk == attempt.pk and services.seconds_left(again, NOW + 12 * MIN) == 18 * 60
    services.submit_attempt(again, NOW + 13 * MIN)
    with pytest.raises(services.AttemptRefused, match="1 次作答机会已用完"):
        services.start_attempt(paper, NOW + 14 * MIN)


def test_extra_time_for_a_person_lengthens_their_attempt(scheduled, org):
    employee = org.agents["sz-a"][2]
    ExamOverride.objects.create(exam=scheduled, employee=employee, extra_minutes=15)
    assert services.start_attempt(paper_of(scheduled, employee), NOW).deadline == NOW + 45 * MIN


def test_a_graded_monthly_exam_moves_the_agents_exam_average_requirement(scheduled, org):
    agent = org.agents["sz-a"][0]
    as_of = datetime.date(2026, 10, 10)

    def exam_check():
        emp = with_tenure(Employee.objects.filter(pk=agent.pk), as_of).get()
        option = next(o for o in evaluate([emp], as_of)[emp.id] if o.transition.to_level.code == "pro-senior")
        return next(c for c in option.checks if c.kind == Requirement.Kind.MIN_EXAM_AVERAGE)

    assert exam_check().status == "unknown"
    attempt = services.start_attempt(paper_of(scheduled, agent), NOW)
    answer_all(attempt, now=NOW + MIN)
    services.submit_attempt(attempt, NOW + 2 * MIN)
    attempt.refresh_from_db()
    assert attempt.score == 100.0
    check = exam_check()
    assert check.met and check.actual == "100 / 80"


def test_a_trainer_grades_a_short_answer_and_the_score_appears(bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(cells=(("业务知识", 1, 1), ("投诉处理", 1, 1)), opens=timezone.now() - 60 * MIN)
    schedule_exam(exam, seed=5, now=NOW)
    agent = org.agents["sz-a"][0]
    attempt = services.start_attempt(paper_of(exam, agent))
    answer_all(attempt, now=timezone.now())
    services.submit_attempt(attempt)
    assert Attempt.objects.get(pk=attempt.pk).state == "awaiting_grading"
    trainer = client_for(org.users["trainer"])
    queue = trainer.get("/exams/grading/")
    assert "先道歉再核实" in queue.content.decode()
    answer = attempt.answers.get(item__version__question__kind="short")
    assert trainer.post(f"/exams/grading/{answer.pk}/", {"points": "3"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.score == 80.0  # 1 + 3 of 5 points
    assert exam_score_averages([agent.pk], datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)) == {agent.pk: 80.0}


def test_regrade_dry_run_names_whose_score_changes_and_apply_rewrites_score_and_kpi(scheduled, org, client_for):
    right, wrong = org.agents["sz-a"][0], org.agents["sz-a"][1]
    for employee, correct in ((right, True), (wrong, False)):
        attempt = services.start_attempt(paper_of(scheduled, employee), NOW)
        answer_all(attempt, correct=correct, now=NOW + MIN)
        services.submit_attempt(attempt, NOW + 2 * MIN)
    item = paper_of(scheduled, wrong).items.select_related("version__question").filter(
        version__question__kind="single").first()
    version = item.version
    trainer = client_for(org.users["trainer"])  # the key was wrong: B is right
    page = trainer.get(f"/exams/questions/versions/{version.pk}/regrade/", {"key": "B"}).content.decode()
    assert wrong.name in page
    before = Attempt.objects.get(paper__employee=wrong).score
    assert Attempt.objects.get(paper__employee=wrong).score == before  # the dry run saved nothing
    assert trainer.post(f"/exams/questions/versions/{version.pk}/regrade/", {"key": "B"}).status_code == 302
    after = Attempt.objects.get(paper__employee=wrong).score
    assert after == round(before + 100 / 6, 1)
    kpi = exam_score_averages([wrong.pk], datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    assert kpi == {wrong.pk: after}


def test_agent_takes_the_exam_in_the_browser_pages_and_sees_answers_kept_after_reload(
        bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN)
    schedule_exam(exam, seed=9, now=NOW)
    agent = client_for(org.users["agent"])
    assert exam.title in agent.get("/exams/").content.decode()
    response = agent.post(f"/exams/{exam.pk}/start/")
    take_url = response["Location"]
    attempt = Attempt.objects.get()
    item = attempt.paper.items.select_related("version__question").get(position=1)
    saved = agent.post(f"/exams/attempts/{attempt.pk}/answer/", {"position": 1, "answer": shown_key(item)},
                       HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    page = agent.get(take_url).content.decode()
    assert f'value="{shown_key(item)[0]}" id="q1{shown_key(item)[0]}" checked' in page
    blanks = sorted(i.position for i in attempt.paper.items.all() if i.pk != item.pk)
    asked = agent.post(f"/exams/attempts/{attempt.pk}/submit/")
    assert asked.status_code == 200  # five questions are blank: the taker is asked first, naming them
    warning = asked.content.decode()
    assert "、".join(map(str, blanks)) in warning and "没有作答" in warning
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"
    assert agent.post(f"/exams/attempts/{attempt.pk}/submit/", {"confirm_blank": "1"}).status_code == 302
    result = agent.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert "16.7" in result


def test_a_paper_with_every_question_answered_is_submitted_without_a_question(bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN)
    schedule_exam(exam, seed=9, now=NOW)
    attempt = services.start_attempt(paper_of(exam, org.agents["sz-a"][0]), timezone.now())
    answer_all(attempt, now=timezone.now())
    response = client_for(org.users["agent"]).post(f"/exams/attempts/{attempt.pk}/submit/")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.score == 100.0


def test_an_expired_attempt_is_submitted_without_asking_about_blank_questions(bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN)
    schedule_exam(exam, seed=9, now=NOW)
    attempt = services.start_attempt(paper_of(exam, org.agents["sz-a"][0]), timezone.now() - 45 * MIN)
    response = client_for(org.users["agent"]).post(f"/exams/attempts/{attempt.pk}/submit/")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.timed_out and attempt.score == 0


def test_someone_elses_attempt_is_not_found(scheduled, org, client_for):
    attempt = services.start_attempt(paper_of(scheduled, org.agents["sz-a"][1]), NOW)
    agent = client_for(org.users["agent"])
    assert agent.get(f"/exams/attempts/{attempt.pk}/").status_code == 404
    assert agent.post(f"/exams/attempts/{attempt.pk}/answer/", {"position": 1, "answer": ["A"]}).status_code == 404


def test_the_close_expired_command_submits_attempts_whose_time_is_up(scheduled, org, capsys):
    attempt = services.start_attempt(paper_of(scheduled, org.agents["sz-a"][0]), NOW)  # long past by now
    call_command("exams", "close-expired")
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.timed_out
    assert "1" in capsys.readouterr().out


def test_sittings_recorded_together_are_submitted_graded_logged_and_scored_into_kpi_in_a_few_queries(
        scheduled, org, django_assert_max_num_queries):
    """submit_attempts: many attempts at once, each as of its own moment (never past its deadline), the same
    transition and grading as one submission; an attempt submitted meanwhile is left as it is."""
    takers = list(Paper.objects.filter(exam=scheduled).select_related("exam", "employee").order_by("employee_id"))
    attempts = [services.start_attempt(p, NOW) for p in takers]
    for i, attempt in enumerate(attempts):
        answer_all(attempt, correct=i % 2 == 0, now=NOW + MIN)
    services.submit_attempt(attempts[-1], NOW + 2 * MIN)  # submitted by its taker already
    moments = {a: NOW + (10 + i) * MIN for i, a in enumerate(attempts)}
    moments[attempts[0]] = NOW + 90 * MIN  # recorded late: taken as of its deadline
    with django_assert_max_num_queries(20):  # whatever the number of attempts
        assert services.submit_attempts(moments) == len(attempts) - 1
    rows = {a.pk: a for a in Attempt.objects.filter(pk__in=[a.pk for a in attempts])}
    assert all(r.state == "graded" for r in rows.values())
    assert rows[attempts[0].pk].submitted_at == attempts[0].deadline and not rows[attempts[0].pk].timed_out
    assert rows[attempts[1].pk].submitted_at == NOW + 11 * MIN
    assert [rows[a.pk].score for a in attempts[:2]] == [100.0, 0.0]
    assert [rows[a.pk].passed for a in attempts[:2]] == [True, False]
    assert rows[attempts[-1].pk].submitted_at == NOW + 2 * MIN  # its own submission stands
    log = TransitionLog.objects.filter(content_type__model="attempt", transition="submit")
    assert log.count() == len(attempts)
    averages = exam_score_averages([t.employee_id for t in takers[:2]], datetime.date(2026, 9, 1),
                                   datetime.date(2026, 9, 30))
    assert averages == {takers[0].employee_id: 100.0, takers[1].employee_id: 0.0}


def test_nobody_hired_after_the_window_closes_gets_a_paper(bank, make_exam, org):
    exam = make_exam()
    late = org.agents["sz-a"][0]
    Employee.objects.filter(pk=late.pk).update(hire_date=exam.closes_at.date() + datetime.timedelta(days=1))
    schedule_exam(exam, seed=3, now=NOW)
    assert not Paper.objects.filter(exam=exam, employee=late).exists()
    assert Paper.objects.filter(exam=exam).count() == org.teams[0].members.filter(status="active").count() - 1
