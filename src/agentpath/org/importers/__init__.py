"""Roster import from CSV or XLSX (DOMAIN.md C2, C12).

Every row is validated first; a file with any bad row stores nothing unless skip_bad_rows. New people are
hired by the rule of services.new_hire (the one hire_employee applies), stored set-based in a few statements per
thousand rows; changes of level, position, grade or team of known people become events through
services.record_move, effective today; personal fields just update. Re-importing the same
file changes nothing. Lookups are preloaded in a bounded number of queries, whatever the file's size.

columns (the file's layout), rules (validation), storing, template; this module runs them.
"""
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.spreadsheets import ImportReport, RowError, check_upload, read_table

from .columns import RosterRow, resolve_headers
from .rules import Lookups, RosterValidator, check_managers
from .storing import RowFailed, store
from .template import roster_template_bytes

__all__ = ["import_roster", "import_roster_file", "import_roster_path", "import_roster_upload",
           "roster_template_bytes"]


def import_roster(headers: list[str], rows, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    """Validate every row of a roster, then store it (all or nothing unless skip_bad_rows)."""
    report = ImportReport()
    by_field, header_errors = resolve_headers(headers)
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
    check_managers(parsed, lookups)

    bad = [r for r in parsed if r.errors]
    report.errors = sorted((e for r in bad for e in r.errors), key=lambda e: e.line)
    if bad and not skip_bad_rows:
        return report
    report.skipped = len(bad)
    good = [r for r in parsed if not r.errors]
    try:
        with transaction.atomic():
            store(good, lookups, today, report, progress)
    except RowFailed as failed:  # a service refused a row the checks let through: nothing is kept
        report.errors.append(failed.error)
        report.created = report.updated = report.unchanged = 0
        return report
    report.stored = True
    return report


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
