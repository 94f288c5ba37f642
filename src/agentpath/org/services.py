"""Writes about people: hiring, moves and exits. Every move is an EmploymentEvent (DOMAIN.md C2)."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agentpath.development.services import create_onboarding_plans

from .models import Employee, EmploymentEvent


def new_hire(*, employee_no: str, name: str, center, level, grade: int, hire_date: datetime.date, team=None,
             position=None, manager=None, cause: str = "", **personal) -> tuple[Employee, EmploymentEvent]:
    """The hire rule, unsaved: the grade must lie in the level's band; the hire event starts the tenure and the
    stay in the level on the hire date. hire_employee saves one; the roster import saves thousands in bulk."""
    if not level.contains_grade(grade):
        raise ValidationError(_("Grade %(g)s is outside the band %(band)s of level %(level)s.")
                              % {"g": grade, "band": level.grade_band, "level": level.name})
    employee = Employee(employee_no=employee_no, name=name, center=center, team=team, position=position, level=level,
                        grade=grade, hire_date=hire_date, manager=manager, **personal)
    event = EmploymentEvent(employee=employee, kind=EmploymentEvent.Kind.HIRE, effective_date=hire_date,
                            to_level=level, to_position=position, to_grade=grade, to_team=team,
                            cause=cause or _("hire"))
    return employee, event


@transaction.atomic
def hire_employee(**hire) -> Employee:
    """Create an employee and the hire event that starts their tenure and their stay in the level (new_hire)."""
    employee, event = new_hire(**hire)
    employee.save(force_insert=True)
    event.save(force_insert=True)  # the employee's new id is taken from event.employee
    create_onboarding_plans([employee])  # seed 003: the new hire's 90-day skills plan
    return employee


@transaction.atomic
def record_move(employee: Employee, *, kind: str, effective_date: datetime.date, level=None, position=None,
                grade: int | None = None, team=None, cause: str = "", decision_ref: str = "") -> EmploymentEvent:
    """Record a promotion, demotion, lateral move, grade step, rotation or team change and apply it to the
    employee's current state. Unchanged parts keep their current value."""
    new_level = level or employee.level
    new_grade = grade if grade is not None else employee.grade
    if not new_level.contains_grade(new_grade):
        raise ValidationError(_("Grade %(g)s is outside the band %(band)s of level %(level)s.")
                              % {"g": new_grade, "band": new_level.grade_band, "level": new_level.name})
    if effective_date < employee.hire_date:
        raise ValidationError(_("The move's date %(d)s is before the hire date %(h)s.")
                              % {"d": effective_date, "h": employee.hire_date})
    event = EmploymentEvent.objects.create(
        employee=employee, kind=kind, effective_date=effective_date,
        from_level=employee.level, to_level=new_level, from_position=employee.position,
        to_position=position if position is not None else employee.position,
        from_grade=employee.grade, to_grade=new_grade, from_team=employee.team,
        to_team=team if team is not None else employee.team, cause=cause, decision_ref=decision_ref)
    employee.level = new_level
    employee.grade = new_grade
    if position is not None:
        employee.position = position
    if team is not None:
        employee.team = team
    employee.save()
    return event


@transaction.atomic
def record_exit(employee: Employee, *, effective_date: datetime.date, cause: str = "") -> EmploymentEvent:
    event = EmploymentEvent.objects.create(employee=employee, kind=EmploymentEvent.Kind.EXIT,
                                           effective_date=effective_date, from_level=employee.level,
                                           from_team=employee.team, cause=cause)
    employee.status = Employee.Status.EXITED
    employee.exit_date = effective_date
    employee.save(update_fields=["status", "exit_date"])
    return event
