"""Storing the good rows: new people hired set-based by the rule of services.new_hire; known people updated,
each change of level, position, grade or team an event through services.record_move, effective today."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agentpath.common.spreadsheets import ImportReport, RowError

from ..models import Employee, EmploymentEvent
from ..services import new_hire, record_exit, record_move
from .columns import PERSONAL_FIELDS, RosterRow
from .rules import Lookups

BULK_BATCH = 1000  # rows per bulk INSERT or UPDATE (the backend may lower it to fit its parameter limit)
MAX_WAVES = 8  # levels of a hierarchy inserted manager-first; deeper ones get their managers by one UPDATE


def _move_kind(employee: Employee, level, position, grade, team) -> str | None:
    """Which event a change is: level order within a track decides promotion or demotion (grade 1 is the top)."""
    if level.id != employee.level_id:
        if level.track_id != employee.level.track_id:
            return EmploymentEvent.Kind.LATERAL
        return EmploymentEvent.Kind.PROMOTION if level.order > employee.level.order else EmploymentEvent.Kind.DEMOTION
    if position is not None and position.id != employee.position_id:
        return EmploymentEvent.Kind.ROTATION  # another position at the same level: 轮岗, months-in-level go on
    if grade != employee.grade:
        return EmploymentEvent.Kind.GRADE_STEP
    if team is not None and team.id != employee.team_id:
        return EmploymentEvent.Kind.TEAM_CHANGE
    return None


class RowFailed(Exception):
    def __init__(self, error: RowError):
        self.error = error


def store(good: list[RosterRow], lookups: Lookups, today, report: ImportReport, progress) -> None:
    """New people are hired set-based, a few statements per thousand rows; known people are updated one by
    one, as changes are rarer and each may become an event."""
    by_no = dict(lookups.employees)
    total, done = len(good), 0
    cause = _("roster import")

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    new_rows = [row for row in good if row.values["employee_no"] not in by_no]
    by_no.update(_hire_all(new_rows, by_no, cause, advance))
    report.created = len(new_rows)
    for row in good:
        v = row.values
        employee = lookups.employees.get(v["employee_no"])
        if employee is None:
            continue  # hired above
        manager = by_no.get(v["manager_no"]) if v.get("manager_no") else None
        try:
            changed = _update(employee, v, manager, today, cause)
        except ValidationError as exc:
            raise RowFailed(RowError(row.line, row.header("employee_no"), v["employee_no"],
                                      " ".join(exc.messages))) from exc
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
        advance(1)


def _hire_all(rows: list[RosterRow], known: dict[str, Employee], cause: str, advance) -> dict[str, Employee]:
    """Hire every row by the rule of services.new_hire, set-based; returns the new people by employee number.

    Managers are inserted before the people who report to them, so each INSERT carries the manager ids: one
    wave per level of the hierarchy within the file. Then one creation history row each, then the hire events."""
    hires: dict[str, Employee] = {}
    events, waiting = [], []
    for row in rows:
        v = row.values
        manager_no = v.get("manager_no")
        personal = {k: v[k] for k in ("education", "phone", "id_number", "email", "status") if v.get(k)}
        try:
            employee, event = new_hire(employee_no=v["employee_no"], name=v["name"], center=v["center"],
                                       level=v["level"], grade=v["grade"], hire_date=v["hire_date"],
                                       team=v.get("team"), position=v.get("position"),
                                       manager=known.get(manager_no) if manager_no else None, cause=cause, **personal)
        except ValidationError as exc:
            raise RowFailed(RowError(row.line, row.header("employee_no"), v["employee_no"],
                                      " ".join(exc.messages))) from exc
        hires[employee.employee_no] = employee
        events.append(event)
        if manager_no and manager_no not in known:
            waiting.append((employee, manager_no))
    if not hires:
        return hires
    waiting_nos = {employee.employee_no for employee, _no in waiting}
    wave = [employee for employee in hires.values() if employee.employee_no not in waiting_nos]
    stored: set[str] = set()
    for _level in range(MAX_WAVES):
        if not wave:
            break
        _insert(wave, advance)
        stored.update(employee.employee_no for employee in wave)
        wave = [employee for employee, manager_no in waiting if manager_no in stored]
        for employee, manager_no in waiting:
            if manager_no in stored:
                employee.manager = hires[manager_no]
        waiting = [(employee, manager_no) for employee, manager_no in waiting if manager_no not in stored]
    if waiting:  # a deeper hierarchy, or people naming each other as manager: stored first, then linked
        rest = [employee for employee, _no in waiting]
        _insert(wave + rest if wave else rest, advance)
        for employee, manager_no in waiting:
            employee.manager = hires[manager_no]
        Employee.objects.bulk_update(rest, ["manager"], batch_size=BULK_BATCH)
    elif wave:
        _insert(wave, advance)
    Employee.history.bulk_history_create(list(hires.values()), batch_size=BULK_BATCH)
    EmploymentEvent.objects.bulk_create(events, batch_size=BULK_BATCH)  # employee ids come from event.employee
    return hires


def _insert(people: list[Employee], advance) -> None:
    for i in range(0, len(people), BULK_BATCH):
        batch = people[i:i + BULK_BATCH]
        Employee.objects.bulk_create(batch)  # sets their ids (PostgreSQL; SQLite from 3.35)
        advance(len(batch))


def _update(employee: Employee, v: dict, manager, today, cause: str) -> bool:
    """Apply one row to a known person; True when anything changed."""
    dirty = []
    for name in PERSONAL_FIELDS:
        if name in v and getattr(employee, name) != v[name]:
            dirty.append(name)
    if manager is not None and employee.manager_id != manager.id:
        employee.manager = manager
        dirty.append("manager")
    if v["center"].id != employee.center_id:
        employee.center = v["center"]
        dirty.append("center")
    new_status = v.get("status")
    exiting = new_status == Employee.Status.EXITED and employee.status != Employee.Status.EXITED
    if new_status and new_status != employee.status and not exiting:
        employee.status = new_status
        dirty.append("status")
        if employee.exit_date and new_status != Employee.Status.EXITED:
            employee.exit_date = None
            dirty.append("exit_date")
    old_hire_date = employee.hire_date
    for name in PERSONAL_FIELDS:
        if name in dirty:
            setattr(employee, name, v[name])
    if "hire_date" in dirty:
        EmploymentEvent.objects.filter(employee=employee, kind=EmploymentEvent.Kind.HIRE,
                                       effective_date=old_hire_date).update(effective_date=v["hire_date"])
    level, position, grade, team = v["level"], v.get("position"), v["grade"], v.get("team")
    kind = _move_kind(employee, level, position, grade, team)
    if kind:
        record_move(employee, kind=kind, effective_date=max(today, employee.hire_date), level=level,
                    position=position, grade=grade, team=team, cause=cause)  # saves the personal fields too
    elif dirty:
        employee.save()
    if exiting:
        record_exit(employee, effective_date=max(today, employee.hire_date), cause=cause)
    return bool(kind or dirty or exiting)
