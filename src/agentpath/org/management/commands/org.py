"""agentpath org import FILE [--skip-bad-rows] | agentpath org template OUT.xlsx

Centers and teams from a CSV or XLSX file (org.importers.structure): one row per team with its center, the same
row report as the roster import, all or nothing unless --skip-bad-rows, re-import changes nothing.
`agentpath import org FILE` is the same import.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agentpath.common.cli import run_file_import
from agentpath.org.importers.structure import import_org_path, org_template_bytes


class Command(BaseCommand):
    help = "Centers and teams: import FILE [--skip-bad-rows] | template OUT.xlsx"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import centers and teams from a .xlsx or .csv file")
        imp.add_argument("file", type=Path, help="a .csv (UTF-8 or GBK) or .xlsx file; see `org template`")
        imp.add_argument("--skip-bad-rows", action="store_true",
                         help="store the good rows and report the bad ones, instead of rejecting the file")
        template = sub.add_parser("template", help="write the template (with the centers and teams stored so far)")
        template.add_argument("out", type=Path, help="the .xlsx file to write")

    def handle(self, *args, action, **options):
        if action == "import":
            run_file_import(self, import_org_path, options["file"], skip_bad_rows=options["skip_bad_rows"])
            return
        out = options["out"]
        if out.suffix.lower() != ".xlsx":
            raise CommandError(_("The template is an Excel workbook; name the file …xlsx, e.g. org.xlsx."),
                               returncode=1)
        out.write_bytes(org_template_bytes())
        self.stdout.write(_("Wrote the template to %(path)s.") % {"path": out})
