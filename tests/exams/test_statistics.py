"""Item statistics: facility and discrimination; a question the strong takers miss is flagged."""
import datetime

import pytest

from agentpath.exams import services
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import Attempt, Paper
from agentpath.performance.services import load_default_metrics
from tests.exams.conftest import NOW, shown_key, wrong_answer

pytestmark = pytest.mark.django_db


def test_a_question_answered_right_only_by_the_weak_takers_needs_checking(bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(cells=(("业务知识", 3, 4), ("服务规范", 1, 4)))  # the whole cells: same 8 questions each
    schedule_exam(exam, seed=1, now=NOW)
    papers = list(Paper.objects.filter(exam=exam).order_by("employee_id"))
    others = sorted(i.version.question.code for i in papers[0].items.select_related("version__question"))
    others.remove("b3-0")
    for strength, paper in enumerate(papers):  # taker k answers the first k+3 of the 7 other questions right
        attempt = services.start_attempt(paper, NOW)
        for item in paper.items.select_related("version__question").order_by("position"):
            code = item.version.question.code
            right = strength < 2 if code == "b3-0" else others.index(code) <= strength + 2
            key = shown_key(item) if right else wrong_answer(item)
            services.save_answer(attempt, item.position, key, NOW)
        services.submit_attempt(attempt, NOW + datetime.timedelta(minutes=1))
    assert Attempt.objects.filter(state="graded").count() == 4
    page = client_for(org.users["trainer"]).get(f"/exams/{exam.pk}/results/").content.decode()
    row = next(r for r in page.split("<tr>") if "b3-0" in r)
    assert "需要核查" in row and "0.5" in row  # facility: 2 of 4 right
    assert sum("需要核查" in r for r in page.split("<tr>")) == 1
