"""agentpath import KIND FILE [--skip-bad-rows]: run a registered file import (common.importing)."""
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agentpath.common.cli import run_file_import
from agentpath.common.importing import IMPORTERS, importer
from agentpath.org.importers import RosterReport


class Command(BaseCommand):
    help = "Import a CSV or XLSX file (roster, kpi, org …). Nothing is stored from a file with a bad row " \
           "unless --skip-bad-rows."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="what the file holds")
        parser.add_argument("file", type=Path, help="a .csv (UTF-8 or GBK) or .xlsx file")
        parser.add_argument("--skip-bad-rows", action="store_true",
                            help="store the good rows and report the bad ones, instead of rejecting the file")

    def handle(self, *args, kind, file, skip_bad_rows, **options):
        report = run_file_import(self, importer(kind), file, skip_bad_rows=skip_bad_rows)
        if isinstance(report, RosterReport):
            self.stdout.write(_("exits recorded: %(exits)s, example rows skipped: %(examples)s")
                              % {"exits": report.exits, "examples": report.example_rows})
