"""Trainers: the trainer path and the scorecard over the four levels of training evaluation (reaction, learning,
behaviour, results), from data. Trainees are only those the acting user may see (a trainer: their centers)."""
import datetime
from dataclasses import dataclass
from statistics import mean

from django.db.models import Avg, Count
from django.http import Http404

from agentpath.accounts import scoping
from agentpath.accounts.models import Role, User
from agentpath.performance.models import KpiDay, KpiResult, Metric
from agentpath.performance.ranking import parse_period

from .models import Attendance, Enrolment, StageResult, TrainerProfile, TrainingSession

# The trainer path: (step, hours taught, mean session rating, course required) to reach the step.
TRAINER_PATH = [
    (TrainerProfile.Step.ASSOCIATE, 0, None, "train-the-trainer"),
    (TrainerProfile.Step.TRAINER, 40, 4.0, "presentation-skills"),
    (TrainerProfile.Step.SENIOR, 200, 4.3, "coaching-skills"),
]
BEHAVIOUR_DAYS = 90  # QA before enrolment vs after completion
COMPARISON_BAND = 15  # percentile points just above the selection threshold


@dataclass
class Scorecard:
    trainer: User
    profile: TrainerProfile | None
    sessions: int
    hours: float
    reaction: dict
    learning: dict
    behaviour: dict
    results: dict
    path: list[dict]


def trainers_visible_to(user):
    qs = User.objects.filter(role=Role.TRAINER, is_active=True).order_by("username")
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return qs
    if user.role == Role.TRAINER:
        return qs.filter(pk=user.pk)
    if user.role == Role.CENTER_MANAGER:
        return qs.filter(centers__in=scoping.center_ids_for(user)).distinct()
    return qs.none()


def trainer_for(user, username: str | None) -> User | None:
    qs = trainers_visible_to(user)
    if username is None:
        return qs.first() if user.role == Role.TRAINER else None
    trainer = qs.filter(username=username).first()
    if trainer is None:
        raise Http404
    return trainer


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(mean(values), 1) if values else None


def scorecard(user, trainer: User) -> Scorecard:
    trainees = scoping.employees_visible_to(user)
    sessions = TrainingSession.objects.filter(event__owner=trainer)
    taught = sessions.aggregate(n=Count("id"))
    hours = sum(((s.ends_at - s.starts_at).total_seconds() / 3600 for s in sessions.only("starts_at", "ends_at")), 0.0)
    ratings = Attendance.objects.filter(session__in=sessions, rating__isnull=False, employee__in=trainees)\
        .aggregate(avg=Avg("rating"), n=Count("id"))
    enrolments = Enrolment.objects.filter(trainer=trainer, employee__in=trainees)
    results = list(StageResult.objects.filter(enrolment__in=enrolments)
                   .values("enrolment_id", "stage__order", "attempt", "score", "passed"))
    first_attempts = [r for r in results if r["attempt"] == 1]
    by_enrolment: dict[int, list] = {}
    for r in results:
        by_enrolment.setdefault(r["enrolment_id"], []).append(r)
    gains = []
    for rows in by_enrolment.values():
        rows.sort(key=lambda r: (r["stage__order"], r["attempt"]))
        if len(rows) > 1:
            gains.append(float(rows[-1]["score"] - rows[0]["score"]))
    learning = {"attempts": len(first_attempts),
                "pass_rate": round(100 * sum(r["passed"] for r in first_attempts) / len(first_attempts))
                if first_attempts else None, "gain": _mean(gains)}
    return Scorecard(trainer=trainer, profile=TrainerProfile.objects.filter(user=trainer).first(),
                     sessions=taught["n"], hours=round(hours, 1),
                     reaction={"avg": round(ratings["avg"], 2) if ratings["avg"] else None, "n": ratings["n"]},
                     learning=learning, behaviour=_behaviour(enrolments), results=_results(enrolments, trainees),
                     path=_path(trainer, hours, ratings["avg"]))


def _behaviour(enrolments) -> dict:
    """Trainees' mean QA score in the 90 days before enrolment and the 90 days after completion."""
    done = list(enrolments.filter(status=Enrolment.Status.COMPLETED).values("employee_id", "enrolled_on",
                                                                            "completed_on"))
    metric = Metric.objects.filter(code="qa_score").first()
    if not done or metric is None:
        return {"n": 0, "before": None, "after": None, "change": None}
    span = datetime.timedelta(days=BEHAVIOUR_DAYS)
    first = min(d["enrolled_on"] for d in done) - span
    last = max(d["completed_on"] for d in done) + span
    days = KpiDay.objects.filter(employee_id__in=[d["employee_id"] for d in done], date__gte=first, date__lte=last,
                                 **{f"{metric.column}__isnull": False}).values_list("employee_id", "date",
                                                                                    metric.column)
    windows = {d["employee_id"]: d for d in done}
    before, after = {}, {}
    for emp, day, value in days:
        w = windows[emp]
        if w["enrolled_on"] - span <= day < w["enrolled_on"]:
            before.setdefault(emp, []).append(value)
        elif w["completed_on"] < day <= w["completed_on"] + span:
            after.setdefault(emp, []).append(value)
    both = [e for e in before if e in after]
    b, a = _mean([mean(before[e]) for e in both]), _mean([mean(after[e]) for e in both])
    return {"n": len(both), "before": b, "after": a, "change": round(a - b, 1) if both else None}


def _next_quarter(code: str) -> str:
    p = parse_period(code)
    return parse_period(f"{p.end.year}Q{(p.end.month - 1) // 3 + 1}").code


def _results(enrolments, trainees) -> dict:
    """Percentile change from the selection quarter to the next for trainees chosen by rank, against peers just
    above the threshold who were not trained (both groups move toward the middle by regression to the mean)."""
    chosen = list(enrolments.filter(kind=Enrolment.Kind.RULE, mandatory=True, status=Enrolment.Status.COMPLETED)
                  .values("employee_id", "period", "program__code"))
    if not chosen:
        return {"n": 0, "trained": None, "comparison": None, "comparison_n": 0, "difference": None}
    quarters = {c["period"] for c in chosen}
    q_next = {q: _next_quarter(q) for q in quarters}
    rows = KpiResult.objects.filter(period__in=quarters | set(q_next.values()), group_code="business")\
        .values_list("employee_id", "period", "percentile")
    pct = {(e, p): v for e, p, v in rows}
    trained_ids = {c["employee_id"] for c in chosen}
    trained = [pct[(c["employee_id"], q_next[c["period"]])] - pct[(c["employee_id"], c["period"])]
               for c in chosen if (c["employee_id"], c["period"]) in pct
               and (c["employee_id"], q_next[c["period"]]) in pct]
    comparison = []
    band = KpiResult.objects.filter(period__in=quarters, group_code="business", percentile__gte=50,
                                    percentile__lt=50 + COMPARISON_BAND, employee__in=trainees)\
        .exclude(employee_id__in=trained_ids).values_list("employee_id", "period", "percentile")
    for emp, period, value in band:
        later = pct.get((emp, q_next[period]))
        if later is not None:
            comparison.append(later - value)
    t, c = _mean(trained), _mean(comparison)
    return {"n": len(trained), "trained": t, "comparison": c, "comparison_n": len(comparison),
            "difference": round(t - c, 1) if t is not None and c is not None else None}


def _path(trainer, hours: float, rating: float | None) -> list[dict]:
    from .models import CourseCompletion

    done = set(CourseCompletion.objects.filter(employee_id=trainer.employee_id).values_list("course__code", flat=True)) \
        if trainer.employee_id else set()
    return [{"step": TrainerProfile.Step(step).label, "hours": min_hours, "rating": min_rating, "course": course,
             "met": hours >= min_hours and (min_rating is None or (rating or 0) >= min_rating) and course in done}
            for step, min_hours, min_rating, course in TRAINER_PATH]

