"""Completions and attendance from CSV/XLSX: the rows and their rules (learning.import_jobs runs them from the CLI,
the page and the API, under the import lock, inline or in the background).

Every row is checked first; a file with a bad row stores nothing unless skip_bad_rows. Re-importing the same file
changes nothing (a completion is one per person, course and day; an attendance is the person's mark at that
day's session of their team). A row repeating another's person and course and day (or session) is an error
naming both lines, as the two could disagree. Progress is reported every PROGRESS_EVERY rows.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.rows import IN_LIST_LIMIT, in_chunks
from agentpath.common.spreadsheets import ImportReport, RowError
from agentpath.org.importers.columns import match_headers, norm, parse_date
from agentpath.org.models import Employee

from .models import Attendance, Course, CourseCompletion, TrainingEvent, TrainingSession

PROGRESS_EVERY = 2000
MAX_NUMBER = Decimal(1000)


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header of the template
    aliases: tuple[str, ...]
    required: bool


COMPLETION_COLUMNS = [
    Column("employee_no", "工号", ("employee_no", "employee number", "员工工号", "员工编号"), True),
    Column("course", "课程代码", ("course", "course code", "课程", "课程编码"), True),
    Column("completed_on", "完成日期", ("completed_on", "completion date", "完成时间"), True),
    Column("score", "成绩", ("score", "分数", "考核成绩"), False),
    Column("credits", "学分", ("credits",), False),
]
ATTENDANCE_COLUMNS = [
    Column("employee_no", "工号", ("employee_no", "employee number", "员工工号", "员工编号"), True),
    Column("date", "日期", ("date", "培训日期"), True),
    Column("kind", "培训类型", ("kind", "training kind", "类型"), True),
    Column("status", "考勤", ("status", "attendance", "出勤"), True),
]
TEMPLATES = {
    "completions": (["工号", "课程代码", "完成日期", "成绩", "学分"],
                    [["E00001", "complaint-handling", "2026-07-01", "86", ""]]),
    "attendance": (["工号", "日期", "培训类型", "考勤"], [["E00001", "2026-07-01", "晨会", "出席"]]),
}
STATUS_WORDS = {"出席": "present", "到": "present", "迟到": "late", "缺席": "absent", "缺勤": "absent",
                "请假": "excused"}
KIND_WORDS = {"晨会": "morning_briefing", "服务经验分析交流会": "weekly_review", "周五交流会": "weekly_review",
              "经验交流会": "weekly_review", "临时培训": "ad_hoc"}


def _choices(text_choices, words: dict) -> dict[str, str]:
    values = {norm(v): v for v in text_choices.values}
    values.update({norm(str(label)): v for v, label in text_choices.choices})
    values.update({norm(k): v for k, v in words.items()})
    return values


@dataclass
class Sheet:
    """The rows of a file as {field: text}, with the file's header of each field, and the report being made."""

    headers: dict
    rows: list
    report: ImportReport

    def error(self, errors: list, line: int, name: str, value: str, reason: str, kind: str = "") -> None:
        errors.append(RowError(line, self.headers[name], value, reason, kind))


def _read(headers: list[str], rows, columns: list[Column], progress) -> Sheet | ImportReport:
    """The fields of the file's columns; a report with every unknown, repeated or missing column (line 1) or an
    empty file instead when the file cannot be read as such."""
    report = ImportReport()
    by_field, errors = match_headers(
        headers, {norm(alias): c.field for c in columns for alias in (c.header, c.field, *c.aliases)},
        [c for c in columns if c.required], ", ".join(f"{c.header}/{c.field}" for c in columns))
    if errors:
        report.add_errors(errors)
        return report
    parsed = []
    for line, raw in rows:
        parsed.append((line, {name: raw.get(header, "").strip() for name, header in by_field.items()}))
        if progress and len(parsed) % PROGRESS_EVERY == 0:
            progress(0, None)  # still reading: the size is not known yet
    report.rows_read = len(parsed)
    if not parsed:
        report.add_errors([RowError(1, "", "", _("The file has no rows below the header; nothing to import."))])
        return report
    return Sheet({**{c.field: c.header for c in columns}, **by_field}, parsed, report)


def _employees(rows) -> dict[str, Employee]:
    nos = sorted({v["employee_no"] for _line, v in rows if v.get("employee_no")})
    found = {}
    for chunk in in_chunks(nos):  # below every backend's parameter limit
        found.update((e.employee_no, e) for e in Employee.objects.filter(employee_no__in=chunk)
                     .select_related("team"))
    return found


def _checked(sheet: Sheet, check, progress) -> tuple[list, int]:
    """Run `check(line, values, errors)` over every row: the good rows' results and the count of bad rows (their
    errors go to the report)."""
    good, errors, bad = [], [], 0
    total = len(sheet.rows)
    for done, (line, values) in enumerate(sheet.rows, start=1):
        row_errors: list[RowError] = []
        result = check(line, values, row_errors)
        if row_errors:
            errors.extend(row_errors)
            bad += 1
        else:
            good.append(result)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done // 2, total)  # checking is the first half of the work
    sheet.report.add_errors(errors)
    return good, bad


def import_completions(headers, rows, *, skip_bad_rows: bool = False, progress=None, user=None) -> ImportReport:
    """Course completions (the facts the path's course requirements read): person, course, date, score, credits
    (the course's credits when blank)."""
    sheet = _read(headers, rows, COMPLETION_COLUMNS, progress)
    if isinstance(sheet, ImportReport):
        return sheet
    employees, courses = _employees(sheet.rows), {c.code.lower(): c for c in Course.objects.all()}
    today, first_line = timezone.localdate(), {}
    examples = ", ".join(sorted(c.code for c in courses.values())[:6])

    def check(line, v, errors):
        emp, course = employees.get(v["employee_no"]), courses.get(v["course"].lower())
        day = parse_date(v["completed_on"])
        if emp is None:
            sheet.error(errors, line, "employee_no", v["employee_no"],
                        _("No employee has this number; import the roster first."), _("unknown employee"))
        if course is None:
            sheet.error(errors, line, "course", v["course"], _(
                "No course has this code; use a code from the training catalogue, e.g. %(codes)s.")
                % {"codes": examples}, _("unknown course"))
        if day is None:
            sheet.error(errors, line, "completed_on", v["completed_on"],
                        _("Not a date. Accepted: YYYY-MM-DD (e.g. 2024-03-01), YYYY/MM/DD or an Excel date cell."))
        elif day > today:
            sheet.error(errors, line, "completed_on", v["completed_on"], _(
                "The date %(d)s is in the future (today is %(today)s); give the day the course was completed.")
                % {"d": day.isoformat(), "today": today.isoformat()}, _("date in the future"))
        numbers = {}
        for key in ("score", "credits"):
            text = v.get(key, "")
            try:
                numbers[key] = Decimal(text).quantize(Decimal("0.1")) if text else None
                if numbers[key] is not None and not (0 <= numbers[key] <= MAX_NUMBER):
                    raise InvalidOperation
            except InvalidOperation:
                sheet.error(errors, line, key, text, _("Not a number from 0 to 1000."))
        if errors:
            return None
        key = (emp.pk, course.pk, day)
        if key in first_line:
            sheet.error(errors, line, "employee_no", v["employee_no"], _(
                "Line %(line)s already gives %(no)s's completion of %(course)s on %(day)s; each completion may "
                "appear only once in a file.") % {"line": first_line[key], "no": emp.employee_no,
                                                  "course": course.code, "day": day.isoformat()},
                _("repeated completion"))
            return None
        first_line[key] = line
        credits = numbers["credits"] if numbers["credits"] is not None else course.credits
        return emp, course, day, numbers["score"], credits

    good, bad = _checked(sheet, check, progress)
    report = sheet.report
    if bad and not skip_bad_rows:
        return report
    existing = {}  # (employee, course, day) -> (id, score, credits): plain tuples, as a re-import reads them all
    course_ids = {g[1].pk for g in good}  # for many courses, every completion of these people is read
    of_courses = {"course_id__in": course_ids} if len(course_ids) <= IN_LIST_LIMIT else {}
    for ids in in_chunks(sorted({g[0].pk for g in good})):
        for pk, employee_id, course_id, day, score, credits in CourseCompletion.objects.filter(
                employee_id__in=ids, **of_courses).values_list(
                "pk", "employee_id", "course_id", "completed_on", "score", "credits"):
            existing[(employee_id, course_id, day)] = (pk, score, credits)
    new, changed = [], []
    for emp, course, day, score, credits in good:
        old = existing.get((emp.pk, course.pk, day))
        if old is None:
            new.append(CourseCompletion(employee=emp, course=course, completed_on=day, score=score, credits=credits,
                                        source="import"))
        elif (old[1], old[2]) != (score, credits):
            changed.append(CourseCompletion(pk=old[0], score=score, credits=credits))
        else:
            report.unchanged += 1
    with transaction.atomic():
        CourseCompletion.objects.bulk_create(new, batch_size=1000)
        CourseCompletion.objects.bulk_update(changed, ["score", "credits"], batch_size=1000)
    report.created, report.updated, report.skipped, report.stored = len(new), len(changed), bad, True
    if progress:
        progress(report.rows_read, report.rows_read)
    return report


def import_attendance(headers, rows, *, skip_bad_rows: bool = False, progress=None, user=None) -> ImportReport:
    """Attendance at on-job sessions: the person's mark at that day's session of the given kind of their team."""
    sheet = _read(headers, rows, ATTENDANCE_COLUMNS, progress)
    if isinstance(sheet, ImportReport):
        return sheet
    employees = _employees(sheet.rows)
    statuses = _choices(Attendance.Status, STATUS_WORDS)
    kinds = _choices(TrainingEvent.Kind, KIND_WORDS)
    days = {d for d in (parse_date(v["date"]) for _line, v in sheet.rows) if d}
    sessions = {}
    for chunk in in_chunks(sorted(days)):
        for s in TrainingSession.objects.filter(event__date__in=chunk).select_related("event").order_by("starts_at"):
            sessions.setdefault((s.event.kind, s.event.team_id, s.event.date), s)
    today, first_line = timezone.localdate(), {}

    def check(line, v, errors):
        emp, day = employees.get(v["employee_no"]), parse_date(v["date"])
        kind, status = kinds.get(norm(v["kind"])), statuses.get(norm(v["status"]))
        if emp is None:
            sheet.error(errors, line, "employee_no", v["employee_no"],
                        _("No employee has this number; import the roster first."), _("unknown employee"))
        if day is None:
            sheet.error(errors, line, "date", v["date"],
                        _("Not a date. Accepted: YYYY-MM-DD (e.g. 2024-03-01), YYYY/MM/DD or an Excel date cell."))
        elif day > today:
            sheet.error(errors, line, "date", v["date"], _(
                "The session of %(d)s has not been held yet (today is %(today)s); attendance is marked afterwards.")
                % {"d": day.isoformat(), "today": today.isoformat()}, _("date in the future"))
        if kind is None:
            sheet.error(errors, line, "kind", v["kind"], _("Accepted: %(v)s.") % {
                "v": "morning_briefing/晨会, weekly_review/服务经验分析交流会, ad_hoc/临时培训"})
        if status is None:
            sheet.error(errors, line, "status", v["status"], _("Accepted: %(v)s.") % {
                "v": "present/出席, late/迟到, absent/缺席, excused/请假"})
        if errors:
            return None
        session = sessions.get((kind, emp.team_id, day))
        if session is None:
            sheet.error(errors, line, "date", v["date"], _("Team %(team)s has no %(kind)s session on this day.") % {
                "team": emp.team.name if emp.team_id else "—", "kind": TrainingEvent.Kind(kind).label},
                _("no such session"))
            return None
        key = (session.event_id, emp.pk)
        if key in first_line:
            sheet.error(errors, line, "employee_no", v["employee_no"], _(
                "Line %(line)s already marks %(no)s at this session; each person may appear once per session.")
                % {"line": first_line[key], "no": emp.employee_no}, _("repeated attendance"))
            return None
        first_line[key] = line
        return session, emp, status

    marks, bad = _checked(sheet, check, progress)
    report = sheet.report
    if bad and not skip_bad_rows:
        return report
    event_ids = {s.event_id for s, _e, _st in marks}  # for many events, every row of these people is read
    of_events = {"event_id__in": event_ids} if len(event_ids) <= IN_LIST_LIMIT else {}
    attendances = {(a.event_id, a.employee_id): a for ids in in_chunks(sorted({e.pk for _s, e, _st in marks}))
                   for a in Attendance.objects.filter(employee_id__in=ids, **of_events)}
    now, new, changed = timezone.now(), [], []
    marked_by = user if user is not None and user.is_authenticated else None
    for session, emp, status in marks:
        a = attendances.get((session.event_id, emp.pk))
        if a is None:
            new.append(Attendance(event_id=session.event_id, session=session, employee=emp, status=status,
                                  marked_at=now, marked_by=marked_by))
        elif a.status != status:
            a.status, a.marked_at, a.marked_by = status, now, marked_by
            changed.append(a)
        else:
            report.unchanged += 1
    with transaction.atomic():
        Attendance.objects.bulk_create(new, batch_size=1000)
        Attendance.objects.bulk_update(changed, ["status", "marked_at", "marked_by"], batch_size=1000)
    report.created, report.updated, report.skipped, report.stored = len(new), len(changed), bad, True
    if progress:
        progress(report.rows_read, report.rows_read)
    return report


IMPORTS = {"completions": import_completions, "attendance": import_attendance}
