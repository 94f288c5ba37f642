"""The trainer scorecard's behaviour and results levels from KPI values written to the database and ranked by
the ranking job: the figures on the page; the results level is the one training-effectiveness method
(learning.effectiveness), which says so when two trainees are too few to compare."""
import datetime

import pytest

from agentpath.learning.effectiveness import program_effect
from agentpath.learning.models import Enrolment, Program
from agentpath.learning.services import enrol, record_stage_result
from agentpath.org.models import Employee
from agentpath.performance.models import KpiResult
from agentpath.performance.ranking import compute_ranks
from agentpath.performance.services import load_default_scorecards, record_metric_values
from tests.factories import EmployeeFactory
from tests.learning import effect_workforce as wf

pytestmark = pytest.mark.django_db

Q3_DAY, Q4_DAY = datetime.date(2026, 8, 14), datetime.date(2026, 11, 13)
ENROLLED, COMPLETED = datetime.date(2026, 10, 8), datetime.date(2026, 10, 23)
# QA scores (the only business metric written, so it orders the composite): the quarter of selection, the next one.
# Ranks in Q3: 甲 1 … 辛 8; the bottom half is 戊 己 庚 辛; 丙 丁 (ranks 3, 4) are just above the threshold.
QA = {"甲": (95, 95), "乙": (90, 90), "丙": (85, 84), "丁": (80, 82), "戊": (70, 88), "己": (65, 86), "庚": (60, 60),
      "辛": (55, 55)}


def ranked_quarters(people):
    record_metric_values("qa_score", {(people[n].pk, day): qa[i] for n, qa in QA.items()
                                      for i, day in enumerate((Q3_DAY, Q4_DAY))})
    for quarter, today in (("2026Q3", datetime.date(2026, 9, 30)), ("2026Q4", datetime.date(2026, 12, 31))):
        compute_ranks(quarter, today=today)


def train(person, program, trainer, score=80):
    """Enrolled by the quarterly rule for 2026Q3, trained by `trainer` through every stage in October."""
    enrolment = enrol(person, program, kind=Enrolment.Kind.RULE, reason="业务能力综合排名 P43 < P50", period="2026Q3",
                      on=ENROLLED)
    for stage in program.stages.order_by("order"):
        record_stage_result(enrolment, stage, score, on=COMPLETED, by=trainer)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.trainer == trainer
    return enrolment


@pytest.fixture
def quarters(org, catalogue):
    load_default_scorecards()
    sz_b = org.teams[1]
    people = {n: EmployeeFactory(center=sz_b.center, team=sz_b, name=n, hire_date=datetime.date(2020, 3, 2))
              for n in QA}
    ranked_quarters(people)
    return people


def percentile(person, quarter):
    return KpiResult.objects.get(employee=person, period=quarter, group_code="business").percentile


def test_the_ranking_job_puts_the_trained_in_the_bottom_half_and_the_peers_just_above(quarters):
    assert [round(percentile(quarters[n], "2026Q3"), 1) for n in QA] == [100, 85.7, 71.4, 57.1, 42.9, 28.6, 14.3, 0]
    assert [round(percentile(quarters[n], "2026Q4"), 1) for n in QA] == [100, 85.7, 42.9, 28.6, 71.4, 57.1, 14.3, 0]


def test_behaviour_shows_the_trainees_qa_change_and_results_say_two_trainees_are_too_few(quarters, org, client_for):
    trainer = org.users["trainer"]
    program = Program.objects.get(code="specialized-business")
    for name in ("戊", "己"):
        train(quarters[name], program, trainer)
    enrol(quarters["庚"], program, kind=Enrolment.Kind.RULE, reason="P14 < P50", period="2026Q3", on=ENROLLED)
    # a trainee of another center: not this trainer's center, so not counted anywhere on the page
    far = EmployeeFactory(center=org.centers[1], team=org.teams[2], name="远")
    record_metric_values("qa_score", {(far.pk, Q3_DAY): 10, (far.pk, Q4_DAY): 100})
    train(far, program, trainer)
    page = client_for(trainer).get("/training/trainers/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    behaviour = page.split('data-testid="behaviour"')[1].split("</div>")[0]
    # 戊 70 → 88, 己 65 → 86: 67.5 → 87.0
    assert "67.5 → 87.0(+19.5)" in behaviour and "2 名学员" in behaviour
    results = page.split('data-testid="results"')[1].split('data-testid="method-note"')[0]
    assert "样本不足" in results and 'data-testid="difference-kpi"' not in results
    assert "回归均值" in page


def test_the_scorecard_results_are_the_training_effectiveness_method(org, catalogue, client_for):
    """The trainer's trainees of a program on the hand-built workforce: the scorecard shows the difference and
    interval that learning.effectiveness.program_effect gives for the same people and program."""
    trainer = org.users["trainer"]
    program = Program.objects.get(code="specialized-business")
    wf.build(org.centers[0], org.teams[0], wf.completed_program(program, trainer), takers=4, others=8)
    expected = program_effect(Employee.objects.filter(center=org.centers[0]), program).of("kpi")
    assert expected.low < wf.KPI_EFFECT < expected.high
    page = client_for(trainer).get("/training/trainers/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    results = page.split('data-testid="results"')[1]
    shown = results.split('data-testid="difference-kpi">')[1].split("</div>")[0]
    assert f"{expected.difference:+.1f}" in shown and f"{expected.low:+.1f}" in shown
    assert f"{expected.high:+.1f}" in shown
    assert "32 人" in results and "64 人" in results  # the two groups' sizes
