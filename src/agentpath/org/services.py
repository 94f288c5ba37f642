"""Writes about people: hiring, moves and exits. Every move is an EmploymentEvent (DOMAIN.md C2)."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.errors import Conflict, Forbidden, Invalid

from . import scoping
from .exits import REASONS, TYPE_WORDS, describe
from .history import assignments_on
from .models import Employee, EmploymentEvent, ExitReason, ExitRecord, LeavePeriod, check_position_fits_level
from .signals import employees_hired


def new_hire(*, employee_no: str, name: str, center, level, grade: int, hire_date: datetime.date, team=None,
             position=None, manager=None, cause: str = "", **personal) -> tuple[Employee, EmploymentEvent]:
    """The hire rule, unsaved: the grade must lie in the level's band; the hire event starts the tenure and the
    stay in the level on the hire date. hire_employee saves one; the roster import saves thousands in bulk."""
    if not level.contains_grade(grade):
        raise ValidationError(_("Grade %(g)s is outside the band %(band)s of level %(level)s.")
                              % {"g": grade, "band": level.grade_band, "level": level.name})
    check_position_fits_level(position, level)
    employee = Employee(employee_no=employee_no, name=name, center=center, team=team, position=position, level=level,
                        grade=grade, hire_date=hire_date, manager=manager, **personal)
    event = EmploymentEvent(employee=employee, kind=EmploymentEvent.Kind.HIRE, effective_date=hire_date,
                            to_level=level, to_position=position, to_grade=grade, to_team=team, to_center=center,
                            cause=cause or _("hire"))
    return employee, event


@transaction.atomic
def hire_employee(**hire) -> Employee:
    """Create an employee and the hire event that starts their tenure and their stay in the level (new_hire)."""
    employee, event = new_hire(**hire)
    employee.save(force_insert=True)
    event.save(force_insert=True)  # the employee's new id is taken from event.employee
    employees_hired.send(sender=Employee, employees=[employee])  # development: the 90-day plan (seed 003)
    return employee


def classify_move(employee: Employee, *, level, position=None, grade: int, team=None, center=None) -> str | None:
    """Which event a change of someone's record is, or None when nothing changes. Another level in the same
    track is a promotion or demotion by the level's order; another track is a lateral move; another position
    at the same level is a rotation (轮岗, months in level go on); then a grade step; then a team or center
    change. The roster import and every other caller that infers the kind use this one rule."""
    if level.id != employee.level_id:
        if level.track_id != employee.level.track_id:
            return EmploymentEvent.Kind.LATERAL
        return EmploymentEvent.Kind.PROMOTION if level.order > employee.level.order else EmploymentEvent.Kind.DEMOTION
    if position is not None and position.id != employee.position_id:
        return EmploymentEvent.Kind.ROTATION
    if grade != employee.grade:
        return EmploymentEvent.Kind.GRADE_STEP
    if (team is not None and team.id != employee.team_id) or (center is not None and center.id != employee.center_id):
        return EmploymentEvent.Kind.TEAM_CHANGE
    return None


def _latest_event(employee: Employee, effective_date: datetime.date) -> EmploymentEvent:
    """The event a new one follows. History is appended to, never rewritten: a move dated before the person's
    latest event (a scheduled one included) is refused, as is one after their exit."""
    latest = employee.events.order_by("-effective_date", "-id").first()
    if latest is None:
        raise ValidationError(_("%(name)s has no hire event; hire them through the roster import or the hire "
                                "service first.") % {"name": employee.name})
    if latest.kind == EmploymentEvent.Kind.EXIT:
        raise ValidationError(_("%(name)s left on %(d)s.") % {"name": employee.name, "d": latest.effective_date})
    if effective_date < latest.effective_date:
        raise ValidationError(_("%(name)s has a later move (%(kind)s) on %(d)s; record this one on or after that "
                                "date, or cancel that move first.")
                              % {"name": employee.name, "kind": latest.get_kind_display(), "d": latest.effective_date})
    return latest


@transaction.atomic
def record_move(employee: Employee, *, kind: str, effective_date: datetime.date, level=None, position=None,
                grade: int | None = None, team=None, center=None, cause: str = "", decision_ref: str = "",
                today: datetime.date | None = None) -> EmploymentEvent:
    """Record a promotion, demotion, lateral move, grade step, rotation, team or center change (DOMAIN.md C2).

    Unchanged parts keep the value in force; a new team brings its center. A move to another level takes the
    position given, which must be one of that level, or none: a position never outlives its level. A move
    dated after today is scheduled: it is in the history at once, so every evaluation as of its date sees it,
    and the employee row (the state today) changes on that date (apply_scheduled_moves)."""
    today = today or timezone.localdate()
    if effective_date < employee.hire_date:
        raise ValidationError(_("The move's date %(d)s is before the hire date %(h)s.")
                              % {"d": effective_date, "h": employee.hire_date})
    now = _latest_event(employee, effective_date)
    new_level = level or now.to_level
    new_grade = grade if grade is not None else now.to_grade
    level_changes = new_level.id != now.to_level_id
    new_position = position if position is not None or level_changes else now.to_position
    new_team = team if team is not None else now.to_team
    new_center = center or (team.center if team is not None else now.to_center)
    if not new_level.contains_grade(new_grade):
        raise ValidationError(_("Grade %(g)s is outside the band %(band)s of level %(level)s.")
                              % {"g": new_grade, "band": new_level.grade_band, "level": new_level.name})
    check_position_fits_level(new_position, new_level)
    if new_team is not None and new_team.center_id != new_center.id:
        raise ValidationError(_("Team %(t)s is not in center %(c)s.") % {"t": new_team.name, "c": new_center.name})
    scheduled = effective_date > today
    event = EmploymentEvent.objects.create(
        employee=employee, kind=kind, effective_date=effective_date, scheduled=scheduled,
        from_level_id=now.to_level_id, to_level=new_level, from_position_id=now.to_position_id,
        to_position=new_position, from_grade=now.to_grade, to_grade=new_grade, from_team_id=now.to_team_id,
        to_team=new_team, from_center_id=now.to_center_id, to_center=new_center, cause=cause,
        decision_ref=decision_ref)
    if not scheduled:
        employee.level, employee.grade, employee.position = new_level, new_grade, new_position
        employee.team, employee.center = new_team, new_center
    employee.save()  # also the personal fields a caller (the roster import) has set
    return event


@transaction.atomic
def record_exit(employee: Employee, *, effective_date: datetime.date, cause: str = "",
                today: datetime.date | None = None, exit_type: str = "", reason: ExitReason | str | None = None,
                last_working_day: datetime.date | None = None, regretted: bool | None = None,
                interview_notes: str = "") -> EmploymentEvent:
    """Record an exit and its facts (C11: type, reason, last working day, regretted, interview notes); one dated
    after today is scheduled like a move and applied on its date. A type or reason not given is read from a
    cause written as exits.cause_text writes it ("主动离职: 工作压力大"); the cause carries them in words too,
    so the roster's export and re-import read alike. The one writer of exits: roster import, admin, form, API."""
    today = today or timezone.localdate()
    if employee.status == Employee.Status.EXITED or employee.events.filter(kind=EmploymentEvent.Kind.EXIT).exists():
        raise Conflict(_("The exit of %(name)s is recorded already; correct its facts instead.")
                       % {"name": employee.name}, code="already_exited")
    reason = exit_reason_named(reason) if isinstance(reason, str) and reason else (reason or None)
    if not exit_type and reason is None and cause:
        facts = describe(cause)
        exit_type = facts.kind or ""
        reason = exit_reason_named(facts.reason.code) if facts.reason else None
    exit_type = check_exit_facts(exit_type, reason, last_working_day, effective_date)
    if not cause and (exit_type or reason is not None):
        cause = f"{TYPE_WORDS.get(exit_type, '离职')}: {reason.word}" if reason else TYPE_WORDS.get(exit_type, "")
    now = _latest_event(employee, effective_date)
    scheduled = effective_date > today
    event = EmploymentEvent.objects.create(employee=employee, kind=EmploymentEvent.Kind.EXIT,
                                           effective_date=effective_date, scheduled=scheduled,
                                           from_level_id=now.to_level_id, from_position_id=now.to_position_id,
                                           from_grade=now.to_grade, from_team_id=now.to_team_id,
                                           from_center_id=now.to_center_id, cause=cause)
    ExitRecord.objects.create(event=event, exit_type=exit_type, reason=reason, last_working_day=last_working_day,
                              regretted=regretted, interview_notes=interview_notes)
    if not scheduled:
        employee.status = Employee.Status.EXITED
        employee.exit_date = effective_date
        employee.save(update_fields=["status", "exit_date"])
    return event


def check_exit_facts(exit_type: str, reason: ExitReason | None, last_working_day, effective_date) -> str:
    """The exit's type (the reason's own when none is given), refused when the facts contradict each other."""
    exit_type = exit_type or (reason.kind if reason is not None else "")
    if exit_type and exit_type not in ExitReason.Kind.values:
        raise Invalid(_("Unknown exit type %(t)s. Accepted: %(ok)s.")
                      % {"t": exit_type, "ok": ", ".join(ExitReason.Kind.values)}, code="unknown_exit_type")
    if reason is not None and reason.kind and exit_type and reason.kind != exit_type:
        raise Invalid(_("The reason %(reason)s is a %(its)s exit, not a %(kind)s one.")
                      % {"reason": reason.word, "its": ExitReason.Kind(reason.kind).label,
                         "kind": ExitReason.Kind(exit_type).label}, code="reason_of_other_type")
    if last_working_day is not None and last_working_day > effective_date:
        raise Invalid(_("The last working day %(day)s is after the exit date %(exit)s.")
                      % {"day": last_working_day, "exit": effective_date}, code="last_day_after_exit")
    return exit_type


@transaction.atomic
def update_exit_facts(record: ExitRecord, *, exit_type: str, reason: ExitReason | None, last_working_day,
                      regretted: bool | None, interview_notes: str) -> ExitRecord:
    """HR corrects a recorded exit's facts (the admin): the rules of record_exit; the cause's words follow."""
    record.exit_type = check_exit_facts(exit_type, reason, last_working_day, record.event.effective_date)
    record.reason, record.last_working_day = reason, last_working_day
    record.regretted, record.interview_notes = regretted, interview_notes
    record.save()
    if record.exit_type or reason is not None:
        word = TYPE_WORDS.get(record.exit_type, "")
        EmploymentEvent.objects.filter(pk=record.event_id).update(cause=f"{word}: {reason.word}" if reason else word)
    return record


def exit_reason_named(name: str) -> ExitReason:
    """An active exit reason by its code or its Chinese term (the list HR edits)."""
    found = ExitReason.objects.filter(Q(code=name.strip()) | Q(word=name.strip()), active=True).first()
    if found is None:
        raise Invalid(_("Unknown exit reason %(r)s. Accepted: %(ok)s.")
                      % {"r": name, "ok": ", ".join(ExitReason.objects.filter(active=True)
                                                     .values_list("code", flat=True))}, code="unknown_exit_reason")
    return found


def amend_exit_cause(event_id: int, cause: str) -> None:
    """A recorded exit's type and reason restated by the roster (storing._completed_cause): cause and record."""
    facts = describe(cause)
    reason = exit_reason_named(facts.reason.code) if facts.reason else None
    EmploymentEvent.objects.filter(pk=event_id).update(cause=cause)
    ExitRecord.objects.update_or_create(event_id=event_id,
                                        defaults={"exit_type": facts.kind or "", "reason": reason})


@transaction.atomic
def cancel_scheduled_move(event: EmploymentEvent) -> None:
    """Withdraw a move or exit recorded ahead of its date, before it takes effect. Only the person's latest
    event can go (a later one was recorded on top of it); an applied move is history and stays."""
    if not event.scheduled:
        raise ValidationError(_("The %(kind)s of %(d)s has taken effect; record a new move instead.")
                              % {"kind": event.get_kind_display(), "d": event.effective_date})
    latest = event.employee.events.order_by("-effective_date", "-id").first()
    if latest.pk != event.pk:
        raise ValidationError(_("A later move (%(kind)s on %(d)s) was recorded after this one; cancel it first.")
                              % {"kind": latest.get_kind_display(), "d": latest.effective_date})
    event.delete()


@transaction.atomic
def apply_scheduled_moves(today: datetime.date | None = None) -> int:
    """Bring the employee rows of everyone with a scheduled move or exit due by `today` to the state in force
    today (org.history), set-based; returns how many people changed. Run daily (the command
    `agentpath apply-scheduled-moves`, and the background worker's daily task org.tasks)."""
    today = today or timezone.localdate()
    due = list(EmploymentEvent.objects.select_for_update().filter(scheduled=True, effective_date__lte=today)
               .values_list("id", "employee_id", "kind", "effective_date"))
    if not due:
        return 0
    ids = {employee_id for _id, employee_id, _kind, _date in due}
    in_force = assignments_on(today, ids)
    exits = {employee_id: day for _id, employee_id, kind, day in due if kind == EmploymentEvent.Kind.EXIT}
    people = list(Employee.objects.filter(id__in=ids))
    for person in people:
        now = in_force.get(person.id)
        if now is not None:
            person.level_id, person.position_id, person.grade = now.level_id, now.position_id, now.grade
            person.team_id, person.center_id = now.team_id, now.center_id
        elif person.id in exits:
            person.status, person.exit_date = Employee.Status.EXITED, exits[person.id]
    Employee.objects.bulk_update(people, ["level", "position", "grade", "team", "center", "status", "exit_date"],
                                 batch_size=1000)
    Employee.history.bulk_history_create(people, batch_size=1000)
    EmploymentEvent.objects.filter(id__in=[event_id for event_id, *_rest in due]).update(scheduled=False)
    return len(people)


@transaction.atomic
def record_leave(employee: Employee, *, kind: str, start: datetime.date, end: datetime.date | None = None,
                 note: str = "") -> LeavePeriod:
    """Record a period of leave (start and end included; no end while it lasts). Periods of one person do not
    overlap, so no day is taken out twice (org.leave decides which leave does not count)."""
    if end is not None and end < start:
        raise ValidationError(_("The leave ends on %(e)s, before it starts on %(s)s.") % {"e": end, "s": start})
    if start < employee.hire_date:
        raise ValidationError(_("The leave starts on %(s)s, before the hire date %(h)s.")
                              % {"s": start, "h": employee.hire_date})
    overlapping = LeavePeriod.objects.filter(employee=employee).filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    clash = overlapping.first()
    if clash is not None:
        raise ValidationError(_("%(name)s is already on leave from %(s)s to %(e)s.")
                              % {"name": employee.name, "s": clash.start, "e": clash.end or "…"})
    return LeavePeriod.objects.create(employee=employee, kind=kind, start=start, end=end, note=note)


def load_default_exit_reasons() -> int:
    """The seed-004 list of exit reasons (org.exits.REASONS), added where missing; HR edits it afterwards.
    The data migration 0010 writes the same list into a new database."""
    existing = set(ExitReason.objects.values_list("code", flat=True))
    ExitReason.objects.bulk_create([ExitReason(code=r.code, word=r.word, label=str(r.label), kind=r.kind or "")
                                    for r in REASONS if r.code not in existing])
    return len(REASONS) - len(existing & {r.code for r in REASONS})


def check_may_import_roster(user) -> None:
    """HR imports rosters and the centers and teams (org.scoping.can_import_roster); everybody else is refused alike
    on the import pages and by the API (403)."""
    if not scoping.can_import_roster(user):
        raise Forbidden(_("Only HR may import rosters."))
