"""The rules a roster row must follow, each in one method, checked against lookups loaded once."""
import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Position

from ..models import Center, Employee, Team
from ..validators import employee_no_problem
from .columns import BY_FIELD, COLUMNS, RosterRow, education_values, examples, norm, parse_date, status_values

LOOKUP_CHUNK = 2000  # rows per IN (...) list: below every backend's parameter limit


class KnownPerson:
    """A person the file names who is already stored, as the checks need them: a few slots, so a re-import
    naming 200,000 people stays small (model instances are loaded a chunk at a time when storing)."""

    __slots__ = ("id", "employee_no", "name", "position_id", "team_id", "_by_id")

    def __init__(self, id: int, employee_no: str, name: str, position_id, team_id, by_id: dict):
        self.id, self.employee_no, self.name = id, employee_no, name
        self.position_id, self.team_id, self._by_id = position_id, team_id, by_id

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
                           .values_list("id", "employee_no", "name", "position_id", "team_id")):
                self.employees[values[1]] = KnownPerson(*values, self.by_id)

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
        for name in ("employee_no", "name", "phone", "id_number"):
            if row.text(name):
                row.values[name] = row.text(name)
        problem = employee_no_problem(row.text("employee_no")) if row.text("employee_no") else None
        if problem:
            row.error("employee_no", problem, kind=_("not an employee number"))
        self._center_team(row)
        self._level_position_grade(row)
        self._dates(row)
        self._choices(row)
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

    def check_against_current(self, row: RosterRow, employee: KnownPerson) -> None:
        """Rules that depend on the person's current record: a level change needs a position that fits."""
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
