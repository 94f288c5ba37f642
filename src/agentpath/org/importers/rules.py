"""The rules a roster row must follow, each in one method, checked against lookups loaded once."""
import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Position

from .. import exits
from ..models import Center, Employee, EmploymentEvent, Team
from ..validators import employee_no_problem, normal_id_number, normal_phone
from .columns import (
    BY_FIELD,
    COLUMNS,
    EXAMPLE_MARK,
    RosterRow,
    education_values,
    examples,
    norm,
    parse_date,
    status_values,
)

LOOKUP_CHUNK = 2000  # rows per IN (...) list: below every backend's parameter limit


class KnownPerson:
    """A person the file names who is already stored, as the checks need them: a few slots, so a re-import
    naming 200,000 people stays small (model instances are loaded a chunk at a time when storing)."""

    __slots__ = ("id", "employee_no", "name", "position_id", "team_id", "hire_date", "status", "_by_id",
                 "last_event_date", "exit")

    def __init__(self, id: int, employee_no: str, name: str, position_id, team_id, hire_date, status, exit_date,
                 by_id: dict):
        self.id, self.employee_no, self.name = id, employee_no, name
        self.position_id, self.team_id, self._by_id = position_id, team_id, by_id
        self.hire_date, self.status = hire_date, status
        self.last_event_date = None
        # (date, cause, event id) of the exit in force or scheduled; an exit typed in the admin without an
        # event has no id. None: the person has not left.
        self.exit = (exit_date, "", None) if status == Employee.Status.EXITED and exit_date else None

    @property
    def position(self) -> Position | None:
        return self._by_id["position"].get(self.position_id)

    @property
    def team(self) -> Team | None:
        return self._by_id["team"].get(self.team_id)


class Lookups:
    """Centers, teams, levels, positions and the people the file names: loaded once, a few queries."""

    def __init__(self, employee_nos: set[str]):
        self.centers = list(Center.objects.all())
        self.teams = list(Team.objects.select_related("center"))
        self.levels = list(Level.objects.select_related("track"))
        self.positions = list(Position.objects.select_related("level"))
        self.center_by_key = self._index(self.centers, lambda c: (c.code, c.name))
        self.level_by_key = self._index(self.levels, lambda v: (v.code, v.name, v.name_en))
        self.position_by_code = {p.code.lower(): p for p in self.positions}
        self.levels_with_positions = {p.level_id for p in self.positions}
        self.positions_by_name: dict[str, list[Position]] = {}
        for p in self.positions:
            for key in {norm(p.name), norm(p.name_en)} - {""}:
                self.positions_by_name.setdefault(key, []).append(p)
        self.team_by_code = {t.code.lower(): t for t in self.teams}
        self.teams_by_name: dict[str, list[Team]] = {}
        for t in self.teams:
            self.teams_by_name.setdefault(norm(t.name), []).append(t)
        self.by_id = {name: {obj.id: obj for obj in objs} for name, objs in (
            ("level", self.levels), ("position", self.positions), ("team", self.teams), ("center", self.centers))}
        self.employees: dict[str, KnownPerson] = {}
        nos = sorted(employee_nos)
        for i in range(0, len(nos), LOOKUP_CHUNK):
            for values in (Employee.objects.filter(employee_no__in=nos[i:i + LOOKUP_CHUNK])
                           .values_list("id", "employee_no", "name", "position_id", "team_id", "hire_date", "status",
                                        "exit_date")):
                self.employees[values[1]] = KnownPerson(*values, self.by_id)
        self._load_exits()

    def _load_exits(self) -> None:
        """Each known person's latest event date and, when that event is an exit, the exit: one query a chunk,
        so a file naming people who left can be imported again without a second exit."""
        by_id = {p.id: p for p in self.employees.values()}
        ids = sorted(by_id)
        for i in range(0, len(ids), LOOKUP_CHUNK):
            rows = (EmploymentEvent.objects.filter(employee_id__in=ids[i:i + LOOKUP_CHUNK])
                    .order_by("employee_id", "effective_date", "id")
                    .values_list("employee_id", "effective_date", "kind", "cause", "id"))
            for employee_id, day, kind, cause, event_id in rows.iterator(chunk_size=LOOKUP_CHUNK):
                person = by_id[employee_id]
                person.last_event_date = day
                if kind == EmploymentEvent.Kind.EXIT:
                    person.exit = (day, cause, event_id)
                elif person.status != Employee.Status.EXITED:
                    person.exit = None  # rehired after an earlier exit

    def people(self, employee_nos: list[str]) -> dict[str, Employee]:
        """The known people as model instances, for storing (a chunk at a time). Each points at the level,
        position, team and center objects loaded above, not at copies of its own as select_related makes."""
        found = {}
        for e in Employee.objects.filter(employee_no__in=employee_nos):
            for name, objs in self.by_id.items():
                related_id = getattr(e, f"{name}_id")
                setattr(e, name, objs[related_id] if related_id is not None else None)
            found[e.employee_no] = e
        return found

    @staticmethod
    def _index(objs, keys) -> dict[str, list]:
        index: dict[str, list] = {}
        for obj in objs:
            for key in {norm(k) for k in keys(obj) if k}:
                index.setdefault(key, []).append(obj)
        return index


class RosterValidator:
    def __init__(self, lookups: Lookups, today: datetime.date):
        self.lk = lookups
        self.today = today
        self.status_values = status_values()
        self.education_values = education_values()

    def validate(self, row: RosterRow) -> None:
        for name in (c.field for c in COLUMNS if c.required):
            if not row.text(name):
                row.error(name, _("%(col)s is empty; it is required for every row.") % {"col": row.header(name)})
        for name in row.headers:
            col, text = BY_FIELD[name], row.text(name)
            if col.max_length and len(text) > col.max_length:
                row.error(name, _("Too long (%(n)s characters); at most %(max)s are accepted.")
                          % {"n": len(text), "max": col.max_length}, kind=_("too long"))
        for name in ("employee_no", "name"):
            if row.text(name):
                row.values[name] = row.text(name)
        self._phone_and_id(row)
        problem = employee_no_problem(row.text("employee_no")) if row.text("employee_no") else None
        if problem:
            row.error("employee_no", problem, kind=_("not an employee number"))
        self._center_team(row)
        self._level_position_grade(row)
        self._dates(row)
        self._choices(row)
        self._exit(row)
        if row.text("email"):
            try:
                validate_email(row.text("email"))
                row.values["email"] = row.text("email")
            except ValidationError:
                row.error("email", _("Not a valid email address; write it like name@example.com."))
        manager_no = row.text("manager_no")
        if manager_no:
            if manager_no == row.text("employee_no"):
                row.error("manager_no", _("An employee cannot be their own manager; give the manager's "
                                          "employee number."))
            else:
                row.values["manager_no"] = manager_no

    def _one(self, matches: list, row: RosterRow, name: str, codes) -> object | None:
        if len(matches) == 1:
            return matches[0]
        if matches:
            row.error(name, _("The name is ambiguous (%(codes)s); use the code instead.")
                      % {"codes": examples(codes(m) for m in matches)})
        return None

    def _center_team(self, row: RosterRow) -> None:
        center = None
        if row.text("center"):
            matches = self.lk.center_by_key.get(norm(row.text("center")), [])
            center = self._one(matches, row, "center", lambda c: c.code)
            if not matches:
                row.error("center", _("Unknown center. Accepted: a center code or name, e.g. %(ex)s.")
                          % {"ex": examples(f"{c.code} ({c.name})" for c in self.lk.centers)})
            row.values["center"] = center
        text = row.text("team")
        if not text:
            return
        team = self.lk.team_by_code.get(text.lower())
        if team is None:
            named = self.lk.teams_by_name.get(norm(text), [])
            in_center = [t for t in named if center is not None and t.center_id == center.id]
            team = self._one(in_center or named, row, "team", lambda t: t.code)
            if not named:
                teams_here = [t for t in self.lk.teams if center is None or t.center_id == center.id]
                row.error("team", _("Unknown team. Accepted: a team code or name%(where)s, e.g. %(ex)s.")
                          % {"where": (_(" of center %(c)s") % {"c": center.name}) if center else "",
                             "ex": examples(f"{t.code} ({t.name})" for t in teams_here)})
                return
        if team is not None and center is not None and team.center_id != center.id:
            row.error("team", _("Team %(team)s belongs to center %(other)s, not to %(center)s; choose a team of "
                                "%(center)s: %(ex)s.")
                      % {"team": team.name, "other": team.center.name, "center": center.name,
                         "ex": examples(t.code for t in self.lk.teams if t.center_id == center.id)})
            return
        row.values["team"] = team

    def _level_position_grade(self, row: RosterRow) -> None:
        level = None
        if row.text("level"):
            matches = self.lk.level_by_key.get(norm(row.text("level")), [])
            level = self._one(matches, row, "level", lambda v: v.code)
            if not matches:
                row.error("level", _("Unknown level. Accepted: a level code or name, e.g. %(ex)s (all codes are "
                                     "on the template's second sheet).")
                          % {"ex": examples(f"{v.code} ({v.name})" for v in self.lk.levels)})
            row.values["level"] = level
        text = row.text("position")
        if text:
            position = self.lk.position_by_code.get(text.lower())
            if position is None:
                named = self.lk.positions_by_name.get(norm(text), [])
                at_level = [p for p in named if level is not None and p.level_id == level.id]
                position = self._one(at_level or named, row, "position", lambda p: p.code)
                if not named:
                    row.error("position", _("Unknown position. Accepted: a position code or Chinese name%(where)s, "
                                            "e.g. %(ex)s.")
                              % {"where": (_(" at level %(l)s") % {"l": level.name}) if level else "",
                                 "ex": self._positions_at(level)})
            if position is not None and level is not None and position.level_id != level.id:
                row.error("position", _("Position %(p)s is at level %(pl)s, not at %(l)s; positions at %(l)s: %(ex)s.")
                          % {"p": position.name, "pl": position.level.name, "l": level.name,
                             "ex": self._positions_at(level) or _("none")}, kind=_("position of another level"))
            elif position is not None:
                row.values["position"] = position
        text = row.text("grade")
        if text:
            try:
                grade = int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else int(text)
            except ValueError:
                row.error("grade", _("The grade must be a whole number, e.g. 7%(band)s.")
                          % {"band": (_(" (level %(l)s takes %(b)s)") % {"l": level.name, "b": level.grade_band})
                             if level else ""})
                return
            if level is not None and not level.contains_grade(grade):
                row.error("grade", _("Grade %(g)s is outside the band of level %(l)s; give a grade from %(min)s to "
                                     "%(max)s.")
                          % {"g": grade, "l": level.name, "min": level.grade_min, "max": level.grade_max},
                          kind=_("grade outside the level's band"))
                return
            row.values["grade"] = grade

    def _positions_at(self, level) -> str:
        return examples(f"{p.code} ({p.name})" for p in self.lk.positions if level is None or p.level_id == level.id)

    def _dates(self, row: RosterRow) -> None:
        text = row.text("hire_date")
        if not text:
            return
        day = parse_date(text)
        if day is None:
            row.error("hire_date", _("Not a date. Accepted: YYYY-MM-DD (e.g. 2024-03-01), YYYY/MM/DD or an Excel "
                                     "date cell."))
        elif day > self.today:
            row.error("hire_date", _("The hire date %(d)s is in the future (today is %(today)s); give the date "
                                     "the person started.") % {"d": day.isoformat(), "today": self.today.isoformat()},
                      kind=_("hire date in the future"))
        else:
            row.values["hire_date"] = day

    def _choices(self, row: RosterRow) -> None:
        for name, values, accepted in (
                ("status", self.status_values, "在职/active, 休假/leave, 离职/exited"),
                ("education", self.education_values,
                 "高中/high_school, 大专/vocational, 本科/bachelor, 硕士/master")):
            text = row.text(name)
            if not text:
                continue
            value = values.get(norm(text))
            if value is None:
                row.error(name, _("Unknown value. Accepted: %(ok)s.") % {"ok": accepted})
            else:
                row.values[name] = value

    def _phone_and_id(self, row: RosterRow) -> None:
        """A mobile number and a resident ID number, each checked once it is not too long (told already)."""
        if any(e.column == row.header(n) for e in row.errors for n in ("phone", "id_number")):
            return
        if row.text("phone"):
            phone = normal_phone(row.text("phone"))
            if phone is None:
                row.error("phone", _("Not a mobile number. Accepted: 11 digits beginning 13–19, e.g. 13800138000 "
                                     "(“+86”, spaces and dashes are allowed)."), kind=_("not a mobile number"))
            else:
                row.values["phone"] = phone
        if row.text("id_number"):
            number = normal_id_number(row.text("id_number"))
            if number is None:
                row.error("id_number", _("Not a resident ID number. Accepted: the 18-character PRC resident ID "
                                         "(17 digits with the birth date, then a check digit or X that must "
                                         "match), e.g. 440301199001011234; leave it empty for other papers."),
                          kind=_("not a resident ID number"))
            else:
                row.values["id_number"] = number

    def _exit(self, row: RosterRow) -> None:
        """Exit date, type and reason: an exit date goes with the status 离职 (or none), on or after the hire."""
        status = row.values.get("status")
        text = row.text("exit_date")
        if text:
            day, hired = parse_date(text), row.values.get("hire_date")
            if day is None:
                row.error("exit_date", _("Not a date. Accepted: YYYY-MM-DD (e.g. 2024-03-01), YYYY/MM/DD or an Excel "
                                         "date cell."))
            elif status in (Employee.Status.ACTIVE, Employee.Status.LEAVE):
                row.error("exit_date", _("An exit date goes with the status 离职 (exited), but this row says "
                                         "%(status)s. Accepted: the status 离职 or an empty status with the exit "
                                         "date; or no exit date.") % {"status": row.text("status")},
                          kind=_("exit date with another status"))
            elif hired is not None and day < hired:
                row.error("exit_date", _("The exit date %(d)s is before the hire date %(h)s. Accepted: a date on or "
                                         "after the hire date.") % {"d": day.isoformat(), "h": hired.isoformat()},
                          kind=_("exit before hire"))
            else:
                row.values["exit_date"] = day
        kind = reason = None
        if row.text("exit_type"):
            kind = exits.parse_type(row.text("exit_type"))
            if kind is None:
                row.error("exit_type", _("Unknown exit type. Accepted: %(ok)s.") % {"ok": exits.accepted_types()},
                          kind=_("unknown exit type"))
        if row.text("exit_reason"):
            reason = exits.parse_reason(row.text("exit_reason"))
            if reason is None:
                row.error("exit_reason", _("Unknown exit reason code. Accepted: %(ok)s.")
                          % {"ok": exits.accepted_reasons()}, kind=_("unknown exit reason"))
            elif kind and reason.kind and reason.kind != kind:
                row.error("exit_reason", _("%(reason)s is a reason for a %(its)s exit, but the exit type says "
                                           "%(kind)s. Accepted with %(kind)s: %(ok)s.")
                          % {"reason": reason.code, "its": exits.TYPE_LABELS[reason.kind],
                             "kind": exits.TYPE_LABELS[kind],
                             "ok": ", ".join(r.code for r in exits.REASONS if r.kind in (kind, None))},
                          kind=_("exit reason of the other type"))
                reason = None
        leaving = "exit_date" in row.values or status == Employee.Status.EXITED
        for name in ("exit_type", "exit_reason"):
            if row.text(name) and not leaving and not row.text("exit_date"):
                row.error(name, _("An exit type or reason belongs to someone who left. Accepted: give the exit "
                                  "date (离职日期) or the status 离职, or leave it empty."),
                          kind=_("exit reason without an exit"))
        if leaving and (kind or reason):
            row.values["exit_cause"] = exits.cause_text(kind, reason)
            row.values["exit_kind"], row.values["exit_reason"] = kind, reason

    def check_against_current(self, row: RosterRow, employee: KnownPerson) -> None:
        """Rules that depend on the person's current record: a level change needs a position that fits; an exit
        is recorded once, after the person's latest move."""
        self._exit_against_current(row, employee)
        level, center = row.values.get("level"), row.values.get("center")
        # A level without positions (the COLA rows F1–F3) takes none: the move clears the old one.
        if level and "position" not in row.values and employee.position_id and employee.position.level_id != level.id \
                and not row.text("position") and level.id in self.lk.levels_with_positions:
            row.error("position", _("%(name)s moves to level %(l)s but the current position %(p)s is at another "
                                    "level; give the new position: %(ex)s.")
                      % {"name": employee.name, "l": level.name, "p": employee.position.name,
                         "ex": self._positions_at(level)}, value="", kind=_("new level needs a new position"))
        if center and "team" not in row.values and employee.team_id and employee.team.center_id != center.id \
                and not row.text("team"):
            row.error("team", _("%(name)s moves to center %(c)s but the current team %(t)s is in another center; "
                                "give the new team.") % {"name": employee.name, "c": center.name,
                                                         "t": employee.team.name}, value="",
                      kind=_("new center needs a new team"))


    def _exit_against_current(self, row: RosterRow, employee: KnownPerson) -> None:
        day = row.values.get("exit_date")
        if employee.exit is not None:  # left already (or leaving on a recorded date): the same exit, or an error
            recorded = employee.exit[0]
            if day is not None and day != recorded:
                row.error("exit_date", _("%(name)s's exit is recorded on %(d)s; the file says %(f)s. Accepted: "
                                         "%(d)s (an exit is recorded once; correct it in the admin).")
                          % {"name": employee.name, "d": recorded.isoformat(), "f": day.isoformat()},
                          kind=_("another exit date"))
            return
        if day is None:
            return
        hired = row.values.get("hire_date") or employee.hire_date
        if day < hired:
            row.error("exit_date", _("The exit date %(d)s is before the hire date %(h)s. Accepted: a date on or "
                                     "after the hire date.") % {"d": day.isoformat(), "h": hired.isoformat()},
                      kind=_("exit before hire"))
        elif employee.last_event_date and day < employee.last_event_date:
            row.error("exit_date", _("%(name)s has a move recorded on %(m)s, after the exit date %(d)s. Accepted: "
                                     "a date on or after %(m)s.")
                      % {"name": employee.name, "m": employee.last_event_date.isoformat(), "d": day.isoformat()},
                      kind=_("exit before the latest move"))


def is_example(row: RosterRow) -> bool:
    """The template's example row (its employee number starts with 示例): never imported."""
    return row.text("employee_no").startswith(EXAMPLE_MARK)


def check_new_exits(parsed: list[RosterRow], lookups: Lookups) -> None:
    """A new person marked 离职 needs the day they left: without it the exit could not be dated."""
    for row in parsed:
        if row.values.get("status") == Employee.Status.EXITED and "exit_date" not in row.values \
                and not row.text("exit_date") and row.text("employee_no") not in lookups.employees:
            row.error("exit_date", _("%(no)s is new and marked 离职 (exited); give the exit date. Accepted: "
                                     "YYYY-MM-DD, on or after the hire date.") % {"no": row.text("employee_no")},
                      value="", kind=_("new exit without a date"))


def check_managers(parsed: list[RosterRow], lookups: Lookups) -> None:
    """A manager is a known person or a good row of this file; repeat as rejecting a row may orphan others."""
    line_of = {r.text("employee_no"): r.line for r in parsed if r.text("employee_no")}
    for row in parsed:
        no = row.values.get("manager_no")
        if no and no not in lookups.employees and no not in line_of:
            row.error("manager_no", _("No employee has number %(no)s, neither in the system nor in this file; give "
                                      "the manager's employee number.") % {"no": no}, kind=_("unknown manager"))
    changed = True
    while changed:
        changed = False
        bad_nos = {r.text("employee_no") for r in parsed if r.errors}
        for row in parsed:
            no = row.values.get("manager_no")
            if not row.errors and no in bad_nos and no not in lookups.employees:
                row.error("manager_no", _("The manager %(no)s is on line %(line)s, which is rejected; fix that "
                                          "row first.") % {"no": no, "line": line_of[no]},
                          kind=_("manager's row rejected"))
                changed = True
