"""Exams that cannot be gamed (issue 16): the key is not shown while the window is open (to the taker, team leaders
or QA), a retake is a new paper, options are shuffled per paper, a regrade is one state for every center (or a
fork for one), closed windows are refused and deadlines capped at the window's close."""
import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from agentpath.accounts.models import ApiToken, Role
from agentpath.common.errors import DomainError
from agentpath.common.models import TransitionLog
from agentpath.exams import services
from agentpath.exams.drawing import ExamRefused, option_order, redraw, schedule_exam
from agentpath.exams.models import Attempt, Exam, ExamOverride, Paper, Question, QuestionVersion
from agentpath.performance.facts import exam_score_averages
from agentpath.performance.services import load_default_metrics
from tests.exams.conftest import NOW, shown_key, wrong_answer
from tests.exams.test_authoring import exam_form
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_get(user, path):
    _token, key = ApiToken.issue(user)
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


def sit(paper, *, correct=True, now=None):
    """Start, answer every question (right or wrong) and submit; the attempt, graded."""
    attempt = services.start_attempt(paper, now)
    for item in paper.items.select_related("version__question"):
        services.save_answer(attempt, item.position, shown_key(item) if correct else wrong_answer(item), now)
    services.submit_attempt(attempt, now)
    return Attempt.objects.select_related("paper__exam", "paper__employee").get(pk=attempt.pk)


@pytest.fixture
def open_exam(bank, make_exam, org):
    """A monthly exam for team sz-a, open since an hour, closing in three days, default review options."""
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN)
    schedule_exam(exam, seed=3)
    return exam


def paper_of(exam, employee, number=1):
    return Paper.objects.select_related("exam", "employee").get(exam=exam, employee=employee, number=number)


def close_window(exam):
    Exam.objects.filter(pk=exam.pk).update(closes_at=timezone.now() - MIN)


# ------------------------------------------------------------------------------------------ review options

def test_the_taker_sees_the_score_at_once_and_the_key_only_after_the_window_closes(open_exam, org):
    agent = org.users[Role.AGENT]
    attempt = sit(paper_of(open_exam, agent.employee), correct=False)
    page = signed_in(agent).get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert 'data-testid="score">0.0<' in page
    assert 'data-testid="key"' not in page and 'data-testid="review-1"' not in page
    assert 'data-testid="review-later"' in page
    body = api_get(agent, f"/api/v1/exams/attempts/{attempt.pk}").json()
    assert body["score"] == 0.0 and body["review_items"] == []
    assert body["review"]["key"] is False and body["review"]["later"] is not None

    close_window(open_exam)
    page = signed_in(agent).get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert page.count('data-testid="key"') == 6
    body = api_get(agent, f"/api/v1/exams/attempts/{attempt.pk}").json()
    assert len(body["review_items"]) == 6 and all(i["key"] for i in body["review_items"])


def test_true_false_answers_and_keys_read_as_words_on_the_review_page(open_exam, org):
    agent = org.users[Role.AGENT]
    attempt = sit(paper_of(open_exam, agent.employee), correct=False)
    close_window(open_exam)
    page = signed_in(agent).get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    true_false = [i.position for i in attempt.paper.items.select_related("version__question")
                  if i.version.question.kind == "true_false"]
    assert true_false
    for position in true_false:
        card = page.split(f'data-testid="review-{position}"')[1].split('data-testid="review-')[0]
        assert "您的答案: 错误" in card and "答案: 正确" in card  # the key is "true", the wrong answer "false"
        assert "true" not in card and "false" not in card


def test_a_team_leader_and_qa_do_not_read_the_key_while_the_window_is_open(open_exam, org):
    attempt = sit(paper_of(open_exam, org.agents["sz-a"][1]))
    leader = org.users[Role.TEAM_LEADER]
    page = signed_in(leader).get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert 'data-testid="score">100.0<' in page and 'data-testid="key"' not in page
    assert api_get(leader, f"/api/v1/exams/attempts/{attempt.pk}").json()["review_items"] == []
    qa = org.users[Role.QA]  # QA data only: no exam attempts, answers or keys of the center
    assert signed_in(qa).get(f"/exams/attempts/{attempt.pk}/result/").status_code == 404
    assert api_get(qa, f"/api/v1/exams/attempts/{attempt.pk}").status_code == 404
    assert api_get(qa, "/api/v1/exams").json() == []

    close_window(open_exam)
    page = signed_in(leader).get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert page.count('data-testid="key"') == 6
    assert signed_in(qa).get(f"/exams/attempts/{attempt.pk}/result/").status_code == 404


def test_an_exam_that_shows_qa_the_scores_shows_them_the_score_and_never_the_answers(open_exam, org):
    Exam.objects.filter(pk=open_exam.pk).update(qa_score="on_submit")
    attempt = sit(paper_of(open_exam, org.agents["sz-a"][1]))
    close_window(open_exam)
    page = signed_in(org.users[Role.QA]).get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert 'data-testid="score">100.0<' in page
    assert 'data-testid="key"' not in page and 'data-testid="review-1"' not in page


def test_a_trainer_sets_the_review_options_on_the_exam_form_and_the_api(bank, org):
    client = signed_in(org.users[Role.TRAINER])
    form = exam_form(org, code="review-1", taker_key="on_submit", taker_explanations="never", qa_score="after_close")
    assert client.post("/exams/manage/new/", form).status_code == 302
    exam = Exam.objects.get(code="review-1")
    assert (exam.taker_score, exam.taker_key, exam.taker_explanations, exam.supervisor_key, exam.qa_score) == (
        "on_submit", "on_submit", "never", "after_close", "after_close")
    page = client.post("/exams/manage/new/", exam_form(org, code="review-2", supervisor_key="on_submit"))
    assert page.status_code == 200 and not Exam.objects.filter(code="review-2").exists()

    _t, key = ApiToken.issue(org.users[Role.TRAINER])
    opens = timezone.now() + 60 * MIN
    spec = {"code": "review-api", "title": "接口", "time_limit_minutes": 30, "opens_at": opens.isoformat(),
            "closes_at": (opens + 60 * MIN).isoformat(), "teams": ["sz-a"],
            "blueprint": [{"topic": "业务知识", "difficulty": 1, "count": 1}],
            "review": {"taker_answers": "on_submit", "supervisor_key": "on_submit"}}
    answer = Client(enforce_csrf_checks=True).post("/api/v1/exams", json.dumps(spec), content_type="application/json",
                                                   HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 422 and not Exam.objects.filter(code="review-api").exists()
    spec["review"] = {"taker_answers": "on_submit"}
    answer = Client(enforce_csrf_checks=True).post("/api/v1/exams", json.dumps(spec), content_type="application/json",
                                                   HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 201
    made = Exam.objects.get(code="review-api")
    assert (made.taker_answers, made.taker_key) == ("on_submit", "after_close")


# ------------------------------------------------------------------------------------------ retakes

def test_a_blank_attempt_then_a_retake_gets_a_new_paper_of_questions_not_seen(bank, make_exam, org):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN, attempts=2,
                     cells=(("业务知识", 1, 4), ("业务知识", 3, 2), ("服务规范", 1, 2)))
    schedule_exam(exam, seed=5)
    agent = org.users[Role.AGENT].employee
    first = services.start_attempt(paper_of(exam, agent))
    services.submit_attempt(first)  # blank
    retake = services.start_attempt(paper_of(exam, agent))
    assert retake.number == 2 and retake.paper.number == 2 and retake.paper_id != first.paper_id
    seen = set(first.paper.items.values_list("version__question_id", flat=True))
    now = set(retake.paper.items.values_list("version__question_id", flat=True))
    assert len(now) == 8 and not seen & now and retake.paper.repeated == 0
    for item in first.paper.items.select_related("version__question"):  # the first paper's key is no help
        services.save_answer(retake, item.position, shown_key(item))
    services.submit_attempt(retake)
    assert Attempt.objects.get(pk=retake.pk).score < 100
    assert redraw(retake.paper) == list(retake.paper.items.order_by("position").values_list(
        "version__question_id", flat=True))


def test_a_retake_from_a_bank_too_small_says_how_many_questions_repeat(bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN, attempts=2, cells=(("业务知识", 3, 3),))
    client = client_for(org.users[Role.TRAINER])
    response = client.post(f"/exams/manage/{exam.pk}/schedule/", follow=True).content.decode()
    assert "2 次作答需要 6 道不同的可用试题" in response  # the trainer is told at scheduling
    agent = org.users[Role.AGENT]
    services.submit_attempt(services.start_attempt(paper_of(exam, agent.employee)))
    retake = services.start_attempt(paper_of(exam, agent.employee))
    assert retake.paper.repeated == 2  # 4 hard questions, 3 a paper
    services.submit_attempt(retake)
    page = signed_in(agent).get(f"/exams/attempts/{retake.pk}/result/").content.decode()
    assert 'data-testid="repeated"' in page and "2 道题" in page


def test_options_are_shuffled_per_paper_reproducibly_and_graded_by_their_meaning(open_exam, org):
    papers = list(Paper.objects.filter(exam=open_exam))
    orders = {tuple(i.option_order) for p in papers for i in p.items.filter(version__question__kind="single")}
    assert len(orders) > 1  # not every paper shows the options as written
    for paper in papers:
        for item in paper.items.filter(version__question__kind="single"):
            assert item.option_order == option_order(paper.seed, item.position, 3)
    attempt = sit(paper_of(open_exam, org.agents["sz-a"][2]))
    assert attempt.score == 100.0
    single = attempt.paper.items.filter(version__question__kind="single").exclude(option_order=[0, 1, 2]).first()
    stored = attempt.answers.get(item=single).response
    assert stored == single.version.answer_key  # stored in the question's letters, whatever the paper showed


# ------------------------------------------------------------------------------------------ regrade

@pytest.fixture
def two_centers(bank, make_exam, org):
    """The same exam sat in 深圳 (team sz-a) and 广州 (team gz-a), everyone answering the current key."""
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN, teams=[org.teams[0], org.teams[2]],
                     cells=(("业务知识", 3, 4),))  # the bank's four hard questions: on every paper
    schedule_exam(exam, seed=8)
    sz = sit(paper_of(exam, org.agents["sz-a"][0]))
    gz = sit(paper_of(exam, org.agents["gz-a"][0]))
    return exam, sz, gz, sz.paper.items.first().version


def key_shown_and_points(attempt, version):
    item = attempt.paper.items.get(version__question=version.question)
    item.version.refresh_from_db()
    return item.version.answer_key, attempt.answers.get(item=item).points


def test_a_regrade_by_the_shenzhen_trainer_rescores_guangzhou_too(two_centers, org):
    _exam, sz, gz, version = two_centers
    trainer = signed_in(org.users[Role.TRAINER])  # serves 深圳 only
    preview = trainer.get(f"/exams/questions/versions/{version.pk}/regrade/", {"key": "B"}).content.decode()
    assert sz.paper.employee.name in preview and gz.paper.employee.name not in preview
    assert 'data-testid="elsewhere"' in preview
    assert trainer.post(f"/exams/questions/versions/{version.pk}/regrade/", {"key": "B"}).status_code == 302
    for attempt in (sz, gz):
        attempt.refresh_from_db()
        key, points = key_shown_and_points(attempt, version)
        assert key == ["B"] and points == 0.0 and attempt.score < 100  # the key shown is the key scored
        assert exam_score_averages([attempt.paper.employee_id], datetime.date(2026, 9, 1),
                                   datetime.date(2026, 9, 30)) == {attempt.paper.employee_id: attempt.score}


def test_a_fork_for_one_center_leaves_the_other_centers_key_and_scores(two_centers, org):
    _exam, sz, gz, version = two_centers
    trainer = signed_in(org.users[Role.TRAINER])
    sz_center, gz_center = org.centers
    response = trainer.post(f"/exams/questions/versions/{version.pk}/regrade/", {"key": "B", "center": sz_center.pk})
    assert response.status_code == 302
    fork = QuestionVersion.objects.get(question=version.question, center=sz_center)
    sz.refresh_from_db()
    gz.refresh_from_db()
    assert key_shown_and_points(sz, version) == (["B"], 0.0) and sz.score < 100
    assert key_shown_and_points(gz, version) == (["A"], 1.0) and gz.score == 100.0
    assert sz.paper.items.filter(version=fork).exists() and gz.paper.items.filter(version=version).exists()
    refused = trainer.post(f"/exams/questions/versions/{version.pk}/regrade/", {"key": "B", "center": gz_center.pk})
    assert refused.status_code == 404  # not a center the trainer serves


# ------------------------------------------------------------------------------------------ windows

def test_scheduling_refuses_a_window_that_has_already_closed(bank, make_exam):
    exam = make_exam()  # 2026-09-20 to 09-23
    with pytest.raises(ExamRefused, match="已于 2026-09-23 09:00 UTC\\+08:00 截止") as refused:
        schedule_exam(exam, seed=1, now=NOW + datetime.timedelta(days=4))
    assert refused.value.code == "window_closed" and "%(" not in str(refused.value)
    assert not Paper.objects.filter(exam=exam).exists()


def test_a_window_ending_before_it_starts_is_refused_with_both_times_named(bank, org, client_for):
    form = exam_form(org, code="backwards", opens_at="2026-12-10T09:00", closes_at="2026-12-09T09:00")
    page = client_for(org.users[Role.TRAINER]).post("/exams/manage/new/", form).content.decode()
    assert "2026-12-10 09:00" in page and "2026-12-09 09:00" in page and "%(" not in page
    assert not Exam.objects.filter(code="backwards").exists()


def test_an_attempts_deadline_never_runs_past_the_window_extra_time_included(bank, make_exam, org):
    exam = make_exam(minutes=60)
    schedule_exam(exam, seed=2, now=NOW)
    employee = org.agents["sz-a"][2]
    ExamOverride.objects.create(exam=exam, employee=employee, extra_minutes=30)
    late_start = exam.closes_at - 20 * MIN
    attempt = services.start_attempt(paper_of(exam, employee), late_start)
    assert attempt.deadline == exam.closes_at


# ------------------------------------------------------------------------------------------ the state machine

def test_attempt_states_move_only_by_logged_transitions(open_exam, org):
    attempt = sit(paper_of(open_exam, org.agents["sz-a"][1]))
    moves = list(TransitionLog.objects.filter(object_id=attempt.pk, content_type__model="attempt").values_list(
        "transition", "source", "target"))
    assert moves == [("submit", "in_progress", "awaiting_grading"),
                     ("finish_grading", "awaiting_grading", "graded")]
    with pytest.raises(AttributeError):
        attempt.state = "in_progress"
    with pytest.raises(DomainError) as refused:
        services.submit_attempt(attempt)
    assert refused.value.status == 409 and refused.value.code == "already_submitted"


def test_a_short_answer_graded_twice_at_once_is_refused_the_second_time(bank, make_exam, org):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN, cells=(("投诉处理", 1, 1),))
    schedule_exam(exam, seed=4)
    attempt = sit(paper_of(exam, org.agents["sz-a"][0]))
    answer = attempt.answers.get()
    stale = type(answer).objects.select_related("item__version").get(pk=answer.pk)
    trainer = UserFactory(role=Role.TRAINER)
    services.grade_short_answer(answer, 3, trainer)
    with pytest.raises(DomainError) as refused:
        services.grade_short_answer(stale, 1, trainer)
    assert refused.value.code == "state_changed"
    assert Attempt.objects.get(pk=attempt.pk).points == 3.0


def test_a_retake_when_questions_were_retired_since_is_refused_naming_the_cell(bank, make_exam, org):
    load_default_metrics()
    exam = make_exam(opens=timezone.now() - 60 * MIN, attempts=2, cells=(("业务知识", 3, 3),))
    schedule_exam(exam, seed=6)
    agent = org.users[Role.AGENT].employee
    services.submit_attempt(services.start_attempt(paper_of(exam, agent)))
    Question.objects.filter(code__in=["b3-0", "b3-1"]).update(status="retired")
    with pytest.raises(DomainError) as refused:
        services.start_attempt(paper_of(exam, agent))
    assert refused.value.code == "bank_too_small" and "需要 3 道可用试题,题库只有 2 道" in refused.value.message
    assert Paper.objects.filter(exam=exam, employee=agent).count() == 1
