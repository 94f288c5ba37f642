"""Papers drawn to the blueprint when the exam is scheduled (issue 8)."""
from collections import Counter

import pytest

from agentpath.exams.drawing import ExamRefused, redraw, schedule_exam
from agentpath.exams.models import Paper, Question
from tests.exams.conftest import NOW, make_question

pytestmark = pytest.mark.django_db


def cells_of(paper):
    return Counter((i.version.question.topic, i.version.question.difficulty)
                   for i in paper.items.select_related("version__question"))


def test_each_taker_gets_one_paper_with_the_blueprint_counts_per_cell_and_no_repeats(bank, make_exam, org):
    exam = make_exam()
    assert schedule_exam(exam, seed=42, now=NOW) == 4  # the leader and three agents of team sz-a
    for paper in Paper.objects.filter(exam=exam):
        assert cells_of(paper) == {("业务知识", 1): 3, ("业务知识", 3): 1, ("服务规范", 1): 2}
        question_ids = list(paper.items.values_list("version__question_id", flat=True))
        assert len(question_ids) == len(set(question_ids)) == 6


def test_a_paper_is_reproducible_from_its_recorded_seed(bank, make_exam):
    exam = make_exam()
    schedule_exam(exam, seed=7, now=NOW)
    for paper in Paper.objects.filter(exam=exam):
        drawn = list(paper.items.order_by("position").values_list("version__question_id", flat=True))
        assert redraw(paper) == drawn


def test_within_a_cell_a_taker_gets_the_questions_seen_least_in_earlier_exams(bank, make_exam, org):
    first = make_exam(cells=(("业务知识", 1, 4),), code="m-08")
    schedule_exam(first, seed=1, now=NOW)
    second = make_exam(cells=(("业务知识", 1, 4),), code="m-09")
    schedule_exam(second, seed=2, now=NOW)
    for paper in Paper.objects.filter(exam=second):
        earlier = set(Paper.objects.get(exam=first, employee=paper.employee).items.values_list(
            "version__question_id", flat=True))
        now = set(paper.items.values_list("version__question_id", flat=True))
        assert not earlier & now  # 8 questions in the cell: the 4 not seen come first


def test_a_bank_too_small_for_the_blueprint_is_refused_when_the_exam_is_scheduled(bank, make_exam):
    Question.objects.filter(code="b3-0").update(status="retired")
    make_question("b3-draft", difficulty=3, status="draft")
    exam = make_exam(cells=(("业务知识", 3, 4), ("服务规范", 1, 2)))
    with pytest.raises(ExamRefused) as refused:
        schedule_exam(exam, now=NOW)
    assert "主题“业务知识”难度 3 需要 4 道可用试题,题库只有 3 道。" in str(refused.value)
    assert not Paper.objects.filter(exam=exam).exists()
    exam.refresh_from_db()
    assert exam.status == "draft"
