"""Every write about training: enrolments, stage results and program completion, sessions and attendance."""
import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.common.errors import Forbidden, Invalid, NotFound
from agentpath.org.models import Employee

from . import inbox, selectors
from .models import (
    Attendance,
    Course,
    CourseCompletion,
    Enrolment,
    Program,
    ProgramStage,
    StageResult,
    TrainerProfile,
    TrainingEvent,
    TrainingSession,
)
from .trainers import editable_fields

# Seed 002 §3.4.3: the fixed on-job training times.
MORNING_BRIEFING = (datetime.time(8, 30), datetime.time(8, 45))
WEEKLY_REVIEW = (datetime.time(17, 30), datetime.time(18, 0))
FRIDAY = 4
BATCH = 2000  # rows per INSERT when scheduling whole centers (memory and SQLite's bound-parameter limit)


def check_may_run_differentiation(user) -> None:
    """HR starts the quarter's differentiated-training run; the page and the API refuse everybody else alike (403)."""
    if not selectors.can_run_differentiation(user):
        raise Forbidden(_("Only HR starts the differentiated-training run."))


def enrol(employee, program: Program, *, kind: str, reason: str, mandatory: bool = True, period: str = "",
          on: datetime.date | None = None) -> Enrolment:
    """Enrol one person (assigned, self-chosen or by rule) with the reason; enrolling twice changes nothing."""
    if not reason.strip():
        raise ValidationError(_("Say why this person is enrolled."))
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            employee=employee, program=program, period=period,
            defaults={"kind": kind, "reason": reason, "mandatory": mandatory,
                      "enrolled_on": on or timezone.localdate()})
        if created and enrolment.mandatory:
            inbox.mandatory_enrolments(program, [(employee.pk, enrolment.reason, period)])
    return enrolment


def assign_program(employee, program: Program, *, by, reason: str) -> Enrolment:
    """A trainer, manager or HR assigns a program with the reason; a trainer who assigns it becomes the trainer of
    an enrolment that has none."""
    enrolment = enrol(employee, program, kind=Enrolment.Kind.ASSIGNED, reason=reason)
    _trained_by(enrolment, by)
    return enrolment


def _trained_by(enrolment: Enrolment, user) -> None:
    """A trainer acting on an enrolment nobody trains yet becomes its trainer (the scorecard counts it)."""
    if user is not None and user.role == Role.TRAINER and enrolment.trainer_id is None:
        enrolment.trainer = user
        enrolment.save(update_fields=["trainer"])


def choose_program(employee, code: str) -> Enrolment:
    """A person enrols themselves in a program offered to them (learning.selectors.programs_offered_to: the
    specialized and on-job programs); any other code is refused exactly like one that does not exist."""
    program = selectors.programs_offered_to(employee).filter(code=code).first()
    if program is None:
        raise NotFound(_("No program %(code)s is offered to you.") % {"code": str(code)[:60]},
                       code="program_not_offered")
    return enrol(employee, program, kind=Enrolment.Kind.SELF, reason=_("self-chosen"), mandatory=False)


@transaction.atomic
def record_stage_result(enrolment: Enrolment, stage: ProgramStage, score: Decimal,
                        on: datetime.date | None = None, by=None) -> StageResult:
    """Record one attempt at a stage (seed 002 §3.3.5: every stage is assessed). Passing is score ≥ the pass
    mark; a failed stage is retaken as the next attempt; a passed stage is not taken again. When every stage is
    passed the enrolment completes and the program's course is completed with its credits. A trainer (`by`)
    recording a result of an enrolment nobody trains yet becomes its trainer (the scorecard counts it)."""
    if stage.program_id != enrolment.program_id:
        raise ValidationError(_("This stage belongs to another program."))
    results = StageResult.objects.filter(enrolment=enrolment, stage=stage)
    if results.filter(passed=True).exists():
        raise ValidationError(_("Stage %(s)s is already passed.") % {"s": stage.display_name})
    earlier = ProgramStage.objects.filter(program_id=stage.program_id, order__lt=stage.order)
    passed_earlier = StageResult.objects.filter(enrolment=enrolment, stage__in=earlier, passed=True)\
        .values("stage").distinct().count()
    if passed_earlier < earlier.count():
        raise ValidationError(_("Pass the earlier stages first."))
    _trained_by(enrolment, by)
    attempt = (results.aggregate(n=Max("attempt"))["n"] or 0) + 1
    score = Decimal(score)
    result = StageResult.objects.create(enrolment=enrolment, stage=stage, attempt=attempt, score=score,
                                        passed=score >= stage.pass_mark, taken_on=on or timezone.localdate())
    if result.passed and not ProgramStage.objects.filter(program_id=stage.program_id, order__gt=stage.order).exists():
        complete_enrolment(enrolment, score, result.taken_on)
    return result


def complete_enrolment(enrolment: Enrolment, score: Decimal | None, on: datetime.date) -> CourseCompletion:
    """Finishing a program is a fact the path reads: a completion of the program's course with its credits."""
    course: Course = enrolment.program.course
    completion, _created = CourseCompletion.objects.get_or_create(
        employee_id=enrolment.employee_id, course=course, completed_on=on,
        defaults={"credits": course.credits, "score": score, "source": "program"})
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_on, enrolment.score, enrolment.credits_granted = on, score, completion.credits
    enrolment.save(update_fields=["status", "completed_on", "score", "credits_granted"])
    return completion


def _at(day: datetime.date, t: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, t))


@transaction.atomic
def schedule_recurring_sessions(teams, first: datetime.date, last: datetime.date) -> int:
    """The fixed on-job trainings of seed 002 §3.4.3 for each team and day in [first, last]: the daily morning
    briefing 08:30–08:45 and the Friday experience and complaint review 17:30–18:00; every active member is
    on the session's list. Idempotent (one event per kind, team and day). Returns the events created."""
    courses = {c.code: c for c in Course.objects.filter(code__in=["morning-briefing", "weekly-review"])}
    teams = list(teams)
    existing = set(TrainingEvent.objects.filter(team__in=teams, date__gte=first, date__lte=last)
                   .exclude(kind=TrainingEvent.Kind.AD_HOC).values_list("kind", "team_id", "date"))
    wanted = []
    day = first
    while day <= last:
        for team in teams:
            kinds = [(TrainingEvent.Kind.MORNING_BRIEFING, MORNING_BRIEFING, "morning-briefing")]
            if day.weekday() == FRIDAY:
                kinds.append((TrainingEvent.Kind.WEEKLY_REVIEW, WEEKLY_REVIEW, "weekly-review"))
            for kind, (start, end), course_code in kinds:
                if (kind, team.pk, day) not in existing:
                    course = courses.get(course_code)
                    wanted.append((TrainingEvent(kind=kind, team=team, center_id=team.center_id, date=day,
                                                 course=course, name=course.name if course else kind,
                                                 name_en=course.name_en if course else kind), start, end))
        day += datetime.timedelta(days=1)
    events = TrainingEvent.objects.bulk_create([w[0] for w in wanted], batch_size=BATCH)
    times = {(w[0].kind, w[0].team_id, w[0].date): (w[1], w[2]) for w in wanted}
    sessions = TrainingSession.objects.bulk_create([
        TrainingSession(event=e, starts_at=_at(e.date, times[(e.kind, e.team_id, e.date)][0]),
                        ends_at=_at(e.date, times[(e.kind, e.team_id, e.date)][1])) for e in events], batch_size=BATCH)
    members: dict[int, list[int]] = {}
    for emp_id, team_id in Employee.objects.filter(team__in=teams, status=Employee.Status.ACTIVE)\
            .values_list("id", "team_id"):
        members.setdefault(team_id, []).append(emp_id)
    rows = (Attendance(event_id=s.event_id, session_id=s.pk, employee_id=emp_id)
            for s in sessions for emp_id in members.get(s.event.team_id, []))
    while batch := list(itertools.islice(rows, BATCH)):  # a whole center's lists at once would not fit in memory
        Attendance.objects.bulk_create(batch)
    return len(events)


def add_attendee(session: TrainingSession, employee) -> Attendance:
    """Put a person on a session's list; each attendee belongs to one session of an event (moving if needed)."""
    attendance, _created = Attendance.objects.update_or_create(
        event_id=session.event_id, employee=employee, defaults={"session": session})
    return attendance


def mark_attendance(session: TrainingSession, employee, status: str, by) -> Attendance:
    """A team leader (or the trainer, a manager, HR) marks one person present, late, absent or excused: only
    someone on the session's audience in their scope (learning.selectors.attendees_writable_by; anyone else is
    refused exactly like a number nobody has), and only while the session is open."""
    if not selectors.attendees_writable_by(by, session).filter(pk=employee.pk).exists():
        raise NotFound(_("Nobody with employee number %(no)s is on this session's list.")
                       % {"no": employee.employee_no}, code="not_on_session")
    if status not in Attendance.Status.values:
        raise Invalid(_("%(v)s is not an attendance; use present, late, absent or excused.")
                      % {"v": str(status)[:20]}, code="unknown_attendance")
    if session.state == TrainingSession.State.FEEDBACK_CLOSED:
        raise Invalid(_("This session is closed; attendance can no longer change."), code="session_closed")
    attendance = Attendance.objects.filter(session=session, employee=employee).first()
    if attendance is None:
        attendance = add_attendee(session, employee)
    attendance.status, attendance.marked_by, attendance.marked_at = status, by, timezone.now()
    attendance.save(update_fields=["status", "marked_by", "marked_at"])
    return attendance


def mark_session_held(session: TrainingSession) -> None:
    """scheduled → held: attendance is final enough for those present to rate the session."""
    if session.state != TrainingSession.State.SCHEDULED:
        raise ValidationError(_("Only a scheduled session can be marked as held."))
    session.state = TrainingSession.State.HELD
    session.save(update_fields=["state"])


def close_feedback(session: TrainingSession) -> None:
    """held → feedback closed: no more ratings or attendance changes."""
    if session.state != TrainingSession.State.HELD:
        raise ValidationError(_("Only a held session can have its feedback closed."))
    session.state = TrainingSession.State.FEEDBACK_CLOSED
    session.save(update_fields=["state"])


def rate_session(session: TrainingSession, employee, rating: int, comment: str = "") -> Attendance:
    """Only those marked present (or late) may rate a held session, 1–5 with a comment."""
    if session.state != TrainingSession.State.HELD:
        raise ValidationError(_("This session cannot be rated now."))
    attendance = Attendance.objects.filter(session=session, employee=employee).first()
    if attendance is None or attendance.status not in (Attendance.Status.PRESENT, Attendance.Status.LATE):
        raise PermissionDenied(_("Only people marked present can rate this session."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("A rating is a whole number from 1 to 5."))
    attendance.rating, attendance.comment = int(rating), comment.strip()[:500]
    attendance.save(update_fields=["rating", "comment"])
    return attendance


@transaction.atomic
def create_ad_hoc_event(team, day: datetime.date, name: str, times: list[tuple[datetime.time, datetime.time]],
                        owner=None, course=None) -> TrainingEvent:
    """An ad-hoc training (seed 002 §3.4.3 非固定培训) for a team, run as one or more sessions; the team's active
    members are split over the sessions in turn (each attendee belongs to one session)."""
    if not name.strip():
        raise ValidationError(_("Give the training a name."))
    if not times or any(end <= start for start, end in times):
        raise ValidationError(_("Each session needs a start before its end."))
    event = TrainingEvent.objects.create(kind=TrainingEvent.Kind.AD_HOC, team=team, center_id=team.center_id,
                                         date=day, name=name.strip(), name_en=name.strip(), owner=owner,
                                         course=course)
    sessions = TrainingSession.objects.bulk_create([
        TrainingSession(event=event, starts_at=_at(day, start), ends_at=_at(day, end)) for start, end in times])
    members = list(Employee.objects.filter(team=team, status=Employee.Status.ACTIVE).order_by("employee_no")
                   .values_list("id", flat=True))
    Attendance.objects.bulk_create([Attendance(event=event, session=sessions[i % len(sessions)], employee_id=emp)
                                    for i, emp in enumerate(members)])
    return event


def save_trainer_profile(by, trainer, data: dict) -> TrainerProfile:
    """HR records a trainer's step, since, specialties and bio; the trainer edits their own bio and specialties.
    A field the user may not edit refuses the whole change (nothing stored)."""
    allowed = editable_fields(by, trainer)
    if not allowed:
        raise PermissionDenied(_("Only HR and the trainer themself edit a trainer profile."))
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise PermissionDenied(_("You may not change %(fields)s; you may change %(allowed)s.") % {
            "fields": ", ".join(refused), "allowed": ", ".join(allowed)})
    profile, _created = TrainerProfile.objects.get_or_create(user=trainer)
    for field, value in data.items():
        setattr(profile, field, value)
    profile.updated_by = by
    profile.full_clean()
    profile.save()
    return profile
