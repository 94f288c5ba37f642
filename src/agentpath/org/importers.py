"""Roster import from CSV or XLSX (DOMAIN.md C2, C12).

Every row is validated first; a file with any bad row stores nothing unless skip_bad_rows. New people are
hired by the rule of services.new_hire (the one hire_employee applies), stored set-based in a few statements per
thousand rows; changes of level, position, grade or team of known people become events through
services.record_move, effective today; personal fields just update. Re-importing the same
file changes nothing. Lookups are preloaded in a bounded number of queries, whatever the file's size.
"""
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Position, Track
from agentpath.common.spreadsheets import ImportReport, RowError, check_upload, read_table, safe_cell

from .models import Center, Employee, EmploymentEvent, Team
from .services import classify_move, new_hire, record_exit, record_move


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header of the template
    aliases: tuple[str, ...]
    required: bool = False
    max_length: int | None = None


COLUMNS = [
    Column("employee_no", "工号", ("employee_no", "employee number", "员工工号", "员工编号"), True, 20),
    Column("name", "姓名", ("name", "employee name", "员工姓名"), True, 60),
    Column("center", "中心", ("center", "centre", "center code", "所属中心"), True),
    Column("team", "团队", ("team", "team code", "班组", "组别", "所属团队")),
    Column("position", "职位", ("position", "position code", "岗位")),
    Column("level", "职级", ("level", "level code"), True),
    Column("grade", "职等", ("grade",), True),
    Column("hire_date", "入职日期", ("hire_date", "hire date", "入职时间"), True),
    Column("manager_no", "直属上级工号", ("manager_no", "manager number", "manager", "上级工号", "直属上级")),
    Column("education", "学历", ("education",)),
    Column("status", "状态", ("status", "在职状态", "员工状态")),
    Column("phone", "手机", ("phone", "mobile", "手机号", "手机号码", "电话"), max_length=30),
    Column("id_number", "身份证号", ("id_number", "id number", "身份证", "身份证号码"), max_length=30),
    Column("email", "邮箱", ("email", "e-mail", "电子邮箱", "邮件"), max_length=254),
]
REQUIRED_FIELDS = {c.field for c in COLUMNS if c.required}
BY_FIELD = {c.field: c for c in COLUMNS}
# Columns an export adds that an import may carry back and ignores (tenure is computed, never imported).
IGNORED_HEADERS = {"司龄(月)", "司龄", "tenure (months)", "tenure_months", "tenure"}
PERSONAL_FIELDS = ("name", "education", "phone", "id_number", "email", "hire_date")
TEMPLATE_EXAMPLE = ["E10001", "张三", "sz", "sz-a", "agent", "mgmt-agent", "8", "2024-03-01", "E00001",
                    "本科", "在职", "13800138000", "440301199001011234", "zhangsan@example.com"]
LOOKUP_CHUNK = 2000  # rows per IN (...) list: below every backend's parameter limit
BULK_BATCH = 1000  # rows per bulk INSERT or UPDATE (the backend may lower it to fit its parameter limit)
MAX_WAVES = 8  # levels of a hierarchy inserted manager-first; deeper ones get their managers by one UPDATE


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-()（）]+", "", (text or "").strip().lower())


def _header_map() -> dict[str, str]:
    mapping = {}
    for col in COLUMNS:
        for alias in (col.header, col.field, *col.aliases):
            mapping[_norm(alias)] = col.field
    return mapping


HEADER_MAP = _header_map()
IGNORED = {_norm(h) for h in IGNORED_HEADERS}


def _choice_aliases(choices) -> dict[str, str]:
    """Accept a choice's code, its Chinese label and its English label (any case)."""
    aliases = {}
    for value, label in choices:
        aliases[_norm(value)] = value
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                aliases[_norm(str(label))] = value
    return aliases


EXTRA_STATUS = {"在职": "active", "在岗": "active", "正式": "active", "试用": "active", "休假": "leave",
                "请假": "leave", "停薪留职": "leave", "离职": "exited", "已离职": "exited"}
EXTRA_EDUCATION = {"高中": "high_school", "中专": "high_school", "职高": "high_school", "大专": "vocational",
                   "专科": "vocational", "本科": "bachelor", "学士": "bachelor", "硕士": "master",
                   "研究生": "master", "博士": "master"}


def _status_values() -> dict[str, str]:
    return {**_choice_aliases(Employee.Status.choices), **{_norm(k): v for k, v in EXTRA_STATUS.items()}}


def _education_values() -> dict[str, str]:
    return {**_choice_aliases(Employee.Education.choices), **{_norm(k): v for k, v in EXTRA_EDUCATION.items()}}


DATE_PATTERNS = [re.compile(p) for p in (
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$",
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$",
    r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$",
    r"^(\d{4})年(\d{1,2})月(\d{1,2})日$",
)]
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(text: str) -> datetime.date | None:
    """YYYY-MM-DD, YYYY/MM/DD (also 2024.03.01, 2024年3月1日) or an Excel date serial number; None if not."""
    text = text.strip()
    for pattern in DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    if re.fullmatch(r"\d{4,5}(\.0+)?", text):  # an Excel date cell formatted as a number
        serial = int(float(text))
        if 10000 <= serial <= 80000:  # 1927..2119: plausible hire dates only
            return EXCEL_EPOCH + datetime.timedelta(days=serial)
    return None


def _examples(items, limit: int = 8) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (" …" if len(items) > limit else "")


@dataclass
class RosterRow:
    line: int
    raw: dict  # field -> (header as in the file, text)
    values: dict = field(default_factory=dict)  # field -> parsed value, only for non-blank cells
    errors: list = field(default_factory=list)

    def header(self, name: str) -> str:
        return self.raw.get(name, (BY_FIELD[name].header, ""))[0]

    def text(self, name: str) -> str:
        return self.raw.get(name, ("", ""))[1]

    def error(self, name: str, reason: str, value: str | None = None):
        self.errors.append(RowError(self.line, self.header(name), self.text(name) if value is None else value,
                                    reason))


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
        self.positions_by_name: dict[str, list[Position]] = {}
        for p in self.positions:
            for key in {_norm(p.name), _norm(p.name_en)} - {""}:
                self.positions_by_name.setdefault(key, []).append(p)
        self.team_by_code = {t.code.lower(): t for t in self.teams}
        self.teams_by_name: dict[str, list[Team]] = {}
        for t in self.teams:
            self.teams_by_name.setdefault(_norm(t.name), []).append(t)
        self.employees: dict[str, Employee] = {}
        nos = sorted(employee_nos)
        for i in range(0, len(nos), LOOKUP_CHUNK):
            for e in (Employee.objects.select_related("level__track", "position", "team", "center")
                      .filter(employee_no__in=nos[i:i + LOOKUP_CHUNK])):
                self.employees[e.employee_no] = e

    @staticmethod
    def _index(objs, keys) -> dict[str, list]:
        index: dict[str, list] = {}
        for obj in objs:
            for key in {_norm(k) for k in keys(obj) if k}:
                index.setdefault(key, []).append(obj)
        return index


def _resolve_headers(headers: list[str]) -> tuple[dict[str, str], list[RowError]]:
    """Map the file's headers to fields; every unknown, repeated or missing column is an error on line 1."""
    errors, by_field = [], {}
    accepted = _examples([c.header for c in COLUMNS] + [c.field for c in COLUMNS], limit=100)
    for header in headers:
        key = _norm(header)
        if not key or key in IGNORED:
            continue
        name = HEADER_MAP.get(key)
        if name is None:
            errors.append(RowError(1, header, header, _("Unknown column. Accepted columns: %(cols)s.")
                                   % {"cols": accepted}))
        elif name in by_field:
            errors.append(RowError(1, header, header, _("This column repeats column %(other)s; keep one of them.")
                                   % {"other": by_field[name]}))
        else:
            by_field[name] = header
    for name in sorted(REQUIRED_FIELDS - set(by_field), key=lambda n: list(BY_FIELD).index(n)):
        col = BY_FIELD[name]
        errors.append(RowError(1, col.header, "", _(
            "The required column %(col)s (or %(en)s) is missing. Required columns: %(req)s.")
            % {"col": col.header, "en": col.field,
               "req": "、".join(BY_FIELD[n].header for n in BY_FIELD if n in REQUIRED_FIELDS)}))
    return by_field, errors


class RosterValidator:
    def __init__(self, lookups: Lookups, today: datetime.date):
        self.lk = lookups
        self.today = today
        self.status_values = _status_values()
        self.education_values = _education_values()

    def validate(self, row: RosterRow) -> None:
        for name in (c.field for c in COLUMNS if c.required):
            if not row.text(name):
                row.error(name, _("%(col)s is empty; it is required for every row.") % {"col": row.header(name)})
        for name, (_header, text) in row.raw.items():
            col = BY_FIELD[name]
            if col.max_length and len(text) > col.max_length:
                row.error(name, _("Too long (%(n)s characters); at most %(max)s are accepted.")
                          % {"n": len(text), "max": col.max_length})
        for name in ("employee_no", "name", "phone", "id_number"):
            if row.text(name):
                row.values[name] = row.text(name)
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
                      % {"codes": _examples(codes(m) for m in matches)})
        return None

    def _center_team(self, row: RosterRow) -> None:
        center = None
        if row.text("center"):
            matches = self.lk.center_by_key.get(_norm(row.text("center")), [])
            center = self._one(matches, row, "center", lambda c: c.code)
            if not matches:
                row.error("center", _("Unknown center. Accepted: a center code or name, e.g. %(ex)s.")
                          % {"ex": _examples(f"{c.code} ({c.name})" for c in self.lk.centers)})
            row.values["center"] = center
        text = row.text("team")
        if not text:
            return
        team = self.lk.team_by_code.get(text.lower())
        if team is None:
            named = self.lk.teams_by_name.get(_norm(text), [])
            in_center = [t for t in named if center is not None and t.center_id == center.id]
            team = self._one(in_center or named, row, "team", lambda t: t.code)
            if not named:
                teams_here = [t for t in self.lk.teams if center is None or t.center_id == center.id]
                row.error("team", _("Unknown team. Accepted: a team code or name%(where)s, e.g. %(ex)s.")
                          % {"where": (_(" of center %(c)s") % {"c": center.name}) if center else "",
                             "ex": _examples(f"{t.code} ({t.name})" for t in teams_here)})
                return
        if team is not None and center is not None and team.center_id != center.id:
            row.error("team", _("Team %(team)s belongs to center %(other)s, not to %(center)s; choose a team of "
                                "%(center)s: %(ex)s.")
                      % {"team": team.name, "other": team.center.name, "center": center.name,
                         "ex": _examples(t.code for t in self.lk.teams if t.center_id == center.id)})
            return
        row.values["team"] = team

    def _level_position_grade(self, row: RosterRow) -> None:
        level = None
        if row.text("level"):
            matches = self.lk.level_by_key.get(_norm(row.text("level")), [])
            level = self._one(matches, row, "level", lambda v: v.code)
            if not matches:
                row.error("level", _("Unknown level. Accepted: a level code or name, e.g. %(ex)s (all codes are "
                                     "on the template's second sheet).")
                          % {"ex": _examples(f"{v.code} ({v.name})" for v in self.lk.levels)})
            row.values["level"] = level
        text = row.text("position")
        if text:
            position = self.lk.position_by_code.get(text.lower())
            if position is None:
                named = self.lk.positions_by_name.get(_norm(text), [])
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
                             "ex": self._positions_at(level) or _("none")})
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
                          % {"g": grade, "l": level.name, "min": level.grade_min, "max": level.grade_max})
                return
            row.values["grade"] = grade

    def _positions_at(self, level) -> str:
        return _examples(f"{p.code} ({p.name})" for p in self.lk.positions if level is None or p.level_id == level.id)

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
                                     "the person started.") % {"d": day.isoformat(), "today": self.today.isoformat()})
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
            value = values.get(_norm(text))
            if value is None:
                row.error(name, _("Unknown value. Accepted: %(ok)s.") % {"ok": accepted})
            else:
                row.values[name] = value

    def check_against_current(self, row: RosterRow, employee: Employee) -> None:
        """Rules that depend on the person's current record: a level change needs a position that fits."""
        level, center = row.values.get("level"), row.values.get("center")
        if level and "position" not in row.values and employee.position_id and employee.position.level_id != level.id \
                and not row.text("position"):
            row.error("position", _("%(name)s moves to level %(l)s but the current position %(p)s is at another "
                                    "level; give the new position: %(ex)s.")
                      % {"name": employee.name, "l": level.name, "p": employee.position.name,
                         "ex": self._positions_at(level)}, value="")
        if center and "team" not in row.values and employee.team_id and employee.team.center_id != center.id \
                and not row.text("team"):
            row.error("team", _("%(name)s moves to center %(c)s but the current team %(t)s is in another center; "
                                "give the new team.") % {"name": employee.name, "c": center.name,
                                                         "t": employee.team.name}, value="")


def import_roster(headers: list[str], rows, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    """Validate every row of a roster, then store it (all or nothing unless skip_bad_rows)."""
    report = ImportReport()
    by_field, header_errors = _resolve_headers(headers)
    if header_errors:
        report.errors = header_errors
        return report
    header_of = by_field
    parsed: list[RosterRow] = []
    for line, raw in rows:
        parsed.append(RosterRow(line, {name: (header, raw.get(header, "").strip())
                                       for name, header in header_of.items()}))
    report.rows_read = len(parsed)
    if not parsed:
        report.errors = [RowError(1, "", "", _("The file has no rows below the header; nothing to import."))]
        return report

    nos = {r.text("employee_no") for r in parsed if r.text("employee_no")}
    nos |= {r.text("manager_no") for r in parsed if r.text("manager_no")}
    lookups = Lookups(nos)
    today = timezone.localdate()
    validator = RosterValidator(lookups, today)
    lines_of: dict[str, list[int]] = {}
    for row in parsed:
        validator.validate(row)
        if row.text("employee_no"):
            lines_of.setdefault(row.text("employee_no"), []).append(row.line)
    for row in parsed:
        no = row.text("employee_no")
        others = [n for n in lines_of.get(no, []) if n != row.line]
        if others:
            row.error("employee_no", _("Employee number %(no)s also appears on line %(lines)s; each person may "
                                       "appear only once in a file.")
                      % {"no": no, "lines": ", ".join(map(str, others))})
        current = lookups.employees.get(no)
        if current is not None:
            validator.check_against_current(row, current)
    _check_managers(parsed, lookups)

    bad = [r for r in parsed if r.errors]
    report.errors = sorted((e for r in bad for e in r.errors), key=lambda e: e.line)
    if bad and not skip_bad_rows:
        return report
    report.skipped = len(bad)
    good = [r for r in parsed if not r.errors]
    try:
        with transaction.atomic():
            _store(good, lookups, today, report, progress)
    except _RowFailed as failed:  # a service refused a row the checks let through: nothing is kept
        report.errors.append(failed.error)
        report.created = report.updated = report.unchanged = 0
        return report
    report.stored = True
    return report


def _check_managers(parsed: list[RosterRow], lookups: Lookups) -> None:
    """A manager is a known person or a good row of this file; repeat as rejecting a row may orphan others."""
    line_of = {r.text("employee_no"): r.line for r in parsed if r.text("employee_no")}
    for row in parsed:
        no = row.values.get("manager_no")
        if no and no not in lookups.employees and no not in line_of:
            row.error("manager_no", _("No employee has number %(no)s, neither in the system nor in this file; give "
                                      "the manager's employee number.") % {"no": no})
    changed = True
    while changed:
        changed = False
        bad_nos = {r.text("employee_no") for r in parsed if r.errors}
        for row in parsed:
            no = row.values.get("manager_no")
            if not row.errors and no in bad_nos and no not in lookups.employees:
                row.error("manager_no", _("The manager %(no)s is on line %(line)s, which is rejected; fix that "
                                          "row first.") % {"no": no, "line": line_of[no]})
                changed = True


class _RowFailed(Exception):
    def __init__(self, error: RowError):
        self.error = error


def _store(good: list[RosterRow], lookups: Lookups, today, report: ImportReport, progress) -> None:
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
            raise _RowFailed(RowError(row.line, row.header("employee_no"), v["employee_no"],
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
            raise _RowFailed(RowError(row.line, row.header("employee_no"), v["employee_no"],
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
    level, position, grade, team, center = v["level"], v.get("position"), v["grade"], v.get("team"), v["center"]
    kind = classify_move(employee, level=level, position=position, grade=grade, team=team, center=center)
    if kind:  # a center change is a move too: record_move keeps it in the history
        record_move(employee, kind=kind, effective_date=max(today, employee.hire_date), level=level,
                    position=position, grade=grade, team=team, center=center, cause=cause)  # saves personal fields
    elif dirty:
        employee.save()
    if exiting:
        record_exit(employee, effective_date=max(today, employee.hire_date), cause=cause)
    return bool(kind or dirty or exiting)


def import_roster_file(binary, name: str, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    headers, rows = read_table(binary, name)
    return import_roster(headers, rows, skip_bad_rows=skip_bad_rows, progress=progress)


def import_roster_path(path, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    """The CLI entry (common.importing): `agentpath import roster FILE [--skip-bad-rows]`."""
    path = Path(path)
    check_upload(path.name, path.stat().st_size)
    with path.open("rb") as binary:
        return import_roster_file(binary, path.name, skip_bad_rows=skip_bad_rows, progress=progress)


def import_roster_upload(upload, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    """For the page and the API: an uploaded file, refused by type or size before it is parsed."""
    check_upload(upload.name, upload.size)
    upload.seek(0)
    return import_roster_file(upload, upload.name, skip_bad_rows=skip_bad_rows, progress=progress)


def _template_example() -> list[str]:
    """The example row uses real codes of this installation where there are any."""
    example = list(TEMPLATE_EXAMPLE)
    team = Team.objects.select_related("center").first()
    if team is not None:
        example[2], example[3] = team.center.code, team.code
    position = Position.objects.select_related("level").filter(code="agent").first() or \
        Position.objects.select_related("level").first()
    if position is not None:
        example[4], example[5], example[6] = position.code, position.level.code, str(position.level.grade_max)
    example[8] = Employee.objects.values_list("employee_no", flat=True).first() or ""
    return example


def roster_template_bytes() -> bytes:
    """The template: the Chinese headers with one example row, and a sheet of every valid code."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("roster")
    ws.append([c.header for c in COLUMNS])
    ws.append([safe_cell(v) for v in _template_example()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 16 if col.field != "id_number" else 22
    codes = wb.create_sheet(_("valid codes"))
    codes.append([_("kind"), _("code"), _("name"), _("belongs to"), _("grade band")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for center in Center.objects.order_by("code"):
        codes.append([_("center"), center.code, safe_cell(center.name), "", ""])
    for team in Team.objects.select_related("center").order_by("center__code", "code"):
        codes.append([_("team"), team.code, safe_cell(team.name), team.center.code, ""])
    tracks = {t.id: t for t in Track.objects.all()}
    for level in Level.objects.order_by("track__order", "order"):
        codes.append([_("level"), level.code, safe_cell(level.name), safe_cell(tracks[level.track_id].name),
                      level.grade_band])
    for position in Position.objects.select_related("level"):
        codes.append([_("position"), position.code, safe_cell(position.name), position.level.code, ""])
    for label, choices in ((_("status"), Employee.Status.choices), (_("education"), Employee.Education.choices)):
        for value, text in choices:
            codes.append([label, value, str(text), "", ""])
    for letter, width in zip("ABCDE", (10, 24, 28, 24, 10), strict=True):
        codes.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
