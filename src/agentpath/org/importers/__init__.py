"""Roster import from CSV or XLSX (DOMAIN.md C2, C12).

Every row is validated first; a file with any bad row stores nothing unless skip_bad_rows. New people are
hired by the rule of services.new_hire (the one hire_employee applies), stored set-based in a few statements per
thousand rows; changes of level, position, grade or team of known people become events through
services.record_move, effective today; personal fields just update. Re-importing the same
file changes nothing. Lookups are preloaded in a bounded number of queries, whatever the file's size.

columns (the file's layout), rules (validation), storing, template; this module runs them.
"""
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common import import_guard
from agentpath.common.reports import MAX_SHOWN_ERRORS
from agentpath.common.spreadsheets import ImportReport, RowError, check_upload, read_table

from .columns import RosterRow, resolve_headers
from .rules import Lookups, RosterValidator, check_managers, check_new_exits, is_example
from .storing import RowFailed, store
from .template import roster_template_bytes

__all__ = ["RosterReport", "import_roster", "import_roster_file", "import_roster_path", "import_roster_upload",
           "roster_template_bytes"]


@dataclass
class RosterReport(ImportReport):
    """An import report that also names the people a file renames (old and new name), as a wrong encoding or
    a wrong row would show there first."""

    renamed: list[dict] = field(default_factory=list)  # the first MAX_SHOWN_ERRORS
    renamed_count: int = 0
    example_rows: int = 0  # the template's example rows (employee number 示例…), never imported
    exits: int = 0  # exits recorded (each an exit event)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "renamed": self.renamed, "renamed_count": self.renamed_count,
                "example_rows": self.example_rows, "exits": self.exits}


def import_roster(headers: list[str], rows, *, skip_bad_rows: bool = False, progress=None) -> RosterReport:
    """Validate every row of a roster, then store it (all or nothing unless skip_bad_rows)."""
    report = RosterReport()
    by_field, header_errors = resolve_headers(headers)
    if header_errors:
        report.add_errors(header_errors)
        return report
    make_row = RosterRow.reader(by_field)
    parsed: list[RosterRow] = [make_row(line, raw) for line, raw in rows]
    report.rows_read = len(parsed)
    example_lines = [r.line for r in parsed if is_example(r)]
    report.example_rows = len(example_lines)
    parsed = [r for r in parsed if not is_example(r)]
    if not parsed and example_lines:
        report.add_errors([RowError(example_lines[0], "", "", _(
            "The file holds only the template's example row (its employee number begins with 示例), which is "
            "never imported; nothing was imported. Add your people below it or in its place."))])
        return report
    if not parsed:
        report.add_errors([RowError(1, "", "", _("The file has no rows below the header; nothing to import."))])
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
                      % {"no": no, "lines": ", ".join(map(str, others))}, kind=_("repeated employee number"))
        current = lookups.employees.get(no)
        if current is not None:
            validator.check_against_current(row, current)
    check_new_exits(parsed, lookups)
    check_managers(parsed, lookups)

    bad = [r for r in parsed if r.errors]
    report.add_errors(sorted((e for r in bad for e in r.errors), key=lambda e: e.line))
    _renames(parsed, lookups, report)
    if bad and not skip_bad_rows:
        return report
    report.skipped = len(bad)
    good = [r for r in parsed if not r.errors]
    try:
        with transaction.atomic():
            store(good, lookups, today, report, progress)
    except RowFailed as failed:  # a service refused a row the checks let through: nothing is kept
        report.add_errors([failed.error])
        report.created = report.updated = report.unchanged = report.exits = 0
        return report
    report.stored = True
    return report


def _renames(parsed: list[RosterRow], lookups: Lookups, report: RosterReport) -> None:
    """The known people whose name a good row changes: old and new name, so a mistake shows before it lands."""
    for row in parsed:
        current = lookups.employees.get(row.text("employee_no"))
        new = row.values.get("name")
        if not row.errors and current is not None and new and new != current.name:
            report.renamed_count += 1
            if len(report.renamed) < MAX_SHOWN_ERRORS:
                report.renamed.append({"line": row.line, "employee_no": current.employee_no, "old": current.name,
                                       "new": new})


def import_roster_file(binary, name: str, *, skip_bad_rows: bool = False, progress=None) -> RosterReport:
    """Read and import one file (no lock: see _guarded_import)."""
    headers, rows = read_table(binary, name, max_rows=settings.ROSTER_MAX_ROWS)
    return import_roster(headers, rows, skip_bad_rows=skip_bad_rows, progress=progress)


def _guarded_import(binary, name: str, *, user, skip_bad_rows: bool, progress) -> RosterReport:
    """One roster import at a time (import_guard: a second one gets ImportBusy, answered 409); the run is
    recorded and closed whatever happens; the full list of errors is written for download."""
    with import_guard.guarded("roster", user=user, file_name=name) as run:
        return import_guard.import_file(run, user, lambda: import_roster_file(
            binary, name, skip_bad_rows=skip_bad_rows, progress=progress))


def import_roster_path(path, *, skip_bad_rows: bool = False, progress=None, user=None) -> RosterReport:
    """The CLI entry (common.importing): `agentpath import roster FILE [--skip-bad-rows]`."""
    path = Path(path)
    check_upload(path.name, path.stat().st_size)
    with path.open("rb") as binary:
        return _guarded_import(binary, path.name, user=user, skip_bad_rows=skip_bad_rows, progress=progress)


def import_roster_upload(upload, *, user=None, skip_bad_rows: bool = False, progress=None) -> RosterReport:
    """For the page and the API: an uploaded file, refused by type or size before it is parsed."""
    check_upload(upload.name, upload.size)
    upload.seek(0)
    return _guarded_import(upload, upload.name, user=user, skip_bad_rows=skip_bad_rows, progress=progress)
