"""What every import command prints: a progress bar, the counts, every bad row (line, column, value, reason),
where the full list is, and the outcome; a rejected file ends the command with exit status 1."""
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from .import_guard import ImportBusy
from .reports import error_dir
from .spreadsheets import UploadRejected


def run_file_import(command, run, file: Path, *, skip_bad_rows: bool):
    """Run `run(path, skip_bad_rows=…, progress=…)` (common.importing) for a management command and print its
    report; CommandError when the file is refused or rejected. Returns the report."""
    if not file.is_file():
        raise CommandError(_("%(file)s does not exist or is not a file.") % {"file": file}, returncode=1)
    bar = tqdm(desc=file.name, unit=_("rows"), file=command.stderr._out, leave=True, dynamic_ncols=True)

    def progress(done, total):
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    try:
        report = run(file, skip_bad_rows=skip_bad_rows, progress=progress)
    except (UploadRejected, ImportBusy) as exc:
        raise CommandError(str(exc), returncode=1) from exc
    finally:
        bar.close()
    out = command.stdout
    out.write(_("rows read: %(read)s, created: %(created)s, updated: %(updated)s, unchanged: "
                "%(unchanged)s, skipped: %(skipped)s")
              % {"read": report.rows_read, "created": report.created, "updated": report.updated,
                 "unchanged": report.unchanged, "skipped": report.skipped})
    for e in report.errors:
        out.write(_("line %(line)s, column %(column)s, value '%(value)s': %(reason)s")
                  % {"line": e.line, "column": e.column, "value": e.value, "reason": e.reason})
    if report.errors_truncated:
        out.write(_("… the first %(shown)s of %(n)s errors are shown.")
                  % {"shown": len(report.errors), "n": report.total_errors})
    if report.error_file:
        out.write(_("Every error: %(path)s") % {"path": error_dir() / report.error_file})
    if not report.stored:
        raise CommandError(_("The file was rejected: %(n)s error(s); nothing was stored.")
                           % {"n": report.total_errors}, returncode=1)
    if report.errors:
        out.write(command.style.WARNING(_("Stored the good rows; %(n)s bad row(s) were skipped.")
                                        % {"n": report.skipped}))
    else:
        out.write(command.style.SUCCESS(_("Imported.")))
    return report
