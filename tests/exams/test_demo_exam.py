"""The demo's monthly exam: a Chinese question bank and a paper for the demo agent to sit."""
import datetime

import pytest

from agentpath.demo.exams import QUESTIONS, generate_demo_exam
from agentpath.exams.models import Paper, Question

pytestmark = pytest.mark.django_db


def test_the_demo_monthly_exam_gives_every_demo_team_member_a_ten_question_paper(org):
    exam = generate_demo_exam(2026, datetime.date(2026, 11, 24), ["sz", "gz"])
    assert exam.title == "2026年11月业务知识月考" and exam.writes_kpi
    assert Question.objects.count() == len(QUESTIONS)
    agent = org.users["agent"].employee
    paper = Paper.objects.get(exam=exam, employee=agent)
    assert paper.items.count() == 10
    assert Paper.objects.filter(exam=exam).count() == 12  # three teams: a leader and three agents each
