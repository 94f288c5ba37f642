"""Twelve months of realistic daily KPI for the demo center (issue 3, "Done when").

Each agent has a latent service skill and a sales/retention skill. Daily values are drawn from skewed
distributions: AHT lognormal (with rare outliers ×2–3, e.g. a system outage), FCR, CSAT, QA, adherence and
conversion from beta distributions, complaints and deductions rare events. New hires start about 1.5
standard deviations below their eventual level and close the gap over their first months (time constant
three months). Weekends are off; QA scores about one call in three days; the exam is monthly.
"""
import datetime
import math
import random

from django.db import connection, transaction

from agentpath.common.calendar import periods_between
from agentpath.org.models import Employee

from .defaults import scorecard_template
from .models import KpiDay, KpiResult, Metric, Scorecard
from .ranking import compute_ranks
from .services import load_default_scorecards, store_kpi_days

DAILY = ["calls_handled", "aht", "fcr", "csat", "nps", "qa_score", "adherence", "attendance", "sales_conversion",
         "complaints", "deductions", "exam_score", "qa_evaluation_rate", "qa_calibration_dev", "qa_disputes_overturned",
         "forecast_mape", "service_level_attainment", "work_accuracy", "work_on_time", "work_volume"]


def _beta(rnd: random.Random, mean: float, k: float) -> float:
    mean = min(max(mean, 0.01), 0.99)
    return rnd.betavariate(mean * k, (1 - mean) * k)


def _month_end_workdays(first: datetime.date, last: datetime.date) -> set[datetime.date]:
    ends, day = set(), last
    seen = set()
    while day >= first:
        key = (day.year, day.month)
        if day.weekday() < 5 and key not in seen:
            seen.add(key)
            ends.add(day)
        day -= datetime.timedelta(days=1)
    return ends


# The longest-serving holder of each post is among its strongest (at least this many standard deviations above
# the mean): a small family (three MIS analysts, two senior trainers) always has someone whose results meet the
# move up, as a real one has its obvious successor.
SEASONED_SKILL = 1.5


def _skill(rnd, employee) -> float:
    """A person's latent skill, N(0, 1); the seasoned holder of a post at least SEASONED_SKILL (one draw either way:
    the others' values stay those of the same seed)."""
    skill = rnd.gauss(0, 1)
    return max(skill, SEASONED_SKILL) if employee["seasoned"] else skill


def _agent_days(rnd, employee, days, exam_days, today):
    skill, value_skill = _skill(rnd, employee), 0.0
    value_skill = 0.4 * skill + math.sqrt(1 - 0.16) * rnd.gauss(0, 1)
    hired, exited = employee["hire_date"], employee["exit_date"]
    for day in days:
        if day < hired or (exited and day > exited):
            continue
        months_in = (day - hired).days / 30.4
        ramp = 1.5 * math.exp(-months_in / 3)  # new hires improve over their first months
        s, v = skill - ramp, value_skill - 0.6 * ramp
        if rnd.random() < 0.02:  # absent: only attendance recorded
            yield day, {"attendance": 0.0}
            continue
        aht = rnd.lognormvariate(math.log(330) - 0.08 * s, 0.18)
        if rnd.random() < 0.003:
            aht *= rnd.uniform(2, 3)
        aht = min(aht, 7000)
        attendance = 100.0 if rnd.random() < 0.96 else 50.0
        calls = max(1, round(7 * 3600 * 0.8 / aht * rnd.uniform(0.85, 1.1) * attendance / 100))
        csat = 100 * _beta(rnd, 0.88 + 0.025 * v, 60)
        values = {
            "calls_handled": float(calls), "aht": round(aht, 1), "fcr": round(100 * _beta(rnd, 0.75 + 0.04 * s, 40), 1),
            "csat": round(csat, 1), "nps": float(max(-100, min(100, round(2.2 * (csat - 72) + rnd.gauss(0, 8))))),
            "adherence": round(100 * _beta(rnd, 0.93 + 0.012 * skill, 200), 1), "attendance": attendance,
            "sales_conversion": round(100 * _beta(rnd, 0.08 + 0.018 * v, 80), 2),
            "complaints": 1.0 if rnd.random() < max(0.002, 0.012 * (1 - 0.4 * v)) else 0.0,
            "deductions": float(rnd.randint(1, 5)) if rnd.random() < max(0.001, 0.006 * (1 - 0.5 * s)) else 0.0,
        }
        if rnd.random() < 0.35:
            values["qa_score"] = round(min(100, 100 * _beta(rnd, 0.86 + 0.03 * s, 50)), 1)
        if day in exam_days:
            values["exam_score"] = float(max(0, min(100, round(rnd.gauss(78 + 5 * s, 7)))))
        yield day, values


def _exam(rnd, skill):
    return float(max(0, min(100, round(rnd.gauss(80 + 5 * skill, 7)))))


def _working(employee, days):
    hired, exited = employee["hire_date"], employee["exit_date"]
    return [d for d in days if d >= hired and not (exited and d > exited)]


def _leader_days(rnd, employee, days, exam_days, today):
    """Team leaders, supervisors, managers and trainers: their own monthly exam (seed 002: leaders sit it too);
    their other metrics are derived from their teams or come from training records."""
    skill = _skill(rnd, employee)
    for day in _working(employee, days):
        if day in exam_days:
            yield day, {"exam_score": _exam(rnd, skill)}


def _qa_days(rnd, employee, days, exam_days, today):
    """QA officers: evaluations completed against the daily target (about 100 %, sd 12), a calibration session
    every Wednesday (deviation from the calibration mean, lognormal around 3 points, wider for the less skilled),
    the share of their evaluations overturned on dispute (weekly, rare, 0–15 %)."""
    skill = _skill(rnd, employee)
    for day in _working(employee, days):
        values = {"qa_evaluation_rate": round(max(20.0, min(180.0, rnd.gauss(100 + 6 * skill, 12))), 1)}
        if day.weekday() == 2:
            values["qa_calibration_dev"] = round(min(40.0, rnd.lognormvariate(math.log(3.0) - 0.25 * skill, 0.45)), 1)
        if day.weekday() == 4:
            values["qa_disputes_overturned"] = round(100 * _beta(rnd, 0.05 - 0.015 * skill, 40), 1)
        if day in exam_days:
            values["exam_score"] = _exam(rnd, skill)
        yield day, values


def _scheduler_days(rnd, employee, days, exam_days, today):
    """Schedulers: the day's forecast error (MAPE, lognormal around 6 %) and service-level attainment (the share
    of intervals meeting 80/20, beta around 88 %)."""
    skill = _skill(rnd, employee)
    for day in _working(employee, days):
        values = {"forecast_mape": round(min(60.0, rnd.lognormvariate(math.log(6.0) - 0.2 * skill, 0.35)), 2),
                  "service_level_attainment": round(100 * _beta(rnd, 0.88 + 0.03 * skill, 60), 1)}
        if day in exam_days:
            values["exam_score"] = _exam(rnd, skill)
        yield day, values


def _work_days(rnd, employee, days, exam_days, today):
    """MIS, paperwork, billing, risk, collections leads and the other back-office families: accuracy, on-time rate
    and the day's volume of work items."""
    skill = _skill(rnd, employee)
    base = rnd.uniform(30, 90)
    for day in _working(employee, days):
        values = {"work_accuracy": round(100 * _beta(rnd, 0.96 + 0.012 * skill, 150), 1),
                  "work_on_time": round(100 * _beta(rnd, 0.92 + 0.02 * skill, 80), 1),
                  "work_volume": float(max(0, round(rnd.gauss(base * (1 + 0.1 * skill), base * 0.15))))}
        if day in exam_days:
            values["exam_score"] = _exam(rnd, skill)
        yield day, values


_GENERATORS = {"agent": _agent_days, "team_leader": _leader_days, "supervisor": _leader_days,
               "manager": _leader_days, "trainer": _leader_days, "qa": _qa_days, "scheduler": _scheduler_days,
               "work": _work_days}


def _months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the demo's KPI: twelve months before this month's first, up to yesterday."""
    return (today.replace(day=1) - datetime.timedelta(days=365)).replace(day=1), today - datetime.timedelta(days=1)


def demo_exam_days(today: datetime.date) -> set[datetime.date]:
    """The days the demo's KPI holds a monthly exam score: each month's last workday (up to yesterday)."""
    return _month_end_workdays(*_months(today))


def rank_demo_kpi(today: datetime.date) -> None:
    """The monthly and quarterly ranks of the demo's KPI months (and the derived team metrics with them)."""
    for period in periods_between(*_months(today)):
        compute_ranks(period, today=today)


def generate_demo_kpi(seed: int, today: datetime.date, *, ranks: bool = True) -> int:
    """Twelve months of daily KPI, up to yesterday, for every active or recently exited employee in a position
    with a scorecard, by the family's scorecard (agents' calls, QA evaluations and calibration, schedulers'
    forecasts, back-office accuracy and volume, everyone's monthly exam); loaded through the fast path (COPY on
    PostgreSQL); monthly and quarterly ranks computed, the derived team metrics with them (ranks=False: the caller
    computes them with rank_demo_kpi once it has written what else counts, e.g. the demo's graded monthly
    exams). Returns the number of values stored."""
    load_default_scorecards()
    rnd = random.Random(seed)
    # The other families draw from their own stream: agents' values stay those of the same seed before them.
    staff_rnd = random.Random(seed + 1)
    first, last = _months(today)
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    exam_on = demo_exam_days(today)
    positions = Scorecard.objects.filter(active=True).values_list("position_id", flat=True)
    employees = list(Employee.objects.filter(position_id__in=positions)
                     .exclude(status=Employee.Status.EXITED, exit_date__lt=first)
                     .order_by("employee_no").values("id", "hire_date", "exit_date", "position__code",
                                                     "position__family"))
    seasoned = {}  # position -> the active holder hired first
    for e in employees:
        if e["exit_date"] is None and (e["position__code"] not in seasoned
                                       or e["hire_date"] < seasoned[e["position__code"]]["hire_date"]):
            seasoned[e["position__code"]] = e
    seasoned_ids = {e["id"] for e in seasoned.values()}
    for e in employees:
        e["seasoned"] = e["id"] in seasoned_ids
    metrics = {m.code: m for m in Metric.objects.filter(code__in=DAILY)}
    codes = [c for c in DAILY if c in metrics]
    slots = [metrics[c].slot for c in codes]
    count = [0]

    def rows():
        for employee in employees:
            template = scorecard_template(employee["position__code"], employee["position__family"])
            draw = rnd if template == "agent" else staff_rnd
            for day, values in _GENERATORS[template](draw, employee, days, exam_on, today):
                count[0] += len(values)
                yield (employee["id"], day, *[values.get(c) for c in codes])

    ids = [e["id"] for e in employees]
    with transaction.atomic():
        with connection.cursor() as cursor:
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(f"DELETE FROM {KpiDay._meta.db_table} WHERE employee_id IN ({marks})", part)
                cursor.execute(f"DELETE FROM {KpiResult._meta.db_table} WHERE employee_id IN ({marks})", part)
        store_kpi_days(rows(), slots)
    if ranks:
        rank_demo_kpi(today)
    return count[0]
