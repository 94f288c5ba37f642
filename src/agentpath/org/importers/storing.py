"""Storing the good rows: new people hired set-based by the rule of services.new_hire; known people updated,
each change of level, position, grade or team an event through services.record_move, effective today; an exit
(离职日期, or the status 离职: today) an event through services.record_exit, once: a person whose exit is
recorded keeps it (only its type and reason may be completed)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agentpath.common.errors import Invalid
from agentpath.common.spreadsheets import ImportReport, RowError

from ..exits import ExitFacts, cause_text, describe
from ..models import Employee, EmploymentEvent
from ..services import amend_exit_cause, classify_move, new_hire, record_exit, record_move
from ..signals import employees_hired
from .columns import PERSONAL_FIELDS, RosterRow
from .rules import LOOKUP_CHUNK, Lookups

BULK_BATCH = 1000  # rows per bulk INSERT or UPDATE (the backend may lower it to fit its parameter limit)
MAX_WAVES = 8  # levels of a hierarchy inserted manager-first; deeper ones get their managers by one UPDATE


class RowFailed(Exception):
    def __init__(self, error: RowError):
        self.error = error


def store(good: list[RosterRow], lookups: Lookups, today, report: ImportReport, progress) -> None:
    """New people are hired set-based, a few statements per thousand rows; known people are updated one by
    one, as changes are rarer and each may become an event."""
    total, done = len(good), 0
    cause = _("roster import")

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    new_rows = [row for row in good if row.values["employee_no"] not in lookups.employees]
    ids = _hire_all(new_rows, {no: e.id for no, e in lookups.employees.items()}, cause, advance)
    report.created = len(new_rows)
    _exit_new_people([row for row in new_rows if "exit_date" in row.values], today, cause, report)
    known_rows = [row for row in good if row.values["employee_no"] in lookups.employees]
    for i in range(0, len(known_rows), LOOKUP_CHUNK):
        chunk = known_rows[i:i + LOOKUP_CHUNK]
        people = lookups.people([row.values["employee_no"] for row in chunk])
        for row in chunk:
            v = row.values
            manager_id = ids.get(v["manager_no"]) if v.get("manager_no") else None
            try:
                changed = _update(people[v["employee_no"]], v, manager_id, today, cause,
                                  lookups.employees[v["employee_no"]].exit, report)
            except ValidationError as exc:
                raise RowFailed(RowError(row.line, row.header("employee_no"), v["employee_no"],
                                         " ".join(exc.messages))) from exc
            except Invalid as exc:  # an exit reason HR has since retired
                raise RowFailed(RowError(row.line, row.header("exit_reason"), row.text("exit_reason"),
                                         exc.message)) from exc
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
            advance(1)


def _hire_all(rows: list[RosterRow], ids: dict[str, int], cause: str, advance) -> dict[str, int]:
    """Hire every row by the rule of services.new_hire, set-based; returns `ids` (employee number -> id) with
    the new people added.

    Managers are inserted before the people who report to them, so each INSERT carries the manager ids: one
    wave per level of the hierarchy within the file; a deeper hierarchy, or people naming each other, are
    inserted last and linked by one UPDATE. The people, their hire events and history rows are built and
    written a batch at a time, so memory does not grow with the file."""
    by_no = {row.values["employee_no"]: row for row in rows}
    waiting = {no: row.values["manager_no"] for no, row in by_no.items()
               if row.values.get("manager_no") and row.values["manager_no"] not in ids}
    wave = [row for no, row in by_no.items() if no not in waiting]
    for _level in range(MAX_WAVES):
        if not wave:
            break
        _insert(wave, ids, cause, advance)
        ready = [no for no, manager_no in waiting.items() if manager_no in ids]
        wave = [by_no[no] for no in ready]
        for no in ready:
            del waiting[no]
    rest = wave + [by_no[no] for no in waiting]
    if rest:  # stored without their managers, then linked
        _insert(rest, ids, cause, advance, link_later=True)
    return ids


def _hire(row: RosterRow, ids: dict[str, int], cause: str) -> tuple[Employee, EmploymentEvent]:
    v = row.values
    personal = {k: v[k] for k in ("education", "phone", "id_number", "email", "status") if v.get(k)}
    if personal.get("status") == Employee.Status.EXITED:
        del personal["status"]  # hired active; the exit is recorded next (_exit_new_people)
    try:
        employee, event = new_hire(employee_no=v["employee_no"], name=v["name"], center=v["center"],
                                   level=v["level"], grade=v["grade"], hire_date=v["hire_date"], team=v.get("team"),
                                   position=v.get("position"), cause=cause, **personal)
    except ValidationError as exc:
        raise RowFailed(RowError(row.line, row.header("employee_no"), v["employee_no"],
                                 " ".join(exc.messages))) from exc
    employee.manager_id = ids.get(v.get("manager_no")) if v.get("manager_no") else None
    return employee, event


def _insert(rows: list[RosterRow], ids: dict[str, int], cause: str, advance, link_later: bool = False) -> None:
    """INSERT the people, their creation history and hire events, a batch at a time; record their ids."""
    for i in range(0, len(rows), BULK_BATCH):
        batch = rows[i:i + BULK_BATCH]
        hires = [_hire(row, ids, cause) for row in batch]
        people = [employee for employee, _event in hires]
        Employee.objects.bulk_create(people)  # sets their ids (PostgreSQL; SQLite from 3.35)
        ids.update((employee.employee_no, employee.id) for employee in people)
        if not link_later:
            Employee.history.bulk_history_create(people, batch_size=BULK_BATCH)
        EmploymentEvent.objects.bulk_create([event for _employee, event in hires])  # ids from event.employee
        employees_hired.send(sender=Employee, employees=people)  # development: 90-day plans, one insert per batch
        advance(len(batch))
    if link_later:
        _link_managers(rows, ids)


def _link_managers(rows: list[RosterRow], ids: dict[str, int]) -> None:
    """The people stored before their managers: set each one's manager, then write their creation history."""
    manager_of = {row.values["employee_no"]: row.values.get("manager_no") for row in rows}
    nos = list(manager_of)
    for i in range(0, len(nos), BULK_BATCH):
        people = list(Employee.objects.filter(employee_no__in=nos[i:i + BULK_BATCH]))
        for employee in people:
            manager_no = manager_of[employee.employee_no]
            employee.manager_id = ids.get(manager_no) if manager_no else None
        Employee.objects.bulk_update(people, ["manager"], batch_size=BULK_BATCH)
        Employee.history.bulk_history_create(people, batch_size=BULK_BATCH)


def _exit_new_people(rows: list[RosterRow], today, cause: str, report: ImportReport) -> None:
    """New people who had left by the roster's date: the exit event follows their hire event."""
    people = {}
    nos = [row.values["employee_no"] for row in rows]
    for i in range(0, len(nos), LOOKUP_CHUNK):
        people.update((e.employee_no, e) for e in Employee.objects.filter(employee_no__in=nos[i:i + LOOKUP_CHUNK]))
    for row in rows:
        _record_exit(row, people[row.values["employee_no"]], row.values["exit_date"], today, cause)
        report.exits += 1


def _record_exit(row: RosterRow, employee: Employee, day, today, cause: str) -> None:
    try:
        record_exit(employee, effective_date=day, cause=row.values.get("exit_cause") or cause, today=today)
    except ValidationError as exc:
        raise RowFailed(RowError(row.line, row.header("exit_date"), row.text("exit_date"),
                                 " ".join(exc.messages))) from exc
    except Invalid as exc:  # an exit reason HR has since retired
        raise RowFailed(RowError(row.line, row.header("exit_reason"), row.text("exit_reason"), exc.message)) from exc


def _update(employee: Employee, v: dict, manager_id: int | None, today, cause: str, recorded_exit,
            report: ImportReport) -> bool:
    """Apply one row to a known person; True when anything changed. `recorded_exit` is the person's exit
    already recorded ((date, cause, event id), or None): never recorded twice."""
    dirty = []
    for name in PERSONAL_FIELDS:
        if name in v and getattr(employee, name) != v[name]:
            dirty.append(name)
    if manager_id is not None and employee.manager_id != manager_id:
        employee.manager_id = manager_id
        dirty.append("manager")
    new_status = v.get("status")
    leaving = new_status == Employee.Status.EXITED or "exit_date" in v
    exiting = leaving and recorded_exit is None and employee.status != Employee.Status.EXITED
    if recorded_exit is not None and leaving:
        new_status = None  # the recorded exit stands (a scheduled one applies on its date)
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
    level, position, grade, team, center = v["level"], v.get("position"), v["grade"], v.get("team"), v["center"]
    kind = classify_move(employee, level=level, position=position, grade=grade, team=team, center=center)
    if kind:  # a center change is a move too: record_move keeps it in the history
        record_move(employee, kind=kind, effective_date=max(today, employee.hire_date), level=level,
                    position=position, grade=grade, team=team, center=center, cause=cause)  # saves personal fields
    elif dirty:
        employee.save()
    if exiting:
        _record_exit_of(employee, v, today, cause)
        report.exits += 1
    elif recorded_exit is not None and recorded_exit[2] is not None and leaving and v.get("exit_cause"):
        new_cause = _completed_cause(recorded_exit[1], v)
        if new_cause is not None:
            amend_exit_cause(recorded_exit[2], new_cause)
            return True
    return bool(kind or dirty or exiting)


def _completed_cause(recorded: str, v: dict) -> str | None:
    """The cause a recorded exit gets from the file's type and reason, or None when they say what it says already
    (read by meaning: "主动离职: 职业发展 (跳槽)" is the reason career), so an export imports back unchanged."""
    now = describe(recorded)
    kind, reason = v.get("exit_kind"), v.get("exit_reason")
    if (kind is None or kind == now.kind) and (reason is None or (now.reason and reason.code == now.reason.code)):
        return None
    if reason is None and now.reason is not None and now.reason.kind not in (None, kind):
        now = ExitFacts(kind, None, "")  # the other type: the old reason does not fit it
    return cause_text(kind or now.kind, reason or now.reason)


def _record_exit_of(employee: Employee, v: dict, today, cause: str) -> None:
    """The exit of a known person (a refusal is a ValidationError, reported on the row by store())."""
    day = v.get("exit_date") or max(today, employee.hire_date)  # the status 离职 alone: leaving today
    record_exit(employee, effective_date=day, cause=v.get("exit_cause") or cause, today=today)
