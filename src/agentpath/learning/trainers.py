"""Trainers: the scorecard over the four levels of training evaluation (reaction, learning,
behaviour, results), from data. Trainees are only those of the centers the acting user serves."""
import datetime
from dataclasses import dataclass
from statistics import mean

from django.db.models import Avg, Count
from django.http import Http404

from agentpath.accounts.models import Role, User
from agentpath.org import scoping
from agentpath.performance.models import KpiDay, Metric

from .effectiveness import Effect, Taker, matched_effect
from .models import Attendance, Enrolment, StageResult, TrainerProfile, TrainingSession

BEHAVIOUR_DAYS = 90  # QA before enrolment vs after completion


@dataclass
class Scorecard:
    trainer: User
    profile: TrainerProfile | None
    sessions: int
    hours: float
    reaction: dict
    learning: dict
    behaviour: dict
    results: Effect


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


def profile_of(trainer: User) -> TrainerProfile | None:
    return TrainerProfile.objects.filter(user=trainer).first()


def scorecard(user, trainer: User) -> Scorecard:
    trainees = scoping.people_served_by(user)  # the comparison group is of people the trainer did not train
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
                     learning=learning, behaviour=_behaviour(enrolments), results=_results(enrolments, trainees))


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
    if not both:
        return {"n": 0, "before": None, "after": None, "change": None}
    b, a = mean(mean(before[e]) for e in both), mean(mean(after[e]) for e in both)
    return {"n": len(both), "before": _round(b), "after": _round(a), "change": _round(a - b)}


def _results(enrolments, trainees) -> Effect:
    """KPI and QA change of the trainer's trainees (completed enrolments, enrolled → completed) against matched
    people the user's scope serves who never enrolled in those programs: the one method of training effectiveness
    (learning.effectiveness.matched_effect), the same as analytics' page for a program."""
    done = enrolments.filter(status=Enrolment.Status.COMPLETED, completed_on__isnull=False)
    takers = [Taker(*row) for row in done.values_list("employee_id", "enrolled_on", "completed_on")]
    took = Enrolment.objects.filter(program__in=done.values("program_id")).values("employee_id")
    return matched_effect(takers, trainees, took)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def trainer_rows(user) -> list[dict]:
    """The trainers the user sees (HR: all; a center manager: those serving their centers) with their profile,
    centers, sessions and hours taught and mean session rating (from trainees the user sees). Set-based."""
    trainers = list(trainers_visible_to(user).select_related("trainer_profile", "employee")
                    .prefetch_related("centers"))
    ids = [t.pk for t in trainers]
    taught: dict[int, list] = {}
    for owner, starts, ends in TrainingSession.objects.filter(event__owner__in=ids)\
            .values_list("event__owner", "starts_at", "ends_at"):
        taught.setdefault(owner, []).append((ends - starts).total_seconds() / 3600)
    ratings = {r["session__event__owner"]: r for r in Attendance.objects.filter(
        session__event__owner__in=ids, rating__isnull=False, employee__in=scoping.employees_visible_to(user))
        .values("session__event__owner").annotate(avg=Avg("rating"), n=Count("id"))}
    return [{"trainer": t, "name": trainer_name(t), "profile": getattr(t, "trainer_profile", None),
             "centers": ", ".join(c.name for c in t.centers.all()), "sessions": len(taught.get(t.pk, [])),
             "hours": round(sum(taught.get(t.pk, [])), 1),
             "rating": round(ratings[t.pk]["avg"], 2) if t.pk in ratings else None,
             "ratings": ratings[t.pk]["n"] if t.pk in ratings else 0} for t in trainers]


def trainer_name(trainer: User) -> str:
    """The name to show: the account's full name, else the employee record's name, else the username."""
    return trainer.get_full_name() or (trainer.employee.name if trainer.employee_id else "") or trainer.username


def scorecard_trainers(user):
    """The trainers whose scorecard the user may open (a trainer: themself); managers and HR reach the page even
    with none to choose; anyone else 404."""
    visible = trainers_visible_to(user)
    if not visible.exists() and not (user.is_superuser or user.role in (Role.HR_ADMIN, Role.CENTER_MANAGER)):
        raise Http404
    return visible


def can_list_trainers(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in (Role.HR_ADMIN, Role.CENTER_MANAGER))


def profile_trainer_for(user, username: str) -> User:
    """The trainer whose profile the user opens: HR any, a center manager those of their centers, a trainer
    themself; anyone else, or a trainer out of scope, 404."""
    trainer = trainers_visible_to(user).filter(username=username).first()
    if trainer is None:
        raise Http404
    return trainer


# Who edits which fields of a profile: HR all of them; the trainer their own bio and specialties.
HR_FIELDS = ("step", "since", "specialties", "bio")
OWN_FIELDS = ("specialties", "bio")


def editable_fields(user, trainer: User) -> tuple[str, ...]:
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return HR_FIELDS
    return OWN_FIELDS if user.pk == trainer.pk else ()
