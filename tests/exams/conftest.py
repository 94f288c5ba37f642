import datetime

import pytest
from django.utils import timezone

from agentpath.exams.drawing import to_shown_letters
from agentpath.exams.models import BlueprintCell, Exam, Question, QuestionVersion

NOW = timezone.make_aware(datetime.datetime(2026, 9, 20, 9, 0))


def make_question(code, topic="业务知识", difficulty=1, kind="single", key=("A",), status="ready", points=1):
    q = Question.objects.create(code=code, topic=topic, difficulty=difficulty, kind=kind, status=status)
    options = ["选项一", "选项二", "选项三"] if kind in ("single", "multiple") else []
    QuestionVersion.objects.create(question=q, number=1, text=f"题目{code}", options=options,
                                   answer_key=list(key), points=points)
    return q


@pytest.fixture
def bank(db):
    """Eight easy and four hard single-choice questions on 业务知识, four true/false on 服务规范 and one short
    answer on 投诉处理."""
    qs = [make_question(f"b1-{i}") for i in range(8)]
    qs += [make_question(f"b3-{i}", difficulty=3) for i in range(4)]
    qs += [make_question(f"tf-{i}", topic="服务规范", kind="true_false", key=("true",)) for i in range(4)]
    qs += [make_question("short-1", topic="投诉处理", kind="short", key=("先道歉再核实",), points=4)]
    return qs


def new_exam(org, cells=(("业务知识", 1, 3), ("业务知识", 3, 1), ("服务规范", 1, 2)), code="m-2026-09",
            writes_kpi=True, minutes=30, teams=None, opens=NOW, attempts=1):
    exam = Exam.objects.create(code=code, title="2026年9月业务知识月考", owner=org.users["trainer"],
                               time_limit_minutes=minutes, pass_mark=60, opens_at=opens,
                               closes_at=opens + datetime.timedelta(days=3), writes_kpi=writes_kpi,
                               kpi_date=datetime.date(2026, 9, 30), attempts_allowed=attempts)
    exam.audience_teams.set(teams if teams is not None else [org.teams[0]])
    BlueprintCell.objects.bulk_create(BlueprintCell(exam=exam, topic=t, difficulty=d, count=n)
                                      for t, d, n in cells)
    return exam


@pytest.fixture
def make_exam(org):
    return lambda **kwargs: new_exam(org, **kwargs)


def shown_key(item) -> list:
    """The key of a paper item in the letters the taker's paper shows (options are shuffled per paper)."""
    return to_shown_letters(item.version.answer_key, item.option_order)


def wrong_answer(item) -> list:
    """A wrong answer in the paper's letters: the question's own option B (or the first other option when B is
    the key), or the opposite truth."""
    if item.version.question.kind == "true_false":
        return ["false" if item.version.answer_key == ["true"] else "true"]
    if item.version.question.kind == "short":
        return ["不知道"]
    key = item.version.answer_key
    wrong = "B" if "B" not in key else next(chr(ord("A") + i) for i in range(len(item.version.options))
                                            if chr(ord("A") + i) not in key)
    return to_shown_letters([wrong], item.option_order)
