"""Training for the demo center (issue 8 "Done when"): the catalogue, three weeks of morning briefings and
Friday reviews with attendance and ratings, the next days' sessions, the pre-job program for recent hires with
stage results, and the differentiated-training run of the last complete quarter. Fixed seed; set-based."""
import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agentpath.common.calendar import last_quarters
from agentpath.org.models import Employee
from agentpath.performance.models import KpiResult

from .catalogue import load_training_catalogue
from .differentiation import run_differentiation, start_run
from .models import Attendance, DifferentiationRun, Enrolment, Program, StageResult, TrainingSession
from .services import complete_enrolment, schedule_recurring_sessions

PAST_DAYS, NEXT_DAYS = 21, 3
CHUNK = 2000  # ids per UPDATE and rows per INSERT (SQLite's limit on bound parameters; memory at --scale 80)
# Shares of present / late / absent / excused at a session (a contact center's morning briefing).
STATUS_WEIGHTS = [("present", 86), ("late", 6), ("absent", 3), ("excused", 5)]
COMMENTS = ["新业务讲得清楚", "案例很实用", "时间有点紧", "希望多讲投诉处理", ""]


@transaction.atomic
def generate_demo_training(seed: int, today: datetime.date, teams) -> dict:
    rnd = random.Random(seed * 31 + 8)
    load_training_catalogue()
    teams = list(teams)
    schedule_recurring_sessions(teams, today - datetime.timedelta(days=PAST_DAYS),
                                today + datetime.timedelta(days=NEXT_DAYS))
    now = timezone.make_aware(datetime.datetime.combine(today, timezone.localtime().time()))  # "now" on `today`
    past = TrainingSession.objects.filter(event__team__in=teams, ends_at__lt=now)
    week_ago = now - datetime.timedelta(days=7)
    past.filter(ends_at__lt=week_ago).update(state=TrainingSession.State.FEEDBACK_CLOSED)
    past.filter(ends_at__gte=week_ago).update(state=TrainingSession.State.HELD)
    marked = _mark_attendance(rnd, Attendance.objects.filter(session__in=past), now)
    enrolled = _pre_job(rnd, today, teams)
    run = None
    last = last_quarters(today, 1)[0]
    if KpiResult.objects.filter(period=last.code).exists() and not DifferentiationRun.objects.filter(
            quarter=last.code).exists():
        run = run_differentiation(start_run(last.code))
    return {"attendance": marked, "pre-job enrolments": enrolled, "differentiated": run.mandatory if run else 0}


def _mark_attendance(rnd: random.Random, attendances, now) -> int:
    """Draw each attendance's status, rating and comment (in id order, so a seed gives the same marks), then
    write them set-based: one UPDATE per distinct mark and chunk of ids, never one per row."""
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    by_mark = defaultdict(list)
    count = 0
    for pk in attendances.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK):
        status, rating, comment = rnd.choices(statuses, weights)[0], None, ""
        if status in ("present", "late") and rnd.random() < 0.4:
            rating = rnd.choices([5, 4, 3, 2, 1], [45, 35, 14, 4, 2])[0]
            comment = rnd.choice(COMMENTS)
        by_mark[(status, rating, comment)].append(pk)
        count += 1
    for (status, rating, comment), ids in by_mark.items():
        for start in range(0, len(ids), CHUNK):
            Attendance.objects.filter(pk__in=ids[start:start + CHUNK]).update(
                status=status, rating=rating, comment=comment, marked_at=now)
    return count


def _pre_job(rnd: random.Random, today: datetime.date, teams) -> int:
    """People hired in the last 4 months follow the pre-job program; the earlier their hire, the further along."""
    program = Program.objects.get(code="pre-job")
    stages = list(program.stages.order_by("order"))
    people = list(Employee.objects.filter(team__in=teams, status=Employee.Status.ACTIVE,
                                          hire_date__gt=today - datetime.timedelta(days=120)).order_by("pk"))
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(employee=e, program=program, kind=Enrolment.Kind.ASSIGNED, reason="新员工岗前培训",
                   enrolled_on=e.hire_date) for e in people], ignore_conflicts=True)
    enrolments = list(Enrolment.objects.filter(program=program, employee__in=people).select_related("employee"))
    results, completed = [], []
    for enrolment in enrolments:
        weeks = (today - enrolment.employee.hire_date).days // 14
        day = enrolment.employee.hire_date
        for stage in stages[:weeks]:
            day += datetime.timedelta(days=10)
            attempt = 1
            if rnd.random() < 0.12:  # a failed first attempt, retaken
                results.append(StageResult(enrolment=enrolment, stage=stage, attempt=1, taken_on=day,
                                           score=Decimal(rnd.randint(40, int(stage.pass_mark) - 1)), passed=False))
                attempt = 2
            results.append(StageResult(enrolment=enrolment, stage=stage, attempt=attempt, taken_on=day,
                                       score=Decimal(rnd.randint(int(stage.pass_mark), 98)), passed=True))
        if weeks >= len(stages):
            completed.append((enrolment, day))
    StageResult.objects.bulk_create(results, ignore_conflicts=True)

    for enrolment, day in completed:  # a few dozen people at most
        complete_enrolment(enrolment, None, min(day, today))
    return len(enrolments)
