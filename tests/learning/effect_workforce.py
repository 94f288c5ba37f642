"""A hand-built workforce whose training effect is known (learning.effectiveness): people in cells of level, tenure
band and starting percentile band; in each cell some completed the course in June 2026 and the others did not. Every
cell drifts by its own amount from spring to summer (the low band up by regression to the mean, the high band
down), and the course adds KPI_EFFECT percentile points and QA_EFFECT QA points to those who took it, with noise."""
import datetime
import random

from agentpath.careers.models import Level
from agentpath.learning.models import Course, CourseCompletion, Enrolment
from agentpath.performance.models import KpiResult
from agentpath.performance.services import record_metric_values
from tests.factories import EmployeeFactory

KPI_EFFECT, QA_EFFECT = 8.0, 5.0
COMPLETED = datetime.date(2026, 6, 10)
BEFORE = [datetime.date(2026, m, 1) for m in (3, 4, 5)]
AFTER = [datetime.date(2026, m, 1) for m in (7, 8, 9)]
HIRED = {"new": datetime.date(2026, 1, 5), "old": datetime.date(2023, 2, 1)}  # 4–5 months and over 3 years in June
START = {"low": 10.0, "high": 70.0}  # starting percentile of the cell
DRIFT = {"low": 15.0, "high": -5.0}  # what happens to everyone in the cell, trained or not


def course() -> Course:
    return Course.objects.create(code="complaint-handling-x", name="投诉处理进阶", name_en="Advanced complaint handling",
                                 credits=2, hours=4)


def completed_course(training: Course):
    return lambda person: CourseCompletion.objects.create(employee=person, course=training, completed_on=COMPLETED,
                                                          credits=2)


def completed_program(program, trainer=None):
    """Enrolled on the first of June, completed on COMPLETED, with `trainer`."""
    return lambda person: Enrolment.objects.create(
        employee=person, program=program, kind=Enrolment.Kind.ASSIGNED, reason="投诉处理提升",
        status=Enrolment.Status.COMPLETED, enrolled_on=COMPLETED.replace(day=1), completed_on=COMPLETED,
        trainer=trainer)


def build(center, team, take, *, takers: int, others: int, seed: int = 21):
    """`takers` and `others` people in each of the 8 cells (two levels × two tenure bands × two starting bands);
    `take(person)` records that a taker took the training; returns the takers."""
    rng = random.Random(seed)
    levels = [Level.objects.get(code="mgmt-agent"), Level.objects.get(code="mgmt-tl")]
    took, ranks, qa = [], [], {}
    for level in levels:
        for tenure, hired in HIRED.items():
            for band, start in START.items():
                for k in range(takers + others):
                    person = EmployeeFactory(center=center, team=team, level=level, hire_date=hired,
                                             name=f"{level.code[5:]}{tenure}{band}{k}")
                    treated = k < takers
                    base, qa_base = start + rng.uniform(-4, 4), 80 + rng.uniform(-5, 5)
                    after = base + DRIFT[band] + (KPI_EFFECT if treated else 0)
                    qa_after = qa_base + DRIFT[band] / 5 + (QA_EFFECT if treated else 0)
                    for months, mean, qa_mean in ((BEFORE, base, qa_base), (AFTER, after, qa_after)):
                        for month in months:
                            ranks.append(KpiResult(
                                employee=person, period_kind="month", period=f"{month:%Y-%m}", period_start=month,
                                group_id=1, group_code="business", position=person.position, center=center,
                                team=team, composite=0, rank=1, peer_size=100,
                                percentile=min(100.0, max(0.0, mean + rng.gauss(0, 3)))))
                            qa[(person.pk, month + datetime.timedelta(days=9))] = round(qa_mean + rng.gauss(0, 2), 1)
                    if treated:
                        take(person)
                        took.append(person)
    KpiResult.objects.bulk_create(ranks)
    record_metric_values("qa_score", qa)
    return took
