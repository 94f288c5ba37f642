"""Reads about training, always scoped to the acting user through org.scoping (404 outside scope)."""
import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.common.calendar import QUARTER, period_of
from agentpath.common.errors import Forbidden, NotFound
from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.org.selectors import employee_for

from .models import (
    Attendance,
    Category,
    Course,
    CourseCompletion,
    DifferentiationRun,
    Enrolment,
    Program,
    ProgramStage,
    StageResult,
    TrainingImport,
    TrainingSession,
)

# Who marks a team's attendance: its leader, the trainers and managers of its center, HR.
ATTENDANCE_ROLES = {Role.TEAM_LEADER, Role.TRAINER, Role.CENTER_MANAGER, Role.HR_ADMIN}
# Who opens the differentiated-training run (each sees the enrolments of people in their scope); HR starts it.
DIFFERENTIATION_VIEW_ROLES = {Role.TRAINER, Role.CENTER_MANAGER, Role.HR_ADMIN}


def can_mark_attendance(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in ATTENDANCE_ROLES)


def can_view_differentiation(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in DIFFERENTIATION_VIEW_ROLES)


def can_run_differentiation(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.HR_ADMIN)


def can_import_training(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.HR_ADMIN)


def check_may_import_training(user) -> None:
    """HR imports completions and attendance; the import pages and the API refuse everybody else alike (403)."""
    if not can_import_training(user):
        raise Forbidden(_("Only HR imports training records."))


def training_import_for(user, pk: int) -> TrainingImport:
    """A background training import, for those who import (403 for the others; 404 when there is none)."""
    check_may_import_training(user)
    job = TrainingImport.objects.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def courses() -> QuerySet:
    return Course.objects.order_by("category", "code")


def programs() -> list[Program]:
    return list(Program.objects.select_related("course").prefetch_related("stages").order_by("code"))


def program_for(code: str) -> Program:
    program = Program.objects.filter(code=code).first()
    if program is None:
        raise Http404
    return program


def _reads_own_training_only(user) -> bool:
    """QA read the QA data of the centers they serve (DOMAIN.md roles), not others' training: sessions,
    attendance, enrolments and credits are trainers' and leaders' data. Of training, QA see their own only."""
    return user.is_authenticated and not user.is_superuser and user.role == Role.QA


def trained_by(trainer) -> QuerySet:
    """The people a trainer trains (org.scoping.trainees_of): enrolled with them as trainer, or on the list of a
    session of an event they own. Employee ids."""
    enrolled = Enrolment.objects.filter(trainer=trainer).values("employee_id")
    listed = Attendance.objects.filter(session__event__owner=trainer).values("employee_id")
    return Employee.objects.filter(Q(pk__in=enrolled) | Q(pk__in=listed)).values("pk")


def training_record_for(user, employee_no: str):
    """A person whose training (enrolments, stage results, credits) the user may read: anyone they may open
    (org.selectors.employee_for), except that QA read only their own; 404 otherwise."""
    employee = employee_for(user, employee_no)
    if _reads_own_training_only(user) and employee.pk != user.employee_id:
        raise Http404
    return employee


def sessions_visible_to(user) -> QuerySet:
    """Sessions of the teams the user sees (agents: their own team's), and for trainers also the ones they own;
    QA the sessions they are on the list of."""
    if _reads_own_training_only(user):
        return TrainingSession.objects.filter(attendances__employee_id=user.employee_id)\
            .select_related("event", "event__team", "event__center") if user.employee_id \
            else TrainingSession.objects.none()
    teams = scoping.teams_visible_to(user)
    q = Q(event__team__in=teams)
    if user.role == Role.TRAINER:
        q |= Q(event__owner=user)
    if user.is_superuser or user.role == Role.HR_ADMIN:
        q = Q()
    return TrainingSession.objects.filter(q).select_related("event", "event__team", "event__center")


def attendance_teams(user) -> list:
    return list(scoping.teams_visible_to(user).order_by("code")[:50]) if can_mark_attendance(user) else []


def team_for_attendance(user, team_code: str):
    """A team whose sessions the user marks: refused (403) to the roles that do not mark attendance, alike on the
    page and by the API; a team out of scope or unknown is 404."""
    if not can_mark_attendance(user):
        raise Forbidden(_("Only team leaders, trainers, managers and HR read attendance."))
    team = scoping.teams_visible_to(user).filter(code=team_code).first()
    if team is None:
        raise Http404
    return team


def team_sessions(team, around: datetime.date, days: int = 7) -> list[TrainingSession]:
    return list(TrainingSession.objects.filter(
        event__team=team, event__date__gte=around - datetime.timedelta(days=days),
        event__date__lte=around + datetime.timedelta(days=days)).select_related("event").order_by("starts_at"))


def current_session(sessions: list[TrainingSession], now: datetime.datetime) -> TrainingSession | None:
    """The session to mark now: the first of today's not yet closed, else the latest one that has started."""
    today = timezone.localtime(now).date()
    todays = [s for s in sessions if s.event.date == today and s.state != TrainingSession.State.FEEDBACK_CLOSED]
    if todays:
        return todays[0]
    started = [s for s in sessions if s.starts_at <= now]
    return started[-1] if started else (sessions[0] if sessions else None)


def attendance_of(session: TrainingSession) -> list[Attendance]:
    return list(Attendance.objects.filter(session=session).select_related("employee")
                .order_by("employee__employee_no"))


def session_audience(session: TrainingSession) -> QuerySet:
    """Who may be on a session's list: whoever is already on its event's list, and the members of the event's team
    (an event of a whole center: the people of that center); never anyone who has left."""
    on_list = Attendance.objects.filter(event_id=session.event_id).values("employee_id")
    members = Q(team_id=session.event.team_id) if session.event.team_id else Q(center_id=session.event.center_id)
    return Employee.objects.filter(Q(pk__in=on_list) | members).exclude(status=Employee.Status.EXITED)


def attendees_writable_by(user, session: TrainingSession) -> QuerySet:
    """The people whose attendance at `session` the user may write: on the session's audience and among the people
    the user works for (org.scoping.people_served_by: a trainer marks any session of the centers they serve)."""
    return session_audience(session).filter(pk__in=scoping.people_served_by(user).values("pk"))


def attendee_for(user, session: TrainingSession, employee_no: str):
    """The person `employee_no` names on the session's audience in the user's scope; the same refusal (404) for a
    number nobody has, someone of another team or center, and someone who has left."""
    employee = attendees_writable_by(user, session).filter(employee_no=employee_no).first()
    if employee is None:
        raise NotFound(_("Nobody with employee number %(no)s is on this session's list.")
                       % {"no": str(employee_no)[:20]}, code="not_on_session")
    return employee


def session_in_team(team, pk) -> TrainingSession:
    session = TrainingSession.objects.filter(pk=pk, event__team=team).select_related("event").first()
    if session is None:
        raise Http404
    return session


def enrolments_of(employee) -> list[Enrolment]:
    stages = Prefetch("program__stages", queryset=ProgramStage.objects.order_by("order"))
    results = Prefetch("stage_results", queryset=StageResult.objects.order_by("stage__order", "attempt"))
    return list(Enrolment.objects.filter(employee=employee).select_related("program", "program__course")
                .prefetch_related(stages, results))


def enrolment_quarter(enrolment: Enrolment) -> str:
    """The quarter an enrolment belongs to: its rule's period, else the quarter it was made in."""
    return enrolment.period or period_of(enrolment.enrolled_on, QUARTER).code


def enrolment_rows(employee) -> list[dict]:
    """The person's enrolments by quarter, newest first, each program once a quarter: when a rule and a choice
    (or an assignment) enrolled the person in the same program in the same quarter, the mandatory one stands and
    the others are named beside it (`also`). Rows: enrolment, quarter, stages, also."""
    rows: dict[tuple, dict] = {}
    for e in sorted(enrolments_of(employee), key=lambda e: (not e.mandatory, e.enrolled_on, e.pk)):
        key = (enrolment_quarter(e), e.program_id)
        if key in rows:
            rows[key]["also"].append(e)
        else:
            rows[key] = {"enrolment": e, "quarter": key[0], "stages": stage_progress(e), "also": []}
    return sorted(rows.values(), key=lambda r: (r["quarter"], r["enrolment"].enrolled_on), reverse=True)


def stage_progress(enrolment: Enrolment) -> list[dict]:
    """Each stage of the program with its attempts and whether it is passed (from prefetched rows)."""
    by_stage: dict[int, list[StageResult]] = {}
    for r in enrolment.stage_results.all():
        by_stage.setdefault(r.stage_id, []).append(r)
    return [{"stage": s, "attempts": by_stage.get(s.pk, []),
             "passed": any(r.passed for r in by_stage.get(s.pk, []))} for s in enrolment.program.stages.all()]


def credits_ledger(employee) -> list[dict]:
    """Every completion with its credits and the running total, oldest first (the credits ledger)."""
    total, rows = Decimal(0), []
    for c in CourseCompletion.objects.filter(employee=employee).select_related("course")\
            .order_by("completed_on", "pk"):
        total += c.credits
        rows.append({"completion": c, "balance": total})
    return rows


def completions_of(employee) -> list[CourseCompletion]:
    """A person's completed courses, newest first (the growth file). The caller has checked that the user may
    open the person."""
    return list(CourseCompletion.objects.filter(employee=employee).select_related("course").order_by("-completed_on"))


def upcoming_sessions(employee, now: datetime.datetime, limit: int = 10) -> list[Attendance]:
    return list(Attendance.objects.filter(employee=employee, session__ends_at__gte=now)
                .select_related("session", "session__event").order_by("session__starts_at")[:limit])


def sessions_to_rate(employee) -> list[Attendance]:
    return list(Attendance.objects.filter(employee=employee, session__state=TrainingSession.State.HELD,
                                          status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
                                          rating__isnull=True)
                .select_related("session", "session__event").order_by("-session__starts_at")[:20])


def attendance_summary(employee) -> dict:
    rows = Attendance.objects.filter(employee=employee).exclude(status="").values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def session_ratings(session_ids) -> dict[int, dict]:
    rows = (Attendance.objects.filter(session_id__in=session_ids, rating__isnull=False)
            .values("session_id").annotate(avg=Avg("rating"), n=Count("id")))
    return {r["session_id"]: r for r in rows}


def runs() -> list[DifferentiationRun]:
    return list(DifferentiationRun.objects.select_related("created_by")[:20])


def run_for(user, pk: int | None) -> DifferentiationRun | None:
    if not can_view_differentiation(user):
        raise Http404
    qs = DifferentiationRun.objects.all()
    if pk is None:
        return qs.first()
    run = qs.filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def rule_enrolments(user, quarter: str) -> QuerySet:
    """The enrolments the differentiated-training rule made for a quarter, of the people the user sees."""
    return (Enrolment.objects.filter(kind=Enrolment.Kind.RULE, period=quarter,
                                     employee__in=scoping.people_served_by(user))
            .select_related("employee", "employee__team", "program").order_by("-mandatory", "program__code",
                                                                              "employee__employee_no"))


# Who records stage results: trainers and managers of the trainee's center, HR.
RESULT_ROLES = {Role.TRAINER, Role.CENTER_MANAGER, Role.HR_ADMIN}


def can_record_results(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in RESULT_ROLES)


def program_enrolments(user, program: Program) -> list[Enrolment]:
    """A program's open and recent enrolments of the people the user sees, with stages and results prefetched."""
    stages = Prefetch("program__stages", queryset=ProgramStage.objects.order_by("order"))
    results = Prefetch("stage_results", queryset=StageResult.objects.order_by("stage__order", "attempt"))
    return list(Enrolment.objects.filter(program=program, employee__in=scoping.people_served_by(user))
                .select_related("employee", "employee__team", "program").prefetch_related(stages, results)
                .order_by("status", "employee__employee_no")[:500])


def enrolment_for(user, pk) -> Enrolment:
    enrolment = Enrolment.objects.filter(pk=pk, employee__in=scoping.people_served_by(user))\
        .select_related("program", "program__course").first()
    if enrolment is None or not can_record_results(user):
        raise Http404
    return enrolment


def stage_of(enrolment: Enrolment, pk) -> ProgramStage:
    """A stage of the enrolment's program (404 for any other)."""
    stage = enrolment.program.stages.filter(pk=pk or 0).first()
    if stage is None:
        raise Http404
    return stage


def session_visible_to(user, pk) -> TrainingSession:
    """One session the user sees (sessions_visible_to); any other is 404."""
    session = sessions_visible_to(user).filter(pk=pk or 0).first()
    if session is None:
        raise Http404
    return session


def first_session_of(event) -> TrainingSession | None:
    return event.sessions.order_by("starts_at").first()


def next_stage(enrolment: Enrolment, progress: list[dict]):
    return next((p["stage"] for p in progress if not p["passed"]), None)


# The programs a person may choose themselves; pre-job, management and trainer programs are assigned.
SELF_CHOSEN_CATEGORIES = [Category.SPECIALIZED, Category.ON_JOB]


def programs_offered_to(employee) -> QuerySet:
    """The programs offered to a person to choose (seed 002 §3.4–3.5: on-job and specialized training)."""
    return Program.objects.filter(category__in=SELF_CHOSEN_CATEGORIES)


def open_programs(employee) -> list[Program]:
    """Programs offered to a person that they are not enrolled in."""
    return list(programs_offered_to(employee).exclude(
        enrolments__employee=employee, enrolments__status=Enrolment.Status.ENROLLED).order_by("code"))


def trainee_for(user, employee_no: str):
    """Someone a trainer, manager or HR may enrol in a program: a person of the centers they serve
    (org.scoping.people_served_by); 404 otherwise."""
    employee = scoping.people_served_by(user).filter(employee_no=employee_no).first() \
        if can_record_results(user) else None
    if employee is None:
        raise Http404
    return employee


def marked_counts(session: TrainingSession) -> dict:
    row = Attendance.objects.filter(session=session).aggregate(total=Count("id"), marked=Count("id", filter=~Q(
        status="")))
    return {"marked": row["marked"], "total": row["total"]}


SESSION_LIST_LIMIT = 200


def my_sessions(employee, now: datetime.datetime, upcoming: bool) -> list[Attendance]:
    """A person's sessions (their attendance rows): the next ones first, or the past ones latest first."""
    qs = Attendance.objects.filter(employee=employee).select_related("session", "session__event")
    qs = qs.filter(session__ends_at__gte=now).order_by("session__starts_at") if upcoming else \
        qs.filter(session__ends_at__lt=now).order_by("-session__starts_at")
    return list(qs[:SESSION_LIST_LIMIT])


def session_list(user, now: datetime.datetime, upcoming: bool) -> list[TrainingSession]:
    """The sessions the user sees (sessions_visible_to), next first or past latest first, with how many are on
    the list, how many are marked, and the mean rating; one query."""
    qs = sessions_visible_to(user).annotate(
        listed=Count("attendances"), marked=Count("attendances", filter=~Q(attendances__status="")),
        rated=Count("attendances", filter=Q(attendances__rating__isnull=False)),
        avg_rating=Avg("attendances__rating"))
    qs = qs.filter(ends_at__gte=now).order_by("starts_at") if upcoming else \
        qs.filter(ends_at__lt=now).order_by("-starts_at")
    return list(qs[:SESSION_LIST_LIMIT])


def sessions_owned_by(user) -> QuerySet:
    """The sessions of the events a trainer owns, with how many are on the list and how many are marked."""
    return (TrainingSession.objects.filter(event__owner=user).select_related("event", "event__team", "event__center")
            .annotate(listed=Count("attendances"), marked=Count("attendances", filter=~Q(attendances__status=""))))
