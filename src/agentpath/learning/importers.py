"""Completions and attendance from CSV/XLSX (`agentpath import completions|attendance FILE [--skip-bad-rows]`, the
training import page). Every row is checked first; a file with a bad row stores nothing unless skip_bad_rows.
Re-importing the same file changes nothing (a completion is one per person, course and day; an attendance is
the person's mark at that day's session of their team)."""
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.spreadsheets import ImportReport, RowError, check_upload, read_table
from agentpath.org.importers.columns import parse_date
from agentpath.org.models import Employee

from .models import Attendance, Course, CourseCompletion, TrainingEvent, TrainingSession

# Accepted headers (English or Chinese) -> field.
COMPLETION_HEADERS = {"employee_no": "employee_no", "工号": "employee_no", "course": "course", "课程代码": "course",
                      "completed_on": "completed_on", "完成日期": "completed_on", "score": "score", "成绩": "score",
                      "credits": "credits", "学分": "credits"}
COMPLETION_REQUIRED = ("employee_no", "course", "completed_on")
ATTENDANCE_HEADERS = {"employee_no": "employee_no", "工号": "employee_no", "date": "date", "日期": "date",
                      "kind": "kind", "培训类型": "kind", "status": "status", "考勤": "status"}
ATTENDANCE_REQUIRED = ("employee_no", "date", "kind", "status")
TEMPLATES = {
    "completions": (["employee_no", "course", "completed_on", "score", "credits"],
                    [["E00001", "complaint-handling", "2026-07-01", "86", ""]]),
    "attendance": (["employee_no", "date", "kind", "status"], [["E00001", "2026-07-01", "morning_briefing", "present"]]),
}


def _status_values() -> dict[str, str]:
    values = {v: v for v in Attendance.Status.values}
    values.update({"出席": "present", "迟到": "late", "缺席": "absent", "请假": "excused"})
    return values


def _kind_values() -> dict[str, str]:
    values = {v: v for v in TrainingEvent.Kind.values}
    values.update({"晨会": "morning_briefing", "服务经验分析交流会": "weekly_review", "周五交流会": "weekly_review",
                   "临时培训": "ad_hoc"})
    return values


def _columns(headers, accepted, required) -> tuple[dict[str, str], list[RowError]]:
    found, errors = {}, []
    for h in headers:
        key = accepted.get(h.strip().lower()) or accepted.get(h.strip())
        if key is None:
            errors.append(RowError(1, h, h, _("Unknown column. Accepted columns: %(cols)s.")
                                   % {"cols": ", ".join(accepted)}))
        else:
            found[key] = h
    for key in required:
        if key not in found:
            errors.append(RowError(1, key, "", _("The column %(col)s is missing.") % {"col": key}))
    return found, errors


def _read(headers, rows, accepted, required):
    cols, errors = _columns(headers, accepted, required)
    parsed = [(line, {k: row.get(h, "") for k, h in cols.items()}) for line, row in rows] if not errors else []
    if not errors and not parsed:
        errors.append(RowError(1, "", "", _("The file has no rows below the header; nothing to import.")))
    return cols, parsed, errors


def _employees(parsed) -> dict[str, Employee]:
    nos = {v["employee_no"] for _line, v in parsed}
    return {e.employee_no: e for e in Employee.objects.filter(employee_no__in=nos)}


def _unknown_employee(line, cols, value) -> RowError:
    return RowError(line, cols["employee_no"], value, _("No employee has this number."))


def import_completions(headers, rows, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    report = ImportReport()
    cols, parsed, errors = _read(headers, rows, COMPLETION_HEADERS, COMPLETION_REQUIRED)
    report.rows_read = len(parsed)
    employees, courses = _employees(parsed), {c.code: c for c in Course.objects.all()}
    good = []
    for line, v in parsed:
        row_errors = []
        emp, course, day = employees.get(v["employee_no"]), courses.get(v["course"]), parse_date(v["completed_on"])
        if emp is None:
            row_errors.append(_unknown_employee(line, cols, v["employee_no"]))
        if course is None:
            row_errors.append(RowError(line, cols["course"], v["course"], _(
                "No course has this code; use a code from the training catalogue, e.g. complaint-handling.")))
        if day is None:
            row_errors.append(RowError(line, cols["completed_on"], v["completed_on"],
                                       _("Not a date; write it as 2026-07-01.")))
        numbers = {}
        for key in ("score", "credits"):
            text = v.get(key, "")
            try:
                numbers[key] = Decimal(text).quantize(Decimal("0.1")) if text else None
                if numbers[key] is not None and not (0 <= numbers[key] <= 1000):
                    raise InvalidOperation
            except InvalidOperation:
                row_errors.append(RowError(line, cols[key], text, _("Not a number from 0 to 1000.")))
        if row_errors:
            errors.extend(row_errors)
            report.skipped += 1
            continue
        good.append((emp, course, day, numbers["score"],
                     numbers["credits"] if numbers["credits"] is not None else course.credits))
    report.add_errors(errors)
    if errors and not skip_bad_rows or (errors and not good):
        return report
    existing = {(c.employee_id, c.course_id, c.completed_on): c for c in CourseCompletion.objects.filter(
        employee__in=[g[0] for g in good], course__in={g[1].pk for g in good})}
    new, changed = [], []
    for emp, course, day, score, credits in good:
        old = existing.get((emp.pk, course.pk, day))
        if old is None:
            existing[(emp.pk, course.pk, day)] = CourseCompletion(employee=emp, course=course, completed_on=day,
                                                                 score=score, credits=credits, source="import")
            new.append(existing[(emp.pk, course.pk, day)])
        elif (old.score, old.credits) != (score, credits):
            old.score, old.credits = score, credits
            changed.append(old)
        else:
            report.unchanged += 1
    with transaction.atomic():
        CourseCompletion.objects.bulk_create(new)
        CourseCompletion.objects.bulk_update(changed, ["score", "credits"])
    report.created, report.updated, report.stored = len(new), len(changed), True
    if progress:
        progress(report.rows_read, report.rows_read)
    return report


def import_attendance(headers, rows, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    report = ImportReport()
    cols, parsed, errors = _read(headers, rows, ATTENDANCE_HEADERS, ATTENDANCE_REQUIRED)
    report.rows_read = len(parsed)
    employees, statuses, kinds = _employees(parsed), _status_values(), _kind_values()
    days = {d for d in (parse_date(v["date"]) for _line, v in parsed) if d}
    sessions = {}
    for s in TrainingSession.objects.filter(event__date__in=days).select_related("event").order_by("starts_at"):
        sessions.setdefault((s.event.kind, s.event.team_id, s.event.date), s)
    attendances = {(a.event_id, a.employee_id): a for a in Attendance.objects.filter(
        event__date__in=days, employee__in=list(employees.values()))}
    marks = []
    for line, v in parsed:
        row_errors = []
        emp, day = employees.get(v["employee_no"]), parse_date(v["date"])
        kind, status = kinds.get(v["kind"].strip()), statuses.get(v["status"].strip().lower())
        if emp is None:
            row_errors.append(_unknown_employee(line, cols, v["employee_no"]))
        if day is None:
            row_errors.append(RowError(line, cols["date"], v["date"], _("Not a date; write it as 2026-07-01.")))
        if kind is None:
            row_errors.append(RowError(line, cols["kind"], v["kind"], _("Accepted: %(v)s.") % {
                "v": ", ".join(TrainingEvent.Kind.values)}))
        if status is None:
            row_errors.append(RowError(line, cols["status"], v["status"], _("Accepted: %(v)s.") % {
                "v": "present, late, absent, excused / 出席, 迟到, 缺席, 请假"}))
        session = sessions.get((kind, emp.team_id, day)) if emp and kind and day else None
        if not row_errors and session is None:
            row_errors.append(RowError(line, cols["date"], v["date"], _(
                "Team %(team)s has no %(kind)s session on this day.") % {
                "team": emp.team.name if emp.team_id else "—", "kind": TrainingEvent.Kind(kind).label}))
        if row_errors:
            errors.extend(row_errors)
            report.skipped += 1
            continue
        marks.append((session, emp, status))
    report.add_errors(errors)
    if errors and not skip_bad_rows or (errors and not marks):
        return report
    now, new, changed = timezone.now(), [], []
    for session, emp, status in marks:
        a = attendances.get((session.event_id, emp.pk))
        if a is None:
            a = attendances[(session.event_id, emp.pk)] = Attendance(event_id=session.event_id, session=session,
                                                                     employee=emp, status=status, marked_at=now)
            new.append(a)
        elif a.status != status:
            a.status, a.marked_at = status, now
            changed.append(a)
        else:
            report.unchanged += 1
    with transaction.atomic():
        Attendance.objects.bulk_create(new)
        Attendance.objects.bulk_update(changed, ["status", "marked_at"])
    report.created, report.updated, report.stored = len(new), len(changed), True
    return report


IMPORTS = {"completions": import_completions, "attendance": import_attendance}


def import_file(kind: str, binary, name: str, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    headers, rows = read_table(binary, name)
    return IMPORTS[kind](headers, rows, skip_bad_rows=skip_bad_rows, progress=progress)


def import_upload(kind: str, upload, *, skip_bad_rows: bool = False) -> ImportReport:
    check_upload(upload.name, upload.size)
    upload.seek(0)
    return import_file(kind, upload, upload.name, skip_bad_rows=skip_bad_rows)


def _path_importer(kind):
    def run(path, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
        path = Path(path)
        check_upload(path.name, path.stat().st_size)
        with path.open("rb") as binary:
            return import_file(kind, binary, path.name, skip_bad_rows=skip_bad_rows, progress=progress)
    return run


import_completions_path = _path_importer("completions")
import_attendance_path = _path_importer("attendance")
