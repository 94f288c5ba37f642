"""agentpath import KIND FILE [--skip-bad-rows]: run a registered file import (common.importing)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from agentpath.common.import_guard import ImportBusy
from agentpath.common.importing import IMPORTERS, importer
from agentpath.common.reports import error_dir
from agentpath.common.spreadsheets import UploadRejected
from agentpath.org.importers import RosterReport


class Command(BaseCommand):
    help = "Import a CSV or XLSX file (roster, kpi …). Nothing is stored from a file with a bad row " \
           "unless --skip-bad-rows."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="what the file holds")
        parser.add_argument("file", type=Path, help="a .csv (UTF-8 or GBK) or .xlsx file")
        parser.add_argument("--skip-bad-rows", action="store_true",
                            help="store the good rows and report the bad ones, instead of rejecting the file")

    def handle(self, *args, kind, file, skip_bad_rows, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s does not exist or is not a file.") % {"file": file}, returncode=1)
        run = importer(kind)
        bar = tqdm(desc=file.name, unit=_("rows"), file=self.stderr._out, leave=True, dynamic_ncols=True)

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
        self.stdout.write(_("rows read: %(read)s, created: %(created)s, updated: %(updated)s, unchanged: "
                            "%(unchanged)s, skipped: %(skipped)s")
                          % {"read": report.rows_read, "created": report.created, "updated": report.updated,
                             "unchanged": report.unchanged, "skipped": report.skipped})
        if isinstance(report, RosterReport):
            self.stdout.write(_("exits recorded: %(exits)s, example rows skipped: %(examples)s")
                              % {"exits": report.exits, "examples": report.example_rows})
        for e in report.errors:
            self.stdout.write(_("line %(line)s, column %(column)s, value '%(value)s': %(reason)s")
                              % {"line": e.line, "column": e.column, "value": e.value, "reason": e.reason})
        if report.errors_truncated:
            self.stdout.write(_("… the first %(shown)s of %(n)s errors are shown.")
                              % {"shown": len(report.errors), "n": report.total_errors})
        if report.error_file:
            self.stdout.write(_("Every error: %(path)s") % {"path": error_dir() / report.error_file})
        if not report.stored:
            raise CommandError(_("The file was rejected: %(n)s error(s); nothing was stored.")
                               % {"n": report.total_errors}, returncode=1)
        if report.errors:
            self.stdout.write(self.style.WARNING(_("Stored the good rows; %(n)s bad row(s) were skipped.")
                                                 % {"n": report.skipped}))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
